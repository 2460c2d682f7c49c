import CFFmpeg
import CFFmpegShim

/// One picture → one PNG or JPEG file's bytes (those encoders write a whole file per packet).
enum StillEncoding {
    /// - Parameters:
    ///   - codec: "png" or "mjpeg".
    ///   - qscale: MJPEG's quantiser scale (1 best – 31); nil for PNG.
    static func encode(_ frame: Frame, codec: String, qscale: Int32? = nil, options: [(String, String)] = []) throws(RewriteError) -> [UInt8] {
        let picture = frame.pointer.pointee
        let encoder = try Encoder(name: codec, options: options) { context in
            context.pointee.width = picture.width
            context.pointee.height = picture.height
            context.pointee.pix_fmt = AVPixelFormat(picture.format)
            context.pointee.time_base = AVRational(num: 1, den: 25)
            context.pointee.thread_count = 1
            if let qscale {
                context.pointee.flags |= Int32(AV_CODEC_FLAG_QSCALE)
                context.pointee.global_quality = qscale * FF_QP2LAMBDA
                context.pointee.qmin = qscale
                context.pointee.qmax = qscale
                context.pointee.color_range = AVCOL_RANGE_JPEG
            }
        }
        frame.pointer.pointee.pts = 0
        frame.pointer.pointee.quality = (qscale ?? 0) * FF_QP2LAMBDA
        frame.pointer.pointee.pict_type = AV_PICTURE_TYPE_NONE
        try encoder.send(frame)
        try encoder.send(nil)
        let packet = Packet()
        let received = encoder.receive(into: packet)
        if received < 0 { throw RewriteError(FFmpegCallError(code: received, function: "avcodec_receive_packet")) }
        return Array(UnsafeBufferPointer(start: packet.pointer.pointee.data, count: Int(packet.pointer.pointee.size)))
    }
}
