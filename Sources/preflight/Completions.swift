import ArgumentParser
import Foundation
import Preflight
import PreflightRules

/// Shell completion for profile ids and MODE/ROLE values: the shell runs preflight to ask, so
/// profiles and roles defined in the nearest .preflight.yml are offered too.
enum Completions {
    static let profiles = CompletionKind.custom { _, _, _ in
        (try? load(profileID: nil))?.configuration.library.ids ?? []
    }

    /// The roles of the profile named after --profile on the line typed so far, else of the
    /// configuration's profile.
    static let roles = CompletionKind.custom { words, _, _ in
        let named = words.firstIndex(of: "--profile").flatMap { words.indices.contains($0 + 1) ? words[$0 + 1] : nil }
        return (try? load(profileID: named))?.profile.qualifiedRoles ?? []
    }

    private static func load(profileID: String?) throws -> (configuration: Configuration, profile: Profile) {
        let (configuration, profile) = try ConfigurationLoader.load(explicitPath: nil, profileID: profileID,
                                                                    workingDirectory: FileManager.default.currentDirectoryPath)
        return (configuration, profile)
    }
}
