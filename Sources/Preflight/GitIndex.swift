import Foundation
import PreflightMedia
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Blob ids of tracked files whose working copy is exactly what git's index records, read from the
/// index file itself (format versions 2 and 3). An entry is trusted only when the file's stat data
/// — size, inode, modification and status-change times to the nanosecond — match the entry, and
/// the file was last changed strictly before the index was written (git's racy-clean rule at
/// nanosecond resolution). Entries that match but are as new as the index are returned apart, for
/// git to verify by content. Conflicts, assume-unchanged or skip-worktree entries and symbolic
/// links are left out (preflight hashes those files itself). nil when the index is in a form this
/// reader does not take (version 4, a split index): the caller then asks git.
enum GitIndex {
    struct Snapshot {
        /// Absolute path → blob id: stat data match and the file is older than the index.
        var trusted: [String: String] = [:]
        /// Stat data match but the file is as new as the index (within the file system's clock
        /// tick): only git, comparing content, can say. Path relative to the root → blob id.
        var racy: [String: String] = [:]
    }

    static func read(indexPath: String, root: String) -> Snapshot? {
        #if canImport(Darwin)
        return nil  // st_mtim is Linux's name; on macOS git diff-files answers
        #else
        let descriptor = open(indexPath, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var indexInfo = stat()
        guard fstat(descriptor, &indexInfo) == 0, indexInfo.st_size < 1 << 30 else { return nil }
        let indexWritten = nanoseconds(indexInfo.st_mtim)
        let reader = PositionalReader(descriptor: descriptor, size: Int64(indexInfo.st_size))
        guard let bytes = reader.read(at: 0, count: Int(indexInfo.st_size)), bytes.count == Int(indexInfo.st_size),
              bytes.starts(with: Array("DIRC".utf8)) else { return nil }
        let version = reader.be32(bytes, 4), count = Int(reader.be32(bytes, 8))
        guard version == 2 || version == 3 else { return nil }
        var snapshot = Snapshot()
        var offset = 12
        for _ in 0..<count {
            guard offset + 62 <= bytes.count else { return nil }
            let field = { (index: Int) in reader.be32(bytes, offset + index * 4) }
            let flags = UInt16(bytes[offset + 60]) << 8 | UInt16(bytes[offset + 61])
            let extended = flags & 0x4000 != 0
            let pathStart = offset + 62 + (extended ? 2 : 0)
            guard let nul = bytes[pathStart...].firstIndex(of: 0) else { return nil }
            let path = PathBytes.decode(bytes[pathStart..<nul])
            let entryEnd = offset + ((pathStart - offset + (nul - pathStart) + 8) & ~7)
            defer { offset = entryEnd }
            let mode = field(6)
            let stage = (flags >> 12) & 0x3
            let assumeUnchanged = flags & 0x8000 != 0
            let skipWorktree = extended && (UInt16(bytes[offset + 62]) << 8 | UInt16(bytes[offset + 63])) & 0x4000 != 0
            guard mode & 0o170000 == 0o100000, stage == 0, !assumeUnchanged, !skipWorktree else { continue }
            var info = stat()
            let absolute = root + "/" + path
            guard PathBytes.withFileSystemRepresentation(absolute, { lstat($0, &info) }) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            let modified = nanoseconds(info.st_mtim), changed = nanoseconds(info.st_ctim)
            guard UInt32(truncatingIfNeeded: info.st_size) == field(9),
                  UInt32(truncatingIfNeeded: info.st_ino) == field(5),
                  UInt32(truncatingIfNeeded: info.st_mtim.tv_sec) == field(2), UInt32(info.st_mtim.tv_nsec) == field(3),
                  UInt32(truncatingIfNeeded: info.st_ctim.tv_sec) == field(0), UInt32(info.st_ctim.tv_nsec) == field(1)
            else { continue }
            let blob = ContentHash.hex(bytes[(offset + 40)..<(offset + 60)])
            if modified < indexWritten, changed < indexWritten {
                snapshot.trusted[absolute] = blob
            } else {
                snapshot.racy[path] = blob
            }
        }
        // A split index keeps entries elsewhere ("link" extension): not read here.
        var extensionOffset = offset
        while extensionOffset + 8 <= bytes.count - 20 {
            if bytes[extensionOffset..<extensionOffset + 4].elementsEqual("link".utf8) { return nil }
            extensionOffset += 8 + Int(reader.be32(bytes, extensionOffset + 4))
        }
        return snapshot
        #endif
    }

    #if !canImport(Darwin)
    static func nanoseconds(_ time: timespec) -> Int64 { Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec) }
    #endif
}
