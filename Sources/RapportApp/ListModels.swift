import Foundation
import RapportDomain
import RapportTheme

/// A value to sort by.
enum SortKey: Comparable, Hashable {
    case number(Double)
    case text(String)

    static func < (lhs: SortKey, rhs: SortKey) -> Bool {
        switch (lhs, rhs) {
        case (.number(let a), .number(let b)): a < b
        case (.text(let a), .text(let b)): a < b
        case (.number, .text): true
        case (.text, .number): false
        }
    }
}

/// Each row's rank by one sort key: rows with equal keys share a rank, and a key that is not
/// equal to itself (a NaN) ranks after every other. Each distinct key is hashed once and compared
/// only with the others (a column of regions, tiers or owners has a few thousand at most among
/// 100,000 rows), and ordering rows by rank is a counting sort over integers.
struct SortRanks {
    /// Per row, its rank (`nanRank` for a NaN).
    private let ranks: [Int32]
    /// The number of distinct keys other than NaN, which is also the rank of a NaN.
    private let nanRank: Int

    /// The ranks of `items` by their key in `column`. A long list is split in two, each half's
    /// distinct keys found on its own core.
    init(_ items: [Sortable], column: Int) {
        let found = Concurrently.halves(of: items) { Self.distinct($0, column: column) }
        // The halves' distinct keys as one list, and each half's ids as ids in it.
        var distinct: [SortKey] = []
        var global: [SortKey: Int32] = [:]
        var rowIds: [Int32] = []
        rowIds.reserveCapacity(items.count)
        for (half, (ids, keys)) in found.enumerated() {
            let toGlobal = keys.map { key in
                if let id = global[key] { return id }
                let id = Int32(distinct.count)
                global[key] = id
                distinct.append(key)
                return id
            }
            rowIds.append(contentsOf: half == 0 ? ids : ids.map { $0 < 0 ? -1 : toGlobal[Int($0)] })
        }
        var rankOfId = [Int32](repeating: 0, count: distinct.count)
        for (rank, id) in distinct.indices.sorted(by: { distinct[$0] < distinct[$1] }).enumerated() {
            rankOfId[id] = Int32(rank)
        }
        let nanRank = distinct.count
        ranks = rowIds.map { $0 < 0 ? Int32(nanRank) : rankOfId[Int($0)] }
        self.nanRank = nanRank
    }

    /// Each row's id among the distinct keys of `column` in `items` (-1: NaN), and those keys
    /// in order of first appearance.
    private static func distinct(_ items: UnsafeBufferPointer<Sortable>, column: Int) -> ([Int32], [SortKey]) {
        var ids: [SortKey: Int32] = [:]
        var keys: [SortKey] = []
        var rowIds: [Int32] = []
        rowIds.reserveCapacity(items.count)
        for item in items {
            let key = item.keys[column]
            if case .number(let value) = key, value.isNaN {
                rowIds.append(-1)
            } else if let id = ids[key] {
                rowIds.append(id)
            } else {
                let id = Int32(keys.count)
                ids[key] = id
                keys.append(key)
                rowIds.append(id)
            }
        }
        return (rowIds, keys)
    }

    /// `positions` (rows; nil: every row, in order) in order of rank, descending when `reversed`
    /// (a NaN's rows last either way); rows of equal rank keep their order.
    func order(_ positions: [Int]?, reversed: Bool) -> [Int] {
        let count = positions?.count ?? ranks.count
        @inline(__always) func slot(_ at: Int) -> Int {
            let rank = Int(ranks[positions.map { $0[at] } ?? at])
            return reversed && rank < nanRank ? nanRank - 1 - rank : rank
        }
        // Where each slot's rows start, then each row dealt to the next place in its slot.
        var next = [Int](repeating: 0, count: nanRank + 2)
        for at in 0..<count { next[slot(at) + 1] += 1 }
        for index in 1..<next.count { next[index] += next[index - 1] }
        var result = [Int](repeating: 0, count: count)
        for at in 0..<count {
            let target = slot(at)
            result[next[target]] = positions.map { $0[at] } ?? at
            next[target] += 1
        }
        return result
    }
}

