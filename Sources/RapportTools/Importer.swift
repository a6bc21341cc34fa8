import RapportDomain

/// What went wrong with an import.
public enum ImportError: Error, CustomStringConvertible {
    /// A mistake in how the command was called (bad --map, unknown kind).
    case usage(String)
    /// The file could not be read as CSV.
    case unreadable(String)
    /// Rows that failed; nothing was imported.
    case badRows([RowProblem])

    public var description: String {
        switch self {
        case .usage(let text), .unreadable(let text): return text
        case .badRows(let problems):
            let rows = Set(problems.map(\.row)).count
            let unit = problems.first?.rowUnit ?? "row"
            let column = problems.first?.columnUnit ?? "column"
            return "\(rows) \(unit)\(rows == 1 ? "" : "s") could not be imported, so nothing was imported:\n"
                + problems.map { "  " + $0.description }.joined(separator: "\n")
                + "\nFix these \(unit)s (or map \(column == "column" ? "columns" : "properties") with --map "
                + "\(column.uppercased())=FIELD) and run the import again."
        }
    }
}

/// One bad cell (or row): where, what, and why.
public struct RowProblem: Hashable, Sendable, CustomStringConvertible {
    public let row: Int
    public let column: String
    public let value: String
    public let reason: String
    /// What the file calls a row and a column (a vCard's are cards and properties).
    public var rowUnit = "row"
    public var columnUnit = "column"

    public init(row: Int, column: String, value: String, reason: String) {
        self.row = row
        self.column = column
        self.value = value
        self.reason = reason
    }

    public var description: String {
        let place = column.isEmpty ? "\(rowUnit) \(row)" : "\(rowUnit) \(row), \(columnUnit) '\(column)'"
        let shown = value.isEmpty ? "" : " value '\(FieldRules.visible(value))'"
        return TerminalText.inert(place + shown + ": " + reason)
    }
}

/// The outcome of planning an import: the changes to commit and what they do.
public struct ImportPlan: Sendable {
    public var changes: [Change] = []
    public var created = 0
    public var updated = 0
    public var unchanged = 0
    /// Header columns that map to no field and were skipped.
    public var ignoredColumns: [String] = []
    /// Owners an accounts import names but the store did not have, created with it.
    public var newOwners: [String] = []
    /// Accounts a contacts import names but the store did not have, created with it (`--new-accounts`).
    public var newAccounts: [String] = []
    /// Properties of a vCard file that contacts do not keep.
    public var ignoredProperties: [String] = []
    /// Ids this plan made up for new records (not given by the file): another writer may take
    /// one before the plan is committed, so they are settled at commit (``changes(against:)``).
    public var provisionalIDs: Set<String> = []

    /// The changes to commit against `current` (the store as it is under its lock): a made-up id
    /// that someone else has taken since the plan was made gets the next free one, and the
    /// plan's records that referred to it follow. A big import therefore gets in on a store
    /// where others keep adding records.
    public func changes(against current: Portfolio) -> [Change] {
        var renamed: [String: String] = [:]
        var nextSerial: [RecordKind: Int] = [:]
        func fresh(_ kind: RecordKind) -> String {
            let serial =
                (nextSerial[kind]
                    ?? max(
                        changes.compactMap { $0.kind == kind ? Portfolio.serial(of: $0.id, kind: kind) : nil }.max()
                            ?? 0,
                        Portfolio.serial(of: current.nextID(for: kind), kind: kind).map { $0 - 1 } ?? 0)) + 1
            nextSerial[kind] = serial
            return Portfolio.makeID(kind, serial)
        }
        for change in changes where provisionalIDs.contains(change.id) {
            if current.record(of: change.kind, id: change.id) != nil { renamed[change.id] = fresh(change.kind) }
        }
        guard !renamed.isEmpty else { return changes }
        return changes.map { change in
            guard case .put(let record, let base) = change else { return change }
            return .put(record.renaming(renamed), base: base)
        }
    }

