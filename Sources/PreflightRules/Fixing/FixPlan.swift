import PreflightMedia

/// What `preflight fix` will do to one file for the roles it must fit: the media rewrite (or a plain
/// copy under the right extension), the steps in words, and what no rewrite can mend.
public struct FixPlan: Sendable {
    public enum Action: Sendable, Equatable {
        /// The bytes are right; only the name's extension was wrong.
        case copy
        case video(VideoRewritePlan)
        case image(ImageRewritePlan)
    }

    /// nil when nothing needs doing (or nothing can be done).
    public var action: Action?
    /// The extension of the fixed copy ("mp4", "jpg").
    public var outputExtension: String
    /// The operations, in words: "trim to 10 s (re-encode H.264, CRF 18)".
    public var steps: [String]
    /// Findings no operation can mend, each with the reason.
    public var unfixable: [Unfixable]

    public struct Unfixable: Sendable, Equatable {
        public var ruleID: String
        public var message: String
        public var reason: String
    }
}

/// Options that allow changes a user must ask for: cropping loses picture, upscaling adds none.
public struct FixOptions: Sendable, Equatable {
    public var allowCrop: Bool
    public var allowUpscale: Bool
    /// Also mend warnings, not only errors.
    public var includeWarnings: Bool

    public init(allowCrop: Bool = false, allowUpscale: Bool = false, includeWarnings: Bool = false) {
        self.allowCrop = allowCrop
        self.allowUpscale = allowUpscale
        self.includeWarnings = includeWarnings
    }
}
