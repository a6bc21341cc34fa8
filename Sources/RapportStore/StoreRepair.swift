import Foundation
import RapportDomain

/// Salvages what can be read from a damaged store into a new one. It never touches the original.
///
/// - The snapshot is read if it can be; if not, the newest readable `rapport.json.bak-N` is used.
/// - Journal lines that cannot be read are skipped, each one reported.
/// - Records that point at accounts that do not exist are dropped. References to owners that do
///   not exist are cleared.
public enum StoreRepair {
    public struct Outcome {
        public var portfolio: Portfolio
        /// What was dropped or changed, one line each.
        public var notes: [String]
    }

    public static func salvage(directory: String) throws -> Outcome {
        var notes: [String] = []
        var portfolio = Portfolio()
        var seq = 0
        let snapshot = directory + "/rapport.json"
        var candidates = [snapshot]
        let backups = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .compactMap { name -> (Int, String)? in
                guard name.hasPrefix("rapport.json.bak-"), let number = Int(name.dropFirst("rapport.json.bak-".count))
                else { return nil }
                return (number, directory + "/" + name)
            }.sorted { $0.0 > $1.0 }.map(\.1)
        candidates += backups
        var loaded = false
        for path in candidates {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            do {
                (portfolio, seq) = try SnapshotCodec.decode([UInt8](data), file: path)
                if path != snapshot { notes.append("used the backup \(path): the snapshot could not be read") }
                loaded = true
                break
            } catch {
                notes.append("could not read \(path): \(error)")
            }
        }
        if !loaded && FileManager.default.fileExists(atPath: snapshot) {
            notes.append("no readable snapshot: starting from the journal alone")
        }

        if let data = FileManager.default.contents(atPath: directory + "/journal.jsonl") {
            let decoder = JSONDecoder()
            for (number, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated()
            where !line.isEmpty {
                guard line.count <= LineLimit.journal else {
                    notes.append(
                        "journal.jsonl:\(number + 1): dropped an entry of \(line.count) bytes, over the limit for one line"
                    )
                    continue
                }
                guard let entry = try? decoder.decode(JournalEntry.self, from: Data(line)) else {
                    notes.append("journal.jsonl:\(number + 1): dropped an entry that cannot be read")
                    continue
                }
                guard entry.seq > seq else { continue }
                for change in entry.changes { portfolio.replay(change) }
                seq = entry.seq
            }
        }

        // Dangling references: drop records whose account is gone; clear owners that are gone.
        var removals: [Change] = []
        func dangling<R: Record>(_ records: RecordMap<R>, _ account: (R) -> String) {
            for record in records.values where portfolio.accounts[account(record)] == nil {
                removals.append(.delete(R.kind, id: record.id, base: record.version))
                notes.append("dropped \(R.kind.rawValue) \(record.id): its account \(account(record)) does not exist")
            }
        }
        dangling(portfolio.contacts, \.accountId)
        dangling(portfolio.interactions, \.accountId)
        dangling(portfolio.sales, \.accountId)
        dangling(portfolio.purchases, \.accountId)
        dangling(portfolio.evaluations, \.accountId)
        for change in removals { portfolio.replay(change) }
        for var account in portfolio.accounts.values.sorted(by: { $0.id < $1.id }) {
            if let owner = account.ownerId, portfolio.owners[owner] == nil {
                account.ownerId = nil
                portfolio.replay(.put(.account(account), base: account.version))
                notes.append("account \(account.id): cleared owner \(owner), who does not exist")
            }
        }
        for var interaction in portfolio.interactions.values.sorted(by: { $0.id < $1.id }) {
            if let owner = interaction.ownerId, portfolio.owners[owner] == nil {
                interaction.ownerId = nil
                portfolio.replay(.put(.interaction(interaction), base: interaction.version))
                notes.append("interaction \(interaction.id): cleared owner \(owner), who does not exist")
            }
        }
        return Outcome(portfolio: portfolio, notes: notes)
    }
}
