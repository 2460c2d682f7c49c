import CFFmpeg
import CFFmpegShim

/// Decode → aformat (float planar) → AAC at 192 kb/s, for audio the output container cannot store
/// as it is (Vorbis or PCM into MP4).
final class AudioPipeline {
    private let stream: UnsafeMutablePointer<AVStream>
    private let outputStream: UnsafeMutablePointer<AVStream>
    private let decoder: Decoder
    private let chain: FilterChain
    private let encoder: Encoder
    private let decoded = Frame()
    private let filtered = Frame()
    private let encoded = Packet()
    private let sampleRate: Int32
    private(set) var ended = false
    private var flushed = false

    init(stream: UnsafeMutablePointer<AVStream>, output: OutputMedia) throws(RewriteError) {
        self.stream = stream
        do { decoder = try Decoder(parameters: stream.pointee.codecpar, maxPixels: 0) } catch { throw RewriteError(error) }
        let source = decoder.context.pointee
        sampleRate = source.sample_rate
        guard sampleRate > 0, let formatName = av_get_sample_fmt_name(source.sample_fmt) else {
            throw RewriteError("the audio stream has no sample rate or sample format")
        }
        // A layout the file leaves unspecified (PCM in Matroska) gets the usual one for its channel count.
        var sourceLayout = AVChannelLayout()
        defer { av_channel_layout_uninit(&sourceLayout) }
        if source.ch_layout.order == AV_CHANNEL_ORDER_NATIVE {
            var copy = source.ch_layout
            _ = av_channel_layout_copy(&sourceLayout, &copy)
        } else {
            av_channel_layout_default(&sourceLayout, max(1, source.ch_layout.nb_channels))
        }
        var layout = [CChar](repeating: 0, count: 128)
        guard av_channel_layout_describe(&sourceLayout, &layout, layout.count) >= 0 else {
            throw RewriteError("the audio stream's channel layout cannot be described")
        }
        let channels = "channel_layout=" + String(decoding: layout.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let arguments = "time_base=1/\(sampleRate):sample_rate=\(sampleRate):sample_fmt=\(String(cString: formatName)):\(channels)"
        chain = try FilterChain(sourceFilter: "abuffer", sourceArguments: arguments, sinkFilter: "abuffersink",
                                chain: "aformat=sample_fmts=fltp")
        var outputLayout = AVChannelLayout()
        defer { av_channel_layout_uninit(&outputLayout) }
        let layoutResult = chain.outputChannelLayout(into: &outputLayout)
        if layoutResult < 0 { throw RewriteError(FFmpegCallError(code: layoutResult, function: "av_buffersink_get_ch_layout")) }
        let rate = chain.outputSampleRate
        let globalHeader = output.wantsGlobalHeader
        encoder = try Encoder(name: "aac") { context in
            context.pointee.sample_rate = rate
            context.pointee.sample_fmt = AV_SAMPLE_FMT_FLTP
            _ = av_channel_layout_copy(&context.pointee.ch_layout, &outputLayout)
            context.pointee.bit_rate = 192_000
            context.pointee.time_base = AVRational(num: 1, den: rate)
            if globalHeader { context.pointee.flags |= Int32(AV_CODEC_FLAG_GLOBAL_HEADER) }
        }
        // AAC takes frames of exactly frame_size samples (1024).
        chain.setFrameSize(UInt32(max(encoder.context.pointee.frame_size, 1)))
        outputStream = try output.addStream()
        let result = avcodec_parameters_from_context(outputStream.pointee.codecpar, encoder.context)
        if result < 0 { throw RewriteError(FFmpegCallError(code: result, function: "avcodec_parameters_from_context")) }
        outputStream.pointee.time_base = AVRational(num: 1, den: rate)
    }

    func decode(_ packet: UnsafeMutablePointer<AVPacket>?, sink: PacketSink) throws(RewriteError) {
        guard !ended else { return }
        let sent = decoder.send(packet)
        if sent < 0 && sent != pf_averror_eof() && sent != pf_averror_invaliddata() {
            throw RewriteError(FFmpegCallError(code: sent, function: "avcodec_send_packet"))
        }
        while !ended {
            let received = decoder.receive(into: decoded)
            if received == pf_averror(EAGAIN) || received == pf_averror_eof() { return }
            if received == pf_averror_invaliddata() { continue }
            if received < 0 { throw RewriteError(FFmpegCallError(code: received, function: "avcodec_receive_frame")) }
            let pts = decoded.pointer.pointee.best_effort_timestamp
            decoded.pointer.pointee.pts = pts == pf_nopts_value() ? pts
                : av_rescale_q(pts, stream.pointee.time_base, AVRational(num: 1, den: sampleRate))
            try chain.push(decoded)
            try drainChain(sink: sink)
        }
    }

    func finish(sink: PacketSink) throws(RewriteError) {
        if !ended {
            try decode(nil, sink: sink)
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
        let timeBase = encoder.context.pointee.time_base
        while !ended {
            let pulled = chain.pull(into: filtered)
            if pulled == pf_averror(EAGAIN) || pulled == pf_averror_eof() { return }
            if pulled < 0 { throw RewriteError(FFmpegCallError(code: pulled, function: "av_buffersink_get_frame")) }
            defer { av_frame_unref(filtered.pointer) }
            if filtered.pointer.pointee.pts != pf_nopts_value() {
                filtered.pointer.pointee.pts -= sink.startTicks(in: timeBase)
                let endSeconds = Double(filtered.pointer.pointee.pts + Int64(filtered.pointer.pointee.nb_samples)) * av_q2d(timeBase)
                if let end = sink.end, endSeconds > end + 1e-6 {
                    ended = true
                    flushed = true
                    try encoder.send(nil)
                    try drainEncoder(sink: sink)
                    return
                }
            }
            try encoder.send(filtered)
            try drainEncoder(sink: sink)
        }
    }

    private func drainEncoder(sink: PacketSink) throws(RewriteError) {
        try encoder.drain(into: sink, streamIndex: outputStream.pointee.index, using: encoded)
    }
}
