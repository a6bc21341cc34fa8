import Testing

@testable import RapportApp
@testable import RapportDomain

/// The Agenda pane's keys, each as one durable edit with undo.
@Suite struct AgendaPaneTests {
    /// The shell on the Agenda pane, with the first item of `kind` selected.
    func onAgenda(_ kind: AgendaKind) throws -> (Shell, AgendaItem) {
        var shell = Shell(Fixture.state(width: 120, height: 40))
        shell.keys(.char("5"))
        #expect(shell.state.pane == .agenda)
        let items = shell.state.agendaItems()
        let index = try #require(items.firstIndex { $0.kind == kind && $0.ownerId != nil })
        shell.state[.agenda].selected = index
        return (shell, items[index])
    }

    @Test func theAgendaListsTheDomainsItems() {
        var state = Fixture.state(width: 120, height: 40)
        _ = state.update(.key(.char("5")))
        let expected = Fixture.portfolio.agenda(asOf: Fixture.asOf)
        let rows = state.model(.agenda).rows
        #expect(rows.count == expected.count)
        #expect(rows.map { AgendaLine.parse($0.id)?.account } == expected.map(\.accountId))
        #expect(state.render().text().contains("Agenda for everyone as of 2026-06-30: "))
    }

    @Test func enterOpensTheAccountAndIlogsWithIt() throws {
        var (shell, item) = try onAgenda(.visitDue)
        shell.keys(.enter)
        #expect(shell.state.detail == item.accountId)
        shell.keys(.escape, .char("i"))
        #expect(shell.state.prompt == .log(account: item.accountId, text: ""))
        shell.type("visit Reviewed the plan")
        shell.keys(.enter)
        #expect(shell.commits == 1)
        // The visit is logged today (the as-of day): the key account is no longer due.
        #expect(!shell.state.agendaItems().contains { $0.id == item.id })
    }

    @Test func xMarksTheFollowUpDoneAndUUndoesIt() throws {
        var (shell, item) = try onAgenda(.overdue)
        let id = try #require(item.interactionId)
        shell.keys(.char("x"))
        #expect(shell.commits == 1 && shell.stored.interactions[id]?.done == true)
        #expect(!shell.state.agendaItems().contains { $0.id == item.id })
        shell.keys(.char("u"))
        #expect(shell.stored.interactions[id]?.done == false)
        #expect(shell.state.agendaItems().contains { $0.id == item.id })
    }

    @Test func xOnAReorderSaysWhatWouldClearIt() throws {
        var (shell, _) = try onAgenda(.lateReorder)
        shell.keys(.char("x"))
        #expect(shell.commits == 0 && shell.state.message?.isError == true)
        #expect(shell.state.message?.text.contains("leaves the agenda when an order or a visit is logged") == true)
    }

    @Test func zSnoozesAFollowUpToTheDayTyped() throws {
        var (shell, item) = try onAgenda(.overdue)
        let id = try #require(item.interactionId)
        shell.keys(.char("z"))
        #expect(shell.state.prompt == .snooze(interaction: id, text: "+7d"))
        shell.keys(.enter)
        #expect(shell.stored.interactions[id]?.followUp == shell.state.today.adding(days: 7))
        #expect(shell.state.agendaItems().first { $0.id == item.id }?.kind == .dueSoon)
        // A day that has passed, or no day at all, changes nothing and says what to type.
        shell.keys(.char("z"), .ctrl("u"))
        shell.type("2020-01-01")
        shell.keys(.enter)
        #expect(shell.commits == 1 && shell.state.message?.text.contains("has passed") == true)
        shell.keys(.char("z"), .ctrl("u"))
        shell.type("soon")
        shell.keys(.enter)
        #expect(shell.commits == 1 && shell.state.message?.text.contains("is not a day") == true)
        shell.keys(.char("u"))
        #expect(shell.stored.interactions[id]?.followUp == item.due)
    }

    @Test func zOnAVisitIsRefused() throws {
        var (shell, _) = try onAgenda(.visitDue)
        shell.keys(.char("z"))
        #expect(shell.state.prompt == nil && shell.state.message?.isError == true)
    }

