import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing to descriptors without traps or silent loss. Foundation's `FileHandle.write` stops the
/// process when the disk is full or stdout is closed, which loses a whole folder's report;
/// stdio's `print` drops the error. Here a failed write is remembered and reported once.
public enum OutputStreams {
    /// Call first thing in `main`: a failed write to a closed pipe is then an error (EPIPE) rather
    /// than a silent death, and a standard descriptor the caller closed is held by /dev/null
    /// opened read-only — so files preflight opens never land on 1 or 2, and writes there fail
    /// (EBADF) and are reported.
    public static func prepare() {
        signal(SIGPIPE, SIG_IGN)
        for descriptor: Int32 in [0, 1, 2] where fcntl(descriptor, F_GETFD) < 0 && errno == EBADF {
            let placeholder = open("/dev/null", O_RDONLY)
            if placeholder >= 0, placeholder != descriptor {
                dup2(placeholder, descriptor)
                close(placeholder)
            }
        }
    }

    /// Writes every byte or throws the errno that stopped it.
    public static func writeAll(_ descriptor: Int32, _ bytes: some ContiguousBytes) throws(WriteFailure) {
        let failure: Int32? = bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
        if let failure { throw WriteFailure(errno: failure) }
    }

    /// A diagnostic line on standard error. If even that fails there is nobody left to tell.
    public static func diagnose(_ message: String) {
        try? writeAll(2, Array(("preflight: " + message + "\n").utf8))
    }

    /// Text on standard error as it is (progress lines).
    public static func standardError(_ text: String) {
        try? writeAll(2, Array(text.utf8))
    }

    private static let standardOutputFailure = Locked<WriteFailure?>(nil)

    /// `print` for preflight's own reports: straight to descriptor 1; a failure is kept for
    /// `standardOutputProblem` and later writes are skipped.
    public static func print(_ text: String, terminator: String = "\n") {
        standardOutputFailure.withLock { (failure: inout WriteFailure?) in
            guard failure == nil else { return }
            do throws(WriteFailure) { try writeAll(1, Array((text + terminator).utf8)) } catch { failure = error }
        }
    }

    /// Why standard output could not be written, after flushing what stdio still holds (help text
    /// printed by the argument parser); nil when everything arrived.
    public static var standardOutputProblem: WriteFailure? {
        if fflush(nil) != 0 { return WriteFailure(errno: errno) }
        return standardOutputFailure.withLock { $0 }
    }
}

/// A write that failed, with the system's reason.
public struct WriteFailure: Error, CustomStringConvertible {
    public let errno: Int32
    public var description: String { String(cString: strerror(errno)) }
}
