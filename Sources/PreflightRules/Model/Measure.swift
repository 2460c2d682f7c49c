import Foundation
import PreflightMedia

/// A value read off a probe record, typed so that rules compare numbers, rationals and flags —
/// never strings ("25" ≠ "25.000" is the classic policy-checker bug).
public enum MeasuredValue: Equatable, Sendable {
    case number(Double)
    case integer(Int64)
    case rational(Rational)
    case text(String)
    case flag(Bool)
}

/// Everything a rule can measure. The profile YAML names these (`measure: duration`); each knows
/// its type, how to read it off a probe record, and how to show it to a person.
public enum Measure: String, CaseIterable, Sendable {
    case readable
    case hasVideo = "has-video"
    case kind
    case container
    case fileExtension = "extension"
    case extensionMatchesContainer = "extension-matches-container"
    case codec
    case fileSize = "file-size"
    case encodedSize = "encoded-size"
    case duration
    case shortSide = "short-side"
    case longSide = "long-side"
    case pixels
    case aspectRatio = "aspect-ratio"
    case resolution
    case frameRate = "frame-rate"
    case variableFrameRate = "variable-frame-rate"
    case interlaced
    case hasAudio = "has-audio"
    case focusScore = "focus-score"
    case laplacianVariance = "laplacian-variance"
    case jpegQuality = "jpeg-quality"

    public enum ValueType: Sendable { case number, integer, rational, text, flag }

    public var valueType: ValueType {
        switch self {
        case .readable, .hasVideo, .extensionMatchesContainer, .variableFrameRate, .interlaced, .hasAudio: .flag
        case .kind, .container, .fileExtension, .codec, .resolution: .text
        case .fileSize, .encodedSize, .shortSide, .longSide, .pixels, .jpegQuality: .integer
        case .aspectRatio, .frameRate: .rational
        case .duration, .focusScore, .laplacianVariance: .number
        }
    }

    public var summary: String {
        switch self {
        case .readable: "the file opens and is complete (not truncated or damaged)"
        case .hasVideo: "the file holds a video stream"
        case .kind: "video, image or audio"
        case .container: "container format: mp4, mov, matroska, webm, jpeg, png, webp… (MP4 vs MOV from the ftyp brand)"
        case .fileExtension: "the file name's extension, lower case"
        case .extensionMatchesContainer: "the extension names the container the file really is"
        case .codec: "video or image codec, FFmpeg's name (h264, hevc, mjpeg, png…)"
        case .fileSize: "size in bytes (limits in the profiles use 1 MB = 10^6 bytes)"
        case .encodedSize: "length in bytes of the file sent as a base64 data URI (data:TYPE;base64,…): 4/3 of the file and the prefix"
        case .duration: "container duration in seconds (compared with a 1 ms tolerance)"
        case .shortSide: "the shorter side of the picture as displayed (rotation and EXIF orientation applied), px"
        case .longSide: "the longer side of the picture as displayed, px"
        case .pixels: "width × height of the picture as displayed, in pixels"
        case .aspectRatio: "displayed width ÷ height, exact"
        case .resolution: "displayed WIDTHxHEIGHT"
        case .frameRate: "average frame rate, exact (24000/1001 is below 24)"
        case .variableFrameRate: "the frame rate varies, measured from frame timestamps"
        case .interlaced: "the video is interlaced (field order other than progressive)"
        case .hasAudio: "the video file has an audio track"
        case .focusScore: "steepness of the edges in the sharpest tenth of the picture at a 512 px short side, by its least sharp direction, noise discounted, whatever the contrast (docs/focus.md)"
        case .laplacianVariance: "OpenCV's variance of the Laplacian over the whole picture"
        case .jpegQuality: "estimated JPEG quality 1–100 from the quantisation tables (JPEG only)"
        }
    }

    /// Words for messages: "<subject> <value> is <over/under> <limit>".
    var subject: String {
        switch self {
        case .shortSide: "the short side,"
        case .longSide: "the long side,"
        case .fileSize: "the file,"
        case .encodedSize: "as a data URI the file is"
        case .pixels: "the picture,"
        case .focusScore: "focus score"
        case .laplacianVariance: "Laplacian variance"
        case .jpegQuality: "JPEG quality"
        case .aspectRatio: "aspect ratio"
        case .frameRate: "frame rate"
        default: ""
        }
    }

    var comparatives: (over: String, under: String) {
        switch self {
        case .duration: ("longer than", "shorter than")
        case .fileSize, .encodedSize, .pixels: ("larger than", "smaller than")
        case .shortSide, .longSide: ("larger than", "smaller than")
        case .aspectRatio: ("wider than", "narrower than")
        case .frameRate: ("faster than", "slower than")
        default: ("above", "below")
        }
    }

