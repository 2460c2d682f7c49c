import ArgumentParser
import Foundation
import Preflight

struct PreflightCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preflight",
        abstract: "Check videos and reference images against AI video generators' upload limits, before you upload.",
        discussion: """
        Exit status: 0 when nothing failed, 1 when a file failed a rule or could not be read, \
        2 for usage or configuration errors. Reports go to standard output, diagnostics to \
        standard error; colour only on a terminal (set NO_COLOR to turn it off).
        """,
        version: PreflightVersion.current,
        subcommands: [CheckCommand.self, JobCommand.self, ProbeCommand.self, ProfilesCommand.self, RulesCommand.self, InitCommand.self,
                      InstallHookCommand.self]
    )
}

/// ArgumentParser exits 64 on usage errors; preflight promises 2 for every usage or configuration
/// error, 1 for files that fail, 0 otherwise.
@main
enum Main {
    static func main() {
        do {
            var command = try PreflightCommand.parseAsRoot()
            try command.run()
        } catch {
            if PreflightCommand.exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((PreflightCommand.fullMessage(for: error) + "\n").utf8))
                exit(2)
            }
            PreflightCommand.exit(withError: error)
        }
    }
}
