import Foundation
import Testing

@testable import RapportDomain
@testable import RapportStore
@testable import RapportTools

/// The fast snapshot reader against Foundation's `JSONDecoder`, its oracle: whatever the reader
/// accepts must decode to the same value there; what it declines goes to `JSONDecoder` anyway.
@Suite struct RecordReaderTests {
    /// The record through ``RecordReader``; nil when it declines.
    func fast<R: ReadableRecord>(_ type: R.Type, _ bytes: [UInt8]) -> R? {
        bytes.withUnsafeBufferPointer { buffer in
            var reader = RecordReader(buffer, 0..<buffer.count)
            guard let record = try? R.read(&reader), reader.atEnd else { return nil }
            return record
        }
    }

    func foundation<R: ReadableRecord>(_ type: R.Type, _ bytes: [UInt8]) -> R? {
        try? JSONDecoder().decode(R.self, from: Data(bytes))
    }

    /// Checks agreement; returns whether the fast reader took the record itself.
    @discardableResult
    func agree<R: ReadableRecord>(
        _ type: R.Type, _ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation
    ) -> Bool {
        let mine = fast(type, bytes)
        let theirs = foundation(type, bytes)
        if let mine {
            #expect(
                theirs == mine,
                "reader accepted what JSONDecoder reads differently: \(String(decoding: bytes, as: UTF8.self))",
                sourceLocation: sourceLocation)
        }
        return mine != nil
    }

    func interaction(summary literal: [UInt8]) -> [UInt8] {
        Array(#"{"accountId":"acc-000001","channel":"visit","date":"2026-01-02","id":"int-1","summary":"#.utf8)
            + literal + Array("}".utf8)
    }

    @Test func everyEscapeDecodesAsJSONDecoderDoes() {
        let accepted: [String] = [
            #""plain""#, #""""#, #""\"""#, #""\\""#, #""\/""#, #""\b\f\n\r\t""#, #""\u0041""#, #""\u00e9\u00E9""#,
            #""\u4e2d\u6587""#, #""\ud83d\ude00""#, #""\uD83D\uDE00 after""#, #""a\u0000b""#, #""\u001b[31mred""#,
            #""\u009b\u202e""#, #""Zoë 成都新材料 😀""#, #""mixed é \n 中""#, #""\uffff\ufffe""#,
        ]
        for literal in accepted {
            #expect(agree(Interaction.self, interaction(summary: Array(literal.utf8))), "declined \(literal)")
        }
        let declined: [[UInt8]] = [
            Array(#""\ud800""#.utf8), Array(#""\udc00""#.utf8), Array(#""\ud800\u0041""#.utf8),
            Array(#""\ud800x""#.utf8), Array(#""\x""#.utf8), Array(#""\u12""#.utf8), Array(#""\u12g4""#.utf8),
            Array(#""\""#.utf8), Array(#""unterminated"#.utf8), [0x22, 0x61, 0x01, 0x22], [0x22, 0x0A, 0x22],
            [0x22, 0xFF, 0x22], [0x22, 0xC0, 0xAF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xE4, 0xB8, 0x22],
            [0x22, 0x61, 0x5C, 0x22],
        ]
        for literal in declined {
            let bytes = interaction(summary: literal)
            #expect(!agree(Interaction.self, bytes))
            #expect(foundation(Interaction.self, bytes) == nil, "JSONDecoder accepts \(literal)")
        }
    }

    @Test func everyNumberFormDecodesAsJSONDecoderDoes() {
        func sale(amount: String, version: String = "1") -> [UInt8] {
            Array(
                #"{"accountId":"acc-1","amount":\#(amount),"date":"2026-01-02","id":"sal-1","version":\#(version)}"#
                    .utf8)
        }
        func evaluation(score: String) -> [UInt8] {
            Array(
                #"{"accountId":"acc-1","id":"eva-1","period":"2026-01","scores":{"quality":\#(score)},"version":1}"#
                    .utf8)
        }
        let plain = [
            "0", "-0", "1", "12.5", "12.50", "0.1", "-3.75", "1.0", "-0.0", "999999999999.99", "0.005", "0.015",
            "1234.565", "100000000000", "-100000000000", "0.30000000000000", "7.000000000000001",
        ]
        for number in plain where number.filter(\.isNumber).count <= 15 {
            #expect(agree(Sale.self, sale(amount: number)), "declined amount \(number)")
            #expect(agree(SupplierEvaluation.self, evaluation(score: number)), "declined score \(number)")
        }
        // Long, exponent and invalid forms: declined, so JSONDecoder decides.
        let other = [
            "1e2", "1E+2", "1.5e-3", "1e400", "-1e400", "2e-400", "01", "-01", ".5", "1.", "-", "+1", "0x10", "NaN",
            "Infinity", "1234567890123456", "0.1234567890123456", "123456789012345678901234567890", "1_000", "1..2",
            "1e", "--1", "1.7976931348623157e308", "1000000000001",
        ]
        for number in other {
            let viaReader = fast(Sale.self, sale(amount: number))
            #expect(viaReader == nil || viaReader == foundation(Sale.self, sale(amount: number)), "\(number)")
            agree(SupplierEvaluation.self, evaluation(score: number))
        }
        for version in ["1", "0", "-1", "42", "999999999999999"] {
            #expect(agree(Sale.self, sale(amount: "1", version: version)), "declined version \(version)")
        }
        for version in ["1.0", "1e0", "1.5", "true", "\"1\"", "null", "9223372036854775808", "01"] {
            agree(Sale.self, sale(amount: "1", version: version))
            #expect(fast(Sale.self, sale(amount: "1", version: version)) == nil, "accepted version \(version)")
        }
        // Amounts beyond Money's limit are refused by both.
        #expect(fast(Sale.self, sale(amount: "100000000000000")) == nil)
    }

    @Test func structureVariantsDecodeAsJSONDecoderDoes() {
        let full =
            #"{"accountId":"acc-1","channel":"call","date":"2026-03-04","done":true,"followUp":"2026-03-09","id":"int-7","kind":"commitment","ownerId":"own-2","summary":"Send terms","version":3}"#
        let accepted = [
            full,
            " {\n\t\"id\" : \"int-7\" ,\r\n \"accountId\":\"acc-1\", \"date\":\"2026-03-04\",\"channel\":\"call\",\"summary\":\"s\" } ",
            #"{"accountId":"acc-1","channel":"call","date":"2026-03-04","id":"int-7","summary":"s","ownerId":null,"followUp":null,"done":null,"kind":null,"version":null}"#,
        ]
        for text in accepted { #expect(agree(Interaction.self, Array(text.utf8)), "declined \(text)") }
        let variants = [
            #"{"accountId":"acc-1","channel":"call","date":"2026-03-04","id":"int-7"}"#,
            #"{"accountId":"acc-1","channel":"call","date":"2026-03-04","id":"int-7","summary":null}"#,
            #"{"accountId":"acc-1","channel":"call","date":"2026-03-04","id":"int-7","summary":"s","id":"int-8"}"#,
            #"{"accountId":"acc-1","channel":"call","date":"2026-03-04","id":"int-7","summary":"s","extra":1}"#,
            #"{"accountId":"acc-1","channel":"call","date":"2026-03-04","i\u0064":"int-7","summary":"s"}"#,
            #"{"accountId":"acc-1","channel":"fax","date":"2026-03-04","id":"int-7","summary":"s"}"#,
            #"{"accountId":"acc-1","channel":"call","date":"2026-02-30","id":"int-7","summary":"s"}"#,
            #"{"accountId":"acc-1","channel":"call","date":"2026-3-4","id":"int-7","summary":"s"}"#,
            #"{"accountId":"acc-1","channel":"call","date":"2026-03-04","id":7,"summary":"s"}"#,
            #"{"accountId":"acc-1","channel":"call","date":"2026-03-04","id":"int-7","summary":"s","done":1}"#,
            #"{"accountId":"acc-1","channel":"call","date":"2026-03-04","id":"int-7","summary":"s",}"#,
            #"{"accountId":"acc-1","channel":"call","date":"2026-03-04","id":"int-7","summary":"s"} x"#,
            #"{"accountId":"acc-1","channel":"call","date":"2026-03-04","id":"int-7","summary":"s""#,
            #"["not an object"]"#, "{}", "",
        ]
        for text in variants {
            #expect(!agree(Interaction.self, Array(text.utf8)), "accepted \(text)")
        }
    }

    @Test func datesAndMonthsDecodeAsJSONDecoderDoes() {
        func evaluation(_ period: String) -> [UInt8] {
            Array(#"{"accountId":"a","id":"e","period":"\#(period)","scores":{},"version":1}"#.utf8)
        }
        func sale(_ date: String) -> [UInt8] {
            Array(#"{"accountId":"a","amount":1,"date":"\#(date)","id":"s","version":1}"#.utf8)
        }
        for period in ["2026-01", "2026-12", "0001-01", "9999-12"] {
            #expect(agree(SupplierEvaluation.self, evaluation(period)), "declined \(period)")
        }
        for period in ["2026-13", "2026-00", "2026-1", "+123-01", "0000-01", "2026-1a", "2026/01", "2026-01-01", ""] {
            #expect(!agree(SupplierEvaluation.self, evaluation(period)), "accepted \(period)")
        }
        for date in ["2026-01-31", "2024-02-29", "0001-01-01", "9999-12-31"] {
            #expect(agree(Sale.self, sale(date)), "declined \(date)")
        }
        for date in ["2026-02-29", "2026-04-31", "2026-1-1", "2026-01-1a", "+026-01-01", "2026_01_01", "0000-01-01"] {
            #expect(!agree(Sale.self, sale(date)), "accepted \(date)")
        }
    }

    @Test func timestampFormsDecodeAsJSONDecoderDoes() throws {
        func account(createdAt: String) -> [UInt8] {
            Array(#"{"id":"acc-1","name":"A","roles":["customer"],"createdAt":"\#(createdAt)","version":1}"#.utf8)
        }
        let accepted = [
            "2026-01-02T03:04:05Z", "2024-02-29T23:59:59Z", "0001-01-01T00:00:00Z", "9999-12-31T12:30:00Z",
        ]
        for text in accepted {
            #expect(agree(Account.self, account(createdAt: text)), "declined \(text)")
            #expect(fast(Account.self, account(createdAt: text))?.createdAt == Timestamp(text))
        }
        let declined = [
            "2026-01-02T24:00:00Z", "2026-01-02T03:60:05Z", "2026-01-02T03:04:60Z", "2026-02-30T03:04:05Z",
            "2026-01-02 03:04:05Z", "2026-01-02T03:04:05", "2026-01-02T03:04:05+00:00", "2026-01-02T3:04:05Z",
            "2026-01-02T+3:04:05Z", "2026-01-02T03-04-05Z", "2026-01-02T03:04:05z", "2026-1-02T03:04:05Z", "",
        ]
        for text in declined {
            #expect(!agree(Account.self, account(createdAt: text)), "accepted \(text)")
        }
    }

    @Test func everyKindMatchesJSONDecoderOnDemoData() throws {
        let portfolio = DemoGenerator(accounts: 60, end: Day("2026-11-20")!, interactionsPerAccount: 6).generate()
        let encoder = SnapshotCodec.recordEncoder()
        func check<R: ReadableRecord>(_ records: LazyMapCollection<RecordMap<R>, R>) throws {
            #expect(!records.isEmpty)
            for record in records {
                let bytes = [UInt8](try encoder.encode(record))
                #expect(fast(R.self, bytes) == record)
                #expect(foundation(R.self, bytes) == record)
            }
        }
        try check(portfolio.accounts.values)
        try check(portfolio.owners.values)
        try check(portfolio.contacts.values)
        try check(portfolio.interactions.values)
        try check(portfolio.sales.values)
        try check(portfolio.purchases.values)
        try check(portfolio.evaluations.values)
        // Every optional field present, and hostile text in every string.
        let hostile = "Zoë \u{1B}]52;c;x\u{07} 成都 \u{202E}\"\\/\u{0}\u{1F600}"
        let account = Account(
            id: "acc-x", version: 4, name: hostile, roles: [.supplier, .customer], industry: hostile, region: "r",
            country: "c", website: "w", tags: [hostile, ""], status: .dormant, ownerId: "own-1", notes: hostile,
            annualRevenue: Money(cents: 123_456_789), ratings: Ratings(creditStatus: 1, supplyRisk: 5),
            createdAt: Timestamp("2026-01-02T03:04:05Z"), updatedAt: Timestamp("2026-01-02T03:04:06Z"))
        let bytes = [UInt8](try encoder.encode(account))
        #expect(fast(Account.self, bytes) == account)
        let owner = Owner(
            id: "own-x", version: 2, name: hostile, email: "a@b.c", team: hostile, capacity: 3, active: false)
        #expect(fast(Owner.self, [UInt8](try encoder.encode(owner))) == owner)
        let contact = Contact(
            id: "con-x", accountId: "acc-x", name: hostile, title: hostile, email: "e", phone: "+1",
            preferredChannel: .chat)
        #expect(fast(Contact.self, [UInt8](try encoder.encode(contact))) == contact)
    }

    @Test func piecesOfAnySizeDecodeLikeTheWholeDocument() throws {
        let portfolio = DemoGenerator(accounts: 40, end: Day("2026-11-20")!, interactionsPerAccount: 5).generate()
        let bytes = try SnapshotCodec.encode(portfolio, journalSeq: 3)
        let sections = try #require(SnapshotCodec.split(bytes))
        for size in [1, 64, 700, 1 << 20] {
            let collected = try SnapshotCodec.decodeRecords(RecordKind.allCases, sections, bytes, pieceSize: size)
            // Each kind in the pieces it was decoded in, in the file's order.
            #expect(Set(collected.interactions.joined().map(\.id)) == Set(portfolio.interactions.keys))
            #expect(collected.sales.joined().map(\.id) == portfolio.records(of: .sale).map(\.id))
            #expect(Portfolio(accounts: Array(collected.accounts.joined())).accounts == portfolio.accounts)
            #expect(Portfolio(sales: Array(collected.sales.joined())).sales == portfolio.sales)
            #expect(size > 64 || collected.sales.count > 1)
            // Keyed from the pieces as they are, a later record with an id replacing an earlier.
            #expect(Portfolio.keyed(pieces: collected.sales) == portfolio.sales)
        }
        let ranges = bytes.withUnsafeBufferPointer { buffer in
            SnapshotCodec.split(buffer, section: sections["interactions"]!, pieceSize: 64)
        }
        #expect((ranges?.count ?? 0) > 100)
    }

    @Test func aRecordSpreadOverLinesFallsBackToTheGeneralReader() throws {
        let portfolio = DemoGenerator(accounts: 12, end: Day("2026-11-20")!, interactionsPerAccount: 2).generate()
        var text = String(decoding: try SnapshotCodec.encode(portfolio, journalSeq: 1), as: UTF8.self)
        // Put every ratings object on a line of its own, starting with `{`: cuts can land inside records.
        text = text.replacingOccurrences(of: "\"ratings\":{", with: "\"ratings\":\n{")
        let bytes = Array(text.utf8)
        let sections = try #require(SnapshotCodec.split(bytes))
        let collected = try SnapshotCodec.decodeRecords([.account], sections, bytes, pieceSize: 1)
        #expect(Portfolio(accounts: Array(collected.accounts.joined())).accounts == portfolio.accounts)
        #expect(try SnapshotCodec.decode(bytes, file: "x").0 == portfolio)
    }

    @Test func aBadRecordIsStillReportedWithItsLine() throws {
        let portfolio = DemoGenerator(accounts: 12, end: Day("2026-11-20")!, interactionsPerAccount: 2).generate()
        var lines = String(decoding: try SnapshotCodec.encode(portfolio, journalSeq: 1), as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let line = try #require(lines.firstIndex { $0.hasPrefix("{") && $0.contains("\"sal-") })
        lines[line] = lines[line].replacingOccurrences(of: "\"date\":\"", with: "\"date\":\"x")
        let error = #expect(throws: StoreError.self) {
            try SnapshotCodec.decode(Array(lines.joined(separator: "\n").utf8), file: "f")
        }
        #expect(error?.description.hasPrefix("f:\(line + 1):") == true, "\(error?.description ?? "nil")")
        #expect(error?.description.contains("sales[0].date") == true, "\(error?.description ?? "nil")")
    }

    @Test func aRepeatedIdIsStillReported() throws {
        let portfolio = DemoGenerator(accounts: 12, end: Day("2026-11-20")!, interactionsPerAccount: 2).generate()
        let text = String(decoding: try SnapshotCodec.encode(portfolio, journalSeq: 1), as: UTF8.self)
        let twice = text.replacingOccurrences(of: "\"id\":\"int-000002\"", with: "\"id\":\"int-000001\"")
        let error = #expect(throws: StoreError.self) { try SnapshotCodec.decode(Array(twice.utf8), file: "f") }
        #expect(error?.description.contains("int-000001' appears twice") == true, "\(error?.description ?? "nil")")
    }
}
