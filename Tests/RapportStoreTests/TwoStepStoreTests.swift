import Foundation
import Testing

@testable import RapportDomain
@testable import RapportStore
@testable import RapportTools

/// Opening a large store in two steps: the snapshot's start holds the header, accounts and
/// owners, so the first step reads only that; the rest is read on another thread.
@Suite struct TwoStepStoreTests {
    /// Sections are encoded in runs of 4,096 records on every core: each line is still the record
    /// encoded alone, in id order, across the runs' edges, and the snapshot reads back the same.
    @Test func sectionsEncodedInParallelKeepTheirOrder() throws {
        let portfolio = DemoGenerator(accounts: 900, seed: 3, end: Day("2026-11-20")!, interactionsPerAccount: 10)
            .generate()
        #expect(portfolio.interactions.count > 2 * 4096)
        let bytes = try SnapshotCodec.encode(portfolio, journalSeq: 7)
        #expect(try SnapshotCodec.encode(portfolio, journalSeq: 7) == bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        let encoder = SnapshotCodec.recordEncoder()
        for kind in [RecordKind.interaction, .sale] {
            let start = try #require(text.range(of: "\"\(kind.plural)\": [\n"))
            let end = try #require(text.range(of: "\n]", range: start.upperBound..<text.endIndex))
            let lines = text[start.upperBound..<end.lowerBound].split(separator: "\n").map {
                $0.hasSuffix(",") ? String($0.dropLast()) : String($0)
            }
            let expected = try portfolio.records(of: kind).map {
                String(decoding: try encoder.encode(BareRecord($0)), as: UTF8.self)
            }
            #expect(lines == expected, "\(kind)")
        }
        let (decoded, seq) = try SnapshotCodec.decode(bytes, file: "test")
        #expect(decoded == portfolio && seq == 7)
    }

    static let end = Day("2026-06-30")!
    static let portfolio = DemoGenerator(accounts: 40, seed: 2, end: end, interactionsPerAccount: 3).generate()

    /// The top-level keys of a snapshot in file order.
    func keys(_ bytes: [UInt8]) -> [String] {
        String(decoding: bytes, as: UTF8.self).split(separator: "\n").compactMap { line in
            guard line.hasPrefix("\""), let end = line.dropFirst().firstIndex(of: "\"") else { return nil }
            return String(line[line.index(after: line.startIndex)..<end])
        }
    }

    /// The same snapshot with its keys sorted, as Rapport wrote it before the header came first.
    func olderLayout(_ bytes: [UInt8]) throws -> [UInt8] {
        let sections = try #require(SnapshotCodec.split(bytes))
        let body = sections.keys.sorted().map { "\"\($0)\": " + String(decoding: bytes[sections[$0]!], as: UTF8.self) }
        return Array(("{\n" + body.joined(separator: ",\n") + "\n}\n").utf8)
    }

