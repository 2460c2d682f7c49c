import PreflightRules

/// The one severity policy every report format follows (text, JSON, SARIF, GitHub, JUnit, Markdown):
/// a finding is shown at its own severity only when it **decides the file's status**; every other
/// finding is a `note`.
///
/// - Roles assigned (`--role`, config globs): the file must fit each of them, so every error and
///   warning of a role that does not pass decides.
/// - Roles not assigned: the file is judged by the role it fits best. A file that passes one role
///   has no deciding finding (what it misses as a reference image is a note when it passes as a start
///   frame); a file that warns is decided by the warnings of its best roles; a file that fails every
///   role is decided by all of their errors and warnings.
/// - `--strict` (or a failing file with no deciding error): the deciding warnings are errors.
/// - `info` findings never decide.
public enum ReportLevel: String, Sendable, Comparable {
    case note, warning, error

    private var rank: Int { self == .note ? 0 : self == .warning ? 1 : 2 }
    public static func < (lhs: ReportLevel, rhs: ReportLevel) -> Bool { lhs.rank < rhs.rank }

    /// The level of `finding`, one of `verdict.findings`.
    public static func of(_ finding: Finding, in verdict: FileVerdict) -> ReportLevel {
        guard finding.severity != .info, verdict.status != .pass else { return .note }
        let deciding = verdict.verdicts.contains { role in
            role.mode == finding.mode && role.role == finding.role && role.status != .pass
                && (verdict.rolesAssigned || role.status == verdict.status) && role.findings.contains(finding)
        }
        guard deciding else { return .note }
        if finding.severity == .error { return .error }
        // A failing file whose deciding findings are all warnings fails because of them (--strict).
        return verdict.status == .fail ? .error : .warning
    }

    /// A group's level: the highest of its members (the same finding may decide in one role only).
    public static func of(_ group: FindingGroup, in verdict: FileVerdict) -> ReportLevel {
        group.members.map { of($0, in: verdict) }.max() ?? .note
    }
}
