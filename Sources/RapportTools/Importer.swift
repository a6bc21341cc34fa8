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
            return "\(rows) row\(rows == 1 ? "" : "s") could not be imported, so nothing was imported:\n"
                + problems.map { "  " + $0.description }.joined(separator: "\n")
                + "\nFix these rows (or map columns with --map COLUMN=FIELD) and run the import again."
        }
    }
}

/// One bad cell (or row): where, what, and why.
public struct RowProblem: Hashable, Sendable, CustomStringConvertible {
    public let row: Int
    public let column: String
    public let value: String
    public let reason: String

    public var description: String {
        let place = column.isEmpty ? "row \(row)" : "row \(row), column '\(column)'"
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

    public var summary: String {
        var text = "\(created) created, \(updated) updated, \(unchanged) unchanged"
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
/// A row matches an existing record by id, else by exact name, else by web domain or email
/// (sales, purchases and interactions by account, date and amount or summary; evaluations by
/// supplier and month), and then updates it instead of adding a duplicate. Empty cells leave
/// an existing value as it is, so a sparse CRM export never erases data.
public struct Importer {
    public let kind: RecordKind
    public var overrides: [String: String] = [:]
    /// Stamped on accounts an import creates or changes (unless the file gives the times).
    public var now: Timestamp?

    public init(kind: RecordKind, overrides: [String: String] = [:], now: Timestamp? = nil) {
        self.kind = kind
        self.overrides = overrides
        self.now = now
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
        var naturalKeys = NaturalKeys(kind: kind, portfolio: portfolio)
        var problems: [RowProblem] = []
        for (number, cells) in table.rows {
            var values: [String: String] = [:]
            for (index, field) in mapping.enumerated() {
                guard let field, index < cells.count else { continue }
                values[field] = String(cells[index].trimmingASCIIWhitespace())
            }
            if cells.count > mapping.count,
                cells[mapping.count...].contains(where: { !$0.trimmingASCIIWhitespace().isEmpty })
            {
                problems.append(
                    RowProblem(
                        row: number, column: "", value: "",
                        reason: "has more cells than the header has columns; quote cells that contain commas"))
                continue
            }
            var row = RowParser(values: values, row: number, columns: columnFor, portfolio: working)
            let existing = row.match(kind, naturalKeys)
            guard var record = row.build(kind, existing: existing, newID: { working.nextID(for: kind) }) else {
                problems += row.problems
                continue
            }
            if let existing, existing == record {
                plan.unchanged += 1
                continue
            }
            if case .account(var account) = record, let now {
                if values["updatedAt", default: ""].isEmpty { account.updatedAt = now }
                if account.createdAt == nil { account.createdAt = now }
                record = .account(account)
            }
            let change = Change.put(record, base: existing?.version)
            do {
                try working.apply(change)
                naturalKeys.add(record)
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
        if !problems.isEmpty { throw ImportError.badRows(problems) }
        return plan
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
            fail("account", "no account has this id or name; import the accounts first, or fix the name")
        }
    }

    mutating func owner(_ target: inout String?) {
        guard let value = value("owner") else { return }
        if let owner = portfolio.owner(matching: value) {
            target = owner.id
        } else {
            fail("owner", "no owner has this id, email or name; import the owners first (rapport import owners FILE)")
        }
    }

    /// Salesforce/HubSpot account types and our own role words.
    static func roles(_ text: String) -> (roles: [Role], prospect: Bool)? {
        let lower = text.lowercased()
        if lower == "both" { return ([.customer, .supplier], false) }
        var roles: [Role] = []
        var prospect = false
        for part in lower.split(whereSeparator: { ";,|/".contains($0) }).map({ $0.trimmingASCIIWhitespace() }) {
            if part.contains("customer") || part.contains("partner") || part.contains("reseller") || part == "client" {
                roles.append(.customer)
            } else if part.contains("supplier") || part.contains("vendor") {
                roles.append(.supplier)
            } else if part.contains("prospect") {
                roles.append(.customer)
                prospect = true
            } else if part == "both" {
                roles += [.customer, .supplier]
            } else {
                return nil
            }
        }
        return roles.isEmpty ? nil : (roles, prospect)
    }

    /// The existing record this row updates, if any: by id, else by name, else by natural key.
    func match(_ kind: RecordKind, _ keys: NaturalKeys) -> AnyRecord? {
        if let id = value("id"), let record = portfolio.record(of: kind, id: id) { return record }
        switch kind {
        case .account:
            if let name = value("name"), let account = portfolio.account(matching: name) { return .account(account) }
        case .owner:
            for field in ["email", "name"] {
                if let key = value(field), let owner = portfolio.owner(matching: key) { return .owner(owner) }
            }
        default: break
        }
        let accountId = value("account").flatMap { portfolio.account(matching: $0)?.id }
        for key in NaturalKeys.keys(kind, accountId: accountId, values: values) {
            if let id = keys.ids[key], let record = portfolio.record(of: kind, id: id) { return record }
        }
        return nil
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
                    account.roles = Array(Set(parsed.roles)).sorted()
                    if parsed.prospect && existing == nil { account.status = .prospect }
                } else {
                    fail(
                        "roles",
                        "use customer, supplier or both (CRM types like 'Customer - Direct', 'Vendor' and 'Prospect' also work)"
                    )
                }
            } else if existing == nil {
                account.roles = [.customer]
            }
            for field in ["industry", "region", "country", "website", "notes"] {
                guard let value = value(field) else { continue }
                switch field {
                case "industry": account.industry = value
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
            var status: AccountStatus? = nil
            choice("status", AccountStatus.self, &status)
            if let status { account.status = status }
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
/// an account's web domain, a contact's email (or account and name), an evaluation's supplier
/// and month, a sale's or purchase's account, date and amount, an interaction's account, date
/// and summary. Built once per import and kept up to date as rows are added.
struct NaturalKeys {
    let kind: RecordKind
    var ids: [String: String] = [:]

    init(kind: RecordKind, portfolio: Portfolio) {
        self.kind = kind
        for record in portfolio.records(of: kind) { add(record) }
    }

    mutating func add(_ record: AnyRecord) {
        for key in NaturalKeys.keys(of: record) where ids[key] == nil { ids[key] = record.id }
    }

    static func keys(of record: AnyRecord) -> [String] {
        switch record {
        case .account(let account): account.website.isEmpty ? [] : ["web " + RowParser.domain(account.website)]
        case .owner: []
        case .contact(let contact):
            (contact.email.isEmpty ? [] : ["email " + contact.email.lowercased()])
                + ["name \(contact.accountId) " + Portfolio.nameKey(contact.name)]
        case .evaluation(let evaluation): ["period \(evaluation.accountId) \(evaluation.period)"]
        case .sale(let sale): ["line \(sale.accountId) \(sale.date) \(sale.amount.cents)"]
        case .purchase(let purchase): ["line \(purchase.accountId) \(purchase.date) \(purchase.amount.cents)"]
        case .interaction(let interaction):
            ["event \(interaction.accountId) \(interaction.date) \(interaction.summary)"]
        }
    }

    /// The same keys, computed from a CSV row's cells.
    static func keys(_ kind: RecordKind, accountId: String?, values: [String: String]) -> [String] {
        func value(_ field: String) -> String? { values[field].flatMap { $0.isEmpty ? nil : $0 } }
        switch kind {
        case .account: return value("website").map { ["web " + RowParser.domain($0)] } ?? []
        case .owner: return []
        case .contact:
            var keys: [String] = []
            if let email = value("email") { keys.append("email " + email.lowercased()) }
            if let accountId, let name = value("name") { keys.append("name \(accountId) " + Portfolio.nameKey(name)) }
            return keys
        case .evaluation:
            guard let accountId, let period = value("period").flatMap({ YearMonth($0) }) else { return [] }
            return ["period \(accountId) \(period)"]
        case .sale, .purchase:
            guard let accountId, let date = value("date").flatMap({ Day($0) }),
                let amount = value("amount").flatMap({ Money(parsing: $0) })
            else { return [] }
            return ["line \(accountId) \(date) \(amount.cents)"]
        case .interaction:
            guard let accountId, let date = value("date").flatMap({ Day($0) }), let summary = value("summary") else {
                return []
            }
            return ["event \(accountId) \(date) \(summary)"]
        }
    }
}
