import Foundation
import Testing

/// What goes in comes out: export → import into an empty store → export gives the same bytes.
@Suite(.serialized) struct RoundTripCLITests {
    static let kinds = ["owners", "accounts", "contacts", "interactions", "sales", "purchases", "evaluations"]
    static let reports = ["tiers", "partners", "suppliers", "owners"]

    @Test func theDemoExportedAndImportedIntoAnEmptyStoreExportsTheSameBytes() throws {
        let scratch = Scratch()
        let demo = try CLI.run(["demo", "--store", scratch.store, "--end", "2026-11-20"])
        #expect(demo.status == 0, "\(demo.err)")
        let copy = scratch.path + "/copy"
        var first: [String: String] = [:]
        for kind in Self.kinds {
            let exported = try CLI.run(["export", kind, "--store", scratch.store])
            #expect(exported.status == 0, "\(exported.err)")
            first[kind] = exported.out
            let file = try scratch.write(kind + ".csv", exported.out)
            let imported = try CLI.run(["import", kind, file, "--store", copy])
            #expect(imported.status == 0, "\(kind): \(imported.err)")
            #expect(
                imported.out.contains("updated 0") || imported.out.contains(" 0 updated, 0 unchanged"),
                "\(imported.out)")
        }
        for kind in Self.kinds {
            let again = try CLI.run(["export", kind, "--store", copy])
            #expect(again.out == first[kind], "\(kind) differs after the round trip")
        }
        for report in Self.reports {
            let arguments = ["report", report, "--as-of", "2026-11-20", "--format", "json", "--store"]
            let original = try CLI.run(arguments + [scratch.store])
            #expect(original.status == 0)
            #expect(try CLI.run(arguments + [copy]).out == original.out, "\(report)")
        }
        // Importing the same files again changes nothing.
        for kind in Self.kinds {
            let again = try CLI.run(["import", kind, scratch.path + "/" + kind + ".csv", "--store", copy])
            #expect(again.out.contains("0 created, 0 updated"), "\(kind): \(again.out)")
        }
    }

    @Test func demoContactsAsVCardsImportBackIntoAnotherStore() throws {
        let scratch = Scratch()
        try Scratch.demo(scratch)
        let copy = scratch.path + "/copy"
        for kind in ["owners", "accounts"] {
            let file = try scratch.write(kind + ".csv", try CLI.run(["export", kind, "--store", scratch.store]).out)
            #expect(try CLI.run(["import", kind, file, "--store", copy]).status == 0)
        }
        let cards = try CLI.run(["export", "contacts", "--format", "vcard", "--store", scratch.store])
        #expect(cards.status == 0)
        #expect(cards.out.hasPrefix("BEGIN:VCARD\r\nVERSION:3.0\r\n"))
        let file = try scratch.write("contacts.vcf", cards.out)
        let imported = try CLI.run(["import", "contacts", file, "--store", copy])
        #expect(imported.status == 0, "\(imported.err)")
        let original = try CLI.run(["export", "contacts", "--store", scratch.store]).out
        #expect(try CLI.run(["export", "contacts", "--store", copy]).out == original)
        #expect(try CLI.run(["import", "contacts", file, "--store", copy]).out.contains("0 created, 0 updated"))
        // A vCard file is contacts, and only contacts export as vCards.
        #expect(try CLI.run(["import", "accounts", file, "--store", copy]).status == 64)
        #expect(try CLI.run(["export", "sales", "--format", "vcard", "--store", copy]).status == 64)
    }

    @Test func aBigImportIsFoldedIntoANewSnapshotAndReadsTheSame() throws {
        let scratch = Scratch()
        try Scratch.demo(scratch)
        let journaled = scratch.path + "/journaled"
        let folded = scratch.path + "/folded"
        for kind in ["owners", "accounts", "interactions"] {
            let file = try scratch.write(kind + ".csv", try CLI.run(["export", kind, "--store", scratch.store]).out)
            #expect(try CLI.run(["import", kind, file, "--store", journaled]).status == 0)
            let result = try CLI.run(
                ["import", kind, file, "--store", folded], environment: ["RAPPORT_FOLD_RECORDS": "1"])
            #expect(result.status == 0, "\(result.err)")
        }
        // Folded: nothing waits in the journal; the previous snapshot is kept as a backup.
        let journal = FileManager.default.contents(atPath: folded + "/journal.jsonl") ?? Data()
        #expect(journal.isEmpty)
        #expect(FileManager.default.fileExists(atPath: folded + "/rapport.json.bak-2"))
        #expect(try CLI.run(["check", "--store", folded]).status == 0)
        for kind in ["accounts", "interactions"] {
            #expect(
                try CLI.run(["export", kind, "--store", folded]).out
                    == CLI.run(["export", kind, "--store", journaled]).out, "\(kind)")
        }
        // Later edits append to the journal as usual.
        let logged = try CLI.run(["log", "acc-000001", "--channel", "call", "--summary", "after", "--store", folded])
        #expect(logged.status == 0, "\(logged.err)")
        #expect(try CLI.run(["export", "interactions", "--store", folded]).out.contains("after"))
    }

    @Test func aStoreThatDoesNotExistIsAnErrorAndIsNotCreated() throws {
        let scratch = Scratch()
        let typo = scratch.path + "/typo"
        for arguments in [
            ["report", "tiers"], ["report", "owners", "--format", "json"], ["export", "accounts"], ["check"],
            ["compact"],
            ["log", "Acme", "--channel", "call", "--summary", "hi"],
        ] {
            let result = try CLI.run(arguments + ["--store", typo])
            #expect(result.status == 66, "\(arguments)")
            #expect(result.out.isEmpty, "\(arguments)")
            #expect(result.err.contains("there is no store at \(typo)"), "\(arguments): \(result.err)")
            #expect(result.err.contains("rapport demo"), "\(arguments)")
            #expect(!FileManager.default.fileExists(atPath: typo), "\(arguments) created the store")
        }
    }
}
