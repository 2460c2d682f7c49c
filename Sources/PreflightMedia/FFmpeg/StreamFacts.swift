import CFFmpeg
import CFFmpegShim

/// Reads plain Swift facts out of AVStream / AVCodecParameters.
enum StreamFacts {
    static func rational(_ value: AVRational) -> Rational {
        Rational(Int64(value.num), Int64(value.den))
    }

    static func codecName(_ parameters: UnsafeMutablePointer<AVCodecParameters>) -> String {
        String(cString: avcodec_get_name(parameters.pointee.codec_id))
    }

    static func profileName(_ parameters: UnsafeMutablePointer<AVCodecParameters>) -> String? {
        profileName(codec: parameters.pointee.codec_id, profile: parameters.pointee.profile)
    }

    static func profileName(codec: AVCodecID, profile: Int32) -> String? {
        guard let name = avcodec_profile_name(codec, profile) else {
            // Codecs without profile names (VP8): the number, as ffprobe prints it. -99 is unknown.
            return profile >= 0 ? String(profile) : nil
        }
        return String(cString: name)
    }

    static func pixelFormat(_ raw: Int32) -> (name: String, bitDepth: Int, hasAlpha: Bool)? {
        guard raw >= 0, let descriptor = av_pix_fmt_desc_get(AVPixelFormat(rawValue: raw)) else { return nil }
        let flags = descriptor.pointee.flags
        return (String(cString: descriptor.pointee.name), Int(descriptor.pointee.comp.0.depth),
                flags & UInt64(AV_PIX_FMT_FLAG_ALPHA) != 0)
    }

    /// Display rotation: how far the stored picture is turned *clockwise* to be shown upright, in
    /// degrees 0/90/180/270 — what exiftool and MediaInfo report (an iPhone portrait clip: 90).
    /// av_display_rotation_get counts counter-clockwise (ffprobe prints −90 for that clip), so the
    /// sign is turned, as ffmpeg's own autorotation does.
    ///
    /// A matrix that mirrors (negative determinant: front cameras, editors' flip) is read as a
    /// left–right mirror of the stored picture followed by the clockwise turn; on its own,
    /// av_display_rotation_get reads a mirror as a half turn, and a copy "put upright" that way
    /// came out upside down.
    static func displayTransform(_ stream: UnsafeMutablePointer<AVStream>) -> (rotation: Int, mirrored: Bool) {
        guard let matrix = pf_stream_display_matrix(stream) else { return (0, false) }
        var entries = (0..<9).map { matrix[$0] }
        // x' = a·x + c·y, y' = b·x + d·y (16.16 fixed point): the determinant's sign is a·d − b·c's.
        let (a, b, c, d) = (Double(entries[0]), Double(entries[1]), Double(entries[3]), Double(entries[4]))
        let mirrored = a * d - b * c < 0
        if mirrored {
            // The matrix times a left–right mirror is the turn alone: its first column negated.
            entries[0] = entries[0] == .min ? .max : -entries[0]
            entries[1] = entries[1] == .min ? .max : -entries[1]
        }
        let degrees = entries.withUnsafeBufferPointer { -av_display_rotation_get($0.baseAddress!) }
        guard degrees.isFinite else { return (0, mirrored) }
        let quarterTurns = Int((degrees / 90).rounded())
        return (((quarterTurns % 4) + 4) % 4 * 90, mirrored)
    }

    static func fieldOrder(_ order: AVFieldOrder) -> String? {
        switch order {
        case AV_FIELD_PROGRESSIVE: "progressive"
        case AV_FIELD_TT: "tt"
        case AV_FIELD_BB: "bb"
        case AV_FIELD_TB: "tb"
        case AV_FIELD_BT: "bt"
        default: nil
        }
    }

