import Testing

@testable import RapportDomain

@Suite struct TieringTests {
    let asOf = day("2026-06-30")

    /// Values 500, 300, 100, 60, 40, 0 of a total 1000: shares above are 0, .5, .8, .9, .96, 1.
    func sixCustomers() -> Portfolio {
        Portfolio(
            accounts: ["x", "y", "z", "w", "v", "u"].map { customer($0, $0.uppercased()) },
            sales: [
                sale("x", "2026-01-10", 500), sale("y", "2026-02-10", 300), sale("z", "2026-03-10", 100),
                sale("w", "2026-04-10", 60), sale("v", "2026-05-10", 40),
            ])
    }

    @Test func handComputedTable() {
        let report = sixCustomers().tiers(asOf: asOf)
        let expected: [(String, Tier, Double, Double)] = [
            ("x", .A, 0.0, 0.5), ("y", .A, 0.5, 0.8), ("z", .B, 0.8, 0.9), ("w", .B, 0.9, 0.96), ("v", .C, 0.96, 1.0),
            ("u", .C, 1.0, 1.0),
        ]
        #expect(report.rows.map(\.accountId) == expected.map(\.0))
        for (row, (_, tier, before, cumulative)) in zip(report.rows, expected) {
            #expect(row.tier == tier, "\(row.accountId)")
            #expect(close(row.shareBefore, before), "\(row.accountId) before")
            #expect(close(row.cumulativeShare, cumulative), "\(row.accountId) cumulative")
        }
        #expect(report.total == Money(1000)!)
        #expect(report.summary.map(\.customers) == [2, 2, 2])
        #expect(report.summary.map(\.value) == [Money(800)!, Money(160)!, Money(40)!])
        #expect(report.rows.map(\.rank) == [1, 2, 3, 4, 5, 6])
    }

    @Test func exactlyEightyPercentAboveIsNotA() {
        // z has exactly 80% ranked above it: 0.80 is not below 0.80, so z is B.
        let report = sixCustomers().tiers(asOf: asOf)
        #expect(report.row(for: "z")?.tier == .B)
    }

    @Test func exactlyNinetyFivePercentAboveIsC() {
        let portfolio = Portfolio(
            accounts: [customer("a", "A"), customer("b", "B"), customer("c", "C")],
            sales: [sale("a", "2026-01-01", 80), sale("b", "2026-01-01", 15), sale("c", "2026-01-01", 5)])
        let tiers = portfolio.tiers(asOf: asOf).rows.map(\.tier)
        #expect(tiers == [.A, .B, .C])
    }

    @Test func exactBoundariesWithAwkwardCents() {
        // 0.1 + 0.7 is not 0.8 in floating point, but cents are exact.
        let portfolio = Portfolio(
            accounts: [customer("a", "A"), customer("b", "B"), customer("c", "C")],
            sales: [sale("a", "2026-01-01", 0.7), sale("b", "2026-01-01", 0.1), sale("c", "2026-01-01", 0.2)])
        #expect(portfolio.tiers(asOf: asOf).rows.map(\.tier) == [.A, .A, .B])
    }

    @Test func tiesBreakByNameThenId() {
        let portfolio = Portfolio(
            accounts: [customer("2", "Beta"), customer("1", "Beta"), customer("3", "Alpha")],
            sales: [sale("1", "2026-01-01", 10), sale("2", "2026-01-01", 10), sale("3", "2026-01-01", 10)])
        #expect(portfolio.tiers(asOf: asOf).rows.map(\.accountId) == ["3", "1", "2"])
    }

    @Test func zeroTotalMakesEveryoneC() {
        let portfolio = Portfolio(accounts: [customer("a", "A"), customer("b", "B")])
        let report = portfolio.tiers(asOf: asOf)
        #expect(report.rows.allSatisfy { $0.tier == .C && $0.share == 0 && $0.cumulativeShare == 0 })
        #expect(report.total == .zero)
    }

    @Test func windowIsTrailingTwelveMonthsEndingAtAsOf() {
        let portfolio = Portfolio(
            accounts: [customer("a", "A")],
            sales: [
                sale("a", "2025-06-30", 1000),  // previous window
                sale("a", "2025-07-01", 1),  // first day of the window
                sale("a", "2026-06-30", 2),  // the as-of day itself
                sale("a", "2026-07-01", 4000),  // after as-of
            ])
        let row = portfolio.tiers(asOf: asOf).rows[0]
        #expect(row.value == Money(3)!)
        #expect(row.previousValue == Money(1000)!)
        #expect(row.orders == 2)
    }

