/// A compact binary form of probe records for the result cache: a cached re-run decodes hundreds
/// of records, and Codable JSON costs more per record than the rest of the run. Every read is
/// bounds-checked; a damaged entry reads as nil (a cache miss), never as a wrong record.
public enum ProbeRecordCoding {
    public static func encode(_ record: ProbeRecord) -> [UInt8] {
        var out = Writer()
        out.string(record.path)
        out.optional(record.failure) { out, failure in out.string(failure.code.rawValue); out.string(failure.message) }
        out.optional(record.kind) { out, kind in out.string(kind.rawValue) }
        out.optional(record.container) { $0.string($1) }
        out.optional(record.formatName) { $0.string($1) }
        out.optional(record.majorBrand) { $0.string($1) }
        out.string(record.fileExtension)
        out.optional(record.sizeBytes) { $0.integer($1) }
        out.optional(record.durationSeconds) { $0.double($1) }
        out.bool(record.durationEstimated)
        out.bool(record.durationFromPackets)
        out.bool(record.frameRateFromPackets)
        out.optional(record.containerBitRate) { $0.integer($1) }
        out.optional(record.video) { out, video in
            out.optional(video.codec) { $0.string($1) }
            out.optional(video.codecTag) { $0.string($1) }
            out.bool(video.dimensionsFromBitstream)
            out.optional(video.profile) { $0.string($1) }
            out.optional(video.pixelFormat) { $0.string($1) }
            out.optional(video.bitDepth) { $0.integer(Int64($1)) }
            for value in [video.width, video.height, video.codedWidth, video.codedHeight, video.rotation] { out.integer(Int64(value)) }
            out.bool(video.mirrored)
            out.optional(video.sampleAspectRatio) { $0.rational($1) }
            out.optional(video.frameRate) { $0.rational($1) }
            out.optional(video.frameCount) { $0.integer(Int64($1)) }
            out.optional(video.variableFrameRate) { $0.bool($1) }
            out.optional(video.minFrameRate) { $0.double($1) }
            out.optional(video.maxFrameRate) { $0.double($1) }
            out.optional(video.fieldOrder) { $0.string($1) }
            out.optional(video.bitRate) { $0.integer($1) }
        }
        out.integer(Int64(record.audio.count))
        for audio in record.audio {
            out.string(audio.codec)
            out.integer(Int64(audio.channels))
            out.integer(Int64(audio.sampleRate))
        }
        out.optional(record.image) { out, image in
            out.string(image.codec)
            for value in [image.width, image.height, image.codedWidth, image.codedHeight, image.orientation] { out.integer(Int64(value)) }
            out.optional(image.pixelFormat) { $0.string($1) }
            out.optional(image.bitDepth) { $0.integer(Int64($1)) }
            out.bool(image.hasAlpha)
            for value in [image.laplacianVariance, image.focusScore, image.meanLuma] { out.optional(value) { $0.double($1) } }
            out.optional(image.jpegQuality) { $0.integer(Int64($1)) }
            out.optional(image.bitsPerPixel) { $0.double($1) }
            out.optional(image.noiseSigma) { $0.double($1) }
            out.optional(image.focusTiles) { out, tiles in
                out.integer(Int64(tiles.columns)); out.integer(Int64(tiles.rows)); out.integer(Int64(tiles.values.count))
                for value in tiles.values { out.double(value) }
            }
        }
        out.integer(Int64(record.log.count))
        for line in record.log { out.string(line) }
        return out.bytes
    }

