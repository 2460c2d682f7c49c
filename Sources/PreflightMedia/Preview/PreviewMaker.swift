import CFFmpeg
import CFFmpegShim

/// Makes a file's preview: images decoded once and scaled to fit 320 px; videos show the pictures
/// at eight evenly spread times (the third also as the poster), reached by seeking to the keyframe
/// before each time only when decoding on from the last one would cost more.
public enum PreviewMaker {
    public static let posterSide = 320
    public static let filmstripSide = 112
    public static let filmstripCount = 8

    /// nil when the file cannot be shown (unreadable, no picture): the report then says so.
    public static func preview(of path: String, record: ProbeRecord, pixelBudget: Int = ProbeOptions().pixelBudget) -> MediaPreview? {
        guard record.failure == nil else { return nil }
        _ = MediaProbe.processLimits
        let (result, _) = FFmpegLog.capturing { () -> MediaPreview? in
            do {
                switch record.kind {
                case .image: return try imagePreview(path, orientation: record.image?.orientation ?? 1, pixelBudget: pixelBudget)
                case .video: return try videoPreview(path, record: record, pixelBudget: pixelBudget)
                default: return nil
                }
            } catch {
                return nil
            }
        }
        return result
    }

    static func imagePreview(_ path: String, orientation: Int, pixelBudget: Int) throws(RewriteError) -> MediaPreview {
        let input = try MediaRewriter.openInput(path)
        do { try input.findStreamInfo() } catch { throw RewriteError(error) }
        guard let index = StreamFacts.mainVideoStream(input) else { throw RewriteError("no picture") }
        let decoder: Decoder
        do { decoder = try Decoder(parameters: input.stream(index).pointee.codecpar, maxPixels: pixelBudget) } catch { throw RewriteError(error) }
        let picture = try ImageRewrite.firstPicture(input: input, stream: index, decoder: decoder)
        let poster = try JPEGThumbnail.encode(picture, fitting: posterSide, turns: UprightFilters.orientation(orientation), seconds: 0,
                                              with: ThumbnailPicture())
        return MediaPreview(poster: poster)
    }

    static func videoPreview(_ path: String, record: ProbeRecord, pixelBudget: Int) throws(RewriteError) -> MediaPreview {
        let input = try MediaRewriter.openInput(path)
        // The stream's parameters are read without decoding its pictures (FFmpeg's analysis would
        // decode some to learn what the probe already knows); the filmstrip decodes what it shows.
        let early = StreamFacts.mainVideoStream(input)
        do { try input.findStreamInfo(undecoded: early, analysisSeconds: 1) } catch { throw RewriteError(error) }
        guard let index = StreamFacts.mainVideoStream(input) else { throw RewriteError("no video stream") }
        let stream = input.stream(index)
        for other in 0..<input.streamCount where other != index { input.stream(other).pointee.discard = AVDISCARD_ALL }
        let decoder: Decoder
        do { decoder = try Decoder(parameters: stream.pointee.codecpar, maxPixels: pixelBudget) } catch { throw RewriteError(error) }
        // Thumbnails of at most 320 px need neither the deblocking filter nor the frames nothing
        // refers to: skipping both roughly halves the decoding between a keyframe and a target.
        decoder.context.pointee.skip_loop_filter = AVDISCARD_ALL
        decoder.context.pointee.skip_frame = AVDISCARD_NONREF
        let turns = UprightFilters.display(rotation: record.video?.rotation ?? 0, mirrored: record.video?.mirrored ?? false)
        let posterPictures = ThumbnailPicture(), stripPictures = ThumbnailPicture()
        let duration = max(record.durationSeconds ?? 0, 0)
        let timeBase = stream.pointee.time_base
        // Times are the presentation's, from its start (MPEG-TS starts anywhere; a video track that
        // an empty edit delays starts after the audio, and its pictures are shown that late).
        let presentationStart = input.context.pointee.start_time
        let start = presentationStart != pf_nopts_value() ? av_rescale_q(presentationStart, AVRational(num: 1, den: AV_TIME_BASE), timeBase)
            : stream.pointee.start_time == pf_nopts_value() ? 0 : stream.pointee.start_time
        var filmstrip: [MediaPreview.Picture] = []
        var poster: MediaPreview.Picture?
        let packet = Packet()
        let frame = Frame()
        var position: Int64?  // timestamp of the last picture decoded
        var held = false      // `frame` holds a decoded picture not yet used
        let previous = Frame()  // the last picture passed over: shown when the clip ends before a target
        let firstShown = Frame()  // the strip's first picture: the poster of a strip of one or two
        // Decoding towards a time costs up to a whole GOP, and phones and encoders with long GOPs
        // make that most of the clip. Past this budget the filmstrip shows keyframes, which cost one
        // decode each (as players' scrubbing previews and AVAssetImageGenerator do by default);
        // the times under the pictures are always where the pictures really are.
        var budget = 8 * 1920 * 1080
        var keyframesOnly = false
        // Keyframes only: the index entry of the last keyframe decoded. A slot whose keyframe is that
        // one or an earlier one would decode a picture the strip has shown or passed (a clip with
        // one keyframe decoded it once for every slot left): it is skipped without decoding.
        var decodedKeyframe: Int32 = -1
        for slot in 0..<filmstripCount {
            let seconds = duration * (Double(slot) + 0.5) / Double(filmstripCount)
            let target = start + Int64(seconds / av_q2d(timeBase))
            // Seek only when a keyframe lies between where decoding is and the target (or the
            // target is behind): otherwise decoding on is cheaper than starting a GOP again.
            let keyframe = av_index_search_timestamp(stream, target, AVSEEK_FLAG_BACKWARD)
            let keyframeTime: Int64? = keyframe >= 0 ? StreamFacts.indexTimestamp(stream, Int(keyframe)) : nil
            // Without an index of keyframes (MPEG-TS, MPEG-PS, FLV, WebM without cues) a seek lands
            // on any packet, often not a keyframe: those files are decoded straight through.
            let indexed = input.indexMarksKeyframes && avformat_index_get_entries_count(stream) > 0
            if indexed, keyframesOnly {
                if keyframe <= decodedKeyframe { continue }
                decodedKeyframe = keyframe
            }
            if indexed, keyframesOnly || position == nil || position! > target || keyframeTime.map({ $0 > position! }) ?? false {
                if avformat_seek_file(input.context, Int32(index), .min, target, target, 0) < 0 && position != nil { break }
                avcodec_flush_buffers(decoder.context)
                held = false
            }
            var picture: Frame?
            while true {
                if !held {
                    guard try firstFrame(input, index: index, decoder: decoder, packet: packet, frame: frame) != nil else {
                        if previous.pointer.pointee.buf.0 != nil {
                            av_frame_move_ref(frame.pointer, previous.pointer)
                            picture = frame
                        }
                        break
                    }
                    held = true
                }
                let timestamp = frame.pointer.pointee.best_effort_timestamp
                position = timestamp == pf_nopts_value() ? position : timestamp
                if timestamp == pf_nopts_value() || timestamp >= target - 1 || keyframesOnly && indexed {
                    picture = frame
                    break
                }
                budget -= Int(frame.pointer.pointee.width) * Int(frame.pointer.pointee.height)
                av_frame_unref(previous.pointer)
                av_frame_move_ref(previous.pointer, frame.pointer)
                held = false
                if budget <= 0 && !keyframesOnly {
                    // This slot shows the picture just decoded on the way (at its own time, nearer
                    // the target than the keyframe it came from, which is not decoded again); the
                    // slots after it show keyframes.
                    keyframesOnly = true
                    decoder.context.pointee.skip_frame = AVDISCARD_NONKEY
                    if indexed { decodedKeyframe = keyframe }
                    av_frame_move_ref(frame.pointer, previous.pointer)
                    picture = frame
                    break
                }
            }
            guard let picture else { break }
            let timestamp = picture.pointer.pointee.best_effort_timestamp
            let at = timestamp == pf_nopts_value() ? seconds : max(0, Double(timestamp - start) * av_q2d(timeBase))
            // The same picture again, or (keyframes only) one before the last shown: the strip only moves on.
            if filmstrip.last.map({ at <= $0.seconds + 1e-6 }) == true { continue }
            if filmstrip.isEmpty { av_frame_ref(firstShown.pointer, picture.pointer) }
            if poster == nil && slot >= 2 {
                poster = try JPEGThumbnail.encode(picture, fitting: posterSide, turns: turns, seconds: at, with: posterPictures)
            }
            filmstrip.append(try JPEGThumbnail.encode(picture, fitting: filmstripSide, turns: turns, seconds: at, with: stripPictures))
            av_frame_unref(previous.pointer)
            av_frame_move_ref(previous.pointer, frame.pointer)
            held = false
        }
        if filmstrip.isEmpty { throw RewriteError("no picture decoded") }
        if poster == nil {
            // Fewer than three pictures: the poster is the first, larger (not decoded again).
            poster = try JPEGThumbnail.encode(firstShown, fitting: posterSide, turns: turns, seconds: filmstrip[0].seconds,
                                              with: posterPictures)
        }
        return MediaPreview(poster: poster, filmstrip: filmstrip)
    }

