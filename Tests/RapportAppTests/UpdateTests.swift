import Testing

@testable import RapportApp
@testable import RapportDomain

@Suite struct UpdateTests {
    func make(_ width: Int = 100, _ height: Int = 30) -> AppState { Fixture.state(width: width, height: height) }

    @discardableResult
    func press(_ state: inout AppState, _ keys: Key...) -> [Effect] {
        var effects: [Effect] = []
        for key in keys { effects += state.update(.key(key)) }
        return effects
    }

    func type(_ state: inout AppState, _ text: String) {
        for character in text { _ = state.update(.key(.char(character))) }
    }

    @Test func quitFromAnywhere() {
        var state = make()
        #expect(press(&state, .char("q")) == [.quit])
        state = make()
        press(&state, .enter)
        #expect(state.detail != nil)
        #expect(press(&state, .char("q")) == [.quit])
        state = make()
        press(&state, .char("?"))
        #expect(press(&state, .char("q")) == [.quit])
    }

    @Test func panesByDigitTabAndShiftTab() {
        var state = make()
        press(&state, .char("3"))
        #expect(state.pane == .suppliers)
        press(&state, .tab, .tab, .tab)
        #expect(state.pane == .tiers)
        press(&state, .backTab)
        #expect(state.pane == .agenda)
        press(&state, .char("2"))
        #expect(state.pane == .partners)
    }

    @Test func movementKeys() {
        var state = make()
        press(&state, .down, .char("j"), .char("j"))
        #expect(state[.tiers].selected == 3)
        press(&state, .up, .char("k"))
        #expect(state[.tiers].selected == 1)
        press(&state, .char("G"))
        let last = state.model(.tiers).rows.count - 1
        #expect(state[.tiers].selected == last)
        #expect(state[.tiers].top > 0)
        press(&state, .char("g"))
        #expect(state[.tiers].selected == 0 && state[.tiers].top == 0)
        press(&state, .end)
        #expect(state[.tiers].selected == last)
        press(&state, .home, .pageDown)
        let page = state.visibleRows(.tiers) - 1
        #expect(state[.tiers].selected == page)
        press(&state, .pageUp)
        #expect(state[.tiers].selected == 0)
        press(&state, .up)
        #expect(state[.tiers].selected == 0)
    }

    @Test func selectionStaysVisibleWhenScrolling() {
        var state = make(80, 24)
        for _ in 0..<40 { press(&state, .down) }
        let list = state[.tiers]
        #expect(list.selected == 40)
        #expect(list.selected >= list.top && list.selected < list.top + state.visibleRows(.tiers))
    }

    @Test func enterOpensDetailAndEscReturnsExactlyWhereYouWere() {
        var state = make()
        press(&state, .char("4"), .down, .down, .down)
        let before = state.lists
        let expected = state.selectedAccountId
        press(&state, .enter)
        #expect(state.detail == expected)
        press(&state, .down, .down)
        #expect(state[.detail].selected == 2)
        press(&state, .escape)
        #expect(state.detail == nil)
        #expect(state.pane == .accounts)
        #expect(state[.accounts] == before[.accounts])
    }

    @Test func ownersThenKeyAccountsThenDetail() throws {
        var state = make()
        press(&state, .char("3"))
        #expect(state.focusedList == .owners)
        press(&state, .enter)
        #expect(state.focusedList == .ownerAccounts)
        let account = try #require(state.selectedAccountId)
        press(&state, .enter)
        #expect(state.detail == account)
        press(&state, .escape, .escape)
        #expect(state.focusedList == .owners)
        press(&state, .char("l"))
        #expect(state.focusedList == .ownerAccounts)
        press(&state, .char("h"))
        #expect(state.focusedList == .owners)
        press(&state, .right, .left)
        #expect(state.focusedList == .owners)
    }

    @Test func unassignedGroupListsKeyAccountsWithoutAnActiveOwner() {
        var state = make()
        press(&state, .char("3"), .char("G"))
        #expect(state.selectedOwnerId == "")
        let ids = Set(state.model(.ownerAccounts).rows.map(\.id))
        #expect(ids == Set(state.dashboard.workload.unassigned.map(\.accountId)))
        #expect(!ids.isEmpty)
    }

