import Foundation
import Testing
@testable import Preflight
@testable import PreflightMedia
@testable import PreflightRules

/// Derives over a thousand damaged variants of the fixtures with a fixed seed — bit flips
/// concentrated in headers, truncations, spliced random bytes, zeroed boxes and markers — and runs
/// each through probe and check in this process: no crash, no hang, an error or a verdict for each.
@Suite struct MutationCorpusTests {
    static let sources: [(name: String, path: String)] = [
        ("mp4", Fixtures.video("hevc-10bit.mp4")), ("mp4", Fixtures.video("anamorphic-pal.mp4")),
        ("mov", Fixtures.video("clip-quicktime.mov")), ("mkv", Fixtures.video("clip-matroska.mkv")),
        ("webm", Fixtures.video("clip-vp9.webm")), ("jpg", Fixtures.image("quality-75.jpg")),
        ("jpg", Fixtures.image("progressive.jpg")), ("png", Fixtures.image("rgba8.png")), ("png", Fixtures.image("palette.png")),
        ("webp", Fixtures.image("lossy.webp")), ("webp", Fixtures.image("lossless.webp")),
    ]

    /// SplitMix64: the same mutants on every machine.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { bound <= 0 ? 0 : Int(next() % UInt64(bound)) }
    }

    /// Offsets of structure worth breaking: ISO boxes, JPEG markers, PNG chunks, EBML/RIFF ids.
    static func landmarks(_ bytes: [UInt8]) -> [Int] {
        let tags: [[UInt8]] = ["moov", "trak", "mdia", "minf", "stbl", "stsd", "stts", "stsc", "stsz", "stco", "co64", "ctts",
                               "avcC", "hvcC", "mdat", "ftyp", "IHDR", "PLTE", "IDAT", "tRNS", "VP8 ", "VP8L", "VP8X"].map { Array($0.utf8) }
        var found: [Int] = []
        let limit = min(bytes.count, 1 << 20)
        for index in 0..<max(0, limit - 4) {
            if bytes[index] == 0xFF, index + 1 < limit, (0xC0...0xFE).contains(bytes[index + 1]) { found.append(index) }
            if bytes[index] == 0x1A && bytes[index + 1] == 0x45 || bytes[index] == 0x18 && bytes[index + 1] == 0x53 { found.append(index) }
            for tag in tags where bytes[index] == tag[0] && bytes[index + 1] == tag[1] && bytes[index + 2] == tag[2] && bytes[index + 3] == tag[3] {
                found.append(max(0, index - 4))
            }
        }
        return found.isEmpty ? [0] : found
    }

    static func mutate(_ original: [UInt8], landmarks: [Int], strategy: Int, random: inout Random) -> [UInt8] {
        var bytes = original
        switch strategy {
        case 0:  // bit flips, most of them in the first 4 KiB where the headers are
            for _ in 0..<(1 + random.below(16)) {
                let span = random.below(4) == 0 ? bytes.count : min(bytes.count, 4096)
                let at = random.below(span)
                bytes[at] ^= UInt8(1 << random.below(8))
            }
        case 1:  // bit flips at structure
            for _ in 0..<(1 + random.below(8)) {
                let at = min(bytes.count - 1, landmarks[random.below(landmarks.count)] + random.below(24))
                bytes[at] ^= UInt8(1 << random.below(8))
            }
        case 2:  // truncation
            bytes = Array(bytes.prefix(random.below(bytes.count)))
        case 3:  // random bytes spliced in
            let at = random.below(bytes.count)
            let junk = (0..<(1 + random.below(512))).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            if random.below(2) == 0 { bytes.insert(contentsOf: junk, at: at) }
            else { bytes.replaceSubrange(at..<min(bytes.count, at + junk.count), with: junk) }
        default:  // a box, marker or chunk zeroed (or set to all ones: huge sizes)
            let at = landmarks[random.below(landmarks.count)]
            let fill: UInt8 = random.below(3) == 0 ? 0xFF : 0
            for index in at..<min(bytes.count, at + 8 + random.below(56)) { bytes[index] = fill }
        }
        return bytes
    }

    @Test func thousandsOfDamagedFilesEachGetAnErrorOrAVerdict() throws {
        let folder = try TemporaryFolder()
        var random = Random(state: 20_261_128)
        var paths: [String] = []
        let perSource = 100
        for (sourceIndex, source) in Self.sources.enumerated() {
            let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: source.path)))
            let marks = Self.landmarks(original)
            for variant in 0..<perSource {
                let mutant = Self.mutate(original, landmarks: marks, strategy: variant % 5, random: &random)
                paths.append(try folder.write("m\(sourceIndex)-\(variant).\(source.name)", Data(mutant)))
            }
        }
        #expect(paths.count >= 1000)

        let inspector = Inspector(options: ProbeOptions(timeoutSeconds: 10, pixelBudget: 50_000_000))
        let evaluator = Evaluator(profile: try #require(try ProfileLibrary.builtIn().profile("kling-o1")))
        let records = inspector.inspect(paths, jobs: 2)
        var failures: [MediaFailure.Code: Int] = [:]
        var readable = 0
        for record in records {
            if let failure = record.failure {
                failures[failure.code, default: 0] += 1
                #expect(!failure.message.isEmpty)
            } else {
                readable += 1
                #expect(record.kind != nil, "\(record.path): neither an error nor a kind")
            }
            let verdict = evaluator.evaluate(record)
            #expect(!verdict.verdicts.isEmpty, "\(record.path): no verdict")
            #expect(record.failure == nil || verdict.status == .fail)
        }
        #expect(records.count == paths.count)
        #expect(readable > 100, "some mutants stay readable")
        #expect(failures.values.reduce(0, +) > 100, "many mutants are caught")
        #expect(failures[.timeout] == nil, "no mutant needs the time limit: \(failures)")
        print("mutants: \(records.count), readable \(readable), failures \(failures.sorted { $0.key.rawValue < $1.key.rawValue })")
    }
}
