import PreflightMedia

/// Turns a file's findings into the smallest rewrite that mends them: a copy under the right
/// extension, a remux, or a re-encode with only the filters the findings call for. Targets come from
/// the roles' own limits (trim to their maximum duration, scale to their largest side…).
public enum FixPlanner {
    /// Why `preflight fix` cannot mend a finding of this rule and outcome; nil when it can.
    public static func unfixableReason(_ rule: Rule, outcome: Limit.Outcome, record: ProbeRecord,
                                       options: FixOptions = FixOptions()) -> String? {
        switch rule.measure {
        case .readable: return "the file cannot be read, so there is nothing to rewrite from"
        case .hasVideo, .kind: return "no rewrite turns this file into the kind of media the role takes"
        case .focusScore, .laplacianVariance: return "no filter restores focus: use a sharper photo or frame"
        case .jpegQuality:
            return "re-encoding cannot restore detail lost to compression: export again from the original at quality 90 or more, or as PNG"
        case .duration where outcome == .under:
            return "a clip cannot be made longer without inventing frames: use a longer take"
        case .shortSide, .longSide, .pixels:
            return outcome == .under && !options.allowUpscale
                ? "the picture is too small, and upscaling adds no detail (--allow-upscale does it anyway)" : nil
        case .aspectRatio where !options.allowCrop:
            return "changing the aspect ratio cuts picture away (--allow-crop crops the centre)"
        case .resolution:
            guard let size = displayedSize(record) else { return "the picture size is unknown" }
            if resolutionTarget(rule, width: size.width, height: size.height, options: options) == nil {
                return options.allowCrop ? "none of the accepted sizes fits this picture"
                    : "none of the accepted sizes has this picture's shape (--allow-crop crops the centre)"
            }
            return nil
        case .codec where record.kind == .video:
            if let allowed = rule.limit.allowed, !allowed.contains("h264") {
                return "preflight fix encodes H.264, which this rule does not accept"
            }
            return MediaRewriter.canEncodeH264 ? nil : "this FFmpeg build has no H.264 encoder (libx264)"
        default: return nil
        }
    }

    /// - Parameters:
    ///   - findings: what to mend (errors, and warnings with `includeWarnings`).
    ///   - rules: every enabled rule of the roles the file must fit, for the targets.
    public static func plan(_ record: ProbeRecord, findings: [Finding], rules: [Rule], options: FixOptions) -> FixPlan {
        var unfixable: [FixPlan.Unfixable] = []
        var fixable: [Finding] = []
        for finding in findings {
            if let reason = unfixableReason(finding.rule, outcome: finding.outcome, record: record, options: options) {
                unfixable.append(.init(ruleID: finding.rule.id, message: finding.message, reason: reason))
            } else {
                fixable.append(finding)
            }
        }
        var plan = FixPlan(action: nil, outputExtension: record.fileExtension, steps: [], unfixable: unfixable)
        guard unfixable.isEmpty, !fixable.isEmpty else { return plan }
        switch record.kind {
        case .video: VideoFixPlanner(record: record, findings: fixable, rules: rules, options: options).fill(&plan)
        case .image: ImageFixPlanner(record: record, findings: fixable, rules: rules, options: options).fill(&plan)
        default:
            plan.unfixable = fixable.map { .init(ruleID: $0.rule.id, message: $0.message, reason: "preflight fix rewrites videos and images only") }
        }
        return plan
    }

    static func displayedSize(_ record: ProbeRecord) -> (width: Int, height: Int)? {
        record.video.map { ($0.width, $0.height) } ?? record.image.map { ($0.width, $0.height) }
    }

    /// The accepted "WxH" to scale to: the same shape (within 1 %), the largest not above the
    /// picture (or the smallest above it with --allow-upscale); with --allow-crop any of the same
    /// orientation, cropped to its shape first.
    static func resolutionTarget(_ rule: Rule, width: Int, height: Int, options: FixOptions) -> (width: Int, height: Int)? {
        let sizes = (rule.limit.allowed ?? []).compactMap { text -> (Int, Int)? in
            let parts = text.lowercased().split(separator: "x").compactMap { Int($0) }
            return parts.count == 2 && parts[0] > 0 && parts[1] > 0 ? (parts[0], parts[1]) : nil
        }
        let shape = Double(width) / Double(max(height, 1))
        let sameShape = sizes.filter { abs(Double($0.0) / Double($0.1) / shape - 1) < 0.01 }
        let fitting = sameShape.filter { $0.0 <= width && $0.1 <= height }.max { $0.0 < $1.0 }
        if let fitting { return fitting }
        if options.allowUpscale, let larger = sameShape.min(by: { $0.0 < $1.0 }) { return larger }
        guard options.allowCrop else { return nil }
        let landscape = width >= height
        let sameOrientation = sizes.filter { ($0.0 >= $0.1) == landscape }
        // After a centre crop to the target's shape, the largest target the crop still covers.
        let covered = sameOrientation.filter { target in
            let crop = cropSize(width: width, height: height, ratio: Double(target.0) / Double(target.1))
            return target.0 <= crop.width && target.1 <= crop.height || options.allowUpscale
        }
        return covered.max { $0.0 * $0.1 < $1.0 * $1.1 }
    }

