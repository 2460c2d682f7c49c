import CFFmpeg
import CFFmpegShim

/// The image half of a probe: size before decoding (bomb guard), one decode, EXIF orientation,
/// JPEG quality, and the luma plane handed to the analysis layer.
enum ImageProbe {
    static func isImageDemuxer(_ formatName: String) -> Bool {
        formatName.hasSuffix("_pipe") || formatName == "image2"
    }

    static func read(_ input: FormatInput, head: [UInt8], sizeBytes: Int64, options: ProbeOptions,
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
        var jpeg: JPEGHeader?
        if parameters.pointee.codec_id == AV_CODEC_ID_MJPEG, let data = packet.pointer.pointee.data {
            jpeg = JPEGHeader.parse(UnsafeRawBufferPointer(start: data, count: Int(packet.pointer.pointee.size)))
        }
        let orientation = jpeg?.orientation ?? 1
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
        let picture = frame.pointer.pointee
        let format = StreamFacts.pixelFormat(picture.format)
        var image = info(codec: codec, width: Int(picture.width), height: Int(picture.height), orientation: orientation)
        image.pixelFormat = format?.name
        image.bitDepth = format?.bitDepth
        image.hasAlpha = hasAlpha(frame.pointer, formatHasAlpha: format?.hasAlpha ?? false)
        image.jpegQuality = jpeg.flatMap { JPEGQuality.estimate($0.quantizationTables) }
        image.bitsPerPixel = Double(sizeBytes) * 8 / Double(Int(picture.width) * Int(picture.height))
        if let analyzer, let metrics = LumaExtraction.withLuma(of: frame.pointer, analyzer) {
            image.laplacianVariance = metrics.laplacianVariance
            image.focusScore = metrics.focusScore
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

    /// PAL8 always carries an alpha byte per palette entry; it only matters when one is not opaque.
    private static func hasAlpha(_ frame: UnsafeMutablePointer<AVFrame>, formatHasAlpha: Bool) -> Bool {
        guard formatHasAlpha else { return false }
        guard frame.pointee.format == AV_PIX_FMT_PAL8.rawValue, let palette = frame.pointee.data.1 else { return true }
        return palette.withMemoryRebound(to: UInt32.self, capacity: 256) { entries in
            (0..<256).contains { entries[$0] >> 24 != 0xFF }
        }
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