/// The rows of one list as shown: filtered, narrowed, sorted.
struct ListModel {
    let columns: [Column]
    let rows: ListRows
    /// Names of the sort orders `s` cycles through.
    let sorts: [String]
}

/// A list's rows as shown, as positions into rows built once: filtering and sorting 100,000 rows
/// move integers, not rows, and only the rows on screen are read.
struct ListRows: RandomAccessCollection, Equatable {
    private let items: [Sortable]
    /// The rows shown, as positions in `items` (nil: all of them, in order).
    private let order: [Int]?

    init(_ items: [Sortable], order: [Int]? = nil) {
        self.items = items
        self.order = order
    }

    init(_ rows: [TableRow]) { self.init(rows.map { Sortable(row: $0, keys: []) }) }

    var startIndex: Int { 0 }
    var endIndex: Int { order?.count ?? items.count }
    subscript(position: Int) -> TableRow { items[order.map { $0[position] } ?? position].row }

    static func == (lhs: ListRows, rhs: ListRows) -> Bool { lhs.elementsEqual(rhs) }
}

/// A row before sorting, with its sort keys.
struct Sortable {
    let row: TableRow
    let keys: [SortKey]

    /// `rows` (in order of first key, then id) without the rows of `ids`, and with `fresh` put
    /// where that order places them: a list after an edit of a few of its rows, without
    /// building the other 100,000 again.
    static func replacing(_ ids: Set<String>, in rows: [Sortable], with fresh: [Sortable]) -> [Sortable] {
        var result = rows
        result.reserveCapacity(rows.count + fresh.count)
        if ids.count > 32 {
            result.removeAll { ids.contains($0.row.id) }
        } else {
            // A few rows: found by scanning (comparisons only), each removed in place.
            for id in ids { if let at = result.firstIndex(where: { $0.row.id == id }) { result.remove(at: at) } }
        }
        for row in fresh {
            let key = (row.keys[0], row.row.id)
            var low = 0
            var high = result.count
            while low < high {
                let middle = (low + high) / 2
                if (result[middle].keys[0], result[middle].row.id) < key { low = middle + 1 } else { high = middle }
            }
            result.insert(row, at: low)
        }
        return result
    }
}

extension AppState {
    /// Accounts "mine" narrows to (nil when not narrowed).
    var mineFilter: ((String) -> Bool)? {
        guard mine else { return nil }
        let me = self.me
        return { portfolio.accounts[$0]?.ownerId == me }
    }

    /// What a list's rows are built from: the stamps of the analytics it shows (the detail list,
    /// a few rows, is rebuilt whenever the dashboard is replaced). Logging an interaction keeps
    /// the tiers and partners lists, 100,000 rows each, as they were. The search text is not
    /// among them: only the typed filter reads it (``filterInputs(of:)``), so a new contact
    /// refolds one account's text and keeps the rows.
    func inputs(of list: ListID) -> [UInt64] { inputs(of: list, stamps: dashboard.stamps) }

    /// What a list's rows under a typed filter are built from: its rows and the search text.
    func filterInputs(of list: ListID) -> [UInt64] { inputs(of: list) + [dashboard.stamps.search] }

    func inputs(of list: ListID, stamps: Dashboard.Stamps) -> [UInt64] {
        switch list {
        // The accounts' owners matter to these lists only when narrowed to mine.
        case .tiers, .partners: return [stamps.ranking, mine ? stamps.accounts : 0]
        case .owners: return [stamps.workload]
        case .ownerAccounts: return [stamps.workload, stamps.suppliers, stamps.accounts]
        case .accounts:
            return [stamps.accounts, stamps.ranking, stamps.suppliers, loading == nil ? 0 : 1]
        case .detail: return [UInt64(generation)]
        }
    }

