/// Why a file could not be read truthfully. `code` is stable: reports, rules and scripts key on it.
public struct MediaFailure: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    public enum Code: String, Sendable, CaseIterable, Codable {
        case notFound = "not-found"
        case notAFile = "not-a-file"
        case unreadable
        case empty
        case unrecognized
        case truncated
        case corrupt
        case noStreams = "no-streams"
        case timeout
        case imageTooLarge = "image-too-large"
        case decodeFailed = "decode-failed"
        case unsupported
        /// A complete file in a format preflight does not read (a playlist, a list of other files,
        /// a container outside the supported set).
        case unsupportedFormat = "unsupported-format"
        /// A video stream with no frames (empty sample tables) or a 0×0 picture.
        case noFrames = "no-frames"
        /// The video's keyframes do not decode: the media data is damaged, zeroed or cut off.
        case undecodable
        /// A symbolic link found in a scanned folder that leads outside it (not followed).
        case outsideRoot = "outside-root"
        /// A Git LFS pointer in place of the media: the repository's LFS objects were not fetched.
        case lfsPointer = "lfs-pointer"
    }

    public let code: Code
    /// A sentence a person understands.
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
