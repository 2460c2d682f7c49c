import CFFmpeg
import CFFmpegShim

/// The image half of a probe: size before decoding (bomb guard), one decode, EXIF orientation,
/// JPEG quality, and the luma plane handed to the analysis layer.
enum ImageProbe {
    /// Demuxers whose files are pictures: the image pipes, image2 (by extension) and GIF, which is
    /// a picture when it has one frame and an animation otherwise.
    static func isImageDemuxer(_ formatName: String) -> Bool {
        formatName.hasSuffix("_pipe") || formatName == "image2" || formatName == "gif"
    }

    static func read(_ input: FormatInput, head: [UInt8], sizeBytes: Int64, still: StillImageFacts, options: ProbeOptions,
                     analyzer: LumaAnalyzer?, into record: inout ProbeRecord) {
        guard input.streamCount > 0 else {
            record.failure = MediaFailure(.noStreams, "the image file holds no picture")
            return
        }
        record.kind = .image
        let stream = input.stream(0)
        let parameters = stream.pointee.codecpar!
        let codec = StreamFacts.codecName(parameters)
        // The image2 demuxer is chosen by file extension alone; name the container by its codec.
        let chosenByExtension = input.formatName == "image2"
        if chosenByExtension { record.container = containerName(codec: codec) }
        let packet = Packet()
        defer { packet.unreference() }
        if let failure = readFirstPacket(input, into: packet, options: options) {
            record.failure = failure
            return
        }
        if input.formatName == "gif" {
            let frames = laterFrames(input)
            guard frames == 0 else {
                record.failure = MediaFailure(.unsupportedFormat, "this is an animated GIF (\(frames + 1)\(frames >= 999 ? "+" : "") frames): "
                    + "an animation, not a still picture or a video; export one frame as PNG for an image role, "
                    + "or convert it to MP4 for a video role")
                return
            }
        }
        var jpeg: JPEGHeader?
        if parameters.pointee.codec_id == AV_CODEC_ID_MJPEG, let data = packet.pointer.pointee.data {
            jpeg = JPEGHeader.parse(UnsafeRawBufferPointer(start: data, count: Int(packet.pointer.pointee.size)))
        }
        if jpeg?.isArithmeticCoded == true {
            record.failure = MediaFailure(.unsupportedFormat, "this is a JPEG with arithmetic coding, a complete file that few "
                + "decoders read (FFmpeg 5.1, which preflight uses, does not): save it again as a baseline JPEG "
                + "(for example `jpegtran -outfile out.jpg in.jpg`)")
            return
        }
        let orientation = jpeg?.orientation ?? still.orientation ?? 1
        let headerSize = jpeg.flatMap { header in header.width.flatMap { w in header.height.map { (w, $0) } } }
            ?? ImageDimensions.fromHead(head)
        if let (width, height) = headerSize {
            record.image = info(codec: codec, width: width, height: height, orientation: orientation)
            // Sizes come from the file: 0xFFFFFFFF × 0xFFFFFFFF does not fit in 64 bits.
            let (pixels, overflowed) = width.multipliedReportingOverflow(by: height)
            if overflowed || pixels > options.pixelBudget {
                let amount = overflowed ? "more than 9 × 10^18 pixels" : "\(megapixels(pixels)) megapixels"
                record.failure = MediaFailure(.imageTooLarge, "the image is \(width)×\(height) "
                    + "(\(amount)), over the \(megapixels(options.pixelBudget)) megapixel budget; it was not decoded")
                return
            }
        }

        let decoder: Decoder
        do {
            decoder = try Decoder(parameters: parameters, maxPixels: options.pixelBudget)
        } catch {
            record.failure = MediaFailure(.unsupported, "FFmpeg has no decoder for this \(codec) image: \(error.message)")
            return
        }
        let errorsBeforeDecode = FFmpegLog.errorsSoFar
        let frame = Frame()
        if var failure = decode(input, decoder: decoder, first: packet, into: frame, options: options) {
            if chosenByExtension, failure.code == .decodeFailed, FFmpegLog.errorsSoFar > errorsBeforeDecode,
               headerSize == nil, jpeg == nil {
                record.container = nil
                record.kind = nil
                failure = MediaFailure(.unrecognized, "the file is named .\(record.fileExtension) but its content is not "
                                       + "an image FFmpeg recognises")
            }
            record.failure = failure
            return
        }
        if still.jpegCompressedTIFF, BlankPicture.isAllZero(frame.pointer) {
            record.failure = MediaFailure(.unsupportedFormat, "this is a JPEG-compressed TIFF, which FFmpeg 5.1 decodes to a blank "
                + "picture (every sample zero), so nothing in it can be measured; convert it to PNG or JPEG with an image "
                + "editor or ImageMagick — ffmpeg's own conversion comes out black too")
            return
        }
        let picture = frame.pointer.pointee
        let format = StreamFacts.pixelFormat(picture.format)
        var image = info(codec: codec, width: Int(picture.width), height: Int(picture.height), orientation: orientation)
        image.pixelFormat = format?.name
        // 12-bit JPEG decodes into a 16-bit format; the file's own precision is the truth.
        image.bitDepth = jpeg?.precision ?? format?.bitDepth
        image.hasAlpha = jpeg != nil ? false
            : still.declaresTransparency || AlphaScan.hasTransparentPixel(frame.pointer)
        image.jpegQuality = jpeg.flatMap { JPEGQuality.estimate($0.quantizationTables) }
        image.bitsPerPixel = Double(sizeBytes) * 8 / Double(Int(picture.width) * Int(picture.height))
        if let analyzer, let metrics = LumaExtraction.withLuma(of: frame.pointer, analyzer) {
            image.laplacianVariance = metrics.laplacianVariance
            image.focusScore = metrics.focusScore
            image.noiseSigma = metrics.noiseSigma
            image.focusTiles = metrics.focusTiles
            image.meanLuma = metrics.meanLuma
        }
        record.image = image
        if FFmpegLog.errorsSoFar > errorsBeforeDecode || picture.decode_error_flags != 0 {
            record.failure = MediaFailure(.corrupt, "the image decodes with errors (damaged or cut off); "
                + "its measurements cannot be trusted")
        }
    }

