import CFFmpeg

/// Turns a decoded frame into the 8-bit luma plane OpenCV's `imread(…, IMREAD_GRAYSCALE)` users
/// expect: the Y plane as it is for luma-coded pictures (no copy), OpenCV's BT.601 integer
/// conversion for RGB, samples deeper than 8 bits shifted down to 8 first, alpha ignored.
enum LumaExtraction {
    /// OpenCV's cvtColor(BGR2GRAY) for 8-bit pictures, BT.601 in 15-bit fixed point:
    /// Y = (9798 R + 19235 G + 3735 B + 16384) >> 15. (The 14-bit form, 4899/9617/1868 >> 14, found in
    /// older documentation differs from OpenCV 4.x and 5.x on about 0.3 % of pixels; measured against
    /// cv2.cvtColor on random pictures, this form matches it on every pixel.)
    @inline(__always)
    static func bt601Luma(_ red: Int, _ green: Int, _ blue: Int) -> UInt8 {
        UInt8(truncatingIfNeeded: (9798 &* red &+ 19235 &* green &+ 3735 &* blue &+ 16384) >> 15)
    }

    static func withLuma<T>(of frame: UnsafeMutablePointer<AVFrame>, _ body: (LumaPlane) -> T) -> T? {
        let width = Int(frame.pointee.width), height = Int(frame.pointee.height)
        guard width > 0, height > 0,
              let descriptor = av_pix_fmt_desc_get(AVPixelFormat(rawValue: frame.pointee.format)) else { return nil }
        let flags = descriptor.pointee.flags
        let isRGB = flags & UInt64(AV_PIX_FMT_FLAG_RGB) != 0
        let isPalette = flags & UInt64(AV_PIX_FMT_FLAG_PAL) != 0
        let first = descriptor.pointee.comp.0
        let stride = Int(frame.pointee.linesize.0)

        // Luma-coded, 8-bit, Y samples contiguous: borrow the decoder's plane.
        if !isRGB, !isPalette, first.plane == 0, first.step == 1, first.depth == 8, first.shift == 0,
           first.offset == 0, stride >= width, let base = frame.pointee.data.0 {
            let buffer = UnsafeBufferPointer(start: UnsafePointer(base), count: stride * (height - 1) + width)
            return body(LumaPlane(width: width, height: height, stride: stride, pixels: buffer))
        }

        var gray = [UInt8](repeating: 0, count: width * height)
        let filled: Bool
        if isPalette {
            filled = fillFromPalette(frame, width: width, height: height, into: &gray)
        } else if isRGB, let packed = packedRGB8(descriptor), stride >= width * packed.step, frame.pointee.data.0 != nil {
            fillFromPackedRGB(frame, layout: packed, width: width, height: height, into: &gray)
            filled = true
        } else {
            filled = fillGeneric(frame, descriptor: descriptor, isRGB: isRGB, width: width, height: height, into: &gray)
        }
        guard filled else { return nil }
        return gray.withUnsafeBufferPointer { buffer in
            body(LumaPlane(width: width, height: height, stride: width, pixels: buffer))
        }
    }

    /// RGB24, BGR24, RGBA, BGRA, ARGB, ABGR, RGB0…: three 8-bit components interleaved in plane 0.
    private static func packedRGB8(_ descriptor: UnsafePointer<AVPixFmtDescriptor>)
        -> (step: Int, red: Int, green: Int, blue: Int)? {
        let d = descriptor.pointee
        guard d.nb_components >= 3 else { return nil }
        let components = [d.comp.0, d.comp.1, d.comp.2]
        guard components.allSatisfy({ $0.plane == 0 && $0.depth == 8 && $0.shift == 0 && $0.step == d.comp.0.step }),
              d.comp.0.step >= 3 else { return nil }
        return (Int(d.comp.0.step), Int(d.comp.0.offset), Int(d.comp.1.offset), Int(d.comp.2.offset))
    }

