import Foundation
import PreflightMedia
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Probe records of files already measured, keyed by what the measurement depends on — so that a
/// hook or CI re-run reads only what is new, and nothing can make the cache lie.
///
/// The key is a SHA-256 over the file's *content* id (a git blob id, or a SHA-256 of its bytes),
/// its extension (FFmpeg's format probe looks at it), this executable's own hash, the FFmpeg
/// library versions and the measurement options. A renamed, edited or differently-measured file
/// therefore never meets an old entry, and a cache restored into a fresh clone hits for every
/// unchanged file. Entries hold probe records, not verdicts: verdicts are recomputed on every run
/// from the record and the current name, profile and configuration.
///
/// An entry is read back only if its magic line, the key echoed inside it and a SHA-256 of its
/// record all match; anything else is a miss. Each entry is written under a temporary name and
/// renamed, so a run killed at any moment leaves only whole entries.
public final class ResultCache: @unchecked Sendable {
    public static let formatVersion = 4
    static let magic = "preflight-cache \(formatVersion)\n"

    /// `<folder>/v<formatVersion>`.
    public let directory: URL
    private let directoryPath: String
    private let tool: String
    private let counts = Locked((hits: 0, misses: 0))

    public struct LocationError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Opens (creating if needed) the cache in `folder`. Refuses a folder that is a symbolic link
    /// or the work tree's root, where entries would mix with the user's files.
    public init(folder: URL, workTreeRoot: String? = nil) throws {
        let path = folder.standardizedFileURL.path
        var info = stat()
        if lstat(path, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFLNK {
                throw LocationError(description: "the cache folder \(path) is a symbolic link; give its real place with --cache-dir")
            }
            if (info.st_mode & S_IFMT) != S_IFDIR { throw LocationError(description: "the cache folder \(path) is not a folder") }
        }
        if let workTreeRoot, URL(fileURLWithPath: workTreeRoot).standardizedFileURL.path == path {
            throw LocationError(description: "the cache folder \(path) is the work tree's root; give a folder of its own with --cache-dir")
        }
        // .gitignore only in a folder preflight creates: never write into a folder of the user's.
        if mkdir(path, 0o755) == 0 {
            try? "# preflight's result cache: safe to delete\n*\n".write(toFile: path + "/.gitignore", atomically: true, encoding: .utf8)
        } else if errno == ENOENT {
            try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        directory = URL(fileURLWithPath: path).appendingPathComponent("v\(Self.formatVersion)")
        directoryPath = directory.path
        try? FileManager.default.createDirectory(atPath: directoryPath, withIntermediateDirectories: true)
        tool = ToolIdentity.current(rememberingIn: directoryPath)
    }

    /// Inside a git repository, its common git folder (`preflight-cache` there cannot be committed
    /// and is shared by all its worktrees); elsewhere `$XDG_CACHE_HOME/preflight` (or
    /// `~/.cache/preflight`).
    public static func defaultFolder(gitWorkTree: GitWorkTree?, environment: [String: String]) -> URL {
        if let gitWorkTree { return URL(fileURLWithPath: gitWorkTree.commonDirectory).appendingPathComponent("preflight-cache") }
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg).appendingPathComponent("preflight")
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".cache/preflight")
    }

    /// The hex key for content `contentID` ("git:<blob>" or "sha256:<hex>") read as a file with
    /// extension `fileExtension` under `options`.
    public func key(contentID: String, fileExtension: String, options: ProbeOptions) -> String {
        ContentHash.sha256(Data([Self.magic, tool, contentID, fileExtension.lowercased(), String(options.pixelBudget),
                                            options.proveDecoding ? "decode-proof 1" : "no-decode-proof"]
            .joined(separator: "\u{0}").utf8))
    }

    /// The content id of a file that is not in git's index: its SHA-256, remembered on this
    /// machine under its stat identity so an unchanged file is hashed once.
    public func contentID(ofFileAt path: String) -> String? {
        guard let identity = FileStatIdentity(path: path) else { return nil }
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let memo = directoryPath + "/stat/" + String(StableHash.fnv1a64(absolute + "\u{0}" + identity.line), radix: 16)
        if let text = try? String(contentsOfFile: memo, encoding: .utf8) {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.count == 3, lines[0] == absolute, lines[1] == identity.line, lines[2].count == 64 { return "sha256:" + lines[2] }
        }
        guard let digest = ContentHash.sha256(path: path) else { return nil }
        // Kept only if the file did not change while it was hashed.
        if FileStatIdentity(path: path) == identity {
            try? FileManager.default.createDirectory(atPath: directoryPath + "/stat", withIntermediateDirectories: true)
            AtomicFile.write(Data("\(absolute)\n\(identity.line)\n\(digest)".utf8), to: memo)
        }
        return "sha256:" + digest
    }

    func entryPath(_ key: String) -> String { directoryPath + "/" + key.prefix(2) + "/" + key + ".entry" }

    /// An entry's bytes: magic line, key line, SHA-256 of the body line, the body.
    static func entryBytes(key: String, body: [UInt8]) -> [UInt8] {
        Array((magic + key + "\n" + ContentHash.sha256(body) + "\n").utf8) + body
    }

    static func entryBytes(key: String, record: ProbeRecord) -> [UInt8] {
        entryBytes(key: key, body: ProbeRecordCoding.encode(record))
    }

    /// The body stored for `key`, if the entry is whole and really is that key's.
    static func body(from bytes: [UInt8], key: String) -> ArraySlice<UInt8>? {
        let header = Array((magic + key + "\n").utf8)
        guard bytes.count > header.count + 65, bytes.starts(with: header), bytes[header.count + 64] == 0x0A else { return nil }
        let checksum = String(decoding: bytes[header.count..<header.count + 64], as: UTF8.self)
        let body = bytes[(header.count + 65)...]
        return ContentHash.sha256(body) == checksum ? body : nil
    }

    /// The record stored for `key`, if the entry is whole and really is that key's.
    static func record(from bytes: [UInt8], key: String) -> ProbeRecord? {
        body(from: bytes, key: key).flatMap { ProbeRecordCoding.decode($0) }
    }

    func lookup(_ key: String) -> ProbeRecord? {
        let found = FileManager.default.contents(atPath: entryPath(key)).flatMap { Self.record(from: [UInt8]($0), key: key) }
        counts.withLock { found == nil ? ($0.misses += 1) : ($0.hits += 1) }
        return found
    }

    func store(_ record: ProbeRecord, key: String) {
        // Failures that depend on the moment or the machine are measured again next time.
        if let code = record.failure?.code, [.timeout, .unreadable, .notFound, .notAFile].contains(code) { return }
        let path = entryPath(key)
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        AtomicFile.write(Data(Self.entryBytes(key: key, record: record)), to: path)
    }

    /// "hits, misses" so far, for `--stats`.
    public var statistics: (hits: Int, misses: Int) { counts.withLock { ($0.hits, $0.misses) } }
}

/// FNV-1a: a hash that is the same in every process (Swift's Hasher is seeded per process). Used
/// for file names and shards, never for anything that must resist a forger.
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
