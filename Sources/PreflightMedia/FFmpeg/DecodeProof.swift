import CFFmpeg
import CFFmpegShim

/// Proof that a video stream really decodes: its first keyframe and its last keyframe are sent to
/// the decoder and must each come out as a picture without decoding errors. A file whose index is
/// fine but whose media data is zeroed, damaged or cut short is caught here — a file no service can
/// play must not pass. The loop filter is skipped (no pixel is kept); the bitstream is still parsed
/// and reconstructed, so errors show.
enum DecodeProof {
    /// nil when both keyframes decode; otherwise why not.
    static func check(_ input: FormatInput, videoStream: Int, firstTimestamp: Int64?, lastTimestamp: Int64?,
                      options: ProbeOptions) -> MediaFailure? {
        let stream = input.stream(videoStream)
        let parameters = stream.pointee.codecpar!
        let codec = parameters.pointee.codec_id == AV_CODEC_ID_NONE
            ? "video of an unknown codec (tag \(StreamFacts.codecTag(parameters.pointee.codec_tag) ?? "none"))"
            : "\(StreamFacts.codecName(parameters)) video"
        let decoder: Decoder
        do {
            decoder = try Decoder(parameters: parameters, maxPixels: options.pixelBudget)
        } catch {
            return MediaFailure(.unsupported, "FFmpeg has no decoder for this \(codec), so no service built on it can play it either")
        }
        decoder.context.pointee.skip_loop_filter = AVDISCARD_ALL
        let start = attempt(input, decoder: decoder, stream: videoStream, at: firstTimestamp ?? 0, options: options)
        if case .failed(let failure) = start { return failure }
        guard case .decoded(let firstKeyframe) = start, let lastTimestamp, lastTimestamp > firstKeyframe else { return nil }
        avcodec_flush_buffers(decoder.context)
        switch attempt(input, decoder: decoder, stream: videoStream, at: lastTimestamp, options: options) {
        case .failed(let failure): return failure.code == .timeout ? failure
            : MediaFailure(.undecodable, "the first keyframe decodes but the last one does not (\(failure.message)): "
                           + "the file is damaged or cut off after its start")
        case .decoded: return nil
        }
    }

    private enum Outcome {
        /// The keyframe at this timestamp decoded.
        case decoded(Int64)
        case failed(MediaFailure)
    }

    /// Seeks to the keyframe at or before `timestamp` and decodes it.
    private static func attempt(_ input: FormatInput, decoder: Decoder, stream: Int, at timestamp: Int64,
                                options: ProbeOptions) -> Outcome {
        let seek = av_seek_frame(input.context, Int32(stream), timestamp, AVSEEK_FLAG_BACKWARD)
        if seek < 0, input.deadlinePassed { return .failed(timeout(options)) }
        // A failed seek leaves the demuxer where it was; reading on still finds a keyframe if any.
        let packet = Packet()
        let frame = Frame()
        let errorsBefore = FFmpegLog.errorsSoFar
        var keyframe: Int64?
        var videoPackets = 0
        for _ in 0..<4096 {  // the keyframe is the first video packet after a seek; bounded all the same
            do {
                try input.readPacket(into: packet.pointer)
            } catch {
                if input.deadlinePassed { return .failed(timeout(options)) }
                if !error.isEndOfFile {
                    return .failed(MediaFailure(.undecodable, "the video's keyframe cannot be read (\(error.message))"))
                }
                return .failed(MediaFailure(.undecodable, videoPackets > 0
                    ? "none of the \(videoPackets) video packets read from here holds a keyframe: the media data is damaged or blank"
                    : "the file ends before the video's keyframe: it is cut off"))
            }
            defer { packet.unreference() }
            let current = packet.pointer.pointee
            guard Int(current.stream_index) == stream else { continue }
            videoPackets += 1
            guard current.flags & AV_PKT_FLAG_KEY != 0 else { continue }
            keyframe = current.pts != pf_nopts_value() ? current.pts : current.dts
            let sent = decoder.send(packet.pointer)
            if sent < 0 {
                return .failed(MediaFailure(.undecodable, "the video's keyframe does not decode "
                    + "(\(FFmpegCallError(code: sent, function: "avcodec_send_packet").message)): the media data is damaged"))
            }
            break
        }
        guard let keyframe else {
            return .failed(MediaFailure(.undecodable, "none of the first \(videoPackets) video packets holds a keyframe: the media data is damaged or blank"))
        }
        _ = decoder.send(nil)  // drain: a decoder that reorders frames gives up the keyframe now
        let received = decoder.receive(into: frame)
        if received < 0 {
            if input.deadlinePassed { return .failed(timeout(options)) }
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
        return .decoded(keyframe)
    }

    private static func timeout(_ options: ProbeOptions) -> MediaFailure {
        MediaFailure(.timeout, "gave up after \(MediaProbe.formatSeconds(options.timeoutSeconds)) s decoding the video")
    }
}
