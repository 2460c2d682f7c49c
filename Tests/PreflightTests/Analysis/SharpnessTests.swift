import Foundation
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
        #expect(metrics.laplacianVariance == 0 && metrics.focusScore == 0 && metrics.meanLuma == 128 && metrics.noiseSigma == 0)
    }

    static func measure(_ pixels: [UInt8], width: Int, height: Int) -> LumaMetrics {
        pixels.withUnsafeBufferPointer { Sharpness.measure(LumaPlane(width: width, height: height, stride: width, pixels: $0)) }
    }

    /// Sharp-edged rectangles of random grey levels on grey: a stand-in for a photo's detail.
    static func shapes(width: Int, height: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33) % bound
        }
        var pixels = [UInt8](repeating: 128, count: width * height)
        for _ in 0..<120 {
            let x = next(width - 20), y = next(height - 20), w = 6 + next(60), h = 6 + next(60), level = UInt8(20 + next(215))
            for row in y..<min(height, y + h) { for column in x..<min(width, x + w) { pixels[row * width + column] = level } }
        }
        return pixels
    }

    /// A box blur `length` px long along x (motion) or a square `length` × `length` (defocus-like).
    static func boxBlur(_ pixels: [UInt8], width: Int, height: Int, length: Int, square: Bool) -> [UInt8] {
        var out = pixels
        let half = length / 2
        for y in 0..<height {
            for x in 0..<width {
                var sum = 0, count = 0
                for dy in (square ? -half...half : 0...0) {
                    for dx in -half...half {
                        let sx = min(max(x + dx, 0), width - 1), sy = min(max(y + dy, 0), height - 1)
                        sum += Int(pixels[sy * width + sx]); count += 1
                    }
                }
                out[y * width + x] = UInt8(sum / count)
            }
        }
        return out
    }

    static func withNoise(_ pixels: [UInt8], sigma: Double, seed: UInt64) -> [UInt8] {
        var state = seed
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (Double(state >> 11) + 0.5) / Double(1 << 53)
        }
        return pixels.map { value in
            let gaussian = (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform())
            return UInt8(min(255, max(0, (Double(value) + sigma * gaussian).rounded())))
        }
    }

    @Test func focusScoreIsTheNinetiethPercentileOfTiles() {
        // 512 × 512 (no reduction): 16 × 16 tiles of 32 px, flat but for noisy tiles. One tile in
        // 256 is not a tenth of the picture, so the score stays 0; thirty lift it.
        let side = 512
        func picture(noisyTiles: Int) -> [UInt8] {
            var pixels = [UInt8](repeating: 100, count: side * side)
            let noise = Self.randomPicture(width: 32, height: 32, seed: 3)
            for tile in 0..<noisyTiles {
                let originX = (tile % 16) * 32, originY = (tile / 16) * 32
                for y in 0..<32 { for x in 0..<32 { pixels[(originY + y) * side + originX + x] = noise[y * 32 + x] } }
            }
            return pixels
        }
        let one = Self.measure(picture(noisyTiles: 1), width: side, height: side)
        let thirty = Self.measure(picture(noisyTiles: 30), width: side, height: side)
        #expect(one.focusScore == 0)
        // White noise of variance v: a diagonal second difference (halved) has mean square 1.5v,
        // the gradient v, so a noise tile scores 100 × 1.5 = 150 (a little less: its rim meets flat tiles).
        #expect(thirty.focusScore > 140 && thirty.focusScore <= 150, "\(thirty.focusScore)")
        #expect(thirty.focusTiles?.columns == 16 && thirty.focusTiles?.rows == 16)
    }

    @Test func noiseCannotFakeSharpness() {
        let side = 512
        let sharp = Self.shapes(width: side, height: side, seed: 11)
        let blurred = Self.boxBlur(sharp, width: side, height: side, length: 9, square: true)
        let noisyBlurred = Self.withNoise(blurred, sigma: 5, seed: 5)
        let sharpScore = Self.measure(sharp, width: side, height: side).focusScore
        let blurredScore = Self.measure(blurred, width: side, height: side).focusScore
        let noisy = Self.measure(noisyBlurred, width: side, height: side)
        #expect(sharpScore > 30)
        #expect(blurredScore < 6)
        // σ = 5 noise adds 150 to a second difference's mean square: without compensation the
        // blurred picture would score as sharp. With it, it stays blurred.
        #expect(noisy.focusScore < 6, "\(noisy.focusScore)")
        #expect(abs((noisy.noiseSigma ?? 0) - 5) < 1.0, "Immerkær's estimate finds the noise: \(String(describing: noisy.noiseSigma))")
        #expect(Self.measure(Self.withNoise(sharp, sigma: 5, seed: 6), width: side, height: side).focusScore > sharpScore / 2,
                "a sharp photo stays sharp with noise")
    }

    @Test func motionBlurIsCaughtByItsFlatDirection() {
        let side = 512
        let sharp = Self.shapes(width: side, height: side, seed: 17)
        let smeared = Self.boxBlur(sharp, width: side, height: side, length: 15, square: false)  // along x only
        let sharpScore = Self.measure(sharp, width: side, height: side).focusScore
        let smearedScore = Self.measure(smeared, width: side, height: side).focusScore
        #expect(smearedScore < sharpScore / 10, "\(smearedScore) vs \(sharpScore)")
        #expect(smearedScore < 6)
    }

    /// The same picture with its contrast cut to `factor` around mid-grey.
    static func lowContrast(_ pixels: [UInt8], factor: Double) -> [UInt8] {
        pixels.map { UInt8((128 + (Double($0) - 128) * factor).rounded()) }
    }

    @Test func contrastDoesNotDecideSharpness() {
        // A sharp subject with little contrast (a white flower, a plush toy) is still sharp: its
        // edges are as steep for their height. An energy measure falls with contrast squared; this
        // one keeps most of its value (the gradient floor, 25, weighs on faint tiles: by design).
        let side = 512
        let sharp = Self.shapes(width: side, height: side, seed: 29)
        let faint = Self.lowContrast(sharp, factor: 0.3)
        let faintBlurred = Self.lowContrast(Self.boxBlur(sharp, width: side, height: side, length: 9, square: true), factor: 0.3)
        let original = Self.measure(sharp, width: side, height: side)
        let reduced = Self.measure(faint, width: side, height: side)
        #expect(reduced.laplacianVariance < original.laplacianVariance / 9, "the Laplacian's variance falls with contrast²")
        #expect(reduced.focusScore > 0.4 * original.focusScore, "\(reduced.focusScore) vs \(original.focusScore)")
        #expect(reduced.focusScore >= 15, "passes the references' warning threshold: \(reduced.focusScore)")
        #expect(Self.measure(faintBlurred, width: side, height: side).focusScore < 6, "and blur at low contrast is still blur")
    }

    @Test func theScoreDoesNotDependOnThePictureSize() {
        // The same picture with every pixel doubled (1024 × 1024) reduces back to itself.
        let side = 512
        let sharp = Self.shapes(width: side, height: side, seed: 23)
        var doubled = [UInt8](repeating: 0, count: 4 * side * side)
        for y in 0..<(2 * side) { for x in 0..<(2 * side) { doubled[y * 2 * side + x] = sharp[(y / 2) * side + x / 2] } }
        let original = Self.measure(sharp, width: side, height: side)
        let large = Self.measure(doubled, width: 2 * side, height: 2 * side)
        #expect(abs(original.focusScore - large.focusScore) <= 1e-3 * original.focusScore)
        // Full-resolution Laplacian variance, by contrast, falls with size.
        #expect(large.laplacianVariance < original.laplacianVariance / 2)
    }

    @Test func percentileIsNearestRank() {
        #expect(Sharpness.percentile([5, 1, 4, 2, 3, 6, 7, 8, 9, 10], 0.9) == 9)
        #expect(Sharpness.percentile([42], 0.9) == 42)
        #expect(Sharpness.percentile([], 0.9) == 0)
    }
}