    public var summary: String {
        var text = "\(created) created, \(updated) updated, \(unchanged) unchanged"
        if !newOwners.isEmpty {
            text +=
                "\nnew owners (\(newOwners.count)): " + newOwners.map { TerminalText.inert($0) }.joined(separator: ", ")
                + " (edit them with `rapport import owners FILE` or in the dashboard)"
        }
        if !newAccounts.isEmpty {
            text +=
                "\nnew accounts (\(newAccounts.count)): "
                + newAccounts.map { TerminalText.inert($0) }.joined(separator: ", ")
        }
        if !ignoredProperties.isEmpty {
            text +=
                "\nignored vCard properties: "
                + ignoredProperties.map { TerminalText.inert($0) }.joined(separator: ", ")
                + " (contacts keep a name, organisation, title, email, phone and preferred channel)"
        }
        if !ignoredColumns.isEmpty {
            text +=
                "\nignored columns: " + ignoredColumns.map { "'\(TerminalText.inert($0))'" }.joined(separator: ", ")
                + " (use --map COLUMN=FIELD to import them)"
        }
        return text
    }
}

/// Turns CSV rows into validated changes, all or nothing.
///
/// Every row of a file is a record of its own: no row is ever merged with another row of the
/// same file. A row updates a stored record instead of adding a duplicate when it names it: by
/// id, else by an external reference (a sale's invoice, a purchase's order), else by its
/// content. Content matches as a multiset: the n-th of several identical rows matches the n-th
/// identical stored record, and the rest are created, so importing a file twice changes nothing
/// and two identical invoice lines stay two sales. Accounts match by exact name or web domain,
/// owners by email or name, contacts by email or phone, or by name when no email or phone says
/// they are different people. Empty cells leave an existing value as it is, so a sparse CRM
/// export never erases data.
public struct Importer {
    public let kind: RecordKind
    public var overrides: [String: String] = [:]
    /// Stamped on accounts an import creates or changes (unless the file gives the times).
    public var now: Timestamp?
    /// Whether an accounts import creates the owners it names that the store lacks (CRM exports
    /// name the account owner as a person); otherwise such rows are errors.
    public var createsOwners: Bool
    /// Whether a contacts import creates the accounts (customers) it names that the store
    /// lacks; otherwise such rows are errors that name the organisation.
    public var createsAccounts: Bool

    public init(
        kind: RecordKind, overrides: [String: String] = [:], now: Timestamp? = nil, createsOwners: Bool = true,
        createsAccounts: Bool = false
    ) {
        self.kind = kind
        self.overrides = overrides
        self.now = now
        self.createsOwners = createsOwners
        self.createsAccounts = createsAccounts
    }

    /// The CSV field a validation error's field refers to (`accountId` → `account`, `ratings.inputCost` → `inputCost`).
    static func csvField(for field: String) -> String {
        switch field {
        case "accountId": "account"
        case "ownerId": "owner"
        default: field.split(separator: ".").last.map(String.init) ?? field
        }
    }

