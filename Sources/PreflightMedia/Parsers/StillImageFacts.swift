#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a still image's own structure says before FFmpeg reads it:
/// - formats that are complete and valid but that FFmpeg 5.1 cannot decode (HEIF/HEIC, AVIF stored
///   as image items or a tiled grid, animated WebP, BigTIFF, CIELab TIFF): these are
///   `unsupported-format` with what to convert them to, never "damaged, copy it again";
/// - the EXIF orientation of formats whose metadata FFmpeg does not apply (TIFF's own tag, PNG
///   `eXIf`, WebP `EXIF`);
/// - declared transparency (a PNG `tRNS` chunk).
/// Everything is read with pread in small bounded pieces; no loop runs more than `maxChunks` times.
struct StillImageFacts {
    struct Unsupported { let what: String; let advice: String }

    var unsupported: Unsupported?
    var orientation: Int?
    var declaresTransparency = false
    /// A still image in an ISO media container that FFmpeg reads as a one-track sequence (AVIF
    /// with a `moov`): measured as an image.
    var stillInVideoContainer = false
    /// A TIFF whose strips are JPEG-compressed (Compression 7). FFmpeg 5.1 decodes these to a
    /// picture of zeros without a word; the image probe refuses the file when that is what it got.
    var jpegCompressedTIFF = false

    static let maxChunks = 4096
    static let heifBrands: Set<String> = ["heic", "heix", "heim", "heis", "hevc", "hevx", "mif1", "msf1"]
    static let avifBrands: Set<String> = ["avif", "avis", "avio"]

