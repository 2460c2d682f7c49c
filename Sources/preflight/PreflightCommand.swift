import ArgumentParser
import Foundation
import Preflight
import PreflightMedia

struct PreflightCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preflight",
        abstract: "Check videos and reference images against AI video generators' upload limits, before you upload.",
        discussion: """
        Exit status: 0 when nothing failed, 1 when a file failed a rule or could not be read, \
        2 for usage or configuration errors. Reports go to standard output, diagnostics to \
        standard error; colour only on a terminal (set NO_COLOR to turn it off).
        """,
        version: PreflightVersion.full,
        subcommands: [CheckCommand.self, FixCommand.self, JobCommand.self, ProbeCommand.self, ProfilesCommand.self, RulesCommand.self, InitCommand.self,
                      InstallHookCommand.self]
    )
}

/// A usage error found once a subcommand runs (an unknown role of the chosen profile): reported
/// with that subcommand's usage, not the top-level one.
struct UsageError: Error {
    let command: ParsableCommand.Type
    let message: String

    init(_ command: ParsableCommand.Type, _ message: String) {
        self.command = command
        self.message = message
    }
}

/// ArgumentParser exits 64 on usage errors; preflight promises 2 for every usage or configuration
/// error (and for a report it could not write), 1 for files that fail, 0 otherwise.
@main
enum Main {
    static func main() {
        OutputStreams.prepare()
        Interruption.installHandlers()
        var status: Int32 = 0
        do {
            // From the raw bytes: a file name that is not UTF-8 must reach open() unchanged.
            let arguments = (1..<Int(CommandLine.argc)).compactMap { CommandLine.unsafeArgv[$0].map { PathBytes.decode(cString: $0) } }
            var command = try PreflightCommand.parseAsRoot(arguments)
            try command.run()
        } catch let error as UsageError {
            // Found while running, so the parser does not know the subcommand: name it here.
            OutputStreams.standardError("Error: \(error.message)\nUsage: preflight \(error.command.usageString())\n"
                + "  See 'preflight \(error.command.configuration.commandName ?? "") --help' for more information.\n")
            status = 2
        } catch {
            let code = PreflightCommand.exitCode(for: error)
            let message = PreflightCommand.fullMessage(for: error)
            if code == .validationFailure {
                OutputStreams.standardError(message + "\n")
                status = 2
            } else {
                if !message.isEmpty {
                    if code == .success { Swift.print(message) } else { OutputStreams.standardError(message + "\n") }
                }
                status = code.rawValue
            }
        }
        // What `print` wrote is still in stdio's buffer: a full disk or a closed stdout shows here.
        if let problem = OutputStreams.standardOutputProblem {
            OutputStreams.diagnose("cannot write to standard output (\(problem))")
            exit(2)
        }
        exit(status)
    }
}
