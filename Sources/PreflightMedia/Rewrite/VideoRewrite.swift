import CFFmpeg
import CFFmpegShim

/// One video rewrite: demux → (copy | decode → filter → libx264) → MP4/MOV, audio copied where
/// the container stores it and re-encoded to AAC otherwise. Owns every FFmpeg object it makes.
final class VideoRewrite {
    private let input: FormatInput
    private let output: OutputMedia
    private let plan: VideoRewritePlan
    private let videoIndex: Int
    /// Input stream index → what happens to it.
    private var routes: [Int: Route] = [:]
    private var headerWritten = false
    /// Packets made before the header could be written (it waits for the video encoder, which waits
    /// for the first decoded picture), with the time base of their timestamps: the muxer may change
    /// a stream's time base when it writes the header, so timestamps are rescaled only then.
    private var pending: [(packet: Packet, timeBase: AVRational)] = []
    /// Where the output's time starts, in AV_TIME_BASE units: the earliest start of the kept streams.
    private let startMicroseconds: Int64
    private let totalSeconds: Double

    private enum Route {
        /// `grid`: a time base to snap timestamps to (see `frameGrid`).
        case copy(output: UnsafeMutablePointer<AVStream>, grid: AVRational?, done: Bool)
        case video(VideoPipeline)
        case audio(AudioPipeline)
    }

    init(input path: String, output outputPath: String, plan: VideoRewritePlan) throws(RewriteError) {
        input = try MediaRewriter.openInput(path)
        do { try input.findStreamInfo() } catch { throw RewriteError(error) }
        guard let best = StreamFacts.mainVideoStream(input) else { throw RewriteError("the file has no video stream") }
        videoIndex = best
        self.plan = plan
        output = try OutputMedia(path: outputPath, format: plan.container == "mov" ? "mov" : "mp4")
        let start = input.context.pointee.start_time
        startMicroseconds = start == pf_nopts_value() ? 0 : start
        let duration = input.context.pointee.duration
        totalSeconds = plan.endSeconds ?? (duration > 0 ? Double(duration) / Double(AV_TIME_BASE) : 0)
        try setUpStreams()
    }

    private func setUpStreams() throws(RewriteError) {
        for index in 0..<input.streamCount {
            let stream = input.stream(index)
            let parameters = stream.pointee.codecpar!
            let isAudio = parameters.pointee.codec_type == AVMEDIA_TYPE_AUDIO
            guard index == videoIndex || (isAudio && !plan.dropAudio) else {
                stream.pointee.discard = AVDISCARD_ALL  // subtitles, data, cover art, other video: not carried
                continue
            }
            if index == videoIndex && plan.reencodeVideo {
                routes[index] = .video(try VideoPipeline(stream: stream, output: output, plan: plan))
            } else if isAudio, !MediaRewriter.container(plan.container, stores: String(cString: avcodec_get_name(parameters.pointee.codec_id))) {
                routes[index] = .audio(try AudioPipeline(stream: stream, output: output))
            } else {
                let grid = index == videoIndex ? frameGrid(stream) : nil
                let copy = try copyStream(stream)
                if let grid { copy.pointee.time_base = grid }
                routes[index] = .copy(output: copy, grid: grid, done: false)
            }
        }
    }

    private func copyStream(_ stream: UnsafeMutablePointer<AVStream>) throws(RewriteError) -> UnsafeMutablePointer<AVStream> {
        let copy = try output.addStream()
        var result = avcodec_parameters_copy(copy.pointee.codecpar, stream.pointee.codecpar)
        if result < 0 { throw RewriteError(FFmpegCallError(code: result, function: "avcodec_parameters_copy")) }
        // MP4 and MOV share one tag space ('hvc1' stays 'hvc1'); from another container the muxer picks.
        if !input.formatName.hasPrefix("mov,") { copy.pointee.codecpar.pointee.codec_tag = 0 }
        copy.pointee.time_base = stream.pointee.time_base
        result = pf_stream_copy_display_matrix(copy, stream)
        if result < 0 { throw RewriteError(FFmpegCallError(code: result, function: "av_stream_new_side_data")) }
        return copy
    }

    func run(progress: ((Double) -> Void)?) throws(RewriteError) {
        // With no encoder to wait for, the header goes out at once.
        if !routes.values.contains(where: { if case .video = $0 { true } else { false } }) { try writeHeader() }
        let packet = Packet()
        var lastReported = -1.0
        while true {
            do { try input.readPacket(into: packet.pointer) } catch {
                if error.isEndOfFile { break }
                throw RewriteError(error)
            }
            defer { packet.unreference() }
            let index = Int(packet.pointer.pointee.stream_index)
            guard let route = routes[index] else { continue }
            let stream = input.stream(index)
            switch route {
            case .copy(let outputStream, let grid, let done):
                guard !done else { continue }
                if let end = plan.endSeconds, packetEnds(packet.pointer, stream: stream, after: end) {
                    routes[index] = .copy(output: outputStream, grid: grid, done: true)
                    continue
                }
                shift(packet.pointer, timeBase: stream.pointee.time_base)
                packet.pointer.pointee.stream_index = outputStream.pointee.index
                packet.pointer.pointee.pos = -1
                if let grid { snap(packet.pointer, from: stream, to: grid) }
                try emit(packet, timeBase: grid ?? stream.pointee.time_base)
            case .video(let pipeline):
                try pipeline.decode(packet.pointer, sink: emitter)
                if let seconds = pipeline.lastSeconds, let progress, totalSeconds > 0 {
                    let fraction = min(1, seconds / totalSeconds)
                    if fraction - lastReported >= 0.01 { progress(fraction); lastReported = fraction }
                }
            case .audio(let pipeline):
                try pipeline.decode(packet.pointer, sink: emitter)
            }
            if allStreamsEnded { break }
        }
        for route in routes.values {
            switch route {
            case .video(let pipeline): try pipeline.finish(sink: emitter)
            case .audio(let pipeline): try pipeline.finish(sink: emitter)
            case .copy: break
            }
        }
        if !headerWritten { try writeHeader() }
        try flushPending()
        try output.finish()
        progress?(1)
    }

