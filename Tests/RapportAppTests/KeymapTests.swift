import Foundation
import RapportDomain
import Testing

@testable import RapportApp

@Suite struct KeymapTests {
    /// The README's key table, between its markers. `RAPPORT_RECORD_SNAPSHOTS=1 swift test`
    /// writes the keymap's table there, as it rewrites the golden frames.
    static func readmeKeyTable() throws -> String {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        var text = try String(contentsOf: readme, encoding: .utf8)
        let start = try #require(text.range(of: "<!-- keys: generated from Keymap.bindings -->\n"))
        let end = try #require(text.range(of: "\n<!-- keys: end -->", range: start.upperBound..<text.endIndex))
        if ProcessInfo.processInfo.environment["RAPPORT_RECORD_SNAPSHOTS"] == "1" {
            text.replaceSubrange(start.upperBound..<end.lowerBound, with: Keymap.markdownTable())
            try text.write(to: readme, atomically: true, encoding: .utf8)
            return Keymap.markdownTable()
        }
        return String(text[start.upperBound..<end.lowerBound])
    }

    @Test func theReadmeListsExactlyTheKeymapsBindings() throws {
        let table = try Self.readmeKeyTable()
        #expect(
            table == Keymap.markdownTable(),
            "README.md's key table differs from Keymap.bindings; paste Keymap.markdownTable() between the markers")
        #expect(table.split(separator: "\n").count == Keymap.bindings.count + 2)
    }

    /// A state where `scope` applies.
    static func state(for scope: Scope) -> AppState {
        var state = Fixture.state(
            width: 120, height: 40, portfolio: scope == .emptyStore ? Portfolio() : Fixture.portfolio)
        switch scope {
        case .detail: state.detail = state.portfolio.accounts.keys.min()
        case .suppliers: state.pane = .suppliers
        case .agenda: state.pane = .agenda
        default: break
        }
        return state
    }

    @Test func everyKeyReachesItsBindingWhereItsScopeApplies() {
        for binding in Keymap.bindings {
            let state = Self.state(for: binding.scope)
            for key in binding.keys {
                let found = Keymap.binding(for: key, in: state)
                #expect(
                    found?.action == binding.action,
                    "\(key) in \(binding.scope) gives \(String(describing: found?.action))")
            }
        }
    }

    @Test func everyBindingHasWordsForTheHelpAndTheReadme() {
        for binding in Keymap.bindings {
            #expect(!binding.label.isEmpty && !binding.about.isEmpty && !binding.shown.isEmpty)
            #expect(TerminalText.width(binding.label) <= 27, "\(binding.shown): the help's label fits its column")
        }
    }

    @Test func theHelpShowsEveryBindingThatWorksHereAndCutsNothingAt80x24() {
        for pane in Pane.allCases {
            var state = Fixture.state(width: 80, height: 24)
            state.pane = pane
            state.showHelp = true
            let screen = state.render().text()
            for binding in Keymap.available(in: state) {
                #expect(screen.contains(binding.label), "\(pane): \(binding.label)")
            }
            #expect(!screen.contains("…│"), "\(pane): a help line was cut")
        }
        // On an account's page too.
        var page = Fixture.state(width: 80, height: 24)
        page.detail = page.portfolio.accounts.keys.min()
        page.showHelp = true
        let screen = page.render().text()
        for binding in Keymap.available(in: page) {
            #expect(screen.contains(binding.label), "account page: \(binding.label)")
        }
        var state = Fixture.state(width: 80, height: 24)
        state.pane = .tiers
        state.showHelp = true
        #expect(state.render().text().contains("Pareto curve"))
        state.pane = .partners
        #expect(!state.render().text().contains("Pareto curve"), "a binding that does not work here is not listed")
    }

    @Test func theHintBarKeepsHelpAndQuitAtEveryWidth() {
        for width in stride(from: 60, through: 200, by: 7) {
            for pane in ["1", "2", "3", "4", "5"] {
                var state = Fixture.state(width: width, height: 24)
                _ = state.update(.key(.char(Character(pane))))
                let bar = String(state.render().text().split(separator: "\n").last ?? "")
                #expect(bar.contains("? help") && bar.contains("q quit"), "\(width) columns, pane \(pane): \(bar)")
            }
        }
    }

    @Test func editKeysWaitForTheRestOfALargeStoreAndSayWhy() {
        var state = Fixture.state(width: 100, height: 30)
        state.reading = .rest(Loading(what: "the rest"))
        _ = state.update(.key(.char("4")))
        for binding in Keymap.bindings where binding.wait == .edits {
            // Where the binding works: the Agenda's keys on the Agenda, the others on Accounts.
            _ = state.update(.key(.char(binding.scope == .agenda ? "5" : "4")))
            _ = state.update(.key(binding.keys[0]))
            #expect(state.message?.text.hasPrefix("Edits are available once") == true, "\(binding.shown)")
        }
    }
}

