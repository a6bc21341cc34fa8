import Foundation
import Testing

@testable import RapportDomain
@testable import RapportStore

@Suite(.serialized) struct TmuxTests {
    func demoStore(_ scratch: Scratch) throws { try Scratch.demo(scratch) }

    @Test func browseFilterDrillResizeAndQuit() throws {
        let scratch = Scratch()
        try demoStore(scratch)
        let tmux = try TmuxSession(width: 100, height: 30, command: "\(CLI.binary) --store \(scratch.store)")
        try tmux.waitFor("1 Tiers")
        let tiers = try tmux.waitFor("high value")
        #expect(tiers.contains("Customer"))
        #expect(try tmux.format("#{alternate_on}") == "1")

        try tmux.keys("2")
        try tmux.waitFor("strength →")
        try tmux.keys("3")
        try tmux.waitFor("Key accounts of")
        try tmux.keys("Tab")
        try tmux.waitFor("Roles")

        // Filter with a CJK query, keep it, drill in, and come back to the same place.
        try tmux.keys("/")
        try tmux.literal("有限")
        var screen = try tmux.waitFor("/有限")
        let rows = screen.split(separator: "\n").dropFirst(2).dropLast(2).filter {
            !$0.trimmingCharacters(in: .whitespaces).isEmpty
        }
        #expect(!rows.isEmpty)
        // Names are CJK (the match itself may be cut off by the column width).
        #expect(
            rows.allSatisfy { $0.unicodeScalars.first.map { (0x4E00...0x9FFF).contains($0.value) } ?? false }, "\(rows)"
        )
        try tmux.keys("Enter")
        try tmux.waitFor("filter: 有限")
        try tmux.keys("Down")
        screen = try tmux.settled()
        let selectedLine = screen.split(separator: "\n")[3]
        try tmux.keys("Enter")
        screen = try tmux.waitFor("Interactions ")
        #expect(screen.contains("Ratings:"))
        try tmux.keys("Escape")
        screen = try tmux.waitFor("filter: 有限")
        #expect(screen.split(separator: "\n")[3] == selectedLine)

        // Resize down to 40x10 and back up: a clear message, then the dashboard again.
        try tmux.resize(40, 10)
        try tmux.waitFor("too small")
        try tmux.resize(80, 24)
        try tmux.waitFor("4 Accounts")
        try tmux.resize(100, 30)
        try tmux.waitFor("filter: 有限")