    func model(_ list: ListID) -> ListModel {
        let state = self[list]
        let key = ModelCache.Key(
            inputs: filterInputs(of: list), list: list, filter: state.filter, sortColumn: state.sortColumn,
            reversed: state.reversed,
            tier: tierFilter, segment: segment, mine: mine, me: me,
            owner: list == .ownerAccounts ? selectedOwnerId : (list == .detail ? detailKey : nil))
        return cache.model(for: key) { buildModel(list) }
    }

    private func buildModel(_ list: ListID) -> ListModel {
        let state = self[list]
        let query = Dashboard.fold(state.filter)
        let mineFilter = self.mineFilter
        /// What narrows account lists besides the typed filter (which applies to built rows).
        func keep(_ accountId: String) -> Bool { mineFilter?(accountId) ?? true }
        // The rows before sorting are kept, so `s` only sorts again: building 100,000 rows
        // (formatting every cell) costs far more than ordering them. The rows before the typed
        // filter are kept too, so each key typed into `/` only selects among them by account.
        let unsortedKey = ModelCache.Key(
            inputs: filterInputs(of: list), list: list, filter: state.filter, sortColumn: 0, reversed: false,
            tier: tierFilter, segment: segment, mine: mine, me: me,
            owner: list == .ownerAccounts ? selectedOwnerId : nil)
        let baseKey = ModelCache.Key(
            inputs: inputs(of: list), list: list, filter: "", sortColumn: 0, reversed: false,
            tier: tierFilter, segment: segment, mine: mine, me: me,
            owner: list == .ownerAccounts ? selectedOwnerId : nil)
        // The rows' search text: their rows' inputs and the search text's.
        var searchKey = baseKey
        searchKey.inputs = filterInputs(of: list)
        /// `typed`: the folded text of a built row that the typed filter searches (nil: the
        /// builder applied the filter itself).
        /// `patch`: rows built for an earlier dashboard made current, given the accounts whose
        /// rows may differ (nil: build them).
        func sorted(
            _ build: @autoclosure () -> [Sortable], columns: [Column], sorts: [String],
            typed: (@Sendable ([String: String], Sortable) -> String)? = nil,
            patch: ((Set<String>, [Sortable]) -> [Sortable])? = nil
        ) -> ListModel {
            let items: [Sortable]
            /// The rows the typed filter keeps, as positions in `items` (nil: all).
            let positions: [Int]?
            /// What `items` were built for.
            var itemsKey: ModelCache.Key
            if let typed {
                // Rows built for a dashboard before the last few edits, with every other setting
                // the same: the newest such dashboard's changes since then are patched in.
                items = cache.baseItems(
                    for: baseKey,
                    patch: patch.map { patch in
                        { stored, rows in
                            dashboard.changes.last { change in
                                var before = baseKey
                                before.inputs = inputs(of: list, stamps: change.stamps)
                                return stored == before
                            }.map { patch($0.accounts, rows) }
                        }
                    },
                    build: {
                        let rows = build()
                        // The rows' search text gathered with them, once the history is read (the
                        // first frame does not wait for it): the first key typed into `/` then
                        // only searches.
                        if loading == nil { _ = searchColumn(rows, typed) }
                        return rows
                    })
                itemsKey = baseKey
                positions =
                    query.isEmpty
                    ? nil
                    : cache.matches(for: unsortedKey) {
                        searchColumn(items, typed).rows(containing: query)
                    }
            } else {
                items = cache.items(for: unsortedKey, build: build)
                itemsKey = unsortedKey
                positions = nil
            }
            let column = min(state.sortColumn, max(0, sorts.count - 1))
            guard column > 0 || state.reversed else {
                return ListModel(columns: columns, rows: ListRows(items, order: positions), sorts: sorts)
            }
            // Each row's rank by the column, kept while the rows are (the typed filter then only
            // picks among them).
            itemsKey.sortColumn = column
            let ranks = cache.ranks(for: itemsKey) { SortRanks(items, column: column) }
            return ListModel(
                columns: columns, rows: ListRows(items, order: ranks.order(positions, reversed: state.reversed)),
                sorts: sorts)
        }
        /// The search text of `rows` for the typed filter: each account's, with what `typed` adds.
        func searchColumn(
            _ rows: [Sortable], _ typed: @escaping @Sendable ([String: String], Sortable) -> String
        ) -> SearchColumn {
            cache.searchColumn(for: searchKey) {
                let texts = dashboard.searchText
                return SearchColumn(rows) { typed(texts, $0) }
            }
        }
        let byAccount: @Sendable ([String: String], Sortable) -> String = { $0[$1.row.id] ?? "" }
        let money: @Sendable (Money) -> String = { $0.grouped }
        switch list {
        case .tiers:
            lazy var items = Concurrently.map(
                dashboard.tiers.rows.filter {
                    keep($0.accountId) && (tierFilter == nil || $0.tier == tierFilter) && segment.admits($0)
                }
            ) { row in
                Sortable(
                    row: TableRow(
                        id: row.accountId,
                        cells: [
                            String(row.rank), row.name, money(row.value), percent(row.share),
                            percent(row.cumulativeShare),
                            row.tier.rawValue, row.previousTier?.rawValue ?? "–", row.movement.arrow, row.industry,
                            row.region, row.frequency.rawValue,
                        ],
                        styles: [
                            nil, nil, nil, nil, nil, tierStyle(row.tier), row.previousTier.map(tierStyle) ?? .dim,
                            movementStyle(row.movement),
                        ]),
                    keys: [
                        .number(Double(row.rank)), .text(Dashboard.fold(row.name)), .number(Double(row.movementOrder)),
                        .text(row.industry), .text(row.region), .number(Double(row.orders)),
                    ])
            }
            return sorted(
                items,
                columns: [
                    Column(title: "#", width: 4, right: true), Column(title: "Customer", width: 0),
                    Column(title: "Value", width: 11, right: true), Column(title: "Share", width: 6, right: true),
                    Column(title: "Cum.", width: 6, right: true), Column(title: "Tier", width: 4),
                    Column(title: "Was", width: 3), Column(title: "Mv", width: 2),
                    Column(title: "Industry", width: 15), Column(title: "Region", width: 14),
                    Column(title: "Freq", width: 5),
                ], sorts: ["value", "name", "movement", "industry", "region", "orders"], typed: byAccount)
        case .partners:
            // Here the filter also matches the quadrant and relationship (`/strong but` lists those customers).
            lazy var items = Concurrently.map(dashboard.partners.filter { keep($0.accountId) }) { score in
                Sortable(
                    row: TableRow(
                        id: score.accountId,
                        cells: [
                            String(score.rank), score.name, one(score.commitment), one(score.switchingCost),
                            one(score.strength), score.quadrant.rawValue, score.relationship.rawValue,
                            score.missing.isEmpty ? "" : "\(score.missing.count)",
                        ],
                        styles: [
                            nil, nil, .accent, nil, nil, quadrantStyle(score.quadrant),
                            score.relationship == .partnership ? .good : nil, .warn,
                        ]),
                    keys: [
                        .number(Double(score.rank)), .text(Dashboard.fold(score.name)), .number(-score.switchingCost),
                        .number(-score.strength), .text(score.quadrant.rawValue),
                    ])
            }
            return sorted(
                items,
                columns: [
                    Column(title: "#", width: 4, right: true), Column(title: "Customer", width: 0),
                    Column(title: "Commit", width: 6, right: true), Column(title: "Switch", width: 6, right: true),
                    Column(title: "Strength", width: 8, right: true), Column(title: "Quadrant", width: 24),
                    Column(title: "Relationship", width: 13), Column(title: "Miss", width: 4, right: true),
                ], sorts: ["commitment", "name", "switching cost", "strength", "quadrant"],
                typed: { byAccount($0, $1) + "\u{1F}" + Dashboard.fold($1.row.cells[5] + " " + $1.row.cells[6]) })
        case .owners:
            let query = Dashboard.fold(state.filter)
            var items = dashboard.workload.owners.filter {
                (query.isEmpty || Dashboard.fold($0.name + " " + $0.team).contains(query))
                    && (!mine || $0.ownerId == me)
            }.map { owner in
                Sortable(
                    row: TableRow(
                        id: owner.ownerId,
                        cells: [
                            owner.name + (owner.active ? "" : " (inactive)"),
                            "\(owner.keyAccounts.count)/\(owner.capacity)",
                            Widgets.bar(min(owner.load, 1), width: 8) + (owner.load > 1 ? "+" : ""),
                            "\(owner.overdueFollowUps)", "\(owner.staleKeyAccounts.count)",
                            owner.flags.map(\.rawValue).joined(separator: " "), owner.team,
                        ],
                        styles: [
                            nil, nil, owner.load > 1 ? .bad : .bar, owner.overdueFollowUps > 0 ? .warn : nil, nil,
                            owner.flags.contains(.overloaded) ? .bad : .warn, nil,
                        ]),
                    keys: [
                        .text(Dashboard.fold(owner.name)), .number(-Double(owner.keyAccounts.count)),
                        .number(-owner.load), .number(-Double(owner.overdueFollowUps)),
                    ])
            }
            let unassigned = dashboard.workload.unassigned
            if !mine, query.isEmpty || "unassigned".contains(query) {
                items.append(
                    Sortable(
                        row: TableRow(
                            id: "",
                            cells: [
                                "Unassigned", "\(unassigned.count)", "", "", "",
                                unassigned.isEmpty ? "" : "key accounts without an owner", "",
                            ],
                            styles: [.bad, .bad, nil, nil, nil, .bad, nil]),
                        keys: [.text("\u{10FFFF}"), .number(0), .number(0), .number(0)]))
            }
            return sorted(
                items,
                columns: [
                    Column(title: "Owner", width: 0), Column(title: "Key/Cap", width: 7, right: true),
                    Column(title: "Load", width: 9), Column(title: "Overdue", width: 7, right: true),
                    Column(title: "Stale", width: 5, right: true), Column(title: "Flags", width: 24),
                    Column(title: "Team", width: 12),
                ], sorts: ["name", "key accounts", "load", "overdue"])
        case .ownerAccounts:
            let ownerId = selectedOwnerId
            let keys =
                ownerId.map { id in
                    id.isEmpty
                        ? dashboard.workload.unassigned
                        : (dashboard.workload.owners.first { $0.ownerId == id }?.keyAccounts ?? [])
                } ?? []
            lazy var items = keys.filter { keep($0.accountId) }
                .map { key in
                    let supplier = dashboard.supplierRows[key.accountId]
                    let role = [key.isTierACustomer ? "A customer" : nil, key.isKeySupplier ? "key supplier" : nil]
                        .compactMap { $0 }
                    return Sortable(
                        row: TableRow(
                            id: key.accountId,
                            cells: [
                                key.name, role.joined(separator: ", "), supplier?.standing.rawValue ?? "",
                                key.lastInPerson?.description ?? "never",
                                key.openFollowUps > 0 ? "\(key.openFollowUps)" : "",
                                supplier?.overall.map(one) ?? "", supplier?.kraljic.rawValue ?? "",
                            ],
                            styles: [
                                nil, nil, supplier.map { standingStyle($0.standing) }, key.isStale ? .warn : nil,
                                key.openFollowUps > 0 ? .warn : nil, nil, nil,
                            ]),
                        keys: [
                            .text(Dashboard.fold(key.name)), .number(-(supplier?.overall ?? -1)),
                            .text(key.lastInPerson?.description ?? ""),
                        ])
                }
            return sorted(
                items,
                columns: [
                    Column(title: "Key account", width: 0), Column(title: "Why key", width: 24),
                    Column(title: "Standing", width: 9), Column(title: "Last visit", width: 10),
                    Column(title: "Open", width: 4, right: true), Column(title: "Score", width: 5, right: true),
                    Column(title: "Kraljic", width: 12),
                ], sorts: ["name", "score", "last visit"], typed: byAccount)
        case .accounts:
            // Default order is the name sort key, so that S reverses it exactly.
            /// An account's owner as a sort key (no owner sorts after every name).
            @Sendable func ownerKey(_ ownerId: String?) -> SortKey {
                let name = ownerId.flatMap { portfolio.owners[$0]?.name } ?? ""
                return .text(Dashboard.fold(name.isEmpty ? "\u{10FFFF}" : name))
            }
            @Sendable func accountRow(_ account: Account, ownerKey: SortKey) -> Sortable {
                // Tiers and standings need the history: blank until it is read.
                let tier = loading == nil ? dashboard.tierRows[account.id]?.tier : nil
                let standing = loading == nil ? dashboard.supplierRows[account.id]?.standing : nil
                let owner = account.ownerId.flatMap { portfolio.owners[$0]?.name } ?? ""
                let roles = account.roles.count == 2 ? "both" : account.roles.first?.rawValue ?? ""
                return Sortable(
                    row: TableRow(
                        id: account.id,
                        cells: [
                            account.name, roles, account.status.rawValue, owner, account.industry, account.region,
                            tier?.rawValue ?? "", standing?.rawValue ?? "",
                        ],
                        styles: [
                            nil, nil, account.status == .active ? nil : .dim, nil, nil, nil,
                            tier.map(tierStyle), standing.map(standingStyle),
                        ]),
                    keys: [
                        .text(Dashboard.fold(account.name)),
                        ownerKey, .text(account.industry),
                        .text(account.region), .text(tier?.rawValue ?? "Z"), .text(account.status.rawValue),
                    ])
            }
            // In name order: positions are sorted, not the accounts (large records that a sort
            // of 100,000 would copy and retain at every move).
            // Rows are built on both cores, and sorted by position on both cores.
            lazy var items: [Sortable] = {
                let portfolio = portfolio
                let ids: [String] = portfolio.accounts.keys.filter(keep)
                // Each owner's key folded once and shared by its rows: ranking 100,000 rows by
                // owner then reads a few thousand strings, not one per row.
                let owners = Dictionary(
                    uniqueKeysWithValues: ([nil] + portfolio.owners.keys.map { $0 }).map { ($0, ownerKey($0)) })
                let rows = Concurrently.map(ids) { id in
                    let account = portfolio.accounts[id]!
                    return accountRow(account, ownerKey: owners[account.ownerId] ?? ownerKey(account.ownerId))
                }
                let names = rows.map { row -> String in if case .text(let name) = row.keys[0] { name } else { "" } }
                return Concurrently.sortedPositions(ids.count) { (names[$0], ids[$0]) < (names[$1], ids[$1]) }
                    .map { rows[$0] }
            }()
            /// Rows built before some edits with the changed accounts' rows replaced, in name order.
            func patched(_ changed: Set<String>, _ rows: [Sortable]) -> [Sortable] {
                let fresh = changed.sorted().compactMap { id in
                    portfolio.accounts[id].flatMap {
                        keep($0.id) ? accountRow($0, ownerKey: ownerKey($0.ownerId)) : nil
                    }
                }
                return Sortable.replacing(changed, in: rows, with: fresh)
            }
            return sorted(
                items,
                columns: [
                    Column(title: "Account", width: 0), Column(title: "Roles", width: 8),
                    Column(title: "Status", width: 8),
                    Column(title: "Owner", width: 18), Column(title: "Industry", width: 15),
                    Column(title: "Region", width: 14),
                    Column(title: "Tier", width: 4), Column(title: "Standing", width: 9),
                ], sorts: ["name", "owner", "industry", "region", "tier", "status"], typed: byAccount, patch: patched)
        case .detail:
            return ListModel(columns: detailColumns, rows: ListRows(detailRows()), sorts: [])
        }
    }

