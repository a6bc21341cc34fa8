import RapportDomain

/// The commands `:` knows, for completion and help.
public let commandNames = [
    "as-of", "tier", "industry", "region", "freq", "owner", "mine", "pareto", "filter", "clear", "theme", "help",
    "quit",
]

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
    mutating func press(_ key: Key) -> [Effect] {
        guard let binding = Keymap.binding(for: key, in: self) else { return [] }
        if let loading, let wait = binding.wait {
            switch wait {
            case .edits:
                say(loading.refusal("Edits are"), error: true)
                return []
            case .pane where pane != .accounts && detail == nil:
                say(loading.refusal("This pane is"), error: true)
                return []
            case .pane: break
            }
        }
        return perform(binding.action, key: key)
    }

    /// Does what a binding's action says.
    mutating func perform(_ action: Action, key: Key) -> [Effect] {
        switch action {
        case .quit: return [.quit]
        case .demo: return [.loadDemo]
        case .help: showHelp = true
        case .back: back()
        case .pane:
            guard case .char(let digit) = key, let number = Int(String(digit)), let target = Pane(rawValue: number - 1)
            else { break }
            switchPane(to: target)
        case .nextPane: switchPane(to: Pane(rawValue: (pane.rawValue + 1) % Pane.allCases.count)!)
        case .previousPane:
            switchPane(to: Pane(rawValue: (pane.rawValue + Pane.allCases.count - 1) % Pane.allCases.count)!)
        case .up: move(by: -1)
        case .down: move(by: 1)
        case .pageUp: move(by: -max(1, visibleRows(focusedList) - 1))
        case .pageDown: move(by: max(1, visibleRows(focusedList) - 1))
        case .first: move(to: 0)
        case .last: move(to: Int.max)
        case .nextSection: return switchDetailSection(by: 1)
        case .previousSection: return switchDetailSection(by: -1)
        case .ownerAccounts: ownerAccountsFocused = true
        case .owners: ownerAccountsFocused = false
        case .open: enter()
        case .filter: prompt = .filter(self[focusedList].filter)
        case .command: prompt = .command("")
        case .nextMatch: nextMatch(1)
        case .previousMatch: nextMatch(-1)
        case .sort: cycleSort()
        case .reverse:
            self[focusedList].reversed.toggle()
            sortChanged()
        case .mine: toggleMine()
        case .log, .assignOwner:
            guard let id = actionAccount, let account = portfolio.accounts[id] else {
                say("select an account first", error: true)
                break
            }
            if action == .log {
                prompt = .log(account: id, text: "")
            } else {
                prompt = .owner(account: id, text: account.ownerId.flatMap { portfolio.owners[$0]?.name } ?? "")
            }
        case .markDone: return markDone()
        case .add: return add()
        case .edit: return edit()
        case .delete: return delete()
        case .rate: return rate()
        case .notes: return editNotes()
        case .undo: return undo(redo: false)
        case .redo: return undo(redo: true)
        case .nextTheme:
            guard !themeNames.isEmpty else { break }
            let index = themeNames.firstIndex(of: themeName) ?? -1
            return [.setTheme(themeNames[(index + 1) % themeNames.count])]
        case .pareto:
            paretoView.toggle()
            say(
                paretoView
                    ? "Pareto curve: cumulative share of value by customer rank (p for the list)" : "Customer list")
        }
        return []
    }

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

    mutating func back() {
        if detail != nil {
            detail = nil
        } else if pane == .suppliers, ownerAccountsFocused {
            ownerAccountsFocused = false
        } else if !self[focusedList].filter.isEmpty {
            self[focusedList].filter = ""
            self[focusedList].selected = 0
            self[focusedList].top = 0
            say("Filter cleared")
        } else if pane == .tiers, paretoView {
            paretoView = false
        }
    }

    mutating func switchPane(to newPane: Pane) {
        detail = nil
        pane = newPane
    }

    mutating func enter() {
        if detail != nil { return }
        if pane == .suppliers, !ownerAccountsFocused {
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

    mutating func cycleSort() {
        guard detail == nil else { return }
        let sorts = model(focusedList).sorts
        guard !sorts.isEmpty else { return }
        self[focusedList].sortColumn = (self[focusedList].sortColumn + 1) % sorts.count
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

    // MARK: Prompt

    mutating func typeInPrompt(_ current: Prompt, _ key: Key) -> [Effect] {
        var text: String
        switch current {
        case .filter(let value), .command(let value), .log(_, let value), .owner(_, let value): text = value
        }
        switch key {
        case .escape:
            if case .filter = current { setFilter("") }
            prompt = nil
            return []
        case .enter:
            prompt = nil
            switch current {
            case .command: return run(command: text)
            case .log(let account, _): return logInteraction(account: account, text)
            case .owner(let account, _): return assignOwner(account: account, text)
            case .filter: if !text.isEmpty { say("Filter: \(text)  (n/N move, Esc clears)") }
            }
            return []
        case .backspace:
            if text.isEmpty {
                prompt = nil
                return []
            }
            text.removeLast()
        case .ctrl("u"): text = ""
        case .ctrl("w"):
            while text.last == " " { text.removeLast() }
            while let last = text.last, last != " " { text.removeLast() }
        case .tab:
            if case .command = current { text = complete(text) }
            if case .owner = current { text = completeOwner(text) }
        case .char(let character):
            guard text.count < 2000, !character.unicodeScalars.contains(where: FieldRules.isControl) else { return [] }
            text.append(character)
        default: return []
        }
        switch current {
        case .filter:
            prompt = .filter(text)
            setFilter(text)
        case .command: prompt = .command(text)
        case .log(let account, _): prompt = .log(account: account, text: text)
        case .owner(let account, _): prompt = .owner(account: account, text: text)
        }
        return []
    }

    // MARK: Quick actions

    /// The account quick actions apply to: the one in detail, else the selected row's.
    var actionAccount: String? { detail ?? selectedAccountId }

    /// `visit [commitment] Promised a quote [+7d]`: channel, optional kind, summary, optional follow-up.
    public static func parseLog(_ text: String, today: Day) -> Result<
        (Channel, InteractionKind, String, Day?), LogError
    > {
        var words = text.split(separator: " ").map(String.init)
        guard let first = words.first, let channel = parseChoice(first, as: Channel.self) else {
            return .failure(
                LogError(
                    "start with the channel: \(choiceList(Channel.self)); then the summary, e.g. visit Reviewed volumes +7d"
                ))
        }
        words.removeFirst()
        var kind = InteractionKind.note
        if let word = words.first, let parsed = parseChoice(word, as: InteractionKind.self) {
            kind = parsed
            words.removeFirst()
        }
        var followUp: Day?
        if let last = words.last, words.count > 1 || last.hasPrefix("+"),
            last.hasPrefix("+") || Day(last) != nil || ["today", "tomorrow"].contains(last.lowercased()),
            let day = DateInput.parse(last, today: today)
        {
            followUp = day
            words.removeLast()
        }
        let summary = words.joined(separator: " ")
        guard !summary.isEmpty else {
            return .failure(LogError("add a summary after the channel, e.g. call Discussed the Q3 forecast"))
        }
        return .success((channel, kind, summary, followUp))
    }

    public struct LogError: Error, Equatable {
        public let message: String
        init(_ message: String) { self.message = message }
    }

    mutating func logInteraction(account id: String, _ text: String) -> [Effect] {
        guard let account = portfolio.accounts[id] else { return [] }
        switch AppState.parseLog(text, today: today) {
        case .failure(let error):
            say("log: " + error.message, error: true)
            return []
        case .success(let (channel, kind, summary, followUp)):
            let interaction = Interaction(
                id: "", accountId: id, date: today, channel: channel, kind: kind, summary: summary,
                ownerId: account.ownerId,
                followUp: followUp)
            let due = followUp.map { ", follow-up \($0)" } ?? ""
            return commit(
                [.put(.interaction(interaction), base: nil)],
                done: "Logged a \(channel.rawValue) with \(account.name)\(due)")
        }
    }

    mutating func assignOwner(account id: String, _ text: String) -> [Effect] {
        guard var account = portfolio.accounts[id] else { return [] }
        let wanted = String(text.trimmingASCIIWhitespace())
        var owner: Owner?
        if !wanted.isEmpty && wanted.lowercased() != "none" {
            owner = findOwner(wanted)
            guard owner != nil else {
                say("owner: no owner matches '\(wanted)'; Tab completes names, and none clears the owner", error: true)
                return []
            }
        }
        guard account.ownerId != owner?.id else {
            say("\(account.name) already has that owner")
            return []
        }
        let base = account.version
        account.ownerId = owner?.id
        return commit(
            [.put(.account(account), base: base)],
            done: owner.map { "\(account.name) is now owned by \($0.name)" } ?? "\(account.name) has no owner now")
    }

    /// An owner by id, email or exact name, else the first (by name) whose name contains the text,
    /// ignoring case and diacritics. What `:owner` and `o` accept.
    func findOwner(_ text: String) -> Owner? {
        guard !text.isEmpty else { return nil }
        if let owner = portfolio.owner(matching: text) { return owner }
        let folded = Dashboard.fold(text)
        return portfolio.owners.values.sorted { ($0.name, $0.id) < ($1.name, $1.id) }.first {
            Dashboard.fold($0.name).contains(folded)
        }
    }

    func completeOwner(_ text: String) -> String {
        let folded = Dashboard.fold(text)
        let matches = portfolio.owners.values.map(\.name).filter { Dashboard.fold($0).hasPrefix(folded) }.sorted()
        if matches.count == 1 { return matches[0] }
        guard let shared = commonPrefix(matches), shared.count > text.count else { return text }
        return shared
    }

    mutating func markDone() -> [Effect] {
        guard detail != nil, case .interaction(let interaction)? = selectedDetailRecord else {
            say(
                "x marks a follow-up done: open an account (Enter), ←/→ to Interactions, and select the follow-up",
                error: true)
            return []
        }
        guard interaction.isOpenFollowUp else {
            say("That interaction has no open follow-up; select one marked due or OVERDUE", error: true)
            return []
        }
        var done = interaction
        done.done = true
        return commit(
            [.put(.interaction(done), base: interaction.version)], done: "Follow-up done: \(interaction.summary)")
    }

    mutating func setFilter(_ text: String) {
        let list = focusedList
        self[list].filter = text
        self[list].selected = 0
        self[list].top = 0
    }

    /// Completes a command name, or its argument for `tier` and `owner`.
    func complete(_ text: String) -> String {
        let parts = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        if parts.count <= 1 {
            let matches = commandNames.filter { $0.hasPrefix(parts.first ?? "") }
            if matches.count == 1 { return matches[0] + " " }
            return commonPrefix(matches) ?? text
        }
        let argument = parts[1]
        let options: [String]
        switch parts[0] {
        case "tier": options = ["A", "B", "C", "all"]
        case "industry":
            options = Set(portfolio.accounts.values.map(\.industry)).filter { !$0.isEmpty }.sorted() + ["all"]
        case "region": options = Set(portfolio.accounts.values.map(\.region)).filter { !$0.isEmpty }.sorted() + ["all"]
        case "freq": options = FrequencyBand.allCases.map(\.rawValue) + ["all"]
        case "theme": options = themeNames
        case "owner": options = portfolio.owners.values.map(\.name).sorted()
        case "as-of": options = ["today", dashboard.asOf.description]
        default: options = []
        }
        let folded = Dashboard.fold(argument)
        let matches = options.filter { Dashboard.fold($0).hasPrefix(folded) }
        if matches.count == 1 { return parts[0] + " " + matches[0] }
        // Never shorten what was typed: extend it only by what every match shares.
        guard let shared = commonPrefix(matches), shared.count > argument.count else { return text }
        return parts[0] + " " + shared
    }

    func commonPrefix(_ words: [String]) -> String? {
        guard var prefix = words.first else { return nil }
        for word in words.dropFirst() { while !word.hasPrefix(prefix) { prefix.removeLast() } }
        return prefix
    }

    mutating func run(command text: String) -> [Effect] {
        let parts = text.trimmingASCIIWhitespace().split(separator: " ", maxSplits: 1).map(String.init)
        guard let name = parts.first else { return [] }
        let argument = parts.count > 1 ? String(parts[1].trimmingASCIIWhitespace()) : ""
        switch name {
        case "q", "quit": return [.quit]
        case "help": showHelp = true
        case "mine": toggleMine()
        case "pareto":
            switchPane(to: .tiers)
            paretoView = true
        case "filter":
            setFilter(argument)
            say(argument.isEmpty ? "Filter cleared" : "Filter: \(argument)")
        case "as-of":
            guard let day = DateInput.parse(argument.isEmpty ? "today" : argument, today: today) else {
                say("as-of: '\(argument)' is not a date; \(DateInput.hint)", error: true)
                return []
            }
            recompute(.asOf(day))
            say("As of \(day)")
        case "tier":
            switch argument.uppercased() {
            case "A", "B", "C":
                tierFilter = Tier(rawValue: argument.uppercased())
                switchPane(to: .tiers)
                paretoView = false
                self[.tiers].selected = 0
                self[.tiers].top = 0
                say("Showing tier \(argument.uppercased()) only (:tier all for every tier)")
            case "", "ALL":
                tierFilter = nil
                say("Showing every tier")
            default: say("tier: use A, B, C or all", error: true)
            }
        case "industry", "region", "freq":
            setSegment(name, argument)
        case "theme":
            guard !argument.isEmpty else {
                say("theme: give a name: " + themeNames.joined(separator: ", "), error: true)
                return []
            }
            return [.setTheme(argument)]
        case "clear":
            tierFilter = nil
            segment = Segment()
            setFilter("")
            say("Filters cleared")
        case "owner":
            guard let owner = findOwner(argument) else {
                say("owner: no owner matches '\(argument)'; Tab completes names", error: true)
                return []
            }
            switchPane(to: .suppliers)
            self[.owners].filter = ""
            ownerAccountsFocused = false
            select(owner.id, in: .owners)
            self[.ownerAccounts] = ListState()
        default:
            say(
                "unknown command ':\(name)'; commands: " + commandNames.map { ":" + $0 }.joined(separator: " "),
                error: true)
        }
        return []
    }

    /// `:industry NAME`, `:region NAME`, `:freq BAND` (or `all`) narrow the Tiers pane to a segment.
    mutating func setSegment(_ name: String, _ argument: String) {
        let all = argument.isEmpty || argument.lowercased() == "all"
        switch name {
        case "industry", "region":
            let values = Set(portfolio.accounts.values.map { name == "industry" ? $0.industry : $0.region })
            let value = values.first { Dashboard.fold($0) == Dashboard.fold(argument) }
            guard all || value != nil else {
                say("\(name): no account has \(name) '\(argument)'; Tab completes the names", error: true)
                return
            }
            if name == "industry" { segment.industry = all ? nil : value } else { segment.region = all ? nil : value }
        default:
            guard all || FrequencyBand(rawValue: argument) != nil else {
                say(
                    "freq: use " + FrequencyBand.allCases.map(\.rawValue).joined(separator: ", ")
                        + " or all (orders in 12 months)", error: true)
                return
            }
            segment.frequency = all ? nil : FrequencyBand(rawValue: argument)
        }
        switchPane(to: .tiers)
        paretoView = false
        self[.tiers].selected = 0
        self[.tiers].top = 0
        say(
            segment.isEmpty
                ? "Showing every segment" : "Segment: \(segment.summary) (:\(name) all to undo, :clear for all filters)"
        )
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
            if double { enter() }
            return []
        }
        return []
    }

    func visibleLists() -> [ListID] {
        if detail != nil { return [.detail] }
        switch pane {
        case .tiers: return paretoView ? [] : [.tiers]
        case .partners: return [.partners]
        case .suppliers: return [.owners, .ownerAccounts]
        case .accounts: return [.accounts]
        }
    }

    func visibleRows(_ list: ListID) -> Int { max(1, Layout.listArea(self, list).height - 1) }
}