    @Test func oGivesAFollowUpItsOwnOwnerAndAVisitItsAccountsOwner() throws {
        var (shell, item) = try onAgenda(.overdue)
        let id = try #require(item.interactionId)
        let other = try #require(
            Fixture.portfolio.owners.values.filter { $0.active && $0.id != item.ownerId }.min {
                $0.id < $1.id
            })
        shell.keys(.char("o"))
        guard case .followUpOwner(id, _)? = shell.state.prompt else {
            Issue.record("expected the follow-up's owner prompt, got \(String(describing: shell.state.prompt))")
            return
        }
        shell.keys(.ctrl("u"))
        shell.type(other.name)
        shell.keys(.enter)
        #expect(shell.stored.interactions[id]?.ownerId == other.id)
        #expect(shell.state.agendaItems().first { $0.id == item.id }?.ownerName == other.name)
        var (visits, visit) = try onAgenda(.visitDue)
        visits.keys(.char("o"))
        #expect(visits.state.prompt?.text == visit.ownerName)
        guard case .owner(visit.accountId, _)? = visits.state.prompt else {
            Issue.record("expected the account's owner prompt")
            return
        }
    }

    @Test func enterOnAnOwnersOverdueOrStaleCountOpensThoseItems() throws {
        var state = Fixture.state(width: 120, height: 40)
        _ = state.update(.key(.char("3")))
        // s cycles the owner list's sorts: name, key accounts, load, overdue, stale.
        for _ in 0..<3 { _ = state.update(.key(.char("s"))) }
        #expect(state.model(.owners).sorts[state[.owners].sortColumn] == "overdue")
        let owner = try #require(state.selectedOwnerId)
        _ = state.update(.key(.enter))
        #expect(state.pane == .agenda && state.agendaNarrowing == AgendaNarrowing(owner: owner, kinds: [.overdue]))
        let rows = state.model(.agenda).rows
        let expected = Fixture.portfolio.agenda(asOf: Fixture.asOf, scope: .owner(owner)).filter { $0.kind == .overdue }
        #expect(!expected.isEmpty && rows.count == expected.count)
        let overdue = try #require(Fixture.portfolio.workload(asOf: Fixture.asOf).owners.first { $0.ownerId == owner })
        #expect(rows.count == overdue.overdueFollowUps, "the agenda lists the count Enter was pressed on")
        // Esc shows the whole agenda again.
        _ = state.update(.key(.escape))
        #expect(state.agendaNarrowing == nil && state.model(.agenda).rows.count > rows.count)
        // Sorted by stale, Enter lists the visits due.
        _ = state.update(.key(.char("3")))
        _ = state.update(.key(.char("s")))
        _ = state.update(.key(.enter))
        #expect(state.agendaNarrowing?.kinds == [.visitDue])
        #expect(state.model(.agenda).rows.allSatisfy { AgendaLine.parse($0.id)?.kind == .visitDue })
        // Sorted by name, Enter still opens the key accounts.
        _ = state.update(.key(.char("3")))
        _ = state.update(.key(.char("s")))
        _ = state.update(.key(.enter))
        #expect(state.pane == .suppliers && state.ownerAccountsFocused)
    }

    @Test func aDoubleClickOnAnOwnersCountOpensThoseItems() throws {
        var state = Fixture.state(width: 120, height: 40)
        _ = state.update(.key(.char("3")))
        let lines = state.render().text().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = try #require(lines.firstIndex { $0.hasPrefix("Owner") })
        let column = try #require(lines[header].range(of: "Stale")).lowerBound
        let x = lines[header].distance(from: lines[header].startIndex, to: column) + 2
        _ = state.update(.click(x: x, y: header + 1, double: true))
        let owner = try #require(state.agendaNarrowing?.owner)
        #expect(state.pane == .agenda && state.agendaNarrowing?.kinds == [.visitDue])
        #expect(owner == state.model(.owners).rows[0].id)
        // Elsewhere on the row, a double click opens the key accounts as before.
        _ = state.update(.key(.char("3")))
        _ = state.update(.click(x: 2, y: header + 1, double: true))
        #expect(state.pane == .suppliers && state.ownerAccountsFocused)
    }

    @Test(arguments: [(60, 15), (61, 16), (80, 24), (200, 60)])
    func theAgendaDrawsAtEverySize(width: Int, height: Int) {
        var state = Fixture.state(width: width, height: height)
        _ = state.update(.key(.char("5")))
        let text = state.render().text()
        let lines = text.split(separator: "\n")
        #expect(lines.count == height && lines.allSatisfy { TerminalText.width(String($0)) == width })
        #expect(text.contains("Agenda for everyone") && text.contains("overdue") && text.contains("? help"))
        // The follow-up's summary shows from 80 columns on.
        if width >= 80 { #expect(text.contains("Details")) }
    }

    @Test func mineNarrowsTheAgendaToMyItems() throws {
        let owner = try #require(Fixture.portfolio.owners.values.filter(\.active).min { $0.id < $1.id })
        var state = AppState(
            portfolio: Fixture.portfolio, asOf: Fixture.asOf, width: 120, height: 40, storeLabel: "test",
            me: owner.email)
        _ = state.update(.key(.char("5")))
        _ = state.update(.key(.char("m")))
        #expect(state.agendaScope == .owner(owner.id))
        let expected = Fixture.portfolio.agenda(asOf: Fixture.asOf, scope: .owner(owner.id))
        #expect(state.model(.agenda).rows.count == expected.count)
        #expect(state.render().text().contains("Agenda for \(owner.name)"))
    }
}

