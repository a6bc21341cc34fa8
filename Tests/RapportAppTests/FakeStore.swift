import Foundation
import RapportDomain
import RapportStoreKit
import RapportTheme
import Testing

@testable import RapportApp

/// The data "on disk" of a ``FakeStore``: what other processes see and change. Shared between
/// the store and its opener, which a background read uses from another thread.
final class FakeDisk: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Portfolio
    private var seq = 0
    /// Set to make every write fail as a store held by another writer does.
    var busy: Bool {
        get { lock.withLock { isBusy } }
        set { lock.withLock { isBusy = newValue } }
    }
    private var isBusy = false
    /// Whether another process replaced the store wholesale since it was last read in full.
    var rewritten = false
    /// Set to make reading the whole store fail.
    var unreadable: String?
    /// The size a whole read takes: above the program's threshold it opens in two steps.
    var size = 0

    init(_ portfolio: Portfolio) { stored = portfolio }

    var portfolio: Portfolio { lock.withLock { stored } }
    var lastSeq: Int { lock.withLock { seq } }

    /// Another user's edit.
    func theirEdit(_ change: Change) throws {
        try lock.withLock {
            try stored.apply(change)
            seq += 1
        }
    }

    func write(_ changes: [Change]) throws -> [Change] {
        try lock.withLock {
            if isBusy { throw StoreError.busy(lockFile: "fake/lock") }
            var updated = stored
            let applied = try updated.applyAll(changes).map(\.change)
            stored = updated
            seq += 1
            return applied
        }
    }

    func replace(_ portfolio: Portfolio) {
        lock.withLock {
            stored = portfolio
            seq += 1
        }
    }
}

struct FakeOpener: StoreOpener {
    let disk: FakeDisk
    var location: String { "fake://store" }
    var exists: Bool { true }

    func open(only kinds: Set<RecordKind>?) throws -> any PortfolioStore {
        if kinds == nil, let reason = disk.unreadable { throw StoreError.notAStore(path: location, reason: reason) }
        return FakeStore(disk: disk, only: kinds)
    }

    func wholeReadSize(over threshold: Int) -> Int? { disk.size > threshold ? disk.size : nil }
}

/// A store in memory: every path of the seam (commit, conflict, busy, refresh, reread) in
/// microseconds, with no files.
final class FakeStore: PortfolioStore {
    let disk: FakeDisk
    let loadedKinds: Set<RecordKind>?
    private(set) var portfolio: Portfolio
    private var seenSeq: Int
    private(set) var commits = 0
    var notices: [String] = []
    var editsSinceCompaction: Int { commits }
    var location: String { "fake://store" }
    var opener: any StoreOpener { FakeOpener(disk: disk) }

    init(disk: FakeDisk, only kinds: Set<RecordKind>? = nil) {
        self.disk = disk
        loadedKinds = kinds
        var read = disk.portfolio
        if let kinds {
            for kind in RecordKind.allCases where !kinds.contains(kind) {
                for record in read.records(of: kind) { read.replay(.delete(kind, id: record.id, base: record.version)) }
            }
        }
        portfolio = read
        seenSeq = disk.lastSeq
    }

    func commit(by user: String, at time: Timestamp, building makeChanges: (Portfolio) throws -> [Change]) throws
        -> JournalEntry
    {
        _ = try refresh()
        let stored = try disk.write(try makeChanges(portfolio))
        portfolio = disk.portfolio
        seenSeq = disk.lastSeq
        commits += 1
        return JournalEntry(seq: seenSeq, at: time, by: user, changes: stored)
    }

    func commitFolding(_ makeChanges: (Portfolio) throws -> [Change]) throws -> Int {
        try commit(by: "test", at: .now, building: makeChanges).seq
    }

    func refresh() throws -> Bool {
        guard disk.lastSeq != seenSeq else { return false }
        portfolio = disk.portfolio
        seenSeq = disk.lastSeq
        return true
    }

    var needsReload: Bool { disk.rewritten }
    func history(of ids: Set<String>) throws -> [HistoryItem] { [] }
    func replaceAll(with portfolio: Portfolio) throws {
        disk.replace(portfolio)
        _ = try refresh()
    }
    func compact() throws {}
    func accessProblems() -> [String] { [] }
    func share(group gid: UInt32) throws {}
}

/// A terminal that plays back events and keeps every frame painted.
final class RecordingTerminal: Terminal {
    var events: [Event] = []
    private(set) var frames: [Frame] = []
    private(set) var themes: [String] = []
    private(set) var suspensions = 0
    var size: (width: Int, height: Int) = (100, 30)

    func nextEvent(timeout: Int32) -> Event? { events.isEmpty ? nil : events.removeFirst() }
    func paint(_ frame: Frame) { frames.append(frame) }
    func use(_ theme: Theme) { themes.append(theme.name) }
    private(set) var copied: [String] = []
    func copy(_ text: String) { copied.append(text) }
    func suspended<T>(_ body: () throws -> T) rethrows -> T {
        suspensions += 1
        return try body()
    }

    var screen: String { frames.last?.text() ?? "" }
}
