import ArgumentParser
import Foundation
import Synchronization
import Preflight
import PreflightMedia
import PreflightReports
import PreflightRules

enum FixFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

struct FixCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fix",
        abstract: "Write a copy of each failing file that passes: remux, trim, scale, constant frame rate, deinterlace, re-encode.",
        discussion: """
        For each file and the roles it must fit (--role, roles assigned in .preflight.yml, else the role it is \
        closest to passing), preflight plans the smallest rewrite that mends every error, writes it beside the \
        input as NAME.fixed.EXT (or under --output-dir), checks the copy against the same roles, and keeps it \
        only if it passes. The input is never changed; an existing output is replaced only with --force.

        Not fixable, and said so: clips that are too short, pictures that are too small (unless \
        --allow-upscale), out-of-focus or heavily compressed pictures, files that cannot be read. A different \
        aspect ratio needs --allow-crop (a centre crop).

        Exit status: 0 every file passes now (or already did), 1 a file could not be fixed, 2 usage or \
        configuration error.
        """
    )

    @Argument(help: "Files or folders to fix.")
    var paths: [String]

    @Option(help: "Profile to fix for (default kling-o1 or the configuration's).", completion: Completions.profiles)
    var profile: String?

    @Option(name: .customLong("role"), help: "MODE/ROLE the copy must pass, e.g. edit/source-video (repeatable).",
            completion: Completions.roles)
    var roles: [String] = []

    @Option(help: "Configuration file (default: the nearest .preflight.yml).")
    var config: String?

    @Option(name: .customLong("output-dir"), help: "Write the fixed copies into this folder (default: beside each input).")
    var outputDirectory: String?

    @Option(help: "Write the fixed copy to this path (one input file only).")
    var output: String?

    @Flag(name: .customLong("dry-run"), help: "Show what would be done; write nothing.")
    var dryRun = false

    @Flag(help: "Replace an existing output file.")
    var force = false

    @Flag(name: .customLong("allow-crop"), help: "Crop the centre when the aspect ratio is outside the limits.")
    var allowCrop = false

    @Flag(name: .customLong("allow-upscale"), help: "Upscale pictures that are too small (this adds no detail).")
    var allowUpscale = false

    @Flag(help: "Mend warnings too, not only errors.")
    var strict = false

    @Option(help: "Report format: text or json.")
    var format: FixFormat = .text

    @Flag(name: .shortAndLong, help: "No progress line.")
    var quiet = false

    @OptionGroup var runOptions: RunOptions

    func validate() throws {
        try runOptions.validate()
        if output != nil && outputDirectory != nil { throw ValidationError("--output and --output-dir contradict each other.") }
        if output != nil && paths.count != 1 { throw ValidationError("--output names one file: give exactly one input with it.") }
    }

    func run() throws {
        let (configuration, profile) = try loadConfiguration(explicitPath: config, profileID: self.profile)
        if let warning = profile.lifecycle.warning(profileID: profile.id) { OutputStreams.diagnose(warning) }
        for role in roles where profile.role(role) == nil {
            throw UsageError(FixCommand.self, "Unknown role '\(role)' for \(profile.id); known roles: \(profile.qualifiedRoles.joined(separator: ", ")).")
        }
        if let outputDirectory {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: outputDirectory, isDirectory: &isFolder), isFolder.boolValue else {
                throw UsageError(FixCommand.self, "--output-dir \(outputDirectory) is not a folder.")
            }
        }
        let runner = FixRunner(configuration: configuration, profile: profile, probeOptions: runOptions.judgingOptions,
                               options: FixOptions(allowCrop: allowCrop, allowUpscale: allowUpscale, includeWarnings: strict))
        let checker = Checker(configuration: configuration, profile: profile, options: runOptions.judgingOptions, strict: strict)
        let items = checker.files(for: paths)
        if output != nil && items.count != 1 { throw UsageError(FixCommand.self, "--output names one file, but \(items.count) were found.") }
        if items.isEmpty { OutputStreams.diagnose("no media files to fix") }
        let destination = FixRunner.Destination(file: output, folder: outputDirectory, force: force, dryRun: dryRun)
        // One file at a time unless asked: each rewrite already uses every core.
        let jobs = runOptions.jobs ?? 1
        let showProgress = !quiet && !dryRun && jobs == 1 && Progress.standardErrorIsTerminal()
        let failed = Atomic(false)
        let outcomes = Locked<[JSONValue]>([])
        let dryRun = self.dryRun, format = self.format, roles = self.roles
        parallelForEachOrdered(items, jobs: jobs, { item in
            let name = Visible.text(item.reportedPath)
            let report: ((Double) -> Void)? = showProgress ? { fraction in
                OutputStreams.standardError("\r\u{1B}[Kfixing \(name) \(Int(fraction * 100))%")
            } : nil
            let outcome = runner.fix(item.path, roles: roles, destination: destination, progress: report)
            if showProgress { OutputStreams.standardError("\r\u{1B}[K") }
            return outcome
        }, deliver: { outcome in
            if !outcome.succeeded { failed.store(true, ordering: .relaxed) }
            switch format {
            case .text: OutputStreams.print(FixReport.text(outcome, dryRun: dryRun))
            case .json: outcomes.withLock { $0.append(FixReport.json(outcome)) }
            }
        })
        if format == .json {
            let document = JSONValue.object([
                "profile": .string(profile.id),
                "dryRun": .bool(dryRun),
                "files": .array(outcomes.withLock { $0 }),
            ])
            OutputStreams.print(document.rendered())
        }
        if failed.load(ordering: .relaxed) { throw ExitCode(1) }
    }
}
