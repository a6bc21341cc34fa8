import Foundation
import Testing

@testable import RapportDomain
@testable import RapportStore
@testable import RapportTools

@Suite struct DemoTests {
    let end = Day("2026-06-30")!

    @Test func sameSeedSameBytesOtherSeedOtherData() throws {
        let a = try SnapshotCodec.encode(DemoGenerator(accounts: 120, seed: 3, end: end).generate(), journalSeq: 1)
        let b = try SnapshotCodec.encode(DemoGenerator(accounts: 120, seed: 3, end: end).generate(), journalSeq: 1)
        let c = try SnapshotCodec.encode(DemoGenerator(accounts: 120, seed: 4, end: end).generate(), journalSeq: 1)
        #expect(a == b)
        #expect(a != c)
    }

    @Test func demoIsValidAndShowsEveryCase() throws {
        let portfolio = DemoGenerator(end: end).generate()
        #expect(portfolio.accounts.count == 300)
        #expect(portfolio.problems().isEmpty, "\(portfolio.problems().prefix(3))")
        let accounts = Array(portfolio.accounts.values)
        #expect(accounts.contains { $0.isCustomer && $0.isSupplier })
        #expect(accounts.contains { $0.name.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF } })
        #expect(accounts.contains { $0.name.hasPrefix("PT ") })
        #expect(accounts.contains { $0.name.contains("ö") || $0.name.contains("å") || $0.name.contains("ä") })
        let months = Set(portfolio.sales.values.map(\.date.yearMonth))
        #expect(months.count >= 24)
        #expect(portfolio.interactions.values.contains { $0.isOverdue(asOf: end) })
        #expect(portfolio.interactions.values.contains { $0.isOpenFollowUp && !$0.isOverdue(asOf: end) })
        let workload = portfolio.workload(asOf: end)
        #expect(workload.unassigned.contains { $0.isKeySupplier })
        #expect(workload.owners.contains { $0.flags.contains(.overloaded) })
        let tiers = portfolio.tiers(asOf: end)
        #expect(Set(tiers.rows.map(\.movement)).count == 4)
        #expect(tiers.rows.contains { $0.previousTier == .A && $0.tier != .A })
        let partners = portfolio.partners(asOf: end)
        #expect(Set(partners.map(\.quadrant)).count == 4)
        #expect(Set(portfolio.suppliers(asOf: end).map(\.standing)).count == 5)
    }
}

@Suite struct ReportTests {
    static let portfolio = DemoGenerator(accounts: 80, seed: 11, end: Day("2026-06-30")!).generate()
    let asOf = Day("2026-06-30")!

    func json(_ kind: ReportKind) throws -> [String: Any] {
        let text = try Reporter(portfolio: Self.portfolio, asOf: asOf).render(kind, as: .json)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    struct TiersFile: Decodable {
        struct Row: Decodable {
            let accountId: String
            let tier: String
            let share: Double
            let shareBefore: Double
            let cumulativeShare: Double
            let movement: String
            let previousTier: String?
        }
        let asOf: String
        let window: [String: String]
        let customers: [Row]
    }

    /// `rapport report` reads only the record kinds a report needs; each report, in each format,
    /// must be what the whole store gives, journal edits included.
    @Test func reportsFromTheirKindsAloneEqualReportsFromTheWholeStore() throws {
        let directory = NSTemporaryDirectory() + "rapport-report-kinds-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try JournalStore(directory: directory)
        try store.replaceAll(with: Self.portfolio)
        let customer = try #require(Self.portfolio.accounts.values.filter(\.isCustomer).min { $0.id < $1.id })
        try store.commit([
            .put(.sale(Sale(id: "", accountId: customer.id, date: asOf, amount: Money(cents: 9_900_000))), base: nil),
            .put(
                .interaction(
                    Interaction(
                        id: "", accountId: customer.id, date: asOf, channel: .visit, kind: .complaint,
                        summary: "Late again", ownerId: customer.ownerId, followUp: asOf)), base: nil),
        ])
        let whole = try JournalStore(directory: directory).portfolio
        for kind in ReportKind.allCases {
            let partial = try JournalStore(directory: directory, only: kind.recordKinds)
            #expect(partial.portfolio.count(of: .contact) == 0)
            for format in ReportFormat.allCases {
                let expected = try Reporter(portfolio: whole, asOf: asOf).render(kind, as: format)
                #expect(try Reporter(portfolio: partial.portfolio, asOf: asOf).render(kind, as: format) == expected)
            }
        }
    }

    @Test func tierJSONMatchesTheDomainExactly() throws {
        let text = try Reporter(portfolio: Self.portfolio, asOf: asOf).render(.tiers, as: .json)
        let file = try JSONDecoder().decode(TiersFile.self, from: Data(text.utf8))
        let expected = Self.portfolio.tiers(asOf: asOf).rows
        #expect(file.customers.count == expected.count)
        for (row, want) in zip(file.customers, expected) {
            #expect(row.accountId == want.accountId)
            #expect(row.tier == want.tier.rawValue)
            #expect(row.share == want.share)
            #expect(row.shareBefore == want.shareBefore)
            #expect(row.cumulativeShare == want.cumulativeShare)
            #expect(row.movement == want.movement.rawValue)
            #expect(row.previousTier == want.previousTier?.rawValue)
        }
        #expect(file.asOf == "2026-06-30")
        #expect(file.window["from"] == "2025-07-01")
    }

    @Test func partnerJSONHasEveryComponentAndContribution() throws {
        let candidates = try #require(try json(.partners)["candidates"] as? [[String: Any]])
        let first = try #require(candidates.first)
        let components = try #require(first["components"] as? [[String: Any]])
        #expect(
            components.map { $0["name"] as? String } == [
                "switchingCost", "exclusivity", "tenure", "regularity", "informationSharing",
            ])
        let total = components.compactMap { $0["contribution"] as? Double }.reduce(0, +)
        #expect(abs(total - (first["commitment"] as? Double ?? -1)) < 1e-9)
    }

