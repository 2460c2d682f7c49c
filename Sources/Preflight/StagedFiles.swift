import Foundation

/// The media files added or changed in git's index, read as staged — the content about to be
/// committed, not a newer unstaged edit in the working tree.
public struct StagedFiles {
    public struct File: Sendable {
        /// Path relative to the repository root, as git shows it.
        public let path: String
        public let blob: String
        /// The staged content, extracted to a temporary file with the same name.
        public let extractedPath: String
    }

    public let repositoryRoot: String
    public let files: [File]
    private let temporaryFolder: URL

    public struct GitError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Lists and extracts the staged files whose names or contents say media.
    public static func extract(workingDirectory: String) throws -> StagedFiles {
        let root = try git(["rev-parse", "--show-toplevel"], in: workingDirectory).trimmingCharacters(in: .whitespacesAndNewlines)
        let changed = try git(["diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR"], in: root)
            .split(separator: "\0").map(String.init)
        var blobs: [String: String] = [:]
        if !changed.isEmpty {
            for entry in try git(["ls-files", "--stage", "-z", "--"] + changed, in: root).split(separator: "\0") {
                // "<mode> <blob> <stage>\t<path>"
                guard let tab = entry.firstIndex(of: "\t") else { continue }
                let fields = entry[..<tab].split(separator: " ")
                if fields.count >= 2 { blobs[String(entry[entry.index(after: tab)...])] = String(fields[1]) }
            }
        }
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("preflight-staged-\(UUID().uuidString)")
        var files: [File] = []
        for path in changed {
            guard let blob = blobs[path] else { continue }
            let folder = temporary.appendingPathComponent(blob)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let target = folder.appendingPathComponent((path as NSString).lastPathComponent)
            try gitToFile(["cat-file", "blob", blob], in: root, output: target)
            guard FileDiscovery.isMediaName(path) || FileDiscovery.looksLikeMedia(target.path) else { continue }
            files.append(File(path: path, blob: blob, extractedPath: target.path))
        }
        return StagedFiles(repositoryRoot: root, files: files, temporaryFolder: temporary)
    }

    /// Removes the extracted copies.
    public func cleanUp() {
        try? FileManager.default.removeItem(at: temporaryFolder)
    }

    static func git(_ arguments: [String], in folder: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", folder] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw GitError(description: "git \(arguments.first ?? ""): " + String(decoding: message, as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Streams git's output into a file (a staged video may be large).
    static func gitToFile(_ arguments: [String], in folder: String, output: URL) throws {
        FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", folder] + arguments
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw GitError(description: "git \(arguments.joined(separator: " ")) failed") }
    }
}