    public static func decode(_ bytes: ArraySlice<UInt8>) -> ProbeRecord? {
        var input = Reader(bytes: bytes)
        do {
            var record = ProbeRecord(path: try input.string())
            record.failure = try input.optional { input in
                guard let code = MediaFailure.Code(rawValue: try input.string()) else { throw Reader.Damaged() }
                return MediaFailure(code, try input.string())
            }
            record.kind = try input.optional { input in
                guard let kind = ProbeRecord.Kind(rawValue: try input.string()) else { throw Reader.Damaged() }
                return kind
            }
            record.container = try input.optional { try $0.string() }
            record.formatName = try input.optional { try $0.string() }
            record.majorBrand = try input.optional { try $0.string() }
            record.fileExtension = try input.string()
            record.sizeBytes = try input.optional { try $0.integer() }
            record.durationSeconds = try input.optional { try $0.double() }
            record.durationEstimated = try input.bool()
            record.durationFromPackets = try input.bool()
            record.frameRateFromPackets = try input.bool()
            record.containerBitRate = try input.optional { try $0.integer() }
            record.video = try input.optional { input in
                let codec = try input.optional { try $0.string() }
                let codecTag = try input.optional { try $0.string() }
                let dimensionsFromBitstream = try input.bool()
                let profile = try input.optional { try $0.string() }
                let pixelFormat = try input.optional { try $0.string() }
                let bitDepth = try input.optional { Int(try $0.integer()) }
                let sizes = try (0..<5).map { _ in Int(try input.integer()) }
                let mirrored = try input.bool()
                var video = VideoStreamInfo(
                    codec: codec, profile: profile, pixelFormat: pixelFormat, bitDepth: bitDepth,
                    width: sizes[0], height: sizes[1], codedWidth: sizes[2], codedHeight: sizes[3], rotation: sizes[4], mirrored: mirrored,
                    sampleAspectRatio: try input.optional { try $0.rational() }, frameRate: try input.optional { try $0.rational() },
                    frameCount: try input.optional { Int(try $0.integer()) }, variableFrameRate: try input.optional { try $0.bool() },
                    minFrameRate: try input.optional { try $0.double() }, maxFrameRate: try input.optional { try $0.double() },
                    fieldOrder: try input.optional { try $0.string() }, bitRate: try input.optional { try $0.integer() })
                video.codecTag = codecTag
                video.dimensionsFromBitstream = dimensionsFromBitstream
                return video
            }
            let audioCount = try input.count()
            record.audio = try (0..<audioCount).map { _ in
                AudioStreamInfo(codec: try input.string(), channels: Int(try input.integer()), sampleRate: Int(try input.integer()))
            }
            record.image = try input.optional { input in
                let codec = try input.string()
                let sizes = try (0..<5).map { _ in Int(try input.integer()) }
                let pixelFormat = try input.optional { try $0.string() }
                let bitDepth = try input.optional { Int(try $0.integer()) }
                let hasAlpha = try input.bool()
                let metrics = try (0..<3).map { _ in try input.optional { try $0.double() } }
                var image = ImageInfo(codec: codec, width: sizes[0], height: sizes[1], codedWidth: sizes[2], codedHeight: sizes[3],
                                      orientation: sizes[4], pixelFormat: pixelFormat, bitDepth: bitDepth, hasAlpha: hasAlpha,
                                      laplacianVariance: metrics[0], focusScore: metrics[1], meanLuma: metrics[2],
                                      jpegQuality: try input.optional { Int(try $0.integer()) }, bitsPerPixel: try input.optional { try $0.double() })
                image.noiseSigma = try input.optional { try $0.double() }
                image.focusTiles = try input.optional { input in
                    let columns = Int(try input.integer()), rows = Int(try input.integer())
                    let count = try input.count()
                    return FocusTiles(columns: columns, rows: rows, values: try (0..<count).map { _ in try input.double() })
                }
                return image
            }
            let lines = try input.count()
            record.log = try (0..<lines).map { _ in try input.string() }
            guard input.atEnd else { return nil }
            return record
        } catch {
            return nil
        }
    }

    struct Writer {
        var bytes: [UInt8] = []

        mutating func integer(_ value: Int64) {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }

        mutating func double(_ value: Double) { integer(Int64(bitPattern: value.bitPattern)) }
        mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }
        mutating func rational(_ value: Rational) { integer(value.numerator); integer(value.denominator) }

        mutating func string(_ value: String) {
            let utf8 = Array(value.utf8)
            integer(Int64(utf8.count))
            bytes.append(contentsOf: utf8)
        }

        mutating func optional<T>(_ value: T?, _ write: (inout Writer, T) -> Void) {
            guard let value else { bytes.append(0); return }
            bytes.append(1)
            write(&self, value)
        }
    }

    struct Reader {
        struct Damaged: Error {}
        let bytes: ArraySlice<UInt8>
        var offset: Int

        init(bytes: ArraySlice<UInt8>) {
            self.bytes = bytes
            offset = bytes.startIndex
        }

        var atEnd: Bool { offset == bytes.endIndex }

        mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
            guard count >= 0, count <= bytes.endIndex - offset else { throw Damaged() }
            defer { offset += count }
            return bytes[offset..<(offset + count)]
        }

        mutating func integer() throws -> Int64 {
            var value: UInt64 = 0
            for (shift, byte) in try take(8).enumerated() { value |= UInt64(byte) << (8 * UInt64(shift)) }
            return Int64(bitPattern: value)
        }

        mutating func count() throws -> Int {
            let value = try integer()
            guard value >= 0, value <= Int64(bytes.count) else { throw Damaged() }
            return Int(value)
        }

        mutating func double() throws -> Double { Double(bitPattern: UInt64(bitPattern: try integer())) }

        mutating func bool() throws -> Bool {
            switch try take(1).first! {
            case 0: return false
            case 1: return true
            default: throw Damaged()
            }
        }

        mutating func rational() throws -> Rational { Rational(try integer(), try integer()) }

        mutating func string() throws -> String {
            String(decoding: try take(try count()), as: UTF8.self)
        }

        mutating func optional<T>(_ read: (inout Reader) throws -> T) throws -> T? {
            switch try take(1).first! {
            case 0: return nil
            case 1: return try read(&self)
            default: throw Damaged()
            }
        }
    }
}
