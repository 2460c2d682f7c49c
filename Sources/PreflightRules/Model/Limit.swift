import PreflightMedia

/// What a rule accepts: an inclusive range, a set of values, or one value. Numeric bounds are
/// exact rationals parsed from the YAML text ("24000/1001", "2:5", "10.05", "100000000").
public struct Limit: Equatable, Sendable {
    public var min: Rational?
    public var max: Rational?
    public var allowed: [String]?
    public var equals: String?

    public init(min: Rational? = nil, max: Rational? = nil, allowed: [String]? = nil, equals: String? = nil) {
        self.min = min
        self.max = max
        self.allowed = allowed
        self.equals = equals
    }

    public enum Outcome: String, Equatable, Sendable { case within, over, under, notAllowed }

    /// Compares a measured value with the limit. `tolerance` (in the measure's unit) loosens numeric
    /// bounds for measurements that carry rounding, such as container durations.
    public func check(_ value: MeasuredValue, tolerance: Double = 0) -> Outcome {
        switch value {
        case .text(let text):
            if let allowed, !allowed.contains(text.lowercased()) { return .notAllowed }
            if let equals, equals.lowercased() != text.lowercased() { return .notAllowed }
            return .within
        case .flag(let flag):
            if let equals, (equals.lowercased() == "true") != flag { return .notAllowed }
            return .within
        case .integer(let integer):
            return tolerance > 0 ? check(.number(Double(integer)), tolerance: tolerance) : compare(Rational(integer, 1))
        case .rational(let rational):
            guard tolerance > 0, let number = rational.value else { return compare(rational) }
            return check(.number(number), tolerance: tolerance)
        case .number(let number):
            if let max, let bound = max.value, number > bound + tolerance { return .over }
            if let min, let bound = min.value, number < bound - tolerance { return .under }
            return .within
        }
    }

    private func compare(_ value: Rational) -> Outcome {
        if let max, value.compare(to: max) > 0 { return .over }
        if let min, value.compare(to: min) < 0 { return .under }
        return .within
    }

    /// "3–10 s", "≤ 100.0 MB", "one of mp4, mov".
    public func describe(for measure: Measure) -> String {
        if let allowed { return "one of " + allowed.joined(separator: ", ") }
        if let equals { return measure.valueType == .flag ? (equals == "true" ? "yes" : "no") : equals }
        let low = min.map { bound(measure, $0) }, high = max.map { bound(measure, $0) }
        switch (low, high) {
        case let (low?, high?): return "\(low) – \(high)"
        case let (low?, nil): return "≥ \(low)"
        case let (nil, high?): return "≤ \(high)"
        default: return "any"
        }
    }

    func bound(_ measure: Measure, _ value: Rational) -> String {
        switch measure.valueType {
        case .integer: measure.format(.integer(value.numerator / Swift.max(value.denominator, 1)))
        case .rational where measure == .aspectRatio: "\(value.numerator):\(value.denominator)"
        case .rational: measure.format(.rational(value))
        default:
            // Bounds are written by people: show them as written (10, 10.05), not as measurements.
            value.denominator == 1 ? measure.format(.integer(value.numerator)).replacingOccurrences(of: ".00", with: "")
                + (measure == .duration ? " s" : "") : measure.format(.number(value.value ?? 0))
        }
    }
}

import Foundation
