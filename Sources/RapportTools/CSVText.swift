import CSV
import Foundation
import RapportDomain

/// CSV reading and writing through CSV.swift, with the clean-ups real files need.
public enum CSVText {
    /// Writes a header and rows as RFC 4180 CSV (LF line ends). Text cells that a spreadsheet
    /// would evaluate as a formula are guarded (``guardFormula(_:)``); `read` removes the guard.
    public static func write(header: [String], rows: [[String]]) throws -> String {
        let stream = OutputStream(toMemory: ())
        let writer = try CSVWriter(stream: stream)
        try writer.write(row: header)
        for row in rows { try writer.write(row: row.map(guardFormula)) }
        writer.stream.close()
        guard let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else { return "" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// A parsed file: the header and the records, each with its 1-based row number
    /// (the header is row 1, as a spreadsheet shows it).
    public struct Table {
        public let header: [String]
        public let rows: [(number: Int, cells: [String])]
        /// What a row and a column are called in messages: a vCard's rows are cards, its columns properties.
        public var rowUnit = "row"
        public var columnUnit = "column"

        public init(
            header: [String], rows: [(number: Int, cells: [String])], rowUnit: String = "row",
            columnUnit: String = "column"
        ) {
            self.header = header
            self.rows = rows
            self.rowUnit = rowUnit
            self.columnUnit = columnUnit
        }
    }

    public struct ReadError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Parses CSV text: a UTF-8 BOM is dropped, CRLF and LF both end rows, quoted fields may hold
    /// commas, quotes and newlines. Blank lines are skipped.
    public static func read(_ bytes: [UInt8], file: String) throws -> Table {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        guard let text = String(validating: body, as: UTF8.self) else {
            let offset = firstInvalidUTF8(body)
            throw ReadError(
                description:
                    "\(file): not valid UTF-8 (first bad byte at offset \(offset)); save the file as UTF-8 and import again"
            )
        }
        if text.unicodeScalars.contains("\u{0}") {
            throw ReadError(description: "\(file): contains NUL bytes; it is probably not a CSV file")
        }
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: true)
        } catch {
            throw ReadError(description: "\(file): could not read a header row; the first line must name the columns")
        }
        let header = (reader.headerRow ?? []).map { String($0.trimmingASCIIWhitespace()) }
        guard !header.isEmpty, header.contains(where: { !$0.isEmpty }) else {
            throw ReadError(description: "\(file): the header row is empty; the first line must name the columns")
        }
        var rows: [(Int, [String])] = []
        var number = 1
        while let cells = reader.next() {
            number += 1
            if let error = reader.error { throw ReadError(description: "\(file): row \(number): \(error)") }
            if cells.allSatisfy({ $0.trimmingASCIIWhitespace().isEmpty }) { continue }
            rows.append((number, cells))
        }
        if let error = reader.error { throw ReadError(description: "\(file): \(error)") }
        return Table(header: header, rows: rows)
    }

    /// Characters that make a spreadsheet read a cell as a formula (OWASP's CSV injection list).
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// Does `cell` start with any number of `'` and then a formula character?
    static func looksLikeFormula(_ cell: Substring) -> Bool {
        guard let first = cell.first(where: { $0 != "'" }) else { return false }
        return formulaStarts.contains(first)
    }

    /// A text cell that would start a formula gets a leading `'`, which spreadsheets show as
    /// text and do not evaluate. Numbers (a credit note's `-12.50`) stay numbers. A cell that
    /// already starts with `'` before such a character gets one more, so that ``unguardFormula(_:)``
    /// gives every cell back exactly.
    public static func guardFormula(_ cell: String) -> String {
        guard looksLikeFormula(cell[...]) else { return cell }
        if cell.first != "'", Double(cell)?.isFinite == true { return cell }
        return "'" + cell
    }

    /// Removes the guard ``guardFormula(_:)`` added.
    public static func unguardFormula(_ cell: Substring) -> Substring {
        cell.first == "'" && looksLikeFormula(cell) ? cell.dropFirst() : cell
    }

    static func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int {
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var offset = 0
        var consumed = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                consumed += UTF8.width(scalar)
                offset = consumed
            case .emptyInput: return offset
            case .error: return offset
            }
        }
    }
}
