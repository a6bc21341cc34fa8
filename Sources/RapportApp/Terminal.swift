import RapportTheme

/// What the program loop needs from a terminal. The ncurses driver is one; a recording
/// terminal in the tests is another, so the loop is tested without a terminal.
public protocol Terminal: AnyObject {
    /// The size in cells now.
    var size: (width: Int, height: Int) { get }
    /// The next key, click, paste or resize, waiting up to `timeout` milliseconds (nil: none came).
    func nextEvent(timeout: Int32) -> Event?
    /// Shows `frame` (a driver draws only the cells that changed).
    func paint(_ frame: Frame)
    /// Draws with `theme` from now on.
    func use(_ theme: Theme)
    /// Puts `text` on the clipboard of the terminal the user sits at (OSC 52), over SSH and
    /// inside tmux too.
    func copy(_ text: String)
    /// Gives the terminal to another program (an editor) while `body` runs.
    func suspended<T>(_ body: () throws -> T) rethrows -> T
}
