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

extension Portfolio {
    /// Customers that take part in tiering and partnership ranking: customers not archived.
    public var rankedCustomers: [Account] { accounts.values.filter { $0.isCustomer && !$0.isArchived } }

    /// DOMAIN.md's tiers: value over the trailing 12 months ending at `asOf`, ranked, cut at the
    /// cumulative share ranked above (A below 80%, B below 95%, else C), with movement against the
    /// 12 months before.
    public func tiers(asOf: Day, index: PortfolioIndex? = nil) -> TierReport {
        let index = index ?? PortfolioIndex(self)
        let window = DayWindow(endingAt: asOf, months: 12)
        let previousWindow = window.previous(months: 12)
        let customers = rankedCustomers
        let measure = settings.tierValue

        func value(_ account: Account, in window: DayWindow) -> (Money, Int) {
            var total = Money.zero
            var orders = 0
            for sale in index.sales[account.id] ?? [] where window.contains(sale.date) {
                total = total + (measure == .sales ? sale.amount : (sale.margin ?? .zero))
                orders += 1
            }
            return (total, orders)
        }
        var current: [(Account, Money, Int)] = []
        var previousValues: [String: Money] = [:]
        for account in customers {
            let (amount, orders) = value(account, in: window)
            current.append((account, amount, orders))
            previousValues[account.id] = value(account, in: previousWindow).0
        }
        let previousTiers = tierMap(
            customers.map { ParetoRanking.Item(id: $0.id, name: $0.name, value: previousValues[$0.id]!) })
        let (total, ranked) = ParetoRanking.rank(
            current.map { ParetoRanking.Item(id: $0.0.id, name: $0.0.name, value: $0.1) })
        let byId = Dictionary(uniqueKeysWithValues: current.map { ($0.0.id, $0) })

        var rows: [TierRow] = []
        rows.reserveCapacity(ranked.count)
        for (offset, entry) in ranked.enumerated() {
            let (account, amount, orders) = byId[entry.item.id]!
            let tier = tierFor(entry)
            let previousValue = previousValues[account.id]!
            let isNew = previousValue.cents <= 0 && amount.cents > 0
            let previousTier = previousTiers[account.id]!
            let movement: Movement =
                isNew ? .new : previousTier == tier ? .same : (tier < previousTier ? .up : .down)
            rows.append(
                TierRow(
                    rank: offset + 1, accountId: account.id, name: account.name, value: amount,
                    share: ParetoRanking.share(amount.cents > 0 ? amount : .zero, of: total),
                    shareBefore: ParetoRanking.share(entry.before, of: total),
                    cumulativeShare: ParetoRanking.share(entry.before + (amount.cents > 0 ? amount : .zero), of: total),
                    tier: tier, previousValue: previousValue, previousTier: isNew ? nil : previousTier,
                    movement: movement, orders: orders, frequency: FrequencyBand(orders: orders),
                    industry: account.industry, region: account.region))
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

    func tierMap(_ items: [ParetoRanking.Item]) -> [String: Tier] {
        let (_, ranked) = ParetoRanking.rank(items)
        return Dictionary(uniqueKeysWithValues: ranked.map { ($0.item.id, tierFor($0)) })
    }
}
