import Foundation
import NIOCore
import PostgresNIO
import RapportDomain
import RapportStore
import RapportStoreKit
import Synchronization

/// A store in a PostgreSQL database, for a team on several machines (see ``PostgresSchema``).
///
/// - An edit is one transaction: it locks the meta row (writers take their turn there), catches
///   up with the journal, checks versions (a stale base is a `ConflictError`, as in the JSON
///   store), writes the records with their versions checked again by the server, appends the
///   journal row, raises `last_seq` and notifies listeners. It is acknowledged once the commit
///   returns, with `synchronous_commit` on, so it is on the server's disk.
/// - Other users' edits arrive through `LISTEN`/`NOTIFY` on a connection of its own, and
///   ``refresh()`` also looks at `last_seq` every few seconds and after every reconnect: a
///   notification sent while this process was away is lost, the journal is not.
/// - While the server cannot be reached, what is loaded stays browsable, ``editRefusal`` says
///   why edits are refused, and ``refresh()`` reconnects and catches up.
public final class PostgresStore: PortfolioStore {
    public let place: PostgresLocation
    public var location: String { place.display }
    public var opener: any StoreOpener { PostgresStoreOpener(place) }
    public let loadedKinds: Set<RecordKind>?
    public private(set) var portfolio = Portfolio()
    public private(set) var notices: [String] = []
    /// The journal is the history, not a backlog to fold: there is nothing to compact.
    public var editsSinceCompaction: Int { 0 }
    public private(set) var lastSeq = 0
    private var generation = 0

    private var link: PostgresLink?
    private var listener: Listener?
    /// The role may only read (or may not create the schema in an empty database).
    private var readOnlyReason: String?
    /// Why the server cannot be reached now; nil when it can.
    private var outage: String?
    private var lastLook = ContinuousClock.now
    private var nextAttempt = ContinuousClock.now
    /// How often ``refresh()`` looks at the journal without a notification.
    static let lookInterval = Duration.seconds(5)

    public var editRefusal: String? {
        if outage != nil { return "store unreachable, retrying" }
        return readOnlyReason
    }

    /// Connects, creates the schema on first use (when the role may) and reads the records of
    /// `kinds` (all when nil).
    public init(_ place: PostgresLocation, only kinds: Set<RecordKind>? = nil) throws {
        self.place = place
        loadedKinds = kinds
        let link = try PostgresLink.connect(place)
        self.link = link
        if try !PostgresSchema.ensure(link) {
            readOnlyReason =
                "this database has no Rapport store yet and your role (\(place.user)) may not create one; ask its owner to run rapport on it once"
            return
        }
        try checkWriteAccess(link)
        try link.transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") { try load(link) }
    }

    private func checkWriteAccess(_ link: PostgresLink) throws {
        let rows = try link.rows(
            """
            SELECT has_table_privilege('rapport_records', 'INSERT, UPDATE, DELETE')
               AND has_table_privilege('rapport_journal', 'INSERT')
               AND has_table_privilege('rapport_meta', 'UPDATE')
            """)
        if (try? rows.first?.decode(Bool.self)) != true {
            readOnlyReason =
                "your database role (\(place.user)) may only read this store; ask its owner for write access to edit"
        }
    }

    // MARK: Reading

    /// The meta row: where the store stands.
    struct Head {
        var lastSeq: Int
        var generation: Int
        var historyFrom: Int
        var serials: String
        var settings: String
    }

    private func head(_ link: PostgresLink, forUpdate: Bool = false) throws -> Head {
        let rows = try link.rows(
            forUpdate
                ? "SELECT last_seq, generation, history_from, serials::text, settings::text FROM rapport_meta FOR UPDATE"
                : "SELECT last_seq, generation, history_from, serials::text, settings::text FROM rapport_meta")
        guard let row = rows.first else {
            throw StoreError.notAStore(
                path: location, reason: "the table rapport_meta is empty; restore it from a backup")
        }
        do {
            let (seq, generation, historyFrom, serials, settings) = try row.decode((Int, Int, Int, String, String).self)
            return Head(
                lastSeq: seq, generation: generation, historyFrom: historyFrom, serials: serials, settings: settings)
        } catch {
            throw StoreError.notAStore(path: location, reason: "rapport_meta cannot be read: \(error)")
        }
    }

