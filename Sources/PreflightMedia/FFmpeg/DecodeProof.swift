import CFFmpeg
import CFFmpegShim

/// Proof that a video stream really decodes: its first keyframe and its last keyframe are sent to
/// the decoder and must each come out as a picture without decoding errors. A file whose index is
/// fine but whose media data is zeroed, damaged or cut short is caught here — a file no service can
/// play must not pass. A stream with one keyframe needs one decode.
///
/// MP4/MOV, fragmented ones too: both keyframes are sought through the sample index. Demuxed
/// containers: the first keyframe was decoded as its packets passed, and the last one was kept as
/// it passed (`PacketTimeline`) — MPEG-TS, MPEG-PS and FLV have no keyframe index, and a seek there
/// lands by timestamp, after the last keyframe. Where a Matroska or an AVI file's index knows a
/// later keyframe than the last one the demuxer flagged (its parser drops the flag of a keyframe
/// whose data is damaged), that keyframe is sought and decoded instead.
enum DecodeProof {
    /// nil when both keyframes decode; otherwise why not.
    static func check(_ input: FormatInput, videoStream: Int, timeline: PacketTimeline, options: ProbeOptions) -> MediaFailure? {
        let decoding = KeyframeDecoding(parameters: input.stream(videoStream).pointee.codecpar!, input: input, options: options)
        // The decoder of the first keyframe decoded while demuxing, else made when a keyframe is
        // to be decoded here (none is when the one decoded while demuxing was the only keyframe).
        var made: Decoder? = timeline.firstKeyframeDecoder
        func decoder() -> Result<Decoder, MediaFailure> {
            if let made { avcodec_flush_buffers(made.context); return .success(made) }
            return decoding.makeDecoder().map { made = $0; return $0 }
        }
        let first: Int64
        switch timeline.firstKeyframe {
        case .failed(let failure): return failure
        case .decoded(let picture): first = picture.timestamp
        case nil:
            switch decoder() {
            case .failure(let failure): return failure
            case .success(let decoder):
                switch attempt(input, decoding: decoding, decoder: decoder, stream: videoStream,
                               at: timeline.videoTimestamps.min() ?? 0) {
                case .failed(let failure): return failure
                case .decoded(let picture): first = picture.timestamp
                }
            }
        }
        let last: LastKeyframe
        switch lastKeyframe(input, videoStream: videoStream, timeline: timeline, first: first) {
        case nil: return nil
        case .failure(let failure): return failure
        case .success(let found): last = found
        }
        let lastDecoder: Decoder
        switch decoder() {
        case .failure(let failure): return failure
        case .success(let decoder): lastDecoder = decoder
        }
        let outcome = switch last {
        case .kept(let packet): decoding.decode(packet.pointer, with: lastDecoder)
        case .sought(let timestamp): attempt(input, decoding: decoding, decoder: lastDecoder, stream: videoStream, at: timestamp)
        }
        switch outcome {
        case .failed(let failure): return failure.code == .timeout ? failure
            : MediaFailure(.undecodable, "the first keyframe decodes but the last one does not (\(failure.message)): "
                           + "the file is damaged or cut off after its start")
        case .decoded: return nil
        }
    }

    /// Where the last keyframe comes from.
    private enum LastKeyframe {
        /// Kept as the packets passed.
        case kept(Packet)
        /// To be sought: the keyframe at or before this time.
        case sought(Int64)
    }

    /// The last keyframe, or nil when the first keyframe is the only one.
    private static func lastKeyframe(_ input: FormatInput, videoStream: Int, timeline: PacketTimeline,
                                     first: Int64) -> Result<LastKeyframe, MediaFailure>? {
        guard timeline.demuxed else {
            guard timeline.videoKeyframeCount != 1, let last = timeline.videoTimestamps.max(), last > first else { return nil }
            return .success(.sought(last))
        }
        let stream = input.stream(videoStream)
        let entry = av_index_search_timestamp(stream, .max, AVSEEK_FLAG_BACKWARD)  // the last keyframe entry
        if input.indexMarksKeyframes, let flagged = timeline.lastKeyframeTime, entry >= 0,
           let indexed = StreamFacts.indexTimestamp(stream, Int(entry)), indexed > flagged {
            return .success(.sought(indexed))
        }
        if let kept = timeline.lastKeyframe { return .success(.kept(kept)) }
        if let unkept = timeline.lastKeyframeUnkept {
            return .failure(MediaFailure(.corrupt, "the video's last keyframe cannot be held for decoding (\(unkept.message))"))
        }
        return nil
    }

    /// Seeks to the keyframe at or before `timestamp` and decodes it.
    private static func attempt(_ input: FormatInput, decoding: KeyframeDecoding, decoder: Decoder, stream: Int,
                                at timestamp: Int64) -> KeyframeDecoding.Outcome {
        let seek = av_seek_frame(input.context, Int32(stream), timestamp, AVSEEK_FLAG_BACKWARD)
        if seek < 0, input.deadlinePassed { return .failed(decoding.timeout) }
        // A failed seek leaves the demuxer where it was; reading on still finds a keyframe if any.
        let packet = Packet()
        var videoPackets = 0
        for _ in 0..<4096 {  // the keyframe is the first video packet after a seek; bounded all the same
            do {
                try input.readPacket(into: packet.pointer)
            } catch {
                if input.deadlinePassed { return .failed(decoding.timeout) }
                if !error.isEndOfFile {
                    return .failed(MediaFailure(.undecodable, "the video's keyframe cannot be read (\(error.message))"))
                }
                return .failed(MediaFailure(.undecodable, videoPackets > 0
                    ? "none of the \(videoPackets) video packets read from here holds a keyframe: the media data is damaged or blank"
                    : "the file ends before the video's keyframe: it is cut off"))
            }
            defer { packet.unreference() }
            guard Int(packet.pointer.pointee.stream_index) == stream else { continue }
            videoPackets += 1
            guard packet.pointer.pointee.flags & AV_PKT_FLAG_KEY != 0 else { continue }
            return decoding.decode(packet.pointer, with: decoder)
        }
        return .failed(MediaFailure(.undecodable, "none of the first \(videoPackets) video packets holds a keyframe: the media data is damaged or blank"))
    }
}