    /// The owner whose key accounts the lower list shows ("" for the Unassigned group).
    var selectedOwnerId: String? {
        let owners = model(.owners).rows
        guard !owners.isEmpty else { return nil }
        return owners[min(self[.owners].selected, owners.count - 1)].id
    }

    /// The account the focused list has selected, if it shows accounts.
    var selectedAccountId: String? {
        let list = focusedList
        guard list != .owners, list != .detail else { return nil }
        let rows = model(list).rows
        guard !rows.isEmpty else { return nil }
        return rows[min(self[list].selected, rows.count - 1)].id
    }

    /// The columns of the detail list, by section.
    var detailColumns: [Column] {
        switch detailSection {
        case .interactions:
            [
                Column(title: "Date", width: 10), Column(title: "Channel", width: 7), Column(title: "Kind", width: 10),
                Column(title: "Follow-up", width: 18), Column(title: "Summary", width: 0),
            ]
        case .contacts:
            [
                Column(title: "Name", width: 24), Column(title: "Title", width: 20), Column(title: "Email", width: 26),
                Column(title: "Phone", width: 16), Column(title: "Prefers", width: 0),
            ]
        case .sales:
            [
                Column(title: "Date", width: 10), Column(title: "Amount", width: 14, right: true),
                Column(title: "Margin", width: 14, right: true), Column(title: "Invoice", width: 0),
            ]
        case .purchases:
            [
                Column(title: "Date", width: 10), Column(title: "Amount", width: 14, right: true),
                Column(title: "Promised", width: 10), Column(title: "Delivered", width: 10),
                Column(title: "Order", width: 0),
            ]
        case .evaluations:
            [Column(title: "Month", width: 7)]
                + Criterion.allCases.map { Column(title: String($0.label.prefix(9)), width: 9, right: true) }
        case .history:
            [
                Column(title: "When (UTC)", width: 16), Column(title: "Who", width: 10),
                Column(title: "Record", width: 22), Column(title: "Change", width: 0),
            ]
        }
    }

