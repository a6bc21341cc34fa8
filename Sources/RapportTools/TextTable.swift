import RapportDomain

/// An aligned plain-text table for people: widths in terminal cells, data made inert.
public struct TextTable {
    public struct Column {
        let title: String
        let alignRight: Bool
        let maxWidth: Int

        public init(_ title: String, right: Bool = false, max: Int = 40) {
            self.title = title
            self.alignRight = right
            self.maxWidth = max
        }
    }

    let columns: [Column]
    var rows: [[String]] = []

    public init(_ columns: [Column]) { self.columns = columns }

    public mutating func add(_ row: [String]) { rows.append(row.map(TerminalText.inert)) }

    /// The table, each line without trailing spaces. Built as bytes, each cell's width worked
    /// out once: a report of 100,000 rows is a million cells.
    public func render() -> String {
        let cellWidths = rows.map { $0.map { TerminalText.width($0) } }
        var widths = columns.map { TerminalText.width($0.title) }
        for row in cellWidths {
            for (index, cells) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], min(cells, columns[index].maxWidth))
            }
        }
        var output: [UInt8] = []
        output.reserveCapacity((widths.reduce(0, +) + 2 * widths.count) * (rows.count + 2))
        func spaces(_ count: Int) { output.append(contentsOf: repeatElement(0x20, count: count)) }
        func line(_ cells: [String], widths cellWidths: [Int]) {
            let start = output.count
            for (index, column) in columns.enumerated() {
                if index > 0 { spaces(2) }
                var cell = index < cells.count ? cells[index] : ""
                var used = index < cells.count ? cellWidths[index] : 0
                if used > widths[index] || widths[index] == 0 {
                    cell = TerminalText.truncate(cell, to: widths[index])
                    used = TerminalText.width(cell)
                }
                if column.alignRight { spaces(widths[index] - used) }
                output.append(contentsOf: cell.utf8)
                if !column.alignRight { spaces(widths[index] - used) }
            }
            while output.count > start && output.last == 0x20 { output.removeLast() }
            output.append(0x0A)
        }
        let titles = columns.map(\.title)
        line(titles, widths: titles.map { TerminalText.width($0) })
        line(widths.map { String(repeating: "─", count: $0) }, widths: widths)
        for (row, rowWidths) in zip(rows, cellWidths) { line(row, widths: rowWidths) }
        return String(decoding: output, as: UTF8.self)
    }
}