    /// Every stream past the trim point: the rest of the file need not be read.
    private var allStreamsEnded: Bool {
        guard plan.endSeconds != nil else { return false }
        return routes.values.allSatisfy {
            switch $0 {
            case .copy(_, _, let done): done
            case .video(let pipeline): pipeline.ended
            case .audio(let pipeline): pipeline.ended
            }
        }
    }

    private var emitter: PacketSink {
        PacketSink(start: startMicroseconds, end: plan.endSeconds) { [unowned self] (packet: Packet, timeBase: AVRational) throws(RewriteError) in
            if !self.headerWritten, self.videoEncoderReady { try self.writeHeader() }
            try self.emit(packet, timeBase: timeBase)
        }
    }

    private var videoEncoderReady: Bool {
        routes.values.allSatisfy { if case .video(let pipeline) = $0 { pipeline.encoderReady } else { true } }
    }

    /// Matroska and WebM keep time in milliseconds: a 24 fps clip's frames land 41 or 42 ms apart,
    /// and copied as they are into MP4 they read as 24.006 fps, variable. When the time base is
    /// that coarse and the stream has a plain rate, timestamps are rounded to that rate's grid.
    private func frameGrid(_ stream: UnsafeMutablePointer<AVStream>) -> AVRational? {
        let timeBase = stream.pointee.time_base, rate = stream.pointee.r_frame_rate
        guard timeBase.isValid, timeBase.den / max(timeBase.num, 1) <= 1000, rate.isValid, av_q2d(rate) <= 240 else { return nil }
        return av_inv_q(rate)
    }

    /// Rounds timestamps to the grid measured from the stream's start: a clip whose first picture
    /// shows at 23 ms (B-frame delay) would otherwise round half its frames the wrong way.
    private func snap(_ packet: UnsafeMutablePointer<AVPacket>, from stream: UnsafeMutablePointer<AVStream>, to grid: AVRational) {
        let timeBase = stream.pointee.time_base
        let start = stream.pointee.start_time == pf_nopts_value() ? 0 : stream.pointee.start_time
        let startOnGrid = av_rescale_q(start, timeBase, grid)
        func onGrid(_ value: Int64) -> Int64 {
            value == pf_nopts_value() ? value : av_rescale_q(value - start, timeBase, grid) + startOnGrid
        }
        packet.pointee.pts = onGrid(packet.pointee.pts)
        packet.pointee.dts = onGrid(packet.pointee.dts)
        packet.pointee.duration = av_rescale_q(packet.pointee.duration, timeBase, grid)
    }

    private func packetEnds(_ packet: UnsafeMutablePointer<AVPacket>, stream: UnsafeMutablePointer<AVStream>, after end: Double) -> Bool {
        let pts = packet.pointee.pts == pf_nopts_value() ? packet.pointee.dts : packet.pointee.pts
        guard pts != pf_nopts_value() else { return false }
        let startInStream = av_rescale_q(startMicroseconds, AVRational(num: 1, den: AV_TIME_BASE), stream.pointee.time_base)
        let endTicks = pts - startInStream + packet.pointee.duration
        return av_q2d(stream.pointee.time_base) * Double(endTicks) > end + 1e-6
    }

    private func shift(_ packet: UnsafeMutablePointer<AVPacket>, timeBase: AVRational) {
        // A plain remux keeps the timestamps (edit lists and all); a trimmed copy starts at zero
        // with the re-encoded video.
        guard plan.reencodeVideo || plan.endSeconds != nil else { return }
        let offset = av_rescale_q(startMicroseconds, AVRational(num: 1, den: AV_TIME_BASE), timeBase)
        if packet.pointee.pts != pf_nopts_value() { packet.pointee.pts -= offset }
        if packet.pointee.dts != pf_nopts_value() { packet.pointee.dts -= offset }
    }

    private func writeHeader() throws(RewriteError) {
        try output.writeHeader(faststart: true)
        headerWritten = true
        try flushPending()
    }

    private func flushPending() throws(RewriteError) {
        let queued = pending
        pending = []
        for (packet, timeBase) in queued { try send(packet, timeBase: timeBase) }
    }

    private func emit(_ packet: Packet, timeBase: AVRational) throws(RewriteError) {
        if headerWritten {
            try send(packet, timeBase: timeBase)
        } else {
            let held = Packet()
            av_packet_move_ref(held.pointer, packet.pointer)
            pending.append((held, timeBase))
        }
    }

    private func send(_ packet: Packet, timeBase: AVRational) throws(RewriteError) {
        let stream = output.context.pointee.streams[Int(packet.pointer.pointee.stream_index)]!
        av_packet_rescale_ts(packet.pointer, timeBase, stream.pointee.time_base)
        try output.write(packet.pointer)
    }
}

/// Where pipelines hand their finished packets, with the output's time origin and trim point.
struct PacketSink {
    let start: Int64
    let end: Double?
    /// Takes a packet whose timestamps are in `timeBase` (and its stream index set).
    let write: (Packet, AVRational) throws(RewriteError) -> Void

    func startTicks(in timeBase: AVRational) -> Int64 {
        av_rescale_q(start, AVRational(num: 1, den: AV_TIME_BASE), timeBase)
    }
}
