import Foundation
import RapportApp
import RapportDomain
import RapportPostgres
import RapportStore
import RapportStoreKit
import RapportTools

/// `swift build -c release && .build/release/rapport-bench [SIZE…]`: generates demo stores (1,000,
/// 10,000, 100,000 and 300,000 accounts unless sizes are given) and measures every row of
/// BENCHMARKS.md's tables, each store in a fresh child process so that peak memory is the
/// dashboard's alone. Then it times `rapport log`, `rapport report tiers` and `rapport check` as
/// whole processes (the `rapport` built beside it), and jq, Python and VisiData loading the same
/// snapshot, when they are installed. Prints Markdown tables.
@main
struct Bench {
    static let end = Day("2026-11-20")!

    /// `--hammer STORE EDITS TAG`: one writer's edits, each its own commit, as fast as the
    /// store takes them; prints each new interaction's id once it is acknowledged. The
    /// concurrency and kill tests run several at once against either backend.
    static func hammer(store: String, edits: Int, tag: String) throws {
        let opened = try Stores.opener(for: store).open(only: [.account, .owner])
        guard let account = opened.portfolio.account(matching: "acc-000001") else {
            FileHandle.standardError.write(Data("rapport-bench: \(store) has no acc-000001\n".utf8))
            exit(66)
        }
        for number in 0..<edits {
            let interaction = Interaction(
                id: "", accountId: account.id, date: Day(year: 2026, month: 1, day: 1)!, channel: .call, kind: .note,
                summary: "\(tag) \(number)", ownerId: nil, followUp: nil)
            let entry = try opened.commit([.put(.interaction(interaction), base: nil)])
            FileHandle.standardOutput.write(Data((entry.changes[0].id + "\n").utf8))
        }
    }

    /// `--compare-postgres DIR URL`: one store held both ways (`rapport copy DIR URL` first). For
    /// each backend: opening to the first frame (accounts and owners) and to every pane (the whole
    /// store and its dashboard), edits p50/p99; for PostgreSQL also how long another user's edit
    /// takes to show in a second open store that refreshes as the dashboard does when notified.
    static func comparePostgres(directory: String, url: String) throws {
        let backends: [(String, any StoreOpener)] = [
            ("JSON", JSONStoreOpener(directory: directory)), ("PostgreSQL", try Stores.opener(for: url)),
        ]
        let end = Day(year: 2026, month: 1, day: 1)!
        print("| Store | First frame | Every pane | Edit p50 | Edit p99 | Other user's edit shown p50 | p99 |")
        print("|---|---|---|---|---|---|---|")
        for (name, opener) in backends {
            var started = ContinuousClock.now
            let first = try opener.open(only: [.account, .owner])
            let firstFrame = ContinuousClock.now - started
            _ = first
            started = ContinuousClock.now
            let store = try opener.open()
            let dashboard = Dashboard(portfolio: store.portfolio, asOf: end)
            let everyPane = ContinuousClock.now - started
            _ = dashboard
            let account = try require(store.portfolio.accounts.keys.min())
            var edits: [Duration] = []
            for _ in 0..<200 {
                let interaction = Interaction(
                    id: "", accountId: account, date: end, channel: .call, summary: "bench edit", ownerId: nil)
                let began = ContinuousClock.now
                try store.commit([.put(.interaction(interaction), base: nil)], by: "bench")
                edits.append(ContinuousClock.now - began)
            }
            var shown: [Duration] = []
            if name == "PostgreSQL" {
                let watcher = try opener.open()
                try watcher.refresh()
                for _ in 0..<100 {
                    let interaction = Interaction(
                        id: "", accountId: account, date: end, channel: .email, summary: "seen?", ownerId: nil)
                    let entry = try store.commit([.put(.interaction(interaction), base: nil)], by: "bench")
                    let began = ContinuousClock.now
                    while watcher.portfolio.interactions[entry.changes[0].id] == nil {
                        try watcher.refresh()
                        usleep(200)
                    }
                    shown.append(ContinuousClock.now - began)
                }
            }
            print(
                "| \(name) | \(seconds(firstFrame)) | \(seconds(everyPane)) | \(milliseconds(percentile(edits, 0.5))) | "
                    + "\(milliseconds(percentile(edits, 0.99))) | "
                    + (shown.isEmpty
                        ? "— | — |"
                        : "\(milliseconds(percentile(shown, 0.5))) | \(milliseconds(percentile(shown, 0.99))) |"))
        }
    }