    /// What the detail list depends on besides the dashboard: the account, its section, its history.
    var detailKey: String? {
        detail.map { "\($0)|\(detailSection.rawValue)|\(historyGeneration)" }
    }

    func detailRows() -> [TableRow] {
        guard let id = detail else { return [] }
        switch detailSection {
        case .interactions: return detailTimeline()
        case .contacts:
            return (dashboard.contacts[id] ?? []).map {
                TableRow(
                    id: $0.id, cells: [$0.name, $0.title, $0.email, $0.phone, $0.preferredChannel?.rawValue ?? ""])
            }
        case .sales:
            return (dashboard.index.sales[id] ?? []).sorted { ($0.date, $0.id) > ($1.date, $1.id) }.map {
                TableRow(
                    id: $0.id,
                    cells: [$0.date.description, $0.amount.grouped, $0.margin?.grouped ?? "", $0.reference ?? ""])
            }
        case .purchases:
            return (dashboard.index.purchases[id] ?? []).sorted { ($0.date, $0.id) > ($1.date, $1.id) }.map {
                TableRow(
                    id: $0.id,
                    cells: [
                        $0.date.description, $0.amount.grouped, $0.promised?.description ?? "",
                        $0.actual?.description ?? "", $0.reference ?? "",
                    ],
                    styles: [nil, nil, nil, $0.onTime == false ? .bad : nil, nil])
            }
        case .evaluations:
            return (dashboard.index.evaluations[id] ?? []).map {
                evaluation in
                TableRow(
                    id: evaluation.id,
                    cells: [evaluation.period.description]
                        + Criterion.allCases.map { Form.score(evaluation.scores[$0]) })
            }
        case .history:
            guard let history, history.account == id else { return [] }
            return history.items.reversed().enumerated().map { offset, item in
                let when = String(item.at.description.prefix(16)).replacingOccurrences(of: "T", with: " ")
                let what: String
                switch item.action {
                case .created: what = "created"
                case .deleted: what = "deleted"
                case .changed:
                    what =
                        item.changes.isEmpty
                        ? "changed"
                        : item.changes.map { change in
                            // Owner ids read better as names (ids stay for owners since deleted).
                            func shown(_ value: String) -> String {
                                if value.isEmpty { return "–" }
                                guard change.field == "ownerId" else { return value }
                                return portfolio.owners[value]?.name ?? value
                            }
                            let field = change.field == "ownerId" ? "owner" : change.field
                            return "\(field): \(shown(change.from)) → \(shown(change.to))"
                        }.joined(separator: "; ")
                }
                return TableRow(
                    id: "h\(offset)", cells: [when, item.by, "\(item.kind.rawValue) \(item.id)", what],
                    styles: [.dim, nil, nil, item.action == .deleted ? .bad : nil])
            }
        }
    }

