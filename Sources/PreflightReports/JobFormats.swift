import PreflightMedia
import PreflightRules

/// `preflight job` for CI: the same SARIF, JUnit and GitHub formats as `check`, with the same
/// levels (`ReportLevel`). Each input is judged in its one assigned role, so every error or warning
/// of an input decides; request findings (counts, pairing, prompt) are located on the manifest, or
/// on the input they name.
public enum JobFormats {
    /// Request findings decide the request's status (`--strict` has already made warnings errors).
    public static func level(_ finding: RequestFinding) -> ReportLevel {
        switch finding.severity {
        case .error: .error
        case .warning: .warning
        case .info: .note
        }
    }

    public static func sarif(_ report: JobReport, toolVersion: String, sourceRoot: String) -> String {
        let root = sourceRoot.hasSuffix("/") ? sourceRoot : sourceRoot + "/"
        var results: [JSONValue] = report.findings.map { requestResult($0, path: report.manifest.file, root: root) }
        for input in report.inputs {
            results += input.requestFindings.map { requestResult($0, path: input.input.resolvedPath, root: root) }
            results += SARIFReport.results(input.fileVerdict(mode: report.manifest.mode), profile: report.profile, sourceRoot: root)
        }
        return SARIFReport.envelope(profile: report.profile, toolVersion: toolVersion, sourceRoot: root,
                                    results: .array(results)).rendered() + "\n"
    }

    static func requestResult(_ finding: RequestFinding, path: String, root: String) -> JSONValue {
        var text = finding.message
        if let note = finding.note { text += ". \(note)" }
        return .object([
            "ruleId": .string(finding.id),
            "level": .string(level(finding).rawValue),
            "message": .object(["text": .string(text)]),
            "locations": .array([.object(["physicalLocation": .object([
                "artifactLocation": SARIFReport.relativeLocation(path, sourceRoot: root),
                "region": .object(["startLine": .int(1)]),
            ])])]),
            "partialFingerprints": .object(["preflightRuleAndFile/v1": .string(finding.id + ":" + SARIFReport.relativePath(path, sourceRoot: root))]),
            "properties": .object(["source": .string(finding.source)]),
        ])
    }

    /// One suite for the request: a `request` test case, then one per input.
    public static func junit(_ report: JobReport) -> String {
        let deciding = report.findings.filter { level($0) != .note }
            + report.inputs.flatMap { input in input.requestFindings.filter { level($0) != .note } }
        let failures = (deciding.contains { level($0) == .error } ? 1 : 0) + report.inputs.filter { $0.status == .fail }.count
        var xml = JUnitReport.header()
        xml += "  <testsuite name=\"preflight job \(JUnitReport.escape(Visible.text(report.manifest.file)))\" "
            + "tests=\"\(report.inputs.count + 1)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\">\n"
        xml += "    <testcase classname=\"preflight.\(JUnitReport.escape(report.profile.id))\" name=\"request (\(JUnitReport.escape(report.manifest.mode)) mode)\">\n"
        let lines = (report.findings.map { requestLine($0, about: nil) }
            + report.inputs.flatMap { input in input.requestFindings.map { requestLine($0, about: input.input.path) } })
        if let first = deciding.first(where: { level($0) == .error }) {
            xml += "      <failure message=\"\(JUnitReport.escape(Visible.text(first.message)))\" type=\"\(JUnitReport.escape(first.id))\">"
                + JUnitReport.escape(lines.joined(separator: "\n")) + "</failure>\n"
        } else if !lines.isEmpty {
            xml += "      <system-out>\(JUnitReport.escape(lines.joined(separator: "\n")))</system-out>\n"
        }
        xml += "    </testcase>\n"
        for input in report.inputs {
            xml += JUnitReport.testcase(input.fileVerdict(mode: report.manifest.mode), profile: report.profile)
        }
        return xml + "  </testsuite>\n" + JUnitReport.footer()
    }

    static func requestLine(_ finding: RequestFinding, about path: String?) -> String {
        "\(finding.severity.rawValue) \(finding.id)\(path.map { " [\(Visible.text($0))]" } ?? ""): \(Visible.text(finding.message))"
            + (finding.note.map { "\n  note: \(Visible.text($0))" } ?? "")
    }

    /// Workflow commands: request findings on the manifest (or the input they name), then each input.
    public static func github(_ report: JobReport) -> String {
        var lines: [String] = []
        func annotate(_ findings: [RequestFinding], file: String) {
            for level in [ReportLevel.error, .warning] {
                let shown = findings.filter { self.level($0) == level }
                guard !shown.isEmpty else { continue }
                lines.append(GitHubReport.command(level.rawValue, file: file, items: shown.map { ($0.id, $0.message, $0.note) }))
            }
        }
        annotate(report.findings, file: report.manifest.file)
        for input in report.inputs {
            annotate(input.requestFindings, file: input.input.resolvedPath)
            let annotations = GitHubReport.annotations([input.fileVerdict(mode: report.manifest.mode)])
            if !annotations.isEmpty { lines.append(annotations) }
        }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }
}
