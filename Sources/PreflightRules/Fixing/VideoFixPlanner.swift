import Foundation
import PreflightMedia

/// Plans a video's rewrite. Without a finding that needs new pictures, the streams are copied
/// (a remux, or only a new extension); otherwise the video is re-encoded once with every filter
/// the findings call for, and the audio copied where the container stores it.
struct VideoFixPlanner {
    let record: ProbeRecord
    let findings: [Finding]
    let rules: [Rule]
    let options: FixOptions

    func fill(_ plan: inout FixPlan) {
        guard let video = record.video else { return }
        var rewrite = VideoRewritePlan(container: "mp4", rotation: video.rotation, mirrored: video.mirrored)
        var steps: [String] = []
        var reencodeReasons: [String] = []
        var containerProblem = false
        var resizeNeeded = false
        var sizeLimit: Int64?

        for finding in findings {
            let rule = finding.rule
            switch rule.measure {
            case .container, .fileExtension, .extensionMatchesContainer:
                containerProblem = true
            case .codec:
                reencodeReasons.append("the codec \(video.codec ?? "unknown") is not accepted")
            case .duration:
                if let end = rule.limit.max?.value { rewrite.endSeconds = min(rewrite.endSeconds ?? end, end) }
            case .shortSide, .longSide, .pixels, .aspectRatio, .resolution:
                resizeNeeded = true
            case .frameRate, .variableFrameRate:
                rewrite.frameRate = targetFrameRate(video)
            case .interlaced:
                rewrite.deinterlace = true
            case .hasAudio:
                rewrite.dropAudio = true
                steps.append("drop the audio track")
            case .fileSize:
                if let maximum = rule.limit.max { sizeLimit = min(sizeLimit ?? .max, maximum.numerator / max(maximum.denominator, 1)) }
            case .encodedSize:
                // As a data URI the file is 4/3 of its size plus a short prefix.
                if let maximum = rule.limit.max {
                    sizeLimit = min(sizeLimit ?? .max, (maximum.numerator / max(maximum.denominator, 1) - 64) * 3 / 4)
                }
            default: break
            }
        }

        // Container: keep MP4 or MOV when the roles take it, else MP4.
        let containers = FixPlanner.accepted(rules, .container)
        let current = record.container ?? ""
        if ["mp4", "mov"].contains(current), containers?.contains(current) ?? true {
            rewrite.container = current
        } else if containers?.contains("mp4") ?? true {
            rewrite.container = "mp4"
        } else if containers?.contains("mov") == true {
            rewrite.container = "mov"
        } else {
            plan.unfixable = findings.filter { $0.rule.measure == .container }.map {
                .init(ruleID: $0.rule.id, message: $0.message, reason: "preflight fix writes MP4 or MOV, which these roles do not take")
            }
            return
        }
        plan.outputExtension = rewrite.container

        var width = video.width, height = video.height
        if resizeNeeded {
            if let crop = FixPlanner.centreCrop(width: width, height: height, rules: rules, options: options) {
                rewrite.cropWidth = crop.width
                rewrite.cropHeight = crop.height
                steps.append("crop the centre to \(crop.width)×\(crop.height)")
                width = crop.width
                height = crop.height
            }
            let target = targetSize(width: width, height: height)
            if target.width != width || target.height != height {
                rewrite.width = target.width
                rewrite.height = target.height
                steps.append("scale \(width)×\(height) to \(target.width)×\(target.height)")
                width = target.width
                height = target.height
            }
        }
        if let end = rewrite.endSeconds { steps.append("trim to \(Measure.seconds(end))") }
        if let rate = rewrite.frameRate {
            steps.append("convert to a constant \(Measure.frameRate.format(.rational(rate)))")
        }
        if rewrite.deinterlace { steps.append("deinterlace (bwdif)") }

        let pictureChanges = rewrite.endSeconds != nil || rewrite.width != nil || rewrite.cropWidth != nil
            || rewrite.frameRate != nil || rewrite.deinterlace || !reencodeReasons.isEmpty
        let codecStored = MediaRewriter.container(rewrite.container, stores: video.codec ?? "")
        if let sizeLimit, let duration = record.durationSeconds, duration > 0 {
            let seconds = min(duration, rewrite.endSeconds ?? duration)
            let audioBits = rewrite.dropAudio ? 0 : Double(record.audio.count) * 192_000
            let videoBits = Double(sizeLimit) * 8 * 0.9 / seconds - audioBits
            rewrite.maxVideoBitRate = Int64(max(videoBits, 0))
            reencodeReasons.append("the file must fit \(Measure.megabytes(sizeLimit))")
            steps.append("cap the video bit rate at \(Int(videoBits / 1000)) kb/s")
        }
        rewrite.reencodeVideo = pictureChanges || rewrite.maxVideoBitRate != nil || (containerProblem && !codecStored)
        if containerProblem && !codecStored { reencodeReasons.append("\(rewrite.container.uppercased()) cannot hold \(video.codec ?? "this codec")") }

        if rewrite.reencodeVideo {
            // New pictures are written progressive: interlaced ones must be deinterlaced, or the
            // fields' combing is baked into every frame.
            if !rewrite.deinterlace, let order = video.fieldOrder, order != "progressive" {
                rewrite.deinterlace = true
                steps.insert("deinterlace (bwdif): the source is interlaced", at: 0)
            }
            if !MediaRewriter.canEncodeH264 {
                plan.unfixable = findings.map { .init(ruleID: $0.rule.id, message: $0.message, reason: "this FFmpeg build has no H.264 encoder (libx264)") }
                return
            }
            if width % 2 != 0 || height % 2 != 0 {
                // 4:2:0 needs even sides.
                rewrite.width = FixPlanner.evenDown(width)
                rewrite.height = FixPlanner.evenDown(height)
            }
            switch (video.mirrored, video.rotation) {
            case (false, 0): break
            case (false, let degrees): steps.append("turn the picture \(degrees)° upright (the copy carries no rotation flag)")
            case (true, 0): steps.append("mirror the picture as players show it (the copy carries no display matrix)")
            case (true, let degrees): steps.append("mirror the picture and turn it \(degrees)° as players show it (the copy carries no display matrix)")
            }
            let why = reencodeReasons.isEmpty ? "" : " (\(reencodeReasons.joined(separator: "; ")))"
            steps.append("re-encode as H.264 (libx264, CRF \(rewrite.quality), 8-bit 4:2:0) in \(rewrite.container.uppercased())\(why)"
                         + (rewrite.dropAudio || record.audio.isEmpty ? "" : ", audio copied where \(rewrite.container.uppercased()) holds it, else AAC"))
            plan.action = .video(rewrite)
        } else if containerProblem && current == rewrite.container {
            steps.append("copy the file as .\(rewrite.container) (it is \(rewrite.container.uppercased()) already)")
            plan.action = .copy
        } else {
            steps.append("remux into \(rewrite.container.uppercased()) (streams copied, +faststart)")
            plan.action = .video(rewrite)
        }
        plan.steps = steps
    }

