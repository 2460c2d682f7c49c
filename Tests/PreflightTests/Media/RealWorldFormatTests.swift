import Foundation
import Testing
import PreflightMedia

/// Files as phones, cameras and media libraries make them (Fixtures/image/formats, made by
/// scripts/make-format-fixtures.py, and three clips from scripts/make-video-fixtures.sh).
@Suite struct RealWorldFormatTests {
    static func format(_ name: String) -> String { Fixtures.image("formats/\(name)") }

    @Test(arguments: [
        ("still.heic", "HEIF/HEIC", "JPEG or PNG"),
        ("tiled-grid.avif", "tiled into a grid", "PNG or JPEG"),
        ("animated.webp", "animated WebP", "export one frame"),
        ("animated.gif", "animated GIF (3 frames)", "export one frame"),
        ("arithmetic.jpg", "arithmetic coding", "baseline JPEG"),
        ("cielab.tif", "CIELab", "sRGB PNG or JPEG"),
        ("bigtiff.tif", "BigTIFF", "classic TIFF, PNG or JPEG"),
        // FFmpeg 5.1 decodes JPEG-compressed TIFF to zeros without an error: a sharp scan would
        // otherwise score focus 0, and ffmpeg's own conversion to PNG is black.
        ("jpeg-compressed.tif", "JPEG-compressed TIFF", "PNG or JPEG with an image editor"),
        ("old-jpeg.tif", "old-style JPEG compression", "PNG or JPEG with an image editor"),
        // FFmpeg 5.1 refuses these with "Invalid data found", which read as damage.
        ("float-gray.tif", "floating-point TIFF (32-bit float samples", "8- or 16-bit TIFF, PNG or JPEG"),
        ("float-rgb.tif", "floating-point TIFF (32-bit float samples", "8- or 16-bit TIFF, PNG or JPEG"),
        ("int32-gray.tif", "32-bit signed integer samples", "8- or 16-bit TIFF, PNG or JPEG"),
        ("zstd.tif", "Zstandard compression (compression 50000)", "uncompressed or with LZW or Deflate"),
    ])
    func completeFilesFFmpegCannotDecodeAreUnsupportedNotDamaged(name: String, what: String, advice: String) {
        let record = MediaProbe.probe(path: Self.format(name))
        #expect(record.failure?.code == .unsupportedFormat, "\(name): \(String(describing: record.failure))")
        #expect(record.failure?.message.contains(what) == true, "\(name): \(record.failure?.message ?? "")")
        #expect(record.failure?.message.contains(advice) == true, "\(name)")
        #expect(record.kind == .image)
    }

    @Test(arguments: [("one-frame.gif", "gif"), ("still.avif", "avif")])
    func stillsInVideoContainersAreImages(name: String, container: String) throws {
        let record = MediaProbe.probe(path: Self.format(name), analyzer: { _ in LumaMetrics(laplacianVariance: 1, focusScore: 1, meanLuma: 1) })
        #expect(record.failure == nil, "\(String(describing: record.failure))")
        #expect(record.kind == .image)
        #expect(record.container == container)
        #expect(record.video == nil)
        #expect((record.image?.width, record.image?.height) == (96, 64))
    }

    @Test(arguments: ["orientation-6.tif", "orientation-6.png", "orientation-6.webp"])
    func exifOrientationOutsideJPEGIsApplied(name: String) throws {
        let image = try #require(MediaProbe.probe(path: Self.format(name)).image)
        #expect(image.orientation == 6)
        #expect((image.width, image.height) == (64, 96), "stored 96×64, shown turned a quarter")
        #expect((image.codedWidth, image.codedHeight) == (96, 64))
    }

    @Test(arguments: ["bad-exif.jpg", "bad-exif.webp"])
    func ffmpegsEXIFComplaintsAreNotDamage(name: String) throws {
        let record = MediaProbe.probe(path: Self.format(name))
        #expect(record.failure == nil, "\(String(describing: record.failure))")
        #expect(record.image?.width == 96)
    }

    @Test(arguments: [("cmyk.jpg", false), ("palette-opaque.bmp", false), ("opaque-lossless.webp", false),
                      ("palette-trns.png", true), ("../rgba8.png", true), ("../rgb8.png", false)])
    func alphaOnlyWhereThereIsTransparency(name: String, alpha: Bool) throws {
        let image = try #require(MediaProbe.probe(path: Self.format(name)).image)
        #expect(image.hasAlpha == alpha, "\(name) as \(image.pixelFormat ?? "?")")
    }

