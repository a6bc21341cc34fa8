import Foundation
import RapportDomain
import Synchronization

/// Everything the panes show, computed once per data change or as-of change (never per keystroke).
public struct Dashboard: Sendable {
    public let asOf: Day
    /// False while the history is still being read: the analytics are then those of no data.
    public let hasHistory: Bool
    public let index: PortfolioIndex
    public let tiers: TierReport
    public let partners: [PartnerScore]
    /// The suppliers in ranking order (built from the rows and their order when asked).
    public var suppliers: [SupplierRow] { supplierOrder.compactMap { supplierRows[$0] } }
    public let workload: WorkloadReport
    /// Every ranked customer's reorder rhythm, by account id.
    /// (A record map: redoing a sale's customer copies one shard, not 100,000 entries.)
    public let rhythms: RecordMap<ReorderRhythm>
    /// Tier rows and partnership scores by account id, over the report's own rows.
    let tierRows: RowIndex<TierRow>
    /// Supplier rows by account id, and the ids in ranking order: an edit that leaves the
    /// ranking alone replaces a row or two and shares everything else with the dashboard before.
    let supplierRows: RecordMap<SupplierRow>
    let supplierOrder: [String]
    let partnerRows: RowIndex<PartnerScore>
    /// Contacts per account, ordered by id (for the detail view, drawn every frame).
    let contacts: RecordMap<[Contact]>
    /// Case- and diacritic-folded text per account: name, industry, region, tags, contact names.
    var searchText: [String: String] { search.value }
    let search: SearchText
    /// For the status line, counted once per data change rather than per frame.
    let customerCount: Int
    let supplierCount: Int
    /// The stamps of the dashboards this one was computed from, edit after edit (newest last),
    /// each with the accounts whose rows in the accounts list may differ from that one's; empty
    /// when unknown. A list built for one of them is then patched (the rows of those accounts
    /// replaced) instead of rebuilt (0.3 s and more at 100,000 accounts), even when a few edits were
    /// made on another pane since it was last shown.
    let changes: [Change]

    struct Change {
        let stamps: Stamps
        let accounts: Set<String>
    }

    /// How many earlier dashboards a list can be patched from, and how many changed accounts
    /// make a rebuild the better choice.
    static let changesKept = 16
    static let changedAccountsPatched = 5_000
    /// Which value each analytic holds: kept when an edit reuses it, new when it is recomputed,
    /// so that the rows of a list are rebuilt only when something the list shows changed.
    let stamps: Stamps

    struct Stamps: Hashable, Sendable {
        /// Tiers and partnership scores.
        var ranking: UInt64
        var suppliers: UInt64
        var workload: UInt64
        var search: UInt64
        /// Account and owner records (names, owners, roles, status).
        var accounts: UInt64
    }