    public func plan(_ table: CSVText.Table, into portfolio: Portfolio) throws -> ImportPlan {
        let mapping = try FieldMapping.map(header: table.header, kind: kind, overrides: overrides)
        let required = Set(FieldMapping.fields(for: kind).filter { $0.help.contains("(required)") }.map(\.name))
        let present = Set(mapping.compactMap { $0 })
        var plan = ImportPlan()
        let explicitlyIgnored = Set(overrides.filter { $0.value.isEmpty }.map { FieldMapping.normalize($0.key) })
        plan.ignoredColumns = zip(table.header, mapping).filter {
            $0.1 == nil && !$0.0.isEmpty && !explicitlyIgnored.contains(FieldMapping.normalize($0.0))
        }.map(\.0)
        // With an id column, rows may update existing records by id alone; rows that create a
        // record are still held to the required fields, row by row.
        let missing = required.subtracting(present).subtracting(["id"])
        if !missing.isEmpty, !present.contains("id") {
            throw ImportError.usage(
                "the file has no column for " + missing.sorted().joined(separator: ", ")
                    + " (required for \(kind.plural)); "
                    + "its columns are " + table.header.map { "'\(TerminalText.inert($0))'" }.joined(separator: ", ")
                    + ". Rename the column or use --map COLUMN=FIELD.")
        }
        let columnFor = Dictionary(
            zip(mapping, table.header).compactMap { field, column in field.map { ($0, column) } },
            uniquingKeysWith: { a, _ in a })
        var working = portfolio
        // A row's cells by field, made when the row is read (not kept for every row: a million
        // rows of dictionaries would cost many times the file).
        func values(of cells: [String]) -> [String: String] {
            var values: [String: String] = [:]
            for (index, field) in mapping.enumerated() {
                guard let field, index < cells.count else { continue }
                values[field] = cell(cells, index)
            }
            return values
        }
        func cell(_ cells: [String], _ index: Int) -> String {
            String(CSVText.unguardFormula(cells[index].trimmingASCIIWhitespace()))
        }
        func column(_ field: String) -> [String] {
            guard let index = mapping.firstIndex(of: field) else { return [] }
            return table.rows.compactMap { index < $0.cells.count ? cell($0.cells, index) : nil }
        }
        // Ids the file gives are kept, so ids made up for rows without one must come after them.
        let fileSerial = column("id").compactMap { Portfolio.serial(of: $0, kind: kind) }.max()
        if let fileSerial { working.raiseSerials([kind: fileSerial]) }
        if kind == .account, createsOwners {
            for owner in newOwners(named: column("owner"), in: working) {
                let change = Change.put(.owner(owner), base: nil)
                try working.apply(change)
                plan.changes.append(change)
                plan.provisionalIDs.insert(owner.id)
                plan.newOwners.append(owner.name)
            }
        }
        if kind == .contact, createsAccounts {
            var seen = Set<String>()
            for name in column("account")
            where !name.isEmpty && working.account(matching: name) == nil
                && seen.insert(Portfolio.nameKey(name)).inserted
            {
                var account = Account(id: working.nextID(for: .account), name: name, roles: [.customer])
                (account.createdAt, account.updatedAt) = (now, now)
                let change = Change.put(.account(account), base: nil)
                // A name that cannot be an account stays a row error ("no account has this name").
                guard (try? working.apply(change)) != nil else { continue }
                plan.changes.append(change)
                plan.provisionalIDs.insert(account.id)
                plan.newAccounts.append(name)
            }
        }
        var matcher = Matcher(kind: kind, portfolio: portfolio)
        var problems: [RowProblem] = []
        for (number, cells) in table.rows {
            let values = values(of: cells)
            if cells.count > mapping.count,
                cells[mapping.count...].contains(where: { !$0.trimmingASCIIWhitespace().isEmpty })
            {
                problems.append(
                    RowProblem(
                        row: number, column: "", value: "",
                        reason: "has more cells than the header has columns; quote cells that contain commas"))
                continue
            }
            let existing: AnyRecord?
            let built: AnyRecord?
            do {
                // The parser reads a copy of `working`; it must be gone before `working` changes,
                // or the change copies every record of the kind (a million rows, a million copies).
                var row = RowParser(values: values, row: number, columns: columnFor, portfolio: working)
                switch matcher.match(row) {
                case .record(let record): existing = record
                case .none: existing = nil
                case .earlierRow(let field, let earlier):
                    problems.append(
                        RowProblem(
                            row: number, column: columnFor[field] ?? field, value: values[field] ?? "",
                            reason:
                                "names the same \(kind.rawValue) as row \(earlier); each row is a record of its own, "
                                + "so merge the two rows or tell them apart"))
                    continue
                }
                let next = working.nextID(for: kind)
                built = row.build(kind, existing: existing, newID: { next })
                if let built, existing == nil, built.id == next { plan.provisionalIDs.insert(next) }
                if built == nil { problems += row.problems }
            }
            guard var record = built else { continue }
            matcher.claim(record.id, row: number)
            if let existing, existing == record {
                plan.unchanged += 1
                continue
            }
            // Accounts are stamped with the time of the import, unless the file carries the times
            // (an export does): then a record it creates has exactly the times the file gives.
            if case .account(var account) = record, let now {
                let fileGivesTimes = columnFor["updatedAt"] != nil || columnFor["createdAt"] != nil
                if values["updatedAt", default: ""].isEmpty && (existing != nil || !fileGivesTimes) {
                    account.updatedAt = now
                }
                if account.createdAt == nil && !fileGivesTimes { account.createdAt = now }
                record = .account(account)
            }
            let change = Change.put(record, base: existing?.version)
            do {
                try working.apply(change)
                plan.changes.append(change)
                if existing == nil {
                    plan.created += 1
                } else {
                    plan.updated += 1
                }
            } catch let error as RecordErrors {
                for problem in error.errors {
                    let field = Importer.csvField(for: problem.field)
                    problems.append(
                        RowProblem(
                            row: number, column: columnFor[field] ?? field, value: values[field] ?? "",
                            reason: problem.message))
                }
            } catch {
                problems.append(RowProblem(row: number, column: "", value: "", reason: "\(error)"))
            }
        }
        if !problems.isEmpty {
            throw ImportError.badRows(
                problems.map {
                    var problem = $0
                    (problem.rowUnit, problem.columnUnit) = (table.rowUnit, table.columnUnit)
                    return problem
                })
        }
        return plan
    }

