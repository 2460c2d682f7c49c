import Foundation

/// One generation request as a user describes it in YAML: the target, the mode, the prompt and
/// the input files by role. Paths are relative to the manifest's folder.
///
///     profile: kling-o1        # optional
///     mode: edit               # video | edit
///     duration: 5              # video mode: 3–10 with reference images, 5 or 10 without
///     resolution: 1080p        # where the profile's durations depend on it (Veo, Hailuo)
///     prompt: "Keep everything else unchanged, change the background to a sunny beach"
///     inputs:
///       source-video: clips/hero.mp4
///       reference-image: [refs/face.jpg, refs/outfit.png]
public struct JobManifest: Sendable {
    public struct Input: Sendable, Equatable {
        public var role: String
        /// As written in the manifest.
        public var path: String
        /// Resolved against the manifest's folder.
        public var resolvedPath: String
        public var line: Int?
    }

    public var file: String
    public var profileID: String
    public var mode: String
    public var duration: Double?
    /// The output resolution asked for (720p, 1080p, 4k…), where a mode's limits depend on it.
    public var resolution: String?
    public var prompt: String?
    public var inputs: [Input]

    /// Reads and validates a manifest against the profiles: an unknown mode or role, or a value of
    /// the wrong type, is a ConfigurationError naming its line.
    public static func load(_ path: String, library: ProfileLibrary) throws -> (JobManifest, Profile) {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ConfigurationError(file: path, line: nil, "cannot be read (\(error.localizedDescription))")
        }
        return try parse(text, file: path, library: library)
    }

    /// The same, from the manifest's text (paths resolve against the folder of `file`).
    public static func parse(_ text: String, file path: String, library: ProfileLibrary) throws -> (JobManifest, Profile) {
        let root = try YAMLObject.parse(text, file: path)
        let profileID = try root.string("profile") ?? ProfileLibrary.defaultID
        guard let profile = library.profile(profileID) else {
            throw root.error("profile", "names an unknown profile '\(profileID)' (known: \(library.ids.joined(separator: ", ")))")
        }
        let modeName = try root.requiredString("mode")
        guard profile.mode(modeName) != nil else {
            throw root.error("mode", "names an unknown mode '\(modeName)' of \(profile.id) (known: \(profile.modes.map(\.name).joined(separator: ", ")))")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        var inputs: [Input] = []
        if let object = try root.object("inputs") {
            let knownRoles = Set(profile.modes.flatMap { $0.roles.map(\.name) })
            for pair in object.mapping {
                guard let role = pair.key.string else { continue }
                guard knownRoles.contains(role) else {
                    throw ConfigurationError(file: path, line: pair.key.mark?.line,
                                             "'inputs.\(role)' is not a role of \(profile.id) (known: \(knownRoles.sorted().joined(separator: ", ")))")
                }
                let values: [(String, Int?)]
                if let scalar = pair.value.scalar {
                    values = [(scalar.string, pair.value.mark?.line)]
                } else if let sequence = pair.value.sequence {
                    values = try sequence.map { item in
                        guard let scalar = item.scalar else {
                            throw ConfigurationError(file: path, line: item.mark?.line, "'inputs.\(role)' must list file paths")
                        }
                        return (scalar.string, item.mark?.line)
                    }
                } else {
                    throw ConfigurationError(file: path, line: pair.value.mark?.line, "'inputs.\(role)' must be a path or a list of paths")
                }
                for (value, line) in values {
                    guard !value.isEmpty else { throw ConfigurationError(file: path, line: line, "'inputs.\(role)' has an empty path") }
                    let resolved = value.hasPrefix("/") ? value : folder.appendingPathComponent(value).path
                    inputs.append(Input(role: role, path: value, resolvedPath: resolved, line: line))
                }
            }
            try object.finish(allowed: Set(object.keys))
        }
        let manifest = JobManifest(file: path, profileID: profileID, mode: modeName, duration: try root.number("duration"),
                                   resolution: try root.scalarText("resolution"), prompt: try root.string("prompt"), inputs: inputs)
        try root.finish()
        return (manifest, profile)
    }

    /// What `preflight job --init MODE` prints: a commented manifest for the mode.
    public static func template(mode: String) -> String? {
        switch mode {
        case "video":
            return """
            # A Kling O1 video-mode request, checked by `preflight job THIS-FILE` before you spend credits.
            # Paths are relative to this file. Give 1–7 images in all (reference images plus the start frame).
            profile: kling-o1
            mode: video
            duration: 5            # 3–10 s with reference images; 5 or 10 s from a start frame alone
            # [Action] + [Subject] + [Environment] + [Camera] + [Mood]; refer to images as @Image1, @Image2…
            prompt: "The woman from @Image1 walks down a rainy neon street at night, camera tracking alongside her, cinematic mood"
            inputs:
              reference-image:
                - refs/character-front.jpg
                - refs/outfit.png
            #  start-frame: frames/first.png   # optional; counts toward the 7 images
            #  end-frame: frames/last.png      # optional; only together with a start frame

            """
        case "edit":
            return """
            # A Kling O1 edit-mode request, checked by `preflight job THIS-FILE` before you spend credits.
            # Paths are relative to this file.
            profile: kling-o1
            mode: edit
            # One change per generation: "Keep everything else unchanged, modify [X] to [Y]"
            prompt: "Keep everything else unchanged, change the background to a sunny beach with palm trees"
            inputs:
              source-video: clips/source.mp4        # MP4/MOV, 3–10 s, 720p or 1080p, ≤ 100 MB
            #  reference-image: [refs/beach.jpg]   # 0–4 images
            #  motion-reference: clips/dolly.mov   # 0–1; the API may take only one video per request

            """
        default:
            return nil
        }
    }
}
