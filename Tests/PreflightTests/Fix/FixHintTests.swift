import Foundation
import Testing
@testable import PreflightMedia
@testable import PreflightRules

/// Each rule's ffmpeg command, run as printed on a file that breaks the rule, must make the rule
/// pass (a stream-copied trim that lands at 10.08 s does not).
@Suite struct FixHintTests {
    @Test(arguments: RuleCase.hinted)
    func theFFmpegHintMakesItsRulePass(_ ruleCase: RuleCase) throws {
        let folder = try TemporaryFolder()
        let target = ruleCase.target, rule = ruleCase.rule
        let broken = try #require(try BrokenMedia.breaking(rule, target, in: folder.path), "no breaking file for \(rule.id)")
        let before = try check(broken, target, in: folder.path)
        let finding = try #require(before.first { $0["rule"] as? String == rule.id }, "\(broken) does not break \(rule.id): \(before)")
        let command = try #require((finding["alternative"] ?? finding["fix"]) as? String)
        #expect(command.hasPrefix("ffmpeg -i "), "\(command)")
        let ran = try CommandRunner.runTool(["sh", "-c", command + " -nostdin -v error"], workingDirectory: folder.path)
        #expect(ran.status == 0, "\(command): \(ran.stderr)")
        let output = try #require(Self.outputName(of: command))
        let after = try check(output, target, in: folder.path)
        #expect(!after.contains { $0["rule"] as? String == rule.id }, "\(command) leaves \(rule.id): \(after)")
    }

    /// The findings of one file for one role, as `check --format json` reports them.
    func check(_ name: String, _ target: RoleTarget, in folder: String) throws -> [[String: Any]] {
        let result = try CommandRunner.run(["check", "--no-cache", "--format", "json", "--profile", target.profileID,
                                            "--role", target.qualifiedRole, name], workingDirectory: folder)
        let files = try #require(result.json?["files"] as? [[String: Any]], "\(result.stderr)")
        let findings = files.first?["findings"] as? [[String: Any]] ?? []
        return findings.filter { finding in ["error", "warning"].contains(finding["severity"] as? String ?? "") }
    }

    /// The last word of a command: the output file (the fixtures' names need no quoting).
    static func outputName(of command: String) -> String? {
        command.split(separator: " ").last.map(String.init)
    }
}
