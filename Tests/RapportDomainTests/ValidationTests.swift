import Testing

@testable import RapportDomain

@Suite struct ValidationTests {
    let base = Portfolio(
        accounts: [customer("a1", "Kontorsmöbler AB"), supplier("s1", "PT Pemasok Jaya")],
        owners: [Owner(id: "o1", name: "Åsa Öberg", email: "asa@example.com")])

    /// Each bad record, and the field its first error must name.
    static let badRecords: [(String, AnyRecord, String)] = [
        ("empty name", .account(Account(id: "a2", name: "  ", roles: [.customer])), "name"),
        ("duplicate name", .account(Account(id: "a2", name: "kontorsmöbler ab", roles: [.customer])), "name"),
        ("no roles", .account(Account(id: "a2", name: "X", roles: [])), "roles"),
        ("ESC in name", .account(Account(id: "a2", name: "Evil\u{1B}[2J", roles: [.customer])), "name"),
        ("bidi override", .account(Account(id: "a2", name: "abc\u{202E}def", roles: [.customer])), "name"),
        (
            "rating 6", .account(Account(id: "a2", name: "X", roles: [.customer], ratings: Ratings(inputCost: 6))),
            "ratings.inputCost"
        ),
        (
            "rating 0", .account(Account(id: "a2", name: "X", roles: [.customer], ratings: Ratings(creditStatus: 0))),
            "ratings.creditStatus"
        ),
        (
            "alternatives -1",
            .account(Account(id: "a2", name: "X", roles: [.customer], ratings: Ratings(alternatives: -1))),
            "ratings.alternatives"
        ),
        ("unknown owner", .account(Account(id: "a2", name: "X", roles: [.customer], ownerId: "nobody")), "ownerId"),
        (
            "huge name", .account(Account(id: "a2", name: String(repeating: "x", count: 201), roles: [.customer])),
            "name"
        ),
        ("bad email", .owner(Owner(id: "o2", name: "Bo", email: "not-an-email")), "email"),
        ("capacity 0", .owner(Owner(id: "o2", name: "Bo", capacity: 0)), "capacity"),
        ("duplicate email", .owner(Owner(id: "o2", name: "Bo", email: "ASA@example.com")), "email"),
        ("contact dangling", .contact(Contact(id: "c1", accountId: "zz", name: "Li")), "accountId"),
        ("contact phone", .contact(Contact(id: "c1", accountId: "a1", name: "Li", phone: "call me")), "phone"),
        (
            "empty summary",
            .interaction(Interaction(id: "i1", accountId: "a1", date: Day("2026-01-01")!, channel: .call, summary: "")),
            "summary"
        ),
        (
            "follow-up before date",
            .interaction(
                Interaction(
                    id: "i1", accountId: "a1", date: Day("2026-01-02")!, channel: .call, summary: "x",
                    followUp: Day("2026-01-01")!)), "followUp"
        ),
        (
            "sale to supplier-only",
            .sale(Sale(id: "x", accountId: "s1", date: Day("2026-01-01")!, amount: Money(cents: 1))), "accountId"
        ),
        (
            "purchase from customer-only",
            .purchase(Purchase(id: "x", accountId: "a1", date: Day("2026-01-01")!, amount: Money(cents: 1))),
            "accountId"
        ),
        (
            "amount too large",
            .sale(Sale(id: "x", accountId: "a1", date: Day("2026-01-01")!, amount: Money(cents: Int64.max / 2))),
            "amount"
        ),
        (
            "score 101",
            .evaluation(
                SupplierEvaluation(id: "e", accountId: "s1", period: YearMonth("2026-01")!, scores: [.quality: 101])),
            "scores.quality"
        ),
        (
            "score NaN",
            .evaluation(
                SupplierEvaluation(id: "e", accountId: "s1", period: YearMonth("2026-01")!, scores: [.price: .nan])),
            "scores.price"
        ),
        (
            "no scores",
            .evaluation(SupplierEvaluation(id: "e", accountId: "s1", period: YearMonth("2026-01")!, scores: [:])),
            "scores"
        ),
        ("empty id", .account(Account(id: "", name: "X", roles: [.customer])), "id"),
    ]