/// Enter on the timeline: an interaction whole, and who logged it once the history is read.
@Suite struct InteractionShownWholeTests {
    @Test func enterShowsItWholeAndTheHistoryAddsWhoLoggedIt() throws {
        let interaction = try #require(
            Fixture.portfolio.interactions.values.filter { $0.followUp != nil && !$0.done }.min { $0.id < $1.id })
        var state = Fixture.state(width: 120, height: 40)
        state.detail = interaction.accountId
        state.select(interaction.id, in: .detail)
        let effects = state.update(.key(.enter))
        #expect(effects.contains { if case .loadHistory = $0 { true } else { false } }, "the history is asked for")
        let box = try #require(state.confirm)
        #expect(box.lines[0].hasPrefix("\(interaction.date) ("))
        #expect(box.lines.contains { $0.hasPrefix("follow-up: \(interaction.followUp!) (") })
        #expect(!box.lines.contains { $0.hasPrefix("logged by") })
        let created = HistoryItem(
            at: Timestamp("2026-06-01T09:30:00Z")!, by: "asa", kind: .interaction, id: interaction.id, action: .created,
            changes: [])
        _ = state.update(.history(account: interaction.accountId, [created]))
        #expect(state.confirm?.lines.last == "logged by asa at 2026-06-01T09:30:00Z")
        // Any key closes it, and changes nothing.
        #expect(state.update(.key(.char("x"))).isEmpty && state.confirm == nil)
    }
}

/// Reorder rhythms in the Tiers list and on the account page.
@Suite struct RhythmOnScreenTests {
    @Test func theTiersListShowsEachCustomersNextOrderAndSortsByIt() throws {
        var state = Fixture.state(width: 160, height: 40)
        let rhythms = Dictionary(
            uniqueKeysWithValues: Fixture.portfolio.reorderRhythms(asOf: Fixture.asOf).map { ($0.accountId, $0) })
        let model = state.model(.tiers)
        let column = try #require(model.columns.firstIndex { $0.title == "Next order" })
        for row in model.rows {
            #expect(row.cells[column] == rhythms[row.id]?.nextOrderCell)
        }
        #expect(model.rows.contains { $0.cells[column].hasSuffix("d late") || $0.cells[column] == "lapsed" })
        #expect(state.render().text().contains("Next order"))
        while state.model(.tiers).sorts[state[.tiers].sortColumn] != "next order" {
            _ = state.update(.key(.char("s")))
        }
        // The latest first.
        let late = state.model(.tiers).rows.map { rhythms[$0.id]?.daysLate ?? Int.min }
        #expect(late == late.sorted(by: >))
        // Where the window is narrow, the column gives way.
        #expect(!Fixture.state(width: 80, height: 24).render().text().contains("Next order"))
    }

    /// After a sale (only its customer's rhythm is redone) and after an owner change (every
    /// rhythm kept), the rhythms are those of a dashboard computed afresh.
    @Test func rhythmsKeptAcrossEditsEqualFreshOnes() throws {
        var shell = Shell(Fixture.state(width: 120, height: 40))
        let customer = try #require(Fixture.portfolio.reorderRhythms(asOf: Fixture.asOf).first { $0.status == .lapsed })
        let sale = Sale(id: "", accountId: customer.accountId, date: Fixture.asOf, amount: Money(cents: 5_000_000))
        shell.state.pending = nil
        _ = shell.state.commit([.put(.sale(sale), base: nil)], done: "sale")
        let applied = try shell.stored.applyAll([.put(.sale(sale), base: nil)]).map(\.change)
        _ = shell.state.update(.committed(.saved(applied, shell.stored)))
        var account = try #require(shell.stored.accounts[customer.accountId])
        account.notes = "called"
        let changed = try shell.stored.applyAll([.put(.account(account), base: account.version)]).map(\.change)
        _ = shell.state.update(.committed(.saved(changed, shell.stored)))
        let fresh = Dashboard(portfolio: shell.stored, asOf: Fixture.asOf)
        #expect(shell.state.dashboard.rhythms == fresh.rhythms)
        #expect(shell.state.dashboard.rhythms[customer.accountId]?.status != .lapsed, "the sale today restarts it")
    }

