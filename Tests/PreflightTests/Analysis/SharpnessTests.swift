import Testing
@testable import PreflightAnalysis
@testable import PreflightMedia

/// The one-pass integer kernel against a plain re-statement of OpenCV's definition.
@Suite struct SharpnessTests {
    /// cv2.Laplacian(gray, CV_64F).var() written the slow, obvious way.
    static func reference(_ pixels: [UInt8], width: Int, height: Int) -> (variance: Double, laplacian: [Double]) {
        func at(_ x: Int, _ y: Int) -> Double {
            Double(pixels[Sharpness.reflect101(y, height) * width + Sharpness.reflect101(x, width)])
        }
        var values: [Double] = []
        for y in 0..<height {
            for x in 0..<width {
                values.append(at(x - 1, y) + at(x + 1, y) + at(x, y - 1) + at(x, y + 1) - 4 * at(x, y))
            }
        }
        let mean = values.reduce(0, +) / Double(values.count)
        return (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count), values)
    }

    static func randomPicture(width: Int, height: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        return (0..<(width * height)).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
    }

    @Test(arguments: [(1, 1), (1, 7), (7, 1), (2, 2), (3, 5), (64, 64), (65, 130), (200, 63), (257, 129)])
    func matchesTheDefinition(size: (Int, Int)) {
        let (width, height) = size
        let pixels = Self.randomPicture(width: width, height: height, seed: UInt64(width * 1000 + height))
        let expected = Self.reference(pixels, width: width, height: height)
        let metrics = pixels.withUnsafeBufferPointer {
            Sharpness.measure(LumaPlane(width: width, height: height, stride: width, pixels: $0))
        }
        #expect(abs(metrics.laplacianVariance - expected.variance) <= 1e-9 * max(1, expected.variance))
    }

    @Test func strideBytesBeyondTheWidthAreIgnored() {
        let width = 70, height = 40, stride = 96
        let picture = Self.randomPicture(width: width, height: height, seed: 7)
        var padded = [UInt8](repeating: 255, count: stride * height)
        for row in 0..<height { for column in 0..<width { padded[row * stride + column] = picture[row * width + column] } }
        let tight = picture.withUnsafeBufferPointer { Sharpness.measure(LumaPlane(width: width, height: height, stride: width, pixels: $0)) }
        let strided = padded.withUnsafeBufferPointer { Sharpness.measure(LumaPlane(width: width, height: height, stride: stride, pixels: $0)) }
        #expect(tight == strided)
    }

    @Test func flatPictureHasZeroSharpness() {
        let flat = [UInt8](repeating: 128, count: 100 * 80)
        let metrics = flat.withUnsafeBufferPointer { Sharpness.measure(LumaPlane(width: 100, height: 80, stride: 100, pixels: $0)) }
        #expect(metrics == LumaMetrics(laplacianVariance: 0, focusScore: 0, meanLuma: 128))
    }

    @Test func focusScoreIsTheNinetiethPercentileOfTileVariances() {
        // 10 × 10 tiles of 64 px: flat except the top-left tile, which is noise. One tile in a
        // hundred is not a tenth of the picture, so the score stays 0; eleven tiles lift it.
        let width = 640, height = 640
        func picture(noisyTiles: Int) -> [UInt8] {
            var pixels = [UInt8](repeating: 100, count: width * height)
            let noise = Self.randomPicture(width: 64, height: 64, seed: 3)
            for tile in 0..<noisyTiles {
                let originX = (tile % 10) * 64, originY = (tile / 10) * 64
                for y in 0..<64 { for x in 0..<64 { pixels[(originY + y) * width + originX + x] = noise[y * 64 + x] } }
            }
            return pixels
        }
        let one = picture(noisyTiles: 1).withUnsafeBufferPointer { Sharpness.measure(LumaPlane(width: width, height: height, stride: width, pixels: $0)) }
        let eleven = picture(noisyTiles: 11).withUnsafeBufferPointer { Sharpness.measure(LumaPlane(width: width, height: height, stride: width, pixels: $0)) }
        #expect(one.focusScore < 100)
        #expect(eleven.focusScore > 1000)
    }

    @Test func percentileIsNearestRank() {
        #expect(Sharpness.percentile([5, 1, 4, 2, 3, 6, 7, 8, 9, 10], 0.9) == 9)
        #expect(Sharpness.percentile([42], 0.9) == 42)
        #expect(Sharpness.percentile([], 0.9) == 0)
    }
}
