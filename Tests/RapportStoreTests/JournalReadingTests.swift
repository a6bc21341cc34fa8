import Foundation
import Testing

@testable import RapportDomain
@testable import RapportStore
@testable import RapportTools

/// The journal read by ``RecordReader`` against `JSONDecoder`, its oracle: every line must give
/// the same entry, or the same error, either way.
@Suite struct JournalReadingTests {
    func bothWays(_ text: String) -> (
        fast: Result<[JournalEntry], StoreError>, general: Result<[JournalEntry], StoreError>
    ) {
        func read(fast: Bool) -> Result<[JournalEntry], StoreError> {
            Result { () throws(StoreError) in
                try JournalReader.read(Array(text.utf8), firstLine: 1, file: "journal.jsonl", fast: fast).entries
            }
        }
        return (read(fast: true), read(fast: false))
    }

    func same(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let (fast, general) = bothWays(text)
        switch (fast, general) {
        case (.success(let a), .success(let b)): #expect(a == b, sourceLocation: sourceLocation)
        case (.failure(let a), .failure(let b)):
            #expect(a.description == b.description, sourceLocation: sourceLocation)
        default: Issue.record("one way read it, the other refused: \(text)", sourceLocation: sourceLocation)
        }
    }

    @Test func aJournalOfEveryKindOfEditReadsAsJSONDecoderReadsIt() throws {
        let temp = TempDir()
        let store = try JournalStore(directory: temp.store)
        try store.replaceAll(with: DemoGenerator(accounts: 40, seed: 5, end: Day("2026-06-30")!).generate())
        let portfolio = store.portfolio
        // Changed accounts (with diffs), a bulk edit, new records of the history kinds with text
        // that needs escapes, a deletion.
        var accounts = portfolio.accounts.values.sorted { $0.id < $1.id }
        for index in accounts.indices.prefix(25) {
            accounts[index].name += " \"Nord\" \\ Süd 成都 😀"
            accounts[index].tags.append("quote\" slash/")
            accounts[index].ratings.inputCost = index % 5 + 1
        }
        try store.commit(accounts.prefix(25).map { .put(.account($0), base: portfolio.accounts[$0.id]!.version) })
        let customers = accounts.filter(\.isCustomer)
        let suppliers = accounts.filter(\.isSupplier)
        let customer = try #require(customers.first)
        let supplier = try #require(suppliers.first)
        try store.commit([
            .put(
                .interaction(
                    Interaction(
                        id: "", accountId: customer.id, date: Day("2026-06-01")!, channel: .email, kind: .complaint,
                        summary: "Line one\nline two: \"quoted\" / slash \\ back", ownerId: customer.ownerId,
                        followUp: Day("2026-06-09")!)), base: nil),
            .put(
                .sale(Sale(id: "", accountId: customer.id, date: Day("2026-06-02")!, amount: Money(cents: 1_234_567))),
                base: nil),
            .put(
                .purchase(Purchase(id: "", accountId: supplier.id, date: Day("2026-06-03")!, amount: Money(cents: 99))),
                base: nil),
            .put(
                .evaluation(
                    SupplierEvaluation(
                        id: "", accountId: supplier.id, period: YearMonth("2027-05")!, scores: [.quality: 87.5])),
                base: nil),
        ])
        let contact = try #require(portfolio.contacts.values.min { $0.id < $1.id })
        try store.commit([.delete(.contact, id: contact.id, base: contact.version)])
        let text = try String(contentsOfFile: store.journalPath, encoding: .utf8)
        let (fast, general) = bothWays(text)
        let entries = try fast.get()
        let expected = try general.get()
        #expect(entries == expected)
        #expect(entries.count == 3)
        #expect(entries.contains { $0.diffs?.isEmpty == false })
        // And the reader read every line itself: none went to JSONDecoder.
        let bytes = Array(text.utf8)
        var start = 0
        while let newline = bytes[start...].firstIndex(of: 0x0A) {
            #expect(JournalReader.readFast(bytes, start..<newline) != nil)
            start = newline + 1
        }
    }

    @Test func linesTheReaderDeclinesReadAsBefore() {
        let put =
            #"{"base":null,"kind":"interaction","op":"put","record":{"accountId":"a1","channel":"call","date":"2026-01-02","id":"int-1","summary":"x"}}"#
        let lines = [
            #"{"at":"2026-11-29T22:15:38Z","by":"root","changes":[\#(put)],"seq":2}"#,
            #"{"at":"2026-11-29T22:15:38Z","by":"root","changes":[\#(put)],"seq":2,"extra":1}"#,
            #"{"at":"2026-11-29T22:15:38Z","by":"root","changes":[\#(put)],"seq":2,"seq":3}"#,
            #"{"at":"2026-11-29T22:15:38Z","by":"root","changes":[\#(put)],"seq":2e0}"#,
            #"{"at":"2026-11-29T22:15:38Z","by":"root","changes":[],"diffs":{"a\u0031":[{"field":"name","from":"A","to":"B"}]},"seq":2}"#,
            #"{"at":"2026-11-29T22:15:38Z","by":"root","changes":[],"diffs":null,"seq":2}"#,
            #"{"at":"2026-11-29T22:15:38Z","by":"root","changes":[{"record":{"id":"x"},"kind":"owner","op":"put","base":null}],"seq":2}"#,
            #"{"at":"2026-11-29T22:15:38Z","by":"root","changes":[{"base":null,"id":"a1","kind":"account","op":"delete"}],"seq":2}"#,
            #"{"at":"2026-11-29T22:15:38Z","by":"root","changes":[{"base":1,"id":"a1","kind":"account","op":"rename"}],"seq":2}"#,
            #"{"at":"2026-11-29T22:15:38Z","by":"root","changes":[{"base":1,"id":"a1","kind":"account","op":"delete"}],"seq":2}"#,
            #"{"at":"2026-11-29 22:15","by":"root","changes":[],"seq":2}"#,
            #"{"at":"2026-11-29T22:15:38Z","by":null,"changes":[],"seq":2}"#,
            #"  {"at":"2026-11-29T22:15:38Z","by":"r\u00f6ot","changes":[],"seq":2}  "#,
            #"{"at":"2026-11-29T22:15:38Z","by":"root","changes":[],"seq":2} trailing"#,
            "   ",
        ]
        for line in lines { same(line + "\n") }
    }
}
