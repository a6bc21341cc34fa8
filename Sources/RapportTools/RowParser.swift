import RapportDomain

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
