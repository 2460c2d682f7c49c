/// Writes a JSON document whose one big array is produced item by item, so that a report over
/// 100,000 files never holds them all: the envelope is rendered with a placeholder where the array
/// goes, and the output is exactly what rendering the whole document at once would give.
public struct JSONArrayStream {
    /// Marks the streamed array's place in the envelope.
    public static let placeholder = JSONValue.string("\u{1}preflight-stream\u{1}")
    private static let marker = "\"\\u0001preflight-stream\\u0001\""

    private let level: Int
    private var count = 0

    /// The text before the array, and the array's nesting level.
    public static func open(_ envelope: JSONValue) -> (prefix: String, stream: JSONArrayStream) {
        let text = envelope.rendered()
        let prefix = String(text[..<text.range(of: marker)!.lowerBound])
        let lastLine = prefix.split(separator: "\n", omittingEmptySubsequences: false).last ?? ""
        let level = lastLine.prefix { $0 == " " }.count / 2
        return (prefix, JSONArrayStream(level: level))
    }

    public mutating func item(_ value: JSONValue) -> String {
        defer { count += 1 }
        let indent = String(repeating: "  ", count: level + 1)
        return (count == 0 ? "[" : ",") + "\n" + indent + value.rendered(indentLevel: level + 1)
    }

    /// The array's end and the text after it, from the envelope as it stands at the end.
    public func close(_ envelope: JSONValue) -> String {
        let text = envelope.rendered()
        let suffix = String(text[text.range(of: Self.marker)!.upperBound...])
        return (count == 0 ? "[]" : "\n" + String(repeating: "  ", count: level) + "]") + suffix
    }
}
