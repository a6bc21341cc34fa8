import Foundation
import Testing

/// `rapport log` reads only the start of the snapshot; it still never writes to a store whose
/// snapshot cannot be read whole.
@Suite(.serialized) struct DamagedStoreTests {
    func demo() throws -> (Scratch, snapshot: String, journal: String) {
        let scratch = Scratch()
        let result = try CLI.run(["demo", "--store", scratch.store, "--accounts", "40", "--end", "2026-06-30"])
        #expect(result.status == 0, "\(result.err)")
        return (scratch, scratch.store + "/rapport.json", scratch.store + "/journal.jsonl")
    }

    func log(_ scratch: Scratch) throws -> CLI.Result {
        try CLI.run(["log", "acc-000001", "--channel", "call", "--summary", "hello", "--store", scratch.store])
    }

    @Test(arguments: ["truncated", "NaN", "1e400"])
    func aDamagedSnapshotIsNeverWritten(damage: String) throws {
        let (scratch, snapshot, journal) = try demo()
        var text = try String(contentsOfFile: snapshot, encoding: .utf8)
        switch damage {
        case "truncated": text = String(text.prefix(text.utf8.count * 2 / 3))
        default:
            // The last sale's amount, far past what `log` reads.
            let range = try #require(text.range(of: "\"amount\":", options: .backwards))
            let end = try #require(text[range.upperBound...].firstIndex(where: { $0 == "," || $0 == "}" }))
            text.replaceSubrange(range.upperBound..<end, with: damage)
        }
        try text.write(toFile: snapshot, atomically: false, encoding: .utf8)
        let journalBefore = FileManager.default.contents(atPath: journal)
        let result = try log(scratch)
        #expect(result.status == 66, "\(damage): \(result.out) \(result.err)")
        #expect(result.err.contains("rapport.json"), "\(result.err)")
        #expect(FileManager.default.contents(atPath: journal) == journalBefore)
        #expect(try CLI.run(["check", "--store", scratch.store]).status == 66)
    }

    @Test func aSoundSnapshotEditedByHandIsCheckedWholeThenWritten() throws {
        let (scratch, snapshot, _) = try demo()
        var text = try String(contentsOfFile: snapshot, encoding: .utf8)
        let range = try #require(text.range(of: "\"keptSnapshots\":3"))
        text.replaceSubrange(range, with: "\"keptSnapshots\":4")
        try text.write(toFile: snapshot, atomically: false, encoding: .utf8)
        let result = try log(scratch)
        #expect(result.status == 0, "\(result.err)")
        #expect(try CLI.run(["check", "--store", scratch.store]).status == 0)
    }

    @Test func aSealedSnapshotTakesTheEdit() throws {
        let (scratch, _, journal) = try demo()
        #expect(try log(scratch).status == 0)
        let lines = try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1)
    }
}
