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
        var totalSum: Int64 = 0, totalSquares: Int64 = 0

        let pixels = plane.pixels.baseAddress!
        var tileRow = 0
        for y in 0..<height {
            while y >= rowBounds[tileRow + 1] { tileRow += 1 }
            let current = pixels + y * plane.stride
            let above = pixels + reflect101(y - 1, height) * plane.stride
            let below = pixels + reflect101(y + 1, height) * plane.stride
            for tileColumn in 0..<columnsOfTiles {
                let start = columnBounds[tileColumn], end = columnBounds[tileColumn + 1]
                var sum: Int64 = 0, squares: Int64 = 0
                // Edge columns need the reflected neighbour; everything between is branch-free.
                var x0 = start
                if start == 0 {
                    let value = laplacian(current, above, below, x: 0, left: reflect101(-1, width), right: reflect101(1, width))
                    sum &+= value; squares &+= value &* value
                    x0 = 1
                }
                let interiorEnd = min(end, width - 1)
                if x0 < interiorEnd {
                    for x in x0..<interiorEnd {
                        let value = Int64(Int32(above[x]) &+ Int32(below[x]) &+ Int32(current[x &- 1])
                                          &+ Int32(current[x &+ 1]) &- 4 &* Int32(current[x]))
                        sum &+= value; squares &+= value &* value
                    }
                }
                if end == width, width - 1 >= x0 {
                    let x = width - 1
                    let value = laplacian(current, above, below, x: x, left: x - 1, right: reflect101(width, width))
                    sum &+= value; squares &+= value &* value
                }
                let tile = tileRow * columnsOfTiles + tileColumn
                tileSums[tile] &+= sum
                tileSquares[tile] &+= squares
                totalSum &+= sum
                totalSquares &+= squares
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
        return LumaMetrics(laplacianVariance: overall, focusScore: percentile(tileVariances, focusPercentile))
    }

    /// OpenCV's BORDER_REFLECT_101 for one step past an edge.
    @inline(__always)
    static func reflect101(_ index: Int, _ length: Int) -> Int {
        if length == 1 { return 0 }
        if index < 0 { return -index }
        if index >= length { return 2 * length - 2 - index }
        return index
    }

    @inline(__always)
    private static func laplacian(_ current: UnsafePointer<UInt8>, _ above: UnsafePointer<UInt8>,
                                  _ below: UnsafePointer<UInt8>, x: Int, left: Int, right: Int) -> Int64 {
        Int64(above[x]) + Int64(below[x]) + Int64(current[left]) + Int64(current[right]) - 4 * Int64(current[x])
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
