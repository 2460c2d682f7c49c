import Foundation
import Testing
@testable import Preflight
import PreflightRules
@testable import PreflightMedia

/// --staged in repositories as they are: submodules, links, files edited after staging, large
/// blobs that are not media; and the pieces of configuration a hook leans on.
@Suite struct StagedEdgeTests {
    static func git(_ repo: TemporaryFolder, _ arguments: [String]) throws -> CommandResult {
        try CommandRunner.runTool(["git", "-C", repo.path] + arguments)
    }

    static func leftovers() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)) ?? [])
            .filter { $0.hasPrefix("preflight-staged-") }
    }

    @Test func submodulesAndLinksAreNotMedia() throws {
        let repo = try GitGateTests.repository()
        try repo.write("clip.mp4", GitGateTests.data(Fixtures.video("clip-h264-aac.mp4")))
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/link.mp4", withDestinationPath: "clip.mp4")
        #expect(try Self.git(repo, ["add", "clip.mp4", "link.mp4"]).status == 0)
        #expect(try Self.git(repo, ["commit", "-qm", "first"]).status == 0)
        let head = try Self.git(repo, ["rev-parse", "HEAD"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        // A submodule as git records it: a gitlink entry (mode 160000) pointing at a commit.
        #expect(try Self.git(repo, ["update-index", "--add", "--cacheinfo", "160000,\(head),vendor/sub.mp4"]).status == 0)
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/other.mov", withDestinationPath: "clip.mp4")
        #expect(try Self.git(repo, ["add", "other.mov"]).status == 0)
        let result = try CommandRunner.run(["check", "--staged", "--no-cache", "--format", "json"], workingDirectory: repo.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect((result.json?["files"] as? [Any])?.count == 0)
    }

    @Test func filesEditedAfterStagingLeaveNoCopyBehind() throws {
        let before = Self.leftovers()
        let repo = try GitGateTests.repository()
        try repo.write("take.mp4", GitGateTests.data(Fixtures.video("too-long-12s.mp4")))
        #expect(try Self.git(repo, ["add", "take.mp4"]).status == 0)
        try repo.write("take.mp4", GitGateTests.data(Fixtures.video("clip-h264-aac.mp4")))  // unstaged edit
        let result = try CommandRunner.run(["check", "--staged", "--no-cache", "--format", "json"], workingDirectory: repo.path)
        #expect(result.status == 1, "the staged 12 s take is what gets committed")
        #expect(result.stdout.contains("video.duration"))
        #expect(Self.leftovers() == before)

        // Killed while it runs: still nothing left (the copy is unlinked as soon as it exists).
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandRunner.executable)
        process.arguments = ["check", "--staged", "--no-cache", "--quiet"]
        process.currentDirectoryURL = repo.url
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        usleep(30_000)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(Self.leftovers() == before)
    }

    static func lfsPointer(to media: Data) -> Data {
        let oid = ContentHash.sha256(media)
        return Data("version https://git-lfs.github.com/spec/v1\noid sha256:\(oid)\nsize \(media.count)\n".utf8)
    }

    /// A checkout that did not fetch the LFS objects (actions/checkout without `lfs: true`) has
    /// pointer files where the media should be: said so, with the fix, and never passed.
    @Test func anLFSPointerInPlaceOfTheMediaSaysSo() throws {
        let folder = try TemporaryFolder()
        let media = try GitGateTests.data(Fixtures.video("clip-h264-aac.mp4"))
        let path = try folder.write("clip.mp4", Self.lfsPointer(to: media))
        let result = try CommandRunner.run(["check", "--format", "json", path])
        #expect(result.status == 1)
        let file = try #require((result.json?["files"] as? [[String: Any]])?.first)
        let error = try #require((file["probe"] as? [String: Any])?["error"] as? [String: Any])
        #expect(error["code"] as? String == "lfs-pointer")
        #expect((error["message"] as? String)?.hasPrefix("this is a Git LFS pointer (to a \(GitLFSPointer.describe(bytes: Int64(media.count))) file") == true)
        let text = try CommandRunner.run(["check", path])
        #expect(text.stdout.contains("git lfs pull"))
    }

    /// With git-lfs, the index holds a pointer and the staged content sits in .git/lfs/objects: a
    /// file edited after staging is read from there, not as a pointer.
    @Test func aStagedLFSPointerIsReadFromTheLocalLFSStore() throws {
        let repo = try GitGateTests.repository()
        let staged = try GitGateTests.data(Fixtures.video("too-long-12s.mp4"))
        try repo.write("take.mp4", Self.lfsPointer(to: staged))
        #expect(try Self.git(repo, ["add", "take.mp4"]).status == 0)
        let oid = ContentHash.sha256(staged)
        try repo.write(".git/lfs/objects/\(oid.prefix(2))/\(oid.dropFirst(2).prefix(2))/\(oid)", staged)
        try repo.write("take.mp4", GitGateTests.data(Fixtures.video("clip-h264-aac.mp4")))  // the working copy, edited since
        let result = try CommandRunner.run(["check", "--staged", "--no-cache", "--format", "json"], workingDirectory: repo.path)
        #expect(result.status == 1, "the staged 12 s take is what gets committed")
        let file = try #require((result.json?["files"] as? [[String: Any]])?.first)
        #expect((file["probe"] as? [String: Any])?["durationSeconds"] as? Double == 12.0)
        #expect(result.stdout.contains("video.duration"))
    }

    @Test func unchangedWorkingCopiesAreReadInPlaceAndOtherBlobsSniffed() throws {
        let repo = try GitGateTests.repository()
        try repo.write("ref.png", GitGateTests.data(Fixtures.image("rgb8.png")))
        try repo.write("no-extension", GitGateTests.data(Fixtures.image("rgb8.png")))
        // 32 MB that is not media: only its first bytes are read from git.
        try repo.write("data.bin", Data(count: 32 << 20))
        #expect(try Self.git(repo, ["add", "."]).status == 0)
        let staged = try StagedFiles.extract(workingDirectory: repo.path)
        defer { staged.cleanUp() }
        #expect(staged.files.map(\.path).sorted() == ["no-extension", "ref.png"])
        #expect(staged.files.allSatisfy { $0.readPath == staged.repositoryRoot + "/" + $0.path }, "no copy when the working file is the staged one")
        let dataBlob = try Self.git(repo, ["rev-parse", ":data.bin"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try StagedFiles.blobHead(dataBlob, in: repo.path) == [UInt8](repeating: 0, count: 16))
    }

    @Test func globsAreLinearAndRationalsCarryTheirSign() {
        let pattern = Glob("*a*a*a*a*a*a*a*a*b*")
        let name = String(repeating: "a", count: 60) + ".mp4"
        let clock = ContinuousClock()
        let elapsed = clock.measure { #expect(!pattern.matches(name)) }
        // Exponential backtracking took minutes here; memoised it is a few thousand steps.
        #expect(elapsed < .seconds(1), "\(elapsed)")
        #expect(Glob("**/raw/*.mov").matches("a/b/raw/x.mov"))
        #expect(!Glob("raw/*.mov").matches("raw/sub/x.mov"))

        #expect(Rational(parsing: "-100/-1") == Rational(100, 1))
        #expect(Rational(parsing: "100/-1") == Rational(-100, 1))
        #expect(Rational(parsing: "-0.5") == Rational(-5, 10))
        #expect(Rational(parsing: "9223372036854775807.5") == nil)
        #expect(Rational(parsing: "-9223372036854775808/-1") == nil)
        #expect(Rational(parsing: "92233720368547758070") == nil)
    }
}

/// The installed git hook finds preflight where it was installed from, else on PATH, else says
/// what to do instead of failing with "exec: preflight: not found".
@Suite struct InstalledHookTests {
    @Test func theHookFallsBackToPathAndExplainsWhenMissing() throws {
        let repo = try GitGateTests.repository()
        #expect(try CommandRunner.run(["install-hook"], workingDirectory: repo.path).status == 0)
        let hookPath = repo.path + "/.git/hooks/pre-commit"
        var hook = try String(contentsOfFile: hookPath, encoding: .utf8)
        let recorded = try #require(hook.split(separator: "\n").first { $0.hasPrefix("preflight='") })
        hook = hook.replacingOccurrences(of: recorded, with: "preflight='/nonexistent/preflight'")
        try hook.write(toFile: hookPath, atomically: true, encoding: .utf8)
        // Not where it was installed from, not on PATH: a message and exit 1.
        let missing = try CommandRunner.run([hookPath], environment: ["PATH": "/usr/bin:/bin"], workingDirectory: repo.path, program: "/bin/sh")
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("cannot find preflight") && missing.stderr.contains("install-hook --force"), "\(missing.stderr)")
        // On PATH: it runs (nothing staged, so it passes).
        let folder = (CommandRunner.executable as NSString).deletingLastPathComponent
        let onPath = try CommandRunner.run([hookPath], environment: ["PATH": folder + ":/usr/bin:/bin"], workingDirectory: repo.path,
                                           program: "/bin/sh")
        #expect(onPath.status == 0, "\(onPath.stderr)")
    }
}
