import Foundation
import Testing
@testable import Preflight
@testable import PreflightMedia

/// A 30000×30000 PNG of zeros — 900 MB decoded, under 1 MB on disk — is refused from its header.
@Suite struct DecompressionBombTests {
    @Test func bombIsRefusedBeforeDecoding() throws {
        let folder = try TemporaryFolder()
        let png = BombPNG.make(width: 30000, height: 30000)
        #expect(png.count < 1_000_000)
        let path = try folder.write("bomb.png", png)

        let record = Inspector().inspect(path)
        #expect(record.failure?.code == .imageTooLarge)
        #expect(record.image?.width == 30000)
        #expect(record.image?.laplacianVariance == nil, "never decoded")

        let result = try CommandRunner.runMeasuringMemory(["probe", "--format", "json", path])
        #expect(result.status == 1)
        #expect(result.maxResidentKiB < 256 * 1024, "peak memory \(result.maxResidentKiB) KiB")
    }

    @Test func budgetIsConfigurable() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("ok.png", BombPNG.make(width: 3000, height: 3000))
        #expect(Inspector(options: ProbeOptions(pixelBudget: 1_000_000)).inspect(path).failure?.code == .imageTooLarge)
        let decoded = Inspector().inspect(path)
        #expect(decoded.failure == nil)
        #expect(decoded.image?.laplacianVariance == 0)
    }
}

/// Builds a valid all-black 8-bit gray PNG with a hand-made DEFLATE stream: one dynamic-Huffman
/// block of 258-byte back-references at 2 bits each (about 1:1000, DEFLATE's limit).
enum BombPNG {
    static func make(width: Int, height: Int) -> Data {
        let raw = (width + 1) * height  // each row: filter byte 0 + zero samples
        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var header = Data()
        header.appendBigEndian(UInt32(width)); header.appendBigEndian(UInt32(height))
        header.append(contentsOf: [8, 0, 0, 0, 0])  // 8-bit gray, deflate, adaptive filters, no interlace
        png.appendChunk("IHDR", header)
        png.appendChunk("IDAT", zlibOfZeros(count: raw))
        png.appendChunk("IEND", Data())
        return png
    }

    /// zlib stream of `count` zero bytes.
    static func zlibOfZeros(count: Int) -> Data {
        var bits = BitWriter()
        bits.write(1, 1); bits.write(2, 2)  // BFINAL, BTYPE = dynamic
        // Literal/length code: 0 → "10", 256 → "11", 285 (length 258) → "0". Distance: code 0 (distance 1) → 1 bit.
        bits.write(286 - 257, 5); bits.write(1 - 1, 5); bits.write(19 - 4, 4)  // HLIT, HDIST, HCLEN
        // Code-length code lengths, in the RFC 1951 order 16,17,18,0,8,7,9,6,10,5,11,4,12,3,13,2,14,1,15:
        // we use symbols 1, 2 (lengths) and 18 (runs of zeros) and 0 — each 2 bits long.
        let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
        let codeLengthLengths: [Int: Int] = [0: 2, 1: 2, 2: 2, 18: 2]
        for symbol in order { bits.write(codeLengthLengths[symbol] ?? 0, 3) }
        // Canonical codes for the code-length alphabet (all length 2, by symbol): 0→00, 1→01, 2→10, 18→11.
        func emit(_ symbol: Int) { bits.writeCode([0: 0b00, 1: 0b01, 2: 0b10, 18: 0b11][symbol]!, length: 2) }
        func zeros(_ run: Int) {  // symbol 18: 11–138 zeros, 7 extra bits
            var left = run
            while left > 0 {
                if left < 11 { for _ in 0..<left { emit(0) }; return }
                let take = min(left, 138); emit(18); bits.write(take - 11, 7); left -= take
            }
        }
        emit(2)              // literal 0: length 2
        zeros(255)           // 1…255
        emit(2)              // 256 (end of block): length 2
        zeros(28)            // 257…284
        emit(1)              // 285: length 1
        emit(1)              // distance code 0: length 1
        // Canonical literal/length codes: 285 (len 1) → 0; 0 (len 2) → 10; 256 (len 2) → 11.
        bits.writeCode(0b10, length: 2)  // the first zero as a literal
        var left = count - 1
        while left >= 258 { bits.writeCode(0, length: 1); bits.writeCode(0, length: 1); left -= 258 }
        for _ in 0..<left { bits.writeCode(0b10, length: 2) }
        bits.writeCode(0b11, length: 2)  // end of block
        var stream = Data([0x78, 0x01])
        stream.append(bits.finish())
        // Adler-32 of zeros: a = 1, b = count mod 65521.
        stream.appendBigEndian(UInt32(count % 65521) << 16 | 1)
        return stream
    }
}

private struct BitWriter {
    var bytes: [UInt8] = []
    var current: UInt32 = 0
    var filled = 0

    /// A value, least-significant bit first (DEFLATE's header fields and extra bits).
    mutating func write(_ value: Int, _ count: Int) {
        for index in 0..<count { push((value >> index) & 1) }
    }

    /// A Huffman code, most-significant bit first.
    mutating func writeCode(_ code: Int, length: Int) {
        for index in stride(from: length - 1, through: 0, by: -1) { push((code >> index) & 1) }
    }

    private mutating func push(_ bit: Int) {
        current |= UInt32(bit) << filled
        filled += 1
        if filled == 8 { bytes.append(UInt8(current)); current = 0; filled = 0 }
    }

    mutating func finish() -> Data {
        if filled > 0 { bytes.append(UInt8(current)) }
        return Data(bytes)
    }
}

private extension Data {
    mutating func appendBigEndian(_ value: UInt32) {
        append(contentsOf: [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)])
    }

    mutating func appendChunk(_ type: String, _ body: Data) {
        appendBigEndian(UInt32(body.count))
        let typed = Data(type.utf8) + body
        append(typed)
        appendBigEndian(CRC32.checksum(typed))
    }
}

private enum CRC32 {
    static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB88320 ^ (value >> 1) : value >> 1 }
        return value
    }

    static func checksum(_ data: Data) -> UInt32 {
        ~data.reduce(UInt32.max) { table[Int(($0 ^ UInt32($1)) & 0xFF)] ^ ($0 >> 8) }
    }
}
