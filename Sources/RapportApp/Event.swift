import RapportDomain

/// A key as the app sees it, whatever terminal it came from.
public enum Key: Equatable, Sendable {
    case char(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace, delete
    /// Ctrl + a letter (`ctrl("r")`).
    case ctrl(Character)
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
    /// Another process (or this one) changed the store.
    case dataChanged(Portfolio)
    /// What became of the last `commit` effect.
    case committed(CommitOutcome)
    /// The change history of an account and its records, oldest first.
    case history(account: String, [HistoryItem])
    /// The editor closed: the notes as saved in it (`base`: the account version they were opened at).
    case notesEdited(account: String, base: Int, text: String)
    /// The whole store, read in the background after a first frame drawn from part of it, and
    /// its dashboard (computed there too).
    case loaded(Portfolio, Dashboard)
    /// Reading the rest of the store failed: why.
    case loadFailed(String)
}

/// What became of a commit.
public enum CommitOutcome: Equatable, Sendable {
    /// Durable: the changes as stored (new ids and versions filled in).
    case saved([Change])
    /// Someone else changed a record first; the portfolio was already reloaded.
    case conflict(ConflictError)
    /// Refused (validation, a full disk…): nothing was written.
    case failed(String)
}

/// What the shell around `update` must do.
public enum Effect: Equatable, Sendable {
    case quit
    /// Write the demo data into the (empty) store, then send `dataChanged`.
    case loadDemo
    /// Load and use a theme by name (the shell reports failure with `say`).
    case setTheme(String)
    /// Make changes durable. A put with an empty id gets a fresh id from the store, under its lock.
    /// The shell reports success (`done`) or the conflict or validation error with `say`.
    case commit([Change], done: String)
    /// Hand the terminal to `$VISUAL`/`$EDITOR` with the account's notes; reply with `notesEdited`.
    case editNotes(account: String, text: String, base: Int)
    /// Read the history of these records; reply with `history`.
    case loadHistory(account: String, ids: [String])
}
