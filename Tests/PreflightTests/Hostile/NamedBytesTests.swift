import Foundation
import Testing
import PreflightMedia
#if canImport(Glibc)
import Glibc
#endif

/// preflight measures exactly the bytes of the file it is given: a name is never an option, a URL,
/// a protocol, an image-sequence pattern or a playlist of other files.
@Suite struct NamedBytesTests {
    static let realJPEG = Fixtures.image("small-900.jpg")       // 900 px short side
    static let otherJPEG = Fixtures.image("sharp-1024.jpg")     // what a protocol name would point at

    @Test func namesAfterDoubleDashAreFilesNotOptions() throws {
        let folder = try TemporaryFolder()
        let names = ["-h.mp4", "--output=x.mp4", "--strict.mp4"]
        for name in names { try folder.write(name, Data()) }
        try folder.write("too-long.mp4", Data(contentsOf: URL(fileURLWithPath: Fixtures.video("too-long-12s.mp4"))))
        let result = try CommandRunner.run(["check", "--no-cache", "--quiet", "--format", "json", "--"] + names + ["too-long.mp4"],
                                           workingDirectory: folder.path)
        #expect(result.status == 1, "\(result.stderr)")
        let paths = (result.json?["files"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        #expect(paths == names + ["too-long.mp4"])
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/x.mp4"), "a file name redirected the report")
        let probe = try CommandRunner.run(["probe", "--", "-h.mp4"], workingDirectory: folder.path)
        #expect(probe.status == 1 && probe.stdout.contains("empty"))
    }

    @Test func everyDocumentedInvocationEndsOptions() throws {
        let hooks = try String(contentsOf: Fixtures.root.appendingPathComponent(".pre-commit-hooks.yaml"), encoding: .utf8)
        let entry = try #require(hooks.split(separator: "\n").first { $0.contains("entry:") })
        #expect(entry.hasSuffix(" --"), "pre-commit appends file names after the entry")
        let readme = try String(contentsOf: Fixtures.root.appendingPathComponent("README.md"), encoding: .utf8)
        for line in readme.split(separator: "\n") where line.contains("preflight check") && line.contains("media/") {
            #expect(line.contains("-- media/"), "\(line)")
        }
        // The installed git hook.
        let repository = try TemporaryFolder()
        _ = try CommandRunner.runTool(["git", "init", "-q", repository.path])
        let install = try CommandRunner.run(["install-hook"], workingDirectory: repository.path)
        #expect(install.status == 0, "\(install.stderr)")
        let hook = try String(contentsOfFile: repository.path + "/.git/hooks/pre-commit", encoding: .utf8)
        #expect(hook.contains("check --staged --\n"))
    }

    @Test func aURLNameMakesNoRequest() throws {
        let listener = try LoopbackListener()
        let folder = try TemporaryFolder()
        let path = try folder.write("http:127.0.0.1:\(listener.port)#a.mp4", Data(count: 4096))
        let record = MediaProbe.probe(path: path, options: ProbeOptions(timeoutSeconds: 5))
        #expect(listener.connectionsSoFar() == 0, "FFmpeg opened the name as a URL")
        #expect(record.failure?.code == .unrecognized, "\(String(describing: record.failure))")
        // The same through the executable, with the real clip's bytes under the URL name: it is
        // measured as itself.
        let clip = try folder.write("http:127.0.0.1:\(listener.port)#b.mp4",
                                    Data(contentsOf: URL(fileURLWithPath: Fixtures.video("clip-h264-aac.mp4"))))
        let run = try CommandRunner.run(["probe", "--format", "json", "--", clip])
        #expect(run.status == 0)
        #expect(listener.connectionsSoFar() == 0)
    }

    @Test(arguments: ["concat:other.jpg", "subfile,,start,0,end,0,,:other.jpg", "pipe:0.jpg", "file:other.jpg", "cache:other.jpg"])
    func protocolNamesAreMeasuredAsTheirOwnBytes(name: String) throws {
        let folder = try TemporaryFolder()
        try folder.write("other.jpg", Data(contentsOf: URL(fileURLWithPath: Self.otherJPEG)))
        let path = try folder.write(name, Data(contentsOf: URL(fileURLWithPath: Self.realJPEG)))
        let record = MediaProbe.probe(path: path, options: ProbeOptions(timeoutSeconds: 5))
        #expect(record.failure == nil, "\(String(describing: record.failure))")
        #expect(record.image?.width == 900 && record.image?.height == 900, "measured another file: \(String(describing: record.image))")
    }

    @Test func aSequencePatternNameIsOneFile() throws {
        let folder = try TemporaryFolder()
        try folder.write("bad1.jpg", Data(contentsOf: URL(fileURLWithPath: Self.realJPEG)))
        var noise = [UInt8](repeating: 0, count: 3000)
        for index in noise.indices { noise[index] = UInt8(truncatingIfNeeded: index &* 7919 &+ 13) }
        let pattern = try folder.write("bad%d.jpg", Data(noise))
        let record = MediaProbe.probe(path: pattern, options: ProbeOptions(timeoutSeconds: 5))
        #expect(record.image == nil, "read bad1.jpg through the pattern")
        #expect(record.failure?.code == .unrecognized)
        // And in a scanned tree, bad1.jpg is still measured as itself.
        let run = try CommandRunner.run(["probe", "--format", "json", folder.path])
        let files = run.json?["files"] as? [[String: Any]] ?? []
        #expect(files.count == 2)
    }

    @Test(arguments: [
        ("x.mp4", "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4.0,\nCLIP\n#EXT-X-ENDLIST\n", "hls"),
        ("list.mp4", "ffconcat version 1.0\nfile CLIP\n", "concat"),
        ("list.mkv", "ffconcat version 1.0\nfile 'CLIP'\nduration 4\n", "concat"),
    ])
    func playlistsAreRefusedByName(name: String, body: String, demuxer: String) throws {
        let folder = try TemporaryFolder()
        let path = try folder.write(name, Data(body.replacingOccurrences(of: "CLIP", with: Fixtures.video("clip-h264-aac.mp4")).utf8))
        let record = MediaProbe.probe(path: path, options: ProbeOptions(timeoutSeconds: 5))
        #expect(record.failure?.code == .unsupportedFormat, "\(String(describing: record.failure))")
        #expect(record.failure?.message.contains("(\(demuxer))") == true)
        #expect(record.video == nil && record.durationSeconds == nil, "measured the clip the playlist points to")
    }
}

/// A TCP listener on 127.0.0.1 that counts connections without ever blocking the test.
final class LoopbackListener {
    let socketDescriptor: Int32
    let port: UInt16

    init() throws {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.socketDescriptor = socketDescriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketDescriptor, $0, length) } }
        guard bound == 0, listen(socketDescriptor, 8) == 0 else { throw POSIXError(.EADDRINUSE) }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketDescriptor, $0, &length) } }
        port = UInt16(bigEndian: address.sin_port)
        _ = fcntl(socketDescriptor, F_SETFL, fcntl(socketDescriptor, F_GETFL) | O_NONBLOCK)
    }

    deinit { close(socketDescriptor) }

    /// Accepts (and closes) whatever connected so far.
    func connectionsSoFar() -> Int {
        var count = 0
        while true {
            let client = accept(socketDescriptor, nil, nil)
            if client < 0 { return count }
            close(client)
            count += 1
        }
    }
}
