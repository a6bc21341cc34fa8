import RapportDomain
import RapportTheme

/// One column of a list, declared whole: its title and width, how a row fills it and styles it,
/// and the sort order it gives `s`, if any.
struct ListColumn<Row>: Sendable {
    let title: String
    /// Fixed width in cells; 0 shares the room left with the other flexible columns.
    let width: Int
    let right: Bool
    let cell: @Sendable (Row) -> String
    let style: @Sendable (Row) -> Style?
    let sort: ListSort<Row>?

    init(
        _ title: String, width: Int, right: Bool = false, sort: ListSort<Row>? = nil,
        style: @escaping @Sendable (Row) -> Style? = { _ in nil }, cell: @escaping @Sendable (Row) -> String
    ) {
        self.title = title
        self.width = width
        self.right = right
        self.cell = cell
        self.style = style
        self.sort = sort
    }
}

/// A sort order of a list: its name, its place in the cycle `s` steps through (0 is the
/// list's default order), and each row's key.
struct ListSort<Row>: Sendable {
    let name: String
    let cycle: Int
    let key: @Sendable (Row) -> SortKey

    init(_ name: String, _ cycle: Int, key: @escaping @Sendable (Row) -> SortKey) {
        self.name = name
        self.cycle = cycle
        self.key = key
    }
}

/// A list's columns. Adding a column is one ``ListColumn`` here; the header, the cells, the
/// styles and the sorts all follow from it.
struct ListSpec<Row>: Sendable {
    let columns: [ListColumn<Row>]
    /// The sort orders, in the order `s` cycles through them.
    let sorts: [ListSort<Row>]

    init(_ columns: [ListColumn<Row>]) {
        self.columns = columns
        sorts = columns.compactMap(\.sort).sorted { $0.cycle < $1.cycle }
    }

    var header: [Column] { columns.map { Column(title: $0.title, width: $0.width, right: $0.right) } }
    var sortNames: [String] { sorts.map(\.name) }

    /// `row` as the list shows it, with its sort keys.
    func sortable(_ row: Row, id: String) -> Sortable {
        Sortable(
            row: TableRow(id: id, cells: columns.map { $0.cell(row) }, styles: columns.map { $0.style(row) }),
            keys: sorts.map { $0.key(row) })
    }
}

/// A key account of an owner, as the lower list of Suppliers & owners shows it.
struct KeyAccountLine {
    let key: KeyAccount
    let supplier: SupplierRow?

    var why: String {
        [key.isTierACustomer ? "A customer" : nil, key.isKeySupplier ? "key supplier" : nil].compactMap { $0 }
            .joined(separator: ", ")
    }
}

/// An account as the Accounts pane shows it; tier and standing are nil until the history is read.
struct AccountLine {
    let account: Account
    let owner: String
    let ownerKey: SortKey
    let tier: Tier?
    let standing: Standing?
}

/// The panes' lists.
enum Lists {
    static let tiers = ListSpec<TierRow>([
        ListColumn("#", width: 4, right: true, sort: ListSort("value", 0) { .number(Double($0.rank)) }) {
            String($0.rank)
        },
        ListColumn("Customer", width: 0, sort: ListSort("name", 1) { .text(Dashboard.fold($0.name)) }) { $0.name },
        ListColumn("Value", width: 11, right: true) { $0.value.grouped },
        ListColumn("Share", width: 6, right: true) { percent($0.share) },
        ListColumn("Cum.", width: 6, right: true) { percent($0.cumulativeShare) },
        ListColumn("Tier", width: 4, style: { tierStyle($0.tier) }) { $0.tier.rawValue },
        ListColumn("Was", width: 3, style: { $0.previousTier.map(tierStyle) ?? .dim }) {
            $0.previousTier?.rawValue ?? "–"
        },
        ListColumn(
            "Mv", width: 2, sort: ListSort("movement", 2) { .number(Double($0.movementOrder)) },
            style: { movementStyle($0.movement) }
        ) { $0.movement.arrow },
        ListColumn("Industry", width: 15, sort: ListSort("industry", 3) { .text($0.industry) }) { $0.industry },
        ListColumn("Region", width: 14, sort: ListSort("region", 4) { .text($0.region) }) { $0.region },
        ListColumn("Freq", width: 5, sort: ListSort("orders", 5) { .number(Double($0.orders)) }) {
            $0.frequency.rawValue
        },
    ])

