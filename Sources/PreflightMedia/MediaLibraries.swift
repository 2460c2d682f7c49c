import CFFmpeg

/// The FFmpeg libraries this process runs against (not the headers it was built with): what a
/// measurement depends on, so cache keys and bug reports name them.
public enum MediaLibraries {
    /// "libavformat 59.27.100, libavcodec 59.37.100, libavutil 57.28.100, libswscale 6.7.100".
    public static let versions: String = [
        ("libavformat", avformat_version()), ("libavcodec", avcodec_version()),
        ("libavutil", avutil_version()), ("libswscale", swscale_version()),
    ].map { "\($0.0) \($0.1 >> 16).\($0.1 >> 8 & 0xFF).\($0.1 & 0xFF)" }.joined(separator: ", ")
}
