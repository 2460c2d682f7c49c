import Foundation
import Testing
import PreflightMedia
#if canImport(Glibc)
import Glibc
#endif

/// Nothing in a scanned tree is skipped without a word: every file that could not be judged is
/// in the report with the reason.
@Suite struct SilentSkipTests {
    static let clip = Fixtures.video("clip-h264-aac.mp4")

    static func codes(_ result: CommandResult) -> [String: String] {
        var codes: [String: String] = [:]
        for file in result.json?["files"] as? [[String: Any]] ?? [] {
            let name = ((file["path"] as? String ?? "") as NSString).lastPathComponent
            codes[name] = ((file["probe"] as? [String: Any])?["error"] as? [String: Any])?["code"] as? String ?? "none"
        }
        return codes
    }

    @Test func pipesSocketsAndDevicesNamedLikeMedia() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.path + "/tree", withIntermediateDirectories: true)
        #expect(mkfifo(folder.path + "/tree/fifo.mp4", 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/tree/zero.mp4", withDestinationPath: "/dev/zero")
        let socketPath = folder.path + "/tree/socket.mov"
        let unixSocket = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(unixSocket) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in socketPath.utf8.enumerated() where index < raw.count - 1 { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(unixSocket, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)
        let result = try CommandRunner.run(["check", "--no-cache", "--format", "json", folder.path + "/tree"])
        #expect(result.status == 1)
        // /dev/zero is outside the tree, so the link is reported for that; named, it is not-a-file.
        #expect(Self.codes(result) == ["fifo.mp4": "not-a-file", "socket.mov": "not-a-file", "zero.mp4": "outside-root"], "\(result.stdout)")
        let named = try CommandRunner.run(["check", "--no-cache", "--format", "json", folder.path + "/tree/zero.mp4", folder.path + "/tree/fifo.mp4"])
        #expect(Self.codes(named) == ["zero.mp4": "not-a-file", "fifo.mp4": "not-a-file"])
    }

    @Test func linksLeavingTheTreeAreReportedNotFollowed() throws {
        let folder = try TemporaryFolder()
        let clip = try Data(contentsOf: URL(fileURLWithPath: Self.clip))
        try folder.write("outside/private.mp4", clip)
        try folder.write("tree/inside.mp4", clip)
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/tree/linked.mp4", withDestinationPath: folder.path + "/outside/private.mp4")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/tree/elsewhere", withDestinationPath: folder.path + "/outside")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/tree/alias.mp4", withDestinationPath: "inside.mp4")
        let result = try CommandRunner.run(["check", "--no-cache", "--format", "json", folder.path + "/tree"])
        #expect(result.status == 1)
        #expect(Self.codes(result) == ["alias.mp4": "none", "elsewhere": "outside-root", "inside.mp4": "none", "linked.mp4": "outside-root"],
                "\(result.stdout)")
        #expect(!result.stdout.contains("private.mp4\""), "the file outside the tree was read")
        // Named on the command line, the link is followed.
        let named = try CommandRunner.run(["check", "--no-cache", folder.path + "/tree/linked.mp4"])
        #expect(named.status == 0)
    }

    @Test func pathsPastPATHMAXAndFoldersThatCannotBeEntered() throws {
        let folder = try TemporaryFolder()
        defer { _ = try? CommandRunner.runTool(["rm", "-rf", folder.path + "/deep"]) }
        // 24 folders of 200 characters: the file at the bottom is 4,800+ bytes down.
        var descriptor = open(folder.path, O_RDONLY | O_DIRECTORY)
        let segment = String(repeating: "d", count: 200)
        #expect(mkdirat(descriptor, "deep", 0o755) == 0)
        var next = openat(descriptor, "deep", O_RDONLY | O_DIRECTORY)
        close(descriptor)
        descriptor = next
        for _ in 0..<24 {
            #expect(mkdirat(descriptor, segment, 0o755) == 0)
            next = openat(descriptor, segment, O_RDONLY | O_DIRECTORY)
            close(descriptor)
            descriptor = next
        }
        let file = openat(descriptor, "clip.mp4", O_WRONLY | O_CREAT, 0o644)
        let clip = try Data(contentsOf: URL(fileURLWithPath: Self.clip))
        _ = clip.withUnsafeBytes { write(file, $0.baseAddress, $0.count) }
        close(file)
        close(descriptor)
        let deep = try CommandRunner.run(["check", "--no-cache", "--format", "json", folder.path + "/deep"])
        #expect(deep.status == 1)
        let messages = (deep.json?["files"] as? [[String: Any]] ?? []).compactMap {
            (($0["probe"] as? [String: Any])?["error"] as? [String: Any])?["message"] as? String }
        #expect(messages.count == 1 && messages[0].contains("PATH_MAX"), "\(messages)")

        // Readable but not searchable, checked as an unprivileged user.
        try folder.write("media/sealed/inside.mp4", clip)
        chmod(folder.path + "/media/sealed", 0o644)
        defer { chmod(folder.path + "/media/sealed", 0o755) }
        chmod(folder.path, 0o755)
        let prefix = getuid() == 0 ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : []
        let sealed = try CommandRunner.run(["check", "--no-cache", "--format", "json", folder.path + "/media"], prefix: prefix)
        #expect(sealed.status == 1)
        #expect(sealed.stdout.contains("not entered"), "\(sealed.stdout) \(sealed.stderr)")
    }

    @Test func emptyRunsCanFailAndDisabledRulesAreNamed() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.path + "/empty", withIntermediateDirectories: true)
        #expect(try CommandRunner.run(["check", "--no-cache", folder.path + "/empty"]).status == 0)
        let strict = try CommandRunner.run(["check", "--no-cache", "--fail-if-empty", folder.path + "/empty"])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("no media files"))

        try folder.write(".preflight.yml", Data("rules:\n  video.duration:\n    enabled: false\n".utf8))
        let tooLong = Fixtures.video("too-long-12s.mp4")
        let text = try CommandRunner.run(["check", "--no-cache", "--role", "edit/source-video", tooLong], workingDirectory: folder.path)
        #expect(text.status == 0)
        #expect(text.stdout.contains("disabled by configuration, not checked: video.duration"), "\(text.stdout)")
        let json = try CommandRunner.run(["check", "--no-cache", "--format", "json", tooLong], workingDirectory: folder.path)
        let disabled = json.json?["disabledRules"] as? [[String: Any]] ?? []
        #expect(disabled.map { $0["id"] as? String } == ["video.duration"])
        #expect((disabled.first?["roles"] as? [String])?.contains("edit/source-video") == true)
        let sarif = try CommandRunner.run(["check", "--no-cache", "--format", "sarif", tooLong], workingDirectory: folder.path)
        let run = ((sarif.json?["runs"] as? [[String: Any]])?.first) ?? [:]
        let properties = run["properties"] as? [String: Any] ?? [:]
        #expect((properties["disabledRules"] as? [[String: Any]])?.first?["id"] as? String == "video.duration")
        let rules = ((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]] ?? []
        let duration = rules.first { $0["id"] as? String == "video.duration" }
        #expect((duration?["defaultConfiguration"] as? [String: Any])?["enabled"] as? Bool == false)
    }

    @Test func namesThatAreNotUTF8AreOpenedByTheirBytes() throws {
        let folder = try TemporaryFolder()
        let clip = try Data(contentsOf: URL(fileURLWithPath: Self.clip))
        try FileManager.default.createDirectory(atPath: folder.path + "/latin1", withIntermediateDirectories: true)
        let raw = Array((folder.path + "/latin1/clip-").utf8) + [0xE9] + Array(".mp4".utf8) + [0]
        let descriptor = raw.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT, 0o644) } }
        #expect(descriptor >= 0)
        _ = clip.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        let result = try CommandRunner.run(["check", "--no-cache", "--format", "json", folder.path + "/latin1"])
        #expect(result.status == 0, "\(result.stdout)")
        let paths = (result.json?["files"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        #expect(paths == [folder.path + "/latin1/clip-\\xE9.mp4"])
        // The same name given on the command line, as raw bytes (the shell's printf makes byte 0xE9).
        let named = try CommandRunner.run(["probe", "--format", "json"],
                                          prefix: ["/bin/sh", "-c", "exec \"$@\" \"$(printf '%s/latin1/clip-\\351.mp4' \"$0\")\"", folder.path])
        #expect(named.status == 0, "\(named.stdout) \(named.stderr)")
        #expect(named.stdout.contains("clip-\\\\xE9.mp4"), "\(named.stdout)")
    }
}