    @Test func theSnapshotStartsWithTheHeaderThenAccountsAndOwners() throws {
        let bytes = try SnapshotCodec.encode(TwoStepStoreTests.portfolio, journalSeq: 3)
        #expect(
            keys(bytes) == [
                "format", "version", "journalSeq", "seal", "serials", "settings", "accounts", "owners", "contacts",
                "evaluations", "interactions", "purchases", "sales",
            ])
        // Both layouts read the same, in whole and in part.
        let older = try olderLayout(bytes)
        #expect(older != bytes)
        let (whole, seq) = try SnapshotCodec.decode(older, file: "older")
        #expect(whole == TwoStepStoreTests.portfolio && seq == 3)
        let (part, _) = try SnapshotCodec.decode(older, file: "older", only: firstKinds)
        #expect(part.accounts == whole.accounts && part.owners == whole.owners && part.sales.isEmpty)
    }

    @Test func theFirstStepNeedsOnlyTheStartOfTheFile() throws {
        let bytes = try SnapshotCodec.encode(TwoStepStoreTests.portfolio, journalSeq: 3)
        let length = try #require(SnapshotCodec.prefixLength(bytes, covering: firstKinds))
        #expect(length < bytes.count / 2)
        var start = bytes
        SnapshotCodec.close(&start, at: length)
        let (part, seq) = try SnapshotCodec.decode(start, file: "x", only: firstKinds)
        #expect(seq == 3)
        #expect(part.accounts == TwoStepStoreTests.portfolio.accounts)
        #expect(part.owners == TwoStepStoreTests.portfolio.owners)
        #expect(part.serials == TwoStepStoreTests.portfolio.serials, "new ids must not reuse the unread kinds' ones")
        #expect(part.settings == TwoStepStoreTests.portfolio.settings)
        // Every cut of the file: not enough yet, or exactly the same length.
        for cut in 0...bytes.count {
            let found = SnapshotCodec.prefixLength(Array(bytes[0..<cut]), covering: firstKinds)
            #expect(found == nil || found == length, "cut at \(cut)")
            if cut < length { #expect(found == nil, "cut at \(cut)") }
        }
        // The older layout has the owners after the history: its start is never enough.
        #expect(SnapshotCodec.prefixLength(try olderLayout(bytes), covering: firstKinds) == nil)
    }

    @Test func readingTheStartStopsAtTheFirstChunkThatIsEnough() throws {
        let directory = TempDir()
        try FileManager.default.createDirectory(atPath: directory.path, withIntermediateDirectories: true)
        let path = directory.path + "/file"
        var content = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        content[300] = UInt8(ascii: "X")
        #expect(FileManager.default.createFile(atPath: path, contents: Data(content)))
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        let (start, found) = try POSIXFile.readStart(fd, path: path, chunk: 64) { $0.firstIndex(of: UInt8(ascii: "X")) }
        #expect(found == 300)
        #expect(start.count == 512 && start == Array(content[0..<512]))
        let (all, none) = try POSIXFile.readStart(fd, path: path, chunk: 100) { $0.firstIndex(of: UInt8(ascii: "Y")) }
        #expect(none == nil && all == content)
        let (whole, _) = try POSIXFile.readStart(fd, path: path, chunk: 4096) { _ in Int?.none }
        #expect(whole == content)
        #expect(try POSIXFile.read(fd, from: 990, path: path) == Array(content[990...]))
    }

    @Test func aPartialStoreSeesTheJournalAndGivesFreshIds() throws {
        let directory = TempDir()
        let store = try JournalStore(directory: directory.store)
        try store.replaceAll(with: TwoStepStoreTests.portfolio)
        var account = try #require(store.portfolio.accounts.values.min { $0.id < $1.id })
        account.name = "Renamed Ödegård 成都"
        try store.commit([.put(.account(account), base: account.version)], by: "tester")
        let first = try JournalStore(directory: directory.store, only: firstKinds)
        #expect(first.isPartial)
        #expect(first.portfolio.accounts == store.portfolio.accounts)
        #expect(first.portfolio.owners == store.portfolio.owners)
        #expect(first.portfolio.sales.isEmpty && first.portfolio.interactions.isEmpty)
        #expect(first.portfolio.serials == store.portfolio.serials)
        #expect(first.lastSeq == store.lastSeq)
    }

    @Test func aBadHistoryLineFailsTheSecondStepAndChangesNothing() throws {
        let directory = TempDir()
        try JournalStore(directory: directory.store).replaceAll(with: TwoStepStoreTests.portfolio)
        let path = directory.store + "/rapport.json"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        let sales = try #require(text.range(of: "\"sales\": ["))
        let sale = try #require(text.range(of: "\"amount\":", range: sales.upperBound..<text.endIndex))
        text.replaceSubrange(sale, with: "\"amount\":\"lots\",\"was\":")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let before = bytes(path)
        // The first step reads accounts and owners, which are fine.
        let first = try JournalStore(directory: directory.store, only: firstKinds)
        #expect(first.portfolio.accounts.count == TwoStepStoreTests.portfolio.accounts.count)
        let result = Result { try JSONStoreOpener(directory: directory.store).open(only: nil) }
        guard case .failure(let error) = result else {
            Issue.record("the bad sale was read")
            return
        }
        #expect("\(error)".contains("rapport.json:"))
        #expect("\(error)".contains("sales"))
        #expect(bytes(path) == before)
    }
}

/// What the dashboard's first step reads from a large store.
private let firstKinds: Set<RecordKind> = [.account, .owner]