    @Test func everyReportRendersInEveryFormat() throws {
        let reporter = Reporter(portfolio: Self.portfolio, asOf: asOf)
        for kind in ReportKind.allCases {
            for format in ReportFormat.allCases {
                let text = try reporter.render(kind, as: format)
                #expect(text.split(separator: "\n").count > 3, "\(kind) \(format)")
            }
        }
        let csv = try reporter.render(.tiers, as: .csv)
        #expect(
            csv.hasPrefix(
                "rank,id,name,value,share,shareBefore,cumulativeShare,tier,previousValue,previousTier,movement"))
    }

    @Test func theReordersReportCarriesEachCustomersRhythm() throws {
        let file = try json(.reorders)
        #expect(file["report"] as? String == "reorders" && file["asOf"] as? String == "2026-06-30")
        let customers = try #require(file["customers"] as? [[String: Any]])
        #expect(customers.count == Self.portfolio.reorderRhythms(asOf: asOf).count)
        let statuses = Set(customers.compactMap { $0["status"] as? String })
        #expect(statuses.isSubset(of: ["onRhythm", "due", "late", "lapsed", "noRhythm"]))
        let withRhythm = try #require(customers.first { $0["status"] as? String != "noRhythm" })
        #expect(
            Set(withRhythm.keys) == [
                "id", "name", "orderDays", "cycleDays", "lastOrder", "expectedNext", "daysLate", "status",
                "valueAtRisk",
            ])
        // The same numbers as the domain's, in the same order (the biggest value at risk first).
        let rhythms = Self.portfolio.reorderRhythms(asOf: asOf)
        #expect(customers.compactMap { $0["id"] as? String } == rhythms.map(\.accountId))
        let csv = try Reporter(portfolio: Self.portfolio, asOf: asOf).render(.reorders, as: .csv)
        #expect(
            csv.hasPrefix("id,name,status,orderDays,cycleDays,lastOrder,expectedNext,daysLate,valueAtRisk\n"))
        let table = try Reporter(portfolio: Self.portfolio, asOf: asOf).render(.reorders, as: .table)
        #expect(table.contains("no rhythm yet") || table.contains("on rhythm"))
        #expect(!table.contains("noRhythm") && !table.contains("onRhythm"), "tables use words")
    }

    @Test func tablesAreInertAndAligned() throws {
        var portfolio = Portfolio()
        try portfolio.apply(.put(.account(Account(id: "a", name: "上海供应链有限公司", roles: [.customer])), base: nil))
        try portfolio.apply(.put(.account(Account(id: "b", name: "Kontorsmöbler AB", roles: [.customer])), base: nil))
        let text = try Reporter(portfolio: portfolio, asOf: asOf).render(.tiers, as: .table)
        let lines = text.split(separator: "\n").filter { $0.contains("上海") || $0.contains("Kontors") }
        #expect(lines.count == 2)
        // The Value column starts at the same cell in both rows despite the wide characters.
        let columns = lines.map { TerminalText.width(String($0[..<($0.range(of: "  0")?.lowerBound ?? $0.endIndex)])) }
        #expect(columns[0] == columns[1])
    }

    @Test func jsonEscapesTerminalControls() {
        let text = Format.escapeInvisible("a\u{9B}b\u{202E}c")
        #expect(text == "a\\u009Bb\\u202Ec")
    }
}
