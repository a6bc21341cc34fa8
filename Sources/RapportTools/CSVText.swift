import CSV
import Foundation
import RapportDomain

/// CSV reading and writing through CSV.swift, with the clean-ups real files need.
public enum CSVText {
    /// Writes a header and rows as RFC 4180 CSV (LF line ends). With `sanitize`, cells are made
    /// inert for a terminal (used when stdout is a terminal rather than a file).
    public static func write(header: [String], rows: [[String]], sanitize: Bool = false) throws -> String {
        let stream = OutputStream(toMemory: ())
        let writer = try CSVWriter(stream: stream)
        try writer.write(row: header)
        for row in rows { try writer.write(row: sanitize ? row.map(TerminalText.inert) : row) }
        writer.stream.close()
        guard let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else { return "" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// A parsed file: the header and the records, each with its 1-based row number
    /// (the header is row 1, as a spreadsheet shows it).
    public struct Table {
        public let header: [String]
        public let rows: [(number: Int, cells: [String])]
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
