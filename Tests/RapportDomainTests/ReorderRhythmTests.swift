import RapportDomain
import Testing

/// Reorder rhythms against tables worked out by hand (docs/DOMAIN.md, "Reorder rhythm").
@Suite struct ReorderRhythmTests {
    func rhythm(_ dates: [String], asOf: String, amounts: [Double]? = nil, value: Double = 0) -> ReorderRhythm {
        let sales = dates.enumerated().map { index, date in sale("c", date, amounts?[index] ?? 100) }
        return ReorderRhythm.of(accountId: "c", name: "C", sales: sales, value: Money(value)!, asOf: day(asOf))
    }

    @Test func anOddNumberOfGapsTakesTheMiddleOne() {
        // Gaps 30, 30, 40: cycle 30; expected 2026-04-11 + 30 = 2026-05-11.
        let found = rhythm(["2026-01-01", "2026-01-31", "2026-03-02", "2026-04-11"], asOf: "2026-05-11")
        #expect(found.orderDays == 4 && found.cycleDays == 30)
        #expect(found.lastOrder == day("2026-04-11") && found.expectedNext == day("2026-05-11"))
        #expect(found.daysLate == 0 && found.status == .due)
    }

    @Test func anEvenNumberOfGapsTakesTheMeanOfTheTwoMiddleOnes() {
        // Gaps 10, 20, 10, 30 → sorted 10, 10, 20, 30: cycle (10 + 20) / 2 = 15.
        let even = rhythm(
            ["2026-01-01", "2026-01-11", "2026-01-31", "2026-02-10", "2026-03-12"], asOf: "2026-03-20")
        #expect(even.cycleDays == 15 && even.expectedNext == day("2026-03-27"))
        #expect(even.daysLate == -7 && even.status == .due, "expected in 7 days: due")
        // Gaps 10, 11, 11, 10: cycle 10.5, and the expected order rounds the half up: +11 days.
        let half = rhythm(
            ["2026-01-01", "2026-01-11", "2026-01-22", "2026-02-02", "2026-02-12"], asOf: "2026-02-14")
        #expect(half.cycleDays == 10.5 && half.expectedNext == day("2026-02-23"))
        #expect(half.daysLate == -9 && half.status == .onRhythm, "9 days ahead: not due yet")
    }

    @Test func fewerThanFourOrderDaysGiveNoRhythmYet() {
        let found = rhythm(["2026-01-01", "2026-02-01", "2026-03-01"], asOf: "2026-06-30", value: 300)
        #expect(found.orderDays == 3 && found.status == .noRhythm)
        #expect(found.lastOrder == day("2026-03-01") && found.cycleDays == nil && found.expectedNext == nil)
        #expect(found.daysLate == nil && found.valueAtRisk == .zero)
        #expect(RhythmStatus.noRhythm.label == "no rhythm yet")
    }

    @Test func creditNotesAndSecondLinesOfADayAreNotOrderDays() {
        // 2026-02-15 holds only a credit note; 2026-03-01 has two lines: still one order day.
        let found = rhythm(
            ["2026-01-01", "2026-01-31", "2026-02-15", "2026-03-01", "2026-03-01"], asOf: "2026-03-05",
            amounts: [100, 100, -50, 100, 40])
        #expect(found.orderDays == 3 && found.status == .noRhythm)
        let more = rhythm(
            ["2026-01-01", "2026-01-31", "2026-02-15", "2026-03-02", "2026-03-02", "2026-04-01"],
            asOf: "2026-04-05", amounts: [100, 100, -50, 100, 40, 100])
        // Order days 01-01, 01-31, 03-02, 04-01: gaps 30, 30, 30.
        #expect(more.orderDays == 4 && more.cycleDays == 30 && more.expectedNext == day("2026-05-01"))
    }