    @Test(arguments: badRecords)
    func rejectsWithFieldAndAdvice(label: String, record: AnyRecord, field: String) {
        var portfolio = base
        let errors = portfolio.validate(record)
        #expect(errors.first?.field == field, "\(label): \(errors)")
        #expect(errors.allSatisfy { !$0.message.isEmpty }, "\(label)")
        #expect(throws: RecordErrors.self) { try portfolio.apply(.put(record, base: nil)) }
        #expect(portfolio == base, "\(label): nothing applied")
    }

    @Test func goodRecordsPass() {
        let records: [AnyRecord] = [
            .account(
                Account(id: "a2", name: "上海供应链有限公司", roles: [.customer, .supplier], ratings: Ratings(alternatives: 0))),
            .owner(Owner(id: "o2", name: "Budi Santoso", email: "budi@example.co.id")),
            .contact(
                Contact(id: "c1", accountId: "a1", name: "Märta", phone: "+46 (0)8-123 45", preferredChannel: .visit)),
            .interaction(
                Interaction(
                    id: "i1", accountId: "a1", date: Day("2026-01-01")!, channel: .visit, summary: "Line one\nline two",
                    followUp: Day("2026-01-01")!)),
            .evaluation(
                SupplierEvaluation(
                    id: "e", accountId: "s1", period: YearMonth("2026-01")!, scores: [.quality: 0, .delivery: 100])),
        ]
        for record in records { #expect(base.validate(record).isEmpty, "\(record)") }
    }

    @Test func versionsGrowAndStaleEditsConflict() throws {
        var portfolio = base
        var account = try #require(portfolio.accounts["a1"])
        #expect(account.version == 1)
        account.industry = "Furniture"
        try portfolio.apply(.put(.account(account), base: 1))
        #expect(portfolio.accounts["a1"]?.version == 2)
        // Someone still holding version 1 tries to save: refused, naming the record.
        account.industry = "Other"
        let error = #expect(throws: ConflictError.self) { try portfolio.apply(.put(.account(account), base: 1)) }
        #expect(error?.id == "a1")
        #expect(error?.description.contains("account a1") == true)
        #expect(portfolio.accounts["a1"]?.industry == "Furniture")
        // Creating an id that exists is a conflict too.
        #expect(throws: ConflictError.self) { try portfolio.apply(.put(.account(account), base: nil)) }
    }

    @Test func deleteWithDependentsIsRefusedWithAdvice() throws {
        var portfolio = base
        try portfolio.apply(.put(.contact(Contact(id: "c1", accountId: "a1", name: "Li")), base: nil))
        let error = #expect(throws: RecordErrors.self) { try portfolio.apply(.delete(.account, id: "a1", base: 1)) }
        #expect(error?.description.contains("archive") == true)
        try portfolio.apply(.delete(.contact, id: "c1", base: 1))
        try portfolio.apply(.delete(.account, id: "a1", base: 1))
        #expect(portfolio.accounts["a1"] == nil)
        #expect(portfolio.account(matching: "Kontorsmöbler AB") == nil)
    }

    @Test func nameKeysAreTrimmedAndLowercasedAsTheStandardLibraryDoes() {
        let names = [
            "Kontorsmöbler AB", "  ACME Corp\t", "ÅKERÖ LIVS", "成都包装 LTD", "İstanbul Ticaret", "ΑΘΗΝΑ", "ß Straße",
            "\nPT MAJU\r\n", "", "   ", "a\u{301}B", "ＡＢＣ", "mixed CASE 123 !@#",
        ]
        for name in names {
            #expect(Portfolio.nameKey(name) == String(name.trimmingASCIIWhitespace()).lowercased(), "\(name)")
        }
        #expect(Portfolio.nameKey("  ACME Corp\t") == "acme corp")
    }

    @Test func renameFreesTheOldName() throws {
        var portfolio = base
        var account = try #require(portfolio.accounts["a1"])
        account.name = "Renamed AB"
        try portfolio.apply(.put(.account(account), base: 1))
        #expect(portfolio.account(matching: "renamed ab")?.id == "a1")
        #expect(portfolio.account(matching: "Kontorsmöbler AB") == nil)
        try portfolio.apply(.put(.account(Account(id: "a3", name: "Kontorsmöbler AB", roles: [.customer])), base: nil))
    }

    @Test func problemsFindDuplicatesAndDanglingReferences() {
        let portfolio = Portfolio(
            accounts: [customer("a", "Same"), customer("b", "same ")],
            contacts: [Contact(id: "c", accountId: "gone", name: "Li")])
        let problems = portfolio.problems()
        #expect(problems.contains { $0.id == "b" && $0.errors.contains { $0.field == "name" } })
        #expect(problems.contains { $0.id == "c" && $0.errors.contains { $0.field == "accountId" } })
        #expect(RecordKind.allCases.compactMap { portfolio.firstBrokenReference(of: $0) }.first?.id == "c")
        #expect(portfolio.firstBrokenReference(of: .contact)?.id == "c")
        #expect(portfolio.firstBrokenReference(of: .account) == nil)
    }

    /// Large enough that each kind's records are validated on several cores: the problems must be
    /// what one pass over the records in id order finds, where the first of a name keeps it.
    @Test func problemsOfALargePortfolioAreThoseOfOnePassInIdOrder() {
        let accounts = (0..<24_000).map { index in
            let id = "acc-" + String(100_000 + index)
            // Every 997th name repeats an earlier one (another case); every 1,201st has a control character.
            let bell = index % 1_201 == 7 ? "\u{7}" : ""
            let name: String = index % 997 == 5 ? "COMPANY \(index - 5)" : "Company \(index)\(bell)"
            return index % 3 == 0 ? supplier(id, name) : customer(id, name, owner: index % 2_003 == 1 ? "nobody" : nil)
        }
        let day = Day("2026-01-01")!
        let sales = (0..<22_000).map { (index: Int) -> Sale in
            let account = "acc-" + String(100_000 + (index * 7) % 25_000)
            return Sale(id: "sal-" + String(100_000 + index), accountId: account, date: day, amount: Money(cents: 100))
        }
        let evaluations = (0..<21_000).map { (index: Int) -> SupplierEvaluation in
            let account = "acc-" + String(100_000 + (index % 8_000) * 3)
            let score: Double = index % 500 == 0 ? 120 : 50
            return SupplierEvaluation(
                id: "ev-" + String(200_000 - index), accountId: account,
                period: YearMonth(year: 2026, month: 1 + index / 8_000 % 2)!, scores: [.quality: score])
        }
        let portfolio = Portfolio(accounts: accounts, sales: sales, evaluations: evaluations)
        var expected: [RecordErrors] = []
        for kind in RecordKind.allCases {
            var seen: [String: String] = [:]
            for record in portfolio.records(of: kind) {
                var errors = portfolio.validate(record, checkUnique: false)
                if let (key, field) = portfolio.uniquenessKey(record), !key.isEmpty {
                    if let first = seen[key] {
                        errors.append(FieldError(field, "is the same as \(first)'s; it must be unique"))
                    } else {
                        seen[key] = record.id
                    }
                }
                if !errors.isEmpty { expected.append(RecordErrors(kind: kind, id: record.id, errors: errors)) }
            }
        }
        let problems = portfolio.problems()
        #expect(problems == expected)
        let found = { (kind: RecordKind, field: String) -> Bool in
            problems.contains { $0.kind == kind && $0.errors.contains { $0.field == field } }
        }
        #expect(found(.account, "name"))
        #expect(found(.account, "ownerId"))
        #expect(found(.evaluation, "period"))
        #expect(found(.evaluation, "scores.quality"))
        #expect(found(.sale, "accountId"))
        #expect(problems.count > 100)
    }

    @Test func nextIDFollowsTheHighestSerial() {
        let portfolio = Portfolio(accounts: [customer("acc-000009", "A"), customer("imported-7", "B")])
        #expect(portfolio.nextID(for: .account) == "acc-000010")
        #expect(portfolio.nextID(for: .owner) == "own-000001")
    }

    @Test func serialsAreReadOnlyFromGeneratedIds() {
        let cases: [(String, Int?)] = [
            ("acc-000042", 42), ("acc-7", 7), ("acc-0", 0), ("acc-", nil), ("acc-12a", nil), ("acc-+5", 5),
            ("acc--5", -5), ("ac-5", nil), ("own-000001", nil), ("acc-1234567890123456789", 1_234_567_890_123_456_789),
            ("acc-99999999999999999999", nil), ("ACC-5", nil), ("acc-５", nil), ("acc-5 ", nil),
        ]
        for (id, serial) in cases {
            #expect(Portfolio.serial(of: id, kind: .account) == serial, "\(id)")
        }
    }

    @Test func repeatedIdsKeepTheLastAndRepeatedNamesFindTheSmallestId() {
        let first = customer("acc-000002", "Kontor")
        var last = customer("acc-000002", "Kontor")
        last.region = "Nordics"
        let portfolio = Portfolio(accounts: [
            first, customer("acc-000003", "kontor "), last, customer("acc-000001", "KONTOR"),
        ])
        #expect(portfolio.accounts.count == 3)
        #expect(portfolio.accounts["acc-000002"]?.region == "Nordics")
        #expect(portfolio.account(matching: "Kontor")?.id == "acc-000001")
    }
}

@Suite struct TerminalTextTests {
    @Test(arguments: [
        ("plain", "plain"), ("a\u{1B}[31mred", "a^[[31mred"), ("bell\u{7}", "bell^G"), ("del\u{7F}", "del^?"),
        ("csi\u{9B}2J", "csi\u{FFFD}2J"), ("rtl\u{202E}x", "rtl\u{FFFD}x"), ("zw\u{200B}j", "zw\u{FFFD}j"),
        ("two\nlines\ttab", "two lines tab"), ("上海供应链", "上海供应链"), ("Kontorsmöbler", "Kontorsmöbler"),
    ])
    func inert(input: String, output: String) {
        #expect(TerminalText.inert(input) == output)
        #expect(
            !TerminalText.inert(input).unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
    }

