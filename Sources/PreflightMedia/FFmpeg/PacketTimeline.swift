import CFFmpeg
import CFFmpegShim

/// Where the frames of a file are, learned without decoding: from the sample index where the
/// container has a complete one (MP4/MOV), otherwise by demuxing every packet.
struct PacketTimeline {
    var videoFrameCount = 0
    /// Video samples an edit list hides (decoded by players, never shown): not in the frame count.
    var hiddenVideoSamples = 0
    var videoTimestamps: [Int64] = []
    /// How many of the video's frames are keyframes (the decode proof needs a second keyframe
    /// only when there is one).
    var videoKeyframeCount = 0
    /// Demuxed containers: the video's first keyframe, decoded as it passed, and the decoder that
    /// decoded it (the decode proof flushes it for the last keyframe). Decoded where the header does
    /// not state the picture format (VP9 in WebM, H.264 in MPEG-TS: one picture instead of the many
    /// avformat_find_stream_info decodes) and whenever decoding is proved: seeking back to it read
    /// a Matroska file twice, as its demuxer parses every cluster from the last cue to the end to
    /// find a keyframe.
    var firstKeyframe: KeyframeDecoding.Outcome?
    var firstKeyframeDecoder: Decoder?
    /// Demuxed containers, when decoding is proved: the last video packet flagged as a keyframe
    /// after the first, kept by reference for the proof. MPEG-TS, MPEG-PS and FLV have no index,
    /// and seeking them lands by timestamp, not on a keyframe: the proof decodes what passed.
    var lastKeyframe: Packet?
    /// Why the last keyframe could not be kept (av_packet_ref copies its side data, which the
    /// allocation limit may refuse).
    var lastKeyframeUnkept: FFmpegCallError?
    /// The larger of the last flagged keyframe's presentation and decode times (index entries hold
    /// either, depending on the container).
    var lastKeyframeTime: Int64?
    /// MP4/MOV: the byte just past the last sample the index points to (for truncation checks).
    var indexedEnd: Int64?
    /// Read by demuxing, not from an index.
    var demuxed: Bool { indexedEnd == nil }
    /// MP4/MOV: seconds from the start of the presentation to the end of the last shown sample of the
    /// longest stream.
    var indexedSpan: Double?
    /// Demuxed containers: the end time, in seconds, of the last packet read of any stream (audio
    /// or subtitles may rightly outlast the video; only when every stream stops early is the file cut).
    var lastPacketEnd: Double?
    /// Demuxed containers: the start time, in seconds, of the earliest packet of any stream.
    var firstPacketStart: Double?
    /// A read error that stopped demuxing before the end of the file.
    var readError: FFmpegCallError?