    static func video(_ stream: UnsafeMutablePointer<AVStream>) -> VideoStreamInfo {
        let parameters = stream.pointee.codecpar!
        let codedWidth = Int(parameters.pointee.width)
        let codedHeight = Int(parameters.pointee.height)
        let (rotation, mirrored) = displayTransform(stream)
        let swaps = rotation == 90 || rotation == 270
        let format = pixelFormat(parameters.pointee.format)
        // As ffprobe (av_guess_sample_aspect_ratio): the container's value first, then the codec's.
        let containerAspect = rational(stream.pointee.sample_aspect_ratio)
        let sampleAspect = containerAspect.isKnown ? containerAspect : rational(parameters.pointee.sample_aspect_ratio)
        let averageRate = rational(stream.pointee.avg_frame_rate)
        var info = VideoStreamInfo(
            codec: parameters.pointee.codec_id == AV_CODEC_ID_NONE ? nil : codecName(parameters),
            profile: profileName(parameters),
            pixelFormat: format?.name,
            bitDepth: format?.bitDepth,
            width: swaps ? codedHeight : codedWidth,
            height: swaps ? codedWidth : codedHeight,
            codedWidth: codedWidth,
            codedHeight: codedHeight,
            rotation: rotation,
            mirrored: mirrored,
            sampleAspectRatio: sampleAspect.isKnown ? sampleAspect : nil,
            frameRate: averageRate.isKnown ? averageRate : nil,
            fieldOrder: fieldOrder(parameters.pointee.field_order),
            bitRate: parameters.pointee.bit_rate > 0 ? parameters.pointee.bit_rate : nil)
        info.codecTag = codecTag(parameters.pointee.codec_tag)
        return info
    }

    /// A FourCC as text ("avc1"); bytes that are not printable ASCII as "[N]", as ffprobe prints them.
    static func codecTag(_ tag: UInt32) -> String? {
        guard tag != 0 else { return nil }
        return (0..<4).map { shift -> String in
            let byte = UInt8((tag >> (8 * UInt32(shift))) & 0xFF)
            return (0x20..<0x7F).contains(byte) ? String(UnicodeScalar(byte)) : "[\(byte)]"
        }.joined()
    }

    static func audio(_ stream: UnsafeMutablePointer<AVStream>) -> AudioStreamInfo {
        let parameters = stream.pointee.codecpar!
        return AudioStreamInfo(codec: codecName(parameters),
                               channels: Int(parameters.pointee.ch_layout.nb_channels),
                               sampleRate: Int(parameters.pointee.sample_rate))
    }

    /// The timestamp of entry `entry` of the stream's index.
    static func indexTimestamp(_ stream: UnsafeMutablePointer<AVStream>, _ entry: Int) -> Int64? {
        var position: Int64 = 0, timestamp: Int64 = 0, size: Int32 = 0, keyframe: Int32 = 0, discarded: Int32 = 0
        return pf_index_entry(stream, Int32(entry), &position, &timestamp, &size, &keyframe, &discarded) == 1 ? timestamp : nil
    }

    /// The video stream that `ffmpeg -i` maps when told nothing else, the one players show and
    /// services built on FFmpeg process: the largest picture, a stream flagged default counting 5
    /// megapixels more (fftools' automatic selection), the first of equals. Cover art (an attached
    /// picture) is not video. The probe, `fix`, the previews and the suggested ffmpeg commands all
    /// take this stream. nil when there is no video stream.
    static func mainVideoStream(_ input: FormatInput) -> Int? {
        var best: (index: Int, score: Int)?
        for index in 0..<input.streamCount {
            let stream = input.stream(index)
            guard mediaType(stream) == AVMEDIA_TYPE_VIDEO, !isAttachedPicture(stream) else { continue }
            let parameters = stream.pointee.codecpar.pointee
            let flaggedDefault = stream.pointee.disposition & AV_DISPOSITION_DEFAULT != 0
            let score = Int(parameters.width) * Int(parameters.height) + (flaggedDefault ? 5_000_000 : 0)
            if score > best?.score ?? -1 { best = (index, score) }
        }
        return best?.index
    }

    static func isAttachedPicture(_ stream: UnsafeMutablePointer<AVStream>) -> Bool {
        stream.pointee.disposition & AV_DISPOSITION_ATTACHED_PIC != 0
    }

    static func mediaType(_ stream: UnsafeMutablePointer<AVStream>) -> AVMediaType {
        stream.pointee.codecpar.pointee.codec_type
    }
}
