import Foundation
import Testing

@testable import RapportDomain
@testable import RapportStore

@Suite struct HistoryTests {
    @Test func eachEditRecordsWhoWhenAndWhichFieldsChanged() throws {
        let temp = TempDir()
        let store = try JournalStore(directory: temp.store)
        let created = Timestamp("2026-11-01T08:00:00Z")!
        try store.commit([.put(.account(sampleAccount("a1", "Zoë AB")), base: nil)], by: "ana", at: created)
        var account = try #require(store.portfolio.accounts["a1"])
        account.name = "Zoë Åström AB"
        account.ratings.inputCost = 4
        account.tags = ["export", "key"]
        try store.commit(
            [.put(.account(account), base: 1)], by: "bo", at: Timestamp("2026-11-02T09:30:00Z")!)
        let items = try store.history(of: ["a1"])
        #expect(items.map(\.action) == [.created, .changed])
        #expect(items.map(\.by) == ["ana", "bo"])
        #expect(items[0].at == created)
        #expect(
            items[1].changes == [
                FieldChange(field: "name", from: "Zoë AB", to: "Zoë Åström AB"),
                FieldChange(field: "ratings.inputCost", from: "", to: "4"),
                FieldChange(field: "tags", from: "export", to: "export, key"),
            ])
        // Records that merely mention the id (a contact of a1) are not a1's history.
        try store.commit([.put(.contact(Contact(id: "c1", accountId: "a1", name: "Li")), base: nil)], by: "ana")
        #expect(try store.history(of: ["a1"]).count == 2)
        #expect(try store.history(of: ["a1", "c1"]).count == 3)
    }

    @Test func historySurvivesCompactionAndIsNotRepeated() throws {
        let temp = TempDir()
        let store = try JournalStore(directory: temp.store)
        try store.commit([.put(.account(sampleAccount("a1", "One")), base: nil)], by: "ana")
        try store.compact()
        var account = try #require(store.portfolio.accounts["a1"])
        account.status = .dormant
        try store.commit([.put(.account(account), base: 1)], by: "bo")
        #expect(try store.history(of: ["a1"]).map(\.action) == [.created, .changed])
        // A crash between archiving and emptying the journal leaves an entry in both files.
        let journal = try #require(bytes(store.journalPath))
        let handle = try #require(FileHandle(forWritingAtPath: store.historyPath))
        handle.seekToEndOfFile()
        handle.write(Data(journal))
        handle.closeFile()
        let reopened = try JournalStore(directory: temp.store)
        let items = try reopened.history(of: ["a1"])
        #expect(items.map(\.action) == [.created, .changed])
        #expect(items[1].changes == [FieldChange(field: "status", from: "active", to: "dormant")])
        #expect(mode(store.historyPath) == 0o600)
        // Deleting is history too.
        try reopened.commit([.delete(.account, id: "a1", base: 2)], by: "cy")
        #expect(try reopened.history(of: ["a1"]).last?.action == .deleted)
    }
}
