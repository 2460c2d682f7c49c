import PreflightMedia

/// What a whole generation request must satisfy in one mode, beyond each input's own rules:
/// durations, totals across roles, roles that need others. Written in the profile YAML under
/// `modes.MODE.request`, so every limit is data with a source.
public struct RequestPolicy: Sendable, Equatable {
    /// When a request rule applies: every role in `present` given, none in `absent`, and the
    /// request's `resolution` one of `resolutions` (when listed). Empty: always.
    public struct Condition: Sendable, Equatable {
        public var present: [String] = []
        public var absent: [String] = []
        public var resolutions: [String] = []

        public func matches(count: (String) -> Int, resolution: String?) -> Bool {
            present.allSatisfy { count($0) > 0 } && absent.allSatisfy { count($0) == 0 }
                && (resolutions.isEmpty || resolution.map { resolutions.contains($0.lowercased()) } == true)
        }

        /// "with a reference-image, at 1080p".
        public var described: String {
            var parts: [String] = []
            if !present.isEmpty { parts.append("with " + present.joined(separator: " and ")) }
            if !absent.isEmpty { parts.append("without " + absent.joined(separator: " or ")) }
            if !resolutions.isEmpty { parts.append("at " + resolutions.joined(separator: " or ")) }
            return parts.joined(separator: ", ")
        }
    }

    /// The durations one kind of request may ask for; the first case whose condition matches decides.
    public struct DurationCase: Sendable, Equatable {
        public var allowed: [Double]
        public var when: Condition?
        public var source: String
    }

    public struct Total: Sendable, Equatable {
        public var id: String
        public var description: String
        public var roles: [String]
        /// Counts every input of these kinds (image, video, audio) instead of, or beside, `roles`.
        public var kinds: [String] = []
        public var when: Condition?
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

    /// Allowed output durations in seconds, by kind of request (empty: not asked).
    public var durationCases: [DurationCase] = []
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
        // `durations` is one case ({allowed, source}) or a list of cases with `when`.
        let cases: [YAMLObject]
        if let list = try? object.objectList("durations") { cases = list } else { cases = [try object.object("durations")].compactMap { $0 } }
        for durations in cases {
            let allowed = try (durations.stringList("allowed") ?? []).map { text in
                guard let value = Double(text) else { throw durations.error("allowed", "must list seconds, e.g. [5, 10]") }
                return value
            }
            policy.durationCases.append(RequestPolicy.DurationCase(
                allowed: allowed, when: try parseCondition(durations.object("when"), names: names),
                source: try durations.requiredString("source")))
            try durations.finish()
        }
        for total in try object.objectList("totals") {
            let roleNames = try total.stringList("roles") ?? []
            for name in roleNames where !names.contains(name) { throw total.error("roles", "names an unknown role '\(name)'") }
            let kinds = try total.stringList("kinds") ?? []
            for kind in kinds where ProbeRecord.Kind(rawValue: kind) == nil { throw total.error("kinds", "must list image, video or audio, not '\(kind)'") }
            if roleNames.isEmpty && kinds.isEmpty { throw total.error("roles", "a total counts roles or kinds") }
            let severityName = try total.string("severity") ?? "error"
            guard let severity = Severity(rawValue: severityName) else { throw total.error("severity", "must be error, warning or info") }
            policy.totals.append(RequestPolicy.Total(
                id: try total.requiredString("id"), description: try total.string("description") ?? "",
                roles: roleNames, kinds: kinds, when: try parseCondition(total.object("when"), names: names),
                min: try total.integer("min"), max: try total.integer("max"), severity: severity,
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

    /// `when: {present: [ROLE…], absent: [ROLE…], resolution: [1080p…]}`.
    static func parseCondition(_ object: YAMLObject?, names: Set<String>) throws -> RequestPolicy.Condition? {
        guard let object else { return nil }
        var condition = RequestPolicy.Condition()
        condition.present = try object.stringList("present") ?? []
        condition.absent = try object.stringList("absent") ?? []
        condition.resolutions = (try object.stringList("resolution") ?? []).map { $0.lowercased() }
        for name in condition.present + condition.absent where !names.contains(name) {
            throw object.error("present", "names an unknown role '\(name)'")
        }
        try object.finish()
        return condition
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
