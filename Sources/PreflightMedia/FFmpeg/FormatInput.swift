import CFFmpeg
import CFFmpegShim

/// Owns one AVFormatContext opened for reading; `deinit` closes it. The only way preflight opens
/// media: libavformat's file protocol opens read-only, so no media file is ever opened for writing.
final class FormatInput {
    let context: UnsafeMutablePointer<AVFormatContext>
    /// Read by the interrupt callback; lives exactly as long as the context.
    private let deadline: UnsafeMutablePointer<Int64>

    init(path: String, timeoutSeconds: Double) throws(FFmpegCallError) {
        let deadline = UnsafeMutablePointer<Int64>.allocate(capacity: 1)
        deadline.initialize(to: timeoutSeconds > 0
            ? pf_monotonic_microseconds() + Int64(timeoutSeconds * 1_000_000) : 0)
        guard let fresh = pf_format_context_with_deadline(deadline) else {
            deadline.deallocate()
            throw FFmpegCallError(code: pf_averror(ENOMEM), function: "avformat_alloc_context")
        }
        var opened: UnsafeMutablePointer<AVFormatContext>? = fresh
        // On failure avformat_open_input frees the context it was given and sets it to NULL.
        let result = avformat_open_input(&opened, path, nil, nil)
        guard result >= 0, let opened else {
            deadline.deallocate()
            throw FFmpegCallError(code: result, function: "avformat_open_input")
        }
        self.context = opened
        self.deadline = deadline
    }

    deinit {
        var owned: UnsafeMutablePointer<AVFormatContext>? = context
        avformat_close_input(&owned)
        deadline.deallocate()
    }

    var deadlinePassed: Bool {
        deadline.pointee > 0 && pf_monotonic_microseconds() > deadline.pointee
    }

    /// The demuxer's short name list, e.g. "mov,mp4,m4a,3gp,3g2,mj2".
    var formatName: String { String(cString: context.pointee.iformat.pointee.name) }

    var streamCount: Int { Int(context.pointee.nb_streams) }

    func stream(_ index: Int) -> UnsafeMutablePointer<AVStream> {
        context.pointee.streams[index]!
    }

    func metadata(_ key: String) -> String? {
        guard let entry = av_dict_get(context.pointee.metadata, key, nil, 0) else { return nil }
        return String(cString: entry.pointee.value)
    }

    /// avformat_find_stream_info, with single-threaded decoders: probing runs many files in
    /// parallel already, and a frame-threaded decoder spends more on starting threads than decoding.
    /// - Parameter formatKnown: a stream whose pixel format preflight already read from the codec
    ///   configuration. Its frames are parsed but not decoded (`skip_frame=all`), and analysis stops
    ///   after the first packets: decoding a 1080p frame is most of a probe's cost.
    func findStreamInfo(formatKnown: Int? = nil) throws(FFmpegCallError) {
        let count = streamCount
        var options = [OpaquePointer?](repeating: nil, count: max(count, 1))
        for index in 0..<count {
            av_dict_set(&options[index], "threads", "1", 0)
            if index == formatKnown { av_dict_set(&options[index], "skip_frame", "all", 0) }
        }
        defer { for index in 0..<count { av_dict_free(&options[index]) } }
        if formatKnown != nil { context.pointee.max_analyze_duration = 1 }
        let result = options.withUnsafeMutableBufferPointer { buffer in
            avformat_find_stream_info(context, buffer.baseAddress)
        }
        try FFmpegCallError.check(result, "avformat_find_stream_info")
    }

    /// Reads the next packet into `packet` (which the caller owns and unreferences).
    func readPacket(into packet: UnsafeMutablePointer<AVPacket>) throws(FFmpegCallError) {
        try FFmpegCallError.check(av_read_frame(context, packet), "av_read_frame")
    }
}

/// Owns one AVPacket.
final class Packet {
    let pointer: UnsafeMutablePointer<AVPacket>

    init() {
        guard let packet = av_packet_alloc() else { fatalError("av_packet_alloc: out of memory") }
        pointer = packet
    }

    deinit {
        var owned: UnsafeMutablePointer<AVPacket>? = pointer
        av_packet_free(&owned)
    }

    func unreference() { av_packet_unref(pointer) }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
