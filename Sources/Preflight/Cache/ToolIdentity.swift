import Foundation
import PreflightMedia

/// What a cached measurement was made with: this exact executable — its linker build-id, or where
/// there is none a SHA-256 of its bytes (remembered in the cache folder under the executable's
/// stat identity) — never a version string that two different builds share; and the FFmpeg
/// libraries it runs against.
enum ToolIdentity {
    static func current(rememberingIn folder: String) -> String {
        if let buildID = BuildID.ofRunningProgram() { return "build-id " + buildID + " " + MediaLibraries.versions }
        let executable = executablePath()
        guard let stat = FileStatIdentity(path: executable) else {
            return "unhashed-executable " + MediaLibraries.versions  // every run is then a miss: safe
        }
        let memo = folder + "/tool-" + String(StableHash.fnv1a64(executable + "\u{0}" + stat.line), radix: 16)
        if let text = try? String(contentsOfFile: memo, encoding: .utf8) {
            let lines = text.split(separator: "\n").map(String.init)
            if lines.count == 3, lines[0] == executable, lines[1] == stat.line, lines[2].count == 64 {
                return lines[2] + " " + MediaLibraries.versions
            }
        }
        guard let digest = ContentHash.sha256(path: executable) else { return "unhashed-executable " + MediaLibraries.versions }
        AtomicFile.write(Data("\(executable)\n\(stat.line)\n\(digest)".utf8), to: memo)
        return digest + " " + MediaLibraries.versions
    }

    static func executablePath() -> String {
        #if os(Linux)
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return resolved }
        #endif
        return Bundle.main.executablePath ?? CommandLine.arguments[0]
    }
}

/// Writes under a temporary name in the same folder and renames: readers see all or nothing.
enum AtomicFile {
    @discardableResult
    static func write(_ data: Data, to path: String) -> Bool {
        let temporary = (path as NSString).deletingLastPathComponent + "/.\(UUID().uuidString).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: data) else { return false }
        if rename(temporary, path) != 0 {
            unlink(temporary)
            return false
        }
        return true
    }
}
