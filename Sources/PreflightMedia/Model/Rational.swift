import Foundation

/// An exact ratio such as a frame rate (30000/1001) or a sample aspect ratio (16:15).
/// Rules compare these by cross-multiplication, never through strings or rounded doubles.
public struct Rational: Sendable, Hashable, Codable, CustomStringConvertible {
    public let numerator: Int64
    public let denominator: Int64

    public init(_ numerator: Int64, _ denominator: Int64) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// nil when the denominator is zero (FFmpeg's 0/0 "unknown").
    public var value: Double? {
        denominator == 0 ? nil : Double(numerator) / Double(denominator)
    }

    public var isKnown: Bool { denominator != 0 && numerator != 0 }

    /// In lowest terms (15360/512 → 30/1); unchanged when the denominator is zero.
    public var reduced: Rational {
        var (a, b) = (numerator.magnitude, denominator.magnitude)
        while b != 0 { (a, b) = (b, a % b) }
        guard a > 1 else { return self }
        return Rational(numerator / Int64(a), denominator / Int64(a))
    }

    /// "30000/1001", as ffprobe prints frame rates.
    public var description: String { "\(numerator)/\(denominator)" }

    /// "16:15", as ffprobe prints aspect ratios.
    public var ratioDescription: String { "\(numerator):\(denominator)" }

    /// Parses "30000/1001", "16:15" or a plain number such as "24" or "23.976" (decimal places
    /// become a power-of-ten denominator so "23.976" stays exact). The sign is carried by the
    /// numerator ("-100/-1" is 100/1). nil for anything that does not fit in 64 bits, never a trap.
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let separator = trimmed.firstIndex(where: { $0 == "/" || $0 == ":" }) {
            guard let num = Int64(trimmed[..<separator]),
                  let den = Int64(trimmed[trimmed.index(after: separator)...]), den != 0 else { return nil }
            guard den > 0 else {
                guard num != .min, den != .min else { return nil }
                self.init(-num, -den)
                return
            }
            self.init(num, den)
            return
        }
        let negative = trimmed.hasPrefix("-")
        let unsigned = negative || trimmed.hasPrefix("+") ? trimmed.dropFirst() : Substring(trimmed)
        let parts = unsigned.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts[0].allSatisfy(\.isASCII), !parts[0].hasPrefix("+"), !parts[0].hasPrefix("-"),
              let whole = Int64(parts[0].isEmpty ? "0" : String(parts[0])) else { return nil }
        var digits: Int64 = 0
        var scale: Int64 = 1
        if parts.count == 2 {
            let fraction = parts[1]
            guard !fraction.isEmpty, fraction.count <= 9, fraction.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let value = Int64(fraction) else { return nil }
            digits = value
            for _ in 0..<fraction.count { scale *= 10 }
        } else if parts[0].isEmpty {
            return nil
        }
        let (scaled, overflowed) = whole.multipliedReportingOverflow(by: scale)
        let (magnitude, overflowedSum) = scaled.addingReportingOverflow(digits)
        guard !overflowed, !overflowedSum else { return nil }
        self.init(negative ? -magnitude : magnitude, scale)
    }

    /// Sign of self − other, exact (denominators are positive after parsing/reduction).
    public func compare(to other: Rational) -> Int {
        let left = numerator.multipliedFullWidth(by: other.denominator)
        let right = other.numerator.multipliedFullWidth(by: denominator)
        if left == right { return 0 }
        return (left.high, left.low) < (right.high, right.low) ? -1 : 1
    }
}