    /// Plans a contacts import from vCards: the cards as rows (``VCard/table(_:)``), their
    /// properties mapped to contact fields under the user's own `--map`, and the properties
    /// contacts do not keep listed in the summary.
    public func plan(vCards cards: [VCard.Card], into portfolio: Portfolio) throws -> ImportPlan {
        let (table, ignored) = VCard.table(cards)
        var importer = self
        importer.overrides = VCard.fieldMap.merging(overrides) { _, given in given }
        var plan = try importer.plan(table, into: portfolio)
        plan.ignoredProperties = ignored
        return plan
    }

    /// The owners that `names` (cells of an owner column) refer to but `portfolio` lacks, one
    /// per person, in the order the file first names them. A cell shaped like one of our owner
    /// ids is not a person's name: it stays an error if no owner has it.
    func newOwners(named names: [String], in portfolio: Portfolio) -> [Owner] {
        var working = portfolio
        var created: [Owner] = []
        for name in names where !name.isEmpty && working.owner(matching: name) == nil {
            guard Portfolio.serial(of: name, kind: .owner) == nil else { continue }
            let isEmail = FieldRules.email(name, field: "owner") == nil && name.contains("@")
            let owner = Owner(id: working.nextID(for: .owner), name: name, email: isEmail ? name : "")
            guard (try? working.apply(.put(.owner(owner), base: nil))) != nil else { continue }
            created.append(owner)
        }
        return created
    }
}

/// Finds the stored record a row names, never one that an earlier row of the same file named
/// or created.
struct Matcher {
    enum Match {
        case none
        case record(AnyRecord)
        /// The row names a record an earlier row already took: by `field`, on row `row`.
        case earlierRow(field: String, row: Int)
    }

    let kind: RecordKind
    let portfolio: Portfolio
    /// Stored records by content key, in id order: the n-th identical row takes the n-th.
    var byKey: [String: [String]] = [:]
    /// Records this file's rows have taken, and which row took each.
    var claimed: [String: Int] = [:]

    init(kind: RecordKind, portfolio: Portfolio) {
        self.kind = kind
        self.portfolio = portfolio
        for record in portfolio.records(of: kind) {
            for key in NaturalKeys.keys(of: record) { byKey[key, default: []].append(record.id) }
        }
    }

    mutating func claim(_ id: String, row: Int) { claimed[id] = claimed[id] ?? row }

    func match(_ row: RowParser) -> Match {
        if let id = row.value("id"), let record = row.portfolio.record(of: kind, id: id) {
            if let earlier = claimed[id] { return .earlierRow(field: "id", row: earlier) }
            return .record(record)
        }
        switch kind {
        case .account:
            if let name = row.value("name"), let account = row.portfolio.account(matching: name) {
                if let earlier = claimed[account.id] { return .earlierRow(field: "name", row: earlier) }
                return .record(.account(account))
            }
        case .owner:
            for field in ["email", "name"] {
                if let key = row.value(field), let owner = row.portfolio.owner(matching: key) {
                    if let earlier = claimed[owner.id] { return .earlierRow(field: field, row: earlier) }
                    return .record(.owner(owner))
                }
            }
        default: break
        }
        let accountId = row.value("account").flatMap { row.portfolio.account(matching: $0)?.id }
        for key in NaturalKeys.keys(kind, accountId: accountId, values: row.values) {
            for id in byKey[key] ?? [] where claimed[id] == nil {
                if let record = portfolio.record(of: kind, id: id), NaturalKeys.compatible(record, row.values) {
                    return .record(record)
                }
            }
        }
        return .none
    }
}

/// Reads one row's cells into a record, collecting every problem.
struct RowParser {
    let values: [String: String]
    let row: Int
    let columns: [String: String]
    let portfolio: Portfolio
    var problems: [RowProblem] = []

    func value(_ field: String) -> String? {
        guard let value = values[field], !value.isEmpty else { return nil }
        return value
    }

    mutating func fail(_ field: String, _ reason: String) {
        problems.append(
            RowProblem(row: row, column: columns[field] ?? field, value: values[field] ?? "", reason: reason))
    }

    mutating func text(_ field: String, _ target: inout String) { if let value = value(field) { target = value } }

    mutating func day(_ field: String, _ target: inout Day?) {
        guard let value = value(field) else { return }
        if let day = Day(value) { target = day } else { fail(field, "not a date; use YYYY-MM-DD, e.g. 2026-06-30") }
    }

