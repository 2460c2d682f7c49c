import Testing
@testable import PreflightMedia
@testable import PreflightRules

/// Verdict semantics on hand-made probe records.
@Suite struct EvaluatorTests {
    static let profile = try! ProfileLibrary.builtIn().profile("kling-o1")!

    static func clip(duration: Double = 5, width: Int = 1920, height: Int = 1080, rate: Rational = Rational(30, 1),
                     container: String = "mp4", path: String = "clip.mp4") -> ProbeRecord {
        var record = ProbeRecord(path: path)
        record.kind = .video
        record.container = container
        record.sizeBytes = 20_000_000
        record.durationSeconds = duration
        record.video = VideoStreamInfo(codec: "h264", profile: "High", pixelFormat: "yuv420p", bitDepth: 8,
                                       width: width, height: height, codedWidth: width, codedHeight: height,
                                       rotation: 0, sampleAspectRatio: Rational(1, 1), frameRate: rate, frameCount: 150,
                                       variableFrameRate: false, fieldOrder: "progressive", bitRate: 8_000_000)
        return record
    }

    static func image(side: Int = 1024, focus: Double = 500, quality: Int? = 92, path: String = "ref.jpg") -> ProbeRecord {
        var record = ProbeRecord(path: path)
        record.kind = .image
        record.container = "jpeg"
        record.sizeBytes = 500_000
        record.image = ImageInfo(codec: "mjpeg", width: side, height: side, codedWidth: side, codedHeight: side,
                                 orientation: 1, pixelFormat: "yuvj420p", bitDepth: 8, hasAlpha: false,
                                 laplacianVariance: focus / 2, focusScore: focus, jpegQuality: quality, bitsPerPixel: 2)
        return record
    }

    let evaluator = Evaluator(profile: EvaluatorTests.profile)

    @Test func aGoodClipPassesBothVideoRoles() {
        let verdict = evaluator.evaluate(Self.clip())
        #expect(verdict.status == .pass)
        #expect(verdict.verdicts.map(\.qualifiedRole) == ["edit/source-video", "edit/motion-reference"])
    }

    @Test func tenSecondsExactlyPassesAndTwelveFailsWithNumbers() throws {
        #expect(evaluator.evaluate(Self.clip(duration: 10.0)).status == .pass)
        let verdict = evaluator.evaluate(Self.clip(duration: 12))
        #expect(verdict.status == .fail)
        let finding = try #require(verdict.findings.first { $0.rule.id == "video.duration" })
        #expect(finding.message == "12.00 s is longer than 10 s")
        #expect(finding.actual == .number(12))
        #expect(finding.limitDescription == "3 s – 10 s")
        #expect(finding.fix == "preflight fix --profile kling-o1 --role edit/source-video clip.mp4")
        // Re-encoded, not stream-copied: a copy cuts at a packet and lands past 10 s.
        #expect(finding.alternative == "ffmpeg -i clip.mp4 -t 10 -c:v libx264 -crf 18 -pix_fmt yuv420p -c:a aac clip-fixed.mp4")
        // Too short: no trim is offered, and the note says why.
        let short = try #require(evaluator.evaluate(Self.clip(duration: 2)).findings.first { $0.rule.id == "video.duration" })
        #expect(short.fix == nil && short.alternative == nil)
        #expect(short.note?.contains("use a longer take") == true)
    }

    @Test func ffmpegHintsNameFilesSoFFmpegCannotMisreadThem() throws {
        // "a:b.mp4" would be protocol "a" to ffmpeg, "-x.mp4" an option.
        let colon = try #require(evaluator.evaluate(Self.clip(duration: 12, path: "a:b.mp4")).findings.first { $0.rule.id == "video.duration" })
        #expect(colon.alternative == "ffmpeg -i file:a:b.mp4 -t 10 -c:v libx264 -crf 18 -pix_fmt yuv420p -c:a aac file:a:b-fixed.mp4")
        let dash = try #require(evaluator.evaluate(Self.clip(duration: 12, path: "-x.mp4")).findings.first { $0.rule.id == "video.duration" })
        #expect(dash.alternative == "ffmpeg -i ./-x.mp4 -t 10 -c:v libx264 -crf 18 -pix_fmt yuv420p -c:a aac ./-x-fixed.mp4")
        #expect(dash.fix == "preflight fix --profile kling-o1 --role edit/source-video -- -x.mp4")
    }

    @Test func portraitPhoneClipIsJudgedAsDisplayed() {
        // 1080 wide, 1920 high on screen: the short side is 1080, the long side 1920.
        #expect(evaluator.evaluate(Self.clip(width: 1080, height: 1920)).status == .pass)
        #expect(evaluator.evaluate(Self.clip(width: 3840, height: 2160)).status == .fail)
        let qhd = evaluator.evaluate(Self.clip(width: 2560, height: 1440))
        #expect(qhd.status == .fail, "2560 is over the 2160 px side limit")
    }

