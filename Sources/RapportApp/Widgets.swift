import RapportDomain
import RapportTheme

/// A column of a table widget.
struct Column {
    let title: String
    /// Fixed width in cells; 0 shares the room left with other flexible columns.
    var width: Int
    var right = false
    /// ▲ or ▼ on the column the list is sorted by (empty: not sorted by it).
    var mark = ""
    /// A flexible column's least width: columns to its right give way before it gets narrower.
    var minimum = 16
    /// A flexible column's greatest width (a name needs no more than 40 cells).
    var maximum = Int.max
    /// A fixed column that takes the room left over, where its text is often longer (flags, emails).
    var grows = false
    /// A cell worked out when drawn, for the rows on screen only, from the row's id: what changes
    /// without the list's rows being built again (an account's owner, its last contact).
    var live: (@Sendable (String) -> (text: String, style: Style?))? = nil
}

/// One row of a table: the cells, an optional style per cell, and the account it shows.
struct TableRow: Equatable {
    let id: String
    private let content: Content

    private enum Content {
        case formatted(cells: [String], styles: [Style?])
        /// Row `index` of rows that format their cells when read.
        case source(any RowSource, index: Int)
    }

    init(id: String, cells: [String], styles: [Style?] = []) {
        self.id = id
        content = .formatted(cells: cells, styles: styles)
    }

    /// Row `index` of `source`: its cells are formatted when the row is drawn or read, so a
    /// list of 100,000 rows built again (each share moved by a sale) formats the rows on screen.
    init(id: String, source: any RowSource, index: Int) {
        self.id = id
        content = .source(source, index: index)
    }

    var cells: [String] {
        switch content {
        case .formatted(let cells, _): cells
        case .source(let source, let index): (0..<source.columnCount).map { source.cell(index, $0) }
        }
    }

    /// The cell in column `column` alone ("" past the last).
    func cell(_ column: Int) -> String {
        switch content {
        case .formatted(let cells, _): cells.indices.contains(column) ? cells[column] : ""
        case .source(let source, let index): column < source.columnCount ? source.cell(index, column) : ""
        }
    }

    var styles: [Style?] {
        switch content {
        case .formatted(_, let styles): styles
        case .source(let source, let index): (0..<source.columnCount).map { source.style(index, $0) }
        }
    }

    static func == (lhs: TableRow, rhs: TableRow) -> Bool {
        lhs.id == rhs.id && lhs.cells == rhs.cells && lhs.styles == rhs.styles
    }
}

/// Rows that give each row's cells and styles when asked.
protocol RowSource: AnyObject, Sendable {
    var columnCount: Int { get }
    func cell(_ index: Int, _ column: Int) -> String
    func style(_ index: Int, _ column: Int) -> Style?
}

