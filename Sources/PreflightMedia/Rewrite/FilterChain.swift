import CFFmpeg
import CFFmpegShim

/// Owns one libavfilter graph with a single input (buffer/abuffer) and a single output
/// (buffersink/abuffersink). The chain between them is a filter description preflight writes itself
/// from numbers (never from a file name or other user text). libavfilter is loaded on first use
/// (CFFmpegShim/filter_library.c: it doubled every run's start-up), so it is called through pf_.
final class FilterChain {
    private var graph: UnsafeMutablePointer<AVFilterGraph>?
    let source: UnsafeMutablePointer<AVFilterContext>
    let sink: UnsafeMutablePointer<AVFilterContext>

    /// - Parameters:
    ///   - sourceFilter: "buffer" or "abuffer".
    ///   - sourceArguments: the source's options ("video_size=1920x1080:pix_fmt=0:time_base=1/90000…").
    ///   - chain: the filters between, comma-separated ("null" for none).
    init(sourceFilter: String, sourceArguments: String, sinkFilter: String, chain: String) throws(RewriteError) {
        try Self.loadLibrary()
        guard let graph = pf_avfilter_graph_alloc() else { throw RewriteError("avfilter_graph_alloc: out of memory") }
        self.graph = graph
        var source: UnsafeMutablePointer<AVFilterContext>?
        var sink: UnsafeMutablePointer<AVFilterContext>?
        var result = pf_avfilter_graph_create_filter(&source, pf_avfilter_get_by_name(sourceFilter), "in", sourceArguments, graph)
        if result >= 0 {
            result = pf_avfilter_graph_create_filter(&sink, pf_avfilter_get_by_name(sinkFilter), "out", nil, graph)
        }
        guard result >= 0, let source, let sink else {
            var owned: UnsafeMutablePointer<AVFilterGraph>? = graph
            pf_avfilter_graph_free(&owned)
            throw RewriteError(FFmpegCallError(code: result < 0 ? result : pf_averror(EINVAL), function: "avfilter_graph_create_filter"))
        }
        self.source = source
        self.sink = sink
        // The parsed chain's open input is fed by our source ("in"), its open output feeds our sink.
        var outputs = pf_avfilter_inout_alloc()
        var inputs = pf_avfilter_inout_alloc()
        // avfilter_graph_parse_ptr replaces both lists with what is left open; those are freed here.
        defer {
            pf_avfilter_inout_free(&outputs)
            pf_avfilter_inout_free(&inputs)
        }
        guard let output = outputs, let input = inputs else { throw RewriteError("avfilter_inout_alloc: out of memory") }
        output.pointee.name = av_strdup("in")
        output.pointee.filter_ctx = source
        output.pointee.pad_idx = 0
        output.pointee.next = nil
        input.pointee.name = av_strdup("out")
        input.pointee.filter_ctx = sink
        input.pointee.pad_idx = 0
        input.pointee.next = nil
        result = pf_avfilter_graph_parse(graph, chain, &inputs, &outputs)
        if result < 0 { throw RewriteError(FFmpegCallError(code: result, function: "avfilter_graph_parse_ptr(\(chain))")) }
        result = pf_avfilter_graph_config(graph)
        if result < 0 { throw RewriteError(FFmpegCallError(code: result, function: "avfilter_graph_config(\(chain))")) }
    }

    deinit {
        pf_avfilter_graph_free(&graph)
    }

    /// Loads libavfilter (once per process), or says why it cannot be.
    static func loadLibrary() throws(RewriteError) {
        if let reason = pf_filters_load() {
            throw RewriteError("FFmpeg's filter library is needed to rewrite files and draw previews, but \(String(cString: reason)); "
                + "install FFmpeg's libavfilter (Debian/Ubuntu: apt-get install libavfilter-dev)")
        }
    }

    /// Hands `frame` to the chain (the chain takes its data; the frame is left blank), or nil at the end.
    func push(_ frame: Frame?) throws(RewriteError) {
        let result = pf_buffersrc_add_frame(source, frame?.pointer)
        if result < 0 { throw RewriteError(FFmpegCallError(code: result, function: "av_buffersrc_add_frame")) }
    }

    /// 0 with a frame, AVERROR(EAGAIN) when the chain needs more input, AVERROR_EOF at the end.
    func pull(into frame: Frame) -> Int32 { pf_buffersink_get_frame(sink, frame.pointer) }

    var outputTimeBase: AVRational { pf_buffersink_get_time_base(sink) }
    var outputFrameRate: AVRational { pf_buffersink_get_frame_rate(sink) }
    var outputWidth: Int32 { pf_buffersink_get_w(sink) }
    var outputHeight: Int32 { pf_buffersink_get_h(sink) }
    var outputFormat: Int32 { pf_buffersink_get_format(sink) }
    var outputSampleRate: Int32 { pf_buffersink_get_sample_rate(sink) }
    var outputSampleAspectRatio: AVRational { pf_buffersink_get_sample_aspect_ratio(sink) }

    func outputChannelLayout(into layout: UnsafeMutablePointer<AVChannelLayout>) -> Int32 {
        pf_buffersink_get_ch_layout(sink, layout)
    }

    /// Audio: every frame the sink gives holds exactly `samples` samples (what an encoder takes).
    func setFrameSize(_ samples: UInt32) { pf_buffersink_set_frame_size(sink, samples) }
}
