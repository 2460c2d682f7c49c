import Foundation
import Testing
@testable import Preflight
import PreflightMedia

/// The result cache cannot be talked into a PASS: entries are keyed by content and by the tool that
/// measured, live outside the work tree, and are checked when read back; and it hits in CI.
@Suite struct CacheTests {
    static func clip(_ name: String = "clip-h264-aac.mp4") throws -> Data { try Data(contentsOf: URL(fileURLWithPath: Fixtures.video(name))) }

    static func git(_ repo: TemporaryFolder, _ arguments: [String]) throws {
        let result = try CommandRunner.runTool(["git", "-C", repo.path] + arguments)
        #expect(result.status == 0, "git \(arguments): \(result.stderr)")
    }

    /// "cache: 3 hits, 1 miss" → (3, 1).
    static func stats(_ result: CommandResult) -> (hits: Int, misses: Int)? {
        guard let line = result.stderr.split(separator: "\n").first(where: { $0.contains("cache: ") }) else { return nil }
        let numbers = line.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        return numbers.count >= 2 ? (numbers[0], numbers[1]) : nil
    }

    @Test func entriesAreServedByContentAndCheckedWhenRead() throws {
        let folder = try TemporaryFolder()
        let cacheFolder = try TemporaryFolder()
        let path = try folder.write("clip.mp4", Self.clip())
        let cache = try ResultCache(folder: cacheFolder.url.appendingPathComponent("c"))
        let inspector = Inspector(cache: cache)
        let id = try #require(cache.contentID(ofFileAt: path))
        #expect(id.hasPrefix("sha256:") && id.count == 7 + 64)
        let key = cache.key(contentID: id, fileExtension: "mp4", options: ProbeOptions())
        #expect(cache.lookup(key) == nil)
        let cold = inspector.inspect(path)
        #expect(cache.lookup(key) == cold, "stored after the first read")

        // A planted entry proves the second run reads the cache, not the file.
        var planted = cold
        planted.durationSeconds = 99
        cache.store(planted, key: key)
        #expect(inspector.inspect(path).durationSeconds == 99)

        // An entry that is not whole, not this key's, or whose record does not match its checksum is a miss.
        let entry = cache.entryPath(key)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: entry)))
        bytes[bytes.count - 3] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: entry))
        #expect(cache.lookup(key) == nil, "a damaged record")
        let other = cache.key(contentID: "sha256:" + String(repeating: "0", count: 64), fileExtension: "mp4", options: ProbeOptions())
        try Data(ResultCache.entryBytes(key: key, record: planted)).write(to: URL(fileURLWithPath: entry))
        try FileManager.default.createDirectory(atPath: (cache.entryPath(other) as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: entry, toPath: cache.entryPath(other))
        #expect(cache.lookup(other) == nil, "an entry copied under another key")
        #expect(ResultCache.record(from: ResultCache.entryBytes(key: key, record: cold), key: key) == cold, "round trip")

        // The key covers the extension and the options, and content under another name still hits.
        #expect(cache.key(contentID: id, fileExtension: "avi", options: ProbeOptions()) != key)
        #expect(cache.key(contentID: id, fileExtension: "mp4", options: ProbeOptions(pixelBudget: 5)) != key)
        let renamed = try folder.write("renamed.mp4", Self.clip())
        #expect(inspector.inspect(renamed).durationSeconds == 99)
        #expect(inspector.inspect(renamed).path == renamed)
    }

    @Test func aCommittedCacheEntryCannotPassAFailingClip() throws {
        // The old forgery: an entry of a passing clip committed into the tree.
        let repo = try GitGateTests.repository()
        try repo.write("good.mp4", Self.clip())
        let first = try CommandRunner.run(["check", "--cache-dir", repo.path + "/.preflight-cache", "good.mp4"], workingDirectory: repo.path)
        #expect(first.status == 0)
        let entries = try FileManager.default.subpathsOfDirectory(atPath: repo.path + "/.preflight-cache").filter { $0.hasSuffix(".entry") }
        #expect(entries.count == 1)
        // Copy the passing entry under every name an attacker might guess, commit it with the bad clip.
        try repo.write("take.mp4", Self.clip("too-long-12s.mp4"))
        try Self.git(repo, ["add", "-f", ".preflight-cache", "take.mp4"])
        try Self.git(repo, ["commit", "-qm", "forged"])
        try repo.write("take2.mp4", Self.clip("too-long-12s.mp4"))
        try Self.git(repo, ["add", "take2.mp4"])
        let staged = try CommandRunner.run(["check", "--staged"], workingDirectory: repo.path)
        #expect(staged.status == 1, "a 12 s clip passed from a forged cache")
        let tree = try CommandRunner.run(["check", "--cache-dir", repo.path + "/.preflight-cache", "take.mp4"], workingDirectory: repo.path)
        #expect(tree.status == 1)
        // The default cache lives in the git folder, where nothing can be committed.
        #expect(FileManager.default.fileExists(atPath: repo.path + "/.git/preflight-cache/v\(ResultCache.formatVersion)"))
    }

    @Test func renamesEditsAndRebuildsAreMisses() throws {
        let repo = try GitGateTests.repository()
        try repo.write("clip.mp4", Self.clip())
        try Self.git(repo, ["add", "clip.mp4"])
        try Self.git(repo, ["commit", "-qm", "clip"])
        #expect(try CommandRunner.run(["check", "clip.mp4"], workingDirectory: repo.path).status == 0)
        // git mv clip.mp4 clip.avi: judged on its new name, not passed from the cache.
        try Self.git(repo, ["mv", "clip.mp4", "clip.avi"])
        let moved = try CommandRunner.run(["check", "--format", "json", "clip.avi"], workingDirectory: repo.path)
        #expect(moved.status == 1)
        #expect(moved.stdout.contains("video.extension"))

        // A same-size edit in place with the old modification time put back (touch -r).
        let plain = try TemporaryFolder()
        let target = try plain.write("take.mp4", Self.clip())
        try plain.write("reference", Data())
        _ = try CommandRunner.runTool(["touch", "-r", target, plain.path + "/reference"])
        let cacheDirectory = plain.path + "/cache"
        #expect(try CommandRunner.run(["check", "--cache-dir", cacheDirectory, target]).status == 0)
        var bytes = [UInt8](try Self.clip())
        for index in 0..<64 { bytes[index] = 0 }  // same size, no longer a readable MP4
        try Data(bytes).write(to: URL(fileURLWithPath: target))
        _ = try CommandRunner.runTool(["touch", "-r", plain.path + "/reference", target])
        let edited = try CommandRunner.run(["check", "--stats", "--cache-dir", cacheDirectory, target])
        #expect(edited.status == 1, "a cached PASS for changed bytes")
        #expect(Self.stats(edited)?.misses == 1)

        // The same version string, another build: its own entries.
        try Data(Self.clip()).write(to: URL(fileURLWithPath: target))
        #expect(Self.stats(try CommandRunner.run(["check", "--stats", "--cache-dir", cacheDirectory, target]))?.hits == 1)
        // Another build says "0.1.0" too; what differs is the linker's build-id (a hash of the
        // linked code): the copy gets another one.
        let rebuilt = plain.path + "/preflight-rebuilt"
        var binary = [UInt8](try Data(contentsOf: URL(fileURLWithPath: CommandRunner.executable)))
        let noteHeader: [UInt8] = [4, 0, 0, 0, 20, 0, 0, 0, 3, 0, 0, 0, 0x47, 0x4E, 0x55, 0]  // NT_GNU_BUILD_ID, "GNU"
        let note = try #require((0..<binary.count - 36).first { binary[$0] == 4 && Array(binary[$0..<$0 + 16]) == noteHeader })
        binary[note + 16] ^= 0xFF
        try writeExecutable(Data(binary), to: rebuilt)
        let other = try CommandRunner.run(["check", "--stats", "--cache-dir", cacheDirectory, target], program: rebuilt)
        #expect(other.status == 0)
        #expect(Self.stats(other)?.hits == 0, "\(other.stderr)")
    }

    @Test func aCacheRestoredInAFreshCloneHitsForEveryFile() throws {
        let origin = try GitGateTests.repository()
        let distinct = ["clip-h264-aac.mp4", "clip-matroska.mkv", "clip-quicktime.mov", "clip-vp9.webm", "hevc-10bit.mp4",
                        "interlaced-tff.mp4", "ntsc-film.mp4", "rotated-portrait.mp4", "too-long-12s.mp4"]
        for name in distinct { try origin.write("media/" + name, Self.clip(name)) }
        try Self.git(origin, ["add", "media"])
        try Self.git(origin, ["commit", "-qm", "media"])
        let shared = try TemporaryFolder()
        let clones = try TemporaryFolder()
        for name in ["a", "b"] {
            _ = try CommandRunner.runTool(["git", "clone", "-q", origin.path, clones.path + "/" + name])
        }
        let first = try CommandRunner.run(["check", "--stats", "--cache-dir", shared.path + "/cache", "media"], workingDirectory: clones.path + "/a")
        #expect(Self.stats(first).map { [$0.hits, $0.misses] } == [0, 9], "\(first.stderr)")
        let second = try CommandRunner.run(["check", "--stats", "--cache-dir", shared.path + "/cache", "media"], workingDirectory: clones.path + "/b")
        #expect(Self.stats(second).map { [$0.hits, $0.misses] } == [9, 0], "\(second.stderr)")
        #expect(second.status == first.status)
        // Outside git, content hashes hit the same way for a copy of the folder.
        _ = try CommandRunner.runTool(["cp", "-r", clones.path + "/a/media", shared.path + "/copy"])
        let copied = try CommandRunner.run(["check", "--stats", "--cache-dir", shared.path + "/cache2", shared.path + "/copy"])
        let copiedAgain = try CommandRunner.run(["check", "--stats", "--cache-dir", shared.path + "/cache2", shared.path + "/copy"])
        #expect(Self.stats(copied)?.misses == 9)
        #expect(Self.stats(copiedAgain)?.hits == 9)
    }

    @Test func theCacheFolderIsOursAndOutsideTheWorkTree() throws {
        let repo = try GitGateTests.repository()
        try repo.write("clip.mp4", Self.clip())
        try FileManager.default.createSymbolicLink(atPath: repo.path + "/linked-cache", withDestinationPath: "/tmp")
        let linked = try CommandRunner.run(["check", "--cache-dir", repo.path + "/linked-cache", "clip.mp4"], workingDirectory: repo.path)
        #expect(linked.status == 2)
        #expect(linked.stderr.contains("symbolic link"))
        let root = try CommandRunner.run(["check", "--cache-dir", repo.path, "clip.mp4"], workingDirectory: repo.path)
        #expect(root.status == 2)
        #expect(root.stderr.contains("work tree's root"))
        // A folder of the user's gets no .gitignore; a folder preflight creates does.
        try FileManager.default.createDirectory(atPath: repo.path + "/mine", withIntermediateDirectories: true)
        #expect(try CommandRunner.run(["check", "--cache-dir", repo.path + "/mine", "clip.mp4"], workingDirectory: repo.path).status == 0)
        #expect(!FileManager.default.fileExists(atPath: repo.path + "/mine/.gitignore"))
        #expect(try CommandRunner.run(["check", "--cache-dir", repo.path + "/made", "clip.mp4"], workingDirectory: repo.path).status == 0)
        #expect(FileManager.default.fileExists(atPath: repo.path + "/made/.gitignore"))
        // The default: the repository's common git folder, else XDG.
        let tree = try #require(GitWorkTree.locate(from: repo.path))
        #expect(ResultCache.defaultFolder(gitWorkTree: tree, environment: [:]).path.hasSuffix("/.git/preflight-cache"))
        #expect(ResultCache.defaultFolder(gitWorkTree: nil, environment: ["XDG_CACHE_HOME": "/tmp/xdg"]).path == "/tmp/xdg/preflight")
    }

    @Test func transientFailuresAreNotCached() throws {
        let cacheFolder = try TemporaryFolder()
        let cache = try ResultCache(folder: cacheFolder.url.appendingPathComponent("c"))
        let path = Fixtures.video("clip-matroska.mkv")
        let options = ProbeOptions(timeoutSeconds: 1e-9)
        let inspector = Inspector(options: options, cache: cache)
        #expect(inspector.inspect(path).failure?.code == .timeout)
        let key = cache.key(contentID: try #require(cache.contentID(ofFileAt: path)), fileExtension: "mkv", options: options)
        #expect(cache.lookup(key) == nil)
    }

    @Test func cachedVerdictsFollowConfigurationChanges() throws {
        let folder = try TemporaryFolder()
        try folder.write("clip.mp4", Self.clip())
        let cacheDirectory = folder.path + "/cache"
        let first = try CommandRunner.run(["check", "--cache-dir", cacheDirectory, "clip.mp4"], workingDirectory: folder.path)
        #expect(first.status == 0)
        try folder.write(".preflight.yml", Data("rules:\n  video.duration: {min: 5}\n".utf8))
        let second = try CommandRunner.run(["check", "--cache-dir", cacheDirectory, "clip.mp4"], workingDirectory: folder.path)
        #expect(second.status == 1, "a stricter configuration fails the cached clip")
        try folder.write(".preflight.yml", Data("profile: veo-3\n".utf8))
        let third = try CommandRunner.run(["check", "--cache-dir", cacheDirectory, "--format", "json", "clip.mp4"], workingDirectory: folder.path)
        #expect(third.json?["profile"] as? String == "veo-3")
    }
}

