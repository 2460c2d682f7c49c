import Foundation

/// The git repository a run happens in, asked of git itself (never by writing to it): where its
/// work tree and common git folder are, and which tracked files are byte-for-byte what the index
/// records — their blob ids are content ids preflight need not compute.
public struct GitWorkTree: Sendable {
    /// The work tree's root (absolute).
    public let root: String
    /// The git folder shared by all worktrees of the repository (absolute).
    public let commonDirectory: String
    /// This worktree's index file (absolute).
    let indexPath: String
    /// "sha1" or "sha256".
    let objectFormat: String

    /// nil outside a work tree, or when git is not installed.
    public static func locate(from folder: String) -> GitWorkTree? {
        guard let output = try? run(["rev-parse", "--show-toplevel", "--git-common-dir", "--git-path", "index",
                                     "--show-object-format"], in: folder) else { return nil }
        let lines = output.split(separator: "\n").map(String.init)
        guard lines.count >= 4 else { return nil }
        func absolute(_ path: String) -> String {
            path.hasPrefix("/") ? path : URL(fileURLWithPath: folder).appendingPathComponent(path).standardizedFileURL.path
        }
        return GitWorkTree(root: lines[0], commonDirectory: absolute(lines[1]), indexPath: absolute(lines[2]), objectFormat: lines[3])
    }

    /// Absolute path → blob id, for tracked files whose working copy is what the index records: read
    /// from the index with nanosecond stat data (GitIndex), or else asked of `git diff-files`, which
    /// compares stat data and, where a file is as new as the index, its content. Files that differ,
    /// and untracked files, are absent: they are hashed instead.
    public func unchangedBlobs() -> [String: String] {
        if objectFormat == "sha1", let snapshot = GitIndex.read(indexPath: indexPath, root: root) {
            var blobs = snapshot.trusted
            // git compares the content of the few files as new as the index (a fresh checkout's last ones).
            let racy = snapshot.racy.keys.sorted()
            for start in stride(from: 0, to: racy.count, by: 256) {
                let chunk = Array(racy[start..<min(start + 256, racy.count)])
                guard let changed = try? Self.run(["diff-files", "--name-only", "-z", "--"] + chunk, in: root) else { return blobs }
                let changedPaths = Set(changed.split(separator: "\0").map(String.init))
                for path in chunk where !changedPaths.contains(path) { blobs[root + "/" + path] = snapshot.racy[path] }
            }
            return blobs
        }
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

    /// Gives the items git's index knows as unchanged their blob ids ("git:<id>") as content ids,
    /// so the cache need not hash them.
    public func attachContentIDs(to items: inout [Checker.Item], workingDirectory: String) {
        let blobs = unchangedBlobs()
        guard !blobs.isEmpty else { return }
        for index in items.indices {
            let path = items[index].path
            let absolute = URL(fileURLWithPath: path.hasPrefix("/") ? path : workingDirectory + "/" + path).standardizedFileURL.path
            items[index].contentID = blobs[absolute].map { "git:" + $0 }
        }
    }

    /// git's standard output; throws with its message when it fails.
    static func run(_ arguments: [String], in folder: String) throws -> String {
        do {
            return try Subprocess.output(["git", "-C", folder] + arguments)
        } catch {
            throw StagedFiles.GitError(description: "\(error)")
        }
    }
}