    @Test func asOfAtLeapDay() {
        let portfolio = Portfolio(
            accounts: [customer("a", "A")], sales: [sale("a", "2023-02-28", 5), sale("a", "2023-03-01", 7)])
        #expect(portfolio.tiers(asOf: day("2024-02-29")).rows[0].value == Money(7)!)
    }

    @Test func movementAgainstPreviousTwelveMonths() {
        let portfolio = Portfolio(
            accounts: ["up", "down", "same", "new", "gone"].map { customer($0, $0) },
            sales: [
                // Previous window: down is top, up is small.
                sale("down", "2025-01-10", 900), sale("same", "2025-01-10", 80), sale("up", "2025-01-10", 15),
                sale("gone", "2025-01-10", 5),
                // Current window.
                sale("up", "2026-01-10", 900), sale("same", "2026-01-10", 50), sale("down", "2026-01-10", 10),
                sale("new", "2026-01-10", 40),
            ])
        let rows = Dictionary(uniqueKeysWithValues: portfolio.tiers(asOf: asOf).rows.map { ($0.accountId, $0) })
        #expect(rows["up"]?.movement == .up)
        #expect(rows["up"]?.previousTier == .C)
        #expect(rows["down"]?.movement == .down)
        #expect(rows["down"]?.previousTier == .A)
        #expect(rows["new"]?.movement == .new)
        #expect(rows["new"]?.previousTier == nil)
        #expect(rows["gone"]?.movement == .same)
        #expect(rows["gone"]?.tier == .C)
    }

    @Test(arguments: [
        (0, FrequencyBand.none), (1, .one), (2, .few), (5, .few), (6, .regular), (11, .regular), (12, .frequent),
        (40, .frequent),
    ])
    func frequencyBands(orders: Int, band: FrequencyBand) {
        #expect(FrequencyBand(orders: orders) == band)
    }

    @Test func marginMeasureAndConfigurableCutoffs() {
        var settings = Settings()
        settings.tierValue = .margin
        settings.tierACutoff = 0.5
        let portfolio = Portfolio(
            settings: settings, accounts: [customer("a", "A"), customer("b", "B")],
            sales: [sale("a", "2026-01-01", 1000, margin: 10), sale("b", "2026-01-01", 10, margin: 90)])
        let report = portfolio.tiers(asOf: asOf)
        #expect(report.rows.map(\.accountId) == ["b", "a"])
        #expect(report.rows.map(\.tier) == [.A, .B])
    }

    @Test func archivedAndSupplierOnlyAccountsAreNotTiered() {
        let portfolio = Portfolio(
            accounts: [customer("a", "A"), customer("b", "B", status: .archived), supplier("s", "S")],
            sales: [sale("a", "2026-01-01", 10), sale("b", "2026-01-01", 10)])
        #expect(portfolio.tiers(asOf: asOf).rows.map(\.accountId) == ["a"])
    }

    /// Customers with tied values and names, some without sales, archived or suppliers, and
    /// sales in both windows (credit notes too): a ranking where a moved customer has neighbours
    /// that compare equal on value, or on value and name.
    static func rankedPortfolio(seed: UInt64) -> Portfolio {
        var random = SeededRandom(seed: seed)
        var accounts: [Account] = []
        var sales: [Sale] = []
        for n in 0..<60 {
            let id = "c\(n)"
            let status: AccountStatus = n % 17 == 5 ? .archived : .active
            accounts.append(
                n % 13 == 7
                    ? supplier(id, "S\(n)")
                    : customer(
                        id, ["Åke AB", "Beta", "北京", "Beta", "Zeta"][n % 5], ratings: Ratings(inputCost: n % 5 + 1),
                        status: status))
            for k in 0..<(n % 13 == 7 ? 0 : Int(random.next() % 4)) {
                let month = Int(random.next() % 22) + 1
                let amount = [100.0, 250, 250, 40, -30][Int(random.next() % 5)]
                sales.append(
                    Sale(
                        id: "s\(n)-\(k)", accountId: id, date: Day("2026-06-30")!.adding(months: -month),
                        amount: Money(amount)!))
            }
        }
        return Portfolio(accounts: accounts, sales: sales)
    }