    @Test func filterIgnoresCaseAndDiacriticsAndFindsCJK() throws {
        var portfolio = Fixture.portfolio
        try portfolio.apply(.put(.account(Account(id: "x1", name: "Kontorsmöbler AB", roles: [.supplier])), base: nil))
        try portfolio.apply(.put(.account(Account(id: "x2", name: "上海供应链有限公司", roles: [.customer])), base: nil))
        var state = Fixture.state(width: 100, height: 30, portfolio: portfolio)
        press(&state, .char("4"), .char("/"))
        type(&state, "MOBLER")
        #expect(state.prompt == .filter("MOBLER"))
        #expect(state.model(.accounts).rows.map(\.id).contains("x1"))
        #expect(
            state.model(.accounts).rows.allSatisfy {
                Dashboard.fold(state.portfolio.accounts[$0.id]!.name + (state.dashboard.searchText[$0.id] ?? ""))
                    .contains("mobler")
            })
        press(&state, .ctrl("u"))
        type(&state, "有限")
        let rows = state.model(.accounts).rows
        #expect(rows.contains { $0.id == "x2" })
        #expect(rows.allSatisfy { state.dashboard.searchText[$0.id]!.contains("有限") })
        press(&state, .enter)
        #expect(state.prompt == nil)
        #expect(state[.accounts].filter == "有限")
        press(&state, .char("n"))
        #expect(state[.accounts].selected == 1)
        press(&state, .char("N"), .char("N"))
        #expect(state[.accounts].selected == rows.count - 1)
        press(&state, .escape)
        #expect(state[.accounts].filter.isEmpty)
    }

    @Test func filterSearchesContactsIndustryRegionAndTags() throws {
        let state = make()
        let contact = try #require(state.portfolio.contacts.values.sorted { $0.id < $1.id }.first)
        #expect(state.dashboard.matches(contact.accountId, Dashboard.fold(contact.name)))
        let account = try #require(state.portfolio.accounts.values.first { !$0.tags.isEmpty })
        #expect(state.dashboard.matches(account.id, Dashboard.fold(account.tags[0])))
        #expect(state.dashboard.matches(account.id, Dashboard.fold(account.region.uppercased())))
    }

    @Test func filterPromptEditing() {
        var state = make()
        press(&state, .char("/"))
        type(&state, "pt sinar")
        press(&state, .ctrl("w"))
        #expect(state.prompt == .filter("pt "))
        press(&state, .backspace, .backspace, .backspace)
        #expect(state.prompt == .filter(""))
        press(&state, .backspace)
        #expect(state.prompt == nil)
        press(&state, .char("/"))
        type(&state, "zzzz-nothing")
        #expect(state.model(.tiers).rows.isEmpty)
        #expect(state.render().text().contains("(nothing to show)"))
        press(&state, .escape)
        #expect(state.prompt == nil && state[.tiers].filter.isEmpty)
    }

    @Test func sortCyclesAndReverses() {
        var state = make()
        press(&state, .char("4"))
        let byName = state.model(.accounts).rows.map(\.id)
        press(&state, .char("S"))
        #expect(state.model(.accounts).rows.map(\.id) == byName.reversed())
        press(&state, .char("S"), .char("s"))
        #expect(state[.accounts].sortColumn == 1)
        #expect(state.message?.text.contains("owner") == true)
        let owners = state.model(.accounts).rows.compactMap {
            state.portfolio.accounts[$0.id]?.ownerId.flatMap { state.portfolio.owners[$0]?.name }
        }
        #expect(owners.map(Dashboard.fold) == owners.map(Dashboard.fold).sorted())
        // Accounts without an owner come after every owned one.
        let owned = state.model(.accounts).rows.map { row in
            state.portfolio.accounts[row.id]?.ownerId.flatMap { state.portfolio.owners[$0] } != nil
        }
        #expect(owned.contains(false) && owned == owned.sorted { $0 && !$1 })
        for _ in 0..<10 { press(&state, .char("s")) }
        #expect(state[.accounts].sortColumn < state.model(.accounts).sorts.count)
    }

    /// A typed filter under a sort shows the rows the filter keeps, in the sort's order (the
    /// rows are positions into the list built once, ranked by the column).
    @Test func filterUnderASortKeepsTheSortOrder() {
        var state = make()
        press(&state, .char("4"), .char("s"), .char("s"))
        #expect(state[.accounts].sortColumn == 2)
        let sorted = state.model(.accounts).rows.map(\.id)
        press(&state, .char("/"))
        type(&state, "ab")
        let filtered = state.model(.accounts).rows.map(\.id)
        #expect(!filtered.isEmpty && filtered.count < sorted.count)
        #expect(filtered == sorted.filter { state.dashboard.searchText[$0]?.contains("ab") == true })
        press(&state, .escape, .char("S"), .char("/"))
        type(&state, "ab")
        let reversed = state.model(.accounts).rows.map(\.id)
        let industries = reversed.compactMap { state.portfolio.accounts[$0]?.industry }
        #expect(industries == industries.sorted(by: >))
        #expect(Set(reversed) == Set(filtered))
    }

    /// Cycling through every sort twice, and again after an edit, shows what a state opened
    /// with that sort shows (ranks are kept per column while the rows stay the same).
    @Test func cyclingSortsMatchesFreshStates() throws {
        // Wide enough for every column: s cycles through the sorts of the columns on screen.
        var state = make(200, 40)
        press(&state, .char("4"))
        let columns = state.model(.accounts).sorts.count
        func expectFresh(_ column: Int, _ portfolio: Portfolio, _ note: String) {
            var fresh = Fixture.state(width: 200, height: 40, portfolio: portfolio)
            fresh[.accounts].sortColumn = column
            #expect(state.model(.accounts).rows == fresh.model(.accounts).rows, "column \(column), \(note)")
        }
        for round in ["first round", "second round"] {
            for column in 1...columns {
                press(&state, .char("s"))
                expectFresh(column % columns, Fixture.portfolio, round)
            }
        }
        var edited = Fixture.portfolio
        var account = try #require(edited.accounts.values.sorted { $0.id < $1.id }.first)
        account.industry = "Aaa First Industry"
        try edited.apply(.put(.account(account), base: account.version))
        _ = state.update(.dataChanged(edited))
        for column in 1...columns {
            press(&state, .char("s"))
            expectFresh(column % columns, edited, "after an edit")
        }
    }

    /// At 80 columns s skips the sorts of columns the window has no room for.
    @Test func sortCyclesOnlyThroughColumnsOnScreen() {
        var state = make(80, 24)
        press(&state, .char("4"))
        let model = state.model(.accounts)
        let shown = Set(state.render().text().split(separator: "\n")[1].split(separator: " ").map(String.init))
        var visited: [String] = []
        for _ in model.sorts {
            press(&state, .char("s"))
            visited.append(model.sorts[state[.accounts].sortColumn])
        }
        #expect(visited.contains("owner") && !visited.contains("industry") && !visited.contains("tier"))
        #expect(!shown.contains("Industry") && shown.contains("Owner"))
        var wide = make(200, 40)
        press(&wide, .char("4"))
        var all: Set<String> = []
        for _ in model.sorts {
            press(&wide, .char("s"))
            all.insert(model.sorts[wide[.accounts].sortColumn])
        }
        #expect(all == Set(model.sorts))
    }

    /// Pasted text goes into the field being typed, line breaks as spaces and control
    /// characters dropped; pasted into the dashboard it does nothing but say where to paste.
    @Test func pasteTypesIntoAFieldAndIsNeverKeys() {
        var state = make()
        let pane = state.pane
        #expect(state.update(.paste("q4\nd")).isEmpty)
        #expect(state.pane == pane && state.prompt == nil && state.message?.isError == true)
        press(&state, .char("/"))
        _ = state.update(.paste("ab\r\ncd\tef\u{1b}[2J\u{7}"))
        #expect(state.prompt == .filter("ab cd ef[2J"))
        #expect(state.update(.paste(String(repeating: "x", count: 50_000))).isEmpty)
        if case .filter(let text) = state.prompt { #expect(text.count <= AppState.pasteLimit + 12) }
    }

    /// The partnership scatter plots the scores the list shows: narrowed to one customer, only
    /// the axes and that customer's marker remain.
    @Test func scatterPlotsOnlyTheListedScores() throws {
        func dots(_ filter: String) -> (Int, Bool, Int) {
            var state = make(120, 40)
            press(&state, .char("2"))
            state[.partners].filter = filter
            let text = state.render().text()
            let braille = text.unicodeScalars.count { (0x2801...0x28FF).contains($0.value) }
            return (braille, text.contains("◆"), state.model(.partners).rows.count)
        }
        let (axes, _, none) = dots("zzzz no such customer")
        #expect(none == 0)
        let all = dots("").0
        #expect(all > axes)
        let state = make()
        // A customer ranked below the first few, so that marking a neighbour instead shows.
        let name = try #require(
            state.dashboard.partners.dropFirst(5).map { Dashboard.fold($0.name) }.first { name in
                state.dashboard.partners.count { Dashboard.fold($0.name).contains(name) } == 1
            })
        let (one, marked, rows) = dots(name)
        #expect(rows == 1 && marked)
        // The marker may cover an axis dot.
        #expect(one <= axes && one >= axes - 1, "\(one) against \(axes)")
    }

    @Test func commandLineWithCompletion() {
        var state = make()
        press(&state, .char(":"))
        type(&state, "as")
        press(&state, .tab)
        #expect(state.prompt == .command("as-of "))
        type(&state, "2026-03-31")
        press(&state, .enter)
        #expect(state.asOf == Day("2026-03-31"))
        press(&state, .char(":"))
        type(&state, "ti")
        press(&state, .tab)
        type(&state, "a")
        press(&state, .tab)
        #expect(state.prompt == .command("tier a"))  // A and all: ambiguous, kept as typed
        press(&state, .backspace)
        type(&state, "b")
        press(&state, .tab)
        #expect(state.prompt == .command("tier B"))
        press(&state, .enter)
        #expect(state.tierFilter == .B)
        #expect(state.model(.tiers).rows.allSatisfy { state.dashboard.tierRows[$0.id]?.tier == .B })
        press(&state, .char(":"))
        type(&state, "tier all")
        press(&state, .enter)
        #expect(state.tierFilter == nil)
    }

    @Test func ownerCommandSelectsTheOwner() throws {
        var state = make()
        let owner = try #require(state.portfolio.owners.values.sorted { $0.name < $1.name }.last)
        press(&state, .char(":"))
        type(&state, "owner " + String(owner.name.prefix(3)))
        press(&state, .tab)
        press(&state, .enter)
        #expect(state.pane == .suppliers)
        #expect(state.selectedOwnerId == owner.id)
    }

    @Test func unknownCommandAndBadDateSayWhatToDo() {
        var state = make()
        press(&state, .char(":"))
        type(&state, "frobnicate")
        press(&state, .enter)
        #expect(state.message?.isError == true)
        #expect(state.message?.text.contains("unknown command ':frobnicate'") == true)
        #expect(state.message?.text.contains(":as-of") == true)
        press(&state, .char(":"))
        type(&state, "as-of 2026-02-30")
        press(&state, .enter)
        #expect(state.message?.text.contains("YYYY-MM-DD") == true)
        #expect(state.asOf == Fixture.asOf)
        press(&state, .char(":"))
        type(&state, "quit")
        #expect(press(&state, .enter) == [.quit])
    }

    @Test func myPortfolioNarrowsEveryPane() throws {
        var state = make()
        let me = try #require(state.me)
        press(&state, .char("m"))
        #expect(state.mine)
        #expect(state.render().text().contains("MINE:"))
        for list in [ListID.tiers, .partners, .accounts] {
            #expect(state.model(list).rows.allSatisfy { state.portfolio.accounts[$0.id]?.ownerId == me }, "\(list)")
            #expect(!state.model(list).rows.isEmpty, "\(list)")
        }
        #expect(state.model(.owners).rows.map(\.id) == [me])
        press(&state, .char("m"))
        #expect(!state.mine)
    }

    @Test func myPortfolioWithoutAMatchingOwnerExplainsTheSetting() {
        var state = AppState(
            portfolio: Fixture.portfolio, asOf: Fixture.asOf, width: 100, height: 30, storeLabel: "s",
            me: "nobody-here",
            meHint: "nobody-here")
        press(&state, .char("m"))
        #expect(!state.mine)
        #expect(state.message?.text.contains("config.toml") == true)
    }

    @Test func paretoToggleAndHelpOverlay() {
        var state = make()
        press(&state, .char("p"))
        #expect(state.paretoView)
        #expect(state.render().text().contains("Pareto curve"))
        press(&state, .escape)
        #expect(!state.paretoView)
        press(&state, .char("?"))
        #expect(state.showHelp)
        #expect(state.render().text().contains("Keys: Tiers"))
        press(&state, .escape)
        #expect(!state.showHelp)
    }

    @Test func emptyStoreLoadsTheDemoOnD() {
        var state = Fixture.state(width: 100, height: 30, portfolio: Portfolio())
        #expect(press(&state, .char("d")) == [.loadDemo])
        _ = state.update(.dataChanged(Fixture.portfolio))
        #expect(state.model(.tiers).rows.count > 0)
        #expect(press(&state, .char("d")).isEmpty)
    }

    @Test func dataChangesKeepTheSelection() throws {
        var state = make()
        press(&state, .char("4"), .down, .down, .down, .down)
        let selected = try #require(state.selectedAccountId)
        var changed = state.portfolio
        try changed.apply(.put(.account(Account(id: "new-1", name: "AAA First AB", roles: [.customer])), base: nil))
        _ = state.update(.dataChanged(changed))
        #expect(state.selectedAccountId == selected)
        #expect(state.model(.accounts).rows.count == Fixture.portfolio.accounts.count + 1)
    }

    @Test func mouseClicksTabsRowsAndWheel() {
        var state = make()
        let tabs = Layout.tabs(width: state.width)
        _ = state.update(.click(x: tabs[3].lowerBound + 1, y: 0, double: false))
        #expect(state.pane == .accounts)
        let area = Layout.listArea(state, .accounts)
        _ = state.update(.click(x: 2, y: area.y + 3, double: false))
        #expect(state[.accounts].selected == 2)
        _ = state.update(.wheel(up: false))
        #expect(state[.accounts].selected == 5)
        _ = state.update(.click(x: 2, y: area.y + 1, double: true))
        #expect(state.detail != nil)
        var off = AppState(
            portfolio: Fixture.portfolio, asOf: Fixture.asOf, width: 100, height: 30, storeLabel: "s", mouse: false)
        _ = off.update(.click(x: tabs[3].lowerBound + 1, y: 0, double: false))
        #expect(off.pane == .tiers)
    }

    @Test func resizeKeepsSelectionVisible() {
        var state = make(120, 40)
        for _ in 0..<30 { press(&state, .down) }
        _ = state.update(.resize(width: 80, height: 20))
        let list = state[.tiers]
        #expect(list.selected == 30)
        #expect(list.selected < list.top + state.visibleRows(.tiers))
        _ = state.update(.resize(width: 40, height: 10))
        #expect(state.render().text().contains("too small"))
        _ = state.update(.resize(width: 120, height: 40))
        #expect(state.render().text().contains("Tiers"))
    }

    @Test func hostileNamesAreInertOnScreen() throws {
        var portfolio = Portfolio()
        // Stored by hand (validation would refuse it): ESC, OSC, C1 CSI and a bidi override.
        portfolio.replay(
            .put(
                .account(Account(id: "e", name: "Evil\u{1B}]0;x\u{7}\u{9B}2J\u{202E}AB", roles: [.customer])), base: nil
            ))
        let state = Fixture.state(width: 100, height: 30, portfolio: portfolio)
        for frame in [state.render()] {
            let text = frame.text()
            #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
            #expect(!text.unicodeScalars.contains { (0x80...0x9F).contains($0.value) || $0.value == 0x202E })
            #expect(text.contains("Evil^[]0;x^G"))
        }
    }
}

