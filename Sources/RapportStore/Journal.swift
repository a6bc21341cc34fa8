import Foundation
import RapportDomain

extension JournalEntry {
    /// The entry as one line of JSON ending in a newline.
    func line() throws -> [UInt8] {
        var bytes = [UInt8](try SnapshotCodec.recordEncoder().encode(self))
        bytes.append(0x0A)
        return bytes
    }
}

/// Reads journal bytes into entries, line by line.
struct JournalReader {
    struct Result {
        var entries: [JournalEntry] = []
        /// Bytes consumed: through the last complete line.
        var consumed = 0
        var lines = 0
        /// Bytes after the last newline: a write in progress, or a line torn by a crash.
        var tail = 0
    }

    /// Parses complete lines; a bad complete line is an error naming its line and column.
    /// `firstLine` is the file line number of `bytes[0]`. Lines are read by ``RecordReader``
    /// (a long journal of bulk edits read by `JSONDecoder` alone took about 0.1 s a megabyte), and
    /// by `JSONDecoder` where it declines; `fast: false` reads every line that way (for tests).
    static func read(_ bytes: [UInt8], firstLine: Int, file: String, fast: Bool = true) throws(StoreError) -> Result {
        try LineLimit.check(bytes, limit: LineLimit.journal, firstLine: firstLine, file: file)
        var result = Result()
        let decoder = JSONDecoder()
        var start = 0
        while let newline = bytes[start...].firstIndex(of: 0x0A) {
            let lineNumber = firstLine + result.lines
            if fast, let entry = readFast(bytes, start..<newline) {
                result.entries.append(entry)
            } else if !bytes[start..<newline].allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) {
                let line = Array(bytes[start..<newline])
                do {
                    result.entries.append(try decoder.decode(JournalEntry.self, from: Data(line)))
                } catch {
                    let located = SnapshotCodec.locate(error, in: line, file: file)
                    if case .unreadable(_, _, let column, let reason) = located {
                        throw StoreError.unreadable(file: file, line: lineNumber, column: column, reason: reason)
                    }
                    throw located
                }
            }
            result.lines += 1
            start = newline + 1
            result.consumed = start
        }
        result.tail = bytes.count - start
        return result
    }

    /// The entry on `line` when ``RecordReader`` reads the whole line; nil when it declines.
    static func readFast(_ bytes: [UInt8], _ line: Range<Int>) -> JournalEntry? {
        bytes.withUnsafeBufferPointer { buffer in
            var reader = RecordReader(buffer, line)
            guard let entry = try? JournalEntry.read(&reader), reader.atEnd else { return nil }
            return entry
        }
    }
}
