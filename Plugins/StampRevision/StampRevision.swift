import Foundation
import PackagePlugin

/// Writes the git commit the package is built from into Swift source, for `preflight --version`
/// (users file bugs with it). It reads `.git` directly — HEAD, then the branch's loose ref or
/// `packed-refs` — rather than running git, which a build sandbox may not allow; those files are
/// the command's inputs, so a new commit rebuilds the stamp. Without `.git` (a source archive)
/// the commit is "unknown".
@main
struct StampRevision: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let revision = GitCheckout(packageRoot: context.package.directoryURL)
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("SourceRevision.swift")
        return [
            .buildCommand(
                displayName: "Stamping source revision \(revision.commit ?? "unknown")",
                executable: try context.tool(named: "revision-stamper").url,
                arguments: [output.path, revision.commit ?? "unknown"],
                inputFiles: revision.files,
                outputFiles: [output]
            ),
        ]
    }
}

/// The commit checked out in a package folder, read from its git files.
struct GitCheckout {
    var commit: String?
    /// The files the answer came from.
    var files: [URL] = []

    init(packageRoot: URL) {
        let dotGit = packageRoot.appendingPathComponent(".git")
        var gitDirectory = dotGit
        // A worktree or submodule: `.git` is a file saying where the git directory is.
        if let pointer = try? String(contentsOf: dotGit, encoding: .utf8), pointer.hasPrefix("gitdir:") {
            let path = pointer.dropFirst("gitdir:".count).trimmingCharacters(in: .whitespacesAndNewlines)
            gitDirectory = URL(fileURLWithPath: path, relativeTo: packageRoot).standardizedFileURL
            files.append(dotGit)
        }
        let head = gitDirectory.appendingPathComponent("HEAD")
        guard let headText = try? String(contentsOf: head, encoding: .utf8) else { return }
        files.append(head)
        let content = headText.trimmingCharacters(in: .whitespacesAndNewlines)
        guard content.hasPrefix("ref:") else {
            commit = Self.isCommitID(content) ? content : nil
            return
        }
        let ref = content.dropFirst("ref:".count).trimmingCharacters(in: .whitespaces)
        // Branch refs live in the common git directory of all worktrees.
        var common = gitDirectory
        if let text = try? String(contentsOf: gitDirectory.appendingPathComponent("commondir"), encoding: .utf8) {
            common = URL(fileURLWithPath: text.trimmingCharacters(in: .whitespacesAndNewlines), relativeTo: gitDirectory.appendingPathComponent("x")).standardizedFileURL
        }
        for folder in [gitDirectory, common] {
            let loose = folder.appendingPathComponent(ref)
            if let text = try? String(contentsOf: loose, encoding: .utf8), Self.isCommitID(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                files.append(loose)
                commit = text.trimmingCharacters(in: .whitespacesAndNewlines)
                return
            }
        }
        let packed = common.appendingPathComponent("packed-refs")
        if let text = try? String(contentsOf: packed, encoding: .utf8) {
            files.append(packed)
            for line in text.split(separator: "\n") where line.hasSuffix(" " + ref) {
                let id = String(line.prefix { $0 != " " })
                if Self.isCommitID(id) { commit = id }
            }
        }
    }

    static func isCommitID(_ text: String) -> Bool {
        (text.count == 40 || text.count == 64) && text.allSatisfy(\.isHexDigit)
    }
}
