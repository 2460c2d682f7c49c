import CFFmpeg
import CFFmpegShim

/// A decoded picture made into a thumbnail's pixels: scaled by area averaging with libswscale to
/// full-range 4:2:0 (what the MJPEG encoder takes), then turned upright. A preview needs nothing
/// more, so it neither loads libavfilter nor builds a filter graph for each of a clip's nine
/// pictures. The turns are UprightFilters' own filter names, done as vf_transpose, vf_hflip and
/// vf_vflip do them.
final class ThumbnailPicture {
    private var scaler: OpaquePointer?

    deinit { sws_freeContext(scaler) }

    /// `frame` scaled to `width × height` (the size before turning; both even) and turned by `turns`.
    func make(from frame: Frame, width: Int32, height: Int32, turns: [String]) throws(RewriteError) -> Frame {
        let source = frame.pointer.pointee
        scaler = sws_getCachedContext(scaler, source.width, source.height, AVPixelFormat(source.format),
                                      width, height, AV_PIX_FMT_YUVJ420P, SWS_AREA, nil, nil, nil)
        guard let scaler else { throw RewriteError("sws_getCachedContext: this picture's format cannot be scaled") }
        var picture = try Self.blank(width: width, height: height)
        let scaled = sws_scale_frame(scaler, picture.pointer, frame.pointer)
        if scaled < 0 { throw RewriteError(FFmpegCallError(code: scaled, function: "sws_scale_frame")) }
        for turn in turns { picture = try Self.turned(picture, by: turn) }
        picture.pointer.pointee.color_range = AVCOL_RANGE_JPEG
        return picture
    }

    private static func blank(width: Int32, height: Int32) throws(RewriteError) -> Frame {
        let frame = Frame()
        frame.pointer.pointee.width = width
        frame.pointer.pointee.height = height
        frame.pointer.pointee.format = AV_PIX_FMT_YUVJ420P.rawValue
        let allocated = av_frame_get_buffer(frame.pointer, 0)
        if allocated < 0 { throw RewriteError(FFmpegCallError(code: allocated, function: "av_frame_get_buffer")) }
        return frame
    }

    /// One of UprightFilters' operations on every plane. Transposes follow vf_transpose: the output
    /// is the input mirrored over its diagonal, with the source rows read bottom-up for `clock` and
    /// `clock_flip` and the output rows written bottom-up for `cclock` and `clock_flip`.
    private static func turned(_ input: Frame, by turn: String) throws(RewriteError) -> Frame {
        let transposes = turn.hasPrefix("transpose="), mirrorsColumns = turn == "hflip"
        let direction: Int
        switch turn {
        case "transpose=cclock_flip": direction = 0
        case "transpose=clock": direction = 1
        case "transpose=cclock": direction = 2
        case "transpose=clock_flip": direction = 3
        case "hflip", "vflip": direction = -1
        default: throw RewriteError("no thumbnail turn for the filter “\(turn)”")
        }
        let width = input.pointer.pointee.width, height = input.pointer.pointee.height
        let output = try blank(width: transposes ? height : width, height: transposes ? width : height)
        for index in 0..<3 {
            let chroma = index > 0
            let inWidth = Int(chroma ? (width + 1) / 2 : width), inHeight = Int(chroma ? (height + 1) / 2 : height)
            let (outWidth, outHeight) = transposes ? (inHeight, inWidth) : (inWidth, inHeight)
            guard let source = plane(input, index), let target = plane(output, index) else { continue }
            for row in 0..<outHeight {
                let line = target.pixels + row * target.stride
                for column in 0..<outWidth {
                    let (sourceRow, sourceColumn): (Int, Int)
                    if transposes {
                        let writtenRow = direction & 2 != 0 ? outHeight - 1 - row : row
                        sourceRow = direction & 1 != 0 ? inHeight - 1 - column : column
                        sourceColumn = writtenRow
                    } else if mirrorsColumns {
                        (sourceRow, sourceColumn) = (row, inWidth - 1 - column)
                    } else {
                        (sourceRow, sourceColumn) = (inHeight - 1 - row, column)
                    }
                    line[column] = source.pixels[sourceRow * source.stride + sourceColumn]
                }
            }
        }
        return output
    }

    private static func plane(_ frame: Frame, _ index: Int) -> (pixels: UnsafeMutablePointer<UInt8>, stride: Int)? {
        let data = [frame.pointer.pointee.data.0, frame.pointer.pointee.data.1, frame.pointer.pointee.data.2][index]
        let stride = [frame.pointer.pointee.linesize.0, frame.pointer.pointee.linesize.1, frame.pointer.pointee.linesize.2][index]
        return data.map { ($0, Int(stride)) }
    }
}
