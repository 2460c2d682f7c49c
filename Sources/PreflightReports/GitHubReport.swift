import PreflightRules

/// GitHub Actions workflow commands. GitHub shows only ten annotations of a kind per step, so each
/// file gets one annotation per severity that lists all its findings; the full table goes to the
/// job summary ($GITHUB_STEP_SUMMARY) as Markdown.
public enum GitHubReport {
    public static func annotations(_ verdicts: [FileVerdict]) -> String {
        var lines: [String] = []
        for verdict in verdicts {
            // Only what decides the file's status (ReportLevel): a file that passes as a start
            // frame is not annotated for the reference-image rules it misses (those are notes, in
            // the summary table).
            let levels = [ReportLevel.error, .warning]
            let groups = levels.map { level in
                (command: level.rawValue, findings: verdict.findings.filter { ReportLevel.of($0, in: verdict) == level })
            }
            for (command, findings) in groups {
                let shown = unique(findings)
                guard !shown.isEmpty else { continue }
                lines.append(Self.command(command, file: verdict.record.path, items: shown.map { ($0.rule.id, $0.message, FindingAdvice.sentence($0).dropFirst(2).description) }))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// One `::error`/`::warning` line for a file listing its findings (id, message, fix), escaped.
    static func command(_ command: String, file: String, items: [(id: String, message: String, fix: String?)]) -> String {
        let title = "preflight: " + items.map(\.id).joined(separator: ", ")
        let message = items.map { "\($0.id): \(Visible.text($0.message))" + ($0.fix.flatMap { $0.isEmpty ? nil : " — \(Visible.text($0))" } ?? "") }
            .joined(separator: "\n")
        return "::\(command) file=\(property(Visible.text(file))),title=\(property(title))::\(data(message))"
    }

    /// One row of the Markdown table written to $GITHUB_STEP_SUMMARY.
    static func row(_ verdict: FileVerdict) -> String {
        let roles = verdict.verdicts.map { "\($0.qualifiedRole): \($0.status.rawValue)" }.joined(separator: "<br>")
        let findings = FindingGroup.group(verdict.findings).map { group in
            "**\(ReportLevel.of(group, in: verdict).rawValue)** <code>\(group.finding.rule.id)</code> \(Visible.markdownCell(group.finding.message))"
        }
            .joined(separator: "<br>")
        return "| \(verdict.status.rawValue) | <code>\(Visible.markdownCell(verdict.record.path))</code> | \(cell(roles)) | \(cell(findings)) |\n"
    }

    static func unique(_ findings: [Finding]) -> [Finding] {
        FindingGroup.group(findings).map(\.finding)
    }

    /// Workflow-command escaping: data escapes %, CR, LF; properties also ':' and ','.
    static func data(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    static func property(_ text: String) -> String {
        data(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }

    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}

import Foundation
