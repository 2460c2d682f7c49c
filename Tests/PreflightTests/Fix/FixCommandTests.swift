import Foundation
import Testing
@testable import PreflightMedia

/// `preflight fix` as a user runs it: what it writes, where, what it refuses, and that pictures
/// come out upright.
@Suite struct FixCommandTests {
    /// Grey pixels of a picture's first frame, decoded by the ffmpeg CLI (optionally through a filter).
    static func grey(_ path: String, filter: String? = nil, in folder: String) throws -> [UInt8] {
        let raw = folder + "/frame-\(UUID().uuidString).gray"
        try BrokenMedia.ffmpeg(["-i", path] + (filter.map { ["-vf", $0] } ?? []) + ["-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "gray", raw],
                               in: folder)
        return Array(try Data(contentsOf: URL(fileURLWithPath: raw)))
    }

    @Test func exifOrientationIsAppliedToThePixelsAndNotKept() throws {
        let folder = try TemporaryFolder()
        let source = folder.path + "/turned.tif"
        try FileManager.default.copyItem(atPath: Fixtures.image("formats/orientation-6.tif"), toPath: source)
        // Runway takes JPEG, PNG and WebP: the TIFF becomes a PNG (lossless in, lossless out).
        let result = try CommandRunner.run(["fix", "--profile", "runway-gen4", "--role", "image-to-video/prompt-image", source])
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        let output = folder.path + "/turned.fixed.png"
        let record = MediaProbe.probe(path: output)
        #expect(record.container == "png")
        #expect(record.image?.width == 64 && record.image?.height == 96)
        #expect(record.image?.orientation == 1, "a service that ignores EXIF must see it upright")
        // Stored 96×64 with orientation 6: upright is the stored picture turned 90° clockwise.
        #expect(try Self.grey(output, in: folder.path) == Self.grey(source, filter: "transpose=clock", in: folder.path))
    }

    @Test func aRotatedPhoneClipIsTrimmedUprightWithoutARotationFlag() throws {
        let folder = try TemporaryFolder()
        // The phone fixture (shown 720×1280 by a 90° flag) played six times over: 18 s.
        try BrokenMedia.ffmpeg(["-stream_loop", "5", "-i", Fixtures.video("phone-portrait.mp4"), "-c", "copy", "long.mp4"], in: folder.path)
        let result = try CommandRunner.run(["fix", "--role", "edit/source-video", "long.mp4"], workingDirectory: folder.path)
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        let record = MediaProbe.probe(path: folder.path + "/long.fixed.mp4")
        #expect(record.video?.rotation == 0)
        #expect(record.video?.width == 720 && record.video?.height == 1280)
        let duration = try #require(record.durationSeconds)
        #expect(duration <= 10.001 && duration > 9.9, "trimmed inside the 10 s limit: \(duration)")
        // The ffmpeg CLI turns the source upright on decoding; the copy needs no turning.
        let expected = try Self.grey(folder.path + "/long.mp4", in: folder.path)
        let actual = try Self.grey(folder.path + "/long.fixed.mp4", in: folder.path)
        #expect(expected.count == actual.count)
        let meanDifference = zip(expected, actual).reduce(0.0) { $0 + abs(Double($1.0) - Double($1.1)) } / Double(max(expected.count, 1))
        #expect(meanDifference < 4, "first frames differ by \(meanDifference) grey levels on average")
    }

    /// A display matrix that mirrors: players show the stored picture mirrored left to right, then
    /// turned. av_display_rotation_get alone reads a mirror as a half turn, and a copy put "upright"
    /// from it came out upside down.
    @Test(arguments: [("mirrored.mp4", 0, 320, 240, "hflip"), ("mirrored-portrait.mp4", 270, 240, 320, "transpose=cclock_flip")])
    func aMirroringDisplayMatrixIsReadAndTheCopyShowsWhatPlayersShow(name: String, rotation: Int, width: Int, height: Int,
                                                                     shown: String) throws {
        let video = try #require(MediaProbe.probe(path: Fixtures.video(name)).video)
        #expect(video.mirrored && video.rotation == rotation)
        #expect(video.width == width && video.height == height && video.codedWidth == 320)
        let folder = try TemporaryFolder()
        let output = folder.path + "/upright.mp4"
        try MediaRewriter.rewriteVideo(from: Fixtures.video(name), to: output,
                                       plan: VideoRewritePlan(container: "mp4", reencodeVideo: true, rotation: video.rotation,
                                                              mirrored: video.mirrored, quality: 10))
        let copy = try #require(MediaProbe.probe(path: output).video)
        #expect(!copy.mirrored && copy.rotation == 0 && copy.width == width && copy.height == height)
        // The picture players show: the stored one through the matrix's own transform (ffmpeg 5.1's
        // autorotation would read the matrix as a turn, so it is off here).
        func frame(_ path: String, _ filter: String?) throws -> [UInt8] {
            let raw = folder.path + "/frame-\(UUID().uuidString).gray"
            try BrokenMedia.ffmpeg(["-noautorotate", "-i", path] + (filter.map { ["-vf", $0] } ?? [])
                                   + ["-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "gray", raw], in: folder.path)
            return Array(try Data(contentsOf: URL(fileURLWithPath: raw)))
        }
        func meanDifference(_ a: [UInt8], _ b: [UInt8]) -> Double {
            zip(a, b).reduce(0.0) { $0 + abs(Double($1.0) - Double($1.1)) } / Double(max(a.count, 1))
        }
        let actual = try frame(output, nil)
        let expected = try frame(Fixtures.video(name), shown)
        #expect(actual.count == expected.count)
        #expect(meanDifference(actual, expected) < 3, "\(name): \(meanDifference(actual, expected))")
        // What reading the mirror as a turn gave: far from it.
        let turnedOnly = try frame(Fixtures.video(name), rotation == 0 ? "hflip,vflip" : "transpose=clock")
        #expect(meanDifference(actual, turnedOnly) > 10, "\(name): \(meanDifference(actual, turnedOnly))")
    }

    @Test func audioMP4CannotHoldBecomesAACOnARemux() throws {
        let folder = try TemporaryFolder()
        // PCM in Matroska, its channel layout left unspecified: the video is copied, the audio encoded.
        try BrokenMedia.ffmpeg(["-f", "lavfi", "-i", "testsrc2=s=1280x720:r=30:d=4", "-f", "lavfi", "-i", "sine=d=4",
                                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "pcm_s16le", "take.mkv"], in: folder.path)
        let result = try CommandRunner.run(["fix", "--role", "edit/source-video", "take.mkv"], workingDirectory: folder.path)
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        #expect(result.stdout.contains("remux into MP4"))
        let record = MediaProbe.probe(path: folder.path + "/take.fixed.mp4")
        #expect(record.container == "mp4" && record.video?.codec == "h264")
        #expect(record.audio.map(\.codec) == ["aac"])
        #expect(record.video?.frameRate == Rational(30, 1) && record.video?.frameCount == 120)
        #expect(record.durationSeconds.map { abs($0 - 4) < 0.05 } == true, "\(String(describing: record.durationSeconds))")
    }

    @Test func dryRunPlansAndWritesNothing() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.copyItem(atPath: Fixtures.video("too-long-12s.mp4"), toPath: folder.path + "/take.mp4")
        let result = try CommandRunner.run(["fix", "--dry-run", "--format", "json", "--role", "edit/source-video", "take.mp4"],
                                           workingDirectory: folder.path)
        #expect(result.status == 0)
        let file = try #require((result.json?["files"] as? [[String: Any]])?.first)
        #expect(file["status"] as? String == "planned")
        #expect((file["steps"] as? [String])?.first == "trim to 10 s")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["take.mp4"])
    }

    @Test func anExistingOutputIsReplacedOnlyWithForce() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.copyItem(atPath: Fixtures.video("too-long-12s.mp4"), toPath: folder.path + "/take.mp4")
        try folder.write("take.fixed.mp4", Data("mine".utf8))
        let refused = try CommandRunner.run(["fix", "--role", "edit/source-video", "take.mp4"], workingDirectory: folder.path)
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("exists; use --force"))
        #expect(try String(contentsOfFile: folder.path + "/take.fixed.mp4", encoding: .utf8) == "mine")
        let forced = try CommandRunner.run(["fix", "--force", "--role", "edit/source-video", "take.mp4"], workingDirectory: folder.path)
        #expect(forced.status == 0, "\(forced.stdout)")
        #expect(MediaProbe.probe(path: folder.path + "/take.fixed.mp4").durationSeconds.map { $0 <= 10.001 } == true)
        // Nothing else is left behind: no temporary files.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["take.fixed.mp4", "take.mp4"])
    }

