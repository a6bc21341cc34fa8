import Foundation

/// Runs one piece of work on a thread of its own, while the caller goes on showing and taking
/// keys. The caller polls ``take()``; the thread touches nothing once it has handed its result over.
public final class BackgroundTask<Value>: @unchecked Sendable {
    private let condition = NSCondition()
    private var outcome: Result<Value, any Error>?
    private var taken = false

    /// Starts `work` at once.
    public init(_ work: @escaping @Sendable () throws -> Value) {
        Thread.detachNewThread { [self] in
            let result = Result { try work() }
            condition.withLock {
                outcome = result
                condition.broadcast()
            }
        }
    }

    /// The result, once; nil while the thread is still at work (and after it was taken).
    public func take() -> Result<Value, any Error>? {
        condition.withLock { claim() }
    }

    /// Waits for the result (for tools and tests that have nothing to show meanwhile); nil if
    /// it was already taken.
    public func wait() -> Result<Value, any Error>? {
        condition.withLock {
            while !taken, outcome == nil { condition.wait() }
            return claim()
        }
    }

    /// Hands the result over once; called with the lock held.
    private func claim() -> Result<Value, any Error>? {
        guard !taken, let outcome else { return nil }
        taken = true
        self.outcome = nil
        return outcome
    }
}

/// Values whose last references are handed to another thread to be freed there: at 100,000
/// accounts, freeing a million records on the main thread holds the screen for about a second.
final class Discard: @unchecked Sendable {
    private var value: Any?

    /// `value` must not be used (or referenced elsewhere) afterwards: it is only freed.
    init(_ value: Any) { self.value = value }

    func elsewhere() {
        DispatchQueue.global(qos: .utility).async { self.value = nil }
    }
}
