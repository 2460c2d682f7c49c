import ArgumentParser
import PreflightReports

extension TerminalStyle.Choice: ExpressibleByArgument {}

/// How text reports look; shared by the commands that print them.
struct DisplayOptions: ParsableArguments {
    @Option(help: "Colour in text reports: auto (a terminal, unless NO_COLOR; FORCE_COLOR or CLICOLOR_FORCE turn it on), always, never.")
    var color: TerminalStyle.Choice = .auto

    func style(environment: [String: String]) -> TerminalStyle {
        .forStandardOutput(environment: environment, choice: color)
    }
}
