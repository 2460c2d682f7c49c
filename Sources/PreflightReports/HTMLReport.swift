import Foundation
import PreflightMedia
import PreflightRules

/// `check --format html`: one self-contained page — thumbnails as data URIs, inline style and
/// script, no external requests. Cards are collected and written at the end, because the header
/// shows the counts.
public struct HTMLCheckWriter: CheckReportWriter {
    let profile: Profile
    let toolVersion: String
    let generated: String
    var cards: [String] = []
    var summary = Summary()
    var roles = Set<String>()
    var rules = Set<String>()

    public init(profile: Profile, toolVersion: String, generated: Date = Date()) {
        self.profile = profile
        self.toolVersion = toolVersion
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        self.generated = formatter.string(from: generated)
    }

    public mutating func begin() -> String { "" }

    public mutating func file(_ verdict: FileVerdict) -> String {
        summary.add(verdict)
        verdict.verdicts.forEach { roles.insert($0.qualifiedRole) }
        verdict.findings.forEach { rules.insert($0.rule.id) }
        cards.append(HTMLCard.render(verdict, index: cards.count))
        return ""
    }

    public mutating func end() -> String {
        HTMLPage.render(title: "preflight report — \(profile.name)", header: header(), body: "<main id=\"cards\">\n" + cards.joined(separator: "\n") + "\n</main>")
    }

    func header() -> String {
        let checked = profile.lifecycle.checked.map { ", limits checked \($0)" } ?? ""
        var html = "<h1>preflight report</h1>\n"
        html += "<p class=\"meta\">Profile <b>\(HTML.escape(profile.name))</b> (\(HTML.escape(profile.id))\(HTML.escape(checked))) · preflight \(HTML.escape(toolVersion)) · generated \(HTML.escape(generated))</p>\n"
        html += HTMLPage.counts(files: summary.files, passed: summary.passed, warned: summary.warned, failed: summary.failed)
        html += HTMLPage.filters(roles: roles.sorted(), rules: rules.sorted())
        return html
    }
}

/// The page around the cards, and the pieces the check and job pages share.
enum HTMLPage {
    static func render(title: String, header: String, body: String) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
        <title>\(HTML.escape(title))</title>
        <style>\(HTMLAssets.style)</style>
        </head>
        <body>
        <header>
        \(header)</header>
        \(body)
        <footer>Made by preflight: every picture is embedded in this file; nothing is loaded from elsewhere.</footer>
        <script>\(HTMLAssets.script)</script>
        </body>
        </html>

