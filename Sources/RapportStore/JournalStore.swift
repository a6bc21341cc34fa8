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
    static let journalName = "journal.jsonl"
    static let lockName = "lock"
    static let historyName = "history.jsonl"
    public var snapshotPath: String { directory + "/rapport.json" }
    public var journalPath: String { directory + "/journal.jsonl" }
    public var lockPath: String { directory + "/lock" }

    public private(set) var portfolio = Portfolio()
    /// The seq of the last entry applied.
    public private(set) var lastSeq = 0
    /// Journal entries on top of the snapshot: what compaction would fold in.
    public private(set) var journalEntries = 0
    /// Things the user should be told (a dropped torn line), in order.
    public private(set) var notices: [String] = []
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
    private var snapshotID: POSIXFile.Identity?
    private var journalID: POSIXFile.Identity?
    private var journalOffset = 0
    private var journalLines = 0
    private var snapshotSeq = 0

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
    private func loadOnce() throws -> Bool {
        var loaded = Portfolio()
        var seq = 0
        var snapshotIdentity: POSIXFile.Identity?
        if let fd = try openIfExists(Self.snapshotName) {
            defer { close(fd) }
            snapshotIdentity = POSIXFile.identity(ofDescriptor: fd)
            let bytes: [UInt8]
            if let kinds = loadedKinds {
                // Only the start of the file, when it holds the header and these kinds' sections.
                let (start, length) = try POSIXFile.readStart(fd, path: snapshotPath) {
                    SnapshotCodec.prefixLength($0, covering: kinds)
                }
                bytes = length.map { SnapshotCodec.closedPrefix(start, length: $0) } ?? start
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
                found.set(kind, .success(portfolio.firstBrokenReference(of: kinds[kind])))
            }
            if let broken = try kinds.indices.lazy.compactMap({ try found.get($0) }).first {
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
    private func apply(_ entry: JournalEntry, to portfolio: inout Portfolio, last: inout Int, line: Int) throws {
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
    private func dropTornTail() throws {
        guard let lock = try? StoreLock(in: files, wait: false, mode: portfolio.settings.fileMode, create: false)
        else { return }
        defer { lock.release() }
        try truncateTornTail()
    }

    /// With the lock held: truncate the journal to its last complete line.
    private func truncateTornTail() throws {
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
    private var wholeSnapshotChecked: POSIXFile.Identity?

    /// With the lock held, before a partially loaded store writes: is the whole snapshot sound,
    /// not just the part it read? Its seal says so (read in pieces, nothing kept); where the seal
    /// does not hold (cut short, a value edited by hand) the whole store is read and validated,
    /// and its error thrown, so that nothing is written to a store that cannot be read.
    private func checkWholeSnapshot() throws {
        guard let snapshotID, wholeSnapshotChecked != snapshotID else { return }
        guard let fd = try openIfExists(Self.snapshotName) else { return }
        defer { close(fd) }
        let (start, _) = try POSIXFile.readStart(fd, path: snapshotPath, chunk: 64 << 10) { _ in () }
        if !Seal.holds(fd, start: start) { _ = try JournalStore(directory: directory) }
        wholeSnapshotChecked = snapshotID
    }

    /// Opens a file of the store (never through a link); nil if it does not exist.
    private func openIfExists(_ name: String, flags: Int32 = O_RDONLY) throws -> Int32? {
        try files.open(name, flags: flags)
    }

    // MARK: Writing

    /// Applies the changes `makeChanges` builds from the up-to-date portfolio, under the lock, all
    /// or nothing, and makes them durable, then returns the journal entry (whose records carry
    /// their new versions and ids: a new record with an empty id gets a fresh one).
    ///
    /// Throws ``ConflictError`` when a change was made against a version that is no longer
    /// current (another process changed the record), and ``RecordErrors`` when a record is
    /// invalid. Either way nothing is written.
    @discardableResult
    public func commit(by user: String, at time: Timestamp, building makeChanges: (Portfolio) throws -> [Change])
        throws -> JournalEntry
    {
        try createDirectoryIfNeeded()
        let lock = try StoreLock(in: files, wait: true, mode: portfolio.settings.fileMode, create: true)
        defer { lock.release() }
        _ = try refresh()
        try truncateTornTail()
        if isPartial { try checkWholeSnapshot() }
        let changes = try makeChanges(portfolio)
        precondition(
            !isPartial || changes.allSatisfy { if case .put(_, nil) = $0 { true } else { false } },
            "a partially loaded store can only add records")
        // New records get their ids here, under the lock, so that two writers never pick the same id.
        var updated = portfolio
        let applied = try updated.applyAll(changes)
        var diffs: [String: [FieldChange]] = [:]
        for item in applied {
            if case .put(let record, _?) = item.change, let previous = item.previous {
                diffs[record.id] = RecordDiff.changes(from: previous, to: record)
            }
        }
        let stored = applied.map(\.change)
        let entry = JournalEntry(
            seq: lastSeq + 1, at: time, by: user, changes: stored, diffs: diffs.isEmpty ? nil : diffs)
        let line = try entry.line()
        let mode = portfolio.settings.fileMode
        guard let fd = try files.open(Self.journalName, flags: O_WRONLY | O_CREAT | O_APPEND, mode: mode) else {
            throw StoreError.io(file: journalPath, action: "open", code: ENOENT)
        }
        defer { close(fd) }
        if journalID == nil { fchmod(fd, mode_t(mode)) }
        guard let before = POSIXFile.size(ofDescriptor: fd) else {
            throw StoreError.io(file: journalPath, action: "stat", code: errno)
        }
        do {
            try POSIXFile.writeAll(fd, line, path: journalPath)
            try POSIXFile.sync(fd, path: journalPath)
            afterJournalWrite?()
            // Acknowledged only if it reached the store's own journal: the file written is still
            // the directory's journal.jsonl (not moved away, nor replaced meanwhile).
            guard let written = POSIXFile.identity(ofDescriptor: fd), files.identity(of: Self.journalName) == written
            else {
                throw StoreError.notAStore(
                    path: journalPath,
                    reason:
                        "was replaced or moved while this edit was written, so the edit was not saved; "
                        + "check who else writes in the store directory, then try again")
            }
        } catch {
            // Leave the journal as it was: a half-written line must not outlive a failed edit.
            _ = ftruncate(fd, off_t(before))
            _ = fsync(fd)
            throw error
        }
        if journalID == nil {
            try files.sync()
            journalID = POSIXFile.identity(ofDescriptor: fd)
        }
        portfolio = updated
        lastSeq = entry.seq
        journalOffset = before + line.count
        journalLines += 1
        journalEntries += 1
        return entry
    }

    /// Writes a new snapshot holding everything and starts an empty journal. The previous
    /// snapshot is kept as `rapport.json.bak-SEQ` (the last ``keptSnapshots`` of them).
    public func compact() throws {
        precondition(!isPartial, "compacting needs the whole store loaded")
        try createDirectoryIfNeeded()
        // Brought up to date under the lock, then encoded without it (tens of seconds at
        // 100,000 accounts): other processes' edits meanwhile only wait for the short steps.
        var lock = try StoreLock(in: files, wait: true, mode: portfolio.settings.fileMode, create: true)
        _ = try refresh()
        try truncateTornTail()
        let encoded = portfolio
        let seq = lastSeq
        let snapshotBefore = snapshotID
        lock.release()
        let bytes = try SnapshotCodec.encode(encoded, journalSeq: seq)
        try whileCompactionEncodes?()
        lock = try StoreLock(in: files, wait: true, mode: portfolio.settings.fileMode, create: true)
        defer { lock.release() }
        // Another process replaced the snapshot meanwhile (compacted, or loaded the demo): what
        // was encoded may be out of date, so encode again, under the lock this time.
        guard files.identity(of: Self.snapshotName) == snapshotBefore else {
            _ = try refresh()
            try truncateTornTail()
            try writeSnapshot(try SnapshotCodec.encode(portfolio, journalSeq: lastSeq), seq: lastSeq)
            return
        }
        // Edits appended meanwhile stay in the journal: the new snapshot holds entries up to `seq`.
        _ = try refresh()
        try truncateTornTail()
        try writeSnapshot(bytes, seq: seq)
    }

    /// Applies the changes `makeChanges` gives for the up-to-date portfolio, under the lock
    /// (version checks as in ``commit(_:by:at:)``), and writes the result as a
    /// new snapshot, atomically as ``compact()`` does, instead of appending them to the journal.
    /// For a big import: one journal line of hundreds of megabytes would make every later open
    /// (a `rapport log`) read and replay it until someone compacts. The changes are not kept in
    /// the history (`history.jsonl`): that would be the same hundreds of megabytes again.
    /// Returns the seq the changes were given.
    @discardableResult
    public func commitFolding(_ makeChanges: (Portfolio) throws -> [Change]) throws -> Int {
        precondition(!isPartial, "folding into a snapshot needs the whole store loaded")
        try createDirectoryIfNeeded()
        return try withLock {
            _ = try refresh()
            try truncateTornTail()
            let changes = try makeChanges(portfolio)
            var updated = portfolio
            // One change at a time, keeping nothing of each (no journal entry, no history): a big
            // import's changes are not held twice.
            for change in changes { try updated.apply(change) }
            let seq = lastSeq + 1
            try writeSnapshot(try SnapshotCodec.encode(updated, journalSeq: seq), seq: seq)
            portfolio = updated
            return seq
        }
    }

    /// Runs `body` holding the store's lock.
    func withLock<T>(_ body: () throws -> T) throws -> T {
        let lock = try StoreLock(in: files, wait: true, mode: portfolio.settings.fileMode, create: true)
        defer { lock.release() }
        return try body()
    }

    /// With the lock held and the store up to date: a new snapshot with these settings, folding the journal.
    func rewriteSnapshot(settings: Settings) throws {
        var updated = portfolio
        updated.settings = settings
        try writeSnapshot(try SnapshotCodec.encode(updated, journalSeq: lastSeq), seq: lastSeq, mode: settings.fileMode)
        portfolio = updated
    }

    /// Replaces the whole store with `portfolio` (used by `rapport demo`), atomically.
    public func replaceAll(with newPortfolio: Portfolio) throws {
        precondition(!isPartial, "replacing needs the whole store loaded")
        try createDirectoryIfNeeded(fileMode: newPortfolio.settings.fileMode)
        let lock = try StoreLock(in: files, wait: true, mode: newPortfolio.settings.fileMode, create: true)
        defer { lock.release() }
        _ = try refresh()
        // Fold the journal into the snapshot first, so the backup it leaves holds everything replaced.
        if journalEntries > 0 {
            try writeSnapshot(try SnapshotCodec.encode(portfolio, journalSeq: lastSeq), seq: lastSeq)
        }
        let replacedSeq = snapshotSeq
        try writeSnapshot(
            try SnapshotCodec.encode(newPortfolio, journalSeq: lastSeq + 1), seq: lastSeq + 1,
            mode: newPortfolio.settings.fileMode)
        portfolio = newPortfolio
        // The history is that of the records replaced: it goes beside their snapshot's backup
        // (history.jsonl.bak-N with rapport.json.bak-N) rather than showing as the history of new
        // records that happen to have the same ids.
        let kept = Self.historyName + ".bak-\(replacedSeq)"
        if files.identity(of: Self.historyName) != nil {
            do {
                try files.rename(Self.historyName, to: kept)
            } catch {
                throw StoreError.io(file: files.file(kept), action: "keep the replaced records' history", code: errno)
            }
        }
    }

    /// With the lock held: `bytes` (a snapshot holding every entry up to `seq`) becomes the
    /// snapshot, the journal's entries up to `seq` move to the history, and later ones (appended
    /// while a compaction encoded) stay in the journal. Each step is atomic and the order makes a
    /// crash anywhere harmless: replay skips entries the snapshot holds, and history readers
    /// skip repeated seqs.
    private func writeSnapshot(_ bytes: [UInt8], seq: Int, mode: Int? = nil) throws {
        removeStaleTemporaryFiles()
        let mode = mode ?? portfolio.settings.fileMode
        // The previous snapshot is kept (hard-linked) only once the new one is safely on disk.
        try files.replaceAtomically(Self.snapshotName, with: bytes, mode: mode) {
            guard snapshotID != nil, snapshotSeq != seq else { return }
            let backup = Self.snapshotName + ".bak-\(snapshotSeq)"
            files.unlink(backup)
            try files.link(Self.snapshotName, to: backup)
        }
        let kept = try archiveJournal(upTo: seq, mode: mode)
        try files.replaceAtomically(Self.journalName, with: kept.bytes, mode: mode)
        snapshotID = files.identity(of: Self.snapshotName)
        journalID = files.identity(of: Self.journalName)
        snapshotSeq = seq
        lastSeq = max(lastSeq, seq)
        journalOffset = kept.bytes.count
        journalLines = kept.entries
        journalEntries = kept.entries
        pruneBackups()
    }

    public var historyPath: String { directory + "/history.jsonl" }

    /// Appends the journal's complete lines with entries up to `seq` to `history.jsonl`,
    /// durably; the lines after them, and how many, are what the journal keeps.
    private func archiveJournal(upTo seq: Int, mode: Int) throws -> (bytes: [UInt8], entries: Int) {
        guard let fd = try openIfExists(Self.journalName) else { return ([], 0) }
        let bytes = try POSIXFile.read(fd, from: 0, path: journalPath)
        close(fd)
        let read = try JournalReader.read(bytes, firstLine: 1, file: journalPath)
        var archived: [UInt8] = []
        var kept: [UInt8] = []
        var keptEntries = 0
        var start = 0
        var entries = read.entries.makeIterator()
        while let newline = bytes[start..<read.consumed].firstIndex(of: 0x0A) {
            let line = bytes[start...newline]
            start = newline + 1
            // Blank lines carry no entry and are dropped.
            guard !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 || $0 == 0x0A }),
                let entry = entries.next()
            else { continue }
            if entry.seq <= seq {
                archived += line
            } else {
                kept += line
                keptEntries += 1
            }
        }
        if !archived.isEmpty {
            guard let out = try files.open(Self.historyName, flags: O_WRONLY | O_CREAT | O_APPEND, mode: mode) else {
                throw StoreError.io(file: historyPath, action: "open", code: ENOENT)
            }
            defer { close(out) }
            // The configured mode, whatever the creator's umask: a teammate's compaction appends here too.
            fchmod(out, mode_t(mode))
            try POSIXFile.writeAll(out, archived, path: historyPath)
            try POSIXFile.sync(out, path: historyPath)
        }
        return (kept, keptEntries)
    }

    /// What happened to these records, oldest first: from the history file and the journal.
    /// Lines that do not mention any of the ids are skipped without being parsed.
    public func history(of ids: Set<String>) throws -> [HistoryItem] {
        let needles = ids.map { Array("\"\($0)\"".utf8) }
        var seen = Set<Int>()
        var items: [HistoryItem] = []
        let decoder = JSONDecoder()
        for (name, path) in [(Self.historyName, historyPath), (Self.journalName, journalPath)] {
            guard let fd = try openIfExists(name) else { continue }
            let bytes = try POSIXFile.read(fd, from: 0, path: path)
            close(fd)
            var start = 0
            while let newline = bytes[start...].firstIndex(of: 0x0A) {
                let line = bytes[start..<newline]
                start = newline + 1
                guard needles.contains(where: { RecordDiff.contains(line, $0) }),
                    let entry = try? decoder.decode(JournalEntry.self, from: Data(line)),
                    seen.insert(entry.seq).inserted
                else { continue }
                for change in entry.changes where ids.contains(change.id) {
                    let action: HistoryItem.Action
                    switch change {
                    case .put(_, nil): action = .created
                    case .put: action = .changed
                    case .delete: action = .deleted
                    }
                    items.append(
                        HistoryItem(
                            at: entry.at, by: entry.by, kind: change.kind, id: change.id, action: action,
                            changes: entry.diffs?[change.id] ?? []))
                }
            }
        }
        return items
    }

    /// Temp files left by a writer killed mid-write. Only the lock holder writes them, and we hold
    /// the lock, so any that exist are stale.
    private func removeStaleTemporaryFiles() {
        for name in files.names() where name.hasPrefix("rapport.json.tmp-") || name.hasPrefix("journal.jsonl.tmp-") {
            files.unlink(name)
        }
    }

    private func pruneBackups() {
        let prefix = "rapport.json.bak-"
        let names = files.names()
        let backups = names.compactMap { name -> (Int, String)? in
            guard name.hasPrefix(prefix), let seq = Int(name.dropFirst(prefix.count)) else { return nil }
            return (seq, name)
        }.sorted { $0.0 > $1.0 }
        for (_, name) in backups.dropFirst(keptSnapshots) { files.unlink(name) }
    }

    func createDirectoryIfNeeded(fileMode: Int? = nil) throws {
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

/// An exclusive `flock` on the store's lock file. The kernel drops it when the process dies,
/// so a crashed writer never leaves a stale lock behind.
struct StoreLock {
    let fd: Int32

    init(in files: StoreDirectory, wait: Bool, mode: Int, create: Bool) throws {
        let path = files.file(JournalStore.lockName)
        guard let descriptor = try files.open(JournalStore.lockName, flags: (create ? O_CREAT : 0) | O_RDWR, mode: mode)
        else { throw StoreError.io(file: path, action: "open the lock file", code: ENOENT) }
        if create { fchmod(descriptor, mode_t(mode)) }
        var waited = 0
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, wait, waited < 10_000 else {
                close(descriptor)
                throw StoreError.busy(lockFile: path)
            }
            usleep(5_000)
            waited += 5
        }
        fd = descriptor
    }

    func release() {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
