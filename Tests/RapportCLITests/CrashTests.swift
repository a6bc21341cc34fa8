import Foundation
import Testing

@testable import RapportDomain
@testable import RapportStore

/// Kills writers with SIGKILL at random moments, during edits and during compaction, and checks
/// after every kill that the store opens, is valid, and holds every edit acknowledged before it.
/// `RAPPORT_KILL_ROUNDS=5000 swift test --filter CrashTests` soaks for longer.
/// Suites that start many processes run one after another, so their timing does not depend on each other.
@Suite(.serialized) struct HeavyTests {}

extension HeavyTests {
    @Suite(.serialized) struct CrashTests {
        struct Generator: RandomNumberGenerator {
            var state: UInt64
            mutating func next() -> UInt64 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return state
            }
        }

        /// Starts `rapport` with `arguments`, kills it after `delay` microseconds (if still running),
        /// and returns what it printed on stdout before dying.
        func runAndKill(_ arguments: [String], after delay: UInt32) throws -> (output: String, killed: Bool) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CLI.binary)
            process.arguments = arguments
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(delay)
            let killed = process.isRunning && kill(process.processIdentifier, SIGKILL) == 0
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (String(decoding: data, as: UTF8.self), killed && process.terminationReason == .uncaughtSignal)
        }

        @Test func killedWritersNeverLoseAnAcknowledgedEdit() throws {
            let rounds = Int(ProcessInfo.processInfo.environment["RAPPORT_KILL_ROUNDS"] ?? "") ?? 200
            let scratch = Scratch()
            #expect(
                try CLI.run(["demo", "--store", scratch.store, "--accounts", "20", "--interactions", "2"]).status == 0)
            var random = Generator(state: 20_261_122)
            var acknowledged: [String: String] = [:]  // id → summary
            var kills = 0
            var compactions = 0
            // The kill window adapts to how fast this machine runs rapport right now: it widens when
            // nothing completed lately and narrows when nothing was killed, so both keep happening.
            var ceiling: UInt32 = 40_000
            var completedInWindow = 0
            var killedInWindow = 0
            for round in 0..<rounds {
                if round > 0, round % 10 == 0 {
                    if completedInWindow == 0 { ceiling = min(ceiling * 2, 4_000_000) }
                    if killedInWindow == 0 { ceiling = max(ceiling / 2, 5_000) }
                    completedInWindow = 0
                    killedInWindow = 0
                }
                let compacting = round % 10 == 9
                let delay = UInt32.random(in: 0...ceiling, using: &random)
                let arguments =
                    compacting
                    ? ["compact", "--store", scratch.store]
                    : [
                        "log", "acc-00000\(round % 9 + 1)", "--channel", "call", "--summary", "kill round \(round)",
                        "--store", scratch.store,
                    ]
                let (output, killed) = try runAndKill(arguments, after: delay)
                if killed {
                    kills += 1
                    killedInWindow += 1
                } else {
                    completedInWindow += 1
                }
                if compacting { compactions += 1 }
                let id = output.trimmingCharacters(in: .whitespacesAndNewlines)
                if !compacting, !id.isEmpty { acknowledged[id] = "kill round \(round)" }

                let store = try JournalStore(directory: scratch.store)
                let problems = store.portfolio.problems()
                #expect(problems.isEmpty, "round \(round): \(problems.prefix(3))")
                for (id, summary) in acknowledged where store.portfolio.interactions[id]?.summary != summary {
                    Issue.record("round \(round): acknowledged edit \(id) ('\(summary)') is missing")
                }
                if !problems.isEmpty { break }
            }
            // The kills really landed in the middle of things, not only before or after.
            #expect(kills > rounds / 10, "only \(kills) of \(rounds) runs were killed")
            #expect(!acknowledged.isEmpty)
            let check = try CLI.run(["check", "--store", scratch.store])
            #expect(check.status == 0, "\(check.out)\(check.err)")
            print(
                "crash test: \(rounds) rounds, \(kills) killed, \(compactions) compactions, \(acknowledged.count) acknowledged edits kept"
            )
        }
    }

}

extension HeavyTests {
    @Suite(.serialized) struct FileSystemTests {
        /// Runs rapport under `ulimit -f` (a file-size limit, in 512-byte blocks): the nearest thing to a
        /// full disk that needs no mount.
        func limited(_ blocks: Int, _ arguments: [String]) throws -> CLI.Result {
            let quoted = arguments.map { "'\($0)'" }.joined(separator: " ")
            return try CLI.run(["__sh__", "ulimit -f \(blocks); exec '\(CLI.binary)' \(quoted)"])
        }