    /// Computes everything for `portfolio`. With `previous` (the portfolio and dashboard before an
    /// edit, at the same as-of date), each analytic whose inputs did not change is reused: logging
    /// an interaction, say, regroups interactions and recomputes supplier rows and workload, but
    /// not tiers, partnership scores, contacts or search text.
    ///
    /// With `history` false (a large store whose history is still being read), only what the
    /// accounts list needs is computed: counts, contacts and search text. The analytics are those
    /// of no data, and the panes that show them wait for the history.
    public init(
        portfolio: Portfolio, asOf: Day, previous: (portfolio: Portfolio, dashboard: Dashboard)? = nil,
        history: Bool = true
    ) {
        self.asOf = asOf
        hasHistory = history
        let old = previous.flatMap { $0.dashboard.asOf == asOf && $0.dashboard.hasHistory == history ? $0 : nil }
        let analysed = history ? portfolio : Portfolio(settings: portfolio.settings)
        // Without a previous dashboard everything counts as changed.
        // The records an edit changed, from the portfolio's change log; when the log cannot
        // say (another process compacted, say), the kinds that changed, by comparison.
        let records = old.flatMap { portfolio.changedRecords(since: $0.portfolio) }
        let changed =
            records.map { Set($0.keys) } ?? old.map { portfolio.changedKinds(since: $0.portfolio) }
            ?? Set(RecordKind.allCases)
        let sameSettings = old.map { $0.portfolio.settings == portfolio.settings } ?? false
        func same(_ kinds: RecordKind...) -> Bool { sameSettings && changed.isDisjoint(with: kinds) }
        // Tiers and partnership scores read customers' names, roles, status, industry, region and
        // ratings, and sales: an edit of anything else about an account (its owner, notes, tags)
        // leaves them as they were.
        let rankingInputsKept =
            same(.account)
            || (sameSettings
                && (old.flatMap { old in
                    records.map { Dashboard.rankingKept(portfolio, old: old.portfolio, records: $0) }
                }
                    ?? false))
        let reuseTiers = rankingInputsKept && !changed.contains(.sale)
        // The accounts whose sales, and whose interactions, the edit changed (before or after it).
        let resold = old.flatMap { old in
            records.map {
                PortfolioIndex.accounts(of: $0[.sale] ?? [], old: old.portfolio.sales, new: portfolio.sales)
            }
        }
        let contacted = old.flatMap { old in
            records.map {
                PortfolioIndex.accounts(
                    of: $0[.interaction] ?? [], old: old.portfolio.interactions, new: portfolio.interactions)
            }
        }
        // Sales alone changed what tiers and partnership scores read: the customers whose sales
        // changed are moved in the old rankings rather than every customer ranked afresh.
        let movesRankings = history && rankingInputsKept && !reuseTiers
        let reuseSuppliers = same(.account, .purchase, .evaluation, .interaction)
        // Independent analytics run at once, one per core: first the four groupings; then tiers,
        // supplier rows, and contacts with search text; then partnership scores (which read
        // tiers) beside the workload (which reads tiers and supplier rows).
        let index = Dashboard.index(analysed, old: old, records: records, changed: changed)
        self.index = index
        let (ranking, supplying, finding) = Concurrently.run(
            {
                if let old, reuseTiers { return (old.dashboard.tiers, old.dashboard.tierRows) }
                if let old, let resold, movesRankings,
                    let tiers = analysed.tiers(
                        updating: old.dashboard.tiers, customers: resold, index: index,
                        position: old.dashboard.tierRows.position)
                {
                    return (tiers, RowIndex(tiers.rows, updating: old.dashboard.tierRows))
                }
                let tiers = analysed.tiers(asOf: asOf, index: index)
                return (tiers, RowIndex(tiers.rows))
            },
            {
                if let old, reuseSuppliers {
                    return (old.dashboard.supplierOrder, old.dashboard.supplierRows, Set<String>() as Set<String>?)
                }
                if let old, sameSettings, let records,
                    let redo = Dashboard.suppliersToRedo(portfolio, old: old.portfolio, records: records)
                {
                    var rows = old.dashboard.supplierRows
                    for row in analysed.supplierRows(asOf: asOf, index: index, redoing: redo, previous: { rows[$0] }) {
                        rows[row.accountId] = row
                    }
                    return (old.dashboard.supplierOrder, rows, redo)
                }
                let suppliers = analysed.suppliers(asOf: asOf, index: index)
                var rows = RecordMap<SupplierRow>(minimumCapacity: suppliers.count)
                for row in suppliers { rows[row.accountId] = row }
                return (suppliers.map(\.accountId), rows, nil)
            },
            { Dashboard.contactsAndSearch(portfolio, old: old, records: records, changed: changed, eager: history) })
        (tiers, tierRows) = ranking
        (supplierOrder, supplierRows, _) = supplying
        (contacts, search) = finding
        let reusedWorkload = old != nil && reuseTiers && reuseSuppliers && same(.owner)
        let (keepsWhoIsKey, salesOnly) = (
            same(.sale, .owner, .purchase), same(.account, .owner, .purchase, .evaluation)
        )
        let (partnering, workloadReport) = Concurrently.run(
            {
                if let old, reuseTiers { return (old.dashboard.partners, old.dashboard.partnerRows) }
                if let old, let resold, movesRankings,
                    let partners = analysed.partners(
                        updating: old.dashboard.partners, customers: resold, asOf: asOf, index: index,
                        value: { ranking.1[$0]?.value }, position: old.dashboard.partnerRows.position)
                {
                    return (partners, RowIndex(partners, updating: old.dashboard.partnerRows))
                }
                let partners = analysed.partners(asOf: asOf, index: index, tiers: ranking.0)
                return (partners, RowIndex(partners))
            },
            {
                let (tiers, values) = ranking
                let (order, rows, _) = supplying
                if let old, reusedWorkload { return old.dashboard.workload }
                if let old, let records, let contacted, reuseTiers, keepsWhoIsKey {
                    // Interactions, or accounts in ways tiers do not read: nothing decides who is key.
                    let touched = (records[.account] ?? []).union(contacted)
                    return analysed.workload(
                        asOf: asOf, index: index, updating: old.dashboard.workload, old: old.portfolio,
                        oldIndex: old.dashboard.index, touched: touched, value: { values[$0]?.value },
                        spend: { rows[$0]?.spend })
                }
                if let old, let contacted, let resold, salesOnly {
                    // Sales (and interactions): tiers were recomputed, so the changed sales'
                    // customers have new values, and a few customers may have crossed the tier-A line.
                    let oldValues = old.dashboard.tierRows
                    return analysed.workload(
                        asOf: asOf, index: index, updating: old.dashboard.workload, old: old.portfolio,
                        oldIndex: old.dashboard.index, touched: contacted, value: { values[$0]?.value },
                        spend: { rows[$0]?.spend }, revalued: resold, oldValue: { oldValues[$0]?.value },
                        rekeyed: Dashboard.tiersChanged(old.dashboard.tierRows, ranking.1) { $0 == .A },
                        isTierA: { ranking.1[$0]?.tier == .A })
                }
                return analysed.workload(
                    asOf: asOf, index: index, tiers: tiers, suppliers: order.compactMap { rows[$0] })
            })
        (partners, partnerRows) = partnering
        workload = workloadReport
        // A rhythm reads the customer's sales, its name and its tier value: an edit that left
        // the ranking alone keeps every rhythm, and sales redo only their customers'.
        if let old, reuseTiers {
            rhythms = old.dashboard.rhythms
        } else if let old, let resold, movesRankings {
            var kept = old.dashboard.rhythms
            for id in resold {
                kept[id] = tierRows[id].map { Dashboard.rhythm(of: $0, index: index, asOf: asOf) }
            }
            rhythms = kept
        } else {
            rhythms = .keying(Concurrently.map(tierRows.rows) { Dashboard.rhythm(of: $0, index: index, asOf: asOf) }) {
                $0.accountId
            }
        }
        func stamp(_ reused: Bool, _ kept: (Stamps) -> UInt64) -> UInt64 {
            if let old, reused { return kept(old.dashboard.stamps) }
            return UInt64.random(in: 0...UInt64.max)
        }
        stamps = Stamps(
            ranking: stamp(reuseTiers, \.ranking), suppliers: stamp(reuseSuppliers, \.suppliers),
            workload: stamp(reusedWorkload, \.workload), search: stamp(search === old?.dashboard.search, \.search),
            accounts: stamp(changed.isDisjoint(with: [.account, .owner]), \.accounts))
        // Account rows show name, roles, status, owner's name, industry, region, tier and
        // standing: known to differ only for the changed accounts, the redone suppliers and the
        // customers whose tier changed (a sale moves a few across a cut), when no owner changed.
        if let old, let records, same(.owner), let redone = supplying.2 {
            var accounts = (records[.account] ?? []).union(redone)
            if !reuseTiers { accounts.formUnion(Dashboard.tiersChanged(old.dashboard.tierRows, tierRows) { $0 }) }
            changes =
                (old.dashboard.changes.map { Change(stamps: $0.stamps, accounts: $0.accounts.union(accounts)) }
                + [Change(stamps: old.dashboard.stamps, accounts: accounts)])
                .suffix(Dashboard.changesKept).filter { $0.accounts.count <= Dashboard.changedAccountsPatched }
        } else {
            changes = []
        }
        if let old, !changed.contains(.account) {
            customerCount = old.dashboard.customerCount
            supplierCount = old.dashboard.supplierCount
        } else if let old, let records {
            // The changed accounts' roles, before and after.
            var customers = old.dashboard.customerCount
            var suppliers = old.dashboard.supplierCount
            for id in records[.account] ?? [] {
                if let account = old.portfolio.accounts[id] {
                    if account.isCustomer { customers -= 1 }
                    if account.isSupplier { suppliers -= 1 }
                }
                if let account = portfolio.accounts[id] {
                    if account.isCustomer { customers += 1 }
                    if account.isSupplier { suppliers += 1 }
                }
            }
            customerCount = customers
            supplierCount = suppliers
        } else {
            // Reading the roles in place rather than copying each account out.
            customerCount = portfolio.accounts.count(at: { $0.pointee.isCustomer })
            supplierCount = portfolio.accounts.count(at: { $0.pointee.isSupplier })
        }
    }

