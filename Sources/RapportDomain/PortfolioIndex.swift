/// Records grouped by account, built once per portfolio so each analytic is a linear pass.
public struct PortfolioIndex: Sendable {
    public let sales: [String: [Sale]]
    public let purchases: [String: [Purchase]]
    public let interactions: [String: [Interaction]]
    /// Newest period first.
    public let evaluations: [String: [SupplierEvaluation]]

    public init(_ portfolio: Portfolio) {
        sales = Self.group(portfolio.sales)
        purchases = Self.group(portfolio.purchases)
        interactions = Self.group(portfolio.interactions)
        evaluations = Self.group(portfolio.evaluations)
    }

    /// An index from groups made elsewhere (in parallel, say) with ``group(_:)``.
    public init(
        sales: [String: [Sale]], purchases: [String: [Purchase]], interactions: [String: [Interaction]],
        evaluations: [String: [SupplierEvaluation]]
    ) {
        self.sales = sales
        self.purchases = purchases
        self.interactions = interactions
        self.evaluations = evaluations
    }

    /// The index of `portfolio`, reusing the groups of `previous` for every kind not in `changed`.
    public init(_ portfolio: Portfolio, reusing previous: PortfolioIndex, changed: Set<RecordKind>) {
        sales = changed.contains(.sale) ? Self.group(portfolio.sales) : previous.sales
        purchases = changed.contains(.purchase) ? Self.group(portfolio.purchases) : previous.purchases
        interactions = changed.contains(.interaction) ? Self.group(portfolio.interactions) : previous.interactions
        evaluations = changed.contains(.evaluation) ? Self.group(portfolio.evaluations) : previous.evaluations
    }

    public static func group(_ records: [String: Sale]) -> [String: [Sale]] {
        Dictionary(grouping: records.values, by: \.accountId).mapValues { $0.sorted(by: inOrder) }
    }

    /// Each group's order is total (ties broken by id), so a group rebuilt alone equals one
    /// made with all the others.
    static func inOrder(_ lhs: Sale, _ rhs: Sale) -> Bool { (lhs.date, lhs.id) < (rhs.date, rhs.id) }
    static func inOrder(_ lhs: Purchase, _ rhs: Purchase) -> Bool { (lhs.date, lhs.id) < (rhs.date, rhs.id) }
    static func inOrder(_ lhs: Interaction, _ rhs: Interaction) -> Bool { (lhs.date, lhs.id) < (rhs.date, rhs.id) }
    static func inOrder(_ lhs: SupplierEvaluation, _ rhs: SupplierEvaluation) -> Bool {
        (rhs.period, lhs.id) < (lhs.period, rhs.id)
    }

    public static func group(_ records: [String: Purchase]) -> [String: [Purchase]] {
        Dictionary(grouping: records.values, by: \.accountId).mapValues { $0.sorted(by: inOrder) }
    }

    public static func group(_ records: [String: Interaction]) -> [String: [Interaction]] {
        Dictionary(grouping: records.values, by: \.accountId).mapValues { $0.sorted(by: inOrder) }
    }

    public static func group(_ records: [String: SupplierEvaluation]) -> [String: [SupplierEvaluation]] {
        Dictionary(grouping: records.values, by: \.accountId).mapValues { $0.sorted(by: inOrder) }
    }

    /// `groups` with the groups of the accounts that `ids` touch rebuilt: what grouping `new`
    /// would give, when `groups` was grouped from `old` and only the records `ids` differ.
    public static func regroup<R: Record>(
        _ groups: [String: [R]], old: [String: R], new: [String: R], ids: Set<String>, account: (R) -> String,
        inOrder: (R, R) -> Bool
    ) -> [String: [R]] {
        var affected: Set<String> = []
        for id in ids {
            if let record = old[id] { affected.insert(account(record)) }
            if let record = new[id] { affected.insert(account(record)) }
        }
        var groups = groups
        for accountId in affected {
            var members = (groups[accountId] ?? []).filter { !ids.contains($0.id) }
            for id in ids {
                if let record = new[id], account(record) == accountId { members.append(record) }
            }
            members.sort(by: inOrder)
            groups[accountId] = members.isEmpty ? nil : members
        }
        return groups
    }

    /// The index of `portfolio` from `previous` (the index of `old`), regrouping only the
    /// accounts whose records changed.
    public init(
        _ portfolio: Portfolio, from previous: PortfolioIndex, of old: Portfolio, changed: [RecordKind: Set<String>]
    ) {
        func ids(_ kind: RecordKind) -> Set<String> { changed[kind] ?? [] }
        sales = Self.regroup(
            previous.sales, old: old.sales, new: portfolio.sales, ids: ids(.sale), account: \.accountId,
            inOrder: Self.inOrder)
        purchases = Self.regroup(
            previous.purchases, old: old.purchases, new: portfolio.purchases, ids: ids(.purchase),
            account: \.accountId, inOrder: Self.inOrder)
        interactions = Self.regroup(
            previous.interactions, old: old.interactions, new: portfolio.interactions, ids: ids(.interaction),
            account: \.accountId, inOrder: Self.inOrder)
        evaluations = Self.regroup(
            previous.evaluations, old: old.evaluations, new: portfolio.evaluations, ids: ids(.evaluation),
            account: \.accountId, inOrder: Self.inOrder)
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
    }
    struct Ranked {
        let item: Item
        let before: Money
        /// `before / total < cutoff`, decided exactly; false when the value is not positive.
        let below: (Double) -> Bool
    }

    static func rank(_ items: [Item]) -> (total: Money, ranked: [Ranked]) {
        let ordered = items.sorted {
            if $0.value != $1.value { return $0.value > $1.value }
            if $0.name != $1.name { return $0.name < $1.name }
            return $0.id < $1.id
        }
        let total = ordered.reduce(Money.zero) { $0 + ($1.value.cents > 0 ? $1.value : .zero) }
        var running = Money.zero
        var ranked: [Ranked] = []
        ranked.reserveCapacity(ordered.count)
        for item in ordered {
            let before = running
            let positive = item.value.cents > 0 && total.cents > 0
            ranked.append(
                Ranked(item: item, before: before) { cutoff in
                    guard positive else { return false }
                    let basisPoints = Int128((cutoff * 10_000).rounded())
                    return Int128(before.cents) * 10_000 < basisPoints * Int128(total.cents)
                })
            if item.value.cents > 0 { running = running + item.value }
        }
        return (total, ranked)
    }

    static func share(_ part: Money, of total: Money) -> Double {
        total.cents > 0 ? Double(part.cents) / Double(total.cents) : 0
    }
}
