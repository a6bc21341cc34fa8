/// Customer value tiers: high, middle and low value customers.
public enum Tier: String, Codable, CaseIterable, Sendable, Comparable {
    // The tiers are A, B and C; users type and read them that way.
    // swift-format-ignore: AlwaysUseLowerCamelCase
    case A, B, C

    public var label: String {
        switch self {
        case .A: "high value"
        case .B: "middle value"
        case .C: "low value"
        }
    }

    public static func < (lhs: Tier, rhs: Tier) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// How a customer's tier changed against the 12 months before.
public enum Movement: String, Codable, CaseIterable, Sendable {
    case up, down, same, new

    public var arrow: String {
        switch self {
        case .up: "↑"
        case .down: "↓"
        case .same: "="
        case .new: "+"
        }
    }
}

/// Orders in the trailing 12 months: 0, 1, 2 to 5, 6 to 11, 12 or more.
public enum FrequencyBand: String, Codable, CaseIterable, Sendable {
    case none = "0"
    case one = "1"
    case few = "2-5"
    case regular = "6-11"
    case frequent = "12+"

    public init(orders: Int) {
        switch orders {
        case ..<1: self = .none
        case 1: self = .one
        case 2...5: self = .few
        case 6...11: self = .regular
        default: self = .frequent
        }
    }
}

/// One customer in the tier table.
public struct TierRow: Hashable, Sendable, Codable {
    public internal(set) var rank: Int
    public let accountId: String
    public let name: String
    public let value: Money
    public internal(set) var share: Double
    /// Share held by the customers ranked above this one.
    public internal(set) var shareBefore: Double
    public internal(set) var cumulativeShare: Double
    public internal(set) var tier: Tier
    public let previousValue: Money
    /// Nil when the customer is new (no value in the previous 12 months).
    public let previousTier: Tier?
    public internal(set) var movement: Movement
    public let orders: Int
    public let frequency: FrequencyBand
    public let industry: String
    public let region: String

    /// Ranked `rank` (from 1), with `before` held by those ranked above, out of `total`, in
    /// `tier`: the shares, the tier and the movement against the (unchanged) previous tier.
    mutating func place(rank: Int, before: Money, total: Money, tier: Tier) {
        let counted = max(value, .zero)
        self.rank = rank
        share = ParetoRanking.share(counted, of: total)
        shareBefore = ParetoRanking.share(before, of: total)
        cumulativeShare = ParetoRanking.share(before + counted, of: total)
        self.tier = tier
        movement = previousTier.map { $0 == tier ? .same : (tier < $0 ? .up : .down) } ?? .new
    }
}

/// Count, value and share of one tier.
public struct TierSummary: Hashable, Sendable, Codable {
    public let tier: Tier
    public let customers: Int
    public let value: Money
    public let share: Double
}

/// The tiering of every (non-archived) customer as of a date.
public struct TierReport: Hashable, Sendable {
    public let asOf: Day
    public let window: DayWindow
    public let previousWindow: DayWindow
    public let measure: Settings.ValueMeasure
    public let total: Money
    public let rows: [TierRow]
    public let summary: [TierSummary]
    /// How many customers moved each way; counted once, not on every frame.
    public let movements: [Movement: Int]

    init(
        asOf: Day, window: DayWindow, previousWindow: DayWindow, measure: Settings.ValueMeasure, total: Money,
        rows: [TierRow], summary: [TierSummary]
    ) {
        self.asOf = asOf
        self.window = window
        self.previousWindow = previousWindow
        self.measure = measure
        self.total = total
        self.rows = rows
        self.summary = summary
        var movements: [Movement: Int] = [:]
        for row in rows { movements[row.movement, default: 0] += 1 }
        self.movements = movements
    }

    public func row(for accountId: String) -> TierRow? { rows.first { $0.accountId == accountId } }

