import Foundation
import RapportDomain

/// When a store opens in two steps: a first frame from accounts and owners, the rest read in the
/// background (``BackgroundOpen``).
public enum TwoStepOpen {
    /// What the first step reads: the start of the snapshot (see ``SnapshotCodec/sectionOrder``).
    public static let firstKinds: Set<RecordKind> = [.account, .owner]
    /// Snapshots up to this size open in one step: reading all of them is as quick.
    public static let defaultThreshold = 16 << 20

    /// The snapshot's size in bytes if it is larger than `threshold`, else nil (one step).
    public static func snapshotSize(of directory: String, threshold: Int = defaultThreshold) -> Int? {
        var info = stat()
        guard stat(directory + "/rapport.json", &info) == 0, Int(info.st_size) > threshold else { return nil }
        return Int(info.st_size)
    }
}

/// Opens a store in full on another thread, and then derives what the caller needs from it
/// (the dashboard), while the caller shows what a partial store already has. The caller polls
/// ``take()``; the thread touches nothing once it has handed its result over.
public final class BackgroundOpen<Derived: Sendable>: @unchecked Sendable {
    public struct Opened {
        public let store: JournalStore
        public let derived: Derived
    }

    private let condition = NSCondition()
    private var outcome: Result<Opened, any Error>?
    private var taken = false

    /// Starts at once; `derive` runs on the background thread after the store is read.
    public init(directory: String, derive: @escaping @Sendable (Portfolio) -> Derived) {
        Thread.detachNewThread { [self] in
            let result = Result { () throws -> Opened in
                let store = try JournalStore(directory: directory)
                return Opened(store: store, derived: derive(store.portfolio))
            }
            condition.withLock {
                outcome = result
                condition.broadcast()
            }
        }
    }

    /// The store and what was derived from it, or the error that stopped the reading, once;
    /// nil while the thread is still at work (and after the result was taken).
    public func take() -> Result<Opened, any Error>? {
        condition.withLock { claim() }
    }

    /// Waits for the result (for tools and tests that have nothing to show meanwhile); nil if
    /// it was already taken.
    public func wait() -> Result<Opened, any Error>? {
        condition.withLock {
            while !taken, outcome == nil { condition.wait() }
            return claim()
        }
    }

    /// Hands the result over once; called with the lock held.
    private func claim() -> Result<Opened, any Error>? {
        guard !taken, let outcome else { return nil }
        taken = true
        self.outcome = nil
        return outcome
    }
}