        @Test func aFullDiskDuringAnEditOrCompactionLeavesThePreviousState() throws {
            let scratch = Scratch()
            #expect(
                try CLI.run(["demo", "--store", scratch.store, "--accounts", "30", "--interactions", "1"]).status == 0)
            for round in 0..<4 {
                #expect(
                    try CLI.run([
                        "log", "acc-000001", "--channel", "call", "--summary", "before \(round)", "--store",
                        scratch.store,
                    ]).status == 0)
            }
            let before = scratch.files()
            // The journal already exceeds one block, so the next append cannot fit.
            let edit = try limited(
                1, ["log", "acc-000002", "--channel", "call", "--summary", "too big", "--store", scratch.store])
            #expect(edit.status == 74, "\(edit.err)")
            #expect(edit.err.contains("full"), "\(edit.err)")
            #expect(scratch.files() == before)
            // The snapshot is far bigger than 8 blocks: compaction fails and changes nothing.
            let compact = try limited(8, ["compact", "--store", scratch.store])
            #expect(compact.status == 74, "\(compact.err)")
            #expect(scratch.files() == before)
            #expect(try CLI.run(["check", "--store", scratch.store]).status == 0)
            let store = try JournalStore(directory: scratch.store)
            #expect(store.portfolio.interactions.values.contains { $0.summary == "before 3" })
            #expect(!store.portfolio.interactions.values.contains { $0.summary == "too big" })
        }

        @Test func symlinkedStoresAreRefused() throws {
            let scratch = Scratch()
            #expect(try CLI.run(["demo", "--store", scratch.store, "--accounts", "5"]).status == 0)
            let link = scratch.path + "/link"
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: scratch.store)
            let result = try CLI.run(["check", "--store", link])
            #expect(result.status == 66)
            #expect(result.err.contains("symbolic link"))
            let other = scratch.path + "/elsewhere.json"
            try FileManager.default.moveItem(atPath: scratch.store + "/rapport.json", toPath: other)
            try FileManager.default.createSymbolicLink(
                atPath: scratch.store + "/rapport.json", withDestinationPath: other)
            let inner = try CLI.run([
                "log", "acc-000001", "--channel", "call", "--summary", "x", "--store", scratch.store,
            ])
            #expect(inner.status == 66)
            #expect(inner.err.contains("does not follow links"))
        }

        /// Whether this machine lets the tests mount a small tmpfs (root, outside a locked-down container).
        static let canMount: Bool = {
            let probe = NSTemporaryDirectory() + "rapport-mount-probe-" + UUID().uuidString
            try? FileManager.default.createDirectory(atPath: probe, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: probe) }
            guard (try? CLI.run(["__sh__", "mount -t tmpfs -o size=1m tmpfs '\(probe)'"]))?.status == 0 else {
                return false
            }
            _ = try? CLI.run(["__sh__", "umount '\(probe)'"])
            return true
        }()

        /// A fresh tmpfs of the given size inside the scratch directory; the caller unmounts it.
        static func mountTmpfs(in scratch: Scratch, megabytes: Int) throws -> String {
            let mountPoint = scratch.path + "/mnt"
            try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
            let mounted = try CLI.run(["__sh__", "mount -t tmpfs -o size=\(megabytes)m tmpfs '\(mountPoint)'"])
            #expect(mounted.status == 0, "\(mounted.err)")
            return mountPoint
        }

        @Test(.enabled(if: canMount, "needs permission to mount a tmpfs"))
        func aReadOnlyFileSystemIsReportedAndNothingChanges() throws {
            let scratch = Scratch()
            let mountPoint = try Self.mountTmpfs(in: scratch, megabytes: 8)
            defer { _ = try? CLI.run(["__sh__", "umount '\(mountPoint)'"]) }
            let store = mountPoint + "/store"
            #expect(try CLI.run(["demo", "--store", store, "--accounts", "20"]).status == 0)
            #expect(try CLI.run(["__sh__", "mount -o remount,ro '\(mountPoint)'"]).status == 0)
            let before = try FileManager.default.contentsOfDirectory(atPath: store).sorted()
            let edit = try CLI.run(["log", "acc-000001", "--channel", "call", "--summary", "x", "--store", store])
            #expect(edit.status == 74, "\(edit.err)")
            #expect(edit.err.contains("read-only"), "\(edit.err)")
            #expect(try CLI.run(["compact", "--store", store]).status == 74)
            // Reading still works: check and report open the store without writing.
            #expect(try CLI.run(["check", "--store", store]).status == 0)
            #expect(try CLI.run(["report", "tiers", "--store", store]).status == 0)
            #expect(try FileManager.default.contentsOfDirectory(atPath: store).sorted() == before)
        }

        @Test(.enabled(if: canMount, "needs permission to mount a tmpfs"))
        func aFullFileSystemIsReportedAndNothingChanges() throws {
            let scratch = Scratch()
            let mountPoint = try Self.mountTmpfs(in: scratch, megabytes: 4)
            defer { _ = try? CLI.run(["__sh__", "umount '\(mountPoint)'"]) }
            let store = mountPoint + "/store"
            #expect(try CLI.run(["demo", "--store", store, "--accounts", "20"]).status == 0)
            // Fill what is left of the file system.
            _ = try CLI.run(["__sh__", "cat /dev/zero > '\(mountPoint)/filler' 2>/dev/null; true"])
            let before = try FileManager.default.contentsOfDirectory(atPath: store).sorted().map {
                FileManager.default.contents(atPath: store + "/" + $0)
            }
            let edit = try CLI.run(["log", "acc-000001", "--channel", "call", "--summary", "x", "--store", store])
            #expect(edit.status == 74, "\(edit.err)")
            #expect(edit.err.contains("full"), "\(edit.err)")
            #expect(try CLI.run(["compact", "--store", store]).status == 74)
            let after = try FileManager.default.contentsOfDirectory(atPath: store).sorted().map {
                FileManager.default.contents(atPath: store + "/" + $0)
            }
            #expect(after == before)
            #expect(try CLI.run(["check", "--store", store]).status == 0)
            // With room again, the same edit goes through.
            unlink(mountPoint + "/filler")
            #expect(
                try CLI.run(["log", "acc-000001", "--channel", "call", "--summary", "x", "--store", store]).status == 0)
        }

        @Test func keptSnapshotsIsASetting() throws {
            let scratch = Scratch()
            let store = try JournalStore(directory: scratch.store)
            var portfolio = Portfolio()
            portfolio.settings.keptSnapshots = 1
            try store.replaceAll(with: portfolio)
            for index in 1...3 {
                try store.commit([.put(.owner(Owner(id: "o\(index)", name: "Owner \(index)")), base: nil)])
                try store.compact()
            }
            let backups = try FileManager.default.contentsOfDirectory(atPath: scratch.store).filter {
                $0.contains(".bak-")
            }
            #expect(backups.count == 1, "\(backups)")
        }
    }

}

