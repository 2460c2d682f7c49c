import PreflightMedia

/// The readability rule's advice depends on why the file could not be read: "copy it again" is right
/// for a file cut off or damaged in transit, wrong for a complete file in a format FFmpeg cannot
/// decode (convert it), a missing file or a folder. nil keeps the rule's own.
enum ReadabilityFix {
    static func advice(for code: MediaFailure.Code, kind: ProbeRecord.Kind) -> (command: String?, note: String)? {
        switch code {
        case .unsupported, .unsupportedFormat:
            return kind == .image
                ? (nil, "Convert it to JPEG or PNG (the message says how), then check the converted file.")
                : ("ffmpeg -i {path} -c:v libx264 -pix_fmt yuv420p -c:a aac {output.mp4}", "Convert it to H.264 in MP4, then check the converted file.")
        case .notFound: return (nil, "Check the path: there is no file by that name.")
        case .notAFile: return (nil, "Name a regular file: this is a folder, device, FIFO or socket.")
        case .unreadable: return (nil, "Make the file readable by you (check its permissions and the folders above it).")
        case .outsideRoot: return (nil, "Check the file where it really is, or copy it into the repository.")
        case .lfsPointer: return (nil, "Fetch the LFS objects (`git lfs pull`; GitHub Actions: actions/checkout with `lfs: true`), then check again.")
        case .timeout: return (nil, "Check this file alone with a longer --timeout; a file this slow to read is usually damaged.")
        case .imageTooLarge: return (nil, "Scale the picture down (the services take far smaller images), then check it.")
        default: return nil
        }
    }
}
