import Foundation
import Testing

@testable import RapportDomain
@testable import RapportStore

@Suite(.serialized) struct CLITests {
    @Test func demoThenTierReportMatchesTheDomain() throws {
        let scratch = Scratch()
        let demo = try CLI.run(["demo", "--store", scratch.store, "--end", "2026-06-30"])
        #expect(demo.status == 0, "\(demo.err)")
        #expect(demo.out.contains("300 accounts"))
        let json = try CLI.run([
            "report", "tiers", "--store", scratch.store, "--as-of", "2026-06-30", "--format", "json",
        ])
        #expect(json.status == 0)
        struct File: Decodable {
            struct Row: Decodable {
                let accountId: String
                let tier: String
                let cumulativeShare: Double
            }
            let customers: [Row]
        }
        let rows = try JSONDecoder().decode(File.self, from: Data(json.out.utf8)).customers
        let expected = try JournalStore(directory: scratch.store).portfolio.tiers(asOf: Day("2026-06-30")!).rows
        #expect(rows.map(\.accountId) == expected.map(\.accountId))
        #expect(rows.map(\.tier) == expected.map(\.tier.rawValue))
        #expect(rows.map(\.cumulativeShare) == expected.map(\.cumulativeShare))

        let table = try CLI.run(["report", "tiers", "--store", scratch.store, "--as-of", "2026-06-30"])
        #expect(table.status == 0)
        #expect(table.out.contains("A high value"))
        #expect(table.out.contains("Customer tiers as of 2026-06-30"))
        for kind in ["partners", "suppliers", "owners"] {
            for format in ["table", "csv", "json"] {
                let result = try CLI.run([
                    "report", kind, "--store", scratch.store, "--as-of", "2026-06-30", "--format", format,
                ])
                #expect(result.status == 0 && result.out.count > 100, "\(kind) \(format): \(result.err)")
            }
        }
        let check = try CLI.run(["check", "--store", scratch.store])
        #expect(check.status == 0 && check.out.hasPrefix("OK"), "\(check.out)\(check.err)")
        let summary = try CLI.run(["--store", scratch.store])
        #expect(summary.status == 0 && summary.out.contains("Customer tiers"))
    }

    @Test func demoRefusesToOverwriteWithoutForce() throws {
        let scratch = Scratch()
        #expect(try CLI.run(["demo", "--store", scratch.store, "--accounts", "20"]).status == 0)
        let before = scratch.files()
        let again = try CLI.run(["demo", "--store", scratch.store, "--accounts", "30"])
        #expect(again.status == 73)
        #expect(again.err.contains("--force"))
        #expect(scratch.files() == before)
        #expect(try CLI.run(["demo", "--store", scratch.store, "--accounts", "30", "--force"]).status == 0)
        #expect(try JournalStore(directory: scratch.store).portfolio.accounts.count == 30)
    }

    @Test func importReportExportRoundTrip() throws {
        let scratch = Scratch()
        let owners = try scratch.write("owners.csv", "name,email,capacity\nÅsa Öberg,asa@example.com,2\n")
        let accounts = try scratch.write(
            "accounts.csv",
            "\u{FEFF}Account Name,Type,Account Owner,Website,inputCost,conversionRisk,alternatives\r\n"
                + "Kontorsmöbler AB,Customer - Direct,asa@example.com,kontors.se,5,5,0\r\n"
                + "上海供应链有限公司,both,,sh.cn,,,\r\n" + "\"PT Pemasok Jaya, Tbk\",Vendor,Åsa Öberg,,,,\r\n")
        let sales = try scratch.write(
            "sales.csv", "account,date,amount\nKontorsmöbler AB,2026-05-01,\"1,234.50\"\n上海供应链有限公司,2026-05-02,100\n")
        for (kind, file) in [("owners", owners), ("accounts", accounts), ("sales", sales)] {
            let result = try CLI.run(["import", kind, file, "--store", scratch.store])
            #expect(result.status == 0, "\(kind): \(result.err)")
            #expect(result.out.contains("created"))
        }
        let report = try CLI.run([
            "report", "tiers", "--store", scratch.store, "--as-of", "2026-06-30", "--format", "csv",
        ])
        #expect(report.out.contains("Kontorsmöbler AB,1234.50"))
        let partners = try CLI.run(["report", "partners", "--store", scratch.store, "--as-of", "2026-06-30"])
        #expect(partners.out.contains("Kontorsmöbler AB"))

        let export = try CLI.run(["export", "accounts", "--store", scratch.store])
        #expect(export.status == 0)
        let exported = try scratch.write("exported.csv", export.out)
        let again = try CLI.run(["import", "accounts", exported, "--store", scratch.store])
        #expect(again.out.contains("0 created, 0 updated, 3 unchanged"), "\(again.out)\(again.err)")
        let dry = try CLI.run(["import", "accounts", accounts, "--store", scratch.store, "--dry-run"])
        #expect(dry.out.contains("Dry run"))
        let json = try CLI.run(["export", "accounts", "--store", scratch.store, "--format", "json"])
        #expect(try JSONDecoder().decode([Account].self, from: Data(json.out.utf8)).count == 3)
    }

