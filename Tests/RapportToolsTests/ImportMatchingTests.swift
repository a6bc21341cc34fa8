import Foundation
import Testing

@testable import RapportDomain
@testable import RapportTools

/// Every row of a file is a record; re-importing a file changes nothing.
@Suite struct ImportMatchingTests {
    static let store = Portfolio(
        accounts: [
            Account(id: "a1", name: "Alpha AB", roles: [.customer]),
            Account(id: "a2", name: "Beta AB", roles: [.supplier]),
        ])

    @Test func identicalSaleLinesAreTwoSalesAndAReimportChangesNothing() throws {
        let file = "account,date,amount\nAlpha AB,2026-03-01,100.00\nAlpha AB,2026-03-01,100.00\n"
        let first = try plan(.sale, file, into: Self.store)
        #expect((first.created, first.updated, first.unchanged) == (2, 0, 0))
        let portfolio = try applied(first, to: Self.store)
        #expect(portfolio.sales.count == 2)
        let again = try plan(.sale, file, into: portfolio)
        #expect((again.created, again.updated, again.unchanged) == (0, 0, 2))
        // The n-th identical row matches the n-th identical record; the rest are created.
        let three = try plan(.sale, file + "Alpha AB,2026-03-01,100.00\n", into: portfolio)
        #expect((three.created, three.updated, three.unchanged) == (1, 0, 2))
    }

    @Test func identicalPurchasesAndInteractionsAreKeptToo() throws {
        let purchases = "account,date,amount\nBeta AB,2026-03-01,7\nBeta AB,2026-03-01,7\n"
        #expect(try plan(.purchase, purchases, into: Self.store).created == 2)
        let interactions =
            "account,date,channel,summary\nAlpha AB,2026-03-01,call,Checked in\nAlpha AB,2026-03-01,call,Checked in\n"
        let planned = try plan(.interaction, interactions, into: Self.store)
        #expect(planned.created == 2)
        #expect(try plan(.interaction, interactions, into: try applied(planned, to: Self.store)).unchanged == 2)
    }

    @Test func aReferenceMatchesBeforeTheContent() throws {
        let file =
            "Invoice No.,Customer,Invoice Date,Net Amount\nINV-1,Alpha AB,2026-03-01,100\nINV-2,Alpha AB,2026-03-01,100\n"
        let portfolio = try applied(try plan(.sale, file, into: Self.store), to: Self.store)
        #expect(Set(portfolio.sales.values.compactMap(\.reference)) == ["INV-1", "INV-2"])
        // A corrected amount updates the invoice it names instead of adding a sale.
        let corrected = try plan(
            .sale, "Invoice No.,Customer,Invoice Date,Net Amount\nINV-2,Alpha AB,2026-03-01,90\n", into: portfolio)
        #expect((corrected.created, corrected.updated) == (0, 1))
        let after = try applied(corrected, to: portfolio)
        #expect(after.sales.values.first { $0.reference == "INV-2" }?.amount == Money(parsing: "90"))
        // A line with another reference is another sale, even with the same content.
        let other = try plan(.sale, "Order ID,Customer,Order Date,Total\nSO-9,Alpha AB,2026-03-01,100\n", into: after)
        #expect(other.created == 1)
    }

    @Test func sameNamedContactsAreDifferentPeopleUnlessTheirEmailSaysOtherwise() throws {
        let file = """
            account,name,title,email,phone
            Alpha AB,Rina Wijaya,Buyer,rina.w@alpha.example,+62 21 555 0101
            Alpha AB,Rina Wijaya,Logistics lead,rina.wijaya@alpha.example,+62 21 555 0199

            """
        let first = try plan(.contact, file, into: Self.store)
        #expect(first.created == 2)
        let portfolio = try applied(first, to: Self.store)
        #expect(Set(portfolio.contacts.values.map(\.title)) == ["Buyer", "Logistics lead"])
        #expect(try plan(.contact, file, into: portfolio).unchanged == 2)
        // The same email is the same person, whatever the row calls her.
        let renamed = try plan(.contact, "account,name,email\nAlpha AB,Rina W.,rina.w@alpha.example\n", into: portfolio)
        #expect((renamed.created, renamed.updated) == (0, 1))
        // The same phone, written differently, is the same person too.
        let byPhone = try plan(.contact, "account,name,phone\nAlpha AB,R. Wijaya,+62-21-555-0199\n", into: portfolio)
        #expect((byPhone.created, byPhone.updated) == (0, 1))
        // A third Rina with another email is a third person.
        let third = try plan(
            .contact, "account,name,email\nAlpha AB,Rina Wijaya,rina@elsewhere.example\n", into: portfolio)
        #expect(third.created == 1)
    }

    @Test func idsInTheFileAreKeptAndNewIdsComeAfterThem() throws {
        let file =
            "id,account,date,amount\n,Alpha AB,2026-01-01,1\nsal-000001,Alpha AB,2026-01-02,2\n,Alpha AB,2026-01-03,3\n"
        let portfolio = try applied(try plan(.sale, file, into: Self.store), to: Self.store)
        #expect(portfolio.sales.count == 3)
        #expect(portfolio.sales["sal-000001"]?.amount == Money(parsing: "2"))
        #expect(Set(portfolio.sales.keys) == ["sal-000001", "sal-000002", "sal-000003"])
    }

