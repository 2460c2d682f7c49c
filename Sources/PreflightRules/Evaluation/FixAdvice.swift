import PreflightMedia

/// What a finding tells the user to do: a command (`preflight fix …` where it can mend the file,
/// else the rule's ffmpeg command), the ffmpeg alternative, and a note in words. A command is only
/// offered when it helps: a clip that is too short gets no trim, a small picture no upscale.
struct FixAdvice {
    var fix: String?
    var alternative: String?
    var note: String?

    static func make(rule: Rule, outcome: Limit.Outcome, record: ProbeRecord, profileID: String,
                     qualifiedRole: String, roleKind: ProbeRecord.Kind) -> FixAdvice {
        var command = rule.fix
        var note = rule.note
        if rule.measure == .readable, let failure = record.failure, let advice = ReadabilityFix.advice(for: failure.code, kind: roleKind) {
            command = advice.command
            note = advice.note
        }
        let ffmpeg = command.map { FixTemplate.render($0, path: record.path) }
        let plain = FixPlanner.unfixableReason(rule, outcome: outcome, record: record)
        let cropping = FixPlanner.unfixableReason(rule, outcome: outcome, record: record, options: FixOptions(allowCrop: true))
        if plain == nil || cropping == nil {
            var flags: [String] = []
            if plain != nil { flags.append("--allow-crop") }
            if rule.severity == .warning { flags.append("--strict") }  // fix mends errors unless asked
            let own = FixTemplate.preflightFix(path: record.path, profileID: profileID, qualifiedRole: qualifiedRole, extraFlags: flags)
            return FixAdvice(fix: own, alternative: ffmpeg, note: note)
        }
        // Nothing preflight can do. A command that cannot help (a trim for a clip that is too short,
        // an upscale) is not offered; the note says why.
        let helpless: Set<Measure> = [.duration, .shortSide, .longSide, .pixels, .focusScore, .laplacianVariance, .jpegQuality]
        let offered = helpless.contains(rule.measure) && outcome != .over ? nil : ffmpeg
        return FixAdvice(fix: offered, alternative: nil, note: note ?? plain.map { $0.prefix(1).uppercased() + $0.dropFirst() + "." })
    }
}
