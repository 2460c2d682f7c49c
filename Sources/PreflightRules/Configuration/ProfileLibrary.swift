import Foundation

/// The built-in profiles (YAML in the same schema users write, compiled into the executable by the
/// EmbedProfiles build plugin) plus any custom profiles a configuration defines.
public struct ProfileLibrary: Sendable {
    /// In `preflight profiles` order: the default, the active ones by vendor, then the retired ones.
    /// A test keeps this list equal to the YAML files in Sources/PreflightRules/Profiles.
    public static let builtInIDs = ["kling-o1", "kling-o3", "kling-2.6", "veo-3.1", "runway-gen4", "runway-aleph2",
                                    "hailuo-02", "hailuo-2.3", "seedance-2.0", "wan-2.6", "luma-ray-3.2", "veo-3", "sora-2"]
    public static let defaultID = "kling-o1"

    /// Profiles defined or changed by a configuration; they take precedence over built-in ones.
    private var profiles: [String: Profile] = [:]
    /// Built-in profiles, parsed on first use: a run needs one, and parsing all costs start-up time.
    private let builtIns = BuiltInProfiles()
    /// Where each profile came from (a resource path or a configuration file), for `profiles show`.
    public private(set) var origins: [String: String] = [:]

    public var ids: [String] {
        Self.builtInIDs + profiles.keys.filter { !Self.builtInIDs.contains($0) }.sorted()
    }

    /// The built-in profiles (parsed when first asked for).
    public static func builtIn() throws -> ProfileLibrary {
        var library = ProfileLibrary()
        for id in builtInIDs { library.origins[id] = "built in (\(id).yaml)" }
        return library
    }

    /// Parses a built-in profile now, reporting what is wrong with it (the test suite checks each).
    public static func parseBuiltIn(_ id: String) throws -> Profile {
        guard let text = EmbeddedProfiles.yaml[id] else {
            throw ConfigurationError(file: "\(id).yaml", line: nil, "no such built-in profile in this build")
        }
        return try ProfileParser.parse(YAMLObject.parse(text, file: "built-in profile \(id).yaml"))
    }

    public func profile(_ id: String) -> Profile? {
        if let profile = profiles[id] { return profile }
        guard Self.builtInIDs.contains(id) else { return nil }
        return builtIns.profile(id)
    }

    mutating func setProfile(_ profile: Profile) { profiles[profile.id] = profile }

    /// Adds a profile from YAML: a whole profile, or `extends: ID` with rule overrides.
    mutating func add(_ object: YAMLObject, origin: String) throws {
        let id = try object.requiredString("id")
        if let base = try object.string("extends") {
            guard var profile = self.profile(base) else {
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
}

/// The parsed built-in profiles, shared by every copy of a library. A built-in profile that does
/// not parse is a defect of this build (the test suite parses each), so it stops the program.
final class BuiltInProfiles: @unchecked Sendable {
    private let lock = NSLock()
    private var parsed: [String: Profile] = [:]

    func profile(_ id: String) -> Profile {
        lock.lock()
        defer { lock.unlock() }
        if let profile = parsed[id] { return profile }
        do {
            let profile = try ProfileLibrary.parseBuiltIn(id)
            parsed[id] = profile
            return profile
        } catch {
            preconditionFailure("the built-in profile \(id) is broken: \(error)")
        }
    }
}
