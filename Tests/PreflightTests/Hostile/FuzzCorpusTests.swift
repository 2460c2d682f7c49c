import Foundation
import Testing

/// The fuzzers' seed corpora replayed through every harness on each test run, so an input that
/// once broke a parser stays a regression test (`make fuzz` runs the harnesses under libFuzzer).
@Suite struct FuzzCorpusTests {
    static let targets = ["jpeg", "exif", "codec-config", "image-header", "profile", "config", "manifest", "prompt"]

    @Test(arguments: targets)
    func seedCorpusReplaysCleanly(_ target: String) throws {
        let harness = URL(fileURLWithPath: CommandRunner.executable).deletingLastPathComponent().appendingPathComponent("preflight-fuzz").path
        let corpus = Fixtures.root.appendingPathComponent("Fuzz/corpus/\(target)").path
        let seeds = try FileManager.default.contentsOfDirectory(atPath: corpus)
        #expect(!seeds.isEmpty)
        let result = try CommandRunner.runTool([harness, target, corpus])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("replayed \(seeds.count) inputs"))
    }
}
