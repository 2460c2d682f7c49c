/// The parts of a JPEG's marker segments that preflight needs, read by a small bounded parser:
/// quantisation tables (for the quality estimate), the EXIF orientation and the frame size.
/// It stops at the first scan (SOS); it never reads past the buffer, whatever the bytes.
public struct JPEGHeader: Sendable, Equatable {
    /// Quantisation tables by slot (0–3), 64 entries each, in the order stored (zig-zag).
    public var quantizationTables: [Int: [Int]] = [:]
    /// EXIF orientation (1–8) when an APP1 Exif segment has tag 0x0112.
    public var orientation: Int?
    public var width: Int?
    public var height: Int?
    public var components: Int?
    /// Bits per sample from the frame header (8, or 12 for 12-bit JPEG).
    public var precision: Int?
    /// The frame marker: SOF9–11 and SOF13–15 mean arithmetic coding, which few decoders read.
    public var frameMarker: Int?

    public var isArithmeticCoded: Bool { frameMarker.map { [0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF].contains($0) } ?? false }

    public static func parse(_ data: UnsafeRawBufferPointer) -> JPEGHeader? {
        let reader = ByteReader(data)
        guard reader.u16(0) == 0xFFD8 else { return nil }
        var header = JPEGHeader()
        var offset = 2
        // At most a few hundred segments precede the scan in any real file; the cap bounds the loop.
        for _ in 0..<1024 {
            guard reader.u8(offset) == 0xFF, var marker = reader.u8(offset + 1) else { break }
            // Fill bytes (0xFF repeated) may precede a marker.
            while marker == 0xFF {
                offset += 1
                guard let next = reader.u8(offset + 1) else { return header }
                marker = next
            }
            if marker == 0xD9 || marker == 0xDA { break }            // EOI or start of scan
            if marker == 0x01 || (0xD0...0xD7).contains(marker) { offset += 2; continue }  // no length
            guard let length = reader.u16(offset + 2), length >= 2 else { break }
            let body = offset + 4
            let bodyLength = length - 2
            guard body + bodyLength <= data.count else { break }
            let segment = UnsafeRawBufferPointer(rebasing: data[body..<(body + bodyLength)])
            switch marker {
            case 0xDB: header.readQuantizationTables(segment)
            case 0xE1: if header.orientation == nil { header.orientation = EXIF.orientation(app1: segment) }
            case 0xC0...0xC3, 0xC5...0xC7, 0xC9...0xCB, 0xCD...0xCF:
                header.frameMarker = marker
                header.readFrame(segment)
            default: break
            }
            offset = body + bodyLength
        }
        return header
    }

    private mutating func readQuantizationTables(_ segment: UnsafeRawBufferPointer) {
        let reader = ByteReader(segment)
        var offset = 0
        while let info = reader.u8(offset) {
            let precision16 = info >> 4 != 0
            let slot = info & 0x0F
            let entryBytes = precision16 ? 2 : 1
            guard slot < 4, offset + 1 + 64 * entryBytes <= segment.count else { return }
            var table: [Int] = []
            table.reserveCapacity(64)
            for index in 0..<64 {
                let at = offset + 1 + index * entryBytes
                table.append((precision16 ? reader.u16(at) : reader.u8(at)) ?? 0)
            }
            quantizationTables[slot] = table
            offset += 1 + 64 * entryBytes
        }
    }

    private mutating func readFrame(_ segment: UnsafeRawBufferPointer) {
        let reader = ByteReader(segment)
        precision = reader.u8(0)
        height = reader.u16(1)
        width = reader.u16(3)
        components = reader.u8(5)
    }
}

/// EXIF, as much as preflight needs: the orientation tag of IFD0.
enum EXIF {
    /// From a JPEG APP1 segment ("Exif\0\0" then a TIFF structure).
    static func orientation(app1 segment: UnsafeRawBufferPointer) -> Int? {
        let signature: [UInt8] = [0x45, 0x78, 0x69, 0x66, 0, 0]  // "Exif\0\0"
        guard ByteReader(segment).matches(0, signature) else { return nil }
        return orientation(tiff: UnsafeRawBufferPointer(rebasing: segment[6...]))
    }

    /// From a TIFF structure (PNG eXIf and WebP EXIF chunks hold one; WebP writers sometimes keep
    /// the "Exif\0\0" prefix, which is skipped).
    static func orientation(tiff data: UnsafeRawBufferPointer) -> Int? {
        if ByteReader(data).matches(0, [0x45, 0x78, 0x69, 0x66, 0, 0]) {
            return orientation(tiff: UnsafeRawBufferPointer(rebasing: data[6...]))
        }
        var reader = ByteReader(data)
        switch reader.u16(0) {
        case 0x4949: reader.bigEndian = false   // "II", little-endian
        case 0x4D4D: reader.bigEndian = true    // "MM", big-endian
        default: return nil
        }
        guard reader.u16(2) == 42, let ifd = reader.u32(4), let count = reader.u16(ifd) else { return nil }
        for entry in 0..<min(count, 512) {
            let at = ifd + 2 + entry * 12
            guard let tag = reader.u16(at) else { return nil }
            guard tag == 0x0112 else { continue }
            guard reader.u16(at + 2) == 3, let value = reader.u16(at + 8), (1...8).contains(value) else { return nil }
            return value
        }
        return nil
    }
}