    private static func fillFromPackedRGB(_ frame: UnsafeMutablePointer<AVFrame>,
                                          layout: (step: Int, red: Int, green: Int, blue: Int),
                                          width: Int, height: Int, into gray: inout [UInt8]) {
        let base = UnsafePointer(frame.pointee.data.0!)
        let stride = Int(frame.pointee.linesize.0)
        gray.withUnsafeMutableBufferPointer { out in
            for row in 0..<height {
                let line = base + row * stride
                let target = row * width
                for column in 0..<width {
                    let pixel = line + column * layout.step
                    out[target + column] = bt601Luma(Int(pixel[layout.red]), Int(pixel[layout.green]), Int(pixel[layout.blue]))
                }
            }
        }
    }

    /// PAL8: plane 0 holds indices, plane 1 a palette of 256 native-endian 0xAARRGGBB entries.
    private static func fillFromPalette(_ frame: UnsafeMutablePointer<AVFrame>, width: Int, height: Int,
                                        into gray: inout [UInt8]) -> Bool {
        guard let indices = frame.pointee.data.0, let paletteBytes = frame.pointee.data.1 else { return false }
        let stride = Int(frame.pointee.linesize.0)
        var table = [UInt8](repeating: 0, count: 256)
        paletteBytes.withMemoryRebound(to: UInt32.self, capacity: 256) { palette in
            for index in 0..<256 {
                let argb = Int(palette[index])
                table[index] = bt601Luma((argb >> 16) & 0xFF, (argb >> 8) & 0xFF, argb & 0xFF)
            }
        }
        for row in 0..<height {
            for column in 0..<width {
                gray[row * width + column] = table[Int(indices[row * stride + column])]
            }
        }
        return true
    }

    /// 16-bit samples keep their high byte (as OpenCV's 16→8-bit conversion by >> 8 does); samples
    /// of fewer bits are stretched to the full range, as libpng and libtiff expand them for OpenCV
    /// (a 1-bit white is 255, not 128).
    @inline(__always)
    private static func to8Bits(_ value: UInt16, _ depth: Int) -> Int {
        depth >= 8 ? Int(value) >> (depth - 8) : Int(value) * 255 / ((1 << depth) - 1)
    }

    /// Any other layout (16-bit, planar RGB, gray+alpha, negative strides…), through FFmpeg's own
    /// component reader, one row at a time.
    private static func fillGeneric(_ frame: UnsafeMutablePointer<AVFrame>, descriptor: UnsafePointer<AVPixFmtDescriptor>,
                                    isRGB: Bool, width: Int, height: Int, into gray: inout [UInt8]) -> Bool {
        let d = descriptor.pointee
        let components = isRGB ? 3 : 1
        guard Int(d.nb_components) >= components else { return false }
        let depths = [Int(d.comp.0.depth), Int(d.comp.1.depth), Int(d.comp.2.depth)]
        var planes: [UnsafePointer<UInt8>?] = withUnsafeBytes(of: frame.pointee.data) { raw in
            raw.bindMemory(to: UnsafeMutablePointer<UInt8>?.self).map { pointer in pointer.map { UnsafePointer($0) } }
        }
        var strides: [Int32] = withUnsafeBytes(of: frame.pointee.linesize) { Array($0.bindMemory(to: Int32.self)) }
        var rows = [[UInt16]](repeating: [UInt16](repeating: 0, count: width), count: components)
        // MONOWHITE (PBM, fax TIFF) stores 1 for black: the component reader returns the bit as stored.
        let whiteIsZero = frame.pointee.format == AV_PIX_FMT_MONOWHITE.rawValue
        for row in 0..<height {
            for component in 0..<components {
                rows[component].withUnsafeMutableBufferPointer { line in
                    planes.withUnsafeMutableBufferPointer { planePointers in
                        strides.withUnsafeMutableBufferPointer { strideValues in
                            av_read_image_line2(line.baseAddress, planePointers.baseAddress, strideValues.baseAddress,
                                                descriptor, 0, Int32(row), Int32(component), Int32(width), 0, 2)
                        }
                    }
                }
            }
            let target = row * width
            for column in 0..<width {
                if isRGB {
                    gray[target + column] = bt601Luma(to8Bits(rows[0][column], depths[0]),
                                                      to8Bits(rows[1][column], depths[1]),
                                                      to8Bits(rows[2][column], depths[2]))
                } else {
                    let value = to8Bits(rows[0][column], depths[0])
                    gray[target + column] = UInt8(truncatingIfNeeded: whiteIsZero ? 255 - value : value)
                }
            }
        }
        return true
    }
}
