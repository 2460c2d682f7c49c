import PreflightRules

/// A report written file by file as verdicts arrive, so that a run over any number of files keeps
/// no more than one file's result: `begin`, then `file` for each verdict in order, then `end`.
public protocol CheckReportWriter {
    mutating func begin() -> String
    mutating func file(_ verdict: FileVerdict) -> String
    mutating func end() -> String
}

extension Summary {
    public init() { self.init([]) }

    public mutating func add(_ verdict: FileVerdict) {
        files += 1
        switch verdict.status {
        case .pass: passed += 1
        case .warn: warned += 1
        case .fail: failed += 1
        }
    }
}

public struct TextCheckWriter: CheckReportWriter {
    let profile: Profile
    let style: TerminalStyle
    var summary = Summary()

    public init(profile: Profile, style: TerminalStyle) {
        self.profile = profile
        self.style = style
    }

    public mutating func begin() -> String { "" }

    public mutating func file(_ verdict: FileVerdict) -> String {
        summary.add(verdict)
        return CheckText.block(verdict, style: style) + "\n\n"
    }

    public mutating func end() -> String {
        CheckText.summaryLine(summary, profile: profile, style: style) + "\n" + CheckText.disabledLine(profile, style: style)
    }
}

public struct JSONCheckWriter: CheckReportWriter {
    let profile: Profile
    let strict: Bool
    var summary = Summary()
    var stream: JSONArrayStream?

    public init(profile: Profile, strict: Bool) {
        self.profile = profile
        self.strict = strict
    }

    public mutating func begin() -> String {
        let (prefix, stream) = JSONArrayStream.open(CheckJSON.envelope(profile: profile, strict: strict, summary: summary))
        self.stream = stream
        return prefix
    }

    public mutating func file(_ verdict: FileVerdict) -> String {
        summary.add(verdict)
        return stream!.item(CheckJSON.file(verdict))
    }

    public mutating func end() -> String {
        stream!.close(CheckJSON.envelope(profile: profile, strict: strict, summary: summary)) + "\n"
    }
}

public struct SARIFCheckWriter: CheckReportWriter {
    let profile: Profile
    let toolVersion: String
    let sourceRoot: String
    var stream: JSONArrayStream?

    /// - Parameter sourceRoot: the repository root (or the working folder), absolute.
    public init(profile: Profile, toolVersion: String, sourceRoot: String) {
        self.profile = profile
        self.toolVersion = toolVersion
        self.sourceRoot = sourceRoot.hasSuffix("/") ? sourceRoot : sourceRoot + "/"
    }

    public mutating func begin() -> String {
        let (prefix, stream) = JSONArrayStream.open(SARIFReport.envelope(profile: profile, toolVersion: toolVersion, sourceRoot: sourceRoot))
        self.stream = stream
        return prefix
    }

    public mutating func file(_ verdict: FileVerdict) -> String {
        SARIFReport.results(verdict, profile: profile, sourceRoot: sourceRoot).map { stream!.item($0) }.joined()
    }

    public mutating func end() -> String {
        stream!.close(SARIFReport.envelope(profile: profile, toolVersion: toolVersion, sourceRoot: sourceRoot)) + "\n"
    }
}

/// JUnit, streamed one file at a time (see JUnitReport).
public struct JUnitCheckWriter: CheckReportWriter {
    let profile: Profile

    public init(profile: Profile) { self.profile = profile }

    public mutating func begin() -> String { JUnitReport.header() }
    public mutating func file(_ verdict: FileVerdict) -> String { JUnitReport.suite(verdict, profile: profile) }
    public mutating func end() -> String { JUnitReport.footer() }
}

public struct GitHubCheckWriter: CheckReportWriter {
    public init() {}
    public mutating func begin() -> String { "" }
    public mutating func file(_ verdict: FileVerdict) -> String {
        let lines = GitHubReport.annotations([verdict])
        return lines.isEmpty ? "" : lines + "\n"
    }
    public mutating func end() -> String { "" }
}

/// The job summary ($GITHUB_STEP_SUMMARY) as a Markdown table, one row per file as it comes.
public struct GitHubSummaryWriter: CheckReportWriter {
    let profile: Profile
    var summary = Summary()

    public init(profile: Profile) { self.profile = profile }

    public mutating func begin() -> String {
        "## preflight: \(profile.name)\n\n| status | file | roles | findings |\n|---|---|---|---|\n"
    }

    public mutating func file(_ verdict: FileVerdict) -> String {
        summary.add(verdict)
        return GitHubReport.row(verdict)
    }

    public mutating func end() -> String {
        "\n\(summary.files) files: \(summary.passed) passed, \(summary.warned) with warnings, \(summary.failed) failed\n\n"
    }
}
