import Foundation
import Testing

@testable import RapportDomain
@testable import RapportStore

@Suite struct JournalValidationTests {
    /// Two lines that both create one id: the second would silently replace the first.
    @Test(arguments: [false, true])
    func twoCreationsOfOneIdAreRefusedWithTheLine(firstInSnapshot: Bool) throws {
        let temp = TempDir()
        let store = try JournalStore(directory: temp.store)
        try store.commit([.put(.account(sampleAccount("a1", "One")), base: nil)], by: "tester")
        if firstInSnapshot { try store.compact() }
        let again = JournalEntry(
            seq: 2, at: .now, by: "someone", changes: [.put(.account(sampleAccount("a1", "Other")), base: nil)])
        let handle = try #require(FileHandle(forWritingAtPath: store.journalPath))
        handle.seekToEndOfFile()
        handle.write(Data(try again.line()))
        try handle.close()
        let before = bytes(store.journalPath)
        let error = #expect(throws: StoreError.self) { try JournalStore(directory: temp.store) }
        let message = error?.description ?? ""
        #expect(message.contains("journal.jsonl:\(firstInSnapshot ? 1 : 2):1"), "\(message)")
        #expect(message.contains("creates account a1, which already exists"), "\(message)")
        #expect(bytes(store.journalPath) == before)
    }
}
