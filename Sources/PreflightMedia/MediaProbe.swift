import CFFmpeg
import CFFmpegShim

/// Options for reading one file.
public struct ProbeOptions: Sendable {
    /// Per-file time limit, enforced through FFmpeg's interrupt callback (0 = none).
    public var timeoutSeconds: Double = 30
    /// Images above this many pixels are refused before decoding (decompression bombs).
    public var pixelBudget: Int = 100_000_000
    /// Decode the first and last keyframe of a video to prove it plays (`check` and `job` do;
    /// `probe` reports what the headers and index say, faster).
    public var proveDecoding = false

    public init(timeoutSeconds: Double = 30, pixelBudget: Int = 100_000_000, proveDecoding: Bool = false) {
        self.timeoutSeconds = timeoutSeconds
        self.pixelBudget = pixelBudget
        self.proveDecoding = proveDecoding
    }
}

/// Measures a decoded luma plane; supplied by the analysis layer so that media does not depend on it.
public typealias LumaAnalyzer = (LumaPlane) -> LumaMetrics

/// Reads one file in-process: container, streams, timing, truncation; for images also decodes the
/// pixels once and hands the luma plane to `analyzer`.
public enum MediaProbe {
    public static func probe(path: String, reportedPath: String? = nil, options: ProbeOptions = ProbeOptions(),
                             analyzer: LumaAnalyzer? = nil) -> ProbeRecord {
        _ = processLimits
        var record = ProbeRecord(path: reportedPath ?? path)
        let file: OpenedFile
        switch OpenedFile.open(path) {
        case .failure(let failure):
            record.failure = failure
            return record
        case .success(let opened):
            file = opened
        }
        record.sizeBytes = file.size
        let (expected, lines) = FFmpegLog.capturing {
            read(file, extensionHint: record.fileExtension, options: options, analyzer: analyzer, into: &record)
        }
        record.log = lines.filter { line in !expected.contains { line.contains($0) } }
        return record
    }

    /// Returns the log messages this read expects FFmpeg to print, which are not kept.
    /// The most FFmpeg may allocate in one piece. A decoded 8K 10-bit frame plane is 66 MB and a
    /// 100-megapixel grey plane 100 MB; a header claiming 80 million samples asks for gigabytes and
    /// now fails with ENOMEM instead.
    public static let largestAllocation = 192 << 20

    static let processLimits: Void = {
        pf_limit_allocations(largestAllocation)
        pf_keep_freed_memory()
    }()

    private static func read(_ file: OpenedFile, extensionHint: String, options: ProbeOptions,
                             analyzer: LumaAnalyzer?, into record: inout ProbeRecord) -> [String] {
        let reader = PositionalReader(descriptor: file.descriptor, size: file.size)
        if let pointer = GitLFSPointer.read(head: file.head, file: reader) {
            record.failure = pointer.failure
            return []
        }
        let signature = ContainerSignature(head: file.head)
        var fragmented = false
        if signature.looksLikeISOMedia {
            var tables = SampleTableGuard(descriptor: file.descriptor, fileSize: file.size)
            defer { fragmented = tables.fragmented }
            if let problem = tables.firstImpossibleTable() {
                record.failure = MediaFailure(.corrupt, problem + "; the file is damaged or was made to exhaust memory, and was not read further")
                return []
            }
        }
        let still = StillImageFacts.read(head: file.head, size: file.size, descriptor: file.descriptor)
        if let unsupported = still.unsupported {
            record.kind = .image
            record.failure = MediaFailure(.unsupportedFormat, "this is \(unsupported.what), a complete file but not one preflight "
                + "can measure: \(unsupported.advice)")
            return []
        }
        let input: FormatInput
        do {
            input = try FormatInput(file: file, extensionHint: extensionHint, timeoutSeconds: options.timeoutSeconds)
        } catch {
            switch error {
            case .ffmpeg(let error):
                record.failure = openFailure(error, signature: signature, options: options)
            case .unsupportedFormat(let name, let longName, let refersToOtherFiles):
                record.failure = unsupportedFormat(name: name, longName: longName, refersToOtherFiles: refersToOtherFiles)
            }
            return []
        }
        record.formatName = input.formatName
        record.majorBrand = input.metadata("major_brand")?.trimmingCharacters(in: .whitespaces)
        record.container = signature.containerName(formatName: input.formatName, majorBrand: record.majorBrand)

        if ImageProbe.isImageDemuxer(input.formatName) || still.stillInVideoContainer {
            if still.stillInVideoContainer { record.container = "avif" }
            ImageProbe.read(input, head: file.head, sizeBytes: file.size, still: still, options: options, analyzer: analyzer, into: &record)
            return []
        }
        let declared = DeclaredFileSize.read(head: file.head, file: reader)
        return VideoProbe.read(input, sizeBytes: file.size, declaredSize: declared, fragmented: fragmented, options: options,
                               into: &record)
    }

    private static func unsupportedFormat(name: String, longName: String, refersToOtherFiles: Bool) -> MediaFailure {
        let what = longName.isEmpty ? "“\(name)”" : "“\(longName)” (\(name))"
        if refersToOtherFiles {
            return MediaFailure(.unsupportedFormat, "the file is in the \(what) format: a list that points to other files, not media; "
                + "preflight measures only the bytes of the file it is given — check the media files themselves")
        }
        return MediaFailure(.unsupportedFormat, "the file is in the \(what) format, which preflight does not read; convert it to "
            + "MP4 (H.264) for video, or PNG/JPEG for images")
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