    /// Interactions of the detail account: open follow-ups first (soonest due), then newest first.
    func detailTimeline() -> [TableRow] {
        guard let id = detail else { return [] }
        let interactions = dashboard.index.interactions[id] ?? []
        let open = interactions.filter(\.isOpenFollowUp).sorted { ($0.followUp!, $0.id) < ($1.followUp!, $1.id) }
        let rest = interactions.filter { !$0.isOpenFollowUp }.sorted { ($0.date, $0.id) > ($1.date, $1.id) }
        return (open + rest).map { interaction in
            let due: String
            if let followUp = interaction.followUp {
                due =
                    interaction.done
                    ? "done" : (interaction.isOverdue(asOf: asOf) ? "OVERDUE \(followUp)" : "due \(followUp)")
            } else {
                due = ""
            }
            return TableRow(
                id: interaction.id,
                cells: [
                    interaction.date.description, interaction.channel.rawValue, interaction.kind.rawValue, due,
                    interaction.summary,
                ],
                styles: [
                    nil, nil, interaction.kind == .complaint ? .warn : nil,
                    interaction.isOverdue(asOf: asOf) ? .bad : (interaction.isOpenFollowUp ? .warn : .dim), nil,
                ])
        }
    }
}

func percent(_ value: Double) -> String { one(value * 100) + "%" }

