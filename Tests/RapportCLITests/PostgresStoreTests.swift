import Foundation
import RapportStoreKit
import Testing

@testable import RapportDomain
@testable import RapportPostgres

/// The URL as libpq reads it, the password file, and what is never printed: no server needed.
@Suite struct PostgresLocationTests {
    @Test func readsTheURLAsLibpqDoes() throws {
        let place = try PostgresLocation(
            url: "postgresql://asa:s%40cret@db.example.com:6543/rapport?sslmode=verify-full", environment: [:])
        #expect(place.user == "asa")
        #expect(place.host == "db.example.com")
        #expect(place.port == 6543)
        #expect(place.database == "rapport")
        #expect(place.sslMode == .verifyFull)
        #expect(place.resolvedPassword(environment: [:]) == "s@cret")
        #expect(place.display == "postgresql://asa@db.example.com:6543/rapport?sslmode=verify-full")
        #expect(!place.display.contains("cret"))

        let socket = try PostgresLocation(
            url: "postgres:///team?host=/run/pg&port=5433", environment: ["PGUSER": "lea"])
        #expect(socket.isSocket)
        #expect(socket.socketPath == "/run/pg/.s.PGSQL.5433")
        #expect(socket.user == "lea")
        #expect(socket.database == "team")
    }

    @Test func refusesWhatItCannotUseWithWhatToWrite() {
        for (url, words) in [
            ("postgresql://h/db?sslmode=sometimes", "sslmode 'sometimes' is not one of"),
            ("postgresql://h:99999/db", "the port '99999'"),
            ("postgresql://h/db?target_session_attrs=any", "does not understand the parameter 'target_session_attrs'"),
        ] {
            #expect(throws: StoreError.self) { try PostgresLocation(url: url, environment: [:]) }
            do {
                _ = try PostgresLocation(url: url, environment: [:])
            } catch {
                #expect("\(error)".contains(words), "\(error)")
                #expect("\(error)".contains("postgresql://USER@HOST:PORT/DATABASE"))
            }
        }
    }

    @Test func passwordComesFromPGPASSWORDThenThePasswordFile() throws {
        let scratch = Scratch()
        let file = try scratch.write(
            "pgpass", "# comment\nother:*:*:*:no\ndb.example.com:5432:*:asa:from\\:file\n*:*:*:*:fallback\n")
        chmod(file, 0o600)
        let place = try PostgresLocation(url: "postgresql://asa@db.example.com/rapport", environment: [:])
        #expect(place.resolvedPassword(environment: ["PGPASSFILE": file]) == "from:file")
        #expect(place.resolvedPassword(environment: ["PGPASSFILE": file, "PGPASSWORD": "env"]) == "env")
        // A file others can read is ignored, as libpq ignores it.
        chmod(file, 0o644)
        #expect(place.resolvedPassword(environment: ["PGPASSFILE": file]) == nil)
    }
}

extension PostgresServerTests {
    /// The PostgreSQL store's own promises: roles, faults, schema versions, live refresh.
    @Suite struct Store {
        /// Two dashboards on one store, as two account managers on two machines: what one logs,
        /// the other shows within seconds, without a key pressed.
        @Test func twoDashboardsOnOneStore() throws {
            let scratch = Scratch()
            let location = try StoreContract.demoStore(.postgres, scratch)
            let command = "\(CLI.binary) --store '\(location)'"
            let watching = try TmuxSession(width: 100, height: 30, command: command)
            let editing = try TmuxSession(width: 100, height: 30, command: command)
            for tmux in [watching, editing] {
                try tmux.waitFor("high value")
                try tmux.keys("4", "/")
                try tmux.enter("a")
            }
            try watching.keys("Enter")
            try watching.waitFor("Interactions")
            try editing.keys("i")
            try editing.waitFor("log with")
            try editing.enter("call seen on the other screen")
            try editing.waitFor("Logged a call")
            let shown = try watching.waitFor("seen on the other screen", seconds: 5)
            #expect(shown.contains("seen on the other screen"))
            for tmux in [watching, editing] {
                try tmux.keys("q")
                #expect(try tmux.waitForCleanExit())
            }
        }

