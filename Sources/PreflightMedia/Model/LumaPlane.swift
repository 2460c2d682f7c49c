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
    /// The noise level the focus score discounted (luma units of the reduced picture).
    public var noiseSigma: Double?
    public var focusTiles: FocusTiles?

    public init(laplacianVariance: Double, focusScore: Double, meanLuma: Double = 0,
                noiseSigma: Double? = nil, focusTiles: FocusTiles? = nil) {
        self.laplacianVariance = laplacianVariance
        self.focusScore = focusScore
        self.meanLuma = meanLuma
        self.noiseSigma = noiseSigma
        self.focusTiles = focusTiles
    }
}

/// The focus score's tile grid, row by row in the picture's stored orientation (apply the EXIF
/// orientation to draw it upright): what a heat-map of "where is it sharp" needs.
public struct FocusTiles: Sendable, Equatable, Codable {
    public var columns: Int
    public var rows: Int
    public var values: [Double]

    public init(columns: Int, rows: Int, values: [Double]) {
        self.columns = columns
        self.rows = rows
        self.values = values
    }
}
