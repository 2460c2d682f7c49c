import Foundation
import PreflightMedia
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Expands the paths a user gave into the files to check: files as given; folders walked
/// recursively (sorted, hidden entries skipped, symbolic-link loops broken) keeping the files that
/// look like media by extension or by their first bytes. Nothing is skipped in silence: a folder
/// that cannot be read or entered, a path too long to open, a pipe or device named like media and
/// a link leading out of the folder are all reported, each with its reason.
public enum FileDiscovery {
    public static let videoExtensions: Set<String> = ["mp4", "m4v", "mov", "qt", "mkv", "webm", "avi", "mts", "m2ts", "ts",
                                                      "3gp", "3g2", "mxf", "flv", "wmv", "mpg", "mpeg"]
    public static let imageExtensions: Set<String> = ["jpg", "jpeg", "jpe", "png", "webp", "tif", "tiff", "bmp", "gif"]

    public struct Found: Sendable, Equatable {
        /// The path to open.
        public let path: String
        /// Whether the user named it directly (it is reported even if it is not media).
        public let named: Bool
        /// Why it is reported without being read, when it is not to be read.
        public let problem: MediaFailure?

        public init(path: String, named: Bool, problem: MediaFailure? = nil) {
            self.path = path
            self.named = named
            self.problem = problem
        }
    }

    public static func expand(_ paths: [String]) -> [Found] {
        var found: [Found] = []
        for path in paths {
            var info = stat()
            let isFolder = PathBytes.withFileSystemRepresentation(path) { stat($0, &info) } == 0 && (info.st_mode & S_IFMT) == S_IFDIR
            if isFolder {
                var walk = Walk(root: resolved(path) ?? path)
                walk.folder(path)
                found += walk.found
            } else {
                found.append(Found(path: path, named: true))
            }
        }
        return found
    }

    /// One folder tree's walk.
    struct Walk {
        let root: String
        var visited = Set<DirectoryIdentity>()
        var found: [Found] = []

        mutating func folder(_ directory: String) {
            var info = stat()
            guard PathBytes.withFileSystemRepresentation(directory, { stat($0, &info) }) == 0 else {
                found.append(Found(path: directory, named: false, problem: MediaFailure(systemError: errno)))
                return
            }
            guard visited.insert(DirectoryIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))).inserted else { return }
            guard let names = FileDiscovery.list(directory) else {
                found.append(Found(path: directory, named: false, problem: MediaFailure(.unreadable,
                    "the folder cannot be read (\(String(cString: strerror(errno)))); the files in it were not checked")))
                return
            }
            for name in names where !name.hasPrefix(".") {
                let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
                var entry = stat()
                guard PathBytes.withFileSystemRepresentation(path, { lstat($0, &entry) }) == 0 else {
                    let code = errno
                    if code == EACCES {
                        // Listed but not searchable (no x permission): nothing inside can be opened.
                        found.append(Found(path: directory, named: false, problem: MediaFailure(.unreadable,
                            "the folder can be listed but not entered (no search permission); the \(names.count) entries in it were not checked")))
                        return
                    }
                    found.append(Found(path: path, named: false, problem: MediaFailure(systemError: code)))
                    continue
                }
                if (entry.st_mode & S_IFMT) == S_IFLNK {
                    link(path, name: name)
                } else {
                    entryFound(path, name: name, mode: entry.st_mode)
                }
            }
        }

        /// A symbolic link is followed only while it stays inside the folder being checked.
        mutating func link(_ path: String, name: String) {
            var target = stat()
            guard let destination = FileDiscovery.resolved(path),
                  PathBytes.withFileSystemRepresentation(path, { stat($0, &target) }) == 0 else {
                // Dangling or a loop: reported when named like media (opening says which).
                if FileDiscovery.isMediaName(name) { found.append(Found(path: path, named: false)) }
                return
            }
            guard destination == root || destination.hasPrefix(root.hasSuffix("/") ? root : root + "/") else {
                if (target.st_mode & S_IFMT) == S_IFDIR || FileDiscovery.isMediaName(name) || FileDiscovery.isMediaName(destination) {
                    found.append(Found(path: path, named: false, problem: MediaFailure(.outsideRoot,
                        "a symbolic link to \(destination), outside the folder being checked; not followed "
                        + "(name it on the command line to check it)")))
                }
                return
            }
            entryFound(path, name: name, mode: target.st_mode)
        }

        mutating func entryFound(_ path: String, name: String, mode: mode_t) {
            switch mode & S_IFMT {
            case S_IFDIR:
                folder(path)
            case S_IFREG:
                if FileDiscovery.isMediaName(name) || FileDiscovery.looksLikeMedia(path) { found.append(Found(path: path, named: false)) }
            default:
                // A pipe, socket or device named like media: opening it reports not-a-file.
                if FileDiscovery.isMediaName(name) { found.append(Found(path: path, named: false)) }
            }
        }
    }

    struct DirectoryIdentity: Hashable { let device: UInt64; let inode: UInt64 }

    /// The folder's entry names, sorted, from their raw bytes (names that are not UTF-8 survive).
    static func list(_ directory: String) -> [String]? {
        guard let stream = PathBytes.withFileSystemRepresentation(directory, { opendir($0) }) else { return nil }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { PathBytes.decode(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// The canonical absolute path (links resolved), or nil when it cannot be resolved.
    static func resolved(_ path: String) -> String? {
        PathBytes.withFileSystemRepresentation(path) { raw in
            guard let canonical = realpath(raw, nil) else { return nil }
            defer { free(canonical) }
            return PathBytes.decode(cString: canonical)
        }
    }

    static func isMediaName(_ name: String) -> Bool {
        guard let dot = name.lastIndex(of: ".") else { return false }
        let ext = name[name.index(after: dot)...].lowercased()
        return videoExtensions.contains(ext) || imageExtensions.contains(ext)
    }

    /// Media signatures in the first 16 bytes, for files named without a media extension.
    static func looksLikeMedia(_ path: String) -> Bool {
        let descriptor = PathBytes.withFileSystemRepresentation(path) { open($0, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY) }
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: 16)
        let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, 16) }
        guard count >= 12 else { return false }
        return looksLikeMedia(head: bytes)
    }

    static func looksLikeMedia(head bytes: [UInt8]) -> Bool {
        guard bytes.count >= 12 else { return false }
        let box = String(decoding: bytes[4..<8], as: UTF8.self)
        if ["ftyp", "moov", "mdat", "wide"].contains(box) { return true }                 // MP4 / MOV
        if bytes.starts(with: [0x1A, 0x45, 0xDF, 0xA3]) { return true }                  // Matroska / WebM
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return true }                        // JPEG
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return true }                  // PNG
        if bytes.starts(with: Array("RIFF".utf8)) {
            let kind = String(decoding: bytes[8..<12], as: UTF8.self)
            return kind == "WEBP" || kind == "AVI "
        }
        return false
    }
}
