import PreflightMedia

/// Text from outside (file names, FFmpeg's messages) made safe to show: a name holding a newline
/// and `::error file=…::` could otherwise write its own line in a CI log, and an escape sequence
/// could paint a fake green PASS on a terminal. Control characters (C0, DEL, C1), Unicode bidi
/// overrides (which reorder what a reader sees) and bytes that are not UTF-8 are shown as escapes.
public enum Visible {
    public static func text(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var shown = ""
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else {
                shown.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\n": shown += "\\n"
            case "\r": shown += "\\r"
            case "\t": shown += "\\t"
            case "\u{1B}": shown += "\\e"
            case let byte where byte.value < 0x100: shown += "\\x" + hex(byte.value, digits: 2)
            case let escape where PathBytes.displayName(String(escape)) != String(escape):
                shown += PathBytes.displayName(String(escape))
            default: shown += "\\u{" + hex(scalar.value, digits: 4) + "}"
            }
        }
        return shown
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true  // direction marks and overrides
        default: PathBytes.displayName(String(scalar)) != String(scalar)
        }
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    /// Text for a cell of a GitHub-flavoured Markdown table: every character Markdown or HTML could
    /// read as syntax (a backtick closing a code span, `|` splitting the row, `<`, `*`, `[`…) becomes
    /// a numeric character reference, which Markdown shows literally.
    public static func markdownCell(_ text: String) -> String {
        var out = ""
        for scalar in Visible.text(text).unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || scalar.properties.numericType != nil || " ./-".unicodeScalars.contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else if scalar.isASCII {
                out += "&#\(scalar.value);"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
