import CFFmpeg

/// Whether a decoded picture is nothing but zeros: what FFmpeg 5.1's TIFF decoder returns for
/// JPEG-compressed strips instead of an error. (A black photo in YUV is not all zeros — its chroma
/// is 128 — so this answers "did the decoder write anything", not "is it dark".)
enum BlankPicture {
    static func isAllZero(_ frame: UnsafeMutablePointer<AVFrame>) -> Bool {
        let format = AVPixelFormat(rawValue: frame.pointee.format)
        guard let descriptor = av_pix_fmt_desc_get(format), frame.pointee.width > 0, frame.pointee.height > 0 else { return false }
        let planes = Int(av_pix_fmt_count_planes(format))
        let data = [frame.pointee.data.0, frame.pointee.data.1, frame.pointee.data.2, frame.pointee.data.3]
        let strides = [frame.pointee.linesize.0, frame.pointee.linesize.1, frame.pointee.linesize.2, frame.pointee.linesize.3]
        for plane in 0..<min(planes, 4) {
            guard let base = data[plane] else { continue }
            let rowBytes = Int(av_image_get_linesize(format, frame.pointee.width, Int32(plane)))
            let chroma = plane == 1 || plane == 2
            let shift = chroma ? Int32(descriptor.pointee.log2_chroma_h) : 0
            let rows = Int((frame.pointee.height + (1 << shift) - 1) >> shift)
            guard rowBytes > 0 else { continue }
            for row in 0..<rows {
                let line = UnsafeRawBufferPointer(start: base + row * Int(strides[plane]), count: rowBytes)
                if line.contains(where: { $0 != 0 }) { return false }
            }
        }
        return true
    }
}
