import RapportDomain
import RapportTheme

/// One terminal cell. A wide character fills its cell and marks the next as a continuation.
public struct Cell: Equatable, Sendable {
    public var text: String
    public var style: Style
    public var continuation: Bool

    public static let blank = Cell(text: " ", style: .normal, continuation: false)
}

/// A rectangle of cells that widgets draw into; the driver paints it, tests print it.
public struct Frame: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Writes text from (x, y), made inert and cut to `limit` cells (with `…`). Returns the cells used.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style, limit: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let room = min(limit ?? (width - x), width - x)
        guard room > 0 else { return 0 }
        let shown = TerminalText.truncate(TerminalText.inert(text), to: room)
        var column = x
        for character in shown {
            let cells = TerminalText.width(String(character))
            if cells == 0 {
                // A lone combining mark: attach it to the previous cell.
                if column > x, column - 1 < width { self[column - 1, y].text.append(character) }
                continue
            }
            guard column + cells <= x + room else { break }
            if column >= 0 {
                // Never leave half of a wide character behind.
                if self[column, y].continuation, column > 0 { self[column - 1, y] = .blank }
                let after = column + cells
                if after < width, self[after, y].continuation { self[after, y] = .blank }
                self[column, y] = Cell(text: String(character), style: style, continuation: false)
                if cells == 2 { self[column + 1, y] = Cell(text: "", style: style, continuation: true) }
            }
            column += cells
        }
        return column - x
    }

    /// Sets the style of a run of cells, keeping their text.
    public mutating func paint(x: Int, y: Int, width count: Int, style: Style) {
        guard y >= 0, y < height else { return }
        for column in max(0, x)..<min(width, x + count) { self[column, y].style = style }
    }

    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, style: Style = .normal) {
        for row in max(0, y)..<min(height, y + h) {
            for column in max(0, x)..<min(width, x + w) {
                self[column, row] = Cell(text: " ", style: style, continuation: false)
            }
        }
    }

    /// The frame as text, one line per row, trailing spaces kept (golden files compare exactly).
    public func text() -> String {
        (0..<height).map { row in
            (0..<width).reduce(into: "") { line, column in
                let cell = self[column, row]
                if !cell.continuation { line += cell.text }
            }
        }.joined(separator: "\n") + "\n"
    }

    /// One style letter per cell, row by row: the attributes golden file.
    public func attributes() -> String {
        (0..<height).map { row in String((0..<width).map { self[$0, row].style.code }) }.joined(separator: "\n") + "\n"
    }
}

/// A rectangle in cells.
public struct Rect: Equatable, Sendable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public func contains(x px: Int, y py: Int) -> Bool { px >= x && px < x + width && py >= y && py < y + height }
}
