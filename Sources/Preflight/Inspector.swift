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
        inspectKeyed(path, reportedPath: reportedPath, contentID: contentID).record
    }

    /// The record and the HTML report's preview; both from the cache when it has them.
    public func inspectWithPreview(_ path: String, reportedPath: String? = nil, contentID: String? = nil) -> (ProbeRecord, MediaPreview?) {
        let (record, key) = inspectKeyed(path, reportedPath: reportedPath, contentID: contentID)
        guard record.failure == nil else { return (record, nil) }
        let previewKey = key.flatMap { key in cache?.previewKey(key) }
        if let cache, let previewKey, let preview = cache.lookupPreview(previewKey) { return (record, preview) }
        let preview = PreviewMaker.preview(of: path, record: record, pixelBudget: options.pixelBudget)
        if let cache, let previewKey, let preview { cache.storePreview(preview, key: previewKey) }
        return (record, preview)
    }

    private func inspectKeyed(_ path: String, reportedPath: String?, contentID: String?) -> (record: ProbeRecord, key: String?) {
        let shown = reportedPath ?? path
        let key = cache.flatMap { cache in
            (contentID ?? cache.contentID(ofFileAt: path)).map {
                cache.key(contentID: $0, fileExtension: ProbeRecord.fileExtension(of: shown), options: options)
            }
        }
        if let cache, let key, var record = cache.lookup(key) {
            record.path = shown  // the same content may live under another name
            return (record, key)
        }
        let record = MediaProbe.probe(path: path, reportedPath: reportedPath, options: options, analyzer: Sharpness.measure)
        if let cache, let key { cache.store(record, key: key) }
        return (record, key)
    }

    public func inspect(_ paths: [String], jobs: Int) -> [ProbeRecord] {
        parallelMap(paths, jobs: jobs) { inspect($0) }
    }
}
