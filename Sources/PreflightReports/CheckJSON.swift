import PreflightMedia
import PreflightRules

/// The `preflight check --format json` contract (see README): summary, then per file its status,
/// per-role verdicts, findings and the probe record.
public enum CheckJSON {
    /// The document around the files (streamed in place of the placeholder).
    static func envelope(profile: Profile, strict: Bool, summary: Summary,
                         files: JSONValue = JSONArrayStream.placeholder) -> JSONValue {
        .object([
            "profile": .string(profile.id),
            "profileLifecycle": CatalogueJSON.lifecycle(profile.lifecycle),
            "profileWarning": .optional(profile.lifecycle.warning(profileID: profile.id), JSONValue.string),
            "strict": .bool(strict),
            "disabledRules": disabledRules(profile),
            "summary": .object([
                "files": .int(Int64(summary.files)), "passed": .int(Int64(summary.passed)),
                "warned": .int(Int64(summary.warned)), "failed": .int(Int64(summary.failed)),
            ]),
            "files": files,
        ])
    }

    /// The rules configuration turned off, with the roles where they are off.
    static func disabledRules(_ profile: Profile) -> JSONValue {
        .array(profile.disabledRules.map { .object(["id": .string($0.id), "roles": .array($0.roles.map(JSONValue.string))]) })
    }

    static func file(_ verdict: FileVerdict) -> JSONValue {
        .object([
            "path": .string(PathBytes.displayName(verdict.record.path)),
            "kind": .optional(verdict.record.kind) { .string($0.rawValue) },
            "status": .string(verdict.status.rawValue),
            "rolesAssigned": .bool(verdict.rolesAssigned),
            "verdicts": .array(verdict.verdicts.map { role in
                .object(["mode": .string(role.mode), "role": .string(role.role), "status": .string(role.status.rawValue)])
            }),
            "findings": .array(verdict.findings.map { finding($0, level: ReportLevel.of($0, in: verdict)) }),
            "probe": ProbeJSON.record(verdict.record),
        ])
    }

    /// - Parameter level: how the finding counts for the file (`ReportLevel`), when judged as a file.
    public static func finding(_ finding: Finding, level: ReportLevel? = nil) -> JSONValue {
        .object([
            "rule": .string(finding.rule.id),
            "severity": .string(finding.severity.rawValue),
            "level": .optional(level) { .string($0.rawValue) },
            "mode": .string(finding.mode),
            "role": .string(finding.role),
            "message": .string(finding.message),
            "actual": .optional(finding.actual, value),
            "limit": .string(finding.limitDescription),
            "source": .string(finding.rule.source),
            "fix": .optional(finding.fix, JSONValue.string),
            "alternative": .optional(finding.alternative, JSONValue.string),
            "note": .optional(finding.note, JSONValue.string),
        ])
    }

    /// Typed: numbers stay numbers; an exact rational also keeps its "N/D" form next to it.
    static func value(_ value: MeasuredValue) -> JSONValue {
        switch value {
        case .number(let number): .double(number)
        case .integer(let integer): .int(integer)
        case .rational(let rational): .optional(rational.value) { .double(($0 * 1000).rounded() / 1000) }
        case .text(let text): .string(text)
        case .flag(let flag): .bool(flag)
        }
    }
}

/// Counts of files by status.
public struct Summary: Equatable, Sendable {
    public var files = 0, passed = 0, warned = 0, failed = 0

    public init(_ verdicts: [FileVerdict]) {
        files = verdicts.count
        for verdict in verdicts {
            switch verdict.status {
            case .pass: passed += 1
            case .warn: warned += 1
            case .fail: failed += 1
            }
        }
    }
}
