import CFFmpeg
import CFFmpegShim

/// The video/audio half of a probe: stream parameters, duration, frame count, frame-rate
/// variability and truncation.
enum VideoProbe {
    /// What avformat_find_stream_info logs when it was told not to decode a stream whose format
    /// preflight read from the header: expected, so not kept with the file.
    static let expectedWhenFormatKnown = ["Could not find codec parameters for stream", "Consider increasing the value for the"]

    /// - Returns: the log messages to drop — FFmpeg's complaint about the undecoded stream when
    ///   the picture format was read from the header, nothing otherwise.
    @discardableResult
    static func read(_ input: FormatInput, sizeBytes: Int64, declaredSize: DeclaredFileSize? = nil, fragmented: Bool = false,
                     options: ProbeOptions,
                     into record: inout ProbeRecord) -> [String] {
        // MP4/MOV (avcC/hvcC sample entries) and Matroska/WebM (CodecPrivate holds the same records)
        // say the picture format in their headers: no frame needs decoding to learn it.
        let headerKnowsFormat = input.formatName.hasPrefix("mov,") || input.formatName == "matroska,webm"
        // The video judged, as far as the header tells (MPEG-TS states no picture sizes).
        let headerVideo = StreamFacts.mainVideoStream(input)
        let known = headerKnowsFormat ? headerVideo.flatMap { index in knownPictureFormat(input, stream: index).map { (stream: index, format: $0) } } : nil
        // MP4/MOV hold every sample in their index; a fragmented one once every fragment's header
        // has been read (`PacketTimeline.indexEveryFragment`).
        let indexed = input.formatName.hasPrefix("mov,")
        // Containers that are demuxed anyway (Matroska, WebM, MPEG-TS…) and whose header does not
        // state the picture format: the first keyframe is decoded while demuxing, not by FFmpeg's
        // analysis. (Streams that appear only while reading are left to FFmpeg.)
        let decodedWhileDemuxing = known == nil && !indexed ? headerVideo : nil
        let undecoded = known?.stream ?? decodedWhileDemuxing
        let expected = undecoded == nil ? [] : expectedWhenFormatKnown
        do {
            // Matroska's header has every stream's parameters; MPEG-TS audio needs its first packets.
            let analysis: Double? = known != nil || (undecoded != nil && headerKnowsFormat) ? 0 : undecoded != nil ? 0.5 : nil
            // VP9's decoder ignores skip_frame: in Matroska, whose header gives the picture size,
            // FFmpeg's analysis is kept from the video entirely (then the file is read again from
            // its start), so its first keyframe is decoded once, while demuxing.
            let hidden = headerKnowsFormat ? decodedWhileDemuxing : nil
            try input.findStreamInfo(undecoded: undecoded, hiding: hidden, analysisSeconds: analysis)
        } catch {
            record.failure = input.deadlinePassed
                ? MediaFailure(.timeout, "gave up after \(MediaProbe.formatSeconds(options.timeoutSeconds)) s reading the stream headers")
                : MediaFailure(.corrupt, "the stream headers cannot be read: \(error.message)")
            return expected
        }
        let context = input.context.pointee
        if context.duration != pf_nopts_value() && context.duration > 0 {
            record.durationSeconds = Double(context.duration) / Double(AV_TIME_BASE)
        }
        record.durationEstimated = context.duration_estimation_method == AVFMT_DURATION_FROM_BITRATE
        record.containerBitRate = context.bit_rate > 0 ? context.bit_rate : nil

        // Chosen again now that FFmpeg's analysis knows every picture size (MPEG-TS states none).
        let videoStream = StreamFacts.mainVideoStream(input)
        for index in 0..<input.streamCount {
            let stream = input.stream(index)
            switch StreamFacts.mediaType(stream) {
            case AVMEDIA_TYPE_VIDEO where index == videoStream:
                record.video = StreamFacts.video(stream)
                if let known, known.stream == index { apply(known.format, to: &record.video!, stream: stream) }
            case AVMEDIA_TYPE_AUDIO:
                record.audio.append(StreamFacts.audio(stream))
            default:
                break
            }
        }
        record.kind = record.video != nil ? .video : (record.audio.isEmpty ? nil : .audio)
        if record.kind == nil {
            record.failure = MediaFailure(.noStreams, "the file holds no video or audio stream")
            return expected
        }

        // (Unless FFmpeg's analysis already gave the format and the profile.)
        let firstPicture = decodedWhileDemuxing.flatMap { index -> KeyframeDecoding? in
            let parameters = input.stream(index).pointee.codecpar!
            guard index == videoStream, parameters.pointee.format < 0 || parameters.pointee.profile < 0 else { return nil }
            return KeyframeDecoding(parameters: parameters, input: input, options: options)
        }
        // When decoding is proved, a demuxed container's first keyframe is decoded as it passes
        // all the same (its picture is the proof's, not the record's).
        let firstKeyframe = firstPicture ?? (options.proveDecoding && !indexed ? videoStream.map { index in
            KeyframeDecoding(parameters: input.stream(index).pointee.codecpar!, input: input, options: options)
        } : nil)
        let fragmentWalkError = indexed && fragmented ? PacketTimeline.indexEveryFragment(input) : nil
        var timeline = indexed ? PacketTimeline.fromIndex(input, videoStream: videoStream, fragmented: fragmented)
                               : PacketTimeline.byDemuxing(input, videoStream: videoStream, decodeFirstKeyframe: firstKeyframe,
                                                           keepLastKeyframe: options.proveDecoding)
        if let fragmentWalkError { timeline.readError = fragmentWalkError }
        if firstPicture != nil, case .decoded(let picture) = timeline.firstKeyframe, let videoStream, record.video != nil {
            apply(picture, to: &record.video!, stream: input.stream(videoStream))
        }
        if let videoStream, record.video != nil {
            let timeBase = StreamFacts.rational(input.stream(videoStream).pointee.time_base)
            var timing = FrameTiming.measure(timestamps: timeline.videoTimestamps, timeBase: timeBase)
            if indexed, timing?.variable == true,
               let presentation = PacketTimeline.presentationTimestamps(input, videoStream: videoStream) {
                // The MP4 index holds decode times. With B-frames an encoder may space those
                // unevenly while the pictures are shown at a steady rate: the rate is judged on
                // presentation times, read from the packets (only when decode times vary).
                timing = FrameTiming.measure(timestamps: presentation, timeBase: timeBase)
            }
            // A steady rate that the time base states exactly (every interval the same number of
            // ticks) is the frame rate where FFmpeg's average differs from it — an average over
            // varying decode times, or over a span that other streams lengthen (fragmented MP4:
            // 29.83 for 30 fps) — or is unknown (H.263 in MPEG-TS). Millisecond time bases
            // (Matroska: 33, 33, 34 ms) are not exact, and keep FFmpeg's value.
            if let measured = timing?.exactRate(timeBase: timeBase), let rate = measured.value,
               record.video!.frameRate?.value.map({ abs($0 - rate) > rate * 0.001 }) ?? true {
                record.video!.frameRate = measured
                record.frameRateFromPackets = true
            }
            record.video!.frameCount = timeline.videoFrameCount
            record.video!.variableFrameRate = timing?.variable
            record.video!.minFrameRate = timing?.minRate
            record.video!.maxFrameRate = timing?.maxRate
        }
        if record.durationSeconds == nil, let start = timeline.firstPacketStart, let end = timeline.lastPacketEnd, end > start {
            // No duration in the header (WebM written to a pipe, as browsers record it): the
            // packets' span is the duration, so duration rules still apply.
            record.durationSeconds = end - start
            record.durationFromPackets = true
            record.durationEstimated = false
        }
        if indexed, !fragmented, let span = timeline.indexedSpan, span > 0 {
            // Where the index is complete, its span is the truth: a header duration that is the
            // 0xFFFFFFFF "unknown" marker, or that claims far more than the samples, is replaced.
            let frame = record.video?.frameRate?.value.map { 1 / $0 } ?? 0.04
            if abs((record.durationSeconds ?? 0) - span) > max(2 * frame, 0.05) {
                record.durationSeconds = span
                record.durationFromPackets = true
            }
        }
        record.failure = truncation(timeline, sizeBytes: sizeBytes, declaredSize: declaredSize, duration: record.durationSeconds,
                                    input: input, options: options)
        if record.failure == nil, let videoStream, let video = record.video {
            if timeline.videoFrameCount == 0 {
                record.failure = MediaFailure(.noFrames, timeline.hiddenVideoSamples > 0
                    ? "every one of the video's \(timeline.hiddenVideoSamples) samples is hidden by its edit list: nothing of it plays"
                    : "the video stream has no frames (its sample tables are empty): nothing can play it")
            } else if video.width == 0 || video.height == 0 {
                // No header gave the size and the first keyframe did not decode: say why.
                if firstPicture != nil, case .failed(let failure) = timeline.firstKeyframe { record.failure = failure }
                else if firstPicture != nil, timeline.firstKeyframe == nil {
                    record.failure = MediaFailure(.undecodable, "none of the \(timeline.videoFrameCount) video packets holds a keyframe: the media data is damaged or blank")
                } else { record.failure = MediaFailure(.noFrames, "the video's picture is 0×0: nothing can play it") }
            } else if options.proveDecoding {
                record.failure = DecodeProof.check(input, videoStream: videoStream, timeline: timeline, options: options)
            }
        }
        return expected
    }

