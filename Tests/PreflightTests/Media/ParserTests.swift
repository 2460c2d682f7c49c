import Foundation
import Testing
@testable import PreflightMedia

@Suite struct JPEGParserTests {
    static func parse(_ bytes: [UInt8]) -> JPEGHeader? {
        bytes.withUnsafeBytes { JPEGHeader.parse($0) }
    }

    /// A minimal JPEG header: SOI, APP1 Exif (orientation), DQT (two tables), SOF0, SOS.
    static func header(orientation: Int, littleEndian: Bool, quality: Int) -> [UInt8] {
        var bytes: [UInt8] = [0xFF, 0xD8]
        let tiff: [UInt8] = littleEndian
            ? [0x49, 0x49, 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, UInt8(orientation), 0, 0, 0, 0, 0, 0, 0]
            : [0x4D, 0x4D, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, UInt8(orientation), 0, 0, 0, 0, 0, 0]
        let app1 = Array("Exif".utf8) + [0, 0] + tiff
        bytes += [0xFF, 0xE1, UInt8((app1.count + 2) >> 8), UInt8((app1.count + 2) & 0xFF)] + app1
        func scaled(_ base: [Int]) -> [UInt8] {
            let scale = quality < 50 ? 5000 / quality : 200 - quality * 2
            return base.map { UInt8(min(max(($0 * scale + 50) / 100, 1), 255)) }
        }
        let dqt = [0x00] + scaled(JPEGQuality.annexKLuma) + [0x01] + scaled(JPEGQuality.annexKChroma)
        bytes += [0xFF, 0xDB, UInt8((dqt.count + 2) >> 8), UInt8((dqt.count + 2) & 0xFF)] + dqt
        bytes += [0xFF, 0xC0, 0, 11, 8, 0x04, 0x00, 0x06, 0x00, 1, 1, 0x11, 0]  // 1536 wide, 1024 high
        bytes += [0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 63, 0]
        return bytes
    }

    @Test(arguments: [false, true])
    func readsOrientationInBothByteOrders(littleEndian: Bool) throws {
        let header = try #require(Self.parse(Self.header(orientation: 8, littleEndian: littleEndian, quality: 80)))
        #expect(header.orientation == 8)
        #expect(header.width == 1536 && header.height == 1024)
        #expect(header.components == 1)
    }

    @Test func qualityEstimateIsExactForEveryLibjpegQuality() {
        for quality in 1...100 {
            let header = Self.parse(Self.header(orientation: 1, littleEndian: false, quality: quality))
            let estimate = header.flatMap { JPEGQuality.estimate($0.quantizationTables) }
            // Below about 10 the tables saturate at 255 and several qualities share them.
            if quality >= 10 { #expect(estimate == quality) } else { #expect(estimate != nil && estimate! <= 10) }
        }
    }

    @Test func survivesEveryTruncationAndRandomBytes() {
        let valid = Self.header(orientation: 6, littleEndian: true, quality: 75)
        for length in 0...valid.count {
            _ = Self.parse(Array(valid.prefix(length)))
        }
        var state: UInt64 = 42
        for _ in 0..<2000 {
            var bytes = valid
            for _ in 0..<4 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                bytes[Int(state >> 33) % bytes.count] = UInt8(truncatingIfNeeded: state >> 17)
            }
            _ = Self.parse(bytes)
        }
        #expect(Self.parse([0x89, 0x50]) == nil)
        #expect(Self.parse([]) == nil)
    }

    @Test func orientationOutsideOneToEightIsIgnored() {
        #expect(Self.parse(Self.header(orientation: 9, littleEndian: false, quality: 80))?.orientation == nil)
    }
}

