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

    public init(portfolio: Portfolio, asOf: Day) {
        self.asOf = asOf
        index = PortfolioIndex(portfolio)
        tiers = portfolio.tiers(asOf: asOf, index: index)
        partners = portfolio.partners(asOf: asOf, index: index, tiers: tiers)
        suppliers = portfolio.suppliers(asOf: asOf, index: index)
        workload = portfolio.workload(asOf: asOf, index: index, tiers: tiers, suppliers: suppliers)
        tierRows = Dictionary(uniqueKeysWithValues: tiers.rows.map { ($0.accountId, $0) })
        supplierRows = Dictionary(uniqueKeysWithValues: suppliers.map { ($0.accountId, $0) })
        partnerRows = Dictionary(uniqueKeysWithValues: partners.map { ($0.accountId, $0) })
        contacts = Dictionary(grouping: portfolio.contacts.values, by: \.accountId).mapValues {
            $0.sorted { $0.id < $1.id }
        }
        let contactNames = contacts.mapValues { $0.map(\.name).joined(separator: " ") }
        var search: [String: String] = [:]
        for account in portfolio.accounts.values {
            let text = [
                account.name, account.industry, account.region, account.country, account.tags.joined(separator: " "),
                contactNames[account.id] ?? "",
            ].joined(separator: "\u{1F}")
            search[account.id] = Dashboard.fold(text)
        }
        searchText = search
        customerCount = portfolio.accounts.values.count { $0.isCustomer }
        supplierCount = portfolio.accounts.values.count { $0.isSupplier }
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
