/// Picture size from the first bytes of common image formats, read before anything is decoded so
/// that a decompression bomb is refused without allocating its pixels. nil when unknown; the
/// decoder's own pixel limit (`max_pixels`) still guards formats not listed here.
enum ImageDimensions {
    static func fromHead(_ head: [UInt8]) -> (width: Int, height: Int)? {
        head.withUnsafeBytes { raw in
            let reader = ByteReader(raw)
            // PNG: signature, then the IHDR chunk: width and height, big-endian, at 16 and 20.
            if reader.matches(0, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), reader.matches(12, Array("IHDR".utf8)),
               let width = reader.u32(16), let height = reader.u32(20) {
                return (width, height)
            }
            // WebP: RIFF....WEBP then a VP8 / VP8L / VP8X chunk.
            if reader.matches(0, Array("RIFF".utf8)), reader.matches(8, Array("WEBP".utf8)) {
                let little = ByteReader(raw, bigEndian: false)
                if reader.matches(12, Array("VP8X".utf8)), let w = little.u32(24), let h = little.u32(27) {
                    return ((w & 0xFFFFFF) + 1, (h & 0xFFFFFF) + 1)
                }
                if reader.matches(12, Array("VP8L".utf8)), let bits = little.u32(21) {
                    return ((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
                }
                if reader.matches(12, Array("VP8 ".utf8)), let w = little.u16(26), let h = little.u16(28) {
                    return (w & 0x3FFF, h & 0x3FFF)
                }
            }
            // GIF: logical screen size, little-endian.
            if reader.matches(0, Array("GIF8".utf8)) {
                let little = ByteReader(raw, bigEndian: false)
                if let w = little.u16(6), let h = little.u16(8) { return (w, h) }
            }
            // BMP with a BITMAPINFOHEADER or later: signed 32-bit width and height (height < 0: top-down).
            if reader.matches(0, Array("BM".utf8)) {
                let little = ByteReader(raw, bigEndian: false)
                if let headerSize = little.u32(14), headerSize >= 40, let w = little.u32(18), let h = little.u32(22) {
                    return (abs(Int(Int32(truncatingIfNeeded: w))), abs(Int(Int32(truncatingIfNeeded: h))))
                }
            }
            return nil
        }
    }
}
