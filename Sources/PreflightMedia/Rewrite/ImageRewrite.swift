#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CFFmpeg
import CFFmpegShim

/// Decode one picture → filter (EXIF orientation, crop, scale) → PNG or JPEG. The encoders write a
/// whole file per packet, so the packet is the file.
enum ImageRewrite {
    static func run(input path: String, output: String, plan: ImageRewritePlan) throws(RewriteError) {
        let input = try MediaRewriter.openInput(path)
        do { try input.findStreamInfo() } catch { throw RewriteError(error) }
        guard let best = StreamFacts.mainVideoStream(input) else { throw RewriteError("the file holds no picture") }
        let stream = input.stream(best)
        let decoder: Decoder
        do { decoder = try Decoder(parameters: stream.pointee.codecpar, maxPixels: ProbeOptions().pixelBudget) } catch { throw RewriteError(error) }
        let picture = try firstPicture(input: input, stream: best, decoder: decoder)

        let source = picture.pointer.pointee
        let hasAlpha = av_pix_fmt_desc_get(AVPixelFormat(source.format)).map { ($0.pointee.flags & UInt64(AV_PIX_FMT_FLAG_ALPHA)) != 0 } ?? false
        let isGray = av_pix_fmt_desc_get(AVPixelFormat(source.format)).map { $0.pointee.nb_components <= 2 } ?? false
        let pixelFormat: String
        switch plan.format {
        case .png: pixelFormat = hasAlpha ? (isGray ? "ya8" : "rgba") : (isGray ? "gray" : "rgb24")
        case .jpeg: pixelFormat = isGray ? "gray" : "yuvj420p"
        }
        var aspect = source.sample_aspect_ratio
        if !aspect.isValid { aspect = AVRational(num: 1, den: 1) }
        let arguments = "video_size=\(source.width)x\(source.height):pix_fmt=\(source.format):time_base=1/25:pixel_aspect=\(aspect.num)/\(aspect.den)"
        let chain = try FilterChain(sourceFilter: "buffer", sourceArguments: arguments, sinkFilter: "buffersink",
                                    chain: filterDescription(plan, pixelFormat: pixelFormat))
        try chain.push(picture)
        try chain.push(nil)
        let filtered = Frame()
        let pulled = chain.pull(into: filtered)
        if pulled < 0 { throw RewriteError(FFmpegCallError(code: pulled, function: "av_buffersink_get_frame")) }

        let bytes = try StillEncoding.encode(filtered, codec: plan.format == .png ? "png" : "mjpeg",
                                             qscale: plan.format == .jpeg ? qualityScale(plan.quality) : nil,
                                             options: plan.format == .jpeg ? [("huffman", "optimal")] : [])
        try writeFile(bytes, to: output)
    }

    static func firstPicture(input: FormatInput, stream: Int, decoder: Decoder) throws(RewriteError) -> Frame {
        let packet = Packet()
        let frame = Frame()
        var draining = false
        while true {
            if !draining {
                do {
                    try input.readPacket(into: packet.pointer)
                    defer { packet.unreference() }
                    guard Int(packet.pointer.pointee.stream_index) == stream else { continue }
                    _ = decoder.send(packet.pointer)
                } catch {
                    if !error.isEndOfFile { throw RewriteError(error) }
                    draining = true
                    _ = decoder.send(nil)
                }
            }
            let received = decoder.receive(into: frame)
            if received >= 0 { return frame }
            if received == pf_averror(EAGAIN) && !draining { continue }
            throw RewriteError(FFmpegCallError(code: received, function: "avcodec_receive_frame"))
        }
    }

    static func filterDescription(_ plan: ImageRewritePlan, pixelFormat: String) -> String {
        var filters = UprightFilters.orientation(plan.orientation)
        if let width = plan.cropWidth, let height = plan.cropHeight { filters.append("crop=\(width):\(height)") }
        // Area averaging when shrinking a still: the sharpest downscale without ringing.
        if let width = plan.width, let height = plan.height { filters.append("scale=\(width):\(height):flags=lanczos") }
        filters.append("format=\(pixelFormat)")
        return filters.joined(separator: ",")
    }

    /// libjpeg quality (1–100) to FFmpeg's MJPEG quantiser scale (1 best – 31). Measured with
    /// preflight's own estimator (JPEGQuality): qscale 1 reads as quality ≈ 97, above the 92 asked for.
    static func qualityScale(_ quality: Int) -> Int32 {
        quality >= 95 ? 1 : quality >= 90 ? 2 : quality >= 80 ? 3 : quality >= 70 ? 5 : 8
    }

    /// Writes the bytes to a new file (never over an existing one).
    static func writeFile(_ bytes: [UInt8], to path: String) throws(RewriteError) {
        let descriptor = PathBytes.withFileSystemRepresentation(path) { open($0, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644) }
        guard descriptor >= 0 else { throw RewriteError("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw RewriteError("cannot write \(path): \(String(cString: strerror(errno)))")
            }
            offset += written
        }
        if fsync(descriptor) != 0 { throw RewriteError("cannot write \(path): \(String(cString: strerror(errno)))") }
    }
}
