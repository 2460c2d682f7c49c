import PreflightMedia

/// The release number, and what `preflight --version` prints.
public enum PreflightVersion {
    public static let current = "0.1.0"

    /// The git commit the program was built from (Plugins/StampRevision), or "unknown".
    public static let commit = SourceRevision.commit

    /// What `preflight --version` prints: the release, the commit and build it came from, and the
    /// FFmpeg libraries it runs against (what a bug report needs).
    public static var full: String {
        "\(current)\ncommit: \(commit)\nbuild-id: \(BuildID.ofRunningProgram() ?? "none")\nFFmpeg: \(MediaLibraries.versions)"
    }
}
