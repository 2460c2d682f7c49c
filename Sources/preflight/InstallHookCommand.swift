import ArgumentParser
import Foundation
import Preflight

struct InstallHookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install-hook",
        abstract: "Write .git/hooks/pre-commit so that every commit checks its staged media.",
        discussion: "The hook runs `preflight check --staged`; a failing file stops the commit (git commit --no-verify skips it)."
    )

    @Flag(help: "Replace an existing pre-commit hook.") var force = false

    func run() throws {
        let hooks: String
        do {
            hooks = try gitPath("hooks")
        } catch {
            OutputStreams.diagnose("not inside a git repository")
            throw ExitCode(2)
        }
        let hook = URL(fileURLWithPath: hooks).appendingPathComponent("pre-commit")
        if FileManager.default.fileExists(atPath: hook.path) && !force {
            OutputStreams.diagnose("\(hook.path) already exists; use --force to replace it")
            throw ExitCode(2)
        }
        // The absolute path of this executable, so the hook works whatever PATH git runs with.
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.resolvingSymlinksInPath().path
        let resolved = executable.hasPrefix("/") && FileManager.default.isExecutableFile(atPath: executable) ? executable : "preflight"
        let recorded = resolved.replacingOccurrences(of: "'", with: "'\\''")
        // The binary that installed the hook, else whatever `preflight` is on PATH, else a message
        // that says what to do (a commit must not fail with a bare "exec: preflight: not found").
        let script = """
        #!/bin/sh
        # Installed by `preflight install-hook`: checks the media staged for this commit.
        preflight='\(recorded)'
        if [ ! -x "$preflight" ]; then
          preflight=$(command -v preflight) || {
            echo "preflight: the pre-commit hook cannot find preflight (not at '\(recorded)', not on PATH)." >&2
            echo "Install it (make install) and run 'preflight install-hook --force', or commit with --no-verify." >&2
            exit 1
          }
        fi
        exec "$preflight" check --staged --

        """
        try FileManager.default.createDirectory(at: hook.deletingLastPathComponent(), withIntermediateDirectories: true)
        try script.write(to: hook, atomically: true, encoding: .utf8)
        chmod(hook.path, 0o755)
        OutputStreams.print("installed \(hook.path)")
    }

    private func gitPath(_ name: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "rev-parse", "--git-path", name]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileNoSuchFile) }
        let path = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