    /// MP4/MOV: the demuxer has already loaded every sample's position, size and timestamp (a
    /// fragmented file's, once `indexEveryFragment` has walked it).
    /// - Parameter fragmented: the index is of fragments, which may end early without a trace (a
    ///   file cut at a fragment's boundary): the streams' first and last times are kept for the
    ///   comparison with the header's duration, as for demuxed containers, and no span replaces it.
    static func fromIndex(_ input: FormatInput, videoStream: Int?, fragmented: Bool = false) -> PacketTimeline {
        var timeline = PacketTimeline()
        var end: Int64 = 0
        for streamIndex in 0..<input.streamCount {
            let stream = input.stream(streamIndex)
            let isVideo = streamIndex == videoStream
            let count = Int(avformat_index_get_entries_count(stream))
            if isVideo { timeline.videoTimestamps.reserveCapacity(count) }
            var position: Int64 = 0, timestamp: Int64 = 0, size: Int32 = 0, keyframe: Int32 = 0, discarded: Int32 = 0
            var first: Int64?, last: Int64 = 0, shown = 0
            for entry in 0..<count
            where pf_index_entry(stream, Int32(entry), &position, &timestamp, &size, &keyframe, &discarded) != 0 {
                // Samples an edit list hides must still be in the file: a player decodes them.
                end = max(end, position + Int64(size))
                first = min(first ?? timestamp, timestamp)
                last = max(last, timestamp)
                // A hidden keyframe is still where decoding the first shown frames starts.
                if isVideo && keyframe != 0 { timeline.videoKeyframeCount += 1 }
                // An edit list (a stream-copy cut keeps the GOP before the cut point) hides the
                // samples before the presentation starts: players and services neither show nor
                // count them, so neither does the frame count, the rate or the span.
                guard discarded == 0 else {
                    if isVideo { timeline.hiddenVideoSamples += 1 }
                    continue
                }
                shown += 1
                if isVideo { timeline.videoTimestamps.append(timestamp) }
            }
            // The shown samples times the mean sample step (the index holds decode times: with
            // B-frames, the shown samples of a cut are not one run of them), from where the stream
            // starts (an empty edit delays a track).
            if let first, count > 1, shown > 0, let seconds = StreamFacts.rational(stream.pointee.time_base).value {
                let step = Double(last - first) / Double(count - 1)
                if fragmented {
                    // As a demuxer would see them: from the first sample's time to past the last one's.
                    let end = (Double(last) + step) * seconds
                    timeline.lastPacketEnd = max(timeline.lastPacketEnd ?? end, end)
                    timeline.firstPacketStart = min(timeline.firstPacketStart ?? Double(first) * seconds, Double(first) * seconds)
                } else {
                    let start = stream.pointee.start_time == pf_nopts_value() ? 0 : max(0, stream.pointee.start_time)
                    let span = (Double(start) + step * Double(shown)) * seconds
                    timeline.indexedSpan = max(timeline.indexedSpan ?? span, span)
                }
            }
            if isVideo { timeline.videoFrameCount = shown }
        }
        timeline.indexedEnd = end
        return timeline
    }

    /// Fragmented MP4/MOV: has the demuxer read every fragment's header (moof) into the streams'
    /// indexes, without reading their media data. FFmpeg's index otherwise stops at the fragments
    /// it has met (one, behind a sidx); reading every packet instead read the whole file. With
    /// every stream discarded, the demuxer steps over the samples without reading them and moves
    /// from fragment to fragment until the end of the file; then it is sent back to the start.
    /// - Returns: the error that stopped the walk before the end of the file (a cut fragment
    ///   header, a passed deadline), if any.
    static func indexEveryFragment(_ input: FormatInput) -> FFmpegCallError? {
        let failure = input.withStreamsDiscarded { () -> FFmpegCallError? in
            let packet = Packet()
            while true {
                do throws(FFmpegCallError) {
                    try input.readPacket(into: packet.pointer)  // no packet comes out of discarded streams
                    packet.unreference()
                } catch {
                    return error.isEndOfFile ? nil : error
                }
            }
        }
        // A failed rewind leaves the demuxer at the end: the proof seeks anyway, and the
        // presentation times, read from there, come out empty and the decode times stand.
        try? input.rewind()
        return failure
    }

