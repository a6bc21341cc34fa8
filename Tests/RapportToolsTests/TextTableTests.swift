import Testing

@testable import RapportDomain
@testable import RapportTools

@Suite struct TextTableTests {
    /// The table as padding each cell with `TerminalText.fit` gives it, trailing spaces cut.
    func expected(_ table: TextTable) -> String {
        var widths = table.columns.map { TerminalText.width($0.title) }
        for row in table.rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], min(TerminalText.width(cell), table.columns[index].maxWidth))
            }
        }
        func line(_ cells: [String]) -> String {
            var text = table.columns.indices.map { index in
                TerminalText.fit(
                    index < cells.count ? cells[index] : "", to: widths[index],
                    alignRight: table.columns[index].alignRight)
            }.joined(separator: "  ")
            while text.hasSuffix(" ") { text.removeLast() }
            return text + "\n"
        }
        return line(table.columns.map(\.title)) + line(widths.map { String(repeating: "─", count: $0) })
            + table.rows.map(line).joined()
    }

    @Test func cellsArePaddedAndCutByTheirWidthInCells() {
        var table = TextTable([.init("Name", max: 8), .init("Value", right: true), .init(""), .init("Note")])
        table.add(["上海供应链有限公司", "1,200", "x", ""])
        table.add(["Kontorsmöbler Väst", "7", "", "e\u{301}te "])
        table.add(["Evil\u{1B}[2J", "-3", "👍🏽", "tail  "])
        table.add(["ab"])
        let text = table.render()
        #expect(text == expected(table))
        #expect(text.contains("上海供…"))
        #expect(!text.contains("\u{1B}"))
        #expect(!text.split(separator: "\n").contains { $0.hasSuffix(" ") })
    }
}
