import ArgumentParser
import Foundation
import Preflight
import PreflightReports
import PreflightRules

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Judge videos and images against a generator's limits, per mode and role, before you upload.",
        discussion: """
        Without roles, each file is judged for every role its kind can fill (for Kling O1: edit/source-video, \
        video/reference-image, …) and passes when at least one role accepts it. With --role, or roles \
        assigned by globs in .preflight.yml, it must pass each role it was given.

        Exit status: 0 nothing failed (warnings allowed), 1 a file failed (or could not be read; with \
        --strict also a warning), 2 usage or configuration error.
        """
    )

    @Argument(help: "Files or folders to check (default: the current folder).")
    var paths: [String] = []

    @Option(help: "Profile to check against (see `preflight profiles`; default kling-o1 or the configuration's).")
    var profile: String?

    @Option(name: .customLong("role"), help: "MODE/ROLE every file must pass, e.g. edit/source-video (repeatable).")
    var roles: [String] = []

    @Option(help: "Configuration file (default: the nearest .preflight.yml).")
    var config: String?

    @Option(help: "Report format: text for people, json for tools.")
    var format: OutputFormat = .text

    @Flag(help: "Treat warnings as failures.")
    var strict = false

    @OptionGroup var runOptions: RunOptions

    func validate() throws { try runOptions.validate() }

    func run() throws {
        let (configuration, profile) = try loadConfiguration(explicitPath: config, profileID: self.profile)
        for role in roles where profile.role(role) == nil {
            throw ValidationError("Unknown role '\(role)' for \(profile.id); known roles: \(profile.qualifiedRoles.joined(separator: ", ")).")
        }
        let checker = Checker(configuration: configuration, profile: profile, options: runOptions.probeOptions, strict: strict)
        let files = checker.files(for: paths.isEmpty ? ["."] : paths)
        if files.isEmpty { FileHandle.standardError.write(Data("preflight: no media files found\n".utf8)) }
        let verdicts = checker.check(files, roles: roles, jobs: runOptions.resolvedJobs)
        switch format {
        case .json: print(CheckJSON.document(verdicts, profile: profile, strict: strict).rendered())
        case .text: print(CheckText.render(verdicts, profile: profile, style: .forStandardOutput(environment: ProcessInfo.processInfo.environment)))
        }
        if verdicts.contains(where: { $0.status == .fail }) { throw ExitCode(1) }
    }
}

/// Loads the configuration; its errors go to stderr with file and line, and exit with status 2.
func loadConfiguration(explicitPath: String?, profileID: String?) throws -> (Configuration, Profile) {
    do {
        return try ConfigurationLoader.load(explicitPath: explicitPath, profileID: profileID,
                                            workingDirectory: FileManager.default.currentDirectoryPath)
    } catch let error as ConfigurationError {
        FileHandle.standardError.write(Data("preflight: \(error)\n".utf8))
        throw ExitCode(2)
    }
}
