import Foundation
import Testing

@testable import RapportDomain
@testable import RapportStore

extension HeavyTests {
    /// An import without ids gets in while others keep logging calls: its new ids are settled
    /// under the lock, against what the others added meanwhile.
    @Suite(.serialized) struct BusyStoreTests {
        @Test func anImportGetsInWhileOthersLogCalls() throws {
            let scratch = Scratch()
            try Scratch.demo(scratch)
            let rows = (0..<3000).map { "acc-000003,2026-05-01,visit,busy import \($0)\n" }.joined()
            let file = try scratch.write("busy.csv", "account,date,channel,summary\n" + rows)
            // Others log calls one after another for as long as the import runs.
            let others = Process()
            others.executableURL = URL(fileURLWithPath: "/bin/sh")
            others.arguments = [
                "-c",
                "i=0; while [ $i -lt 40 ]; do '\(CLI.binary)' log acc-000001 --channel call --summary \"busy log $i\" "
                    + "--store '\(scratch.store)' >/dev/null || exit 1; i=$((i+1)); done",
            ]
            try others.run()
            var imports = 0
            while others.isRunning && imports < 6 {
                let result = try CLI.run(["import", "interactions", file, "--store", scratch.store])
                #expect(result.status == 0, "import \(imports): \(result.err)")
                imports += 1
            }
            others.waitUntilExit()
            #expect(others.terminationStatus == 0)
            let portfolio = try JournalStore(directory: scratch.store).portfolio
            let summaries = portfolio.interactions.values.map(\.summary)
            // The first import created the rows; the later ones found them unchanged.
            #expect(summaries.filter { $0.hasPrefix("busy import ") }.count == 3000)
            #expect(summaries.filter { $0.hasPrefix("busy log ") }.count == 40)
            #expect(try CLI.run(["check", "--store", scratch.store]).status == 0)
        }
    }
}
