import PreflightMedia

/// The focus score: "is some part of this photo in focus?", on a scale that neither image size,
/// contrast, the direction of a blur nor sensor noise can fool. Definition and reasoning:
/// docs/focus.md; an independent NumPy implementation: scripts/focus_reference.py.
///
/// 1. Scale: the luma is reduced by area averaging to a 512 px short side (smaller pictures are
///    kept as they are), so a 1024 px and a 6000 px photo of the same scene score alike.
/// 2. Tiles of 32 × 32 px of the reduced picture. In each, the mean square of the second
///    difference along 0°, 90°, 45° and 135° (diagonals divided by 2: their step is √2), and the
///    gradient energy (mean square of the central first differences along 0° and 90°).
/// 3. Noise: Immerkær's estimate σ of each tile; the picture's σ is their 10th percentile (texture
///    raises a tile's estimate, flat areas show the noise alone). White noise of σ adds 6σ² to a
///    second difference's mean square (1.5σ² on a diagonal): that is subtracted, with a 20 %
///    margin (the low percentile underestimates σ, and pooling picks the tiles where noise peaks).
/// 4. A tile is as sharp as its least sharp direction (motion blur flattens one direction),
///    divided by its gradient energy (plus a floor): edges are judged by how steep they are, not
///    by how much contrast they have — a sharp white flower scores like a sharp brick wall.
/// 5. The score is 100 × the 90th percentile of the tiles: the sharpest tenth decides, so a sharp
///    subject on a soft background passes.
public enum FocusMeasure {
    public static let shortSide = 512
    public static let tileSize = 32
    public static let poolPercentile = 0.9
    public static let noisePercentile = 0.1
    /// σ² is raised by this factor before it is subtracted (docs/focus.md: "noise margin").
    public static let noiseMargin = 1.2
    /// Added to a tile's gradient energy (gray levels² per pixel): a nearly flat tile's ratio is
    /// not amplified from JPEG residue and quantisation.
    public static let gradientFloor = 25.0

    /// The score, the noise level it discounted and the tile grid.
    public struct Measurement: Sendable, Equatable {
        public var score: Double
        public var noiseSigma: Double
        public var tiles: FocusTiles
    }

    public static func measure(_ plane: LumaPlane) -> Measurement {
        let reduced = AreaReduction.reduce(plane, shortSide: shortSide)
        return measure(reduced.pixels, width: reduced.width, height: reduced.height)
    }

    /// The measure on an already reduced picture (row-major, `width × height` values).
    static func measure(_ image: [Float], width: Int, height: Int) -> Measurement {
        let columns = max(1, width / tileSize), rows = max(1, height / tileSize)
        let columnBounds = (0...columns).map { $0 * width / columns }
        let rowBounds = (0...rows).map { $0 * height / rows }
        // Per tile: sums of squared second differences in 4 directions, of squared first
        // differences (gradient), of |Immerkær|, and the count.
        var energy = [Double](repeating: 0, count: columns * rows * 4)
        var gradient = [Double](repeating: 0, count: columns * rows)
        var absolute = [Double](repeating: 0, count: columns * rows)
        var counts = [Int](repeating: 0, count: columns * rows)
        if width >= 3 && height >= 3 {
            image.withUnsafeBufferPointer { buffer in
                let pixels = buffer.baseAddress!
                var tileRow = 0
                for y in 1..<(height - 1) {
                    while y >= rowBounds[tileRow + 1] { tileRow += 1 }
                    let above = pixels + (y - 1) * width, here = pixels + y * width, below = pixels + (y + 1) * width
                    for tileColumn in 0..<columns {
                        let start = max(columnBounds[tileColumn], 1), end = min(columnBounds[tileColumn + 1], width - 1)
                        guard start < end else { continue }
                        // One row of one tile (≤ 64 values) in single precision, then into the
                        // tile's double-precision sums.
                        var horizontalSum: Float = 0, verticalSum: Float = 0, diagonalSum: Float = 0
                        var antidiagonalSum: Float = 0, maskSum: Float = 0, gradientSum: Float = 0
                        for x in start..<end {
                            let centre = here[x], twice = 2 * here[x]
                            let left = here[x - 1], right = here[x + 1], up = above[x], down = below[x]
                            let upLeft = above[x - 1], upRight = above[x + 1], downLeft = below[x - 1], downRight = below[x + 1]
                            let horizontal = left - twice + right
                            let vertical = up - twice + down
                            let diagonal = (downLeft - twice + upRight) * 0.5
                            let antidiagonal = (upLeft - twice + downRight) * 0.5
                            // Immerkær's mask [1 −2 1; −2 4 −2; 1 −2 1].
                            let mask = (upLeft + upRight + downLeft + downRight) - 2 * (up + down + left + right) + 4 * centre
                            let slopeAcross = (right - left) * 0.5, slopeDown = (down - up) * 0.5
                            horizontalSum += horizontal * horizontal
                            verticalSum += vertical * vertical
                            diagonalSum += diagonal * diagonal
                            antidiagonalSum += antidiagonal * antidiagonal
                            maskSum += abs(mask)
                            gradientSum += slopeAcross * slopeAcross + slopeDown * slopeDown
                        }
                        let tile = tileRow * columns + tileColumn
                        energy[tile * 4] += Double(horizontalSum)
                        energy[tile * 4 + 1] += Double(verticalSum)
                        energy[tile * 4 + 2] += Double(diagonalSum)
                        energy[tile * 4 + 3] += Double(antidiagonalSum)
                        absolute[tile] += Double(maskSum)
                        gradient[tile] += Double(gradientSum)
                        counts[tile] += end - start
                    }
                }
            }
        }
        let occupied = (0..<(columns * rows)).filter { counts[$0] > 0 }
        let tileSigmas = occupied.map { (Double.pi / 2).squareRoot() / 6 * absolute[$0] / Double(counts[$0]) }
        let sigma = Sharpness.percentile(tileSigmas, noisePercentile)
        let noiseVariance = noiseMargin * sigma * sigma
        let noiseEnergy = [6 * noiseVariance, 6 * noiseVariance, 1.5 * noiseVariance, 1.5 * noiseVariance]
        var tiles = [Double](repeating: 0, count: columns * rows)
        for tile in occupied {
            let n = Double(counts[tile])
            let flattest = (0..<4).map { max(0, energy[tile * 4 + $0] / n - noiseEnergy[$0]) }.min()!
            // Noise's own share of the gradient energy (σ²) stays in it, and 6v more is added:
            // what the noise subtraction leaves of a noisy tile is divided by more.
            tiles[tile] = 100 * flattest / (gradient[tile] / n + gradientFloor + 6 * noiseVariance)
        }
        return Measurement(score: Sharpness.percentile(occupied.map { tiles[$0] }, poolPercentile), noiseSigma: sigma,
                           tiles: FocusTiles(columns: columns, rows: rows, values: tiles))
    }
}