    /// Each tier's customers, value (positive values only) and share of `total`: one pass.
    static func summary(of rows: [TierRow], total: Money) -> [TierSummary] {
        var customers = [Int](repeating: 0, count: Tier.allCases.count)
        var values = [Money](repeating: .zero, count: Tier.allCases.count)
        // Fields read in place: copying each row out would touch every name's storage.
        for offset in rows.indices {
            let tier = Tier.allCases.firstIndex(of: rows[offset].tier) ?? 0
            customers[tier] += 1
            values[tier] = values[tier] + max(rows[offset].value, .zero)
        }
        return Tier.allCases.indices.map {
            TierSummary(
                tier: Tier.allCases[$0], customers: customers[$0], value: values[$0],
                share: ParetoRanking.share(values[$0], of: total))
        }
    }
}

extension Account {
    /// Whether it takes part in tiering and partnership ranking: a customer, not archived.
    public var isRanked: Bool { isCustomer && !isArchived }
}

/// A customer as its tier row shows it, with its value in both windows.
struct TierCustomer {
    let id: String
    let name: String
    let industry: String
    let region: String
    let value: Money
    let orders: Int
    let previousValue: Money
}

extension Portfolio {

    /// The tiers (docs/DOMAIN.md): value over the trailing 12 months ending at `asOf`, ranked, cut at the
    /// cumulative share ranked above (A below 80%, B below 95%, else C), with movement against the
    /// 12 months before.
    public func tiers(asOf: Day, index: PortfolioIndex? = nil) -> TierReport {
        let index = index ?? PortfolioIndex(self)
        let window = DayWindow(endingAt: asOf, months: 12)
        let previousWindow = window.previous(months: 12)
        // One pass over each customer's sales, and no copy of its account record kept.
        var customers: [TierCustomer] = []
        customers.reserveCapacity(accounts.count)
        for account in accounts.values where account.isRanked {
            let (value, orders, previousValue) = tierValues(
                of: account.id, index: index, window: window, previousWindow: previousWindow)
            customers.append(
                TierCustomer(
                    id: account.id, name: account.name, industry: account.industry, region: account.region,
                    value: value, orders: orders, previousValue: previousValue))
        }
        var previousTiers = [Tier](repeating: .C, count: customers.count)
        for entry in ParetoRanking.rank(
            customers.indices.map {
                ParetoRanking.Item(
                    id: customers[$0].id, name: customers[$0].name, value: customers[$0].previousValue, position: $0)
            }
        ).ranked {
            previousTiers[entry.item.position] = tierFor(entry)
        }
        let (total, ranked) = ParetoRanking.rank(
            customers.indices.map {
                ParetoRanking.Item(
                    id: customers[$0].id, name: customers[$0].name, value: customers[$0].value, position: $0)
            })
        var rows: [TierRow] = []
        rows.reserveCapacity(ranked.count)
        for (offset, entry) in ranked.enumerated() {
            rows.append(
                tierRow(
                    rank: offset + 1, customers[entry.item.position], before: entry.before, total: total,
                    previousTier: previousTiers[entry.item.position]))
        }
        return TierReport(
            asOf: asOf, window: window, previousWindow: previousWindow, measure: settings.tierValue, total: total,
            rows: rows, summary: TierReport.summary(of: rows, total: total))
    }

