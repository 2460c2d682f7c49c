import Foundation
import Synchronization
import PreflightMedia
import PreflightRules

/// `preflight check` without the command line: find the files, read them in parallel, judge them.
public struct Checker: Sendable {
    public let configuration: Configuration
    public let profile: Profile
    public let inspector: Inspector
    public let strict: Bool

    public init(configuration: Configuration, profile: Profile, options: ProbeOptions, strict: Bool,
                cache: ResultCache? = nil) {
        self.configuration = configuration
        self.profile = profile
        self.inspector = Inspector(options: options, cache: cache)
        self.strict = strict
    }

    /// One file to check: where to read it, how to show it, and (for staged blobs) its content id.
    public struct Item: Sendable {
        public var path: String
        public var reportedPath: String
        public var contentID: String?
        /// The path the configuration's globs are matched against (a staged file's place in the
        /// working tree, not its extracted copy).
        public var matchPath: String
        /// Why the file is reported without being read (a link out of the tree, a folder that
        /// cannot be entered).
        public var problem: MediaFailure?

        public init(path: String, reportedPath: String? = nil, contentID: String? = nil, matchPath: String? = nil,
                    problem: MediaFailure? = nil) {
            self.path = path
            self.reportedPath = reportedPath ?? path
            self.contentID = contentID
            self.matchPath = matchPath ?? reportedPath ?? path
            self.problem = problem
        }
    }

    /// Files named on the command line are always checked; files found in folders follow the
    /// configuration's include/exclude globs.
    public func files(for paths: [String]) -> [Item] {
        FileDiscovery.expand(paths).filter { $0.named || configuration.includes($0.path) }
            .map { Item(path: $0.path, problem: $0.problem) }
    }

    /// - Parameter roles: roles given on the command line; they replace the configuration's globs.
    /// Streams verdicts to `deliver` in file order as they are ready; nothing is kept here.
    /// - Parameter previews: also make each file's thumbnails (for the HTML report).
    public func check(_ items: [Item], roles: [String], jobs: Int, progress: Progress? = nil, previews: Bool = false,
                      deliver: @Sendable (FileVerdict) -> Void) {
        let evaluator = Evaluator(profile: profile, strict: strict)
        parallelForEachOrdered(items, jobs: jobs, { item in
            var record: ProbeRecord
            var preview: MediaPreview?
            if let problem = item.problem {
                record = ProbeRecord(path: item.reportedPath, failure: problem)
            } else if previews {
                (record, preview) = inspector.inspectWithPreview(item.path, reportedPath: item.reportedPath, contentID: item.contentID)
            } else {
                record = inspector.inspect(item.path, reportedPath: item.reportedPath, contentID: item.contentID)
            }
            progress?.finished(item.reportedPath)
            let assigned = roles.isEmpty ? configuration.assignedRoles(item.matchPath) : roles
            var verdict = evaluator.evaluate(record, assignedRoles: assigned)
            verdict.preview = preview
            return verdict
        }, deliver: deliver)
    }

    /// `--shard K/N`: the files whose path (relative to the configuration's folder) hashes to K.
    /// Stable across machines and runs, and adding a file moves no other file between shards.
    public func shard(_ items: [Item], index: Int, count: Int) -> [Item] {
        items.filter { Int(StableHash.fnv1a64(configuration.relative($0.matchPath)) % UInt64(count)) == index - 1 }
    }
}

/// Finds and reads the configuration the way every command does: --config, else the nearest
/// .preflight.yml from the working directory up, else the defaults.
public enum ConfigurationLoader {
    /// - Parameter profileNamedBy: where the profile id came from, for the error message
    ///   ("--profile"); nil when the user typed it as an argument.
    public static func load(explicitPath: String?, profileID: String?, profileNamedBy: String? = "--profile",
                            workingDirectory: String) throws -> (Configuration, Profile) {
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
                throw ConfigurationError(file: profileNamedBy ?? "", line: nil,
                                         "unknown profile '\(profileID)' (known: \(configuration.library.ids.joined(separator: ", ")))")
            }
            configuration.profileID = profileID
        }
        return (configuration, configuration.profile)
    }
}