    mutating func timestamp(_ field: String, _ target: inout Timestamp?) {
        guard let value = value(field) else { return }
        if let stamp = Timestamp(value) ?? Day(value).map({ Timestamp(seconds: Int64($0.ordinal) * 86_400) }) {
            target = stamp
        } else {
            fail(field, "not a time; use YYYY-MM-DDTHH:MM:SSZ or YYYY-MM-DD")
        }
    }

    mutating func money(_ field: String, _ target: inout Money?) {
        guard let value = value(field) else { return }
        if let money = Money(parsing: value) {
            target = money
        } else {
            fail(field, "not an amount; use a number like 1234.50 or 1,234.50")
        }
    }

    mutating func int(_ field: String, _ target: inout Int?) {
        guard let value = value(field) else { return }
        if let number = Int(value) { target = number } else { fail(field, "not a whole number") }
    }

    mutating func bool(_ field: String, _ target: inout Bool) {
        guard let value = value(field)?.lowercased() else { return }
        switch value {
        case "yes", "y", "true", "1", "done", "completed", "active": target = true
        case "no", "n", "false", "0", "open", "not started", "inactive": target = false
        default: fail(field, "use yes or no")
        }
    }

    mutating func choice<T: RawRepresentable & CaseIterable>(_ field: String, _ type: T.Type, _ target: inout T?)
    where T.RawValue == String {
        guard let value = value(field) else { return }
        if let parsed = parseChoice(value, as: type) { target = parsed } else { fail(field, "use \(choiceList(type))") }
    }

    mutating func account(_ target: inout String) {
        guard let value = value("account") else { return }
        if let account = portfolio.account(matching: value) {
            target = account.id
        } else {
            fail(
                "account",
                "no account has this id or name; import the accounts first, fix the name"
                    + (columns["account"] == "ORG" ? ", or import with --new-accounts to create it" : ""))
        }
    }

    mutating func owner(_ target: inout String?) {
        guard let value = value("owner") else { return }
        if let owner = portfolio.owner(matching: value) {
            target = owner.id
        } else if Portfolio.serial(of: value, kind: .owner) != nil {
            fail("owner", "no owner has this id; import the owners first (rapport import owners FILE)")
        } else {
            fail(
                "owner",
                "no owner has this email or name; import the owners first (rapport import owners FILE)"
                    + " or, for accounts, import without --no-new-owners to create them")
        }
    }

    /// Salesforce/HubSpot account types and our own role words. Salesforce's `Other` says
    /// nothing about the role: no roles (a new account is then a customer).
    static func roles(_ text: String) -> (roles: [Role], prospect: Bool)? {
        let lower = text.lowercased()
        if lower == "both" { return ([.customer, .supplier], false) }
        var roles: [Role] = []
        var prospect = false
        var parts = 0
        for part in lower.split(whereSeparator: { ";,|/".contains($0) }).map({ $0.trimmingASCIIWhitespace() }) {
            parts += 1
            if part.contains("customer") || part.contains("partner") || part.contains("reseller") || part == "client" {
                roles.append(.customer)
            } else if part.contains("supplier") || part.contains("vendor") {
                roles.append(.supplier)
            } else if part.contains("prospect") {
                roles.append(.customer)
                prospect = true
            } else if part == "both" {
                roles += [.customer, .supplier]
            } else if part != "other" {
                return nil
            }
        }
        return parts == 0 ? nil : (roles, prospect)
    }

    /// An account status in our words, or a CRM's lifecycle stage (HubSpot's `Lifecycle Stage`:
    /// leads and opportunities are prospects, customers and evangelists active). `.some(nil)`
    /// for a stage that says nothing about the status (`other`); nil for an unknown word.
    static func status(_ text: String) -> AccountStatus?? {
        if let status = parseChoice(text, as: AccountStatus.self) { return .some(status) }
        switch FieldMapping.normalize(text) {
        case "subscriber", "lead", "marketingqualifiedlead", "mql", "salesqualifiedlead", "sql", "opportunity":
            return .some(.prospect)
        case "customer", "evangelist", "client": return .some(.active)
        case "other": return .some(nil)
        default: return nil
        }
    }

