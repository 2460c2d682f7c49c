import PreflightMedia

/// A generation service's upload limits, as data: modes (video, edit…), the roles a file can play
/// in each mode, and the rules of each role.
public struct Profile: Sendable, Equatable {
    public var id: String
    public var name: String
    public var description: String
    public var modes: [Mode]
    /// Prompt limits for `preflight job`; nil when the profile states none.
    public var prompt: PromptPolicy?
    /// Whether the service still exists and when the limits were last checked against its docs.
    public var lifecycle = Lifecycle()

    public func mode(_ name: String) -> Mode? { modes.first { $0.name == name } }

    /// "edit/source-video" → the role, if the profile has it.
    public func role(_ qualified: String) -> (mode: Mode, role: Role)? {
        let parts = qualified.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2, let mode = mode(parts[0]), let role = mode.role(parts[1]) else { return nil }
        return (mode, role)
    }

    public var qualifiedRoles: [String] { modes.flatMap { mode in mode.roles.map { "\(mode.name)/\($0.name)" } } }

    /// Rules switched off (`enabled: false` in a configuration or a custom profile), each with the
    /// roles where it is off, in profile order. Reports name them: a run that passes because its
    /// rules were disabled must say so.
    public var disabledRules: [(id: String, roles: [String])] {
        var order: [String] = []
        var roles: [String: [String]] = [:]
        for mode in modes {
            for role in mode.roles {
                for rule in role.rules where !rule.enabled {
                    if roles[rule.id] == nil { order.append(rule.id) }
                    roles[rule.id, default: []].append("\(mode.name)/\(role.name)")
                }
            }
        }
        return order.map { ($0, roles[$0]!) }
    }

    /// Every rule once, by id (the same rule may serve several roles).
    public var rules: [Rule] {
        var seen = Set<String>()
        return modes.flatMap { $0.roles.flatMap(\.rules) }.filter { seen.insert($0.id).inserted }
    }
}

public struct Mode: Sendable, Equatable {
    public var name: String
    public var description: String
    public var roles: [Role]
    public var request: RequestPolicy

    public func role(_ name: String) -> Role? { roles.first { $0.name == name } }
}

public struct Role: Sendable, Equatable {
    public var name: String
    public var description: String
    /// Which files can fill the role.
    public var kind: ProbeRecord.Kind
    /// How many files of this role one request takes.
    public var minCount: Int
    public var maxCount: Int?
    /// Where the count limits come from.
    public var countSource: String?
    public var rules: [Rule]
}

/// A profile's place in its service's life. Services change their limits and retire models; a
/// profile says when its limits were last checked, and a retired one still runs (old asset
/// repositories keep working) but says so on every use.
public struct Lifecycle: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable {
        case active, deprecated, retired
    }

    public var status: Status = .active
    /// YYYY-MM-DD: when the limits were last verified against public documentation.
    public var checked: String?
    /// YYYY-MM-DD: when the service stopped accepting requests (retired profiles).
    public var retired: String?
    /// What happened, in a sentence, for deprecated and retired profiles.
    public var note: String?
    /// Where that is stated (a public address).
    public var source: String?
    /// The profile to use instead, when there is one.
    public var replacedBy: String?

    public init() {}

    /// The warning printed when a deprecated or retired profile is used; nil for active ones.
    public func warning(profileID: String) -> String? {
        switch status {
        case .active: return nil
        case .deprecated, .retired:
            var text = "profile \(profileID) is \(status.rawValue)" + (retired.map { " since \($0)" } ?? "")
            if let note { text += ": \(note)" }
            if let replacedBy { text += "; use \(replacedBy) instead" }
            if let source { text += " (\(source))" }
            return text + ". The checks still run."
        }
    }
}
