import Foundation
import PreflightMedia
import PreflightRules

/// `preflight check` without the command line: find the files, read them in parallel, judge them.
public struct Checker: Sendable {
    public let configuration: Configuration
    public let profile: Profile
    public let inspector: Inspector
    public let strict: Bool

    public init(configuration: Configuration, profile: Profile, options: ProbeOptions, strict: Bool) {
        self.configuration = configuration
        self.profile = profile
        self.inspector = Inspector(options: options)
        self.strict = strict
    }

    /// Files named on the command line are always checked; files found in folders follow the
    /// configuration's include/exclude globs.
    public func files(for paths: [String]) -> [String] {
        FileDiscovery.expand(paths).filter { $0.named || configuration.includes($0.path) }.map(\.path)
    }

    /// - Parameter roles: roles given on the command line; they replace the configuration's globs.
    public func check(_ files: [String], roles: [String], jobs: Int) -> [FileVerdict] {
        let evaluator = Evaluator(profile: profile, strict: strict)
        return parallelMap(files, jobs: jobs) { path in
            let record = inspector.inspect(path)
            return evaluator.evaluate(record, assignedRoles: roles.isEmpty ? configuration.assignedRoles(path) : roles)
        }
    }
}

/// Finds and reads the configuration the way every command does: --config, else the nearest
/// .preflight.yml from the working directory up, else the defaults.
public enum ConfigurationLoader {
    public static func load(explicitPath: String?, profileID: String?, workingDirectory: String) throws -> (Configuration, Profile) {
        let library = try ProfileLibrary.builtIn()
        var configuration: Configuration
        if let path = explicitPath ?? Configuration.discover(from: workingDirectory) {
            guard FileManager.default.fileExists(atPath: path) else {
                throw ConfigurationError(file: path, line: nil, "no such configuration file")
            }
            configuration = try Configuration.load(path, library: library)
        } else {
            configuration = Configuration(library: library, folder: workingDirectory)
        }
        if let profileID {
            guard configuration.library.profile(profileID) != nil else {
                throw ConfigurationError(file: "--profile", line: nil,
                                         "unknown profile '\(profileID)' (known: \(configuration.library.ids.joined(separator: ", ")))")
            }
            configuration.profileID = profileID
        }
        return (configuration, configuration.profile)
    }
}
