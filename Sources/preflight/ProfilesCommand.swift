import ArgumentParser
import Foundation
import Preflight
import PreflightReports
import PreflightRules

struct ProfilesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profiles",
        abstract: "List the profiles (built in and from .preflight.yml), or show one in full.",
        subcommands: [List.self, Show.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List profiles with their modes.")
        @Option(help: "Configuration file (default: the nearest .preflight.yml).") var config: String?
        @Option(help: "Output format: text, or json for tools.") var format: OutputFormat = .text

        func run() throws {
            let (configuration, _) = try loadConfiguration(explicitPath: config, profileID: nil)
            if format == .json {
                OutputStreams.print(CatalogueJSON.profiles(configuration.library, defaultID: configuration.profileID).rendered())
                return
            }
            for id in configuration.library.ids {
                let profile = configuration.library.profile(id)!
                let marker = id == configuration.profileID ? " (default)" : ""
                let life = profile.lifecycle
                let state = life.status.rawValue + (life.retired.map { " since \($0)" } ?? "")
                    + (life.checked.map { ", checked \($0)" } ?? "")
                OutputStreams.print("\(id)\(marker) — \(profile.name) [\(state)]: modes \(profile.modes.map(\.name).joined(separator: ", "))")
                OutputStreams.print("    \(profile.description)")
                if let warning = life.warning(profileID: id) { OutputStreams.print("    \(warning)") }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a profile's modes, roles, rules, limits and sources.")
        @Argument(help: "Profile id, e.g. kling-o1.", completion: Completions.profiles) var id: String
        @Option(help: "Configuration file (default: the nearest .preflight.yml).") var config: String?
        @Option(help: "Output format: text, or json for tools (the profile with its rules).") var format: OutputFormat = .text

        func run() throws {
            let (configuration, profile) = try loadConfiguration(explicitPath: config, profileID: id, profileNamedBy: nil)
            if format == .json {
                OutputStreams.print(CatalogueJSON.profile(profile, origin: configuration.library.origins[profile.id],
                                                          isDefault: profile.id == configuration.profileID, withRules: true).rendered())
                return
            }
            OutputStreams.print("\(profile.id) — \(profile.name)")
            OutputStreams.print(profile.description)
            let life = profile.lifecycle
            OutputStreams.print("status: \(life.status.rawValue)" + (life.retired.map { " since \($0)" } ?? "")
                                + (life.checked.map { "; limits checked \($0)" } ?? ""))
            if let warning = life.warning(profileID: profile.id) { OutputStreams.print(warning) }
            OutputStreams.print("from: \(configuration.library.origins[profile.id] ?? "?")")
            for mode in profile.modes {
                OutputStreams.print("\nmode \(mode.name): \(mode.description)")
                for role in mode.roles {
                    let count = role.maxCount.map { "\(role.minCount)–\($0)" } ?? "\(role.minCount)+"
                    OutputStreams.print("  role \(mode.name)/\(role.name) (\(role.kind.rawValue), \(count) per request)"
                          + (role.description.isEmpty ? "" : ": \(role.description)"))
                    for rule in role.rules {
                        let state = rule.enabled ? rule.severity.rawValue : "disabled"
                        OutputStreams.print("    \(rule.id) [\(state)] \(rule.description) — limit \(rule.limit.describe(for: rule.measure))")
                        OutputStreams.print("        source: \(rule.source)")
                    }
                }
            }
        }
    }
}

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "The rule catalogue: every rule of a profile with its measure, limit, severity, source and fix; or the measures rules can use.",
        discussion: "Rule ids are stable: use them in .preflight.yml to change a limit or a severity, or to disable a rule."
    )

    @Option(help: "Profile whose rules to list (default: kling-o1 or the configuration's).") var profile: String?
    @Option(help: "Configuration file (default: the nearest .preflight.yml).") var config: String?
    @Flag(help: "List the measures a rule can test instead.") var measures = false
    @Option(help: "Output format: text, or json for tools.") var format: OutputFormat = .text

    func run() throws {
        if measures, format == .json {
            OutputStreams.print(CatalogueJSON.measures().rendered())
            return
        }
        if measures {
            for measure in Measure.allCases { OutputStreams.print("\(measure.rawValue): \(measure.summary)") }
            return
        }
        let (_, profile) = try loadConfiguration(explicitPath: config, profileID: self.profile)
        if format == .json {
            OutputStreams.print(JSONValue.object(["profile": .string(profile.id), "rules": CatalogueJSON.rules(profile)]).rendered())
            return
        }
        for rule in profile.rules {
            let roles = profile.modes.flatMap { mode in mode.roles.filter { $0.rules.contains { $0.id == rule.id } }.map { "\(mode.name)/\($0.name)" } }
            OutputStreams.print("\(rule.id) [\(rule.enabled ? rule.severity.rawValue : "disabled")] \(rule.description)")
            OutputStreams.print("    measure \(rule.measure.rawValue), limit \(rule.limit.describe(for: rule.measure)); roles: \(roles.joined(separator: ", "))")
            OutputStreams.print("    source: \(rule.source)")
            if let fix = rule.fix { OutputStreams.print("    fix: \(fix)") }
            if let note = rule.note { OutputStreams.print("    note: \(note)") }
        }
    }
}

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented starter .preflight.yml in the current folder."
    )

    @Flag(help: "Replace an existing .preflight.yml.") var force = false

    func run() throws {
        let path = Configuration.fileName
        if FileManager.default.fileExists(atPath: path) && !force {
            OutputStreams.diagnose("\(path) already exists; use --force to replace it")
            throw ExitCode(2)
        }
        try StarterConfiguration.text.write(toFile: path, atomically: true, encoding: .utf8)
        OutputStreams.print("wrote \(path)")
    }
}
