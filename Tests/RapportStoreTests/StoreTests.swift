import Foundation
import Testing

@testable import RapportDomain
@testable import RapportStore

@Suite struct StoreTests {
    /// A file large enough that its buffer is asked for huge pages (and read in chunks by
    /// `readStart`) reads back byte for byte, from the start and from an offset.
    @Test func aLargeFileReadsBackExactly() throws {
        let temp = TempDir()
        try FileManager.default.createDirectory(atPath: temp.path, withIntermediateDirectories: true)
        let path = temp.path + "/large"
        let written = (0..<(11 << 20) + 12_345).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(written)))
        let fd = try POSIXFile.open(path, flags: O_RDONLY, mode: 0)
        defer { close(fd) }
        #expect(try POSIXFile.read(fd, from: 0, path: path) == written)
        #expect(try POSIXFile.read(fd, from: 5_000_001, path: path) == Array(written[5_000_001...]))
        let (start, found) = try POSIXFile.readStart(fd, path: path, chunk: 4 << 20) { $0.count > (9 << 20) ? 1 : nil }
        #expect(found == 1 && start == written)
        let (first, enough) = try POSIXFile.readStart(fd, path: path, chunk: 1 << 20) { $0.count > (5 << 20) ? 1 : nil }
        #expect(enough == 1 && first == Array(written.prefix(8 << 20)))
    }

    @Test func emptyStoreIsEmptyAndCreatesNothing() throws {
        let temp = TempDir()
        let store = try JournalStore(directory: temp.store)
        #expect(store.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: temp.store))
    }

    @Test func commitIsDurableAndReplayedOnOpen() throws {
        let temp = TempDir()
        let store = try JournalStore(directory: temp.store)
        let entry = try store.commit([.put(.account(sampleAccount("a1", "上海供应链有限公司")), base: nil)], by: "tester")
        #expect(entry.seq == 1)
        #expect(store.portfolio.accounts["a1"]?.version == 1)
        var account = try #require(store.portfolio.accounts["a1"])
        account.notes = "Visited in May"
        try store.commit([.put(.account(account), base: 1)], by: "tester")

        let reopened = try JournalStore(directory: temp.store)
        #expect(reopened.portfolio == store.portfolio)
        #expect(reopened.portfolio.accounts["a1"]?.notes == "Visited in May")
        #expect(reopened.portfolio.accounts["a1"]?.version == 2)
        #expect(reopened.lastSeq == 2)
        #expect(reopened.journalEntries == 2)
        let lines = String(decoding: bytes(store.journalPath)!, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].contains("\"by\":\"tester\""))
    }

    @Test func snapshotRoundTripIsDeterministic() throws {
        let portfolio = Portfolio(
            accounts: [sampleAccount("b", "Kontorsmöbler AB"), sampleAccount("a", "PT Pemasok Jaya")],
            owners: [Owner(id: "o", name: "Åsa", email: "asa@example.com")],
            evaluations: [])
        let first = try SnapshotCodec.encode(portfolio, journalSeq: 7)
        let (decoded, seq) = try SnapshotCodec.decode(first, file: "x")
        #expect(decoded == portfolio)
        #expect(seq == 7)
        #expect(try SnapshotCodec.encode(decoded, journalSeq: 7) == first)
        let text = String(decoding: first, as: UTF8.self)
        #expect(text.contains("\"format\": \"rapport-store\""))
        #expect(text.contains("\"version\": 1"))
        #expect(text.contains("Kontorsmöbler AB"))  // UTF-8, not escaped
        // Records sorted by id, keys sorted.
        #expect(text.range(of: "PT Pemasok")!.lowerBound < text.range(of: "Kontorsmöbler")!.lowerBound)
        #expect(try JSONSerialization.jsonObject(with: Data(first)) is [String: Any])
    }

    @Test func compactionFoldsTheJournalAndKeepsBackups() throws {
        let temp = TempDir()
        let store = try JournalStore(directory: temp.store)
        for index in 1...4 {
            try store.commit([.put(.account(sampleAccount("a\(index)", "Name \(index)")), base: nil)])
            try store.compact()
        }
        #expect(bytes(store.journalPath) == [])
        let reopened = try JournalStore(directory: temp.store)
        #expect(reopened.portfolio.accounts.count == 4)
        #expect(reopened.lastSeq == 4)
        let backups = try FileManager.default.contentsOfDirectory(atPath: temp.store).filter { $0.contains(".bak-") }
        #expect(backups.sorted() == ["rapport.json.bak-1", "rapport.json.bak-2", "rapport.json.bak-3"])
    }

    /// Compaction encodes without the lock: another process's edits while it encodes wait only
    /// for the short steps, stay in the journal after it, and none is lost or archived twice.
    @Test func editsWhileCompactionEncodesStayInTheJournal() throws {
        let temp = TempDir()
        let store = try JournalStore(directory: temp.store)
        try store.commit([.put(.account(sampleAccount("a1", "One")), base: nil)])
        try store.commit([.put(.account(sampleAccount("a2", "Two")), base: nil)])
        let other = try JournalStore(directory: temp.store)
        store.whileCompactionEncodes = {
            try other.commit([.put(.account(sampleAccount("a3", "Three")), base: nil)])
            try other.commit([.delete(.account, id: "a1", base: 1)])
        }
        try store.compact()
        // The snapshot holds the first two entries; the journal the two made meanwhile.
        let journal = String(decoding: bytes(store.journalPath)!, as: UTF8.self)
        #expect(journal.split(separator: "\n").count == 2 && journal.contains("a3") && journal.contains("\"delete\""))
        #expect(store.portfolio.accounts.keys.sorted() == ["a2", "a3"])
        #expect(store.journalEntries == 2 && store.lastSeq == 4)
        let reopened = try JournalStore(directory: temp.store)
        #expect(reopened.portfolio == store.portfolio && reopened.lastSeq == 4 && reopened.journalEntries == 2)
        // Each entry is in the history once (the archive) or the journal, never both.
        let history = String(decoding: bytes(store.historyPath) ?? [], as: UTF8.self)
        #expect(history.split(separator: "\n").count == 2 && !history.contains("a3"))
        // The next edit and compaction carry on from there.
        try store.commit([.put(.account(sampleAccount("a4", "Four")), base: nil)])
        store.whileCompactionEncodes = nil
        try store.compact()
        #expect(bytes(store.journalPath) == [])
        #expect(try JournalStore(directory: temp.store).portfolio.accounts.keys.sorted() == ["a2", "a3", "a4"])
        #expect(try store.history(of: ["a1"]).count == 2)
    }

    /// Replacing a store (`rapport demo --force`) keeps the replaced records' history beside
    /// their snapshot's backup, and the new records with the same ids start without it.
    @Test func replacingAStoreSetsItsHistoryAside() throws {
        let temp = TempDir()
        let store = try JournalStore(directory: temp.store)
        try store.commit([.put(.account(sampleAccount("a1", "Old")), base: nil)])
        try store.compact()
        #expect(try store.history(of: ["a1"]).count == 1)
        try store.replaceAll(with: Portfolio(accounts: [sampleAccount("a1", "New")]))
        #expect(try store.history(of: ["a1"]).isEmpty)
        #expect(try JournalStore(directory: temp.store).history(of: ["a1"]).isEmpty)
        let names = try FileManager.default.contentsOfDirectory(atPath: temp.store)
        let backups = names.filter { $0.hasPrefix("history.jsonl.bak-") }
        #expect(backups.count == 1, "\(names)")
        let suffix = try #require(backups.first).dropFirst("history.jsonl".count)
        #expect(names.contains("rapport.json" + suffix), "\(names)")
        let old = try String(contentsOfFile: temp.store + "/" + backups[0], encoding: .utf8)
        #expect(old.contains("\"Old\""))
        // A store replaced without any history has nothing to set aside.
        try store.replaceAll(with: Portfolio(accounts: [sampleAccount("a2", "Newer")]))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: temp.store).filter { $0.hasPrefix("history") }.count
                == 1)
    }

    /// Another process replaced the store while a compaction encoded: the compaction must not
    /// bring the old records back.
    @Test func aStoreReplacedWhileCompactionEncodesIsNotRolledBack() throws {
        let temp = TempDir()
        let store = try JournalStore(directory: temp.store)
        try store.commit([.put(.account(sampleAccount("a1", "Old")), base: nil)])
        let other = try JournalStore(directory: temp.store)
        store.whileCompactionEncodes = {
            try other.replaceAll(with: Portfolio(accounts: [sampleAccount("b1", "New")]))
        }
        try store.compact()
        #expect(store.portfolio.accounts.keys.sorted() == ["b1"])
        #expect(try JournalStore(directory: temp.store).portfolio.accounts.keys.sorted() == ["b1"])
    }

    @Test func compactionRemovesTempFilesOfKilledWriters() throws {
        let temp = TempDir()
        let store = try JournalStore(directory: temp.store)
        try store.commit([.put(.account(sampleAccount("a1", "One")), base: nil)])
        for name in ["rapport.json.tmp-99999", "journal.jsonl.tmp-12345"] {
            try "partial".write(toFile: temp.store + "/" + name, atomically: false, encoding: .utf8)
        }
        try store.compact()
        let names = try FileManager.default.contentsOfDirectory(atPath: temp.store)
        #expect(!names.contains { $0.contains(".tmp-") }, "\(names)")
        #expect(try JournalStore(directory: temp.store).portfolio.accounts.count == 1)
    }

    @Test func crashBetweenSnapshotAndJournalResetIsHarmless() throws {
        let temp = TempDir()
        let store = try JournalStore(directory: temp.store)
        try store.commit([.put(.account(sampleAccount("a1", "One")), base: nil)])
        try store.commit([.put(.account(sampleAccount("a2", "Two")), base: nil)])
        // Simulate compaction dying after the new snapshot was renamed in, before the journal was reset.
        let journal = bytes(store.journalPath)!
        try store.compact()
        try Data(journal).write(to: URL(fileURLWithPath: store.journalPath))
        let reopened = try JournalStore(directory: temp.store)
        #expect(reopened.portfolio.accounts.count == 2)
        #expect(reopened.journalEntries == 0)
        try reopened.commit([.put(.account(sampleAccount("a3", "Three")), base: nil)])
        #expect(try JournalStore(directory: temp.store).portfolio.accounts.count == 3)
    }

    @Test func tornLastLineIsDroppedAndReported() throws {
        let temp = TempDir()
        let store = try JournalStore(directory: temp.store)
        try store.commit([.put(.account(sampleAccount("a1", "One")), base: nil)])
        let good = bytes(store.journalPath)!
        let handle = try #require(FileHandle(forWritingAtPath: store.journalPath))
        handle.seekToEndOfFile()
        handle.write(Data("{\"at\":\"2026-01-01T00:00:00Z\",\"by\":\"x\",\"chan".utf8))
        handle.closeFile()

        let reopened = try JournalStore(directory: temp.store)
        #expect(reopened.portfolio.accounts.count == 1)
        #expect(reopened.notices.count == 1)
        #expect(reopened.notices.first?.contains("incomplete last entry") == true)
        #expect(bytes(store.journalPath) == good)
        try reopened.commit([.put(.account(sampleAccount("a2", "Two")), base: nil)])
        #expect(try JournalStore(directory: temp.store).portfolio.accounts.count == 2)
    }

    @Test func corruptMiddleLineIsAnErrorWithLineAndNothingIsWritten() throws {
        let temp = TempDir()
        let store = try JournalStore(directory: temp.store)
        try store.commit([.put(.account(sampleAccount("a1", "One")), base: nil)])
        try store.commit([.put(.account(sampleAccount("a2", "Two")), base: nil)])
        var text = String(decoding: bytes(store.journalPath)!, as: UTF8.self)
        text = text.replacingOccurrences(of: "\"seq\":1}", with: "\"seq\":\"one\"}")
        try text.write(toFile: store.journalPath, atomically: false, encoding: .utf8)
        let before = bytes(store.journalPath)

        let error = #expect(throws: StoreError.self) { try JournalStore(directory: temp.store) }
        let message = error?.description ?? ""
        #expect(message.contains("journal.jsonl:1:"), "\(message)")
        #expect(message.contains("was not changed"))
        // The live instance refuses to write over what it cannot read.
        #expect(throws: StoreError.self) { try store.commit([.put(.account(sampleAccount("a3", "Three")), base: nil)]) }
        #expect(bytes(store.journalPath) == before)
    }

    @Test(arguments: [
        (
            "{\n\"accounts\": [\n{\"id\":\"a\",\"name\":\"A\",\"roles\":[\"customer\"]},\n{\"id\":\"b\" \"name\":\"B\"}\n]}",
            "4:11", "invalid JSON"
        ),
        ("{\"accounts\": [", "1:15", "truncated"),
        ("", "1:1", "empty"),
        (
            "{\"format\":\"rapport-store\",\"version\":1,\n\"accounts\":[\n{\"id\":\"a\",\"roles\":[\"customer\"]}]}",
            "3:1", "name"
        ),
        (
            "{\"format\":\"rapport-store\",\"version\":1,\"accounts\":[{\"id\":\"a\",\"name\":\"A\",\"roles\":[\"trader\"]}]}",
            "1:", "roles"
        ),
        (
            "{\"format\":\"rapport-store\",\"version\":1,\"sales\":[{\"id\":\"s\",\"accountId\":\"x\",\"date\":\"2026-02-30\",\"amount\":1,\"version\":1}]}",
            "1:", "date"
        ),
        (
            "{\"format\":\"rapport-store\",\"version\":1,\"sales\":[{\"id\":\"s\",\"accountId\":\"x\",\"date\":\"2026-02-01\",\"amount\":1e400,\"version\":1}]}",
            "", ""
        ),
        (
            "{\"format\":\"rapport-store\",\"version\":1,\"contacts\":[{\"id\":\"c\",\"accountId\":\"gone\",\"name\":\"Li\"}]}",
            "", "broken reference"
        ),
        (
            // Two kinds broken, checked at once: the first kind's record is the one named.
            "{\"format\":\"rapport-store\",\"version\":1,\"contacts\":[{\"id\":\"c\",\"accountId\":\"gone\",\"name\":\"Li\"}],\"sales\":[{\"id\":\"s\",\"accountId\":\"x\",\"date\":\"2026-02-01\",\"amount\":1,\"version\":1}]}",
            "", "broken reference: contact c"
        ),
        (
            "{\"format\":\"rapport-store\",\"version\":1,\"accounts\":[{\"id\":\"a\",\"name\":\"A\",\"roles\":[\"customer\"]},{\"id\":\"a\",\"name\":\"B\",\"roles\":[\"customer\"]}]}",
            "1:", "twice"
        ),
        ("{\"format\":\"something-else\",\"version\":1}", "", "not a Rapport store"),
        // A section that is not a list: the message names the section, then what is wrong.
        ("{\"format\":\"rapport-store\",\"version\":1,\"accounts\":{\"id\":\"a\"}}", "", "accounts should be"),
        ("[1,2,3]", "", ""),
        (String(repeating: "[", count: 100_000), "", ""),
    ])
    func unreadableSnapshotIsReportedAndLeftUntouched(content: String, place: String, words: String) throws {
        let temp = TempDir()
        try FileManager.default.createDirectory(atPath: temp.store, withIntermediateDirectories: true)
        let path = temp.store + "/rapport.json"
        try content.write(toFile: path, atomically: false, encoding: .utf8)
        let error = #expect(throws: StoreError.self) { try JournalStore(directory: temp.store) }
        let message = error?.description ?? ""
        #expect(message.contains(path + (place.isEmpty ? "" : ":" + place)), "\(message)")
        #expect(words.isEmpty || message.contains(words), "\(message)")
        #expect(bytes(path) == Array(content.utf8))
        #expect(!FileManager.default.fileExists(atPath: temp.store + "/journal.jsonl"))
    }

    /// A snapshot in the codec's own layout, read section by section, has its references
    /// checked while its pieces are keyed (in file order, an id looked up when it differs from
    /// the one before): a broken one among good ones with the same ids is still found, and the
    /// first kind's record is named.
    @Test(arguments: [
        ("an interaction's owner", "interaction i3"), ("a contact's account", "contact c2"),
        ("an account's owner", "account b"), ("a sale's account and a contact's", "contact c2"), ("nothing", ""),
    ])
    func brokenReferencesInAWrittenSnapshotAreFound(broken: String, named: String) throws {
        let day = Day("2026-05-01")!
        var accounts = [sampleAccount("a", "A"), sampleAccount("b", "B")]
        if broken == "an account's owner" { accounts[1].ownerId = "ghost" }
        let contacts = [
            Contact(id: "c1", accountId: "a", name: "Li"),
            Contact(id: "c2", accountId: broken.contains("contact") ? "gone" : "a", name: "Åsa"),
        ]
        let interactions = (1...4).map { n in
            Interaction(
                id: "i\(n)", accountId: "a", date: day, channel: .call, summary: "call \(n)",
                ownerId: n == 3 && broken == "an interaction's owner" ? "ghost" : "o1")
        }
        let sales = [
            Sale(id: "s1", accountId: "a", date: day, amount: Money(cents: 100)),
            Sale(id: "s2", accountId: broken.contains("sale") ? "gone" : "b", date: day, amount: Money(cents: 200)),
        ]
        let portfolio = Portfolio(
            accounts: accounts, owners: [Owner(id: "o1", name: "Ola")], contacts: contacts, interactions: interactions,
            sales: sales)
        let temp = TempDir()
        try FileManager.default.createDirectory(atPath: temp.store, withIntermediateDirectories: true)
        let written = try SnapshotCodec.encode(portfolio, journalSeq: 0)
        #expect(FileManager.default.createFile(atPath: temp.store + "/rapport.json", contents: Data(written)))
        #expect(SnapshotCodec.split(written) != nil, "the section by section path")
        if named.isEmpty {
            #expect(try JournalStore(directory: temp.store).portfolio == portfolio)
            return
        }
        let error = #expect(throws: StoreError.self) { try JournalStore(directory: temp.store) }
        #expect(error?.description.contains("broken reference: \(named)") == true, "\(error?.description ?? "")")
        #expect(bytes(temp.store + "/rapport.json") == written)
    }

    @Test func newerSchemaVersionIsRefused() throws {
        let temp = TempDir()
        try FileManager.default.createDirectory(atPath: temp.store, withIntermediateDirectories: true)
        try "{\"format\":\"rapport-store\",\"version\":99,\"accounts\":[]}".write(
            toFile: temp.store + "/rapport.json", atomically: false, encoding: .utf8)
        let error = #expect(throws: StoreError.self) { try JournalStore(directory: temp.store) }
        #expect(error?.description.contains("schema version 99") == true)
        #expect(error?.description.contains("upgrade") == true)
    }

    @Test func staleVersionFromAnotherInstanceIsAConflict() throws {
        let temp = TempDir()
        let alice = try JournalStore(directory: temp.store)
        try alice.commit([.put(.account(sampleAccount("a1", "One")), base: nil)])
        let bob = try JournalStore(directory: temp.store)

        var mine = try #require(alice.portfolio.accounts["a1"])
        mine.industry = "Alice's"
        try alice.commit([.put(.account(mine), base: 1)])

        var theirs = try #require(bob.portfolio.accounts["a1"])
        theirs.industry = "Bob's"
        let error = #expect(throws: ConflictError.self) { try bob.commit([.put(.account(theirs), base: 1)]) }
        #expect(error?.description.contains("account a1") == true)
        // Bob's refused commit still brought him up to date with Alice's change.
        #expect(bob.portfolio.accounts["a1"]?.industry == "Alice's")
        #expect(try JournalStore(directory: temp.store).portfolio.accounts["a1"]?.industry == "Alice's")
    }

    @Test func readersNoticeOtherWritersAndCompaction() throws {
        let temp = TempDir()
        let writer = try JournalStore(directory: temp.store)
        try writer.commit([.put(.account(sampleAccount("a1", "One")), base: nil)])
        let reader = try JournalStore(directory: temp.store)
        #expect(try reader.refresh() == false)
        try writer.commit([.put(.account(sampleAccount("a2", "Two")), base: nil)])
        #expect(try reader.refresh() == true)
        #expect(reader.portfolio.accounts.count == 2)
        try writer.compact()
        try writer.commit([.put(.account(sampleAccount("a3", "Three")), base: nil)])
        #expect(try reader.refresh() == true)
        #expect(reader.portfolio == writer.portfolio)
    }

    @Test func batchIsAllOrNothing() throws {
        let temp = TempDir()
        let store = try JournalStore(directory: temp.store)
        let changes: [Change] = [
            .put(.account(sampleAccount("a1", "One")), base: nil),
            .put(.account(Account(id: "a2", name: "", roles: [.customer])), base: nil),
        ]
        #expect(throws: RecordErrors.self) { try store.commit(changes) }
        #expect(store.portfolio.isEmpty)
        #expect(try JournalStore(directory: temp.store).portfolio.isEmpty)
    }

    @Test func newFilesAreOwnerOnly() throws {
        let temp = TempDir()
        let store = try JournalStore(directory: temp.store)
        try store.commit([.put(.account(sampleAccount("a1", "One")), base: nil)])
        try store.compact()
        #expect(mode(temp.store) == 0o700)
        #expect(mode(store.journalPath) == 0o600)
        #expect(mode(store.snapshotPath) == 0o600)
        #expect(mode(store.lockPath) == 0o600)
    }

    @Test func sharedGroupModeIsHonoured() throws {
        let temp = TempDir()
        let store = try JournalStore(directory: temp.store)
        var shared = Portfolio()
        shared.settings.fileMode = 0o660
        try store.replaceAll(with: shared)
        try store.commit([.put(.account(sampleAccount("a1", "One")), base: nil)])
        #expect(mode(temp.store) == 0o770)
        #expect(mode(store.snapshotPath) == 0o660)
        #expect(mode(store.journalPath) == 0o660)
    }

    @Test func aFileInsteadOfADirectoryIsRefused() throws {
        let temp = TempDir()
        try FileManager.default.createDirectory(atPath: temp.path, withIntermediateDirectories: true)
        let file = temp.path + "/plain.txt"
        try "hello".write(toFile: file, atomically: false, encoding: .utf8)
        let error = #expect(throws: StoreError.self) { try JournalStore(directory: file) }
        #expect(error?.description.contains("not a store directory") == true)
    }

    @Test func locatorFindsPathsAndSyntaxErrors() {
        let json = Array("{\n\"a\": [\n{\"b\": 1},\n{\"b\": \"x\"}\n]\n}".utf8)
        let offset = JSONLocator.offset(of: ["a", "1", "b"], in: json)
        #expect(offset.map { JSONLocator.lineAndColumn(of: $0, in: json) }.map { "\($0.line):\($0.column)" } == "4:7")
        #expect(JSONLocator.syntaxError(in: json) == nil)
        let bad = Array("{\"a\": tru}".utf8)
        #expect(JSONLocator.syntaxError(in: bad)?.offset == 9)
        let deep = Array(String(repeating: "[", count: 600).utf8)
        #expect(JSONLocator.syntaxError(in: deep)?.reason.contains("nesting") == true)
    }

    @Test func storeLocationOrder() {
        #expect(StoreLocation.resolve(flag: "/x/y/", environment: ["RAPPORT_STORE": "/env"]) == "/x/y")
        #expect(
            StoreLocation.resolve(flag: nil, environment: ["RAPPORT_STORE": "/env", "XDG_DATA_HOME": "/xdg"]) == "/env")
        #expect(
            StoreLocation.resolve(flag: nil, environment: ["XDG_DATA_HOME": "/xdg", "HOME": "/h"]) == "/xdg/rapport")
        #expect(StoreLocation.resolve(flag: nil, environment: ["HOME": "/h"]) == "/h/.local/share/rapport")
    }
}

