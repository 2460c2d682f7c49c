/// Small pictures of a file for the HTML report: a poster and, for videos, a filmstrip. JPEG bytes,
/// upright (rotation and EXIF orientation applied).
public struct MediaPreview: Sendable, Codable, Equatable {
    public struct Picture: Sendable, Codable, Equatable {
        /// Where in the video the picture is (0 for images).
        public var seconds: Double
        public var width: Int
        public var height: Int
        public var jpeg: [UInt8]

        public init(seconds: Double, width: Int, height: Int, jpeg: [UInt8]) {
            self.seconds = seconds
            self.width = width
            self.height = height
            self.jpeg = jpeg
        }
    }

    public var poster: Picture?
    public var filmstrip: [Picture]

    public init(poster: Picture? = nil, filmstrip: [Picture] = []) {
        self.poster = poster
        self.filmstrip = filmstrip
    }
}
