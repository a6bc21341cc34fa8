import Foundation
import RapportDomain

extension JournalStore {
    /// What happened to these records, oldest first: from the history file and the journal.
    /// Lines that do not mention any of the ids are skipped without being parsed.
    public func history(of ids: Set<String>) throws(StoreError) -> [HistoryItem] {
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
                items += entry.historyItems(about: ids)
            }
        }
        return items
    }
}