    /// The value of this measure for a record; nil when it does not apply (JPEG quality of a PNG).
    public func value(of record: ProbeRecord) -> MeasuredValue? {
        let size: (width: Int, height: Int)? = record.video.map { ($0.width, $0.height) }
            ?? record.image.map { ($0.width, $0.height) }
        switch self {
        case .readable: return .flag(record.failure == nil)
        case .hasVideo: return .flag(record.video != nil)
        case .kind: return .text(record.kind?.rawValue ?? "unknown")
        case .container: return record.container.map { .text($0) }
        case .fileExtension: return .text(record.fileExtension)
        case .extensionMatchesContainer:
            guard let container = record.container else { return nil }
            return .flag(Measure.extensions(for: container).map { $0.contains(record.fileExtension) } ?? true)
        case .codec:
            // A codec FFmpeg does not know is named by its tag, so that a codec rule fails on it.
            if let video = record.video, video.codec == nil { return .text("unknown (tag \(video.codecTag ?? "none"))") }
            return (record.video?.codec ?? record.image?.codec).map { .text($0) }
        case .fileSize: return record.sizeBytes.map { .integer($0) }
        case .encodedSize: return record.sizeBytes.map { .integer(Measure.dataURILength(bytes: $0, container: record.container)) }
        case .pixels: return size.map { .integer(Int64($0.width) * Int64($0.height)) }
        case .hasAudio: return record.kind == .image ? nil : .flag(!record.audio.isEmpty)
        case .duration: return record.kind == .image ? nil : record.durationSeconds.map { .number($0) }
        case .shortSide: return size.map { .integer(Int64(min($0.width, $0.height))) }
        case .longSide: return size.map { .integer(Int64(max($0.width, $0.height))) }
        case .aspectRatio:
            guard let size, size.height > 0 else { return nil }
            return .rational(Rational(Int64(size.width), Int64(size.height)))
        case .resolution: return size.map { .text("\($0.width)x\($0.height)") }
        case .frameRate: return record.video?.frameRate.map { .rational($0) }
        case .variableFrameRate: return record.video?.variableFrameRate.map { .flag($0) }
        case .interlaced:
            guard let order = record.video?.fieldOrder else { return nil }
            return .flag(order != "progressive")
        case .focusScore: return record.image?.focusScore.map { .number($0) }
        case .laplacianVariance: return record.image?.laplacianVariance.map { .number($0) }
        case .jpegQuality: return record.image?.jpegQuality.map { .integer(Int64($0)) }
        }
    }

    /// The extensions that honestly name a container.
    static func extensions(for container: String) -> Set<String>? {
        switch container {
        case "mp4": ["mp4", "m4v"]
        case "mov": ["mov", "qt"]
        case "matroska": ["mkv"]
        case "webm": ["webm"]
        case "jpeg": ["jpg", "jpeg", "jpe"]
        case "png": ["png"]
        case "webp": ["webp"]
        case "tiff": ["tif", "tiff"]
        case "avi": ["avi"]
        default: nil
        }
    }

    /// Shows a value the way a person reads it: "12.00 s", "152.3 MB", "23.976 fps (24000/1001)".
    public func format(_ value: MeasuredValue) -> String {
        switch (self, value) {
        case (.duration, .number(let seconds)): String(format: "%.2f s", seconds)
        case (.fileSize, .integer(let bytes)), (.encodedSize, .integer(let bytes)): Measure.megabytes(bytes)
        case (.pixels, .integer(let pixels)): String(format: "%.2f megapixels", Double(pixels) / 1_000_000)
        case (.shortSide, .integer(let pixels)), (.longSide, .integer(let pixels)): "\(pixels) px"
        case (.frameRate, .rational(let rate)):
            rate.denominator == 1 ? "\(rate.numerator) fps" : String(format: "%.3f fps (%@)", rate.value ?? 0, rate.description)
        case (.aspectRatio, .rational(let ratio)): String(format: "%.2f:1", ratio.value ?? 0)
        case (_, .number(let number)): Measure.trimmed(number)
        case (_, .integer(let integer)): String(integer)
        case (_, .rational(let rational)): rational.description
        case (_, .text(let text)): text.isEmpty ? "(none)" : text
        case (_, .flag(let flag)): flag ? "yes" : "no"
        }
    }

    /// "data:image/jpeg;base64," and the base64 text: every 3 bytes become 4 characters.
    static func dataURILength(bytes: Int64, container: String?) -> Int64 {
        let type: String
        switch container {
        case "jpeg": type = "image/jpeg"
        case "png": type = "image/png"
        case "webp": type = "image/webp"
        case "gif": type = "image/gif"
        case "mp4": type = "video/mp4"
        case "mov": type = "video/quicktime"
        case "webm": type = "video/webm"
        default: type = "application/octet-stream"
        }
        return Int64("data:\(type);base64,".utf8.count) + (bytes + 2) / 3 * 4
    }

    static func megabytes(_ bytes: Int64) -> String {
        let value = Double(bytes) / 1_000_000
        return value >= 10 ? String(format: "%.1f MB", value) : String(format: "%.2f MB", value)
    }

    /// "10 s", "10.05 s": a bound as written, for plans and notes.
    static func seconds(_ value: Double) -> String {
        var text = String(format: "%.3f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text + " s"
    }

    static func trimmed(_ number: Double) -> String {
        var text = String(format: "%.1f", number)
        if number != number.rounded() || abs(number) < 10 { text = String(format: "%.2f", number) }
        return text
    }
}
