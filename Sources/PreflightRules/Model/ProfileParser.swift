import PreflightMedia

/// Reads profiles from YAML — the built-in ones and those users write — in one schema:
///
///     id, name, description
///     ruleSets: {NAME: [rule, …]}            # shared by several roles
///     modes: {MODE: {description, roles: {ROLE: {kind, count: {min, max}, description,
///                                                 ruleSets: [NAME…], rules: [rule…]}}}}
///     rule: {id, description, measure, min | max | allowed | equals, severity, source, fix (a command
///            naming {path}), note (prose), message, enabled, examples: {pass: […], fail: […]}}
enum ProfileParser {
    static func parse(_ object: YAMLObject) throws -> Profile {
        let id = try object.requiredString("id")
        let name = try object.string("name") ?? id
        let description = try object.string("description") ?? ""
        var ruleSets: [String: [Rule]] = [:]
        for (setName, rules) in try object.namedObjectLists("ruleSets") {
            ruleSets[setName] = try rules.map(parseRule)
        }
        let modes = try object.namedObjects("modes").map { mode in try parseMode(mode.name, mode.object, ruleSets: ruleSets) }
        if modes.isEmpty { throw object.error("modes", "must name at least one mode") }
        let prompt = try parsePrompt(object.object("prompt"))
        let lifecycle = try parseLifecycle(object)
        try object.finish(allowed: ["extends", "rules"])
        var profile = Profile(id: id, name: name, description: description, modes: modes, prompt: prompt)
        profile.lifecycle = lifecycle
        return profile
    }

