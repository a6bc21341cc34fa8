import Foundation
import RapportDomain

/// Runs independent computations at once, one per core, and returns their results in order.
/// Used where profiling showed a large store's analytics leaving the second core idle.
enum Concurrently {
    static func run<A: Sendable, B: Sendable>(_ a: @Sendable () -> A, _ b: @Sendable () -> B) -> (A, B) {
        let results = Slots<any Sendable>(count: 2)
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            if index == 0 { results.set(0, a()) } else { results.set(1, b()) }
        }
        return (results.get(0) as! A, results.get(1) as! B)
    }

    static func run<A: Sendable, B: Sendable, C: Sendable>(
        _ a: @Sendable () -> A, _ b: @Sendable () -> B, _ c: @Sendable () -> C
    ) -> (A, B, C) {
        let results = Slots<any Sendable>(count: 3)
        DispatchQueue.concurrentPerform(iterations: 3) { index in
            switch index {
            case 0: results.set(0, a())
            case 1: results.set(1, b())
            default: results.set(2, c())
            }
        }
        return (results.get(0) as! A, results.get(1) as! B, results.get(2) as! C)
    }

    static func run<A: Sendable, B: Sendable, C: Sendable, D: Sendable>(
        _ a: @Sendable () -> A, _ b: @Sendable () -> B, _ c: @Sendable () -> C, _ d: @Sendable () -> D
    ) -> (A, B, C, D) {
        let results = Slots<any Sendable>(count: 4)
        DispatchQueue.concurrentPerform(iterations: 4) { index in
            switch index {
            case 0: results.set(0, a())
            case 1: results.set(1, b())
            case 2: results.set(2, c())
            default: results.set(3, d())
            }
        }
        return (results.get(0) as! A, results.get(1) as! B, results.get(2) as! C, results.get(3) as! D)
    }

    /// `work` applied to each half of `items` on its own core, the results in order; to all of
    /// them at once when there are fewer than `minimum`.
    static func halves<Item, Result: Sendable>(
        of items: [Item], minimum: Int = 20_000, _ work: @Sendable (UnsafeBufferPointer<Item>) -> Result
    ) -> [Result] {
        let count = items.count >= minimum ? 2 : 1
        let size = (items.count + count - 1) / max(1, count)
        let results = Slots<Result>(count: count)
        items.withUnsafeBufferPointer { buffer in
            nonisolated(unsafe) let buffer = buffer
            DispatchQueue.concurrentPerform(iterations: count) { half in
                let range = min(buffer.count, half * size)..<min(buffer.count, (half + 1) * size)
                results.set(half, work(UnsafeBufferPointer(rebasing: buffer[range])))
            }
        }
        return (0..<count).map { results.get($0) }
    }

    /// `items` transformed, in order: each half on its own core, written in place (all of them on
    /// this thread when there are fewer than `minimum`). Building a list's 100,000 rows.
    static func map<Item, Result>(
        _ items: [Item], minimum: Int = 20_000, _ transform: @Sendable (Item) -> Result
    ) -> [Result] {
        guard items.count >= minimum else { return items.map(transform) }
        return [Result](unsafeUninitializedCapacity: items.count) { target, initialized in
            nonisolated(unsafe) let target = target
            items.withUnsafeBufferPointer { source in
                nonisolated(unsafe) let source = source
                let middle = source.count / 2
                DispatchQueue.concurrentPerform(iterations: 2) { half in
                    for index in half == 0 ? 0..<middle : middle..<source.count {
                        (target.baseAddress! + index).initialize(to: transform(source[index]))
                    }
                }
            }
            initialized = items.count
        }
    }

    /// The positions `0..<count` in the order `less` gives, equal ones keeping their order: each
    /// half sorted on its own core, then the halves merged.
    static func sortedPositions(_ count: Int, minimum: Int = 20_000, by less: @Sendable (Int, Int) -> Bool) -> [Int] {
        let parts = halves(of: Array(0..<count), minimum: minimum) { $0.sorted(by: less) }
        guard parts.count == 2 else { return parts[0] }
        let (left, right) = (parts[0], parts[1])
        var merged: [Int] = []
        merged.reserveCapacity(count)
        var (l, r) = (0, 0)
        while l < left.count, r < right.count {
            // Equal positions: the left half's first, as a stable sort keeps them.
            if less(right[r], left[l]) {
                merged.append(right[r])
                r += 1
            } else {
                merged.append(left[l])
                l += 1
            }
        }
        merged.append(contentsOf: left[l...])
        merged.append(contentsOf: right[r...])
        return merged
    }
}