@Suite struct RepairTests {
    @Test func repairSalvagesIntoANewStoreAndNeverTouchesTheOriginal() throws {
        let scratch = Scratch()
        #expect(try CLI.run(["demo", "--store", scratch.store, "--accounts", "10", "--interactions", "1"]).status == 0)
        for round in 0..<3 {
            #expect(
                try CLI.run([
                    "log", "acc-000001", "--channel", "visit", "--summary", "kept \(round)", "--store", scratch.store,
                ]).status == 0)
        }
        // Corrupt the middle journal line.
        let journal = scratch.store + "/journal.jsonl"
        var lines = try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[1] = String(lines[1].prefix(20)) + "#garbage#"
        try (lines.joined(separator: "\n") + "\n").write(toFile: journal, atomically: false, encoding: .utf8)
        let before = scratch.files()
        #expect(try CLI.run(["check", "--store", scratch.store]).status == 66)

        let repair = try CLI.run(["check", "--repair", "--store", scratch.store])
        #expect(repair.status == 0, "\(repair.err)")
        #expect(repair.out.contains("journal.jsonl:2: dropped"))
        #expect(repair.out.contains("was not changed"))
        #expect(scratch.files() == before)
        let repaired = scratch.store + "-repaired"
        #expect(try CLI.run(["check", "--store", repaired]).status == 0)
        let summaries = Set(try JournalStore(directory: repaired).portfolio.interactions.values.map(\.summary))
        #expect(summaries.contains("kept 0") && summaries.contains("kept 2") && !summaries.contains("kept 1"))
        // It never overwrites: a second repair to the same place is refused.
        #expect(try CLI.run(["check", "--repair", "--store", scratch.store]).status == 73)
    }
}