        try tmux.keys("q")
        #expect(try tmux.waitForCleanExit())
        #expect(try tmux.format("#{alternate_on}") == "0")
    }

    /// A paste (tmux pastes bracketed when the app asks for it) is text: its line breaks do not
    /// press Enter, its escape sequences do not reach the terminal, and pasted into the dashboard
    /// its letters run no commands (`q` would quit).
    @Test func pastedTextIsTypedNeverKeys() throws {
        let scratch = Scratch()
        try demoStore(scratch)
        let tmux = try TmuxSession(width: 100, height: 30, command: "\(CLI.binary) --store \(scratch.store)")
        try tmux.waitFor("high value")
        try tmux.run(["set-buffer", "-b", "p", "q4\nd"])
        try tmux.run(["paste-buffer", "-p", "-b", "p", "-t", tmux.name])
        var screen = try tmux.waitFor("Paste into a field")
        #expect(screen.contains("high value"))
        #expect(tmux.exitStatus() == nil)
        try tmux.keys("/")
        try tmux.run(["set-buffer", "-b", "p", "成都\n包装\u{1b}[2J"])
        try tmux.run(["paste-buffer", "-p", "-b", "p", "-t", tmux.name])
        screen = try tmux.waitFor("/成都 包装[2J")
        #expect(!(try tmux.screen(escapes: true)).contains("\u{1b}[2J"))
        // A huge paste is read whole and typed in part: the q after it is text, not quit.
        try tmux.keys("C-u")
        let huge = NSTemporaryDirectory() + "rapport-paste-" + UUID().uuidString
        try (String(repeating: "x", count: 150_000) + "\nq").write(toFile: huge, atomically: false, encoding: .utf8)
        defer { unlink(huge) }
        try tmux.run(["load-buffer", "-b", "p", huge])
        try tmux.run(["paste-buffer", "-p", "-b", "p", "-t", tmux.name])
        screen = try tmux.waitFor("/xxxxxxxxxx")
        #expect(tmux.exitStatus() == nil)
        try tmux.keys("C-u")
        try tmux.run(["set-buffer", "-b", "p", "成都\n包装\u{1b}[2J"])
        try tmux.run(["paste-buffer", "-p", "-b", "p", "-t", tmux.name])
        screen = try tmux.waitFor("/成都 包装[2J")
        // Still typing: Escape clears the filter rather than a pasted Enter having kept it.
        try tmux.keys("Escape")
        screen = try tmux.waitFor("high value")
        #expect(!screen.contains("filter: "))
        try tmux.keys("q")
        #expect(try tmux.waitForCleanExit())
    }

    /// `RAPPORT_TWO_STEP_BYTES=0` opens even the demo in two steps, as a large store opens: the
    /// first frame from accounts and owners, the rest read on another thread and filled in.
    @Test func aStoreOpenedInTwoStepsFillsInAndTakesEdits() throws {
        let scratch = Scratch()
        try demoStore(scratch)
        let tmux = try TmuxSession(
            width: 100, height: 30, command: "\(CLI.binary) --store \(scratch.store)",
            environment: ["RAPPORT_TWO_STEP_BYTES": "0"])
        try tmux.waitFor("high value")
        try tmux.keys("4", "/")
        try tmux.enter("a")
        try logCallAndQuit(tmux, "two-step check")
        let store = try JournalStore(directory: scratch.store)
        #expect(store.portfolio.interactions.values.contains { $0.summary == "two-step check" })
        #expect(try CLI.run(["check", "--store", scratch.store]).status == 0)
    }

    /// On an account's page or list: `i`, a call with `summary`, saved; then quits.
    func logCallAndQuit(_ tmux: TmuxSession, _ summary: String) throws {
        try tmux.keys("i")
        try tmux.waitFor("log with")
        try tmux.enter("call " + summary)
        try tmux.waitFor("Logged a call")
        try tmux.keys("q")
        #expect(try tmux.waitForCleanExit())
    }

    /// Another process compacts a large store while the dashboard is open: it is read again on
    /// another thread, the other process's edit shows, and an edit made here afterwards lands.
    @Test func aStoreCompactedElsewhereIsReadAgainWithoutFreezing() throws {
        let scratch = Scratch()
        try demoStore(scratch)
        let portfolio = try JournalStore(directory: scratch.store).portfolio
        let account = try #require(portfolio.accounts.values.sorted { $0.id < $1.id }.first)
        let tmux = try TmuxSession(
            width: 100, height: 30, command: "\(CLI.binary) --store \(scratch.store)",
            environment: ["RAPPORT_TWO_STEP_BYTES": "0"])
        try tmux.waitFor("high value")
        let logged = try CLI.run([
            "log", account.id, "--channel", "call", "--summary", "logged elsewhere", "--store", scratch.store,
        ])
        #expect(logged.status == 0)
        #expect(try CLI.run(["compact", "--store", scratch.store]).status == 0)
        try tmux.waitFor("reading it again")
        // The account's page lists the other process's call once the store is read again.
        try tmux.keys("4", "/")
        try tmux.enter(account.name)
        try tmux.waitFor(account.name)
        try tmux.keys("Enter")
        try tmux.waitFor("logged elsewhere")
        try logCallAndQuit(tmux, "after compaction")
        let store = try JournalStore(directory: scratch.store)
        let summaries = store.portfolio.interactions.values.filter { $0.accountId == account.id }.map(\.summary)
        #expect(summaries.contains("logged elsewhere") && summaries.contains("after compaction"))
        #expect(try CLI.run(["check", "--store", scratch.store]).status == 0)
    }

    @Test func aBadHistoryLineShowsTheAccountsAndSaysWhatToDo() throws {
        let scratch = Scratch()
        try demoStore(scratch)
        let path = scratch.store + "/rapport.json"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        let sales = try #require(text.range(of: "\"sales\": ["))
        let sale = try #require(text.range(of: "\"amount\":", range: sales.upperBound..<text.endIndex))
        text.replaceSubrange(sale, with: "\"amount\":\"\u{1B}[2Jlots\",\"was\":")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let tmux = try TmuxSession(
            width: 100, height: 30, command: "\(CLI.binary) --store \(scratch.store)",
            environment: ["RAPPORT_TWO_STEP_BYTES": "0"])
        let screen = try tmux.waitFor("Could not read the rest of the store")
        #expect(screen.contains("rapport.json:"))
        #expect(screen.contains("rapport check"))
        try tmux.keys("4")
        try tmux.waitFor("Roles")
        try tmux.keys("a")
        try tmux.waitFor("could not be read")
        #expect(try !tmux.screen().contains("New account"))
        #expect(try !tmux.screen(escapes: true).contains("\u{1B}[2J"))
        try tmux.keys("q")
        #expect(try tmux.waitForCleanExit())
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func emptyStoreOffersTheDemoAndLoadsIt() throws {
        let scratch = Scratch()
        let tmux = try TmuxSession(width: 80, height: 24, command: "\(CLI.binary) --store \(scratch.store)")
        try tmux.waitFor("Press d to load demo data")
        try tmux.keys("d")
        try tmux.waitFor("high value")
        try tmux.keys("q")
        #expect(try tmux.waitForCleanExit())
        #expect(try CLI.run(["check", "--store", scratch.store]).status == 0)
    }

    @Test func homeEndAndFunctionKeysInEveryEncodingAndUnknownSequencesDroppedWhole() throws {
        let scratch = Scratch()
        try demoStore(scratch)
        let tmux = try TmuxSession(width: 100, height: 30, command: "\(CLI.binary) --store \(scratch.store)")
        try tmux.waitFor("high value")
        try tmux.keys("4", "Down", "Down", "Down")
        try tmux.waitFor("4/120")
        // PuTTY's and rxvt's Home: ESC [ 1 ~ (read as Esc, "[", "1", it would open the Tiers pane).
        try tmux.bytes("\u{1b}[1~")
        try tmux.waitFor("1/120")
        for end in ["\u{1b}[4~", "\u{1b}[8~", "\u{1b}[F", "\u{1b}OF"] {
            try tmux.bytes(end)
            try tmux.waitFor("120/120")
            try tmux.bytes("\u{1b}[7~")
            try tmux.waitFor("1/120")
        }
        // Insert, an unknown private mode and a stray paste end do nothing, and split into no keys.
        try tmux.bytes("\u{1b}[2~\u{1b}[?1049h\u{1b}[201~")
        try tmux.keys("Down")
        try tmux.waitFor("2/120")
        #expect(try tmux.screen().contains("Roles"), "still on the Accounts pane")
        // F1 (ESC O P) opens the help.
        try tmux.bytes("\u{1b}OP")
        try tmux.waitFor("Keys: Accounts")
        try tmux.keys("Escape", "q")
        #expect(try tmux.waitForCleanExit())
    }

    @Test func tinyTerminalThenQuit() throws {
        let scratch = Scratch()
        try demoStore(scratch)
        let tmux = try TmuxSession(width: 30, height: 8, command: "\(CLI.binary) --store \(scratch.store)")
        try tmux.waitFor("too small")
        try tmux.keys("q")
        #expect(try tmux.waitForCleanExit())
    }

    @Test func anotherProcessesChangeAppearsWithoutAKeypress() throws {
        let scratch = Scratch()
        try demoStore(scratch)
        let tmux = try TmuxSession(width: 100, height: 30, command: "\(CLI.binary) --store \(scratch.store)")
        try tmux.waitFor("high value")
        try tmux.keys("4", "/")
        try tmux.literal("Live Update")
        try tmux.waitFor("(nothing to show)")
        let file = try scratch.write("live.csv", "name,roles\nLive Update Handel AB,customer\n")
        #expect(try CLI.run(["import", "accounts", file, "--store", scratch.store]).status == 0)
        try tmux.waitFor("Live Update Hand", seconds: 5)
        try tmux.keys("Escape", "q")
        #expect(try tmux.waitForCleanExit())
    }

    @Test func noColorGivesAttributesOnly() throws {
        let scratch = Scratch()
        try demoStore(scratch)
        let tmux = try TmuxSession(
            width: 80, height: 24, command: "\(CLI.binary) --store \(scratch.store)",
            environment: ["NO_COLOR": "1"])
        try tmux.waitFor("high value")
        let escapes = try tmux.screen(escapes: true)
        // Reverse video for the selection and tabs (alone or with bold: `ESC[7m`, `ESC[1;7m`).
        let reverse = try #require(try? NSRegularExpression(pattern: "\u{1B}\\[([0-9;]*;)?7m"))
        #expect(reverse.firstMatch(in: escapes, range: NSRange(escapes.startIndex..., in: escapes)) != nil)
        let colour = try #require(
            try? NSRegularExpression(pattern: "\u{1B}\\[([0-9;]*;)?(3[0-7]|4[0-7]|9[0-7]|10[0-7]|38;|48;)"))
        #expect(colour.firstMatch(in: escapes, range: NSRange(escapes.startIndex..., in: escapes)) == nil)
        try tmux.keys("q")
        #expect(try tmux.waitForCleanExit())
    }

    @Test(arguments: ["xterm", "xterm-256color"])
    func colourTerminalsGetBasicColours(term: String) throws {
        let scratch = Scratch()
        try demoStore(scratch)
        // tmux sets TERM in the pane itself, so the command sets it.
        let tmux = try TmuxSession(
            width: 80, height: 24, command: "TERM=\(term) \(CLI.binary) --store \(scratch.store)")
        try tmux.waitFor("high value")
        let escapes = try tmux.screen(escapes: true)
        // The 8 basic colours reach the terminal (tier A green, selection on cyan) and nothing beyond them.
        #expect(escapes.contains("\u{1B}[32m") || escapes.contains(";32m"), "\(term)")
        #expect(escapes.contains("46m"), "\(term)")
        #expect(!escapes.contains("38;5;") && !escapes.contains("38;2;"), "\(term)")
        try tmux.keys("q")
        #expect(try tmux.waitForCleanExit())
    }

    @Test func hostileNamesNeverReachTheTerminal() throws {
        let scratch = Scratch()
        try FileManager.default.createDirectory(atPath: scratch.store, withIntermediateDirectories: true)
        // Stored by hand (validation refuses them): OSC title change, colour, C1 CSI, bidi override,
        // in an account that is customer and supplier, its owner and its contact.
        let evil = "Evil\\u001b]2;pwned\\u0007\\u001b[31m \\u009b2J\\u202e AB"
        let snapshot = """
            {"format":"rapport-store","version":1,
            "owners":[{"id":"o","name":"Boss\\u001b]2;pwned\\u0007","capacity":1}],
            "accounts":[{"id":"a","name":"\(evil)","roles":["customer","supplier"],"ownerId":"o",
            "ratings":{"profitImpact":5,"supplyRisk":5}}],
            "contacts":[{"id":"c","accountId":"a","name":"Li\\u001b[2J"}],
            "sales":[{"id":"s","accountId":"a","date":"2026-05-01","amount":5,"version":1}],
            "purchases":[{"id":"p","accountId":"a","date":"2026-05-01","amount":5,"version":1}],
            "interactions":[{"id":"i","accountId":"a","date":"2026-05-02","channel":"visit","summary":"Hi\\u001b]2;pwned\\u0007"}]}
            """
        try snapshot.write(toFile: scratch.store + "/rapport.json", atomically: false, encoding: .utf8)
        let log = scratch.path + "/bytes.log"
        let tmux = try TmuxSession(width: 100, height: 30, command: "\(CLI.binary) --store \(scratch.store)")
        try tmux.run(["pipe-pane", "-o", "-t", tmux.name, "cat >> \(log)"])
        try tmux.waitFor("Evil^[]2;pwned")  // Tiers
        try tmux.keys("2")
        try tmux.waitFor("strength")
        try tmux.keys("3")
        try tmux.waitFor("Boss^[]2;pwned")
        try tmux.keys("Enter")
        try tmux.waitFor("key supplier")
        try tmux.keys("Enter")
        try tmux.waitFor("Interactions ")
        try tmux.waitFor("Li^[[2J")
        try tmux.keys("Escape", "Escape", "4")
        try tmux.waitFor("Evil^[]2;pwned")
        try tmux.keys("?")
        try tmux.waitFor("Keys:")
        try tmux.keys("Escape", "/")
        try tmux.literal("evil")
        try tmux.keys("Enter", ":")
        try tmux.enter("owner boss")
        try tmux.waitFor("Key accounts of")
        try tmux.keys("q")
        #expect(try tmux.waitForCleanExit())
        let bytes = try String(contentsOfFile: log, encoding: .utf8)
        #expect(bytes.count > 1000)
        #expect(!bytes.contains("\u{1B}]2;pwned"))
        #expect(!bytes.contains("\u{1B}[2J"))
        #expect(!bytes.contains("\u{1B}[31m Evil") && !bytes.contains("\u{9B}") && !bytes.contains("\u{202E}"))
        #expect(try tmux.run(["display-message", "-p", "-t", tmux.name, "#{pane_title}"]).contains("pwned") == false)
    }
}

