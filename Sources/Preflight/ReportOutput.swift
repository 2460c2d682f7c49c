import Foundation
import PreflightMedia
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a streamed report goes: standard output as it is produced, or a file that appears whole
/// (written under a temporary name beside it and renamed at the end), never half-written.
/// Writes come one at a time, from the ordered delivery of results. A failed write (full disk,
/// closed pipe) is remembered and stops further writes; `finish()` reports it, removes the
/// temporary file, and the command exits 2.
public final class ReportOutput: @unchecked Sendable {
    private let destination: String?
    private let temporary: String?
    private let descriptor: Int32
    private var failure: WriteFailure?

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public init(path: String?) throws {
        destination = path
        guard let path else {
            temporary = nil
            descriptor = 1
            return
        }
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path
        let opened = PathBytes.withFileSystemRepresentation(temporary) {
            open($0, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        }
        guard opened >= 0 else {
            throw Failure(description: "cannot write \(PathBytes.displayName(path)): \(String(cString: strerror(errno)))")
        }
        Interruption.register(temporary)
        self.temporary = temporary
        self.descriptor = opened
    }

    public func write(_ text: String) {
        guard !text.isEmpty, failure == nil else { return }
        do { try OutputStreams.writeAll(descriptor, Array(text.utf8)) } catch { failure = error }
    }

    /// Moves a file report into place, or says why the report could not be written.
    public func finish() throws {
        let target = destination.map(PathBytes.displayName) ?? "standard output"
        if let temporary {
            let closed = close(descriptor) == 0 ? nil : WriteFailure(errno: errno)  // NFS reports late errors here
            if failure == nil { failure = closed }
            if failure == nil, let destination,
               PathBytes.withFileSystemRepresentation(temporary, { from in
                   PathBytes.withFileSystemRepresentation(destination) { rename(from, $0) } }) != 0 {
                failure = WriteFailure(errno: errno)
            }
            if failure != nil { PathBytes.withFileSystemRepresentation(temporary) { _ = unlink($0) } }
            Interruption.unregister(temporary)
        }
        if let failure { throw Failure(description: "cannot write the report to \(target): \(failure)") }
    }
}