@Suite struct PlainWordsTests {
    @Test func theHistoryNamesRecordsAndFieldsInWords() throws {
        var state = Fixture.state(width: 120, height: 40)
        let contact = try #require(state.portfolio.contacts.values.min { $0.id < $1.id })
        let account = try #require(state.portfolio.accounts[contact.accountId])
        let owner = try #require(state.portfolio.owners.values.min { $0.id < $1.id })
        state.detail = account.id
        state.detailSection = .history
        let at = Timestamp(seconds: 1_780_000_000)
        _ = state.update(
            .history(
                account: account.id,
                [
                    HistoryItem(at: at, by: "asa", kind: .contact, id: contact.id, action: .created, changes: []),
                    HistoryItem(
                        at: at, by: "asa", kind: .account, id: account.id, action: .changed,
                        changes: [
                            FieldChange(field: "ratings.conversionRisk", from: "1", to: "5"),
                            FieldChange(field: "ownerId", from: owner.id, to: ""),
                        ]),
                    HistoryItem(at: at, by: "asa", kind: .interaction, id: "int-999999", action: .deleted, changes: []),
                ]))
        let screen = state.render().text()
        #expect(screen.contains("contact \(contact.name)"))
        #expect(screen.contains("conversion risk: 1 → 5"))
        #expect(screen.contains("owner: \(owner.name) → –"))
        #expect(screen.contains("a deleted interaction"))
        #expect(!screen.contains(contact.id) && !screen.contains("int-999999") && !screen.contains("ratings."))
    }

    @Test func thePartnersExplanationAndTheRatingsUseWords() {
        var state = Fixture.state(width: 120, height: 40)
        _ = state.update(.key(.char("2")))
        let partners = state.render().text()
        #expect(partners.contains("switching cost") && partners.contains("information sharing"))
        #expect(!partners.contains("switchingCost") && !partners.contains("informationSharing"))
    }
}

@Suite struct SearchTests {
    @Test func theFilterFindsAnAccountByItsContactsEmailOrPhone() throws {
        var state = Fixture.state(width: 120, height: 40)
        let contact = try #require(
            state.portfolio.contacts.values.filter { !$0.email.isEmpty && !$0.phone.isEmpty }.min { $0.id < $1.id })
        _ = state.update(.key(.char("4")))
        for query in [contact.email.uppercased(), String(contact.phone.suffix(7))] {
            _ = state.update(.key(.char("/")))
            for character in query { _ = state.update(.key(.char(character))) }
            _ = state.update(.key(.enter))
            let ids = state.model(.accounts).rows.map(\.id)
            #expect(ids.contains(contact.accountId), "\(query)")
            _ = state.update(.key(.escape))
        }
    }
}

@Suite struct SortMarkTests {
    @Test func theHeaderMarksTheSortColumnAndItsDirection() {
        var state = Fixture.state(width: 120, height: 40)
        _ = state.update(.key(.char("4")))
        func header() -> String { String(state.render().text().split(separator: "\n")[1]) }
        #expect(header().hasPrefix("Account▲"))
        _ = state.update(.key(.char("s")))
        #expect(header().contains("Owner▲") && !header().contains("Account▲"), "sorted by owner")
        _ = state.update(.key(.char("S")))
        #expect(header().contains("Owner▼"), "reversed")
    }
}

@Suite struct CollationTests {
    @Test func everyListOrdersNamesTheSameWay() throws {
        var state = Fixture.state(width: 120, height: 40)
        let accountsOrder = state.model(.accounts).rows.map(\.id)
        let position = Dictionary(uniqueKeysWithValues: accountsOrder.enumerated().map { ($1, $0) })
        _ = state.update(.key(.char("3")))
        let owners = state.model(.owners).rows.map(\.id)
        var checked = 0
        for (index, owner) in owners.enumerated() {
            state[.owners].selected = index
            let keys = state.model(.ownerAccounts).rows.map(\.id)
            #expect(keys == keys.sorted { position[$0]! < position[$1]! }, "owner \(owner)")
            checked += keys.count
        }
        #expect(checked > 10)
        // Owners by folded name too ("Ädel" between "Adam" and "Axel"), the Unassigned group last.
        let names = state.model(.owners).rows.dropLast().map { Dashboard.fold($0.cells[0]) }
        #expect(names == names.sorted())
        #expect(state.model(.owners).rows.last?.id == "")
    }
}