@Suite(.serialized) struct SignalTests {
    @Test(arguments: [(SIGTERM, "143"), (SIGHUP, "129"), (SIGINT, "130")])
    func signalsRestoreTheTerminal(signal: Int32, status: String) throws {
        let scratch = Scratch()
        #expect(try CLI.run(["demo", "--store", scratch.store, "--accounts", "30"]).status == 0)
        let tmux = try TmuxSession(width: 80, height: 24, command: "\(CLI.binary) --store \(scratch.store)")
        try tmux.waitFor("high value")
        #expect(try tmux.format("#{alternate_on}") == "1")
        let shell = try #require(Int32(try tmux.format("#{pane_pid}")))
        let children = try String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        let rapport = try #require(children.split(separator: " ").compactMap { Int32($0) }.first)
        kill(rapport, signal)
        let deadline = Date().addingTimeInterval(10)
        while tmux.exitStatus() == nil && Date() < deadline { usleep(100_000) }
        #expect(tmux.exitStatus() == status)
        #expect(try tmux.format("#{alternate_on}") == "0")
        #expect(try CLI.run(["check", "--store", scratch.store]).status == 0)
    }
}

@Suite(.serialized) struct ThemeTerminalTests {
    func store() throws -> Scratch {
        let scratch = Scratch()
        #expect(try CLI.run(["demo", "--store", scratch.store, "--accounts", "40"]).status == 0)
        return scratch
    }

