import ArgumentParser
import Foundation
import RapportApp
import RapportDomain
import RapportStore
import RapportTools

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a realistic, deterministic demo store.",
        discussion: """
            About 300 accounts by default, named in several scripts, with owners, contacts, ratings, \
            26 months of sales and purchases, monthly supplier evaluations and interactions with open \
            and overdue follow-ups. The same --accounts, --seed and --end always give the same store. \
            An existing store is never overwritten without --force.
            """)

    @OptionGroup var store: StoreOptions
    @Option(help: "How many accounts (1 to 1,000,000).") var accounts = 300
    @Option(help: "Seed for the generator.") var seed: UInt64 = 1
    @Option(help: "The last day of the demo's history (default today).") var end: String?
    @Option(help: "Interactions per account, on average.") var interactions = 10
    @Flag(help: "Replace an existing store (its previous snapshot is kept as rapport.json.bak-N).") var force = false

    func validate() throws {
        guard (1...1_000_000).contains(accounts) else { throw ValidationError("--accounts must be from 1 to 1000000") }
        guard (0...100).contains(interactions) else { throw ValidationError("--interactions must be from 0 to 100") }
    }

    func run() throws {
        let endDay = try parseAsOf(end)
        let opened = try store.open()
        if !opened.isEmpty && !force {
            throw CLI.fail(
                "\(opened.location) already holds \(opened.portfolio.accounts.count) accounts; "
                    + "use --force to replace them with the demo, or --store PATH for another store", code: CLI.refused)
        }
        let portfolio = DemoGenerator(accounts: accounts, seed: seed, end: endDay, interactionsPerAccount: interactions)
            .generate()
        try CLI.run { try opened.replaceAll(with: portfolio) }
        CLI.say(
            "Wrote a demo store to \(opened.location): \(portfolio.accounts.count) accounts, \(portfolio.owners.count) owners, "
                + "\(portfolio.contacts.count) contacts, \(portfolio.sales.count) sales, \(portfolio.purchases.count) purchases, "
                + "\(portfolio.evaluations.count) evaluations, \(portfolio.interactions.count) interactions (history to \(endDay))."
        )
        CLI.say("Next: rapport   or   rapport report tiers")
    }
}

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import records from a CSV file, all or nothing.",
        discussion: """
            KIND is accounts, owners, contacts, interactions, sales, purchases or evaluations. \
            Columns are matched by our field names (as `rapport export` writes them) and by \
            Salesforce and HubSpot names such as "Account Name", "Company name", "Type", "Industry", \
            "AnnualRevenue", "Billing Country", "BillingState", "Account Owner", "Website". \
            Every row is a record of its own: two identical lines are two records. A row updates \
            the stored record it names, by id, else by reference (an invoice or order number), else \
            by its content (the n-th identical row matches the n-th identical record), so \
            importing a file twice changes nothing. Empty cells leave existing values unchanged. \
            Owners that an accounts file names but the store lacks are created (--no-new-owners \
            refuses instead). Contacts can also come from a vCard file (.vcf). \
            If any row is bad, nothing is imported and every bad row is reported.
            """)

    @OptionGroup var store: StoreOptions
    @Argument(help: "What the file holds: accounts, owners, contacts, interactions, sales, purchases or evaluations.")
    var kind: String
    @Argument(
        help:
            "The CSV file (UTF-8; a BOM and CRLF line ends are fine), or for contacts a vCard file (.vcf, 2.1 to 4.0)."
    ) var file: String
    @Option(
        name: .customLong("map"), help: "Map a column to a field: --map 'Org=name'. An empty field ignores the column.")
    var maps: [String] = []
    @Flag(help: "Check the file and report what would change, without changing anything.") var dryRun = false
    @Flag(
        name: .customLong("no-new-owners"),
        help: "Refuse an accounts file that names owners the store lacks, instead of creating them.")
    var noNewOwners = false
    @Flag(
        name: .customLong("new-accounts"),
        help: "Contacts: create a customer account for each organisation the store lacks, instead of refusing.")
    var newAccounts = false

    func run() throws {
        let recordKind = try CLI.recordKind(kind, toWhat: "import")
        var overrides: [String: String] = [:]
        for map in maps {
            guard let equals = map.firstIndex(of: "=") else {
                throw CLI.fail("--map '\(map)' needs the form COLUMN=FIELD", code: CLI.usage)
            }
            overrides[String(map[..<equals])] = String(map[map.index(after: equals)...])
        }
        guard FileManager.default.isReadableFile(atPath: file) else {
            throw CLI.fail("cannot read \(file): check that the file exists and is readable", code: CLI.usage)
        }
        if let row = CSVText.oversizedField(in: file) {
            throw CLI.fail(
                "\(file): row \(row) has a field over \(BoundedRead.describe(CSVText.fieldLimit)); no field Rapport "
                    + "keeps is longer than 10,000 characters. Check that it is the right file (a quote left open "
                    + "runs a field on); nothing was imported",
                code: CLI.dataError)
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CLI.fail("cannot read \(file): check that the file exists and is readable", code: CLI.usage)
        }
        let bytes = [UInt8](data)
        let isVCard = VCard.looksLikeVCard(bytes, file: file)
        if isVCard && recordKind != .contact {
            throw CLI.fail(
                "\(file) is a vCard file; import it as contacts: rapport import contacts \(file)", code: CLI.usage)
        }
        let opened = try store.open()
        let plan = try CLI.run {
            let importer = Importer(
                kind: recordKind, overrides: overrides, now: .now, createsOwners: !noNewOwners,
                createsAccounts: newAccounts)
            guard isVCard else { return try importer.plan(try CSVText.read(bytes, file: file), into: opened.portfolio) }
            return try importer.plan(vCards: try VCard.parse(bytes, file: file), into: opened.portfolio)
        }
        if dryRun {
            CLI.say("Dry run, nothing changed: would import \(recordKind.plural) from \(file): \(plan.summary)")
            return
        }
        // New ids are settled under the store's lock, against what other writers added meanwhile.
        if plan.changes.count >= Import.foldingThreshold {
            try CLI.run { try opened.commitFolding(plan.changes(against:)) }
        } else if !plan.changes.isEmpty {
            try CLI.run { try opened.commit { plan.changes(against: $0) } }
        }
        CLI.say("Imported \(recordKind.plural) from \(file): \(plan.summary)")
    }

    /// From this many changed records, an import is written as a new snapshot rather than as one
    /// journal line (`RAPPORT_FOLD_RECORDS` sets it; the tests use 1).
    static var foldingThreshold: Int {
        ProcessInfo.processInfo.environment["RAPPORT_FOLD_RECORDS"].flatMap { Int($0) } ?? 20_000
    }
}

struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record one interaction with an account (from a script, a mail filter or cron).",
        discussion: "Prints the new interaction's id once it is safely stored (fsync'd).")

    @OptionGroup var store: StoreOptions
    @Argument(help: "The account's id or exact name.") var account: String
    @Option(help: "visit, meeting, call, email, chat or other.") var channel: String
    @Option(help: "What happened, in a line.") var summary: String
    @Option(help: "note, complaint or commitment (default note).") var kind = "note"
    @Option(help: "When it happened (default today): YYYY-MM-DD, today, yesterday, -3d.") var date: String?
    @Option(name: .customLong("follow-up"), help: "When to follow up: YYYY-MM-DD, +7d, ...") var followUp: String?
    @Option(help: "The owner's id, email or name (default: the account's owner).") var owner: String?

    func run() throws {
        guard let channelValue = parseChoice(channel, as: Channel.self) else {
            throw CLI.fail("--channel '\(channel)' is not a channel; use \(choiceList(Channel.self))", code: CLI.usage)
        }
        guard let kindValue = parseChoice(kind, as: InteractionKind.self) else {
            throw CLI.fail("--kind '\(kind)' is not a kind; use \(choiceList(InteractionKind.self))", code: CLI.usage)
        }
        let now = today()
        guard let day = date.map({ DateInput.parse($0, today: now) }) ?? now else {
            throw CLI.fail("--date '\(date ?? "")' is not a date; \(DateInput.hint)", code: CLI.usage)
        }
        var due: Day?
        if let followUp {
            guard let parsed = DateInput.parse(followUp, today: now) else {
                throw CLI.fail("--follow-up '\(followUp)' is not a date; \(DateInput.hint)", code: CLI.usage)
            }
            due = parsed
        }
        // Only accounts and owners are needed to add an interaction: the rest is not loaded.
        let opened = try store.open(only: [.account, .owner], existing: true)
        guard let target = opened.portfolio.account(matching: account) else {
            throw CLI.fail(
                "no account has the id or name '\(account)'; `rapport export accounts` lists them", code: CLI.dataError)
        }
        var ownerId = target.ownerId
        if let owner {
            guard let found = opened.portfolio.owner(matching: owner) else {
                throw CLI.fail(
                    "no owner has the id, email or name '\(owner)'; `rapport export owners` lists them",
                    code: CLI.dataError)
            }
            ownerId = found.id
        }
        // The store gives the new interaction its id, under its lock.
        let interaction = Interaction(
            id: "", accountId: target.id, date: day, channel: channelValue, kind: kindValue, summary: summary,
            ownerId: ownerId, followUp: due)
        let entry = try CLI.run { try opened.commit([.put(.interaction(interaction), base: nil)]) }
        CLI.say(entry.changes.first?.id ?? "")
    }
}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write records as CSV or JSON to stdout.",
        discussion: "CSV uses the field names `rapport import` reads, so an export imports back unchanged.")

    @OptionGroup var store: StoreOptions
    @Argument(help: "accounts, owners, contacts, interactions, sales, purchases or evaluations.") var kind: String
    @Option(help: "csv or json; for contacts also vcard (vCard 3.0).") var format: String = "csv"

    func run() throws {
        let recordKind = try CLI.recordKind(kind, toWhat: "export")
        let opened = try store.open(existing: true)
        switch format.lowercased() {
        case "csv":
            CLI.emit(try Exporter.csv(recordKind, from: opened.portfolio))
        case "json": CLI.emit(try Exporter.json(recordKind, from: opened.portfolio))
        case "vcard", "vcf":
            guard recordKind == .contact else {
                throw CLI.fail(
                    "--format vcard is for contacts: rapport export contacts --format vcard", code: CLI.usage)
            }
            let contacts = opened.portfolio.records(of: .contact).compactMap { record -> Contact? in
                if case .contact(let contact) = record { return contact }
                return nil
            }
            CLI.emit(VCard.write(contacts, in: opened.portfolio, revised: .now))
        default:
            throw CLI.fail(
                "--format '\(format)' is not supported; use csv or json (or vcard for contacts)", code: CLI.usage)
        }
    }
}

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Report customer tiers, partnership candidates, supplier scorecards, owners' workload, reorder rhythms "
            + "or the agenda.",
        discussion: """
            tiers: customers by trailing-12-month value, tier A/B/C, previous tier and movement. \
            partners: commitment and each component with its contribution, strength, relationship, quadrant. \
            suppliers: scorecards, standings, Kraljic categories, key suppliers. \
            owners: key accounts, load against capacity, overdue follow-ups, stale and unassigned key accounts. \
            reorders: each customer's reorder rhythm (cycle, expected order, days late, status, value at risk). \
            agenda: what to do: overdue and due-soon follow-ups, late reorders and key-account visits due, \
            for one owner (--owner) or everyone; --format ics writes it as an iCalendar file for a calendar \
            to import or subscribe to. \
            Every formula, default and rule is in docs/DOMAIN.md in Rapport's source repository.
            """)

    @OptionGroup var store: StoreOptions
    @Argument(help: "tiers, partners, suppliers, owners, reorders or agenda.") var kind: String
    @Option(name: .customLong("as-of"), help: "Report as of this date (default today).") var asOf: String?
    @Option(help: "table (for people), csv or json (every component, for scripts); ics for the agenda.")
    var format = "table"
    @Option(
        help: ArgumentHelp(
            "agenda: one owner's items (a name, email or id; `me`: the owner matching `me =` in config.toml, "
                + "else your user name; `unassigned`: the items nobody holds).",
            valueName: "NAME|me|unassigned"))
    var owner: String?
    @Option(help: "agenda: how many days ahead a follow-up counts as due soon (default 7).") var days = 7

    func run() throws {
        guard let report = ReportKind(rawValue: kind.lowercased()) else {
            throw CLI.fail("'\(kind)' is not a report; use \(ReportKind.spelled)", code: CLI.usage)
        }
        let calendar = format.lowercased() == "ics"
        if calendar && report != .agenda {
            throw CLI.fail(
                "--format ics is for the agenda; use table, csv or json for \(report.rawValue)", code: CLI.usage)
        }
        guard calendar || ReportFormat(rawValue: format.lowercased()) != nil else {
            throw CLI.fail(
                "--format '\(format)' is not supported; use table, csv or json (or ics for the agenda)", code: CLI.usage
            )
        }
        if report != .agenda && (owner != nil || days != 7) {
            throw CLI.fail(
                "--owner and --days are for the agenda report; leave them out for \(report.rawValue)", code: CLI.usage)
        }
        guard (0...366).contains(days) else {
            throw CLI.fail("--days \(days) is out of range; use a number of days from 0 to 366", code: CLI.usage)
        }
        let day = try parseAsOf(asOf)
        let opened = try store.open(only: report.recordKinds, existing: true)
        let output = ReportFormat(rawValue: format.lowercased()) ?? .table
        if opened.isEmpty && output == .table && !calendar {
            CLI.note("the store at \(opened.location) is empty; try `rapport demo` first")
        }
        let scope = try agendaScope(in: opened.portfolio)
        let reporter = Reporter(portfolio: opened.portfolio, asOf: day, agendaScope: scope, agendaDays: days)
        if calendar { return CLI.emit(reporter.calendar(stamp: Timestamp.now)) }
        let text = try reporter.render(report, as: output)
        if output == .table { CLI.say(text, terminator: "") } else { CLI.emit(text) }
    }

    /// Whose agenda `--owner` asks for.
    func agendaScope(in portfolio: Portfolio) throws -> AgendaScope {
        guard let owner else { return .everyone }
        switch owner.lowercased() {
        case "unassigned": return .unassigned
        case "me":
            let me = UserConfig.load(from: UserConfig.path()).me ?? StoreUser.current
            guard let found = portfolio.owner(matching: me) else {
                throw CLI.fail(
                    "--owner me: no owner matches '\(me)'; set me = \"you@example.com\" in "
                        + "~/.config/rapport/config.toml, or name the owner", code: CLI.usage)
            }
            return .owner(found.id)
        default:
            let found = portfolio.owners(resembling: owner)
            if found.count == 1 { return .owner(found[0].id) }
            let names = (found.isEmpty ? Array(portfolio.owners.values) : found).map(\.name).sorted()
            let listed = names.prefix(8).joined(separator: ", ") + (names.count > 8 ? ", …" : "")
            throw CLI.fail(
                found.isEmpty
                    ? "--owner: no owner is named '\(owner)'; use a name, email or id"
                        + (names.isEmpty ? "" : " (owners: \(listed))")
                    : "--owner: '\(owner)' matches \(found.count) owners (\(listed)); give more of the name",
                code: CLI.usage)
        }
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate the store; changes nothing.",
        discussion: """
            Exit code 0 when the store is valid, 65 when records are invalid, 66 when a file cannot be read. \
            With --repair, what can be read is salvaged into a new store (the original is never touched): \
            unreadable journal lines are skipped, records whose account is gone are dropped, and every \
            change is listed.
            """)

    @OptionGroup var store: StoreOptions
    @Flag(help: "Write a repaired copy of the store to a new directory (see --output).") var repair = false
    @Option(help: "Where --repair writes (default: the store's path + '-repaired'); it must not exist.")
    var output: String?

    func run() throws {
        if repair { return try runRepair() }
        let opened = try store.open(existing: true)
        let problems = opened.portfolio.problems()
        let counts = RecordKind.allCases.map { "\(opened.portfolio.count(of: $0)) \($0.plural)" }.joined(
            separator: ", ")
        guard problems.isEmpty else {
            for problem in problems.prefix(200) { CLI.say(problem.description) }
            if problems.count > 200 { CLI.say("… and \(problems.count - 200) more") }
            throw CLI.fail(
                "\(problems.count) invalid record\(problems.count == 1 ? "" : "s") in \(opened.location); "
                    + "fix them with `rapport import` (matching ids update records) or restore a backup",
                code: CLI.dataError)
        }
        CLI.say(
            "OK: \(opened.location) is valid (\(counts); \(opened.editsSinceCompaction) journal entries since the last compaction)."
        )
        let access = opened.accessProblems()
        if !access.isEmpty {
            for problem in access { CLI.say("warning: " + problem) }
            CLI.say("Teammates may be locked out of this group store; `rapport share --group NAME` fixes every file.")
        }
    }

    func runRepair() throws {
        let source = try store.directory(for: "--repair")
        let target = StoreLocation.resolve(flag: output ?? source + "-repaired")
        guard !FileManager.default.fileExists(atPath: target) else {
            throw CLI.fail("\(target) already exists; choose another place with --output DIR", code: CLI.refused)
        }
        let outcome = try CLI.run { try StoreRepair.salvage(directory: source) }
        let repaired = try CLI.run { try JSONStoreOpener(directory: target).open() }
        try CLI.run { try repaired.replaceAll(with: outcome.portfolio) }
        for note in outcome.notes { CLI.say(note) }
        let problems = outcome.portfolio.problems()
        CLI.say(
            "Wrote a repaired copy to \(target) (\(outcome.portfolio.accounts.count) accounts, "
                + "\(outcome.portfolio.interactions.count) interactions; \(outcome.notes.count) changes listed above). "
                + "\(source) was not changed.")
        if problems.isEmpty {
            CLI.say("Check it with `rapport check --store \(target)`; to use it, move it into place of \(source).")
        } else {
            CLI.say("\(problems.count) records are still invalid; `rapport check --store \(target)` lists them.")
        }
    }
}