    @Test func ownersNamedByAnAccountsFileAreCreatedOrRefused() throws {
        let file = """
            Account Name,Account Owner,Type
            Gamma AB,Jane Doe,Customer - Direct
            Delta AB,jane doe,Customer - Channel
            Epsilon AB,sam@example.com,Vendor

            """
        let planned = try plan(.account, file, into: Self.store)
        #expect(planned.newOwners == ["Jane Doe", "sam@example.com"])
        #expect(planned.summary.contains("new owners (2): Jane Doe, sam@example.com"))
        let portfolio = try applied(planned, to: Self.store)
        let jane = try #require(portfolio.owner(matching: "Jane Doe"))
        #expect(portfolio.account(matching: "Gamma AB")?.ownerId == jane.id)
        #expect(portfolio.account(matching: "Delta AB")?.ownerId == jane.id)
        #expect(portfolio.owner(matching: "sam@example.com")?.email == "sam@example.com")
        #expect(try plan(.account, file, into: portfolio).newOwners.isEmpty)
        let refused = #expect(throws: ImportError.self) {
            try Importer(kind: .account, createsOwners: false).plan(try table(file), into: Self.store)
        }
        #expect(refused?.description.contains("no owner has this email or name") == true)
        // An id of ours that no owner has is a mistake, not a person.
        #expect(throws: ImportError.self) { try plan(.account, "name,owner\nZeta AB,own-000999\n", into: Self.store) }
    }

    @Test func crmVocabulariesBecomeRolesStatusAndWords() throws {
        let file = """
            Company name,Lifecycle Stage,Industry,Type,State/Region
            Lead Co,lead,PACKAGING_AND_CONTAINERS,,Västra Götaland
            Opp Co,opportunity,RETAIL,Other,
            Cust Co,customer,IT,Channel Partner / Reseller,
            Evan Co,evangelist,Food & Beverage,Technology Partner,
            Else Co,other,,Installation Partner,

            """
        let planned = try plan(.account, file, into: Portfolio())
        let portfolio = try applied(planned)
        func account(_ name: String) throws -> Account { try #require(portfolio.account(matching: name)) }
        #expect(try account("Lead Co").status == .prospect)
        #expect(try account("Lead Co").industry == "Packaging and containers")
        #expect(try account("Lead Co").region == "")
        #expect(try account("Opp Co").status == .prospect)
        #expect(try account("Opp Co").roles == [.customer])
        #expect(try account("Opp Co").industry == "Retail")
        #expect(try account("Cust Co").status == .active)
        #expect(try account("Cust Co").industry == "IT")
        #expect(try account("Evan Co").status == .active)
        #expect(try account("Evan Co").industry == "Food & Beverage")
        #expect(try account("Else Co").status == .active)
        #expect(planned.ignoredColumns == ["State/Region"])
        let unknown = #expect(throws: ImportError.self) {
            try plan(.account, "Company name,Lifecycle Stage,Type\nX,churned,Competitor\n", into: Portfolio())
        }
        #expect(unknown?.description.contains("column 'Lifecycle Stage' value 'churned'") == true)
        #expect(unknown?.description.contains("--map 'Lifecycle Stage='") == true)
        #expect(unknown?.description.contains("column 'Type' value 'Competitor'") == true)
        #expect(unknown?.description.contains("--map 'Type='") == true)
    }

    @Test func formulaCellsAreGuardedOnExportAndRestoredOnImport() throws {
        let hostile = ["=HYPERLINK(\"http://x\")", "+46 8 123", "-minus", "@SUM(A1)", "'=already", "''+two", "'plain"]
        let portfolio = Portfolio(
            accounts: hostile.enumerated().map { Account(id: "a\($0.offset)", name: $0.element, roles: [.customer]) },
            sales: [Sale(id: "s1", accountId: "a0", date: Day("2026-01-01")!, amount: Money(parsing: "-12.50")!)])
        let csv = try Exporter.csv(.account, from: portfolio)
        for line in csv.split(separator: "\n").dropFirst() {
            let name = line.split(separator: ",")[1]
            #expect(!"=+-@".contains(name.first!), "\(line)")
        }
        #expect(csv.contains(",'=HYPERLINK") || csv.contains(",\"'=HYPERLINK"))
        #expect(csv.contains(",'plain,"))
        // A credit note stays a number.
        #expect(try Exporter.csv(.sale, from: portfolio).contains(",-12.50,"))
        let back = try applied(try plan(.account, csv, into: Portfolio()))
        #expect(Set(back.accounts.values.map(\.name)) == Set(hostile))
        #expect(try Exporter.csv(.account, from: back) == csv)
    }

    @Test func guardAndUnguardAreInverse() {
        for cell in ["", "'", "''", "=", "'=", "''=", "-1", "-1.5", "-x", "\t1", "'a", "a=b", "@", "+", "1e5", "-inf"] {
            #expect(String(CSVText.unguardFormula(CSVText.guardFormula(cell)[...])) == cell, "\(cell)")
        }
        #expect(CSVText.guardFormula("-12.50") == "-12.50")
        #expect(CSVText.guardFormula("-inf") == "'-inf")
    }

    /// A store with what imports used to lose: same-named contacts, identical sale lines,
    /// credit notes, CJK and diacritic names.
    @Test func aHardStoreRoundTripsByteForByte() throws {
        let day = Day("2026-05-04")!
        let source = Portfolio(
            accounts: [
                Account(id: "acc-000001", name: "宁波纺织有限公司", roles: [.customer], region: "Greater China"),
                Account(
                    id: "acc-000002", name: "Småländsk Plast AB", roles: [.customer, .supplier], ownerId: "own-000001"),
            ],
            owners: [Owner(id: "own-000001", name: "Linnéa Åström", email: "linnea@example.com")],
            contacts: [
                Contact(id: "con-000001", accountId: "acc-000001", name: "王伟", title: "采购经理"),
                Contact(id: "con-000002", accountId: "acc-000001", name: "王伟", title: "物流"),
                Contact(id: "con-000003", accountId: "acc-000002", name: "Rina Wijaya", email: "r1@example.com"),
                Contact(id: "con-000004", accountId: "acc-000002", name: "Rina Wijaya", email: "r2@example.com"),
            ],
            interactions: [
                Interaction(id: "int-000001", accountId: "acc-000002", date: day, channel: .call, summary: "Same"),
                Interaction(id: "int-000002", accountId: "acc-000002", date: day, channel: .call, summary: "Same"),
            ],
            sales: [
                Sale(id: "sal-000001", accountId: "acc-000001", date: day, amount: Money(parsing: "100.00")!),
                Sale(id: "sal-000002", accountId: "acc-000001", date: day, amount: Money(parsing: "100.00")!),
                Sale(id: "sal-000003", accountId: "acc-000001", date: day, amount: Money(parsing: "-12.50")!),
                Sale(
                    id: "sal-000004", accountId: "acc-000002", date: day, amount: Money(parsing: "7")!,
                    reference: "=INV-1"),
            ],
            purchases: [
                Purchase(id: "pur-000001", accountId: "acc-000002", date: day, amount: Money(parsing: "5")!),
                Purchase(id: "pur-000002", accountId: "acc-000002", date: day, amount: Money(parsing: "5")!),
            ])
        #expect(source.problems().isEmpty, "\(source.problems())")
        var rebuilt = Portfolio()
        let order: [RecordKind] = [.owner, .account, .contact, .interaction, .sale, .purchase, .evaluation]
        for kind in order {
            let csv = try Exporter.csv(kind, from: source)
            rebuilt = try applied(
                try Importer(kind: kind, now: Timestamp(seconds: 0)).plan(try table(csv), into: rebuilt), to: rebuilt)
        }
        for kind in order {
            #expect(try Exporter.csv(kind, from: rebuilt) == Exporter.csv(kind, from: source), "\(kind)")
        }
        for report in ReportKind.allCases {
            #expect(
                try Reporter(portfolio: rebuilt, asOf: day).render(report, as: .json)
                    == Reporter(portfolio: source, asOf: day).render(report, as: .json), "\(report)")
        }
    }
}

