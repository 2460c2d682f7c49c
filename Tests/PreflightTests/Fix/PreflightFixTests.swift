import Crypto
import Foundation
import Testing
@testable import PreflightMedia
@testable import PreflightRules

/// `preflight fix` on a file that breaks one rule of a role (and passes the rest): the copy must
/// pass the role, and the input must be byte for byte what it was.
@Suite struct PreflightFixTests {
    @Test(arguments: RuleCase.fixable)
    func fixMendsTheRuleAndTheCopyPassesTheRole(_ ruleCase: RuleCase) throws {
        let folder = try TemporaryFolder()
        let target = ruleCase.target, rule = ruleCase.rule
        let base = try BrokenMedia.base(target, in: folder.path)
        let baseCheck = try CommandRunner.run(["check", "--no-cache", "--profile", target.profileID, "--role", target.qualifiedRole, base],
                                              workingDirectory: folder.path)
        #expect(baseCheck.status == 0, "the base file must pass \(target.qualifiedRole): \(baseCheck.stdout)")
        let broken = try #require(try BrokenMedia.breaking(rule, target, in: folder.path), "no breaking file for \(rule.id)")
        let before = try Self.digest(folder.path + "/" + broken)
        let checked = try CommandRunner.run(["check", "--no-cache", "--strict", "--format", "json", "--profile", target.profileID,
                                             "--role", target.qualifiedRole, broken], workingDirectory: folder.path)
        let findings = (checked.json?["files"] as? [[String: Any]])?.first?["findings"] as? [[String: Any]] ?? []
        #expect(findings.contains { $0["rule"] as? String == rule.id }, "\(broken) does not break \(rule.id): \(checked.stdout)")

        var arguments = ["fix", "--format", "json", "--profile", target.profileID, "--role", target.qualifiedRole, broken]
        if rule.severity == .warning { arguments.append("--strict") }
        if [.aspectRatio, .resolution].contains(rule.measure) { arguments.append("--allow-crop") }
        let fixed = try CommandRunner.run(arguments, workingDirectory: folder.path)
        #expect(fixed.status == 0, "\(fixed.stdout) \(fixed.stderr)")
        let file = try #require((fixed.json?["files"] as? [[String: Any]])?.first, "\(fixed.stdout) \(fixed.stderr)")
        #expect(file["status"] as? String == "fixed", "\(file)")
        let output = try #require(file["output"] as? String)
        let after = try CommandRunner.run(["check", "--no-cache", "--profile", target.profileID, "--role", target.qualifiedRole]
                                          + (rule.severity == .warning ? ["--strict"] : []) + [output], workingDirectory: folder.path)
        #expect(after.status == 0, "the fixed copy fails: \(after.stdout)")
        if target.kind == .video, rule.measure != .duration {
            // Only a duration rule trims: any other mend keeps the clip as long as it was (bwdif's
            // default of a frame per field once made a 4 s interlaced clip an 8 s slow one).
            let source = MediaProbe.probe(path: folder.path + "/" + broken), copy = MediaProbe.probe(path: output.hasPrefix("/") ? output : folder.path + "/" + output)
            let length = try #require(source.durationSeconds), copied = try #require(copy.durationSeconds)
            #expect(abs(copied - length) <= 0.1, "\(rule.id): \(length) s became \(copied) s")
        }
        #expect(try Self.digest(folder.path + "/" + broken) == before, "the input changed")
    }

    static func digest(_ path: String) throws -> String {
        SHA256.hash(data: try Data(contentsOf: URL(fileURLWithPath: path))).map { String(format: "%02x", $0) }.joined()
    }
}
