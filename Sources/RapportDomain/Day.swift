/// A calendar date without a time zone (`YYYY-MM-DD`).
///
/// Every period in docs/DOMAIN.md is a span of whole days, so the model never needs clocks or
/// time zones: "today" is decided once, at the edge, by the caller.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let ordinal: Int

    public init(ordinal: Int) { self.ordinal = ordinal }

    /// A valid date, or nil (2026-02-30 is nil).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...Day.daysIn(year: year, month: month)).contains(day)
        else { return nil }
        ordinal = Day.daysFromCivil(year, month, day)
    }

    /// Parses exactly `YYYY-MM-DD`; nil for anything else, including impossible dates.
    public init?(_ text: some StringProtocol) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public var year: Int { civil.year }
    public var month: Int { civil.month }
    public var day: Int { civil.day }

    /// The month this day falls in.
    public var yearMonth: YearMonth { YearMonth(year: civil.year, month: civil.month)! }

    public var description: String {
        let (year, month, day) = civil
        return Day.pad(year, 4) + "-" + Day.pad(month, 2) + "-" + Day.pad(day, 2)
    }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.ordinal < rhs.ordinal }

    public func adding(days: Int) -> Day { Day(ordinal: ordinal + days) }

    /// Calendar month arithmetic; the day is clamped to the target month's length
    /// (2024-02-29 minus 12 months is 2023-02-28).
    public func adding(months: Int) -> Day {
        let (year, month, day) = civil
        let total = year * 12 + (month - 1) + months
        let newYear = total / 12
        let newMonth = total % 12 + 1
        let clamped = min(day, Day.daysIn(year: newYear, month: newMonth))
        return Day(ordinal: Day.daysFromCivil(newYear, newMonth, clamped))
    }

    /// Whole days from `other` to `self`.
    public func days(since other: Day) -> Int { ordinal - other.ordinal }

    public var civil: (year: Int, month: Int, day: Int) { Day.civilFromDays(ordinal) }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days.
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPrime = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
        let month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Day: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let day = Day(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a valid date; use YYYY-MM-DD")
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A calendar month (`YYYY-MM`), the period of a supplier evaluation.
public struct YearMonth: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// Months since year 0.
    public let index: Int

    public init?(year: Int, month: Int) {
        guard (1...9999).contains(year), (1...12).contains(month) else { return nil }
        index = year * 12 + month - 1
    }

    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
            parts[0].allSatisfy(\.isASCII), parts[1].allSatisfy(\.isASCII),
            let year = Int(parts[0]), let month = Int(parts[1])
        else { return nil }
        self.init(year: year, month: month)
    }

    public var year: Int { index / 12 }
    public var month: Int { index % 12 + 1 }
    public var description: String { Day.pad(year, 4) + "-" + Day.pad(month, 2) }
    public var firstDay: Day { Day(year: year, month: month, day: 1)! }
    public var lastDay: Day { Day(year: year, month: month, day: Day.daysIn(year: year, month: month))! }

    public static func < (lhs: YearMonth, rhs: YearMonth) -> Bool { lhs.index < rhs.index }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = YearMonth(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a valid month; use YYYY-MM")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A trailing window of whole days `(start, end]`: "the trailing 12 months ending at D" is
/// `DayWindow(endingAt: D, months: 12)`, i.e. from the day after D minus 12 months through D.
public struct DayWindow: Hashable, Sendable {
    /// Exclusive lower bound.
    public let after: Day
    /// Inclusive upper bound.
    public let through: Day

    public init(after: Day, through: Day) {
        self.after = after
        self.through = through
    }

    public init(endingAt end: Day, months: Int) {
        self.init(after: end.adding(months: -months), through: end)
    }

    public func contains(_ day: Day) -> Bool { day > after && day <= through }

    /// The window of the same length immediately before this one.
    public func previous(months: Int) -> DayWindow { DayWindow(endingAt: after, months: months) }
}
