import Foundation
import Testing
@testable import PreflightMedia

/// `preflight probe` against ffprobe on every video fixture: the values stored beside the fixtures by
/// scripts/expected-probe.py (ffprobe -show_format -show_streams -count_packets).
@Suite struct ProbeTruthTests {
    static var expectations: [String: [String: Any]] {
        (try? Fixtures.json("Fixtures/video/expected-ffprobe.json")) as? [String: [String: Any]] ?? [:]
    }

    static let readableFixtures: [String] = expectations.filter { $0.value["error"] == nil }.keys.sorted()

    /// The video stream `ffmpeg -i` maps (expected-probe.py reads its "Stream mapping" line): the
    /// one preflight judges, which is not always the first (two-video-tracks.mp4).
    static func mappedVideo(_ expected: [String: Any]) -> [String: Any]? {
        guard let index = expected["ffmpeg_maps_video"] as? Int, let streams = expected["streams"] as? [[String: Any]],
              streams.indices.contains(index) else { return nil }
        return streams[index]
    }

    @Test func everyVideoFixtureHasAnExpectation() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Fixtures.video(""))
            .filter { !$0.hasPrefix("expected") }
        #expect(Set(names) == Set(Self.expectations.keys))
        #expect(Self.readableFixtures.count >= 11)
    }

    @Test(arguments: readableFixtures)
    func matchesFFprobe(_ name: String) throws {
        let expected = try #require(Self.expectations[name])
        let record = MediaProbe.probe(path: Fixtures.video(name))
        #expect(record.failure == nil, "\(name): \(String(describing: record.failure))")
        #expect(record.formatName == expected["format_name"] as? String)
        #expect(record.majorBrand == (expected["major_brand"] as? String)?.trimmingCharacters(in: .whitespaces))
        #expect(record.sizeBytes == Int64(expected["size"] as! Int))
        let duration = try #require(record.durationSeconds)
        if record.durationFromPackets {
            // The header lies (unknown-duration.mp4: ffprobe says 4294967.295 s); the samples do not.
            let videoStream = try #require(Self.mappedVideo(expected))
            let frames = Double(Self.shownFrames(videoStream) ?? 0)
            let rate = try #require(Rational(parsing: videoStream["avg_frame_rate"] as? String ?? "")?.value)
            #expect(abs(duration - frames / rate) <= 1 / rate + 0.001, "\(name): \(duration)")
            if let header = expected["duration"] as? Double {
                #expect(abs(duration - header) > 1, "\(name): only a lying header is replaced")
            } else {
                #expect(name == "no-cues.webm", "\(name): ffprobe has no duration, so the packets give it")
            }
        } else {
            #expect(abs(duration - (expected["duration"] as! Double)) <= 0.010, "\(name)")
        }
        #expect(record.containerBitRate == (expected["bit_rate"] as? Int).map(Int64.init))

        let streams = expected["streams"] as! [[String: Any]]
        let videoStream = try #require(Self.mappedVideo(expected))
        let video = try #require(record.video)
        #expect(video.codec == videoStream["codec_name"] as? String)  // ffprobe omits it for a codec it does not know
        let tag = videoStream["codec_tag_string"] as? String
        #expect(video.codecTag == (tag == "[0][0][0][0]" ? nil : tag), "\(name)")
        #expect(video.profile == videoStream["profile"] as? String)
        #expect(video.pixelFormat == videoStream["pix_fmt"] as? String)
        #expect(video.codedWidth == videoStream["width"] as? Int)
        #expect(video.codedHeight == videoStream["height"] as? Int)
        // ffprobe prints the display matrix's counter-clockwise angle; preflight reports clockwise.
        // ffprobe 5.1 reads a mirroring matrix as a turn (a left–right mirror as −180): those
        // fixtures are checked against the pictures players show (FixCommandTests).
        let mirrored = videoStream["mirrored"] as? Bool ?? false
        #expect(video.mirrored == mirrored, "\(name)")
        if !mirrored {
            #expect(video.rotation == ((-(videoStream["rotation"] as? Int ?? 0)) % 360 + 360) % 360)
        }
        #expect(video.sampleAspectRatio?.ratioDescription == videoStream["sample_aspect_ratio"] as? String)
        // Where decode times vary but presentation times are steady (irregular-dts.mp4), the rate
        // is the presentation rate: ffprobe's r_frame_rate, not its average over decode times.
        #expect(video.frameRate?.description == videoStream[record.frameRateFromPackets ? "r_frame_rate" : "avg_frame_rate"] as? String)
        // WMV7/8 cannot code interlaced video and FFmpeg's stream parameters leave their field order
        // unknown; preflight reads it from the keyframe it decodes: progressive.
        let progressiveOnly: Set<String> = ["wmv1", "wmv2"]
        let expectedFieldOrder = videoStream["field_order"] as? String
            ?? (progressiveOnly.contains(video.codec ?? "") ? "progressive" : nil)
        #expect(video.fieldOrder == expectedFieldOrder, "\(name)")
        #expect(video.bitRate == (videoStream["bit_rate"] as? String).flatMap { Int64($0) })
        #expect(video.frameCount == Self.shownFrames(videoStream), "\(name)")

        let audioStreams = streams.filter { $0["codec_type"] as? String == "audio" }
        #expect(record.audio.count == audioStreams.count)
        for (audio, expectedAudio) in zip(record.audio, audioStreams) {
            #expect(audio.codec == expectedAudio["codec_name"] as? String)
            #expect(audio.channels == expectedAudio["channels"] as? Int)
            #expect(String(audio.sampleRate) == expectedAudio["sample_rate"] as? String)
        }
    }

    /// The frames a player shows: ffprobe's decoded count, which leaves out the samples an edit list
    /// hides (edit-list-cut.mp4: 75 of 120 packets); packets where FFmpeg has no decoder.
    static func shownFrames(_ stream: [String: Any]) -> Int? {
        ((stream["nb_read_frames"] ?? stream["nb_read_packets"]) as? String).flatMap { Int($0) }
    }

    @Test func mp4AndQuickTimeAreToldApartByTheirBrand() {
        #expect(MediaProbe.probe(path: Fixtures.video("clip-h264-aac.mp4")).container == "mp4")
        #expect(MediaProbe.probe(path: Fixtures.video("clip-quicktime.mov")).container == "mov")
        #expect(MediaProbe.probe(path: Fixtures.video("clip-matroska.mkv")).container == "matroska")
        #expect(MediaProbe.probe(path: Fixtures.video("clip-vp9.webm")).container == "webm")
    }

    @Test func aPortraitPhoneClipIsReportedAsDisplayed() throws {
        // A phone's matrix [0 1; -1 0]: turned 90° clockwise to show (exiftool 90, ffprobe -90).
        let phone = try #require(MediaProbe.probe(path: Fixtures.video("phone-portrait.mp4")).video)
        #expect(phone.rotation == 90)
        #expect((phone.width, phone.height) == (720, 1280))
        #expect((phone.codedWidth, phone.codedHeight) == (1280, 720))
        // The mirror matrix [0 -1; 1 0]: turned 270° clockwise (ffmpeg shows it turned left).
        let other = try #require(MediaProbe.probe(path: Fixtures.video("rotated-portrait.mp4")).video)
        #expect(other.rotation == 270)
        #expect((other.width, other.height) == (720, 1280))
    }

    @Test func variableFrameRateIsMeasuredFromTimestamps() throws {
        let variable = try #require(MediaProbe.probe(path: Fixtures.video("variable-rate.mp4")).video)
        #expect(variable.variableFrameRate == true)
        #expect(abs((variable.maxFrameRate ?? 0) - 30) < 0.01)
        #expect(abs((variable.minFrameRate ?? 0) - 10) < 0.01)
        // One frame has no interval to measure: unknown, not constant (the byte edits of it too).
        let oneFrame: Set = ["one-frame.mp4", "unknown-codec.mp4", "sample-entry-size.mp4"]
        for name in Self.readableFixtures where name != "variable-rate.mp4" && !oneFrame.contains(name) {
            #expect(MediaProbe.probe(path: Fixtures.video(name)).video?.variableFrameRate == false, "\(name)")
        }
        for name in oneFrame { #expect(MediaProbe.probe(path: Fixtures.video(name)).video?.variableFrameRate == nil) }
    }

    @Test func ntscFilmRateIsExact() throws {
        let video = try #require(MediaProbe.probe(path: Fixtures.video("ntsc-film.mp4")).video)
        #expect(video.frameRate == Rational(24000, 1001))
    }

    @Test func decodingPathAndHeaderPathAgree() throws {
        // The MP4 fast path reads the pixel format from avcC/hvcC; the Matroska path decodes. Both
        // must report the same picture format for the same kind of stream.
        let fromHeader = try #require(MediaProbe.probe(path: Fixtures.video("clip-h264-aac.mp4")).video)
        let fromDecoder = try #require(MediaProbe.probe(path: Fixtures.video("clip-matroska.mkv")).video)
        #expect(fromHeader.pixelFormat == fromDecoder.pixelFormat)
        #expect(fromHeader.bitDepth == 8)
        #expect(MediaProbe.probe(path: Fixtures.video("hevc-10bit.mp4")).video?.bitDepth == 10)
    }

    @Test func ffmpegLogIsKeptWithTheFileNotPrinted() {
        let record = MediaProbe.probe(path: Fixtures.video("not-a-video.mp4"))
        #expect(record.log.contains { $0.contains("moov atom not found") })
        #expect(MediaProbe.probe(path: Fixtures.video("clip-h264-aac.mp4")).log.isEmpty)
    }
}
