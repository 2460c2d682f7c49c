import PreflightRules

/// What `preflight fix` did with one file.
public struct FixOutcome: Sendable {
    public enum Status: String, Sendable {
        /// The file already passes its roles.
        case nothingToFix = "nothing-to-fix"
        /// --dry-run: the plan, nothing written.
        case planned
        /// Written, and the written copy passes its roles.
        case fixed
        /// Something no operation mends, or the rewrite did not pass: nothing written.
        case notFixed = "not-fixed"
    }

    public var path: String
    public var status: Status
    public var roles: [String]
    public var steps: [String] = []
    /// Where the fixed copy is (fixed), or would be (planned).
    public var output: String?
    /// Why it could not be fixed: findings no operation mends, a rewrite error, or what the
    /// rewritten copy still fails.
    public var problems: [String] = []
    /// The findings the input had for the chosen roles.
    public var findings: [Finding] = []

    public var succeeded: Bool { status != .notFixed }
}
