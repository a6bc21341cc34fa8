import RapportDomain
import RapportTheme

/// One column of a list, declared whole: its title and width, how a row fills it and styles it,
/// and the sort order it gives `s`, if any.
///
/// The functions take a pointer to the row where it lies (`$0.pointee.name`). Passed as a
/// value, a row was copied for every cell (a call through a generic function value takes its
/// argument indirectly): at 10,000 customers that doubled the time to build the Tiers list.
struct ListColumn<Row>: Sendable {
    let title: String
    /// Fixed width in cells; 0 shares the room left with the other flexible columns.
    let width: Int
    let right: Bool
    let cell: @Sendable (UnsafePointer<Row>) -> String
    let style: @Sendable (UnsafePointer<Row>) -> Style?
    let sort: ListSort<Row>?
    /// How the column takes room: see ``Column``.
    var minimum = 16
    var maximum = Int.max
    var grows = false
    /// A rank: as wide as the list's highest rank needs (see ``ListSpec/header(ranking:)``).
    var fitsRanks = false

    init(
        _ title: String, width: Int, right: Bool = false, name: Bool = false, minimum: Int? = nil,
        sort: ListSort<Row>? = nil, grows: Bool = false,
        style: @escaping @Sendable (UnsafePointer<Row>) -> Style? = { _ in nil },
        cell: @escaping @Sendable (UnsafePointer<Row>) -> String
    ) {
        self.title = title
        self.width = width
        self.right = right
        self.grows = grows
        // A name keeps 28 cells before the columns to its right appear, and takes no more than 40.
        if name {
            self.minimum = 28
            maximum = 40
        }
        if let minimum { self.minimum = minimum }
        self.cell = cell
        self.style = style
        self.sort = sort
    }
}

extension ListColumn {
    /// This column, as wide as the list's highest rank needs.
    func fittingRanks() -> ListColumn {
        var column = self
        column.fitsRanks = true
        return column
    }
}

/// A sort order of a list: its name, its place in the cycle `s` steps through (0 is the
/// list's default order), and each row's key.
struct ListSort<Row>: Sendable {
    let name: String
    let cycle: Int
    let key: @Sendable (UnsafePointer<Row>) -> SortKey

    init(_ name: String, _ cycle: Int, key: @escaping @Sendable (UnsafePointer<Row>) -> SortKey) {
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

    var header: [Column] {
        columns.map {
            Column(
                title: $0.title, width: $0.width, right: $0.right, minimum: $0.minimum, maximum: $0.maximum,
                grows: $0.grows)
        }
    }
    /// The header of a list ranking `count` rows: its rank column as wide as the highest rank
    /// needs (74,437 customers rank in five digits, where the column holds four).
    func header(ranking count: Int) -> [Column] {
        var header = self.header
        for index in columns.indices where columns[index].fitsRanks {
            header[index].width = max(header[index].width, String(count).count)
        }
        return header
    }

    var sortNames: [String] { sorts.map(\.name) }
    /// For each sort, in cycle order, the column it belongs to.
    var sortColumns: [Int] {
        sorts.map { sort in columns.firstIndex { $0.sort?.cycle == sort.cycle } ?? 0 }
    }

    /// `row` as the list shows it, with its sort keys.
    func sortable(_ row: Row, id: String) -> Sortable where Row: Sendable {
        sortables([row]) { _ in id }[0]
    }

    /// `rows` as the list shows them, with their sort keys, in order. The keys are worked out
    /// now, on both cores for a long list; the cells when a row is read (drawn, exported), so a
    /// list built again formats only the rows on screen.
    func sortables(_ rows: [Row], id: @Sendable (UnsafePointer<Row>) -> String) -> [Sortable] where Row: Sendable {
        let source = FormattedRows(rows, columns: columns)
        let sorts = self.sorts
        let parts = Concurrently.halves(of: rows) { rows -> ([String], [[SortKey]]) in
            guard let base = rows.baseAddress else { return ([], []) }
            var keys = [[SortKey]](repeating: [], count: rows.count)
            for index in keys.indices { keys[index].reserveCapacity(sorts.count) }
            // A column at a time: each key function fetched once for all the rows, not once per
            // key (at 100,000 rows, fetching a function per cell cost as much as the cell).
            for sort in sorts {
                let key = sort.key
                for index in keys.indices { keys[index].append(key(base + index)) }
            }
            return (rows.indices.map { id(base + $0) }, keys)
        }
        var result: [Sortable] = []
        result.reserveCapacity(rows.count)
        for (ids, keys) in parts {
            for (id, keys) in zip(ids, keys) {
                result.append(Sortable(row: TableRow(id: id, source: source, index: result.count), keys: keys))
            }
        }
        return result
    }
}

/// A list's rows with its columns: each cell formatted when it is read.
final class FormattedRows<Row: Sendable>: RowSource {
    let rows: [Row]
    let columns: [ListColumn<Row>]

