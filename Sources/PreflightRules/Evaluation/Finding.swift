import PreflightMedia

/// One rule a file broke in one role.
public struct Finding: Sendable, Equatable {
    public var rule: Rule
    public var mode: String
    public var role: String
    public var message: String
    public var actual: MeasuredValue?
    /// Over the maximum, under the minimum, or not an accepted value.
    public var outcome: Limit.Outcome
    /// A command that mends the file, and only that: `preflight fix …` where preflight can, else the
    /// rule's ffmpeg command with the file's path filled in.
    public var fix: String?
    /// The ffmpeg command that does the same, when `fix` is `preflight fix`.
    public var alternative: String? = nil
    /// Words: why there is no command (a clip too short), or the command's caveat.
    public var note: String? = nil

    /// The value broke the limit but not the tolerance the service allows: reported, never failing.
    public var withinTolerance = false

    public var severity: Severity { withinTolerance ? .info : rule.severity }
    public var limitDescription: String { rule.limit.describe(for: rule.measure) }
}

public enum Status: String, Sendable, Comparable {
    case pass, warn, fail

    private var rank: Int { self == .pass ? 0 : self == .warn ? 1 : 2 }
    public static func < (lhs: Status, rhs: Status) -> Bool { lhs.rank < rhs.rank }

    /// Errors fail; warnings warn (or fail with --strict); info never changes the status.
    public static func of(_ findings: [Finding], strict: Bool) -> Status {
        if findings.contains(where: { $0.severity == .error }) { return .fail }
        if findings.contains(where: { $0.severity == .warning }) { return strict ? .fail : .warn }
        return .pass
    }
}

/// Whether a file can play one role.
public struct RoleVerdict: Sendable, Equatable {
    public var mode: String
    public var role: String
    public var status: Status
    public var findings: [Finding]

    public var qualifiedRole: String { "\(mode)/\(role)" }

    public init(mode: String, role: String, status: Status, findings: [Finding]) {
        self.mode = mode
        self.role = role
        self.status = status
        self.findings = findings
    }
}

/// Everything `check` says about one file.
public struct FileVerdict: Sendable {
    public var record: ProbeRecord
    public var status: Status
    /// True when the roles came from --role or the configuration's role globs.
    public var rolesAssigned: Bool
    public var verdicts: [RoleVerdict]
    /// Thumbnails for the HTML report (made only when that report is asked for).
    public var preview: MediaPreview? = nil

    public init(record: ProbeRecord, status: Status, rolesAssigned: Bool, verdicts: [RoleVerdict], preview: MediaPreview? = nil) {
        self.record = record
        self.status = status
        self.rolesAssigned = rolesAssigned
        self.verdicts = verdicts
        self.preview = preview
    }

    public var findings: [Finding] { verdicts.flatMap(\.findings) }
}
