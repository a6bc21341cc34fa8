import Foundation
import RapportStoreKit
import RapportTools
import Testing

@testable import RapportDomain
@testable import RapportPostgres
@testable import RapportStore

/// Where a contract test gets a new, empty store of one backend.
enum Backend: String, CustomStringConvertible {
    case json, postgres

    var description: String { rawValue }

    /// A new empty store: a directory under `scratch`, or a new database on the test server.
    func freshStore(in scratch: Scratch) throws -> String {
        switch self {
        case .json: return scratch.store
        case .postgres: return try TestServer.freshDatabase()
        }
    }
}

/// The PostgreSQL server the tests use: `RAPPORT_TEST_POSTGRES` names its admin URL (`.ci/run`
/// starts a throw-away one with `.ci/pg-cluster`); without it the PostgreSQL tests are skipped.
enum TestServer {
    static let admin = ProcessInfo.processInfo.environment["RAPPORT_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    static var available: Bool { admin != nil }
    static let skipped: Comment =
        "no PostgreSQL server: set RAPPORT_TEST_POSTGRES to an admin URL (`.ci/run` starts one with .ci/pg-cluster)"

    /// Runs SQL as the admin role, in the database `database` (the admin URL's by default).
    static func run(_ sql: String, database: String? = nil) throws {
        let link = try PostgresLink.connect(try place(database: database))
        try link.rows(PostgresLink.sql(sql))
    }

    static func place(database: String? = nil, user: String? = nil) throws -> PostgresLocation {
        var place = try PostgresLocation(url: admin!)
        if let database { place.database = database }
        if let user { place.user = user }
        return place
    }

    /// The admin URL with another database and user: what a teammate would be given.
    static func url(database: String, user: String? = nil) throws -> String {
        let place = try place(database: database, user: user)
        return "postgresql://\(place.user)@/\(database)?host=\(place.host)&port=\(place.port)"
    }

    /// A new empty database; its URL.
    static func freshDatabase() throws -> String {
        let name = "rapport_t_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        try run("CREATE DATABASE \(name)")
        return try url(database: name)
    }

    /// Restarts, stops or resumes the server (`RAPPORT_TEST_POSTGRES_RESTART`, set by .ci/pg-cluster).
    static func control(_ action: String) throws {
        let restart = try #require(ProcessInfo.processInfo.environment["RAPPORT_TEST_POSTGRES_RESTART"])
        let result = try CLI.run(["__sh__", restart.replacingOccurrences(of: " restart ", with: " \(action) ")])
        #expect(result.status == 0, "\(result.err)")
    }
}

/// What every store backend promises, run against each: the JSON store always, PostgreSQL when
/// a server is there.
enum StoreContract {
    static let bench = CLI.binary + "-bench"

    static func demoStore(_ backend: Backend, _ scratch: Scratch) throws -> String {
        let store = try backend.freshStore(in: scratch)
        let result = try CLI.run(["demo", "--store", store, "--accounts", "40", "--end", "2026-06-30"])
        #expect(result.status == 0, "\(result.err)")
        return store
    }

    /// Records, settings and serials survive a write and a fresh read; edits, deletes and history too.
    static func roundTrip(_ backend: Backend) throws {
        let scratch = Scratch()
        let location = try backend.freshStore(in: scratch)
        let opener = try Stores.opener(for: location)
        let demo = DemoGenerator(accounts: 40, end: Day(year: 2026, month: 6, day: 30)!).generate()
        let store = try opener.open()
        #expect(store.isEmpty)
        try store.replaceAll(with: demo)
        #expect(try opener.open().portfolio == demo)

        var account = try #require(store.portfolio.accounts["acc-000003"])
        account.name = "Åsa 株式会社 \u{1F600}"
        let saleId = try #require(store.portfolio.sales.values.first?.id)
        let sale = try #require(store.portfolio.sales[saleId])
        try store.commit([.put(.account(account), base: account.version)])
        try store.commit([.delete(.sale, id: saleId, base: sale.version)])
        let entry = try store.commit([
            .put(.owner(Owner(id: "", name: "Noor Haddad", email: "noor@example.com")), base: nil)
        ])
        let newOwner = entry.changes[0].id
        #expect(!newOwner.isEmpty)

        let reread = try opener.open()
        #expect(reread.portfolio == store.portfolio)
        #expect(reread.portfolio.accounts["acc-000003"]?.name == "Åsa 株式会社 \u{1F600}")
        #expect(reread.portfolio.accounts["acc-000003"]?.version == account.version + 1)
        #expect(reread.portfolio.sales[saleId] == nil)
        #expect(reread.portfolio.serials == store.portfolio.serials)
        let history = try reread.history(of: ["acc-000003"])
        #expect(history.map(\.action) == [.changed])
        #expect(history.first?.changes.contains { $0.field == "name" } == true)

        // A deleted record's id is never given out again.
        let again = try reread.commit([
            .put(.owner(Owner(id: "", name: "Ines Duarte", email: "ines@example.com")), base: nil)
        ])
        #expect(again.changes[0].id != newOwner)
    }

