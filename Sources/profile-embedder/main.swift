// Build-time tool of the EmbedProfiles plugin: turns the built-in profiles' YAML files into one
// Swift source file, so that the profiles are part of the executable (a binary copied on its own
// has them) while the YAML stays their single source.
//
//   profile-embedder OUTPUT.swift PROFILE.yaml…
import Foundation

let arguments = CommandLine.arguments.dropFirst()
guard let output = arguments.first, arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: profile-embedder OUTPUT.swift PROFILE.yaml…\n".utf8))
    exit(2)
}

var source = """
// Generated at build time by the EmbedProfiles plugin from Sources/PreflightRules/Profiles/*.yaml.
// Do not edit: change the YAML.

enum EmbeddedProfiles {
    /// Profile id (the YAML file's name) → the YAML text.
    static let yaml: [String: String] = [

"""
for path in arguments.dropFirst().sorted() {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let id = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    // A raw string whose delimiter is longer than any run of '#' in the text.
    var longest = 0, run = 0
    for character in text { run = character == "#" ? run + 1 : 0; longest = max(longest, run) }
    let hashes = String(repeating: "#", count: longest + 1)
    source += "        \"\(id)\": \(hashes)\"\"\"\n\(text)\n\"\"\"\(hashes),\n"
}
source += "    ]\n}\n"
try source.write(toFile: output, atomically: true, encoding: .utf8)
