import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Inputs that used to kill the process (losing a folder's whole report): each now ends with a
/// one-line diagnostic and the documented exit status, and leaves no temporary file behind.
@Suite struct CrashTests {
    static let clip = Fixtures.video("too-long-12s.mp4")

    /// Runs preflight with its standard output redirected by the shell (`>/dev/full`, `>&-`).
    static func runRedirected(_ redirection: String, _ arguments: [String], in folder: String? = nil) throws -> CommandResult {
        try CommandRunner.run(arguments, prefix: ["/bin/sh", "-c", "exec \"$@\" \(redirection)", "sh"], workingDirectory: folder)
    }

    @Test func aPNGClaimingFourBillionSquaredPixels() throws {
        let folder = try TemporaryFolder()
        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])
        png += Data("IHDR".utf8) + Data([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 8, 2, 0, 0, 0]) + Data([0, 0, 0, 0])
        png += Data([0, 0, 0, 0]) + Data("IEND".utf8) + Data([0xAE, 0x42, 0x60, 0x82])
        let path = try folder.write("huge.png", png)
        let result = try CommandRunner.run(["check", "--no-cache", "--format", "json", path])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.contains("image-too-large"))
    }

    @Test func aLimitPastSixtyFourBits() throws {
        let folder = try TemporaryFolder()
        try folder.write(".preflight.yml", Data("profile: kling-o1\nrules:\n  video.duration:\n    max: 9223372036854775807.5\n".utf8))
        let result = try CommandRunner.run(["check", "--no-cache", Self.clip], workingDirectory: folder.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains(".preflight.yml:4:") && result.stderr.contains("must be a number"), "\(result.stderr)")
    }

    /// "[[[…", "- - - …", and block mappings indented one more space a line with Windows line
    /// ends (the depth check split lines on Swift Characters, where "\r\n" is one Character and
    /// not "\n": a CRLF file was one line to it, however deep).
    @Test(arguments: ["[" , "- ", "crlf"])
    func yamlNestedFiveThousandDeep(opener: String) throws {
        let folder = try TemporaryFolder()
        let deep = opener == "[" ? String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
            : opener == "- " ? "\n" + String(repeating: "- ", count: 5000) + "x"
            : "\r\n" + (1...300).map { String(repeating: " ", count: $0) + "a:" }.joined(separator: "\r\n") + " x"
        try folder.write(".preflight.yml", Data("include: \(deep)\n".utf8))
        let config = try CommandRunner.run(["check", "--no-cache", Self.clip], workingDirectory: folder.path)
        #expect(config.status == 2)
        #expect(config.stderr.contains("nested") && config.stderr.contains(".preflight.yml"), "\(config.stderr)")
        let manifest = try folder.write("job.yml", Data("mode: video\ninputs: \(deep)\n".utf8))
        let job = try CommandRunner.run(["job", manifest], workingDirectory: folder.path)
        #expect(job.status == 2)
        #expect(job.stderr.contains("nested") && job.stderr.contains("job.yml"), "\(job.stderr)")
    }

    @Test func aFullDiskOrAClosedStandardOutput() throws {
        for arguments in [["check", "--no-cache", Self.clip], ["probe", Self.clip], ["profiles"], ["rules"]] {
            let full = try Self.runRedirected(">/dev/full", arguments)
            #expect(full.status == 2, "\(arguments)")
            #expect(full.stderr.contains("No space left on device"), "\(arguments): \(full.stderr)")
            #expect(full.stderr.split(separator: "\n").count == 1)
            let closed = try Self.runRedirected(">&-", arguments)
            #expect(closed.status == 2, "\(arguments)")
            #expect(closed.stderr.contains("cannot write"), "\(arguments): \(closed.stderr)")
        }
    }

    @Test func aReportFileOnAFullFileSystemLeavesNothing() throws {
        let folder = try TemporaryFolder()
        let mountPoint = folder.path + "/tiny"
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        // 40 copies of a clip produce a report far larger than a 4 KiB file system. A private mount
        // namespace keeps the mount from outliving the command.
        let paths = (0..<40).map { _ in Self.clip }
        let script = "mount -t tmpfs -o size=4k tmpfs \"$0\" && \"$@\"; status=$?; ls -A \"$0\" >&2; exit $status"
        let result = try CommandRunner.run(["check", "--no-cache", "--format", "json", "--output", mountPoint + "/report.json"] + paths,
                                           prefix: ["unshare", "-m", "/bin/sh", "-c", script, mountPoint])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("cannot write the report to \(mountPoint)/report.json: No space left on device"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "the folder was not left empty: \(result.stderr)")
    }

    @Test func interruptedRunsRemoveTheirTemporaryReport() throws {
        let folder = try TemporaryFolder()
        let image = Fixtures.image("shallow-depth-of-field.jpg")
        for index in 0..<400 { link(image, folder.path + "/copy-\(index).jpg") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandRunner.executable)
        process.arguments = ["check", "--no-cache", "--jobs", "1", "--quiet", "--output", folder.path + "/out/report.json", folder.path]
        try FileManager.default.createDirectory(atPath: folder.path + "/out", withIntermediateDirectories: true)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        var sawTemporary = false
        for _ in 0..<200 where !sawTemporary {
            sawTemporary = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path + "/out")) ?? []).contains { $0.hasSuffix(".tmp") }
            usleep(10_000)
        }
        #expect(sawTemporary, "the report's temporary file never appeared")
        usleep(100_000)
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGTERM,
                "the run finished before the signal: make it longer")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path + "/out") == [])
    }
}
