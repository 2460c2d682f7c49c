import Foundation
import Synchronization

/// A progress line on standard error for runs that last: shown only on a terminal, only after
/// about a second, redrawn ten times a second, erased at the end. Silent otherwise.
public final class Progress: Sendable {
    private struct State {
        var done = 0
        var current = ""
        var shown = false
    }

    private let total: Int
    private let enabled: Bool
    private let started = DispatchTime.now()
    private let state = Locked(State())
    private let stopped = Atomic<Bool>(false)

    /// - Parameter enabled: false for --quiet or when standard error is not a terminal.
    public init(total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled && total > 0
        guard self.enabled else { return }
        Thread.detachNewThread { [self] in
            var waited = 0
            while !stopped.load(ordering: .acquiring) {
                usleep(100_000)
                waited += 1
                if waited >= 10 && !stopped.load(ordering: .acquiring) { draw() }
            }
        }
    }

    public static func standardErrorIsTerminal() -> Bool { isatty(STDERR_FILENO) == 1 }

    public func finished(_ path: String) {
        guard enabled else { return }
        state.withLock { $0.done += 1; $0.current = path }
    }

    public func finish() {
        stopped.store(true, ordering: .releasing)
        // Under the lock, so that a draw in progress completes before the line is erased.
        let shown = state.withLock { state -> Bool in
            let shown = state.shown
            state.shown = false
            return shown
        }
        if shown { OutputStreams.standardError("\r\u{1B}[K") }
    }

    private func draw() {
        state.withLock { state in
            guard !stopped.load(ordering: .acquiring) else { return }
            state.shown = true
            render(done: state.done, current: state.current)
        }
    }

    private func render(done: Int, current: String) {
        let width = 24
        let filled = total > 0 ? width * done / total : 0
        let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
        let name = current.count > 50 ? "…" + current.suffix(49) : current
        OutputStreams.standardError("\r[\(bar)] \(done)/\(total) \(name)\u{1B}[K")
    }
}
