/// The picture format a decoder would choose, read from the codec configuration (avcC / hvcC) that
/// the MP4/MOV header already holds — so a probe need not decode a frame to learn it.
/// Returns nil whenever the answer is not certain; the caller then decodes as ffprobe does.
struct CodedPictureFormat: Equatable {
    var chroma: Int
    var depth: Int
    /// video_full_range_flag when the bitstream signals it; nil when it does not (the decoder then
    /// keeps the container's colour range).
    var fullRange: Bool?
    /// The sample aspect ratio signalled in the bitstream (VUI), when present.
    var sampleAspectRatio: Rational?
    /// The picture size the SPS codes (after its cropping), when parsed: the truth where a
    /// container's sample entry says otherwise.
    var width: Int? = nil
    var height: Int? = nil
    /// The profile as FFmpeg numbers it (H.264: profile_idc with its constrained/intra flags), so a
    /// probe that decodes nothing still names it — FFmpeg's analysis reads the first packets for
    /// it, and misses it when a track starts later than its window (a delayed video track).
    var profile: Int32? = nil
    /// The stream codes frames only (H.264 frame_mbs_only_flag): progressive, whatever the packets.
    var progressive = false

    /// FFmpeg's pixel format name, as the decoder would report it; nil when not certain.
    func pixelFormat(containerFullRange: Bool) -> String? {
        CodedPictureFormat.planarYUV(chroma: chroma, depth: depth, fullRange: fullRange ?? containerFullRange)
    }

    /// H.264: the first SPS of an avcC record, parsed up to the VUI's video_full_range_flag.
    static func h264(avcC: UnsafeRawBufferPointer) -> CodedPictureFormat? {
        let record = ByteReader(avcC)
        guard record.u8(0) == 1, let spsCount = record.u8(5), spsCount & 0x1F >= 1,
              let length = record.u16(6), length > 1, 8 + length <= avcC.count else { return nil }
        let nal = UnsafeRawBufferPointer(rebasing: avcC[9..<(8 + length)])  // past the NAL header byte
        var bits = BitReader(removingEmulationPrevention: nal)
        return H264SequenceParameterSet.parse(&bits)
    }

    /// HEVC: chroma format and bit depth sit at fixed offsets of the hvcC record. 8-bit 4:2:0 is left
    /// to the decoder, which picks yuvj420p for full-range streams from the SPS VUI.
    static func hevc(hvcC: UnsafeRawBufferPointer) -> CodedPictureFormat? {
        let record = ByteReader(hvcC)
        guard record.u8(0) == 1, let chroma = record.u8(16).map({ $0 & 0x03 }),
              let depth = record.u8(17).map({ ($0 & 0x07) + 8 }) else { return nil }
        guard !(chroma == 1 && depth == 8), planarYUV(chroma: chroma, depth: depth, fullRange: false) != nil else {
            return nil
        }
        return CodedPictureFormat(chroma: chroma, depth: depth, fullRange: false, sampleAspectRatio: nil)
    }

    static func planarYUV(chroma: Int, depth: Int, fullRange: Bool) -> String? {
        let layout: String
        switch chroma {
        case 1: layout = "420"
        case 2: layout = "422"
        case 3: layout = "444"
        default: return nil  // monochrome: decoders differ in what they output
        }
        switch depth {
        case 8: return (fullRange ? "yuvj" : "yuv") + layout + "p"
        case 10: return "yuv" + layout + "p10le"
        default: return nil
        }
    }
}

/// Exp-Golomb bit reader over an RBSP (emulation-prevention bytes removed).
struct BitReader {
    private var bytes: [UInt8]
    private var position = 0

    init(removingEmulationPrevention nal: UnsafeRawBufferPointer) {
        var out: [UInt8] = []
        out.reserveCapacity(nal.count)
        var zeros = 0
        for byte in nal {
            if zeros >= 2 && byte == 3 { zeros = 0; continue }
            zeros = byte == 0 ? zeros + 1 : 0
            out.append(byte)
        }
        bytes = out
    }

    mutating func bit() -> Int? {
        guard position < bytes.count * 8 else { return nil }
        let value = Int(bytes[position >> 3] >> (7 - UInt8(position & 7))) & 1
        position += 1
        return value
    }

    mutating func bits(_ count: Int) -> Int? {
        var value = 0
        for _ in 0..<count {
            guard let next = bit() else { return nil }
            value = value << 1 | next
        }
        return value
    }

    /// ue(v); nil past the end or beyond 31 leading zeros.
    mutating func unsigned() -> Int? {
        var zeros = 0
        while true {
            guard let next = bit() else { return nil }
            if next == 1 { break }
            zeros += 1
            if zeros > 31 { return nil }
        }
        guard let suffix = bits(zeros) else { return nil }
        return (1 << zeros) - 1 + suffix
    }

    /// se(v).
    mutating func signed() -> Int? {
        guard let code = unsigned() else { return nil }
        return code & 1 == 1 ? (code + 1) / 2 : -(code / 2)
    }
}

/// ITU-T H.264 7.3.2.1.1, read as far as the format fields in the VUI (E.1.1).
enum H264SequenceParameterSet {
    private static let highProfiles: Set<Int> = [100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]
    /// Table E-1: aspect_ratio_idc 1…16.
    private static let aspectRatios: [(Int64, Int64)] = [
        (1, 1), (12, 11), (10, 11), (16, 11), (40, 33), (24, 11), (20, 11), (32, 11),
        (80, 33), (18, 11), (15, 11), (64, 33), (160, 99), (4, 3), (3, 2), (2, 1),
    ]