    /// `status`, `checked`, `retired`, `statusNote`, `statusSource`, `replacedBy` (dates YYYY-MM-DD).
    static func parseLifecycle(_ object: YAMLObject) throws -> Lifecycle {
        var lifecycle = Lifecycle()
        if let text = try object.scalarText("status") {
            guard let status = Lifecycle.Status(rawValue: text) else { throw object.error("status", "must be active, deprecated or retired") }
            lifecycle.status = status
        }
        for key in ["checked", "retired"] {
            guard let text = try object.scalarText(key) else { continue }
            guard isDate(text) else { throw object.error(key, "must be a date YYYY-MM-DD, not '\(text)'") }
            if key == "checked" { lifecycle.checked = text } else { lifecycle.retired = text }
        }
        lifecycle.note = try object.string("statusNote")
        lifecycle.source = try object.string("statusSource")
        lifecycle.replacedBy = try object.string("replacedBy")
        if lifecycle.status == .retired, lifecycle.retired == nil || lifecycle.source == nil {
            throw object.error("status", "a retired profile names the date (retired: YYYY-MM-DD) and a source (statusSource)")
        }
        return lifecycle
    }

    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let month = Int(parts[1]), let day = Int(parts[2]), Int(parts[0]) != nil else { return false }
        return (1...12).contains(month) && (1...31).contains(day)
    }

    private static func parseMode(_ name: String, _ object: YAMLObject, ruleSets: [String: [Rule]]) throws -> Mode {
        let roles = try object.namedObjects("roles").map { role in try parseRole(role.name, role.object, ruleSets: ruleSets) }
        if roles.isEmpty { throw object.error("roles", "must name at least one role") }
        let request = try parseRequest(object.object("request"), roles: roles)
        let mode = Mode(name: name, description: try object.string("description") ?? "", roles: roles, request: request)
        try object.finish()
        return mode
    }

    private static func parseRole(_ name: String, _ object: YAMLObject, ruleSets: [String: [Rule]]) throws -> Role {
        let kindText = try object.requiredString("kind")
        guard let kind = ProbeRecord.Kind(rawValue: kindText) else {
            throw object.error("kind", "must be video, image or audio, not '\(kindText)'")
        }
        var minCount = 0, maxCount: Int?, countSource: String?
        if let count = try object.object("count") {
            minCount = try count.integer("min") ?? 0
            maxCount = try count.integer("max")
            countSource = try count.string("source")
            try count.finish()
        }
        var rules: [Rule] = []
        for setName in try object.stringList("ruleSets") ?? [] {
            guard let set = ruleSets[setName] else { throw object.error("ruleSets", "names an unknown rule set '\(setName)'") }
            rules += set
        }
        rules += try object.objectList("rules").map(parseRule)
        var seen = Set<String>()
        for rule in rules where !seen.insert(rule.id).inserted {
            throw object.error("rules", "has rule '\(rule.id)' twice")
        }
        let role = Role(name: name, description: try object.string("description") ?? "", kind: kind,
                        minCount: minCount, maxCount: maxCount, countSource: countSource, rules: rules)
        try object.finish()
        return role
    }

    static func parseRule(_ object: YAMLObject) throws -> Rule {
        let id = try object.requiredString("id")
        let measureName = try object.requiredString("measure")
        guard let measure = Measure(rawValue: measureName) else {
            throw object.error("measure", "names an unknown measure '\(measureName)' (see `preflight rules --measures`)")
        }
        let severityName = try object.string("severity") ?? "error"
        guard let severity = Severity(rawValue: severityName) else {
            throw object.error("severity", "must be error, warning or info, not '\(severityName)'")
        }
        var rule = Rule(id: id, description: try object.requiredString("description"), measure: measure, limit: Limit(),
                        severity: severity, source: try object.requiredString("source"), fix: try object.string("fix"),
                        message: try object.string("message"), enabled: try object.bool("enabled") ?? true,
                        passExamples: [], failExamples: [])
        rule.note = try object.string("note")
        // A fix is pasted into a shell: a command and nothing else, so it must name the file.
        if let fix = rule.fix, !fix.contains("{path}") {
            throw object.error("fix", "must be a command that names the file as {path}; put explanations in note:")
        }
        try applyLimit(object, to: &rule)
        if rule.limit == Limit() { throw object.error("measure", "needs a limit: min, max, allowed or equals") }
        if let text = try object.scalarText("tolerance") {
            guard [.number, .integer, .rational].contains(measure.valueType), let value = Rational(parsing: text)?.value, value >= 0 else {
                throw object.error("tolerance", "must be a number ≥ 0 and applies to numeric measures only")
            }
            rule.declaredTolerance = value
        }
        if let examples = try object.object("examples") {
            rule.passExamples = try values(examples, "pass", measure)
            rule.failExamples = try values(examples, "fail", measure)
            try examples.finish()
        }
        try object.finish()
        return rule
    }

    /// Reads min / max / allowed / equals into the rule's limit, typed by its measure. Used for
    /// profile rules and for configuration overrides alike.
    static func applyLimit(_ object: YAMLObject, to rule: inout Rule) throws {
        let type = rule.measure.valueType
        for key in ["min", "max"] {
            guard let text = try object.scalarText(key) else { continue }
            guard [.number, .integer, .rational].contains(type) else {
                throw object.error(key, "does not apply to '\(rule.measure.rawValue)', which is not a number")
            }
            guard let value = Rational(parsing: text) else { throw object.error(key, "must be a number such as 10, 10.05 or 24000/1001") }
            if key == "min" { rule.limit.min = value } else { rule.limit.max = value }
        }
        if let allowed = try object.stringList("allowed") {
            guard type == .text else { throw object.error("allowed", "only applies to text measures") }
            rule.limit.allowed = allowed.map { $0.lowercased() }
        }
        if let equals = try object.scalarText("equals") {
            guard type == .text || type == .flag else { throw object.error("equals", "only applies to text or yes/no measures") }
            guard type != .flag || Rule.parseValue(equals, as: .flag) != nil else { throw object.error("equals", "must be true or false") }
            rule.limit.equals = type == .flag ? String(Rule.parseValue(equals, as: .flag) == .flag(true)) : equals
        }
        if let low = rule.limit.min, let high = rule.limit.max, low.compare(to: high) > 0 {
            throw object.error("min", "is greater than max")
        }
    }

    private static func values(_ object: YAMLObject, _ key: String, _ measure: Measure) throws -> [MeasuredValue] {
        try (object.stringList(key) ?? []).map { text in
            guard let value = Rule.parseValue(text, as: measure.valueType) else {
                throw object.error(key, "has '\(text)', which is not a valid \(measure.rawValue) value")
            }
            return value
        }
    }
}
