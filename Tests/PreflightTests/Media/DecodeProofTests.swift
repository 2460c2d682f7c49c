import Foundation
import Testing
import PreflightMedia

/// A pass means the video decodes: files whose headers and index look fine but whose media data
/// is blank, damaged or missing fail `check`, each with a clear code.
@Suite struct DecodeProofTests {
    static let judging = ProbeOptions(timeoutSeconds: 10, proveDecoding: true)

    static func mutated(_ fixture: String, _ edit: (inout [UInt8]) throws -> Void) throws -> [UInt8] {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixtures.video(fixture))))
        try edit(&bytes)
        return bytes
    }

    /// The payload range of the first top-level box of `type`.
    static func payload(of type: String, in bytes: [UInt8]) throws -> Range<Int> {
        let tag = Array(type.utf8)
        let start = try #require((4..<bytes.count - 4).first { Array(bytes[$0..<$0 + 4]) == tag })
        let size = Int(bytes[start - 4]) << 24 | Int(bytes[start - 3]) << 16 | Int(bytes[start - 2]) << 8 | Int(bytes[start - 1])
        return (start + 4)..<(start - 4 + size)
    }

    @Test func blankMediaDataFailsCheckButNotProbe() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("zeroed.mp4", Data(try Self.mutated("clip-h264-aac.mp4") { bytes in
            let data = try Self.payload(of: "mdat", in: bytes)
            for index in data { bytes[index] = 0 }
        }))
        let probed = MediaProbe.probe(path: path)
        #expect(probed.failure == nil, "probe reports what the index says: \(String(describing: probed.failure))")
        #expect(probed.video?.frameCount == 120)
        let judged = MediaProbe.probe(path: path, options: Self.judging)
        #expect(judged.failure?.code == .undecodable, "\(String(describing: judged.failure))")
        let check = try CommandRunner.run(["check", "--no-cache", "--format", "json", path])
        #expect(check.status == 1)
        #expect(check.stdout.contains("\"undecodable\""))
    }

    @Test func emptySampleTablesHaveNoFrames() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("empty.mp4", Data(try Self.mutated("clip-h264-aac.mp4") { bytes in
            let stsz = try #require((4..<bytes.count - 4).first { Array(bytes[$0..<$0 + 4]) == Array("stsz".utf8) })
            for index in stsz + 8..<stsz + 16 { bytes[index] = 0 }  // sample size 0, sample count 0
        }))
        let record = MediaProbe.probe(path: path)
        #expect(record.failure?.code == .noFrames, "\(String(describing: record.failure))")
        #expect(try CommandRunner.run(["check", "--no-cache", path]).status == 1)
    }

    @Test func damageAfterTheFirstKeyframeIsCaught() throws {
        // 12 s at 24 fps with keyframes at 0 and 250: the last quarter of the media data is zeroed,
        // which the index cannot show.
        let folder = try TemporaryFolder()
        let path = try folder.write("tail.mp4", Data(try Self.mutated("too-long-12s.mp4") { bytes in
            let data = try Self.payload(of: "mdat", in: bytes)
            for index in (data.lowerBound + data.count * 3 / 4)..<data.upperBound { bytes[index] = 0 }
        }))
        let record = MediaProbe.probe(path: path, options: Self.judging)
        #expect(record.failure?.code == .undecodable)
        #expect(record.failure?.message.contains("first keyframe decodes but the last one does not") == true, "\(String(describing: record.failure))")
    }

    @Test func damageInTheLastFragmentIsCaught() throws {
        // A fragmented MP4 (18 keyframes, one fragment each) is read from the index of every
        // fragment's header. The last fragment's media data zeroed (its moof still lists the
        // samples): the probe, which reads no media data, passes; the proof seeks the last
        // keyframe the index lists and fails on it.
        let folder = try TemporaryFolder()
        let path = try folder.write("last-fragment.mp4", Data(try Self.mutated("fragmented-sidx.mp4") { bytes in
            let tag = Array("mdat".utf8)
            let start = try #require((4..<bytes.count - 4).last { Array(bytes[$0..<$0 + 4]) == tag })
            for index in start + 4..<bytes.count { bytes[index] = 0 }
        }))
        #expect(MediaProbe.probe(path: path).failure == nil, "probe reads no media data")
        let record = MediaProbe.probe(path: path, options: Self.judging)
        #expect(record.failure?.code == .undecodable)
        #expect(record.failure?.message.contains("first keyframe decodes but the last one does not") == true, "\(String(describing: record.failure))")
        // The same file undamaged passes, with both keyframes decoded.
        #expect(MediaProbe.probe(path: Fixtures.video("fragmented-sidx.mp4"), options: Self.judging).failure == nil)
    }

    @Test func aMatroskaClipsOnlyKeyframeIsDecodedWhileDemuxed() throws {
        // Its one keyframe (3,500 bytes at byte 588, as ffprobe's packet position gives it) zeroed
        // but for its first bytes: decoded as it passes, it fails the proof.
        let folder = try TemporaryFolder()
        let path = try folder.write("zeroed.mkv", Data(try Self.mutated("clip-matroska.mkv") { bytes in
            for index in 588 + 16..<588 + 2_000 { bytes[index] = 0 }
        }))
        let record = MediaProbe.probe(path: path, options: Self.judging)
        #expect(record.failure?.code == .undecodable, "\(String(describing: record.failure))")
        #expect(record.failure?.message.contains("keyframe") == true)
    }

    @Test func aTransportStreamIsDecodedWhileDemuxed() throws {
        // MPEG-TS states no picture format: the first keyframe, decoded while demuxing, gives it
        // (ffprobe: yuv420p High, SAR 1:1) and is the decode proof's first keyframe.
        let record = MediaProbe.probe(path: Fixtures.video("clip-mpegts.ts"), options: Self.judging)
        #expect(record.failure == nil)
        #expect(record.video?.pixelFormat == "yuv420p" && record.video?.profile == "High")
        #expect(record.video?.sampleAspectRatio == Rational(1, 1))
        #expect(record.audio.first?.channels == 1 && record.audio.first?.sampleRate == 44100)
        // Its video payloads zeroed after the first TS packet: the keyframe does not decode.
        let folder = try TemporaryFolder()
        let path = try folder.write("zeroed.ts", Data(try Self.mutated("clip-mpegts.ts") { bytes in
            var seen = 0
            for start in stride(from: 0, to: bytes.count - 187, by: 188) where (Int(bytes[start + 1]) & 0x1F) << 8 | Int(bytes[start + 2]) == 0x100 {
                seen += 1
                if seen > 1 { for index in start + 4..<start + 188 { bytes[index] = 0 } }
            }
        }))
        let damaged = MediaProbe.probe(path: path, options: Self.judging)
        #expect(damaged.failure?.code == .undecodable, "\(String(describing: damaged.failure))")
    }

    @Test(arguments: ["keyframes-mpegts.ts", "keyframes-mpeg2.mpg", "keyframes.flv"])
    func theLastKeyframeOfAContainerWithoutAKeyframeIndexIsDecodedAsItPasses(_ name: String) throws {
        // Three keyframes, one a second. These demuxers seek by timestamp (a binary search over the
        // file, or an index of every packet or tag): seeking to the last keyframe landed after it
        // and failed each of these intact files as undecodable.
        let record = MediaProbe.probe(path: Fixtures.video(name), options: Self.judging)
        #expect(record.failure == nil, "\(name): \(String(describing: record.failure))")
        #expect(record.video?.frameCount == 75)
        #expect(try CommandRunner.run(["check", "--no-cache", Fixtures.video(name)]).stdout.contains("video.readable") == false)
    }

    @Test func aDamagedLastKeyframeInATransportStreamIsCaught() throws {
        // The last keyframe (at 2 s) keeps its PES header and first 2 TS packets (access unit
        // delimiter, SPS, PPS, SEI and the IDR slice's start, so the parser still flags it); the
        // rest of its video payload is zeroed. Kept as it passed, it is decoded, and the errors show.
        let folder = try TemporaryFolder()
        let path = try folder.write("last-keyframe.ts", Data(try Self.mutated("keyframes-mpegts.ts") { bytes in
            let original = bytes
            func video(_ start: Int) -> Bool { (Int(original[start + 1]) & 0x1F) << 8 | Int(original[start + 2]) == 0x100 }
            let unitStarts = stride(from: 0, to: original.count - 187, by: 188).filter { video($0) && original[$0 + 1] & 0x40 != 0 }
            // FFmpeg's muxer marks a keyframe's first TS packet random-access (adaptation field flag 0x40).
            let keyframeStarts = unitStarts.filter { original[$0 + 3] & 0x20 != 0 && original[$0 + 4] > 0 && original[$0 + 5] & 0x40 != 0 }
            #expect(keyframeStarts.count == 3)
            let last = try #require(keyframeStarts.last)
            var packets = 0
            for start in stride(from: last, to: original.count - 187, by: 188) where video(start) {
                if start != last && original[start + 1] & 0x40 != 0 { break }  // the next PES
                packets += 1
                guard packets > 2 else { continue }
                let payload = original[start + 3] & 0x20 != 0 ? start + 5 + Int(original[start + 4]) : start + 4
                for index in payload..<start + 188 { bytes[index] = 0 }
            }
        }))
        let record = MediaProbe.probe(path: path, options: Self.judging)
        #expect(record.failure?.code == .undecodable, "\(String(describing: record.failure))")
        #expect(record.failure?.message.contains("the first keyframe decodes but the last one does not (the video's keyframe decodes with errors") == true,
                "\(String(describing: record.failure))")
    }

    /// Periodic intra refresh: after one IDR picture every keyframe is a recovery point, which the
    /// decoder held back until the refresh completes; decoded alone it gave no picture, and these
    /// files (which every player plays) failed as damaged.
    @Test func recoveryPointKeyframesOfIntraRefreshStreamsDecode() throws {
        let record = MediaProbe.probe(path: Fixtures.video("intra-refresh.mp4"), options: Self.judging)
        #expect(record.failure == nil, "\(String(describing: record.failure))")
        #expect(record.video?.frameCount == 75)
        // A stream capture that begins at a recovery point: no IDR picture at all (x264 repeats
        // SPS and PPS at each recovery point in MPEG-TS). Its first keyframe, decoded while
        // demuxing, gives the picture format.
        let folder = try TemporaryFolder()
        try BrokenMedia.ffmpeg(["-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=3", "-c:v", "libx264",
                                "-preset", "veryfast", "-bf", "0", "-x264-params", "threads=1:intra-refresh=1:keyint=25",
                                "-f", "mpegts", "stream.ts"], in: folder.path)
        try BrokenMedia.ffmpeg(["-ss", "1", "-i", "stream.ts", "-c", "copy", "-f", "mpegts", "capture.ts"], in: folder.path)
        let capture = MediaProbe.probe(path: folder.url.appendingPathComponent("capture.ts").path, options: Self.judging)
        #expect(capture.failure == nil, "\(String(describing: capture.failure))")
        #expect(capture.video?.pixelFormat == "yuv420p" && capture.video?.width == 320)
        #expect(capture.video?.frameCount == 50)
        // Shown at once, a recovery point's errors still count: the last one's slice data garbled.
        let garbled = try folder.write("garbled.mp4", Data(try Self.mutated("intra-refresh.mp4") { bytes in
            let last = 38190, size = 918  // ffprobe -show_entries packet=pos,size: the keyframe at 2 s
            #expect(Array(bytes[last..<last + 5]) == [0, 0, 0, 6, 6], "the sample starts with its recovery point SEI (6 bytes)")
            for index in last + 40..<last + size { bytes[index] = 0x5A }
        }))
        let damaged = MediaProbe.probe(path: garbled, options: Self.judging)
        #expect(damaged.failure?.code == .undecodable, "\(String(describing: damaged.failure))")
        #expect(damaged.failure?.message.contains("the last one does not (the video's keyframe decodes with errors") == true)
    }

    @Test func everyReadableFixtureDecodes() throws {
        for name in ["clip-mpegts.ts", "clip-vp8.webm", "fragmented-audio.mp4", "irregular-dts.mp4", "clip-h264-aac.mp4", "clip-quicktime.mov", "clip-matroska.mkv", "clip-vp9.webm", "hevc-10bit.mp4",
                     "interlaced-tff.mp4", "ntsc-film.mp4", "phone-portrait.mp4", "rotated-portrait.mp4", "too-long-12s.mp4",
                     "variable-rate.mp4", "anamorphic-pal.mp4"] {
            let record = MediaProbe.probe(path: Fixtures.video(name), options: Self.judging)
            #expect(record.failure == nil, "\(name): \(String(describing: record.failure))")
        }
    }
}