    /// The changes of one step: sales added, changed or deleted for one to three accounts, all
    /// in the last 12 months; the accounts whose sales changed.
    static func resell(_ portfolio: inout Portfolio, _ random: inout SeededRandom, step: Int) throws -> Set<String> {
        var touched: Set<String> = []
        let ids = portfolio.accounts.values.filter(\.isCustomer).map(\.id).sorted()
        for k in 0..<Int(random.next() % 3 + 1) {
            let account = ids[Int(random.next() % UInt64(ids.count))]
            let existing = portfolio.sales.values.filter { $0.accountId == account }.sorted { $0.id < $1.id }
            let recent = existing.filter { $0.date > Day("2025-06-30")! }
            switch random.next() % 3 {
            case 0 where !recent.isEmpty:
                try portfolio.apply(.delete(.sale, id: recent[0].id, base: recent[0].version))
            case 1 where !recent.isEmpty:
                var changed = recent[0]
                changed.amount = Money(cents: Int64(random.next() % 90_000))
                try portfolio.apply(.put(.sale(changed), base: changed.version))
            default:
                let sale = Sale(
                    id: "n\(step)-\(k)", accountId: account,
                    date: Day("2026-06-30")!.adding(days: -Int(random.next() % 300)),
                    amount: Money(cents: Int64(random.next() % 60_000)))
                try portfolio.apply(.put(.sale(sale), base: nil))
            }
            touched.insert(account)
        }
        return touched
    }

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func tiersUpdatedForResoldCustomersEqualFreshOnes(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        var portfolio = Self.rankedPortfolio(seed: seed)
        var report = portfolio.tiers(asOf: asOf)
        var partners = portfolio.partners(asOf: asOf)
        var updates = 0
        for step in 0..<40 {
            let touched = try Self.resell(&portfolio, &random, step: step)
            let index = PortfolioIndex(portfolio)
            let fresh = portfolio.tiers(asOf: asOf, index: index)
            let before = report
            let updated = try #require(
                portfolio.tiers(
                    updating: before, customers: touched, index: index,
                    position: { id in before.rows.firstIndex { $0.accountId == id } }))
            #expect(updated == fresh, "step \(step), seed \(seed)")
            let scores = partners
            let values = Dictionary(uniqueKeysWithValues: fresh.rows.map { ($0.accountId, $0.value) })
            let rescored = try #require(
                portfolio.partners(
                    updating: scores, customers: touched, asOf: asOf, index: index, value: { values[$0] },
                    position: { id in scores.firstIndex { $0.accountId == id } }))
            #expect(rescored == portfolio.partners(asOf: asOf, index: index, tiers: fresh), "step \(step)")
            if updated != before { updates += 1 }
            report = updated
            partners = rescored
        }
        // The steps did move customers (the comparison above is not between unchanged reports).
        #expect(updates > 20)
    }

    @Test func aSaleInThePreviousYearIsRankedAfresh() throws {
        var portfolio = sixCustomers()
        let old = portfolio.tiers(asOf: asOf)
        try portfolio.apply(.put(.sale(sale("u", "2025-03-01", 999)), base: nil))
        let position = { (id: String) in old.rows.firstIndex { $0.accountId == id } }
        let index = PortfolioIndex(portfolio)
        #expect(portfolio.tiers(updating: old, customers: ["u"], index: index, position: position) == nil)
        // A wrong position, or a customer unknown to the old ranking that is ranked now, is refused too.
        #expect(portfolio.tiers(updating: old, customers: ["x"], index: index, position: { _ in 1 }) == nil)
        #expect(portfolio.tiers(updating: old, customers: ["x"], index: index, position: { _ in nil }) == nil)
        #expect(
            portfolio.partners(
                updating: portfolio.partners(asOf: asOf), customers: ["x"], asOf: asOf, index: index,
                value: { _ in nil }, position: { _ in nil }) == nil)
    }
}

/// A linear congruential generator (Knuth's MMIX constants): the same numbers on every run.
struct SeededRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 33
    }
}