/// An import's made-up ids are settled under the lock, so others' edits meanwhile do not fail it.
@Suite struct ImportIDTests {
    @Test func idsTakenMeanwhileAreRenumberedWithTheirReferences() throws {
        let store = Portfolio(accounts: [Account(id: "acc-000001", name: "Alpha AB", roles: [.customer])])
        let accounts = try plan(.account, "name,owner\nBeta AB,Jane Doe\nGamma AB,Jane Doe\n", into: store)
        #expect(accounts.provisionalIDs == ["own-000001", "acc-000002", "acc-000003"])
        // Meanwhile someone else added an account and an owner: they took acc-000002 and own-000001.
        var current = store
        try current.apply(.put(.account(Account(id: "acc-000002", name: "Other AB", roles: [.customer])), base: nil))
        try current.apply(.put(.owner(Owner(id: "own-000001", name: "Sam")), base: nil))
        let settled = accounts.changes(against: current)
        let after = try applied(ImportPlan(changes: settled), to: current)
        #expect(after.accounts.count == 4 && after.owners.count == 2)
        let jane = try #require(after.owner(matching: "Jane Doe"))
        #expect(jane.id == "own-000002")
        #expect(after.account(matching: "Beta AB")?.id == "acc-000004")
        #expect(after.account(matching: "Gamma AB")?.ownerId == jane.id)
        #expect(after.account(matching: "Other AB")?.id == "acc-000002")
        // Nothing taken: the plan's own changes, as planned.
        #expect(accounts.changes(against: store) == accounts.changes)
    }
}
