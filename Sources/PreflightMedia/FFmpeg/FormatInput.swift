import CFFmpeg
import CFFmpegShim

/// Why a file could not be opened as media.
enum FormatOpenError: Error {
    /// FFmpeg's own error while probing or opening.
    case ffmpeg(FFmpegCallError)
    /// The content is a format preflight does not read (a playlist, a concat list, …).
    case unsupportedFormat(name: String, longName: String, refersToOtherFiles: Bool)
}

/// Owns one AVFormatContext reading one OpenedFile; `deinit` closes it. The only way preflight
/// opens media. FFmpeg never sees a path: it reads the descriptor preflight opened, through a
/// custom AVIOContext; demuxers may not open anything else; and only the demuxers in
/// `allowedDemuxers` may read it.
final class FormatInput {
    let context: UnsafeMutablePointer<AVFormatContext>
    /// Read by the interrupt callback and the read callback; lives exactly as long as the context.
    private let deadline: UnsafeMutablePointer<Int64>
    private var source: OpaquePointer?
    /// Kept open for as long as FFmpeg reads it.
    private let file: OpenedFile

    /// FFmpeg's names of the demuxers preflight reads: containers that hold their media themselves.
    /// Not here, on purpose: playlists and lists of other files (hls, dash, concat, ffconcat),
    /// protocols and raw or data formats, and everything else FFmpeg can sniff.
    static let allowedDemuxers: Set<String> = [
        "mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm", "avi", "mpegts", "mpeg", "flv", "asf", "mxf",
        "image2", "jpeg_pipe", "png_pipe", "webp_pipe", "tiff_pipe", "bmp_pipe", "gif",
    ]

    /// - Parameter extensionHint: the file's extension, offered to FFmpeg's format probe (image2
    ///   picks images by extension); only letters and digits are passed.
    init(file: OpenedFile, extensionHint: String, timeoutSeconds: Double) throws(FormatOpenError) {
        let deadline = UnsafeMutablePointer<Int64>.allocate(capacity: 1)
        deadline.initialize(to: timeoutSeconds > 0
            ? pf_monotonic_microseconds() + Int64(timeoutSeconds * 1_000_000) : 0)
        var source = pf_file_source_create(file.descriptor, file.size, deadline)
        guard source != nil, let fresh = pf_format_context_with_deadline(deadline) else {
            pf_file_source_free(&source)
            deadline.deallocate()
            throw .ffmpeg(FFmpegCallError(code: pf_averror(ENOMEM), function: "avformat_alloc_context"))
        }
        pf_format_context_use_source(fresh, source)
        let name = Self.probeName(extensionHint)
        var format: UnsafePointer<AVInputFormat>?
        let score = pf_probe_format(fresh, name, &format)
        var failure: FormatOpenError?
        if score < 0 || format == nil {
            failure = .ffmpeg(FFmpegCallError(code: score < 0 ? score : pf_averror_invaliddata(), function: "av_probe_input_buffer2"))
        } else if let format, !Self.allowedDemuxers.contains(String(cString: format.pointee.name)) {
            failure = .unsupportedFormat(name: String(cString: format.pointee.name),
                                         longName: format.pointee.long_name.map { String(cString: $0) } ?? "",
                                         refersToOtherFiles: Self.refersToOtherFiles(String(cString: format.pointee.name)))
        }
        if let failure {
            avformat_free_context(fresh)  // never opened: the custom pb is ours, not freed here
            pf_file_source_free(&source)
            deadline.deallocate()
            throw failure
        }
        var options: OpaquePointer?
        av_dict_set(&options, "format_whitelist", Self.allowedDemuxers.sorted().joined(separator: ","), 0)
        defer { av_dict_free(&options) }
        var opened: UnsafeMutablePointer<AVFormatContext>? = fresh
        // On failure avformat_open_input frees the context it was given and sets it to NULL.
        let result = avformat_open_input(&opened, name, format, &options)
        guard result >= 0, let opened else {
            pf_file_source_free(&source)
            deadline.deallocate()
            throw .ffmpeg(FFmpegCallError(code: result, function: "avformat_open_input"))
        }
        self.context = opened
        self.deadline = deadline
        self.source = source
        self.file = file
    }

