import Synchronization

/// What work done at once on several threads gives back: one slot per worker, each written by
/// exactly one, read once every worker has returned (`concurrentPerform` returns after the last).
public final class Slots<Value: Sendable>: Sendable {
    private let slots: Mutex<[Value?]>

    public init(count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }

    public func set(_ index: Int, _ value: Value) { slots.withLock { $0[index] = value } }

    /// The value a worker set (every worker sets its slot before this is read).
    public func get(_ index: Int) -> Value { slots.withLock { $0[index]! } }
}
