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
            return Glob.match(Array(pattern), 0, Array(name), 0)
        }
        let trimmed = pattern.hasPrefix("/") ? String(pattern.dropFirst()) : pattern
        return Glob.match(Array(trimmed), 0, Array(path), 0)
    }

    private static func match(_ p: [Character], _ pi: Int, _ s: [Character], _ si: Int) -> Bool {
        var pi = pi, si = si
        while pi < p.count {
            let c = p[pi]
            if c == "*" {
                let doubleStar = pi + 1 < p.count && p[pi + 1] == "*"
                if doubleStar {
                    var next = pi + 2
                    if next < p.count && p[next] == "/" { next += 1 }  // "**/" also matches no folder
                    for start in si...s.count where match(p, next, s, start) { return true }
                    return false
                }
                var index = si
                while true {
                    if match(p, pi + 1, s, index) { return true }
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
