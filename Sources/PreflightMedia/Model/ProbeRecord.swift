/// What preflight learned about one file: plain values, no FFmpeg types.
/// Its JSON form (see `ProbeRecord+JSON`) is the `preflight probe` contract.
public struct ProbeRecord: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable { case video, image, audio }

    public var path: String
    public var failure: MediaFailure?
    public var kind: Kind?
    /// "mp4", "mov", "matroska", "webm", "avi", "jpeg", "png", … (MP4 vs MOV from the ftyp brand).
    public var container: String?
    /// FFmpeg's demuxer name, e.g. "mov,mp4,m4a,3gp,3g2,mj2".
    public var formatName: String?
    /// The ftyp major brand of MP4/MOV files ("isom", "qt"), trimmed.
    public var majorBrand: String?
    /// The file name's extension, lower-cased, without the dot ("" when there is none).
    public var fileExtension: String
    public var sizeBytes: Int64?
    public var durationSeconds: Double?
    /// True when FFmpeg could only estimate the duration from the bit rate.
    public var durationEstimated: Bool
    /// The header's duration disagreed with the packets by more than two frames (or was the
    /// "unknown" marker), so `durationSeconds` is the span of the packets themselves.
    public var durationFromPackets = false
    /// The video's `frameRate` is the exact, steady interval of its presentation times, because
    /// FFmpeg's average differed from it or was unknown (see VideoProbe).
    public var frameRateFromPackets = false
    public var containerBitRate: Int64?
    public var video: VideoStreamInfo?
    public var audio: [AudioStreamInfo]
    public var image: ImageInfo?
    /// Warnings and errors FFmpeg logged while reading this file.
    public var log: [String]

    public init(path: String) {
        self.path = path
        self.fileExtension = ProbeRecord.fileExtension(of: path)
        self.durationEstimated = false
        self.audio = []
        self.log = []
    }

    /// A file reported without being read, for `failure`'s reason.
    public init(path: String, failure: MediaFailure) {
        self.init(path: path)
        self.failure = failure
    }

    public static func fileExtension(of path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }
}

public struct VideoStreamInfo: Sendable, Equatable, Codable {
    /// FFmpeg's codec name; nil when FFmpeg does not know the codec (then see `codecTag`).
    public var codec: String?
    /// The container's codec tag (MP4 sample entry, AVI FourCC), e.g. "avc1"; nil when there is none.
    public var codecTag: String? = nil
    /// The container's header gave another size than the bitstream's SPS; the SPS's is reported.
    public var dimensionsFromBitstream = false
    public var profile: String?
    public var pixelFormat: String?
    public var bitDepth: Int?
    /// Displayed size: the coded size with the rotation applied (the sample aspect ratio is not).
    public var width: Int
    public var height: Int
    public var codedWidth: Int
    public var codedHeight: Int
    /// Degrees, 0/90/180/270: how far the stored picture is turned clockwise to be shown.
    public var rotation: Int
    /// The display matrix mirrors the picture left to right (before the turn).
    public var mirrored = false
    public var sampleAspectRatio: Rational?
    /// Average frame rate (ffprobe's avg_frame_rate), exact.
    public var frameRate: Rational?
    /// Number of video frames (packets) actually in the file.
    public var frameCount: Int?
    /// Measured from the frame timestamps, not from headers.
    public var variableFrameRate: Bool?
    /// Lowest and highest instantaneous frame rate seen between consecutive frames.
    public var minFrameRate: Double?
    public var maxFrameRate: Double?
    /// "progressive", "tt", "bb", "tb", "bt" or nil when unknown.
    public var fieldOrder: String?
    public var bitRate: Int64?

    public var shortSide: Int { min(width, height) }
    public var longSide: Int { max(width, height) }
}

public struct AudioStreamInfo: Sendable, Equatable, Codable {
    public var codec: String
    public var channels: Int
    public var sampleRate: Int
}

public struct ImageInfo: Sendable, Equatable, Codable {
    public var codec: String
    /// Displayed size: EXIF orientation applied.
    public var width: Int
    public var height: Int
    public var codedWidth: Int
    public var codedHeight: Int
    /// EXIF orientation tag (1–8); 1 when the file has none.
    public var orientation: Int
    public var pixelFormat: String?
    public var bitDepth: Int?
    public var hasAlpha: Bool
    /// OpenCV's `Laplacian(gray, CV_64F).var()`; nil until the pixels were analysed.
    public var laplacianVariance: Double?
    /// Is some part in focus? Scale-normalised, direction-aware, noise-compensated (docs/focus.md).
    public var focusScore: Double?
    /// The noise level the focus score discounted, in luma units of the 512 px picture.
    public var noiseSigma: Double? = nil
    /// The focus score's tile grid (stored orientation), for heat-maps.
    public var focusTiles: FocusTiles? = nil
    /// Average luma 0–255 (brightness), from the same pass.
    public var meanLuma: Double?
    /// Estimated IJG quality of a JPEG's quantisation tables; nil for other formats.
    public var jpegQuality: Int?
    /// File bytes × 8 ÷ pixels.
    public var bitsPerPixel: Double?

    public var shortSide: Int { min(width, height) }
    public var longSide: Int { max(width, height) }
}
