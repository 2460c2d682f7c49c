import PreflightRules

/// JUnit XML for CI test tabs: one testcase per file; a failing file carries a `failure` element
/// with the findings that decide its status (`ReportLevel`); the rest go to `system-out`.
///
/// Written as the results arrive, so 100,000 files take no more memory than one: counts are known
/// only at the end, so each file is its own `<testsuite>` (all with the profile's name) carrying
/// its own counts, which JUnit consumers add up; `<testsuites>` states none.
public enum JUnitReport {
    static func header() -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"preflight\">\n"
    }

    static func footer() -> String { "</testsuites>\n" }

    /// One file: a suite of one test case.
    static func suite(_ verdict: FileVerdict, profile: Profile) -> String {
        "  <testsuite name=\"preflight \(escape(profile.id))\" tests=\"1\" failures=\"\(verdict.status == .fail ? 1 : 0)\" "
            + "errors=\"0\" skipped=\"0\">\n" + testcase(verdict, profile: profile) + "  </testsuite>\n"
    }

    static func testcase(_ verdict: FileVerdict, profile: Profile) -> String {
        let roles = verdict.verdicts.map { "\($0.qualifiedRole)=\($0.status.rawValue)" }.joined(separator: " ")
        var xml = "    <testcase classname=\"preflight.\(escape(profile.id))\" name=\"\(escape(Visible.text(verdict.record.path)))\">\n"
        let blocking = verdict.findings.filter { ReportLevel.of($0, in: verdict) != .note }
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
                + FindingAdvice.lines(finding).map { "\n  " + $0 }.joined()
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