    /// A CRM's industry code as words: HubSpot's `PACKAGING_AND_CONTAINERS` is "Packaging and
    /// containers". Anything else is kept as it is.
    static func industry(_ text: String) -> String {
        let isCode =
            text.utf8.count >= 4
            && text.utf8.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || $0 == 0x5F || ($0 >= 0x30 && $0 <= 0x39) }
            && text.utf8.contains { $0 >= 0x41 && $0 <= 0x5A }
        guard isCode else { return text }
        let words = text.lowercased().split(separator: "_").joined(separator: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// `https://www.Example.com/about` → `example.com`.
    static func domain(_ text: String) -> String {
        var value = text.lowercased()
        for prefix in ["https://", "http://", "www."] where value.hasPrefix(prefix) { value.removeFirst(prefix.count) }
        if let slash = value.firstIndex(of: "/") { value = String(value[..<slash]) }
        return value
    }

    /// Builds the record for this row on top of `existing`; nil if a cell was bad.
    mutating func build(_ kind: RecordKind, existing: AnyRecord?, newID: () -> String) -> AnyRecord? {
        let id = existing?.id ?? value("id") ?? newID()
        let record: AnyRecord
        switch kind {
        case .account:
            var account: Account
            if case .account(let old) = existing {
                account = old
            } else {
                account = Account(id: id, name: "", roles: [])
            }
            text("name", &account.name)
            if let value = value("roles") {
                if let parsed = RowParser.roles(value) {
                    if !parsed.roles.isEmpty { account.roles = Array(Set(parsed.roles)).sorted() }
                    if parsed.prospect && existing == nil { account.status = .prospect }
                } else {
                    fail(
                        "roles",
                        "use customer, supplier or both (CRM types like 'Customer - Direct', 'Vendor', 'Prospect' "
                            + "and 'Other' also work), or leave the column out with --map '\(columns["roles"] ?? "roles")='"
                    )
                }
            }
            if account.roles.isEmpty { account.roles = [.customer] }
            for field in ["industry", "region", "country", "website", "notes"] {
                guard let value = value(field) else { continue }
                switch field {
                case "industry": account.industry = RowParser.industry(value)
                case "region": account.region = value
                case "country": account.country = value
                case "website": account.website = value
                default: account.notes = value
                }
            }
            if let tags = value("tags") {
                account.tags = tags.split(whereSeparator: { $0 == ";" || $0 == "|" }).map {
                    String($0.trimmingASCIIWhitespace())
                }
                .filter { !$0.isEmpty }
            }
            if let value = value("status") {
                switch RowParser.status(value) {
                case .some(.some(let status)): account.status = status
                case .some(.none): break
                case .none:
                    fail(
                        "status",
                        "use \(choiceList(AccountStatus.self)) (or a lifecycle stage: lead, opportunity, customer…), "
                            + "or leave the column out with --map '\(columns["status"] ?? "status")='")
                }
            }
            owner(&account.ownerId)
            money("annualRevenue", &account.annualRevenue)
            timestamp("createdAt", &account.createdAt)
            timestamp("updatedAt", &account.updatedAt)
            for field in RatingField.allCases {
                var rating = account.ratings[field]
                int(field.rawValue, &rating)
                account.ratings[field] = rating
            }
            record = .account(account)
        case .owner:
            var owner: Owner
            if case .owner(let old) = existing { owner = old } else { owner = Owner(id: id, name: "") }
            text("name", &owner.name)
            text("email", &owner.email)
            text("team", &owner.team)
            var capacity: Int? = owner.capacity
            int("capacity", &capacity)
            owner.capacity = capacity ?? Owner.defaultCapacity
            bool("active", &owner.active)
            record = .owner(owner)
        case .contact:
            var contact: Contact
            if case .contact(let old) = existing {
                contact = old
            } else {
                contact = Contact(id: id, accountId: "", name: "")
            }
            account(&contact.accountId)
            text("name", &contact.name)
            text("title", &contact.title)
            text("email", &contact.email)
            text("phone", &contact.phone)
            choice("preferredChannel", Channel.self, &contact.preferredChannel)
            record = .contact(contact)
        case .interaction:
            var interaction: Interaction
            if case .interaction(let old) = existing {
                interaction = old
            } else {
                interaction = Interaction(id: id, accountId: "", date: Day(ordinal: 0), channel: .other, summary: "")
            }
            account(&interaction.accountId)
            var date: Day? = existing == nil ? nil : interaction.date
            day("date", &date)
            var channel: Channel? = existing == nil ? nil : interaction.channel
            choice("channel", Channel.self, &channel)
            var kind: InteractionKind? = interaction.kind
            choice("kind", InteractionKind.self, &kind)
            text("summary", &interaction.summary)
            owner(&interaction.ownerId)
            day("followUp", &interaction.followUp)
            bool("done", &interaction.done)
            if let date {
                interaction.date = date
            } else if value("date") == nil {
                fail("date", "is required; use YYYY-MM-DD")
            }
            if let channel {
                interaction.channel = channel
            } else if value("channel") == nil {
                fail("channel", "is required; use \(choiceList(Channel.self))")
            }
            interaction.kind = kind ?? .note
            record = .interaction(interaction)
        case .sale:
            var sale: Sale
            if case .sale(let old) = existing {
                sale = old
            } else {
                sale = Sale(id: id, accountId: "", date: Day(ordinal: 0), amount: .zero)
            }
            account(&sale.accountId)
            var date: Day? = existing == nil ? nil : sale.date
            day("date", &date)
            var amount: Money? = existing == nil ? nil : sale.amount
            money("amount", &amount)
            money("margin", &sale.margin)
            if let reference = value("reference") { sale.reference = reference }
            if let date {
                sale.date = date
            } else if value("date") == nil {
                fail("date", "is required; use YYYY-MM-DD")
            }
            if let amount {
                sale.amount = amount
            } else if value("amount") == nil {
                fail("amount", "is required; use a number like 1234.50")
            }
            record = .sale(sale)
        case .purchase:
            var purchase: Purchase
            if case .purchase(let old) = existing {
                purchase = old
            } else {
                purchase = Purchase(id: id, accountId: "", date: Day(ordinal: 0), amount: .zero)
            }
            account(&purchase.accountId)
            var date: Day? = existing == nil ? nil : purchase.date
            day("date", &date)
            var amount: Money? = existing == nil ? nil : purchase.amount
            money("amount", &amount)
            day("promised", &purchase.promised)
            day("actual", &purchase.actual)
            if let reference = value("reference") { purchase.reference = reference }
            if let date {
                purchase.date = date
            } else if value("date") == nil {
                fail("date", "is required; use YYYY-MM-DD")
            }
            if let amount {
                purchase.amount = amount
            } else if value("amount") == nil {
                fail("amount", "is required; use a number like 1234.50")
            }
            record = .purchase(purchase)
        case .evaluation:
            var evaluation: SupplierEvaluation
            if case .evaluation(let old) = existing {
                evaluation = old
            } else {
                evaluation = SupplierEvaluation(
                    id: id, accountId: "", period: YearMonth(year: 2000, month: 1)!, scores: [:])
            }
            account(&evaluation.accountId)
            if let value = value("period") {
                if let period = YearMonth(value) {
                    evaluation.period = period
                } else {
                    fail("period", "not a month; use YYYY-MM, e.g. 2026-06")
                }
            } else if existing == nil {
                fail("period", "is required; use YYYY-MM")
            }
            for criterion in Criterion.allCases {
                guard let value = value(criterion.rawValue) else { continue }
                if let score = Double(value), score.isFinite {
                    evaluation.scores[criterion] = score
                } else {
                    fail(criterion.rawValue, "not a score; use a number from 0 to 100")
                }
            }
            record = .evaluation(evaluation)
        }
        if existing == nil, value("account") == nil,
            [.contact, .interaction, .sale, .purchase, .evaluation].contains(kind)
        {
            fail("account", "is required; give the account's id or exact name")
        }
        return problems.isEmpty ? record : nil
    }
}

/// Keys that identify a record without its id, so a re-import updates instead of duplicating:
/// an account's web domain; a contact's email, phone, or account and name; an evaluation's
/// supplier and month; a sale's or purchase's reference, or its account, date and amount; an
/// interaction's account, date and summary.
enum NaturalKeys {
    static func keys(of record: AnyRecord) -> [String] {
        switch record {
        case .account(let account): account.website.isEmpty ? [] : ["web " + RowParser.domain(account.website)]
        case .owner: []
        case .contact(let contact):
            (contact.email.isEmpty ? [] : ["email " + contact.email.lowercased()])
                + (contact.phone.isEmpty ? [] : ["phone \(contact.accountId) " + phoneKey(contact.phone)])
                + ["name \(contact.accountId) " + Portfolio.nameKey(contact.name)]
        case .evaluation(let evaluation): ["period \(evaluation.accountId) \(evaluation.period)"]
        case .sale(let sale):
            (sale.reference.map { ["ref \(sale.accountId) \($0)"] } ?? [])
                + ["line \(sale.accountId) \(sale.date) \(sale.amount.cents)"]
        case .purchase(let purchase):
            (purchase.reference.map { ["ref \(purchase.accountId) \($0)"] } ?? [])
                + ["line \(purchase.accountId) \(purchase.date) \(purchase.amount.cents)"]
        case .interaction(let interaction):
            ["event \(interaction.accountId) \(interaction.date) \(interaction.summary)"]
        }
    }

