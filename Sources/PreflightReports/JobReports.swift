import PreflightMedia
import PreflightRules

/// `preflight job --format json`: the request's status, its own findings, then each input.
public enum JobJSON {
    public static func document(_ report: JobReport) -> JSONValue {
        .object([
            "status": .string(report.status.rawValue),
            "profile": .string(report.profile.id),
            "profileLifecycle": CatalogueJSON.lifecycle(report.profile.lifecycle),
            "profileWarning": .optional(report.profile.lifecycle.warning(profileID: report.profile.id), JSONValue.string),
            "mode": .string(report.manifest.mode),
            "findings": .array(report.findings.map(finding)),
            "inputs": .array(report.inputs.map { input in
                .object([
                    "path": .string(PathBytes.displayName(input.input.path)),
                    "role": .string(input.input.role),
                    "status": .string(input.status.rawValue),
                    "findings": .array(input.requestFindings.map(finding) + input.findings.map { CheckJSON.finding($0, level: .of($0, in: input.fileVerdict(mode: report.manifest.mode))) }),
                    "probe": ProbeJSON.record(input.record),
                ])
            }),
        ])
    }

    static func finding(_ finding: RequestFinding) -> JSONValue {
        .object([
            "rule": .string(finding.id),
            "severity": .string(finding.severity.rawValue),
            "level": .string(JobFormats.level(finding).rawValue),
            "message": .string(finding.message),
            "source": .string(finding.source),
            "note": .optional(finding.note, JSONValue.string),
        ])
    }
}

/// `preflight job` for people: the request's findings first, then each input with its role.
public enum JobText {
    public static func render(_ report: JobReport, style: TerminalStyle) -> String {
        var lines = ["\(CheckText.badge(report.status, style: style))  \(style.bold(report.manifest.file))  "
                     + style.dim("\(report.profile.name), \(report.manifest.mode) mode, \(report.inputs.count) input\(report.inputs.count == 1 ? "" : "s")")]
        if report.findings.isEmpty {
            lines.append("      request: no problems")
        }
        for finding in report.findings {
            lines.append("      \(label(finding.severity, style: style)) \(finding.id): \(Visible.text(finding.message))")
            lines.append(style.dim("          source: \(finding.source)"))
            if let note = finding.note { lines.append("          note: \(Visible.text(note))") }
        }
        for input in report.inputs {
            lines.append("")
            lines.append("  \(CheckText.badge(input.status, style: style))  \(input.input.role): \(Visible.text(input.input.path))"
                         + (CheckText.describe(input.record).map { style.dim("  \($0)") } ?? ""))
            for finding in input.requestFindings {
                lines.append("      \(label(finding.severity, style: style)) \(finding.id): \(Visible.text(finding.message))")
            }
            for group in FindingGroup.group(input.findings) {
                let finding = group.finding
                lines.append("      \(label(finding.severity, style: style)) \(finding.rule.id): \(Visible.text(finding.message))")
                lines += FindingAdvice.lines(finding).map { "          " + $0 }
            }
        }
        return lines.joined(separator: "\n")
    }

    static func label(_ severity: Severity, style: TerminalStyle) -> String {
        switch severity {
        case .error: style.red("error")
        case .warning: style.yellow("warning")
        case .info: style.dim("info")
        }
    }
}
