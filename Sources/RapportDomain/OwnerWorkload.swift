/// What needs attention about an owner's portfolio.
public enum WorkloadFlag: String, Codable, CaseIterable, Sendable {
    /// More key accounts than capacity (load above 1).
    case overloaded
    /// Key accounts with no visit or meeting in the stale period (90 days).
    case stale
    /// Follow-ups past their due date.
    case overdue
    /// An inactive owner who still holds key accounts: they are to be reassigned (they count as
    /// unassigned), so the owner is never "overloaded".
    case inactive
}

/// Why an account counts as key for its owner.
public struct KeyAccount: Hashable, Sendable {
    public let accountId: String
    public let name: String
    public let isTierACustomer: Bool
    public let isKeySupplier: Bool
    public let ownerId: String?
    public let lastInPerson: Day?
    public let openFollowUps: Int
    public let isStale: Bool
}

/// One owner's workload.
public struct OwnerRow: Hashable, Sendable {
    public let ownerId: String
    public let name: String
    public let team: String
    public let active: Bool
    public let capacity: Int
    public let keyAccounts: [KeyAccount]
    /// Trailing-12-month value of the customers they own.
    public let customerValue: Money
    /// Trailing-12-month spend with the suppliers they own.
    public let supplierSpend: Money
    public let overdueFollowUps: Int
    public let flags: [WorkloadFlag]

    public var load: Double { Double(keyAccounts.count) / Double(max(capacity, 1)) }
    public var staleKeyAccounts: [KeyAccount] { keyAccounts.filter(\.isStale) }

    /// The flags as people read them: "inactive: reassign 17 · stale · overdue".
    public var flagWords: String {
        flags.map { $0 == .inactive ? "inactive: reassign \(keyAccounts.count)" : $0.rawValue }.joined(separator: " ")
    }
}

/// Owners' workload and the key accounts nobody (active) owns.
public struct WorkloadReport: Hashable, Sendable {
    public let asOf: Day
    public let owners: [OwnerRow]
    /// Key accounts with no owner, or whose owner is inactive.
    public let unassigned: [KeyAccount]
}

extension Portfolio {
    /// The owner workload (docs/DOMAIN.md): key accounts (key suppliers and tier-A customers) per owner,
    /// load against capacity, value and spend owned, overdue follow-ups and stale key accounts.
    public func workload(
        asOf: Day, index: PortfolioIndex? = nil, tiers: TierReport? = nil, suppliers: [SupplierRow]? = nil
    ) -> WorkloadReport {
        let index = index ?? PortfolioIndex(self)
        let tiers = tiers ?? self.tiers(asOf: asOf, index: index)
        let suppliers = suppliers ?? self.suppliers(asOf: asOf, index: index)
        let staleWindow = DayWindow(after: asOf.adding(days: -settings.staleDays), through: asOf)
        let tierA = Set(tiers.rows.filter { $0.tier == .A }.map(\.accountId))
        let keySuppliers = Set(suppliers.filter(\.isKey).map(\.accountId))
        let customerValue = Dictionary(uniqueKeysWithValues: tiers.rows.map { ($0.accountId, $0.value) })
        let supplierSpend = Dictionary(uniqueKeysWithValues: suppliers.map { ($0.accountId, $0.spend) })

        let keyAccounts: [KeyAccount] = tierA.union(keySuppliers).sorted().compactMap { id in
            guard let account = accounts[id] else { return nil }
            return KeyAccount(
                account, isTierACustomer: tierA.contains(id), isKeySupplier: keySuppliers.contains(id), index: index,
                asOf: asOf, staleWindow: staleWindow)
        }
        var overdue: [String: Int] = [:]
        for interaction in interactions.values where interaction.isOverdue(asOf: asOf) {
            if let owner = interaction.ownerId ?? accounts[interaction.accountId]?.ownerId {
                overdue[owner, default: 0] += 1
            }
        }
        let keyByOwner = Dictionary(grouping: keyAccounts.filter { $0.ownerId != nil }, by: { $0.ownerId! })
        var valueByOwner: [String: Money] = [:]
        var spendByOwner: [String: Money] = [:]
        for account in accounts.values {
            guard let owner = account.ownerId else { continue }
            if let value = customerValue[account.id] { valueByOwner[owner, default: .zero] += value }
            if let spend = supplierSpend[account.id] { spendByOwner[owner, default: .zero] += spend }
        }
        let rows = owners.values.sorted { ($0.name, $0.id) < ($1.name, $1.id) }.map { owner in
            OwnerRow(
                ownerId: owner.id, name: owner.name, team: owner.team, active: owner.active, capacity: owner.capacity,
                keyAccounts: (keyByOwner[owner.id] ?? []).sorted { ($0.name, $0.accountId) < ($1.name, $1.accountId) },
                customerValue: valueByOwner[owner.id] ?? .zero, supplierSpend: spendByOwner[owner.id] ?? .zero,
                overdueFollowUps: overdue[owner.id] ?? 0)
        }
        let unassigned = keyAccounts.filter { key in
            guard let ownerId = key.ownerId, let owner = owners[ownerId] else { return true }
            return !owner.active
        }.sorted { ($0.name, $0.accountId) < ($1.name, $1.accountId) }
        return WorkloadReport(asOf: asOf, owners: rows, unassigned: unassigned)
    }

