import ArgumentParser
import Foundation
import Preflight
import PreflightRules

/// Shell completion for profile ids and MODE/ROLE values: the shell runs preflight to ask, so
/// profiles and roles defined in the nearest .preflight.yml are offered too.
enum Completions {
    static let profiles = CompletionKind.custom { _, _, _ in
        // Active profiles first: a retired one still completes, last.
        guard let library = (try? load(profileID: nil))?.configuration.library else { return [] }
        let rank: (String) -> Int = { id in
            switch library.profile(id)?.lifecycle.status { case .active?: 0; case .deprecated?: 1; default: 2 }
        }
        return library.ids.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }.map(\.element)
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