    @Test func badRowsFailTheWholeImportAndChangeNothing() throws {
        let scratch = Scratch()
        #expect(try CLI.run(["demo", "--store", scratch.store, "--accounts", "10"]).status == 0)
        let before = scratch.files()
        let file = try scratch.write(
            "bad.csv",
            "name,roles,inputCost\nGood One AB,customer,3\nBad Rating AB,customer,9\nBad Role AB,competitor,\n")
        let result = try CLI.run(["import", "accounts", file, "--store", scratch.store])
        #expect(result.status == 65)
        #expect(result.err.contains("row 3, column 'inputCost'"))
        #expect(result.err.contains("row 4, column 'roles'"))
        #expect(result.err.contains("nothing was imported"))
        #expect(scratch.files() == before)
    }

    @Test func exitCodesAreDistinct() throws {
        let scratch = Scratch()
        try FileManager.default.createDirectory(atPath: scratch.store, withIntermediateDirectories: true)
        #expect(try CLI.run(["report", "nonsense", "--store", scratch.store]).status == 64)
        #expect(try CLI.run(["frobnicate"]).status == 64)
        #expect(try CLI.run(["report", "tiers", "--store", scratch.store, "--as-of", "2026-02-30"]).status == 64)
        #expect(
            try CLI.run(["import", "accounts", scratch.path + "/missing.csv", "--store", scratch.store]).status == 64)
        #expect(
            try CLI.run(["log", "Nobody", "--channel", "call", "--summary", "x", "--store", scratch.store]).status == 65
        )
        #expect(
            try CLI.run(["log", "x", "--channel", "pigeon", "--summary", "x", "--store", scratch.store]).status == 64)

        try FileManager.default.createDirectory(atPath: scratch.store, withIntermediateDirectories: true)
        let broken = "{\"format\":\"rapport-store\",\"version\":1,\n\"accounts\":[{\"id\":\"a\" \"name\":\"x\"}]}"
        try broken.write(toFile: scratch.store + "/rapport.json", atomically: false, encoding: .utf8)
        let result = try CLI.run(["check", "--store", scratch.store])
        #expect(result.status == 66)
        #expect(result.err.contains("rapport.json:2:"))
        let log = try CLI.run(["log", "a", "--channel", "call", "--summary", "x", "--store", scratch.store])
        #expect(log.status == 66)
        #expect(try String(contentsOfFile: scratch.store + "/rapport.json", encoding: .utf8) == broken)
        #expect(!FileManager.default.fileExists(atPath: scratch.store + "/journal.jsonl"))
    }

    @Test func everyCommandHasHelp() throws {
        for command in [[], ["demo"], ["import"], ["log"], ["export"], ["report"], ["check"], ["compact"]] {
            let result = try CLI.run(command + ["--help"])
            #expect(result.status == 0, "\(command)")
            #expect(result.out.contains("USAGE"), "\(command)")
        }
        #expect(try CLI.run(["--help"]).out.contains("Exit codes"))
    }

    @Test func emptyStoreOffersTheDemo() throws {
        let scratch = Scratch()
        let result = try CLI.run(["--store", scratch.store])
        #expect(result.status == 0)
        #expect(result.out.contains("rapport demo"))
        #expect(!FileManager.default.fileExists(atPath: scratch.store))
    }

    @Test func logCheckAndCompact() throws {
        let scratch = Scratch()
        #expect(try CLI.run(["demo", "--store", scratch.store, "--accounts", "10", "--end", "2026-06-30"]).status == 0)
        let name = try #require(try JournalStore(directory: scratch.store).portfolio.accounts["acc-000001"]?.name)
        let log = try CLI.run([
            "log", name, "--channel", "visit", "--summary", "Site visit 拜访", "--kind", "commitment", "--date",
            "2026-06-30",
            "--follow-up", "2026-07-07", "--store", scratch.store,
        ])
        #expect(log.status == 0, "\(log.err)")
        let id = log.out.trimmingCharacters(in: .whitespacesAndNewlines)
        let stored = try #require(try JournalStore(directory: scratch.store).portfolio.interactions[id])
        #expect(stored.summary == "Site visit 拜访")
        #expect(stored.followUp == Day("2026-07-07"))
        #expect(stored.kind == .commitment)
        let compact = try CLI.run(["compact", "--store", scratch.store])
        #expect(compact.status == 0 && compact.out.contains("folded 1 journal entries"))
        #expect(try JournalStore(directory: scratch.store).portfolio.interactions[id] != nil)
        #expect(try CLI.run(["check", "--store", scratch.store]).status == 0)
    }

    @Test func concurrentWritersLoseNothing() throws {
        let scratch = Scratch()
        #expect(try CLI.run(["demo", "--store", scratch.store, "--accounts", "5", "--interactions", "0"]).status == 0)
        let processes = 4
        let each = 8
        let script = (1...each).map { n in
            "\"$RAPPORT_BIN\" log acc-00000$W --channel call --summary \"writer $W edit \(n)\" --store \"$RAPPORT_STORE_DIR\" || exit 1"
        }.joined(separator: "\n")
        var running: [Process] = []
        for writer in 1...processes {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", script]
            process.environment = [
                "RAPPORT_BIN": CLI.binary, "RAPPORT_STORE_DIR": scratch.store, "W": String(writer),
                "PATH": "/usr/bin:/bin",
            ]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            running.append(process)
        }
        for process in running {
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }
        let portfolio = try JournalStore(directory: scratch.store).portfolio
        #expect(portfolio.interactions.count == processes * each)
        for writer in 1...processes {
            for n in 1...each {
                #expect(portfolio.interactions.values.contains { $0.summary == "writer \(writer) edit \(n)" })
            }
        }
        #expect(try CLI.run(["check", "--store", scratch.store]).status == 0)
    }

    @Test func hostileDataIsInertOnOutput() throws {
        let scratch = Scratch()
        try FileManager.default.createDirectory(atPath: scratch.store, withIntermediateDirectories: true)
        // A store edited by hand with an ESC sequence and a C1 CSI in a name (import would refuse them).
        let snapshot = """
            {"format":"rapport-store","version":1,"accounts":[{"id":"a","name":"Evil\\u001b]0;owned\\u0007 \\u009b2J AB","roles":["customer"]}],
            "sales":[{"id":"s","accountId":"a","date":"2026-05-01","amount":5,"version":1}]}
            """
        try snapshot.write(toFile: scratch.store + "/rapport.json", atomically: false, encoding: .utf8)
        let store = ["--store", scratch.store]
        let asOf = ["--as-of", "2026-06-30"]
        func expectInert(_ result: CLI.Result, _ arguments: [String]) {
            let bytes = Array((result.out + result.err).utf8)
            #expect(!bytes.contains(0x1B), "\(arguments)")
            #expect(!bytes.contains(0x07), "\(arguments)")
            #expect(!(result.out + result.err).unicodeScalars.contains("\u{9B}"), "\(arguments)")
        }
        // Output for people is inert wherever it goes.
        for arguments in [
            ["report", "tiers"] + asOf, ["report", "partners"] + asOf, ["report", "suppliers"] + asOf,
            ["report", "owners"] + asOf, ["check"], ["--print"],
        ] {
            expectInert(try CLI.run(arguments + store), arguments)
        }
        // Data for programs is exact in a pipe, and inert on a terminal.
        for arguments in [
            ["report", "tiers", "--format", "csv"] + asOf, ["report", "partners", "--format", "csv"] + asOf,
            ["report", "tiers", "--format", "json"] + asOf, ["export", "accounts"],
            ["export", "accounts", "--format", "json"],
        ] {
            let piped = try CLI.run(arguments + store)
            #expect(piped.status == 0)
            #expect(
                piped.out.contains("\u{1B}]0;owned\u{07}") || piped.out.contains("\\u001b]0;owned\\u0007"),
                "\(arguments)")
            let line = ([CLI.binary] + arguments + store).map { "'" + $0 + "'" }.joined(separator: " ")
            let onTerminal = try CLI.run(["__sh__", "script -qec \"\(line)\" /dev/null"])
            #expect(onTerminal.out.contains("Evil"), "\(arguments): \(onTerminal.out)")
            expectInert(onTerminal, arguments)
        }
        let check = try CLI.run(["check", "--store", scratch.store])
        #expect(check.status == 65)
        #expect(check.out.contains("control character"))
        // Names given on the command line are echoed inert too: a file name, a store path.
        let hostileFile = try scratch.write("owners\u{1B}[2J.csv", "name,email\nAsa,asa@example.com\n")
        let imported = try CLI.run(["import", "owners", hostileFile] + store)
        #expect(imported.status == 0, "\(imported.err)")
        expectInert(imported, ["import"])
        let hostileStore = scratch.path + "/store\u{1B}]0;x\u{07}"
        let demo = try CLI.run(["demo", "--accounts", "5", "--store", hostileStore])
        #expect(demo.status == 0, "\(demo.err)")
        expectInert(demo, ["demo"])
        expectInert(try CLI.run(["compact", "--store", hostileStore]), ["compact"])
        let group = String(cString: getgrgid(getgid())!.pointee.gr_name)
        let shared = try CLI.run(["share", "--group", group, "--store", hostileStore])
        #expect(shared.status == 0, "\(shared.err)")
        expectInert(shared, ["share"])
        expectInert(try CLI.run(["check", "--store", hostileStore]), ["check after share"])
        expectInert(try CLI.run(["report", "tiers", "--store", scratch.path + "/missing\u{1B}[2J"]), ["missing store"])
    }
}

