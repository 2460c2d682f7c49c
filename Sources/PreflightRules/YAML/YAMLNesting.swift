/// A bound on how deeply a YAML text nests, checked before the YAML parser sees it: the parser
/// and the node tree recurse once per level, so 5,000 levels in 10 KB (`[[[[…` or `- - - …`) would
/// overflow the stack. The estimate counts, per line, the open block levels (an indentation
/// stack), compact sequence or key markers at the line's start, and open flow brackets; it never
/// undercounts a real document's depth by more than the markers on one line.
enum YAMLNesting {
    static let limit = 64

    /// The depth reached and its 1-based line, when the text goes past `limit`.
    static func tooDeep(_ text: String) -> (depth: Int, line: Int)? {
        var indents: [Int] = []
        var flowDepth = 0
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let bytes = Array(line.utf8)
            var index = 0
            while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
            if index == bytes.count || bytes[index] == UInt8(ascii: "#") { continue }
            if flowDepth == 0 {
                while let last = indents.last, last >= index { indents.removeLast() }
                indents.append(index)
            }
            // "- - - x" and "? ? x": each marker opens one more level on this line.
            var markers = 0
            while index + 1 < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "?"),
                  bytes[index + 1] == UInt8(ascii: " ") {
                markers += 1
                index += 2
                while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
            }
            var deepest = flowDepth
            var quote: UInt8?
            let contentStart = index
            while index < bytes.count {
                let byte = bytes[index]
                if let open = quote {
                    if byte == UInt8(ascii: "\\"), open == UInt8(ascii: "\"") { index += 1 }
                    else if byte == open { quote = nil }
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'"),
                          index == contentStart || " [{,:".utf8.contains(bytes[index - 1]) {
                    // A quote opens a quoted scalar only where a scalar starts ("it's" is plain text).
                    quote = byte
                } else if byte == UInt8(ascii: "#"), index > 0, bytes[index - 1] == UInt8(ascii: " ") {
                    break
                } else if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") {
                    flowDepth += 1
                    deepest = max(deepest, flowDepth)
                } else if byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") {
                    flowDepth = max(0, flowDepth - 1)
                }
                index += 1
            }
            let depth = indents.count + markers + deepest
            if depth > limit { return (depth, lineNumber) }
        }
        return nil
    }
}