@Suite struct SegmentTests {
    @Test func industryRegionAndFrequencyNarrowTheTiers() throws {
        var state = Fixture.state(width: 100, height: 30)
        let row = try #require(state.dashboard.tiers.rows.first)
        for (command, check) in [
            ("industry \(row.industry.lowercased())", { (r: TierRow) in r.industry == row.industry }),
            ("region \(row.region)", { (r: TierRow) in r.region == row.region && r.industry == row.industry }),
            (
                "freq \(row.frequency.rawValue)",
                { (r: TierRow) in r.frequency == row.frequency && r.region == row.region }
            ),
        ] {
            _ = state.update(.key(.char(":")))
            for character in command { _ = state.update(.key(.char(character))) }
            _ = state.update(.key(.enter))
            let ids = state.model(.tiers).rows.map(\.id)
            #expect(ids.contains(row.accountId), "\(command)")
            #expect(ids.allSatisfy { check(state.dashboard.tierRows[$0]!) }, "\(command)")
        }
        #expect(state.render().text().contains("industry \(row.industry)"))
        _ = state.update(.key(.char(":")))
        for character in "freq 7" { _ = state.update(.key(.char(character))) }
        _ = state.update(.key(.enter))
        #expect(state.message?.isError == true)
        _ = state.update(.key(.char(":")))
        for character in "clear" { _ = state.update(.key(.char(character))) }
        _ = state.update(.key(.enter))
        #expect(state.segment.isEmpty)
        #expect(state.model(.tiers).rows.count == state.dashboard.tiers.rows.count)
    }

