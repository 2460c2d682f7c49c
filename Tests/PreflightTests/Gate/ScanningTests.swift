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
