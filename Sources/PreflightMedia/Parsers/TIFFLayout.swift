/// The parts of a TIFF's first directory that decide whether FFmpeg 5.1's TIFF decoder can
/// decode it. Its decoder refuses these complete files with "Invalid data found", which would
/// otherwise be reported as damage.
struct TIFFLayout {
    var bitsPerSample: Int?
    /// 1 unsigned, 2 signed, 3 IEEE floating point.
    var sampleFormat: Int?
    /// A compression FFmpeg has no decoder for (nil: one it has).
    var compression: Int?

    /// FFmpeg 5.1's tiff.c: none, CCITT RLE, Group 3, Group 4, LZW, JPEG, Deflate (two codes),
    /// PackBits, LZMA. Old-style JPEG (6) has its own message.
    static let decodableCompressions: Set<Int> = [1, 2, 3, 4, 5, 7, 8, 32773, 32946, 34925]

    static func compressionName(_ code: Int) -> String {
        switch code {
        case 50000: "Zstandard"
        case 50001: "WebP"
        case 50002: "JPEG XL"
        case 34887: "LERC"
        case 34712: "JPEG 2000"
        case 34661: "JBIG"
        case 32909: "PixarLog"
        case 34676, 34677: "SGILog (LogLuv HDR)"
        case 32766: "NeXT"
        case 32809: "ThunderScan"
        default: "an unknown"
        }
    }

    var unsupported: StillImageFacts.Unsupported? {
        if let compression {
            return .init(what: "a TIFF with \(Self.compressionName(compression)) compression (compression \(compression))",
                         advice: "FFmpeg 5.1, which preflight uses, has no decoder for it; save it again uncompressed or "
                             + "with LZW or Deflate compression, or as PNG")
        }
        let bits = bitsPerSample.map { "\($0)-bit " } ?? ""
        if sampleFormat == 3 {
            return .init(what: "a floating-point TIFF (\(bits)float samples, as HDR and scientific software write)",
                         advice: "FFmpeg 5.1, which preflight uses, cannot decode floating-point TIFF; export it as an 8- or "
                             + "16-bit TIFF, PNG or JPEG")
        }
        if let bitsPerSample, bitsPerSample >= 32 {
            return .init(what: "a TIFF with \(bitsPerSample)-bit \(sampleFormat == 2 ? "signed " : "")integer samples",
                         advice: "FFmpeg 5.1, which preflight uses, decodes TIFF samples of up to 16 bits; export it as an "
                             + "8- or 16-bit TIFF, PNG or JPEG")
        }
        return nil
    }
}
