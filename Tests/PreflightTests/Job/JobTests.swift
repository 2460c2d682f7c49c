import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Preflight
@testable import PreflightRules
@testable import PreflightMedia

/// `preflight job`: request rules, prompt lint, cross-file checks, invalid manifests.
@Suite struct JobTests {
    /// A folder with media laid out for manifests, and a helper to run one.
    final class Workspace {
        let folder: TemporaryFolder

        init() throws {
            folder = try TemporaryFolder()
            let copies = [("clips/hero.mp4", Fixtures.video("clip-h264-aac.mp4")), ("clips/dolly.mov", Fixtures.video("clip-quicktime.mov")),
                          ("clips/long.mp4", Fixtures.video("too-long-12s.mp4")), ("refs/face.jpg", Fixtures.image("sharp-1024.jpg")),
                          ("refs/portrait.jpg", Fixtures.image("ref-portrait-exif6.jpg")), ("refs/small.jpg", Fixtures.image("small-900.jpg"))]
            for (name, source) in copies { try folder.write(name, try Data(contentsOf: URL(fileURLWithPath: source))) }
            try folder.write("frames/black.png", BombPNG.make(width: 1024, height: 1024))
        }

        func run(_ yaml: String) throws -> JobReport {
            let path = try folder.write("job-\(UUID().uuidString).yml", Data(yaml.utf8))
            return try JobRunner.run(manifestPath: path, options: ProbeOptions(), jobs: 2, strict: false)
        }

        func error(_ yaml: String) -> ConfigurationError? {
            do { _ = try run(yaml); return nil } catch { return error as? ConfigurationError }
        }
    }

    static func ids(_ report: JobReport) -> [String] { report.findings.map(\.id) }

    let edit = "mode: edit\nprompt: \"Keep everything else unchanged, change the background to a sunny beach\"\n"
    let video = "mode: video\nduration: 5\nprompt: \"The woman from @Image1 walks down a street, camera tracking alongside her\"\n"

    @Test func aGoodEditRequestPasses() throws {
        let report = try Workspace().run(edit + "inputs:\n  source-video: clips/hero.mp4\n  reference-image: refs/face.jpg\n")
        #expect(report.status == .pass)
        #expect(report.findings.isEmpty)
        #expect(report.inputs.map(\.status) == [.pass, .pass])
    }

    @Test func editModeCountsAndForbiddenRoles() throws {
        let workspace = try Workspace()
        let none = try workspace.run(edit + "inputs:\n  reference-image: refs/face.jpg\n")
        #expect(Self.ids(none) == ["request.count.source-video"])
        #expect(none.findings.first?.message == "edit mode takes exactly 1 source-video; 0 given")
        #expect(none.status == .fail)

        let five = try workspace.run(edit + "inputs:\n  source-video: clips/hero.mp4\n  reference-image: [refs/face.jpg, refs/portrait.jpg, refs/small.jpg, refs/face.jpg, refs/portrait.jpg]\n")
        #expect(Self.ids(five).contains("request.count.reference-image"))

        let frames = try workspace.run(edit + "inputs:\n  source-video: clips/hero.mp4\n  start-frame: refs/face.jpg\n")
        #expect(frames.status == .fail)
        #expect(frames.inputs[1].requestFindings.first?.id == "request.role-not-in-mode")

        let motion = try workspace.run(edit + "inputs:\n  source-video: clips/hero.mp4\n  motion-reference: clips/dolly.mov\n")
        #expect(Self.ids(motion) == ["request.one-video"])
        #expect(motion.status == .warn)
        #expect(motion.findings.first?.source.contains("guide") == true && motion.findings.first?.source.contains("API") == true)
    }

