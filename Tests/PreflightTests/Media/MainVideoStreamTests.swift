import Testing
@testable import PreflightMedia

/// A file with several video tracks is judged on the one `ffmpeg -i` maps — what players show and
/// services built on FFmpeg process — and `fix` and the previews decode that same track.
@Suite struct MainVideoStreamTests {
    @Test func theTrackFFmpegMapsIsTheOneJudgedAndRewritten() throws {
        // Track 0: 320×180, 1 s, not flagged default; track 1: 160×90, 2 s at 10 fps, flagged
        // default (scripts/make-video-fixtures.sh). `ffmpeg -i` maps track 1 (expected-ffprobe.json:
        // ffmpeg_maps_video 1); preflight used to judge track 0: 320×180, 10 frames.
        let path = Fixtures.video("two-video-tracks.mp4")
        let record = MediaProbe.probe(path: path)
        #expect(record.failure == nil)
        #expect(record.video?.width == 160 && record.video?.height == 90)
        #expect(record.video?.frameCount == 20)
        let input = try MediaRewriter.openInput(path)
        try input.findStreamInfo()
        #expect(StreamFacts.mainVideoStream(input) == 1, "the track fix and the previews decode")
    }
}
