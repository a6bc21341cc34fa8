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

    public func render() -> String {
        var widths = columns.map { TerminalText.width($0.title) }
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], min(TerminalText.width(cell), columns[index].maxWidth))
            }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (index, column) in columns.enumerated() {
                let cell = index < cells.count ? cells[index] : ""
                parts.append(TerminalText.fit(cell, to: widths[index], alignRight: column.alignRight))
            }
            var text = parts.joined(separator: "  ")
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        var output = line(columns.map(\.title)) + "\n"
        output += line(widths.map { String(repeating: "─", count: $0) }) + "\n"
        for row in rows { output += line(row) + "\n" }
        return output
    }
}
