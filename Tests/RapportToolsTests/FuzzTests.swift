import Foundation
import PropertyBased
import Testing

@testable import RapportApp
@testable import RapportDomain
@testable import RapportStore
@testable import RapportTheme
@testable import RapportTools

/// Adversarial pieces that random mutations splice into otherwise valid input.
let hostile: [String] = [
    "\u{1B}[2J", "\u{1B}]0;x\u{7}", "\u{9B}", "\u{202E}", "\u{200B}", "\u{0}", "\u{FFFD}", "\"", "\\", "\\u0000",
    "\\ud800", "1e400", "-0", "NaN", "2026-02-30", "null", "[[[[[[", "}}}", ",", "\n", "\r\n", "上海", "ö",
    String(repeating: "x", count: 70_000), "\"id\":\"acc-000001\"", "{}", "[]", "true", "-1", "99999999999999999999",
]

/// A random edit of a string: replace, insert or delete a slice, or splice in a hostile piece.
let mutation = zip(Gen.int(in: 0...3), Gen.int(in: 0...10_000), Gen.int(in: 0...(hostile.count - 1)))

func mutate(_ text: String, _ edits: [(Int, Int, Int)]) -> String {
    var scalars = Array(text.unicodeScalars)
    for (kind, position, piece) in edits where !scalars.isEmpty {
        let index = position % scalars.count
        switch kind {
        case 0: scalars.insert(contentsOf: hostile[piece].unicodeScalars, at: index)
        case 1: scalars.removeSubrange(index..<min(scalars.count, index + 1 + piece))
        case 2: scalars[index] = hostile[piece].unicodeScalars.first ?? "x"
        default: scalars.removeSubrange(index..<scalars.count)  // truncation
        }
    }
    var result = String.UnicodeScalarView()
    result.append(contentsOf: scalars)
    return String(result)
}

@Suite struct FuzzTests {
    static let portfolio = DemoGenerator(accounts: 8, seed: 3, end: Day("2026-06-30")!, interactionsPerAccount: 2)
        .generate()
    static let snapshot = String(decoding: try! SnapshotCodec.encode(portfolio, journalSeq: 4), as: UTF8.self)

    @Test func snapshotLoaderNeverCrashesAndAlwaysSaysWhere() async {
        await propertyCheck(count: 300, input: mutation.array(of: 1...4)) { edits in
            let bytes = Array(mutate(Self.snapshot, edits).utf8)
            do {
                _ = try SnapshotCodec.decode(bytes, file: "f")
            } catch let error as StoreError {
                #expect(error.description.hasPrefix("f"))
            } catch {
                Issue.record("unexpected error type: \(error)")
            }
        }
    }

