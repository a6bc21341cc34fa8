import RapportDomain

/// Something a key does on a pane or an account's page.
enum Action: Equatable, Sendable {
    case demo, up, down, pageUp, pageDown, first, last
    case nextSection, previousSection, open, ownerAccounts, owners
    case filter, nextMatch, previousMatch, sort, reverse, pareto
    case add, edit, delete, log, assignOwner, rate, notes, markDone, snooze, undo, redo
    case mine, pane, nextPane, previousPane, command, nextTheme, back, help, quit
    case mark, markAll, copy, showRecord
}

/// Where a key binding works.
enum Scope: Sendable {
    /// Everywhere on the panes and an account's page.
    case anywhere
    /// On a pane's lists, not on an account's page.
    case lists
    /// On an account's page.
    case detail
    /// On the Tiers pane's list.
    case tiers
    /// On the Suppliers & owners pane.
    case suppliers
    /// On the Agenda pane.
    case agenda
    /// When the store is empty.
    case emptyStore

    func admits(_ state: AppState) -> Bool {
        switch self {
        case .anywhere: true
        case .lists: state.detail == nil
        case .detail: state.detail != nil
        case .tiers: state.pane == .tiers && state.detail == nil
        case .suppliers: state.pane == .suppliers && state.detail == nil
        case .agenda: state.pane == .agenda && state.detail == nil
        case .emptyStore: state.portfolio.isEmpty
        }
    }
}

/// What a key waits for while the rest of a large store is read.
enum Wait: Sendable {
    /// An edit, or something that needs the history: refused until the whole store is read.
    case edits
    /// Refused on the panes that wait for the history (all but Accounts).
    case pane
}

/// The screens the key-hint bar distinguishes.
enum HintScreen: Sendable {
    /// A pane's lists.
    case list
    /// An account's page.
    case detail
    /// The empty store's welcome.
    case empty
    /// A pane waiting for the rest of a large store.
    case waiting
}

/// A binding's entry in the key-hint bar: on which screens, and its keys and words there (nil: not now).
struct Hint: Sendable {
    let screens: Set<HintScreen>
    let text: @Sendable (AppState) -> (keys: String, label: String)?
    /// Shown at every width: where the bar is too narrow, the other hints give way.
    var pinned = false

    init(_ screens: Set<HintScreen>, _ keys: String, _ label: String, pinned: Bool = false) {
        self.screens = screens
        text = { _ in (keys, label) }
        self.pinned = pinned
    }

    init(_ screens: Set<HintScreen>, text: @escaping @Sendable (AppState) -> (keys: String, label: String)?) {
        self.screens = screens
        self.text = text
    }
}

/// One entry of the hint bar as drawn.
struct HintText: Equatable, Sendable {
    let keys: String
    let label: String
    /// Kept at every width (help and quit).
    var pinned = false
}

/// One key binding: the keys, where they work, what they do, and the words the help, the hint
/// bar and the README use for it.
struct Binding: Sendable {
    let keys: [Key]
    /// The keys as the help and the README write them.
    let shown: String
    let action: Action
    let scope: Scope
    /// A few words for the help overlay.
    let label: String
    /// The README's description.
    let about: String
    let wait: Wait?
    let hints: [Hint]

    init(
        _ keys: [Key], _ shown: String, _ action: Action, _ scope: Scope = .anywhere, label: String,
        about: String? = nil,
        wait: Wait? = nil, hints: [Hint] = []
    ) {
        self.keys = keys
        self.shown = shown
        self.action = action
        self.scope = scope
        self.label = label
        self.about = about ?? label
        self.wait = wait
        self.hints = hints
    }
}

