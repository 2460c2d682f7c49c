import PreflightRules

/// `preflight profiles --format json` and `preflight rules --format json`: the profiles and their
/// rules as data, for tools (keys as in the YAML schema where they exist).
public enum CatalogueJSON {
    public static func profiles(_ library: ProfileLibrary, defaultID: String) -> JSONValue {
        .object(["profiles": .array(library.ids.compactMap { id in
            library.profile(id).map { profile(_: $0, origin: library.origins[id], isDefault: id == defaultID, withRules: false) }
        })])
    }

    public static func profile(_ profile: Profile, origin: String?, isDefault: Bool, withRules: Bool) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(profile.id),
            "name": .string(profile.name),
            "description": .string(profile.description),
            "default": .bool(isDefault),
            "lifecycle": lifecycle(profile.lifecycle),
            "origin": .optional(origin, JSONValue.string),
            "modes": .array(profile.modes.map { mode in
                .object([
                    "name": .string(mode.name),
                    "description": .string(mode.description),
                    "roles": .array(mode.roles.map { role in
                        .object([
                            "name": .string(role.name),
                            "kind": .string(role.kind.rawValue),
                            "minCount": .int(Int64(role.minCount)),
                            "maxCount": .optional(role.maxCount) { .int(Int64($0)) },
                        ])
                    }),
                ])
            }),
        ]
        if withRules { object["rules"] = rules(profile) }
        return .object(object)
    }

    public static func lifecycle(_ lifecycle: Lifecycle) -> JSONValue {
        .object([
            "status": .string(lifecycle.status.rawValue),
            "checked": .optional(lifecycle.checked, JSONValue.string),
            "retired": .optional(lifecycle.retired, JSONValue.string),
            "note": .optional(lifecycle.note, JSONValue.string),
            "source": .optional(lifecycle.source, JSONValue.string),
            "replacedBy": .optional(lifecycle.replacedBy, JSONValue.string),
        ])
    }

    /// Every rule once, with the roles it serves.
    public static func rules(_ profile: Profile) -> JSONValue {
        .array(profile.rules.map { rule in
            let roles = profile.modes.flatMap { mode in
                mode.roles.filter { $0.rules.contains { $0.id == rule.id } }.map { "\(mode.name)/\($0.name)" }
            }
            return .object([
                "id": .string(rule.id),
                "description": .string(rule.description),
                "severity": .string(rule.severity.rawValue),
                "enabled": .bool(rule.enabled),
                "measure": .string(rule.measure.rawValue),
                "limit": .string(rule.limit.describe(for: rule.measure)),
                "source": .string(rule.source),
                "fix": .optional(rule.fix, JSONValue.string),
                "note": .optional(rule.note, JSONValue.string),
                "roles": .array(roles.map(JSONValue.string)),
            ])
        })
    }

    public static func measures() -> JSONValue {
        .object(["measures": .array(Measure.allCases.map { .object(["id": .string($0.rawValue), "summary": .string($0.summary)]) })])
    }
}