    struct Missing: Error {}
    static func require<T>(_ value: T?) throws -> T {
        guard let value else { throw Missing() }
        return value
    }

    static func main() throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "--measure", arguments.count == 2 {
            try measure(store: arguments[1])
            return
        }
        if arguments.first == "--hammer", arguments.count == 4, let edits = Int(arguments[2]) {
            try hammer(store: arguments[1], edits: edits, tag: arguments[3])
            return
        }
        if arguments.first == "--compare-postgres", arguments.count == 3 {
            try comparePostgres(directory: arguments[1], url: arguments[2])
            return
        }
        if arguments.first == "--open", arguments.count == 2 {
            try phases(store: arguments[1])
            return
        }
        if arguments.first == "--generate", arguments.count == 3, let size = Int(arguments[1]) {
            let portfolio = DemoGenerator(accounts: size, seed: 1, end: end, interactionsPerAccount: 10).generate()
            try JournalStore(directory: arguments[2]).replaceAll(with: portfolio)
            return
        }
        let directory =
            ProcessInfo.processInfo.environment["RAPPORT_BENCH_DIR"].flatMap { $0.isEmpty ? nil : $0 }
            ?? NSTemporaryDirectory() + "rapport-bench"
        if arguments.isEmpty { arguments = ["1000", "10000", "100000", "300000"] }
        let sizes = arguments.compactMap { Int($0.replacingOccurrences(of: ",", with: "")) }
        guard sizes.count == arguments.count, !sizes.isEmpty else {
            FileHandle.standardError.write(
                Data("usage: rapport-bench [ACCOUNTS…]  (default 1000 10000 100000 300000)\n".utf8))
            exit(64)
        }
        print(
            "rapport-bench: release build, \(ProcessInfo.processInfo.activeProcessorCount) cores, stores in \(directory)\n"
        )
        var rows: [[String]] = []
        var perRecord: [[String]] = []
        var commands: [[String]] = []
        var comparisons: [[String]] = []
        for size in sizes {
            let store = directory + "/\(size)"
            let snapshot = store + "/rapport.json"
            if !FileManager.default.fileExists(atPath: snapshot) {
                // In a child of its own: a process started from this one reports at least this
                // one's resident memory as its peak, and generating takes gigabytes.
                let started = Date()
                guard try run([CommandLine.arguments[0], "--generate", "\(size)", store]).status == 0 else {
                    throw BenchError(description: "generating \(size) accounts in \(store) failed")
                }
                print("generated \(size) accounts in \(seconds(Date().timeIntervalSince(started)))")
            }
            let bytes = (try? FileManager.default.attributesOfItem(atPath: snapshot)[.size] as? Int) ?? 0
            // Every run measures the store as generated: the edits a run makes are dropped after
            // it (else each run would read a longer journal than the one before).
            let journal = store + "/" + JournalStore.journalName
            truncate(journal, 0)
            let child = try run([CommandLine.arguments[0], "--measure", store])
            truncate(journal, 0)
            guard child.status == 0 else {
                print(child.output)
                throw BenchError(description: "measuring \(store) failed")
            }
            let lines = child.output.split(separator: "\n")
            for line in lines where line.hasPrefix("slowest keys:") { print("\(size) accounts, \(line)") }
            guard let figures = lines.last.map({ $0.split(separator: "\t").map(String.init) }), figures.count == 17
            else {
                throw BenchError(description: "measuring \(store) printed no figures")
            }
            rows.append(["\(size)", megabytes(bytes)] + figures[0..<14])
            // The same run's figures per record: growth is linear when these stay level across sizes.
            let (records, analytics, peak) = (Double(figures[14])!, Double(figures[15])!, Double(figures[16])!)
            perRecord.append([
                "\(size)", Int(records).formatted(), String(format: "%.2f µs", analytics / records * 1e6),
                String(format: "%.0f B", peak / records), String(format: "%.0f B", Double(bytes) / records),
            ])
            commands.append(["\(size)", megabytes(bytes)] + wholeCommands(store: store))
            truncate(journal, 0)
            comparisons.append(["\(size)", megabytes(bytes)] + compare(snapshot))
        }
        print(
            table(
                [
                    "Accounts", "Store", "First frame", "All analytics", "Peak memory", "Key p50", "Key p99",
                    "Edit p50", "Edit p99", "Disk append + fsync p99", "Sale p50", "Sale p99", "Agenda shown",
                    "1,000 reassigned", "Row move", "Timed",
                ], rows))
        print("")
        print(
            table(
                ["Accounts", "Records", "All analytics per record", "Peak memory per record", "Store per record"],
                perRecord))
        print("")
        print(
            table(
                ["Accounts", "Store", "`rapport log`", "`rapport report tiers`", "`rapport check`"], commands))
        print("")
        print(table(["Accounts", "Store", "jq empty", "Python json.load", "VisiData (accounts)"], comparisons))
    }

    // MARK: One store, in a child process

    /// `rapport-bench --open STORE`: where opening's time goes, for profiling (not in the table).
    static func phases(store directory: String) throws {
        var clock = ContinuousClock.now
        func lap(_ label: String) {
            let now = ContinuousClock.now
            print(
                label, (now - clock).formatted(.units(allowed: [.milliseconds])), "(resident \(megabytes(resident())))")
            clock = now
        }
        // The app's first step (large stores): accounts and owners only.
        let first = try JournalStore(directory: directory, only: TwoStepOpen.firstKinds)
        lap("first step: accounts and owners read")
        let partial = AppState(
            portfolio: first.portfolio, asOf: end, width: 120, height: 40, storeLabel: directory, today: end,
            loading: Loading(what: "the rest"))
        lap("first step: counts and search text")
        _ = partial.render()
        lap("first step: frame rendered")
        // The second step, here in the foreground so that each phase is timed alone.
        let store = try JournalStore(directory: directory)
        lap("store opened (read, decode, index by id, check references)")
        var state = AppState(
            portfolio: store.portfolio, asOf: end, width: 120, height: 40, storeLabel: directory, today: end)
        lap("dashboard computed")
        _ = state.render()
        lap("full frame rendered")
        for pane in ["2", "3", "4", "1"] {
            _ = state.update(.key(.char(Character(pane))))
            _ = state.render()
        }
        lap("other panes rendered")
        // Typing a filter into the Accounts pane, one key at a time.
        var keys: [(String, Key)] = [("4", .char("4")), ("/", .char("/"))]
        keys += "kontor".map { (String($0), .char($0)) }
        keys += Array(repeating: ("Backspace", .backspace), count: 6) + [("Esc", .escape), ("s", .char("s"))]
        // RAPPORT_BENCH_KEY_ROUNDS=N types them N times and stops there, for a profile of the key path.
        let keyRounds = environmentCount("RAPPORT_BENCH_KEY_ROUNDS") ?? 1
        for round in 0..<max(1, keyRounds) {
            for (label, key) in keys {
                _ = state.update(.key(key))
                _ = state.render()
                if round == 0 { lap("  key \(label)") }
            }
        }
        if keyRounds > 1 {
            lap("  keys, \(keyRounds - 1) more rounds")
            return
        }
        // One edit, as the app makes it: committed, the dashboard recomputed from the previous
        // one, the selection kept, the frame drawn.
        _ = state.update(.key(.escape))
        _ = state.update(.key(.char("1")))
        _ = state.render()
        lap("  pane 1 drawn")
        /// Commits `change`, then times the dashboard alone (when `alone`) and the state updated
        /// and drawn, as the app shows an edit.
        func timedEdit(_ label: String, _ change: Change, alone: Bool = false) throws {
            let before = (store.portfolio, state.dashboard)
            try store.commit([change], by: "bench")
            lap("\(label): committed (journal line, fsync, applied)")
            if alone {
                _ = Dashboard(portfolio: store.portfolio, asOf: end, previous: before)
                lap("\(label): dashboard recomputed alone")
            }
            _ = state.update(.dataChanged(store.portfolio))
            _ = state.render()
            lap("\(label): state updated and frame rendered")
        }
        // RAPPORT_BENCH_EDITS=N makes more of them, for a profile of the edit path.
        for account in store.portfolio.accounts.keys.sorted().prefix(environmentCount("RAPPORT_BENCH_EDITS") ?? 3) {
            let interaction = Interaction(
                id: "", accountId: account, date: end, channel: .call, summary: "bench edit", ownerId: nil)
            try timedEdit("edit", .put(.interaction(interaction), base: nil), alone: true)
        }
        // An edit of an account record (its owner changes): tiers and partners are recomputed.
        let customers = store.portfolio.accounts.values.filter(\.isRanked).map(\.id).sorted()
        for (index, account) in customers.prefix(environmentCount("RAPPORT_BENCH_ACCOUNT_EDITS") ?? 4).enumerated() {
            // Two on the Tiers pane, two on the Accounts pane (whose list shows owners).
            if index == 2 {
                _ = state.update(.key(.char("4")))
                _ = state.render()
                lap("account edit: Accounts pane shown")
            }
            guard var record = store.portfolio.accounts[account] else { continue }
            record.ownerId = store.portfolio.owners.keys.sorted().first { $0 != record.ownerId }
            try timedEdit("account edit", .put(.account(record), base: record.version))
        }
        // A sale: tiers and partnership scores are recomputed for every customer.
        // RAPPORT_BENCH_SALES=N makes more of them, for a profile.
        for customer in customers.prefix(environmentCount("RAPPORT_BENCH_SALES") ?? 1) {
            let sale = Sale(id: "", accountId: customer, date: end, amount: Money(cents: 1_234_500))
            try timedEdit("sale", .put(.sale(sale), base: nil), alone: true)
        }
        // 1,000 accounts given one owner, as one edit, on the Accounts pane.
        _ = state.update(.key(.char("4")))
        _ = state.render()
        let owner = store.portfolio.owners.keys.sorted().first!
        let bulk: [Change] = store.portfolio.accounts.keys.sorted().prefix(1_000).compactMap { id in
            guard var account = store.portfolio.accounts[id] else { return nil }
            let base = account.version
            account.ownerId = account.ownerId == owner ? nil : owner
            return .put(.account(account), base: base)
        }
        lap("bulk reassign: changes made")
        do {
            let before = (store.portfolio, state.dashboard)
            try store.commit(bulk, by: "bench")
            lap("bulk reassign of 1,000: committed (journal line, fsync, applied)")
            // RAPPORT_BENCH_BULK=N recomputes it N times, for a profile of that path.
            for _ in 0..<(environmentCount("RAPPORT_BENCH_BULK") ?? 1) {
                _ = Dashboard(portfolio: store.portfolio, asOf: end, previous: before)
            }
            lap("bulk reassign of 1,000: dashboard recomputed alone")
            _ = state.update(.dataChanged(store.portfolio))
            _ = state.render()
            lap("bulk reassign of 1,000: state updated and frame rendered")
        }
        // A contact, on the Tiers pane: one account's search text is folded again.
        _ = state.update(.key(.char("1")))
        _ = state.render()
        for account in store.portfolio.accounts.keys.sorted().prefix(3) {
            let contact = Contact(id: "", accountId: account, name: "Åsa Lindqvist")
            try timedEdit("contact", .put(.contact(contact), base: nil))
        }
        print("peak memory", megabytes(peakMemory()))
    }

    static func measure(store directory: String) throws {
        var clock = ContinuousClock.now
        func lap() -> Duration {
            let now = ContinuousClock.now
            defer { clock = now }
            return now - clock
        }
        // As the app opens a store: a large one in two steps (the first frame from accounts and
        // owners, the rest read and the dashboard computed on another thread), else in one.
        var state: AppState
        let store: any PortfolioStore
        let firstFrame: Duration
        // The first step's store is dropped once the whole store is read, as the app drops it.
        do {
            let opened = try Program.open(
                JSONStoreOpener(directory: directory), asOf: end, twoStepBytes: TwoStepOpen.defaultThreshold)
            if let loading = opened.loading {
                state = AppState(
                    portfolio: opened.store.portfolio, asOf: end, width: 120, height: 40, storeLabel: directory,
                    today: end, loading: loading)
                _ = state.render()
                firstFrame = lap()
                guard let whole = try opened.waitForRest() else {
                    throw BenchError(description: "the background open vanished")
                }
                store = whole.store
                _ = state.update(.storeRead(StoreRead(portfolio: store.portfolio, dashboard: whole.dashboard)))
            } else {
                store = opened.store
                state = AppState(
                    portfolio: store.portfolio, asOf: end, width: 120, height: 40, storeLabel: directory, today: end)
                _ = state.render()
                firstFrame = lap()
            }
        }
        // Every pane drawn once with every analytic: each pane's analytics ready.
        for pane in ["2", "3", "4", "1"] {
            _ = state.update(.key(.char(Character(pane))))
            _ = state.render()
        }
        let analytics = firstFrame + lap()
        // The Agenda, built when first shown (reorder rhythms of every customer, every open follow-up).
        _ = state.update(.key(.char("5")))
        _ = state.render()
        let agenda = lap()

        var keys: [Duration] = []
        var slowest: [(Duration, String)] = []
        func time(_ key: Key) {
            let started = ContinuousClock.now
            _ = state.update(.key(key))
            _ = state.render()
            keys.append(ContinuousClock.now - started)
            slowest.append((keys.last!, "\(key) on \(state.pane)"))
        }
        for _ in 0..<200 { time(.down) }
        for _ in 0..<30 { time(.pageDown) }
        for pane in Array(repeating: ["1", "2", "3", "4"], count: 10).joined() { time(.char(Character(pane))) }
        time(.char("4"))
        time(.char("/"))
        for character in "kontor" { time(.char(character)) }
        for _ in 0..<6 { time(.backspace) }
        time(.escape)
        for _ in 0..<8 { time(.char("s")) }

        // One row down at 120x40: the cells that change, and the bytes ncurses would need for them
        // (the text plus about 8 bytes of cursor movement and attributes per run of changed cells).
        _ = state.update(.key(.char("1")))
        _ = state.update(.key(.char("g")))
        let before = state.render()
        _ = state.update(.key(.down))
        let after = state.render()
        var changedBytes = 0
        var runs = 0
        var inRun = false
        for index in before.cells.indices {
            let changed = before.cells[index] != after.cells[index]
            if changed { changedBytes += after.cells[index].text.utf8.count }
            if changed && !inRun { runs += 1 }
            inRun = changed
        }
        let rowMove = changedBytes + runs * 8

        var edits: [Duration] = []
        let accounts = store.portfolio.accounts.keys.sorted().prefix(50)
        for account in accounts {
            let started = ContinuousClock.now
            let interaction = Interaction(
                id: "", accountId: account, date: end, channel: .call, summary: "bench edit", ownerId: nil)
            try store.commit([.put(.interaction(interaction), base: nil)], by: "bench")
            _ = state.update(.dataChanged(store.portfolio))
            _ = state.render()
            edits.append(ContinuousClock.now - started)
        }
        // Sales, on the Tiers pane (the list that shows every customer's rank and share): durable,
        // then tiers, partnership scores and workload moved and the ranking drawn again.
        _ = state.update(.key(.char("1")))
        _ = state.render()
        var sales: [Duration] = []
        let customers = store.portfolio.accounts.values.filter(\.isRanked).map(\.id).sorted()
        for (number, customer) in customers.prefix(20).enumerated() {
            let started = ContinuousClock.now
            let sale = Sale(
                id: "", accountId: customer, date: end, amount: Money(cents: Int64(100_000 + number * 50_000)))
            try store.commit([.put(.sale(sale), base: nil)], by: "bench")
            _ = state.update(.dataChanged(store.portfolio))
            _ = state.render()
            sales.append(ContinuousClock.now - started)
        }
        // A bulk reassign on the Accounts pane: 1,000 accounts marked with *, one owner for them
        // all, as one durable edit, the dashboard updated and the list drawn.
        _ = state.update(.key(.char("4")))
        _ = state.render()
        let marked = Array(store.portfolio.accounts.keys.sorted().prefix(1_000))
        state.marks = Set(marked)
        let owner = store.portfolio.owners.keys.sorted().first!
        let started = ContinuousClock.now
        let changes: [Change] = marked.compactMap { id in
            guard var account = store.portfolio.accounts[id] else { return nil }
            let base = account.version
            account.ownerId = account.ownerId == owner ? nil : owner
            return .put(.account(account), base: base)
        }
        try store.commit(changes, by: "bench")
        _ = state.update(.dataChanged(store.portfolio))
        _ = state.render()
        let bulk = ContinuousClock.now - started
        let peak = peakMemory()
        // The disk's own durable append, as the edits above make it: a line appended to a file
        // beside the store and fsync'd, 50 times.
        let probe = directory + "/bench-fsync-probe"
        let fd = open(probe, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0o600)
        guard fd >= 0 else { throw BenchError(description: "cannot write \(probe)") }
        defer {
            close(fd)
            unlink(probe)
        }
        let line =
            Array(#"{"seq":1,"changes":[{"put":{"interaction":{"id":"int-1","summary":"bench edit"}}}]}"#.utf8) + [0x0A]
        var appends: [Duration] = []
        for _ in 0..<50 {
            let started = ContinuousClock.now
            guard write(fd, line, line.count) == line.count, fsync(fd) == 0 else {
                throw BenchError(description: "cannot append to \(probe)")
            }
            appends.append(ContinuousClock.now - started)
        }
        let records = RecordKind.allCases.reduce(0) { $0 + store.portfolio.count(of: $1) }
        let (analyticsWhole, analyticsParts) = analytics.components
        // The slowest keys, for the reader (the parent reads the last line only).
        print(
            "slowest keys:",
            slowest.sorted { $0.0 > $1.0 }.prefix(5).map { "\($0.1) \(milliseconds($0.0))" }.joined(separator: ", "))
        print(
            [
                seconds(firstFrame), seconds(analytics), megabytes(peak), milliseconds(percentile(keys, 0.5)),
                milliseconds(percentile(keys, 0.99)), milliseconds(percentile(edits, 0.5)),
                milliseconds(percentile(edits, 0.99)), milliseconds(percentile(appends, 0.99)),
                milliseconds(percentile(sales, 0.5)), milliseconds(percentile(sales, 0.99)), milliseconds(agenda),
                milliseconds(bulk), "~\(rowMove) B", "\(keys.count) keys, \(edits.count) edits, \(sales.count) sales",
                "\(records)", "\(Double(analyticsWhole) + Double(analyticsParts) / 1e18)", "\(peak)",
            ].joined(separator: "\t"))
    }

    // MARK: Whole commands

    /// `rapport log`, `rapport report tiers` and `rapport check` on `store`, each a whole process
    /// timed from start to exit, with its peak memory (the `rapport` built beside this program).
    static func wholeCommands(store: String) -> [String] {
        let rapport = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("rapport").path
        guard FileManager.default.isExecutableFile(atPath: rapport) else {
            return Array(repeating: "not built (swift build -c release)", count: 3)
        }
        let account = "acc-000001"
        return [
            ["log", account, "--channel", "call", "--summary", "bench log", "--store", store],
            ["report", "tiers", "--format", "json", "--store", store], ["check", "--store", store],
        ].map { arguments in
            guard let (elapsed, peak) = spawnTimed([rapport] + arguments) else { return "failed" }
            return "\(seconds(elapsed)), \(megabytes(peak))"
        }
    }

    /// Runs `arguments` with its output discarded: the seconds it took and its peak memory, or
    /// nil when it failed.
    static func spawnTimed(_ arguments: [String]) -> (Double, Int)? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let started = ContinuousClock.now
        var pid = pid_t()
        guard posix_spawn(&pid, arguments[0], &actions, nil, argv, environ) == 0 else { return nil }
        var status: Int32 = 0
        var usage = rusage()
        guard wait4(pid, &status, 0, &usage) == pid, status == 0 else { return nil }
        let (whole, parts) = (ContinuousClock.now - started).components
        return (Double(whole) + Double(parts) / 1e18, Int(usage.ru_maxrss) * 1024)
    }

    // MARK: Other tools on the same file

    static func compare(_ snapshot: String) -> [String] {
        func timed(_ arguments: [String]) -> String {
            let started = Date()
            guard let result = try? run(arguments), result.status == 0 else { return "not installed" }
            return seconds(Date().timeIntervalSince(started))
        }
        let python = "import json,sys; json.load(open(sys.argv[1]))"
        // VisiData loads the accounts: the snapshot's accounts section as JSON lines, in batch mode.
        let accounts = snapshot + ".accounts.jsonl"
        _ = try? run([
            "/bin/sh", "-c",
            "sed -n '/^\"accounts\": \\[/,/^\\]/p' '\(snapshot)' | sed '1d;$d' | sed 's/,$//' > '\(accounts)'",
        ])
        defer {
            unlink(accounts)
            unlink(snapshot + ".accounts.tsv")
        }
        return [
            timed(["jq", "empty", snapshot]), timed(["python3", "-c", python, snapshot]),
            timed(["vd", "-b", "-f", "jsonl", accounts, "-o", snapshot + ".accounts.tsv"]),
        ]
    }

    // MARK: Helpers

    /// A count from the environment (`RAPPORT_BENCH_EDITS=300`), for profiling one path.
    static func environmentCount(_ name: String) -> Int? {
        ProcessInfo.processInfo.environment[name].flatMap { Int($0) }
    }

    struct BenchError: Error, CustomStringConvertible {
        let description: String
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func percentile(_ values: [Duration], _ fraction: Double) -> Duration {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .zero }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * fraction).rounded(.up)))]
    }

    static func seconds(_ value: Duration) -> String {
        let (whole, attoseconds) = value.components
        return seconds(Double(whole) + Double(attoseconds) / 1e18)
    }

    static func seconds(_ value: Double) -> String { String(format: "%.2f s", value) }

    static func milliseconds(_ value: Duration) -> String {
        let (whole, attoseconds) = value.components
        return String(format: "%.2f ms", (Double(whole) + Double(attoseconds) / 1e18) * 1000)
    }

    static func peakMemory() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Int(usage.ru_maxrss) * 1024
    }

    /// The memory resident now (peak memory is the largest this has been).
    static func resident() -> Int {
        let fields = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8))?.split(separator: " ")
        return (fields.flatMap { $0.count > 1 ? Int($0[1]) : nil } ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    static func megabytes(_ bytes: Int) -> String { String(format: "%.0f MB", Double(bytes) / 1_048_576) }

    static func table(_ header: [String], _ rows: [[String]]) -> String {
        ([header, header.map { _ in "---" }] + rows).map { "| " + $0.joined(separator: " | ") + " |" }
            .joined(separator: "\n")
    }
}
