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
