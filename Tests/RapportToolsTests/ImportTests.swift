import Foundation
import Testing

@testable import RapportDomain
@testable import RapportTools

@Suite struct ImportTests {
    let owners = Portfolio(owners: [Owner(id: "o1", name: "Åsa Öberg", email: "asa@example.com")])
    static let customerA = Portfolio(accounts: [Account(id: "a1", name: "A", roles: [.customer])])

    @Test func messySalesforceExport() throws {
        // BOM, CRLF, quoted comma and newline, thousands separators, empty cells, Salesforce headers.
        let csv =
            "\u{FEFF}Account Name,Type,Industry,AnnualRevenue,BillingCountry,BillingState,Account Owner,Website,Description\r\n"
            + "\"Kontorsmöbler AB\",Customer - Direct,Furniture,\"1,234,567.50\",SE,Skåne,asa@example.com,www.kontors.se,\r\n"
            + "\"Acme, Inc.\",Vendor,Metals,,US,,,,\"Two lines,\nwith a comma\"\r\n"
            + "上海供应链有限公司,Customer - Channel,Logistics,,CN,Shanghai,Åsa Öberg,,\r\n"
            + "\r\n"
        let result = try plan(.account, csv, into: owners)
        #expect(result.created == 3)
        let portfolio = try applied(result, to: owners)
        let kontor = try #require(portfolio.account(matching: "Kontorsmöbler AB"))
        #expect(kontor.roles == [.customer])
        #expect(kontor.annualRevenue == Money(parsing: "1234567.50"))
        // BillingState is a state or province, not a sales region: it is left out, and said so.
        #expect(kontor.region == "")
        #expect(result.ignoredColumns == ["BillingState"])
        #expect(kontor.ownerId == "o1")
        #expect(kontor.website == "www.kontors.se")
        let acme = try #require(portfolio.account(matching: "Acme, Inc."))
        #expect(acme.roles == [.supplier])
        #expect(acme.industry == "Metals")
        #expect(acme.notes == "Two lines,\nwith a comma")
        #expect(acme.ownerId == nil)
        #expect(portfolio.account(matching: "上海供应链有限公司")?.ownerId == "o1")
    }

    @Test func hubspotHeaders() throws {
        let csv =
            "Company name,Company Domain Name,Type,Company owner,Country/Region,State/Region\nPT Pemasok Jaya,pemasok.co.id,Vendor,Åsa Öberg,ID,Jawa Barat\n"
        let portfolio = try applied(try plan(.account, csv, into: owners), to: owners)
        let account = try #require(portfolio.account(matching: "PT Pemasok Jaya"))
        #expect(account.website == "pemasok.co.id")
        #expect(account.isSupplier && !account.isCustomer)
        #expect(account.country == "ID")
        #expect(account.region == "")
    }