/// One decimal, exactly as `%.1f` shows it, without `String(format:)` except near ties,
/// which cost 6% of building the lists at 10,000 accounts.
func one(_ value: Double) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
    let scaled = value * 10
    let tenths = scaled.rounded(.toNearestOrAwayFromZero)
    // Near a tie, printf's exact-binary rounding decides; elsewhere both round the same way.
    guard abs(tenths) < 1e15, abs(abs(scaled - scaled.rounded(.towardZero)) - 0.5) > 1e-6 else {
        return String(format: "%.1f", value)
    }
    let whole = Int64(tenths)
    let sign = value.sign == .minus ? "-" : ""
    return sign + String(whole.magnitude / 10) + "." + String(whole.magnitude % 10)
}

func tierStyle(_ tier: Tier) -> Style {
    switch tier {
    case .A: .tierA
    case .B: .tierB
    case .C: .tierC
    }
}

func movementStyle(_ movement: Movement) -> Style? {
    switch movement {
    case .up: .up
    case .down: .down
    case .new: .accent
    case .same: .dim
    }
}

func quadrantStyle(_ quadrant: Quadrant) -> Style {
    switch quadrant {
    case .idealPartner: .quadrantIdeal
    case .develop: .quadrantDevelop
    case .strongButTransactional: .quadrantStrong
    case .transactional: .quadrantTransactional
    }
}

func standingStyle(_ standing: Standing) -> Style {
    switch standing {
    case .preferred: .standingPreferred
    case .approved: .standingApproved
    case .probation: .standingProbation
    case .blocked: .standingBlocked
    case .unrated: .standingUnrated
    }
}

extension TierRow {
    /// Drops first when sorting by movement.
    var movementOrder: Int {
        switch movement {
        case .down: 0
        case .up: 1
        case .new: 2
        case .same: 3
        }
    }
}

extension Collection {
    subscript(safe index: Index) -> Element? { indices.contains(index) ? self[index] : nil }
}