enum Widgets {
    /// `text` in lines of at most `width` columns, broken at spaces (a longer word stays whole).
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if line.isEmpty || TerminalText.width(candidate) <= width {
                line = candidate
            } else {
                lines.append(line)
                line = String(word)
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// Draws a table with a header and a selection bar; `top` is the first row shown.
    static func table(
        _ frame: inout Frame, _ area: Rect, columns: [Column], rows: ListRows, selected: Int?, top: Int,
        focused: Bool = true, empty: String = "(nothing to show)"
    ) {
        guard area.height > 0, area.width > 0 else { return }
        let counter = rows.count > area.height - 1 ? " \(min(rows.count, (selected ?? 0) + 1))/\(rows.count)" : ""
        let widths = columnWidths(columns, in: area, rows: rows.count)
        var x = area.x
        /// The header's cells that hold title text: the row counter goes where they leave room.
        var titled = [Bool](repeating: false, count: area.width)
        for (column, width) in zip(columns, widths) where width > 0 {
            // A sort mark stays visible however narrow the column: the title gives way.
            let title =
                column.mark.isEmpty
                ? TerminalText.fit(column.title, to: width, alignRight: column.right)
                : TerminalText.fit(
                    String(column.title.prefix(max(0, width - 1))) + column.mark, to: width, alignRight: column.right)
            frame.put(title, x: x, y: area.y, style: .header, limit: width)
            let text = TerminalText.width(title.trimmingASCIIWhitespace())
            let start = x - area.x + (column.right ? width - text : 0)
            for cell in max(0, start)..<min(area.width, start + text) { titled[cell] = true }
            x += width + 1
        }
        frame.paint(x: area.x, y: area.y, width: area.width, style: .header)
        let visible = area.height - 1
        guard visible > 0 else { return }
        if rows.isEmpty {
            frame.put(empty, x: area.x + 1, y: area.y + 1, style: .dim, limit: area.width - 1)
            return
        }
        for offset in 0..<visible {
            let index = top + offset
            guard index < rows.count else { break }
            let row = rows[index]
            let (cells, styles) = (row.cells, row.styles)
            let y = area.y + 1 + offset
            let isSelected = index == selected
            var x = area.x
            for (position, (column, width)) in zip(columns, widths).enumerated() where width > 0 {
                let live = column.live?(row.id)
                let text = live?.text ?? (position < cells.count ? cells[position] : "")
                let style =
                    isSelected
                    ? (focused ? Style.selected : .accent)
                    : live.map { $0.style ?? .normal }
                        ?? (styles.count > position ? styles[position] ?? .normal : .normal)
                frame.put(
                    TerminalText.fit(text, to: width, alignRight: column.right), x: x, y: y, style: style, limit: width)
                x += width + 1
            }
            if isSelected { frame.paint(x: area.x, y: y, width: area.width, style: focused ? .selected : .accent) }
        }
        // At the right of the header, or where the titles leave room nearest to it: room for
        // the counter at its widest, so that it stays put as the selection moves.
        if !counter.isEmpty, let end = blankRunEnd(titled, length: TerminalText.width(" \(rows.count)/\(rows.count)")) {
            frame.put(counter, x: area.x + end - TerminalText.width(counter), y: area.y, style: .dim)
        }
    }

    /// Where text of `length` cells ends (exclusive) in the rightmost run of cells that are not
    /// `taken` and holds it, with a blank cell kept before a taken one to its right.
    static func blankRunEnd(_ taken: [Bool], length: Int) -> Int? {
        var runEnd = taken.count
        for index in taken.indices.reversed() {
            let end = runEnd == taken.count ? runEnd : runEnd - 1
            if taken[index] {
                runEnd = index
            } else if end - index >= length {
                return end
            }
        }
        return nil
    }

    /// Fixed columns get their width; flexible ones share what is left, each at least its
    /// minimum and at most its maximum. Columns that do not fit are dropped from the right, so
    /// put the least needed last. Room that no flexible column may take goes to the columns that
    /// grow (else it stays blank at the right, rather than between a name and its figures).
    /// The widths ``table(_:_:columns:rows:selected:top:focused:empty:)`` gives `columns` in
    /// `area` for `count` rows: beside the row counter at its widest, so that no column comes or
    /// goes as the selection moves from row 9 to row 10. Where that room would cost a column
    /// (" 74437/74437" is 12 cells), the columns keep it, and the counter shows in the header
    /// where the titles leave room, or not at all.
    static func columnWidths(_ columns: [Column], in area: Rect, rows count: Int) -> [Int] {
        let all = columnWidths(columns, total: area.width)
        guard count > area.height - 1 else { return all }
        let beside = columnWidths(columns, total: area.width - TerminalText.width(" \(count)/\(count)"))
        return beside.count { $0 > 0 } == all.count { $0 > 0 } ? beside : all
    }

    static func columnWidths(_ columns: [Column], total: Int) -> [Int] {
        var widths = columns.map(\.width)
        func needed(_ count: Int) -> Int {
            columns.prefix(count).reduce(0) { $0 + ($1.width == 0 ? $1.minimum : $1.width) } + max(0, count - 1)
        }
        var count = widths.count
        while count > 1, needed(count) > total { count -= 1 }
        for index in count..<widths.count { widths[index] = -1 }
        var room = total - widths.prefix(count).filter { $0 > 0 }.reduce(0, +) - max(0, count - 1)
        // Flexible columns share the room evenly; those that reach their maximum leave the rest
        // to the others.
        var open = (0..<count).filter { columns[$0].width == 0 }
        while !open.isEmpty {
            let share = max(1, room / open.count)
            let capped = open.filter { columns[$0].maximum < share }
            guard !capped.isEmpty else {
                for index in open { widths[index] = share }
                room -= share * open.count
                break
            }
            for index in capped {
                widths[index] = columns[index].maximum
                room -= columns[index].maximum
            }
            open.removeAll { capped.contains($0) }
        }
        let growing = (0..<count).filter { columns[$0].grows && columns[$0].width > 0 }
        if room > 0, !growing.isEmpty {
            for (position, index) in growing.enumerated() {
                widths[index] += room / growing.count + (position < room % growing.count ? 1 : 0)
            }
        }
        let flexible = (0..<count).contains { columns[$0].width == 0 }
        if !flexible, count > 0, needed(count) > total { widths[0] = max(1, widths[0] - (needed(count) - total)) }
        return widths.map { max(0, $0) }
    }

    /// A horizontal bar of `fraction` of `width` cells, with eighth-block precision.
    static func bar(_ fraction: Double, width: Int) -> String {
        guard width > 0, fraction.isFinite else { return "" }
        let eighths = Int((min(max(fraction, 0), 1) * Double(width * 8)).rounded())
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return String(repeating: "█", count: eighths / 8) + partial[eighths % 8]
    }

    /// ▁▂▃▄▅▆▇█ for a series of non-negative values (blank for no data).
    static func sparkline(_ values: [Double]) -> String {
        let top = values.max() ?? 0
        let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        return String(
            values.map { value in
                guard top > 0, value > 0 else { return value > 0 ? "▁" : " " }
                return blocks[min(7, Int(value / top * 7.999))]
            })
    }

    /// A box outline with a title.
    static func box(_ frame: inout Frame, _ area: Rect, title: String, style: Style = .border) {
        guard area.width >= 2, area.height >= 2 else { return }
        let right = area.x + area.width - 1
        let bottom = area.y + area.height - 1
        for x in area.x...right {
            frame.put("─", x: x, y: area.y, style: style)
            frame.put("─", x: x, y: bottom, style: style)
        }
        for y in area.y...bottom {
            frame.put("│", x: area.x, y: y, style: style)
            frame.put("│", x: right, y: y, style: style)
        }
        frame.put("┌", x: area.x, y: area.y, style: style)
        frame.put("┐", x: right, y: area.y, style: style)
        frame.put("└", x: area.x, y: bottom, style: style)
        frame.put("┘", x: right, y: bottom, style: style)
        if !title.isEmpty { frame.put(" \(title) ", x: area.x + 2, y: area.y, style: .title, limit: area.width - 4) }
    }
}

/// A braille canvas: each cell holds 2×4 dots, so a 30×10 area plots 60×40 points.
struct BrailleCanvas {
    let columns: Int
    let rows: Int
    private var dots: [UInt8]
    private var styles: [Style?]

    init(columns: Int, rows: Int) {
        self.columns = max(0, columns)
        self.rows = max(0, rows)
        dots = Array(repeating: 0, count: self.columns * self.rows)
        styles = Array(repeating: nil, count: self.columns * self.rows)
    }

    var dotWidth: Int { columns * 2 }
    var dotHeight: Int { rows * 4 }

    /// Sets the dot at (x, y), y = 0 at the top. A later, more important style wins in its cell.
    mutating func set(x: Int, y: Int, style: Style = .plot) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        let bits: [[UInt8]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]
        let cell = (y / 4) * columns + x / 2
        dots[cell] |= bits[y % 4][x % 2]
        if styles[cell] != .plotSelected { styles[cell] = style }
    }

    func draw(into frame: inout Frame, at origin: (x: Int, y: Int)) {
        for row in 0..<rows {
            for column in 0..<columns {
                let value = dots[row * columns + column]
                guard value != 0 else { continue }
                let glyph = String(Character(Unicode.Scalar(0x2800 + UInt32(value))!))
                frame.put(
                    glyph, x: origin.x + column, y: origin.y + row, style: styles[row * columns + column] ?? .plot)
            }
        }
    }
}
