import Dispatch
import Synchronization

/// Maps `items` on up to `jobs` threads; results come back in input order whatever the timing.
/// Each worker holds one item at a time, so at most `jobs` files are open or decoded at once.
public func parallelMap<Item: Sendable, Result: Sendable>(_ items: [Item], jobs: Int,
                                                          _ transform: @Sendable (Item) -> Result) -> [Result] {
    let results = Locked<[Result]>([])
    parallelForEachOrdered(items, jobs: jobs, transform) { result in results.withLock { $0.append(result) } }
    return results.withLock { $0 }
}

/// Transforms `items` on up to `jobs` threads and hands each result to `deliver` in input order,
/// as soon as it and every result before it are ready. Only results that wait for an earlier,
/// slower item are held, so memory does not grow with the number of items.
public func parallelForEachOrdered<Item: Sendable, Result: Sendable>(
    _ items: [Item], jobs: Int, _ transform: @Sendable (Item) -> Result, deliver: @Sendable (Result) -> Void
) {
    let workers = max(1, min(jobs, items.count))
    if workers == 1 {
        for item in items { deliver(transform(item)) }
        return
    }
    let next = Atomic<Int>(0)
    let pending = Locked(PendingResults<Result>())
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
        while true {
            let index = next.add(1, ordering: .relaxed).oldValue
            guard index < items.count else { return }
            let result = transform(items[index])
            // Delivery happens under the lock, so results leave in order and one at a time.
            pending.withLock { state in
                state.results[index] = result
                while let ready = state.results.removeValue(forKey: state.nextToDeliver) {
                    deliver(ready)
                    state.nextToDeliver += 1
                }
            }
        }
    }
}

/// Results waiting for an earlier item to finish, and the index due next.
private struct PendingResults<Result> {
    var results: [Int: Result] = [:]
    var nextToDeliver = 0
}
