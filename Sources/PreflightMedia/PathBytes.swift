#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// File names are bytes; Swift strings are Unicode. A name that is not valid UTF-8 (an old camera
/// card, a Latin-1 archive) must still be opened by its exact bytes and shown readably, never
/// replaced by U+FFFD and reported as "no such file".
///
/// Each byte that is not part of valid UTF-8 becomes one private-use scalar, U+10FF00 + byte
/// (U+10FF80…U+10FFFF), and turns back into that byte when the path is opened. Reports show those
/// scalars as `\xNN`. (A real name holding these plane-16 private-use characters is read as bytes
/// too; no file system in use produces them.)
public enum PathBytes {
    static let escapeBase: UInt32 = 0x10FF00

    /// The string for a path's raw bytes.
    public static func decode<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let array = Array(bytes)
        var scalars = String.UnicodeScalarView()
        var index = 0
        while index < array.count {
            let (scalar, length) = decodeOne(array, at: index)
            if let scalar, !isEscape(scalar) {
                scalars.append(scalar)
                index += length
            } else {
                scalars.append(Unicode.Scalar(escapeBase + UInt32(array[index]))!)
                index += 1
            }
        }
        return String(scalars)
    }

    /// The string for a NUL-terminated C path (a directory entry, an argv element).
    public static func decode(cString: UnsafePointer<CChar>) -> String {
        decode(UnsafeRawBufferPointer(start: cString, count: strlen(cString)))
    }

    /// The raw bytes to hand to the system for `path`.
    public static func encode(_ path: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(path.utf8.count)
        for scalar in path.unicodeScalars {
            if isEscape(scalar) {
                bytes.append(UInt8(scalar.value - escapeBase))
            } else {
                bytes.append(contentsOf: String(scalar).utf8)
            }
        }
        return bytes
    }

    /// Calls `body` with the NUL-terminated bytes of `path`.
    public static func withFileSystemRepresentation<T>(_ path: String, _ body: (UnsafePointer<CChar>) throws -> T) rethrows -> T {
        var bytes = encode(path)
        bytes.append(0)
        return try bytes.withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: CChar.self) { try body($0.baseAddress!) }
        }
    }

    /// `path` with its undecodable bytes shown as `\xNN`, for people.
    public static func displayName(_ path: String) -> String {
        guard path.unicodeScalars.contains(where: isEscape) else { return path }
        var shown = ""
        for scalar in path.unicodeScalars {
            if isEscape(scalar) {
                shown += "\\x" + String(UInt8(scalar.value - escapeBase), radix: 16, uppercase: true)
            } else {
                shown.unicodeScalars.append(scalar)
            }
        }
        return shown
    }

    static func isEscape(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= escapeBase + 0x80 && scalar.value <= escapeBase + 0xFF
    }

    /// One UTF-8 scalar at `index`, or nil when the bytes there are not valid UTF-8 (RFC 3629:
    /// no overlong forms, no surrogates, nothing past U+10FFFF).
    private static func decodeOne(_ bytes: [UInt8], at index: Int) -> (Unicode.Scalar?, Int) {
        let lead = bytes[index]
        let length: Int
        var second: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0x00...0x7F: return (Unicode.Scalar(lead), 1)
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; second = 0xA0...0xBF
        case 0xED: length = 3; second = 0x80...0x9F
        case 0xE1...0xEF: length = 3
        case 0xF0: length = 4; second = 0x90...0xBF
        case 0xF4: length = 4; second = 0x80...0x8F
        case 0xF1...0xF3: length = 4
        default: return (nil, 1)
        }
        guard index + length <= bytes.count, second.contains(bytes[index + 1]) else { return (nil, 1) }
        var value = UInt32(lead) & (0xFF >> (length + 1))
        for offset in 1..<length {
            let byte = bytes[index + offset]
            guard (0x80...0xBF).contains(byte) else { return (nil, 1) }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        return (Unicode.Scalar(value), length)
    }
}