    /// The nearest rate the roles allow: their maximum when faster, minimum when slower; a variable
    /// rate becomes its average, held within the limits.
    private func targetFrameRate(_ video: VideoStreamInfo) -> Rational {
        let (minimum, maximum) = FixPlanner.bounds(rules, .frameRate)
        var rate = video.frameRate.flatMap { $0.value != nil && $0.value! > 0 ? $0 : nil } ?? Rational(30, 1)
        // A variable rate's average is rarely a round number: settle on the nearest whole rate
        // (or 24000/1001-style NTSC rate) so the output is a rate players and services expect.
        if video.variableFrameRate == true, let value = rate.value {
            let ntsc = [Rational(24000, 1001), Rational(30000, 1001), Rational(60000, 1001)]
            rate = ntsc.first { abs(($0.value ?? 0) - value) < 0.01 } ?? Rational(Int64(value.rounded()), 1)
        }
        if let maximum, rate.compare(to: maximum) > 0 { rate = maximum }
        if let minimum, rate.compare(to: minimum) < 0 { rate = minimum }
        return rate
    }

    private func targetSize(width: Int, height: Int) -> (width: Int, height: Int) {
        if let target = FixPlanner.acceptedResolution(width: width, height: height, rules: rules, options: options) { return target }
        let factor = FixPlanner.scaleFactor(width: width, height: height, rules: rules, upscale: options.allowUpscale)
        return factor == 1 ? (width, height) : FixPlanner.scaled(width: width, height: height, by: factor)
    }
}
