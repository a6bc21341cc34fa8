import Foundation
import RapportDomain
import RapportStoreKit
import RapportTheme
import Testing

@testable import RapportApp

@Suite struct ProgramTests {
    struct Run {
        let disk: FakeDisk
        let terminal = RecordingTerminal()
        let program: Program
        /// The views the program asked to keep, last first.
        let views = SavedViews()

        final class SavedViews {
            var saved: [[String: [String]]] = []
            var failing = false
            /// The files `:export` wrote: path, header and rows.
            var exports: [(String, [String], [[String]])] = []
        }
        var store: FakeStore

        init(portfolio: Portfolio = Fixture.portfolio, size: Int = 0, unreadable: String? = nil) throws {
            disk = FakeDisk(portfolio)
            disk.size = size
            disk.unreadable = unreadable
            let opened = try Program.open(FakeOpener(disk: disk), asOf: Fixture.asOf, twoStepBytes: 100)
            store = try #require(opened.store as? FakeStore)
            let state = AppState(
                portfolio: opened.store.portfolio, asOf: Fixture.asOf, width: 100, height: 30, storeLabel: "fake",
                me: "owner1@rapport.example", today: Fixture.asOf, loading: opened.loading,
                themeNames: ["default", "light"])
            let services = Program.Services(
                loadTheme: { name in
                    guard name != "broken" else { throw StoreError.notAStore(path: name, reason: "no such theme") }
                    return Theme(name: name, looks: [:])
                },
                editText: { $0 + " (edited)" }, demo: { Fixture.portfolio }, user: "tester", twoStepBytes: 100,
                saveViews: { [views] in
                    if views.failing { throw StoreError.notAStore(path: "config.toml", reason: "read-only") }
                    views.saved.insert($0, at: 0)
                },
                export: { [views] path, header, rows in
                    guard !path.hasSuffix("exists.csv") else {
                        throw StoreError.notAStore(path: path, reason: "it exists")
                    }
                    views.exports.append((path, header, rows))
                    return "/home/tester/" + path
                })
            program = Program(opened: opened, state: state, terminal: terminal, services: services)
        }

        /// Plays `keys` through the loop, one turn each, as the terminal would deliver them.
        func keys(_ keys: Key...) {
            terminal.events += keys.map { .key($0) }
            for _ in keys { #expect(program.step(timeout: 0)) }
        }

        func type(_ text: String) { for character in text { keys(.char(character)) } }
    }

    @Test func anEditGoesThroughTheStoreAndComesBackAsOneEvent() throws {
        let run = try Run()
        run.keys(.char("4"))
        let account = try #require(run.program.state.selectedAccountId)
        run.keys(.char("i"))
        run.type("call Checked the forecast")
        run.keys(.enter)
        let logged = run.disk.portfolio.interactions.values.filter {
            $0.accountId == account && $0.summary == "Checked the forecast"
        }
        #expect(logged.count == 1, "the edit is in the store")
        #expect(run.program.state.portfolio == run.disk.portfolio, "and the app shows the store's data")
        #expect(run.terminal.screen.contains("Logged a call"))
        #expect(run.program.state.undoSteps.count == 1)
        // Undo goes through the store too.
        run.keys(.char("u"))
        #expect(run.disk.portfolio.interactions.values.allSatisfy { $0.summary != "Checked the forecast" })
        #expect(run.terminal.screen.contains("Undone"))
    }

    @Test func aConflictShowsTheirChangeAndWritesNothingOfOurs() throws {
        let run = try Run()
        run.keys(.char("4"))
        let id = try #require(run.program.state.selectedAccountId)
        let account = try #require(run.disk.portfolio.accounts[id])
        // Another user renames the account; we have not refreshed yet.
        var theirs = account
        theirs.name = "Renamed by Ödegård"
        try run.disk.theirEdit(.put(.account(theirs), base: account.version))
        run.keys(.char("o"))
        run.keys(.ctrl("u"))
        run.type("none")
        run.keys(.enter)
        let stored = try #require(run.disk.portfolio.accounts[id])
        #expect(stored.name == "Renamed by Ödegård" && stored.ownerId == account.ownerId, "ours was not written")
        #expect(run.program.state.portfolio.accounts[id]?.name == "Renamed by Ödegård", "theirs is shown")
        #expect(run.program.state.message?.isError == true)
        #expect(run.program.state.undoSteps.isEmpty)
    }

