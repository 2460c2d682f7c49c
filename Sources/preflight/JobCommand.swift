import ArgumentParser
import Foundation
import Preflight
import PreflightReports
import PreflightRules

struct JobCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "job",
        abstract: "Check one generation request — its inputs by role, their counts, start/end pairing and the prompt.",
        discussion: """
        MANIFEST is YAML: profile (optional), mode, duration, prompt, and inputs by role (paths relative to \
        the manifest). `preflight job --init edit > job.yml` prints a commented template.

        Exit status: 0 pass or warnings, 1 the request would fail, 2 the manifest is unreadable or invalid.
        """
    )

    @Argument(help: "The request manifest (YAML).")
    var manifest: String?

    @Option(name: .customLong("init"), help: "Print a commented manifest template for a mode (video or edit) and exit.")
    var initTemplate: String?

    @Option(help: "Report format: text for people, json for tools.")
    var format: OutputFormat = .text

    @Flag(help: "Treat warnings as failures.")
    var strict = false

    @OptionGroup var runOptions: RunOptions
    @OptionGroup var display: DisplayOptions

    func validate() throws {
        try runOptions.validate()
        if initTemplate == nil && manifest == nil { throw ValidationError("Name a manifest, or use --init video|edit.") }
        if let mode = initTemplate, JobManifest.template(mode: mode) == nil {
            throw ValidationError("--init takes video or edit, not '\(mode)'.")
        }
    }

    func run() throws {
        if let mode = initTemplate {
            OutputStreams.print(JobManifest.template(mode: mode)!, terminator: "")
            return
        }
        let report: JobReport
        do {
            report = try JobRunner.run(manifestPath: manifest!, options: runOptions.judgingOptions,
                                       jobs: runOptions.resolvedJobs, strict: strict)
        } catch let error as ConfigurationError {
            OutputStreams.diagnose("\(error)")
            throw ExitCode(2)
        }
        switch format {
        case .json: OutputStreams.print(JobJSON.document(report).rendered())
        case .text: OutputStreams.print(JobText.render(report, style: display.style(environment: ProcessInfo.processInfo.environment)))
        }
        if report.status == .fail { throw ExitCode(1) }
    }
}