    static let partners = ListSpec<PartnerScore>([
        ListColumn("#", width: 4, right: true, sort: ListSort("commitment", 0) { .number(Double($0.rank)) }) {
            String($0.rank)
        },
        ListColumn("Customer", width: 0, sort: ListSort("name", 1) { .text(Dashboard.fold($0.name)) }) { $0.name },
        ListColumn("Commit", width: 6, right: true, style: { _ in .accent }) { one($0.commitment) },
        ListColumn("Switch", width: 6, right: true, sort: ListSort("switching cost", 2) { .number(-$0.switchingCost) })
        { one($0.switchingCost) },
        ListColumn("Strength", width: 8, right: true, sort: ListSort("strength", 3) { .number(-$0.strength) }) {
            one($0.strength)
        },
        ListColumn(
            "Quadrant", width: 24, sort: ListSort("quadrant", 4) { .text($0.quadrant.rawValue) },
            style: { quadrantStyle($0.quadrant) }
        ) { $0.quadrant.rawValue },
        ListColumn("Relationship", width: 13, style: { $0.relationship == .partnership ? .good : nil }) {
            $0.relationship.rawValue
        },
        ListColumn("Miss", width: 4, right: true, style: { _ in .warn }) {
            $0.missing.isEmpty ? "" : "\($0.missing.count)"
        },
    ])

    static let owners = ListSpec<OwnerRow>([
        ListColumn("Owner", width: 0, sort: ListSort("name", 0) { .text(Dashboard.fold($0.name)) }) {
            $0.name + ($0.active ? "" : " (inactive)")
        },
        ListColumn(
            "Key/Cap", width: 7, right: true,
            sort: ListSort("key accounts", 1) { .number(-Double($0.keyAccounts.count)) }
        ) { "\($0.keyAccounts.count)/\($0.capacity)" },
        ListColumn(
            "Load", width: 9, sort: ListSort("load", 2) { .number(-$0.load) }, style: { $0.load > 1 ? .bad : .bar }
        ) { Widgets.bar(min($0.load, 1), width: 8) + ($0.load > 1 ? "+" : "") },
        ListColumn(
            "Overdue", width: 7, right: true, sort: ListSort("overdue", 3) { .number(-Double($0.overdueFollowUps)) },
            style: { $0.overdueFollowUps > 0 ? .warn : nil }
        ) { "\($0.overdueFollowUps)" },
        ListColumn("Stale", width: 5, right: true) { "\($0.staleKeyAccounts.count)" },
        ListColumn("Flags", width: 24, style: { $0.flags.contains(.overloaded) ? .bad : .warn }) {
            $0.flags.map(\.rawValue).joined(separator: " ")
        },
        ListColumn("Team", width: 12) { $0.team },
    ])

    static let ownerAccounts = ListSpec<KeyAccountLine>([
        ListColumn("Key account", width: 0, sort: ListSort("name", 0) { .text(Dashboard.fold($0.key.name)) }) {
            $0.key.name
        },
        ListColumn("Why key", width: 24) { $0.why },
        ListColumn("Standing", width: 9, style: { $0.supplier.map { standingStyle($0.standing) } }) {
            $0.supplier?.standing.rawValue ?? ""
        },
        ListColumn(
            "Last visit", width: 10, sort: ListSort("last visit", 2) { .text($0.key.lastInPerson?.description ?? "") },
            style: { $0.key.isStale ? .warn : nil }
        ) { $0.key.lastInPerson?.description ?? "never" },
        ListColumn("Open", width: 4, right: true, style: { $0.key.openFollowUps > 0 ? .warn : nil }) {
            $0.key.openFollowUps > 0 ? "\($0.key.openFollowUps)" : ""
        },
        ListColumn(
            "Score", width: 5, right: true, sort: ListSort("score", 1) { .number(-($0.supplier?.overall ?? -1)) }
        ) {
            $0.supplier?.overall.map(one) ?? ""
        },
        ListColumn("Kraljic", width: 12) { $0.supplier?.kraljic.rawValue ?? "" },
    ])

    static let accounts = ListSpec<AccountLine>([
        ListColumn("Account", width: 0, sort: ListSort("name", 0) { .text(Dashboard.fold($0.account.name)) }) {
            $0.account.name
        },
        ListColumn("Roles", width: 8) { $0.account.roles.count == 2 ? "both" : $0.account.roles.first?.rawValue ?? "" },
        ListColumn(
            "Status", width: 8, sort: ListSort("status", 5) { .text($0.account.status.rawValue) },
            style: { $0.account.status == .active ? nil : .dim }
        ) { $0.account.status.rawValue },
        ListColumn("Owner", width: 18, sort: ListSort("owner", 1) { $0.ownerKey }) { $0.owner },
        ListColumn("Industry", width: 15, sort: ListSort("industry", 2) { .text($0.account.industry) }) {
            $0.account.industry
        },
        ListColumn("Region", width: 14, sort: ListSort("region", 3) { .text($0.account.region) }) { $0.account.region },
        ListColumn(
            "Tier", width: 4, sort: ListSort("tier", 4) { .text($0.tier?.rawValue ?? "Z") },
            style: { $0.tier.map(tierStyle) }
        ) {
            $0.tier?.rawValue ?? ""
        },
        ListColumn("Standing", width: 9, style: { $0.standing.map(standingStyle) }) { $0.standing?.rawValue ?? "" },
    ])
}
