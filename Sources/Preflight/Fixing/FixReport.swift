import PreflightReports
import PreflightRules

/// `preflight fix` reports: a few lines per file in text, one object per file in JSON.
public enum FixReport {
    public static func text(_ outcome: FixOutcome, dryRun: Bool) -> String {
        let name = Visible.text(outcome.path)
        let roles = outcome.roles.isEmpty ? "" : " (\(outcome.roles.joined(separator: ", ")))"
        var lines: [String] = []
        switch outcome.status {
        case .nothingToFix: lines.append("\(name): nothing to fix\(roles)")
        case .planned: lines.append("\(name) → \(Visible.text(outcome.output ?? "")): would fix\(roles)")
        case .fixed: lines.append("\(name) → \(Visible.text(outcome.output ?? "")): fixed\(roles), the copy passes")
        case .notFixed: lines.append("\(name): not fixed\(roles)" + (dryRun || outcome.output == nil ? "" : ", nothing written"))
        }
        for step in outcome.steps where outcome.status != .nothingToFix { lines.append("    \(outcome.status == .notFixed ? "plan: " : "")\(step)") }
        for problem in outcome.problems { lines.append("    ✗ \(Visible.text(problem))") }
        return lines.joined(separator: "\n")
    }

    public static func json(_ outcome: FixOutcome) -> JSONValue {
        .object([
            "path": .string(outcome.path),
            "status": .string(outcome.status.rawValue),
            "roles": .array(outcome.roles.map(JSONValue.string)),
            "steps": .array(outcome.steps.map(JSONValue.string)),
            "output": .optional(outcome.output, JSONValue.string),
            "problems": .array(outcome.problems.map(JSONValue.string)),
            "findings": .array(outcome.findings.map { .object(["rule": .string($0.rule.id), "message": .string($0.message)]) }),
        ])
    }
}