    @Test func industryAndRegionMatchAPrefixIgnoringCaseAndDiacritics() throws {
        var state = Fixture.state(width: 100, height: 30)
        func command(_ text: String) {
            _ = state.update(.key(.char(":")))
            for character in text { _ = state.update(.key(.char(character))) }
            _ = state.update(.key(.enter))
        }
        let regions = Set(state.portfolio.accounts.values.map(\.region)).filter { !$0.isEmpty }
        // A prefix that begins exactly one region, typed in upper case.
        let region = try #require(
            regions.sorted().first { candidate in
                regions.filter { Dashboard.fold($0).hasPrefix(Dashboard.fold(String(candidate.prefix(4)))) }.count == 1
            })
        command("region " + region.prefix(4).uppercased())
        #expect(state.segment.region == region && state.message?.isError == false)
        // A prefix that begins several says which, and changes nothing.
        let industries = Set(state.portfolio.accounts.values.map(\.industry)).filter { !$0.isEmpty }
        let shared = try #require(
            industries.map { String($0.prefix(1)) }.first { letter in industries.count { $0.hasPrefix(letter) } > 1 })
        command("industry " + shared.lowercased())
        #expect(state.segment.industry == nil && state.message?.isError == true)
        #expect(state.message?.text.contains("type more") == true)
    }

    @Test func previousTierIsShownSoDropsFromAAreVisible() {
        var state = Fixture.state(width: 120, height: 40)
        _ = state.update(.key(.char("s")))
        _ = state.update(.key(.char("s")))  // sort by movement: drops first
        let rows = state.model(.tiers).rows
        let first = state.dashboard.tierRows[rows[0].id]!
        #expect(first.movement == .down)
        #expect(rows[0].cells[6] == first.previousTier?.rawValue)
        #expect(state.render().text().contains("Was"))
    }
}

