import PreflightMedia

/// Variance of the Laplacian — OpenCV's `cv2.Laplacian(gray, cv2.CV_64F).var()` — over the full
/// picture, in one pass over the luma rows with integer accumulators, and the focus score
/// (FocusMeasure: scale-normalised, direction-aware, noise-compensated; see docs/focus.md).
///
/// Laplacian kernel [0 1 0; 1 −4 1; 0 1 0]; border BORDER_REFLECT_101 (the pixel past an edge is the
/// one before it: −1 → 1, n → n−2); population variance over every pixel. Kept as it is, OpenCV-exact,
/// for users who know that recipe.
public enum Sharpness {
    public static func measure(_ plane: LumaPlane) -> LumaMetrics {
        let width = plane.width, height = plane.height
        var totalSum: Int64 = 0, totalSquares: Int64 = 0, brightness: Int64 = 0
        let pixels = plane.pixels.baseAddress!
        // One row of Laplacian values at a time (|value| ≤ 1020 fits 16 bits): the stencil over the
        // row, then its sums, in loops the compiler vectorises.
        let row = UnsafeMutablePointer<Int16>.allocate(capacity: width)
        defer { row.deallocate() }
        for y in 0..<height {
            let current = pixels + y * plane.stride
            let above = pixels + reflect101(y - 1, height) * plane.stride
            let below = pixels + reflect101(y + 1, height) * plane.stride
            laplacianRow(current, above, below, width: width, into: row)
            var rowBrightness: UInt32 = 0  // ≤ 255 × width: fits for any width under 16 million
            for x in 0..<width { rowBrightness &+= UInt32(current[x]) }
            brightness &+= Int64(rowBrightness)
            // Segments of 128 px: |value| ≤ 1020, so 32-bit sums cannot overflow.
            var start = 0
            while start < width {
                let end = min(width, start + 128)
                var sum: Int32 = 0, squares: Int32 = 0
                for x in start..<end {
                    let value = Int32(row[x])
                    sum &+= value
                    squares &+= value &* value
                }
                totalSum &+= Int64(sum)
                totalSquares &+= Int64(squares)
                start = end
            }
        }
        let focus = FocusMeasure.measure(plane)
        return LumaMetrics(laplacianVariance: variance(sum: totalSum, squares: totalSquares, count: width * height),
                           focusScore: focus.score, meanLuma: Double(brightness) / Double(width * height),
                           noiseSigma: focus.noiseSigma, focusTiles: focus.tiles)
    }

    /// OpenCV's BORDER_REFLECT_101 for one step past an edge.
    @inline(__always)
    static func reflect101(_ index: Int, _ length: Int) -> Int {
        if length == 1 { return 0 }
        if index < 0 { return -index }
        if index >= length { return 2 * length - 2 - index }
        return index
    }

    /// The Laplacian of one row; the first and last columns reflect (BORDER_REFLECT_101).
    @inline(__always)
    private static func laplacianRow(_ current: UnsafePointer<UInt8>, _ above: UnsafePointer<UInt8>,
                                     _ below: UnsafePointer<UInt8>, width: Int, into row: UnsafeMutablePointer<Int16>) {
        @inline(__always)
        func at(_ x: Int, left: Int, right: Int) -> Int16 {
            Int16(truncatingIfNeeded: Int32(above[x]) &+ Int32(below[x]) &+ Int32(current[left])
                  &+ Int32(current[right]) &- 4 &* Int32(current[x]))
        }
        row[0] = at(0, left: reflect101(-1, width), right: reflect101(1, width))
        if width > 1 { row[width - 1] = at(width - 1, left: width - 2, right: reflect101(width, width)) }
        guard width > 2 else { return }
        // 16-bit lanes: every intermediate stays within ±1020.
        for x in 1..<(width - 1) {
            row[x] = Int16(above[x]) &+ Int16(below[x]) &+ Int16(current[x &- 1]) &+ Int16(current[x &+ 1])
                &- (Int16(current[x]) &<< 2)
        }
    }

    static func variance(sum: Int64, squares: Int64, count: Int) -> Double {
        guard count > 0 else { return 0 }
        let mean = Double(sum) / Double(count)
        return max(0, Double(squares) / Double(count) - mean * mean)
    }

    /// Nearest-rank percentile.
    static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