    @Test func aBusyStoreRefusesTheEditWithTheReason() throws {
        let run = try Run()
        run.disk.busy = true
        let before = run.disk.portfolio
        run.keys(.char("4"), .char("i"))
        run.type("call Nobody hears this")
        run.keys(.enter)
        #expect(run.disk.portfolio == before)
        #expect(run.program.state.message?.isError == true)
        #expect(run.terminal.screen.contains("busy"))
        #expect(run.program.state.undoSteps.isEmpty)
    }

    @Test func anIdleTurnPicksUpAnotherUsersEditAndPaintsOnlyThen() throws {
        let run = try Run()
        run.keys(.char("4"))
        let painted = run.terminal.frames.count
        #expect(run.program.step(timeout: 0))
        #expect(run.terminal.frames.count == painted, "nothing changed: nothing painted")
        let id = try #require(run.program.state.selectedAccountId)
        var theirs = try #require(run.disk.portfolio.accounts[id])
        let base = theirs.version
        theirs.name = "上海 renamed elsewhere"
        try run.disk.theirEdit(.put(.account(theirs), base: base))
        #expect(run.program.step(timeout: 0))
        #expect(run.terminal.frames.count == painted + 1)
        #expect(run.program.state.portfolio.accounts[id]?.name == "上海 renamed elsewhere")
        #expect(run.program.state.selectedAccountId == id, "the selection stays on the account")
    }

    @Test func aLargeStoreOpensInTwoStepsAndEditsWaitForTheRest() throws {
        let run = try Run(size: 1_000)
        #expect(run.store.isPartial)
        #expect(run.program.state.loading != nil)
        run.keys(.char("4"), .char("i"))
        #expect(run.program.state.prompt == nil, "no edit while the rest is read")
        #expect(run.program.state.message?.text.contains("once the rest of the store has been read") == true)
        run.program.finishReading()
        #expect(run.program.state.loading == nil)
        #expect(run.program.state.portfolio == run.disk.portfolio)
        run.keys(.char("i"))
        run.type("visit Reviewed volumes")
        run.keys(.enter)
        #expect(run.disk.portfolio.interactions.values.contains { $0.summary == "Reviewed volumes" })
    }

    @Test func aFailedSecondStepKeepsEditsOffAndSaysWhy() throws {
        let run = try Run(size: 1_000, unreadable: "sales[3].amount: expected a number")
        run.program.finishReading()
        #expect(run.program.state.loading?.failure?.contains("expected a number") == true)
        #expect(run.program.state.message?.isError == true)
        // Idle turns do not refresh a store that is not read in full.
        #expect(run.program.step(timeout: 0))
        #expect(run.program.state.loading != nil)
    }

    @Test func aRewrittenLargeStoreIsReadAgainInTheBackgroundAndCaughtUp() throws {
        let run = try Run(size: 1_000)
        run.program.finishReading()
        run.disk.rewritten = true
        #expect(run.program.step(timeout: 0))
        #expect(run.program.state.reading == .rereading)
        #expect(run.terminal.screen.contains("reading it again"))
        run.disk.rewritten = false
        run.program.finishReading()
        #expect(run.program.state.reading == .complete)
        #expect(run.program.state.portfolio == run.disk.portfolio)
        // A failed reread: later refreshes happen here, on this thread.
        run.disk.rewritten = true
        run.disk.unreadable = "cut short"
        #expect(run.program.step(timeout: 0))
        run.program.finishReading()
        #expect(run.program.state.reading == .rereadFailed)
        #expect(run.program.state.message?.text.contains("could not read the rewritten store") == true)
    }

    @Test func themesNotesAndTheDemoAreEffectsWhoseResultsComeBackAsEvents() throws {
        let run = try Run(portfolio: Portfolio())
        run.keys(.char("t"))
        #expect(run.terminal.themes == ["light"])
        #expect(run.program.state.themeName == "light")
        run.program.send(.key(.char(":")))
        run.type("theme broken")
        run.keys(.enter)
        #expect(run.program.state.themeName == "light")
        #expect(run.program.state.message?.text.hasPrefix("theme: ") == true)
        // d on the empty store writes the demo through the store.
        run.keys(.char("d"))
        #expect(run.disk.portfolio == Fixture.portfolio)
        #expect(run.program.state.portfolio.accounts.count == Fixture.portfolio.accounts.count)
        #expect(run.terminal.screen.contains("Loaded the demo"))
        // E: the editor runs with the terminal handed over.
        run.keys(.char("4"), .enter, .char("E"))
        #expect(run.terminal.suspensions == 1)
        let id = try #require(run.program.state.detail)
        #expect(run.disk.portfolio.accounts[id]?.notes.hasSuffix("(edited)") == true)
    }