    /// The largest centre crop of a picture with the given width ÷ height, even-sized.
    static func cropSize(width: Int, height: Int, ratio: Double) -> (width: Int, height: Int) {
        if Double(width) / Double(height) > ratio {
            return (evenDown(Int((Double(height) * ratio).rounded(.down))), evenDown(height))
        }
        return (evenDown(width), evenDown(Int((Double(width) / ratio).rounded(.down))))
    }

    static func evenDown(_ value: Int) -> Int { max(2, value - value % 2) }

    /// Every rule's bound on one measure, tightest first: the largest minimum and smallest maximum.
    static func bounds(_ rules: [Rule], _ measure: Measure) -> (min: Rational?, max: Rational?) {
        let matching = rules.filter { $0.measure == measure && $0.enabled }
        let minimum = matching.compactMap(\.limit.min).max { $0.compare(to: $1) < 0 }
        let maximum = matching.compactMap(\.limit.max).min { $0.compare(to: $1) < 0 }
        return (minimum, maximum)
    }

    /// The values every rule on a text measure accepts (nil: no rule limits it).
    static func accepted(_ rules: [Rule], _ measure: Measure) -> Set<String>? {
        let lists = rules.filter { $0.measure == measure && $0.enabled }.compactMap(\.limit.allowed)
        guard let first = lists.first else { return nil }
        return lists.dropFirst().reduce(Set(first.map { $0.lowercased() })) { $0.intersection($1.map { $0.lowercased() }) }
    }

    /// The scale factor that brings a picture within every side and pixel limit (1 when it is).
    static func scaleFactor(width: Int, height: Int, rules: [Rule], upscale: Bool) -> Double {
        let long = Double(max(width, height)), short = Double(min(width, height)), pixels = Double(width * height)
        var factor = 1.0
        if let maximum = bounds(rules, .longSide).max?.value { factor = min(factor, maximum / long) }
        if let maximum = bounds(rules, .shortSide).max?.value { factor = min(factor, maximum / short) }
        if let maximum = bounds(rules, .pixels).max?.value { factor = min(factor, (maximum / pixels).squareRoot()) }
        if upscale && factor >= 1 {
            if let minimum = bounds(rules, .shortSide).min?.value { factor = max(factor, minimum / short) }
            if let minimum = bounds(rules, .longSide).min?.value { factor = max(factor, minimum / long) }
            if let minimum = bounds(rules, .pixels).min?.value { factor = max(factor, (minimum / pixels).squareRoot()) }
        }
        return factor
    }

    /// The size a picture scaled by `factor` gets: even sides (4:2:0 needs them), never past a
    /// maximum by rounding, never under 2 px.
    static func scaled(width: Int, height: Int, by factor: Double) -> (width: Int, height: Int) {
        let rounding: FloatingPointRoundingRule = factor < 1 ? .down : .up
        var newWidth = Int((Double(width) * factor).rounded(rounding)), newHeight = Int((Double(height) * factor).rounded(rounding))
        newWidth += newWidth % 2 == 0 ? 0 : (factor < 1 ? -1 : 1)
        newHeight += newHeight % 2 == 0 ? 0 : (factor < 1 ? -1 : 1)
        return (max(2, newWidth), max(2, newHeight))
    }

    /// With --allow-crop, the centre crop that gives the picture an accepted shape: an accepted
    /// resolution's, else one within the aspect-ratio limits (nil when none is needed).
    static func centreCrop(width: Int, height: Int, rules: [Rule], options: FixOptions) -> (width: Int, height: Int)? {
        guard options.allowCrop else { return nil }
        if let rule = rules.first(where: { $0.measure == .resolution && $0.enabled }),
           let target = resolutionTarget(rule, width: width, height: height, options: options),
           abs(Double(target.width) / Double(target.height) - Double(width) / Double(height)) > 0.001 {
            return cropSize(width: width, height: height, ratio: Double(target.width) / Double(target.height))
        }
        return aspectCrop(width: width, height: height, rules: rules)
    }

    /// The accepted resolution to scale to, when a resolution rule does not accept the picture's own.
    static func acceptedResolution(width: Int, height: Int, rules: [Rule], options: FixOptions) -> (width: Int, height: Int)? {
        guard let rule = rules.first(where: { $0.measure == .resolution && $0.enabled }),
              rule.limit.allowed?.contains("\(width)x\(height)") == false else { return nil }
        return resolutionTarget(rule, width: width, height: height, options: options)
    }

    /// The crop that brings the aspect ratio within the rules' range (nil when it is within).
    static func aspectCrop(width: Int, height: Int, rules: [Rule]) -> (width: Int, height: Int)? {
        let ratio = Rational(Int64(width), Int64(height))
        let (minimum, maximum) = bounds(rules, .aspectRatio)
        if let maximum, ratio.compare(to: maximum) > 0, let value = maximum.value {
            return cropSize(width: width, height: height, ratio: value)
        }
        if let minimum, ratio.compare(to: minimum) < 0, let value = minimum.value {
            // Rounding the crop down to even sizes must not leave it just under the minimum.
            var crop = cropSize(width: width, height: height, ratio: value)
            while crop.height > 2, Rational(Int64(crop.width), Int64(crop.height)).compare(to: minimum) < 0 { crop.height -= 2 }
            return crop
        }
        return nil
    }
}
