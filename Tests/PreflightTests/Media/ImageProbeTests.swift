import Foundation
import Testing
@testable import Preflight
@testable import PreflightMedia

/// Reference images: every decoder path, OpenCV parity, orientation, quality, bad input.
@Suite struct ImageProbeTests {
    static var golden: [String: [String: Any]] {
        ((try? Fixtures.json("Fixtures/image/expected-opencv.json"))?["files"] as? [String: [String: Any]]) ?? [:]
    }

    static let goldenNames: [String] = golden.keys.sorted()

    let inspector = Inspector()

    @Test func everyFormatIsCovered() {
        let extensions = Set(Self.goldenNames.map { ($0 as NSString).pathExtension })
        #expect(extensions == ["jpg", "png", "webp", "tiff", "bmp"])
        #expect(Self.goldenNames.count >= 20)
    }

    /// Parity with OpenCV: 1e-6 relative where preflight and OpenCV see the same 8-bit gray
    /// picture (PNG, lossless WebP, TIFF, BMP), 1e-3 on JPEG (the IDCTs round differently).
    @Test(arguments: goldenNames)
    func laplacianVarianceMatchesOpenCV(_ name: String) throws {
        let expected = try #require(Self.golden[name])
        let record = inspector.inspect(Fixtures.image(name))
        #expect(record.failure == nil)
        #expect(record.kind == .image)
        let image = try #require(record.image)
        #expect(image.codedWidth == expected["width"] as? Int)    // OpenCV read it ignoring EXIF orientation
        #expect(image.codedHeight == expected["height"] as? Int)
        let variance = try #require(image.laplacianVariance)
        let focus = try #require(image.focusScore)
        let opencvVariance = expected["laplacianVariance"] as! Double
        let opencvFocus = expected["focusScore"] as! Double
        let tolerance: Double
        if name.hasSuffix(".jpg") { tolerance = 1e-3 }
        else if expected["exact"] as? Bool == true { tolerance = 1e-6 }
        else { tolerance = 0.3 }  // lossy WebP: OpenCV converts YUV to BGR and back; preflight reads Y
        #expect(abs(variance - opencvVariance) / opencvVariance <= tolerance, "\(name): \(variance) vs \(opencvVariance)")
        // The focus score against the NumPy reference (scripts/focus_reference.py): on the same
        // pixels (PNG, lossless WebP) to 1e-6; libjpeg and FFmpeg decode JPEG with different IDCTs,
        // which moves the 512 px second differences by up to 1 % (a few hundredths near 0).
        let focusTolerance = name.hasSuffix(".jpg") ? 1e-2 : tolerance
        #expect(abs(focus - opencvFocus) <= max(focusTolerance * opencvFocus, name.hasSuffix(".jpg") ? 0.05 : 1e-9),
                "\(name): \(focus) vs \(opencvFocus)")
        if let sigma = expected["noiseSigma"] as? Double, expected["exact"] as? Bool == true, !name.hasSuffix(".jpg") {
            #expect(abs((image.noiseSigma ?? -1) - sigma) <= 1e-6 * max(1, sigma), "\(name): σ \(String(describing: image.noiseSigma)) vs \(sigma)")
        }
    }

    @Test func pictureFormatsAndAlpha() throws {
        let expectations: [(String, String, Int, Bool)] = [
            ("sharp-1024.jpg", "yuvj420p", 8, false), ("grayscale.jpg", "gray", 8, false),
            ("progressive.jpg", "yuvj420p", 8, false), ("rgb8.png", "rgb24", 8, false),
            ("rgba8.png", "rgba", 8, true), ("gray8.png", "gray", 8, false), ("gray16.png", "gray16be", 16, false),
            ("rgb16.png", "rgb48be", 16, false), ("palette.png", "pal8", 8, false), ("lossy.webp", "yuv420p", 8, false),
            ("rgb.tiff", "rgb24", 8, false), ("rgb.bmp", "bgr24", 8, false), ("bilevel.png", "monob", 1, false),
        ]
        for (name, format, depth, alpha) in expectations {
            let image = try #require(inspector.inspect(Fixtures.image(name)).image, "\(name)")
            #expect(image.pixelFormat == format, "\(name)")
            #expect(image.bitDepth == depth, "\(name)")
            #expect(image.hasAlpha == alpha, "\(name)")
        }
    }

    @Test func containersAreNamedByContent() {
        #expect(inspector.inspect(Fixtures.image("sharp-1024.jpg")).container == "jpeg")
        #expect(inspector.inspect(Fixtures.image("rgb8.png")).container == "png")
        #expect(inspector.inspect(Fixtures.image("lossy.webp")).container == "webp")
    }

    @Test func exifOrientationSwapsTheDisplayedSize() throws {
        let image = try #require(inspector.inspect(Fixtures.image("ref-portrait-exif6.jpg")).image)
        #expect(image.orientation == 6)
        #expect((image.width, image.height) == (1024, 1536))
        #expect((image.codedWidth, image.codedHeight) == (1536, 1024))
        #expect(try #require(inspector.inspect(Fixtures.image("sharp-1024.jpg")).image).orientation == 1)
    }

    @Test func jpegQualityRecoversTheSavedQuality() throws {
        let saved = try Fixtures.json("Fixtures/image/saved-with.json") as! [String: [String: Int]]
        #expect(saved.count >= 10)
        for (name, facts) in saved {
            let image = try #require(inspector.inspect(Fixtures.image(name)).image)
            #expect(image.jpegQuality == facts["jpegQuality"], "\(name)")
        }
        #expect(inspector.inspect(Fixtures.image("rgb8.png")).image?.jpegQuality == nil)
    }

    @Test func bitsPerPixel() throws {
        let record = inspector.inspect(Fixtures.image("sharp-1024.jpg"))
        let image = try #require(record.image)
        let expected = Double(record.sizeBytes!) * 8 / Double(1024 * 1024)
        #expect(abs(image.bitsPerPixel! - expected) < 1e-9)
    }

    @Test func focusScorePassesAShallowDepthOfFieldPortraitAndFailsABlurredPicture() throws {
        let portrait = try #require(inspector.inspect(Fixtures.image("shallow-depth-of-field.jpg")).image)
        let blurred = try #require(inspector.inspect(Fixtures.image("blurred-everywhere.jpg")).image)
        // The profile's reference thresholds (docs/focus.md): error under 6, warning under 15.
        #expect(portrait.focusScore! >= 15, "sharp subject on a soft background")
        #expect(blurred.focusScore! < 6)
        let tiles = try #require(portrait.focusTiles)
        #expect(tiles.columns == 16 && tiles.rows == 16 && tiles.values.count == 256)
        #expect(tiles.values.max()! > 10 * max(tiles.values.sorted()[128], 0.1), "the subject's tiles stand out from the background's")
    }

    @Test func truncatedJPEGIsReportedNotTrusted() {
        let record = inspector.inspect(Fixtures.image("truncated.jpg"))
        #expect(record.failure?.code == .corrupt)
        #expect(record.log.contains { $0.contains("mjpeg") })
    }

    @Test func textNamedPNGIsUnrecognized() {
        let record = inspector.inspect(Fixtures.image("text-named.png"))
        #expect(record.failure?.code == .unrecognized)
        #expect(record.failure?.message == "the file is named .png but its content is not an image FFmpeg recognises")
    }

    @Test func aFormatWithoutADecoderIsReported() throws {
        // An ICO header: FFmpeg's ico demuxer opens it, but the entry is cut off.
        let folder = try TemporaryFolder()
        var bytes: [UInt8] = [0, 0, 1, 0, 1, 0, 16, 16, 0, 0, 1, 0, 32, 0, 0x68, 4, 0, 0, 22, 0, 0, 0]
        bytes += [UInt8](repeating: 0, count: 10)
        let path = try folder.write("icon.ico", Data(bytes))
        let record = inspector.inspect(path)
        #expect(record.failure != nil)
    }
}
