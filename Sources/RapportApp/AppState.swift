import Foundation
import RapportDomain
import RapportTheme
import Synchronization

/// The four panes, in tab order.
public enum Pane: Int, CaseIterable, Sendable {
    case tiers, partners, suppliers, accounts, agenda

    public var title: String {
        switch self {
        case .tiers: "Tiers"
        case .partners: "Partners"
        case .suppliers: "Suppliers & owners"
        case .accounts: "Accounts"
        case .agenda: "Agenda"
        }
    }

    /// The title where the tab bar is narrow.
    var shortTitle: String { self == .suppliers ? "Suppliers" : title }
}

/// The lists that keep their own selection, scroll, sort and filter.
public enum ListID: Hashable, Sendable, CaseIterable {
    case tiers, partners, owners, ownerAccounts, accounts, agenda, search, detail

    /// The lists whose rows are accounts: where accounts are marked.
    static let ofAccounts: Set<ListID> = [.tiers, .partners, .ownerAccounts, .accounts]
}

/// Selection, scroll, sort and filter of one list.
public struct ListState: Equatable, Sendable {
    public var selected = 0
    public var top = 0
    public var sortColumn = 0
    public var reversed = false
    public var filter = ""
}

/// The one-line prompt at the bottom: a filter being typed, or a `:` command.
public enum Prompt: Equatable, Sendable {
    case filter(String)
    case command(String)
    /// `i`: log an interaction with an account in one line.
    case log(account: String, text: String)
    /// `o`: assign (or clear) an account's owner.
    case owner(account: String, text: String)
    /// `o` on a follow-up in the agenda: assign (or clear) the follow-up's own owner.
    case followUpOwner(interaction: String, text: String)
    /// `z` in the agenda: move a follow-up to another day.
    case snooze(interaction: String, text: String)
    /// `o` with accounts marked: one owner for them all.
    case bulkOwner(text: String)
    /// `i` with accounts marked: one interaction logged with each.
    case bulkLog(text: String)

    /// What has been typed.
    var text: String {
        switch self {
        case .filter(let text), .command(let text), .log(_, let text), .owner(_, let text),
            .followUpOwner(_, let text), .snooze(_, let text), .bulkOwner(let text), .bulkLog(let text):
            text
        }
    }
}

/// What the agenda is narrowed to, besides `m`: one owner's items ("" for the unassigned ones),
/// and some kinds of item (what Enter on an owner's Overdue or Stale count asks for).
public struct AgendaNarrowing: Hashable, Sendable {
    public var owner: String?
    public var kinds: Set<AgendaKind>?

    public init(owner: String? = nil, kinds: Set<AgendaKind>? = nil) {
        self.owner = owner
        self.kinds = kinds
    }
}

/// A message on the status line.
public struct Message: Equatable, Sendable {
    public let text: String
    public let isError: Bool

    public init(_ text: String, isError: Bool = false) {
        self.text = text
        self.isError = isError
    }
}