    @Test func videoModeCountsDurationAndPairing() throws {
        let workspace = try Workspace()
        #expect(try workspace.run(video + "inputs:\n  reference-image: refs/face.jpg\n").status == .pass)
        let noImages = try workspace.run(video.replacingOccurrences(of: "@Image1", with: "a woman") + "inputs: {}\n")
        #expect(Self.ids(noImages) == ["request.video-images"])
        let eight = try workspace.run(video + "inputs:\n  reference-image: [" + Array(repeating: "refs/face.jpg", count: 7).joined(separator: ", ")
                                      + "]\n  start-frame: refs/portrait.jpg\n")
        #expect(Self.ids(eight).contains("request.video-images"))
        let endOnly = try workspace.run(video + "inputs:\n  reference-image: refs/face.jpg\n  end-frame: refs/portrait.jpg\n")
        #expect(Self.ids(endOnly).contains("request.end-frame-needs-start-frame"))
        // 3–10 s with reference images; 5 or 10 s from a start frame alone.
        let sevenSeconds = try workspace.run(video.replacingOccurrences(of: "duration: 5", with: "duration: 7") + "inputs:\n  reference-image: refs/face.jpg\n")
        #expect(Self.ids(sevenSeconds).isEmpty)
        let sevenFromAFrame = try workspace.run(video.replacingOccurrences(of: "duration: 5", with: "duration: 7") + "inputs:\n  start-frame: refs/portrait.jpg\n")
        #expect(Self.ids(sevenFromAFrame) == ["request.duration"])
        #expect(sevenFromAFrame.findings.first?.message.contains("5 or 10") == true)
        let elevenSeconds = try workspace.run(video.replacingOccurrences(of: "duration: 5", with: "duration: 11") + "inputs:\n  reference-image: refs/face.jpg\n")
        #expect(Self.ids(elevenSeconds) == ["request.duration"])
        // No end frame when more than 2 images are given.
        let crowded = try workspace.run(video + "inputs:\n  reference-image: [refs/face.jpg, refs/face.jpg]\n  start-frame: refs/portrait.jpg\n  end-frame: refs/portrait.jpg\n")
        #expect(Self.ids(crowded).contains("request.end-frame-images"))
        let pair = try workspace.run(video + "inputs:\n  start-frame: refs/portrait.jpg\n  end-frame: refs/portrait.jpg\n")
        #expect(!Self.ids(pair).contains("request.end-frame-images"))
        let noDuration = try workspace.run(video.replacingOccurrences(of: "duration: 5\n", with: "") + "inputs:\n  reference-image: refs/face.jpg\n")
        #expect(Self.ids(noDuration) == ["request.duration"])
        #expect(try workspace.run(video.replacingOccurrences(of: "duration: 5", with: "duration: 10") + "inputs:\n  reference-image: refs/face.jpg\n").status == .pass)
    }

    @Test func promptLint() throws {
        let workspace = try Workspace()
        let inputs = "inputs:\n  source-video: clips/hero.mp4\n  reference-image: refs/face.jpg\n"
        func edit(_ prompt: String) throws -> [String] { Self.ids(try workspace.run("mode: edit\nprompt: \"\(prompt)\"\n" + inputs)) }
        #expect(try edit("Keep everything else unchanged, change the jacket to the one in @Image1") == [])
        #expect(try edit("Change the background to a beach") == ["prompt.preservation"])
        #expect(try edit("Keep everything else unchanged, change the background to a beach and replace the car with a bike")
                == ["prompt.one-change"])
        #expect(try edit("Keep everything else unchanged, change the jacket to @Image2") == ["prompt.reference"])
        #expect(try edit("Keep everything else unchanged, move like <<<video_2>>>") == ["prompt.reference"])
        #expect(try edit("Keep everything else unchanged, put @Element1 in the scene") == ["prompt.reference"])
        #expect(try edit("Keep everything else unchanged, use @Video1 for timing") == [])
        #expect(try edit("Keep everything else unchanged, " + String(repeating: "a", count: 2500)) == ["prompt.length"])
        #expect(try edit("   ") == ["prompt.empty"])
        let noPrompt = try workspace.run("mode: edit\n" + inputs)
        #expect(Self.ids(noPrompt) == ["prompt.empty"])

