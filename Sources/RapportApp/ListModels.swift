import Foundation
import RapportDomain
import RapportTheme

/// The rows of one list as shown: filtered, narrowed, sorted.
struct ListModel {
    let columns: [Column]
    let rows: ListRows
    /// Names of the sort orders `s` cycles through.
    let sorts: [String]
    /// For each sort, the column it belongs to (empty: unknown).
    var sortColumns: [Int] = []
    /// What the pane says of the rows above them (the agenda's counts), if anything, and in
    /// fewer words for a narrow window.
    var note = ""
    var shortNote = ""
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

extension [Sortable] {
    /// In the order of their first sort key, the name folded (case and diacritics aside, then by
    /// Unicode scalars: the same for everyone, whatever the locale), then id: every list that
    /// lists by name lists the same names in the same order.
    func inNameOrder() -> [Sortable] {
        sorted { ($0.keys[0], $0.row.id) < ($1.keys[0], $1.row.id) }
    }
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
        if fresh.count > 32 {
            // Many rows (a bulk edit): sorted, then merged in one pass, rather than each inserted
            // into 100,000 rows.
            func precedes(_ lhs: Sortable, _ rhs: Sortable) -> Bool {
                (lhs.keys[0], lhs.row.id) < (rhs.keys[0], rhs.row.id)
            }
            let incoming = fresh.sorted(by: precedes)
            var merged: [Sortable] = []
            merged.reserveCapacity(result.count + incoming.count)
            var next = 0
            for row in result {
                while next < incoming.count, precedes(incoming[next], row) {
                    merged.append(incoming[next])
                    next += 1
                }
                merged.append(row)
            }
            merged.append(contentsOf: incoming[next...])
            return merged
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
        case .agenda: return [stamps.ranking, stamps.workload, stamps.accounts]
        case .search: return [UInt64(generation)]
        case .detail: return [UInt64(generation)]
        }
    }

    func model(_ list: ListID) -> ListModel {
        let state = self[list]
        let key = ModelCache.Key(
            inputs: filterInputs(of: list), list: list, filter: state.filter, sortColumn: state.sortColumn,
            reversed: state.reversed,
            tier: tierFilter, segment: segment, mine: mine, me: me,
            owner: list == .ownerAccounts
                ? selectedOwnerId : (list == .detail ? detailKey : (list == .search ? searchResults?.query : nil)),
            agenda: list == .agenda ? agendaNarrowing : nil, questions: questions)
        return cache.model(for: key) { buildModel(list) }
    }