    /// `previous` (the workload of `old`, indexed by `oldIndex`) after an edit of the accounts
    /// `touched`: their interactions, or their account records in ways that leave tiers, names
    /// and who is key alone (an owner reassigned, notes, tags). No owner, purchase or setting
    /// changed. The touched key accounts move to their new owners' rows; value, spend and
    /// overdue follow-ups move with them; every other row stays as it was. `value` and `spend`
    /// give an account's tier value and supplier spend, as the full pass reads them.
    /// Reassigning an account at 100,000 accounts redoes two rows instead of every owner.
    ///
    /// After sales (no account changed), tiers are new: `revalued` are the customers whose value
    /// changed (`oldValue` gives it before), and `rekeyed` those that became or stopped being
    /// tier-A customers (`isTierA` says which, now).
    public func workload(
        asOf: Day, index: PortfolioIndex, updating previous: WorkloadReport, old: Portfolio,
        oldIndex: PortfolioIndex, touched: Set<String>, value: (String) -> Money?, spend: (String) -> Money?,
        revalued: Set<String> = [], oldValue: (String) -> Money? = { _ in nil }, rekeyed: Set<String> = [],
        isTierA: (String) -> Bool = { _ in false }
    ) -> WorkloadReport {
        let touched = touched.union(revalued).union(rekeyed)
        guard !touched.isEmpty else { return previous }
        let staleWindow = DayWindow(after: asOf.adding(days: -settings.staleDays), through: asOf)
        var overdue: [String: Int] = [:]
        var valueMoved: [String: Money] = [:]
        var spendMoved: [String: Money] = [:]
        for id in touched {
            let before = old.accounts[id]?.ownerId
            let after = accounts[id]?.ownerId
            for interaction in oldIndex.interactions[id] ?? [] where interaction.isOverdue(asOf: asOf) {
                if let owner = interaction.ownerId ?? before { overdue[owner, default: 0] -= 1 }
            }
            for interaction in index.interactions[id] ?? [] where interaction.isOverdue(asOf: asOf) {
                if let owner = interaction.ownerId ?? after { overdue[owner, default: 0] += 1 }
            }
            // Its value leaves the owner before (as it was) and joins the owner after (as it is).
            if before != after || revalued.contains(id) {
                if let before, let amount = revalued.contains(id) ? oldValue(id) : value(id) {
                    valueMoved[before, default: .zero] += Money(cents: -amount.cents)
                }
                if let after, let amount = value(id) { valueMoved[after, default: .zero] += amount }
            }
            guard before != after else { continue }
            if let amount = spend(id) {
                if let before { spendMoved[before, default: .zero] += Money(cents: -amount.cents) }
                if let after { spendMoved[after, default: .zero] += amount }
            }
        }
        // The touched accounts that are key (who is key does not change), redone.
        var flags: [String: (tierA: Bool, keySupplier: Bool)] = [:]
        // The owners whose key accounts change: where the touched ones were, and where they go.
        var affected: Set<String> = []
        for row in previous.owners {
            for key in row.keyAccounts where touched.contains(key.accountId) {
                flags[key.accountId] = (key.isTierACustomer, key.isKeySupplier)
                affected.insert(row.ownerId)
            }
        }
        for key in previous.unassigned where touched.contains(key.accountId) {
            flags[key.accountId] = (key.isTierACustomer, key.isKeySupplier)
        }
        // Who became or stopped being a tier-A customer: a key supplier stays key.
        for id in rekeyed { flags[id] = (isTierA(id), flags[id]?.keySupplier ?? false) }
        let redone: [KeyAccount] = flags.keys.sorted().compactMap { id in
            guard let account = accounts[id], let flag = flags[id], flag.tierA || flag.keySupplier else { return nil }
            return KeyAccount(
                account, isTierACustomer: flag.tierA, isKeySupplier: flag.keySupplier, index: index, asOf: asOf,
                staleWindow: staleWindow)
        }
        /// `keys` without the redone accounts, plus those of them that `belongs` admits, in
        /// order; nil when that changes nothing.
        func replaced(_ keys: [KeyAccount], _ belongs: (KeyAccount) -> Bool) -> [KeyAccount]? {
            let kept = keys.filter { flags[$0.accountId] == nil }
            let added = redone.filter(belongs)
            guard kept.count != keys.count || !added.isEmpty else { return nil }
            return (kept + added).sorted { ($0.name, $0.accountId) < ($1.name, $1.accountId) }
        }
        for key in redone { if let owner = key.ownerId { affected.insert(owner) } }
        let rows = previous.owners.map { row in
            let keys = affected.contains(row.ownerId) ? replaced(row.keyAccounts) { $0.ownerId == row.ownerId } : nil
            let moved = overdue[row.ownerId, default: 0]
            let valueDelta = valueMoved[row.ownerId] ?? .zero
            let spendDelta = spendMoved[row.ownerId] ?? .zero
            // Most owners are untouched: their rows stay as they were.
            guard keys != nil || moved != 0 || valueDelta != .zero || spendDelta != .zero else { return row }
            return OwnerRow(
                ownerId: row.ownerId, name: row.name, team: row.team, active: row.active, capacity: row.capacity,
                keyAccounts: keys ?? row.keyAccounts, customerValue: row.customerValue + valueDelta,
                supplierSpend: row.supplierSpend + spendDelta, overdueFollowUps: row.overdueFollowUps + moved)
        }
        let unassigned =
            replaced(previous.unassigned) { key in
                guard let ownerId = key.ownerId, let owner = owners[ownerId] else { return true }
                return !owner.active
            } ?? previous.unassigned
        return WorkloadReport(asOf: asOf, owners: rows, unassigned: unassigned)
    }
}