    /// The same keys, computed from a CSV row's cells, strongest first.
    static func keys(_ kind: RecordKind, accountId: String?, values: [String: String]) -> [String] {
        func value(_ field: String) -> String? { values[field].flatMap { $0.isEmpty ? nil : $0 } }
        switch kind {
        case .account: return value("website").map { ["web " + RowParser.domain($0)] } ?? []
        case .owner: return []
        case .contact:
            var keys: [String] = []
            if let email = value("email") { keys.append("email " + email.lowercased()) }
            if let accountId, let phone = value("phone") { keys.append("phone \(accountId) " + phoneKey(phone)) }
            if let accountId, let name = value("name") { keys.append("name \(accountId) " + Portfolio.nameKey(name)) }
            return keys
        case .evaluation:
            guard let accountId, let period = value("period").flatMap({ YearMonth($0) }) else { return [] }
            return ["period \(accountId) \(period)"]
        case .sale, .purchase:
            guard let accountId else { return [] }
            var keys: [String] = []
            if let reference = value("reference") { keys.append("ref \(accountId) \(reference)") }
            if let date = value("date").flatMap({ Day($0) }),
                let amount = value("amount").flatMap({ Money(parsing: $0) })
            {
                keys.append("line \(accountId) \(date) \(amount.cents)")
            }
            return keys
        case .interaction:
            guard let accountId, let date = value("date").flatMap({ Day($0) }), let summary = value("summary") else {
                return []
            }
            return ["event \(accountId) \(date) \(summary)"]
        }
    }