    private func buildModel(_ list: ListID) -> ListModel {
        let state = self[list]
        let query = Dashboard.fold(state.filter)
        let mineFilter = self.mineFilter
        /// What narrows account lists besides the typed filter (which applies to built rows).
        func keep(_ accountId: String) -> Bool { mineFilter?(accountId) ?? true }
        let asked = list == .accounts ? accountQuestion : nil
        /// What narrows the Accounts list: mine, and the questions asked of it.
        func keepAccount(_ accountId: String) -> Bool { keep(accountId) && (asked?(accountId) ?? true) }
        // The rows before sorting are kept, so `s` only sorts again: building 100,000 rows
        // (formatting every cell) costs far more than ordering them. The rows before the typed
        // filter are kept too, so each key typed into `/` only selects among them by account.
        let unsortedKey = ModelCache.Key(
            inputs: filterInputs(of: list), list: list, filter: state.filter, sortColumn: 0, reversed: false,
            tier: tierFilter, segment: segment, mine: mine, me: me,
            owner: list == .ownerAccounts ? selectedOwnerId : nil, agenda: list == .agenda ? agendaNarrowing : nil,
            questions: questions)
        let baseKey = ModelCache.Key(
            inputs: inputs(of: list), list: list, filter: "", sortColumn: 0, reversed: false,
            tier: tierFilter, segment: segment, mine: mine, me: me,
            owner: list == .ownerAccounts ? selectedOwnerId : nil, agenda: list == .agenda ? agendaNarrowing : nil,
            questions: questions)
        // The rows' search text: their rows' inputs and the search text's.
        var searchKey = baseKey
        searchKey.inputs = filterInputs(of: list)
        /// `typed`: the folded text of a built row that the typed filter searches (nil: the
        /// builder applied the filter itself).
        /// `patch`: rows built for an earlier dashboard made current, given the accounts whose
        /// rows may differ (nil: build them).
        func sorted(
            _ build: @autoclosure () -> [Sortable], columns: [Column], sorts: [String], sortColumns: [Int],
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
            // The header marks the column the list is sorted by: ▲ in its own order, ▼ reversed.
            var columns = columns
            if sortColumns.indices.contains(column), columns.indices.contains(sortColumns[column]) {
                columns[sortColumns[column]].mark = state.reversed ? "▼" : "▲"
            }
            guard column > 0 || state.reversed else {
                return ListModel(
                    columns: columns, rows: ListRows(items, order: positions), sorts: sorts, sortColumns: sortColumns)
            }
            // Each row's rank by the column, kept while the rows are (the typed filter then only
            // picks among them).
            itemsKey.sortColumn = column
            let ranks = cache.ranks(for: itemsKey) { SortRanks(items, column: column) }
            return ListModel(
                columns: columns, rows: ListRows(items, order: ranks.order(positions, reversed: state.reversed)),
                sorts: sorts, sortColumns: sortColumns)
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
        switch list {
        case .tiers:
            let spec = Lists.tiers
            let (index, asOf, rhythms) = (dashboard.index, asOf, dashboard.rhythms)
            lazy var items = spec.sortables(
                Concurrently.map(
                    dashboard.tiers.rows.filter {
                        keep($0.accountId) && (tierFilter == nil || $0.tier == tierFilter) && segment.admits($0)
                            && questions.admits($0)
                    }
                ) { row in
                    TierLine(
                        row: row, rhythm: rhythms[row.accountId] ?? Dashboard.rhythm(of: row, index: index, asOf: asOf))
                }.filter { questions.rhythm == nil || $0.rhythm.status == questions.rhythm }
            ) { $0.pointee.row.accountId }
            return sorted(
                items, columns: spec.header(ranking: dashboard.tiers.rows.count), sorts: spec.sortNames,
                sortColumns: spec.sortColumns, typed: byAccount)
        case .partners:
            let spec = Lists.partners
            lazy var items = spec.sortables(
                dashboard.partners.filter {
                    keep($0.accountId) && (questions.quadrant == nil || $0.quadrant == questions.quadrant)
                }
            ) { $0.pointee.accountId }
            // Here the filter also matches the quadrant and relationship (`/strong but` lists those customers).
            let words = ["Quadrant", "Relationship"].compactMap { title in spec.columns.firstIndex { $0.title == title }
            }
            return sorted(
                items, columns: spec.header(ranking: dashboard.partners.count), sorts: spec.sortNames,
                sortColumns: spec.sortColumns,
                typed: { row, item in
                    byAccount(row, item) + "\u{1F}"
                        + Dashboard.fold(words.map { item.row.cell($0) }.joined(separator: " "))
                })
        case .owners:
            let query = Dashboard.fold(state.filter)
            let spec = Lists.owners
            let owners = dashboard.workload.owners.filter {
                (query.isEmpty || Dashboard.fold($0.name + " " + $0.team).contains(query))
                    && (!mine || $0.ownerId == me)
            }
            var items = spec.sortables(owners) { $0.pointee.ownerId }.inNameOrder()
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
                        keys: [.text("\u{10FFFF}"), .number(0), .number(0), .number(0), .number(0)]))
            }
            return sorted(items, columns: spec.header, sorts: spec.sortNames, sortColumns: spec.sortColumns)
        case .ownerAccounts:
            let ownerId = selectedOwnerId
            let keys =
                ownerId.map { id in
                    id.isEmpty
                        ? dashboard.workload.unassigned
                        : (dashboard.workload.owners.first { $0.ownerId == id }?.keyAccounts ?? [])
                } ?? []
            let spec = Lists.ownerAccounts
            lazy var items = spec.sortables(
                keys.filter { keep($0.accountId) }.map {
                    KeyAccountLine(key: $0, supplier: dashboard.supplierRows[$0.accountId])
                }
            ) { $0.pointee.key.accountId }.inNameOrder()
            return sorted(
                items, columns: spec.header, sorts: spec.sortNames, sortColumns: spec.sortColumns, typed: byAccount)
        case .accounts:
            // Default order is the name sort key, so that S reverses it exactly.
            /// An account's owner as a sort key (no owner sorts after every name).
            @Sendable func ownerKey(_ ownerId: String?) -> SortKey {
                let name = ownerId.flatMap { portfolio.owners[$0]?.name } ?? ""
                return .text(Dashboard.fold(name.isEmpty ? "\u{10FFFF}" : name))
            }
            let spec = Lists.accounts
            @Sendable func accountLine(_ account: Account, ownerKey: SortKey) -> AccountLine {
                // Tiers and standings need the history: blank until it is read.
                AccountLine(
                    account: account, owner: account.ownerId.flatMap { portfolio.owners[$0]?.name } ?? "",
                    ownerKey: ownerKey, tier: loading == nil ? dashboard.tierRows[account.id]?.tier : nil,
                    standing: loading == nil ? dashboard.supplierRows[account.id]?.standing : nil)
            }
            // In name order: positions are sorted, not the accounts (large records that a sort
            // of 100,000 would copy and retain at every move).
            // Rows are built on both cores, and sorted by position on both cores.
            lazy var items: [Sortable] = {
                let portfolio = portfolio
                let ids: [String] = portfolio.accounts.keys.filter(keepAccount)
                // Each owner's key folded once and shared by its rows: ranking 100,000 rows by
                // owner then reads a few thousand strings, not one per row.
                let owners = Dictionary(
                    uniqueKeysWithValues: ([nil] + portfolio.owners.keys.map { $0 }).map { ($0, ownerKey($0)) })
                let lines = Concurrently.map(ids) { id in
                    let account = portfolio.accounts[id]!
                    return accountLine(account, ownerKey: owners[account.ownerId] ?? ownerKey(account.ownerId))
                }
                let rows = spec.sortables(lines) { $0.pointee.account.id }
                let names = rows.map { row -> String in if case .text(let name) = row.keys[0] { name } else { "" } }
                return Concurrently.sortedPositions(ids.count) { (names[$0], ids[$0]) < (names[$1], ids[$1]) }
                    .map { rows[$0] }
            }()
            /// Rows built before some edits with the changed accounts' rows replaced, in name order.
            func patched(_ changed: Set<String>, _ rows: [Sortable]) -> [Sortable] {
                let fresh = changed.sorted().compactMap { id in
                    portfolio.accounts[id].flatMap {
                        keepAccount($0.id)
                            ? spec.sortable(accountLine($0, ownerKey: ownerKey($0.ownerId)), id: $0.id) : nil
                    }
                }
                return Sortable.replacing(changed, in: rows, with: fresh)
            }
            return sorted(
                items, columns: spec.header, sorts: spec.sortNames, sortColumns: spec.sortColumns, typed: byAccount,
                patch: patched)
        case .agenda:
            let spec = Lists.agenda
            let agenda = agendaItems()
            lazy var items = spec.sortables(agenda.enumerated().map { AgendaLine(item: $1, position: $0) }) {
                AgendaLine.rowId($0.pointee.item)
            }
            // The filter matches the account's text (name, industry, contacts…) and what is due.
            let details = spec.columns.firstIndex { $0.title == "Details" } ?? 0
            var model = sorted(
                items, columns: spec.header, sorts: spec.sortNames, sortColumns: spec.sortColumns,
                typed: { texts, item in
                    (AgendaLine.parse(item.row.id).flatMap { texts[$0.account] } ?? "") + "\u{1F}"
                        + Dashboard.fold(item.row.cell(details))
                })
            let counts = AgendaKind.allCases.filter { agendaNarrowing?.kinds?.contains($0) ?? true }.map { kind in
                (kind, agenda.count { $0.kind == kind })
            }
            model.shortNote = counts.map { "\($1) \($0.shortLabel)" }.joined(separator: " · ")
            model.note = counts.map { $0.counted($1) }
                .joined(separator: " · ")
            return model
        case .search:
            // The typed filter narrows the hits by account name and summary.
            let hits = (searchResults?.interactions ?? []).compactMap { id in
                portfolio.interactions[id].map {
                    SearchHit(interaction: $0, account: portfolio.accounts[$0.accountId]?.name ?? "")
                }
            }.filter { query.isEmpty || Dashboard.fold($0.account + " " + $0.interaction.summary).contains(query) }
            return ListModel(
                columns: Lists.searchHits.header,
                rows: ListRows(Lists.searchHits.sortables(hits) { $0.pointee.interaction.id }), sorts: [])
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
        let id = rows[min(self[list].selected, rows.count - 1)].id
        return list == .agenda ? AgendaLine.parse(id)?.account : id
    }

    /// The columns of the detail list, by section.
    var detailColumns: [Column] {
        switch detailSection {
        case .interactions: Lists.interactions.header
        case .contacts: Lists.contacts.header
        case .sales: Lists.sales.header
        case .purchases: Lists.purchases.header
        case .evaluations: Lists.evaluations.header
        case .history: Lists.history.header
        }
    }

    /// What the detail list depends on besides the dashboard: the account, its section, its history.
    var detailKey: String? {
        detail.map { "\($0)|\(detailSection.rawValue)|\(historyGeneration)" }
    }

    func detailRows() -> [TableRow] {
        guard let id = detail else { return [] }
        switch detailSection {
        case .interactions:
            // Open follow-ups first (soonest due), then newest first.
            let interactions = dashboard.index.interactions[id] ?? []
            let open = interactions.filter(\.isOpenFollowUp).sorted { ($0.followUp!, $0.id) < ($1.followUp!, $1.id) }
            let rest = interactions.filter { !$0.isOpenFollowUp }.sorted { ($0.date, $0.id) > ($1.date, $1.id) }
            return (open + rest).map {
                Lists.interactions.sortable(TimelineLine(interaction: $0, asOf: asOf), id: $0.id).row
            }
        case .contacts:
            return (dashboard.contacts[id] ?? []).map { Lists.contacts.sortable($0, id: $0.id).row }
        case .sales:
            return (dashboard.index.sales[id] ?? []).sorted { ($0.date, $0.id) > ($1.date, $1.id) }.map {
                Lists.sales.sortable($0, id: $0.id).row
            }
        case .purchases:
            return (dashboard.index.purchases[id] ?? []).sorted { ($0.date, $0.id) > ($1.date, $1.id) }.map {
                Lists.purchases.sortable($0, id: $0.id).row
            }
        case .evaluations:
            return (dashboard.index.evaluations[id] ?? []).map { Lists.evaluations.sortable($0, id: $0.id).row }
        case .history:
            guard let history, history.account == id else { return [] }
            return history.items.reversed().enumerated().map { offset, item in
                Lists.history.sortable(HistoryLine(item: item, portfolio: portfolio), id: "h\(offset)").row
            }
        }
    }
}