    @Test func lateNeedsMoreThanSevenDaysAndMoreThanHalfACycle() {
        // Cycle 10 (half a cycle is 5, so 7 days decide): expected 2026-02-10.
        let dates = ["2026-01-01", "2026-01-11", "2026-01-21", "2026-01-31"]
        #expect(rhythm(dates, asOf: "2026-02-17").daysLate == 7)
        #expect(rhythm(dates, asOf: "2026-02-17").status == .onRhythm, "7 days late is within the tolerance")
        #expect(rhythm(dates, asOf: "2026-02-18").status == .late)
        // Cycle 30 (half a cycle, 15, decides): expected 2026-04-01 + 30 = 2026-05-01.
        let monthly = ["2026-01-01", "2026-01-31", "2026-03-02", "2026-04-01"]
        #expect(rhythm(monthly, asOf: "2026-05-16").daysLate == 15)
        #expect(rhythm(monthly, asOf: "2026-05-16").status == .onRhythm)
        #expect(rhythm(monthly, asOf: "2026-05-17").status == .late)
        #expect(rhythm(monthly, asOf: "2026-05-17", value: 1234.5).valueAtRisk == Money(1234.5)!)
        #expect(rhythm(monthly, asOf: "2026-04-24").status == .due, "expected in 7 days")
        #expect(rhythm(monthly, asOf: "2026-04-23").status == .onRhythm, "expected in 8 days")
        #expect(rhythm(monthly, asOf: "2026-04-23", value: 99).valueAtRisk == .zero)
    }

    @Test func lapsedIsMoreThanThreeCyclesSinceTheLastOrder() {
        // Cycle 30, last order 2026-03-02: three cycles later is 2026-05-31.
        let dates = ["2026-01-01", "2026-01-31", "2026-03-02"]
        let found = rhythm(dates + ["2025-12-02"], asOf: "2026-05-31")
        #expect(found.cycleDays == 30 && found.lastOrder == day("2026-03-02"))
        #expect(found.status == .late, "exactly three cycles: late, not yet lapsed")
        #expect(rhythm(dates + ["2025-12-02"], asOf: "2026-06-01").status == .lapsed)
    }

    @Test func theWindowIsTwentyFourMonthsAndMonthEndsClamp() {
        // As of 2026-02-28 the window is (2024-02-28, 2026-02-28]: the 28th is out, the 29th in.
        let found = rhythm(
            ["2024-02-28", "2024-02-29", "2025-02-28", "2025-08-28", "2026-02-28"], asOf: "2026-02-28")
        #expect(found.orderDays == 4)
        // As of 2024-02-29 the window starts after 2022-02-28 (the 29th clamped).
        let leap = rhythm(
            ["2022-02-28", "2022-03-01", "2023-03-01", "2023-09-01", "2024-02-29"], asOf: "2024-02-29")
        #expect(leap.orderDays == 4 && leap.lastOrder == day("2024-02-29"))
    }

    @Test func theReportPutsTheBiggestRiskFirstAndLeavesOutArchivedCustomers() {
        let monthly = ["2026-01-01", "2026-01-31", "2026-03-02", "2026-04-01"]
        var sales: [Sale] = []
        for (account, amount) in [("big", 900.0), ("small", 100.0), ("gone", 5000.0)] {
            sales += monthly.map { sale(account, $0, amount) }
        }
        sales += ["2026-01-05", "2026-02-05", "2026-03-05", "2026-04-05", "2026-05-05"].map { sale("fine", $0, 50) }
        let portfolio = Portfolio(
            accounts: [
                customer("big", "Big Kontor AB"), customer("small", "上海小店"), customer("fine", "Fine"),
                customer("gone", "Gone", status: .archived), customer("new", "New"),
            ],
            sales: sales)
        let rhythms = portfolio.reorderRhythms(asOf: day("2026-05-20"))
        #expect(rhythms.map(\.accountId) == ["big", "small", "fine", "new"])
        #expect(rhythms[0].status == .late && rhythms[0].valueAtRisk == Money(3600)!)
        #expect(rhythms[1].status == .late && rhythms[1].valueAtRisk == Money(400)!)
        #expect(rhythms[2].status == .onRhythm && rhythms[3].status == .noRhythm)
    }
}