/// Every key of the panes and the account page, in one table: dispatch, the hint bar, the help
/// overlay, the refusals while a large store is read and the README's key table all come from it.
/// The order is the help's and the README's, and the hint bar's within each screen.
/// (Forms, prompts and questions have their own keys, shown on their own hint bars.)
enum Keymap {
    static let bindings: [Binding] = [
        Binding(
            [.char("d")], "d", .demo, .emptyStore, label: "load the demo data",
            about: "on an empty store: load the demo data (300 accounts) to look around",
            hints: [Hint([.empty], "d", "load demo data")]),
        Binding([.up, .char("k")], "↑ k", .up, label: "move up", hints: [Hint([.list], "↑↓", "move")]),
        Binding([.down, .char("j")], "↓ j", .down, label: "move down"),
        Binding([.pageUp, .ctrl("b")], "PgUp ^B", .pageUp, label: "page up"),
        Binding([.pageDown, .ctrl("f")], "PgDn ^F", .pageDown, label: "page down"),
        Binding(
            [.home, .char("g")], "g Home", .first, label: "first row", about: "first row (on an account's page: top)"),
        Binding([.end, .char("G")], "G End", .last, label: "last row"),
        Binding(
            [.right, .char("l")], "→ l", .nextSection, .detail, label: "next section",
            about: "on an account's page: the next section (Interactions, Contacts, Sales, Purchases, "
                + "Evaluations, History)",
            hints: [Hint([.detail], "←→", "section")]),
        Binding(
            [.left, .char("h")], "← h", .previousSection, .detail, label: "previous section",
            about: "on an account's page: the previous section"),
        Binding(
            [.enter], "Enter", .open, .lists, label: "open the account",
            about: "open the selected account's page (on Suppliers & owners: the owner's key accounts; sorted by "
                + "Overdue or Stale, that owner's overdue follow-ups or visits due in the Agenda, as a double click on "
                + "the count does)",
            hints: [
                Hint([.list]) { state in
                    // While the rest of the store is read, Enter would only say that account pages wait.
                    guard state.loading == nil else { return nil }
                    guard state.pane == .suppliers, !state.ownerAccountsFocused else { return ("Enter", "open") }
                    switch state.agendaFromOwnerCount {
                    case [.overdue]?: return ("Enter", "overdue items")
                    case [.visitDue]?: return ("Enter", "visits due")
                    default: return ("Enter", "key accounts")
                    }
                }
            ]),
        Binding(
            [.enter], "Enter", .showRecord, .detail, label: "show the interaction whole",
            about: "on an account's Interactions: the selected interaction whole, with its owner, who logged it "
                + "and its follow-up in words"),
        Binding(
            [.right, .char("l")], "→ l", .ownerAccounts, .suppliers, label: "the owner's key accounts",
            about: "on Suppliers & owners: the selected owner's key accounts",
            hints: [
                Hint([.list]) { state in
                    guard state.pane == .suppliers else { return nil }
                    return state.ownerAccountsFocused ? ("←/Esc", "owners") : ("→", "key accounts")
                }
            ]),
        Binding(
            [.left, .char("h")], "← h", .owners, .suppliers, label: "back to the owners",
            about: "on Suppliers & owners: back to the owner list"),
        Binding(
            [.char("/")], "/", .filter, .lists, label: "filter as you type",
            about: "filter as you type, ignoring case and diacritics (`mobler` finds Kontorsmöbler AB, `有限` finds "
                + "Chinese names); searches name, industry, region, tags and contacts' names, emails and phones",
            wait: .pane, hints: [Hint([.list], "/", "filter")]),
        Binding(
            [.char("n")], "n", .nextMatch, label: "next match", about: "the next row the filter matches", wait: .pane),
        Binding(
            [.char("N")], "N", .previousMatch, label: "previous match", about: "the previous row the filter matches",
            wait: .pane),
        Binding(
            [.char("s")], "s", .sort, .lists, label: "sort by the next column", wait: .pane,
            hints: [Hint([.list], "s/S", "sort")]),
        Binding([.char("S")], "S", .reverse, .lists, label: "reverse the sort", wait: .pane),
        Binding(
            [.char("p")], "p", .pareto, .tiers, label: "Pareto curve, or the list",
            about: "on Tiers: the Pareto curve of cumulative value, and back to the list", wait: .pane,
            hints: [
                Hint([.list]) { state in
                    state.pane == .tiers ? ("p", state.paretoView ? "list" : "pareto") : nil
                }
            ]),
        Binding(
            [.char(" ")], "Space", .mark, .lists, label: "mark the account",
            about: "mark the selected account (or unmark it) and move down; o, i, d and `:export` then act on every "
                + "marked account at once, as one edit that u undoes; Esc unmarks them all",
            hints: [
                Hint([.list]) { state in state.marks.isEmpty ? nil : ("Space/*", "\(state.marks.count) marked") }
            ]),
        Binding(
            [.char("*")], "*", .markAll, .lists, label: "mark every row shown",
            about: "mark every row the list shows (again: unmark them)"),
        Binding(
            [.char("a")], "a", .add, label: "add",
            about: "add in context: an account in the account lists, an owner in the owner list, and on an "
                + "account's page a record of the section shown (contact, interaction, sale, purchase, evaluation)",
            wait: .edits,
            hints: [Hint([.detail], "a/e/d", "add/edit/delete"), Hint([.empty], "a", "add an account")]),
        Binding(
            [.char("e")], "e", .edit, label: "edit", about: "edit the selected account, owner or record",
            wait: .edits),
        Binding(
            [.char("d")], "d", .delete, label: "delete (or archive)",
            about: "delete the selected account, owner or record; an account with history can be archived instead",
            wait: .edits),
        Binding(
            [.char("i")], "i", .log, label: "log an interaction",
            about: "log an interaction with the selected account in one line: `visit commitment Promised a quote "
                + "+7d` (channel, optional kind, summary, optional follow-up date)",
            wait: .edits, hints: [Hint([.detail], "i", "log"), agendaHint("i", "log")]),
        Binding(
            [.char("o")], "o", .assignOwner, label: "assign the owner",
            about: "assign the selected account's owner (Tab completes; `none` clears); in the Agenda, a follow-up's "
                + "own owner",
            wait: .edits, hints: [agendaHint("o", "owner")]),
        Binding(
            [.char("r")], "r", .rate, label: "rate 1–5",
            about: "rate the account: every 1–5 rating that applies to its roles, each with what its 1 and 5 mean",
            wait: .edits, hints: [Hint([.detail], "r", "rate")]),
        Binding(
            [.char("E")], "E", .notes, label: "notes in $EDITOR",
            about: "edit the account's notes in `$VISUAL` or `$EDITOR` (run without a shell, on a private 0600 "
                + "temp file)",
            wait: .edits),
        Binding(
            [.char("x")], "x", .markDone, label: "mark a follow-up done",
            about: "mark the selected follow-up done (in the Agenda, or on an account's Interactions)", wait: .edits,
            hints: [Hint([.detail], "x", "done"), agendaHint("x", "done")]),
        Binding(
            [.char("z")], "z", .snooze, .agenda, label: "snooze a follow-up",
            about: "in the Agenda: move the selected follow-up to another day (`+7d`, `+2w`, `tomorrow`, a date)",
            wait: .edits, hints: [agendaHint("z", "snooze")]),
        Binding(
            [.char("u")], "u", .undo, label: "undo",
            about: "undo your last change since Rapport started (refused if someone else changed the record since)",
            wait: .edits, hints: [Hint([.detail], "u", "undo")]),
        Binding(
            [.ctrl("r")], "^R", .redo, label: "redo", about: "redo what `u` undid", wait: .edits),
        Binding(
            [.char("m")], "m", .mine, label: "only my accounts",
            about: "only my accounts: the owner matching `me =` in `$XDG_CONFIG_HOME/rapport/config.toml` (email "
                + "or name), else your OS user name",
            hints: [Hint([.list]) { state in ("m", state.mine ? "everyone" : "mine") }]),
        Binding(
            [.char("1"), .char("2"), .char("3"), .char("4"), .char("5")], "1-5", .pane, label: "go to pane 1–5",
            about: "go to Tiers, Partners, Suppliers & owners, Accounts, Agenda",
            hints: [Hint([.waiting], "4", "accounts")]),
        Binding([.tab], "Tab", .nextPane, label: "next pane", hints: [Hint([.list, .waiting], "Tab/1-5", "panes")]),
        Binding([.backTab], "S-Tab", .previousPane, label: "previous pane"),
        Binding(
            [.char(":")], ":", .command, label: "command (Tab completes)",
            about: "command line with Tab completion: `:as-of 2026-06-30`, `:tier A`, `:industry NAME`, "
                + "`:region NAME` (the start of a name will do, in any case), `:freq 2-5`, questions (see below), "
                + "`:owner NAME`, `:mine`, `:pareto`, `:filter TEXT`, `:sort COLUMN`, `:search TEXT` (interaction "
                + "summaries, every account), `:export FILE.csv` (the list as shown), `:pane NAME`, `:save NAME`, "
                + "`:view NAME`, `:clear`, `:theme NAME`, `:help`, `:quit`",
            hints: [Hint([.list], ":", "command")]),
        Binding(
            [.char("y")], "y", .copy, label: "copy name, email, phone",
            about: "copy the selected account's (or contact's) name, email or phone to the clipboard, through the "
                + "terminal (OSC 52): over SSH and inside tmux too"),
        Binding([.char("t")], "t", .nextTheme, label: "next theme", about: "the next theme, live"),
        Binding(
            [.escape], "Esc", .back, label: "back, close, clear filter",
            about: "back: close the account's page, leave the key accounts, unmark, clear the filter, leave the Pareto "
                + "curve",
            hints: [Hint([.detail], "Esc", "back")]),
        Binding(
            [.char("?"), .function(1)], "? F1", .help, label: "this help", about: "help for the current screen",
            hints: [Hint([.list, .detail, .empty, .waiting], "?", "help", pinned: true)]),
        Binding(
            [.char("q")], "q", .quit, label: "quit",
            hints: [Hint([.list, .empty, .waiting], "q", "quit", pinned: true)]),
    ]

