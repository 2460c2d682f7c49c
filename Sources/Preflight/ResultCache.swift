import Foundation
import PreflightMedia

/// Probe records of files that have not changed, so that a hook or CI re-run reads only what is new.
///
/// An entry is keyed by the file's absolute path, size, modification time (nanoseconds), inode and
/// device, the tool version and the probe options that change results (the pixel budget). It stores
/// the probe record, not the verdict: verdicts are recomputed from it on every run (microseconds),
/// so a changed profile or configuration can never meet a stale verdict. Transient failures
/// (timeouts, permissions) are not stored. Each entry is its own file, written to a temporary name
/// and renamed into place: a run killed at any moment leaves only whole entries behind.
public struct ResultCache: Sendable {
    public static let formatVersion = 2
    public let directory: URL
    private let directoryPath: String

    public init(directory: URL) {
        self.directory = directory.appendingPathComponent("v\(Self.formatVersion)")
        self.directoryPath = self.directory.path
    }

    struct Key: Equatable {
        var path: String
        var size: Int64
        var modifiedNanoseconds: Int64
        var inode: UInt64
        var device: UInt64
        var tool: String
        var pixelBudget: Int
    }

    /// An entry's bytes: the key as text (one line, fields separated by NUL), then the record in
    /// ProbeRecordCoding's binary form.
    static func entryBytes(_ key: Key, _ record: ProbeRecord) -> [UInt8] {
        Array(keyLine(key).utf8) + [0x0A] + ProbeRecordCoding.encode(record)
    }

    static func keyLine(_ key: Key) -> String {
        [key.path, String(key.size), String(key.modifiedNanoseconds), String(key.inode), String(key.device), key.tool,
         String(key.pixelBudget)].joined(separator: "\u{0}")
    }

    /// `.preflight-cache/` at the root of the git repository holding `folder`; outside a repository,
    /// `$XDG_CACHE_HOME/preflight` (or `~/.cache/preflight`).
    public static func defaultDirectory(for folder: String, environment: [String: String]) -> URL {
        var url = URL(fileURLWithPath: folder).standardizedFileURL
        while true {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent(".git").path) {
                return url.appendingPathComponent(".preflight-cache")
            }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { break }
            url = parent
        }
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg).appendingPathComponent("preflight")
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".cache/preflight")
    }

    func key(for path: String, options: ProbeOptions) -> Key? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return Key(path: absolute, size: Int64(info.st_size),
                   modifiedNanoseconds: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
                   inode: UInt64(info.st_ino), device: UInt64(info.st_dev), tool: PreflightVersion.current,
                   pixelBudget: options.pixelBudget)
    }

    /// Content known by its hash (a staged git blob): the id stands for path, size and time.
    func key(contentID: String, size: Int64, options: ProbeOptions) -> Key {
        Key(path: "content:\(contentID)", size: size, modifiedNanoseconds: 0, inode: 0, device: 0,
            tool: PreflightVersion.current, pixelBudget: options.pixelBudget)
    }

    private func entryURL(_ key: Key) -> URL { URL(fileURLWithPath: entryPath(key)) }

    /// `<dir>/v2/<last two hex digits>/<hash>.entry`, built as a string: it is computed for every file.
    private func entryPath(_ key: Key) -> String {
        let name = String(StableHash.fnv1a64(key.path), radix: 16)
        return directoryPath + "/" + name.suffix(2) + "/" + name + ".entry"
    }


    func lookup(_ key: Key) -> ProbeRecord? {
        guard let data = FileManager.default.contents(atPath: entryPath(key)) else { return nil }
        let bytes = [UInt8](data)
        let expected = Array(Self.keyLine(key).utf8) + [0x0A]
        // The full key is stored in the entry: a file-name hash collision is a miss, not a wrong hit.
        guard bytes.count > expected.count, bytes.starts(with: expected) else { return nil }
        return ProbeRecordCoding.decode(bytes[expected.count...])
    }

    func store(_ record: ProbeRecord, key: Key) {
        if let code = record.failure?.code, [.timeout, .unreadable, .notFound].contains(code) { return }
        let url = entryURL(key)
        let data = Data(Self.entryBytes(key, record))
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            ensureIgnoredByGit()
            let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(UUID().uuidString).tmp")
            try data.write(to: temporary)
            if rename(temporary.path, url.path) != 0 { try? FileManager.default.removeItem(at: temporary) }
        } catch {
            // A cache that cannot be written only costs speed; the results are unaffected.
        }
    }

    /// The cache folder ignores itself, so it is never committed by accident.
    private func ensureIgnoredByGit() {
        let ignore = directory.deletingLastPathComponent().appendingPathComponent(".gitignore")
        if !FileManager.default.fileExists(atPath: ignore.path) {
            try? "# preflight's result cache: safe to delete\n*\n".write(to: ignore, atomically: true, encoding: .utf8)
        }
    }
}

/// FNV-1a: a hash that is the same in every process (Swift's Hasher is seeded per process).
public enum StableHash {
    public static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }
}

public enum PreflightVersion {
    public static let current = "0.1.0"
}