    /// The one-pass check must agree with `inert` on every scalar, alone and between others.
    @Test func isInertAgreesWithInertOnEveryScalar() {
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "a" + String(scalar) + "b"
            let unchanged = TerminalText.replacingControls(String(scalar)) == String(scalar)
            #expect(TerminalText.isInert(text, keepingLayout: false) == unchanged, "U+\(String(value, radix: 16))")
            if !unchanged && value != 0x0A && value != 0x09 {
                #expect(!TerminalText.isInert(text, keepingLayout: true), "U+\(String(value, radix: 16))")
            }
        }
        #expect(TerminalText.isInert("two\nlines\ttab", keepingLayout: true))
        #expect(!TerminalText.isInert("two\nlines", keepingLayout: false))
    }

    @Test(arguments: [
        ("abc", 3), ("上海", 4), ("Kontorsmöbler", 13), ("e\u{301}", 1), ("👍", 2), ("👍🏽", 2), ("ＡＢ", 4), ("", 0),
    ])
    func widths(text: String, cells: Int) {
        #expect(TerminalText.width(text) == cells)
    }

    @Test func truncationNeverSplitsWideCharacters() {
        #expect(TerminalText.truncate("上海供应链有限公司", to: 7) == "上海供…")
        #expect(TerminalText.width(TerminalText.truncate("上海供应链有限公司", to: 7)) <= 7)
        #expect(TerminalText.truncate("short", to: 10) == "short")
        #expect(TerminalText.fit("上海", to: 6) == "上海  ")
        #expect(TerminalText.fit("ab", to: 4, alignRight: true) == "  ab")
        #expect(TerminalText.truncate("abc", to: 0) == "")
    }
}

