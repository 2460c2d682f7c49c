import Foundation
import Testing

/// --staged, install-hook and --shard in throwaway git repositories.
@Suite struct GitGateTests {
    static func repository() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        for command in [["init", "-q"], ["config", "user.email", "t@example.com"], ["config", "user.name", "t"]] {
            #expect(try CommandRunner.runTool(["git", "-C", folder.path] + command).status == 0)
        }
        return folder
    }

    static func data(_ fixture: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: fixture)) }

    @Test func stagedChecksTheStagedContentNotTheWorkingCopy() throws {
        let repo = try Self.repository()
        try repo.write("clips/edit.mp4", try Self.data(Fixtures.video("too-long-12s.mp4")))
        try repo.write("notes.txt", Data("not media".utf8))
        #expect(try CommandRunner.runTool(["git", "-C", repo.path, "add", "."]).status == 0)
        // Fix the clip in the working tree without staging it: the commit would still carry the bad one.
        try repo.write("clips/edit.mp4", try Self.data(Fixtures.video("clip-h264-aac.mp4")))
        let staged = try CommandRunner.run(["check", "--staged", "--no-cache", "--format", "json"], workingDirectory: repo.path)
        #expect(staged.status == 1)
        let files = try #require(staged.json?["files"] as? [[String: Any]])
        #expect(files.map { $0["path"] as? String } == ["clips/edit.mp4"])
        #expect(files.first?["status"] as? String == "fail")

        #expect(try CommandRunner.runTool(["git", "-C", repo.path, "add", "clips/edit.mp4"]).status == 0)
        let fixed = try CommandRunner.run(["check", "--staged", "--no-cache"], workingDirectory: repo.path)
        #expect(fixed.status == 0, "\(fixed.stdout)")
    }

    @Test func stagedOutsideARepositoryIsAUsageError() throws {
        let folder = try TemporaryFolder()
        let result = try CommandRunner.run(["check", "--staged"], workingDirectory: folder.path)
        #expect(result.status == 2)
        #expect(result.stderr.contains("git repository"))
    }

    @Test func installHookWritesAWorkingHookAndRefusesToReplaceOne() throws {
        let repo = try Self.repository()
        let install = try CommandRunner.run(["install-hook"], workingDirectory: repo.path)
        #expect(install.status == 0, "\(install.stderr)")
        let hook = repo.path + "/.git/hooks/pre-commit"
        let script = try String(contentsOfFile: hook, encoding: .utf8)
        #expect(script.contains("check --staged"))
        #expect(FileManager.default.isExecutableFile(atPath: hook))
        #expect(try CommandRunner.run(["install-hook"], workingDirectory: repo.path).status == 2)
        #expect(try String(contentsOfFile: hook, encoding: .utf8) == script)
        #expect(try CommandRunner.run(["install-hook", "--force"], workingDirectory: repo.path).status == 0)

        // The hook stops a commit of a bad clip and lets a good one through.
        try repo.write("bad.mp4", try Self.data(Fixtures.video("too-long-12s.mp4")))
        #expect(try CommandRunner.runTool(["git", "-C", repo.path, "add", "bad.mp4"]).status == 0)
        #expect(try CommandRunner.runTool(["git", "-C", repo.path, "commit", "-qm", "bad"]).status != 0)
        #expect(try CommandRunner.runTool(["git", "-C", repo.path, "rm", "-q", "--cached", "bad.mp4"]).status == 0)
        try repo.write("good.mp4", try Self.data(Fixtures.video("clip-h264-aac.mp4")))
        #expect(try CommandRunner.runTool(["git", "-C", repo.path, "add", "good.mp4"]).status == 0)
        #expect(try CommandRunner.runTool(["git", "-C", repo.path, "commit", "-qm", "good"]).status == 0)
    }

    @Test func shardsSplitTheFilesWithoutOverlap() throws {
        var seen: [String] = []
        for index in 1...3 {
            let result = try CommandRunner.run(["check", "--no-cache", "--format", "json", "--shard", "\(index)/3", Fixtures.video("")])
            let paths = (result.json?["files"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
            seen += paths
            let again = try CommandRunner.run(["check", "--no-cache", "--format", "json", "--shard", "\(index)/3", Fixtures.video("")])
            #expect((again.json?["files"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String } == paths)
        }
        let media = try FileManager.default.contentsOfDirectory(atPath: Fixtures.video("")).filter { !$0.hasSuffix(".json") }
        #expect(media.count >= 13)
        #expect(seen.count == media.count)
        #expect(Set(seen).count == media.count)
        #expect(try CommandRunner.run(["check", "--shard", "4/3"]).status == 2)
        #expect(try CommandRunner.run(["check", "--shard", "x"]).status == 2)
    }
}

@Suite struct StagedRolesTests {
    @Test func stagedFilesGetTheirRolesFromAnySubfolder() throws {
        let repo = try GitGateTests.repository()
        try repo.write(".preflight.yml", Data("roles:\n  \"refs/**\": video/reference-image\n".utf8))
        try repo.write("refs/small.jpg", try Data(contentsOf: URL(fileURLWithPath: Fixtures.image("small-900.jpg"))))
        try FileManager.default.createDirectory(atPath: repo.path + "/deep/er", withIntermediateDirectories: true)
        #expect(try CommandRunner.runTool(["git", "-C", repo.path, "add", "."]).status == 0)
        // Run from a subfolder: the role glob still applies to the staged file's place in the tree.
        let result = try CommandRunner.run(["check", "--staged", "--no-cache", "--format", "json"], workingDirectory: repo.path + "/deep/er")
        #expect(result.status == 1, "a 900 px image fails as an assigned reference image")
        let file = try #require((result.json?["files"] as? [[String: Any]])?.first)
        #expect(file["rolesAssigned"] as? Bool == true)
        #expect(file["path"] as? String == "refs/small.jpg")
    }
}
