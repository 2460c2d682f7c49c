import PreflightMedia
import PreflightRules

/// `preflight check` for people: per file, the verdict of every mode/role on one line, then each
/// failing or warning rule with the measured value against the limit and the fix; a summary last.
public enum CheckText {
    static func summaryLine(_ summary: Summary, profile: Profile, style: TerminalStyle) -> String {
        "\(summary.files) file\(summary.files == 1 ? "" : "s") checked against \(profile.name): "
            + [style.green("\(summary.passed) passed"), style.yellow("\(summary.warned) with warnings"),
               style.red("\(summary.failed) failed")].joined(separator: ", ")
    }

    /// "disabled by configuration: …" when rules are off, so that a pass says what it skipped.
    static func disabledLine(_ profile: Profile, style: TerminalStyle) -> String {
        let disabled = profile.disabledRules
        guard !disabled.isEmpty else { return "" }
        let roleCount = profile.qualifiedRoles.count
        let listed = disabled.map { rule in
            rule.id + (rule.roles.count == roleCount ? "" : " (in \(rule.roles.joined(separator: ", ")))")
        }
        return style.yellow("disabled by configuration, not checked: ") + listed.joined(separator: "; ") + "\n"
    }

    static func badge(_ status: Status, style: TerminalStyle) -> String {
        switch status {
        case .pass: style.green("PASS")
        case .warn: style.yellow("WARN")
        case .fail: style.red("FAIL")
        }
    }

    static func block(_ verdict: FileVerdict, style: TerminalStyle) -> String {
        let record = verdict.record
        var header = "\(badge(verdict.status, style: style))  \(style.bold(Visible.text(record.path)))"
        if let summary = describe(record) { header += style.dim("  \(summary)") }
        var lines = [header]
        if !verdict.verdicts.isEmpty {
            let roles = verdict.verdicts.map { "\($0.qualifiedRole) \(badge($0.status, style: style).lowercased())" }
            lines.append("      " + roles.joined(separator: " · "))
        }
        for group in FindingGroup.group(verdict.findings) {
            let (finding, roles) = (group.finding, group.roles)
            // The label is the finding's level for this file (ReportLevel); a note keeps its
            // severity in the role it belongs to, on the next line.
            let level = ReportLevel.of(group, in: verdict)
            let label: String
            switch level {
            case .error: label = style.red("error")
            case .warning: label = style.yellow("warning")
            case .note: label = style.dim(finding.severity == .info ? "info" : "note")
            }
            let there = level == .note && finding.severity != .info ? " (\(finding.severity.rawValue) there)" : ""
            let limit = finding.rule.measure.valueType == .flag ? "" : " (limit \(finding.limitDescription))"
            lines.append("      \(label) \(finding.rule.id): \(Visible.text(finding.message))\(limit)")
            lines.append(style.dim("          in \(roles.joined(separator: ", "))\(there) · source: \(finding.rule.source)"))
            lines += FindingAdvice.lines(finding).map { "          " + $0 }
        }
        return lines.joined(separator: "\n")
    }

    static func describe(_ record: ProbeRecord) -> String? {
        if let video = record.video {
            var parts = [record.container ?? "?", "\(video.width)×\(video.height)"]
            if let duration = record.durationSeconds { parts.append(Format.seconds(duration)) }
            if let rate = video.frameRate?.value { parts.append(Format.number(rate) + " fps") }
            parts.append(video.codec ?? "unknown codec \(video.codecTag ?? "")")
            return parts.joined(separator: ", ")
        }
        if let image = record.image {
            var parts = [record.container ?? image.codec, "\(image.width)×\(image.height)"]
            if let focus = image.focusScore { parts.append("focus \(Format.number(focus))") }
            if let quality = image.jpegQuality { parts.append("quality ≈\(quality)") }
            return parts.joined(separator: ", ")
        }
        return nil
    }
}
