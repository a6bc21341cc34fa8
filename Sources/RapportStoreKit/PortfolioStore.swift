import RapportDomain

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The seam between Rapport and where its data lives. The dashboard and every command use a
/// store only through this protocol; the local JSON store (`JournalStore`) is one backend, and
/// a test's in-memory store is another.
///
/// A store holds one ``Portfolio`` in memory, as of the last read, and makes edits durable
/// before it acknowledges them. Errors are ``StoreError`` (cannot read or write),
/// `ConflictError` (an edit made against a version that is no longer current) and
/// `RecordErrors` (an invalid record); on any of them nothing was written.
public protocol PortfolioStore: AnyObject {
    /// Where the store is, as the user named it (never with a password in it).
    var location: String { get }
    /// The data as of the last read, with every acknowledged edit of this process.
    var portfolio: Portfolio { get }
    /// The record kinds read, or nil for all. A partly read store can only add new records; it
    /// cannot replace, delete or compact.
    var loadedKinds: Set<RecordKind>? { get }
    /// What the user should be told about the store as it was opened (a torn write dropped), in order.
    var notices: [String] { get }
    /// Edits kept since the base was last rewritten (journal entries since compaction).
    var editsSinceCompaction: Int { get }
    /// How to open this same store again, from any thread.
    var opener: any StoreOpener { get }

    /// Applies the changes `makeChanges` gives for the up-to-date portfolio, all or nothing,
    /// under the store's lock, and makes them durable before returning them as stored (new
    /// records carry their ids, every record its new version).
    @discardableResult
    func commit(by user: String, at time: Timestamp, building makeChanges: (Portfolio) throws -> [Change]) throws
        -> JournalEntry
    /// As ``commit(by:at:building:)``, for a bulk import: the changes are folded into the base at
    /// once (where the backend has one) rather than kept as one huge edit. Returns the edit's seq.
    @discardableResult
    func commitFolding(_ makeChanges: (Portfolio) throws -> [Change]) throws -> Int
    /// Picks up other processes' edits; true if anything changed.
    @discardableResult
    func refresh() throws -> Bool
    /// Whether another process replaced the store wholesale (compacted it, loaded a demo), so
    /// that ``refresh()`` would read all of it again. Cheap: nothing is read.
    var needsReload: Bool { get }
    /// What happened to these records, oldest first.
    func history(of ids: Set<String>) throws -> [HistoryItem]
    /// Replaces everything with `portfolio`, atomically (the demo, a repaired copy).
    func replaceAll(with portfolio: Portfolio) throws
    /// Rewrites the base with every edit folded in, where the backend has such a step (else nothing to do).
    func compact() throws
    /// Files or grants that would lock a teammate out of a shared store, in words (empty: none).
    func accessProblems() -> [String]
    /// Gives the group `gid` read and write access to the whole store, now and for what is created later.
    func share(group gid: UInt32) throws
    /// Why edits cannot be made now (the user may only read, the server is unreachable), in words
    /// for the status line; nil when they can. The dashboard asks before it opens a form.
    var editRefusal: String? { get }
}

extension PortfolioStore {
    public var editRefusal: String? { nil }

    /// Whether only some record kinds were read.
    public var isPartial: Bool { loadedKinds != nil }
    /// Whether the store has no data yet.
    public var isEmpty: Bool { portfolio.isEmpty }

    /// Applies `changes` all or nothing and makes them durable (see ``commit(by:at:building:)``).
    @discardableResult
    public func commit(_ changes: [Change], by user: String = StoreUser.current, at time: Timestamp = .now) throws
        -> JournalEntry
    {
        try commit(by: user, at: time) { _ in changes }
    }

    /// Builds the changes from the up-to-date portfolio under the lock: for new ids, or edits that
    /// must see other writers' work.
    @discardableResult
    public func commit(
        by user: String = StoreUser.current, at time: Timestamp = .now, _ makeChanges: (Portfolio) throws -> [Change]
    ) throws -> JournalEntry {
        try commit(by: user, at: time, building: makeChanges)
    }
}

/// Reaches one store: what a command or the dashboard is given before anything is read.
public protocol StoreOpener: Sendable {
    /// Where the store is, as the user named it.
    var location: String { get }
    /// Whether there is a store there at all (one that does not exist opens empty, and is
    /// created by its first edit).
    var exists: Bool { get }
    /// Reads the store: every record kind, or only `kinds` (enough for a first frame, or to add records).
    func open(only kinds: Set<RecordKind>?) throws -> any PortfolioStore
    /// How many bytes reading the whole store takes, when more than `threshold`; nil when it is
    /// no more (then it opens in one step).
    func wholeReadSize(over threshold: Int) -> Int?
}

extension StoreOpener {
    public func open() throws -> any PortfolioStore { try open(only: nil) }
}

/// Who makes an edit: the OS user, as journals record it.
public enum StoreUser {
    public static var current: String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return getenv("USER").map { String(cString: $0) } ?? "unknown"
    }
}

extension Timestamp {
    /// The current time from the system clock.
    public static var now: Timestamp { Timestamp(seconds: Int64(time(nil))) }
}