/// Several real processes edit one store at once: each its own account, and all one shared
/// account. `RAPPORT_EDITS=N` sets edits per process (default 500).
extension HeavyTests {
    @Suite(.serialized) struct ConcurrentEditTests {
        @Test func everyAcknowledgedEditIsKeptAndEveryLostRaceIsReported() throws {
            let edits = Int(ProcessInfo.processInfo.environment["RAPPORT_EDITS"] ?? "") ?? 500
            let writers = 4
            let scratch = Scratch()
            #expect(
                try CLI.run(["demo", "--store", scratch.store, "--accounts", "9", "--interactions", "0"]).status == 0)
            // Each edit imports a one-row CSV that changes an account's notes: the import plans against
            // the version it read, so a writer that raced another is refused with a conflict (exit 75).
            let script = """
                i=0
                while [ $i -lt \(edits) ]; do
                  if [ $((i % 2)) -eq 0 ]; then target=acc-00000$W; else target=acc-000009; fi
                  f="$DIR/w$W-$i.csv"
                  printf 'id,notes\\n%s,writer %s edit %s\\n' "$target" "$W" "$i" > "$f"
                  "$BIN" import accounts "$f" --store "$STORE" > /dev/null 2> "$f.err"
                  code=$?
                  if [ $code -eq 0 ]; then echo "ok $target writer $W edit $i"
                  elif [ $code -eq 75 ]; then echo "conflict $target writer $W edit $i $(tr '\\n' ' ' < "$f.err")"
                  else echo "failed $code writer $W edit $i $(cat "$f.err")"; fi
                  rm -f "$f" "$f.err"
                  i=$((i + 1))
                done
                """
            var processes: [(Process, Pipe)] = []
            for writer in 1...writers {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/bin/sh")
                process.arguments = ["-c", script]
                process.environment = [
                    "BIN": CLI.binary, "STORE": scratch.store, "DIR": scratch.path, "W": String(writer),
                    "PATH": "/usr/bin:/bin",
                    "XDG_CONFIG_HOME": "/nonexistent/rapport-test-config",
                ]
                let out = Pipe()
                process.standardOutput = out
                try process.run()
                processes.append((process, out))
            }
            var lines: [String] = []
            for (process, out) in processes {
                let data = out.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                lines += String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
            }
            #expect(lines.count == writers * edits)
            #expect(!lines.contains { $0.hasPrefix("failed") }, "\(lines.filter { $0.hasPrefix("failed") }.prefix(3))")
            let conflicts = lines.filter { $0.hasPrefix("conflict") }
            #expect(conflicts.allSatisfy { $0.contains("conflict: account") && $0.contains("changed by someone else") })

            // Every acknowledged edit is in the journal; no refused one is.
            let journal = try String(contentsOfFile: scratch.store + "/journal.jsonl", encoding: .utf8)
            var journaled: [String: Int] = [:]  // notes → count
            for line in journal.split(separator: "\n") {
                let entry = try JSONDecoder().decode(JournalEntry.self, from: Data(line.utf8))
                for case .put(.account(let account), _) in entry.changes { journaled[account.notes, default: 0] += 1 }
            }
            var acknowledged: [String: Int] = [:]  // account → successful edits
            for line in lines where line.hasPrefix("ok ") {
                let parts = line.split(separator: " ")
                let notes = parts[2...].joined(separator: " ")
                #expect(journaled[notes] == 1, "acknowledged but missing: \(notes)")
                acknowledged[String(parts[1]), default: 0] += 1
            }
            for line in conflicts {
                let parts = line.split(separator: " ")
                #expect(journaled[parts[2...5].joined(separator: " ")] == nil, "refused but applied: \(line)")
            }
            // No lost update: each success moved the version on by exactly one from the one it read.
            let store = try JournalStore(directory: scratch.store)
            for (account, count) in acknowledged {
                #expect(store.portfolio.accounts[account]?.version == 1 + count, "\(account)")
            }
            #expect(try CLI.run(["check", "--store", scratch.store]).status == 0)
            print(
                "concurrent edits: \(writers) processes × \(edits), \(lines.count - conflicts.count) acknowledged, \(conflicts.count) conflicts reported"
            )
        }
    }
}
