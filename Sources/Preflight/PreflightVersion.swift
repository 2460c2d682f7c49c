import PreflightMedia

/// The release number, and what `preflight --version` prints.
public enum PreflightVersion {
    public static let current = "0.1.0"

    /// What `preflight --version` prints: the release, this build's identity, and the FFmpeg
    /// libraries it runs against (what a bug report needs).
    public static var full: String {
        "\(current)\nbuild-id: \(BuildID.ofRunningProgram() ?? "none")\nFFmpeg: \(MediaLibraries.versions)"
    }
}
