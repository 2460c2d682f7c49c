import PreflightMedia

public enum Severity: String, Sendable, CaseIterable, Comparable {
    case info, warning, error

    private var rank: Int { self == .info ? 0 : self == .warning ? 1 : 2 }
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One limit of one role: what is measured, what is accepted, how bad a miss is, where the limit
/// comes from and how to fix a file that misses it. Written in profile YAML; self-testing through
/// its examples (values that must pass and values that must fail).
public struct Rule: Sendable, Equatable {
    public var id: String
    public var description: String
    public var measure: Measure
    public var limit: Limit
    public var severity: Severity
    public var source: String
    /// A shell command that mends a file ({path}, {output}, {output.EXT} filled in); nothing else.
    public var fix: String?
    /// What to do in words, where no command does it (or as the command's caveat).
    public var note: String? = nil
    /// Replaces the generated message; may use {actual} and {limit}.
    public var message: String?
    public var enabled: Bool
    public var passExamples: [MeasuredValue]
    public var failExamples: [MeasuredValue]
    /// A margin the service itself allows above the maximum (fal takes 10.05 s where Kling says
    /// 10 s), in the measure's unit. A value inside it passes, reported as "passed within tolerance".
    /// Minimums get none: a service that says "at least 3 s" rejects 2.99 s.
    public var declaredTolerance: Double? = nil

    /// Duration limits allow for the millisecond rounding of container durations ("10.00 s passes").
    public var tolerance: Double { measure == .duration ? 0.001 : 0 }

    /// The value breaks the limit itself but not the declared tolerance.
    public func passesWithinTolerance(_ value: MeasuredValue) -> Bool {
        guard let declaredTolerance, violation(for: value) == .over else { return false }
        return limit.check(value, tolerance: tolerance + declaredTolerance) == .within
    }

    public func violation(for value: MeasuredValue) -> Limit.Outcome? {
        let outcome = limit.check(value, tolerance: tolerance)
        return outcome == .within ? nil : outcome
    }

    /// "12.00 s is longer than 10 s", "the short side, 640 px, is smaller than 720 px".
    public func describeViolation(_ outcome: Limit.Outcome, actual: MeasuredValue) -> String {
        let shown = measure.format(actual)
        if let message {
            var text = ""
            var rest = message[...]
            while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
                text += rest[..<open]
                switch rest[rest.index(after: open)..<close] {
                case "actual": text += shown
                case "limit": text += limit.describe(for: measure)
                case "min": text += limit.min.map { limit.bound(measure, $0) } ?? ""
                case "max": text += limit.max.map { limit.bound(measure, $0) } ?? ""
                default: text += rest[open...close]
                }
                rest = rest[rest.index(after: close)...]
            }
            return text + rest
        }
        let subject = measure.subject.isEmpty ? shown : "\(measure.subject) \(shown)\(measure.subject.hasSuffix(",") ? "," : "")"
        switch outcome {
        case .over: return "\(subject) is \(measure.comparatives.over) \(limit.max.map { limit.bound(measure, $0) } ?? "")"
        case .under: return "\(subject) is \(measure.comparatives.under) \(limit.min.map { limit.bound(measure, $0) } ?? "")"
        case .notAllowed, .within:
            let reason = description.prefix(1).lowercased() + description.dropFirst()
            return "\(measure.valueType == .text ? "'\(shown)'" : shown) is not accepted (\(reason))"
        }
    }

    /// Parses a value written in YAML (a limit example) as this rule's measure reads values.
    static func parseValue(_ text: String, as type: Measure.ValueType) -> MeasuredValue? {
        switch type {
        case .flag: return ["true", "yes"].contains(text.lowercased()) ? .flag(true)
            : ["false", "no"].contains(text.lowercased()) ? .flag(false) : nil
        case .text: return .text(text)
        case .integer: return Int64(text).map { .integer($0) }
        case .number: return Double(text).map { .number($0) }
        case .rational: return Rational(parsing: text).map { .rational($0) }
        }
    }
}
