import Foundation
import RapportDomain

/// The local JSON store: a snapshot (`rapport.json`) plus an append-only journal
/// (`journal.jsonl`, one fsync'd JSON line per edit), in one directory.
///
/// - An edit takes the exclusive lock (`lock`), catches up with other writers' lines, checks
///   versions (a stale edit is a ``ConflictError``), appends one line and fsyncs it. Its cost
///   does not depend on the store's size.
/// - Opening replays the journal over the snapshot. Entries the snapshot already holds
///   (`seq <= journalSeq`) are skipped, so a crash in the middle of compaction is harmless.
/// - A file that cannot be read is reported with its line and column and never written.
///   The one repair done unasked: a torn last journal line (a crash mid-append, never
///   acknowledged) is cut off, and ``notices`` says so.
public final class JournalStore: PortfolioStore {
    public var location: String { directory }
    public var opener: any StoreOpener { JSONStoreOpener(directory: directory) }
    public var editsSinceCompaction: Int { journalEntries }
    public let directory: String
    /// Every file is reached through the directory's descriptor, never through a link.
    let files: StoreDirectory
    static let snapshotName = "rapport.json"
    public static let journalName = "journal.jsonl"
    static let lockName = "lock"
    static let historyName = "history.jsonl"
    public var snapshotPath: String { directory + "/rapport.json" }
    public var journalPath: String { directory + "/journal.jsonl" }
    public var lockPath: String { directory + "/lock" }

    public internal(set) var portfolio = Portfolio()
    /// The seq of the last entry applied.
    public internal(set) var lastSeq = 0
    /// Journal entries on top of the snapshot: what compaction would fold in.
    public internal(set) var journalEntries = 0
    /// Things the user should be told (a dropped torn line), in order.
    public internal(set) var notices: [String] = []
    /// How many snapshots `compact` keeps as `rapport.json.bak-SEQ` (settings.keptSnapshots, default 3).
    public var keptSnapshots: Int { max(0, portfolio.settings.keptSnapshots) }

    /// The record kinds loaded, or nil for all. A partial store can only add new records
    /// (what `rapport log` needs); it cannot compact, replace or delete.
    public let loadedKinds: Set<RecordKind>?

    /// Tests: runs after a compaction encoded its snapshot, before it takes the lock again (where
    /// another process's edits land).
    var whileCompactionEncodes: (() throws -> Void)?
    /// Tests: runs after an edit's line is written and synced, before it is acknowledged.
    var afterJournalWrite: (() -> Void)?
    var snapshotID: POSIXFile.Identity?
    var journalID: POSIXFile.Identity?
    var journalOffset = 0
    var journalLines = 0
    var snapshotSeq = 0