@Suite struct PartnersFilterTests {
    @Test func filterMatchesQuadrantAndRelationship() {
        var state = Fixture.state(width: 120, height: 40)
        _ = state.update(.key(.char("2")))
        _ = state.update(.key(.char("/")))
        for character in "strong but" { _ = state.update(.key(.char(character))) }
        let rows = state.model(.partners).rows
        let expected = state.dashboard.partners.filter { $0.quadrant == .strongButTransactional }.map(\.accountId)
        #expect(!expected.isEmpty)
        #expect(Set(rows.map(\.id)).isSuperset(of: expected))
        #expect(
            rows.allSatisfy { row in
                state.dashboard.partners.first { $0.accountId == row.id }?.quadrant == .strongButTransactional
                    || state.dashboard.searchText[row.id]!.contains("strong but")
            })
    }
}

@Suite struct QuickActionTests {
    let today = Day("2026-06-30")!

    @Test(
        arguments: [
            ("visit Reviewed volumes +7d", Channel.visit, InteractionKind.note, "Reviewed volumes", "2026-07-07"),
            ("call commitment Send the quote 2026-07-10", .call, .commitment, "Send the quote", "2026-07-10"),
            ("EMAIL complaint Late delivery", .email, .complaint, "Late delivery", nil),
            ("chat today", .chat, .note, "today", nil),
            ("meeting 上海 拜访 +1w", .meeting, .note, "上海 拜访", "2026-07-07"),
        ] as [(String, Channel, InteractionKind, String, String?)])
    func logLines(text: String, channel: Channel, kind: InteractionKind, summary: String, due: String?) throws {
        let parsed = try AppState.parseLog(text, today: today).get()
        #expect(parsed.0 == channel && parsed.1 == kind && parsed.2 == summary)
        #expect(parsed.3 == due.flatMap { Day($0) })
    }

