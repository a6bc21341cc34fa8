import Foundation
import RapportDomain

extension JournalStore {
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
    func writeSnapshot(_ bytes: [UInt8], seq: Int, mode: Int? = nil) throws {
        removeStaleTemporaryFiles()
        let mode = mode ?? portfolio.settings.fileMode
        // The previous snapshot is kept (hard-linked) only once the new one is safely on disk.
        try files.replaceAtomically(Self.snapshotName, with: bytes, mode: mode) { () throws(StoreError) in
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
    func archiveJournal(upTo seq: Int, mode: Int) throws -> (bytes: [UInt8], entries: Int) {
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

    /// Temp files left by a writer killed mid-write. Only the lock holder writes them, and we hold
    /// the lock, so any that exist are stale.
    func removeStaleTemporaryFiles() {
        for name in files.names() where name.hasPrefix("rapport.json.tmp-") || name.hasPrefix("journal.jsonl.tmp-") {
            files.unlink(name)
        }
    }

    func pruneBackups() {
        let prefix = "rapport.json.bak-"
        let names = files.names()
        let backups = names.compactMap { name -> (Int, String)? in
            guard name.hasPrefix(prefix), let seq = Int(name.dropFirst(prefix.count)) else { return nil }
            return (seq, name)
        }.sorted { $0.0 > $1.0 }
        for (_, name) in backups.dropFirst(keptSnapshots) { files.unlink(name) }
    }
}
