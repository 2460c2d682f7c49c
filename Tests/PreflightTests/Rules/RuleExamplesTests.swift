import Testing
@testable import PreflightRules

/// Every rule of every built-in profile carries values that must pass and values that must fail;
/// this walks them all, so a rule is tested by being written.
@Suite struct RuleExamplesTests {
    static let library = try! ProfileLibrary.builtIn()

    static let allRules: [String] = ProfileLibrary.builtInIDs.flatMap { id in
        library.profile(id)!.rules.map { "\(id) \($0.id)" }
    }

    static func rule(_ name: String) -> Rule {
        let parts = name.split(separator: " ").map(String.init)
        return library.profile(parts[0])!.rules.first { $0.id == parts[1] }!
    }

    @Test(arguments: allRules)
    func examplesBehave(_ name: String) {
        let rule = Self.rule(name)
        #expect(!rule.passExamples.isEmpty, "\(name) has no passing example")
        #expect(!rule.failExamples.isEmpty, "\(name) has no failing example")
        for value in rule.passExamples {
            #expect(rule.violation(for: value) == nil, "\(name) should accept \(value)")
        }
        for value in rule.failExamples {
            #expect(rule.violation(for: value) != nil && !rule.passesWithinTolerance(value), "\(name) should reject \(value)")
            #expect(!rule.describeViolation(rule.violation(for: value)!, actual: value).contains("{"), "\(name): unfilled placeholder")
        }
    }

    @Test(arguments: allRules)
    func everyRuleSaysWhereItComesFromAndWhatItIs(_ name: String) {
        let rule = Self.rule(name)
        #expect(rule.source.count > 10)
        #expect(!rule.description.isEmpty)
        #expect(rule.id.contains("."), "ids are namespaced: video.*, image.*, frame.*")
    }

    @Test func everyFixTemplateIsFilled() {
        for name in Self.allRules {
            guard let fix = Self.rule(name).fix else { continue }
            let rendered = FixTemplate.render(fix, path: "my clips/shot 1.mov")
            #expect(!rendered.contains("{path}") && !rendered.contains("{output"), "\(name)")
        }
        #expect(FixTemplate.render("ffmpeg -i {path} -c copy {output.mp4}", path: "my clips/shot 1.mov")
                == "ffmpeg -i 'my clips/shot 1.mov' -c copy 'my clips/shot 1-fixed.mp4'")
        #expect(FixTemplate.render("x {output}", path: "a.mp4") == "x a-fixed.mp4")
        #expect(FixTemplate.quote("it's") == "'it'\\''s'")
    }
}

@Suite struct ProfileTests {
    @Test(arguments: ProfileLibrary.builtInIDs)
    func builtInProfileLoads(_ id: String) throws {
        let profile = try ProfileLibrary.parseBuiltIn(id)
        #expect(profile.id == id)
        #expect(try ProfileLibrary.builtIn().profile(id) == profile)
        #expect(!profile.modes.isEmpty)
        for mode in profile.modes { #expect(!mode.roles.isEmpty) }
    }

    @Test func klingO1HasTheGuidesModesAndRoles() throws {
        let profile = try #require(try ProfileLibrary.builtIn().profile("kling-o1"))
        #expect(profile.qualifiedRoles == ["video/reference-image", "video/start-frame", "video/end-frame",
                                           "edit/source-video", "edit/reference-image", "edit/motion-reference"])
        #expect(profile.role("video/reference-image")?.role.maxCount == 7)
        #expect(profile.role("video/reference-image")?.role.minCount == 0, "the 1-image minimum counts the start frame too")
        #expect(profile.mode("video")?.request.totals.first?.min == 1)
        #expect(profile.role("edit/reference-image")?.role.maxCount == 4)
        #expect(profile.role("edit/motion-reference")?.role.maxCount == 1)
        #expect(profile.role("edit/source-video")?.role.kind == .video)
        // The stricter of guide (100 MB) and API (200 MB) wins.
        let size = try #require(profile.rules.first { $0.id == "video.file-size" })
        #expect(size.limit.max == Rational(100_000_000, 1))
    }
}

import PreflightMedia
