import Foundation
import RapportDomain

extension JournalStore {
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
        // New records get their ids here, under the lock, so that two writers never pick the same id.
        var updated = portfolio
        let entry = try JournalEntry.applying(
            changes, to: &updated, partial: isPartial, seq: lastSeq + 1, at: time, by: user)
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
}
