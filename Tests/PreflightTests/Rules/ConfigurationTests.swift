import Foundation
import Testing
@testable import PreflightRules
import PreflightMedia

@Suite struct ConfigurationTests {
    static func load(_ text: String) throws -> Configuration {
        let folder = try TemporaryFolder()
        let path = try folder.write(".preflight.yml", Data(text.utf8))
        return try Configuration.load(path, library: try ProfileLibrary.builtIn())
    }

    static func error(_ text: String) -> ConfigurationError? {
        do { _ = try load(text); return nil } catch { return error as? ConfigurationError }
    }

    @Test func overridesChangeLimitsSeverityAndEnabled() throws {
        let configuration = try Self.load("""
        profile: kling-o1
        rules:
          image.focus: {min: 10}
          video.codec: {severity: error}
          video.variable-frame-rate: {enabled: false}
        """)
        let rules = configuration.profile.rules
        #expect(rules.first { $0.id == "image.focus" }?.limit.min == Rational(10, 1))
        #expect(rules.first { $0.id == "video.codec" }?.severity == .error)
        #expect(rules.first { $0.id == "video.variable-frame-rate" }?.enabled == false)
        // Every role that uses the rule sees the change.
        #expect(configuration.profile.role("edit/reference-image")?.role.rules.first { $0.id == "image.focus" }?.limit.min == Rational(10, 1))
    }

    @Test func customProfileExtendsABuiltInOne() throws {
        let configuration = try Self.load("""
        profile: short-clips
        profiles:
          - id: short-clips
            extends: kling-o1
            rules:
              video.duration: {max: 8}
        """)
        #expect(configuration.profile.id == "short-clips")
        #expect(configuration.profile.rules.first { $0.id == "video.duration" }?.limit.max == Rational(8, 1))
        #expect(configuration.profile.rules.first { $0.id == "video.duration" }?.limit.min == Rational(3, 1))
        #expect(configuration.library.profile("kling-o1")?.rules.first { $0.id == "video.duration" }?.limit.max == Rational(10, 1))
    }

    @Test func rolesByGlobAndIncludeExclude() throws {
        let configuration = try Self.load("""
        include: ["media/**"]
        exclude: ["**/drafts/**"]
        roles:
          "media/clips/**": edit/source-video
          "media/refs/*.jpg": [video/reference-image, edit/reference-image]
        """)
        let root = configuration.folder
        #expect(configuration.includes("\(root)/media/clips/a.mp4"))
        #expect(!configuration.includes("\(root)/media/drafts/a.mp4"))
        #expect(!configuration.includes("\(root)/other/a.mp4"))
        #expect(configuration.assignedRoles("\(root)/media/clips/day1/a.mp4") == ["edit/source-video"])
        #expect(configuration.assignedRoles("\(root)/media/refs/face.jpg") == ["video/reference-image", "edit/reference-image"])
        #expect(configuration.assignedRoles("\(root)/media/refs/deep/face.jpg") == [])
    }

    @Test func mistakesNameTheKeyAndTheLine() {
        let unknown = Self.error("profile: kling-o1\nrulez: {}\n")
        #expect(unknown?.line == 2)
        #expect(unknown?.message == "unknown key 'rulez'")
        #expect(unknown?.file.hasSuffix(".preflight.yml") == true)
        #expect(Self.error("profile: nope\n")?.message.hasPrefix("'profile' names an unknown profile 'nope'") == true)
        #expect(Self.error("profile: nope\n")?.line == 1)
        #expect(Self.error("rules:\n  video.duration: {max: ten}\n")?.line == 2)
        #expect(Self.error("rules:\n  video.duration: {maximum: 8}\n")?.message == "unknown key 'rules.video.duration.maximum'")
        #expect(Self.error("rules:\n  video.nonsense: {max: 8}\n")?.message.contains("unknown rule 'video.nonsense'") == true)
        #expect(Self.error("rules:\n  video.codec: {severity: fatal}\n")?.message.contains("must be error, warning or info") == true)
        #expect(Self.error("roles:\n  \"*.mp4\": edit/nothing\n")?.line == 2)
        #expect(Self.error("profile: [a, b]\n")?.message == "'profile' must be a text value")
        #expect(Self.error("profile: kling-o1\n  bad indentation: [\n")?.message.hasPrefix("not valid YAML") == true)
        #expect(Self.error("rules:\n  video.duration: {min: 12, max: 8}\n")?.message.contains("greater than max") == true)
    }

    @Test func starterConfigurationIsValid() throws {
        let configuration = try Self.load(StarterConfiguration.text)
        #expect(configuration.profileID == "kling-o1")
        #expect(configuration.exclude == [Glob("**/drafts/**")])
    }

    @Test func discoveryWalksUpToTheNearestFile() throws {
        let folder = try TemporaryFolder()
        try folder.write(".preflight.yml", Data("profile: veo-3\n".utf8))
        try FileManager.default.createDirectory(atPath: folder.path + "/a/b", withIntermediateDirectories: true)
        #expect(Configuration.discover(from: folder.path + "/a/b") == folder.url.standardizedFileURL.path + "/.preflight.yml")
    }
}

@Suite struct GlobTests {
    @Test func patterns() {
        #expect(Glob("*.mp4").matches("a/b/c.mp4"))
        #expect(!Glob("*.mp4").matches("a/b/c.mov"))
        #expect(Glob("clips/*.mp4").matches("clips/a.mp4"))
        #expect(!Glob("clips/*.mp4").matches("clips/x/a.mp4"))
        #expect(Glob("clips/**").matches("clips/x/y/a.mp4"))
        #expect(Glob("**/drafts/**").matches("drafts/a.mp4"))
        #expect(Glob("**/drafts/**").matches("x/drafts/y/a.mp4"))
        #expect(Glob("shot-?.mov").matches("shot-1.mov"))
        #expect(Glob("shot-[12].mov").matches("shot-2.mov"))
        #expect(!Glob("shot-[!12].mov").matches("shot-2.mov"))
        #expect(Glob("clips/a.mp4").matches("./clips/a.mp4"))
    }
}