    /// Reads every record (of the loaded kinds) in one go, inside the caller's transaction, and
    /// decodes them as a snapshot would be: on all cores, on the snapshot's fast path.
    private func load(_ link: PostgresLink) throws {
        let head = try head(link)
        let sections = Sections()
        let query: PostgresQuery
        if let loadedKinds {
            let kinds = loadedKinds.map(\.rawValue)
            query = PostgresLink.sql("SELECT kind, body::text FROM rapport_records WHERE kind = ANY($1)", .texts(kinds))
        } else {
            query = "SELECT kind, body::text FROM rapport_records"
        }
        try link.stream(query) { row in try sections.add(row) }
        let (loaded, _) = try SnapshotCodec.decode(
            SnapshotCodec.assemble(
                journalSeq: head.lastSeq, serials: Array(head.serials.utf8), settings: Array(head.settings.utf8),
                sections: sections.take(kinds: loadedKinds)),
            file: location, only: loadedKinds)
        portfolio = loaded
        lastSeq = head.lastSeq
        generation = head.generation
    }

    /// Each kind's records, as they arrive, joined as a snapshot's section joins them.
    final class Sections: Sendable {
        private let parts = Mutex<[RecordKind: [UInt8]]>([:])

        func add(_ row: PostgresRow) throws {
            var cells = row.makeIterator()
            guard let kindCell = cells.next(), var kindBytes = kindCell.bytes, let bodyCell = cells.next(),
                let body = bodyCell.bytes,
                let kind = RecordKind(rawValue: kindBytes.readString(length: kindBytes.readableBytes) ?? "")
            else { throw StoreError.notAStore(path: "rapport_records", reason: "a row has an unknown kind or no body") }
            let bytes = body.getBytes(at: body.readerIndex, length: body.readableBytes) ?? []
            parts.withLock { parts in
                if parts[kind] == nil {
                    parts[kind] = bytes
                } else {
                    parts[kind]!.append(contentsOf: [0x2C, 0x0A] + bytes)
                }
            }
        }

        /// What arrived, with an empty section for every kind asked for that had no rows.
        func take(kinds: Set<RecordKind>?) -> [RecordKind: [UInt8]] {
            var taken = parts.withLock { parts in
                let taken = parts
                parts = [:]
                return taken
            }
            for kind in RecordKind.allCases where (kinds?.contains(kind) ?? true) && taken[kind] == nil {
                taken[kind] = []
            }
            return taken
        }
    }

    /// Applies the journal's rows after `lastSeq` (or reads everything again when the store was
    /// replaced meanwhile); true if anything changed.
    private func catchUp(_ link: PostgresLink, to head: Head) throws -> Bool {
        if head.generation != generation {
            try load(link)
            return true
        }
        guard head.lastSeq > lastSeq else { return false }
        let rows = try link.rows(
            PostgresLink.sql("SELECT entry::text FROM rapport_journal WHERE seq > $1 ORDER BY seq", .int(lastSeq)))
        var updated = portfolio
        var last = lastSeq
        let decoder = JSONDecoder()
        for row in rows {
            let entry: JournalEntry
            do {
                entry = try decoder.decode(JournalEntry.self, from: Data(try row.decode(String.self).utf8))
            } catch {
                throw StoreError.notAStore(
                    path: location, reason: "a journal row after seq \(last) cannot be read: \(error)")
            }
            for change in entry.changes {
                if let loadedKinds, !loadedKinds.contains(change.kind) {
                    if let serial = Portfolio.serial(of: change.id, kind: change.kind) {
                        updated.raiseSerials([change.kind: serial])
                    }
                    continue
                }
                updated.replay(change)
            }
            last = entry.seq
        }
        portfolio = updated
        lastSeq = last
        return true
    }

