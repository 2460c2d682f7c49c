/// What the first bytes of a file say about its container — the facts FFmpeg's demuxer names blur:
/// MP4 and MOV share one demuxer (told apart by the ftyp brand), Matroska and WebM share another
/// (told apart by the EBML DocType). Bounded: it only ever looks at the bytes it is given.
struct ContainerSignature {
    let head: [UInt8]

    /// ISO base media boxes that can open an MP4/MOV file.
    private static let leadingBoxes: Set<String> = ["ftyp", "moov", "mdat", "free", "wide", "skip", "pnot"]

    /// True when the file starts like an MP4/MOV (a known box type at offset 4).
    var looksLikeISOMedia: Bool {
        guard head.count >= 8 else { return false }
        return Self.leadingBoxes.contains(String(decoding: head[4..<8], as: UTF8.self))
    }

    /// The EBML DocType ("matroska", "webm") when the file starts with an EBML header.
    var ebmlDocType: String? {
        guard head.count >= 8, head[0] == 0x1A, head[1] == 0x45, head[2] == 0xDF, head[3] == 0xA3 else { return nil }
        // Scan the header for the DocType element (ID 0x4282) followed by a one-byte size.
        var index = 4
        while index + 3 < head.count {
            if head[index] == 0x42, head[index + 1] == 0x82 {
                let sizeByte = head[index + 2]
                guard sizeByte & 0x80 != 0 else { return nil }  // only the 1-byte size form is used in practice
                let length = Int(sizeByte & 0x7F)
                let start = index + 3
                guard start + length <= head.count else { return nil }
                return String(decoding: head[start..<start + length].prefix { $0 != 0 }, as: UTF8.self)
            }
            index += 1
        }
        return nil
    }

    /// preflight's container name from FFmpeg's demuxer name plus the signature.
    func containerName(formatName: String, majorBrand: String?) -> String {
        if formatName.hasPrefix("mov,") {
            switch majorBrand?.lowercased() {
            case nil, "qt": return "mov"
            case let brand? where brand.hasPrefix("3gp") || brand.hasPrefix("3g2"): return "3gp"
            case "m4a", "m4b": return "m4a"
            default: return "mp4"
            }
        }
        if formatName == "matroska,webm" {
            return ebmlDocType == "webm" ? "webm" : "matroska"
        }
        let first = formatName.split(separator: ",").first.map(String.init) ?? formatName
        return first.hasSuffix("_pipe") ? String(first.dropLast("_pipe".count)) : first
    }
}
