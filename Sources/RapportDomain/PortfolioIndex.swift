/// A record that belongs to one account, grouped per account in a fixed order.
public protocol AccountRecord: Record {
    var accountId: String { get }
    /// The order within an account's group. It is total (ties broken by id), so a group rebuilt
    /// alone equals one made with all the others.
    static func precedes(_ lhs: Self, _ rhs: Self) -> Bool
}

extension Sale: AccountRecord {
    public static func precedes(_ lhs: Sale, _ rhs: Sale) -> Bool { (lhs.date, lhs.id) < (rhs.date, rhs.id) }
}

extension Purchase: AccountRecord {
    public static func precedes(_ lhs: Purchase, _ rhs: Purchase) -> Bool { (lhs.date, lhs.id) < (rhs.date, rhs.id) }
}

extension Interaction: AccountRecord {
    public static func precedes(_ lhs: Interaction, _ rhs: Interaction) -> Bool {
        (lhs.date, lhs.id) < (rhs.date, rhs.id)
    }
}

extension SupplierEvaluation: AccountRecord {
    /// Newest period first.
    public static func precedes(_ lhs: SupplierEvaluation, _ rhs: SupplierEvaluation) -> Bool {
        (rhs.period, lhs.id) < (lhs.period, rhs.id)
    }
}

extension Contact: AccountRecord {
    public static func precedes(_ lhs: Contact, _ rhs: Contact) -> Bool { lhs.id < rhs.id }
}

/// Records grouped by account, built once per portfolio so each analytic is a linear pass.
public struct PortfolioIndex: Sendable {
    public let sales: RecordMap<[Sale]>
    public let purchases: RecordMap<[Purchase]>
    public let interactions: RecordMap<[Interaction]>
    /// Newest period first.
    public let evaluations: RecordMap<[SupplierEvaluation]>

    public init(_ portfolio: Portfolio) {
        sales = Self.group(portfolio.sales)
        purchases = Self.group(portfolio.purchases)
        interactions = Self.group(portfolio.interactions)
        evaluations = Self.group(portfolio.evaluations)
    }

    /// An index from groups made elsewhere (in parallel, say) with ``group(_:)`` or ``regroup(_:old:new:ids:)``.
    public init(
        sales: RecordMap<[Sale]>, purchases: RecordMap<[Purchase]>, interactions: RecordMap<[Interaction]>,
        evaluations: RecordMap<[SupplierEvaluation]>
    ) {
        self.sales = sales
        self.purchases = purchases
        self.interactions = interactions
        self.evaluations = evaluations
    }

    /// Records by account, each group in ``AccountRecord/precedes(_:_:)`` order. The groups are
    /// a ``RecordMap`` too, so an edit's regrouping copies a 256th of them.
    @inlinable
    public static func group<R: AccountRecord>(_ records: RecordMap<R>) -> RecordMap<[R]> {
        // The records copied out once, in the order stored, then dealt into groups by account.
        var all: [R] = []
        all.reserveCapacity(records.count)
        records.forEachInPlace { _, record in all.append(record.pointee) }
        // (A closure, not a key path: a key path is projected generically, each call.)
        var groups = RecordMap.grouping(consume all) { $0.accountId }
        groups.modifyEach { $0.sort(by: R.precedes) }
        return groups
    }

    /// The accounts the records `ids` belong to, before (`old`) or after (`new`) an edit: a
    /// record moved to another account touches both.
    @inlinable
    public static func accounts<R: AccountRecord>(of ids: Set<String>, old: RecordMap<R>, new: RecordMap<R>)
        -> Set<String>
    {
        var accounts: Set<String> = []
        for id in ids {
            if let record = old[id] { accounts.insert(record.accountId) }
            if let record = new[id] { accounts.insert(record.accountId) }
        }
        return accounts
    }

    /// `groups` with the groups of the accounts that `ids` touch rebuilt: what ``group(_:)``
    /// of `new` gives, when `groups` is the grouping of `old` and only the records `ids` differ.
    @inlinable
    public static func regroup<R: AccountRecord>(
        _ groups: RecordMap<[R]>, old: RecordMap<R>, new: RecordMap<R>, ids: Set<String>
    ) -> RecordMap<[R]> {
        guard !ids.isEmpty else { return groups }
        let affected = accounts(of: ids, old: old, new: new)
        var groups = groups
        for accountId in affected {
            var members = (groups[accountId] ?? []).filter { !ids.contains($0.id) }
            for id in ids {
                if let record = new[id], record.accountId == accountId { members.append(record) }
            }
            members.sort(by: R.precedes)
            groups[accountId] = members.isEmpty ? nil : members
        }
        return groups
    }

    /// The last visit or meeting on or before `asOf`.
    public func lastInPerson(_ accountId: String, asOf: Day) -> Day? {
        interactions[accountId]?.last { $0.channel.isInPerson && $0.date <= asOf }?.date
    }
}

/// Ranks values and cuts them by cumulative share: the rule behind tiers and key suppliers.
///
/// Items are ordered by value (highest first), then name, then id. `before` is the share of the
/// total held by the items ranked above. Comparisons are exact (integer cents), so a share of
/// exactly 80% is not below 80%.
struct ParetoRanking {
    struct Item {
        let id: String
        let name: String
        let value: Money
        /// Where the caller keeps what else it knows of the item.
        var position = 0
    }
    struct Ranked {
        let item: Item
        let before: Money
        let total: Money

        /// `before / total < cutoff`, decided exactly; false when the value is not positive.
        func below(_ cutoff: Double) -> Bool {
            ParetoRanking.below(cutoff, value: item.value, before: before, total: total)
        }
    }

    /// Whether an item of `value` with `before` ranked above it is below `cutoff`: exactly, and
    /// false when the value is not positive.
    static func below(_ cutoff: Double, value: Money, before: Money, total: Money) -> Bool {
        guard value.cents > 0, total.cents > 0 else { return false }
        let basisPoints = Int128((cutoff * 10_000).rounded())
        return Int128(before.cents) * 10_000 < basisPoints * Int128(total.cents)
    }

    /// Ranking order: value (highest first), then name, then id.
    static func precedes(
        _ lhs: (value: Money, name: String, id: String), _ rhs: (value: Money, name: String, id: String)
    )
        -> Bool
    {
        if lhs.value != rhs.value { return lhs.value > rhs.value }
        if lhs.name != rhs.name { return lhs.name < rhs.name }
        return lhs.id < rhs.id
    }

    static func rank(_ items: [Item]) -> (total: Money, ranked: [Ranked]) {
        let ordered = items.sorted { precedes(($0.value, $0.name, $0.id), ($1.value, $1.name, $1.id)) }
        let total = ordered.reduce(Money.zero) { $0 + ($1.value.cents > 0 ? $1.value : .zero) }
        var running = Money.zero
        var ranked: [Ranked] = []
        ranked.reserveCapacity(ordered.count)
        for item in ordered {
            ranked.append(Ranked(item: item, before: running, total: total))
            if item.value.cents > 0 { running = running + item.value }
        }
        return (total, ranked)
    }

    static func share(_ part: Money, of total: Money) -> Double {
        total.cents > 0 ? Double(part.cents) / Double(total.cents) : 0
    }
}
