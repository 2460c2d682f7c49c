import CFFmpegShim

/// A negative return code from an FFmpeg call, with FFmpeg's own description.
struct FFmpegCallError: Error, Equatable {
    let code: Int32
    let function: String

    var message: String {
        var buffer = [CChar](repeating: 0, count: 256)
        pf_error_string(code, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    var isEndOfFile: Bool { code == pf_averror_eof() }
    var isInvalidData: Bool { code == pf_averror_invaliddata() }
    var isInterrupted: Bool { code == pf_averror(EINTR) || code == pf_averror(ETIMEDOUT) }

    /// Turns a negative FFmpeg return value into a throw.
    @discardableResult
    static func check(_ result: Int32, _ function: String) throws(FFmpegCallError) -> Int32 {
        if result < 0 { throw FFmpegCallError(code: result, function: function) }
        return result
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
