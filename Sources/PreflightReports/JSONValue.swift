/// A JSON document built explicitly, so that reports are deterministic (keys sorted), keep
/// explicit nulls where the contract promises a key, and print numbers the same way every run.
public indirect enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public static func optional<T>(_ value: T?, _ transform: (T) -> JSONValue) -> JSONValue {
        value.map(transform) ?? .null
    }

    /// Pretty-printed with two-space indentation and sorted keys; one trailing newline is left to the caller.
    public func rendered(pretty: Bool = true) -> String {
        rendered(indentLevel: pretty ? 0 : nil)
    }

    /// Pretty-printed as if nested `indentLevel` levels deep (nil: compact).
    public func rendered(indentLevel: Int?) -> String {
        var output = ""
        output.reserveCapacity(4096)
        write(into: &output, indent: indentLevel)
        return output
    }

    private func write(into output: inout String, indent: Int?) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .int(let value): output += String(value)
        case .double(let value):
            // Non-finite numbers have no JSON form; whole numbers keep a ".0" so readers see a float.
            if !value.isFinite { output += "null" }
            else if value == value.rounded() && abs(value) < 1e15 { output += String(Int64(value)) + ".0" }
            else { output += value.description }
        case .string(let value): JSONValue.writeString(value, into: &output)
        case .array(let items):
            if items.isEmpty { output += "[]"; return }
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += "," }
                JSONValue.newline(&output, indent.map { $0 + 1 })
                item.write(into: &output, indent: indent.map { $0 + 1 })
            }
            JSONValue.newline(&output, indent)
            output += "]"
        case .object(let members):
            if members.isEmpty { output += "{}"; return }
            output += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { output += "," }
                JSONValue.newline(&output, indent.map { $0 + 1 })
                JSONValue.writeString(key, into: &output)
                output += indent == nil ? ":" : ": "
                members[key]!.write(into: &output, indent: indent.map { $0 + 1 })
            }
            JSONValue.newline(&output, indent)
            output += "}"
        }
    }

    private static func newline(_ output: inout String, _ indent: Int?) {
        guard let indent else { return }
        output += "\n"
        for _ in 0..<indent { output += "  " }
    }

    private static func writeString(_ value: String, into output: inout String) {
        output += "\""
        // Most strings need no escaping: append them whole.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            output += value
            output += "\""
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case let c where c.value < 0x20:
                output += "\\u" + String(repeating: "0", count: 4 - String(c.value, radix: 16).count) + String(c.value, radix: 16)
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}

import Foundation
