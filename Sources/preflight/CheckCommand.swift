import ArgumentParser
import Foundation
import Synchronization
import Preflight
import PreflightReports
import PreflightRules

enum CheckFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, junit, sarif, github, html
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Judge videos and images against a generator's limits, per mode and role, before you upload.",
        discussion: """
        Without roles, each file is judged for every role its kind can fill (for Kling O1: edit/source-video, \
        video/reference-image, …) and passes when at least one role accepts it. With --role, or roles \
        assigned by globs in .preflight.yml, it must pass each role it was given.

        Folders are searched recursively (hidden folders skipped) for media by extension or content. \
        Results of unchanged files are cached (see --cache-dir); verdicts are always recomputed.

        Exit status: 0 nothing failed (warnings allowed), 1 a file failed (or could not be read; with \
        --strict also a warning), 2 usage or configuration error — in every format.
        """
    )

    @Argument(help: "Files or folders to check (default: the current folder).")
    var paths: [String] = []

    @Option(help: "Profile to check against (see `preflight profiles`; default kling-o1 or the configuration's).",
            completion: Completions.profiles)
    var profile: String?

    @Option(name: .customLong("role"), help: "MODE/ROLE every file must pass, e.g. edit/source-video (repeatable).",
            completion: Completions.roles)
    var roles: [String] = []

    @Option(help: "Configuration file (default: the nearest .preflight.yml).")
    var config: String?

    @Option(help: "Report format: text, json, junit (CI test tabs), sarif (code scanning), github (annotations), html (one self-contained page with thumbnails).")
    var format: CheckFormat = .text

    @Option(help: "Write the report to this file instead of standard output (written atomically).")
    var output: String?

    @Flag(help: "Treat warnings as failures.")
    var strict = false

    @Flag(help: "Check the media files staged in git's index (their staged content), for pre-commit hooks.")
    var staged = false

    @Option(help: "Check only shard K of N (e.g. 2/4): a stable split of the files for parallel CI jobs.")
    var shard: String?

    @Option(name: .customLong("cache-dir"), help: "Where to keep cached results (default: preflight-cache in the repository's git folder, else $XDG_CACHE_HOME/preflight). Entries are keyed by content, so a folder restored in CI hits in a fresh clone.")
    var cacheDirectory: String?

    @Flag(name: .customLong("no-cache"), help: "Read every file again; neither use nor write the cache.")
    var noCache = false

    @Flag(help: "Print the cache's hits and misses on standard error at the end.")
    var stats = false

    @Flag(name: .customLong("fail-if-empty"), help: "Exit 1 when no media file is found (in CI, a wrong path must not pass).")
    var failIfEmpty = false

    @Flag(name: .shortAndLong, help: "No progress line.")
    var quiet = false

    @OptionGroup var runOptions: RunOptions
    @OptionGroup var display: DisplayOptions

    func validate() throws {
        try runOptions.validate()
        if staged && !paths.isEmpty { throw ValidationError("--staged checks the git index; do not name paths with it.") }
        if let shard, parseShard(shard) == nil { throw ValidationError("--shard takes K/N with 1 ≤ K ≤ N, e.g. 2/4.") }
        if noCache && cacheDirectory != nil { throw ValidationError("--no-cache and --cache-dir contradict each other.") }
    }

    func parseShard(_ text: String) -> (index: Int, count: Int)? {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1, (1...count).contains(index) else {
            return nil
        }
        return (index, count)
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let workingDirectory = FileManager.default.currentDirectoryPath
        let (configuration, profile) = try loadConfiguration(explicitPath: config, profileID: self.profile)
        if let warning = profile.lifecycle.warning(profileID: profile.id) { OutputStreams.diagnose(warning) }
        for role in roles where profile.role(role) == nil {
            throw UsageError(CheckCommand.self, "Unknown role '\(role)' for \(profile.id); known roles: \(profile.qualifiedRoles.joined(separator: ", ")).")
        }
        let gitWorkTree = noCache ? nil : GitWorkTree.locate(from: workingDirectory)
        let cache: ResultCache?
        do {
            cache = noCache ? nil : try ResultCache(folder: cacheDirectory.map { URL(fileURLWithPath: $0) }
                ?? ResultCache.defaultFolder(gitWorkTree: gitWorkTree, environment: environment), workTreeRoot: gitWorkTree?.root)
        } catch {
            OutputStreams.diagnose("\(error)")
            throw ExitCode(2)
        }
        let checker = Checker(configuration: configuration, profile: profile, options: runOptions.judgingOptions,
                              strict: strict, cache: cache)

        var items: [Checker.Item]
        var stagedFiles: StagedFiles?
        if staged {
            do { stagedFiles = try StagedFiles.extract(workingDirectory: workingDirectory) } catch {
                OutputStreams.diagnose("--staged needs a git repository: \(error)")
                throw ExitCode(2)
            }
            let root = stagedFiles!.repositoryRoot
            items = stagedFiles!.files
                .filter { configuration.includes(root + "/" + $0.path) }
                .map { Checker.Item(path: $0.readPath, reportedPath: $0.path, contentID: "git:" + $0.blob, matchPath: root + "/" + $0.path) }
        } else {
            items = checker.files(for: paths.isEmpty ? ["."] : paths)
            if cache != nil, let gitWorkTree { gitWorkTree.attachContentIDs(to: &items, workingDirectory: workingDirectory) }
        }
        defer { stagedFiles?.cleanUp() }
        if let shard, let (index, count) = parseShard(shard) { items = checker.shard(items, index: index, count: count) }
        if items.isEmpty && (failIfEmpty || !quiet) {
            OutputStreams.diagnose("no media files to check" + (failIfEmpty ? " (--fail-if-empty)" : ""))
        }

        let progress = Progress(total: items.count, enabled: !quiet && Progress.standardErrorIsTerminal())
        let output: ReportOutput
        do { output = try ReportOutput(path: self.output) } catch {
            OutputStreams.diagnose("\(error)")
            throw ExitCode(2)
        }
        let summaryPath = format == .github ? environment["GITHUB_STEP_SUMMARY"].flatMap { $0.isEmpty ? nil : $0 } : nil
        let writers = Locked(Writers(report: makeWriter(profile: profile, environment: environment, sourceRoot: {
            gitWorkTree?.root ?? GitWorkTree.locate(from: workingDirectory)?.root ?? workingDirectory
        }),
                                    summary: summaryPath.map { _ in GitHubSummaryWriter(profile: profile) }))
        output.write(writers.withLock { $0.begin() })
        let failed = Atomic(false)
        checker.check(items, roles: roles, jobs: runOptions.resolvedJobs, progress: progress, previews: format == .html) { verdict in
            if verdict.status == .fail { failed.store(true, ordering: .relaxed) }
            output.write(writers.withLock { $0.file(verdict) })
        }
        progress.finish()
        let (ending, summary) = writers.withLock { ($0.end(), $0.summaryText) }
        output.write(ending)
        do { try output.finish() } catch {
            OutputStreams.diagnose("\(error)")
            throw ExitCode(2)
        }
        if let summaryPath, let summary { appendSummary(summary, to: summaryPath) }
        if stats, let cache {
            let (hits, misses) = cache.statistics
            OutputStreams.diagnose("cache: \(hits) hit\(hits == 1 ? "" : "s"), \(misses) miss\(misses == 1 ? "" : "es") (\(cache.directory.path))")
        }
        if failed.load(ordering: .relaxed) || (failIfEmpty && items.isEmpty) { throw ExitCode(1) }
    }

    /// - Parameter sourceRoot: the repository root (asked only for SARIF, whose locations use it).
    func makeWriter(profile: Profile, environment: [String: String], sourceRoot: () -> String) -> any CheckReportWriter {
        switch format {
        case .json: JSONCheckWriter(profile: profile, strict: strict)
        case .junit: JUnitCheckWriter(profile: profile)
        case .sarif: SARIFCheckWriter(profile: profile, toolVersion: PreflightVersion.current, sourceRoot: sourceRoot())
        case .github: GitHubCheckWriter()
        case .html: HTMLCheckWriter(profile: profile, toolVersion: PreflightVersion.full.split(separator: "\n").first.map(String.init) ?? PreflightVersion.current)
        case .text: TextCheckWriter(profile: profile, style: output == nil ? display.style(environment: environment) : .plain)
        }
    }

    func appendSummary(_ markdown: String, to path: String) {
        guard let handle = FileHandle(forWritingAtPath: path) ?? {
            FileManager.default.createFile(atPath: path, contents: nil)
            return FileHandle(forWritingAtPath: path)
        }() else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        handle.write(Data(markdown.utf8))
    }
}

