import CFFmpegShim

/// FFmpeg's log, routed away from the terminal and kept with the file it belongs to.
enum FFmpegLog {
    /// Installed once per process: global constants are initialised lazily and atomically.
    private static let routing: Void = pf_log_install()

    /// Runs `body` while collecting what FFmpeg logs on this thread (warnings and errors).
    static func capturing<T>(_ body: () throws -> T) rethrows -> (result: T, lines: [String]) {
        _ = routing
        pf_log_capture_begin()
        defer { _ = pf_log_capture_end(nil, 0) }  // stops capturing even when body throws
        let result = try body()
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = pf_log_capture_end(&buffer, buffer.count)
        let text = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return (result, lines)
    }

    /// Errors logged so far on this thread inside `capturing`.
    static var errorsSoFar: Int { Int(pf_log_error_count()) }
}

import Foundation
