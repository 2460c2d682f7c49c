/// Frame-rate facts measured from frame timestamps rather than read from headers: headers of a
/// clip that drops from 30 to 10 fps still say "constant 29.97".
public struct FrameTiming: Sendable, Equatable {
    public var variable: Bool
    public var minRate: Double?
    public var maxRate: Double?
    /// The most common interval between frames, in time-base units.
    public var typicalInterval: Int64?
    /// All intervals but a glitch or two (`strayShareAllowed`) are exactly `typicalInterval` ticks:
    /// the time base states the rate exactly (not so with millisecond time bases: 33, 33, 34 ms).
    public var exact = false

    /// Share of frame intervals that may stray from the typical one before the clip counts as
    /// variable: tolerates a glitch or two, not a changing rate.
    static let strayShareAllowed = 0.01

    /// - Parameters:
    ///   - timestamps: one per frame, in `timeBase` units, any order (B-frames reorder them).
    ///   - timeBase: seconds per timestamp unit.
    public static func measure(timestamps: [Int64], timeBase: Rational) -> FrameTiming? {
        guard timestamps.count >= 3, let secondsPerTick = timeBase.value, secondsPerTick > 0 else { return nil }
        let sorted = timestamps.sorted()
        var intervals: [Int64] = []
        intervals.reserveCapacity(sorted.count - 1)
        for index in 1..<sorted.count where sorted[index] > sorted[index - 1] {
            intervals.append(sorted[index] - sorted[index - 1])
        }
        guard !intervals.isEmpty else { return nil }
        let ordered = intervals.sorted()
        let typical = ordered[ordered.count / 2]
        // Containers that store milliseconds round 33.37 ms to 33 or 34: one tick of slack,
        // plus 2 % for muxers that jitter timestamps.
        let tolerance = max(Int64(1), typical / 50)
        let strays = intervals.filter { abs($0 - typical) > tolerance }.count
        let variable = Double(strays) > Double(intervals.count) * strayShareAllowed
        let rate = { (interval: Int64) in 1.0 / (Double(interval) * secondsPerTick) }
        return FrameTiming(variable: variable, minRate: rate(ordered.last!), maxRate: rate(ordered.first!), typicalInterval: typical,
                           exact: Double(intervals.filter { $0 != typical }.count) <= Double(intervals.count) * strayShareAllowed)
    }

    /// The steady rate the time base states exactly (`exact`), in lowest terms: 15360/512 → 30/1.
    public func exactRate(timeBase: Rational) -> Rational? {
        guard exact, let interval = typicalInterval, interval > 0, timeBase.numerator > 0, timeBase.denominator > 0,
              case (let ticks, false) = timeBase.numerator.multipliedReportingOverflow(by: interval) else { return nil }
        return Rational(timeBase.denominator, ticks).reduced
    }
}