    static func read(head: [UInt8], size: Int64, descriptor: Int32) -> StillImageFacts {
        let file = PositionalReader(descriptor: descriptor, size: size)
        var facts = StillImageFacts()
        if head.count >= 16, tag(head, 4) == "ftyp" {
            facts.readISO(head: head, file: file)
        } else if head.count >= 21, tag(head, 0) == "RIFF", tag(head, 8) == "WEBP" {
            facts.readWebP(head: head, file: file)
        } else if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            facts.readPNG(file: file)
        } else if head.count >= 8, head.starts(with: [0x49, 0x49]) || head.starts(with: [0x4D, 0x4D]) {
            facts.readTIFF(head: head, file: file)
        }
        return facts
    }

    static func tag(_ bytes: [UInt8], _ at: Int) -> String {
        at + 4 <= bytes.count ? String(decoding: bytes[at..<at + 4], as: UTF8.self) : ""
    }

    private mutating func readISO(head: [UInt8], file: PositionalReader) {
        let ftypSize = min(Int(file.be32(head, 0)), head.count)
        let major = Self.tag(head, 8)
        let compatible = stride(from: 16, to: ftypSize - 3, by: 4).map { Self.tag(head, $0) }
        let brands = Set([major] + compatible)
        let isAVIF = Self.avifBrands.contains(major) || (!Self.heifBrands.contains(major) && !brands.isDisjoint(with: Self.avifBrands))
        let isHEIF = Self.heifBrands.contains(major) || brands.contains("mif1") || brands.contains("msf1")
        guard isAVIF || isHEIF else { return }
        // FFmpeg 5.1 reads an AVIF's primary item, or its `moov` track, but not a grid of tiles;
        // it reads no HEIF (HEVC) item at all.
        var offset: Int64 = 0
        var tiled = false
        for _ in 0..<Self.maxChunks {
            guard let header = file.read(at: offset, count: 16), header.count >= 8 else { break }
            var boxSize = Int64(file.be32(header, 0))
            if boxSize == 1, header.count >= 16 { boxSize = Int64(file.be32(header, 8)) << 32 | Int64(file.be32(header, 12)) }
            if boxSize == 0 { boxSize = file.size - offset }
            if Self.tag(header, 4) == "meta", let meta = file.read(at: offset, count: Int(min(boxSize, 1 << 16))) {
                // An `infe` entry of item type 'grid' marks a tiled image.
                tiled = stride(from: 0, to: meta.count - 3, by: 1).contains { Self.tag(meta, $0) == "grid" }
            }
            guard boxSize >= 8 else { break }
            offset += boxSize
        }
        if isAVIF && !tiled {
            stillInVideoContainer = true
            return
        }
        unsupported = isAVIF
            ? Unsupported(what: "an AVIF image tiled into a grid (brand '\(major)')",
                          advice: "FFmpeg 5.1, which preflight uses, cannot decode it; convert it to PNG or JPEG "
                              + "(for example `avifdec in.avif out.png`)")
            : Unsupported(what: "a HEIF/HEIC image (brand '\(major)')",
                          advice: "FFmpeg 5.1, which preflight uses, cannot decode HEIF; convert it to JPEG or PNG "
                              + "(for example `heif-convert in.heic out.jpg`, or export it as JPEG from the phone)")
    }

    private mutating func readWebP(head: [UInt8], file: PositionalReader) {
        if Self.tag(head, 12) == "VP8X", head[20] & 0x02 != 0 {
            unsupported = Unsupported(what: "an animated WebP (an animation, not a still picture)",
                                      advice: "export one frame as PNG or JPEG for an image role, or convert it to MP4 for a video role")
            return
        }
        var offset: Int64 = 12
        for _ in 0..<Self.maxChunks {
            guard let header = file.read(at: offset, count: 8), header.count == 8 else { return }
            let length = Int64(file.le32(header, 4))
            if Self.tag(header, 0) == "EXIF", length <= 1 << 20, let data = file.read(at: offset + 8, count: Int(length)) {
                orientation = data.withUnsafeBytes { EXIF.orientation(tiff: $0) }
                return
            }
            offset += 8 + length + (length & 1)
        }
    }

    private mutating func readPNG(file: PositionalReader) {
        var offset: Int64 = 8
        for _ in 0..<Self.maxChunks {
            guard let header = file.read(at: offset, count: 8), header.count == 8 else { return }
            let length = Int64(file.be32(header, 0))
            switch Self.tag(header, 4) {
            case "IDAT", "IEND": return  // eXIf and tRNS come before the image data
            case "tRNS": declaresTransparency = true
            case "eXIf" where length <= 1 << 20:
                if let data = file.read(at: offset + 8, count: Int(length)) {
                    orientation = data.withUnsafeBytes { EXIF.orientation(tiff: $0) }
                }
            default: break
            }
            offset += 12 + length
        }
    }

    private mutating func readTIFF(head: [UInt8], file: PositionalReader) {
        let little = head[0] == 0x49
        let version = little ? Int(head[2]) | Int(head[3]) << 8 : Int(head[2]) << 8 | Int(head[3])
        if version == 43 {
            unsupported = Unsupported(what: "a BigTIFF (64-bit TIFF)",
                                      advice: "FFmpeg 5.1, which preflight uses, cannot read BigTIFF; save it as a classic TIFF, PNG or JPEG")
            return
        }
        guard version == 42 else { return }
        let ifd = Int64(little ? file.le32(head, 4) : file.be32(head, 4))
        guard let countBytes = file.read(at: ifd, count: 2), countBytes.count == 2 else { return }
        let count = min(little ? Int(countBytes[0]) | Int(countBytes[1]) << 8 : Int(countBytes[0]) << 8 | Int(countBytes[1]), 512)
        guard let entries = file.read(at: ifd + 2, count: count * 12), entries.count == count * 12 else { return }
        func u16(_ at: Int) -> Int { little ? Int(entries[at]) | Int(entries[at + 1]) << 8 : Int(entries[at]) << 8 | Int(entries[at + 1]) }
        var layout = TIFFLayout()
        for entry in 0..<count {
            let at = entry * 12
            guard u16(at + 2) == 3 else { continue }  // SHORT values
            // One value per sample (BitsPerSample, SampleFormat): more than two do not fit in the
            // entry and sit at an offset; the first sample's value stands for all of them.
            let values = little ? file.le32(entries, at + 4) : file.be32(entries, at + 4)
            var value = u16(at + 8)
            if values > 2 {
                let offset = Int64(little ? file.le32(entries, at + 8) : file.be32(entries, at + 8))
                guard let first = file.read(at: offset, count: 2), first.count == 2 else { continue }
                value = little ? Int(first[0]) | Int(first[1]) << 8 : Int(first[0]) << 8 | Int(first[1])
            }
            switch u16(at) {
            case 258: layout.bitsPerSample = value
            case 339: layout.sampleFormat = value
            case 262 where [8, 9, 10].contains(value):
                unsupported = Unsupported(what: "a TIFF in CIELab colour (photometric interpretation \(value))",
                                          advice: "FFmpeg 5.1, which preflight uses, cannot decode Lab TIFF; convert it to an sRGB PNG or JPEG")
            case 274 where (1...8).contains(value):
                orientation = value
            case 259 where value == 6:
                unsupported = Unsupported(what: "a TIFF with old-style JPEG compression (compression 6)",
                                          advice: "FFmpeg has no decoder for it; convert it to PNG or JPEG with an image editor")
            case 259 where value == 7:
                jpegCompressedTIFF = true
            case 259 where !TIFFLayout.decodableCompressions.contains(value):
                layout.compression = value
            default: break
            }
        }
        if unsupported == nil, let refused = layout.unsupported { unsupported = refused }
    }
}

/// pread at an offset, bounded by the file's size, with big- and little-endian field readers that
/// return 0 past the bytes given.
public struct PositionalReader {
    public let descriptor: Int32
    public let size: Int64

    public init(descriptor: Int32, size: Int64) {
        self.descriptor = descriptor
        self.size = size
    }

    public func read(at offset: Int64, count: Int) -> [UInt8]? {
        guard offset >= 0, count > 0, offset < size else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(clamping: min(Int64(count), size - offset)))
        let got = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
        guard got > 0 else { return nil }
        return Array(bytes.prefix(got))
    }

    public func le16(_ bytes: [UInt8], _ at: Int) -> UInt16 {
        at + 2 <= bytes.count ? UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 : 0
    }

    public func le64(_ bytes: [UInt8], _ at: Int) -> UInt64 {
        at + 8 <= bytes.count ? UInt64(le32(bytes, at)) | UInt64(le32(bytes, at + 4)) << 32 : 0
    }

    public func be32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        guard at + 4 <= bytes.count else { return 0 }
        return UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
    }

    public func le32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        guard at + 4 <= bytes.count else { return 0 }
        return UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }
}