@Suite struct AgendaCommandTests {
    @Test func theAgendaForOneOwnerInEveryFormat() throws {
        let scratch = Scratch()
        try Scratch.demo(scratch)
        let table = try CLI.run(["report", "agenda", "--store", scratch.store, "--as-of", "2026-06-30"])
        #expect(table.status == 0, "\(table.err)")
        #expect(table.out.hasPrefix("Agenda for everyone as of 2026-06-30: "))
        let json = try CLI.run([
            "report", "agenda", "--store", scratch.store, "--as-of", "2026-06-30", "--format", "json",
        ])
        let file = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let items = try #require(file["items"] as? [[String: Any]])
        let owned = try #require(items.first { $0["owner"] is String })
        let name = try #require(owned["owner"] as? String)
        // Part of the name, in another case, will do when it names one owner.
        let part = String(name.split(separator: " ")[0]).uppercased()
        let mine = try CLI.run(["report", "agenda", "--store", scratch.store, "--as-of", "2026-06-30", "--owner", part])
        #expect(mine.status == 0, "\(mine.err)")
        #expect(mine.out.hasPrefix("Agenda for \(name) as of 2026-06-30"))
        // `me` is the owner config.toml names.
        let config = scratch.path + "/config"
        try FileManager.default.createDirectory(atPath: config + "/rapport", withIntermediateDirectories: true)
        try "me = \"\(name)\"\n".write(toFile: config + "/rapport/config.toml", atomically: true, encoding: .utf8)
        let me = try CLI.run(
            [
                "report", "agenda", "--store", scratch.store, "--as-of", "2026-06-30", "--owner", "me", "--format",
                "csv",
            ],
            environment: ["XDG_CONFIG_HOME": config])
        #expect(me.status == 0, "\(me.err)")
        let rows = me.out.split(separator: "\n").dropFirst()
        #expect(!rows.isEmpty && rows.allSatisfy { $0.contains(name) })
        let ics = try CLI.run(
            [
                "report", "agenda", "--store", scratch.store, "--as-of", "2026-06-30", "--owner", "me", "--format",
                "ics",
            ],
            environment: ["XDG_CONFIG_HOME": config])
        #expect(ics.status == 0 && ics.out.hasPrefix("BEGIN:VCALENDAR\r\n"))
        #expect(ics.out.components(separatedBy: "BEGIN:VTODO").count - 1 == rows.count)
    }

    @Test func wrongOptionsSayWhatToUse() throws {
        let scratch = Scratch()
        try Scratch.demo(scratch)
        let nobody = try CLI.run(["report", "agenda", "--store", scratch.store, "--owner", "Nobody At All"])
        #expect(nobody.status == 64 && nobody.err.contains("no owner is named 'Nobody At All'; use a name"))
        let ics = try CLI.run(["report", "tiers", "--store", scratch.store, "--format", "ics"])
        #expect(ics.status == 64 && ics.err.contains("--format ics is for the agenda"))
        let days = try CLI.run(["report", "tiers", "--store", scratch.store, "--days", "3"])
        #expect(days.status == 64 && days.err.contains("--owner and --days are for the agenda report"))
        let far = try CLI.run(["report", "agenda", "--store", scratch.store, "--days", "9999"])
        #expect(far.status == 64 && far.err.contains("from 0 to 366"))
    }
}