/// The whole state of the dashboard: one value, changed only by `update`.
public struct AppState: Sendable {
    public var portfolio: Portfolio
    /// Derived data; replacing it (new data or as-of) invalidates the list cache.
    public var dashboard: Dashboard {
        didSet { generation += 1 }
    }
    /// Counts dashboard replacements, so cached list models know when they are stale.
    var generation = 0
    /// Built list models, reused until something they depend on changes (at 100,000 accounts a
    /// rebuild costs seconds; a keystroke that only moves the selection must not pay it).
    let cache = ModelCache()
    public var width: Int
    public var height: Int
    public var pane: Pane = .tiers
    public var lists: [ListID: ListState] = [:]
    public var prompt: Prompt?
    public var showHelp = false
    /// The account shown in detail, and the scroll of its timeline.
    public var detail: String?
    /// Focus in the Suppliers & owners pane: the owner list, or the selected owner's key accounts.
    public var ownerAccountsFocused = false
    public var tierFilter: Tier?
    /// Segment filters of the Tiers pane: industry, region, purchase frequency band.
    public var segment = Segment()
    /// Questions asked as filters (`:moved down`, `:standing blocked`), each of its own pane.
    public var questions = Questions()
    /// The hits of `:search`, shown over the pane until Esc.
    public var searchResults: SearchResults?
    /// Marked accounts, by id: the bulk actions (o, i, d, :export) act on them all.
    public var marks: Set<String> = []
    /// The user's saved views by name: the commands that rebuild each (kept in config.toml).
    public var savedViews: [String: [String]] = [:]
    public var paretoView = false
    /// Narrowed to "my portfolio" (`m`).
    public var mine = false
    /// The agenda narrowed to an owner or kinds of item (nil: everything `m` allows).
    public var agendaNarrowing: AgendaNarrowing?
    /// The owner who is "me", from config or the OS user name.
    public var me: String?
    public var meHint: String
    public var message: Message?
    public var storeLabel: String
    public var mouse: Bool
    /// Theme names `t` cycles through, and the one in use.
    public var themeNames: [String] = []
    public var themeName = "default"
    /// Today, for `:as-of today` and relative dates.
    public var today: Day
    /// The open form (add, edit, rate), drawn over the pane.
    public var form: Form?
    /// A question waiting for an answer (delete this? archive instead?).
    public var confirm: Confirm?
    /// This session's saved changes, newest last: `u` reverts the last, Ctrl-R reapplies.
    public var undoSteps: [UndoStep] = []
    public var redoSteps: [UndoStep] = []
    /// The commit the shell is making now, and what to do when it reports back.
    var pending: PendingCommit?
    /// Which records the account detail lists.
    public var detailSection: DetailSection = .interactions
    /// Rows to select again in lists not on screen when the data changed (by list).
    var pendingSelections: [ListID: String] = [:]
    /// The loaded change history of the account in detail.
    public var history: (account: String, items: [HistoryItem])? {
        didSet { historyGeneration += 1 }
    }
    /// Counts history loads, so the cached detail list knows when it is stale.
    var historyGeneration = 0
    /// How much of the store is read, and what is being read in the background.
    public var reading: StoreReading
    /// Why edits are refused before a form opens (read-only role, server unreachable); nil: they can be made.
    public var editRefusal: String?

    /// Set while a large store's history is read in the background: the first frame shows the
    /// accounts at once, and what needs the history waits (and edits are off) until it is read.
    public var loading: Loading? {
        if case .rest(let loading) = reading { loading } else { nil }
    }

    public init(
        portfolio: Portfolio, asOf: Day, width: Int, height: Int, storeLabel: String, me: String? = nil,
        meHint: String = "", mouse: Bool = true, today: Day? = nil, loading: Loading? = nil,
        themeNames: [String] = [], themeName: String = "default", message: Message? = nil
    ) {
        self.today = today ?? asOf
        self.portfolio = portfolio
        reading = loading.map { .rest($0) } ?? .complete
        self.themeNames = themeNames
        self.themeName = themeName
        self.message = message
        dashboard = Dashboard(portfolio: portfolio, asOf: asOf, history: loading == nil)
        self.width = width
        self.height = height
        self.storeLabel = storeLabel
        self.me = me.flatMap { portfolio.owner(matching: $0)?.id }
        self.meHint = meHint.isEmpty ? (me ?? "") : meHint
        self.mouse = mouse
    }

    public var asOf: Day { dashboard.asOf }

    public subscript(list: ListID) -> ListState {
        get { lists[list] ?? ListState() }
        set { lists[list] = newValue }
    }

    /// The list that arrow keys move in right now.
    public var focusedList: ListID {
        if detail != nil { return .detail }
        if searchResults != nil { return .search }
        switch pane {
        case .tiers: return .tiers
        case .partners: return .partners
        case .suppliers: return ownerAccountsFocused ? .ownerAccounts : .owners
        case .accounts: return .accounts
        case .agenda: return .agenda
        }
    }

    /// Whose agenda the Agenda pane shows: the owner it is narrowed to, else mine with `m`, else everyone's.
    var agendaScope: AgendaScope {
        if let owner = agendaNarrowing?.owner { return owner.isEmpty ? .unassigned : .owner(owner) }
        if mine, let me { return .owner(me) }
        return .everyone
    }

    /// Whether the terminal is big enough to draw the dashboard.
    public var tooSmall: Bool { width < 60 || height < 15 }
}

