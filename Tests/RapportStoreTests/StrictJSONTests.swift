import Foundation
import Testing

@testable import RapportDomain
@testable import RapportStore

/// Schema 1 has no extension fields; what a record carries beyond its fields is still strict JSON.
@Suite struct StrictJSONTests {
    /// The snapshot with `"extra": value` added at the start of the record with this id.
    static func withExtra(_ value: String, inRecord id: String, of text: String) throws -> String {
        var lines = text.components(separatedBy: "\n")
        let index = try #require(lines.firstIndex { $0.hasPrefix("{") && $0.contains("\"id\":\"\(id)\"") })
        lines[index] = "{\"extra\":" + value + "," + lines[index].dropFirst()
        return lines.joined(separator: "\n")
    }

    @Test(arguments: [
        ("[1,]", "invalid JSON"), ("-01", "invalid JSON"), ("\"a\u{01}b\"", "invalid JSON"),
        ("{\"x\":1,}", "invalid JSON"),
    ])
    func invalidJSONInAnUnknownKeyIsRefusedWithItsPlace(junk: String, words: String) throws {
        let temp = TempDir()
        let store = try JournalStore(directory: temp.store)
        try store.replaceAll(with: Portfolio(accounts: [sampleAccount("a1", "One"), sampleAccount("a2", "Two")]))
        var text = try String(contentsOfFile: store.snapshotPath, encoding: .utf8)
        // In the codec's own layout (read section by section) and as one line (the general path).
        text = try Self.withExtra(junk, inRecord: "a2", of: text)
        for layout in [text, text.replacingOccurrences(of: "\n", with: " ")] {
            try layout.write(toFile: store.snapshotPath, atomically: false, encoding: .utf8)
            let error = #expect(throws: StoreError.self) { try JournalStore(directory: temp.store) }
            let message = error?.description ?? ""
            #expect(message.contains(words), "\(message)")
            #expect(message.contains("rapport.json:"), "\(message)")
        }
    }

    @Test func validJSONInAnUnknownKeyStillReads() throws {
        let temp = TempDir()
        let store = try JournalStore(directory: temp.store)
        try store.replaceAll(with: Portfolio(accounts: [sampleAccount("a1", "One")]))
        let text = try Self.withExtra(
            "[1,{\"y\":-0.5}]", inRecord: "a1", of: try String(contentsOfFile: store.snapshotPath, encoding: .utf8))
        try text.write(toFile: store.snapshotPath, atomically: false, encoding: .utf8)
        #expect(try JournalStore(directory: temp.store).portfolio.accounts["a1"]?.name == "One")
    }

    @Test func aLineOverTheLimitIsRefusedBeforeItIsDecoded() throws {
        let temp = TempDir()
        let store = try JournalStore(directory: temp.store)
        try store.replaceAll(with: Portfolio(accounts: [sampleAccount("a1", "One"), sampleAccount("a2", "Two")]))
        let text = try Self.withExtra(
            "\"" + String(repeating: "z", count: LineLimit.snapshot) + "\"", inRecord: "a2",
            of: try String(contentsOfFile: store.snapshotPath, encoding: .utf8))
        try text.write(toFile: store.snapshotPath, atomically: false, encoding: .utf8)
        let line = text.components(separatedBy: "\n").firstIndex { $0.contains("zzzz") }! + 1
        let error = #expect(throws: StoreError.self) { try JournalStore(directory: temp.store) }
        let message = error?.description ?? ""
        #expect(message.contains("rapport.json:\(line):1"), "\(message.prefix(300))")
        #expect(message.contains("over the limit of 16 MB for one line"))
        #expect(LineLimit.firstLongLine(in: Array("ab\ncdef\ng".utf8), over: 3)! == (2, 4))
        #expect(LineLimit.firstLongLine(in: Array("ab\ncde\nfgh".utf8), over: 3) == nil)
        #expect(LineLimit.firstLongLine(in: Array("ab\ncde\nfghi".utf8), over: 3)! == (3, 4))
    }
}
