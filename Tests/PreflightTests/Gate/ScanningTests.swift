import Foundation
import Testing
@testable import Preflight
import PreflightMedia

@Suite struct ScanningTests {
    static func copy(_ fixture: String, to folder: TemporaryFolder, as name: String) throws {
        try folder.write(name, try Data(contentsOf: URL(fileURLWithPath: fixture)))
    }

    @Test func findsMediaByExtensionAndByContentSkipsHiddenAndIsSorted() throws {
        let folder = try TemporaryFolder()
        try Self.copy(Fixtures.video("clip-h264-aac.mp4"), to: folder, as: "b/UPPER.MP4")
        try Self.copy(Fixtures.video("clip-quicktime.mov"), to: folder, as: "a/no-extension")
        try Self.copy(Fixtures.image("sharp-1024.jpg"), to: folder, as: "a/photo.bin")
        try Self.copy(Fixtures.video("clip-h264-aac.mp4"), to: folder, as: ".hidden/secret.mp4")
        try Self.copy(Fixtures.video("clip-h264-aac.mp4"), to: folder, as: ".git/objects/x.mp4")
        try folder.write("a/notes.txt", Data("hello".utf8))
        let found = FileDiscovery.expand([folder.path]).map { String($0.path.dropFirst(folder.path.count + 1)) }
        #expect(found == ["a/no-extension", "a/photo.bin", "b/UPPER.MP4"])
    }

    @Test func symlinkLoopsEndAndDirectoriesNamedLikeMediaAreWalked() throws {
        let folder = try TemporaryFolder()
        try Self.copy(Fixtures.video("clip-h264-aac.mp4"), to: folder, as: "clips.mp4/inside.mp4")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/clips.mp4/loop", withDestinationPath: folder.path)
        let found = FileDiscovery.expand([folder.path]).map(\.path)
        #expect(found.count == 1)
        #expect(found.first?.hasSuffix("clips.mp4/inside.mp4") == true)
    }

    @Test func namedFilesAreKeptEvenWhenNotMedia() {
        let found = FileDiscovery.expand(["/nonexistent/file.txt"])
        #expect(found == [FileDiscovery.Found(path: "/nonexistent/file.txt", named: true)])
    }
}

@Suite struct CacheTests {
    @Test func unchangedFilesAreServedFromTheCacheAndChangedOnesAreRead() throws {
        let folder = try TemporaryFolder()
        let cacheFolder = try TemporaryFolder()
        let path = try folder.write("clip.mp4", try Data(contentsOf: URL(fileURLWithPath: Fixtures.video("clip-h264-aac.mp4"))))
        let cache = ResultCache(directory: cacheFolder.url)
        let inspector = Inspector(cache: cache)
        let key = try #require(cache.key(for: path, options: ProbeOptions()))
        #expect(cache.lookup(key) == nil)
        let cold = inspector.inspect(path)
        #expect(cache.lookup(key) == cold, "stored after the first read")

        // A planted entry proves the second run reads the cache, not the file.
        var planted = cold
        planted.durationSeconds = 99
        cache.store(planted, key: key)
        #expect(inspector.inspect(path).durationSeconds == 99)

        // Any change to the file — here its size and time — is a miss.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        handle.write(Data([0]))
        try handle.close()
        #expect(inspector.inspect(path).durationSeconds == 4.0)
    }

    @Test func transientFailuresAreNotCached() throws {
        let cacheFolder = try TemporaryFolder()
        let cache = ResultCache(directory: cacheFolder.url)
        let path = Fixtures.video("clip-matroska.mkv")
        let inspector = Inspector(options: ProbeOptions(timeoutSeconds: 1e-9), cache: cache)
        #expect(inspector.inspect(path).failure?.code == .timeout)
        #expect(cache.lookup(cache.key(for: path, options: ProbeOptions(timeoutSeconds: 1e-9))!) == nil)
    }

    @Test func cacheLivesAtTheRepositoryRootOrInXDG() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.path + "/.git", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder.path + "/media/x", withIntermediateDirectories: true)
        #expect(ResultCache.defaultDirectory(for: folder.path + "/media/x", environment: [:]).path
                == folder.url.standardizedFileURL.path + "/.preflight-cache")
        #expect(ResultCache.defaultDirectory(for: "/", environment: ["XDG_CACHE_HOME": "/tmp/xdg"]).path == "/tmp/xdg/preflight")
    }

    @Test func cachedVerdictsFollowConfigurationChanges() throws {
        let folder = try TemporaryFolder()
        try folder.write("clip.mp4", try Data(contentsOf: URL(fileURLWithPath: Fixtures.video("clip-h264-aac.mp4"))))
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

@Suite struct CacheCodingTests {
    /// Every fixture's record survives the cache's binary form exactly; damaged bytes read as nil.
    @Test func recordsRoundTripAndDamageIsAMiss() throws {
        let folders = [Fixtures.video(""), Fixtures.image("")]
        let paths = try folders.flatMap { folder in
            try FileManager.default.contentsOfDirectory(atPath: folder).filter { !$0.hasSuffix(".json") }.map { folder + $0 }
        }
        #expect(paths.count > 30)
        var state: UInt64 = 7
        for record in Inspector().inspect(paths, jobs: 2) {
            let bytes = ProbeRecordCoding.encode(record)
            #expect(ProbeRecordCoding.decode(bytes[...]) == record, "\(record.path)")
            #expect(ProbeRecordCoding.decode(bytes.dropLast()) == nil)
            for _ in 0..<20 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                var damaged = bytes
                damaged[Int(state >> 33) % damaged.count] ^= 0xFF
                _ = ProbeRecordCoding.decode(damaged[...])  // must not crash
            }
        }
    }
}
