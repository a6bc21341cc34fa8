import Foundation
import Testing

@testable import RapportDomain
@testable import RapportStore

extension HeavyTests {
    /// Writers are killed during edits, imports and compaction while another writer runs, and a
    /// hostile teammate swaps store files for links to a decoy directory. After every round: the
    /// store opens and is valid, every acknowledged edit is there, and the decoy is untouched.
    /// `RAPPORT_LINK_ROUNDS=1000 swift test --filter LinkSoakTests` soaks for longer.
    @Suite(.serialized) struct LinkSoakTests {
        func checksum(_ directory: String) -> [String: Data] {
            var result: [String: Data] = [:]
            for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
                result[name] = FileManager.default.contents(atPath: directory + "/" + name)
            }
            return result
        }

        @Test func killsAndLinksNeverLoseAnEditOrWriteOutsideTheStore() throws {
            let rounds = Int(ProcessInfo.processInfo.environment["RAPPORT_LINK_ROUNDS"] ?? "") ?? 60
            let scratch = Scratch()
            let store = scratch.store
            #expect(try CLI.run(["demo", "--store", store, "--accounts", "12", "--interactions", "1"]).status == 0)
            let decoy = scratch.path + "/decoy"
            try FileManager.default.createDirectory(atPath: decoy, withIntermediateDirectories: true)
            for name in ["victim.txt", "notes.md"] {
                try "a file outside the store, \(name)\n".write(
                    toFile: decoy + "/" + name, atomically: true, encoding: .utf8)
            }
            let decoyBefore = checksum(decoy)
            var random = CrashTests.Generator(state: 20_261_129)
            var acknowledged: [String: String] = [:]  // interaction summary → how it was acknowledged
            var kills = 0
            var refusedByLinks = 0
            var imports = 0
            for round in 0..<rounds {
                // The teammate's move this round: a link where a store file goes, pointing into the decoy.
                let planted: String?
                switch round % 5 {
                case 1: planted = "history.jsonl"
                case 2: planted = "journal.jsonl"
                case 3: planted = "rapport.json.tmp-\(Int.random(in: 1000...99_999, using: &random))"
                default: planted = nil
                }
                var setAside: String?
                if let planted {
                    let path = store + "/" + planted
                    if FileManager.default.fileExists(atPath: path) {
                        setAside = scratch.path + "/aside-" + planted
                        try FileManager.default.moveItem(atPath: path, toPath: setAside!)
                    }
                    try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: decoy + "/victim.txt")
                }
                // Another writer, left to finish.
                let other = Process()
                other.executableURL = URL(fileURLWithPath: CLI.binary)
                other.arguments = [
                    "log", "acc-000002", "--channel", "email", "--summary", "other \(round)", "--store", store,
                ]
                let otherOut = Pipe()
                other.standardOutput = otherOut
                other.standardError = FileHandle.nullDevice
                try other.run()
                // The writer that is killed: an edit, an import or a compaction.
                let arguments: [String]
                let summaries: [String]
                switch round % 3 {
                case 0:
                    summaries = ["kill \(round)"]
                    arguments = ["log", "acc-000001", "--channel", "call", "--summary", summaries[0], "--store", store]
                case 1:
                    summaries = ["import \(round) a", "import \(round) b"]
                    let file = try scratch.write(
                        "import-\(round).csv",
                        "account,date,channel,summary\n"
                            + summaries.map { "acc-000003,2026-05-01,visit,\($0)\n" }.joined())
                    arguments = ["import", "interactions", file, "--store", store]
                    imports += 1
                default:
                    summaries = []
                    arguments = ["compact", "--store", store]
                }
                let (output, killed) = try CrashTests().runAndKill(
                    arguments, after: UInt32.random(in: 0...60_000, using: &random))
                other.waitUntilExit()
                let otherID = String(decoding: otherOut.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                if killed { kills += 1 }
                let done = !output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                if done { for summary in summaries { acknowledged[summary] = "round \(round)" } }
                if other.terminationStatus == 0, !otherID.isEmpty { acknowledged["other \(round)"] = "round \(round)" }
                if planted != nil, !killed, !done, !summaries.isEmpty { refusedByLinks += 1 }
                // The teammate's link goes; what was set aside comes back.
                if let planted {
                    let path = store + "/" + planted
                    if POSIXFile.isSymlink(path) { try FileManager.default.removeItem(atPath: path) }
                    if let setAside {
                        if FileManager.default.fileExists(atPath: path) {
                            // A compaction wrote a fresh file there meanwhile; the set-aside one is stale.
                            try FileManager.default.removeItem(atPath: setAside)
                        } else {
                            try FileManager.default.moveItem(atPath: setAside, toPath: path)
                        }
                    }
                }
                #expect(checksum(decoy) == decoyBefore, "round \(round): the decoy directory changed")
                let opened = try JournalStore(directory: store)
                let problems = opened.portfolio.problems()
                #expect(problems.isEmpty, "round \(round): \(problems.prefix(3))")
                let present = Set(opened.portfolio.interactions.values.map(\.summary))
                for (summary, when) in acknowledged where !present.contains(summary) {
                    Issue.record("round \(round): '\(summary)', acknowledged in \(when), is missing")
                }
                if !problems.isEmpty { break }
            }
            #expect(try CLI.run(["check", "--store", store]).status == 0)
            #expect(!acknowledged.isEmpty)
            print(
                "link soak: \(rounds) rounds, \(kills) killed, \(imports) imports, \(acknowledged.count) acknowledged edits kept, "
                    + "\(refusedByLinks) writes refused at a link, decoy unchanged")
        }
    }
}
