#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The checks made before FFmpeg sees a path, so that a missing, empty or unreadable file gets a
/// precise error instead of FFmpeg's generic one. Opens read-only, reads at most `headLength` bytes.
struct FileAccess {
    let size: Int64
    let head: [UInt8]

    static let headLength = 64

    static func inspect(_ path: String) -> Result<FileAccess, MediaFailure> {
        var info = stat()
        if stat(path, &info) != 0 {
            return .failure(failure(errno: errno, path: path))
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            if let folder = opendir(path) {
                closedir(folder)
                return .failure(MediaFailure(.notAFile, "this is a folder, not a media file"))
            }
            return .failure(MediaFailure(.unreadable, "the folder cannot be read (\(String(cString: strerror(errno)))); the files in it were not checked"))
        }
        if (info.st_mode & S_IFMT) != S_IFREG {
            return .failure(MediaFailure(.notAFile, "this is not a regular file (device, pipe or socket)"))
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 { return .failure(failure(errno: errno, path: path)) }
        defer { close(descriptor) }
        if info.st_size == 0 {
            return .failure(MediaFailure(.empty, "the file is empty (0 bytes)"))
        }
        var head = [UInt8](repeating: 0, count: headLength)
        let count = head.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, headLength, 0) }
        if count < 0 { return .failure(failure(errno: errno, path: path)) }
        head.removeLast(headLength - count)
        return .success(FileAccess(size: Int64(info.st_size), head: head))
    }

    static func failure(errno code: Int32, path: String) -> MediaFailure {
        switch code {
        case ENOENT, ENOTDIR: MediaFailure(.notFound, "no such file")
        case EACCES, EPERM: MediaFailure(.unreadable, "permission denied: the file cannot be read")
        case ELOOP: MediaFailure(.notFound, "the path goes through a symbolic-link loop")
        default: MediaFailure(.unreadable, "the file cannot be read (\(String(cString: strerror(code))))")
        }
    }
}