    @Test func themesListAndCheck() throws {
        let list = try CLI.run(["themes"])
        #expect(list.status == 0)
        for name in ["default", "light", "high-contrast", "solarized-dark", "solarized-light", "monochrome"] {
            #expect(list.out.contains(name + "\tbuilt-in"), "\(name)")
        }
        let scratch = Scratch()
        let good = try scratch.write("good.toml", "inherits = \"light\"\n[roles]\nheader = \"#ff8700 bold\"\n")
        #expect(try CLI.run(["themes", "check", good]).status == 0)
        let bad = try scratch.write("bad.toml", "[roles]\nheader = \"cyan\"\nfooter = \"red\"\n")
        let result = try CLI.run(["themes", "check", bad])
        #expect(result.status == 65)
        #expect(result.err.contains("bad.toml:3: unknown role 'footer'"))
    }

    @Test func aThemesColoursReachTheTerminalAndTCyclesLive() throws {
        let scratch = try store()
        let tmux = try TmuxSession(
            width: 100, height: 30, command: "TERM=xterm-256color \(CLI.binary) --store \(scratch.store) --theme light")
        try tmux.waitFor("high value")
        // light: the selection and active tab are bright white on blue.
        var escapes = try tmux.screen(escapes: true)
        #expect(escapes.contains("44m") || escapes.contains("48;5;4m"), "\(escapes.prefix(300))")
        try tmux.keys("t")
        try tmux.waitFor("Theme: monochrome")
        escapes = try tmux.screen(escapes: true)
        #expect(!escapes.contains("44m") && !escapes.contains("46m"))
        try tmux.keys(":")
        try tmux.enter("theme solarized-dark")
        try tmux.waitFor("Theme: solarized-dark")
        escapes = try tmux.screen(escapes: true)
        #expect(escapes.contains("38;5;") || escapes.contains("48;5;"))
        try tmux.keys("q")
        #expect(try tmux.waitForCleanExit())
    }

