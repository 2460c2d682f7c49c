import CFFmpeg
import CFFmpegShim

/// Owns one muxer writing one new file preflight created (a temporary name of its own beside the
/// destination). The name goes to FFmpeg as a `file:` URL, so nothing in it is read as a protocol;
/// the MP4 muxer reopens it for `+faststart`.
final class OutputMedia {
    let context: UnsafeMutablePointer<AVFormatContext>
    private var headerWritten = false

    init(path: String, format: String) throws(RewriteError) {
        var created: UnsafeMutablePointer<AVFormatContext>?
        let url = "file:" + path
        var result = avformat_alloc_output_context2(&created, nil, format, url)
        guard result >= 0, let created else {
            throw RewriteError(FFmpegCallError(code: result < 0 ? result : pf_averror(ENOMEM), function: "avformat_alloc_output_context2"))
        }
        context = created
        // From here `deinit` frees the context (it runs when a fully initialised object's init throws).
        result = avio_open(&created.pointee.pb, url, AVIO_FLAG_WRITE)
        if result < 0 { throw RewriteError(FFmpegCallError(code: result, function: "avio_open")) }
    }

    deinit {
        avio_closep(&context.pointee.pb)
        avformat_free_context(context)
    }

    /// Encoders must put codec configuration in extradata (not in-band) for MP4/MOV.
    var wantsGlobalHeader: Bool { (context.pointee.oformat.pointee.flags & AVFMT_GLOBALHEADER) != 0 }

    func addStream() throws(RewriteError) -> UnsafeMutablePointer<AVStream> {
        guard let stream = avformat_new_stream(context, nil) else { throw RewriteError("avformat_new_stream: out of memory") }
        return stream
    }

    func writeHeader(faststart: Bool) throws(RewriteError) {
        var options: OpaquePointer?
        if faststart { av_dict_set(&options, "movflags", "+faststart", 0) }
        defer { av_dict_free(&options) }
        let result = avformat_write_header(context, &options)
        if result < 0 { throw RewriteError(FFmpegCallError(code: result, function: "avformat_write_header")) }
        headerWritten = true
    }

    /// Takes the packet's data (the packet is left blank).
    func write(_ packet: UnsafeMutablePointer<AVPacket>) throws(RewriteError) {
        let result = av_interleaved_write_frame(context, packet)
        if result < 0 { throw RewriteError(FFmpegCallError(code: result, function: "av_interleaved_write_frame")) }
    }

    func finish() throws(RewriteError) {
        guard headerWritten else { return }
        let result = av_write_trailer(context)
        if result < 0 { throw RewriteError(FFmpegCallError(code: result, function: "av_write_trailer")) }
    }
}

/// Owns one opened encoder.
final class Encoder {
    let context: UnsafeMutablePointer<AVCodecContext>

    /// - Parameter configure: sets sizes, formats and time base before the encoder opens.
    init(name: String, options: [(String, String)] = [], configure: (UnsafeMutablePointer<AVCodecContext>) -> Void) throws(RewriteError) {
        guard let codec = avcodec_find_encoder_by_name(name) else {
            throw RewriteError("this FFmpeg has no \(name) encoder")
        }
        guard let context = avcodec_alloc_context3(codec) else { throw RewriteError("avcodec_alloc_context3: out of memory") }
        self.context = context
        configure(context)
        var dictionary: OpaquePointer?
        for (key, value) in options { av_dict_set(&dictionary, key, value, 0) }
        defer { av_dict_free(&dictionary) }
        let result = avcodec_open2(context, codec, &dictionary)
        if result < 0 { throw RewriteError(FFmpegCallError(code: result, function: "avcodec_open2(\(name))")) }
    }

    deinit {
        var owned: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&owned)
    }

    /// Sends a frame (nil to drain).
    func send(_ frame: Frame?) throws(RewriteError) {
        let result = avcodec_send_frame(context, frame?.pointer)
        if result < 0 { throw RewriteError(FFmpegCallError(code: result, function: "avcodec_send_frame")) }
    }

    /// 0 with a packet, AVERROR(EAGAIN) when it needs more frames, AVERROR_EOF when drained.
    func receive(into packet: Packet) -> Int32 { avcodec_receive_packet(context, packet.pointer) }

    /// Hands every packet the encoder has ready to `sink` as output stream `streamIndex`.
    /// - Parameter packetDuration: set on each packet (video: one frame, so an MP4 track ends
    ///   where its last picture does); nil keeps the encoder's.
    func drain(into sink: PacketSink, streamIndex: Int32, using packet: Packet, packetDuration: Int64? = nil) throws(RewriteError) {
        while true {
            let received = receive(into: packet)
            if received == pf_averror(EAGAIN) || received == pf_averror_eof() { return }
            if received < 0 { throw RewriteError(FFmpegCallError(code: received, function: "avcodec_receive_packet")) }
            if let packetDuration { packet.pointer.pointee.duration = packetDuration }
            packet.pointer.pointee.stream_index = streamIndex
            try sink.write(packet, context.pointee.time_base)
            av_packet_unref(packet.pointer)
        }
    }
}
