import Foundation
import Testing
@testable import PreflightMedia

/// Each kind of unreadable input gets a stable code and a sentence, never a crash.
@Suite struct ProbeBadInputTests {
    @Test func missingPath() {
        let record = MediaProbe.probe(path: "/nonexistent/clip.mp4")
        #expect(record.failure?.code == .notFound)
        #expect(record.kind == nil)
    }

    @Test func emptyFile() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("empty.mp4", Data())
        let record = MediaProbe.probe(path: path)
        #expect(record.failure == MediaFailure(.empty, "the file is empty (0 bytes)"))
        #expect(record.sizeBytes == nil)
    }

    @Test func textRenamedAsVideo() {
        let record = MediaProbe.probe(path: Fixtures.video("not-a-video.mp4"))
        #expect(record.failure?.code == .unrecognized)
        #expect(record.sizeBytes == 33)
    }

    @Test func folderIsNotAFile() {
        #expect(MediaProbe.probe(path: Fixtures.video("")).failure?.code == .notAFile)
    }

    @Test func faststartMP4CutInHalfIsTruncated() throws {
        // The index (moov) is at the front and intact; the media data behind it is cut off.
        let folder = try TemporaryFolder()
        let source = Fixtures.video("clip-h264-aac.mp4")
        let path = try folder.truncatedCopy(of: source, fraction: 0.5, as: "cut.mp4")
        let record = MediaProbe.probe(path: path)
        let fullSize = try FileManager.default.attributesOfItem(atPath: source)[.size] as! Int
        #expect(record.failure?.code == .truncated)
        #expect(record.failure?.message == "the file ends at byte \(fullSize / 2) but its index points to byte \(fullSize)")
        #expect(record.durationSeconds == 4.0, "the header still claims the full duration")
    }

    @Test func movWithItsIndexCutOffIsTruncated() throws {
        // QuickTime writes the index last: a cut-off copy has no moov at all.
        let folder = try TemporaryFolder()
        let path = try folder.truncatedCopy(of: Fixtures.video("clip-quicktime.mov"), fraction: 0.5, as: "cut.mov")
        #expect(MediaProbe.probe(path: path).failure?.code == .truncated)
    }

    @Test(arguments: ["clip-matroska.mkv", "clip-vp9.webm"])
    func matroskaCutOffIsTruncated(_ name: String) throws {
        let folder = try TemporaryFolder()
        let path = try folder.truncatedCopy(of: Fixtures.video(name), fraction: 0.5, as: name)
        let record = MediaProbe.probe(path: path)
        #expect(record.failure?.code == .truncated, "\(String(describing: record.failure))")
        #expect((record.video?.frameCount ?? 0) < 48)
    }

    /// AVI without its idx1 index and ASF/WMV open and play up to a cut with no other sign; their
    /// headers still state the whole file's length.
    @Test(arguments: [("clip-mpeg4.avi", "AVI"), ("clip-wmv2.wmv", "ASF")])
    func containersThatDeclareTheirLengthCutOffAreTruncated(_ name: String, container: String) throws {
        let source = Fixtures.video(name)
        #expect(MediaProbe.probe(path: source).failure == nil)
        let fullSize = try FileManager.default.attributesOfItem(atPath: source)[.size] as! Int
        let folder = try TemporaryFolder()
        let path = try folder.truncatedCopy(of: source, fraction: 0.6, as: name)
        let record = MediaProbe.probe(path: path)
        let cutAt = Int(Double(fullSize) * 0.6)
        #expect(record.failure == MediaFailure(.truncated, "the \(container) header says the file is \(fullSize) bytes, "
                                               + "but it ends at byte \(cutAt): it was cut off"))
    }

    /// Where the header's length cannot be trusted it is not used: a RIFF size a live capture never
    /// filled in (0), and ASF's File Size when the Broadcast flag says it is invalid.
    @Test func lengthsMarkedUnknownAreNotTruncation() throws {
        let folder = try TemporaryFolder()
        var avi = try Data(contentsOf: URL(fileURLWithPath: Fixtures.video("clip-mpeg4.avi")))
        avi.replaceSubrange(4..<8, with: [0, 0, 0, 0])
        let unfilled = try folder.write("unfilled.avi", avi.prefix(avi.count * 6 / 10))
        #expect(MediaProbe.probe(path: unfilled).failure?.message.contains("header says the file is") != true)

        var asf = try Data(contentsOf: URL(fileURLWithPath: Fixtures.video("clip-wmv2.wmv")))
        let properties = try #require(asf.range(of: Data(DeclaredFileSize.asfFileProperties)))
        asf[properties.lowerBound + 88] |= 1  // Broadcast
        let broadcast = try folder.write("broadcast.wmv", asf.prefix(asf.count * 6 / 10))
        #expect(MediaProbe.probe(path: broadcast).failure?.message.contains("header says the file is") != true)
    }

    @Test func unreadableFileAsOrdinaryUser() throws {
        // Root reads everything, so the permission check runs the probe as `nobody` when it can.
        let folder = try TemporaryFolder()
        let path = try folder.write("secret.mp4", try Data(contentsOf: URL(fileURLWithPath: Fixtures.video("clip-h264-aac.mp4"))))
        chmod(path, 0o000)
        chmod(folder.path, 0o755)
        if getuid() != 0 {
            #expect(MediaProbe.probe(path: path).failure?.code == .unreadable)
            return
        }
        let result = try CommandRunner.run(["probe", "--format", "json", path],
                                           prefix: ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"])
        let files = try #require(result.json?["files"] as? [[String: Any]])
        let error = try #require(files.first?["error"] as? [String: Any])
        #expect(error["code"] as? String == "unreadable")
        #expect(result.status == 1)
    }

    @Test func timeoutIsEnforcedThroughTheInterruptCallback() {
        // A deadline already in the past: FFmpeg's blocking calls give up at their first check.
        let record = MediaProbe.probe(path: Fixtures.video("clip-matroska.mkv"), options: ProbeOptions(timeoutSeconds: 1e-9))
        #expect(record.failure?.code == .timeout)
    }
}
