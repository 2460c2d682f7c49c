import Foundation

/// The git repository a run happens in, asked of git itself (never by writing to it): where its
/// work tree and common git folder are, and which tracked files are byte-for-byte what the index
/// records — their blob ids are content ids preflight need not compute.
public struct GitWorkTree: Sendable {
    /// The work tree's root (absolute).
    public let root: String
    /// The git folder shared by all worktrees of the repository (absolute).
    public let commonDirectory: String

    /// nil outside a work tree, or when git is not installed.
    public static func locate(from folder: String) -> GitWorkTree? {
        guard let output = try? run(["rev-parse", "--show-toplevel", "--git-common-dir"], in: folder) else { return nil }
        let lines = output.split(separator: "\n").map(String.init)
        guard lines.count >= 2 else { return nil }
        let common = lines[1].hasPrefix("/") ? lines[1] : URL(fileURLWithPath: folder).appendingPathComponent(lines[1]).standardizedFileURL.path
        return GitWorkTree(root: lines[0], commonDirectory: common)
    }

    /// Absolute path → blob id, for tracked files whose working copy git does not see as changed
    /// (`git diff-files`, which compares stat data including ctime, and content where stat data is
    /// racy). Files git lists as changed, and untracked files, are absent: they are hashed instead.
    public func unchangedBlobs() -> [String: String] {
        guard let staged = try? Self.run(["ls-files", "--stage", "-z"], in: root),
              let changed = try? Self.run(["diff-files", "--name-only", "-z"], in: root) else { return [:] }
        let changedPaths = Set(changed.split(separator: "\0").map(String.init))
        var blobs: [String: String] = [:]
        for entry in staged.split(separator: "\0") {
            // "<mode> <blob> <stage>\t<path>"; only regular files at stage 0 (no conflicts, links or submodules).
            guard let tab = entry.firstIndex(of: "\t") else { continue }
            let fields = entry[..<tab].split(separator: " ")
            let path = String(entry[entry.index(after: tab)...])
            guard fields.count == 3, fields[0] == "100644" || fields[0] == "100755", fields[2] == "0",
                  !changedPaths.contains(path) else { continue }
            blobs[root + "/" + path] = String(fields[1])
        }
        return blobs
    }

    /// git's standard output; throws with its message when it fails.
    static func run(_ arguments: [String], in folder: String) throws -> String {
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
            throw StagedFiles.GitError(description: "git \(arguments.first ?? ""): " + String(decoding: message, as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return String(decoding: data, as: UTF8.self)
    }
}