    @Test func theAccountPageSaysTheRhythmInWords() throws {
        let rhythm = try #require(Fixture.portfolio.reorderRhythms(asOf: Fixture.asOf).first { $0.status == .lapsed })
        var state = Fixture.state(width: 160, height: 40)
        state.detail = rhythm.accountId
        let text = state.render().text()
        #expect(text.contains(AppState.rhythmLine(rhythm)))
        #expect(AppState.rhythmLine(rhythm).hasPrefix("Reorder rhythm: lapsed · orders every "))
        let none = ReorderRhythm.of(accountId: "x", name: "X", sales: [], value: .zero, asOf: Fixture.asOf)
        #expect(AppState.rhythmLine(none) == "Reorder rhythm: none yet (0 order days in 24 months; 4 make one)")
    }
}

/// Questions asked as filters, each narrowing the pane that answers it.
@Suite struct QuestionFilterTests {
    func ask(_ command: String, on state: inout AppState) {
        _ = state.update(.key(.char(":")))
        for character in command { _ = state.update(.key(.char(character))) }
        _ = state.update(.key(.enter))
    }

    @Test func eachQuestionNarrowsItsPane() throws {
        var state = Fixture.state(width: 120, height: 40)
        let tiers = Fixture.portfolio.tiers(asOf: Fixture.asOf).rows
        ask("moved down", on: &state)
        #expect(state.pane == .tiers)
        #expect(Set(state.model(.tiers).rows.map(\.id)) == Set(tiers.filter { $0.movement == .down }.map(\.accountId)))
        #expect(state.render().text().contains("moved down · "))
        ask("was a", on: &state)
        let downFromA = tiers.filter { $0.movement == .down && $0.previousTier == .A }.map(\.accountId)
        #expect(Set(state.model(.tiers).rows.map(\.id)) == Set(downFromA))
        ask("moved all", on: &state)
        ask("was all", on: &state)
        ask("rhythm la", on: &state)
        #expect(state.message?.isError == true && state.message?.text.contains("late, lapsed") == true)
        ask("rhythm lapsed", on: &state)
        let lapsed = Fixture.portfolio.reorderRhythms(asOf: Fixture.asOf).filter { $0.status == .lapsed }
        #expect(Set(state.model(.tiers).rows.map(\.id)) == Set(lapsed.map(\.accountId)))

        ask("quadrant strong", on: &state)
        #expect(state.pane == .partners)
        let strong = Fixture.portfolio.partners(asOf: Fixture.asOf).filter { $0.quadrant == .strongButTransactional }
        #expect(!strong.isEmpty && state.model(.partners).rows.map(\.id) == strong.map(\.accountId))

        let suppliers = Fixture.portfolio.suppliers(asOf: Fixture.asOf)
        ask("standing blocked", on: &state)
        #expect(state.pane == .accounts)
        let blocked = suppliers.filter { $0.standing == .blocked }.map(\.accountId)
        #expect(!blocked.isEmpty && Set(state.model(.accounts).rows.map(\.id)) == Set(blocked))
        ask("standing all", on: &state)
        ask("kraljic strategic", on: &state)
        let strategic = suppliers.filter { $0.kraljic == .strategic }.map(\.accountId)
        #expect(!strategic.isEmpty && Set(state.model(.accounts).rows.map(\.id)) == Set(strategic))
        ask("kraljic all", on: &state)
        ask("unowned", on: &state)
        let unowned = Fixture.portfolio.accounts.values.filter { account in
            account.ownerId.flatMap { Fixture.portfolio.owners[$0] }?.active != true
        }.map(\.id)
        #expect(!unowned.isEmpty && Set(state.model(.accounts).rows.map(\.id)) == Set(unowned))

        ask("overdue", on: &state)
        #expect(state.pane == .agenda && state.agendaNarrowing?.kinds == [.overdue])
        ask("clear", on: &state)
        #expect(state.questions.isEmpty && state.agendaNarrowing == nil)
        #expect(state.model(.accounts).rows.count == Fixture.portfolio.accounts.count)
    }