    /// The connection, connecting again after a loss (at most every two seconds, so that a
    /// stopped server costs the dashboard nothing between tries).
    private func connected() throws -> PostgresLink {
        if let link, !link.isClosed { return link }
        link = nil
        guard ContinuousClock.now >= nextAttempt else {
            throw StoreError.unreachable(store: location, reason: outage ?? "the connection was lost")
        }
        nextAttempt = ContinuousClock.now + .seconds(2)
        let fresh = try PostgresLink.connect(place)
        link = fresh
        return fresh
    }

    /// Runs `body` on the connection; a lost connection marks the store unreachable.
    private func reaching<T>(_ body: (PostgresLink) throws -> T) throws -> T {
        do {
            let result = try body(try connected())
            outage = nil
            return result
        } catch let error as StoreError {
            if case .unreachable(_, let reason) = error {
                outage = reason
                if link?.isClosed == true { link = nil }
            }
            throw error
        }
    }

    public var needsReload: Bool { false }

    /// Catches up with other users' edits when notified, every few seconds regardless, and after
    /// every reconnect.
    @discardableResult
    public func refresh() throws -> Bool {
        let listening = listener?.isListening == true
        if listening && outage == nil && !(listener?.takeChanged() ?? false)
            && ContinuousClock.now - lastLook < Self.lookInterval
        {
            return false
        }
        return try reaching { link in
            if !listening {
                listener = nil
                listener = try Listener(place)
            }
            lastLook = ContinuousClock.now
            return try catchUp(link, to: try head(link))
        }
    }

    // MARK: Writing

    @discardableResult
    public func commit(by user: String, at time: Timestamp, building makeChanges: (Portfolio) throws -> [Change])
        throws -> JournalEntry
    {
        if let readOnlyReason { throw StoreError.readOnly(store: location, reason: readOnlyReason) }
        return try reaching { link in
            try link.transaction {
                _ = try catchUp(link, to: try head(link, forUpdate: true))
                let changes = try makeChanges(portfolio)
                var updated = portfolio
                let entry = try JournalEntry.applying(
                    changes, to: &updated, partial: isPartial, seq: lastSeq + 1, at: time, by: user)
                try write(entry.changes, link)
                let json = String(decoding: try SnapshotCodec.recordEncoder().encode(entry), as: UTF8.self)
                let ids = Array(Set(entry.changes.map(\.id))).sorted()
                try link.rows(
                    PostgresLink.sql(
                        "INSERT INTO rapport_journal (seq, at, by, ids, entry) VALUES ($1, $2, $3, $4, $5::jsonb)",
                        .int(entry.seq), .int(Int(time.seconds)), .text(user), .texts(ids), .text(json)))
                try finish(link, seq: entry.seq, serials: updated.serials)
                portfolio = updated
                lastSeq = entry.seq
                return entry
            }
        }
    }