    /// Whether a stored record found by content can be the row's record: not when a field that
    /// tells records apart (a contact's email or phone, a line's reference) differs.
    static func compatible(_ record: AnyRecord, _ values: [String: String]) -> Bool {
        func differs(_ stored: String?, _ field: String, _ key: (String) -> String = { $0 }) -> Bool {
            guard let stored, !stored.isEmpty, let given = values[field], !given.isEmpty else { return false }
            return key(stored) != key(given)
        }
        switch record {
        case .contact(let contact):
            return !differs(contact.email, "email", { $0.lowercased() }) && !differs(contact.phone, "phone", phoneKey)
        case .sale(let sale): return !differs(sale.reference, "reference")
        case .purchase(let purchase): return !differs(purchase.reference, "reference")
        default: return true
        }
    }

    /// A phone number's digits (and a leading +), so `+46 8 123 45` and `+46-8-12345` are one number.
    static func phoneKey(_ phone: String) -> String {
        String(phone.filter { $0.isASCII && ($0.isNumber || $0 == "+") })
    }
}

extension AnyRecord {
    /// The record with its id, and the ids it refers to, renamed where `names` says.
    func renaming(_ names: [String: String]) -> AnyRecord {
        func name(_ id: String) -> String { names[id] ?? id }
        func name(_ id: String?) -> String? { id.map { names[$0] ?? $0 } }
        switch self {
        case .account(var account):
            account.id = name(account.id)
            account.ownerId = name(account.ownerId)
            return .account(account)
        case .owner(var owner):
            owner.id = name(owner.id)
            return .owner(owner)
        case .contact(var contact):
            (contact.id, contact.accountId) = (name(contact.id), name(contact.accountId))
            return .contact(contact)
        case .interaction(var interaction):
            (interaction.id, interaction.accountId) = (name(interaction.id), name(interaction.accountId))
            interaction.ownerId = name(interaction.ownerId)
            return .interaction(interaction)
        case .sale(var sale):
            (sale.id, sale.accountId) = (name(sale.id), name(sale.accountId))
            return .sale(sale)
        case .purchase(var purchase):
            (purchase.id, purchase.accountId) = (name(purchase.id), name(purchase.accountId))
            return .purchase(purchase)
        case .evaluation(var evaluation):
            (evaluation.id, evaluation.accountId) = (name(evaluation.id), name(evaluation.accountId))
            return .evaluation(evaluation)
        }
    }
}
