/// What `preflight fix` asks the media layer to write: plain values, decided by the rules layer
/// (FixPlanner) from a file's findings. Sizes are as displayed: rotation and EXIF orientation are
/// applied to the pixels of every re-encoded output, which then carries no rotation of its own.
public struct VideoRewritePlan: Sendable, Equatable {
    /// "mp4" or "mov".
    public var container: String
    /// False: every stream is copied as it is (a remux). True: the video is decoded, filtered and
    /// encoded with libx264.
    public var reencodeVideo: Bool
    /// Keep only what ends by this many seconds from the start.
    public var endSeconds: Double?
    /// A centre crop (displayed pixels) before scaling.
    public var cropWidth: Int?
    public var cropHeight: Int?
    /// Output size (displayed pixels, even numbers).
    public var width: Int?
    public var height: Int?
    /// Constant output frame rate.
    public var frameRate: Rational?
    public var deinterlace: Bool
    public var dropAudio: Bool
    /// Clockwise degrees the input is shown rotated by (0, 90, 180, 270).
    public var rotation: Int
    /// The input is shown mirrored left to right (before the rotation).
    public var mirrored: Bool
    /// A cap on the video bit rate (bits per second), for a file-size limit.
    public var maxVideoBitRate: Int64?
    /// x264's constant rate factor: 18 is visually lossless for most sources.
    public var quality: Int

    public init(container: String, reencodeVideo: Bool = false, endSeconds: Double? = nil, cropWidth: Int? = nil,
                cropHeight: Int? = nil, width: Int? = nil, height: Int? = nil, frameRate: Rational? = nil,
                deinterlace: Bool = false, dropAudio: Bool = false, rotation: Int = 0, mirrored: Bool = false,
                maxVideoBitRate: Int64? = nil, quality: Int = 18) {
        self.container = container
        self.reencodeVideo = reencodeVideo
        self.endSeconds = endSeconds
        self.cropWidth = cropWidth
        self.cropHeight = cropHeight
        self.width = width
        self.height = height
        self.frameRate = frameRate
        self.deinterlace = deinterlace
        self.dropAudio = dropAudio
        self.rotation = rotation
        self.mirrored = mirrored
        self.maxVideoBitRate = maxVideoBitRate
        self.quality = quality
    }
}

public struct ImageRewritePlan: Sendable, Equatable {
    public enum Format: String, Sendable { case png, jpeg }
    public var format: Format
    /// JPEG quality 1–100 (libjpeg's scale), for `.jpeg`.
    public var quality: Int
    /// EXIF orientation (1–8) of the input, applied to the pixels; the output has no EXIF.
    public var orientation: Int
    public var cropWidth: Int?
    public var cropHeight: Int?
    public var width: Int?
    public var height: Int?

    public init(format: Format, quality: Int = 95, orientation: Int = 1, cropWidth: Int? = nil, cropHeight: Int? = nil,
                width: Int? = nil, height: Int? = nil) {
        self.format = format
        self.quality = quality
        self.orientation = orientation
        self.cropWidth = cropWidth
        self.cropHeight = cropHeight
        self.width = width
        self.height = height
    }
}

/// Why a rewrite stopped; the output file is then incomplete and the caller removes it.
public struct RewriteError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }

    init(_ error: FFmpegCallError) { description = "\(error.function): \(error.message)" }
}
