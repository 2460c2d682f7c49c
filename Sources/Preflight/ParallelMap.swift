import Dispatch
import Synchronization

/// Maps `items` on up to `jobs` threads; results come back in input order whatever the timing.
/// Each worker holds one item at a time, so at most `jobs` files are open or decoded at once.
public func parallelMap<Item: Sendable, Result: Sendable>(_ items: [Item], jobs: Int,
                                                          _ transform: @Sendable (Item) -> Result) -> [Result] {
    let workers = max(1, min(jobs, items.count))
    if workers == 1 { return items.map(transform) }
    let next = Atomic<Int>(0)
    let results = Mutex<[Result?]>(Array(repeating: nil, count: items.count))
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
        while true {
            let index = next.add(1, ordering: .relaxed).oldValue
            guard index < items.count else { return }
            let result = transform(items[index])
            results.withLock { $0[index] = result }
        }
    }
    return results.withLock { $0.map { $0! } }
}