    @Test func journalReplayRefusesBadLinesAndWritesNothing() async throws {
        let directory = NSTemporaryDirectory() + "rapport-fuzz-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try JournalStore(directory: directory)
        try store.replaceAll(with: Self.portfolio)
        var account = Self.portfolio.accounts["acc-000001"]!
        account.notes = "edited"
        try store.commit([.put(.account(account), base: 1)])
        try store.commit([.delete(.interaction, id: "int-000001", base: 1)])
        let journal = try String(contentsOfFile: store.journalPath, encoding: .utf8)
        await propertyCheck(count: 200, input: mutation.array(of: 1...3)) { edits in
            let mutated = mutate(journal, edits)
            try? mutated.write(toFile: store.journalPath, atomically: false, encoding: .utf8)
            let before = FileManager.default.contents(atPath: store.journalPath)
            do {
                _ = try JournalStore(directory: directory)
            } catch let error as StoreError {
                #expect(error.description.contains("journal.jsonl") || error.description.contains("rapport.json"))
                #expect(
                    FileManager.default.contents(atPath: store.journalPath) == before,
                    "a failed open wrote to the journal")
            } catch {
                Issue.record("unexpected error type: \(error)")
            }
        }
    }

    @Test func csvImportEitherFailsWholeOrOnlyPlansValidChanges() async {
        let cell = Gen.element(of: hostile).map { $0 ?? "" }
        let row = cell.array(of: 4...4)
        await propertyCheck(count: 300, input: row.array(of: 1...5)) { rows in
            let csv =
                "name,roles,industry,inputCost\n"
                + rows.map { cells in
                    cells.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",")
                }.joined(separator: "\n")
            do {
                let table = try CSVText.read(Array(csv.utf8), file: "f.csv")
                let plan = try Importer(kind: .account).plan(table, into: Self.portfolio)
                var copy = Self.portfolio
                for change in plan.changes { try copy.apply(change) }
                #expect(copy.problems().isEmpty)
            } catch is ImportError {
            } catch is CSVText.ReadError {
            } catch {
                Issue.record("unexpected error: \(error)")
            }
        }
    }

    @Test func themeLooksParseOrSayWhy() async {
        let word = Gen.element(of: hostile + ["on", "bold", "cyan", "#12ab34", "255", "default", "reverse"]).map {
            $0 ?? ""
        }
        await propertyCheck(count: 500, input: word.array(of: 0...5)) { words in
            let spec = words.joined(separator: " ")
            do {
                _ = try ThemeCatalog.parseLook(spec, palette: [:], file: "t", line: 1)
            } catch let error as ThemeError {
                #expect(error.description.hasPrefix("t:1:"))
            } catch {
                Issue.record("unexpected error: \(error)")
            }
            _ = try? ThemeCatalog.parse(
                "[roles]\nheader = \"\(spec.replacingOccurrences(of: "\"", with: ""))\"\n", file: "t")
        }
    }

    @Test func fieldParsersRoundTripAndNeverCrash() async {
        await propertyCheck(
            count: 1000, input: Gen.int(in: -800_000...2_900_000),
            Gen.int(in: -100_000_000_000_000...100_000_000_000_000)
        ) {
            ordinal, cents in
            let day = Day(ordinal: ordinal)
            if (1...9999).contains(day.year) { #expect(Day(day.description) == day) }
            let money = Money(cents: Int64(cents))
            #expect(Money(parsing: money.plain) == money)
            // Grouped form is whole units: it parses back to the rounded amount.
            #expect(Money(parsing: money.grouped).map { $0.cents % 100 == 0 } ?? false)
        }
        let text = Gen.element(of: hostile).map { $0 ?? "" }.array(of: 0...3).map { $0.joined() }
        await propertyCheck(count: 500, input: text) { value in
            _ = Day(value)
            _ = Money(parsing: value)
            _ = DateInput.parse(value, today: Day("2026-06-30")!)
            _ = YearMonth(value)
            _ = Timestamp(value)
            _ = ThemeColor(value)
            let inert = TerminalText.inert(value)
            #expect(!inert.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
            _ = TerminalText.truncate(value, to: 7)
            #expect(TerminalText.width(TerminalText.truncate(inert, to: 7)) <= 7)
            for field in ["name", "email"] {
                _ = FieldRules.requiredLine(value, field: field, what: "x")
                _ = FieldRules.email(value, field: field)
            }
        }
    }

    /// Random typing into every kind of form: hostile pieces, editing keys, lists, saves, Esc.
    /// Nothing crashes, nothing drawn carries a control character, and every save that reaches
    /// the store is a valid record (the store's own check would refuse anything else).
    @Test func formsNeverSaveInvalidRecordsOrDrawControlCharacters() async {
        let keys: [Key] = [
            .tab, .backTab, .up, .down, .left, .right, .home, .end, .backspace, .delete, .enter, .escape,
            .ctrl("a"), .ctrl("e"), .ctrl("u"), .ctrl("w"), .ctrl("k"), .ctrl("s"), .char(" "), .char("y"),
        ]
        let pieces = hostile.filter { $0.count < 1000 } + ["5", "0", "today", "+7d", "1,234.50", "visit", "yes"]
        let step = zip(Gen.int(in: 0...1), Gen.int(in: 0...(keys.count - 1)), Gen.int(in: 0...(pieces.count - 1)))
        let opener: [Key] = [.char("a"), .char("e"), .char("r")]
        await propertyCheck(count: 200, input: zip(Gen.int(in: 0...8), step.array(of: 1...40))) { form, steps in
            var state = AppState(
                portfolio: Self.portfolio, asOf: Day("2026-06-30")!, width: 90, height: 28, storeLabel: "s",
                today: Day("2026-06-30")!)
            var stored = Self.portfolio
            // 0-2: account forms from the Accounts pane; 3: owners; 4-8: detail sections.
            if form < 3 {
                _ = state.update(.key(.char("4")))
                _ = state.update(.key(opener[form]))
            } else if form == 3 {
                _ = state.update(.key(.char("3")))
                _ = state.update(.key(.char("a")))
            } else {
                _ = state.update(.key(.char("4")))
                _ = state.update(.key(.enter))
                state.detailSection = DetailSection(rawValue: form - 4) ?? .contacts
                _ = state.update(.key(.char("a")))
            }
            for (index, (kind, key, piece)) in steps.enumerated() {
                // Each key's commits are stored before the next key, as the dashboard's loop does
                // (a later key must see what an earlier one saved, or undid).
                let typed: [Key] = kind == 0 ? [keys[key]] : pieces[piece].map { .char($0) }
                for key in typed {
                    for case .commit(let changes) in state.update(.key(key)) {
                        do {
                            let applied = try stored.applyAll(changes).map(\.change)
                            _ = state.update(.committed(.saved(applied, stored)))
                        } catch {
                            Issue.record("a form committed an invalid change: \(error)")
                            return
                        }
                    }
                }
                // Drawing every few keys keeps the run short; the last state is always drawn.
                guard index % 4 == 3 || index == steps.count - 1 else { continue }
                let text = state.render().text()
                #expect(!text.unicodeScalars.contains { FieldRules.isControl($0) && $0 != "\n" })
            }
            #expect(stored.problems().isEmpty)
        }
    }
}
