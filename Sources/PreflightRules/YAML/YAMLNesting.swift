/// A bound on how deeply a YAML text nests, checked before the YAML parser sees it: the parser
/// and the node tree recurse once per level, so 5,000 levels in 10 KB (`[[[[…` or `- - - …`) would
/// overflow the stack. The estimate counts, per line, the open block levels (an indentation
/// stack), compact sequence or key markers at the line's start, and open flow brackets; it never
/// undercounts a real document's depth by more than the markers on one line.
enum YAMLNesting {
    static let limit = 64

    /// The depth reached and its 1-based line, when the text goes past `limit`.
    /// One pass over the UTF-8 bytes (splitting the String into lines cost 8 M instructions for a
    /// profile: a third of the start-up of every `check`).
    static func tooDeep(_ text: String) -> (depth: Int, line: Int)? {
        var text = text
        return text.withUTF8 { bytes in
            var indents: [Int] = []
            var flowDepth = 0
            var lineNumber = 0
            var lineStart = 0
            while lineStart <= bytes.count {
                lineNumber += 1
                var lineEnd = lineStart
                while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
                defer { lineStart = lineEnd + 1 }
                if let depth = depth(of: bytes[lineStart..<lineEnd], indents: &indents, flowDepth: &flowDepth), depth > limit {
                    return (depth, lineNumber)
                }
            }
            return nil
        }
    }

    /// The nesting depth at the end of one line (nil for a blank or comment line), updating the
    /// indentation stack and the open flow brackets.
    private static func depth(of line: Slice<UnsafeBufferPointer<UInt8>>, indents: inout [Int], flowDepth: inout Int) -> Int? {
        let start = line.startIndex
        var index = start
        while index < line.endIndex, line[index] == UInt8(ascii: " ") { index += 1 }
        if index == line.endIndex || line[index] == UInt8(ascii: "#") { return nil }
        if flowDepth == 0 {
            while let last = indents.last, last >= index - start { indents.removeLast() }
            indents.append(index - start)
        }
        // "- - - x" and "? ? x": each marker opens one more level on this line.
        var markers = 0
        while index + 1 < line.endIndex, line[index] == UInt8(ascii: "-") || line[index] == UInt8(ascii: "?"),
              line[index + 1] == UInt8(ascii: " ") {
            markers += 1
            index += 2
            while index < line.endIndex, line[index] == UInt8(ascii: " ") { index += 1 }
        }
        var deepest = flowDepth
        var quote: UInt8?
        let contentStart = index
        while index < line.endIndex {
            let byte = line[index]
            if let open = quote {
                if byte == UInt8(ascii: "\\"), open == UInt8(ascii: "\"") { index += 1 }
                else if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'"),
                      index == contentStart || " [{,:".utf8.contains(line[index - 1]) {
                // A quote opens a quoted scalar only where a scalar starts ("it's" is plain text).
                quote = byte
            } else if byte == UInt8(ascii: "#"), index > start, line[index - 1] == UInt8(ascii: " ") {
                break
            } else if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") {
                flowDepth += 1
                deepest = max(deepest, flowDepth)
            } else if byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") {
                flowDepth = max(0, flowDepth - 1)
            }
            index += 1
        }
        return indents.count + markers + deepest
    }
}
