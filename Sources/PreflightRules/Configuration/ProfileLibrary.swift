import Foundation

/// The built-in profiles (YAML resources in the same schema users write) plus any custom profiles
/// a configuration defines.
public struct ProfileLibrary: Sendable {
    public static let builtInIDs = ["kling-o1", "veo-3", "sora-2", "runway-gen4", "hailuo-02"]
    public static let defaultID = "kling-o1"

    public private(set) var profiles: [String: Profile] = [:]
    /// Where each profile came from (a resource path or a configuration file), for `profiles show`.
    public private(set) var origins: [String: String] = [:]

    public var ids: [String] {
        Self.builtInIDs.filter { profiles[$0] != nil } + profiles.keys.filter { !Self.builtInIDs.contains($0) }.sorted()
    }

    /// Loads every built-in profile; a broken resource is a bug, reported as a configuration error.
    public static func builtIn() throws -> ProfileLibrary {
        var library = ProfileLibrary()
        for id in builtInIDs {
            let url = try resourceURL(id)
            let text = try String(contentsOf: url, encoding: .utf8)
            let profile = try ProfileParser.parse(YAMLObject.parse(text, file: "built-in profile \(id).yaml"))
            library.profiles[id] = profile
            library.origins[id] = "built in (\(url.lastPathComponent))"
        }
        return library
    }

    public func profile(_ id: String) -> Profile? { profiles[id] }

    mutating func setProfile(_ profile: Profile) { profiles[profile.id] = profile }

    /// Adds a profile from YAML: a whole profile, or `extends: ID` with rule overrides.
    mutating func add(_ object: YAMLObject, origin: String) throws {
        let id = try object.requiredString("id")
        if let base = try object.string("extends") {
            guard var profile = profiles[base] else {
                throw object.error("extends", "names an unknown profile '\(base)' (known: \(ids.joined(separator: ", ")))")
            }
            profile.id = id
            profile.name = try object.string("name") ?? "\(profile.name) (\(id))"
            profile.description = try object.string("description") ?? profile.description
            if object.has("rules") { try RuleOverride.apply(object, to: &profile) }
            try object.finish()
            profiles[id] = profile
        } else {
            profiles[id] = try ProfileParser.parse(object)
        }
        origins[id] = origin
    }

    private static func resourceURL(_ id: String) throws -> URL {
        let name = "\(id).yaml"
        // The copy `make install` puts beside the executable, else SwiftPM's resource bundle.
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        let installed = executable.deletingLastPathComponent()
            .appendingPathComponent("preflight_PreflightRules.resources/Profiles/\(name)")
        if FileManager.default.fileExists(atPath: installed.path) { return installed }
        if let url = Bundle.module.url(forResource: id, withExtension: "yaml", subdirectory: "Profiles"),
           FileManager.default.fileExists(atPath: url.path) { return url }
        throw ConfigurationError(file: name, line: nil, "the built-in profile is missing from the installation")
    }
}
