import Foundation
import Testing

/// Odd names and places: every file is reported under its own name, nothing is silently skipped.
@Suite struct PathTests {
    @Test func spacesNonASCIIAndNewlinesInNames() throws {
        let folder = try TemporaryFolder()
        let clip = try Data(contentsOf: URL(fileURLWithPath: Fixtures.video("clip-h264-aac.mp4")))
        let names = ["with space.mp4", "café ☕ 動画.mp4", "line\nbreak.mp4", "quote'and\"double.mp4"]
        for name in names { try folder.write("odd/\(name)", clip) }
        let result = try CommandRunner.run(["check", "--no-cache", "--format", "json", folder.path + "/odd"])
        #expect(result.status == 0, "\(result.stderr)")
        let paths = (result.json?["files"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        #expect(Set(paths.map { ($0 as NSString).lastPathComponent }) == Set(names))
        for format in ["text", "junit", "sarif", "github"] {
            let report = try CommandRunner.run(["check", "--no-cache", "--format", format, folder.path + "/odd"])
            #expect(report.status == 0, "\(format)")
        }
        // Fixes quote the path for the shell.
        let fix = try CommandRunner.run(["check", "--no-cache", "--format", "json", "--role", "video/reference-image",
                                         folder.path + "/odd/with space.mp4"])
        let fixes = ((fix.json?["files"] as? [[String: Any]])?.first?["findings"] as? [[String: Any]] ?? []).compactMap { $0["fix"] as? String }
        #expect(fixes.contains { $0.contains("'\(folder.path)/odd/with space.mp4'") }, "a path with a space is shell-quoted in fixes")
    }

    @Test func unreadableFilesAndFoldersAreReportedNotSkipped() throws {
        let folder = try TemporaryFolder()
        let clip = try Data(contentsOf: URL(fileURLWithPath: Fixtures.video("clip-h264-aac.mp4")))
        let locked = try folder.write("media/locked.mp4", clip)
        try folder.write("media/sealed/inside.mp4", clip)
        try folder.write("media/open.mp4", clip)
        chmod(locked, 0o000)
        chmod(folder.path + "/media/sealed", 0o000)
        defer { chmod(folder.path + "/media/sealed", 0o755) }
        let prefix = getuid() == 0 ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : []
        let result = try CommandRunner.run(["check", "--no-cache", "--format", "json", folder.path + "/media"], prefix: prefix)
        #expect(result.status == 1)
        let files = (result.json?["files"] as? [[String: Any]]) ?? []
        func code(_ suffix: String) -> String? {
            let file = files.first { ($0["path"] as? String)?.hasSuffix(suffix) == true }
            return ((file?["probe"] as? [String: Any])?["error"] as? [String: Any])?["code"] as? String
        }
        #expect(files.count == 3)
        #expect(code("locked.mp4") == "unreadable")
        #expect(code("sealed") == "unreadable")
        #expect(files.contains { ($0["path"] as? String)?.hasSuffix("open.mp4") == true && $0["status"] as? String == "pass" })
    }

    @Test func aFolderNamedOnTheCommandLineThatIsEmptySaysSo() throws {
        let folder = try TemporaryFolder()
        let result = try CommandRunner.run(["check", "--no-cache", folder.path])
        #expect(result.status == 0)
        #expect(result.stderr.contains("no media files"))
    }
}

/// preflight never writes to the media it checks.
@Suite struct ReadOnlyTests {
    struct Snapshot: Equatable {
        let bytes: Data
        let modified: Int64
        let mode: UInt32
    }

    static func snapshot(_ path: String) throws -> Snapshot {
        var info = stat()
        guard stat(path, &info) == 0 else { throw POSIXError(.ENOENT) }
        return Snapshot(bytes: try Data(contentsOf: URL(fileURLWithPath: path)),
                        modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
                        mode: UInt32(info.st_mode))
    }

    @Test func probeCheckAndJobLeaveContentsAndTimesUnchanged() throws {
        let folder = try TemporaryFolder()
        let names = [("clips/a.mp4", Fixtures.video("clip-h264-aac.mp4")), ("clips/b.mkv", Fixtures.video("clip-matroska.mkv")),
                     ("clips/cut.mp4", Fixtures.video("clip-quicktime.mov")), ("refs/face.jpg", Fixtures.image("sharp-1024.jpg")),
                     ("refs/p.png", Fixtures.image("rgba8.png"))]
        var paths: [String] = []
        for (name, source) in names { paths.append(try folder.write(name, try Data(contentsOf: URL(fileURLWithPath: source)))) }
        // Old, distinctive times, so that any touch would show.
        for path in paths {
            var times = [timespec(tv_sec: 1_000_000_000, tv_nsec: 123_456_789), timespec(tv_sec: 1_000_000_000, tv_nsec: 123_456_789)]
            utimensat(AT_FDCWD, path, &times, 0)
        }
        let before = try paths.map(Self.snapshot)
        let manifest = try folder.write("job.yml", Data("mode: edit\nprompt: Keep everything else unchanged, change the sky\ninputs:\n  source-video: clips/a.mp4\n  reference-image: [refs/face.jpg, refs/p.png]\n".utf8))
        _ = try CommandRunner.run(["probe", "--format", "json", folder.path])
        _ = try CommandRunner.run(["check", "--format", "json", folder.path])
        _ = try CommandRunner.run(["check", "--format", "sarif", "--cache-dir", folder.path + "/.cache", folder.path])
        _ = try CommandRunner.run(["job", manifest])
        #expect(try paths.map(Self.snapshot) == before)
    }

    @Test func aRunKilledHalfwayLeavesACacheTheNextRunCanUse() throws {
        let folder = try TemporaryFolder()
        let clip = try Data(contentsOf: URL(fileURLWithPath: Fixtures.video("clip-matroska.mkv")))
        for index in 0..<300 { try folder.write("clips/\(index).mkv", clip) }
        let cache = folder.path + "/cache"
        // Start a run, kill it with SIGKILL while it writes the cache.
        let executable = CommandRunner.executable
        var pid: pid_t = 0
        let arguments = [executable, "check", "--quiet", "--jobs", "1", "--cache-dir", cache, folder.path + "/clips"]
        let cArguments = arguments.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        defer { posix_spawn_file_actions_destroy(&actions) }
        #expect(posix_spawn(&pid, executable, &actions, nil, cArguments, environ) == 0)
        // Wait until some entries exist, then kill.
        for _ in 0..<200 {
            let entries = (FileManager.default.enumerator(atPath: cache)?.allObjects.count) ?? 0
            if entries > 20 { break }
            usleep(10_000)
        }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)

        let resumed = try CommandRunner.run(["check", "--format", "json", "--cache-dir", cache, folder.path + "/clips"])
        let clean = try CommandRunner.run(["check", "--format", "json", "--no-cache", folder.path + "/clips"])
        #expect(resumed.status == clean.status)
        #expect(resumed.stdout == clean.stdout, "results from a cache written by a killed run equal a clean run")
        #expect((resumed.json?["files"] as? [Any])?.count == 300)
    }
}

/// A file over the time limit gets an error and the run goes on to the next one.
@Suite struct TimeLimitTests {
    @Test func everyFileOverTheLimitIsReportedAndTheRunContinues() throws {
        let result = try CommandRunner.run(["probe", "--format", "json", "--timeout", "0.000001",
                                            Fixtures.video("clip-matroska.mkv"), Fixtures.video("clip-vp9.webm"),
                                            Fixtures.image("sharp-1024.jpg")])
        #expect(result.status == 1)
        let files = try #require(result.json?["files"] as? [[String: Any]])
        #expect(files.count == 3)
        for file in files {
            #expect((file["error"] as? [String: Any])?["code"] as? String == "timeout", "\(file["path"] ?? "")")
        }
        let normal = try CommandRunner.run(["check", "--no-cache", "--timeout", "30", Fixtures.video("clip-h264-aac.mp4")])
        #expect(normal.status == 0)
    }
}
