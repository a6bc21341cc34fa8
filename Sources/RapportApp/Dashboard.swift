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
        // The records an edit changed, from the portfolio's change log; when the log cannot
        // say (another process compacted, say), the kinds that changed, by comparison.
        let records = old.flatMap { portfolio.changedRecords(since: $0.portfolio) }
        let changed =
            records.map { Set($0.keys) } ?? old.map { portfolio.changedKinds(since: $0.portfolio) }
            ?? Set(RecordKind.allCases)
        let sameSettings = old.map { $0.portfolio.settings == portfolio.settings } ?? false
        func same(_ kinds: RecordKind...) -> Bool { sameSettings && changed.isDisjoint(with: kinds) }
        let reuseTiers = same(.account, .sale)
        let reuseSuppliers = same(.account, .purchase, .evaluation, .interaction)
        // Independent analytics run at once, one per core: first the four groupings, then
        // tiers and partners, supplier rows, and contacts with search text; workload last.
        let index = Dashboard.index(portfolio, old: old, records: records, changed: changed)
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
            { Dashboard.contactsAndSearch(portfolio, old: old, records: records, changed: changed) })
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

    /// One kind's groups: the previous ones when the kind did not change, those of the changed
    /// records' accounts rebuilt when the log names them, else all grouped afresh.
    static func grouped<R: AccountRecord>(
        _ kind: RecordKind, _ new: [String: R], old: [String: R]?, previous: [String: [R]]?,
        records: [RecordKind: Set<String>]?, changed: Set<RecordKind>
    ) -> [String: [R]] {
        guard let old, let previous else { return PortfolioIndex.group(new) }
        if !changed.contains(kind) { return previous }
        guard let records else { return PortfolioIndex.group(new) }
        return PortfolioIndex.regroup(previous, old: old, new: new, ids: records[kind] ?? [])
    }

    /// The index, the four kinds at once.
    static func index(
        _ portfolio: Portfolio, old: (portfolio: Portfolio, dashboard: Dashboard)?,
        records: [RecordKind: Set<String>]?, changed: Set<RecordKind>
    ) -> PortfolioIndex {
        let (sales, purchases, interactions, evaluations) = Concurrently.run(
            {
                grouped(
                    .sale, portfolio.sales, old: old?.portfolio.sales, previous: old?.dashboard.index.sales,
                    records: records, changed: changed)
            },
            {
                grouped(
                    .purchase, portfolio.purchases, old: old?.portfolio.purchases,
                    previous: old?.dashboard.index.purchases, records: records, changed: changed)
            },
            {
                grouped(
                    .interaction, portfolio.interactions, old: old?.portfolio.interactions,
                    previous: old?.dashboard.index.interactions, records: records, changed: changed)
            },
            {
                grouped(
                    .evaluation, portfolio.evaluations, old: old?.portfolio.evaluations,
                    previous: old?.dashboard.index.evaluations, records: records, changed: changed)
            })
        return PortfolioIndex(sales: sales, purchases: purchases, interactions: interactions, evaluations: evaluations)
    }

    /// Contacts per account, and each account's folded search text: refolded only for the
    /// accounts the log names (their record or one of their contacts changed).
    static func contactsAndSearch(
        _ portfolio: Portfolio, old: (portfolio: Portfolio, dashboard: Dashboard)?,
        records: [RecordKind: Set<String>]?, changed: Set<RecordKind>
    ) -> ([String: [Contact]], [String: String]) {
        let contacts = grouped(
            .contact, portfolio.contacts, old: old?.portfolio.contacts, previous: old?.dashboard.contacts,
            records: records, changed: changed)
        func text(_ account: Account) -> String {
            let names = contacts[account.id]?.map(\.name).joined(separator: " ") ?? ""
            return Dashboard.fold(
                [
                    account.name, account.industry, account.region, account.country,
                    account.tags.joined(separator: " "), names,
                ]
                .joined(separator: "\u{1F}"))
        }
        if let old, changed.isDisjoint(with: [.account, .contact]) { return (contacts, old.dashboard.searchText) }
        if let old, let records {
            var touched = records[.account] ?? []
            for id in records[.contact] ?? [] {
                if let contact = old.portfolio.contacts[id] { touched.insert(contact.accountId) }
                if let contact = portfolio.contacts[id] { touched.insert(contact.accountId) }
            }
            var search = old.dashboard.searchText
            for id in touched { search[id] = portfolio.accounts[id].map(text) }
            return (contacts, search)
        }
        var search: [String: String] = [:]
        search.reserveCapacity(portfolio.accounts.count)
        for (id, account) in portfolio.accounts { search[id] = text(account) }
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