extension KeyAccount {
    /// `account` as a key account: its last visit or meeting, open follow-ups and staleness.
    init(
        _ account: Account, isTierACustomer: Bool, isKeySupplier: Bool, index: PortfolioIndex, asOf: Day,
        staleWindow: DayWindow
    ) {
        let last = index.lastInPerson(account.id, asOf: asOf)
        self.init(
            accountId: account.id, name: account.name, isTierACustomer: isTierACustomer, isKeySupplier: isKeySupplier,
            ownerId: account.ownerId, lastInPerson: last,
            openFollowUps: (index.interactions[account.id] ?? []).count(where: \.isOpenFollowUp),
            isStale: last.map { !staleWindow.contains($0) } ?? true)
    }
}

extension OwnerRow {
    /// A row with its flags: overloaded above capacity (an active owner), inactive with key
    /// accounts left to reassign, stale key accounts, overdue follow-ups.
    init(
        ownerId: String, name: String, team: String, active: Bool, capacity: Int, keyAccounts: [KeyAccount],
        customerValue: Money, supplierSpend: Money, overdueFollowUps: Int
    ) {
        var flags: [WorkloadFlag] = []
        if !active, !keyAccounts.isEmpty {
            flags.append(.inactive)
        } else if Double(keyAccounts.count) / Double(max(capacity, 1)) > 1 {
            flags.append(.overloaded)
        }
        if keyAccounts.contains(where: \.isStale) { flags.append(.stale) }
        if overdueFollowUps > 0 { flags.append(.overdue) }
        self.init(
            ownerId: ownerId, name: name, team: team, active: active, capacity: capacity, keyAccounts: keyAccounts,
            customerValue: customerValue, supplierSpend: supplierSpend, overdueFollowUps: overdueFollowUps,
            flags: flags)
    }
}