    @Test func tabCompletesAQuestionsValuesAndListsThemWhenItCannotChoose() {
        var state = Fixture.state(width: 120, height: 40)
        _ = state.update(.key(.char(":")))
        for character in "kraljic s" { _ = state.update(.key(.char(character))) }
        _ = state.update(.key(.tab))
        #expect(state.prompt == .command("kraljic strategic"))
        _ = state.update(.key(.ctrl("u")))
        for character in "standing " { _ = state.update(.key(.char(character))) }
        _ = state.update(.key(.tab))
        #expect(state.prompt == .command("standing "))
        #expect(state.message?.text == "Tab: preferred  approved  probation  blocked  unrated  all")
        _ = state.update(.key(.ctrl("u")))
        for character in "rh" { _ = state.update(.key(.char(character))) }
        _ = state.update(.key(.tab))
        #expect(state.prompt == .command("rhythm "))
    }
}

/// Marks and the bulk actions on them: each one edit, one undo step.
@Suite struct MarkTests {
    /// The Accounts pane with the first `count` rows marked by Space.
    func marked(_ count: Int) -> Shell {
        var shell = Shell(Fixture.state(width: 120, height: 40))
        shell.keys(.char("4"))
        for _ in 0..<count { shell.keys(.char(" ")) }
        return shell
    }

    @Test func spaceMarksAndMovesStarMarksEveryRowShownEscUnmarks() {
        var shell = marked(3)
        let rows = shell.state.model(.accounts).rows
        #expect(shell.state.marks == Set(rows.prefix(3).map(\.id)))
        #expect(shell.state[.accounts].selected == 3)
        let screen = shell.state.render().text()
        #expect(screen.contains("3 marked · ") && screen.contains("● "))
        shell.keys(.up, .char(" "))
        #expect(shell.state.marks.count == 2, "Space again unmarks")
        shell.keys(.char("/"))
        shell.type("ab")
        shell.keys(.enter, .char("*"))
        let shown = Set(shell.state.model(.accounts).rows.map(\.id))
        #expect(shell.state.marks.isSuperset(of: shown))
        shell.keys(.char("*"))
        #expect(shell.state.marks.isDisjoint(with: shown), "* again unmarks them")
        shell.keys(.char("*"), .escape)
        #expect(shell.state.marks.isEmpty && shell.state[.accounts].filter == "ab", "Esc unmarks before the filter")
    }

