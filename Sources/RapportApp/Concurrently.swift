import Foundation

/// Runs independent computations at once, one per core, and returns their results in order.
/// Used where profiling showed a large store's analytics leaving the second core idle.
enum Concurrently {
    static func run<A: Sendable, B: Sendable, C: Sendable>(
        _ a: @Sendable () -> A, _ b: @Sendable () -> B, _ c: @Sendable () -> C
    ) -> (A, B, C) {
        let results = Slots(3)
        DispatchQueue.concurrentPerform(iterations: 3) { index in
            switch index {
            case 0: results.set(0, a())
            case 1: results.set(1, b())
            default: results.set(2, c())
            }
        }
        return (results.get(0), results.get(1), results.get(2))
    }

    static func run<A: Sendable, B: Sendable, C: Sendable, D: Sendable>(
        _ a: @Sendable () -> A, _ b: @Sendable () -> B, _ c: @Sendable () -> C, _ d: @Sendable () -> D
    ) -> (A, B, C, D) {
        let results = Slots(4)
        DispatchQueue.concurrentPerform(iterations: 4) { index in
            switch index {
            case 0: results.set(0, a())
            case 1: results.set(1, b())
            case 2: results.set(2, c())
            default: results.set(3, d())
            }
        }
        return (results.get(0), results.get(1), results.get(2), results.get(3))
    }

    /// `work` applied to each half of `items` on its own core, the results in order; to all of
    /// them at once when there are fewer than `minimum`.
    static func halves<Item, Result: Sendable>(
        of items: [Item], minimum: Int = 20_000, _ work: @Sendable (UnsafeBufferPointer<Item>) -> Result
    ) -> [Result] {
        let count = items.count >= minimum ? 2 : 1
        let size = (items.count + count - 1) / max(1, count)
        let results = Slots(count)
        items.withUnsafeBufferPointer { buffer in
            nonisolated(unsafe) let buffer = buffer
            DispatchQueue.concurrentPerform(iterations: count) { half in
                let range = min(buffer.count, half * size)..<min(buffer.count, (half + 1) * size)
                results.set(half, work(UnsafeBufferPointer(rebasing: buffer[range])))
            }
        }
        return (0..<count).map { results.get($0) }
    }

    /// One slot per computation, each written once by its worker, read after all have finished.
    final class Slots: @unchecked Sendable {
        private var values: [(any Sendable)?]
        private let lock = NSLock()

        init(_ count: Int) { values = Array(repeating: nil, count: count) }

        func set(_ index: Int, _ value: any Sendable) {
            lock.lock()
            values[index] = value
            lock.unlock()
        }

        func get<T>(_ index: Int) -> T {
            lock.lock()
            defer { lock.unlock() }
            return values[index] as! T
        }
    }
}
