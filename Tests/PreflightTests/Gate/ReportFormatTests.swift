import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite struct ReportFormatTests {
    static let mixedFiles = [Fixtures.video("clip-h264-aac.mp4"), Fixtures.video("too-long-12s.mp4"),
                             Fixtures.video("wuxga-1200p.mp4"), Fixtures.image("small-900.jpg"), "/nonexistent.mov"]

    /// A Python with jsonschema (Debian's python3-jsonschema or one on PATH); `make test` installs one.
    static func pythonWithJSONSchema() -> String? {
        for candidate in ["/usr/bin/python3", "python3"] {
            if let result = try? CommandRunner.runTool([candidate, "-c", "import jsonschema"]), result.status == 0 {
                return candidate
            }
        }
        return nil
    }

    @Test func sarifValidatesAgainstTheSchema() throws {
        let folder = try TemporaryFolder()
        let output = folder.path + "/report.sarif"
        let result = try CommandRunner.run(["check", "--no-cache", "--format", "sarif", "--output", output] + Self.mixedFiles)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty, "--output writes the file, not stdout")
        let python = try #require(Self.pythonWithJSONSchema(), "python3 with jsonschema is needed: run `make test`")
        let schema = Fixtures.root.appendingPathComponent("Tests/Schemas/sarif-schema-2.1.0.json").path  // vendored, see its README
        let validation = try CommandRunner.runTool([python, "-c", """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1])); document = json.load(open(sys.argv[2]))
            jsonschema.Draft4Validator.check_schema(schema)
            errors = list(jsonschema.Draft4Validator(schema).iter_errors(document))
            print(len(errors)); [print(e.message) for e in errors[:5]]
            sys.exit(1 if errors else 0)
            """, schema, output])
        #expect(validation.status == 0, "\(validation.stdout)\(validation.stderr)")

        let sarif = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as! [String: Any]
        let run = try #require((sarif["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let ruleIDs = rules.compactMap { $0["id"] as? String }
        #expect(ruleIDs.contains("video.duration"))
        #expect(rules.allSatisfy { (($0["properties"] as? [String: Any])?["source"] as? String)?.isEmpty == false })
        let results = try #require(run["results"] as? [[String: Any]])
        let duration = try #require(results.first { $0["ruleId"] as? String == "video.duration" })
        #expect(duration["level"] as? String == "error")
        let uri = ((((duration["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["artifactLocation"]
                    as? [String: Any])?["uri"] as? String)
        #expect(uri?.hasSuffix("Fixtures/video/too-long-12s.mp4") == true)
        #expect(results.contains { $0["ruleId"] as? String == "video.readable" })

        // Run from a subfolder of a repository: locations are relative to its root under
        // %SRCROOT%, with a region and a fingerprint that code scanning needs.
        let repo = try GitGateTests.repository()
        try repo.write("media/clips/take.mp4", Data(contentsOf: URL(fileURLWithPath: Fixtures.video("too-long-12s.mp4"))))
        let nested = try CommandRunner.run(["check", "--no-cache", "--format", "sarif", "take.mp4"], workingDirectory: repo.path + "/media/clips")
        let nestedRun = try #require(((nested.json?["runs"] as? [[String: Any]])?.first))
        let root = ((nestedRun["originalUriBaseIds"] as? [String: Any])?["%SRCROOT%"] as? [String: Any])?["uri"] as? String
        #expect(root?.hasPrefix("file:///") == true && root?.hasSuffix("/") == true)
        let first = try #require((nestedRun["results"] as? [[String: Any]])?.first)
        let physical = try #require(((first["locations"] as? [[String: Any]])?.first?["physicalLocation"]) as? [String: Any])
        #expect((physical["artifactLocation"] as? [String: Any])?["uri"] as? String == "media/clips/take.mp4")
        #expect((physical["artifactLocation"] as? [String: Any])?["uriBaseId"] as? String == "%SRCROOT%")
        #expect((physical["region"] as? [String: Any])?["startLine"] as? Int == 1)
        #expect((first["partialFingerprints"] as? [String: String])?.values.first?.hasSuffix(":media/clips/take.mp4") == true)
    }

    @Test func junitParsesWithOneTestcasePerFile() throws {
        let result = try CommandRunner.run(["check", "--no-cache", "--format", "junit"] + Self.mixedFiles)
        #expect(result.status == 1)
        let document = try XMLDocument(data: Data(result.stdout.utf8))
        let cases = try document.nodes(forXPath: "//testcase")
        #expect(cases.count == 5)
        let failures = try document.nodes(forXPath: "//testcase[failure]").compactMap { ($0 as? XMLElement)?.attribute(forName: "name")?.stringValue }
        #expect(failures.count == 2)
        #expect(failures.contains { $0.hasSuffix("too-long-12s.mp4") })
        #expect(failures.contains { $0.hasSuffix("nonexistent.mov") })
        // Streamed: each file is a suite of one, and the suites' counts add up.
        let suites = try document.nodes(forXPath: "//testsuite").compactMap { $0 as? XMLElement }
        func total(_ attribute: String) -> Int { suites.compactMap { Int($0.attribute(forName: attribute)?.stringValue ?? "") }.reduce(0, +) }
        #expect(suites.count == 5)
        #expect(total("tests") == 5)
        #expect(total("failures") == 2)
    }

    @Test func githubAnnotationsAreOnePerFileAndSeverityAndTheSummaryIsWritten() throws {
        let folder = try TemporaryFolder()
        let summary = folder.path + "/summary.md"
        let result = try CommandRunner.run(["check", "--no-cache", "--format", "github"] + Self.mixedFiles,
                                           environment: ["GITHUB_STEP_SUMMARY": summary])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("::error file=") && $0.contains("too-long-12s.mp4") }.count == 1)
        #expect(lines.contains { $0.hasPrefix("::warning file=") && $0.contains("wuxga-1200p.mp4") && $0.contains("video.output-resolution") })
        #expect(!lines.contains { $0.contains("small-900.jpg") }, "a file that passes is not annotated")
        #expect(lines.allSatisfy { $0.hasPrefix("::") }, "one command per line: newlines are escaped")
        let markdown = try String(contentsOfFile: summary, encoding: .utf8)
        #expect(markdown.contains("| status | file | roles | findings |"))
        #expect(markdown.contains("small-900.jpg"))
        #expect(markdown.contains("video/reference-image: fail"))
    }

    @Test(arguments: ["text", "json", "junit", "sarif", "github"])
    func exitCodesAreTheSameInEveryFormat(_ format: String) throws {
        #expect(try CommandRunner.run(["check", "--no-cache", "--format", format, Fixtures.video("clip-h264-aac.mp4")]).status == 0)
        #expect(try CommandRunner.run(["check", "--no-cache", "--format", format, Fixtures.video("wuxga-1200p.mp4")]).status == 0)
        #expect(try CommandRunner.run(["check", "--no-cache", "--strict", "--format", format, Fixtures.video("wuxga-1200p.mp4")]).status == 1)
        #expect(try CommandRunner.run(["check", "--no-cache", "--format", format, Fixtures.video("too-long-12s.mp4")]).status == 1)
        #expect(try CommandRunner.run(["check", "--format", format, "--profile", "nope"]).status == 2)
    }
    /// One severity policy (ReportLevel): a 900 px photo passes as a start frame, so its
    /// reference-image error decides nothing and is a note in every format; assigned the
    /// reference role, the same finding is an error in every format.
    @Test func everyFormatShowsOnlyDecidingFindingsAsErrors() throws {
        let photo = Fixtures.image("small-900.jpg")
        for (roles, expected) in [([String](), "note"), (["--role", "video/reference-image"], "error")] {
            let arguments = ["check", "--no-cache"] + roles
            let json = try CommandRunner.run(arguments + ["--format", "json", photo])
            let files = try #require(json.json?["files"] as? [[String: Any]])
            let findings = try #require(files.first?["findings"] as? [[String: Any]])
            #expect(!findings.isEmpty)
            #expect(findings.allSatisfy { $0["level"] as? String == expected }, "json \(roles)")

            let sarif = try CommandRunner.run(arguments + ["--format", "sarif", photo])
            let results = try #require((sarif.json?["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
            #expect(results.map { $0["ruleId"] as? String } == ["image.min-side"])
            #expect(results.allSatisfy { $0["level"] as? String == expected }, "sarif \(roles)")

            let github = try CommandRunner.run(arguments + ["--format", "github", photo])
            #expect(github.stdout.contains("::error file=") == (expected == "error"), "github \(roles): \(github.stdout)")

            let junit = try CommandRunner.run(arguments + ["--format", "junit", photo])
            #expect(junit.stdout.contains("<failure") == (expected == "error"), "junit \(roles)")

            let text = try CommandRunner.run(arguments + ["--format", "text", photo])
            #expect(text.stdout.contains("\(expected) image.min-side"), "text \(roles): \(text.stdout)")
            #expect(json.status == (expected == "error" ? 1 : 0))
        }
        // A file that warns (1920×1200, above Kling's 1080p output): the warning decides, in JSON,
        // SARIF and GitHub alike; with --strict it fails and the same finding is an error.
        let film = Fixtures.video("wuxga-1200p.mp4")
        for (strict, expected) in [(false, "warning"), (true, "error")] {
            let arguments = ["check", "--no-cache"] + (strict ? ["--strict"] : [])
            let sarif = try CommandRunner.run(arguments + ["--format", "sarif", film])
            let results = try #require((sarif.json?["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
            let rate = try #require(results.first { $0["ruleId"] as? String == "video.output-resolution" })
            #expect(rate["level"] as? String == expected)
            let github = try CommandRunner.run(arguments + ["--format", "github", film])
            #expect(github.stdout.contains("::\(expected) file=") && github.stdout.contains("video.output-resolution"))
        }
    }
}
