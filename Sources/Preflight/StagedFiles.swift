import Foundation
import PreflightMedia
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The media files added or changed in git's index, read as staged — the content about to be
/// committed, not a newer unstaged edit in the working tree.
///
/// Nothing is copied when it need not be: names are filtered first (other blobs are sniffed by
/// their first 16 bytes), and a file whose working copy has no unstaged change is read in place.
/// Only a file edited since it was staged has its blob streamed out of git, into a temporary
/// file that is unlinked as soon as it is created and read through `/dev/fd/N`: no copy can
/// outlive the process, however it ends.
///
/// Submodules (gitlinks) and symbolic links are not media: a staged link commits a path, and the
/// file it points to is checked when that file is staged.
public final class StagedFiles {
    public struct File: Sendable {
        /// Path relative to the repository root, as git shows it.
        public let path: String
        public let blob: String
        /// Where to read the staged content: the working-tree file, or `/dev/fd/N`.
        public let readPath: String
    }

    public let repositoryRoot: String
    public let files: [File]
    /// Descriptors of the unlinked copies, closed by `cleanUp` (or by the process ending).
    private var copies: [Int32]

    private init(repositoryRoot: String, files: [File], copies: [Int32]) {
        self.repositoryRoot = repositoryRoot
        self.files = files
        self.copies = copies
    }

    deinit { cleanUp() }

    public struct GitError: Error, CustomStringConvertible {
        public let description: String
    }

    static let gitlinkMode = "160000"
    static let symlinkMode = "120000"

    /// Lists the staged files whose names or contents say media, and where to read each.
    public static func extract(workingDirectory: String) throws -> StagedFiles {
        let root = try git(["rev-parse", "--show-toplevel"], in: workingDirectory).trimmingCharacters(in: .newlines)
        let changed = try nulSeparated(git(["diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR"], in: root))
        guard !changed.isEmpty else { return StagedFiles(repositoryRoot: root, files: [], copies: []) }
        var entries: [(path: String, mode: String, blob: String)] = []
        for entry in nulSeparated(try git(["ls-files", "--stage", "-z", "--"] + changed, in: root)) {
            // "<mode> <blob> <stage>\t<path>"
            guard let tab = entry.firstIndex(of: "\t") else { continue }
            let fields = entry[..<tab].split(separator: " ")
            guard fields.count >= 2 else { continue }
            entries.append((String(entry[entry.index(after: tab)...]), String(fields[0]), String(fields[1])))
        }
        // Files whose working copy differs from what is staged (their blob must come from git).
        let edited = Set(nulSeparated(try git(["diff", "--name-only", "-z", "--"] + changed, in: root)))
        var files: [File] = []
        var copies: [Int32] = []
        do {
            for entry in entries where entry.mode != gitlinkMode && entry.mode != symlinkMode {
                let isMedia = try FileDiscovery.isMediaName(entry.path) || FileDiscovery.looksLikeMedia(head: blobHead(entry.blob, in: root))
                guard isMedia else { continue }
                let workingCopy = root + "/" + entry.path
                if !edited.contains(entry.path), FileManager.default.fileExists(atPath: workingCopy) {
                    files.append(File(path: entry.path, blob: entry.blob, readPath: workingCopy))
                } else {
                    let descriptor = try copyOfBlob(entry.blob, in: root)
                    if let object = lfsObject(stagedIn: descriptor, root: root) {
                        // Git LFS stages a pointer; the content it names is in the local LFS store.
                        close(descriptor)
                        files.append(File(path: entry.path, blob: entry.blob, readPath: object))
                        continue
                    }
                    copies.append(descriptor)
                    files.append(File(path: entry.path, blob: entry.blob, readPath: "/dev/fd/\(descriptor)"))
                }
            }
        } catch {
            copies.forEach { close($0) }
            throw error
        }
        return StagedFiles(repositoryRoot: root, files: files, copies: copies)
    }

    /// When the staged blob in `descriptor` is a Git LFS pointer whose object is in the local LFS
    /// store (git-lfs put it there when the file was staged), that object's path.
    static func lfsObject(stagedIn descriptor: Int32, root: String) -> String? {
        var bytes = [UInt8](repeating: 0, count: 1024)
        let count = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0, let pointer = GitLFSPointer.parse(Array(bytes.prefix(count))),
              let reported = try? git(["rev-parse", "--git-common-dir"], in: root).trimmingCharacters(in: .newlines)
        else { return nil }
        // Relative to the folder git ran in (`--path-format=absolute` needs git 2.31).
        let gitDirectory = reported.hasPrefix("/") ? reported : root + "/" + reported
        let object = pointer.objectPath(gitDirectory: gitDirectory)
        let size = (try? FileManager.default.attributesOfItem(atPath: object)[.size] as? Int64) ?? nil
        return size == pointer.size ? object : nil
    }

    /// Closes the copies (their space is freed with the last descriptor).
    public func cleanUp() {
        copies.forEach { close($0) }
        copies = []
    }

    static func nulSeparated(_ text: String) -> [String] {
        text.split(separator: "\0").map(String.init)
    }

    static func git(_ arguments: [String], in folder: String) throws -> String {
        try GitWorkTree.run(arguments, in: folder)
    }

    /// The first 16 bytes of a blob, without reading the rest (git is stopped once they arrive).
    static func blobHead(_ blob: String, in folder: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", folder, "cat-file", "blob", blob]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var head: [UInt8] = []
        let reader = output.fileHandleForReading
        while head.count < 16, let chunk = try reader.read(upToCount: 16 - head.count), !chunk.isEmpty {
            head += chunk
        }
        try? reader.close()  // git stops with SIGPIPE if the blob is longer
        process.waitUntilExit()
        return head
    }

    /// Streams a blob into an unlinked temporary file; returns its open descriptor.
    static func copyOfBlob(_ blob: String, in folder: String) throws -> Int32 {
        var template = Array((FileManager.default.temporaryDirectory.path + "/preflight-staged-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw GitError(description: "cannot create a temporary file: \(String(cString: strerror(errno)))") }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", folder, "cat-file", "blob", blob]
        process.standardOutput = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch {
            close(descriptor)
            throw error
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            close(descriptor)
            throw GitError(description: "git cat-file blob \(blob) failed")
        }
        return descriptor
    }
}
