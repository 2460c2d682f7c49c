import Foundation
import PreflightMedia
import PreflightRules

/// `preflight job` without the command line: read the manifest, read its inputs, judge the request.
public enum JobRunner {
    public static func run(manifestPath: String, options: ProbeOptions, jobs: Int, strict: Bool) throws -> JobReport {
        let (manifest, profile) = try JobManifest.load(manifestPath, library: ProfileLibrary.builtIn())
        let inspector = Inspector(options: options)
        let records = parallelMap(manifest.inputs, jobs: jobs) { input in
            inspector.inspect(input.resolvedPath, reportedPath: input.path)
        }
        return JobEvaluator(profile: profile, strict: strict).evaluate(manifest, records: records)
    }
}

extension JobRunner {
    /// Each input's thumbnails for the HTML report, in the manifest's order.
    public static func previews(for report: JobReport, jobs: Int) -> [MediaPreview?] {
        parallelMap(report.inputs, jobs: jobs) { input in
            input.record.failure == nil ? PreviewMaker.preview(of: input.input.resolvedPath, record: input.record) : nil
        }
    }
}
