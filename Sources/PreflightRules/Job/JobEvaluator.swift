import Foundation
import PreflightMedia

/// A finding about the request as a whole (counts, pairing, prompt), not about one file.
public struct RequestFinding: Sendable, Equatable {
    public var id: String
    public var severity: Severity
    public var message: String
    public var source: String
    /// What to change in the request, in words.
    public var note: String?
}

/// One input of a request and its verdict in its role.
public struct JobInputVerdict: Sendable {
    public var input: JobManifest.Input
    public var record: ProbeRecord
    public var status: Status
    public var findings: [Finding]
    /// Findings about this input that come from the request (its role is not in the mode).
    public var requestFindings: [RequestFinding]
}

public struct JobReport: Sendable {
    public var profile: Profile
    public var manifest: JobManifest
    public var findings: [RequestFinding]
    public var inputs: [JobInputVerdict]

    public var status: Status {
        let request: Status = findings.contains { $0.severity == .error } ? .fail
            : findings.contains { $0.severity == .warning } ? .warn : .pass
        return ([request] + inputs.map(\.status)).max()!
    }
}

/// Judges a whole request: each input against its role's rules, then the request's own limits.
public struct JobEvaluator: Sendable {
    public let profile: Profile
    public let strict: Bool

    /// Start and end frames whose aspect ratios differ by more than this warn; past `aspectError` they fail.
    public static let aspectWarning = 0.01
    public static let aspectError = 0.20
    /// Mean luma (0–255) differences above this warn: the guide asks for "similar lighting".
    public static let brightnessWarning = 40.0

    public init(profile: Profile, strict: Bool = false) {
        self.profile = profile
        self.strict = strict
    }

    public func evaluate(_ manifest: JobManifest, records: [ProbeRecord]) -> JobReport {
        let mode = profile.mode(manifest.mode)!
        let evaluator = Evaluator(profile: profile, strict: strict)
        var inputs: [JobInputVerdict] = []
        for (input, record) in zip(manifest.inputs, records) {
            var record = record
            if record.failure?.code == .notFound {
                record.failure = MediaFailure(.notFound, "no such file: \(input.path) (from \((manifest.file as NSString).lastPathComponent))")
            }
            guard let role = mode.role(input.role) else {
                let finding = RequestFinding(
                    id: "request.role-not-in-mode", severity: .error,
                    message: "\(mode.name) mode takes no \(input.role) (it takes \(mode.roles.map(\.name).joined(separator: ", ")))",
                    source: mode.request.forbiddenSource ?? "\(profile.name) profile: roles of \(mode.name) mode")
                inputs.append(JobInputVerdict(input: input, record: record, status: .fail, findings: [], requestFindings: [finding]))
                continue
            }
            let verdict = evaluator.verdict(record, mode: mode, role: role)
            inputs.append(JobInputVerdict(input: input, record: record, status: verdict.status, findings: verdict.findings,
                                          requestFindings: []))
        }
        var findings = counts(manifest, mode: mode)
        findings += duration(manifest, mode: mode)
        findings += prompt(manifest, mode: mode)
        findings += crossFile(inputs)
        if strict { findings = findings.map { var copy = $0; if copy.severity == .warning { copy.severity = .error }; return copy } }
        // Errors first, then warnings, then notes; otherwise in the order checked.
        findings = findings.enumerated().sorted { ($0.element.severity, $1.offset) > ($1.element.severity, $0.offset) }.map(\.element)
        return JobReport(profile: profile, manifest: manifest, findings: findings, inputs: inputs)
    }

