import Foundation
import Testing

@testable import RapportDomain
@testable import RapportStore

/// Data entry in the real dashboard, driven through tmux the way a person types.
@Suite(.serialized) struct DataEntryTests {
    /// Issue 4's path: add a CJK customer and a contact, log a visit with a follow-up, rate its
    /// switching costs and see it move in Partners, assign an owner, undo once, quit, reopen.
    @Test func aNewUsersWholePathSurvivesQuitAndReopen() throws {
        let scratch = Scratch()
        try Scratch.demo(scratch)
        let started = Date()
        let command = "\(CLI.binary) --store \(scratch.store) --no-mouse"
        let tmux = try TmuxSession(width: 100, height: 30, command: command)
        try tmux.waitFor("high value")
        // 1. A customer with a CJK name, then a contact (the detail's Contacts section, a).
        try tmux.keys("4", "a")
        try tmux.waitFor("New account")
        try tmux.literal("成都新材料有限公司")
        try tmux.keys("C-s")
        try tmux.waitFor("Added account 成都新材料有限公司")
        try tmux.keys("Enter")
        try tmux.waitFor("Interactions 0")
        try tmux.keys("Right", "a")
        try tmux.waitFor("New contact at 成都新材料有限公司")
        try tmux.literal("Zoë Wang")
        try tmux.keys("Tab")
        try tmux.literal("Buyer")
        try tmux.keys("C-s")
        try tmux.waitFor("Added contact Zoë Wang")
        // 2. A visit with a follow-up in a week, from one line.
        try tmux.keys("i")
        try tmux.enter("visit commitment Send the price list +7d")
        try tmux.waitFor("Logged a visit with 成都新材料有限公司, follow-up")
        // 3. Switching costs 5 and 5: the form lists every rating with its meaning.
        try tmux.keys("r")
        let ratings = try tmux.waitFor("Switching: input")
        #expect(ratings.contains("what they invested to adapt to us"))
        try tmux.keys("Down", "Down", "Down", "Down", "5", "Tab", "5", "C-s")
        try tmux.waitFor("Saved the ratings")
        try tmux.keys("Escape", "2", "/")
        try tmux.enter("成都新材料")
        let partners = try tmux.waitFor("Filter: 成都新材料")
        let row = partners.split(separator: "\n").first { $0.contains("成都新材料") }.map(String.init) ?? ""
        #expect(row.contains("100.0"), "switching cost 100 should show in Partners: \(row)")
        // 4. An owner, 5. undone once.
        try tmux.keys("o", "C-u")
        try tmux.literal("Ingrid")
        try tmux.keys("Tab", "Enter")
        try tmux.waitFor("is now owned by Ingrid")
        try tmux.keys("u")
        try tmux.waitFor("Undone: 成都新材料有限公司 is now owned by")
        try tmux.keys("q")
        #expect(try tmux.waitForCleanExit())
        let elapsed = Date().timeIntervalSince(started)
        // 6. Reopened: everything as it was left (the owner undone).
        let store = try JournalStore(directory: scratch.store)
        let account = try #require(store.portfolio.accounts.values.first { $0.name == "成都新材料有限公司" })
        #expect(account.ownerId == nil && account.ratings.inputCost == 5 && account.ratings.conversionRisk == 5)
        #expect(store.portfolio.contacts.values.contains { $0.accountId == account.id && $0.name == "Zoë Wang" })
        let visit = try #require(store.portfolio.interactions.values.first { $0.accountId == account.id })
        #expect(visit.channel == .visit && visit.kind == .commitment && visit.followUp == visit.date.adding(days: 7))
        #expect(try CLI.run(["check", "--store", scratch.store]).status == 0)
        let again = try TmuxSession(width: 100, height: 30, command: command)
        try again.waitFor("high value")
        try again.keys("4", "/")
        try again.literal("成都新材料")
        try again.keys("Enter", "Enter")
        let detail = try again.waitFor("Zoë Wang")
        #expect(detail.contains("owner: none") && detail.contains("Send the price list"))
        try again.keys("Left")
        let history = try again.waitFor("owner: – → Ingrid")
        #expect(history.contains("created") && history.contains("conversion risk: – → 5"))
        try again.keys("q")
        #expect(try again.waitForCleanExit())
        // The whole scripted path, waits included, is far under the 2 minutes a person may take.
        #expect(elapsed < 120)
    }