    /// The accounts whose `mark` of their tier (nil: not ranked) differs between two rankings.
    /// A row at the same position in both is compared in place; only the rows that moved are
    /// looked up (a sale moves one customer and shifts those between, not 100,000).
    static func tiersChanged<Mark: Equatable>(
        _ old: RowIndex<TierRow>, _ new: RowIndex<TierRow>, mark: (Tier?) -> Mark
    ) -> Set<String> {
        // Fields are read in place: a copied row is a dozen fields and three strings.
        func tier(in rows: [TierRow], _ index: RowIndex<TierRow>, _ offset: Int, _ id: String) -> Tier? {
            if offset < rows.count, rows[offset].accountId == id { return rows[offset].tier }
            return index.position(id).map { rows[$0].tier }
        }
        var changed: Set<String> = []
        for offset in new.rows.indices {
            let id = new.rows[offset].accountId
            if mark(tier(in: old.rows, old, offset, id)) != mark(new.rows[offset].tier) { changed.insert(id) }
        }
        // Those no longer ranked at all.
        for offset in old.rows.indices where mark(old.rows[offset].tier) != mark(nil) {
            let id = old.rows[offset].accountId
            if !(offset < new.rows.count && new.rows[offset].accountId == id) && new.position(id) == nil {
                changed.insert(id)
            }
        }
        return changed
    }