    static func parse(_ bits: inout BitReader) -> CodedPictureFormat? {
        guard let profile = bits.bits(8), let constraints = bits.bits(8), bits.bits(8) != nil, bits.unsigned() != nil else { return nil }
        var chroma = 1, depth = 8
        if highProfiles.contains(profile) {
            guard let format = bits.unsigned() else { return nil }
            chroma = format
            if chroma == 3 { guard let separate = bits.bit(), separate == 0 else { return nil } }
            guard let lumaDepth = bits.unsigned(), let chromaDepth = bits.unsigned(), lumaDepth == chromaDepth,
                  bits.bit() != nil, let scalingPresent = bits.bit() else { return nil }
            depth = lumaDepth + 8
            if scalingPresent == 1 {
                for list in 0..<(chroma == 3 ? 12 : 8) {
                    guard let present = bits.bit() else { return nil }
                    if present == 1, !skipScalingList(&bits, size: list < 6 ? 16 : 64) { return nil }
                }
            }
        }
        guard bits.unsigned() != nil, let orderType = bits.unsigned() else { return nil }  // log2_max_frame_num, poc type
        switch orderType {
        case 0: guard bits.unsigned() != nil else { return nil }
        case 1:
            guard bits.bit() != nil, bits.signed() != nil, bits.signed() != nil,
                  let cycle = bits.unsigned(), cycle <= 255 else { return nil }
            for _ in 0..<cycle { guard bits.signed() != nil else { return nil } }
        case 2: break
        default: return nil
        }
        guard bits.unsigned() != nil, bits.bit() != nil,               // max_num_ref_frames, gaps
              let widthInMacroblocks = bits.unsigned(), let heightInMapUnits = bits.unsigned(),
              widthInMacroblocks < 1024, heightInMapUnits < 1024,
              let frameMacroblocksOnly = bits.bit() else { return nil }
        // Interlace-capable streams: the field order needs the decoder's view of the first picture.
        guard frameMacroblocksOnly == 1 else { return nil }
        guard bits.bit() != nil, let cropping = bits.bit() else { return nil }  // direct_8x8_inference
        var crop = [0, 0, 0, 0]  // left, right, top, bottom, in crop units
        if cropping == 1 {
            for side in 0..<4 { guard let value = bits.unsigned(), value < 8192 else { return nil }; crop[side] = value }
        }
        // 7.4.2.1.1: crop units are chroma samples (frame-only streams: one row per unit vertically).
        let (unitX, unitY) = chroma == 1 ? (2, 2) : chroma == 2 ? (2, 1) : (1, 1)
        let width = (widthInMacroblocks + 1) * 16 - unitX * (crop[0] + crop[1])
        let height = (heightInMapUnits + 1) * 16 - unitY * (crop[2] + crop[3])
        guard width > 0, height > 0 else { return nil }
        var fullRange: Bool?
        var aspect: Rational?
        if bits.bit() == 1 {  // vui_parameters_present_flag
            guard let aspectPresent = bits.bit() else { return nil }
            if aspectPresent == 1 {
                guard let idc = bits.bits(8) else { return nil }
                if idc == 255 {
                    guard let width = bits.bits(16), let height = bits.bits(16) else { return nil }
                    if width > 0 && height > 0 { aspect = Rational(Int64(width), Int64(height)) }
                } else if (1...16).contains(idc) {
                    aspect = Rational(aspectRatios[idc - 1].0, aspectRatios[idc - 1].1)
                }
            }
            guard let overscanPresent = bits.bit() else { return nil }
            if overscanPresent == 1 { guard bits.bit() != nil else { return nil } }
            guard let signalPresent = bits.bit() else { return nil }
            if signalPresent == 1 {
                guard bits.bits(3) != nil, let range = bits.bit(), let colourPresent = bits.bit() else { return nil }
                fullRange = range == 1
                if colourPresent == 1 {
                    guard bits.bits(16) != nil, let matrix = bits.bits(8) else { return nil }
                    if matrix == 0 { return nil }  // RGB matrix: decoded as GBR planes
                }
            }
        }
        guard CodedPictureFormat.planarYUV(chroma: chroma, depth: depth, fullRange: false) != nil else { return nil }
        return CodedPictureFormat(chroma: chroma, depth: depth, fullRange: fullRange, sampleAspectRatio: aspect,
                                  width: width, height: height, profile: ffmpegProfile(profile, constraints: constraints),
                                  progressive: true)
    }

    /// FFmpeg's number for the profile (ff_h264_get_profile): Baseline with constraint_set1_flag is
    /// Constrained Baseline (| FF_PROFILE_H264_CONSTRAINED, 1 << 9); High 10/4:2:2/4:4:4 with
    /// constraint_set3_flag are their Intra profiles (| FF_PROFILE_H264_INTRA, 1 << 11).
    static func ffmpegProfile(_ profileIDC: Int, constraints: Int) -> Int32 {
        let setFlag = { (index: Int) in constraints >> (7 - index) & 1 == 1 }  // constraint_set0_flag is the top bit
        if profileIDC == 66 && setFlag(1) { return Int32(profileIDC | 1 << 9) }
        if [110, 122, 244].contains(profileIDC) && setFlag(3) { return Int32(profileIDC | 1 << 11) }
        return Int32(profileIDC)
    }

    private static func skipScalingList(_ bits: inout BitReader, size: Int) -> Bool {
        var last = 8, next = 8
        for _ in 0..<size where next != 0 {
            guard let delta = bits.signed() else { return false }
            next = (last + delta + 256) % 256
            last = next == 0 ? last : next
        }
        return true
    }
}