/// How much of the store the dashboard has: one state machine for the first step of a large
/// store and for reading a store again that another process rewrote.
public enum StoreReading: Equatable, Sendable {
    /// Everything is read; when idle, look for other processes' edits.
    case complete
    /// A first frame from part of the store; the rest is read in the background (and why that
    /// failed, if it did). Edits and the panes that need the rest wait.
    case rest(Loading)
    /// Another process rewrote the store; it is read again in the background while this copy
    /// keeps showing and taking edits.
    case rereading
    /// Reading a rewritten store in the background failed: refreshes read it here from now on,
    /// and report why if they fail too.
    case rereadFailed
}

/// What a store opened in two steps is still reading.
public struct Loading: Equatable, Sendable {
    /// What is being read, as the waiting panes name it ("sales, purchases and interactions, 493 MB").
    public var what: String
    /// Why reading stopped, if it failed: the panes say so and edits stay off.
    public var failure: String?

    public init(what: String, failure: String? = nil) {
        self.what = what
        self.failure = failure
    }

    /// Why a key does nothing yet: `subject` ("Edits are") waits for the rest of the store.
    func refusal(_ subject: String) -> String {
        failure == nil
            ? "\(subject) available once the rest of the store has been read (\(what)): a few seconds"
            : "\(subject) unavailable: the rest of the store could not be read. Quit (q) and run rapport check"
    }
}

/// Industry, region and frequency-band filters of the Tiers pane.
public struct Segment: Hashable, Sendable {
    public var industry: String?
    public var region: String?
    public var frequency: FrequencyBand?

    public var isEmpty: Bool { industry == nil && region == nil && frequency == nil }

    func admits(_ row: TierRow) -> Bool {
        (industry == nil || row.industry == industry) && (region == nil || row.region == region)
            && (frequency == nil || row.frequency == frequency)
    }

    var summary: String {
        [industry.map { "industry \($0)" }, region.map { "region \($0)" }, frequency.map { "\($0.rawValue) orders" }]
            .compactMap { $0 }.joined(separator: ", ")
    }
}

/// Memoized list models, keyed by everything a model depends on. Shared between copies of the
/// state; a stale entry is never returned because the key includes the stamps of the analytics
/// the list is built from (see ``AppState/inputs(of:)``).
final class ModelCache: Sendable {
    struct Key: Hashable {
        var inputs: [UInt64]
        let list: ListID
        let filter: String
        var sortColumn: Int
        let reversed: Bool
        let tier: Tier?
        let segment: Segment
        let mine: Bool
        let me: String?
        let owner: String?
        var agenda: AgendaNarrowing? = nil
        var questions = Questions()
    }

    struct Tables {
        var entries: [ListID: (Key, ListModel)] = [:]
        var unsorted: [ListID: (Key, [Sortable])] = [:]
        var bases: [ListID: (Key, [Sortable])] = [:]
        var columns: [ListID: (Key, SearchColumn)] = [:]
        var matches: [ListID: (Key, [Int])] = [:]
        /// Per list, the rows' ranks by each column sorted so far, while the rows stay the same.
        var ranks: [ListID: (Key, [Int: SortRanks])] = [:]
        /// How many times rows were patched rather than built (the tests look).
        var patches = 0
    }

    private let tables = Mutex(Tables())

    var patchCount: Int { tables.withLock { $0.patches } }

    /// A list's rows before sorting, built once per key (which ignores the sort order).
    func items(for key: Key, build: () -> [Sortable]) -> [Sortable] { cached(key, in: \.unsorted, build) }

    /// A list's rows before the typed filter and sorting (the key's filter is empty). When the
    /// rows stored were built for another key, `patch` may make these from them (nil: build).
    func baseItems(
        for key: Key, patch: ((Key, [Sortable]) -> [Sortable]?)? = nil, build: () -> [Sortable]
    ) -> [Sortable] {
        cached(key, in: \.bases) {
            if let patch, let (stored, rows) = tables.withLock({ $0.bases[key.list] }),
                let patched = patch(stored, rows)
            {
                tables.withLock { $0.patches += 1 }
                return patched
            }
            return build()
        }
    }

