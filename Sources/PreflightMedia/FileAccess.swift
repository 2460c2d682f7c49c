#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One media file opened read-only by preflight itself: the descriptor FFmpeg reads through (see
/// FormatInput), its size and first bytes. Whatever the path looks like (`http:…`, `pipe:0`,
/// `concat:…`, `%d`), only this file's own bytes are ever read. `deinit` closes the descriptor.
final class OpenedFile {
    let descriptor: Int32
    let size: Int64
    let head: [UInt8]

    static let headLength = 64

    private init(descriptor: Int32, size: Int64, head: [UInt8]) {
        self.descriptor = descriptor
        self.size = size
        self.head = head
    }

    deinit { close(descriptor) }

    /// Opens `path` and checks, on the open descriptor (no race with a renamed file), that it is a
    /// non-empty regular file. O_NONBLOCK keeps a FIFO from blocking the open.
    static func open(_ path: String) -> Result<OpenedFile, MediaFailure> {
        let descriptor = PathBytes.withFileSystemRepresentation(path) { openReadOnly($0) }
        if descriptor < 0 {
            let code = errno
            // A socket cannot be opened at all (ENXIO): say what it is rather than "unreadable".
            var info = stat()
            if PathBytes.withFileSystemRepresentation(path, { stat($0, &info) }) == 0, (info.st_mode & S_IFMT) != S_IFREG,
               (info.st_mode & S_IFMT) != S_IFDIR {
                return .failure(MediaFailure(.notAFile, "this is not a regular file (\(kindName(info.st_mode)))"))
            }
            return .failure(MediaFailure(systemError: code))
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let code = errno
            close(descriptor)
            return .failure(MediaFailure(systemError: code))
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            break
        case S_IFDIR:
            close(descriptor)
            return .failure(MediaFailure(.notAFile, "this is a folder, not a media file"))
        default:
            close(descriptor)
            return .failure(MediaFailure(.notAFile, "this is not a regular file (\(kindName(info.st_mode)))"))
        }
        if info.st_size == 0 {
            close(descriptor)
            return .failure(MediaFailure(.empty, "the file is empty (0 bytes)"))
        }
        var head = [UInt8](repeating: 0, count: headLength)
        let count = head.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, headLength, 0) }
        if count < 0 {
            let code = errno
            close(descriptor)
            return .failure(MediaFailure(systemError: code))
        }
        head.removeLast(headLength - count)
        return .success(OpenedFile(descriptor: descriptor, size: Int64(info.st_size), head: head))
    }

    /// open(2), named apart from `open(_:)` above; O_NONBLOCK so a FIFO cannot block.
    private static func openReadOnly(_ path: UnsafePointer<CChar>) -> Int32 {
        #if canImport(Glibc)
        Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        #else
        Darwin.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
        #endif
    }

    static func kindName(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: "a named pipe"
        case S_IFSOCK: "a socket"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        default: "not a file"
        }
    }
}

extension MediaFailure {
    /// The failure for a system call's errno on a file preflight tried to read.
    public init(systemError code: Int32) {
        self = switch code {
        case ENOENT, ENOTDIR: MediaFailure(.notFound, "no such file")
        case EACCES, EPERM: MediaFailure(.unreadable, "permission denied: the file cannot be read")
        case ELOOP: MediaFailure(.notFound, "the path goes through a symbolic-link loop")
        case ENAMETOOLONG: MediaFailure(.unreadable, "the path is longer than the system allows (PATH_MAX); move the file higher up")
        default: MediaFailure(.unreadable, "the file cannot be read (\(String(cString: strerror(code))))")
        }
    }
}