    @Test func ntscFilmRateFailsBelowFalsMinimum() {
        // fal's Kling O1 edit schema: Min FPS 24.0 — 23.976 is rejected (the stricter source wins).
        let verdict = evaluator.evaluate(Self.clip(rate: Rational(24000, 1001)))
        #expect(verdict.status == .fail)
        #expect(verdict.findings.map(\.rule.id) == ["video.frame-rate", "video.frame-rate"])
        #expect(evaluator.evaluate(Self.clip(rate: Rational(24, 1))).status == .pass)
    }

    @Test func aDurationWithinTheServicesToleranceIsReportedNotFailed() {
        // Kling says 10 s, fal takes 10.05 s: 10.03 s passes within tolerance, 10.06 s fails.
        let within = evaluator.evaluate(Self.clip(duration: 10.03))
        #expect(within.status == .pass)
        let finding = within.findings.first { $0.rule.id == "video.duration" }
        #expect(finding?.withinTolerance == true && finding?.severity == .info)
        #expect(finding?.message.contains("passed within tolerance") == true, "\(String(describing: finding?.message))")
        #expect(evaluator.evaluate(Self.clip(duration: 10.06)).status == .fail)
        #expect(evaluator.evaluate(Self.clip(duration: 2.99)).status == .fail, "no tolerance below a minimum")
    }

    @Test func theStrongerOfTwoRulesOnOneMeasureIsReportedAlone() {
        let verdict = evaluator.evaluate(Self.clip(rate: Rational(15, 1)))
        #expect(Set(verdict.findings.map(\.rule.id)) == ["video.frame-rate"])
    }

    @Test func strictTurnsWarningsIntoFailures() {
        let strict = Evaluator(profile: Self.profile, strict: true)
        #expect(strict.evaluate(Self.clip(rate: Rational(24000, 1001))).status == .fail)
    }

    @Test func aFileThatFitsSomeRolePassesUnlessRolesAreAssigned() {
        let small = Self.image(side: 900)
        #expect(evaluator.evaluate(small).status == .pass, "900 px is fine for a start frame")
        #expect(evaluator.evaluate(small, assignedRoles: ["video/reference-image"]).status == .fail)
        #expect(evaluator.evaluate(small, assignedRoles: ["video/start-frame"]).status == .pass)
    }

    @Test func softAndCompressedReferences() {
        // docs/focus.md: references fail under 6 and warn under 15 ("may be soft"); frames warn under 6.
        #expect(evaluator.evaluate(Self.image(focus: 5.9), assignedRoles: ["video/reference-image"]).status == .fail)
        #expect(evaluator.evaluate(Self.image(focus: 6), assignedRoles: ["video/reference-image"]).status == .warn)
        #expect(evaluator.evaluate(Self.image(focus: 14.9), assignedRoles: ["video/reference-image"]).status == .warn)
        #expect(evaluator.evaluate(Self.image(focus: 15), assignedRoles: ["video/reference-image"]).status == .pass)
        #expect(evaluator.evaluate(Self.image(focus: 5.9), assignedRoles: ["video/start-frame"]).status == .warn)
        #expect(evaluator.evaluate(Self.image(focus: 6), assignedRoles: ["video/start-frame"]).status == .pass)
        #expect(evaluator.evaluate(Self.image(quality: 40), assignedRoles: ["edit/reference-image"]).status == .warn)
        #expect(evaluator.evaluate(Self.image(quality: nil), assignedRoles: ["edit/reference-image"]).status == .pass)
    }

    @Test func unreadableFileFailsOnceWithTheReason() {
        var record = Self.clip()
        record.failure = MediaFailure(.truncated, "the file ends at byte 10 but its index points to byte 20")
        let verdict = evaluator.evaluate(record)
        #expect(verdict.status == .fail)
        #expect(Set(verdict.findings.map(\.rule.id)) == ["video.readable"])
        #expect(verdict.findings.first?.message == "the file ends at byte 10 but its index points to byte 20 (truncated)")
    }

    @Test func movNamedMP4IsAWarning() {
        let verdict = evaluator.evaluate(Self.clip(path: "clip.mov"))
        #expect(verdict.status == .warn)
        #expect(verdict.findings.allSatisfy { $0.rule.id == "video.extension-matches-container" })
    }

    @Test func anImageGivenAVideoRoleFails() {
        let verdict = evaluator.evaluate(Self.image(), assignedRoles: ["edit/source-video"])
        #expect(verdict.status == .fail)
        #expect(verdict.findings.contains { $0.rule.id == "video.has-video" })
    }
}
