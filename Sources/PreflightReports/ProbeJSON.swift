import PreflightMedia

/// The `preflight probe --format json` contract: keys as documented in the README, explicit nulls.
public enum ProbeJSON {
    /// The document around the records (streamed in place of the placeholder).
    public static func envelope(files: JSONValue = JSONArrayStream.placeholder) -> JSONValue {
        .object(["files": files])
    }

    public static func record(_ record: ProbeRecord) -> JSONValue {
        var members: [String: JSONValue] = [
            "path": .string(PathBytes.displayName(record.path)),
            "error": .optional(record.failure) { .object(["code": .string($0.code.rawValue), "message": .string($0.message)]) },
            "kind": .optional(record.kind) { .string($0.rawValue) },
            "container": .optional(record.container, JSONValue.string),
            "formatName": .optional(record.formatName, JSONValue.string),
            "majorBrand": .optional(record.majorBrand, JSONValue.string),
            "extension": .string(record.fileExtension),
            "sizeBytes": .optional(record.sizeBytes, JSONValue.int),
            "durationSeconds": .optional(record.durationSeconds, JSONValue.double),
            "durationEstimated": .bool(record.durationEstimated),
            "durationFromPackets": .bool(record.durationFromPackets),
            "frameRateFromPackets": .bool(record.frameRateFromPackets),
            "containerBitRate": .optional(record.containerBitRate, JSONValue.int),
            "video": .optional(record.video, video),
            "audio": .array(record.audio.map(audio)),
            "log": .array(record.log.map(JSONValue.string)),
        ]
        if record.kind == .image || record.image != nil {
            members["image"] = .optional(record.image, image)
        }
        return .object(members)
    }

    static func video(_ video: VideoStreamInfo) -> JSONValue {
        .object([
            "codec": .optional(video.codec, JSONValue.string),
            "codecTag": .optional(video.codecTag, JSONValue.string),
            "dimensionsFromBitstream": .bool(video.dimensionsFromBitstream),
            "profile": .optional(video.profile, JSONValue.string),
            "pixelFormat": .optional(video.pixelFormat, JSONValue.string),
            "bitDepth": .optional(video.bitDepth) { .int(Int64($0)) },
            "width": .int(Int64(video.width)),
            "height": .int(Int64(video.height)),
            "codedWidth": .int(Int64(video.codedWidth)),
            "codedHeight": .int(Int64(video.codedHeight)),
            "rotation": .int(Int64(video.rotation)),
            "mirrored": .bool(video.mirrored),
            "sampleAspectRatio": .optional(video.sampleAspectRatio) { .string($0.ratioDescription) },
            "frameRate": .optional(video.frameRate) { .string($0.description) },
            "frameRateValue": .optional(video.frameRate?.value) { .double(($0 * 1000).rounded() / 1000) },
            "frameCount": .optional(video.frameCount) { .int(Int64($0)) },
            "variableFrameRate": .optional(video.variableFrameRate, JSONValue.bool),
            "minFrameRate": .optional(video.minFrameRate) { .double(($0 * 1000).rounded() / 1000) },
            "maxFrameRate": .optional(video.maxFrameRate) { .double(($0 * 1000).rounded() / 1000) },
            "fieldOrder": .optional(video.fieldOrder, JSONValue.string),
            "bitRate": .optional(video.bitRate, JSONValue.int),
        ])
    }

    static func audio(_ audio: AudioStreamInfo) -> JSONValue {
        .object(["codec": .string(audio.codec), "channels": .int(Int64(audio.channels)),
                 "sampleRate": .int(Int64(audio.sampleRate))])
    }

    static func image(_ image: ImageInfo) -> JSONValue {
        .object([
            "codec": .string(image.codec),
            "width": .int(Int64(image.width)),
            "height": .int(Int64(image.height)),
            "codedWidth": .int(Int64(image.codedWidth)),
            "codedHeight": .int(Int64(image.codedHeight)),
            "orientation": .int(Int64(image.orientation)),
            "pixelFormat": .optional(image.pixelFormat, JSONValue.string),
            "bitDepth": .optional(image.bitDepth) { .int(Int64($0)) },
            "hasAlpha": .bool(image.hasAlpha),
            "laplacianVariance": .optional(image.laplacianVariance, JSONValue.double),
            "focusScore": .optional(image.focusScore, JSONValue.double),
            "noiseSigma": .optional(image.noiseSigma) { .double(($0 * 1000).rounded() / 1000) },
            "focusTiles": .optional(image.focusTiles) { tiles in
                .object(["columns": .int(Int64(tiles.columns)), "rows": .int(Int64(tiles.rows)),
                         "values": .array(tiles.values.map { .double(($0 * 10).rounded() / 10) })])
            },
            "meanLuma": .optional(image.meanLuma) { .double(($0 * 100).rounded() / 100) },
            "jpegQuality": .optional(image.jpegQuality) { .int(Int64($0)) },
            "bitsPerPixel": .optional(image.bitsPerPixel) { .double(($0 * 1000).rounded() / 1000) },
        ])
    }
}
