import PreflightAnalysis
import PreflightMedia

/// Probes files and measures images: the one place media and analysis meet.
public struct Inspector: Sendable {
    public var options: ProbeOptions

    public init(options: ProbeOptions = ProbeOptions()) { self.options = options }

    public func inspect(_ path: String) -> ProbeRecord {
        MediaProbe.probe(path: path, options: options, analyzer: Sharpness.measure)
    }

    public func inspect(_ paths: [String], jobs: Int) -> [ProbeRecord] {
        parallelMap(paths, jobs: jobs) { inspect($0) }
    }
}
