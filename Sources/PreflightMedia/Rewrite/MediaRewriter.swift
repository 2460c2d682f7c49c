import CFFmpeg
import CFFmpegShim

/// `preflight fix`'s hands: writes a new file from an input by a plan, in-process (libavformat,
/// libavcodec, libavfilter). The input is only read; the output path must be a new file of the caller's.
public enum MediaRewriter {
    /// Writes `output` (which must not exist yet) from the video `input` by `plan`.
    /// - Parameter progress: called with the fraction done (0…1) as the video is written.
    public static func rewriteVideo(from input: String, to output: String, plan: VideoRewritePlan,
                                    progress: ((Double) -> Void)? = nil) throws(RewriteError) {
        try logged { () throws(RewriteError) in
            let rewrite = try VideoRewrite(input: input, output: output, plan: plan)
            try rewrite.run(progress: progress)
        }
    }

    /// Writes `output` from the image `input` by `plan`.
    public static func rewriteImage(from input: String, to output: String, plan: ImageRewritePlan) throws(RewriteError) {
        try logged { () throws(RewriteError) in try ImageRewrite.run(input: input, output: output, plan: plan) }
    }

    /// Runs a rewrite with FFmpeg's log captured (never on the user's terminal); a failure carries
    /// FFmpeg's last error line.
    private static func logged(_ body: () throws(RewriteError) -> Void) throws(RewriteError) {
        _ = MediaProbe.processLimits
        var failure: RewriteError?
        let (_, lines) = FFmpegLog.capturing {
            do throws(RewriteError) { try body() } catch { failure = error }
        }
        if var failure {
            if let last = lines.last { failure.description += " (FFmpeg: \(last))" }
            throw failure
        }
    }

    /// Whether a remux into `container` ("mp4", "mov") keeps `codec` (FFmpeg's name) as it is: the
    /// muxer must store it, and for audio, players and services must read it there (FFmpeg will put
    /// Vorbis into MP4, but next to nothing plays it: that audio becomes AAC).
    public static func container(_ container: String, stores codec: String) -> Bool {
        guard let format = av_guess_format(container, nil, nil),
              let descriptor = avcodec_descriptor_get_by_name(codec) else { return false }
        if descriptor.pointee.type == AVMEDIA_TYPE_AUDIO {
            let playable: Set<String> = container == "mov" ? ["aac", "mp3", "alac", "ac3", "eac3", "pcm_s16le", "pcm_s16be", "pcm_s24le", "pcm_s24be"]
                : ["aac", "mp3", "alac", "ac3", "eac3"]
            guard playable.contains(codec) else { return false }
        }
        return avformat_query_codec(format, descriptor.pointee.id, FF_COMPLIANCE_NORMAL) == 1
    }

    /// Whether this FFmpeg can encode H.264 (libx264), which every video fix that re-encodes needs.
    public static var canEncodeH264: Bool { avcodec_find_encoder_by_name("libx264") != nil }

    static func openInput(_ path: String) throws(RewriteError) -> FormatInput {
        let file: OpenedFile
        switch OpenedFile.open(path) {
        case .success(let opened): file = opened
        case .failure(let failure): throw RewriteError(failure.message)
        }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let ext = name.contains(".") ? String(name.split(separator: ".").last ?? "") : ""
        do {
            return try FormatInput(file: file, extensionHint: ext, timeoutSeconds: 0)
        } catch {
            switch error {
            case .ffmpeg(let call): throw RewriteError(call)
            case .unsupportedFormat(let name, _, _): throw RewriteError("FFmpeg reads this file as '\(name)', which preflight does not rewrite")
            }
        }
    }
}

extension AVRational {
    var isValid: Bool { num > 0 && den > 0 }
}
