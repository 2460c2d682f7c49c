import PreflightMedia

/// Plans an image's rewrite: PNG for lossless sources and pictures with alpha, else JPEG at
/// quality 95; EXIF orientation applied to the pixels (services that ignore EXIF then see it upright).
struct ImageFixPlanner {
    let record: ProbeRecord
    let findings: [Finding]
    let rules: [Rule]
    let options: FixOptions

    static let losslessContainers: Set<String> = ["png", "bmp", "tiff", "gif"]

    func fill(_ plan: inout FixPlan) {
        guard let image = record.image else { return }
        var containerProblem = false
        var resizeNeeded = false
        var sizeLimit: Int64?
        for finding in findings {
            switch finding.rule.measure {
            case .container, .fileExtension, .extensionMatchesContainer, .codec: containerProblem = true
            case .shortSide, .longSide, .pixels, .aspectRatio, .resolution: resizeNeeded = true
            case .fileSize:
                if let maximum = finding.rule.limit.max { sizeLimit = min(sizeLimit ?? .max, maximum.numerator / max(maximum.denominator, 1)) }
            case .encodedSize:
                if let maximum = finding.rule.limit.max {
                    sizeLimit = min(sizeLimit ?? .max, (maximum.numerator / max(maximum.denominator, 1) - 64) * 3 / 4)
                }
            default: break
            }
        }
        let accepted = FixPlanner.accepted(rules, .container)
        let current = record.container ?? ""
        let currentAccepted = accepted?.contains(current) ?? true
        if containerProblem && !resizeNeeded && sizeLimit == nil && currentAccepted,
           let ext = Self.extensionName(current) {
            plan.outputExtension = ext
            plan.steps = ["copy the file as .\(ext) (it is \(current.uppercased()) already)"]
            plan.action = .copy
            return
        }
        let wantsLossless = (Self.losslessContainers.contains(current) || image.hasAlpha) && sizeLimit == nil
        let format: ImageRewritePlan.Format
        if wantsLossless, accepted?.contains("png") ?? true {
            format = .png
        } else if accepted?.contains("jpeg") ?? true, !image.hasAlpha || !(accepted?.contains("png") ?? true) {
            format = .jpeg
        } else if accepted?.contains("png") ?? true {
            format = .png
        } else {
            plan.unfixable = findings.map { .init(ruleID: $0.rule.id, message: $0.message, reason: "preflight fix writes PNG or JPEG, which these roles do not take") }
            return
        }
        var rewrite = ImageRewritePlan(format: format, quality: 95, orientation: image.orientation)
        var steps: [String] = []
        if image.orientation != 1 { steps.append("apply the EXIF orientation (\(image.orientation)) to the pixels") }
        var width = image.width, height = image.height
        if resizeNeeded {
            if let crop = FixPlanner.centreCrop(width: width, height: height, rules: rules, options: options) {
                rewrite.cropWidth = crop.width
                rewrite.cropHeight = crop.height
                steps.append("crop the centre to \(crop.width)×\(crop.height)")
                width = crop.width
                height = crop.height
            }
            let target = targetSize(width: width, height: height)
            if target != (width, height) {
                rewrite.width = target.0
                rewrite.height = target.1
                steps.append("scale \(width)×\(height) to \(target.0)×\(target.1)")
            }
        }
        steps.append(format == .png ? "write PNG (lossless)" : "write JPEG at quality \(rewrite.quality)")
        if let sizeLimit { steps.append("within \(Measure.megabytes(sizeLimit)): lower the quality, then the size, until it fits") }
        plan.outputExtension = format == .png ? "png" : "jpg"
        plan.steps = steps
        plan.action = .image(rewrite)
    }

    static func extensionName(_ container: String) -> String? {
        switch container {
        case "jpeg": "jpg"
        case "png": "png"
        case "webp": "webp"
        case "tiff": "tif"
        case "bmp": "bmp"
        case "gif": "gif"
        default: nil
        }
    }

    private func targetSize(width: Int, height: Int) -> (Int, Int) {
        if let target = FixPlanner.acceptedResolution(width: width, height: height, rules: rules, options: options) { return target }
        let factor = FixPlanner.scaleFactor(width: width, height: height, rules: rules, upscale: options.allowUpscale)
        guard factor != 1 else { return (width, height) }
        // Stills need no even sides: round toward the limit.
        let rounding: FloatingPointRoundingRule = factor < 1 ? .down : .up
        return (max(1, Int((Double(width) * factor).rounded(rounding))), max(1, Int((Double(height) * factor).rounded(rounding))))
    }
}
