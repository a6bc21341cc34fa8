import PostgresNIO
import RapportDomain
import RapportStore
import RapportStoreKit

/// The tables a PostgreSQL store keeps, and how a database gets them.
///
/// - `rapport_meta`: one row. The schema's version; `last_seq`, the last edit's sequence number,
///   which every writer takes in turn (it locks this row, so edits commit one after another and
///   in seq order); `generation`, raised when the store is replaced wholesale (readers then read
///   it all again); `history_from`, the seq before which the journal is the history of replaced
///   records; the id serials and the settings.
/// - `rapport_records`: each record's JSON (`jsonb`) under its kind and id, with its version.
/// - `rapport_journal`: one row per edit, by seq: who, when, the ids it touched and the
///   entry's JSON (its changes and what each field went from and to).
enum PostgresSchema {
    static let version = 1
    static let notifyChannel = "rapport_changes"
    /// Serializes creating and migrating the schema across clients.
    static let advisoryLock = 0x7261_7070  // "rapp"

    static let create: [PostgresQuery] = [
        """
        CREATE TABLE IF NOT EXISTS rapport_meta (
            one boolean PRIMARY KEY DEFAULT true CHECK (one),
            schema_version integer NOT NULL,
            last_seq bigint NOT NULL,
            generation bigint NOT NULL,
            history_from bigint NOT NULL,
            serials jsonb NOT NULL,
            settings jsonb NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS rapport_records (
            kind text NOT NULL,
            id text NOT NULL,
            version integer NOT NULL,
            body jsonb NOT NULL,
            PRIMARY KEY (kind, id))
        """,
        """
        CREATE TABLE IF NOT EXISTS rapport_journal (
            seq bigint PRIMARY KEY,
            at bigint NOT NULL,
            by text NOT NULL,
            ids text[] NOT NULL,
            entry jsonb NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS rapport_journal_ids ON rapport_journal USING gin (ids)",
    ]

    /// What the database holds: nil when it has no Rapport schema yet.
    static func installedVersion(_ link: PostgresLink) throws(StoreError) -> Int? {
        let rows = try link.rows("SELECT to_regclass('rapport_meta') IS NOT NULL")
        guard let row = rows.first, (try? row.decode(Bool.self)) == true else { return nil }
        let versions = try link.rows("SELECT schema_version FROM rapport_meta")
        guard let version = try? versions.first?.decode(Int.self) else { return nil }
        return version
    }

    /// Creates the schema (or migrates an older one), under an advisory lock so that two first
    /// uses at once do not race. Refuses a newer schema. False when the role may not create it.
    static func ensure(_ link: PostgresLink) throws -> Bool {
        if let found = try installedVersion(link) {
            guard found <= version else {
                throw StoreError.unsupportedVersion(file: link.location.display, found: found, supported: version)
            }
            if found == version { return true }
        }
        do {
            try link.transaction {
                try link.rows(PostgresLink.sql("SELECT pg_advisory_xact_lock($1)", .int(advisoryLock)))
                for statement in create { try link.rows(statement) }
                let settings = String(decoding: try SnapshotCodec.encodeSettings(Settings()), as: UTF8.self)
                try link.rows(
                    PostgresLink.sql(
                        """
                        INSERT INTO rapport_meta (schema_version, last_seq, generation, history_from, serials, settings)
                        VALUES ($1, 0, 0, 0, '{}', $2::jsonb) ON CONFLICT DO NOTHING
                        """, .int(version), .text(settings)))
                // Older schemas are migrated here, one version at a time (version 1 is the first).
            }
        } catch StoreError.readOnly {
            return false
        }
        return true
    }
}
