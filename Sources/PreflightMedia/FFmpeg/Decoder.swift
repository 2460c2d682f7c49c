import CFFmpeg
import CFFmpegShim

/// Owns one opened AVCodecContext; `deinit` frees it.
final class Decoder {
    let context: UnsafeMutablePointer<AVCodecContext>

    /// - Parameter maxPixels: the decoder refuses pictures larger than this before allocating them.
    init(parameters: UnsafePointer<AVCodecParameters>, maxPixels: Int, threads: Int32 = 1) throws(FFmpegCallError) {
        guard let codec = avcodec_find_decoder(parameters.pointee.codec_id) else {
            throw FFmpegCallError(code: pf_averror(ENOSYS), function: "avcodec_find_decoder")
        }
        guard let context = avcodec_alloc_context3(codec) else {
            throw FFmpegCallError(code: pf_averror(ENOMEM), function: "avcodec_alloc_context3")
        }
        self.context = context
        try FFmpegCallError.check(avcodec_parameters_to_context(context, parameters), "avcodec_parameters_to_context")
        // One thread per file when probing: files are spread over cores, and memory stays one frame
        // per job. 0 (as many as the machine has) for `fix`, which writes one file at a time.
        context.pointee.thread_count = threads
        context.pointee.max_pixels = Int64(min(maxPixels, Int(Int32.max)))
        // JPEG keeps FFmpeg's default IDCT: of FFmpeg's IDCTs it lands closest to libjpeg's (measured
        // on the fixtures: at most 1e-3 relative in the Laplacian variance; the IJG integer IDCT, 2e-3).
        try FFmpegCallError.check(avcodec_open2(context, codec, nil), "avcodec_open2")
    }

    deinit {
        var owned: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&owned)
    }

    /// Sends `packet` (nil to drain) to the decoder.
    func send(_ packet: UnsafeMutablePointer<AVPacket>?) -> Int32 { avcodec_send_packet(context, packet) }

    func receive(into frame: Frame) -> Int32 { avcodec_receive_frame(context, frame.pointer) }
}

/// Owns one AVFrame.
final class Frame {
    let pointer: UnsafeMutablePointer<AVFrame>

    init() {
        guard let frame = av_frame_alloc() else { fatalError("av_frame_alloc: out of memory") }
        pointer = frame
    }

    deinit {
        var owned: UnsafeMutablePointer<AVFrame>? = pointer
        av_frame_free(&owned)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
