import PreflightMedia

/// Variance of the Laplacian — OpenCV's `cv2.Laplacian(gray, cv2.CV_64F).var()` — and a focus score
/// pooled over tiles, computed in one pass over the luma rows with integer accumulators.
///
/// Laplacian kernel [0 1 0; 1 −4 1; 0 1 0]; border BORDER_REFLECT_101 (the pixel past an edge is the
/// one before it: −1 → 1, n → n−2); population variance over every pixel.
///
/// The focus score asks "is some part of the picture in focus?": the picture is cut into tiles of
/// about 64 px (between 64 and 127 px a side, so that no sliver is left at the edges), the variance
/// is taken in each tile, and the score is the 90th percentile (nearest rank) of those variances —
/// the sharpness of the sharpest tenth. A portrait with a sharp subject on a blurred background
/// scores like its subject; a picture blurred everywhere scores low everywhere.
public enum Sharpness {
    public static let tileSize = 64
    public static let focusPercentile = 0.9

    public static func measure(_ plane: LumaPlane) -> LumaMetrics {
        let width = plane.width, height = plane.height
        let columnsOfTiles = max(1, width / tileSize), rowsOfTiles = max(1, height / tileSize)
        let columnBounds = (0...columnsOfTiles).map { $0 * width / columnsOfTiles }
        let rowBounds = (0...rowsOfTiles).map { $0 * height / rowsOfTiles }
        var tileSums = [Int64](repeating: 0, count: columnsOfTiles * rowsOfTiles)
        var tileSquares = [Int64](repeating: 0, count: columnsOfTiles * rowsOfTiles)
        var totalSum: Int64 = 0, totalSquares: Int64 = 0, brightness: Int64 = 0

        let pixels = plane.pixels.baseAddress!
        // One row of Laplacian values at a time (|value| ≤ 1020 fits 16 bits): two simple loops the
        // compiler vectorises — the stencil over the row, then sums per tile segment.
        let row = UnsafeMutablePointer<Int16>.allocate(capacity: width)
        defer { row.deallocate() }
        var tileRow = 0
        for y in 0..<height {
            while y >= rowBounds[tileRow + 1] { tileRow += 1 }
            let current = pixels + y * plane.stride
            let above = pixels + reflect101(y - 1, height) * plane.stride
            let below = pixels + reflect101(y + 1, height) * plane.stride
            laplacianRow(current, above, below, width: width, into: row)
            var rowBrightness: UInt32 = 0  // ≤ 255 × width: fits for any width under 16 million
            for x in 0..<width { rowBrightness &+= UInt32(current[x]) }
            brightness &+= Int64(rowBrightness)
            for tileColumn in 0..<columnsOfTiles {
                let start = columnBounds[tileColumn], end = columnBounds[tileColumn + 1]
                // A segment is under 128 px and |value| ≤ 1020: 32-bit sums cannot overflow.
                var sum: Int32 = 0, squares: Int32 = 0
                for x in start..<end {
                    let value = Int32(row[x])
                    sum &+= value
                    squares &+= value &* value
                }
                let tile = tileRow * columnsOfTiles + tileColumn
                tileSums[tile] &+= Int64(sum)
                tileSquares[tile] &+= Int64(squares)
                totalSum &+= Int64(sum)
                totalSquares &+= Int64(squares)
            }
        }
        let overall = variance(sum: totalSum, squares: totalSquares, count: width * height)
        var tileVariances: [Double] = []
        tileVariances.reserveCapacity(tileSums.count)
        for row in 0..<rowsOfTiles {
            for column in 0..<columnsOfTiles {
                let count = (columnBounds[column + 1] - columnBounds[column]) * (rowBounds[row + 1] - rowBounds[row])
                let tile = row * columnsOfTiles + column
                tileVariances.append(variance(sum: tileSums[tile], squares: tileSquares[tile], count: count))
            }
        }
        return LumaMetrics(laplacianVariance: overall, focusScore: percentile(tileVariances, focusPercentile),
                           meanLuma: Double(brightness) / Double(width * height))
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