    /// An edit against a version someone else replaced is a conflict, and changes nothing.
    static func conflicts(_ backend: Backend) throws {
        let scratch = Scratch()
        let location = try demoStore(backend, scratch)
        let opener = try Stores.opener(for: location)
        let mine = try opener.open()
        let theirs = try opener.open()
        var first = try #require(mine.portfolio.accounts["acc-000002"])
        var second = first
        first.name = "Mine GmbH"
        second.name = "Theirs Ltd"
        try mine.commit([.put(.account(first), base: first.version)])
        #expect(throws: ConflictError.self) { try theirs.commit([.put(.account(second), base: second.version)]) }
        #expect(try opener.open().portfolio.accounts["acc-000002"]?.name == "Mine GmbH")
        // The loser sees the winner's edit once it refreshes.
        try theirs.refresh()
        #expect(theirs.portfolio.accounts["acc-000002"]?.name == "Mine GmbH")
        // And the command line says so with exit 75.
        var stale = first
        stale.name = "Stale"
        #expect(throws: ConflictError.self) { try theirs.commit([.put(.account(stale), base: first.version)]) }
    }

    /// 4 processes × 500 edits at once: every acknowledged edit is there, each once.
    static func concurrentWriters(_ backend: Backend) throws {
        let scratch = Scratch()
        let location = try demoStore(backend, scratch)
        let writers = (0..<4).map { writer in
            let output = scratch.path + "/writer-\(writer).out"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: bench)
            process.arguments = ["--hammer", location, "500", "writer\(writer)"]
            _ = FileManager.default.createFile(atPath: output, contents: nil)
            process.standardOutput = FileHandle(forWritingAtPath: output)
            return (process, output)
        }
        for (process, _) in writers { try process.run() }
        for (process, _) in writers { process.waitUntilExit() }
        var acknowledged: [String: String] = [:]
        for (writer, (process, output)) in writers.enumerated() {
            #expect(process.terminationStatus == 0)
            let ids = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").map(String.init)
            #expect(ids.count == 500)
            for (number, id) in ids.enumerated() { acknowledged[id] = "writer\(writer) \(number)" }
        }
        #expect(acknowledged.count == 2000)
        let stored = try Stores.opener(for: location).open().portfolio
        for (id, summary) in acknowledged {
            #expect(stored.interactions[id]?.summary == summary, "\(id) lost")
        }
    }

    /// Writers killed with SIGKILL at random moments: every edit they acknowledged is stored,
    /// and the store reads whole and valid.
    static func killedWriters(_ backend: Backend) throws {
        let scratch = Scratch()
        let location = try demoStore(backend, scratch)
        var acknowledged: [String: String] = [:]
        var generator = SystemRandomNumberGenerator()
        for round in 0..<8 {
            let output = scratch.path + "/round-\(round).out"
            _ = FileManager.default.createFile(atPath: output, contents: nil)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: bench)
            process.arguments = ["--hammer", location, "1000000", "round\(round)"]
            process.standardOutput = FileHandle(forWritingAtPath: output)
            try process.run()
            usleep(UInt32.random(in: 150_000...600_000, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)
            // A line cut short by the kill was never printed whole: only whole lines were acknowledged.
            let text = try String(contentsOfFile: output, encoding: .utf8)
            let lines = text.hasSuffix("\n") ? text.split(separator: "\n") : text.split(separator: "\n").dropLast()
            for (number, id) in lines.enumerated() { acknowledged[String(id)] = "round\(round) \(number)" }
        }
        #expect(acknowledged.count > 8, "the writers were killed before any edit")
        let stored = try Stores.opener(for: location).open().portfolio
        for (id, summary) in acknowledged {
            #expect(stored.interactions[id]?.summary == summary, "\(id) lost")
        }
        let check = try CLI.run(["check", "--store", location])
        #expect(check.status == 0, "\(check.out)\(check.err)")
    }