    /// Two people edit the same account at once: the second to save sees a conflict view and
    /// keeps both changes; nothing is overwritten silently.
    @Test func twoProcessesEditingTheSameAccount() throws {
        let scratch = Scratch()
        try Scratch.demo(scratch)
        let command = "\(CLI.binary) --store \(scratch.store) --no-mouse"
        let ana = try TmuxSession(width: 120, height: 40, command: command)
        let bo = try TmuxSession(width: 120, height: 40, command: command)
        for person in [ana, bo] {
            try person.waitFor("high value")
            try person.keys("4", "e")
            try person.waitFor("Edit account")
        }
        let before = try JournalStore(directory: scratch.store).portfolio
        // Bo changes the industry and saves first.
        try bo.keys("Tab", "Tab", "Tab", "Tab", "C-u")
        try bo.literal("Bo's Industry")
        try bo.keys("C-s")
        try bo.waitFor("Saved account")
        // Ana, with her form still open, is told within the 1 s refresh (the issue allows 2 s).
        let told = Date()
        try ana.waitFor("Someone else just changed this account", seconds: 2.5)
        #expect(Date().timeIntervalSince(told) < 2.5)
        try ana.keys("Tab", "Tab", "Tab", "Tab", "Tab", "C-u")
        try ana.literal("Ana's Region")
        try ana.keys("C-s")
        let conflict = try ana.waitFor("Theirs")
        #expect(conflict.contains("Bo's Industry") && conflict.contains("Ana's Region"))
        try ana.keys("Enter")
        try ana.waitFor("Saved account")
        let after = try JournalStore(directory: scratch.store).portfolio
        let changed = after.accounts.values.filter { before.accounts[$0.id] != $0 }
        #expect(changed.count == 1)
        #expect(changed.first?.industry == "Bo's Industry" && changed.first?.region == "Ana's Region")
        // Bo sees Ana's region without pressing anything.
        try bo.waitFor("Ana's Region", seconds: 2.5)
        for person in [ana, bo] {
            try person.keys("q")
            #expect(try person.waitForCleanExit())
        }
    }

    /// `E`: notes in the user's editor, a private temp file, no shell between.
    @Test func notesInTheEditor() throws {
        let scratch = Scratch()
        try Scratch.demo(scratch)
        let report = scratch.path + "/editor-report"
        // The "editor" records how it was called and the file's mode, then writes new notes.
        let editor = try scratch.write(
            "editor.sh",
            """
            #!/bin/sh
            printf '%s\\n' "$#" "$1" "$(stat -c %a "$2")" "$(stat -c %a "$(dirname "$2")")" > \(report)
            printf 'Edited in $EDITOR; $(touch %s/pwned)\\n' "\(scratch.path)" > "$2"
            """)
        chmod(editor, 0o700)
        let tmux = try TmuxSession(
            width: 100, height: 30, command: "\(CLI.binary) --store \(scratch.store) --no-mouse",
            environment: ["VISUAL": "\(editor) --wait", "EDITOR": "nano"])
        try tmux.waitFor("high value")
        try tmux.keys("4", "E")
        try tmux.waitFor("Saved the notes of")
        let lines = try String(contentsOfFile: report, encoding: .utf8).split(separator: "\n").map(String.init)
        // Called as `editor.sh --wait FILE`: the command split on spaces, no shell, the file 0600 in a 0700 dir.
        #expect(lines == ["2", "--wait", "600", "700"])
        let store = try JournalStore(directory: scratch.store)
        let notes = store.portfolio.accounts.values.filter { $0.notes.hasPrefix("Edited in") }
        #expect(notes.count == 1)
        #expect(notes.first?.notes == "Edited in $EDITOR; $(touch \(scratch.path)/pwned)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/pwned"))
        let screen = try tmux.screen()
        #expect(screen.contains("4 Accounts"), "the dashboard is back after the editor")
        try tmux.keys("q")
        #expect(try tmux.waitForCleanExit())
    }
}
