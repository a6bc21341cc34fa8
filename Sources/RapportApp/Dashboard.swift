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
        index =
            old.map { PortfolioIndex(portfolio, reusing: $0.dashboard.index, changed: changed) }
            ?? PortfolioIndex(portfolio)
        let reuseTiers = same(.account, .sale)
        let reuseSuppliers = same(.account, .purchase, .evaluation, .interaction)
        if let old, reuseTiers {
            tiers = old.dashboard.tiers
            partners = old.dashboard.partners
            tierRows = old.dashboard.tierRows
            partnerRows = old.dashboard.partnerRows
        } else {
            tiers = portfolio.tiers(asOf: asOf, index: index)
            partners = portfolio.partners(asOf: asOf, index: index, tiers: tiers)
            tierRows = Dictionary(uniqueKeysWithValues: tiers.rows.map { ($0.accountId, $0) })
            partnerRows = Dictionary(uniqueKeysWithValues: partners.map { ($0.accountId, $0) })
        }
        if let old, reuseSuppliers {
            suppliers = old.dashboard.suppliers
            supplierRows = old.dashboard.supplierRows
        } else {
            suppliers = portfolio.suppliers(asOf: asOf, index: index)
            supplierRows = Dictionary(uniqueKeysWithValues: suppliers.map { ($0.accountId, $0) })
        }
        if let old, reuseTiers, reuseSuppliers, same(.owner) {
            workload = old.dashboard.workload
        } else {
            workload = portfolio.workload(asOf: asOf, index: index, tiers: tiers, suppliers: suppliers)
        }
        if let old, !changed.contains(.contact) {
            contacts = old.dashboard.contacts
        } else {
            contacts = Dictionary(grouping: portfolio.contacts.values, by: \.accountId).mapValues {
                $0.sorted { $0.id < $1.id }
            }
        }
        if let old, changed.isDisjoint(with: [.account, .contact]) {
            searchText = old.dashboard.searchText
        } else {
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
            searchText = search
        }
        if let old, !changed.contains(.account) {
            customerCount = old.dashboard.customerCount
            supplierCount = old.dashboard.supplierCount
        } else {
            customerCount = portfolio.accounts.values.count { $0.isCustomer }
            supplierCount = portfolio.accounts.values.count { $0.isSupplier }
        }
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
