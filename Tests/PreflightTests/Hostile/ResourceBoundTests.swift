import Foundation
import Testing
import PreflightMedia

/// Headers that claim far more than the file holds: refused before FFmpeg allocates for them, in
/// bounded memory and time, also two at once.
@Suite struct ResourceBoundTests {
    static func box(_ type: String, _ payload: [UInt8]) -> [UInt8] {
        let size = UInt32(8 + payload.count)
        return [UInt8(size >> 24), UInt8(size >> 16 & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size & 0xFF)] + Array(type.utf8) + payload
    }

    static func be32(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    /// The fixture clip with one field of its video stsz or stts box replaced.
    static func patchedClip(_ box: String, fields: [(offset: Int, value: UInt32)]) throws -> Data {
        var data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.video("clip-h264-aac.mp4")))
        let type = Data(box.utf8)
        let start = try #require(data.range(of: type)).lowerBound
        for field in fields { data.replaceSubrange(start + field.offset..<start + field.offset + 4, with: be32(field.value)) }
        return data
    }

    static func crafted() throws -> [String: Data] {
        // A fragment that declares 80 million samples with no per-sample fields (20 bytes of trun).
        let fragment = box("ftyp", Array("isom".utf8) + be32(0) + Array("isomiso5".utf8))
            + box("moof", box("mfhd", be32(0) + be32(1)) + box("traf", box("tfhd", be32(0) + be32(1)) + box("trun", be32(0) + be32(80_000_000))))
            + box("mdat", [UInt8](repeating: 0, count: 800))
        return [
            "stsz-constant.mp4": try patchedClip("stsz", fields: [(8, 1), (12, 80_000_000)]),      // 80 M samples of 1 byte
            "stsz-table.mp4": try patchedClip("stsz", fields: [(8, 0), (12, 80_000_000)]),         // 80 M sizes in a small box
            "stts-runs.mp4": try patchedClip("stts", fields: [(12, 80_000_000)]),                  // first run: 80 M samples
            "trun.mp4": Data(fragment),
        ]
    }

    @Test func impossibleTablesAreRefusedBeforeParsing() throws {
        let folder = try TemporaryFolder()
        for (name, data) in try Self.crafted() {
            let path = try folder.write(name, data)
            let record = MediaProbe.probe(path: path, options: ProbeOptions(timeoutSeconds: 1))
            #expect(record.failure?.code == .corrupt, "\(name): \(String(describing: record.failure))")
            #expect(record.failure?.message.contains("more than") == true, "\(name)")
        }
        // The untouched clip still reads.
        #expect(MediaProbe.probe(path: Fixtures.video("clip-h264-aac.mp4")).failure == nil)
    }

    @Test func twoAtOnceStayInBoundedMemoryAndTime() throws {
        let folder = try TemporaryFolder()
        for (name, data) in try Self.crafted() { try folder.write(name, data) }
        let started = Date()
        let result = try CommandRunner.runMeasuringMemory(["probe", "--timeout", "1", "--jobs", "2", folder.path])
        let elapsed = Date().timeIntervalSince(started)
        #expect(result.status == 1)
        #expect(result.maxResidentKiB < 256 * 1024, "\(result.maxResidentKiB) KiB")
        #expect(elapsed < 2, "\(elapsed) s")
    }
}
