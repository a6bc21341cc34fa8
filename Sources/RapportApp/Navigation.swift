import RapportDomain

extension AppState {
    mutating func back() {
        if detail != nil {
            detail = nil
        } else if searchResults != nil, self[.search].filter.isEmpty {
            searchResults = nil
        } else if pane == .suppliers, ownerAccountsFocused {
            ownerAccountsFocused = false
        } else if !marks.isEmpty {
            marks = []
            say("Unmarked every account")
        } else if !self[focusedList].filter.isEmpty {
            self[focusedList].filter = ""
            self[focusedList].selected = 0
            self[focusedList].top = 0
            say("Filter cleared")
        } else if pane == .agenda, agendaNarrowing != nil {
            agendaNarrowing = nil
            self[.agenda] = ListState()
            say("The whole agenda")
        } else if pane == .tiers, paretoView {
            paretoView = false
        }
    }

    mutating func switchPane(to newPane: Pane) {
        detail = nil
        searchResults = nil
        pane = newPane
    }

    mutating func enter() {
        if detail != nil { return }
        if searchResults != nil { return openSearchHit() }
        if pane == .suppliers, !ownerAccountsFocused {
            if let owner = selectedOwnerId, let kinds = agendaFromOwnerCount {
                openAgenda(owner: owner, kinds: kinds)
                return
            }
            if selectedOwnerId != nil {
                ownerAccountsFocused = true
                self[.ownerAccounts].selected = 0
                self[.ownerAccounts].top = 0
            }
            return
        }
        if pane == .tiers, paretoView { paretoView = false }
        if let loading, selectedAccountId != nil {
            say(loading.refusal("An account's page is"), error: true)
            return
        }
        if let id = selectedAccountId {
            detail = id
            self[.detail] = ListState()
        }
    }

    // MARK: Moving

    func rowCount(_ list: ListID) -> Int { model(list).rows.count }

    func rowId(_ list: ListID) -> String? {
        let rows = model(list).rows
        let index = self[list].selected
        return index < rows.count ? rows[index].id : nil
    }

    mutating func select(_ id: String, in list: ListID) {
        if let index = model(list).rows.firstIndex(where: { $0.id == id }) {
            self[list].selected = index
        } else {
            self[list].selected = min(self[list].selected, max(0, rowCount(list) - 1))
        }
        keepVisible(list)
    }

    mutating func move(by delta: Int) {
        let list = focusedList
        move(to: self[list].selected + delta)
    }

    mutating func move(to index: Int) {
        let list = focusedList
        let count = rowCount(list)
        let previousOwner = list == .owners ? selectedOwnerId : nil
        self[list].selected = max(0, min(index == Int.max ? count - 1 : index, count - 1))
        keepVisible(list)
        if list == .owners, selectedOwnerId != previousOwner {
            self[.ownerAccounts].selected = 0
            self[.ownerAccounts].top = 0
        }
    }

    /// Scrolls a list just enough to keep its selection in view.
    mutating func keepVisible(_ list: ListID) {
        let rows = max(1, visibleRows(list))
        var state = self[list]
        let count = list == .detail ? rowCount(.detail) : rowCount(list)
        state.selected = max(0, min(state.selected, count - 1))
        if state.selected < state.top { state.top = state.selected }
        if state.selected >= state.top + rows { state.top = state.selected - rows + 1 }
        state.top = max(0, min(state.top, max(0, count - rows)))
        self[list] = state
    }

    mutating func nextMatch(_ direction: Int) {
        let list = focusedList
        let count = rowCount(list)
        guard count > 0 else { return }
        if self[list].filter.isEmpty {
            say("No filter: press / to filter, then n and N move between matches")
            return
        }
        move(to: (self[list].selected + direction + count) % count)
    }

    /// `s`: the next sort whose column is on screen (a column the window is too narrow for
    /// would sort by what cannot be seen).
    mutating func cycleSort() {
        guard detail == nil else { return }
        let model = model(focusedList)
        guard !model.sorts.isEmpty else { return }
        let widths = drawnColumns(focusedList).widths
        func shown(_ sort: Int) -> Bool {
            !model.sortColumns.indices.contains(sort) || (widths[safe: model.sortColumns[sort]] ?? 0) > 0
        }
        var next = self[focusedList].sortColumn
        repeat { next = (next + 1) % model.sorts.count } while !shown(next) && next != 0
        self[focusedList].sortColumn = next
        sortChanged()
    }

    mutating func sortChanged() {
        let list = focusedList
        let sorts = model(list).sorts
        let name = sorts.isEmpty ? "" : sorts[min(self[list].sortColumn, sorts.count - 1)]
        self[list].selected = 0
        self[list].top = 0
        say("Sorted by \(name)\(self[list].reversed ? ", reversed" : "")  (s: next column, S: reverse)")
    }

    mutating func toggleMine() {
        guard me != nil else {
            say(
                "m: no owner matches '\(meHint)'; set me = \"you@example.com\" in ~/.config/rapport/config.toml",
                error: true)
            return
        }
        mine.toggle()
        for list in ListID.allCases where list != .detail {
            self[list].selected = 0
            self[list].top = 0
        }
        say(mine ? "Showing only your accounts (m to show everyone)" : "Showing everyone's accounts")
    }
    // MARK: Mouse

    mutating func click(x: Int, y: Int, double: Bool) -> [Effect] {
        guard mouse, !tooSmall else { return [] }
        if showHelp {
            showHelp = false
            return []
        }
        if y == 0, let tab = Layout.tabs(width: width).firstIndex(where: { $0.contains(x) }) {
            switchPane(to: Pane(rawValue: tab)!)
            return []
        }
        for list in visibleLists() {
            let area = Layout.listArea(self, list)
            guard area.contains(x: x, y: y), y > area.y else { continue }
            let index = self[list].top + (y - area.y - 1)
            guard index < rowCount(list) else { return [] }
            if pane == .suppliers, detail == nil { ownerAccountsFocused = list == .ownerAccounts }
            move(to: index)
            // A double click on an owner's Overdue or Stale count lists those items in the Agenda.
            if double, list == .owners, let owner = selectedOwnerId {
                let (columns, widths) = drawnColumns(.owners)
                var left = area.x
                for (column, width) in zip(columns, widths) {
                    defer { left += width > 0 ? width + 1 : 0 }
                    guard width > 0, (left..<(left + width)).contains(x) else { continue }
                    if column.title.hasPrefix("Overdue") { return openingAgenda(owner, [.overdue]) }
                    if column.title.hasPrefix("Stale") { return openingAgenda(owner, [.visitDue]) }
                }
            }
            if double { enter() }
            return []
        }
        return []
    }

    private mutating func openingAgenda(_ owner: String, _ kinds: Set<AgendaKind>) -> [Effect] {
        openAgenda(owner: owner, kinds: kinds)
        return []
    }

    func visibleLists() -> [ListID] {
        if detail != nil { return [.detail] }
        if searchResults != nil { return [.search] }
        switch pane {
        case .tiers: return paretoView ? [] : [.tiers]
        case .partners: return [.partners]
        case .suppliers: return [.owners, .ownerAccounts]
        case .accounts: return [.accounts]
        case .agenda: return [.agenda]
        }
    }

    func visibleRows(_ list: ListID) -> Int { max(1, Layout.listArea(self, list).height - 1) }
}
