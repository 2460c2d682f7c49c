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

    @Option(help: "Report format: text for people, json for tools, junit/sarif/github for CI (as for check).")
    var format: CheckFormat = .text

    @Option(help: "Write the report to this file instead of standard output (written atomically).")
    var output: String?

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
        if let warning = report.profile.lifecycle.warning(profileID: report.profile.id) { OutputStreams.diagnose(warning) }
        let environment = ProcessInfo.processInfo.environment
        let text: String
        switch format {
        case .json: text = JobJSON.document(report).rendered() + "\n"
        case .text: text = JobText.render(report, style: output == nil ? display.style(environment: environment) : .plain) + "\n"
        case .junit: text = JobFormats.junit(report)
        case .sarif: text = JobFormats.sarif(report, toolVersion: PreflightVersion.current,
                                             sourceRoot: sourceRoot(for: report.manifest.file))
        case .github: text = JobFormats.github(report)
        case .html:
            let previews = JobRunner.previews(for: report, jobs: runOptions.resolvedJobs)
            text = JobHTML.render(report, previews: previews, toolVersion: PreflightVersion.current)
        }
        let destination: ReportOutput
        do { destination = try ReportOutput(path: output) } catch {
            OutputStreams.diagnose("\(error)")
            throw ExitCode(2)
        }
        destination.write(text)
        do { try destination.finish() } catch {
            OutputStreams.diagnose("\(error)")
            throw ExitCode(2)
        }
        if report.status == .fail { throw ExitCode(1) }
    }
}

extension JobCommand {
    /// SARIF locations are relative to the repository that holds the manifest (else the working directory).
    func sourceRoot(for manifest: String) -> String {
        let workingDirectory = FileManager.default.currentDirectoryPath
        let folder = URL(fileURLWithPath: manifest, relativeTo: URL(fileURLWithPath: workingDirectory + "/")).deletingLastPathComponent().path
        return GitWorkTree.locate(from: folder)?.root ?? workingDirectory
    }
}
