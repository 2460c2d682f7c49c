import PreflightMedia

/// Applies a profile's rules to probe records and decides each file's verdict.
///
/// Without role assignments a file is judged for every role its kind can fill and passes when at
/// least one of them passes (it can be used somewhere). With assigned roles it must pass each of
/// them. An unreadable file fails the readability rule and nothing else is measured.
public struct Evaluator: Sendable {
    public let profile: Profile
    public let strict: Bool

    public init(profile: Profile, strict: Bool = false) {
        self.profile = profile
        self.strict = strict
    }

    public func evaluate(_ record: ProbeRecord, assignedRoles: [String] = []) -> FileVerdict {
        let roles: [(Mode, Role)]
        if assignedRoles.isEmpty {
            let kind = record.kind ?? guessKind(record)
            roles = profile.modes.flatMap { mode in mode.roles.filter { $0.kind == kind }.map { (mode, $0) } }
        } else {
            roles = assignedRoles.compactMap { profile.role($0) }
        }
        var verdicts = roles.map { mode, role in verdict(record, mode: mode, role: role) }
        // Unreadable and of no recognisable kind (a folder that cannot be listed, a missing file
        // without an extension): no role applies, but the reason must still be reported.
        if verdicts.isEmpty, let failure = record.failure {
            let finding = Finding(rule: Self.readableRule, mode: "any", role: "any", message: "\(failure.message) (\(failure.code.rawValue))",
                                  actual: .flag(false), outcome: .notAllowed, fix: nil)
            verdicts = [RoleVerdict(mode: "any", role: "any", status: .fail, findings: [finding])]
        } else if verdicts.isEmpty {
            // Readable, but no role takes its kind (an audio-only file): the failure needs a finding,
            // or JUnit, SARIF and GitHub annotations would fail the file without saying why.
            verdicts = [RoleVerdict(mode: "any", role: "any", status: .fail, findings: [kindFinding(record)])]
        }
        var status: Status
        if verdicts.isEmpty {
            status = .fail
        } else if assignedRoles.isEmpty {
            status = verdicts.map(\.status).min()!
        } else {
            status = verdicts.map(\.status).max()!
        }
        if record.failure != nil { status = .fail }
        return FileVerdict(record: record, status: status, rolesAssigned: !assignedRoles.isEmpty, verdicts: verdicts)
    }

    /// Reports a file that no role can judge because it cannot be read at all.
    public static let readableRule = Rule(id: "file.readable", description: "The file can be read", measure: .readable,
                                   limit: Limit(equals: "true"), severity: .error,
                                   source: "preflight: a file that cannot be read cannot be checked", fix: nil, message: nil,
                                   enabled: true, passExamples: [.flag(true)], failExamples: [.flag(false)])

    /// Reports a readable file that no role of the profile takes: an audio-only file, for a
    /// profile whose roles take videos and images.
    public static func kindRule(_ profile: Profile) -> Rule {
        let kinds = acceptedKinds(profile)
        return Rule(id: "file.kind", description: "A role of the profile takes files of this kind", measure: .kind,
                    limit: Limit(allowed: kinds), severity: .error,
                    source: "preflight: the roles of the profile (preflight profiles show \(profile.id))", fix: nil, message: nil,
                    enabled: true, passExamples: kinds.prefix(1).map { .text($0) }, failExamples: [.text("audio")])
    }

    /// The kinds the profile's roles take, in the order video, image, audio.
    static func acceptedKinds(_ profile: Profile) -> [String] {
        let kinds = Set(profile.modes.flatMap { $0.roles.map(\.kind) })
        return [ProbeRecord.Kind.video, .image, .audio].filter(kinds.contains).map(\.rawValue)
    }

    private func kindFinding(_ record: ProbeRecord) -> Finding {
        let kind = record.kind?.rawValue ?? "unknown"
        let accepted = Self.acceptedKinds(profile)
        var what = record.kind == .audio ? "an audio file with no video stream" : "a file of kind \(kind)"
        if let audio = record.audio.first {
            let seconds = record.durationSeconds.map { ", " + Measure.duration.format(.number($0)) } ?? ""
            what += " (\(audio.codec)\(seconds))"
        }
        var finding = Finding(rule: Self.kindRule(profile), mode: "any", role: "any",
                              message: "\(what): no role of \(profile.name) takes it (its roles take \(accepted.joined(separator: " and ")) files)",
                              actual: .text(kind), outcome: .notAllowed, fix: nil)
        if record.kind == .audio, accepted.contains("video") {
            finding.note = "Put the sound into the video it belongs to (an MP4 or MOV with a video stream) and check that file."
        }
        return finding
    }

    public func verdict(_ record: ProbeRecord, mode: Mode, role: Role) -> RoleVerdict {
        let findings = role.rules.filter(\.enabled).compactMap { finding(record, rule: $0, mode: mode, role: role) }
        // An unreadable file is reported once, by the readability rule: its other values are not trusted.
        let candidates = record.failure == nil ? findings : findings.filter { $0.rule.measure == .readable }
        // Two rules on one measure that both fire (15 fps breaks the 23.976 error and the 24.0
        // warning): the more severe one says it all.
        let reported = candidates.filter { weaker in
            !candidates.contains { stronger in
                stronger.rule.measure == weaker.rule.measure && stronger.severity > weaker.severity
                    && stronger.outcome == weaker.outcome
            }
        }
        return RoleVerdict(mode: mode.name, role: role.name, status: Status.of(reported, strict: strict), findings: reported)
    }

    func finding(_ record: ProbeRecord, rule: Rule, mode: Mode, role: Role) -> Finding? {
        guard let value = rule.measure.value(of: record), let outcome = rule.violation(for: value) else { return nil }
        if rule.passesWithinTolerance(value) {
            var finding = Finding(rule: rule, mode: mode.name, role: role.name,
                                  message: rule.describeViolation(outcome, actual: value)
                                      + ", but within the \(rule.measure.format(.number(rule.declaredTolerance!))) tolerance: passed within tolerance",
                                  actual: value, outcome: outcome, fix: nil)
            finding.withinTolerance = true
            return finding
        }
        let message: String
        if rule.measure == .readable, let failure = record.failure {
            message = "\(failure.message) (\(failure.code.rawValue))"
        } else {
            message = rule.describeViolation(outcome, actual: value)
        }
        let advice = FixAdvice.make(rule: rule, outcome: outcome, record: record, profileID: profile.id,
                                    qualifiedRole: "\(mode.name)/\(role.name)", roleKind: role.kind)
        var finding = Finding(rule: rule, mode: mode.name, role: role.name, message: message, actual: value, outcome: outcome,
                              fix: advice.fix)
        finding.alternative = advice.alternative
        finding.note = advice.note
        return finding
    }

    /// An unreadable file has no kind; its name still says what the user meant it to be.
    private func guessKind(_ record: ProbeRecord) -> ProbeRecord.Kind? {
        let imageExtensions: Set<String> = ["jpg", "jpeg", "jpe", "png", "webp", "tif", "tiff", "bmp", "gif"]
        if imageExtensions.contains(record.fileExtension) { return .image }
        return record.fileExtension.isEmpty ? nil : .video
    }
}