    func counts(_ manifest: JobManifest, mode: Mode) -> [RequestFinding] {
        var findings: [RequestFinding] = []
        let count = { (role: String) in manifest.inputs.filter { $0.role == role }.count }
        for role in mode.roles {
            let given = count(role.name)
            let range = role.maxCount.map { role.minCount == $0 ? "exactly \($0)" : "\(role.minCount)–\($0)" } ?? "at least \(role.minCount)"
            if given < role.minCount || role.maxCount.map({ given > $0 }) == true {
                findings.append(RequestFinding(
                    id: "request.count.\(role.name)", severity: .error,
                    message: "\(mode.name) mode takes \(range) \(role.name); \(given) given",
                    source: role.countSource ?? "\(profile.name) profile: \(mode.name)/\(role.name) count"))
            }
        }
        for total in mode.request.totals {
            if let condition = total.when, !condition.matches(count: count, resolution: manifest.resolution) { continue }
            let byKind = manifest.inputs.filter { input in
                !total.roles.contains(input.role) && mode.role(input.role).map { total.kinds.contains($0.kind.rawValue) } == true
            }.count
            let given = total.roles.map(count).reduce(0, +) + byKind
            let tooFew = total.min.map { given < $0 } ?? false, tooMany = total.max.map { given > $0 } ?? false
            guard tooFew || tooMany else { continue }
            let allowed = [total.min.map { "at least \($0)" }, total.max.map { "at most \($0)" }].compactMap { $0 }.joined(separator: " and ")
            findings.append(RequestFinding(
                id: total.id, severity: total.severity,
                message: total.message ?? "\(given) given (\((total.roles + total.kinds.map { "\($0)s" }).joined(separator: " + "))); \(total.description.isEmpty ? allowed : total.description)",
                source: total.source))
        }
        for requirement in mode.request.requirements where count(requirement.role) > 0 && count(requirement.requires) == 0 {
            findings.append(RequestFinding(
                id: requirement.id, severity: .error,
                message: "\(article(requirement.role)) \(requirement.role) is given without \(article(requirement.requires)) \(requirement.requires)",
                source: requirement.source, note: "Add the \(requirement.requires), or remove the \(requirement.role)."))
        }
        return findings
    }

    func duration(_ manifest: JobManifest, mode: Mode) -> [RequestFinding] {
        let count = { (role: String) in manifest.inputs.filter { $0.role == role }.count }
        if mode.request.durationCases.isEmpty {
            guard manifest.duration != nil else { return [] }
            return [RequestFinding(id: "request.duration", severity: .warning,
                                   message: "\(mode.name) mode takes no duration (the output follows the source); 'duration' is ignored",
                                   source: "\(profile.name) profile: \(mode.name) mode")]
        }
        // The first case whose condition holds decides (e.g. 3–10 s with reference images, 5 or 10 s without).
        guard let rule = mode.request.durationCases.first(where: { $0.when?.matches(count: count, resolution: manifest.resolution) ?? true }) else {
            return []
        }
        let shown = Self.listing(rule.allowed)
        let condition = rule.when.map { $0.described.isEmpty ? "" : " \($0.described)" } ?? ""
        guard let duration = manifest.duration else {
            return [RequestFinding(id: "request.duration", severity: .error, message: "\(mode.name) mode needs a duration\(condition): \(shown) s",
                                   source: rule.source, note: "Add `duration: \(Self.seconds(rule.allowed.first ?? 5))`.")]
        }
        guard rule.allowed.contains(where: { abs($0 - duration) < 1e-9 }) else {
            return [RequestFinding(id: "request.duration", severity: .error,
                                   message: "a duration of \(Self.seconds(duration)) s is not offered\(condition): \(shown) s",
                                   source: rule.source)]
        }
        return []
    }

    /// "7", "7.5".
    static func seconds(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(value)
    }

    /// "5 or 10", "3, 4, 5, 6, 7, 8, 9 or 10".
    static func listing(_ values: [Double]) -> String {
        let texts = values.map(seconds)
        guard texts.count > 1 else { return texts.first ?? "" }
        return texts.dropLast().joined(separator: ", ") + " or " + texts.last!
    }