    @Test func oAssignsOneOwnerToEveryMarkedAccountInOneEditThatUUndoes() throws {
        var shell = marked(5)
        let ids = shell.state.marks
        let before = Dictionary(uniqueKeysWithValues: ids.map { ($0, shell.stored.accounts[$0]?.ownerId) })
        let owner = try #require(Fixture.portfolio.owners.values.filter(\.active).min { $0.id < $1.id })
        shell.keys(.char("o"))
        #expect(shell.state.prompt == .bulkOwner(text: ""))
        shell.type(owner.name)
        let patches = shell.state.cache.patchCount
        shell.keys(.enter)
        #expect(shell.commits == 1 && shell.state.marks.isEmpty)
        // The Accounts list had those rows replaced, not every row built again.
        _ = shell.state.model(.accounts)
        #expect(shell.state.cache.patchCount == patches + 1)
        #expect(
            shell.state.model(.accounts).rows.map(\.id)
                == Fixture.state(width: 120, height: 40, portfolio: shell.stored).model(.accounts).rows.map(\.id))
        #expect(ids.allSatisfy { shell.stored.accounts[$0]?.ownerId == owner.id })
        #expect(shell.state.undoSteps.count == 1)
        shell.keys(.char("u"))
        #expect(shell.commits == 2)
        #expect(ids.allSatisfy { shell.stored.accounts[$0]?.ownerId == before[$0]! })
    }

    /// Forty rows replaced at once are merged into the list in one pass: the same rows, in the
    /// same order, as a list built afresh.
    @Test func aBulkEditPatchesTheListExactlyAsAFreshBuild() throws {
        var shell = marked(40)
        let owner = try #require(Fixture.portfolio.owners.values.filter(\.active).max { $0.id < $1.id })
        shell.keys(.char("o"))
        shell.type(owner.name)
        let patches = shell.state.cache.patchCount
        shell.keys(.enter)
        let patched = shell.state.model(.accounts).rows
        #expect(shell.state.cache.patchCount == patches + 1)
        let fresh = Fixture.state(width: 120, height: 40, portfolio: shell.stored).model(.accounts).rows
        #expect(patched == fresh)
    }

    @Test func iLogsWithEveryMarkedAccountAndDArchivesThem() {
        var shell = marked(4)
        let ids = shell.state.marks
        let count = shell.stored.interactions.count
        shell.keys(.char("i"))
        shell.type("call Price list sent +7d")
        shell.keys(.enter)
        #expect(shell.stored.interactions.count == count + 4)
        let logged = shell.stored.interactions.values.filter { $0.summary == "Price list sent" }
        #expect(
            Set(logged.map(\.accountId)) == ids
                && logged.allSatisfy { $0.followUp == shell.state.today.adding(days: 7) })
        shell.keys(.char("g"))
        for _ in 0..<4 { shell.keys(.char(" ")) }
        shell.keys(.char("d"))
        #expect(shell.state.confirm?.title == "Archive 4 accounts")
        shell.keys(.char("a"))
        #expect(ids.allSatisfy { shell.stored.accounts[$0]?.isArchived == true })
        shell.keys(.char("u"))
        #expect(ids.allSatisfy { shell.stored.accounts[$0]?.isArchived == false })
    }

    @Test func aMarkedAccountSomeoneElseChangedStopsTheWholeEdit() throws {
        var shell = marked(3)
        let ids = shell.state.marks.sorted()
        var theirs = try #require(shell.stored.accounts[ids[1]])
        theirs.notes = "their edit"
        try shell.stored.apply(.put(.account(theirs), base: theirs.version))
        let owner = try #require(Fixture.portfolio.owners.values.filter(\.active).min { $0.id < $1.id })
        shell.keys(.char("o"))
        shell.type(owner.name)
        shell.keys(.enter)
        #expect(shell.state.message?.isError == true)
        // In words: the account by its name, never its id.
        #expect(shell.state.message?.text.contains("someone else changed the account \(theirs.name)") == true)
        #expect(shell.state.message?.text.contains(ids[1]) == false)
        #expect(
            !ids.contains { shell.stored.accounts[$0]?.ownerId == owner.id && shell.stored.accounts[$0]?.version == 2 })
        #expect(shell.stored.accounts[ids[1]]?.notes == "their edit")
    }
}

/// Wide windows show more columns; narrow ones keep the names.
@Suite struct WideLayoutTests {
    @Test func aWideTiersListAddsOwnerLastContactAndOpenFollowUpsAndNamesStayWithin40Cells() throws {
        var shell = Shell(Fixture.state(width: 200, height: 40))
        var lines = shell.state.render().text().split(separator: "\n").map(String.init)
        let header = try #require(lines.first { $0.contains("Customer") })
        for title in ["Owner", "Last contact", "Open", "Next order", "Freq"] {
            #expect(header.contains(title), "\(title)")
        }
        // The name column ends within 40 cells of where it starts.
        let name = try #require(header.range(of: "Customer"))
        let value = try #require(header.range(of: "Value"))
        #expect(header.distance(from: name.lowerBound, to: value.lowerBound) <= 40 + 12)
        // The owner column follows an edit at once, without the Tiers list being built again.
        let row = try #require(shell.state.model(.tiers).rows.first)
        var account = try #require(shell.stored.accounts[row.id])
        let owner = try #require(
            Fixture.portfolio.owners.values.filter { $0.id != account.ownerId }.min { $0.id < $1.id })
        account.ownerId = owner.id
        let applied = try shell.stored.applyAll([.put(.account(account), base: account.version)]).map(\.change)
        _ = shell.state.update(.committed(.saved(applied, shell.stored)))
        lines = shell.state.render().text().split(separator: "\n").map(String.init)
        let first = try #require(lines.first { $0.contains(account.name) })
        #expect(first.contains(owner.name))
    }

    @Test func at80x24NamesKeepTheirRoomWhenATierIsChosen() throws {
        var state = Fixture.state(width: 80, height: 24)
        _ = state.update(.key(.char(":")))
        for character in "tier B" { _ = state.update(.key(.char(character))) }
        _ = state.update(.key(.enter))
        let lines = state.render().text().split(separator: "\n").map(String.init)
        let header = try #require(lines.first { $0.contains("Customer") })
        let name = try #require(header.range(of: "Customer"))
        let value = try #require(header.range(of: "Value"))
        #expect(header.distance(from: name.lowerBound, to: value.lowerBound) >= 28)
        #expect(!header.contains("Industry"))
    }
}
