import Foundation

/// A project's `.preflight.yml`: which profile, which files, which roles, which rule changes.
///
///     profile: kling-o1
///     include: ["media/**"]            # globs, relative to this file's folder
///     exclude: ["**/drafts/**"]
///     roles:                            # glob → mode/role (or a list of them)
///       "clips/**": edit/source-video
///       "refs/**": video/reference-image
///     rules:                            # rule id → new limit, severity or enabled: false
///       image.focus: {min: 150}
///       video.codec: {severity: error}
///     profiles:                         # custom profiles, usually extending a built-in one
///       - id: kling-o1-strict
///         extends: kling-o1
///         rules: {video.duration: {max: 8}}
public struct Configuration: Sendable {
    public static let fileName = ".preflight.yml"

    /// The file it was read from; nil for the defaults.
    public var file: String?
    public var folder: String
    public var profileID: String
    public var include: [Glob] = []
    public var exclude: [Glob] = []
    public var roles: [(glob: Glob, roles: [String])] = []
    public var library: ProfileLibrary
    /// The raw text, part of the cache key of results.
    public var text: String = ""

    public init(library: ProfileLibrary, folder: String) {
        self.library = library
        self.folder = folder
        self.profileID = ProfileLibrary.defaultID
    }

    /// The nearest `.preflight.yml` from `folder` upwards, if any.
    public static func discover(from folder: String) -> String? {
        var url = URL(fileURLWithPath: folder).standardizedFileURL
        while true {
            let candidate = url.appendingPathComponent(fileName).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { return nil }
            url = parent
        }
    }

    /// Reads a configuration file; every mistake is a ConfigurationError naming its line.
    public static func load(_ path: String, library: ProfileLibrary) throws -> Configuration {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ConfigurationError(file: path, line: nil, "cannot be read (\(error.localizedDescription))")
        }
        return try parse(text, file: path, library: library)
    }

    /// The same, from the configuration's text (globs are relative to the folder of `file`).
    public static func parse(_ text: String, file path: String, library: ProfileLibrary) throws -> Configuration {
        let root = try YAMLObject.parse(text, file: path)
        var configuration = Configuration(library: library,
                                          folder: URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL.path)
        configuration.file = path
        configuration.text = text
        for custom in try root.objectList("profiles") {
            try configuration.library.add(custom, origin: path)
        }
        configuration.profileID = try root.string("profile") ?? ProfileLibrary.defaultID
        guard var profile = configuration.library.profile(configuration.profileID) else {
            throw root.error("profile", "names an unknown profile '\(configuration.profileID)' (known: \(configuration.library.ids.joined(separator: ", ")))")
        }
        configuration.include = (try root.stringList("include") ?? []).map(Glob.init)
        configuration.exclude = (try root.stringList("exclude") ?? []).map(Glob.init)
        if let roles = try root.object("roles") {
            for pair in roles.mapping {
                guard let pattern = pair.key.string else { continue }
                let names = pair.value.scalar.map { [$0.string] } ?? pair.value.sequence?.compactMap { $0.scalar?.string } ?? []
                for name in names where profile.role(name) == nil {
                    throw ConfigurationError(file: path, line: pair.value.mark?.line,
                                             "'roles.\(pattern)' names an unknown role '\(name)' of \(profile.id) (known: \(profile.qualifiedRoles.joined(separator: ", ")))")
                }
                if names.isEmpty { throw ConfigurationError(file: path, line: pair.key.mark?.line, "'roles.\(pattern)' needs a mode/role") }
                configuration.roles.append((Glob(pattern), names))
            }
            try roles.finish(allowed: Set(roles.keys))
        }
        if root.has("rules") {
            try RuleOverride.apply(root, to: &profile)
            configuration.library.setProfile(profile)
        }
        try root.finish()
        return configuration
    }

    public var profile: Profile { library.profile(profileID)! }

    /// The path relative to the configuration's folder, for glob matching. Plain string work: it
    /// runs for every file, and Foundation's URL normalisation costs more than the rest of a cached check.
    public func relative(_ path: String) -> String {
        let absolute = Configuration.normalized(path.hasPrefix("/") ? path : Configuration.workingDirectory + "/" + path)
        let base = folder.hasSuffix("/") ? folder : folder + "/"
        return absolute.hasPrefix(base) ? String(absolute.dropFirst(base.count)) : absolute
    }

    static let workingDirectory = FileManager.default.currentDirectoryPath

    /// Removes ".", "..", and repeated slashes from an absolute path.
    static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { _ = parts.popLast(); continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Whether a file found while walking a folder is to be checked.
    public func includes(_ path: String) -> Bool {
        if include.isEmpty && exclude.isEmpty { return true }
        let relativePath = relative(path)
        if !include.isEmpty && !include.contains(where: { $0.matches(relativePath) }) { return false }
        return !exclude.contains { $0.matches(relativePath) }
    }

    /// The roles the configuration assigns to a file (first matching glob wins).
    public func assignedRoles(_ path: String) -> [String] {
        if roles.isEmpty { return [] }
        let relativePath = relative(path)
        return roles.first { $0.glob.matches(relativePath) }?.roles ?? []
    }
}
