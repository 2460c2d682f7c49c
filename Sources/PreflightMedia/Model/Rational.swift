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

    /// "30000/1001", as ffprobe prints frame rates.
    public var description: String { "\(numerator)/\(denominator)" }

    /// "16:15", as ffprobe prints aspect ratios.
    public var ratioDescription: String { "\(numerator):\(denominator)" }

    /// Parses "30000/1001", "16:15" or a plain number such as "24" or "23.976" (decimal places
    /// become a power-of-ten denominator so "23.976" stays exact).
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let separator = trimmed.firstIndex(where: { $0 == "/" || $0 == ":" }) {
            guard let num = Int64(trimmed[..<separator]),
                  let den = Int64(trimmed[trimmed.index(after: separator)...]), den != 0 else { return nil }
            self.init(num, den)
            return
        }
        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = Int64(parts[0].isEmpty ? "0" : String(parts[0])) else { return nil }
        if parts.count == 1 { self.init(whole, 1); return }
        let fraction = parts[1]
        guard !fraction.isEmpty, fraction.count <= 9, fraction.allSatisfy(\.isASCII),
              let digits = Int64(fraction) else { return nil }
        var scale: Int64 = 1
        for _ in 0..<fraction.count { scale *= 10 }
        self.init(whole * scale + (whole < 0 ? -digits : digits), scale)
    }

    /// Sign of self − other, exact (denominators are positive after parsing/reduction).
    public func compare(to other: Rational) -> Int {
        let left = numerator.multipliedFullWidth(by: other.denominator)
        let right = other.numerator.multipliedFullWidth(by: denominator)
        if left == right { return 0 }
        return (left.high, left.low) < (right.high, right.low) ? -1 : 1
    }
}
