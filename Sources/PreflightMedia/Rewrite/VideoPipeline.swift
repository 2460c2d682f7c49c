import CFFmpeg
import CFFmpegShim

/// Decode → filter (deinterlace, rotate, crop, scale, frame rate, 8-bit 4:2:0) → libx264, for the
/// video stream of a rewrite. The filter chain and encoder are made from the first decoded picture,
/// whose size and pixel format are the truth (the container's may differ).
final class VideoPipeline {
    private let stream: UnsafeMutablePointer<AVStream>
    private let outputStream: UnsafeMutablePointer<AVStream>
    private let output: OutputMedia
    private let plan: VideoRewritePlan
    private let decoder: Decoder
    private var chain: FilterChain?
    private var encoder: Encoder?
    private let decoded = Frame()
    private let filtered = Frame()
    private let encoded = Packet()
    /// One frame's duration in the encoder's time base.
    private var frameTicks: Int64 = 1
    private(set) var ended = false
    private var flushed = false
    private(set) var lastSeconds: Double?
    private var nextPTS: Int64 = 0

    var encoderReady: Bool { encoder != nil }

    init(stream: UnsafeMutablePointer<AVStream>, output: OutputMedia, plan: VideoRewritePlan) throws(RewriteError) {
        self.stream = stream
        self.output = output
        self.plan = plan
        do {
            // Threads as many as the machine has: a fix is one file at a time, like the ffmpeg CLI.
            decoder = try Decoder(parameters: stream.pointee.codecpar, maxPixels: Int(Int32.max), threads: 0)
        } catch { throw RewriteError(error) }
        outputStream = try output.addStream()
    }

    func decode(_ packet: UnsafeMutablePointer<AVPacket>?, sink: PacketSink) throws(RewriteError) {
        guard !ended else { return }
        let sent = decoder.send(packet)
        // A damaged packet is skipped, as players do; the output is checked afterwards anyway.
        if sent < 0 && sent != pf_averror_eof() && sent != pf_averror_invaliddata() {
            throw RewriteError(FFmpegCallError(code: sent, function: "avcodec_send_packet"))
        }
        while true {
            let received = decoder.receive(into: decoded)
            if received == pf_averror(EAGAIN) || received == pf_averror_eof() { return }
            if received == pf_averror_invaliddata() { continue }
            if received < 0 { throw RewriteError(FFmpegCallError(code: received, function: "avcodec_receive_frame")) }
            decoded.pointer.pointee.pts = decoded.pointer.pointee.best_effort_timestamp
            if chain == nil { try start(with: decoded) }
            try chain!.push(decoded)
            try drainChain(sink: sink)
            if ended { return }
        }
    }

    func finish(sink: PacketSink) throws(RewriteError) {
        if !ended { try decode(nil, sink: sink) }
        guard let chain, let encoder else { return }
        if !ended {
            try chain.push(nil)
            try drainChain(sink: sink)
        }
        ended = true
        if !flushed {
            flushed = true
            try encoder.send(nil)
            try drainEncoder(sink: sink)
        }
    }

    private func drainChain(sink: PacketSink) throws(RewriteError) {
        guard let chain, let encoder else { return }
        while !ended {
            let pulled = chain.pull(into: filtered)
            if pulled == pf_averror(EAGAIN) || pulled == pf_averror_eof() { return }
            if pulled < 0 { throw RewriteError(FFmpegCallError(code: pulled, function: "av_buffersink_get_frame")) }
            defer { av_frame_unref(filtered.pointer) }
            let timeBase = encoder.context.pointee.time_base
            var pts = filtered.pointer.pointee.pts == pf_nopts_value() ? nextPTS : filtered.pointer.pointee.pts - sink.startTicks(in: timeBase)
            if pts < nextPTS { pts = nextPTS }  // never backwards: x264 refuses non-increasing timestamps
            let seconds = Double(pts + frameTicks) * av_q2d(timeBase)
            if let end = sink.end, seconds > end + 1e-6 {
                // The first picture that would end past the limit: stop here, and drain the encoder.
                ended = true
                flushed = true
                try encoder.send(nil)
                try drainEncoder(sink: sink)
                return
            }
            lastSeconds = seconds
            filtered.pointer.pointee.pts = pts
            filtered.pointer.pointee.pict_type = AV_PICTURE_TYPE_NONE
            nextPTS = pts + frameTicks
            try encoder.send(filtered)
            try drainEncoder(sink: sink)
        }
    }

