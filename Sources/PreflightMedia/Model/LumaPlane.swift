/// A decoded 8-bit luma plane, borrowed from the decoder for the duration of one closure call.
/// Rows are `stride` bytes apart; only the first `width` bytes of each row are picture.
/// Never store it: the memory belongs to a decoded frame that is freed when the closure returns.
public struct LumaPlane {
    public let width: Int
    public let height: Int
    public let stride: Int
    public let pixels: UnsafeBufferPointer<UInt8>

    public init(width: Int, height: Int, stride: Int, pixels: UnsafeBufferPointer<UInt8>) {
        precondition(width > 0 && height > 0 && stride >= width && pixels.count >= stride * (height - 1) + width)
        self.width = width
        self.height = height
        self.stride = stride
        self.pixels = pixels
    }
}

/// What the analysis layer measures on a luma plane.
public struct LumaMetrics: Sendable, Equatable {
    public var laplacianVariance: Double
    public var focusScore: Double
    /// Average luma, 0–255: how bright the picture is.
    public var meanLuma: Double

    public init(laplacianVariance: Double, focusScore: Double, meanLuma: Double = 0) {
        self.laplacianVariance = laplacianVariance
        self.focusScore = focusScore
        self.meanLuma = meanLuma
    }
}