    @Test func twelveBitJPEGReportsItsOwnPrecision() throws {
        // SOI, SOF1 with 12-bit precision, 16×8, one component; EOI.
        let bytes: [UInt8] = [0xFF, 0xD8, 0xFF, 0xC1, 0x00, 0x0B, 12, 0x00, 0x08, 0x00, 0x10, 0x01, 0x01, 0x11, 0x00, 0xFF, 0xD9]
        let header = try #require(bytes.withUnsafeBytes { JPEGHeader.parse($0) })
        #expect(header.precision == 12)
        #expect(!header.isArithmeticCoded)
        #expect(try #require(MediaProbe.probe(path: Fixtures.image("quality-90.jpg")).image).bitDepth == 8)
    }

    @Test(arguments: ["audio-outlasts-video.mkv", "subtitle-outlasts-video.mkv", "one-frame.mp4"])
    func streamsThatOutlastTheVideoAndOneFrameClipsAreNotTruncated(name: String) throws {
        let record = MediaProbe.probe(path: Fixtures.video(name), options: ProbeOptions(proveDecoding: true))
        #expect(record.failure == nil, "\(name): \(String(describing: record.failure))")
        #expect(record.kind == .video)
    }

    @Test func aMatroskaFileCutShortIsStillTruncated() throws {
        let folder = try TemporaryFolder()
        let path = try folder.truncatedCopy(of: Fixtures.video("audio-outlasts-video.mkv"), fraction: 0.5, as: "cut.mkv")
        #expect(MediaProbe.probe(path: path).failure?.code == .truncated)
    }

    @Test func fragmentedMP4CountsEveryFragment() throws {
        // A sidx lets FFmpeg's index stop after the first fragment (48 of 864 frames).
        let record = MediaProbe.probe(path: Fixtures.video("fragmented-sidx.mp4"))
        #expect(record.failure == nil)
        #expect(record.video?.frameCount == 864)
        #expect(record.video?.variableFrameRate == false)
        #expect(record.durationSeconds == 36)
        // With audio, FFmpeg averages the video over a span the audio lengthens (614400/20599 =
        // 29.83 fps); the packets are every 512/15360 s: 30/1.
        let withAudio = MediaProbe.probe(path: Fixtures.video("fragmented-audio.mp4"))
        #expect(withAudio.video?.frameRate == Rational(30, 1))
        #expect(withAudio.frameRateFromPackets)
        #expect(withAudio.video?.frameCount == 120)
    }

    @Test func fragmentedMP4CutInsideItsLastFragmentIsTruncated() throws {
        // Every fragment's header is indexed, so a cut inside the last fragment's media data shows
        // as samples past the end of the file. Read packet by packet, the cut packet was dropped and
        // the file passed as 35.9 s. A cut between fragments leaves the sidx's 36 s unmet.
        let source = try Data(contentsOf: URL(fileURLWithPath: Fixtures.video("fragmented-sidx.mp4")))
        let bytes = [UInt8](source)
        let lastData = try #require((4..<bytes.count - 4).last { Array(bytes[$0..<$0 + 4]) == Array("mdat".utf8) })
        let folder = try TemporaryFolder()
        let insideData = try folder.write("cut-in-data.mp4", Data(bytes[..<(lastData + (bytes.count - lastData) / 2)]))
        let record = MediaProbe.probe(path: insideData)
        #expect(record.failure?.code == .truncated, "\(String(describing: record.failure))")
        let dataEnd = lastData - 4 + bytes[(lastData - 4)..<lastData].reduce(0) { $0 << 8 | Int($1) }  // before the mfra
        #expect(record.failure?.message.contains("its index points to byte \(dataEnd)") == true, "\(record.failure?.message ?? "")")
        let lastHeader = try #require((4..<bytes.count - 4).last { Array(bytes[$0..<$0 + 4]) == Array("moof".utf8) }) - 4
        let betweenFragments = try folder.write("cut-between.mp4", Data(bytes[..<lastHeader]))
        let cut = MediaProbe.probe(path: betweenFragments)
        #expect(cut.failure?.code == .truncated, "\(String(describing: cut.failure))")
        #expect(cut.failure?.message.contains("the header says 36.00 s") == true, "\(cut.failure?.message ?? "")")
    }

