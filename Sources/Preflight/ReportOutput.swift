import Foundation

/// Where a streamed report goes: standard output as it is produced, or a file that appears whole
/// (written under a temporary name beside it and renamed at the end), never half-written.
/// Writes come one at a time, from the ordered delivery of results.
public final class ReportOutput: @unchecked Sendable {
    private let destination: String?
    private let temporary: String?
    private let handle: FileHandle

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public init(path: String?) throws {
        destination = path
        guard let path else {
            temporary = nil
            handle = FileHandle.standardOutput
            return
        }
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path
        guard FileManager.default.createFile(atPath: temporary, contents: nil), let handle = FileHandle(forWritingAtPath: temporary) else {
            throw Failure(description: "cannot write \(path)")
        }
        self.temporary = temporary
        self.handle = handle
    }

    public func write(_ text: String) {
        guard !text.isEmpty else { return }
        handle.write(Data(text.utf8))
    }

    /// Moves a file report into place.
    public func finish() throws {
        guard let destination, let temporary else { return }
        try? handle.close()
        if rename(temporary, destination) != 0 {
            try? FileManager.default.removeItem(atPath: temporary)
            throw Failure(description: "cannot write \(destination): \(String(cString: strerror(errno)))")
        }
    }

    /// Drops an unfinished file report.
    public func abandon() {
        guard let temporary else { return }
        try? handle.close()
        try? FileManager.default.removeItem(atPath: temporary)
    }
}