    @Test func aBackgroundResultIsPaintedAtOnceWithoutAKey() throws {
        let run = try Run()
        run.keys(.char("4"), .enter)
        let painted = run.terminal.frames.count
        // ← from Interactions wraps to History, which asks the store for the account's changes.
        run.keys(.left)
        #expect(run.terminal.frames.count == painted + 1, "one key, one frame")
        #expect(run.terminal.screen.contains("No recorded changes yet."), "not \"Loading history…\"")
        // Idle turns after it paint nothing.
        #expect(run.program.step(timeout: 0) && run.program.step(timeout: 0))
        #expect(run.terminal.frames.count == painted + 1)
    }

    @Test func qEndsTheLoop() throws {
        let run = try Run()
        run.terminal.events = [.key(.char("q"))]
        #expect(!run.program.step(timeout: 0))
    }

    @Test func aBackgroundTaskHandsItsResultOverOnce() throws {
        let task = BackgroundTask { 6 * 7 }
        #expect(try task.wait()?.get() == 42)
        #expect(task.take() == nil && task.wait() == nil, "handed over once")
        let failing = BackgroundTask<Int> { throw StoreError.busy(lockFile: "x") }
        guard case .failure? = failing.wait() else {
            Issue.record("the error was not handed over")
            return
        }
    }
}

@Suite struct SavedViewTests {
    @Test func saveKeepsTheViewAndViewRebuildsIt() throws {
        let run = try ProgramTests.Run()
        run.keys(.char(":"))
        run.type("tier C")
        run.keys(.enter, .char(":"))
        run.type("tier all")
        run.keys(.enter, .char(":"))
        run.type("rhythm lapsed")
        run.keys(.enter, .char("S"), .char(":"))
        run.type("save lapsed A")
        run.keys(.enter)
        let saved = try #require(run.views.saved.first)
        #expect(saved == ["lapsed A": ["pane tiers", "rhythm lapsed", "sort -value"]])
        let rows = run.program.state.model(.tiers).rows.map(\.id)
        #expect(!rows.isEmpty)
        // Everything else, then the view again.
        run.keys(.char(":"))
        run.type("clear")
        run.keys(.enter, .char("4"), .char(":"))
        run.type("view lap")
        run.keys(.enter)
        let state = run.program.state
        #expect(state.pane == .tiers && state.tierFilter == nil && state.questions.rhythm == .lapsed)
        #expect(state[.tiers].reversed && state.model(.tiers).rows.map(\.id) == rows)
        #expect(state.message?.text == "View 'lapsed A'")
    }

    @Test func aViewNeedsANameWithoutControlCharacters() throws {
        let run = try ProgramTests.Run()
        for name in ["", String(repeating: "x", count: 61)] {
            run.keys(.char(":"))
            run.type("save " + name)
            run.keys(.enter)
            #expect(run.program.state.message?.isError == true, "\(name.debugDescription)")
        }
        #expect(run.views.saved.isEmpty)
        run.keys(.char(":"))
        run.type("view nothing")
        run.keys(.enter)
        #expect(run.program.state.message?.text == "view: no view is named 'nothing'; :save NAME keeps one")
        // The prompt never takes a control character: an escape typed in a name is dropped.
        run.keys(.char(":"))
        run.type("save bad\u{1B}[31mname")
        run.keys(.enter)
        #expect(run.views.saved.first.map { Array($0.keys) } == ["bad[31mname"])
    }

    @Test func aViewThatCannotBeKeptSaysSo() throws {
        let run = try ProgramTests.Run()
        run.views.failing = true
        run.keys(.char(":"))
        run.type("save mine")
        run.keys(.enter)
        #expect(run.program.state.message?.isError == true)
        #expect(run.program.state.message?.text.contains("read-only") == true)
    }
}

@Suite struct CopyExportSearchTests {
    @Test func yOffersTheNameEmailAndPhoneAndCopiesThroughTheTerminal() throws {
        let run = try ProgramTests.Run()
        let contact = try #require(
            Fixture.portfolio.contacts.values.filter { !$0.email.isEmpty && !$0.phone.isEmpty }.min { $0.id < $1.id })
        let account = try #require(Fixture.portfolio.accounts[contact.accountId])
        run.keys(.char("4"), .char("/"))
        run.type(account.name)
        run.keys(.enter, .char("y"))
        let menu = try #require(run.program.state.confirm)
        #expect(menu.actions.map(\.key) == ["n", "e", "p"])
        run.keys(.char("n"))
        #expect(run.terminal.copied == [account.name])
        #expect(run.program.state.message?.text == "Copied \(account.name)")
        // On the Contacts section, the selected contact's.
        run.keys(.enter, .right)
        let contacts = run.program.state.model(.detail).rows.map(\.id)
        let index = try #require(contacts.firstIndex(of: contact.id))
        for _ in 0..<index { run.keys(.down) }
        run.keys(.char("y"), .char("e"))
        #expect(run.terminal.copied.last == contact.email)
        run.keys(.char("y"), .char("p"))
        #expect(run.terminal.copied.last == contact.phone)
    }

