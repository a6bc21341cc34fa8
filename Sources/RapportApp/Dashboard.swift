import Foundation
import RapportDomain

/// Everything the panes show, computed once per data change or as-of change (never per keystroke).
public struct Dashboard: Sendable {
    public let asOf: Day
    public let index: PortfolioIndex
    public let tiers: TierReport
    public let partners: [PartnerScore]
    public let suppliers: [SupplierRow]
    public let workload: WorkloadReport
    let tierRows: [String: TierRow]
    let supplierRows: [String: SupplierRow]
    let partnerRows: [String: PartnerScore]
    /// Contacts per account, ordered by id (for the detail view, drawn every frame).
    let contacts: [String: [Contact]]
    /// Case- and diacritic-folded text per account: name, industry, region, tags, contact names.
    let searchText: [String: String]
    /// For the status line, counted once per data change rather than per frame.
    let customerCount: Int
    let supplierCount: Int

    /// Computes everything for `portfolio`. With `previous` (the portfolio and dashboard before an
    /// edit, at the same as-of date), each analytic whose inputs did not change is reused: logging
    /// an interaction, say, regroups interactions and recomputes supplier rows and workload, but
    /// not tiers, partnership scores, contacts or search text.
    public init(portfolio: Portfolio, asOf: Day, previous: (portfolio: Portfolio, dashboard: Dashboard)? = nil) {
        self.asOf = asOf
        let old = previous.flatMap { $0.dashboard.asOf == asOf ? $0 : nil }
        // Without a previous dashboard everything counts as changed.
        let changed = old.map { portfolio.changedKinds(since: $0.portfolio) } ?? Set(RecordKind.allCases)
        let sameSettings = old.map { $0.portfolio.settings == portfolio.settings } ?? false
        func same(_ kinds: RecordKind...) -> Bool { sameSettings && changed.isDisjoint(with: kinds) }
        let reuseTiers = same(.account, .sale)
        let reuseSuppliers = same(.account, .purchase, .evaluation, .interaction)
        // Independent analytics run at once, one per core: first the four groupings, then
        // tiers and partners, supplier rows, and contacts with search text; workload last.
        let index =
            if let old, let records = portfolio.changedRecords(since: old.portfolio) {
                PortfolioIndex(portfolio, from: old.dashboard.index, of: old.portfolio, changed: records)
            } else {
                Dashboard.index(portfolio, reusing: old?.dashboard.index, changed: changed)
            }
        self.index = index
        let (ranking, supplying, finding) = Concurrently.run(
            {
                if let old, reuseTiers {
                    return (
                        old.dashboard.tiers, old.dashboard.partners, old.dashboard.tierRows, old.dashboard.partnerRows
                    )
                }
                let tiers = portfolio.tiers(asOf: asOf, index: index)
                let partners = portfolio.partners(asOf: asOf, index: index, tiers: tiers)
                return (
                    tiers, partners, Dictionary(uniqueKeysWithValues: tiers.rows.map { ($0.accountId, $0) }),
                    Dictionary(uniqueKeysWithValues: partners.map { ($0.accountId, $0) })
                )
            },
            {
                if let old, reuseSuppliers { return (old.dashboard.suppliers, old.dashboard.supplierRows) }
                let suppliers = portfolio.suppliers(asOf: asOf, index: index)
                return (suppliers, Dictionary(uniqueKeysWithValues: suppliers.map { ($0.accountId, $0) }))
            },
            { Dashboard.contactsAndSearch(portfolio, old: old, changed: changed) })
        (tiers, partners, tierRows, partnerRows) = ranking
        (suppliers, supplierRows) = supplying
        (contacts, searchText) = finding
        if let old, reuseTiers, reuseSuppliers, same(.owner) {
            workload = old.dashboard.workload
        } else {
            workload = portfolio.workload(asOf: asOf, index: index, tiers: tiers, suppliers: suppliers)
        }
        if let old, !changed.contains(.account) {
            customerCount = old.dashboard.customerCount
            supplierCount = old.dashboard.supplierCount
        } else {
            customerCount = portfolio.accounts.values.count { $0.isCustomer }
            supplierCount = portfolio.accounts.values.count { $0.isSupplier }
        }
    }

    /// The index, regrouping only the kinds that changed, the four groupings at once.
    static func index(_ portfolio: Portfolio, reusing previous: PortfolioIndex?, changed: Set<RecordKind>)
        -> PortfolioIndex
    {
        @Sendable func needs(_ kind: RecordKind) -> Bool { previous == nil || changed.contains(kind) }
        let (sales, purchases, interactions, evaluations) = Concurrently.run(
            { needs(.sale) ? PortfolioIndex.group(portfolio.sales) : previous!.sales },
            { needs(.purchase) ? PortfolioIndex.group(portfolio.purchases) : previous!.purchases },
            { needs(.interaction) ? PortfolioIndex.group(portfolio.interactions) : previous!.interactions },
            { needs(.evaluation) ? PortfolioIndex.group(portfolio.evaluations) : previous!.evaluations })
        return PortfolioIndex(sales: sales, purchases: purchases, interactions: interactions, evaluations: evaluations)
    }

    static func contactsAndSearch(
        _ portfolio: Portfolio, old: (portfolio: Portfolio, dashboard: Dashboard)?, changed: Set<RecordKind>
    ) -> ([String: [Contact]], [String: String]) {
        let contacts: [String: [Contact]]
        if let old, !changed.contains(.contact) {
            contacts = old.dashboard.contacts
        } else {
            contacts = Dictionary(grouping: portfolio.contacts.values, by: \.accountId).mapValues {
                $0.sorted { $0.id < $1.id }
            }
        }
        if let old, changed.isDisjoint(with: [.account, .contact]) { return (contacts, old.dashboard.searchText) }
        let contactNames = contacts.mapValues { $0.map(\.name).joined(separator: " ") }
        var search: [String: String] = [:]
        search.reserveCapacity(portfolio.accounts.count)
        for account in portfolio.accounts.values {
            // An account whose record and contacts are as before keeps its folded text.
            if let old, !changed.contains(.contact), old.portfolio.accounts[account.id] == account,
                let text = old.dashboard.searchText[account.id]
            {
                search[account.id] = text
                continue
            }
            let text = [
                account.name, account.industry, account.region, account.country,
                account.tags.joined(separator: " "), contactNames[account.id] ?? "",
            ].joined(separator: "\u{1F}")
            search[account.id] = Dashboard.fold(text)
        }
        return (contacts, search)
    }

    /// Lowercase, without diacritics: `Kontorsmöbler` → `kontorsmobler`. CJK is unchanged.
    public static func fold(_ text: String) -> String {
        TextFold.fold(text)
    }

    /// Whether an account matches a filter (already folded).
    func matches(_ accountId: String, _ foldedQuery: String) -> Bool {
        foldedQuery.isEmpty || (searchText[accountId]?.contains(foldedQuery) ?? false)
    }
}