@Suite struct SnapshotLayoutTests {
    let portfolio = Portfolio(
        accounts: (1...30).map { sampleAccount(Portfolio.makeID(.account, $0), "Account \($0) 有限公司") },
        owners: [Owner(id: "own-000001", name: "Åsa")],
        interactions: (1...5).map {
            Interaction(
                id: Portfolio.makeID(.interaction, $0), accountId: "acc-000001", date: Day("2026-01-0\($0)")!,
                channel: .call,
                summary: "line \($0)\nsecond line")
        })

    @Test func splitSectionsDecodeLikeTheWholeDocument() throws {
        let bytes = try SnapshotCodec.encode(portfolio, journalSeq: 9)
        #expect(SnapshotCodec.split(bytes) != nil)
        let fast = try SnapshotCodec.decode(bytes, file: "x")
        let whole = try SnapshotCodec.decodeWhole(bytes, file: "x")
        #expect(fast.0 == portfolio && whole.0 == portfolio)
        #expect(fast.journalSeq == 9 && whole.journalSeq == 9)
        // The same data laid out differently (as jq would) still loads, by the general path.
        let object = try JSONSerialization.jsonObject(with: Data(bytes))
        let pretty = [UInt8](try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted]))
        #expect(SnapshotCodec.split(pretty) == nil)
        #expect(try SnapshotCodec.decode(pretty, file: "x").0 == portfolio)
    }

    @Test func errorsInASectionNameTheRecordsLine() throws {
        var text = String(decoding: try SnapshotCodec.encode(portfolio, journalSeq: 1), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"name\":\"Account 7 有限公司\"", with: "\"name\":7")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let line = try #require(lines.firstIndex { $0.contains("acc-000007") }) + 1
        let error = #expect(throws: StoreError.self) { try SnapshotCodec.decode(Array(text.utf8), file: "f") }
        #expect(error?.description.hasPrefix("f:\(line):") == true, "\(error?.description ?? "nil")")
        #expect(error?.description.contains("accounts[6].name") == true)
    }

    @Test func partialLoadAddsRecordsWithFreshIds() throws {
        let temp = TempDir()
        let full = try JournalStore(directory: temp.store)
        try full.replaceAll(with: portfolio)
        let partial = try JournalStore(directory: temp.store, only: [.account, .owner])
        #expect(partial.portfolio.interactions.isEmpty)
        #expect(partial.portfolio.accounts.count == 30)
        let entry = try partial.commit { current in
            [
                .put(
                    .interaction(
                        Interaction(
                            id: current.nextID(for: .interaction), accountId: "acc-000002", date: Day("2026-02-01")!,
                            channel: .visit, summary: "New")), base: nil)
            ]
        }
        #expect(entry.changes.first?.id == "int-000006")
        let reopened = try JournalStore(directory: temp.store)
        #expect(reopened.portfolio.interactions.count == 6)
        #expect(reopened.portfolio.interactions["int-000006"]?.summary == "New")
    }

    @Test func newRecordsWithoutAnIdGetTheNextOneUnderTheLock() throws {
        let temp = TempDir()
        let store = try JournalStore(directory: temp.store)
        try store.replaceAll(with: portfolio)
        let other = try JournalStore(directory: temp.store)
        try other.commit([.put(.owner(Owner(id: "", name: "Second")), base: nil)])
        // `store` has not seen the other writer's owner; the id is still chosen after catching up.
        let entry = try store.commit([
            .put(.owner(Owner(id: "", name: "Third")), base: nil),
            .put(
                .interaction(
                    Interaction(id: "", accountId: "acc-000001", date: Day("2026-03-01")!, channel: .call, summary: "x")
                ), base: nil),
        ])
        #expect(entry.changes.map(\.id) == ["own-000003", "int-000006"])
        #expect(store.portfolio.owners["own-000002"]?.name == "Second")
        #expect(store.portfolio.owners["own-000003"]?.version == 1)
    }

    @Test func deletedSerialsAreNeverReused() throws {
        let temp = TempDir()
        let store = try JournalStore(directory: temp.store)
        try store.replaceAll(with: portfolio)
        try store.commit([.delete(.interaction, id: "int-000005", base: 1)])
        try store.compact()
        let reopened = try JournalStore(directory: temp.store)
        #expect(reopened.portfolio.interactions["int-000005"] == nil)
        #expect(reopened.portfolio.nextID(for: .interaction) == "int-000006")
        let partial = try JournalStore(directory: temp.store, only: [.account])
        #expect(partial.portfolio.nextID(for: .interaction) == "int-000006")
    }
}