    @Test func exportWritesTheListAsShownAndOnlyTheMarkedRows() throws {
        let run = try ProgramTests.Run()
        run.keys(.char(":"))
        run.type("tier A")
        run.keys(.enter, .char("S"), .char(":"))
        run.type("export a.csv")
        run.keys(.enter)
        let (path, header, rows) = try #require(run.views.exports.first)
        let model = run.program.state.model(.tiers)
        // The columns on screen (at 100 columns, not Region), in their order, and the rows as sorted.
        let headerLine = try #require(run.terminal.screen.split(separator: "\n").first { $0.contains("Customer") })
        #expect(path == "a.csv" && header.prefix(2) == ["#", "Customer"] && !header.contains("Region"))
        #expect(header.allSatisfy { headerLine.contains($0.prefix(4)) }, "\(header) in \(headerLine)")
        #expect(rows.map { $0[1] } == model.rows.map { $0.cells[1] } && rows.allSatisfy { $0.count == header.count })
        #expect(run.program.state.message?.text == "Wrote \(rows.count) rows to /home/tester/a.csv")
        run.keys(.char(" "), .char(" "), .char(":"))
        run.type("export b.csv")
        run.keys(.enter)
        #expect(run.views.exports.last?.2.map { $0[1] } == model.rows.prefix(2).map { $0.cells[1] })
        run.keys(.char(":"))
        run.type("export exists.csv")
        run.keys(.enter)
        #expect(run.program.state.message?.isError == true)
        #expect(run.program.state.message?.text.hasPrefix("export: ") == true)
    }

    @Test func searchListsEveryInteractionThatMentionsTheWordsAndEnterOpensOne() throws {
        let run = try ProgramTests.Run()
        let word = "quote"
        let expected = Fixture.portfolio.interactions.values.filter { $0.summary.lowercased().contains(word) }
        #expect(!expected.isEmpty)
        run.keys(.char(":"))
        run.type("search QUOTE")
        run.keys(.enter)
        let rows = run.program.state.model(.search).rows
        #expect(Set(rows.map(\.id)) == Set(expected.map(\.id)))
        #expect(run.terminal.screen.contains("Interactions mentioning 'QUOTE': \(expected.count)"))
        // / narrows the hits further, by account or summary.
        let account = try #require(Fixture.portfolio.accounts[Fixture.portfolio.interactions[rows[0].id]!.accountId])
        run.keys(.char("/"))
        run.type(account.name)
        run.keys(.enter)
        #expect(
            run.program.state.model(.search).rows.allSatisfy {
                $0.cells[1] == account.name || $0.cells[3].localizedCaseInsensitiveContains(account.name)
            })
        #expect(run.program.state.model(.search).rows.contains { $0.id == rows[0].id })
        run.keys(.escape)
        #expect(run.program.state.model(.search).rows.count == rows.count)
        run.keys(.down, .enter)
        let hit = try #require(Fixture.portfolio.interactions[rows[1].id])
        #expect(run.program.state.detail == hit.accountId && run.program.state.detailSection == .interactions)
        #expect(run.program.state.rowId(.detail) == hit.id)
        // Enter on the timeline shows it whole, and who logged it once the history is read.
        run.keys(.enter)
        let shown = try #require(run.program.state.confirm)
        #expect(shown.title.hasPrefix("Interaction with "))
        // The history, read meanwhile, says who logged it (the fake store's history has it when
        // the interaction was made through it; the demo's were not).
        #expect(run.program.state.history?.account == hit.accountId)
        #expect(shown.lines.contains { $0.contains(hit.summary) || hit.summary.hasPrefix($0) })
        #expect(shown.lines[0].hasPrefix("\(hit.date) ("))
        run.keys(.escape, .escape)
        #expect(run.program.state.detail == nil && run.program.state.searchResults == nil)
    }
}
