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
}