    @Test func aBadThemeFallsBackToTheDefaultWithAMessage() throws {
        let scratch = try store()
        let bad = try scratch.write("bad.toml", "[roles]\nselection = \"purple\"\n")
        let tmux = try TmuxSession(
            width: 100, height: 30, command: "\(CLI.binary) --store \(scratch.store) --theme \(bad)")
        try tmux.waitFor("high value")
        try tmux.waitFor("bad.toml:2")
        try tmux.keys("q")
        #expect(try tmux.waitForCleanExit())
        let env = try TmuxSession(
            width: 100, height: 30, command: "\(CLI.binary) --store \(scratch.store)",
            environment: ["RAPPORT_THEME": "nonesuch"])
        try env.waitFor("no theme of that name")
        try env.keys("q")
        #expect(try env.waitForCleanExit())
    }
}

@Suite(.serialized) struct QuickActionTerminalTests {
    @Test func logAnInteractionAssignAnOwnerAndMarkTheFollowUpDone() throws {
        let scratch = Scratch()
        #expect(try CLI.run(["demo", "--store", scratch.store, "--accounts", "20", "--end", "2026-06-30"]).status == 0)
        let tmux = try TmuxSession(width: 100, height: 30, command: "\(CLI.binary) --store \(scratch.store)")
        try tmux.waitFor("high value")
        try tmux.keys("4", "/")
        try tmux.literal("a")
        try tmux.keys("Enter", "i")
        try tmux.waitFor("log with")
        try tmux.enter("visit commitment 拜访 and promised a quote +7d")
        try tmux.waitFor("Logged a visit")
        try tmux.keys("o", "C-u")
        try tmux.enter("none")
        try tmux.waitFor("has no owner now")
        try tmux.keys("Enter")
        try tmux.waitFor("拜访 and promised a quote")
        try tmux.keys("x")
        try tmux.waitFor("Follow-up done")
        try tmux.keys("q")
        #expect(try tmux.waitForCleanExit())
        let store = try JournalStore(directory: scratch.store)
        let logged = try #require(store.portfolio.interactions.values.first { $0.summary == "拜访 and promised a quote" })
        #expect(logged.channel == .visit && logged.kind == .commitment && logged.done && logged.version == 2)
        #expect(store.portfolio.accounts[logged.accountId]?.ownerId == nil)
        #expect(try CLI.run(["check", "--store", scratch.store]).status == 0)
    }

