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