    /// `old`, the tiers of this portfolio before an edit that changed the sales of `customers` and
    /// nothing else tiers read (same as-of date and settings), brought up to date: each of those
    /// customers moved to its new place in the ranking, and every row's shares and tier redone
    /// against the new total, without regrouping or re-ranking the others (a sale at 100,000
    /// customers: a few milliseconds, against about 0.2 s afresh). `position` gives an account's
    /// index in `old.rows`.
    ///
    /// Nil when a changed customer's value in the 12 months before changed (any previous tier
    /// could then move) or `position` disagrees with `old`: the caller computes the tiers afresh.
    public func tiers(
        updating old: TierReport, customers: Set<String>, index: PortfolioIndex, position: (String) -> Int?
    ) -> TierReport? {
        guard old.measure == settings.tierValue else { return nil }
        // The changed customers at their old positions, with their new values.
        var moved: [(position: Int, customer: TierCustomer)] = []
        for id in customers {
            guard let at = position(id) else {
                // Not ranked before (not a customer, or archived): it must not be ranked now.
                if accounts[id]?.isRanked == true { return nil }
                continue
            }
            guard old.rows.indices.contains(at), old.rows[at].accountId == id, accounts[id]?.isRanked == true
            else { return nil }
            let row = old.rows[at]
            let (value, orders, previousValue) = tierValues(
                of: id, index: index, window: old.window, previousWindow: old.previousWindow)
            guard previousValue == row.previousValue else { return nil }
            guard value != row.value || orders != row.orders else { continue }
            moved.append(
                (
                    at,
                    TierCustomer(
                        id: id, name: row.name, industry: row.industry, region: row.region, value: value,
                        orders: orders, previousValue: previousValue)
                ))
        }
        guard !moved.isEmpty else { return old }
        // The ranking as positions in `old.rows`, the moved customers taken out and put back
        // where their new values place them (-1 - k for the k-th moved customer).
        // The old rows, the moved customers' taken out and put back where their new values place
        // them; then every row placed again against the new total (no string is copied twice).
        var total = old.total
        var rows = old.rows
        for at in moved.map(\.position).sorted(by: >) { rows.remove(at: at) }
        for (at, new) in moved {
            total = total - max(old.rows[at].value, .zero) + max(new.value, .zero)
            var low = 0
            var high = rows.count
            while low < high {
                let middle = (low + high) / 2
                let row = rows[middle]
                if ParetoRanking.precedes((row.value, row.name, row.accountId), (new.value, new.name, new.id)) {
                    low = middle + 1
                } else {
                    high = middle
                }
            }
            // A customer with no value before was tier C then (shown as new when it has value now).
            rows.insert(
                tierRow(rank: 0, new, before: .zero, total: total, previousTier: old.rows[at].previousTier ?? .C),
                at: low)
        }
        var running = Money.zero
        for offset in rows.indices {
            let value = rows[offset].value
            rows[offset].place(
                rank: offset + 1, before: running, total: total,
                tier: tierFor(value: value, before: running, total: total))
            running = running + max(value, .zero)
        }
        return TierReport(
            asOf: old.asOf, window: old.window, previousWindow: old.previousWindow, measure: old.measure, total: total,
            rows: rows, summary: TierReport.summary(of: rows, total: total))
    }

    /// A customer's value (``Settings/tierValue``) and orders in `window`, and its value in
    /// `previousWindow`: one pass over its sales.
    func tierValues(of id: String, index: PortfolioIndex, window: DayWindow, previousWindow: DayWindow)
        -> (value: Money, orders: Int, previousValue: Money)
    {
        let measure = settings.tierValue
        var value = Money.zero
        var orders = 0
        var previousValue = Money.zero
        for sale in index.sales[id] ?? [] {
            let amount = measure == .sales ? sale.amount : (sale.margin ?? .zero)
            if window.contains(sale.date) {
                value = value + amount
                orders += 1
            }
            if previousWindow.contains(sale.date) { previousValue = previousValue + amount }
        }
        return (value, orders, previousValue)
    }

    /// The row of `customer`, ranked `rank` (from 1) with `before` held by those ranked above.
    func tierRow(rank: Int, _ customer: TierCustomer, before: Money, total: Money, previousTier: Tier) -> TierRow {
        let isNew = customer.previousValue.cents <= 0 && customer.value.cents > 0
        var row = TierRow(
            rank: rank, accountId: customer.id, name: customer.name, value: customer.value, share: 0,
            shareBefore: 0, cumulativeShare: 0, tier: .C, previousValue: customer.previousValue,
            previousTier: isNew ? nil : previousTier, movement: .new, orders: customer.orders,
            frequency: FrequencyBand(orders: customer.orders), industry: customer.industry, region: customer.region)
        row.place(
            rank: rank, before: before, total: total,
            tier: tierFor(value: customer.value, before: before, total: total))
        return row
    }

    func tierFor(_ entry: ParetoRanking.Ranked) -> Tier {
        tierFor(value: entry.item.value, before: entry.before, total: entry.total)
    }

    func tierFor(value: Money, before: Money, total: Money) -> Tier {
        if ParetoRanking.below(settings.tierACutoff, value: value, before: before, total: total) { return .A }
        if ParetoRanking.below(settings.tierBCutoff, value: value, before: before, total: total) { return .B }
        return .C
    }
}
