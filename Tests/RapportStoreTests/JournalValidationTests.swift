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

    @Test func crc32cOfTheStandardCheckString() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([]) == 0)
        #expect(Array("123456789".utf8).withUnsafeBytes { CRC32C.updateWithTable(0, $0) } == 0xE306_9283)
        // Slicing by 8 and byte by byte agree on every length around a word.
        let bytes = (0..<37).map { UInt8(truncatingIfNeeded: $0 &* 29 &+ 7) }
        for length in 0...bytes.count {
            var bitwise: UInt32 = 0
            for byte in bytes.prefix(length) { bitwise = [byte].withUnsafeBytes { CRC32C.update(bitwise, $0) } }
            #expect(CRC32C.checksum(Array(bytes.prefix(length))) == bitwise)
            let table = Array(bytes.prefix(length)).withUnsafeBytes { CRC32C.updateWithTable(0, $0) }
            #expect(table == bitwise)
        }
    }

    @Test func aSnapshotsSealHoldsUntilAByteChanges() throws {
        let temp = TempDir()
        let store = try JournalStore(directory: temp.store)
        try store.replaceAll(with: Portfolio(accounts: (1...50).map { sampleAccount("a\($0)", "Account \($0)") }))
        let path = store.snapshotPath
        func holds() throws -> Bool {
            let fd = open(path, O_RDONLY)
            defer { close(fd) }
            return Seal.holds(fd, start: try #require(bytes(path)))
        }
        #expect(try holds())
        var changed = try #require(bytes(path))
        let index = changed.count - 40
        changed[index] = changed[index] == UInt8(ascii: "x") ? UInt8(ascii: "y") : UInt8(ascii: "x")
        try Data(changed).write(to: URL(fileURLWithPath: path))
        #expect(try !holds())
        try Data(try #require(bytes(path)).dropLast(5)).write(to: URL(fileURLWithPath: path))
        #expect(try !holds())
    }
}