@Suite struct CodecConfigurationTests {
    /// avcC of the fixtures' x264 streams, with the SPS as FFmpeg's muxer stored it.
    @Test func h264HighProfileSPS() throws {
        // SPS for 1280x720 High profile 4:2:0 8-bit, VUI with aspect ratio 1:1 (x264 default).
        let sps: [UInt8] = [0x67, 0x64, 0x00, 0x1F, 0xAC, 0xD9, 0x40, 0x50, 0x05, 0xBB, 0x01, 0x10, 0x00, 0x00, 0x03,
                            0x00, 0x10, 0x00, 0x00, 0x03, 0x03, 0xC0, 0xF1, 0x83, 0x19, 0x60]
        let avcC: [UInt8] = [1, 0x64, 0x00, 0x1F, 0xFF, 0xE1, 0, UInt8(sps.count)] + sps + [1, 0, 4, 0x68, 0xEB, 0xE3, 0xCB]
        let format = try #require(avcC.withUnsafeBytes { CodedPictureFormat.h264(avcC: $0) })
        #expect(format.pixelFormat(containerFullRange: false) == "yuv420p")
        #expect(format.depth == 8)
        #expect(format.profile == 100)  // FF_PROFILE_H264_HIGH: "High"
        #expect(format.progressive)
    }

    @Test func h264ProfileNumbersFollowFFmpeg() {
        // ff_h264_get_profile: the constraint flags make Constrained Baseline and the Intra profiles.
        #expect(H264SequenceParameterSet.ffmpegProfile(66, constraints: 0b1100_0000) == 66 | 1 << 9)  // set0 + set1 (x264 baseline)
        #expect(H264SequenceParameterSet.ffmpegProfile(66, constraints: 0b1000_0000) == 66)           // set0 only: Baseline
        #expect(H264SequenceParameterSet.ffmpegProfile(110, constraints: 0b0001_0000) == 110 | 1 << 11)  // High 10 Intra
        #expect(H264SequenceParameterSet.ffmpegProfile(122, constraints: 0b0001_0000) == 122 | 1 << 11)  // High 4:2:2 Intra
        #expect(H264SequenceParameterSet.ffmpegProfile(100, constraints: 0b0001_0000) == 100)         // no Intra form of High
        #expect(H264SequenceParameterSet.ffmpegProfile(77, constraints: 0b0100_0000) == 77)           // Main
    }

    @Test func garbageIsNotTrusted() {
        #expect([UInt8]([1, 2, 3]).withUnsafeBytes { CodedPictureFormat.h264(avcC: $0) } == nil)
        #expect([UInt8](repeating: 0xFF, count: 40).withUnsafeBytes { CodedPictureFormat.h264(avcC: $0) } == nil)
        #expect([UInt8](repeating: 0, count: 10).withUnsafeBytes { CodedPictureFormat.hevc(hvcC: $0) } == nil)
    }

    @Test func bitReaderRemovesEmulationPrevention() {
        var reader = [UInt8]([0x00, 0x00, 0x03, 0x01]).withUnsafeBytes { BitReader(removingEmulationPrevention: $0) }
        #expect(reader.bits(24) == 0x000001)
        #expect(reader.bit() == nil)
    }

    @Test func expGolomb() {
        // 1 → 0, 010 → 1, 011 → 2, 00100 → 3; signed: 010 → +1, 011 → −1.
        var reader = [UInt8]([0b1010_0110, 0b0100_0000]).withUnsafeBytes { BitReader(removingEmulationPrevention: $0) }
        #expect(reader.unsigned() == 0)
        #expect(reader.unsigned() == 1)
        #expect(reader.unsigned() == 2)
        #expect(reader.unsigned() == 3)
        var signed = [UInt8]([0b0100_1100]).withUnsafeBytes { BitReader(removingEmulationPrevention: $0) }
        #expect(signed.signed() == 1)
        #expect(signed.signed() == -1)
    }
}

@Suite struct ContainerSignatureTests {
    @Test func brandsAndDocTypes() {
        let mp4 = ContainerSignature(head: [])
        #expect(mp4.containerName(formatName: "mov,mp4,m4a,3gp,3g2,mj2", majorBrand: "qt") == "mov")
        #expect(mp4.containerName(formatName: "mov,mp4,m4a,3gp,3g2,mj2", majorBrand: "isom") == "mp4")
        #expect(mp4.containerName(formatName: "mov,mp4,m4a,3gp,3g2,mj2", majorBrand: "3gp5") == "3gp")
        #expect(mp4.containerName(formatName: "avi", majorBrand: nil) == "avi")
        #expect(mp4.containerName(formatName: "png_pipe", majorBrand: nil) == "png")
        let webm = ContainerSignature(head: [0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84] + Array("webm".utf8))
        #expect(webm.ebmlDocType == "webm")
        #expect(webm.containerName(formatName: "matroska,webm", majorBrand: nil) == "webm")
        #expect(ContainerSignature(head: [0x1A, 0x45, 0xDF, 0xA3, 0x42, 0x82, 0xFF]).ebmlDocType == nil)
    }
}