    /// What FFmpeg's analysis would have learned from decoding, from the one keyframe decoded.
    private static func apply(_ picture: KeyframeDecoding.Picture, to video: inout VideoStreamInfo,
                              stream: UnsafeMutablePointer<AVStream>) {
        if video.pixelFormat == nil, let descriptor = StreamFacts.pixelFormat(picture.pixelFormat) {
            video.pixelFormat = descriptor.name
            video.bitDepth = descriptor.bitDepth
        }
        if video.fieldOrder == nil { video.fieldOrder = picture.fieldOrder }
        if video.sampleAspectRatio == nil, picture.sampleAspectRatio.isKnown { video.sampleAspectRatio = picture.sampleAspectRatio }
        if video.profile == nil {
            video.profile = StreamFacts.profileName(codec: stream.pointee.codecpar.pointee.codec_id, profile: picture.profile)
        }
        if video.codedWidth == 0 || video.codedHeight == 0 {
            let swaps = video.rotation == 90 || video.rotation == 270
            (video.codedWidth, video.codedHeight) = (picture.width, picture.height)
            (video.width, video.height) = swaps ? (picture.height, picture.width) : (picture.width, picture.height)
        }
    }

    /// The stream's picture format, when its codec configuration tells it for certain.
    private static func knownPictureFormat(_ input: FormatInput, stream index: Int) -> CodedPictureFormat? {
        let parameters = input.stream(index).pointee.codecpar.pointee
        guard let extradata = parameters.extradata, parameters.extradata_size > 0 else { return nil }
        let bytes = UnsafeRawBufferPointer(start: extradata, count: Int(parameters.extradata_size))
        switch parameters.codec_id {
        case AV_CODEC_ID_H264: return CodedPictureFormat.h264(avcC: bytes)
        case AV_CODEC_ID_HEVC: return CodedPictureFormat.hevc(hvcC: bytes)
        default: return nil
        }
    }