        /// A role that may only read: it browses and reports; edits are refused before anything is written.
        @Test func aReadOnlyRoleBrowsesAndIsRefusedEdits() throws {
            let scratch = Scratch()
            let location = try StoreContract.demoStore(.postgres, scratch)
            let database = try PostgresLocation(url: location).database
            let reader = "reader_" + database.suffix(8)
            try TestServer.run("CREATE ROLE \(reader) LOGIN")
            try TestServer.run("GRANT SELECT ON ALL TABLES IN SCHEMA public TO \(reader)", database: database)
            let url = try TestServer.url(database: database, user: reader)

            let store = try Stores.opener(for: url).open()
            #expect(store.portfolio.accounts.count == 40)
            #expect(store.editRefusal?.contains("may only read") == true)
            #expect(throws: StoreError.self) {
                try store.commit([.put(.owner(Owner(id: "", name: "Not Saved")), base: nil)])
            }
            let report = try CLI.run(["report", "tiers", "--store", url, "--as-of", "2026-06-30"])
            #expect(report.status == 0, "\(report.err)")
            let log = try CLI.run(["log", "acc-000001", "--channel", "call", "--summary", "no", "--store", url])
            #expect(log.status == 74)
            #expect(log.err.contains("may only read"), "\(log.err)")
            #expect(
                try Stores.opener(for: location).open().portfolio.interactions.values.allSatisfy { $0.summary != "no" })
        }

        /// Wrong password, unknown database, TLS the server lacks: exit 74 or 66, the server's reason
        /// in words, and never the password.
        @Test func signInFailuresSayWhyAndNeverShowThePassword() throws {
            let place = try TestServer.place()
            let user = "pw_" + UUID().uuidString.prefix(8).lowercased()
            try TestServer.run("CREATE ROLE \(user) LOGIN PASSWORD 'right-horse-battery'")
            let tcp = "postgresql://\(user)@127.0.0.1:\(place.port)/postgres"

            let wrong = try CLI.run(["--print", "--store", tcp], environment: ["PGPASSWORD": "wrong-staple-42"])
            #expect(wrong.status == 74)
            #expect(wrong.err.contains("password authentication failed"), "\(wrong.err)")
            #expect(!wrong.err.contains("wrong-staple-42") && !wrong.out.contains("wrong-staple-42"))

            let inURL = try CLI.run([
                "--print", "--store", "postgresql://\(user):wrong-staple-42@127.0.0.1:\(place.port)/postgres",
            ])
            #expect(inURL.status == 74)
            #expect(!inURL.err.contains("wrong-staple-42"), "\(inURL.err)")

            let right = try CLI.run(["--print", "--store", tcp], environment: ["PGPASSWORD": "right-horse-battery"])
            #expect(right.status == 0, "\(right.err)")

            let missing = try CLI.run(
                ["report", "tiers", "--store", "postgresql://\(user)@127.0.0.1:\(place.port)/no_such_db"],
                environment: ["PGPASSWORD": "right-horse-battery"])
            #expect(missing.status == 66)
            #expect(missing.err.contains("does not exist") && missing.err.contains("createdb"), "\(missing.err)")

            let tls = try CLI.run(
                ["--print", "--store", tcp + "?sslmode=require"], environment: ["PGPASSWORD": "right-horse-battery"])
            #expect(tls.status == 74)
            #expect(tls.err.contains("TLS"), "\(tls.err)")

            let down = try CLI.run(["--print", "--store", "postgresql://\(user)@127.0.0.1:1/postgres"])
            #expect(down.status == 74)
            #expect(down.err.contains("is the server running"), "\(down.err)")
        }

        /// A schema newer than this build is refused, with what to do, and left alone.
        @Test func aNewerSchemaIsRefused() throws {
            let scratch = Scratch()
            let location = try StoreContract.demoStore(.postgres, scratch)
            let database = try PostgresLocation(url: location).database
            try TestServer.run("UPDATE rapport_meta SET schema_version = 99", database: database)
            let result = try CLI.run(["report", "tiers", "--store", location])
            #expect(result.status == 66)
            #expect(result.err.contains("schema version 99") && result.err.contains("upgrade rapport"), "\(result.err)")
        }

        /// The server restarts in mid-session: edits are refused as unreachable (never queued), then
        /// the store reconnects, catches up with what others did meanwhile, and takes edits again.
        @Test func aServerRestartInMidSession() throws {
            let scratch = Scratch()
            let location = try StoreContract.demoStore(.postgres, scratch)
            let store = try Stores.opener(for: location).open()
            try store.refresh()
            try TestServer.control("restart")
            let note = Interaction(
                id: "", accountId: "acc-000001", date: Day(year: 2026, month: 6, day: 1)!, channel: .call,
                summary: "after the restart")
            // The first try finds the connection gone; within a few seconds it is back.
            var saved: JournalEntry?
            for _ in 0..<20 where saved == nil {
                do {
                    saved = try store.commit([.put(.interaction(note), base: nil)])
                } catch StoreError.unreachable {
                    #expect(store.editRefusal == "store unreachable, retrying")
                    usleep(500_000)
                }
            }
            let entry = try #require(saved)
            #expect(store.editRefusal == nil)
            // Stopped for a while: edits are refused as unreachable, and the refusal says so.
            try TestServer.control("stop")
            #expect(throws: StoreError.self) { try store.commit([.put(.interaction(note), base: nil)]) }
            #expect(store.editRefusal == "store unreachable, retrying")
            #expect(throws: StoreError.self) { try store.refresh() }
            #expect(store.portfolio.interactions[entry.changes[0].id] != nil)
            try TestServer.control("resume")
            // Another user's edit, made while this one was away, arrives by the journal.
            let other = try CLI.run([
                "log", "acc-000002", "--channel", "email", "--summary", "theirs", "--store", location,
            ])
            #expect(other.status == 0, "\(other.err)")
            var seen = false
            for _ in 0..<50 where !seen {
                // Reconnecting is tried at most every two seconds; until then refresh says unreachable.
                do { try store.refresh() } catch StoreError.unreachable {}
                seen = store.portfolio.interactions.values.contains { $0.summary == "theirs" }
                if !seen { usleep(100_000) }
            }
            #expect(seen)
            #expect(try Stores.opener(for: location).open().portfolio.interactions[entry.changes[0].id] != nil)
        }
    }
}