@Suite struct ApplyAllTests {
    @Test func newRecordsGetIdsAndTheBatchIsAllOrNothing() throws {
        var portfolio = Portfolio()
        let applied = try portfolio.applyAll([
            .put(.account(Account(id: "", name: "Zoë AB", roles: [.customer])), base: nil),
            .put(.account(Account(id: "", name: "成都有限公司", roles: [.supplier])), base: nil),
        ])
        #expect(applied.map(\.change.id) == ["acc-000001", "acc-000002"])
        #expect(applied.allSatisfy { $0.previous == nil && $0.change.kind == .account })
        var renamed = try #require(portfolio.accounts["acc-000001"])
        renamed.name = "Zoë Åström AB"
        let before = portfolio
        // The second change is a conflict: the first, valid on its own, must not be applied either.
        #expect(throws: ConflictError.self) {
            try portfolio.applyAll([.put(.account(renamed), base: 1), .delete(.account, id: "acc-000002", base: 7)])
        }
        #expect(portfolio == before)
        let edit = try portfolio.applyAll([.put(.account(renamed), base: 1)])
        #expect(edit.first?.previous == .account(before.accounts["acc-000001"]!))
        guard case .put(let stored, 1)? = edit.first?.change else {
            Issue.record("expected the stored put, got \(edit)")
            return
        }
        #expect(stored.version == 2 && portfolio.accounts["acc-000001"]?.name == "Zoë Åström AB")
    }
}
