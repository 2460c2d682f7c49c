/// ANSI colour for people at a terminal; plain text everywhere else (pipes, files, NO_COLOR).
public struct TerminalStyle: Sendable {
    public let enabled: Bool

    public init(enabled: Bool) { self.enabled = enabled }

    public static let plain = TerminalStyle(enabled: false)

    /// `--color`: what the user asked for.
    public enum Choice: String, Sendable, CaseIterable {
        case auto, always, never
    }

    /// `--color always|never` decides. Otherwise: no colour when NO_COLOR is set
    /// (https://no-color.org); colour when FORCE_COLOR or CLICOLOR_FORCE is set (CI logs, which
    /// are not terminals but show colour); else colour on a terminal whose TERM is not "dumb".
    public static func forStandardOutput(environment: [String: String], choice: Choice = .auto) -> TerminalStyle {
        switch choice {
        case .always: return TerminalStyle(enabled: true)
        case .never: return TerminalStyle(enabled: false)
        case .auto: break
        }
        func isSet(_ name: String) -> Bool { environment[name].map { !$0.isEmpty && $0 != "0" } ?? false }
        if environment["NO_COLOR"].map({ !$0.isEmpty }) ?? false { return TerminalStyle(enabled: false) }
        if isSet("FORCE_COLOR") || isSet("CLICOLOR_FORCE") { return TerminalStyle(enabled: true) }
        return TerminalStyle(enabled: isatty(STDOUT_FILENO) == 1 && environment["TERM"] != "dumb")
    }

    private func wrap(_ code: String, _ text: String) -> String { enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    public func bold(_ text: String) -> String { wrap("1", text) }
    public func dim(_ text: String) -> String { wrap("2", text) }
    public func red(_ text: String) -> String { wrap("31", text) }
    public func yellow(_ text: String) -> String { wrap("33", text) }
    public func green(_ text: String) -> String { wrap("32", text) }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