    /// A hint shown on the Agenda pane only.
    static func agendaHint(_ keys: String, _ label: String) -> Hint {
        Hint([.list]) { state in state.pane == .agenda ? (keys, label) : nil }
    }

    /// The binding `key` has where the user is now.
    static func binding(for key: Key, in state: AppState) -> Binding? {
        bindings.first { $0.keys.contains(key) && $0.scope.admits(state) }
    }

    /// The bindings that work where the user is now, for the help overlay.
    static func available(in state: AppState) -> [Binding] {
        bindings.filter { $0.scope.admits(state) }
    }

    /// The hint bar's entries on `screen`, in order.
    static func hints(on screen: HintScreen, for state: AppState) -> [HintText] {
        bindings.flatMap { binding in
            binding.hints.filter { $0.screens.contains(screen) }.compactMap { hint in
                hint.text(state).map { HintText(keys: $0.keys, label: $0.label, pinned: hint.pinned) }
            }
        }
    }

    /// The README's key table: every binding, in order.
    static func markdownTable() -> String {
        var lines = ["| Keys | |", "|---|---|"]
        for binding in bindings {
            let keys = binding.shown.split(separator: " ").map { "`\($0)`" }.joined(separator: " ")
            lines.append("| \(keys) | \(binding.about.replacingOccurrences(of: "|", with: "\\|")) |")
        }
        return lines.joined(separator: "\n")
    }
}
