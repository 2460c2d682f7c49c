/// The length of the whole file as its container's header declares it: AVI's RIFF chunk size and
/// ASF's File Properties "File Size". A copy cut short keeps these headers, while FFmpeg opens the
/// rest and plays up to the cut with no other sign (an AVI without its idx1 index, any ASF/WMV).
struct DeclaredFileSize: Equatable {
    /// "AVI" or "ASF", for the message.
    let container: String
    let bytes: Int64

    static let asfHeaderObject: [UInt8] = [0x30, 0x26, 0xB2, 0x75, 0x8E, 0x66, 0xCF, 0x11,
                                           0xA6, 0xD9, 0x00, 0xAA, 0x00, 0x62, 0xCE, 0x6C]
    static let asfFileProperties: [UInt8] = [0xA1, 0xDC, 0xAB, 0x8C, 0x47, 0xA9, 0xCF, 0x11,
                                             0x8E, 0xE4, 0x00, 0xC0, 0x0C, 0x20, 0x53, 0x65]
    /// Header objects read at most, so that a hostile header cannot make the walk long.
    static let maxObjects = 64

    static func read(head: [UInt8], file: PositionalReader) -> DeclaredFileSize? {
        if head.count >= 12, StillImageFacts.tag(head, 0) == "RIFF", StillImageFacts.tag(head, 8) == "AVI " {
            let size = file.le32(head, 4)
            // 0 and 0xFFFFFFFF: a writer that never came back to fill it in (a live capture).
            guard size != 0, size != .max else { return nil }
            return DeclaredFileSize(container: "AVI", bytes: 8 + Int64(size))
        }
        if head.starts(with: asfHeaderObject) { return readASF(file: file) }
        return nil
    }

    /// ASF: the Header Object (GUID, size, child count, 2 reserved bytes) holds the File
    /// Properties Object, whose File Size sits 40 bytes in and whose Flags sit 88 bytes in.
    /// "File Size" is invalid when the Broadcast flag (bit 0) is set: a live stream.
    private static func readASF(file: PositionalReader) -> DeclaredFileSize? {
        guard let header = file.read(at: 0, count: 30), header.count == 30 else { return nil }
        let headerEnd = min(Int64(clamping: file.le64(header, 16)), file.size)
        var offset: Int64 = 30
        for _ in 0..<maxObjects {
            guard offset + 24 <= headerEnd, let object = file.read(at: offset, count: 24), object.count == 24 else { return nil }
            let size = Int64(clamping: file.le64(object, 16))
            guard size >= 24 else { return nil }
            if Array(object[0..<16]) == asfFileProperties {
                guard let body = file.read(at: offset, count: 92), body.count == 92 else { return nil }
                let declared = Int64(clamping: file.le64(body, 40))
                let broadcast = file.le32(body, 88) & 1 != 0
                guard !broadcast, declared > 0 else { return nil }
                return DeclaredFileSize(container: "ASF", bytes: declared)
            }
            offset += size
        }
        return nil
    }
}