    func prompt(_ manifest: JobManifest, mode: Mode) -> [RequestFinding] {
        guard let policy = profile.prompt else { return [] }
        let text = (manifest.prompt ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else {
            return [RequestFinding(id: "prompt.empty", severity: .error, message: "the prompt is empty", source: policy.source)]
        }
        var findings: [RequestFinding] = []
        if let maxLength = policy.maxLength, text.count > maxLength {
            findings.append(RequestFinding(id: "prompt.length", severity: .error,
                                           message: "the prompt has \(text.count) characters; at most \(maxLength)",
                                           source: policy.source, note: "Shorten it: keep subject, action, camera and mood."))
        }
        let kinds = Dictionary(grouping: manifest.inputs.compactMap { input in mode.role(input.role)?.kind }, by: { $0 })
        let available: [String: Int] = ["image": kinds[.image]?.count ?? 0, "video": kinds[.video]?.count ?? 0, "element": 0]
        for reference in PromptLint.references(in: text) where reference.index < 1 || reference.index > (available[reference.kind] ?? 0) {
            let count = available[reference.kind] ?? 0
            findings.append(RequestFinding(
                id: "prompt.reference", severity: .error,
                message: "\(reference.text) points past the inputs: \(count) \(reference.kind)\(count == 1 ? "" : "s") given",
                source: policy.source))
        }
        if mode.roles.contains(where: { $0.kind == .video }) {
            if PromptLint.preservationClause(in: text) == nil {
                findings.append(RequestFinding(
                    id: "prompt.preservation", severity: .warning,
                    message: "the edit prompt does not say what stays the same; the model may change more than you asked",
                    source: policy.preservationSource, note: "Use the guide's formula: \"Keep everything else unchanged, modify [X] to [Y]\""))
            }
            let changes = PromptLint.changeCount(in: text)
            if changes >= 2 {
                findings.append(RequestFinding(
                    id: "prompt.one-change", severity: .warning,
                    message: "the edit prompt asks for \(changes) changes at once; one change per generation is more reliable",
                    source: policy.preservationSource, note: "Split it into one generation per change, each \"Keep everything else unchanged, modify [X] to [Y]\"."))
            }
        } else if !policy.cameraWords.isEmpty && !PromptLint.mentionsCamera(text, words: policy.cameraWords) {
            findings.append(RequestFinding(
                id: "prompt.camera", severity: .info,
                message: "the prompt has no camera language; say how the camera moves (dolly, tracking, pan, tilt, crane, handheld, static, orbit…)",
                source: policy.cameraSource))
        }
        return findings
    }

    func crossFile(_ inputs: [JobInputVerdict]) -> [RequestFinding] {
        var findings: [RequestFinding] = []
        let start = inputs.first { $0.input.role == "start-frame" }?.record.image
        let end = inputs.first { $0.input.role == "end-frame" }?.record.image
        if let start, let end, start.height > 0, end.height > 0 {
            let a = Double(start.width) / Double(start.height), b = Double(end.width) / Double(end.height)
            let difference = max(a, b) / min(a, b) - 1
            if difference > Self.aspectWarning {
                findings.append(RequestFinding(
                    id: "frames.aspect-ratio", severity: difference > Self.aspectError ? .error : .warning,
                    message: String(format: "the start frame is %d×%d and the end frame %d×%d: their aspect ratios differ by %.0f%%",
                                    start.width, start.height, end.width, end.height, difference * 100),
                    source: "Kling O1 guide, Leverage Start/End Frames: 'Ensure visual consistency'; preflight: over 1 % warns, over 20 % fails",
                    note: "Crop both frames to the same aspect ratio."))
            }
            if let first = start.meanLuma, let last = end.meanLuma, abs(first - last) > Self.brightnessWarning {
                findings.append(RequestFinding(
                    id: "frames.brightness", severity: .warning,
                    message: String(format: "the frames' brightness differs a lot (mean luma %.0f vs %.0f of 255)", first, last),
                    source: "Kling O1 guide, Leverage Start/End Frames: 'same character, similar lighting'"))
            }
        }
        var seen: [String: String] = [:]
        for input in inputs {
            let identity = fileIdentity(input.input.resolvedPath)
            if let earlier = seen[identity] {
                findings.append(RequestFinding(id: "request.duplicate-input", severity: .warning,
                                               message: "\(input.input.path) is the same file as \(earlier)",
                                               source: "A repeated input spends a slot without adding information"))
            } else {
                seen[identity] = input.input.path
            }
        }
        return findings
    }

    private func article(_ word: String) -> String { "aeiou".contains(word.first ?? "x") ? "an" : "a" }

    private func fileIdentity(_ path: String) -> String {
        var info = stat()
        if stat(path, &info) == 0 { return "\(info.st_dev):\(info.st_ino)" }
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }
}

extension JobInputVerdict {
    /// The input as `check` judges a file whose role is assigned (for reports shared with `check`).
    public func fileVerdict(mode: String) -> FileVerdict {
        FileVerdict(record: record, status: status, rolesAssigned: true,
                    verdicts: [RoleVerdict(mode: mode, role: input.role, status: status, findings: findings)])
    }
}
