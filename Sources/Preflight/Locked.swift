import Foundation

/// A value shared between threads behind a pthread mutex (NSLock). Used instead of the standard
/// library's `Mutex`, whose futex-based lock ThreadSanitizer cannot see on Linux: with this one,
/// `make sanitize` checks our threading for real instead of reporting every locked access.
public final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) { self.value = value }

    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
