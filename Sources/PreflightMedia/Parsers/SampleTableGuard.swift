#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks an MP4/MOV's sample tables against the bytes that hold them, before FFmpeg reads them.
///
/// FFmpeg builds an index entry per sample a table declares. An 846-byte file whose `stsz` says
/// "80 million samples of 1 byte" makes it allocate gigabytes and spin for seconds. No honest file
/// can declare more: a table cannot hold more entries than its box has bytes for, and a track
/// cannot have more samples than the file has bytes (every sample occupies at least one). So each
/// table is checked on both counts; what fails is refused as damaged before it is parsed.
///
/// Reads box headers and the few fixed fields after them with pread; walks at most `maxBoxes`
/// boxes and `maxDepth` levels, so the walk itself is bounded whatever the file claims.
struct SampleTableGuard {
    let descriptor: Int32
    let fileSize: Int64

    static let maxBoxes = 1_000_000
    static let maxDepth = 16
    /// Boxes whose payload is more boxes.
    static let containers: Set<String> = ["moov", "trak", "mdia", "minf", "stbl", "edts", "moof", "traf", "mvex", "mfra"]

    private var boxesSeen = 0
    /// Whether the file holds movie fragments (`moof`): FFmpeg's index may then cover only the
    /// first of them (when a `sidx` lets it skip the rest), so frames are counted by demuxing.
    private(set) var fragmented = false

    init(descriptor: Int32, fileSize: Int64) {
        self.descriptor = descriptor
        self.fileSize = fileSize
    }

    /// The first impossible table found, as a sentence; nil when every table fits.
    mutating func firstImpossibleTable() -> String? {
        walk(from: 0, to: fileSize, depth: 0)
    }

    private mutating func walk(from start: Int64, to end: Int64, depth: Int) -> String? {
        var offset = start
        while offset + 8 <= end {
            boxesSeen += 1
            guard boxesSeen <= Self.maxBoxes, depth <= Self.maxDepth else { return nil }  // FFmpeg has its own limits past here
            guard let header = read(at: offset, count: 16), header.count >= 8 else { return nil }
            var size = Int64(be32(header, 0))
            let type = String(decoding: header[4..<8], as: UTF8.self)
            var headerLength: Int64 = 8
            if size == 1 {
                guard header.count >= 16 else { return nil }
                size = Int64(bitPattern: be64(header, 8))
                headerLength = 16
            } else if size == 0 {
                size = end - offset  // to the end of the enclosing box
            }
            guard size >= headerLength, size <= end - offset else { return nil }  // FFmpeg reports the broken box itself
            let payloadStart = offset + headerLength
            let payload = size - headerLength
            if type == "moof" { fragmented = true }
            if Self.containers.contains(type) {
                if let problem = walk(from: payloadStart, to: offset + size, depth: depth + 1) { return problem }
            } else if let problem = check(type, at: payloadStart, payload: payload) {
                return problem
            }
            offset += size
        }
        return nil
    }

    /// One table box: entries × entry size against the payload, declared samples against the file.
    private func check(_ type: String, at start: Int64, payload: Int64) -> String? {
        let fixed: [String: (countOffset: Int, entrySize: Int64)] = [
            "stts": (4, 8), "ctts": (4, 8), "stsc": (4, 12), "stco": (4, 4), "co64": (4, 8),
            "stss": (4, 4), "stps": (4, 4), "sbgp": (8, 8),
        ]
        if let (countOffset, entrySize) = fixed[type] {
            guard let fields = read(at: start, count: countOffset + 4), fields.count == countOffset + 4 else { return nil }
            let entries = Int64(be32(fields, countOffset))
            if entries > (payload - Int64(countOffset) - 4) / entrySize {
                return "its \(type) table declares \(entries) entries, more than its \(payload)-byte box can hold"
            }
            if type == "stts" || type == "ctts" {
                return samplesInRuns(type, at: start + 8, entries: entries)
            }
            return nil
        }
        switch type {
        case "stsz":
            guard let fields = read(at: start, count: 12), fields.count == 12 else { return nil }
            let sampleSize = Int64(be32(fields, 4)), count = Int64(be32(fields, 8))
            if sampleSize == 0, count > (payload - 12) / 4 {
                return "its stsz table declares \(count) sample sizes, more than its \(payload)-byte box can hold"
            }
            if count > fileSize || (sampleSize > 0 && count > fileSize / sampleSize) {
                return "its stsz table declares \(count) samples of \(sampleSize == 0 ? "varying size" : "\(sampleSize) byte\(sampleSize == 1 ? "" : "s")"), "
                    + "more than the \(fileSize)-byte file can hold"
            }
        case "trun":
            guard let fields = read(at: start, count: 8), fields.count == 8 else { return nil }
            let flags = be32(fields, 0) & 0xFFFFFF, count = Int64(be32(fields, 4))
            // Each of these flags adds 4 bytes per sample: duration, size, flags, composition offset.
            let perSample = Int64([0x100, 0x200, 0x400, 0x800].filter { flags & $0 != 0 }.count * 4)
            if count > fileSize || (perSample > 0 && count > payload / perSample) {
                return "a trun box declares \(count) samples, more than \(perSample > 0 ? "its \(payload)-byte box" : "the \(fileSize)-byte file") can hold"
            }
        default:
            break
        }
        return nil
    }

    /// stts/ctts are (count, value) runs: their counts add up to samples, which the file must hold.
    private func samplesInRuns(_ type: String, at start: Int64, entries: Int64) -> String? {
        var total: Int64 = 0
        var done: Int64 = 0
        while done < entries {
            let batch = min(entries - done, 4096)
            guard let bytes = read(at: start + done * 8, count: Int(batch * 8)), bytes.count == Int(batch * 8) else { return nil }
            for index in 0..<Int(batch) {
                total += Int64(be32(bytes, index * 8))
                if total > fileSize {
                    return "its \(type) table declares over \(total) samples, more than the \(fileSize)-byte file can hold"
                }
            }
            done += batch
        }
        return nil
    }

    private func read(at offset: Int64, count: Int) -> [UInt8]? {
        guard offset >= 0, count > 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: count)
        let got = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, count, off_t(offset)) }
        guard got > 0 else { return nil }
        return Array(bytes.prefix(got))
    }

    private func be32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
    }

    private func be64(_ bytes: [UInt8], _ at: Int) -> UInt64 {
        UInt64(be32(bytes, at)) << 32 | UInt64(be32(bytes, at + 4))
    }
}