    private func drainEncoder(sink: PacketSink) throws(RewriteError) {
        try encoder?.drain(into: sink, streamIndex: outputStream.pointee.index, using: encoded, packetDuration: frameTicks)
    }

    /// Builds the filter chain for the first picture, then the encoder for what the chain puts out.
    private func start(with frame: Frame) throws(RewriteError) {
        let picture = frame.pointer.pointee
        let timeBase = stream.pointee.time_base
        var aspect = picture.sample_aspect_ratio
        if !aspect.isValid { aspect = AVRational(num: 1, den: 1) }
        let arguments = "video_size=\(picture.width)x\(picture.height):pix_fmt=\(picture.format)"
            + ":time_base=\(timeBase.num)/\(timeBase.den):pixel_aspect=\(aspect.num)/\(aspect.den)"
        let chain = try FilterChain(sourceFilter: "buffer", sourceArguments: arguments, sinkFilter: "buffersink",
                                    chain: Self.filterDescription(plan))
        self.chain = chain
        var rate = chain.outputFrameRate
        if !rate.isValid { rate = stream.pointee.avg_frame_rate }
        if !rate.isValid { rate = stream.pointee.r_frame_rate }
        if !rate.isValid { rate = AVRational(num: 30, den: 1) }
        var encoderTimeBase = chain.outputTimeBase
        if !encoderTimeBase.isValid { encoderTimeBase = av_inv_q(rate) }
        let width = chain.outputWidth, height = chain.outputHeight, format = chain.outputFormat
        let sar = chain.outputSampleAspectRatio
        let globalHeader = output.wantsGlobalHeader
        let source = decoder.context.pointee
        var options: [(String, String)] = [("crf", String(plan.quality)), ("preset", "medium")]
        if let cap = plan.maxVideoBitRate {
            options.append(("maxrate", String(cap)))
            options.append(("bufsize", String(cap * 2)))
        }
        let encoder = try Encoder(name: "libx264", options: options) { context in
            context.pointee.width = width
            context.pointee.height = height
            context.pointee.pix_fmt = AVPixelFormat(format)
            context.pointee.time_base = encoderTimeBase
            context.pointee.framerate = rate
            context.pointee.sample_aspect_ratio = sar.isValid ? sar : AVRational(num: 1, den: 1)
            context.pointee.color_primaries = source.color_primaries
            context.pointee.color_trc = source.color_trc
            context.pointee.colorspace = source.colorspace
            context.pointee.thread_count = 0
            if globalHeader { context.pointee.flags |= Int32(AV_CODEC_FLAG_GLOBAL_HEADER) }
        }
        self.encoder = encoder
        frameTicks = max(1, av_rescale_q(1, av_inv_q(rate), encoderTimeBase))
        let result = avcodec_parameters_from_context(outputStream.pointee.codecpar, encoder.context)
        if result < 0 { throw RewriteError(FFmpegCallError(code: result, function: "avcodec_parameters_from_context")) }
        outputStream.pointee.time_base = encoderTimeBase
        outputStream.pointee.avg_frame_rate = rate
    }

    /// The chain, in the order the ffmpeg CLI would apply the same options: deinterlace first (it
    /// needs the original fields), then rotation, crop, scale, frame rate, and 8-bit 4:2:0 last.
    static func filterDescription(_ plan: VideoRewritePlan) -> String {
        var filters: [String] = []
        // One frame per frame: bwdif's default makes a frame of each field, at twice the rate.
        if plan.deinterlace { filters.append("bwdif=mode=send_frame") }
        filters += UprightFilters.display(rotation: plan.rotation, mirrored: plan.mirrored)
        if let width = plan.cropWidth, let height = plan.cropHeight { filters.append("crop=\(width):\(height)") }
        if let width = plan.width, let height = plan.height { filters.append("scale=\(width):\(height):flags=bicubic") }
        if let rate = plan.frameRate { filters.append("fps=\(rate.numerator)/\(rate.denominator)") }
        filters.append("format=yuv420p")
        return filters.joined(separator: ",")
    }
}