    @Test func everyBadRowIsReportedAndNothingPlanned() throws {
        let csv = """
            account,date,amount,margin
            Kontorsmöbler AB,2026-02-30,100,
            Kontorsmöbler AB,2026-01-01,12x,
            Nobody Ltd,2026-01-01,5,
            Kontorsmöbler AB,2026-01-01,"1,234.50",
            ,2026-01-01,5,
            """
        let base = Portfolio(accounts: [Account(id: "a1", name: "Kontorsmöbler AB", roles: [.customer])])
        let error = #expect(throws: ImportError.self) { try plan(.sale, csv, into: base) }
        guard case .badRows(let problems) = error else {
            Issue.record("expected bad rows, got \(String(describing: error))")
            return
        }
        #expect(problems.map(\.row) == [2, 3, 4, 6])
        #expect(
            problems[0].column == "date" && problems[0].value == "2026-02-30"
                && problems[0].reason.contains("YYYY-MM-DD"))
        #expect(problems[1].column == "amount" && problems[1].reason.contains("1,234.50"))
        #expect(problems[2].column == "account" && problems[2].value == "Nobody Ltd")
        #expect(problems[3].column == "account")
        #expect(error?.description.contains("nothing was imported") == true)
    }

    @Test func validationErrorsNameTheColumn() throws {
        let csv = "name,roles,inputCost,owner\nGood AB,customer,6,\n"
        let error = #expect(throws: ImportError.self) { try plan(.account, csv, into: owners) }
        guard case .badRows(let problems) = error else { return }
        #expect(problems.count == 1)
        #expect(problems[0].column == "inputCost")
        #expect(problems[0].reason.contains("1 to 5"))
    }

    @Test func hostileCellsAreRejectedNotStored() throws {
        let csv =
            "name,roles\n\"Evil\u{1B}]0;pwned\u{7}\",customer\n\(String(repeating: "x", count: 1_000_000)),customer\n"
        let error = #expect(throws: ImportError.self) { try plan(.account, csv) }
        guard case .badRows(let problems) = error else { return }
        #expect(problems.map(\.row) == [2, 3])
        // The report itself is inert and short.
        #expect(!(error?.description ?? "").unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{7}" })
        #expect((error?.description.count ?? 0) < 2000)
    }

    @Test func invalidUTF8AndNULAreRefused() {
        #expect(throws: CSVText.ReadError.self) { try CSVText.read([0x6E, 0x61, 0xFF, 0x0A], file: "x.csv") }
        #expect(throws: CSVText.ReadError.self) { try CSVText.read(Array("name\nA\u{0}B\n".utf8), file: "x.csv") }
        #expect(throws: CSVText.ReadError.self) { try CSVText.read([], file: "x.csv") }
    }

    @Test func reimportMatchesByIdNameAndDomain() throws {
        let first = "name,website,industry\nAlpha AB,https://www.alpha.se/,Retail\nBeta AB,beta.com,Retail\n"
        var portfolio = try applied(try plan(.account, first))
        #expect(portfolio.accounts.count == 2)
        let alphaID = try #require(portfolio.account(matching: "Alpha AB")?.id)
        // By id (rename), by exact name (any case), by domain (name spelled differently), and one new.
        let second =
            "id,name,website,industry\n\(alphaID),Alpha Renamed AB,,Furniture\n,BETA AB,,Logistics\n,Gamma,,Retail\n"
        let third = "name,website,industry\nBeta Aktiebolag,http://beta.com,Logistics\n"
        let result = try plan(.account, second, into: portfolio)
        #expect((result.created, result.updated, result.unchanged) == (1, 2, 0))
        portfolio = try applied(result, to: portfolio)
        #expect(portfolio.accounts[alphaID]?.name == "Alpha Renamed AB")
        #expect(portfolio.accounts[alphaID]?.website == "https://www.alpha.se/")  // empty cell kept the value
        let again = try plan(.account, third, into: portfolio)
        #expect((again.created, again.updated, again.unchanged) == (0, 1, 0))
        #expect(try plan(.account, second, into: portfolio).unchanged == 3)
    }

    @Test func rowsWithAnIdUpdateThatRecordAloneButNewRowsStillNeedTheirFields() throws {
        let portfolio = try applied(try plan(.account, "id,name,industry\nx1,Alpha AB,Retail\n"))
        let update = try plan(.account, "id,notes\nx1,called them\n", into: portfolio)
        #expect(update.updated == 1)
        #expect(try applied(update, to: portfolio).accounts["x1"]?.notes == "called them")
        let error = #expect(throws: ImportError.self) { try plan(.account, "id,notes\nx2,new one\n", into: portfolio) }
        #expect(error?.description.contains("name") == true)
    }

    @Test func twoRowsOfOneFileNamingOneAccountAreRefusedNotMerged() throws {
        let error = #expect(throws: ImportError.self) {
            try plan(.account, "name,industry\nDup AB,Retail\ndup ab,Logistics\n")
        }
        #expect(
            error?.description.contains("row 3, column 'name' value 'dup ab': names the same account as row 2") == true)
        let ids = #expect(throws: ImportError.self) {
            try plan(.sale, "id,account,date,amount\nx,A,2026-01-01,5\nx,A,2026-01-01,5\n", into: Self.customerA)
        }
        #expect(ids?.description.contains("row 3, column 'id' value 'x': names the same sale as row 2") == true)
    }

    @Test func mapOverridesAndMissingColumns() throws {
        let csv = "Org,Kind,Junk\nX AB,supplier,zzz\n"
        let error = #expect(throws: ImportError.self) { try plan(.account, csv) }
        #expect(error?.description.contains("no column for name") == true)
        let result = try plan(.account, csv, map: ["Org": "name", "Kind": "roles", "Junk": ""])
        #expect(result.created == 1)
        #expect(result.ignoredColumns.isEmpty)
        #expect(throws: ImportError.self) { try plan(.account, csv, map: ["Org": "nonsense"]) }
        let ignored = try plan(.account, "name,Favourite Colour\nY AB,blue\n")
        #expect(ignored.ignoredColumns == ["Favourite Colour"])
    }

    @Test(arguments: [
        ("Customer - Direct", [Role.customer], false), ("Vendor", [.supplier], false),
        ("both", [.customer, .supplier], false),
        ("Prospect", [.customer], true), ("customer; supplier", [.customer, .supplier], false),
        ("Partner", [.customer], false),
    ])
    func crmTypes(text: String, roles: [Role], prospect: Bool) throws {
        let parsed = try #require(RowParser.roles(text))
        #expect(Set(parsed.roles) == Set(roles))
        #expect(parsed.prospect == prospect)
    }

    @Test func unknownTypeIsABadRow() {
        #expect(RowParser.roles("Competitor") == nil)
    }
}