    init(_ rows: [Row], columns: [ListColumn<Row>]) {
        self.rows = rows
        self.columns = columns
    }

    var columnCount: Int { columns.count }

    func cell(_ index: Int, _ column: Int) -> String {
        rows.withUnsafeBufferPointer { columns[column].cell($0.baseAddress! + index) }
    }

    func style(_ index: Int, _ column: Int) -> Style? {
        rows.withUnsafeBufferPointer { columns[column].style($0.baseAddress! + index) }
    }
}

/// A customer as the Tiers list shows it: its tier row and its reorder rhythm.
struct TierLine {
    let row: TierRow
    let rhythm: ReorderRhythm
}

extension ReorderRhythm {
    /// The Next order cell: the expected day; how late, once late; "lapsed"; "–" without a rhythm.
    var nextOrderCell: String {
        guard let expected = expectedNext else { return "–" }
        switch status {
        case .late: return "\(daysLate ?? 0) d late"
        case .lapsed: return "lapsed"
        default: return expected.description
        }
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
    static let tiers = ListSpec<TierLine>([
        ListColumn("#", width: 4, right: true, sort: ListSort("value", 0) { .number(Double($0.pointee.row.rank)) }) {
            String($0.pointee.row.rank)
        }.fittingRanks(),
        ListColumn(
            "Customer", width: 0, name: true, sort: ListSort("name", 1) { .text(Dashboard.fold($0.pointee.row.name)) }
        ) {
            $0.pointee.row.name
        },
        ListColumn("Value", width: 11, right: true) { $0.pointee.row.value.grouped },
        ListColumn("Share", width: 6, right: true) { percent($0.pointee.row.share) },
        ListColumn("Cum.", width: 6, right: true) { percent($0.pointee.row.cumulativeShare) },
        ListColumn("Tier", width: 4, style: { tierStyle($0.pointee.row.tier) }) { $0.pointee.row.tier.rawValue },
        ListColumn("Was", width: 3, style: { $0.pointee.row.previousTier.map(tierStyle) ?? .dim }) {
            $0.pointee.row.previousTier?.rawValue ?? "–"
        },
        ListColumn(
            "Mv", width: 2, sort: ListSort("movement", 2) { .number(Double($0.pointee.row.movementOrder)) },
            style: { movementStyle($0.pointee.row.movement) }
        ) { $0.pointee.row.movement.arrow },
        // Before the segment columns: where the window is narrow, they give way first.
        ListColumn(
            "Next order", width: 12,
            sort: ListSort("next order", 6) { .number(-Double($0.pointee.rhythm.daysLate ?? Int.min)) },
            style: { rhythmStyle($0.pointee.rhythm.status) }
        ) { $0.pointee.rhythm.nextOrderCell },
        ListColumn("Industry", width: 15, sort: ListSort("industry", 3) { .text($0.pointee.row.industry) }) {
            $0.pointee.row.industry
        },
        ListColumn("Region", width: 14, sort: ListSort("region", 4) { .text($0.pointee.row.region) }) {
            $0.pointee.row.region
        },
        ListColumn("Freq", width: 5, sort: ListSort("orders", 5) { .number(Double($0.pointee.row.orders)) }) {
            $0.pointee.row.frequency.rawValue
        },
    ])

    static let partners = ListSpec<PartnerScore>([
        ListColumn("#", width: 4, right: true, sort: ListSort("commitment", 0) { .number(Double($0.pointee.rank)) }) {
            String($0.pointee.rank)
        }.fittingRanks(),
        // Here the quadrant matters more than a long name: the name gives way to it.
        ListColumn(
            "Customer", width: 0, name: true, minimum: 16,
            sort: ListSort("name", 1) { .text(Dashboard.fold($0.pointee.name)) }
        ) {
            $0.pointee.name
        },
        ListColumn("Commit", width: 6, right: true, style: { _ in .accent }) { one($0.pointee.commitment) },
        ListColumn(
            "Switch", width: 6, right: true, sort: ListSort("switching cost", 2) { .number(-$0.pointee.switchingCost) }
        ) { one($0.pointee.switchingCost) },
        ListColumn("Strength", width: 8, right: true, sort: ListSort("strength", 3) { .number(-$0.pointee.strength) }) {
            one($0.pointee.strength)
        },
        ListColumn(
            "Quadrant", width: 24, sort: ListSort("quadrant", 4) { .text($0.pointee.quadrant.rawValue) },
            style: { quadrantStyle($0.pointee.quadrant) }
        ) { $0.pointee.quadrant.rawValue },
        ListColumn("Relationship", width: 13, style: { $0.pointee.relationship == .partnership ? .good : nil }) {
            $0.pointee.relationship.rawValue
        },
        ListColumn("Miss", width: 4, right: true, style: { _ in .warn }) {
            $0.pointee.missing.isEmpty ? "" : "\($0.pointee.missing.count)"
        },
    ])

    static let owners = ListSpec<OwnerRow>([
        ListColumn("Owner", width: 0, name: true, sort: ListSort("name", 0) { .text(Dashboard.fold($0.pointee.name)) })
        {
            $0.pointee.name + ($0.pointee.active ? "" : " (inactive)")
        },
        ListColumn(
            "Key/Cap", width: 7, right: true,
            sort: ListSort("key accounts", 1) { .number(-Double($0.pointee.keyAccounts.count)) }
        ) { "\($0.pointee.keyAccounts.count)/\($0.pointee.capacity)" },
        ListColumn(
            "Load", width: 9, sort: ListSort("load", 2) { .number(-$0.pointee.load) },
            style: { $0.pointee.load > 1 ? .bad : .bar }
        ) { Widgets.bar(min($0.pointee.load, 1), width: 8) + ($0.pointee.load > 1 ? "+" : "") },
        ListColumn(
            "Overdue", width: 7, right: true,
            sort: ListSort("overdue", 3) { .number(-Double($0.pointee.overdueFollowUps)) },
            style: { $0.pointee.overdueFollowUps > 0 ? .warn : nil }
        ) { "\($0.pointee.overdueFollowUps)" },
        ListColumn(
            "Stale", width: 5, right: true,
            sort: ListSort("stale", 4) { .number(-Double($0.pointee.staleKeyAccounts.count)) }
        ) { "\($0.pointee.staleKeyAccounts.count)" },
        ListColumn("Flags", width: 24, grows: true, style: { $0.pointee.flags.contains(.overloaded) ? .bad : .warn }) {
            $0.pointee.flagWords
        },
        ListColumn("Team", width: 12) { $0.pointee.team },
    ])

    static let ownerAccounts = ListSpec<KeyAccountLine>([
        ListColumn(
            "Key account", width: 0, name: true,
            sort: ListSort("name", 0) { .text(Dashboard.fold($0.pointee.key.name)) }
        ) {
            $0.pointee.key.name
        },
        ListColumn("Why key", width: 24, grows: true) { $0.pointee.why },
        ListColumn("Standing", width: 9, style: { $0.pointee.supplier.map { standingStyle($0.standing) } }) {
            $0.pointee.supplier?.standing.rawValue ?? ""
        },
        ListColumn(
            "Last visit", width: 10,
            sort: ListSort("last visit", 2) { .text($0.pointee.key.lastInPerson?.description ?? "") },
            style: { $0.pointee.key.isStale ? .warn : nil }
        ) { $0.pointee.key.lastInPerson?.description ?? "never" },
        ListColumn("Open", width: 4, right: true, style: { $0.pointee.key.openFollowUps > 0 ? .warn : nil }) {
            $0.pointee.key.openFollowUps > 0 ? "\($0.pointee.key.openFollowUps)" : ""
        },
        ListColumn(
            "Score", width: 5, right: true,
            sort: ListSort("score", 1) { .number(-($0.pointee.supplier?.overall ?? -1)) }
        ) {
            $0.pointee.supplier?.overall.map(one) ?? ""
        },
        ListColumn("Kraljic", width: 12) { $0.pointee.supplier?.kraljic.rawValue ?? "" },
    ])

    static let accounts = ListSpec<AccountLine>([
        ListColumn(
            "Account", width: 0, name: true,
            sort: ListSort("name", 0) { .text(Dashboard.fold($0.pointee.account.name)) }
        ) {
            $0.pointee.account.name
        },
        ListColumn("Roles", width: 8) {
            $0.pointee.account.roles.count == 2 ? "both" : $0.pointee.account.roles.first?.rawValue ?? ""
        },
        ListColumn(
            "Status", width: 8, sort: ListSort("status", 5) { .text($0.pointee.account.status.rawValue) },
            style: { $0.pointee.account.status == .active ? nil : .dim }
        ) { $0.pointee.account.status.rawValue },
        ListColumn("Owner", width: 18, sort: ListSort("owner", 1) { $0.pointee.ownerKey }) { $0.pointee.owner },
        ListColumn("Industry", width: 15, sort: ListSort("industry", 2) { .text($0.pointee.account.industry) }) {
            $0.pointee.account.industry
        },
        ListColumn("Region", width: 14, sort: ListSort("region", 3) { .text($0.pointee.account.region) }) {
            $0.pointee.account.region
        },
        ListColumn(
            "Tier", width: 4, sort: ListSort("tier", 4) { .text($0.pointee.tier?.rawValue ?? "Z") },
            style: { $0.pointee.tier.map(tierStyle) }
        ) {
            $0.pointee.tier?.rawValue ?? ""
        },
        ListColumn("Standing", width: 9, style: { $0.pointee.standing.map(standingStyle) }) {
            $0.pointee.standing?.rawValue ?? ""
        },
    ])
}