    @Test func whatCannotBeFixedIsSaidAndNothingIsWritten() throws {
        let folder = try TemporaryFolder()
        _ = try BrokenMedia.video(.init(width: 1280, height: 720, duration: 2, rate: 30, audio: true, name: "short.mp4"), in: folder.path)
        try FileManager.default.copyItem(atPath: Fixtures.image("blurred-everywhere.jpg"), toPath: folder.path + "/soft.jpg")
        let result = try CommandRunner.run(["fix", "--format", "json", "--role", "edit/source-video", "short.mp4"], workingDirectory: folder.path)
        #expect(result.status == 1)
        let file = try #require((result.json?["files"] as? [[String: Any]])?.first)
        #expect(file["status"] as? String == "not-fixed")
        #expect((file["problems"] as? [String])?.contains { $0.contains("video.duration") && $0.contains("longer take") } == true, "\(file)")
        let soft = try CommandRunner.run(["fix", "--role", "video/reference-image", "soft.jpg"], workingDirectory: folder.path)
        #expect(soft.status == 1)
        #expect(soft.stdout.contains("no filter restores focus"), "\(soft.stdout)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["short.mp4", "soft.jpg"])
    }

    @Test func outputNamesOneFileAndUsageErrorsExitTwo() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.copyItem(atPath: Fixtures.video("too-long-12s.mp4"), toPath: folder.path + "/take.mp4")
        try FileManager.default.copyItem(atPath: Fixtures.video("too-long-12s.mp4"), toPath: folder.path + "/other.mp4")
        let two = try CommandRunner.run(["fix", "--output", "x.mp4", "take.mp4", "other.mp4"], workingDirectory: folder.path)
        #expect(two.status == 2)
        let badRole = try CommandRunner.run(["fix", "--role", "edit/nothing", "take.mp4"], workingDirectory: folder.path)
        #expect(badRole.status == 2)
        let named = try CommandRunner.run(["fix", "--role", "edit/source-video", "--output", "short/ten.mp4", "take.mp4"],
                                          workingDirectory: folder.path)
        #expect(named.status == 1, "no folder 'short': \(named.stdout)")
        try FileManager.default.createDirectory(atPath: folder.path + "/short", withIntermediateDirectories: false)
        let written = try CommandRunner.run(["fix", "--role", "edit/source-video", "--output", "short/ten.mp4", "take.mp4"],
                                            workingDirectory: folder.path)
        #expect(written.status == 0, "\(written.stdout)")
        #expect(FileManager.default.fileExists(atPath: folder.path + "/short/ten.mp4"))
    }
}
