import CFFmpeg
import CFFmpegShim

/// The video/audio half of a probe: stream parameters, duration, frame count, frame-rate
/// variability and truncation.
enum VideoProbe {
    static func read(_ input: FormatInput, sizeBytes: Int64, options: ProbeOptions, into record: inout ProbeRecord) {
        do {
            try input.findStreamInfo()
        } catch {
            record.failure = input.deadlinePassed
                ? MediaFailure(.timeout, "gave up after \(MediaProbe.formatSeconds(options.timeoutSeconds)) s reading the stream headers")
                : MediaFailure(.corrupt, "the stream headers cannot be read: \(error.message)")
            return
        }
        let context = input.context.pointee
        if context.duration != pf_nopts_value() && context.duration > 0 {
            record.durationSeconds = Double(context.duration) / Double(AV_TIME_BASE)
        }
        record.durationEstimated = context.duration_estimation_method == AVFMT_DURATION_FROM_BITRATE
        record.containerBitRate = context.bit_rate > 0 ? context.bit_rate : nil

        var videoStream: Int?
        for index in 0..<input.streamCount {
            let stream = input.stream(index)
            switch StreamFacts.mediaType(stream) {
            case AVMEDIA_TYPE_VIDEO where videoStream == nil && !StreamFacts.isAttachedPicture(stream):
                videoStream = index
                record.video = StreamFacts.video(stream)
            case AVMEDIA_TYPE_AUDIO:
                record.audio.append(StreamFacts.audio(stream))
            default:
                break
            }
        }
        record.kind = record.video != nil ? .video : (record.audio.isEmpty ? nil : .audio)
        if record.kind == nil {
            record.failure = MediaFailure(.noStreams, "the file holds no video or audio stream")
            return
        }

        let indexed = input.formatName.hasPrefix("mov,")
        let timeline = indexed ? PacketTimeline.fromIndex(input, videoStream: videoStream)
                               : PacketTimeline.byDemuxing(input, videoStream: videoStream)
        if let videoStream, record.video != nil {
            let timeBase = StreamFacts.rational(input.stream(videoStream).pointee.time_base)
            let timing = FrameTiming.measure(timestamps: timeline.videoTimestamps, timeBase: timeBase)
            record.video!.frameCount = timeline.videoFrameCount
            record.video!.variableFrameRate = timing?.variable
            record.video!.minFrameRate = timing?.minRate
            record.video!.maxFrameRate = timing?.maxRate
        }
        record.failure = truncation(timeline, sizeBytes: sizeBytes, duration: record.durationSeconds,
                                    input: input, options: options)
    }

    /// A cut-off file still opens and reports its full duration; the index or the packets show it.
    private static func truncation(_ timeline: PacketTimeline, sizeBytes: Int64, duration: Double?,
                                   input: FormatInput, options: ProbeOptions) -> MediaFailure? {
        if let end = timeline.indexedEnd, end > sizeBytes {
            return MediaFailure(.truncated, "the file ends at byte \(sizeBytes) but its index points to byte \(end)")
        }
        if let error = timeline.readError {
            if input.deadlinePassed {
                return MediaFailure(.timeout, "gave up after \(MediaProbe.formatSeconds(options.timeoutSeconds)) s reading the packets")
            }
            return MediaFailure(.corrupt, "reading stopped before the end of the file: \(error.message)")
        }
        if let duration, let last = timeline.lastVideoPacketEnd, duration - last > max(0.5, duration * 0.05) {
            return MediaFailure(.truncated, String(format: "the header says %.2f s but the video stops at %.2f s", duration, last))
        }
        return nil
    }
}

import Foundation
