import PreflightAnalysis
import PreflightMedia

/// Probes files and measures images: the one place media and analysis meet. With a cache, files
/// that have not changed since an earlier run are not read again.
public struct Inspector: Sendable {
    public var options: ProbeOptions
    public var cache: ResultCache?

    public init(options: ProbeOptions = ProbeOptions(), cache: ResultCache? = nil) {
        self.options = options
        self.cache = cache
    }

    /// - Parameters:
    ///   - reportedPath: the path to show for the file, when it is read from elsewhere (a staged
    ///     blob extracted to a temporary file).
    ///   - contentID: a hash of the content (a git blob id), which then keys the cache.
    public func inspect(_ path: String, reportedPath: String? = nil, contentID: String? = nil) -> ProbeRecord {
        let key = contentID.flatMap { id in cache.flatMap { cache in cache.key(for: path, options: options).map {
            cache.key(contentID: id, size: $0.size, options: options) } } } ?? cache?.key(for: path, options: options)
        if let cache, let key, var record = cache.lookup(key) {
            record.path = reportedPath ?? path
            return record
        }
        let record = MediaProbe.probe(path: path, reportedPath: reportedPath, options: options, analyzer: Sharpness.measure)
        if let cache, let key { cache.store(record, key: key) }
        return record
    }

    public func inspect(_ paths: [String], jobs: Int) -> [ProbeRecord] {
        parallelMap(paths, jobs: jobs) { inspect($0) }
    }
}