/// The index reader gives git's own blob ids, and only for files whose stat data say for certain
/// that they are what the index records.
@Suite struct GitIndexTests {
    @Test func blobIdsMatchGitAndChangedFilesAreLeftOut() throws {
        let repo = try GitGateTests.repository()
        for name in ["a.mp4", "b.mov", "sub/c.png"] { try repo.write(name, Data(name.utf8) + Data(count: 1000)) }
        try CacheTests.git(repo, ["add", "."])
        try CacheTests.git(repo, ["commit", "-qm", "files"])
        let fresh = try TemporaryFolder()
        _ = try CommandRunner.runTool(["git", "clone", "-q", repo.path, fresh.path + "/clone"])
        let tree = try #require(GitWorkTree.locate(from: fresh.path + "/clone"))
        // Written within one clock tick of the index, the files are racy: git verifies them.
        let fromIndex = tree.unchangedBlobs()
        let listed = try CommandRunner.runTool(["git", "-C", tree.root, "ls-files", "-s"]).stdout
        var expected: [String: String] = [:]
        for line in listed.split(separator: "\n") {
            let parts = line.split(separator: "\t")
            expected[tree.root + "/" + parts[1]] = String(parts[0].split(separator: " ")[1])
        }
        #expect(fromIndex == expected, "a fresh clone: every file is what the index says")

        // A same-size edit with the modification time put back: ctime differs, so it is left out.
        let edited = tree.root + "/a.mp4"
        _ = try CommandRunner.runTool(["touch", "-r", edited, fresh.path + "/stamp"])
        try Data("a.mp4".utf8 + [0xFF] + Data(count: 999)).write(to: URL(fileURLWithPath: edited))
        _ = try CommandRunner.runTool(["touch", "-r", fresh.path + "/stamp", edited])
        let afterEdit = tree.unchangedBlobs()
        #expect(afterEdit[edited] == nil)
        #expect(afterEdit[tree.root + "/b.mov"] == expected[tree.root + "/b.mov"])
        // And what git itself says agrees.
        #expect(try CommandRunner.runTool(["git", "-C", tree.root, "diff", "--name-only"]).stdout == "a.mp4\n")
        // With the files older than the index (a real checkout's usual case), the index alone answers.
        usleep(20_000)
        _ = try CommandRunner.runTool(["git", "-C", tree.root, "checkout", "--", "a.mp4"])
        usleep(20_000)
        _ = try CommandRunner.runTool(["git", "-C", tree.root, "update-index", "--really-refresh"])
        let snapshot = try #require(GitIndex.read(indexPath: tree.indexPath, root: tree.root))
        #expect(snapshot.trusted == expected, "\(snapshot.racy)")
    }
}
