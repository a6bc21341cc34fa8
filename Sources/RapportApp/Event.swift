import RapportDomain

/// A key as the app sees it, whatever terminal it came from.
public enum Key: Equatable, Sendable {
    case char(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace, delete
    /// Ctrl + a letter (`ctrl("r")`).
    case ctrl(Character)
    /// F1 to F12.
    case function(Int)
}

/// Everything that can happen to the app.
public enum Event: Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
    /// A left click at a cell (double: a double click).
    case click(x: Int, y: Int, double: Bool)
    case wheel(up: Bool)
    /// Text pasted into the terminal (bracketed paste), whole: it goes into the field being typed
    /// and never acts as keys.
    case paste(String)
    /// Nothing happened for a while: time to look for other processes' edits.
    case idle
    /// Other processes' edits, picked up by a refresh: the store's data now.
    case dataChanged(Portfolio)
    /// What became of the last `commit` effect.
    case committed(CommitOutcome)
    /// The change history of an account and its records, oldest first.
    case history(account: String, [HistoryItem])
    /// The editor closed: the notes as saved in it (`base`: the account version they were opened at).
    case notesEdited(account: String, base: Int, text: String)
    /// A theme was loaded and is now in use.
    case themeLoaded(String)
    /// The demo was written into the (empty) store: the store's data now.
    case demoLoaded(Portfolio)
    /// Another process rewrote the store; it is being read again in the background.
    case rereadStarted
    /// The whole store, read in the background (after a first frame drawn from part of it, or
    /// because another process rewrote it), with its dashboard computed there too.
    case storeRead(StoreRead)
    /// Reading the store in the background failed: why.
    case storeReadFailed(String)
    /// Whether edits can be made now: nil when they can, else why not (the user's database role
    /// may only read, the server cannot be reached). Sent when it changes.
    case editAccess(String?)
    /// An effect could not be carried out: what it was ("theme", "notes"), and why.
    case failed(String, reason: String)
    /// The rows were written to this file.
    case exported(path: String, rows: Int)
}

/// A store read in full in the background, as the shell hands it over.
public struct StoreRead: Sendable {
    /// The data as read, and the dashboard computed from it.
    public let portfolio: Portfolio
    public let dashboard: Dashboard
    /// The data after catching up with edits made while it was read (nil: none were).
    public let caughtUp: Portfolio?
    /// What the store says about itself (a torn write dropped).
    public let notices: [String]

    public init(portfolio: Portfolio, dashboard: Dashboard, caughtUp: Portfolio? = nil, notices: [String] = []) {
        self.portfolio = portfolio
        self.dashboard = dashboard
        self.caughtUp = caughtUp
        self.notices = notices
    }
}

/// What became of a commit.
public enum CommitOutcome: Equatable, Sendable {
    /// Durable: the changes as stored (new ids and versions filled in), and the store's data now.
    case saved([Change], Portfolio)
    /// Someone else changed a record first: the error, and the store's data now, theirs included.
    case conflict(ConflictError, Portfolio)
    /// Refused (validation, a full disk, a busy store…): nothing was written.
    case failed(String)
}

/// What the shell around `update` must do. Each effect's result comes back as one event.
public enum Effect: Equatable, Sendable {
    case quit
    /// Write the demo data into the (empty) store; reply with `demoLoaded`.
    case loadDemo
    /// Load and use a theme by name; reply with `themeLoaded`.
    case setTheme(String)
    /// Put the text on the user's clipboard.
    case copy(String)
    /// Write the rows shown as a CSV file (refused if the file exists); reply with `failed` if
    /// it cannot be written, else `exported`.
    case export(path: String, header: [String], rows: [[String]])
    /// Keep the user's saved views (in config.toml); reply with `failed` if they cannot be written.
    case saveViews([String: [String]])
    /// Make changes durable. A put with an empty id gets a fresh id from the store, under its
    /// lock. Reply with `committed`.
    case commit([Change])
    /// Hand the terminal to `$VISUAL`/`$EDITOR` with the account's notes; reply with `notesEdited`.
    case editNotes(account: String, text: String, base: Int)
    /// Read the history of these records; reply with `history`.
    case loadHistory(account: String, ids: [String])
    /// Look for other processes' edits; reply with `dataChanged` if there were any. When the
    /// store was rewritten wholesale and is large, `inBackground` lets the shell read it again
    /// on another thread (reply `rereadStarted`, later `storeRead`).
    case refreshStore(inBackground: Bool)
}
