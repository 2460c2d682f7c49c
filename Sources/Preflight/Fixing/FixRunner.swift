import Foundation
import PreflightMedia
import PreflightRules
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `preflight fix` without the command line: judge a file, plan the smallest rewrite for the roles
/// it must fit, write it to a temporary name beside the destination, check the copy against the
/// same roles, and only then give it its name. The input is only ever read.
public struct FixRunner: Sendable {
    public let configuration: Configuration
    public let profile: Profile
    public let inspector: Inspector
    public let options: FixOptions

    public init(configuration: Configuration, profile: Profile, probeOptions: ProbeOptions, options: FixOptions) {
        self.configuration = configuration
        self.profile = profile
        self.inspector = Inspector(options: probeOptions)
        self.options = options
    }

    public struct Destination: Sendable {
        /// --output: the exact path (one input only).
        public var file: String?
        /// --output-dir: a folder for NAME.fixed.EXT.
        public var folder: String?
        public var force: Bool
        public var dryRun: Bool

        public init(file: String? = nil, folder: String? = nil, force: Bool = false, dryRun: Bool = false) {
            self.file = file
            self.folder = folder
            self.force = force
            self.dryRun = dryRun
        }
    }

    /// - Parameters:
    ///   - roles: --role values; empty uses the configuration's globs, else the role the file is
    ///     closest to passing.
    ///   - progress: the fraction of a video written, for a terminal progress line.
    public func fix(_ path: String, roles: [String], destination: Destination,
                    progress: ((Double) -> Void)? = nil) -> FixOutcome {
        let evaluator = Evaluator(profile: profile, strict: options.includeWarnings)
        let record = inspector.inspect(path)
        let assigned = roles.isEmpty ? configuration.assignedRoles(path) : roles
        let verdict = evaluator.evaluate(record, assignedRoles: assigned)
        let chosen = chooseRoles(verdict, record: record)
        var outcome = FixOutcome(path: path, status: .nothingToFix, roles: chosen.map(\.qualifiedRole))
        guard verdict.status == .fail else { return outcome }

        let mend = mendable(chosen)
        outcome.findings = mend
        let rules = chosen.flatMap { verdict in profile.role(verdict.qualifiedRole)?.role.rules.filter(\.enabled) ?? [] }
        let plan = FixPlanner.plan(record, findings: mend, rules: rules, options: options)
        outcome.steps = plan.steps
        if !plan.unfixable.isEmpty || plan.action == nil {
            outcome.status = .notFixed
            outcome.problems = plan.unfixable.map { "\($0.ruleID): \($0.message) — \($0.reason)" }
            if outcome.problems.isEmpty { outcome.problems = ["no operation mends these findings"] }
            return outcome
        }
        let target = outputPath(for: path, extension: plan.outputExtension, destination: destination)
        outcome.output = target
        if let problem = refusal(input: path, output: target, force: destination.force) {
            outcome.status = .notFixed
            outcome.problems = [problem]
            return outcome
        }
        if destination.dryRun {
            outcome.status = .planned
            return outcome
        }
        do {
            let remaining = try write(plan, input: path, record: record, to: target, roles: outcome.roles,
                                      force: destination.force, progress: progress)
            if remaining.isEmpty {
                outcome.status = .fixed
            } else {
                outcome.status = .notFixed
                outcome.problems = remaining.map { "the rewritten copy still fails \($0.rule.id): \($0.message)" }
            }
        } catch {
            outcome.status = .notFixed
            outcome.problems = ["\(error)"]
        }
        return outcome
    }

    /// With assigned roles, all of them; otherwise the one the file is closest to passing: the
    /// fewest findings no operation mends, then the fewest findings.
    func chooseRoles(_ verdict: FileVerdict, record: ProbeRecord) -> [RoleVerdict] {
        if verdict.rolesAssigned || verdict.verdicts.count <= 1 { return verdict.verdicts }
        let scored = verdict.verdicts.map { role -> (RoleVerdict, Int, Int) in
            let findings = mendable([role])
            let unfixable = findings.filter { FixPlanner.unfixableReason($0.rule, outcome: $0.outcome, record: record, options: options) != nil }
            return (role, unfixable.count, findings.count)
        }
        return [scored.min { ($0.1, $0.2) < ($1.1, $1.2) }!.0]
    }

    /// Errors (and warnings with --strict), each rule once.
    func mendable(_ verdicts: [RoleVerdict]) -> [Finding] {
        var seen = Set<String>()
        return verdicts.flatMap(\.findings).filter {
            ($0.severity == .error || (options.includeWarnings && $0.severity == .warning)) && seen.insert($0.rule.id).inserted
        }
    }

    func outputPath(for input: String, extension ext: String, destination: Destination) -> String {
        if let file = destination.file { return file }
        let url = URL(fileURLWithPath: input)
        let folder = destination.folder ?? url.deletingLastPathComponent().path
        let stem = url.deletingPathExtension().lastPathComponent
        return (folder as NSString).appendingPathComponent("\(stem).fixed.\(ext)")
    }

    func refusal(input: String, output: String, force: Bool) -> String? {
        var inputInfo = stat(), outputInfo = stat()
        let inputExists = PathBytes.withFileSystemRepresentation(input) { stat($0, &inputInfo) } == 0
        let outputExists = PathBytes.withFileSystemRepresentation(output) { lstat($0, &outputInfo) } == 0
        if outputExists && inputExists && inputInfo.st_dev == outputInfo.st_dev && inputInfo.st_ino == outputInfo.st_ino {
            return "\(output) is the input itself: preflight fix never writes over its input"
        }
        if outputExists && !force { return "\(output) exists; use --force to replace it" }
        let folder = (output as NSString).deletingLastPathComponent
        var folderInfo = stat()
        if !folder.isEmpty, PathBytes.withFileSystemRepresentation(folder, { stat($0, &folderInfo) }) != 0 || (folderInfo.st_mode & S_IFMT) != S_IFDIR {
            return "there is no folder \(folder) to write \((output as NSString).lastPathComponent) into"
        }
        if outputExists && (outputInfo.st_mode & S_IFMT) == S_IFDIR { return "\(output) is a folder" }
        return nil
    }
}
