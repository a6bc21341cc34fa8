/// Where a customer stands against its own rhythm of ordering.
public enum RhythmStatus: String, Codable, CaseIterable, Sendable {
    /// The next order is not due yet (or only a little late).
    case onRhythm
    /// The next order is expected within the coming 7 days.
    case due
    /// The next order is later than its tolerance: max(7 days, half a cycle).
    case late
    /// No order for more than three cycles.
    case lapsed
    /// Fewer than 4 order days in the last 24 months.
    case noRhythm

    /// As users read it.
    public var label: String {
        switch self {
        case .onRhythm: "on rhythm"
        case .due: "due"
        case .late: "late"
        case .lapsed: "lapsed"
        case .noRhythm: "no rhythm yet"
        }
    }
}

/// One customer's reorder rhythm as of a date (docs/DOMAIN.md, "Reorder rhythm").
public struct ReorderRhythm: Hashable, Sendable {
    public let accountId: String
    public let name: String
    /// Distinct days with a positive sale in the 24 months ending at the as-of date.
    public let orderDays: Int
    /// The median gap between consecutive order days, in half days (so that the median of an
    /// even number of gaps stays exact); nil without a rhythm.
    public let cycleHalfDays: Int?
    public let lastOrder: Day?
    public let expectedNext: Day?
    /// As-of minus the expected next order; negative while it is not yet due.
    public let daysLate: Int?
    public let status: RhythmStatus
    /// The trailing-12-month value of a late or lapsed customer (what is at risk); else zero.
    public let valueAtRisk: Money

    /// The cycle in days (a median of gaps, so possibly a half).
    public var cycleDays: Double? { cycleHalfDays.map { Double($0) / 2 } }

    /// Fewer order days than this give no rhythm.
    public static let minimumOrderDays = 4

    /// The rhythm of a customer whose sales (in any order) are `sales`, worth `value` over the
    /// trailing 12 months.
    public static func of(
        accountId: String, name: String, sales: [Sale], value: Money, asOf: Day
    ) -> ReorderRhythm {
        let window = DayWindow(endingAt: asOf, months: 24)
        // The distinct order days, in order: sales come grouped by account in date order, so
        // one pass drops repeated days (no set, no sort); sales in another order are sorted first.
        var dated: [Day] = []
        dated.reserveCapacity(sales.count)
        for sale in sales where sale.amount.cents > 0 && window.contains(sale.date) { dated.append(sale.date) }
        if zip(dated, dated.dropFirst()).contains(where: { $0 > $1 }) { dated.sort() }
        var days: [Day] = []
        days.reserveCapacity(dated.count)
        for day in dated where days.last != day { days.append(day) }
        guard days.count >= minimumOrderDays, let last = days.last else {
            return ReorderRhythm(
                accountId: accountId, name: name, orderDays: days.count, cycleHalfDays: nil, lastOrder: days.last,
                expectedNext: nil, daysLate: nil, status: .noRhythm, valueAtRisk: .zero)
        }
        let gaps = zip(days.dropFirst(), days).map { $0.days(since: $1) }.sorted()
        let middle = gaps.count / 2
        // Twice the median: the middle gap doubled, or the two middle gaps added.
        let halves = gaps.count % 2 == 1 ? 2 * gaps[middle] : gaps[middle - 1] + gaps[middle]
        // Last order + cycle, rounded to the nearest day, a half rounding up.
        let expected = last.adding(days: (halves + 1) / 2)
        let late = asOf.days(since: expected)
        let sinceLast = asOf.days(since: last)
        let status: RhythmStatus
        if 2 * sinceLast > 3 * halves {
            status = .lapsed  // more than 3 cycles since the last order
        } else if late > 7 && 4 * late > halves {
            status = .late  // later than max(7, 0.5 × cycle)
        } else if (0...7).contains(expected.days(since: asOf)) {
            status = .due
        } else {
            status = .onRhythm
        }
        return ReorderRhythm(
            accountId: accountId, name: name, orderDays: days.count, cycleHalfDays: halves, lastOrder: last,
            expectedNext: expected, daysLate: late, status: status,
            valueAtRisk: status == .late || status == .lapsed ? value : .zero)
    }
}

extension Portfolio {
    /// Every non-archived customer's reorder rhythm as of `asOf`: the biggest value at risk first,
    /// then the latest, then by name and id.
    public func reorderRhythms(asOf: Day, index: PortfolioIndex? = nil) -> [ReorderRhythm] {
        let index = index ?? PortfolioIndex(self)
        let window = DayWindow(endingAt: asOf, months: 12)
        let rhythms = accounts.values.filter(\.isRanked).map { account in
            let sales = index.sales[account.id] ?? []
            let (value, _, _) = tierValues(of: account.id, index: index, window: window, previousWindow: window)
            return ReorderRhythm.of(accountId: account.id, name: account.name, sales: sales, value: value, asOf: asOf)
        }
        return rhythms.sorted(by: ReorderRhythm.precedes)
    }
}

extension ReorderRhythm {
    /// The reorder report's order: the biggest value at risk first, then the latest, then by
    /// name and id.
    public static func precedes(_ lhs: ReorderRhythm, _ rhs: ReorderRhythm) -> Bool {
        if lhs.valueAtRisk != rhs.valueAtRisk { return lhs.valueAtRisk > rhs.valueAtRisk }
        let (left, right) = (lhs.daysLate ?? Int.min, rhs.daysLate ?? Int.min)
        if left != right { return left > right }
        return (lhs.name, lhs.accountId) < (rhs.name, rhs.accountId)
    }
}
