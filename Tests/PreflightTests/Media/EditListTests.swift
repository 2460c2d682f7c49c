import Foundation
import Testing
import PreflightMedia

/// MP4/MOV edit lists: what a player shows is what is measured. A stream-copy cut keeps the samples
/// from the keyframe before the cut point and hides them with an edit list; they are neither frames
/// nor duration, yet the hidden keyframe must still decode (the shown frames refer to it).
@Suite struct EditListTests {
    static let judging = ProbeOptions(timeoutSeconds: 10, proveDecoding: true)

    @Test func aStreamCopyCutIsMeasuredAsItPlays() throws {
        // 120 samples over 4 s, the edit list shows the last 2.5 s: 75 frames (ffprobe: 75 decoded).
        let record = MediaProbe.probe(path: Fixtures.video("edit-list-cut.mp4"), options: Self.judging)
        #expect(record.failure == nil, "the hidden keyframe decodes: \(String(describing: record.failure))")
        let duration = try #require(record.durationSeconds)
        #expect(abs(duration - 2.5) <= 0.01, "\(duration)")
        #expect(!record.durationFromPackets, "the header is right; the shown samples agree with it")
        let video = try #require(record.video)
        #expect(video.frameCount == 75)
        #expect(video.frameRate == Rational(30, 1))
        #expect(video.variableFrameRate == false)
    }

    @Test func aCutBelowTheMinimumFailsForItsDurationNotAsDamage() throws {
        // Kling O1's edit mode takes 3–10 s: 4 s of samples, 2.5 s shown, is too short — and playable.
        let run = try CommandRunner.run(["check", "--no-cache", "--format", "json", "--profile", "kling-o1",
                                         "--role", "edit/source-video", Fixtures.video("edit-list-cut.mp4")])
        #expect(run.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let files = try #require(report["files"] as? [[String: Any]])
        let findings = try #require(files.first?["findings"] as? [[String: Any]])
        let failing = Set(findings.filter { $0["severity"] as? String == "error" }.compactMap { $0["rule"] as? String })
        // (The fixture is 320×240 to stay small: the short side fails too.) Not video.readable.
        #expect(failing == ["video.duration", "video.short-side-min"], "\(findings)")
        let duration = try #require(findings.first { $0["rule"] as? String == "video.duration" })
        #expect(duration["actual"] as? Double == 2.5)
    }

    @Test func anEditListThatHidesEverySampleHasNoFrames() throws {
        // The video edit's media time pushed past the last sample (a byte edit of the fixture).
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixtures.video("edit-list-cut.mp4"))))
        let elst = try #require((0..<bytes.count - 4).first { bytes[$0..<$0 + 4].elementsEqual("elst".utf8) })
        #expect(bytes[elst + 4] == 0, "version 0: 32-bit duration and media time")
        for (offset, byte) in [UInt8(0x00), 0x98, 0x96, 0x80].enumerated() { bytes[elst + 16 + offset] = byte }  // 10,000,000
        let folder = try TemporaryFolder()
        let record = MediaProbe.probe(path: try folder.write("hidden.mp4", Data(bytes)), options: Self.judging)
        #expect(record.failure?.code == .noFrames)
        #expect(record.failure?.message.contains("hidden by its edit list") == true, "\(String(describing: record.failure))")
    }

    @Test func aDelayedTrackStillHasItsProfileAndFieldOrder() throws {
        // The video starts 0.6 s after the audio: its first packet lies past FFmpeg's analysis window.
        let record = MediaProbe.probe(path: Fixtures.video("delayed-baseline.mp4"))
        let video = try #require(record.video)
        #expect(video.profile == "Constrained Baseline")
        #expect(video.fieldOrder == "progressive")
        #expect(video.frameCount == 60)
        #expect(abs((record.durationSeconds ?? 0) - 3.0) <= 0.01)
    }
}
