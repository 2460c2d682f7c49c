/// A change to one rule, from a configuration's `rules:` or a custom profile that `extends` another:
/// a new threshold, another severity, or `enabled: false`.
enum RuleOverride {
    /// Applies the `rules:` mapping of `owner` (a configuration or a custom profile) to `profile`.
    static func apply(_ owner: YAMLObject, to profile: inout Profile) throws {
        let known = Set(profile.rules.map(\.id))
        for (ruleID, override) in try owner.namedObjects("rules") {
            guard known.contains(ruleID) else {
                throw ConfigurationError(file: override.file, line: override.line ?? owner.line,
                                         "unknown rule '\(ruleID)' (see `preflight rules`)")
            }
            for modeIndex in profile.modes.indices {
                for roleIndex in profile.modes[modeIndex].roles.indices {
                    for ruleIndex in profile.modes[modeIndex].roles[roleIndex].rules.indices
                    where profile.modes[modeIndex].roles[roleIndex].rules[ruleIndex].id == ruleID {
                        try change(&profile.modes[modeIndex].roles[roleIndex].rules[ruleIndex], with: override)
                    }
                }
            }
            try override.finish()
        }
    }

    private static func change(_ rule: inout Rule, with override: YAMLObject) throws {
        if let severityName = try override.string("severity") {
            guard let severity = Severity(rawValue: severityName) else {
                throw override.error("severity", "must be error, warning or info, not '\(severityName)'")
            }
            rule.severity = severity
        }
        if let enabled = try override.bool("enabled") { rule.enabled = enabled }
        // A new limit replaces the parts it names; the rest of the profile's limit stays.
        try ProfileParser.applyLimit(override, to: &rule)
        if let source = try override.string("source") { rule.source = source }
    }
}