    /// A bulk import folded into the store at once gives new records their ids, as an edit does.
    static func foldedImport(_ backend: Backend) throws {
        let scratch = Scratch()
        let location = try backend.freshStore(in: scratch)
        let file = try scratch.write(
            "owners.csv",
            "name,email\nAsa Lind,asa@example.com\nNoor Haddad,noor@example.com\n株式会社 太郎,taro@example.jp\n")
        let result = try CLI.run(
            ["import", "owners", file, "--store", location], environment: ["RAPPORT_FOLD_RECORDS": "1"])
        #expect(result.status == 0, "\(result.err)")
        let owners = try Stores.opener(for: location).open().portfolio.owners
        #expect(Set(owners.keys) == ["own-000001", "own-000002", "own-000003"])
        #expect(Set(owners.values.map(\.name)) == ["Asa Lind", "Noor Haddad", "株式会社 太郎"])
        #expect(try CLI.run(["check", "--store", location]).status == 0)
    }

    /// `rapport copy` both ways gives byte-identical exports and reports.
    static func copyRoundTrip(from backend: Backend, to other: Backend) throws {
        let scratch = Scratch()
        let source = try demoStore(backend, scratch)
        let middle = other == .json ? scratch.path + "/middle" : try other.freshStore(in: scratch)
        let back = backend == .json ? scratch.path + "/back" : try backend.freshStore(in: scratch)
        for (from, into) in [(source, middle), (middle, back)] {
            let copied = try CLI.run(["copy", from, into])
            #expect(copied.status == 0, "\(copied.err)")
        }
        let refused = try CLI.run(["copy", source, middle])
        #expect(refused.status == 73)
        #expect(refused.err.contains("--force"))
        #expect(try CLI.run(["copy", "--force", source, middle]).status == 0)
        for arguments in [
            ["export", "accounts"], ["export", "sales", "--format", "json"], ["export", "interactions"],
            ["export", "evaluations", "--format", "json"], ["report", "tiers", "--as-of", "2026-06-30"],
            ["report", "suppliers", "--as-of", "2026-06-30", "--format", "json"],
        ] {
            let outputs = try [source, middle, back].map { try CLI.run(arguments + ["--store", $0]) }
            #expect(outputs.allSatisfy { $0.status == 0 })
            #expect(outputs[0].out == outputs[1].out, "\(arguments) differs after a copy")
            #expect(outputs[0].out == outputs[2].out, "\(arguments) differs after a copy back")
            #expect(!outputs[0].out.isEmpty)
        }
    }
}

@Suite("Store contract: JSON") struct JSONStoreContractTests {
    @Test func roundTrips() throws { try StoreContract.roundTrip(.json) }
    @Test func conflicts() throws { try StoreContract.conflicts(.json) }
    @Test func fourWritersOf500Edits() throws { try StoreContract.concurrentWriters(.json) }
    @Test func killedWritersLoseNoAcknowledgedEdit() throws { try StoreContract.killedWriters(.json) }
    @Test func foldedImport() throws { try StoreContract.foldedImport(.json) }
}

/// Everything that needs the PostgreSQL server, one test at a time: one of them restarts it.
@Suite("PostgreSQL", .serialized, .enabled(if: TestServer.available, TestServer.skipped))
struct PostgresServerTests {
    @Suite("Store contract: PostgreSQL") struct Contract {
        @Test func roundTrips() throws { try StoreContract.roundTrip(.postgres) }
        @Test func conflicts() throws { try StoreContract.conflicts(.postgres) }
        @Test func fourWritersOf500Edits() throws { try StoreContract.concurrentWriters(.postgres) }
        @Test func killedWritersLoseNoAcknowledgedEdit() throws { try StoreContract.killedWriters(.postgres) }
        @Test func foldedImport() throws { try StoreContract.foldedImport(.postgres) }
        @Test func copyToJSONAndBack() throws { try StoreContract.copyRoundTrip(from: .postgres, to: .json) }
        @Test func copyFromJSONAndBack() throws { try StoreContract.copyRoundTrip(from: .json, to: .postgres) }
    }
}
