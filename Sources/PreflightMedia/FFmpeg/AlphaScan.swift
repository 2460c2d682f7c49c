import CFFmpeg

/// Whether a decoded picture really is transparent somewhere. A format with an alpha channel is
/// not enough: FFmpeg decodes CMYK JPEG, opaque lossless WebP and palette BMP into formats that
/// carry alpha, all of it opaque. Reads the alpha component row by row with av_read_image_line2
/// (any layout: packed, planar, palette) and stops at the first pixel below full opacity.
enum AlphaScan {
    static func hasTransparentPixel(_ frame: UnsafeMutablePointer<AVFrame>) -> Bool {
        let picture = frame.pointee
        guard let descriptor = av_pix_fmt_desc_get(AVPixelFormat(rawValue: picture.format)) else { return false }
        let isPalette = descriptor.pointee.flags & UInt64(AV_PIX_FMT_FLAG_PAL) != 0
        if isPalette {
            guard let palette = picture.data.1 else { return false }
            // Only the entries the picture uses matter; a palette of 256 opaque colours is common.
            return palette.withMemoryRebound(to: UInt32.self, capacity: 256) { entries in
                scanIndices(picture) { entries[Int($0)] >> 24 != 0xFF }
            }
        }
        guard descriptor.pointee.flags & UInt64(AV_PIX_FMT_FLAG_ALPHA) != 0 else { return false }
        let alpha = Int32(descriptor.pointee.nb_components) - 1
        let depth = descriptor.pointee.comp.3.depth
        let opaque = UInt16(truncatingIfNeeded: (1 << depth) - 1)
        let width = Int(picture.width)
        var line = [UInt16](repeating: 0, count: width)
        var data: [UnsafePointer<UInt8>?] = [picture.data.0, picture.data.1, picture.data.2, picture.data.3].map { $0.map { UnsafePointer($0) } }
        var linesize = [picture.linesize.0, picture.linesize.1, picture.linesize.2, picture.linesize.3]
        for row in 0..<picture.height {
            line.withUnsafeMutableBufferPointer { buffer in
                data.withUnsafeMutableBufferPointer { planes in
                    linesize.withUnsafeMutableBufferPointer { strides in
                        av_read_image_line2(buffer.baseAddress, planes.baseAddress, strides.baseAddress, descriptor,
                                            0, row, alpha, Int32(width), 0, 2)
                    }
                }
            }
            if line.contains(where: { $0 < opaque }) { return true }
        }
        return false
    }

    /// Palette pictures: calls `transparent` with each palette index used until it says true.
    private static func scanIndices(_ picture: AVFrame, _ transparent: (UInt8) -> Bool) -> Bool {
        guard let indices = picture.data.0 else { return false }
        var seen = [Bool](repeating: false, count: 256)
        for row in 0..<Int(picture.height) {
            let base = indices + row * Int(picture.linesize.0)
            for column in 0..<Int(picture.width) where !seen[Int(base[column])] {
                seen[Int(base[column])] = true
                if transparent(base[column]) { return true }
            }
        }
        return false
    }
}
