import Testing

@testable import RapportApp

/// How a table shares its width between its columns and the row counter.
@Suite struct TableLayoutTests {
    /// The Partners list's first columns: the quadrant matters more than the counter's room.
    let columns = [
        Column(title: "#", width: 4, right: true), Column(title: "Customer", width: 0, minimum: 16, maximum: 40),
        Column(title: "Commit", width: 6, right: true), Column(title: "Switch", width: 6, right: true),
        Column(title: "Strength", width: 8, right: true), Column(title: "Quadrant", width: 24),
    ]

    func drawn(rows count: Int, width: Int, columns: [Column]? = nil, selected: Int = 0) -> (
        header: String, widths: [Int]
    ) {
        let columns = columns ?? self.columns
        let rows = ListRows(
            (0..<count).map {
                TableRow(id: "r\($0)", cells: ["\($0 + 1)", "Customer \($0)", "1.0", "2.0", "3.0", "ideal partner"])
            })
        let area = Rect(x: 0, y: 0, width: width, height: 10)
        var frame = Frame(width: width, height: 10)
        Widgets.table(&frame, area, columns: columns, rows: rows, selected: selected, top: max(0, selected - 5))
        let header = String(frame.text().split(separator: "\n", omittingEmptySubsequences: false)[0])
        return (header, Widgets.columnWidths(columns, in: area, rows: count))
    }

    @Test func aLongListKeepsItsColumnsAndShowsTheCounterWhereTheTitlesLeaveRoom() {
        // 4+16+6+6+8+24 and five gaps need 69 cells; " 74437/74437" would leave 62.
        let (header, widths) = drawn(rows: 74_437, width: 76)
        #expect(widths.allSatisfy { $0 > 0 })
        #expect(header.contains("Quadrant"))
        #expect(header.hasSuffix(" 1/74437"))
    }

    @Test func theCounterKeepsItsRoomWhereItCostsNoColumn() {
        let (header, widths) = drawn(rows: 84, width: 76)
        #expect(widths.allSatisfy { $0 > 0 })
        #expect(widths.reduce(0, +) + widths.count - 1 <= 76 - " 84/84".count)
        #expect(header.hasSuffix(" 1/84"))
    }

    @Test func theCounterNeverCoversATitle() throws {
        // The last title fills its column: the counter goes where the name's title leaves room.
        var columns = columns
        columns[5] = Column(title: "Quadrant of the customer", width: 24)
        let (header, widths) = drawn(rows: 74_437, width: 76, columns: columns)
        #expect(widths.allSatisfy { $0 > 0 })
        #expect(header.contains("Quadrant of the customer"))
        #expect(header.contains("Customer"))
        let counter = try #require(header.range(of: " 1/74437 "))
        #expect(header[counter.upperBound...].hasPrefix("Commit") || header[counter.upperBound...].hasPrefix(" "))
        // No room anywhere: no counter, every title whole.
        let tight = columns.map {
            Column(title: String(repeating: "T", count: $0.width == 0 ? 60 : $0.width), width: $0.width)
        }
        let (full, _) = drawn(rows: 74_437, width: 70, columns: tight)
        #expect(!full.contains("74437"))
    }

    @Test func theCounterStaysPutAsTheSelectionMoves() throws {
        var columns = columns
        columns[5] = Column(title: "Quadrant of the customer", width: 24)
        let first = drawn(rows: 74_437, width: 76, columns: columns).header
        let last = drawn(rows: 74_437, width: 76, columns: columns, selected: 74_436).header
        let short = try #require(first.range(of: "1/74437"))
        let long = try #require(last.range(of: "74437/74437"))
        #expect(
            first.distance(from: first.startIndex, to: short.upperBound)
                == last.distance(from: last.startIndex, to: long.upperBound))
    }

    /// 74,437 customers rank in five digits: "74437", not "744…".
    @Test func rankColumnsAreAsWideAsTheHighestRank() {
        #expect(Lists.tiers.header(ranking: 74_437)[0].width == 5)
        #expect(Lists.partners.header(ranking: 1_000_000)[0].width == 7)
        #expect(Lists.tiers.header(ranking: 84)[0].width == 4)
        #expect(
            Lists.tiers.header(ranking: 74_437).dropFirst().map(\.width) == Lists.tiers.header.dropFirst().map(\.width))
        #expect(Lists.accounts.header(ranking: 100_000).map(\.width) == Lists.accounts.header.map(\.width))
    }

    @Test func aBlankRunIsFoundFromTheRight() {
        let taken: [Bool] = [true, false, false, false, false, true, false, false]
        #expect(Widgets.blankRunEnd(taken, length: 2) == 8)
        #expect(Widgets.blankRunEnd(taken, length: 3) == 4)
        #expect(Widgets.blankRunEnd(taken, length: 4) == nil)
    }
}
