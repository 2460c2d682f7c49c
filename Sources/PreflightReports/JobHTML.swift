import Foundation
import PreflightMedia
import PreflightRules

/// `job --format html`: the request's findings on top, the prompt with its references and
/// preservation clause marked, then the inputs grouped by role side by side (start and end frames
/// next to each other, so a change of light or shape shows).
public enum JobHTML {
    /// - Parameter previews: one per input, in the manifest's order (nil where none could be made).
    public static func render(_ report: JobReport, previews: [MediaPreview?], toolVersion: String, generated: Date = Date()) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        let passed = report.inputs.filter { $0.status == .pass }.count
        let warned = report.inputs.filter { $0.status == .warn }.count
        let failed = report.inputs.filter { $0.status == .fail }.count
        var header = "<h1>preflight job: \(HTML.escape(Visible.text(report.manifest.file)))</h1>\n"
        header += "<p class=\"meta\">\(HTML.escape(report.profile.name)), \(HTML.escape(report.manifest.mode)) mode · request \(report.status.rawValue.uppercased())"
            + " · preflight \(HTML.escape(toolVersion)) · generated \(formatter.string(from: generated))</p>\n"
        header += HTMLPage.counts(files: report.inputs.count, passed: passed, warned: warned, failed: failed)
        let verdicts = zip(report.inputs, previews + Array(repeating: nil, count: max(0, report.inputs.count - previews.count))).map { input, preview in
            FileVerdict(record: input.record, status: input.status, rolesAssigned: true,
                        verdicts: [RoleVerdict(mode: report.manifest.mode, role: input.input.role, status: input.status, findings: input.findings)],
                        preview: preview)
        }
        header += HTMLPage.filters(roles: Array(Set(verdicts.flatMap { $0.verdicts.map(\.qualifiedRole) })).sorted(),
                                   rules: Array(Set(verdicts.flatMap { $0.findings.map(\.rule.id) })).sorted())
        var body = "<section class=\"request\"><h2>Request</h2>\n"
        if report.findings.isEmpty { body += "<p class=\"detail\">no problems with the request</p>\n" }
        if !report.findings.isEmpty {
            body += "<ul class=\"findings\">\n" + report.findings.map { finding in
                "<li><span class=\"sev \(finding.severity.rawValue)\">\(finding.severity.rawValue)</span><b>\(HTML.escape(finding.id))</b>: "
                    + HTML.escape(Visible.text(finding.message)) + "<div class=\"detail\">source: \(HTML.linked(finding.source))</div>"
                    + (finding.note.map { "<div class=\"detail\">\(HTML.escape($0))</div>" } ?? "") + "</li>\n"
            }.joined() + "</ul>\n"
        }
        if let prompt = report.manifest.prompt { body += "<h3>Prompt</h3><p class=\"prompt\">\(marked(prompt))</p>\n" }
        body += "</section>\n"
        // Roles in the mode's order, each role's inputs side by side.
        let order = report.profile.mode(report.manifest.mode)?.roles.map(\.name) ?? []
        let roles = order.filter { role in report.inputs.contains { $0.input.role == role } }
            + Array(Set(report.inputs.map(\.input.role)).subtracting(order)).sorted()
        // Start and end frames share a row: a change of light or shape between them shows.
        var groups: [[String]] = []
        for role in roles {
            if role.hasSuffix("end-frame"), let start = groups.firstIndex(where: { $0.contains { $0.hasSuffix("start-frame") } }) {
                groups[start].append(role)
            } else {
                groups.append([role])
            }
        }
        var index = 0
        for group in groups {
            body += "<section class=\"group\"><h3>\(HTML.escape(group.joined(separator: " · ")))</h3></section>\n<main>\n"
            for (position, input) in report.inputs.enumerated() where group.contains(input.input.role) {
                body += HTMLCard.render(verdicts[position], index: index) + "\n"
                index += 1
            }
            body += "</main>\n"
        }
        return HTMLPage.render(title: "preflight job — \(report.manifest.file)", header: header, body: body)
    }

    /// The prompt with its input references (@Image1, @Video1…) and preservation clause marked.
    static func marked(_ prompt: String) -> String {
        var ranges: [Range<String.Index>] = []
        var searchStart = prompt.startIndex
        for reference in PromptLint.references(in: prompt) {
            if let found = prompt.range(of: reference.text, range: searchStart..<prompt.endIndex) {
                ranges.append(found)
                searchStart = found.upperBound
            }
        }
        if let clause = PromptLint.preservationClause(in: prompt) { ranges.append(clause) }
        ranges.sort { $0.lowerBound < $1.lowerBound }
        var html = ""
        var position = prompt.startIndex
        for range in ranges where range.lowerBound >= position {
            html += HTML.escape(String(prompt[position..<range.lowerBound]))
            html += "<mark>" + HTML.escape(String(prompt[range])) + "</mark>"
            position = range.upperBound
        }
        return html + HTML.escape(String(prompt[position...]))
    }
}