    static func containerName(codec: String) -> String {
        switch codec {
        case "mjpeg": "jpeg"
        case "tiff", "png", "webp", "bmp", "gif": codec
        default: codec
        }
    }

    private static func info(codec: String, width: Int, height: Int, orientation: Int) -> ImageInfo {
        let swaps = orientation >= 5  // EXIF 5–8 turn the picture a quarter
        return ImageInfo(codec: codec, width: swaps ? height : width, height: swaps ? width : height,
                         codedWidth: width, codedHeight: height, orientation: orientation, hasAlpha: false)
    }

    private static func megapixels(_ pixels: Int) -> String {
        let value = Double(pixels) / 1_000_000
        return value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    private static func readFirstPacket(_ input: FormatInput, into packet: Packet, options: ProbeOptions) -> MediaFailure? {
        while true {
            do {
                try input.readPacket(into: packet.pointer)
            } catch {
                if input.deadlinePassed { return MediaFailure(.timeout, "gave up after \(MediaProbe.formatSeconds(options.timeoutSeconds)) s reading the image") }
                return error.isEndOfFile ? MediaFailure(.truncated, "the image file ends before its first picture")
                                         : MediaFailure(.corrupt, "the image cannot be read: \(error.message)")
            }
            if packet.pointer.pointee.stream_index == 0 { return nil }
            packet.unreference()
        }
    }

    /// The send/receive loop for one picture: feeds packets until the decoder returns a frame.
    private static func decode(_ input: FormatInput, decoder: Decoder, first: Packet, into frame: Frame,
                               options: ProbeOptions) -> MediaFailure? {
        let again = pf_averror(EAGAIN)
        var result = decoder.send(first.pointer)
        first.unreference()
        var drained = false
        while result >= 0 || result == again {
            result = decoder.receive(into: frame)
            if result >= 0 { return nil }
            guard result == again, !drained else { break }
            do {
                try input.readPacket(into: first.pointer)
                if first.pointer.pointee.stream_index == 0 { result = decoder.send(first.pointer) }
                first.unreference()
            } catch {
                guard error.isEndOfFile else { result = error.code; break }
                drained = true
                result = decoder.send(nil)
            }
        }
        if input.deadlinePassed {
            return MediaFailure(.timeout, "gave up after \(MediaProbe.formatSeconds(options.timeoutSeconds)) s decoding the image")
        }
        if result == pf_averror(EINVAL) || result == pf_averror(ENOMEM) {
            return MediaFailure(.imageTooLarge, "the decoder refused the picture size (over the "
                + "\(megapixels(options.pixelBudget)) megapixel budget or invalid)")
        }
        let reason = FFmpegCallError(code: result, function: "avcodec_receive_frame").message
        return MediaFailure(.decodeFailed, "the picture cannot be decoded (\(reason)); the file is damaged or cut off")
    }

    /// How many more frames a GIF has after the first (stops counting at 999).
    private static func laterFrames(_ input: FormatInput) -> Int {
        let packet = Packet()
        var count = 0
        while count < 999 {
            do { try input.readPacket(into: packet.pointer) } catch { break }
            if packet.pointer.pointee.stream_index == 0 { count += 1 }
            packet.unreference()
        }
        return count
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
