import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A file name cannot write its own lines into a report: no workflow command, no escape sequence,
/// no broken Markdown table, in any format.
@Suite struct ForgedNameTests {
    static let names = [
        "a\n::error file=README.md,line=1::pwned\nb.mp4",
        "paint\u{1B}[32mPASS\u{1B}[0m.mp4",
        "back`tick|pipe%0A::x\r.mp4",
        "bidi\u{202E}4pm.mp4",
    ]

    static func folderWithForgedNames() throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        let clip = try Data(contentsOf: URL(fileURLWithPath: Fixtures.video("too-long-12s.mp4")))
        for name in names { try folder.write("media/" + name, clip) }
        return folder
    }

    static func hasRawControl(_ text: String) -> Bool {
        text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) || $0.value == 0x202E }
    }

    @Test func textShowsEscapesNotControls() throws {
        let folder = try Self.folderWithForgedNames()
        for (command, status) in [(["check", "--no-cache"], Int32(1)), (["probe"], Int32(0))] {
            let result = try CommandRunner.run(command + [folder.path + "/media"])
            #expect(result.status == status)
            #expect(!Self.hasRawControl(result.stdout), "\(command)")
            #expect(!result.stdout.split(separator: "\n").contains { $0.hasPrefix("::") }, "a name started a line")
            #expect(result.stdout.contains("a\\n::error file=README.md,line=1::pwned\\nb.mp4"))
            #expect(result.stdout.contains("paint\\e[32mPASS\\e[0m.mp4"))
            #expect(result.stdout.contains("bidi\\u{202E}4pm.mp4"))
        }
    }

    @Test func githubAnnotationsAndSummaryStayWhole() throws {
        let folder = try Self.folderWithForgedNames()
        let summary = folder.path + "/summary.md"
        let result = try CommandRunner.run(["check", "--no-cache", "--format", "github", folder.path + "/media"],
                                           environment: ["GITHUB_STEP_SUMMARY": summary])
        #expect(result.status == 1)
        let commands = result.stdout.split(separator: "\n").filter { $0.hasPrefix("::") }
        #expect(commands.count == Self.names.count, "one annotation per failing file: \(commands)")
        #expect(!commands.contains { $0.hasPrefix("::error file=README.md") })
        for command in commands {
            let file = command.drop { $0 != "=" }.dropFirst().prefix { $0 != "," }
            #expect(file.hasSuffix(".mp4"), "the annotation names another file: \(file)")
        }
        #expect(!Self.hasRawControl(result.stdout))
        let markdown = try String(contentsOfFile: summary, encoding: .utf8)
        let rows = markdown.split(separator: "\n").filter { $0.hasPrefix("| FAIL") || $0.hasPrefix("| fail") }
        #expect(rows.count == Self.names.count, "\(markdown)")
        for row in rows {
            // Four columns: the name's `|` and backtick cannot add a cell or close a code span.
            #expect(row.components(separatedBy: " | ").count == 4, "\(row)")
            #expect(!row.contains("`"))
        }
        #expect(!Self.hasRawControl(markdown))
    }

    @Test func junitSarifAndJSONCarryTheNameSafely() throws {
        let folder = try Self.folderWithForgedNames()
        let junit = try CommandRunner.run(["check", "--no-cache", "--format", "junit", folder.path + "/media"])
        let document = try XMLDocument(data: Data(junit.stdout.utf8))
        let cases = try document.nodes(forXPath: "//testcase")
        #expect(cases.count == Self.names.count)
        #expect(!Self.hasRawControl(junit.stdout))
        let sarif = try CommandRunner.run(["check", "--no-cache", "--format", "sarif", folder.path + "/media"])
        #expect((try? JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8))) != nil)
        let json = try CommandRunner.run(["check", "--no-cache", "--format", "json", folder.path + "/media"])
        let files = json.json?["files"] as? [[String: Any]] ?? []
        let paths = Set(files.compactMap { ($0["path"] as? String).map { ($0 as NSString).lastPathComponent } })
        #expect(paths == Set(Self.names.map { ($0 as NSString).lastPathComponent }), "JSON keeps the real name")
        // The fix names the real file with $'…' quoting and shows no raw newline.
        let newline = files.first { ($0["path"] as? String)?.contains("pwned") == true }
        let fixes = (newline?["findings"] as? [[String: Any]] ?? []).compactMap { $0["fix"] as? String }
        #expect(fixes.contains { $0.contains("$'") && $0.contains("\\x0A::error") && !$0.contains("\n") }, "\(fixes)")
    }
}
