import Dispatch
import Foundation
import PreflightMedia
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Temporary files and folders preflight is writing (a report before its rename, extracted staged
/// files, cache entries) are removed when the run is interrupted with SIGINT or SIGTERM; the
/// process then dies of the same signal, so callers see the usual status (130, 143).
public enum Interruption {
    private static let pending = Locked<Set<String>>([])

    public static func register(_ path: String) { pending.withLock { _ = $0.insert(path) } }
    public static func unregister(_ path: String) { pending.withLock { _ = $0.remove(path) } }

    /// Call first thing in `main`, before any thread starts: the signals are blocked (threads
    /// inherit the mask) and one thread waits for them with sigwait, outside signal context, so it
    /// may take locks and remove folders before letting the signal end the process.
    public static func installHandlers() {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        let waiter = Thread {
            var received: Int32 = 0
            var waitedFor = sigset_t()
            sigemptyset(&waitedFor)
            sigaddset(&waitedFor, SIGINT)
            sigaddset(&waitedFor, SIGTERM)
            guard sigwait(&waitedFor, &received) == 0 else { return }
            for path in pending.withLock({ $0 }) {
                try? FileManager.default.removeItem(atPath: path)
            }
            signal(received, SIG_DFL)
            var only = sigset_t()
            sigemptyset(&only)
            sigaddset(&only, received)
            pthread_sigmask(SIG_UNBLOCK, &only, nil)
            raise(received)
        }
        waiter.start()
    }
}