    private static func apply(_ format: CodedPictureFormat, to video: inout VideoStreamInfo,
                              stream: UnsafeMutablePointer<AVStream>) {
        let parameters = stream.pointee.codecpar.pointee
        if let name = format.pixelFormat(containerFullRange: parameters.color_range == AVCOL_RANGE_JPEG),
           let descriptor = StreamFacts.pixelFormat(av_get_pix_fmt(name).rawValue) {
            video.pixelFormat = descriptor.name
            video.bitDepth = descriptor.bitDepth
        }
        if video.sampleAspectRatio == nil { video.sampleAspectRatio = format.sampleAspectRatio }
        if video.profile == nil, let profile = format.profile {
            video.profile = StreamFacts.profileName(codec: parameters.codec_id, profile: profile)
        }
        if video.fieldOrder == nil, format.progressive { video.fieldOrder = "progressive" }
        // The sample entry's size is what the muxer wrote; the SPS is what the decoder shows.
        if let width = format.width, let height = format.height, (width, height) != (video.codedWidth, video.codedHeight) {
            let swaps = video.rotation == 90 || video.rotation == 270
            video.codedWidth = width
            video.codedHeight = height
            video.width = swaps ? height : width
            video.height = swaps ? width : height
            video.dimensionsFromBitstream = true
        }
    }

    /// A cut-off file still opens and reports its full duration; the index or the packets show it.
    private static func truncation(_ timeline: PacketTimeline, sizeBytes: Int64, declaredSize: DeclaredFileSize?,
                                   duration: Double?, input: FormatInput, options: ProbeOptions) -> MediaFailure? {
        if let end = timeline.indexedEnd, end > sizeBytes {
            return MediaFailure(.truncated, "the file ends at byte \(sizeBytes) but its index points to byte \(end)")
        }
        // A RIFF size may leave out the pad byte after an odd-sized last chunk: one byte is allowed.
        if let declaredSize, declaredSize.bytes > sizeBytes + 1 {
            return MediaFailure(.truncated, "the \(declaredSize.container) header says the file is \(declaredSize.bytes) bytes, "
                                + "but it ends at byte \(sizeBytes): it was cut off")
        }
        if let error = timeline.readError {
            if input.deadlinePassed {
                return MediaFailure(.timeout, "gave up after \(MediaProbe.formatSeconds(options.timeoutSeconds)) s reading the packets")
            }
            return MediaFailure(.corrupt, "reading stopped before the end of the file: \(error.message)")
        }
        if let duration, let last = timeline.lastPacketEnd, duration - last > max(0.5, duration * 0.05) {
            return MediaFailure(.truncated, String(format: "the header says %.2f s but every stream stops by %.2f s", duration, last))
        }
        return nil
    }
}

import Foundation
