import Foundation
import Testing
@testable import Preflight
@testable import PreflightMedia
@testable import PreflightReports
@testable import PreflightRules

/// The HTML report's contract apart from the browser (scripts/html-report-check.py drives Chromium):
/// one self-contained file, small upright thumbnails, names that cannot inject markup, and a focus
/// map in the picture's upright orientation.
@Suite struct HTMLReportTests {
    @Test func thePageIsSelfContainedAndItsThumbnailsAreSmall() throws {
        let folder = try TemporaryFolder()
        for name in ["sharp-1024.jpg", "ref-portrait-exif6.jpg"] {
            try FileManager.default.copyItem(atPath: Fixtures.image(name), toPath: folder.path + "/" + name)
        }
        try FileManager.default.copyItem(atPath: Fixtures.video("phone-portrait.mp4"), toPath: folder.path + "/phone.mp4")
        let result = try CommandRunner.run(["check", "--no-cache", "--format", "html", "."], workingDirectory: folder.path)
        #expect(result.status == 0, "\(result.stderr)")
        let page = result.stdout
        #expect(page.hasPrefix("<!doctype html>"))
        // Nothing is fetched: every src is a data URI; links (sources) only open on a click.
        let sources = page.components(separatedBy: " src=\"").dropFirst().map { $0.prefix(while: { $0 != "\"" }) }
        // Two photos' posters, the clip's poster and its filmstrip (8 pictures where decoding to
        // them is cheap; the 3 s phone clip has one keyframe, so part of its strip is keyframes).
        let strip = page.components(separatedBy: "<figcaption>").count - 1
        #expect(strip >= 2 && strip <= PreviewMaker.filmstripCount)
        #expect(sources.count == 3 + strip, "\(sources.count) pictures, \(strip) in the filmstrip")
        #expect(sources.allSatisfy { $0.hasPrefix("data:image/jpeg;base64,") }, "\(sources.map { $0.prefix(40) })")
        #expect(!page.contains("<link") && !page.contains("@import") && !page.contains("url("))
        #expect(page.components(separatedBy: "<article class=\"card").count - 1 == 3)
        for source in sources {
            let bytes = try #require(Data(base64Encoded: String(source.dropFirst("data:image/jpeg;base64,".count))))
            #expect(bytes.count <= 25_000, "a thumbnail of \(bytes.count) bytes")
            #expect(bytes.starts(with: [0xFF, 0xD8]))
        }
    }

