import Testing

@testable import RapportDomain

@Suite struct DayTests {
    @Test(arguments: [
        "2026-02-30", "2025-02-29", "2026-13-01", "2026-00-10", "2026-1-01", "26-01-01", "2026/01/01", "", "２０２６-01-01",
        "2026-04-31",
    ])
    func rejectsImpossibleDates(text: String) {
        #expect(Day(text) == nil)
    }

    @Test(arguments: ["2024-02-29", "2026-12-31", "1970-01-01", "2000-02-29", "9999-12-31"])
    func roundTripsValidDates(text: String) throws {
        let parsed = try #require(Day(text))
        #expect(parsed.description == text)
    }

    @Test func ordinalIsDaysSinceEpoch() {
        #expect(day("1970-01-01").ordinal == 0)
        #expect(day("2000-03-01").ordinal == 11_017)
        #expect(day("1969-12-31").ordinal == -1)
    }

    @Test func monthArithmeticClampsToMonthEnd() {
        #expect(day("2024-02-29").adding(months: -12) == day("2023-02-28"))
        #expect(day("2026-03-31").adding(months: -1) == day("2026-02-28"))
        #expect(day("2026-01-31").adding(months: 1) == day("2026-02-28"))
        #expect(day("2026-06-30").adding(months: -12) == day("2025-06-30"))
        #expect(day("2026-01-15").adding(months: -13) == day("2024-12-15"))
    }

    @Test func trailingWindowAtMonthEnds() {
        let window = DayWindow(endingAt: day("2026-02-28"), months: 12)
        #expect(!window.contains(day("2025-02-28")))
        #expect(window.contains(day("2025-03-01")))
        #expect(window.contains(day("2026-02-28")))
        #expect(!window.contains(day("2026-03-01")))
        let previous = window.previous(months: 12)
        #expect(previous.contains(day("2025-02-28")))
        #expect(!previous.contains(day("2024-02-29")) || previous.after < day("2024-02-29"))
        #expect(previous.after == day("2024-02-28"))
    }

    @Test func yearMonthParsing() {
        #expect(YearMonth("2026-06")?.description == "2026-06")
        #expect(YearMonth("2026-13") == nil)
        #expect(YearMonth("2026-6") == nil)
        #expect(YearMonth("2026-06")?.lastDay == day("2026-06-30"))
    }

    @Test func dateInputForms() {
        let today = day("2026-11-22")
        #expect(DateInput.parse("today", today: today) == today)
        #expect(DateInput.parse("Yesterday", today: today) == day("2026-11-21"))
        #expect(DateInput.parse("+7d", today: today) == day("2026-11-29"))
        #expect(DateInput.parse("-2w", today: today) == day("2026-11-08"))
        #expect(DateInput.parse("+1m", today: today) == day("2026-12-22"))
        #expect(DateInput.parse("2026-02-30", today: today) == nil)
        #expect(DateInput.parse("+x", today: today) == nil)
        #expect(DateInput.parse("7d", today: today) == nil)
    }

    @Test func timestampRoundTrip() throws {
        let stamp = try #require(Timestamp("2026-11-22T04:33:07Z"))
        #expect(stamp.description == "2026-11-22T04:33:07Z")
        #expect(stamp.day == day("2026-11-22"))
        #expect(Timestamp("2026-11-22T24:00:00Z") == nil)
        #expect(Timestamp(seconds: -1).description == "1969-12-31T23:59:59Z")
    }
}

@Suite struct MoneyTests {
    @Test(
        arguments: [
            ("1234.50", 123_450), ("1,234.50", 123_450), ("-12", -1200), (" 7 ", 700), ("0.5", 50),
            ("1,000,000", 100_000_000),
            ("+3.25", 325),
        ] as [(String, Int64)])
    func parsesAmounts(text: String, cents: Int64) {
        #expect(Money(parsing: text)?.cents == cents)
    }

    @Test(arguments: [
        "", "abc", "1.2.3", "1.234", ",5", "1,,000", "12x", "1e400", "NaN", "--1", "1,234.5,0", "999999999999999999",
        "99999999999999999.9",
    ])
    func rejectsNonAmounts(text: String) {
        #expect(Money(parsing: text) == nil)
    }

    @Test func rejectsNonFiniteAndHugeDoubles() {
        #expect(Money(Double.nan) == nil)
        #expect(Money(Double.infinity) == nil)
        #expect(Money(1e300) == nil)
        #expect(Money(-0.0)?.cents == 0)
    }

    @Test func formats() {
        #expect(Money(cents: 123_456_789).grouped == "1,234,568")
        #expect(Money(cents: -5).plain == "-0.05")
        #expect(Money(cents: 100).plain == "1.00")
    }
}
