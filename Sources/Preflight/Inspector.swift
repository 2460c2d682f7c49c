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
    ///     blob streamed to a temporary file).
    ///   - contentID: the content's id when it is already known ("git:<blob>"); otherwise the cache
    ///     hashes the file.
    public func inspect(_ path: String, reportedPath: String? = nil, contentID: String? = nil) -> ProbeRecord {
        let shown = reportedPath ?? path
        let key = cache.flatMap { cache in
            (contentID ?? cache.contentID(ofFileAt: path)).map {
                cache.key(contentID: $0, fileExtension: ProbeRecord.fileExtension(of: shown), options: options)
            }
        }
        if let cache, let key, var record = cache.lookup(key) {
            record.path = shown  // the same content may live under another name
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