    /// Opens the store in `directory`. A missing directory or snapshot is an empty store;
    /// nothing is created until the first edit.
    public init(directory: String, only kinds: Set<RecordKind>? = nil) throws {
        self.directory = directory
        self.loadedKinds = kinds
        files = StoreDirectory(path: directory)
        if POSIXFile.isSymlink(directory) {
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: directory)) ?? "?"
            throw StoreError.notAStore(
                path: directory,
                reason:
                    "is a symbolic link (to \(target)); pass the real directory with --store, so that writes cannot be redirected"
            )
        }
        for file in ["rapport.json", "journal.jsonl", "lock"] where POSIXFile.isSymlink(directory + "/" + file) {
            throw StoreError.notAStore(
                path: directory + "/" + file,
                reason:
                    "is a symbolic link; Rapport does not follow links inside a store (they could redirect writes). Replace it with the real file"
            )
        }
        if POSIXFile.exists(directory) && !POSIXFile.isDirectory(directory) {
            throw StoreError.notAStore(
                path: directory, reason: "is a file, not a store directory; pass a directory to --store")
        }
        try reload()
    }

    // MARK: Reading

    /// Reads the snapshot and the whole journal again, consistently even while another process compacts.
    public func reload() throws {
        for _ in 0..<20 {
            if try loadOnce() { return }
        }
        throw StoreError.busy(lockFile: lockPath)
    }

    /// One attempt; false if the files were replaced while reading (then try again).
    func loadOnce() throws -> Bool {
        var loaded = Portfolio()
        var seq = 0
        var snapshotIdentity: POSIXFile.Identity?
        if let fd = try openIfExists(Self.snapshotName) {
            defer { close(fd) }
            snapshotIdentity = POSIXFile.identity(ofDescriptor: fd)
            let bytes: [UInt8]
            if let kinds = loadedKinds {
                // Only the start of the file, when it holds the header and these kinds' sections.
                var (start, length) = try POSIXFile.readStart(fd, path: snapshotPath) {
                    SnapshotCodec.prefixLength($0, covering: kinds)
                }
                if let length { SnapshotCodec.close(&start, at: length) }
                bytes = start
            } else {
                bytes = try POSIXFile.read(fd, from: 0, path: snapshotPath)
            }
            let suspect: Set<RecordKind>?
            (loaded, seq, suspect) = try SnapshotCodec.decodeNoting(bytes, file: snapshotPath, only: loadedKinds)
            // The kinds whose references reading did not check (all, on the general path; none
            // when reading found nothing) checked at once, one per core; the first kind's error
            // reported.
            let kinds = RecordKind.allCases.filter { suspect?.contains($0) ?? true }
            let found = Slots<RecordErrors?>(count: kinds.count)
            let portfolio = loaded
            DispatchQueue.concurrentPerform(iterations: kinds.count) { kind in
                found.set(kind, portfolio.firstBrokenReference(of: kinds[kind]))
            }
            if let broken = kinds.indices.lazy.compactMap({ found.get($0) }).first {
                throw StoreError.unreadable(
                    file: snapshotPath, line: nil, column: nil, reason: "broken reference: \(broken)")
            }
        }
        var journalIdentity: POSIXFile.Identity?
        var read = JournalReader.Result()
        var applied = 0
        var last = seq
        if let fd = try openIfExists(Self.journalName) {
            defer { close(fd) }
            journalIdentity = POSIXFile.identity(ofDescriptor: fd)
            read = try JournalReader.read(
                try POSIXFile.read(fd, from: 0, path: journalPath), firstLine: 1, file: journalPath)
            for (number, entry) in read.entries.enumerated() where entry.seq > seq {
                try apply(entry, to: &loaded, last: &last, line: number + 1)
                applied += 1
            }
        }
        guard files.identity(of: Self.snapshotName) == snapshotIdentity,
            files.identity(of: Self.journalName) == journalIdentity
        else { return false }
        portfolio = loaded
        lastSeq = last
        snapshotSeq = seq
        snapshotID = snapshotIdentity
        journalID = journalIdentity
        journalOffset = read.consumed
        journalLines = read.lines
        journalEntries = applied
        if read.tail > 0 { try dropTornTail() }
        return true
    }

    /// Replays one entry, checking order and references; the line is the journal's line number.
    func apply(_ entry: JournalEntry, to portfolio: inout Portfolio, last: inout Int, line: Int) throws {
        guard entry.seq > last else {
            throw StoreError.unreadable(
                file: journalPath, line: line, column: 1,
                reason: "entry seq \(entry.seq) is not after the previous entry (\(last)); the journal is out of order")
        }
        for change in entry.changes {
            if let loadedKinds, !loadedKinds.contains(change.kind) {
                // Not loaded: only remember the id's serial, so new ids stay unique.
                if let serial = Portfolio.serial(of: change.id, kind: change.kind) {
                    portfolio.raiseSerials([change.kind: serial])
                }
                continue
            }
            // A line that creates a record (no base version) over one that exists would silently
            // replace it: two creations of one id are a damaged journal, as duplicates in the snapshot are.
            if case .put(let record, nil) = change, portfolio.record(of: record.kind, id: record.id) != nil {
                throw StoreError.unreadable(
                    file: journalPath, line: line, column: 1,
                    reason:
                        "creates \(record.kind.rawValue) \(record.id), which already exists (in the snapshot or an "
                        + "earlier line); remove the duplicate line or restore a backup (rapport check --repair salvages the rest)"
                )
            }
            portfolio.replay(change)
            if isPartial { continue }
            var problems: [FieldError] = []
            switch change {
            case .put(let record, _): problems = portfolio.brokenReferences(record)
            case .delete(let kind, let id, _):
                let dependents = portfolio.dependents(of: kind, id: id)
                if !dependents.isEmpty {
                    problems = [
                        FieldError(
                            "id",
                            "was deleted but \(dependents.map { "\($0.count) \($0.kind.plural)" }.joined(separator: ", ")) still refer to it"
                        )
                    ]
                }
            }
            if !problems.isEmpty {
                throw StoreError.unreadable(
                    file: journalPath, line: line, column: 1,
                    reason: "broken reference: \(RecordErrors(kind: change.kind, id: change.id, errors: problems))")
            }
        }
        last = entry.seq
    }

    /// Whether ``refresh()`` would read the whole store again: another process replaced the
    /// snapshot or the journal (compacted, say). Two stats, nothing read.
    public var needsReload: Bool {
        files.identity(of: Self.snapshotName) != snapshotID || files.identity(of: Self.journalName) != journalID
    }

    /// Picks up what other processes appended or compacted since the last read.
    @discardableResult
    public func refresh() throws -> Bool {
        guard !needsReload else {
            let before = lastSeq
            try reload()
            return lastSeq != before || snapshotID != nil
        }
        guard let fd = try openIfExists(Self.journalName) else { return false }
        defer { close(fd) }
        let bytes = try POSIXFile.read(fd, from: journalOffset, path: journalPath)
        guard !bytes.isEmpty else { return false }
        let read = try JournalReader.read(bytes, firstLine: journalLines + 1, file: journalPath)
        var updated = portfolio
        var last = lastSeq
        var applied = 0
        for (number, entry) in read.entries.enumerated() where entry.seq > last {
            try apply(entry, to: &updated, last: &last, line: journalLines + number + 1)
            applied += 1
        }
        portfolio = updated
        lastSeq = last
        journalOffset += read.consumed
        journalLines += read.lines
        journalEntries += applied
        if read.tail > 0 { try dropTornTail() }
        return applied > 0
    }

    /// Cuts an incomplete last line, but only when no writer holds the lock (otherwise it may
    /// be a write in progress). Such a line was never acknowledged: fsync comes after it.
    func dropTornTail() throws(StoreError) {
        guard let lock = try? StoreLock(in: files, wait: false, mode: portfolio.settings.fileMode, create: false)
        else { return }
        defer { lock.release() }
        try truncateTornTail()
    }

    /// With the lock held: truncate the journal to its last complete line.
    func truncateTornTail() throws(StoreError) {
        guard let fd = try openIfExists(Self.journalName, flags: O_RDWR) else { return }
        defer { close(fd) }
        guard POSIXFile.identity(ofDescriptor: fd) == journalID, let size = POSIXFile.size(ofDescriptor: fd),
            size > journalOffset
        else { return }
        let tail = try POSIXFile.read(fd, from: journalOffset, path: journalPath)
        guard !tail.contains(0x0A) else { return }  // completed meanwhile; refresh will read it
        guard ftruncate(fd, off_t(journalOffset)) == 0 else {
            throw StoreError.io(file: journalPath, action: "drop the torn last line", code: errno)
        }
        try POSIXFile.sync(fd, path: journalPath)
        notices.append(
            "\(journalPath):\(journalLines + 1): dropped an incomplete last entry (\(tail.count) bytes) left by an "
                + "interrupted write; it was never acknowledged, so no saved edit is lost.")
    }

    /// The snapshot a partial store last found sound as a whole.
    var wholeSnapshotChecked: POSIXFile.Identity?

    /// With the lock held, before a partially loaded store writes: is the whole snapshot sound,
    /// not just the part it read? Its seal says so (read in pieces, nothing kept); where the seal
    /// does not hold (cut short, a value edited by hand) the whole store is read and validated,
    /// and its error thrown, so that nothing is written to a store that cannot be read.
    func checkWholeSnapshot() throws {
        guard let snapshotID, wholeSnapshotChecked != snapshotID else { return }
        guard let fd = try openIfExists(Self.snapshotName) else { return }
        defer { close(fd) }
        let (start, _) = try POSIXFile.readStart(fd, path: snapshotPath, chunk: 64 << 10) { _ in () }
        if !Seal.holds(fd, start: start) { _ = try JournalStore(directory: directory) }
        wholeSnapshotChecked = snapshotID
    }

    /// Opens a file of the store (never through a link); nil if it does not exist.
    func openIfExists(_ name: String, flags: Int32 = O_RDONLY) throws(StoreError) -> Int32? {
        try files.open(name, flags: flags)
    }

    func createDirectoryIfNeeded(fileMode: Int? = nil) throws(StoreError) {
        if POSIXFile.isDirectory(directory) { return }
        let mode = (fileMode ?? portfolio.settings.fileMode) & 0o060 != 0 ? 0o770 : 0o700
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: mode])
        } catch {
            throw StoreError.io(
                file: directory, action: "create the store directory", code: errno == 0 ? EACCES : errno)
        }
    }
}
