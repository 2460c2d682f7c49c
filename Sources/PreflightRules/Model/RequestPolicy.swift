/// What a whole generation request must satisfy in one mode, beyond each input's own rules:
/// durations, totals across roles, roles that need others. Written in the profile YAML under
/// `modes.MODE.request`, so every limit is data with a source.
public struct RequestPolicy: Sendable, Equatable {
    public struct Total: Sendable, Equatable {
        public var id: String
        public var description: String
        public var roles: [String]
        public var min: Int?
        public var max: Int?
        public var severity: Severity
        public var message: String?
        public var source: String
    }

    public struct Requirement: Sendable, Equatable {
        public var id: String
        public var description: String
        public var role: String
        public var requires: String
        public var source: String
    }

    /// Allowed output durations in seconds (empty: not asked).
    public var durations: [Double] = []
    public var durationSource: String = ""
    public var totals: [Total] = []
    public var requirements: [Requirement] = []
    /// Why roles of other modes are refused in this one (e.g. start frames next to an edit source).
    public var forbiddenSource: String?

    public init() {}
}

/// What the prompt of a request is checked against.
public struct PromptPolicy: Sendable, Equatable {
    public var maxLength: Int?
    public var source: String
    public var preservationSource: String
    public var cameraSource: String
    public var cameraWords: [String]
}

extension ProfileParser {
    static func parseRequest(_ object: YAMLObject?, roles: [Role]) throws -> RequestPolicy {
        var policy = RequestPolicy()
        guard let object else { return policy }
        let names = Set(roles.map(\.name))
        if let durations = try object.object("durations") {
            policy.durations = try (durations.stringList("allowed") ?? []).map { text in
                guard let value = Double(text) else { throw durations.error("allowed", "must list seconds, e.g. [5, 10]") }
                return value
            }
            policy.durationSource = try durations.requiredString("source")
            try durations.finish()
        }
        for total in try object.objectList("totals") {
            let roleNames = try total.stringList("roles") ?? []
            for name in roleNames where !names.contains(name) { throw total.error("roles", "names an unknown role '\(name)'") }
            let severityName = try total.string("severity") ?? "error"
            guard let severity = Severity(rawValue: severityName) else { throw total.error("severity", "must be error, warning or info") }
            policy.totals.append(RequestPolicy.Total(
                id: try total.requiredString("id"), description: try total.string("description") ?? "",
                roles: roleNames, min: try total.integer("min"), max: try total.integer("max"), severity: severity,
                message: try total.string("message"), source: try total.requiredString("source")))
            try total.finish()
        }
        for requirement in try object.objectList("requires") {
            let role = try requirement.requiredString("role"), needed = try requirement.requiredString("requires")
            for name in [role, needed] where !names.contains(name) {
                throw requirement.error("role", "names an unknown role '\(name)'")
            }
            policy.requirements.append(RequestPolicy.Requirement(
                id: try requirement.requiredString("id"), description: try requirement.string("description") ?? "",
                role: role, requires: needed, source: try requirement.requiredString("source")))
            try requirement.finish()
        }
        policy.forbiddenSource = try object.string("forbiddenSource")
        try object.finish()
        return policy
    }

    static func parsePrompt(_ object: YAMLObject?) throws -> PromptPolicy? {
        guard let object else { return nil }
        let policy = PromptPolicy(maxLength: try object.integer("maxLength"), source: try object.requiredString("source"),
                                  preservationSource: try object.string("preservation") ?? "",
                                  cameraSource: try object.string("camera") ?? "",
                                  cameraWords: (try object.stringList("cameraWords") ?? []).map { $0.lowercased() })
        try object.finish()
        return policy
    }
}
