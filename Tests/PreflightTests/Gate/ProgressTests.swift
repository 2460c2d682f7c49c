import Foundation
import Testing

/// The progress line appears on a terminal for runs over a second, and never otherwise.
@Suite struct ProgressTests {
    static func folderOfClips(_ count: Int) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        let clip = try folder.write("clip.mkv", try Data(contentsOf: URL(fileURLWithPath: Fixtures.video("clip-matroska.mkv"))))
        try FileManager.default.createDirectory(atPath: folder.path + "/clips", withIntermediateDirectories: true)
        for index in 0..<count { link(clip, folder.path + "/clips/\(index).mkv") }
        return folder
    }

    /// Runs preflight under `script`, which gives it a pseudo-terminal, capturing what it drew.
    static func onATerminal(_ arguments: [String]) throws -> String {
        let folder = try TemporaryFolder()
        let typescript = folder.path + "/typescript"
        let command = ([CommandRunner.executable] + arguments).map { "'\($0)'" }.joined(separator: " ")
        _ = try CommandRunner.runTool(["script", "-qec", command + " >/dev/null", typescript])
        return (try? String(contentsOfFile: typescript, encoding: .utf8)) ?? ""
    }

    @Test func aLongRunOnATerminalShowsCountsAndTheCurrentFile() throws {
        let folder = try Self.folderOfClips(1500)
        let drawn = try Self.onATerminal(["check", "--no-cache", "--jobs", "1", folder.path + "/clips"])
        #expect(drawn.contains("/1500 "), "counts out of the total")
        #expect(drawn.contains(".mkv"), "the current file")
        #expect(drawn.contains("\u{1B}[K"), "the line is redrawn in place and erased at the end")
        let quiet = try Self.onATerminal(["check", "--no-cache", "--jobs", "1", "--quiet", folder.path + "/clips"])
        #expect(!quiet.contains("/1500 "))
    }

    @Test func nothingIsDrawnWhenStandardErrorIsNotATerminal() throws {
        let folder = try Self.folderOfClips(1500)
        let result = try CommandRunner.run(["check", "--no-cache", "--jobs", "1", folder.path + "/clips"])
        #expect(!result.stderr.contains("/1500"))
        #expect(result.stderr.isEmpty)
    }
}