    /// "input.mp4" for FFmpeg's probe: an extension and nothing a demuxer could take for a URL,
    /// a protocol or an image-sequence pattern.
    static func probeName(_ extensionHint: String) -> String {
        let clean = extensionHint.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil) }
        return clean && !extensionHint.isEmpty && extensionHint.count <= 8 ? "input." + extensionHint.lowercased() : "input"
    }

    static func refersToOtherFiles(_ demuxer: String) -> Bool {
        ["hls", "applehttp", "dash", "concat", "ffconcat", "mpd", "smil", "hds"]
            .contains { demuxer.split(separator: ",").map(String.init).contains($0) }
    }

    deinit {
        var owned: UnsafeMutablePointer<AVFormatContext>? = context
        avformat_close_input(&owned)  // leaves the custom pb alone (AVFMT_FLAG_CUSTOM_IO)
        pf_file_source_free(&source)
        deadline.deallocate()
    }

    var deadlinePassed: Bool {
        deadline.pointee > 0 && pf_monotonic_microseconds() > deadline.pointee
    }

    /// The demuxer's short name list, e.g. "mov,mp4,m4a,3gp,3g2,mj2".
    var formatName: String { String(cString: context.pointee.iformat.pointee.name) }

    var streamCount: Int { Int(context.pointee.nb_streams) }

    /// Whether the demuxer's index marks keyframes by the container's own flags, so that a seek
    /// lands on one: MP4/MOV (sample tables, fragments' track runs), Matroska/WebM (cues, block
    /// flags) and AVI (idx1). MPEG-PS indexes every packet it has passed, FLV tags that are not
    /// keyframes and MPEG-TS nothing: a seek there lands by timestamp, not on a keyframe.
    var indexMarksKeyframes: Bool {
        formatName.hasPrefix("mov,") || formatName == "matroska,webm" || formatName == "avi"
    }

    func stream(_ index: Int) -> UnsafeMutablePointer<AVStream> {
        context.pointee.streams[index]!
    }

    func metadata(_ key: String) -> String? {
        guard let entry = av_dict_get(context.pointee.metadata, key, nil, 0) else { return nil }
        return String(cString: entry.pointee.value)
    }

    /// avformat_find_stream_info, with single-threaded decoders: probing runs many files in
    /// parallel already, and a frame-threaded decoder spends more on starting threads than decoding.
    /// - Parameters:
    ///   - undecoded: a video stream whose frames are parsed but not decoded (`skip_frame=all`):
    ///     preflight read its pixel format from the codec configuration, or decodes its first
    ///     keyframe itself while demuxing. Decoding 1080p frames is most of a probe's cost, and
    ///     FFmpeg decodes up to 20 of them to settle its own estimates.
    ///   - analysisSeconds: how much of the file to read for the other streams' parameters (MPEG-TS
    ///     audio needs its first packets); nil keeps FFmpeg's default.
    ///   - hiding: a stream FFmpeg's analysis does not see at all (its packets are discarded); the
    ///     demuxer is sent back to the start afterwards, so that reading sees every packet.
    func findStreamInfo(undecoded: Int? = nil, hiding: Int? = nil, analysisSeconds: Double? = nil) throws(FFmpegCallError) {
        let count = streamCount
        var options = [OpaquePointer?](repeating: nil, count: max(count, 1))
        for index in 0..<count {
            av_dict_set(&options[index], "threads", "1", 0)
            if index == undecoded { av_dict_set(&options[index], "skip_frame", "all", 0) }
        }
        defer { for index in 0..<count { av_dict_free(&options[index]) } }
        if let analysisSeconds { context.pointee.max_analyze_duration = max(1, Int64(analysisSeconds * Double(AV_TIME_BASE))) }
        if let hiding { stream(hiding).pointee.discard = AVDISCARD_ALL }
        let result = options.withUnsafeMutableBufferPointer { buffer in
            avformat_find_stream_info(context, buffer.baseAddress)
        }
        if let hiding {
            stream(hiding).pointee.discard = AVDISCARD_DEFAULT
            try rewind()
        }
        try FFmpegCallError.check(result, "avformat_find_stream_info")
    }

    /// Sends the demuxer back to the start of the file; it also drops the packets
    /// avformat_find_stream_info buffered, so that reading sees every packet from the first.
    func rewind() throws(FFmpegCallError) {
        try FFmpegCallError.check(avformat_seek_file(context, -1, .min, .min, 0, 0), "avformat_seek_file")
    }

    /// Runs `body` with every stream but `kept` discarded (the demuxer skips their data), then
    /// restores each stream's setting.
    func withStreamsDiscarded<Result>(except kept: Int? = nil, _ body: () -> Result) -> Result {
        let streams = (0..<streamCount).map { stream($0) }
        let saved = streams.map { $0.pointee.discard }
        for (index, stream) in streams.enumerated() where index != kept { stream.pointee.discard = AVDISCARD_ALL }
        defer { for (stream, discard) in zip(streams, saved) { stream.pointee.discard = discard } }
        return body()
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
