import PreflightRules

/// JUnit XML for CI test tabs: one testcase per file; a failing file carries a `failure` element
/// with its findings, warnings go to `system-out` (or fail too with --strict).
public enum JUnitReport {
    static func document(cases: String, summary: Summary, profile: Profile) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"preflight\" tests=\"\(summary.files)\" failures=\"\(summary.failed)\">\n"
        xml += "  <testsuite name=\"preflight \(escape(profile.id))\" tests=\"\(summary.files)\" failures=\"\(summary.failed)\" errors=\"0\" skipped=\"0\">\n"
        return xml + cases + "  </testsuite>\n</testsuites>\n"
    }

    static func testcase(_ verdict: FileVerdict, profile: Profile) -> String {
        let roles = verdict.verdicts.map { "\($0.qualifiedRole)=\($0.status.rawValue)" }.joined(separator: " ")
        var xml = "    <testcase classname=\"preflight.\(escape(profile.id))\" name=\"\(escape(Visible.text(verdict.record.path)))\">\n"
        let blocking = verdict.findings.filter { $0.severity == .error || verdict.status == .fail && $0.severity == .warning }
        if verdict.status == .fail {
            let first = blocking.first?.message ?? "failed"
            xml += "      <failure message=\"\(escape(first))\" type=\"\(escape(blocking.first?.rule.id ?? "preflight"))\">"
            xml += escape(lines(blocking.isEmpty ? verdict.findings : blocking)) + "</failure>\n"
        }
        let notes = verdict.findings.filter { !blocking.contains($0) }
        xml += "      <system-out>\(escape("roles: \(roles)" + (notes.isEmpty ? "" : "\n" + lines(notes))))</system-out>\n"
        return xml + "    </testcase>\n"
    }

    static func lines(_ findings: [Finding]) -> String {
        FindingGroup.group(findings).map { group in
            let finding = group.finding
            return "\(finding.severity.rawValue) \(finding.rule.id) [\(group.roles.joined(separator: ", "))]: \(Visible.text(finding.message))"
                + (finding.fix.map { "\n  fix: \(Visible.text($0))" } ?? "")
        }.joined(separator: "\n")
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
            // Characters XML 1.0 cannot carry at all (control bytes in odd file names).
            case let c where c.value < 0x20 || (0xFFFE...0xFFFF).contains(c.value): out += "?"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
