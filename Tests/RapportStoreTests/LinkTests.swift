import Foundation
import Testing

@testable import RapportDomain
@testable import RapportStore

/// A teammate who can write in a shared store directory plants links where store files go.
/// Rapport never follows one: nothing outside the store is written, truncated or re-moded.
@Suite struct LinkTests {
    /// A store with one edit, and a victim file outside it.
    func setUp() throws -> (TempDir, JournalStore, victim: String) {
        let temp = TempDir()
        try FileManager.default.createDirectory(atPath: temp.path, withIntermediateDirectories: true)
        let victim = temp.path + "/victim.txt"
        try "the victim's own words\n".write(toFile: victim, atomically: false, encoding: .utf8)
        chmod(victim, 0o644)
        let store = try JournalStore(directory: temp.store)
        try store.commit([.put(.account(sampleAccount("a1", "One")), base: nil)], by: "tester")
        return (temp, store, victim)
    }

    func expectUntouched(_ victim: String) {
        #expect(bytes(victim) == Array("the victim's own words\n".utf8))
        #expect(mode(victim) == 0o644)
    }

    @Test func aLinkedHistoryIsRefusedNotAppendedTo() throws {
        let (temp, store, victim) = try setUp()
        try FileManager.default.createSymbolicLink(atPath: temp.store + "/history.jsonl", withDestinationPath: victim)
        let error = #expect(throws: StoreError.self) { try store.compact() }
        #expect(error?.description.contains("history.jsonl") == true, "\(error?.description ?? "")")
        #expect(error?.description.contains("symbolic link") == true)
        expectUntouched(victim)
        // A link to a file that does not exist yet is not created through either.
        let absent = temp.path + "/absent"
        try FileManager.default.removeItem(atPath: temp.store + "/history.jsonl")
        try FileManager.default.createSymbolicLink(atPath: temp.store + "/history.jsonl", withDestinationPath: absent)
        #expect(throws: StoreError.self) { try store.compact() }
        #expect(!FileManager.default.fileExists(atPath: absent))
    }

    @Test func plantedTemporaryFilesAreNeverOpened() throws {
        let (temp, store, victim) = try setUp()
        // Links under every name a temp file could have had before: pid-only names.
        for name in ["rapport.json.tmp-\(getpid())", "journal.jsonl.tmp-\(getpid())"] {
            try FileManager.default.createSymbolicLink(atPath: temp.store + "/" + name, withDestinationPath: victim)
        }
        try store.compact()
        expectUntouched(victim)
        #expect(try JournalStore(directory: temp.store).portfolio.accounts["a1"]?.name == "One")
        // The stale links were removed, not followed.
        let names = try FileManager.default.contentsOfDirectory(atPath: temp.store)
        #expect(!names.contains { $0.contains(".tmp-") }, "\(names)")
    }

    @Test func aJournalSwappedForALinkWhileOpenGetsNoEdit() throws {
        let (temp, store, victim) = try setUp()
        let journal = temp.store + "/journal.jsonl"
        try FileManager.default.removeItem(atPath: journal)
        try FileManager.default.createSymbolicLink(atPath: journal, withDestinationPath: victim)
        let error = #expect(throws: StoreError.self) {
            try store.commit([.put(.account(sampleAccount("a2", "Two")), base: nil)], by: "tester")
        }
        #expect(error?.description.contains("symbolic link") == true, "\(error?.description ?? "")")
        expectUntouched(victim)
        #expect(store.portfolio.accounts["a2"] == nil)
    }

    @Test func aJournalMovedAwayDuringAnAppendIsNotAcknowledged() throws {
        let (temp, store, _) = try setUp()
        let journal = temp.store + "/journal.jsonl"
        // Moved out between the open and the check: the edit went to a file no longer in the store.
        store.afterJournalWrite = {
            _ = rename(journal, temp.path + "/moved.jsonl")
            _ = FileManager.default.createFile(atPath: journal, contents: Data())
        }
        let error = #expect(throws: StoreError.self) {
            try store.commit([.put(.account(sampleAccount("a2", "Two")), base: nil)], by: "tester")
        }
        #expect(error?.description.contains("was replaced or moved") == true, "\(error?.description ?? "")")
        #expect(store.portfolio.accounts["a2"] == nil)
    }

    @Test func aLinkedLockOrSnapshotIsRefusedMidSession() throws {
        let (temp, store, victim) = try setUp()
        try FileManager.default.removeItem(atPath: temp.store + "/lock")
        try FileManager.default.createSymbolicLink(atPath: temp.store + "/lock", withDestinationPath: victim)
        #expect(throws: StoreError.self) {
            try store.commit([.put(.account(sampleAccount("a2", "Two")), base: nil)], by: "tester")
        }
        expectUntouched(victim)
    }
}