    /// Other containers: read every packet and keep the video timestamps. Nothing is decoded but,
    /// with `decodeFirstKeyframe`, the video's first keyframe; with `keepLastKeyframe`, the last
    /// keyframe after it is kept for the decode proof.
    static func byDemuxing(_ input: FormatInput, videoStream: Int?, decodeFirstKeyframe: KeyframeDecoding? = nil,
                           keepLastKeyframe: Bool = false) -> PacketTimeline {
        var timeline = PacketTimeline()
        var presentation: [Int64] = [], decode: [Int64] = []
        let packet = Packet()
        let noTimestamp = pf_nopts_value()
        let timeBases = (0..<input.streamCount).map { StreamFacts.rational(input.stream($0).pointee.time_base).value }
        while true {
            do {
                try input.readPacket(into: packet.pointer)
            } catch {
                if !error.isEndOfFile { timeline.readError = error }
                break
            }
            defer { packet.unreference() }
            let streamIndex = Int(packet.pointer.pointee.stream_index)
            let pts = packet.pointer.pointee.pts != noTimestamp ? packet.pointer.pointee.pts : packet.pointer.pointee.dts
            // Decoded but not shown (an edit list starts the presentation after it): not counted.
            let hidden = packet.pointer.pointee.flags & AV_PKT_FLAG_DISCARD != 0
            if !hidden, pts != noTimestamp, streamIndex < timeBases.count, let seconds = timeBases[streamIndex] {
                let end = Double(pts + max(packet.pointer.pointee.duration, 0)) * seconds
                timeline.lastPacketEnd = max(timeline.lastPacketEnd ?? end, end)
                timeline.firstPacketStart = min(timeline.firstPacketStart ?? Double(pts) * seconds, Double(pts) * seconds)
            }
            guard streamIndex == videoStream else { continue }
            if packet.pointer.pointee.flags & AV_PKT_FLAG_KEY != 0 {
                timeline.videoKeyframeCount += 1
                let time = max(pts, packet.pointer.pointee.dts)  // either may be unknown (the smallest Int64)
                timeline.lastKeyframeTime = time == noTimestamp ? nil : time
                if timeline.videoKeyframeCount == 1, let decodeFirstKeyframe {
                    (timeline.firstKeyframe, timeline.firstKeyframeDecoder) = decodeFirstKeyframe.decodeFirst(packet.pointer)
                } else if keepLastKeyframe {
                    timeline.keep(lastKeyframe: packet)
                }
            }
            guard !hidden else { continue }
            timeline.videoFrameCount += 1
            presentation.append(packet.pointer.pointee.pts)
            decode.append(packet.pointer.pointee.dts)
        }
        timeline.videoTimestamps = frameTimes(presentation: presentation, decode: decode, unknown: noTimestamp)
        return timeline
    }

    /// One time per frame: presentation times where every frame has one; else decode times where
    /// every frame has one (MPEG-PS leaves the presentation time out of some packets, and a decode
    /// time put in its place sits a frame or more early: a steady 25 fps measured as 12.5–25);
    /// else whichever each frame has.
    static func frameTimes(presentation: [Int64], decode: [Int64], unknown: Int64) -> [Int64] {
        if !presentation.contains(unknown) { return presentation }
        if !decode.contains(unknown) { return decode }
        return zip(presentation, decode).compactMap { pts, dts in pts != unknown ? pts : dts != unknown ? dts : nil }
    }

    /// Keeps a reference to `packet` in place of the keyframe kept before (a reference, not a copy:
    /// the packet's data is shared).
    private mutating func keep(lastKeyframe packet: Packet) {
        let kept = lastKeyframe ?? Packet()
        kept.unreference()
        let result = av_packet_ref(kept.pointer, packet.pointer)
        lastKeyframe = result >= 0 ? kept : nil
        lastKeyframeUnkept = result >= 0 ? nil : FFmpegCallError(code: result, function: "av_packet_ref")
    }

    /// The video stream's presentation timestamps, read from its packets (other streams are
    /// discarded, so their data is not read). The demuxer is left at the end: callers seek.
    static func presentationTimestamps(_ input: FormatInput, videoStream: Int) -> [Int64]? {
        input.withStreamsDiscarded(except: videoStream) {
            let packet = Packet()
            let noTimestamp = pf_nopts_value()
            var timestamps: [Int64] = []
            while (try? input.readPacket(into: packet.pointer)) != nil {
                defer { packet.unreference() }
                guard Int(packet.pointer.pointee.stream_index) == videoStream,
                      packet.pointer.pointee.flags & AV_PKT_FLAG_DISCARD == 0 else { continue }
                guard packet.pointer.pointee.pts != noTimestamp else { return nil }
                timestamps.append(packet.pointer.pointee.pts)
            }
            return timestamps.isEmpty ? nil : timestamps
        }
    }
}
