/// A Git LFS pointer file: what a repository that keeps media in Git LFS has in place of each file
/// when its LFS objects were not fetched (a CI checkout without `lfs: true`, a clone without
/// git-lfs installed). Read as media it is a few lines of text; said plainly, the fix is obvious.
/// Format: https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md — "version …/spec/v1",
/// "oid sha256:<64 hex>", "size <bytes>", each on its own line, under 1024 bytes in all.
public struct GitLFSPointer: Equatable, Sendable {
    public let oid: String
    public let size: Int64

    static let versionLine = Array("version https://git-lfs.github.com/spec/v1\n".utf8)
    static let maxLength = 1024

    static func read(head: [UInt8], file: PositionalReader) -> GitLFSPointer? {
        guard head.starts(with: versionLine), file.size < Int64(maxLength),
              let bytes = file.read(at: 0, count: maxLength) else { return nil }
        return parse(bytes)
    }

    public static func parse(_ bytes: [UInt8]) -> GitLFSPointer? {
        guard bytes.starts(with: versionLine) else { return nil }
        var oid: String?
        var size: Int64?
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            if line.hasPrefix("oid sha256:") {
                let hex = line.dropFirst("oid sha256:".count)
                if hex.count == 64, hex.allSatisfy(\.isHexDigit) { oid = String(hex) }
            } else if line.hasPrefix("size ") {
                size = Int64(line.dropFirst("size ".count))
            }
        }
        guard let oid, let size, size >= 0 else { return nil }
        return GitLFSPointer(oid: oid, size: size)
    }

    /// Where git-lfs keeps the object under a repository's git directory.
    public func objectPath(gitDirectory: String) -> String {
        "\(gitDirectory)/lfs/objects/\(oid.prefix(2))/\(oid.dropFirst(2).prefix(2))/\(oid)"
    }

    var failure: MediaFailure {
        MediaFailure(.lfsPointer, "this is a Git LFS pointer (to a \(Self.describe(bytes: size)) file, sha256 \(oid.prefix(12))…), "
            + "not the media itself: the repository's LFS objects were not fetched")
    }

    static func describe(bytes: Int64) -> String {
        let megabytes = Double(bytes) / 1_000_000
        if megabytes >= 1 { return "\((megabytes * 10).rounded() / 10) MB" }
        return "\(bytes)-byte"
    }
}
