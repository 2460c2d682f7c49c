import Foundation

/// Expands the paths a user gave into the files to check: files as given; folders walked
/// recursively (sorted, hidden entries and `.git` skipped, symbolic-link loops broken) keeping the
/// files that look like media by extension or by their first bytes.
public enum FileDiscovery {
    public static let videoExtensions: Set<String> = ["mp4", "m4v", "mov", "qt", "mkv", "webm", "avi", "mts", "m2ts", "ts",
                                                      "3gp", "3g2", "mxf", "flv", "wmv", "mpg", "mpeg"]
    public static let imageExtensions: Set<String> = ["jpg", "jpeg", "jpe", "png", "webp", "tif", "tiff", "bmp", "gif"]

    public struct Found: Sendable, Equatable {
        /// The path to open.
        public let path: String
        /// Whether the user named it directly (it is reported even if it is not media).
        public let named: Bool
    }

    public static func expand(_ paths: [String]) -> [Found] {
        var found: [Found] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                var visited = Set<DirectoryIdentity>()
                walk(path, visited: &visited, into: &found)
            } else {
                found.append(Found(path: path, named: true))
            }
        }
        return found
    }

    struct DirectoryIdentity: Hashable { let device: UInt64; let inode: UInt64 }

    private static func walk(_ directory: String, visited: inout Set<DirectoryIdentity>, into found: inout [Found]) {
        var info = stat()
        guard stat(directory, &info) == 0 else { return }
        guard visited.insert(DirectoryIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))).inserted else { return }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            // A folder that cannot be listed is reported, not skipped: its files were not checked.
            found.append(Found(path: directory, named: false))
            return
        }
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            var entry = stat()
            guard stat(path, &entry) == 0 else {
                // Unreadable or dangling: report it if its name says media, so nothing is silently skipped.
                if isMediaName(name) { found.append(Found(path: path, named: false)) }
                continue
            }
            if (entry.st_mode & S_IFMT) == S_IFDIR {
                walk(path, visited: &visited, into: &found)
            } else if (entry.st_mode & S_IFMT) == S_IFREG, isMediaName(name) || looksLikeMedia(path) {
                found.append(Found(path: path, named: false))
            }
        }
    }

    static func isMediaName(_ name: String) -> Bool {
        guard let dot = name.lastIndex(of: ".") else { return false }
        let ext = name[name.index(after: dot)...].lowercased()
        return videoExtensions.contains(ext) || imageExtensions.contains(ext)
    }

    /// Media signatures in the first 16 bytes, for files named without a media extension.
    static func looksLikeMedia(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 16), data.count >= 12 else { return false }
        let bytes = [UInt8](data)
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
