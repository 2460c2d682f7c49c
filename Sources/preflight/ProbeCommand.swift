import ArgumentParser
import Foundation
import Synchronization
import Preflight
import PreflightMedia
import PreflightReports

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Show what a video or image really is: container, duration, displayed size, frame rate, codec, sharpness.",
        discussion: """
        Folders are searched recursively for media files. Values are read in-process with FFmpeg's \
        libraries and match ffprobe's; width and height are as displayed (rotation and EXIF \
        orientation applied). Exit status 1 when a file could not be read.
        """
    )

    @Argument(help: "Files or folders to probe.")
    var paths: [String]

    @Option(help: "Report format: text for people, json for tools (see README for the keys).")
    var format: OutputFormat = .text

    @OptionGroup var runOptions: RunOptions
    @OptionGroup var display: DisplayOptions

    func validate() throws {
        if paths.isEmpty { throw ValidationError("Name at least one file or folder to probe.") }
        try runOptions.validate()
    }

    func run() throws {
        let files = FileDiscovery.expand(paths)
        let inspector = Inspector(options: runOptions.probeOptions)
        let style = display.style(environment: ProcessInfo.processInfo.environment)
        let output = try ReportOutput(path: nil)
        // Records are written in order as they are ready and not kept: memory stays flat.
        let (prefix, stream) = JSONArrayStream.open(ProbeJSON.envelope())
        let state = Locked((stream: stream, first: true))
        let failed = Atomic(false)
        if format == .json { output.write(prefix) }
        parallelForEachOrdered(files, jobs: runOptions.resolvedJobs, { found in
            found.problem.map { ProbeRecord(path: found.path, failure: $0) } ?? inspector.inspect(found.path)
        }) { record in
            if record.failure != nil { failed.store(true, ordering: .relaxed) }
            let text = state.withLock { state -> String in
                defer { state.first = false }
                switch format {
                case .json: return state.stream.item(ProbeJSON.record(record))
                case .text: return (state.first ? "" : "\n") + ProbeText.block(record, style: style) + "\n"
                }
            }
            output.write(text)
        }
        if format == .json { output.write(state.withLock { $0.stream.close(ProbeJSON.envelope()) } + "\n") }
        do { try output.finish() } catch {
            OutputStreams.diagnose("\(error)")
            throw ExitCode(2)
        }
        if failed.load(ordering: .relaxed) { throw ExitCode(1) }
    }
}

/// Options every command that reads media shares.
struct RunOptions: ParsableArguments {
    @Option(help: "Files read at once (default: all cores).")
    var jobs: Int?

    @Option(help: "Seconds allowed per file before it is reported as a timeout.")
    var timeout: Double = 30

    @Option(name: .customLong("max-megapixels"), help: "Images larger than this are refused before decoding.")
    var maxMegapixels: Double = 100

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1.") }
        if timeout < 0 { throw ValidationError("--timeout must not be negative.") }
        if maxMegapixels <= 0 { throw ValidationError("--max-megapixels must be positive.") }
    }

    var resolvedJobs: Int { jobs ?? ProcessInfo.processInfo.activeProcessorCount }

    /// What `probe` reads: headers, index and packets.
    var probeOptions: ProbeOptions {
        ProbeOptions(timeoutSeconds: timeout, pixelBudget: Int(maxMegapixels * 1_000_000))
    }

    /// What `check` and `job` read: the same, plus a decoded first and last keyframe of each video,
    /// so that a verdict of pass means the file plays.
    var judgingOptions: ProbeOptions {
        var options = probeOptions
        options.proveDecoding = true
        return options
    }
}