@Suite struct RoundTripTests {
    static let demo = DemoGenerator(accounts: 60, seed: 7, end: Day("2026-06-30")!, interactionsPerAccount: 4)
        .generate()

    @Test(arguments: [RecordKind.owner, .account, .contact, .interaction, .sale, .purchase, .evaluation])
    func exportImportsBackUnchanged(kind: RecordKind) throws {
        let csv = try Exporter.csv(kind, from: Self.demo)
        let result = try Importer(kind: kind).plan(try CSVText.read(Array(csv.utf8), file: "e.csv"), into: Self.demo)
        #expect(result.unchanged == Self.demo.count(of: kind))
        #expect(result.created == 0 && result.updated == 0)
    }

    @Test func exportIntoAnEmptyStoreRebuildsEveryRecord() throws {
        var rebuilt = Portfolio()
        for kind in [RecordKind.owner, .account, .contact, .interaction, .sale, .purchase, .evaluation] {
            let csv = try Exporter.csv(kind, from: Self.demo)
            let result = try Importer(kind: kind).plan(try CSVText.read(Array(csv.utf8), file: "e.csv"), into: rebuilt)
            #expect(result.created == Self.demo.count(of: kind))
            rebuilt = try applied(result, to: rebuilt)
        }
        for kind in RecordKind.allCases {
            #expect(rebuilt.records(of: kind) == Self.demo.records(of: kind), "\(kind)")
        }
    }

    @Test func jsonExportIsTheStoredRecords() throws {
        let json = try Exporter.json(.owner, from: Self.demo)
        let decoded = try JSONDecoder().decode([Owner].self, from: Data(json.utf8))
        #expect(decoded == Self.demo.owners.values.sorted { $0.id < $1.id })
    }
}

@Suite struct ImportTimestampTests {
    @Test func createdAndChangedAccountsAreStamped() throws {
        let t1 = Timestamp(seconds: 1_000_000)
        let t2 = Timestamp(seconds: 2_000_000)
        let created = try Importer(kind: .account, now: t1).plan(
            try table("name,industry\nA AB,Retail\n"), into: Portfolio())
        let portfolio = try applied(created)
        let account = try #require(portfolio.account(matching: "A AB"))
        #expect(account.createdAt == t1 && account.updatedAt == t1)
        let same = try Importer(kind: .account, now: t2).plan(
            try table("name,industry\nA AB,Retail\n"), into: portfolio)
        #expect(same.unchanged == 1)
        let changed = try applied(
            try Importer(kind: .account, now: t2).plan(try table("name,industry\nA AB,Logistics\n"), into: portfolio),
            to: portfolio)
        #expect(changed.accounts[account.id]?.createdAt == t1)
        #expect(changed.accounts[account.id]?.updatedAt == t2)
    }
}
