import Foundation
import Testing

/// Memory stays flat across a long run: what grows is only each file's result.
@Suite struct MemoryBoundTests {
    @Test func tenThousandFilesCostLittleMoreThanOneThousand() throws {
        let folder = try TemporaryFolder()
        let source = try folder.write("source.png", try Data(contentsOf: URL(fileURLWithPath: Fixtures.image("gray8.png"))))
        for index in 0..<10_000 {
            let shard = folder.path + "/many/\(index % 100)"
            if index < 100 { try FileManager.default.createDirectory(atPath: shard, withIntermediateDirectories: true) }
            link(source, "\(shard)/\(index).png")
        }
        try FileManager.default.createDirectory(atPath: folder.path + "/few", withIntermediateDirectories: true)
        for index in 0..<1_000 { link(source, "\(folder.path)/few/\(index).png") }

        let few = try CommandRunner.runMeasuringMemory(["check", "--no-cache", "--quiet", "--format", "text", folder.path + "/few"])
        let many = try CommandRunner.runMeasuringMemory(["check", "--no-cache", "--quiet", "--format", "text", folder.path + "/many"])
        #expect(few.stdout.contains("1000 files checked"))
        #expect(many.stdout.contains("10000 files checked"))
        let perFile = Double(many.maxResidentKiB - few.maxResidentKiB) / 9_000
        // Results are written as they come and not kept; decoded pictures never are. Under a sanitizer
        // (make sanitize) the allocator keeps freed blocks in quarantine, so the bound is looser there.
        let bound = ProcessInfo.processInfo.environment["PREFLIGHT_SANITIZER"] == nil ? 2.0 : 16.0
        #expect(perFile < bound, "memory grew \(perFile) KiB per file (\(few.maxResidentKiB) → \(many.maxResidentKiB) KiB)")
        print("memory: 1,000 files \(few.maxResidentKiB) KiB, 10,000 files \(many.maxResidentKiB) KiB, \(perFile) KiB per extra file")

        // JUnit is streamed like the others (it used to hold every test case until the end).
        let fewJUnit = try CommandRunner.runMeasuringMemory(["check", "--no-cache", "--quiet", "--format", "junit", folder.path + "/few"])
        let manyJUnit = try CommandRunner.runMeasuringMemory(["check", "--no-cache", "--quiet", "--format", "junit", folder.path + "/many"])
        #expect(manyJUnit.stdout.components(separatedBy: "<testcase ").count == 10_001)
        let perFileJUnit = Double(manyJUnit.maxResidentKiB - fewJUnit.maxResidentKiB) / 9_000
        #expect(perFileJUnit < bound, "JUnit memory grew \(perFileJUnit) KiB per file")
    }
}
