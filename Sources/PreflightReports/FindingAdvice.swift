import PreflightRules

/// A finding's advice as report lines: the command, the ffmpeg alternative, the note in words.
enum FindingAdvice {
    /// ["fix: preflight fix …", "  or: ffmpeg …", "note: …"], escaped for a terminal.
    static func lines(_ finding: Finding) -> [String] {
        var lines: [String] = []
        if let fix = finding.fix { lines.append("fix: \(Visible.text(fix))") }
        if let alternative = finding.alternative { lines.append(" or: \(Visible.text(alternative))") }
        if let note = finding.note { lines.append("note: \(Visible.text(note))") }
        return lines
    }

    /// One sentence for formats that carry a single message (SARIF, GitHub): ". Fix: … Note: …".
    static func sentence(_ finding: Finding) -> String {
        var text = ""
        if let fix = finding.fix { text += ". Fix: \(fix)" }
        if let alternative = finding.alternative { text += " (or: \(alternative))" }
        if let note = finding.note { text += ". \(note)" }
        return text
    }
}
