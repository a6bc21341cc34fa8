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
}
