import RapportDomain

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