    @Test(arguments: ["", "pigeon hello", "visit", "call commitment", "visit +7d"])
    func badLogLinesSayWhatToType(text: String) {
        guard case .failure(let error) = AppState.parseLog(text, today: today) else {
            Issue.record("'\(text)' should fail")
            return
        }
        #expect(error.message.contains("e.g."))
    }

    func type(_ state: inout AppState, _ text: String) {
        for character in text { _ = state.update(.key(.char(character))) }
    }

    @Test func iLogsAnInteractionWithTheSelectedAccount() throws {
        var state = Fixture.state(width: 100, height: 30)
        _ = state.update(.key(.char("4")))
        let account = try #require(state.selectedAccountId)
        _ = state.update(.key(.char("i")))
        #expect(state.prompt == .log(account: account, text: ""))
        #expect(state.render().text().contains("log with"))
        type(&state, "visit commitment Promised a quote +7d")
        let effects = state.update(.key(.enter))
        guard case .commit(let changes) = try #require(effects.first), let done = state.pending?.done,
            case .put(.interaction(let interaction), nil) = try #require(changes.first)
        else {
            Issue.record("expected a commit of a new interaction, got \(effects)")
            return
        }
        #expect(interaction.id.isEmpty && interaction.accountId == account)
        #expect(
            interaction.channel == .visit && interaction.kind == .commitment
                && interaction.summary == "Promised a quote")
        #expect(interaction.followUp == Day("2026-07-07") && interaction.date == Fixture.asOf)
        #expect(interaction.ownerId == state.portfolio.accounts[account]?.ownerId)
        #expect(done.contains("follow-up 2026-07-07"))
        // A bad line is refused with what to type, and nothing is committed.
        _ = state.update(.key(.char("i")))
        type(&state, "pigeon hi")
        #expect(state.update(.key(.enter)).isEmpty)
        #expect(state.message?.isError == true)
    }

    @Test func oAssignsOrClearsTheOwner() throws {
        var state = Fixture.state(width: 100, height: 30)
        _ = state.update(.key(.char("4")))
        let selected = try #require(state.selectedAccountId)
        let account = try #require(state.portfolio.accounts[selected])
        _ = state.update(.key(.char("o")))
        let current = account.ownerId.flatMap { state.portfolio.owners[$0]?.name } ?? ""
        #expect(state.prompt == .owner(account: account.id, text: current))
        _ = state.update(.key(.ctrl("u")))
        let other = try #require(
            state.portfolio.owners.values.filter { $0.id != account.ownerId }.sorted { $0.name < $1.name }.first)
        type(&state, String(other.name.prefix(3)))
        _ = state.update(.key(.tab))
        guard case .owner(_, let completed) = state.prompt else { return }
        #expect(other.name.hasPrefix(completed))
        _ = state.update(.key(.ctrl("u")))
        type(&state, other.name)
        let effects = state.update(.key(.enter))
        guard case .commit(let changes) = try #require(effects.first),
            case .put(.account(let changed), let base) = changes[0]
        else {
            Issue.record("expected a commit, got \(effects)")
            return
        }
        #expect(changed.ownerId == other.id && base == account.version)
        _ = state.update(.key(.char("o")))
        _ = state.update(.key(.ctrl("u")))
        type(&state, "none")
        let cleared = state.update(.key(.enter))
        if account.ownerId != nil {
            guard case .commit(let changes) = try #require(cleared.first),
                case .put(.account(let none), _) = changes[0]
            else { return }
            #expect(none.ownerId == nil)
        }
        _ = state.update(.key(.char("o")))
        _ = state.update(.key(.ctrl("u")))
        type(&state, "Nobody At All")
        #expect(state.update(.key(.enter)).isEmpty)
        #expect(state.message?.text.contains("no owner matches") == true)
    }

    @Test func xMarksTheSelectedFollowUpDone() throws {
        var state = Fixture.state(width: 100, height: 30)
        let open = try #require(
            state.portfolio.interactions.values.sorted { $0.id < $1.id }.first { $0.isOpenFollowUp })
        state.detail = open.accountId
        let index = try #require(state.model(.detail).rows.firstIndex { $0.id == open.id })
        state[.detail].selected = index
        let effects = state.update(.key(.char("x")))
        guard case .commit(let changes) = try #require(effects.first),
            case .put(.interaction(let done), let base) = changes[0]
        else {
            Issue.record("expected a commit, got \(effects)")
            return
        }
        #expect(done.done && done.id == open.id && base == open.version)
        state.detail = nil
        #expect(state.update(.key(.char("x"))).isEmpty)
        #expect(state.message?.isError == true)
    }
}
