/// Estimates the IJG quality (1–100) a JPEG was last saved with, as ImageMagick's `%Q` does:
/// compare the sum of its quantisation tables with the tables libjpeg's quality scaling makes from
/// the Annex K tables. Exact for libjpeg-family encoders, approximate for cameras and phones.
public enum JPEGQuality {
    /// ITU T.81 Annex K, table K.1 (luminance) and K.2 (chrominance). Sums ignore entry order.
    static let annexKLuma: [Int] = [
        16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
        14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
        18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
        49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
    ]
    static let annexKChroma: [Int] = [
        17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99,
        24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
    ] + [Int](repeating: 99, count: 32)

    /// libjpeg's jpeg_quality_scaling + jpeg_add_quant_table (with force_baseline: clamp to 255).
    static func scaledSum(_ base: [Int], quality: Int) -> Int {
        let scale = quality < 50 ? 5000 / quality : 200 - quality * 2
        return base.reduce(0) { sum, entry in sum + min(max((entry * scale + 50) / 100, 1), 255) }
    }

    private static let expectedSums: [(quality: Int, luma: Int, chroma: Int)] = (1...100).map {
        ($0, scaledSum(annexKLuma, quality: $0), scaledSum(annexKChroma, quality: $0))
    }

    public static func estimate(_ tables: [Int: [Int]]) -> Int? {
        guard let luma = tables[0] else { return nil }
        let lumaSum = luma.reduce(0, +)
        let chromaSum = tables[1]?.reduce(0, +)
        var best: (quality: Int, distance: Int)?
        for expected in expectedSums {
            var distance = abs(expected.luma - lumaSum)
            if let chromaSum { distance += abs(expected.chroma - chromaSum) }
            // On ties the higher quality wins: saturated tables at the low end are all equal.
            if best == nil || distance <= best!.distance { best = (expected.quality, distance) }
        }
        return best?.quality
    }
}
