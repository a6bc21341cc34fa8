/// Customer value tiers (seed 001: high, middle and low value customers).
public enum Tier: String, Codable, CaseIterable, Sendable, Comparable {
    // DOMAIN.md names the tiers A, B and C; users type and read them that way.
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
    public let rank: Int
    public let accountId: String
    public let name: String
    public let value: Money
    public let share: Double
    /// Share held by the customers ranked above this one.
    public let shareBefore: Double
    public let cumulativeShare: Double
    public let tier: Tier
    public let previousValue: Money
    /// Nil when the customer is new (no value in the previous 12 months).
    public let previousTier: Tier?
    public let movement: Movement
    public let orders: Int
    public let frequency: FrequencyBand
    public let industry: String
    public let region: String
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
}

extension Account {
    /// Whether it takes part in tiering and partnership ranking: a customer, not archived.
    public var isRanked: Bool { isCustomer && !isArchived }
}

extension Portfolio {

    /// DOMAIN.md's tiers: value over the trailing 12 months ending at `asOf`, ranked, cut at the
    /// cumulative share ranked above (A below 80%, B below 95%, else C), with movement against the
    /// 12 months before.
    public func tiers(asOf: Day, index: PortfolioIndex? = nil) -> TierReport {
        let index = index ?? PortfolioIndex(self)
        let window = DayWindow(endingAt: asOf, months: 12)
        let previousWindow = window.previous(months: 12)
        let measure = settings.tierValue

        /// A customer as its row shows it, with its value in both windows: one pass over its
        /// sales, and no copy of its account record kept.
        struct Customer {
            let id: String
            let name: String
            let industry: String
            let region: String
            let value: Money
            let orders: Int
            let previousValue: Money
        }
        var customers: [Customer] = []
        customers.reserveCapacity(accounts.count)
        for account in accounts.values where account.isRanked {
            var value = Money.zero
            var orders = 0
            var previousValue = Money.zero
            for sale in index.sales[account.id] ?? [] {
                let amount = measure == .sales ? sale.amount : (sale.margin ?? .zero)
                if window.contains(sale.date) {
                    value = value + amount
                    orders += 1
                }
                if previousWindow.contains(sale.date) { previousValue = previousValue + amount }
            }
            customers.append(
                Customer(
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
            let customer = customers[entry.item.position]
            let amount = customer.value
            let tier = tierFor(entry)
            let previousValue = customer.previousValue
            let isNew = previousValue.cents <= 0 && amount.cents > 0
            let previousTier = previousTiers[entry.item.position]
            let movement: Movement =
                isNew ? .new : previousTier == tier ? .same : (tier < previousTier ? .up : .down)
            rows.append(
                TierRow(
                    rank: offset + 1, accountId: customer.id, name: customer.name, value: amount,
                    share: ParetoRanking.share(amount.cents > 0 ? amount : .zero, of: total),
                    shareBefore: ParetoRanking.share(entry.before, of: total),
                    cumulativeShare: ParetoRanking.share(entry.before + (amount.cents > 0 ? amount : .zero), of: total),
                    tier: tier, previousValue: previousValue, previousTier: isNew ? nil : previousTier,
                    movement: movement, orders: customer.orders, frequency: FrequencyBand(orders: customer.orders),
                    industry: customer.industry, region: customer.region))
        }
        let summary = Tier.allCases.map { tier in
            let members = rows.filter { $0.tier == tier }
            let value = members.reduce(Money.zero) { $0 + ($1.value.cents > 0 ? $1.value : .zero) }
            return TierSummary(
                tier: tier, customers: members.count, value: value, share: ParetoRanking.share(value, of: total))
        }
        return TierReport(
            asOf: asOf, window: window, previousWindow: previousWindow, measure: measure, total: total, rows: rows,
            summary: summary)
    }

    func tierFor(_ entry: ParetoRanking.Ranked) -> Tier {
        if entry.below(settings.tierACutoff) { return .A }
        if entry.below(settings.tierBCutoff) { return .B }
        return .C
    }
}
