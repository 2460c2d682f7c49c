// Build-time tool of the StampRevision plugin: writes the source revision into Swift source.
//
//   revision-stamper OUTPUT.swift COMMIT
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: revision-stamper OUTPUT.swift COMMIT\n".utf8))
    exit(2)
}
let commit = arguments[1].filter { $0.isHexDigit || $0.isLetter }
let source = """
// Generated at build time by the StampRevision plugin. Do not edit.

enum SourceRevision {
    /// The git commit this program was built from ("unknown" without a git checkout).
    static let commit = "\(commit)"
}

"""
do {
    if (try? String(contentsOfFile: arguments[0], encoding: .utf8)) != source {
        try source.write(toFile: arguments[0], atomically: true, encoding: .utf8)
    }
} catch {
    FileHandle.standardError.write(Data("revision-stamper: \(error)\n".utf8))
    exit(1)
}