    @Test func previewsAreUprightAndSpreadOverTheClip() throws {
        // The phone clip is stored 1280×720 with a 90° flag: shown 720×1280.
        let phone = Fixtures.video("phone-portrait.mp4")
        let record = MediaProbe.probe(path: phone, options: ProbeOptions(proveDecoding: true))
        let preview = try #require(PreviewMaker.preview(of: phone, record: record))
        let poster = try #require(preview.poster)
        #expect(poster.height == 320 && poster.width == 180)
        #expect(preview.filmstrip.allSatisfy { $0.height > $0.width })
        let times = preview.filmstrip.map(\.seconds)
        #expect(times == times.sorted() && Set(times).count == times.count, "\(times)")
        #expect(times.count >= 2 && times.last! < (record.durationSeconds ?? 0))
        // Files without an index (MPEG-TS) and clips of one frame get their pictures too.
        for (name, count) in [("clip-mpegts.ts", PreviewMaker.filmstripCount), ("one-frame.mp4", 1)] {
            let path = Fixtures.video(name)
            let strip = PreviewMaker.preview(of: path, record: MediaProbe.probe(path: path))?.filmstrip.map(\.seconds) ?? []
            #expect(strip.count == count && strip == strip.sorted(), "\(name): \(strip)")
        }
        // Nor an index of keyframes (MPEG-PS indexes every packet, FLV its tags): seeking there
        // landed between keyframes, and the MPEG-2 clip's strip had 3 pictures, each late. Decoded
        // straight through, each picture is the first at or after its slot's time.
        for name in ["keyframes-mpegts.ts", "keyframes-mpeg2.mpg", "keyframes.flv"] {
            let path = Fixtures.video(name)
            let record = MediaProbe.probe(path: path)
            let strip = PreviewMaker.preview(of: path, record: record)?.filmstrip.map(\.seconds) ?? []
            let duration = try #require(record.durationSeconds)
            let slots = (0..<PreviewMaker.filmstripCount).map { duration * (Double($0) + 0.5) / Double(PreviewMaker.filmstripCount) }
            // Within a frame (0.04 s) and the video's delay behind the audio (AAC priming, ≤ 0.06 s).
            #expect(strip.count == slots.count && zip(strip, slots).allSatisfy { $0 >= $1 - 0.07 && $0 < $1 + 0.1 }, "\(name): \(strip)")
        }
        // Times are the presentation's: a video track delayed 0.6 s behind its audio shows its
        // pictures from 0.6 s to its end at 2.6 s; an edit-listed cut from 0 to its 2.5 s.
        for (name, from, to) in [("delayed-baseline.mp4", 0.6, 2.6), ("edit-list-cut.mp4", 0.0, 2.5)] {
            let path = Fixtures.video(name)
            let strip = PreviewMaker.preview(of: path, record: MediaProbe.probe(path: path))?.filmstrip.map(\.seconds) ?? []
            #expect(strip.count >= 6 && strip.allSatisfy { $0 >= from - 0.001 && $0 < to }, "\(name): \(strip)")
        }
        // A long GOP (12 s at 24 fps, keyframes at 0 and 10.42 s): decoding on to the first times
        // spends the budget; that slot shows the picture decoded on the way (not the keyframe at 0
        // decoded again), and the rest of the strip the next keyframe, decoded once.
        let longGOP = Fixtures.video("too-long-12s.mp4")
        let longPreview = try #require(PreviewMaker.preview(of: longGOP, record: MediaProbe.probe(path: longGOP)))
        let longTimes = longPreview.filmstrip.map(\.seconds)
        #expect(longTimes.count == 3, "\(longTimes)")
        #expect(longTimes.count == 3 && longTimes[0] >= 0.7 && longTimes[1] > longTimes[0] && longTimes[1] < 2.25
                && abs(longTimes[2] - 250.0 / 24) < 0.05, "\(longTimes)")
        #expect(longPreview.poster != nil)
        // The EXIF-6 portrait photo is stored landscape, shown portrait.
        let photo = Fixtures.image("ref-portrait-exif6.jpg")
        let photoRecord = MediaProbe.probe(path: photo)
        let photoPreview = try #require(PreviewMaker.preview(of: photo, record: photoRecord)?.poster)
        #expect(photoRecord.image.map { $0.height > $0.width } == true)
        #expect(photoPreview.height == 320 && photoPreview.width < 320)
    }

    @Test func namesAndMessagesCannotInjectMarkup() throws {
        let folder = try TemporaryFolder()
        let name = "<img src=x onerror=alert(1)>\"'&.jpg"
        try FileManager.default.copyItem(atPath: Fixtures.image("small-900.jpg"), toPath: folder.path + "/" + name)
        let result = try CommandRunner.run(["check", "--no-cache", "--format", "html", name], workingDirectory: folder.path)
        #expect(!result.stdout.contains("<img src=x"))
        #expect(result.stdout.contains("&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;.jpg"))
    }

    @Test func theFocusMapIsTurnedWithThePicture() {
        // Stored 3 columns × 2 rows, values 0…5 row by row.
        let stored = FocusTiles(columns: 3, rows: 2, values: [0, 1, 2, 3, 4, 5])
        #expect(FocusMap.upright(stored, orientation: 1) == stored)
        // Orientation 6 (turn 90° clockwise): 2 columns × 3 rows; the stored bottom-left is top-left.
        #expect(FocusMap.upright(stored, orientation: 6) == FocusTiles(columns: 2, rows: 3, values: [3, 0, 4, 1, 5, 2]))
        #expect(FocusMap.upright(stored, orientation: 8) == FocusTiles(columns: 2, rows: 3, values: [2, 5, 1, 4, 0, 3]))
        #expect(FocusMap.upright(stored, orientation: 3) == FocusTiles(columns: 3, rows: 2, values: [5, 4, 3, 2, 1, 0]))
        #expect(FocusMap.upright(stored, orientation: 2) == FocusTiles(columns: 3, rows: 2, values: [2, 1, 0, 5, 4, 3]))
    }

    @Test func theFocusMapColoursTilesAtTheReferenceThresholds() throws {
        // The map's bands are the Kling references' rules (image.focus, image.focus-soft): a tile
        // as sharp as a refused picture is red, one in the "may be soft" zone amber.
        let rules = try #require(ProfileLibrary.builtIn().profile("kling-o1")).rules
        let error = try #require(rules.first { $0.id == "image.focus" }?.limit.min)
        let warning = try #require(rules.first { $0.id == "image.focus-soft" }?.limit.min)
        #expect(error == Rational(Int64(FocusMap.soft), 1) && warning == Rational(Int64(FocusMap.sharp), 1))
        let svg = FocusMap.svg(FocusTiles(columns: 4, rows: 1, values: [5.9, 6, 14.9, 15]))
        let colours = svg.components(separatedBy: "fill=\"").dropFirst().map { String($0.prefix(7)) }
        #expect(colours == ["#cf222e", "#d4a72c", "#d4a72c", "#2da44e"], "\(colours)")
    }

    @Test func aWarmRunTakesItsThumbnailsFromTheCache() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.copyItem(atPath: Fixtures.video("clip-h264-aac.mp4"), toPath: folder.path + "/a.mp4")
        let cache = folder.path + "/cache"
        let cold = try CommandRunner.run(["check", "--format", "html", "--cache-dir", cache, "--stats", "a.mp4"], workingDirectory: folder.path)
        let warm = try CommandRunner.run(["check", "--format", "html", "--cache-dir", cache, "--stats", "a.mp4"], workingDirectory: folder.path)
        #expect(cold.status == 0 && warm.status == 0)
        // The same page (but for its time stamp), and the previews' entries were read, not made.
        func withoutTime(_ page: String) -> String { page.replacingOccurrences(of: #"generated [0-9TZ:\-]+"#, with: "", options: .regularExpression) }
        #expect(withoutTime(cold.stdout) == withoutTime(warm.stdout))
        let entries = try FileManager.default.subpathsOfDirectory(atPath: cache).filter { $0.hasSuffix(".entry") }
        #expect(entries.count == 2, "a record and a preview: \(entries)")
        #expect(warm.stderr.contains("cache: 1 hit"), "\(warm.stderr)")
    }
}
