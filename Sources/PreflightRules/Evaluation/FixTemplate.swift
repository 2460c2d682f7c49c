import PreflightMedia

/// Fills a fix command with the file's path: {path}, {output} (same extension) and {output.EXT},
/// each shell-quoted when it needs to be.
public enum FixTemplate {
    public static func render(_ template: String, path: String) -> String {
        guard template.contains("{") else { return template }
        let slash = path.lastIndex(of: "/")
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let folder = slash.map { String(path[...$0]) } ?? ""
        let dot = name.lastIndex(of: ".").flatMap { $0 == name.startIndex ? nil : $0 }
        let stem = dot.map { String(name[..<$0]) } ?? name
        let ext = dot.map { String(name[name.index(after: $0)...]) } ?? ""
        // One pass over the template: {path}, {output} and {output.EXT}.
        var result = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let field = rest[rest.index(after: open)..<close]
            switch field {
            case "path": result += quote(ffmpegName(path))
            case "output": result += quote(ffmpegName("\(folder)\(stem)-fixed\(ext.isEmpty ? "" : "." + ext)"))
            case let other where other.hasPrefix("output.") && other.count > "output.".count:
                result += quote(ffmpegName("\(folder)\(stem)-fixed.\(other.dropFirst("output.".count))"))
            default: result += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    /// A file name as ffmpeg must be given it: `file:` before a name with a colon (ffmpeg would read
    /// "concat:a.mp4" as a protocol), `./` before one that starts with a dash (an option otherwise).
    static func ffmpegName(_ path: String) -> String {
        if path.contains(":") { return "file:" + path }
        if path.hasPrefix("-") { return "./" + path }
        return path
    }

    /// `preflight fix PATH --profile ID --role MODE/ROLE`, quoted for a POSIX shell.
    public static func preflightFix(path: String, profileID: String, qualifiedRole: String, extraFlags: [String]) -> String {
        let name = path.hasPrefix("-") ? "-- " + quote(path) : quote(path)
        return (["preflight fix", "--profile", quote(profileID), "--role", quote(qualifiedRole)] + extraFlags + [name]).joined(separator: " ")
    }

    private static func isShellSafe(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: "-_./+,:@%=".utf8.contains(byte)
        }
    }

    /// POSIX shell quoting, only where needed. A name holding control characters or bytes that
    /// are not UTF-8 gets bash/zsh `$'…'` quoting with `\xNN` escapes: the command then names the
    /// real file and shows no raw control character.
    public static func quote(_ text: String) -> String {
        if !text.isEmpty && text.utf8.allSatisfy(isShellSafe) { return text }
        let bytes = PathBytes.encode(text)
        if bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) || bytes != Array(text.utf8) {
            var quoted = "$'"
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "\\"): quoted += "\\\\"
                case UInt8(ascii: "'"): quoted += "\\'"
                case 0x20..<0x7F: quoted.unicodeScalars.append(Unicode.Scalar(byte))
                default: quoted += "\\x" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16, uppercase: true)
                }
            }
            return quoted + "'"
        }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