        """
    }

    static func counts(files: Int, passed: Int, warned: Int, failed: Int) -> String {
        "<p class=\"counts\"><span data-count=\"files\">\(files) file\(files == 1 ? "" : "s")</span>"
            + "<span class=\"pass\" data-count=\"pass\">\(passed) passed</span>"
            + "<span class=\"warn\" data-count=\"warn\">\(warned) with warnings</span>"
            + "<span class=\"fail\" data-count=\"fail\">\(failed) failed</span></p>\n"
    }

    /// Hidden until the script shows it: without JavaScript there are no controls that do nothing.
    static func filters(roles: [String], rules: [String]) -> String {
        var html = "<form id=\"filters\" class=\"filters\" hidden>"
        for status in ["pass", "warn", "fail"] {
            html += "<label><input type=\"checkbox\" name=\"status\" value=\"\(status)\" checked> \(status)</label>"
        }
        html += "<select name=\"role\" aria-label=\"role\"><option value=\"\">every role</option>"
            + roles.map { "<option>\(HTML.escape($0))</option>" }.joined() + "</select>"
        html += "<select name=\"rule\" aria-label=\"rule\"><option value=\"\">every rule</option>"
            + rules.map { "<option>\(HTML.escape($0))</option>" }.joined() + "</select>"
        html += "<input type=\"search\" name=\"q\" placeholder=\"file name\" aria-label=\"file name\"></form>\n"
        return html
    }
}

/// One file's card: name and status, pictures, facts, per-role chips, findings.
enum HTMLCard {
    static func render(_ verdict: FileVerdict, index: Int) -> String {
        let record = verdict.record
        let status = verdict.status.rawValue
        let roles = verdict.verdicts.map(\.qualifiedRole).joined(separator: " ")
        let rules = Set(verdict.findings.map(\.rule.id)).sorted().joined(separator: " ")
        var html = "<article class=\"card \(status)\" data-status=\"\(status)\" data-roles=\"\(HTML.escape(roles))\" "
            + "data-rules=\"\(HTML.escape(rules))\" data-name=\"\(HTML.escape(Visible.text(record.path)))\">\n"
        html += "<h2><span class=\"badge \(status)\">\(status.uppercased())</span><span>\(HTML.escape(Visible.text(record.path)))</span></h2>\n"
        html += pictures(verdict, index: index)
        if let facts = CheckText.describe(record) { html += "<p class=\"facts\">\(HTML.escape(facts))</p>\n" }
        html += "<div class=\"chips\">" + verdict.verdicts.map {
            "<span class=\"chip \($0.status.rawValue)\">\(HTML.escape($0.qualifiedRole)) \($0.status.rawValue)</span>"
        }.joined() + "</div>\n"
        let groups = FindingGroup.group(verdict.findings)
        if !groups.isEmpty {
            html += "<ul class=\"findings\">\n" + groups.map { finding($0, level: ReportLevel.of($0, in: verdict)) }.joined() + "</ul>\n"
        }
        return html + "</article>"
    }

    static func pictures(_ verdict: FileVerdict, index: Int) -> String {
        guard let preview = verdict.preview, let poster = preview.poster ?? preview.filmstrip.first else {
            return verdict.record.failure == nil ? "" : "<p class=\"missing\">no picture: the file could not be read</p>\n"
        }
        var html = ""
        let image = verdict.record.image
        let tiles = image?.focusTiles.map { FocusMap.upright($0, orientation: image?.orientation ?? 1) }
        if tiles != nil {
            html += "<input type=\"checkbox\" class=\"heat-toggle\" id=\"heat-\(index)\"><label class=\"heat-label\" for=\"heat-\(index)\">show where it is in focus</label>\n"
        }
        html += "<div class=\"thumb\"><img src=\"\(dataURI(poster.jpeg))\" width=\"\(poster.width)\" height=\"\(poster.height)\" alt=\"\(HTML.escape(Visible.text(verdict.record.path)))\">"
        if let tiles { html += FocusMap.svg(tiles) }
        html += "</div>\n"
        if tiles != nil { html += FocusMap.legend }
        if preview.filmstrip.count > 1 {
            html += "<div class=\"filmstrip\">" + preview.filmstrip.map { frame in
                "<figure><img src=\"\(dataURI(frame.jpeg))\" width=\"\(frame.width)\" height=\"\(frame.height)\" alt=\"frame at \(String(format: "%.1f", frame.seconds)) s\"><figcaption>\(String(format: "%.1f s", frame.seconds))</figcaption></figure>"
            }.joined() + "</div>\n"
        }
        return html
    }

    static func finding(_ group: FindingGroup, level: ReportLevel) -> String {
        let finding = group.finding
        let label = finding.severity == .info ? "info" : level.rawValue
        var html = "<li><span class=\"sev \(label)\">\(label)</span><b>\(HTML.escape(finding.rule.id))</b>: \(HTML.escape(Visible.text(finding.message)))"
        html += "<div class=\"detail\">"
        if let actual = finding.actual { html += "measured \(HTML.escape(finding.rule.measure.format(actual))) · " }
        html += "limit \(HTML.escape(finding.limitDescription)) · in \(HTML.escape(group.roles.joined(separator: ", "))) · source: \(HTML.linked(finding.rule.source))</div>"
        if let fix = finding.fix { html += command(fix) }
        if let alternative = finding.alternative { html += command(alternative, label: "or") }
        if let note = finding.note { html += "<div class=\"detail\">\(HTML.escape(note))</div>" }
        return html + "</li>\n"
    }

    static func command(_ text: String, label: String = "fix") -> String {
        "<div class=\"fix\"><span class=\"detail\">\(label):</span><code>\(HTML.escape(Visible.text(text)))</code><button class=\"copy\" type=\"button\" hidden>copy</button></div>"
    }

    static func dataURI(_ jpeg: [UInt8]) -> String { "data:image/jpeg;base64," + Data(jpeg).base64EncodedString() }
}

/// The focus score's tile grid drawn over the picture: green where it is sharp, amber soft, red
/// blurred, at the reference thresholds of docs/focus.md (kling-o1.yaml's image.focus-soft and
/// image.focus).
enum FocusMap {
    static let sharp = 15.0, soft = 6.0
    static let legend = "<div class=\"legend\">focus per tile:<i style=\"background:#2da44e\"></i>sharp (≥ \(Int(sharp)))"
        + "<i style=\"background:#d4a72c\"></i>soft (\(Int(soft))–\(Int(sharp)))<i style=\"background:#cf222e\"></i>blurred (&lt; \(Int(soft)))</div>\n"

    static func svg(_ tiles: FocusTiles) -> String {
        var rects = ""
        for row in 0..<tiles.rows {
            for column in 0..<tiles.columns {
                let value = tiles.values[row * tiles.columns + column]
                let colour = value >= sharp ? "#2da44e" : value >= soft ? "#d4a72c" : "#cf222e"
                rects += "<rect x=\"\(column)\" y=\"\(row)\" width=\"1\" height=\"1\" fill=\"\(colour)\"><title>\(String(format: "%.1f", value))</title></rect>"
            }
        }
        return "<svg class=\"heat\" viewBox=\"0 0 \(tiles.columns) \(tiles.rows)\" preserveAspectRatio=\"none\" fill-opacity=\"0.42\" aria-hidden=\"true\">\(rects)</svg>"
    }

    /// The grid is measured on the stored picture; the thumbnail is upright (EXIF orientation applied).
    static func upright(_ tiles: FocusTiles, orientation: Int) -> FocusTiles {
        let columns = tiles.columns, rows = tiles.rows
        guard tiles.values.count == columns * rows, (2...8).contains(orientation) else { return tiles }
        let swaps = orientation >= 5
        let outColumns = swaps ? rows : columns, outRows = swaps ? columns : rows
        var values = [Double](repeating: 0, count: tiles.values.count)
        for row in 0..<rows {
            for column in 0..<columns {
                let (x, y): (Int, Int)
                switch orientation {
                case 2: (x, y) = (columns - 1 - column, row)
                case 3: (x, y) = (columns - 1 - column, rows - 1 - row)
                case 4: (x, y) = (column, rows - 1 - row)
                case 5: (x, y) = (row, column)
                case 6: (x, y) = (rows - 1 - row, column)
                case 7: (x, y) = (rows - 1 - row, columns - 1 - column)
                default: (x, y) = (row, columns - 1 - column)  // 8
                }
                values[y * outColumns + x] = tiles.values[row * columns + column]
            }
        }
        return FocusTiles(columns: outColumns, rows: outRows, values: values)
    }
}

enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// The source text with its https:// addresses as links (opened in a new tab, no referrer).
    static func linked(_ source: String) -> String {
        var html = ""
        var rest = source[...]
        while let start = rest.range(of: "https://") {
            html += escape(String(rest[..<start.lowerBound]))
            let tail = rest[start.lowerBound...]
            let end = tail.firstIndex { $0 == " " || $0 == ")" || $0 == "," || $0 == ";" || $0 == "'" } ?? tail.endIndex
            let url = String(tail[..<end])
            html += "<a href=\"\(escape(url))\" rel=\"noreferrer noopener\" target=\"_blank\">\(escape(url))</a>"
            rest = tail[end...]
        }
        return html + escape(String(rest))
    }
}