    /// The search text of those rows, for the typed filter.
    func searchColumn(for key: Key, build: () -> SearchColumn) -> SearchColumn { cached(key, in: \.columns, build) }

    /// The positions of the rows the typed filter keeps, among rows before the filter.
    func matches(for key: Key, build: () -> [Int]) -> [Int] { cached(key, in: \.matches, build) }

    /// Each row's rank by the key's sort column, among the rows `key` names: kept for every
    /// column while the rows are, so that cycling through the sorts with `s` ranks each once.
    func ranks(for key: Key, build: () -> SortRanks) -> SortRanks {
        var rows = key
        rows.sortColumn = 0
        if let stored = tables.withLock({ $0.ranks[key.list] }), stored.0 == rows, let found = stored.1[key.sortColumn]
        {
            return found
        }
        let built = build()
        tables.withLock {
            var columns = $0.ranks[key.list].flatMap { $0.0 == rows ? $0.1 : nil } ?? [:]
            columns[key.sortColumn] = built
            $0.ranks[key.list] = (rows, columns)
        }
        return built
    }

    func model(for key: Key, build: () -> ListModel) -> ListModel { cached(key, in: \.entries, build) }

    /// The model last built for a list, whatever it was built from.
    func lastModel(_ list: ListID) -> ListModel? { tables.withLock { $0.entries[list]?.1 } }

    /// The value stored for `key`'s list if it was built from `key`, else built (outside the
    /// lock, as building can take long) and stored.
    private func cached<Value: Sendable>(
        _ key: Key, in table: WritableKeyPath<Tables, [ListID: (Key, Value)]> & Sendable, _ build: () -> Value
    ) -> Value {
        if let (stored, value) = tables.withLock({ $0[keyPath: table][key.list] }), stored == key { return value }
        let value = build()
        tables.withLock { $0[keyPath: table][key.list] = (key, value) }
        return value
    }
}

/// What the account detail lists below its header; ←/→ switch.
public enum DetailSection: Int, CaseIterable, Sendable {
    case interactions, contacts, sales, purchases, evaluations, history

    public var title: String {
        switch self {
        case .interactions: "Interactions"
        case .contacts: "Contacts"
        case .sales: "Sales"
        case .purchases: "Purchases"
        case .evaluations: "Evaluations"
        case .history: "History"
        }
    }

    var kind: RecordKind? {
        switch self {
        case .interactions: .interaction
        case .contacts: .contact
        case .sales: .sale
        case .purchases: .purchase
        case .evaluations: .evaluation
        case .history: nil
        }
    }
}

/// A question on screen: what the keys do, each naming what happens.
public struct Confirm: Equatable, Sendable {
    public let title: String
    public let lines: [String]
    public let actions: [ConfirmAction]
}

public struct ConfirmAction: Equatable, Sendable {
    public let key: Character
    public let label: String
    public let changes: [Change]
    public let done: String
    /// Text the action puts on the clipboard instead of changing anything.
    public var copy: String? = nil
}

/// One record before and after a saved change (nil: it did not exist).
public struct RecordTransition: Equatable, Sendable {
    public let kind: RecordKind
    public let id: String
    public let before: AnyRecord?
    public let after: AnyRecord?
}

/// One saved change of this session, as undo sees it.
public struct UndoStep: Equatable, Sendable {
    public let done: String
    public let transitions: [RecordTransition]

    /// The changes that bring the records from `after` back to `before`, newest first.
    public var revert: [Change] {
        transitions.reversed().compactMap { step in
            switch (step.before, step.after) {
            case (nil, let after?): .delete(step.kind, id: step.id, base: after.version)
            case (let before?, let after?): .put(before, base: after.version)
            case (let before?, nil): .put(before, base: nil)
            case (nil, nil): nil
            }
        }
    }
}

/// A commit in flight: why it was made, and the records as they were before.
struct PendingCommit: Equatable, Sendable {
    enum Intent: Equatable, Sendable { case edit, undo, redo }
    let intent: Intent
    let done: String
    let before: [AnyRecord?]
    let fromForm: Bool
    /// The undo or redo step being applied, put back if the commit fails.
    let step: UndoStep?
}