/// Loads the configuration; its errors go to stderr with file and line, and exit with status 2.
func loadConfiguration(explicitPath: String?, profileID: String?, profileNamedBy: String? = "--profile") throws -> (Configuration, Profile) {
    do {
        return try ConfigurationLoader.load(explicitPath: explicitPath, profileID: profileID, profileNamedBy: profileNamedBy,
                                            workingDirectory: FileManager.default.currentDirectoryPath)
    } catch let error as ConfigurationError {
        OutputStreams.diagnose("\(error)")
        throw ExitCode(2)
    }
}

/// The report writer and, for GitHub, the job-summary writer, fed the same verdicts in order.
struct Writers: @unchecked Sendable {
    var report: any CheckReportWriter
    var summary: GitHubSummaryWriter?
    /// The summary's Markdown so far (it is appended to $GITHUB_STEP_SUMMARY at the end).
    var summaryText: String?

    mutating func begin() -> String {
        summaryText = summary.map { var writer = $0; let text = writer.begin(); summary = writer; return text }
        return report.begin()
    }

    mutating func file(_ verdict: FileVerdict) -> String {
        if var writer = summary {
            summaryText? += writer.file(verdict)
            summary = writer
        }
        return report.file(verdict)
    }

    mutating func end() -> String {
        if var writer = summary {
            summaryText? += writer.end()
            summary = writer
        }
        return report.end()
    }
}
