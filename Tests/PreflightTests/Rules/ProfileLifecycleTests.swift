import Foundation
import Testing
@testable import PreflightRules
@testable import PreflightMedia

/// The order `preflight profiles` lists the built-in profiles in.
enum ProfileLibraryOrder {
    static let expected = ["kling-o1", "kling-o3", "kling-2.6", "veo-3.1", "runway-gen4", "runway-aleph2",
                           "hailuo-02", "hailuo-2.3", "seedance-2.0", "wan-2.6", "luma-ray-3.2", "veo-3", "sora-2"]
}

/// Profiles that are true today: lifecycle as data, sources a user can open, new measures and
/// conditional request rules.
@Suite struct ProfileLifecycleTests {
    static let library = try! ProfileLibrary.builtIn()

    @Test func everyProfileFileIsBuiltInAndCarriesItsLifecycle() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Fixtures.root.appendingPathComponent("Sources/PreflightRules/Profiles").path)
            .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }
        #expect(Set(files) == Set(ProfileLibrary.builtInIDs))
        #expect(ProfileLibrary.builtInIDs == ProfileLibraryOrder.expected)
        for id in ProfileLibrary.builtInIDs {
            let life = try #require(Self.library.profile(id)).lifecycle
            #expect(life.checked.map(ProfileParser.isDate) == true, "\(id) says when its limits were checked")
            if life.status == .retired {
                #expect(life.retired != nil && life.source?.hasPrefix("https://") == true, "\(id)")
            }
        }
        #expect(Self.library.profile("sora-2")?.lifecycle.status == .retired)
        #expect(Self.library.profile("veo-3")?.lifecycle.replacedBy == "veo-3.1")
        #expect(Self.library.profile("veo-3.1")?.lifecycle.status == .active)
    }

    /// Every limit, count and request rule names a source a user can open: a public address or
    /// the project's own docs/.
    @Test func everySourceCanBeOpened() throws {
        let openable = { (text: String) in text.contains("https://") || text.contains("docs/") }
        for id in ProfileLibrary.builtInIDs {
            let profile = try #require(Self.library.profile(id))
            for rule in profile.rules where rule.limit.min != nil || rule.limit.max != nil {
                #expect(openable(rule.source), "\(id) \(rule.id): \(rule.source)")
            }
            for mode in profile.modes {
                for rule in mode.request.durationCases { #expect(openable(rule.source), "\(id) \(mode.name) durations") }
                for total in mode.request.totals { #expect(openable(total.source), "\(id) \(total.id)") }
                for requirement in mode.request.requirements { #expect(openable(requirement.source), "\(id) \(requirement.id)") }
            }
        }
    }

    @Test func aRetiredProfileWarnsButStillRuns() throws {
        let folder = try TemporaryFolder()
        let image = try folder.write("frame.jpg", Data(contentsOf: URL(fileURLWithPath: Fixtures.image("sharp-1024.jpg"))))
        let result = try CommandRunner.run(["check", "--no-cache", "--profile", "sora-2", "--format", "json", image])
        #expect(result.stderr.contains("profile sora-2 is retired since 2026-09-24"), "\(result.stderr)")
        #expect(result.json?["profileWarning"] as? String != nil)
        #expect((result.json?["profileLifecycle"] as? [String: Any])?["status"] as? String == "retired")
        #expect((result.json?["files"] as? [[String: Any]])?.count == 1, "the checks still run")
        let active = try CommandRunner.run(["check", "--no-cache", "--format", "json", image])
        #expect(!active.stderr.contains("retired"))
        #expect(active.json?["profileWarning"] is NSNull)
        let listed = try CommandRunner.run(["profiles"])
        #expect(listed.stdout.contains("sora-2 — OpenAI Sora 2 [retired since 2026-09-24, checked 2026-11-28]"))
        #expect(listed.stdout.contains("kling-o1 (default) — Kling O1 [active, checked 2026-11-28]"))
    }

    @Test func encodedSizeIsTheDataURIsLength() {
        var record = ProbeRecord(path: "a.jpg")
        record.container = "jpeg"
        record.sizeBytes = 3_932_160  // 3.75 MiB: "data:image/jpeg;base64," + 5,242,880 characters
        #expect(Measure.encodedSize.value(of: record) == .integer(23 + 5_242_880))
        let runway = try! #require(Self.library.profile("runway-gen4"))
        let rule = try! #require(runway.rules.first { $0.id == "image.data-uri-size" })
        #expect(rule.violation(for: Measure.encodedSize.value(of: record)!) == .over, "3.75 MB is too big as a data URI")
        record.sizeBytes = 3_900_000
        #expect(rule.violation(for: Measure.encodedSize.value(of: record)!) == nil)
    }

    @Test func audioAndPixelsAreMeasured() {
        var clip = ProbeRecord(path: "a.mp4")
        clip.kind = .video
        clip.video = VideoStreamInfo(codec: "h264", width: 1280, height: 720, codedWidth: 1280, codedHeight: 720, rotation: 0)
        #expect(Measure.hasAudio.value(of: clip) == .flag(false))
        #expect(Measure.pixels.value(of: clip) == .integer(921_600))
        clip.audio = [AudioStreamInfo(codec: "aac", channels: 2, sampleRate: 48000)]
        #expect(Measure.hasAudio.value(of: clip) == .flag(true))
    }

    @Test func durationsCanDependOnTheResolution() throws {
        let folder = try TemporaryFolder()
        _ = try folder.write("frame.jpg", Data(contentsOf: URL(fileURLWithPath: Fixtures.image("sharp-1024.jpg"))))
        func run(_ extra: String) throws -> [String] {
            let path = try folder.write("job-\(UUID().uuidString).yml", Data(("profile: hailuo-2.3\nmode: image-to-video\nprompt: \"a slow dolly in\"\n" + extra
                                                                                + "inputs:\n  first-frame: frame.jpg\n").utf8))
            return try JobEvaluatorRun.ids(path)
        }
        #expect(try run("duration: 10\nresolution: 768p\n").isEmpty)
        #expect(try run("duration: 10\nresolution: 1080p\n") == ["request.duration"], "1080p only at 6 s")
        #expect(try run("duration: 6\nresolution: 1080p\n").isEmpty)
    }
}

/// Request totals that count by kind, and readability fixes that follow the cause.
@Suite struct RequestKindAndFixTests {
    @Test func totalsCountInputsByKind() throws {
        let folder = try TemporaryFolder()
        _ = try folder.write("image.jpg", Data(contentsOf: URL(fileURLWithPath: Fixtures.image("sharp-1024.jpg"))))
        func ids(_ inputs: String) throws -> [String] {
            let path = try folder.write("job-\(UUID().uuidString).yml", Data(("profile: seedance-2.0\nmode: reference\nduration: 5\nprompt: \"a slow dolly in\"\n" + inputs).utf8))
            return try JobEvaluatorRun.ids(path)
        }
        #expect(try ids("inputs: {}\n") == ["request.visual-references"], "at least one image or video")
        #expect(try ids("inputs:\n  reference-image: image.jpg\n").isEmpty)
        let nine = try ids("inputs:\n  reference-image: [" + Array(repeating: "image.jpg", count: 9).joined(separator: ", ") + "]\n")
        #expect(!nine.contains { $0.hasPrefix("request.count") || $0 == "request.all-files" }, "9 images are allowed: \(nine)")
        let ten = try ids("inputs:\n  reference-image: [" + Array(repeating: "image.jpg", count: 10).joined(separator: ", ") + "]\n")
        #expect(ten.contains("request.count.reference-image"))
    }

    @Test func readabilityFixesFollowTheCause() throws {
        let profile = try #require(ProfileLibrary.builtIn().profile("kling-o1"))
        let evaluator = Evaluator(profile: profile)
        func fix(_ code: MediaFailure.Code, kind: ProbeRecord.Kind) -> String? {
            var record = ProbeRecord(path: kind == .image ? "a.jpg" : "a.mp4", failure: MediaFailure(code, "x"))
            record.kind = kind
            return evaluator.evaluate(record).findings.first?.note
        }
        func command(_ code: MediaFailure.Code, kind: ProbeRecord.Kind) -> String? {
            var record = ProbeRecord(path: kind == .image ? "a.jpg" : "a.mp4", failure: MediaFailure(code, "x"))
            record.kind = kind
            return evaluator.evaluate(record).findings.first?.fix
        }
        // Words go in the note; a command only where one helps (converting an unsupported codec).
        #expect(command(.truncated, kind: .video) == nil)
        #expect(command(.unsupported, kind: .video) == "ffmpeg -i a.mp4 -c:v libx264 -pix_fmt yuv420p -c:a aac a-fixed.mp4")
        #expect(fix(.truncated, kind: .video)?.hasPrefix("Copy or export the file again") == true)
        #expect(fix(.unsupportedFormat, kind: .image)?.hasPrefix("Convert it to JPEG or PNG") == true)
        #expect(fix(.unsupported, kind: .video)?.hasPrefix("Convert it to H.264 in MP4") == true)
        #expect(fix(.notFound, kind: .video)?.hasPrefix("Check the path") == true)
        #expect(fix(.unreadable, kind: .image)?.hasPrefix("Make the file readable") == true)
        #expect(fix(.timeout, kind: .video)?.contains("--timeout") == true)
    }
}

enum JobEvaluatorRun {
    static func ids(_ manifest: String) throws -> [String] {
        let (parsed, profile) = try JobManifest.load(manifest, library: ProfileLibrary.builtIn())
        let records = parsed.inputs.map { MediaProbe.probe(path: $0.resolvedPath) }
        return JobEvaluator(profile: profile).evaluate(parsed, records: records).findings.filter { $0.severity != .info }.map(\.id)
    }
}

/// The README's profile table is the profile data, not a copy that drifts.
@Suite struct ProfileTableTests {
    static func table(_ library: ProfileLibrary) -> String {
        var lines = ["| profile | model | status | limits checked | modes |", "|---|---|---|---|---|"]
        for id in ProfileLibrary.builtInIDs {
            let profile = library.profile(id)!
            let life = profile.lifecycle
            var status = life.status.rawValue + (life.retired.map { " \($0)" } ?? "")
            if let replacement = life.replacedBy { status += ", use `\(replacement)`" }
            let name = "`\(id)`" + (id == ProfileLibrary.defaultID ? " (default)" : "")
            lines.append("| \(name) | \(profile.name) | \(status) | \(life.checked ?? "—") | \(profile.modes.map(\.name).joined(separator: ", ")) |")
        }
        return lines.joined(separator: "\n")
    }

    @Test func readmeTableMatchesTheProfiles() throws {
        let readme = try String(contentsOf: Fixtures.root.appendingPathComponent("README.md"), encoding: .utf8)
        let begin = try #require(readme.range(of: "<!-- profiles:begin -->\n"))
        let end = try #require(readme.range(of: "\n<!-- profiles:end -->"))
        let expected = Self.table(try ProfileLibrary.builtIn())
        #expect(String(readme[begin.upperBound..<end.lowerBound]) == expected, "paste this into README.md:\n\(expected)")
    }
}

/// A job manifest works for every mode of every built-in profile: the smallest request (each
/// required role filled, the first duration offered) parses and is judged without count errors.
@Suite struct EveryProfileJobTests {
    @Test func theSmallestRequestOfEveryModeIsJudged() throws {
        let library = try ProfileLibrary.builtIn()
        let folder = try TemporaryFolder()
        _ = try folder.write("image.jpg", Data(contentsOf: URL(fileURLWithPath: Fixtures.image("sharp-1024.jpg"))))
        _ = try folder.write("clip.mp4", Data(contentsOf: URL(fileURLWithPath: Fixtures.video("clip-h264-aac.mp4"))))
        var judged = 0
        for id in ProfileLibrary.builtInIDs {
            for mode in library.profile(id)!.modes {
                var yaml = "profile: \(id)\nmode: \(mode.name)\nprompt: \"Keep everything else unchanged, change the sky to dusk; slow dolly in\"\n"
                if let duration = mode.request.durationCases.last?.allowed.first { yaml += "duration: \(Int(duration))\n" }
                yaml += "inputs:\n"
                for role in mode.roles where role.minCount > 0 {
                    let file = role.kind == .image ? "image.jpg" : "clip.mp4"
                    yaml += "  \(role.name): [" + Array(repeating: file, count: role.minCount).joined(separator: ", ") + "]\n"
                }
                // A mode whose roles are all optional (Seedance) still needs one visual reference.
                if !mode.roles.contains(where: { $0.minCount > 0 }), let first = mode.roles.first {
                    yaml += "  \(first.name): \(first.kind == .image ? "image.jpg" : "clip.mp4")\n"
                }
                let path = try folder.write("\(id)-\(mode.name).yml", Data(yaml.utf8))
                let (manifest, profile) = try JobManifest.load(path, library: library)
                let records = manifest.inputs.map { MediaProbe.probe(path: $0.resolvedPath) }
                let report = JobEvaluator(profile: profile).evaluate(manifest, records: records)
                let countErrors = report.findings.filter { $0.id.hasPrefix("request.count") || $0.id == "request.duration" || $0.id == "request.role-not-in-mode" }
                #expect(countErrors.isEmpty, "\(id)/\(mode.name): \(countErrors.map(\.message))")
                judged += 1
            }
        }
        #expect(judged >= 16)
    }
}

@Suite struct RequestConditionTests {
    @Test func conditionsCombinePresentAbsentAndResolution() {
        var condition = RequestPolicy.Condition()
        condition.present = ["start-frame"]
        condition.absent = ["reference-image"]
        condition.resolutions = ["1080p"]
        let counts = ["start-frame": 1, "reference-image": 0]
        let count = { (role: String) in counts[role] ?? 0 }
        #expect(condition.matches(count: count, resolution: "1080P"))
        #expect(!condition.matches(count: count, resolution: "720p"))
        #expect(!condition.matches(count: count, resolution: nil), "a resolution condition needs the manifest's resolution")
        #expect(!condition.matches(count: { $0 == "reference-image" ? 2 : 1 }, resolution: "1080p"), "absent role given")
        #expect(!condition.matches(count: { _ in 0 }, resolution: "1080p"), "present role missing")
        #expect(condition.described == "with start-frame, without reference-image, at 1080p")
        #expect(RequestPolicy.Condition().matches(count: { _ in 0 }, resolution: nil), "no condition: always")
    }
}
