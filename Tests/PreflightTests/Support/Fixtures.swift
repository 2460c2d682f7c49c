import Foundation

/// Paths to the committed fixtures and the project's build products, found from this file's path.
enum Fixtures {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func video(_ name: String) -> String { root.appendingPathComponent("Fixtures/video/\(name)").path }
    static func image(_ name: String) -> String { root.appendingPathComponent("Fixtures/image/\(name)").path }

    static func json(_ relativePath: String) throws -> [String: Any] {
        let data = try Data(contentsOf: root.appendingPathComponent(relativePath))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }
}

/// A fresh temporary folder, removed when the value is dropped.
final class TemporaryFolder {
    let url: URL
    var path: String { url.path }

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("preflight-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        // Give back permissions first so that permission tests do not leave litter. Never through
        // a symbolic link: chmod follows it, and tests link to /tmp and /dev/zero.
        chmod(path, 0o755)
        if let items = FileManager.default.enumerator(atPath: path) {
            for case let item as String in items {
                let itemPath = url.appendingPathComponent(item).path
                var info = stat()
                guard lstat(itemPath, &info) == 0, (info.st_mode & S_IFMT) != S_IFLNK else { continue }
                chmod(itemPath, 0o755)
            }
        }
        try? FileManager.default.removeItem(at: url)
    }

    @discardableResult
    func write(_ name: String, _ data: Data) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: file)
        return file.path
    }

    /// The first `fraction` of a file's bytes, as a cut-off copy would leave it.
    @discardableResult
    func truncatedCopy(of source: String, fraction: Double, as name: String) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: source))
        return try write(name, data.prefix(Int(Double(data.count) * fraction)))
    }
}