struct Compact: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fold the journal into a new snapshot (atomically; the previous snapshot is kept as a backup).")

    @OptionGroup var store: StoreOptions

    func run() throws {
        let opened = try store.open(existing: true)
        let entries = opened.editsSinceCompaction
        try CLI.run { try opened.compact() }
        CLI.say("Compacted \(opened.location): folded \(entries) journal entries into a new snapshot.")
    }
}

struct Copy: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy a whole store into another: a directory into PostgreSQL, or back.",
        discussion: """
            Copies every record with its id and version, the settings and the id counters, so that \
            `rapport export` and every report read the same from both. The edit history stays with \
            the source. The destination must be empty; --force replaces what it holds (a directory \
            store keeps the replaced snapshot as rapport.json.bak-N).
            """)

    @Argument(help: "The store to copy: a directory or a postgresql:// URL.") var source: String
    @Argument(help: "Where to copy it: a directory or a postgresql:// URL.") var destination: String
    @Flag(help: "Replace the records the destination holds.") var force = false

    func run() throws {
        signal(SIGXFSZ, SIG_IGN)
        let from = try StoreOptions.opener(for: StoreLocation.resolve(flag: source))
        let into = try StoreOptions.opener(for: StoreLocation.resolve(flag: destination))
        guard from.location != into.location else {
            throw CLI.fail("the source and the destination are the same store (\(from.location))", code: CLI.usage)
        }
        guard from.exists else {
            throw CLI.fail("there is no store at \(from.location); check the source", code: CLI.storeUnreadable)
        }
        let read = try CLI.run { try from.open() }
        CLI.tellNotices(read)
        let target = try CLI.run { try into.open() }
        if let refusal = target.editRefusal { throw CLI.fail("\(into.location): \(refusal)", code: CLI.ioError) }
        if !target.isEmpty && !force {
            throw CLI.fail(
                "\(into.location) already holds \(target.portfolio.accounts.count) accounts; nothing copied. "
                    + "Use --force to replace them, or copy into an empty store",
                code: CLI.refused)
        }
        let portfolio = read.portfolio
        try CLI.run { try target.replaceAll(with: portfolio) }
        let records = RecordKind.allCases.reduce(0) { $0 + portfolio.count(of: $1) }
        CLI.say(
            "Copied \(records) records (\(portfolio.accounts.count) accounts, \(portfolio.owners.count) owners) "
                + "from \(from.location) into \(into.location).")
    }
}