/// Area-averaging reduction of an 8-bit plane to a short side: each output pixel is the mean of
/// the source area it covers, fractional pixels weighted by their overlap (as OpenCV's INTER_AREA).
enum AreaReduction {
    static func reduce(_ plane: LumaPlane, shortSide: Int) -> (pixels: [Float], width: Int, height: Int) {
        let short = min(plane.width, plane.height)
        let source = plane.pixels.baseAddress!
        guard short > shortSide else {
            var pixels = [Float](repeating: 0, count: plane.width * plane.height)
            for y in 0..<plane.height {
                for x in 0..<plane.width { pixels[y * plane.width + x] = Float(source[y * plane.stride + x]) }
            }
            return (pixels, plane.width, plane.height)
        }
        let width = max(1, Int((Double(plane.width) * Double(shortSide) / Double(short)).rounded()))
        let height = max(1, Int((Double(plane.height) * Double(shortSide) / Double(short)).rounded()))
        let rowWeights = weights(from: plane.height, to: height)
        // Column taps flattened (first source column, count, weights): the inner loop of the
        // horizontal pass stays in contiguous memory.
        let columnTaps = weights(from: plane.width, to: width)
        var firstColumn = [Int](), tapCount = [Int](), tapWeights = [Float]()
        for taps in columnTaps {
            firstColumn.append(taps.first?.0 ?? 0)
            tapCount.append(taps.count)
            tapWeights += taps.map(\.1)
        }
        var output = [Float](repeating: 0, count: width * height)
        let accumulated = UnsafeMutablePointer<Float>.allocate(capacity: plane.width)
        let wholeRows = UnsafeMutablePointer<UInt32>.allocate(capacity: plane.width)
        defer { accumulated.deallocate(); wholeRows.deallocate() }
        let sourceWidth = plane.width
        output.withUnsafeMutableBufferPointer { out in
            tapWeights.withUnsafeBufferPointer { weightsOfColumns in
                for (y, row) in rowWeights.enumerated() {
                    // Vertical first, a whole source row at a time. The rows an output row covers
                    // wholly share one weight: they are summed as integers (exact, and the loop the
                    // compiler vectorises), then scaled once; the two partly covered rows are added
                    // with their own weights.
                    let whole = row.map(\.1).max() ?? 0
                    wholeRows.update(repeating: 0, count: sourceWidth)
                    for (sourceRow, weight) in row where abs(weight - whole) <= whole * 1e-5 {
                        let line = source + sourceRow * plane.stride
                        for x in 0..<sourceWidth { wholeRows[x] &+= UInt32(line[x]) }
                    }
                    for x in 0..<sourceWidth { accumulated[x] = Float(wholeRows[x]) * whole }
                    for (sourceRow, weight) in row where abs(weight - whole) > whole * 1e-5 {
                        let line = source + sourceRow * plane.stride
                        for x in 0..<sourceWidth { accumulated[x] += weight * Float(line[x]) }
                    }
                    var offset = 0
                    let weightBase = weightsOfColumns.baseAddress!
                    for x in 0..<width {
                        let taps = tapCount[x]
                        let columnWeights = weightBase + offset, columns = accumulated + firstColumn[x]
                        // Two running sums: the adds do not wait on each other.
                        var even: Float = 0, odd: Float = 0, tap = 0
                        while tap &+ 1 < taps {
                            even += columnWeights[tap] * columns[tap]
                            odd += columnWeights[tap &+ 1] * columns[tap &+ 1]
                            tap &+= 2
                        }
                        if tap < taps { even += columnWeights[tap] * columns[tap] }
                        let value = even + odd
                        offset &+= taps
                        out[y &* width &+ x] = value
                    }
                }
            }
        }
        return (output, width, height)
    }

    /// For each output index, the source indices it covers and their weights (summing to 1).
    static func weights(from source: Int, to target: Int) -> [[(Int, Float)]] {
        let scale = Double(source) / Double(target)
        return (0..<target).map { index in
            let start = Double(index) * scale, end = Double(index + 1) * scale
            var taps: [(Int, Float)] = []
            var position = Int(start.rounded(.down))
            while Double(position) < end && position < source {
                let overlap = min(end, Double(position + 1)) - max(start, Double(position))
                if overlap > 1e-12 { taps.append((position, Float(overlap / scale))) }
                position += 1
            }
            return taps
        }
    }
}