@Suite struct MigrationTests {
    @Test func stepsRunInOrderAndStampTheVersion() throws {
        // A pretend schema 2 that renamed "accounts" to "organisations", migrated back to 3's "accounts".
        let old = Data(
            #"{"format":"rapport-store","version":1,"accounts":[{"id":"a","name":"A","roles":["customer"]}]}"#.utf8)
        let steps: [Int: Migrations.Step] = [
            1: { object in
                var next = object
                next["organisations"] = next.removeValue(forKey: "accounts")
                return next
            },
            2: { object in
                var next = object
                next["accounts"] = next.removeValue(forKey: "organisations")
                next["journalSeq"] = 5
                return next
            },
        ]
        let migrated = try Migrations.migrate(old, from: 1, file: "f", steps: steps, to: 3)
        let object = try #require(try JSONSerialization.jsonObject(with: migrated) as? [String: Any])
        #expect(object["version"] as? Int == 3)
        #expect(object["journalSeq"] as? Int == 5)
        #expect((object["accounts"] as? [[String: Any]])?.first?["name"] as? String == "A")
        #expect(object["organisations"] == nil)
    }

    @Test func aMissingStepIsRefusedNotGuessed() {
        let old = Data(#"{"format":"rapport-store","version":1}"#.utf8)
        #expect(throws: StoreError.self) { try Migrations.migrate(old, from: 1, file: "f", steps: [:], to: 2) }
    }
}