    @Test func variabilityIsJudgedOnPresentationTimes() throws {
        // Decode times alternate 150 and 17 fps (stts), presentation times are every 1/30 s (ctts):
        // constant 30 fps. The truly variable clip (30 then 10 fps) stays variable.
        let steady = MediaProbe.probe(path: Fixtures.video("irregular-dts.mp4"))
        #expect(steady.failure == nil)
        #expect(steady.video?.variableFrameRate == false)
        #expect(steady.video?.frameRate == Rational(30, 1))
        #expect(steady.frameRateFromPackets)
        #expect(steady.video?.minFrameRate == 30 && steady.video?.maxFrameRate == 30)
        #expect(steady.video?.frameCount == 60)
        let variable = MediaProbe.probe(path: Fixtures.video("variable-rate.mp4"))
        #expect(variable.video?.variableFrameRate == true)
        #expect(abs((variable.video?.minFrameRate ?? 0) - 10) < 0.01 && abs((variable.video?.maxFrameRate ?? 0) - 30) < 0.01)
        #expect(!variable.frameRateFromPackets)
        // check's decode proof still runs after the packets were read.
        #expect(MediaProbe.probe(path: Fixtures.video("irregular-dts.mp4"), options: ProbeOptions(proveDecoding: true)).failure == nil)
    }

    @Test func anUnknownCodecIsNullWithItsTagAndFailsAsUnsupported() throws {
        let record = MediaProbe.probe(path: Fixtures.video("unknown-codec.mp4"))
        #expect(record.video?.codec == nil)
        #expect(record.video?.codecTag == "zzzz")
        let checked = try CommandRunner.run(["check", "--no-cache", "--format", "json", "--role", "edit/source-video", Fixtures.video("unknown-codec.mp4")])
        #expect(checked.status == 1)
        let file = try #require((checked.json?["files"] as? [[String: Any]])?.first)
        #expect(((file["probe"] as? [String: Any])?["video"] as? [String: Any])?["codec"] is NSNull)
        let finding = try #require((file["findings"] as? [[String: Any]])?.first)
        #expect((finding["message"] as? String)?.contains("unknown codec (tag zzzz)") == true)
        #expect((finding["message"] as? String)?.hasSuffix("(unsupported)") == true)
        // Not "copy it again": the file is complete, its codec is the problem.
        #expect((finding["note"] as? String)?.hasPrefix("Convert it to H.264 in MP4") == true, "\(String(describing: finding["note"]))")
        #expect((finding["fix"] as? String)?.hasPrefix("ffmpeg -i ") == true)
    }

    @Test func theBitstreamsSizeWinsOverTheSampleEntrys() throws {
        // The sample entry says 240x320, the SPS 320x240 (as the decoder and ffprobe show it).
        let record = MediaProbe.probe(path: Fixtures.video("sample-entry-size.mp4"))
        #expect(record.video?.width == 320 && record.video?.height == 240)
        #expect(record.video?.dimensionsFromBitstream == true)
        #expect(MediaProbe.probe(path: Fixtures.video("one-frame.mp4")).video?.dimensionsFromBitstream == false)
    }

    @Test func aWebMWithoutCuesOrDurationIsReadWhole() throws {
        // As browsers record it: no seek index, no duration. Every frame is counted, the duration
        // comes from the packets (so duration rules still apply), the picture format from the
        // first keyframe.
        let record = MediaProbe.probe(path: Fixtures.video("no-cues.webm"), options: ProbeOptions(proveDecoding: true))
        #expect(record.failure == nil)
        #expect(record.video?.frameCount == 30)
        #expect(record.video?.pixelFormat == "yuv420p" && record.video?.profile == "Profile 0")
        #expect(record.durationFromPackets && !record.durationEstimated)
        // ffprobe -show_packets: video from 0.007 s, Opus from -0.007 s (its pre-skip) to 1.014 s.
        // Reading again from the start, Matroska's seek skips the blocks before the first video
        // keyframe (that first Opus packet): 1.007 s, 7 ms short of the packets' full span.
        #expect(abs((record.durationSeconds ?? 0) - 1.007) < 0.002, "\(String(describing: record.durationSeconds))")
    }

    @Test func aDurationHeaderThatLiesIsReplacedByThePackets() throws {
        let record = MediaProbe.probe(path: Fixtures.video("unknown-duration.mp4"))
        #expect(record.failure == nil)
        #expect(record.durationFromPackets)
        #expect(abs((record.durationSeconds ?? 0) - 1.0) < 0.001, "\(String(describing: record.durationSeconds))")
        #expect(!MediaProbe.probe(path: Fixtures.video("clip-h264-aac.mp4")).durationFromPackets)
    }
}
