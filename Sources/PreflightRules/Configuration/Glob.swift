/// Shell-style path patterns for `include`, `exclude` and `roles`: `*` and `?` stay within one
/// folder, `**` spans folders, `[abc]` matches one of a set. A pattern without a slash matches the
/// file name in any folder (as in .gitignore). Paths are relative to the configuration's folder.
public struct Glob: Sendable, Equatable {
    public let pattern: String

    public init(_ pattern: String) { self.pattern = pattern }

    public func matches(_ relativePath: String) -> Bool {
        let path = relativePath.hasPrefix("./") ? String(relativePath.dropFirst(2)) : relativePath
        if !pattern.contains("/") {
            let name = path.split(separator: "/").last.map(String.init) ?? path
            var matcher = Matcher(pattern: Array(pattern), text: Array(name))
            return matcher.match(0, 0)
        }
        let trimmed = pattern.hasPrefix("/") ? String(pattern.dropFirst()) : pattern
        var matcher = Matcher(pattern: Array(trimmed), text: Array(path))
        return matcher.match(0, 0)
    }
}

/// Backtracking over `*` and `**`, remembering every (pattern position, text position) already
/// decided: each pair is worked out once, so `*a*a*a*a*a*a*a*a*b*` against a long name takes
/// microseconds instead of minutes (at most pattern × text states, each scanning the text once).
private struct Matcher {
    let p: [Character]
    let s: [Character]
    /// 0 unknown, 1 matches, 2 does not; indexed by pi * (s.count + 1) + si.
    var decided: [UInt8]

    init(pattern: [Character], text: [Character]) {
        p = pattern
        s = text
        decided = [UInt8](repeating: 0, count: (pattern.count + 1) * (text.count + 1))
    }

    mutating func match(_ pi: Int, _ si: Int) -> Bool {
        let slot = pi * (s.count + 1) + si
        if decided[slot] != 0 { return decided[slot] == 1 }
        let result = compute(pi, si)
        decided[slot] = result ? 1 : 2
        return result
    }

    private mutating func compute(_ pi: Int, _ si: Int) -> Bool {
        var pi = pi, si = si
        while pi < p.count {
            let c = p[pi]
            if c == "*" {
                let doubleStar = pi + 1 < p.count && p[pi + 1] == "*"
                if doubleStar {
                    var next = pi + 2
                    if next < p.count && p[next] == "/" { next += 1 }  // "**/" also matches no folder
                    for start in si...s.count where match(next, start) { return true }
                    return false
                }
                var index = si
                while true {
                    if match(pi + 1, index) { return true }
                    if index >= s.count || s[index] == "/" { return false }
                    index += 1
                }
            }
            guard si < s.count else { return false }
            if c == "?" {
                if s[si] == "/" { return false }
            } else if c == "[", let close = p[(pi + 1)...].firstIndex(of: "]") {
                let set = p[(pi + 1)..<close]
                let negate = set.first == "!"
                if set.dropFirst(negate ? 1 : 0).contains(s[si]) == negate { return false }
                pi = close
            } else if c != s[si] {
                return false
            }
            pi += 1
            si += 1
        }
        return si == s.count
    }
}