    /// Writes the changes, each put or delete checked against its base version by the server too
    /// (a row someone changed outside Rapport fails the edit rather than being overwritten).
    private func write(_ changes: [Change], _ link: PostgresLink) throws {
        let encoder = SnapshotCodec.recordEncoder()
        var inserts = Batch()
        var updates = Batch()
        var deletes = Batch()
        for change in changes {
            switch change {
            case .put(let record, let base):
                let body = String(decoding: try SnapshotCodec.encodeRecord(record, with: encoder), as: UTF8.self)
                if let base {
                    updates.add(record.kind, record.id, version: record.version, body: body, base: base)
                } else {
                    inserts.add(record.kind, record.id, version: record.version, body: body, base: 0)
                }
            case .delete(let kind, let id, let base):
                deletes.add(kind, id, version: 0, body: "", base: base)
            }
        }
        if !deletes.ids.isEmpty {
            let query = PostgresLink.sql(
                """
                WITH gone AS (DELETE FROM rapport_records r USING unnest($1::text[], $2::text[], $3::int[]) AS d(kind, id, base)
                WHERE r.kind = d.kind AND r.id = d.id AND r.version = d.base RETURNING 1) SELECT count(*)::bigint FROM gone
                """, .texts(deletes.kinds), .texts(deletes.ids), .ints(deletes.bases))
            try expect(try link.rows(query), deletes.ids.count, "delete")
        }
        if !updates.ids.isEmpty {
            let query = PostgresLink.sql(
                """
                WITH done AS (UPDATE rapport_records r SET version = u.version, body = u.body::jsonb
                FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::int[]) AS u(kind, id, version, body, base)
                WHERE r.kind = u.kind AND r.id = u.id AND r.version = u.base RETURNING 1) SELECT count(*)::bigint FROM done
                """, .texts(updates.kinds), .texts(updates.ids), .ints(updates.versions), .texts(updates.bodies),
                .ints(updates.bases))
            try expect(try link.rows(query), updates.ids.count, "change")
        }
        // Large batches in parts: a statement's parameters travel in one message.
        var start = 0
        while start < inserts.ids.count {
            let range = start..<min(start + 20_000, inserts.ids.count)
            let query = PostgresLink.sql(
                """
                INSERT INTO rapport_records (kind, id, version, body)
                SELECT kind, id, version, body::jsonb FROM unnest($1::text[], $2::text[], $3::int[], $4::text[]) AS n(kind, id, version, body)
                """, .texts(Array(inserts.kinds[range])), .texts(Array(inserts.ids[range])),
                .ints(Array(inserts.versions[range])), .texts(Array(inserts.bodies[range])))
            try insert(query, link)
            start = range.upperBound
        }
    }

    /// Records of one statement, as the arrays `unnest` takes.
    struct Batch {
        var kinds: [String] = []
        var ids: [String] = []
        var versions: [Int] = []
        var bodies: [String] = []
        var bases: [Int] = []

        mutating func add(_ kind: RecordKind, _ id: String, version: Int, body: String, base: Int) {
            kinds.append(kind.rawValue)
            ids.append(id)
            versions.append(version)
            bodies.append(body)
            bases.append(base)
        }
    }

    private func insert(_ query: PostgresQuery, _ link: PostgresLink) throws {
        do {
            try link.rows(query)
        } catch StoreError.notAStore(_, let reason) where reason.hasSuffix("(SQLSTATE 23505)") {
            throw StoreError.notAStore(
                path: location,
                reason: "a new record's id is taken already (changed outside rapport?); nothing was saved: try again")
        }
    }

    /// Fails the edit when a statement touched fewer rows than it had records to write.
    private func expect(_ rows: [PostgresRow], _ count: Int, _ what: String) throws {
        let done = (try? rows.first?.decode(Int.self)) ?? 0
        guard done == count else {
            throw StoreError.notAStore(
                path: location,
                reason:
                    "\(count - done) of \(count) records to \(what) were not as this edit expected (changed outside rapport?); nothing was saved: try again"
            )
        }
    }

    /// Raises `last_seq`, keeps the serials and tells listeners: the last steps of every write.
    private func finish(_ link: PostgresLink, seq: Int, serials: [RecordKind: Int], generationBump: Bool = false)
        throws
    {
        let serialsJSON = String(decoding: try SnapshotCodec.encodeSerials(serials), as: UTF8.self)
        let bump = generationBump ? ", generation = generation + 1" : ""
        try link.rows(
            PostgresLink.sql(
                "UPDATE rapport_meta SET last_seq = $1, serials = $2::jsonb" + bump, .int(seq), .text(serialsJSON)))
        try link.rows(
            PostgresLink.sql("SELECT pg_notify($1, $2)", .text(PostgresSchema.notifyChannel), .text(String(seq))))
    }