    /// Whether the accounts an edit changed kept everything tiers and partnership scores read.
    static func rhythm(of row: TierRow, index: PortfolioIndex, asOf: Day) -> ReorderRhythm {
        .of(
            accountId: row.accountId, name: row.name, sales: index.sales[row.accountId] ?? [], value: row.value,
            asOf: asOf)
    }

    static func rankingKept(_ portfolio: Portfolio, old: Portfolio, records: [RecordKind: Set<String>]) -> Bool {
        (records[.account] ?? []).allSatisfy { id in
            guard let before = old.accounts[id], let after = portfolio.accounts[id] else { return false }
            return before.name == after.name && before.roles == after.roles && before.status == after.status
                && before.industry == after.industry && before.region == after.region
                && before.ratings == after.ratings
        }
    }

    /// The suppliers whose rows an edit changed, when it left the ranking alone (see
    /// ``Portfolio/supplierRows(asOf:index:redoing:previous:)``); nil when every row must be redone.
    static func suppliersToRedo(_ portfolio: Portfolio, old: Portfolio, records: [RecordKind: Set<String>])
        -> Set<String>?
    {
        guard records[.purchase] == nil else { return nil }
        var redo: Set<String> = []
        for id in records[.account] ?? [] {
            guard let before = old.accounts[id], let after = portfolio.accounts[id], before.name == after.name,
                before.isSupplier == after.isSupplier, before.isArchived == after.isArchived
            else { return nil }
            redo.insert(id)
        }
        redo.formUnion(
            PortfolioIndex.accounts(of: records[.interaction] ?? [], old: old.interactions, new: portfolio.interactions)
        )
        redo.formUnion(
            PortfolioIndex.accounts(of: records[.evaluation] ?? [], old: old.evaluations, new: portfolio.evaluations))
        return redo
    }

