import ArgumentParser

@main
struct PreflightCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preflight",
        abstract: "Check videos and reference images against AI video generators' upload limits, before you upload.",
        discussion: """
        Exit status: 0 when nothing failed, 1 when a file failed a rule or could not be read, \
        2 for usage or configuration errors. Reports go to standard output, diagnostics to \
        standard error; colour only on a terminal (set NO_COLOR to turn it off).
        """,
        subcommands: [ProbeCommand.self]
    )
}
