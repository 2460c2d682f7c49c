import PreflightMedia
import PreflightRules

/// SARIF 2.1.0 for code scanning: the profile's rules in tool.driver.rules (with their sources and
/// fixes), one result per finding, located on the file (line 1: media has no lines). Levels follow
/// `ReportLevel`: only findings that decide the file's status are errors or warnings; the rest are notes.
public enum SARIFReport {
    /// One result per finding (a finding shared by several roles is one result naming all of them).
    /// - Parameter sourceRoot: the repository root (absolute, ending in "/"): locations are given
    ///   relative to it under `%SRCROOT%`, whatever folder the run started in.
    /// The profile's rules and the two every file can break whatever its roles: readable, kind.
    static func allRules(_ profile: Profile) -> [Rule] {
        profile.rules + [Evaluator.readableRule, Evaluator.kindRule(profile)]
    }

    static func results(_ verdict: FileVerdict, profile: Profile, sourceRoot: String) -> [JSONValue] {
        let location = relativeLocation(verdict.record.path, sourceRoot: sourceRoot)
        let ruleIndex = Dictionary(uniqueKeysWithValues: allRules(profile).enumerated().map { ($1.id, $0) })
        return FindingGroup.group(verdict.findings).map { group in
            let finding = group.finding
            let text = finding.message + " (limit \(finding.limitDescription))" + FindingAdvice.sentence(finding)
            var result: [String: JSONValue] = [
                "ruleId": .string(finding.rule.id),
                "level": .string(ReportLevel.of(group, in: verdict).rawValue),
                "message": .object(["text": .string(text)]),
                "locations": .array([.object(["physicalLocation": .object([
                    "artifactLocation": location,
                    // Code scanning needs a region; media has no lines, so the file's first.
                    "region": .object(["startLine": .int(1)]),
                ])])]),
                // Stable across runs and machines: the same rule on the same file is the same alert.
                "partialFingerprints": .object(["preflightRuleAndFile/v1": .string(finding.rule.id + ":" + relativePath(verdict.record.path, sourceRoot: sourceRoot))]),
                "properties": .object(["roles": .array(group.roles.map(JSONValue.string)),
                                       "fileStatus": .string(verdict.status.rawValue)]),
            ]
            if let index = ruleIndex[finding.rule.id] { result["ruleIndex"] = .int(Int64(index)) }
            return .object(result)
        }
    }

    static func envelope(profile: Profile, toolVersion: String, sourceRoot: String,
                         results: JSONValue = JSONArrayStream.placeholder) -> JSONValue {
        let enabledSomewhere = Set(profile.modes.flatMap { $0.roles.flatMap(\.rules) }.filter(\.enabled).map(\.id))
        let offEverywhere = Set(profile.disabledRules.map(\.id)).subtracting(enabledSomewhere)
        return .object([
            "$schema": .string("https://json.schemastore.org/sarif-2.1.0.json"),
            "version": .string("2.1.0"),
            "runs": .array([.object([
                "tool": .object(["driver": .object([
                    "name": .string("preflight"),
                    "version": .string(toolVersion),
                    "rules": .array(allRules(profile).map { candidate in
                        rule(candidate, enabled: !offEverywhere.contains(candidate.id))
                    }),
                ])]),
                "originalUriBaseIds": .object(["%SRCROOT%": .object(["uri": .string("file://" + uri(sourceRoot))])]),
                "results": results,
                "properties": .object(["profile": .string(profile.id), "disabledRules": CheckJSON.disabledRules(profile)]),
            ])]),
        ])
    }

    /// - Parameter enabled: false when configuration turned the rule off in every role.
    static func rule(_ rule: Rule, enabled: Bool) -> JSONValue {
        var properties: [String: JSONValue] = [
            "source": .string(rule.source),
            "measure": .string(rule.measure.rawValue),
            "limit": .string(rule.limit.describe(for: rule.measure)),
        ]
        if let fix = rule.fix { properties["fix"] = .string(fix) }
        if let note = rule.note { properties["note"] = .string(note) }
        return .object([
            "id": .string(rule.id),
            "shortDescription": .object(["text": .string(rule.description)]),
            "fullDescription": .object(["text": .string("\(rule.description). Limit: \(rule.limit.describe(for: rule.measure)). Source: \(rule.source)")]),
            "help": .object(["text": .string([rule.fix.map { "Fix: \($0)" }, rule.note].compactMap { $0 }.joined(separator: ". ").nonEmpty ?? "Source: \(rule.source)")]),
            "defaultConfiguration": .object(["level": .string(level(rule.severity)), "enabled": .bool(enabled)]),
            "properties": .object(properties),
        ])
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }

    /// The file as an artifact location: relative to the source root under `%SRCROOT%` when it lies
    /// inside it, else an absolute file URI.
    static func relativeLocation(_ path: String, sourceRoot: String) -> JSONValue {
        let relative = relativePath(path, sourceRoot: sourceRoot)
        if relative.hasPrefix("/") { return .object(["uri": .string("file://" + uri(relative))]) }
        return .object(["uri": .string(uri(relative)), "uriBaseId": .string("%SRCROOT%")])
    }

    /// `path` relative to `sourceRoot` (both resolved against the working directory), or absolute
    /// when outside it.
    static func relativePath(_ path: String, sourceRoot: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let standardized = URL(fileURLWithPath: absolute).standardizedFileURL.path
        return standardized.hasPrefix(sourceRoot) ? String(standardized.dropFirst(sourceRoot.count)) : standardized
    }

    /// A relative URI reference: path segments percent-encoded where RFC 3986 requires it.
    static func uri(_ path: String) -> String {
        let unreserved = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/")
        var out = ""
        for byte in PathBytes.encode(path) {
            let character = Character(Unicode.Scalar(byte))
            if byte < 0x80 && unreserved.contains(character) { out.append(character) }
            else { out += "%" + String(format: "%02X", byte) }
        }
        return out.hasPrefix("./") ? String(out.dropFirst(2)) : out
    }
}

import Foundation

private extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
