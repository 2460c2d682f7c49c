import CFFmpeg
import CFFmpegShim

/// Decodes one keyframe packet into a picture and says whether it decoded cleanly. Shared by the
/// decode proof (`check`) and by the first-picture read of demuxed containers, which learns the
/// picture format from one keyframe instead of the many frames avformat_find_stream_info decodes.
struct KeyframeDecoding {
    let parameters: UnsafeMutablePointer<AVCodecParameters>
    let input: FormatInput
    let options: ProbeOptions

    /// What one decoded keyframe shows.
    struct Picture {
        var timestamp: Int64
        var pixelFormat: Int32
        var width: Int
        var height: Int
        var fieldOrder: String
        var sampleAspectRatio: Rational
        /// The decoder's profile after reading the bitstream (VP9 and MPEG-TS H.264 headers say none).
        var profile: Int32
    }

    enum Outcome {
        case decoded(Picture)
        case failed(MediaFailure)
    }

    /// A decoder for the stream, or why there is none. The loop filter is skipped (no pixel is
    /// kept); the bitstream is still parsed and reconstructed, so errors show. Picture buffers stay
    /// FFmpeg's cleared ones: a get_buffer2 that skipped the clearing saved 5.6 % of `check`'s
    /// instructions on the bench's mixed clips, but on damaged streams the decoders read the
    /// uncleared memory (valgrind: uninitialised values used as addresses inside libavcodec).
    ///
    /// Every frame is shown (`AV_CODEC_FLAG2_SHOW_ALL`): an H.264 stream with periodic intra
    /// refresh (x264's intra-refresh, hardware encoders in low-latency mode, screen and game
    /// capture) has one IDR picture at most; its other keyframes are recovery points, P pictures
    /// whose picture is complete only a refresh period later, and the decoder would hold them back
    /// until then, so a lone one came out as nothing and the file was called damaged. Shown at
    /// once, the keyframe's bitstream is still decoded and its errors still count.
    func makeDecoder() -> Result<Decoder, MediaFailure> {
        do {
            let decoder = try Decoder(parameters: parameters, maxPixels: options.pixelBudget)
            decoder.context.pointee.skip_loop_filter = AVDISCARD_ALL
            decoder.context.pointee.flags2 |= AV_CODEC_FLAG2_SHOW_ALL
            return .success(decoder)
        } catch {
            let codec = parameters.pointee.codec_id == AV_CODEC_ID_NONE
                ? "video of an unknown codec (tag \(StreamFacts.codecTag(parameters.pointee.codec_tag) ?? "none"))"
                : "\(StreamFacts.codecName(parameters)) video"
            return .failure(MediaFailure(.unsupported, "FFmpeg has no decoder for this \(codec), so no service built on it can play it either"))
        }
    }

    /// Decodes `packet`, a keyframe, with a decoder of its own, returned for the next keyframe.
    func decodeFirst(_ packet: UnsafeMutablePointer<AVPacket>) -> (outcome: Outcome, decoder: Decoder?) {
        switch makeDecoder() {
        case .failure(let failure): return (.failed(failure), nil)
        case .success(let decoder): return (decode(packet, with: decoder), decoder)
        }
    }

    /// Decodes `packet`, a keyframe, with `decoder` (flushed before its next use by the caller).
    func decode(_ packet: UnsafeMutablePointer<AVPacket>, with decoder: Decoder) -> Outcome {
        let errorsBefore = FFmpegLog.errorsSoFar
        let timestamp = packet.pointee.pts != pf_nopts_value() ? packet.pointee.pts : packet.pointee.dts
        // A keyframe an edit list hides is decoded all the same (the shown frames refer to it), but
        // the decoder would drop its picture: it is the proof, so it is kept.
        pf_packet_show(packet)
        let sent = decoder.send(packet)
        if sent < 0 {
            return .failed(MediaFailure(.undecodable, "the video's keyframe does not decode "
                + "(\(FFmpegCallError(code: sent, function: "avcodec_send_packet").message)): the media data is damaged"))
        }
        _ = decoder.send(nil)  // drain: a decoder that reorders frames gives up the keyframe now
        let frame = Frame()
        let received = decoder.receive(into: frame)
        if received < 0 {
            if input.deadlinePassed { return .failed(timeout) }
            return .failed(MediaFailure(.undecodable, "the video's keyframe does not decode into a picture "
                + "(\(FFmpegCallError(code: received, function: "avcodec_receive_frame").message)): the media data is damaged"))
        }
        let picture = frame.pointer.pointee
        if picture.width <= 0 || picture.height <= 0 {
            return .failed(MediaFailure(.noFrames, "the video's keyframe decodes to an empty (0×0) picture"))
        }
        if picture.decode_error_flags != 0 || FFmpegLog.errorsSoFar > errorsBefore {
            return .failed(MediaFailure(.undecodable, "the video's keyframe decodes with errors: the media data is damaged"))
        }
        let fieldOrder = picture.interlaced_frame == 0 ? "progressive" : picture.top_field_first != 0 ? "tt" : "bb"
        var profile = decoder.context.pointee.profile
        // FFmpeg's VP8 decoder keeps the version to itself: the frame tag's bits 1–3 (RFC 6386 9.1).
        if profile < 0, parameters.pointee.codec_id == AV_CODEC_ID_VP8, packet.pointee.size > 0, let data = packet.pointee.data {
            profile = Int32((data[0] >> 1) & 7)
        }
        return .decoded(Picture(timestamp: timestamp, pixelFormat: picture.format, width: Int(picture.width),
                                height: Int(picture.height), fieldOrder: fieldOrder,
                                sampleAspectRatio: StreamFacts.rational(picture.sample_aspect_ratio), profile: profile))
    }

    var timeout: MediaFailure {
        MediaFailure(.timeout, "gave up after \(MediaProbe.formatSeconds(options.timeoutSeconds)) s decoding the video")
    }
}