        func video(_ prompt: String) throws -> [String] {
            Self.ids(try workspace.run("mode: video\nduration: 5\nprompt: \"\(prompt)\"\ninputs:\n  reference-image: refs/face.jpg\n"))
        }
        #expect(try video("A woman walks, slow dolly in, warm light") == [])
        #expect(try video("A woman walks through a market") == ["prompt.camera"])
        let info = try workspace.run("mode: video\nduration: 5\nprompt: \"A woman walks\"\ninputs:\n  reference-image: refs/face.jpg\n")
        #expect(info.status == .pass, "info never fails a request")
    }

    @Test func promptLintHeuristics() {
        #expect(PromptLint.changeCount(in: "Keep everything else unchanged, modify the sky to sunset") == 1)
        #expect(PromptLint.changeCount(in: "change the car to red, add a dog and remove the sign") == 3)
        #expect(PromptLint.preservationClause(in: "Keep the rest of the scene as is, turn day into night") != nil)
        #expect(PromptLint.preservationClause(in: "Preserve the actor; swap the hat") != nil)
        #expect(PromptLint.references(in: "@Image1 and <<<image_2>>> with @video1").map(\.index) == [1, 1, 2])
        #expect(PromptLint.mentionsCamera("Handheld shot of a crowd", words: ["handheld"]))
        #expect(!PromptLint.mentionsCamera("a panda eats", words: ["pan"]), "whole words only")
    }

    @Test func startAndEndFramesAreCompared() throws {
        let workspace = try Workspace()
        let base = "mode: video\nduration: 5\nprompt: \"A slow dolly in\"\ninputs:\n"
        let matching = try workspace.run(base + "  start-frame: refs/face.jpg\n  end-frame: refs/small.jpg\n")
        #expect(!Self.ids(matching).contains("frames.aspect-ratio"))
        let shapes = try workspace.run(base + "  start-frame: refs/face.jpg\n  end-frame: refs/portrait.jpg\n")
        let aspect = try #require(shapes.findings.first { $0.id == "frames.aspect-ratio" })
        #expect(aspect.severity == .error, "1:1 against 2:3 differs by 50 %")
        #expect(aspect.message == "the start frame is 1024×1024 and the end frame 1024×1536: their aspect ratios differ by 50%")
        let light = try workspace.run(base + "  start-frame: refs/face.jpg\n  end-frame: frames/black.png\n")
        #expect(Self.ids(light).contains("frames.brightness"))
        let twice = try workspace.run(base + "  start-frame: refs/face.jpg\n  end-frame: refs/face.jpg\n")
        #expect(Self.ids(twice) == ["request.duplicate-input"])
    }

    @Test func aMissingInputFailsAndIsNamed() throws {
        let report = try Workspace().run(edit + "inputs:\n  source-video: clips/missing.mp4\n")
        #expect(report.status == .fail)
        let finding = try #require(report.inputs.first?.findings.first)
        #expect(finding.rule.id == "video.readable")
        #expect(finding.message.contains("no such file: clips/missing.mp4"))
    }

    @Test func invalidManifestsNameTheLine() throws {
        let workspace = try Workspace()
        #expect(workspace.error("mode: remix\nprompt: x\n")?.line == 1)
        #expect(workspace.error("mode: remix\n")?.message.contains("unknown mode 'remix'") == true)
        #expect(workspace.error("mode: edit\ninputs:\n  source-video: a.mp4\n  soundtrack: b.mp3\n")?.line == 4)
        #expect(workspace.error("mode: edit\ninputs:\n  soundtrack: b.mp3\n")?.message.contains("'inputs.soundtrack' is not a role") == true)
        #expect(workspace.error("mode: video\nduration: five\n")?.message == "'duration' must be a number")
        #expect(workspace.error("mode: video\nduration: five\n")?.line == 2)
        #expect(workspace.error("mode: edit\nprompt: [a, b]\n")?.message == "'prompt' must be a text value")
        #expect(workspace.error("mode: edit\ninputs: clips/hero.mp4\n")?.message == "'inputs' must be a mapping of keys to values")
        #expect(workspace.error("mode: edit\ninputs:\n  source-video: {a: b}\n")?.line == 3)
        #expect(workspace.error("prompt: x\n")?.message == "'mode' is required")
        #expect(workspace.error("mode: edit\nprofile: nope\n")?.message.contains("unknown profile") == true)
        #expect(workspace.error("mode: edit\nextra: 1\n")?.message == "unknown key 'extra'")
    }

    @Test(arguments: ["video", "edit"])
    func templatesAreValidManifests(_ mode: String) throws {
        let workspace = try Workspace()
        let template = try #require(JobManifest.template(mode: mode))
        let path = try workspace.folder.write("template.yml", Data(template.utf8))
        let (manifest, _) = try JobManifest.load(path, library: ProfileLibrary.builtIn())
        #expect(manifest.mode == mode)
        #expect(!manifest.inputs.isEmpty)
    }

    @Test func commandLineExitCodes() throws {
        let workspace = try Workspace()
        let good = try workspace.folder.write("good.yml", Data((edit + "inputs:\n  source-video: clips/hero.mp4\n").utf8))
        let warn = try workspace.folder.write("warn.yml", Data(("mode: edit\nprompt: change the sky\ninputs:\n  source-video: clips/hero.mp4\n").utf8))
        let bad = try workspace.folder.write("bad.yml", Data((edit + "inputs:\n  source-video: clips/long.mp4\n").utf8))
        let invalid = try workspace.folder.write("invalid.yml", Data("mode: remix\n".utf8))
        #expect(try CommandRunner.run(["job", good]).status == 0)
        #expect(try CommandRunner.run(["job", warn]).status == 0)
        #expect(try CommandRunner.run(["job", "--strict", warn]).status == 1)
        let failed = try CommandRunner.run(["job", "--format", "json", bad])
        #expect(failed.status == 1)
        #expect(failed.json?["status"] as? String == "fail")
        #expect(failed.json?["mode"] as? String == "edit")
        let inputs = try #require(failed.json?["inputs"] as? [[String: Any]])
        #expect(inputs.first?["role"] as? String == "source-video")
        #expect(inputs.first?["status"] as? String == "fail")
        let broken = try CommandRunner.run(["job", invalid])
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("invalid.yml:1:"))
        #expect(try CommandRunner.run(["job", "/nonexistent/job.yml"]).status == 2)
        #expect(try CommandRunner.run(["job", "--init", "remix"]).status == 2)
        let template = try CommandRunner.run(["job", "--init", "edit"])
        #expect(template.status == 0)
        #expect(template.stdout.contains("mode: edit"))
    }
    /// `job` writes the CI formats of `check`: every input is in its assigned role, so its errors
    /// are errors; request findings sit on the manifest; --output writes the file, not stdout.
    @Test func jobWritesTheCIFormats() throws {
        let workspace = try Workspace()
        let manifest = try workspace.folder.write("refs.yml", Data((edit + "inputs:\n  source-video: clips/hero.mp4\n  reference-image: [refs/small.jpg, refs/face.jpg]\n  motion-reference: clips/dolly.mov\n  start-frame: refs/face.jpg\n").utf8))
        let report = workspace.folder.path + "/job.sarif"
        let sarif = try CommandRunner.run(["job", "--format", "sarif", "--output", report, manifest])
        #expect(sarif.status == 1)
        #expect(sarif.stdout.isEmpty)
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any]
        let results = try #require((document?["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
        let minSide = try #require(results.first { $0["ruleId"] as? String == "image.min-side" })
        #expect(minSide["level"] as? String == "error")
        let uris = results.compactMap { ((($0["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: Any])?["uri"] as? String }
        #expect(uris.contains { $0.hasSuffix("refs/small.jpg") })
        let requestRules = Set(results.compactMap { $0["ruleId"] as? String }).subtracting(["image.min-side"])
        #expect(!requestRules.isEmpty, "the start frame is not an edit-mode role: a request finding")

        let junit = try CommandRunner.run(["job", "--format", "junit", manifest])
        #expect(junit.status == 1)
        let xml = try XMLDocument(data: Data(junit.stdout.utf8))
        #expect(try xml.nodes(forXPath: "//testcase").count == 6, "the request and five inputs")
        let failed = try xml.nodes(forXPath: "//testcase[failure]").compactMap { ($0 as? XMLElement)?.attribute(forName: "name")?.stringValue }
        #expect(failed.contains { $0.hasSuffix("refs/small.jpg") })

        let github = try CommandRunner.run(["job", "--format", "github", manifest])
        #expect(github.status == 1)
        #expect(github.stdout.split(separator: "\n").contains { $0.hasPrefix("::error file=") && $0.contains("small.jpg") && $0.contains("image.min-side") })
        #expect(github.stdout.split(separator: "\n").allSatisfy { $0.hasPrefix("::") })
    }
}