@Suite struct FrameTimingTests {
    @Test func constantRateInMillisecondsIsNotVariable() {
        // 29.97 fps in a 1/1000 time base: intervals of 33 and 34 ms.
        let stamps = (0..<300).map { Int64((Double($0) * 1001 / 30).rounded()) }
        let timing = FrameTiming.measure(timestamps: stamps, timeBase: Rational(1, 1000))
        #expect(timing?.variable == false)
    }

    @Test func aRateThatChangesIsVariable() {
        let fast: [Int64] = (0..<30).map { Int64($0) * 1000 }
        let slow: [Int64] = (0..<30).map { 30_000 + Int64($0) * 3000 }
        let stamps = fast + slow
        let timing = FrameTiming.measure(timestamps: stamps.shuffled(), timeBase: Rational(1, 30000))
        #expect(timing?.variable == true)
        #expect(timing?.maxRate == 30)
        #expect(timing?.minRate == 10)
    }

    @Test func oneDroppedFrameInAThousandIsTolerated() {
        var stamps = (0..<1000).map { Int64($0 * 100) }
        stamps.remove(at: 500)
        #expect(FrameTiming.measure(timestamps: stamps, timeBase: Rational(1, 2500))?.variable == false)
    }

    @Test func tooFewFramesSayNothing() {
        #expect(FrameTiming.measure(timestamps: [0, 1], timeBase: Rational(1, 30)) == nil)
    }

    @Test func anExactRateIsTheTimeBaseOverTheInterval() {
        // 30 fps at 1/15360 with one glitch at a fragment boundary (as fragmented-audio.mp4): 30/1.
        var stamps = (0..<120).map { Int64($0) * 512 }
        stamps[119] += 357
        #expect(FrameTiming.measure(timestamps: stamps, timeBase: Rational(1, 15360))?.exactRate(timeBase: Rational(1, 15360)) == Rational(30, 1))
        // 29.97 at 1/90000 (MPEG-TS): 3003 ticks → 30000/1001.
        let ntsc = (0..<60).map { Int64($0) * 3003 }
        #expect(FrameTiming.measure(timestamps: ntsc, timeBase: Rational(1, 90000))?.exactRate(timeBase: Rational(1, 90000)) == Rational(30000, 1001))
        // Milliseconds (33, 33, 34): no exact rate; FFmpeg's value stays.
        let milliseconds = (0..<300).map { Int64((Double($0) * 1000 / 30).rounded()) }
        #expect(FrameTiming.measure(timestamps: milliseconds, timeBase: Rational(1, 1000))?.exactRate(timeBase: Rational(1, 1000)) == nil)
        // A variable clip has none either.
        let changing = (0..<30).map { Int64($0) * 1000 } + (0..<30).map { 30_000 + Int64($0) * 3000 }
        #expect(FrameTiming.measure(timestamps: changing, timeBase: Rational(1, 30000))?.exactRate(timeBase: Rational(1, 30000)) == nil)
    }
}

@Suite struct RationalTests {
    @Test func parsingAndComparing() {
        #expect(Rational(parsing: "30000/1001") == Rational(30000, 1001))
        #expect(Rational(parsing: "16:15") == Rational(16, 15))
        #expect(Rational(parsing: "24") == Rational(24, 1))
        #expect(Rational(parsing: "23.976") == Rational(23976, 1000))
        #expect(Rational(parsing: "x") == nil)
        #expect(Rational(parsing: "1/0") == nil)
        #expect(Rational(24000, 1001).compare(to: Rational(24, 1)) == -1)
        #expect(Rational(48, 2).compare(to: Rational(24, 1)) == 0)
        #expect(Rational(60, 1).compare(to: Rational(24, 1)) == 1)
        #expect(Rational(30000, 1001).description == "30000/1001")
    }
}
