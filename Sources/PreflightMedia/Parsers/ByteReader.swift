/// Bounds-checked big/little-endian reads over a byte buffer: every read returns nil past the end,
/// so the parsers built on it survive any byte sequence.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    var bigEndian = true

    init(_ bytes: UnsafeRawBufferPointer, bigEndian: Bool = true) {
        self.bytes = bytes
        self.bigEndian = bigEndian
    }

    func u8(_ offset: Int) -> Int? {
        guard offset >= 0, offset < bytes.count else { return nil }
        return Int(bytes[offset])
    }

    func u16(_ offset: Int) -> Int? {
        guard let a = u8(offset), let b = u8(offset + 1) else { return nil }
        return bigEndian ? a << 8 | b : b << 8 | a
    }

    func u32(_ offset: Int) -> Int? {
        guard let high = u16(bigEndian ? offset : offset + 2), let low = u16(bigEndian ? offset + 2 : offset) else {
            return nil
        }
        return high << 16 | low
    }

    func matches(_ offset: Int, _ expected: [UInt8]) -> Bool {
        guard offset >= 0, offset + expected.count <= bytes.count else { return false }
        for (index, byte) in expected.enumerated() where bytes[offset + index] != byte { return false }
        return true
    }
}