    /// The agenda as a user works through it: open it, snooze the first follow-up, mark the next
    /// one done, undo that, and check the store afterwards.
    @Test func workThroughTheAgenda() throws {
        let scratch = Scratch()
        try Scratch.demo(scratch)
        let before = Set(
            try JournalStore(directory: scratch.store).portfolio.interactions.values.filter(\.isOpenFollowUp).map(\.id))
        let tmux = try TmuxSession(width: 120, height: 40, command: "\(CLI.binary) --store \(scratch.store)")
        try tmux.waitFor("high value")
        try tmux.keys("5")
        var screen = try tmux.waitFor("Agenda for everyone as of ")
        #expect(screen.contains("overdue") && screen.contains("visits due"))
        try tmux.keys("z")
        try tmux.waitFor("until: +7d")
        try tmux.keys("C-u")
        try tmux.enter("+14d")
        try tmux.waitFor("Follow-up moved to")
        try tmux.keys("x")
        try tmux.waitFor("Follow-up done")
        try tmux.keys("u")
        screen = try tmux.waitFor("Undone: Follow-up done")
        try tmux.keys("q")
        #expect(try tmux.waitForCleanExit())
        let after = try JournalStore(directory: scratch.store).portfolio.interactions.values
        let today = Day(ordinal: Int(Date().timeIntervalSince1970 / 86_400))
        #expect(
            after.filter { $0.followUp == today.adding(days: 14) && before.contains($0.id) && $0.version == 2 }.count
                == 1)
        #expect(!after.contains { $0.done && before.contains($0.id) }, "marked done, then undone")
        #expect(after.filter { !$0.done && before.contains($0.id) && $0.version == 3 }.count == 1)
        #expect(try CLI.run(["check", "--store", scratch.store]).status == 0)
    }

    /// Marks, a bulk reassign, and y: what was copied reaches tmux's buffer.
    @Test func markReassignAndCopy() throws {
        let scratch = Scratch()
        try Scratch.demo(scratch)
        let tmux = try TmuxSession(width: 120, height: 40, command: "\(CLI.binary) --store \(scratch.store)")
        try tmux.waitFor("high value")
        try tmux.keys("4", "Space", "Space", "Space")
        var screen = try tmux.waitFor("3 marked")
        #expect(screen.contains("● "))
        let owner = try #require(
            JournalStore(directory: scratch.store).portfolio.owners.values.filter(\.active).min {
                $0.id < $1.id
            })
        try tmux.keys("o")
        try tmux.waitFor("owner of the 3 marked accounts")
        try tmux.enter(owner.name)
        try tmux.waitFor("now owned by \(owner.name)")
        try tmux.keys("g", "y")
        try tmux.waitFor("Copy to the clipboard")
        try tmux.keys("n")
        screen = try tmux.waitFor("Copied ")
        let status = try #require(screen.split(separator: "\n").first { $0.hasPrefix("Copied ") })
        let name = String(status.dropFirst(7).components(separatedBy: "  ")[0])
        #expect(try tmux.run(["show-buffer"]) == name)
        try tmux.keys("q")
        #expect(try tmux.waitForCleanExit())
        let portfolio = try JournalStore(directory: scratch.store).portfolio
        #expect(portfolio.accounts.values.contains { $0.name == name })
        // The first three accounts in name order are now the owner's.
        let first = portfolio.accounts.values.sorted {
            ($0.name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil), $0.id)
                < ($1.name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil), $1.id)
        }.prefix(3)
        #expect(first.allSatisfy { $0.ownerId == owner.id }, "\(first.map(\.name))")
    }

    /// `:export` writes a new CSV file of the list on screen, and never over a file or a link.
    @Test func exportWritesANewFileOnly() throws {
        let scratch = Scratch()
        try Scratch.demo(scratch)
        let target = scratch.path + "/elsewhere.csv"
        try "keep me\n".write(toFile: target, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: scratch.path + "/link.csv", withDestinationPath: target)
        let tmux = try TmuxSession(
            width: 120, height: 40, command: "cd \(scratch.path) && \(CLI.binary) --store \(scratch.store)")
        try tmux.waitFor("high value")
        try tmux.keys(":")
        try tmux.enter("export tiers.csv")
        try tmux.waitFor("Wrote 94 rows to \(scratch.path)/tiers.csv")
        let written = try String(contentsOfFile: scratch.path + "/tiers.csv", encoding: .utf8)
        #expect(written.hasPrefix("#,Customer,Value,Share,Cum.,Tier,Was,Mv,"))
        #expect(written.split(separator: "\n").count == 95)
        for name in ["tiers.csv", "link.csv"] {
            try tmux.keys(":")
            try tmux.enter("export \(name)")
            // (The message goes on with the path, which the status line may cut.)
            try tmux.waitFor("export: nothing written: the file exists, so choose another name (")
        }
        try tmux.keys(":")
        try tmux.enter("export no/such/folder.csv")
        try tmux.waitFor("export: nothing written: the folder does not exist, so give a path in an existing folder")
        try tmux.keys("q")
        #expect(try tmux.waitForCleanExit())
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep me\n")
    }
}
