import RapportDomain

extension AppState {
    /// The pure update: the next state and what the shell must do. Every key path is testable without a terminal.
    public mutating func update(_ event: Event) -> [Effect] {
        switch event {
        case .resize(let width, let height):
            self.width = width
            self.height = height
            for list in ListID.allCases { keepVisible(list) }
            return []
        case .committed(let outcome):
            return finish(outcome)
        case .history(let account, let items):
            history = (account, items)
            if detail == account, detailSection == .history { keepVisible(.detail) }
            // An interaction shown whole while its history was read: shown again, with who logged it.
            if detail == account, confirm?.title.hasPrefix(Self.interactionTitle) == true,
                confirm?.actions.isEmpty == true
            {
                return showInteraction()
            }
            return []
        case .notesEdited(let account, let base, let text):
            return notesEdited(account: account, base: base, text: text)
        case .dataChanged(let portfolio):
            recompute(.edited(portfolio))
            if let form, let original = form.original, form.conflict == nil,
                portfolio.record(of: original.kind, id: original.id) != original
            {
                say(
                    "Someone else just changed this \(original.kind.rawValue); saving will let you compare", error: true
                )
            }
            return []
        case .idle:
            switch reading {
            case .complete: return [.refreshStore(inBackground: true)]
            case .rereadFailed: return [.refreshStore(inBackground: false)]
            case .rest, .rereading: return []
            }
        case .rereadStarted:
            reading = .rereading
            say("Another process rewrote the store (compacted it?); reading it again…")
            return []
        case .storeRead(let read):
            reading = .complete
            recompute(.read(read.portfolio, read.dashboard))
            if let caughtUp = read.caughtUp { recompute(.edited(caughtUp)) }
            if let notice = read.notices.last { say(notice) }
            return []
        case .storeReadFailed(let reason):
            if case .rest(var loading) = reading {
                loading.failure = reason
                reading = .rest(loading)
                say("could not read the rest of the store: \(reason)", error: true)
            } else {
                reading = .rereadFailed
                say("could not read the rewritten store: \(reason)", error: true)
            }
            return []
        case .themeLoaded(let name):
            themeName = name
            say("Theme: \(name)  (t: next theme)")
            return []
        case .demoLoaded(let portfolio):
            recompute(.edited(portfolio))
            say("Loaded the demo: \(portfolio.accounts.count) accounts")
            return []
        case .failed(let what, let reason):
            say("\(what): \(reason)", error: true)
            return []
        case .editAccess(let refusal):
            let was = editRefusal
            editRefusal = refusal
            if let refusal {
                say("Edits are off: \(refusal)", error: true)
            } else if was != nil {
                say("The store can be edited again")
            }
            return []
        case .exported(let path, let rows):
            say("Wrote \(rows) row\(rows == 1 ? "" : "s") to \(path)")
            return []
        case .paste(let text):
            return paste(text)
        case .wheel(let up):
            move(by: up ? -3 : 3)
            return []
        case .click(let x, let y, let double):
            let effects = click(x: x, y: y, double: double)
            if !pendingSelections.isEmpty { reselect([:]) }
            return effects
        case .key(let key):
            message = nil
            // A form or question cannot be seen while the terminal is too small: keys must not
            // edit it blind, and q must not drop it. The screen says to enlarge the window.
            if tooSmall, form != nil || confirm != nil { return [] }
            if form != nil { return typeInForm(key) }
            if let confirm { return answer(confirm, key) }
            if let prompt { return typeInPrompt(prompt, key) }
            if showHelp {
                if key == .char("q") { return [.quit] }
                showHelp = false
                return []
            }
            let effects = press(key)
            if !pendingSelections.isEmpty { reselect([:]) }
            return effects
        }
    }

    /// A key on a pane or an account's page: what the keymap binds it to here, unless that waits
    /// for the rest of a large store.
    /// What the dashboard is recomputed from.
    enum Recompute {
        /// The store's data after an edit (ours or another process's): the dashboard is updated
        /// from the previous one where the analytics allow.
        case edited(Portfolio)
        /// The whole store, read with its dashboard (used as it is when computed as of our date).
        case read(Portfolio, Dashboard)
        /// The same data as of another day.
        case asOf(Day)
    }

    /// The one place the dashboard is recomputed. The selected rows are remembered by id before
    /// and selected again after, so that new data never moves the user's place.
    mutating func recompute(_ source: Recompute) {
        let before = rememberSelections()
        switch source {
        case .edited(let portfolio):
            dashboard = Dashboard(
                portfolio: portfolio, asOf: asOf, previous: (self.portfolio, dashboard), history: loading == nil)
            self.portfolio = portfolio
        case .read(let portfolio, let full):
            dashboard = full.asOf == asOf ? full : Dashboard(portfolio: portfolio, asOf: asOf, history: loading == nil)
            self.portfolio = portfolio
        case .asOf(let day):
            dashboard = Dashboard(portfolio: portfolio, asOf: day, history: loading == nil)
        }
        if let me, portfolio.owners[me] == nil { self.me = nil }
        if let detail, portfolio.accounts[detail] == nil { self.detail = nil }
        reselect(before)
    }

    /// The selected row's id in every list whose model was built, from the models as they are now.
    func rememberSelections() -> [ListID: String] {
        var ids: [ListID: String] = [:]
        for list in ListID.allCases where list != .detail {
            if let row = cache.lastModel(list)?.rows[safe: self[list].selected] { ids[list] = row.id }
        }
        if let row = model(.detail).rows[safe: self[.detail].selected] { ids[.detail] = row.id }
        return ids
    }

    /// Selects the remembered rows again in the lists on screen, now; lists not on screen keep
    /// theirs pending until they show, so new data never rebuilds lists nobody is looking at.
    mutating func reselect(_ ids: [ListID: String]) {
        pendingSelections.merge(ids) { _, new in new }
        for list in visibleLists() + [focusedList] {
            guard let id = pendingSelections.removeValue(forKey: list) else { continue }
            select(id, in: list)
        }
    }

    /// Pasted text, typed into the field being edited: line breaks and tabs become spaces, control
    /// characters (an escape sequence in the clipboard) are dropped, and nothing in it is a key, so
    /// a pasted line break cannot save a form and pasted letters cannot run commands.
    mutating func paste(_ text: String) -> [Effect] {
        message = nil
        guard form != nil || prompt != nil, confirm == nil, !tooSmall else {
            say("Paste into a field: press / to filter, i to log or a to add, then paste", error: true)
            return []
        }
        var effects: [Effect] = []
        for character in text.replacingOccurrences(of: "\r\n", with: "\n").prefix(Self.pasteLimit) {
            let typed: Character = character == "\n" || character == "\r" || character == "\t" ? " " : character
            guard !typed.unicodeScalars.contains(where: FieldRules.isControl) else { continue }
            effects += update(.key(.char(typed)))
        }
        return effects
    }

    /// How much of a paste is typed; fields are shorter than this anyway.
    static let pasteLimit = 10_000

    public mutating func say(_ text: String, error: Bool = false) { message = Message(text, isError: error) }

}
