import CFFmpeg
import CFFmpegShim

/// Options for reading one file.
public struct ProbeOptions: Sendable {
    /// Per-file time limit, enforced through FFmpeg's interrupt callback (0 = none).
    public var timeoutSeconds: Double = 30
    /// Images above this many pixels are refused before decoding (decompression bombs).
    public var pixelBudget: Int = 100_000_000

    public init(timeoutSeconds: Double = 30, pixelBudget: Int = 100_000_000) {
        self.timeoutSeconds = timeoutSeconds
        self.pixelBudget = pixelBudget
    }
}

/// Measures a decoded luma plane; supplied by the analysis layer so that media does not depend on it.
public typealias LumaAnalyzer = (LumaPlane) -> LumaMetrics

/// Reads one file in-process: container, streams, timing, truncation; for images also decodes the
/// pixels once and hands the luma plane to `analyzer`.
public enum MediaProbe {
    public static func probe(path: String, reportedPath: String? = nil, options: ProbeOptions = ProbeOptions(),
                             analyzer: LumaAnalyzer? = nil) -> ProbeRecord {
        var record = ProbeRecord(path: reportedPath ?? path)
        let access: FileAccess
        switch FileAccess.inspect(path) {
        case .failure(let failure):
            record.failure = failure
            return record
        case .success(let found):
            access = found
        }
        record.sizeBytes = access.size
        let (expected, lines) = FFmpegLog.capturing {
            read(path: path, access: access, options: options, analyzer: analyzer, into: &record)
        }
        record.log = lines.filter { line in !expected.contains { line.contains($0) } }
        return record
    }

    /// Returns the log messages this read expects FFmpeg to print, which are not kept.
    private static func read(path: String, access: FileAccess, options: ProbeOptions,
                             analyzer: LumaAnalyzer?, into record: inout ProbeRecord) -> [String] {
        let signature = ContainerSignature(head: access.head)
        let input: FormatInput
        do {
            input = try FormatInput(path: path, timeoutSeconds: options.timeoutSeconds)
        } catch {
            record.failure = openFailure(error, signature: signature, options: options)
            return []
        }
        record.formatName = input.formatName
        record.majorBrand = input.metadata("major_brand")?.trimmingCharacters(in: .whitespaces)
        record.container = signature.containerName(formatName: input.formatName, majorBrand: record.majorBrand)

        if ImageProbe.isImageDemuxer(input.formatName) {
            ImageProbe.read(input, head: access.head, sizeBytes: access.size, options: options, analyzer: analyzer, into: &record)
            return []
        }
        return VideoProbe.read(input, sizeBytes: access.size, options: options, into: &record)
    }

    private static func openFailure(_ error: FFmpegCallError, signature: ContainerSignature,
                                    options: ProbeOptions) -> MediaFailure {
        if error.isInterrupted || error.code == pf_averror_exit() {
            return MediaFailure(.timeout, "gave up after \(formatSeconds(options.timeoutSeconds)) s while opening the file")
        }
        if error.code == pf_averror(EACCES) { return MediaFailure(.unreadable, "permission denied: the file cannot be read") }
        if error.isInvalidData {
            if signature.looksLikeISOMedia {
                return MediaFailure(.truncated,
                    "the MP4/MOV index (moov box) is missing: the file was cut off or is still being written")
            }
            return MediaFailure(.unrecognized, "not a video or image format FFmpeg recognises")
        }
        return MediaFailure(.corrupt, "FFmpeg could not open the file: \(error.message)")
    }

    static func formatSeconds(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.2f", seconds)
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
