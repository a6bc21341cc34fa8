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
    /// Another process (or this one) changed the store.
    case dataChanged(Portfolio)
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
}