    /// A bulk import: the records are written as one edit, without a journal row (hundreds of
    /// thousands of changes are no history to read back), and every reader reads the store again.
    @discardableResult
    public func commitFolding(_ makeChanges: (Portfolio) throws -> [Change]) throws -> Int {
        precondition(!isPartial, "folding needs the whole store loaded")
        if let readOnlyReason { throw StoreError.readOnly(store: location, reason: readOnlyReason) }
        return try reaching { link in
            try link.transaction {
                _ = try catchUp(link, to: try head(link, forUpdate: true))
                let changes = try makeChanges(portfolio)
                var updated = portfolio
                // As stored: new records with their ids, every record with its new version.
                let stored = try updated.applyAll(changes).map(\.change)
                try write(stored, link)
                let seq = lastSeq + 1
                try finish(link, seq: seq, serials: updated.serials, generationBump: true)
                portfolio = updated
                lastSeq = seq
                generation += 1
                return seq
            }
        }
    }

    /// Replaces every record, settings and serials with `newPortfolio` in one transaction. The
    /// journal stays, as the history of the records replaced, hidden from the new ones' history.
    public func replaceAll(with newPortfolio: Portfolio) throws {
        precondition(!isPartial, "replacing needs the whole store loaded")
        if let readOnlyReason { throw StoreError.readOnly(store: location, reason: readOnlyReason) }
        try reaching { link in
            try link.transaction {
                let head = try head(link, forUpdate: true)
                try link.rows("DELETE FROM rapport_records")
                var changes: [Change] = []
                for kind in RecordKind.allCases {
                    for record in newPortfolio.records(of: kind) { changes.append(.put(record, base: nil)) }
                }
                try write(changes, link)
                let settings = String(decoding: try SnapshotCodec.encodeSettings(newPortfolio.settings), as: UTF8.self)
                let seq = head.lastSeq + 1
                try link.rows(
                    PostgresLink.sql(
                        "UPDATE rapport_meta SET settings = $1::jsonb, history_from = $2", .text(settings), .int(seq)))
                try finish(link, seq: seq, serials: newPortfolio.serials, generationBump: true)
                portfolio = newPortfolio
                lastSeq = seq
                generation = head.generation + 1
            }
        }
    }

    /// Nothing to fold: the records table is always current and the journal is the history.
    public func compact() throws {}

    public func history(of ids: Set<String>) throws -> [HistoryItem] {
        try reaching { link in
            let rows = try link.rows(
                PostgresLink.sql(
                    """
                    SELECT entry::text FROM rapport_journal
                    WHERE ids && $1::text[] AND seq >= (SELECT history_from FROM rapport_meta) ORDER BY seq
                    """, .texts(Array(ids))))
            let decoder = JSONDecoder()
            var items: [HistoryItem] = []
            for row in rows {
                guard let text = try? row.decode(String.self),
                    let entry = try? decoder.decode(JournalEntry.self, from: Data(text.utf8))
                else { continue }
                items += entry.historyItems(about: ids)
            }
            return items
        }
    }

    /// Grants and roles are the database's: nothing in files to check.
    public func accessProblems() -> [String] { [] }

    public func share(group gid: UInt32) throws {
        throw StoreError.notAStore(
            path: location,
            reason:
                "is a PostgreSQL store: teammates share it through database roles (GRANT), not a Unix group; see the README's \"Team store on PostgreSQL\""
        )
    }
}

/// The dedicated connection that listens for other users' edits.
final class Listener {
    private let link: PostgresLink
    private let flag = Flag()

    init(_ place: PostgresLocation) throws {
        link = try PostgresLink.connect(place)
        let flag = flag
        link.connection.addListener(channel: PostgresSchema.notifyChannel) { _, _ in flag.raise() }
        try link.rows(PostgresQuery(unsafeSQL: "LISTEN " + PostgresSchema.notifyChannel))
    }

    var isListening: Bool { !link.isClosed }

    /// Whether a notification came since the last call.
    func takeChanged() -> Bool { flag.take() }

    final class Flag: Sendable {
        private let value = Atomic<Bool>(false)
        func raise() { value.store(true, ordering: .releasing) }
        func take() -> Bool { value.exchange(false, ordering: .acquiringAndReleasing) }
    }
}