    /// One kind's groups: the previous ones when the kind did not change, those of the changed
    /// records' accounts rebuilt when the log names them, else all grouped afresh.
    static func grouped<R: AccountRecord>(
        _ kind: RecordKind, _ new: RecordMap<R>, old: RecordMap<R>?, previous: RecordMap<[R]>?,
        records: [RecordKind: Set<String>]?, changed: Set<RecordKind>
    ) -> RecordMap<[R]> {
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
    /// Without `eager`, the search text of every account is folded on first use instead (a first
    /// frame drawn before the history is read must not wait for it).
    static func contactsAndSearch(
        _ portfolio: Portfolio, old: (portfolio: Portfolio, dashboard: Dashboard)?,
        records: [RecordKind: Set<String>]?, changed: Set<RecordKind>, eager: Bool = true
    ) -> (RecordMap<[Contact]>, SearchText) {
        let contacts = grouped(
            .contact, portfolio.contacts, old: old?.portfolio.contacts, previous: old?.dashboard.contacts,
            records: records, changed: changed)
        if let old, changed.isDisjoint(with: [.account, .contact]) { return (contacts, old.dashboard.search) }
        if let old, let records {
            let touched = (records[.account] ?? []).union(
                PortfolioIndex.accounts(
                    of: records[.contact] ?? [], old: old.portfolio.contacts, new: portfolio.contacts))
            var search = old.dashboard.searchText
            var differs = false
            for id in touched {
                let text = portfolio.accounts[id].map { searchText($0, contacts) }
                if text != search[id] {
                    search[id] = text
                    differs = true
                }
            }
            // An edit of what search does not read (an owner, notes) keeps the search text, and
            // the lists built with it.
            return (contacts, differs ? SearchText(search) : old.dashboard.search)
        }
        guard eager else { return (contacts, SearchText(lazy: { searchTexts(portfolio, contacts) })) }
        return (contacts, SearchText(searchTexts(portfolio, contacts)))
    }

    /// Every account's search text.
    static func searchTexts(_ portfolio: Portfolio, _ contacts: RecordMap<[Contact]>) -> [String: String] {
        var search: [String: String] = [:]
        search.reserveCapacity(portfolio.accounts.count)
        portfolio.accounts.forEachInPlace { id, account in search[id] = searchText(account.pointee, contacts) }
        return search
    }

    /// One account's search text: its name, industry, region, country, tags and its contacts'
    /// names, emails and phones, folded.
    static func searchText(_ account: Account, _ contacts: RecordMap<[Contact]>) -> String {
        let names =
            contacts[account.id]?.map { [$0.name, $0.email, $0.phone].filter { !$0.isEmpty }.joined(separator: " ") }
            .joined(separator: " ") ?? ""
        let parts = [
            account.name, account.industry, account.region, account.country, account.tags.joined(separator: " "),
            names,
        ]
        // Folded part by part into one buffer; a script the fast fold does not cover folds whole.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(parts.reduce(parts.count) { $0 + $1.utf8.count })
        for (offset, part) in parts.enumerated() {
            if offset > 0 { bytes.append(0x1F) }
            guard TextFold.append(part, to: &bytes) else {
                return Dashboard.fold(parts.joined(separator: "\u{1F}"))
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Lowercase, without diacritics: `Kontorsmöbler` → `kontorsmobler`. CJK is unchanged.
    public static func fold(_ text: String) -> String {
        TextFold.fold(text)
    }

    /// Where `needle` (not empty) first occurs in `haystack` at or after `from`: each place its
    /// first byte occurs (memchr), compared whole (memcmp).
    static func find(_ needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard haystack.count >= needle.count, let start = haystack.baseAddress else { return nil }
        let last = haystack.count - needle.count
        var from = from
        while from <= last {
            guard let found = memchr(start + from, Int32(needle[0]), last - from + 1) else { return nil }
            let at = start.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if memcmp(start + at, needle.baseAddress!, needle.count) == 0 { return at }
            from = at + 1
        }
        return nil
    }
}

/// The folded search text of a list's rows in one buffer, each ended by a zero byte, so that a
/// key typed into `/` is one byte scan (a few milliseconds at 100,000 rows), not a lookup and a
/// search per row.
struct SearchColumn {
    private var bytes: [UInt8] = []
    /// Where each row's text ends (its zero byte).
    private var ends: [Int] = []

    init(_ texts: [String]) {
        bytes.reserveCapacity(texts.reduce(0) { $0 + $1.utf8.count + 1 })
        ends.reserveCapacity(texts.count)
        for text in texts { append(text) }
    }

    /// The text of each of `rows`. A long list is split in two, each half's text gathered (a
    /// lookup per row) on its own core, and the halves joined.
    init(_ rows: [Sortable], text: @Sendable (Sortable) -> String) {
        let parts = Concurrently.halves(of: rows) { half in
            var part = SearchColumn([])
            for row in half { part.append(text(row)) }
            return part
        }
        self = parts[0]
        for part in parts.dropFirst() {
            let offset = bytes.count
            bytes.append(contentsOf: part.bytes)
            ends.append(contentsOf: part.ends.map { $0 + offset })
        }
    }

    private mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        ends.append(bytes.count)
        bytes.append(0)
    }

    /// The rows whose text contains `part` (folded, not empty), in order.
    func rows(containing part: String) -> [Int] {
        var part = part
        return part.withUTF8 { needle -> [Int] in
            guard !needle.isEmpty else { return Array(ends.indices) }
            // No row text holds a zero byte, so a part with one is nowhere, and a match never
            // runs from one row into the next.
            guard !needle.contains(0) else { return [] }
            var rows: [Int] = []
            var row = 0
            bytes.withUnsafeBufferPointer { haystack in
                var from = 0
                while let at = Dashboard.find(needle, in: haystack, from: from) {
                    while ends[row] < at { row += 1 }
                    rows.append(row)
                    from = ends[row] + 1
                }
            }
            return rows
        }
    }
}

/// Every account's search text: computed when the dashboard is, or (while a large store's history
/// is read) on first use, once, whichever copy of the dashboard asks.
final class SearchText: Sendable {
    private enum State {
        case built([String: String])
        case waiting(@Sendable () -> [String: String])
    }
    private let state: Mutex<State>

    init(_ value: [String: String]) { state = Mutex(.built(value)) }

    init(lazy build: @escaping @Sendable () -> [String: String]) { state = Mutex(.waiting(build)) }

    var value: [String: String] {
        state.withLock { state in
            switch state {
            case .built(let value): return value
            case .waiting(let build):
                let value = build()
                state = .built(value)
                return value
            }
        }
    }
}

/// A ranking's rows by account id: the rows as the report holds them (shared, not copied), and
/// each id's position. After an edit that moved a few rows, only the positions that shifted are
/// written, instead of a dictionary of 100,000 rows built again.
struct RowIndex<Row: AccountKeyed>: Sendable {
    let rows: [Row]
    private let positions: [String: Int]

    init(_ rows: [Row]) {
        self.init(rows, positions: [:], from: nil)
    }

    /// The index of `rows`, which rank the same accounts as `old.rows` (in another order).
    init(_ rows: [Row], updating old: RowIndex) {
        self.init(rows, positions: old.positions, from: rows.count == old.rows.count ? old.rows : nil)
    }

    /// `positions` brought up to date for `rows`: those that differ from `before`'s, or all.
    private init(_ rows: [Row], positions: [String: Int], from before: [Row]?) {
        var positions = before == nil ? [:] : positions
        positions.reserveCapacity(rows.count)
        for offset in rows.indices where before?[offset].accountId != rows[offset].accountId {
            positions[rows[offset].accountId] = offset
        }
        self.rows = rows
        self.positions = positions
    }

    subscript(id: String) -> Row? { positions[id].map { rows[$0] } }

    func position(_ id: String) -> Int? { positions[id] }
}

extension RowIndex: Equatable where Row: Equatable {}

/// A row that belongs to one account.
protocol AccountKeyed: Sendable {
    var accountId: String { get }
}

extension TierRow: AccountKeyed {}
extension PartnerScore: AccountKeyed {}