    private static func firstFrame(_ input: FormatInput, index: Int, decoder: Decoder, packet: Packet, frame: Frame) throws(RewriteError) -> Frame? {
        var sentEnd = false
        for _ in 0..<2000 {
            let received = decoder.receive(into: frame)
            if received >= 0 { return frame }
            if received == pf_averror_eof() { return nil }
            if sentEnd { return nil }
            do {
                try input.readPacket(into: packet.pointer)
            } catch {
                if !error.isEndOfFile { throw RewriteError(error) }
                _ = decoder.send(nil)
                sentEnd = true
                continue
            }
            defer { packet.unreference() }
            guard Int(packet.pointer.pointee.stream_index) == index else { continue }
            _ = decoder.send(packet.pointer)
        }
        return nil
    }
}

/// One decoded picture → an upright JPEG fitting a square of `side` pixels (quality about 75).
enum JPEGThumbnail {
    /// - Parameter pictures: the scaler to use (one per thumbnail size: it keeps its set-up).
    static func encode(_ frame: Frame, fitting side: Int, turns: [String], seconds: Double,
                       with pictures: ThumbnailPicture) throws(RewriteError) -> MediaPreview.Picture {
        let picture = frame.pointer.pointee
        let quarterTurn = turns.contains { $0.hasPrefix("transpose") }
        let shownWidth = quarterTurn ? Int(picture.height) : Int(picture.width)
        let shownHeight = quarterTurn ? Int(picture.width) : Int(picture.height)
        let scale = min(1, Double(side) / Double(max(shownWidth, shownHeight, 1)))
        let width = max(2, Int((Double(shownWidth) * scale).rounded()) / 2 * 2)
        let height = max(2, Int((Double(shownHeight) * scale).rounded()) / 2 * 2)
        let upright = try pictures.make(from: frame, width: Int32(quarterTurn ? height : width),
                                        height: Int32(quarterTurn ? width : height), turns: turns)
        let bytes = try StillEncoding.encode(upright, codec: "mjpeg", qscale: 6)
        return MediaPreview.Picture(seconds: seconds, width: width, height: height, jpeg: bytes)
    }
}
