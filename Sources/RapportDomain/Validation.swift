import Dispatch

/// One problem with one field: which field, and what would be valid.
public struct FieldError: Hashable, Sendable, CustomStringConvertible {
    public let field: String
    public let message: String

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}

/// Every problem with one record.
public struct RecordErrors: Error, Hashable, Sendable, CustomStringConvertible {
    public let kind: RecordKind
    public let id: String
    public let errors: [FieldError]

    public init(kind: RecordKind, id: String, errors: [FieldError]) {
        self.kind = kind
        self.id = id
        self.errors = errors
    }

    public var description: String {
        "\(kind.rawValue) \(id): " + errors.map(\.description).joined(separator: "; ")
    }
}

/// Field rules shared by forms, imports and the store.
public enum FieldRules {
    public static let maxNameLength = 200
    public static let maxTextLength = 10_000
    public static let maxShortText = 200

    /// A required single-line text: not blank, no control characters, not too long.
    public static func requiredLine(_ value: String, field: String, what: String) -> FieldError? {
        if value.trimmingASCIIWhitespace().isEmpty {
            return FieldError(field, "must not be empty; enter \(what)")
        }
        return optionalLine(value, field: field, limit: maxNameLength)
    }

    /// An optional single-line text: no control characters, at most `limit` characters.
    public static func optionalLine(_ value: String, field: String, limit: Int = maxShortText) -> FieldError? {
        if let bad = value.unicodeScalars.first(where: isControl) {
            return FieldError(
                field, "contains the control character \(scalarName(bad)); use printable text on one line")
        }
        if value.count > limit { return FieldError(field, "is \(value.count) characters; use at most \(limit)") }
        return nil
    }

    /// Free text (notes, summaries): newlines and tabs allowed, other controls not.
    public static func text(_ value: String, field: String, limit: Int = maxTextLength) -> FieldError? {
        if let bad = value.unicodeScalars.first(where: { isControl($0) && $0 != "\n" && $0 != "\t" }) {
            return FieldError(field, "contains the control character \(scalarName(bad)); remove it")
        }
        if value.count > limit { return FieldError(field, "is \(value.count) characters; use at most \(limit)") }
        return nil
    }

    /// Empty, or `name@host.tld` with no spaces.
    public static func email(_ value: String, field: String) -> FieldError? {
        guard !value.isEmpty else { return nil }
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        let valid =
            parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".")
            && !parts[1].hasSuffix(".") && !value.unicodeScalars.contains { $0 == " " || isControl($0) }
            && value.count <= maxShortText
        return valid ? nil : FieldError(field, "'\(visible(value))' is not an email address; use name@example.com")
    }

    /// A 1–5 rating, or absent.
    public static func rating(_ value: Int?, field: String) -> FieldError? {
        guard let value, !(1...5).contains(value) else { return nil }
        return FieldError(field, "is \(value); use a whole number from 1 to 5, or leave it empty")
    }

    /// C0, DEL, C1, and the bidi overrides/isolates that could disguise text.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || (0x7F...0x9F).contains(value) || (0x202A...0x202E).contains(value)
            || (0x2066...0x2069).contains(value)
    }

    static func scalarName(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// A value quoted in an error message: controls made visible, long values cut.
    public static func visible(_ value: String, limit: Int = 40) -> String {
        var result = ""
        for scalar in value.unicodeScalars {
            if isControl(scalar) {
                result += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result.count > limit ? String(result.prefix(limit)) + "…" : result
    }
}

extension Portfolio {
    /// Every problem with a record as it would be stored in this portfolio: required fields,
    /// ranges, dates, emails, references and unique names.
    ///
    /// `checkUnique` can be turned off when the caller checks uniqueness for many records at once.
    public func validate(_ record: AnyRecord, checkUnique: Bool = true) -> [FieldError] {
        var errors: [FieldError] = []
        func check(_ error: FieldError?) { if let error { errors.append(error) } }
        if let problem = FieldRules.optionalLine(record.id, field: "id", limit: 64) { errors.append(problem) }
        if record.id.isEmpty { errors.append(FieldError("id", "must not be empty")) }
        switch record {
        case .account(let account):
            check(FieldRules.requiredLine(account.name, field: "name", what: "the organisation's name"))
            if account.roles.isEmpty {
                errors.append(FieldError("roles", "must include customer, supplier or both"))
            }
            for (value, field) in [
                (account.industry, "industry"), (account.region, "region"), (account.country, "country"),
                (account.website, "website"),
            ] {
                check(FieldRules.optionalLine(value, field: field))
            }
            for tag in account.tags {
                check(FieldRules.requiredLine(tag, field: "tags", what: "a tag, or remove the empty one"))
            }
            check(FieldRules.text(account.notes, field: "notes"))
            checkOwner(account.ownerId, field: "ownerId", into: &errors)
            for field in RatingField.allCases where field != .alternatives {
                check(FieldRules.rating(account.ratings[field], field: "ratings." + field.rawValue))
            }
            if let alternatives = account.ratings.alternatives, !(0...99).contains(alternatives) {
                errors.append(
                    FieldError(
                        "ratings.alternatives",
                        "is \(alternatives); use the number of alternative suppliers, 0 (sole source) to 99"))
            }
            let key = Portfolio.nameKey(account.name)
            if checkUnique, !key.isEmpty, let clashId = accountNames[key], clashId != account.id,
                let clash = accounts[clashId]
            {
                errors.append(
                    FieldError(
                        "name",
                        "'\(FieldRules.visible(account.name))' is taken: another account is named "
                            + "'\(FieldRules.visible(clash.name))'; names must be unique, whatever the case"
                    ))
            }
        case .owner(let owner):
            check(FieldRules.requiredLine(owner.name, field: "name", what: "the account manager's name"))
            check(FieldRules.email(owner.email, field: "email"))
            check(FieldRules.optionalLine(owner.team, field: "team"))
            if !(1...1000).contains(owner.capacity) {
                errors.append(
                    FieldError(
                        "capacity",
                        "is \(owner.capacity); use how many key accounts they can carry, 1 to 1000 (default 12)"))
            }
            let key = Portfolio.nameKey(owner.name)
            if checkUnique, !key.isEmpty, let clashId = ownerNames[key], clashId != owner.id,
                let clash = owners[clashId]
            {
                errors.append(
                    FieldError(
                        "name",
                        "'\(FieldRules.visible(owner.name))' is taken: another owner is named "
                            + "'\(FieldRules.visible(clash.name))'; names must be unique, whatever the case"
                    ))
            }
            let email = Portfolio.nameKey(owner.email)
            if checkUnique, !email.isEmpty, let clashId = ownerEmails[email], clashId != owner.id,
                let clash = owners[clashId]
            {
                errors.append(
                    FieldError(
                        "email",
                        "is already the email of \(FieldRules.visible(clash.name)); each owner needs their own email"))
            }
        case .contact(let contact):
            checkAccount(contact.accountId, role: nil, into: &errors)
            check(FieldRules.requiredLine(contact.name, field: "name", what: "the person's name"))
            check(FieldRules.optionalLine(contact.title, field: "title"))
            check(FieldRules.email(contact.email, field: "email"))
            if contact.phone.unicodeScalars.contains(where: { !"+-() ./0123456789x".unicodeScalars.contains($0) }) {
                errors.append(
                    FieldError(
                        "phone",
                        "'\(FieldRules.visible(contact.phone))' is not a phone number; use digits, spaces and + - ( ) ."
                    ))
            }
            if contact.phone.count > 40 { errors.append(FieldError("phone", "is too long; use at most 40 characters")) }
        case .interaction(let interaction):
            checkAccount(interaction.accountId, role: nil, into: &errors)
            if interaction.summary.trimmingASCIIWhitespace().isEmpty {
                errors.append(FieldError("summary", "must not be empty; enter what happened, in a line"))
            }
            check(FieldRules.text(interaction.summary, field: "summary", limit: 2000))
            checkOwner(interaction.ownerId, field: "ownerId", into: &errors)
            if let due = interaction.followUp, due < interaction.date {
                errors.append(
                    FieldError(
                        "followUp",
                        "is \(due), before the interaction's date \(interaction.date); use a date on or after it"))
            }
        case .sale(let sale):
            checkAccount(sale.accountId, role: .customer, into: &errors)
            checkAmount(sale.amount, field: "amount", into: &errors)
            if let margin = sale.margin { checkAmount(margin, field: "margin", into: &errors) }
            if let reference = sale.reference { check(FieldRules.text(reference, field: "reference", limit: 200)) }
        case .purchase(let purchase):
            checkAccount(purchase.accountId, role: .supplier, into: &errors)
            checkAmount(purchase.amount, field: "amount", into: &errors)
            if let reference = purchase.reference {
                check(FieldRules.text(reference, field: "reference", limit: 200))
            }
        case .evaluation(let evaluation):
            checkAccount(evaluation.accountId, role: .supplier, into: &errors)
            if evaluation.scores.isEmpty {
                errors.append(
                    FieldError(
                        "scores",
                        "score at least one criterion: " + Criterion.allCases.map(\.rawValue).joined(separator: ", ")))
            }
            for (criterion, score) in evaluation.scores.sorted(by: { $0.key < $1.key })
            where !(score >= 0 && score <= 100) {
                errors.append(FieldError("scores.\(criterion.rawValue)", "is \(score); use a score from 0 to 100"))
            }
            if checkUnique, let clashId = evaluationPeriods[Portfolio.periodKey(evaluation)], clashId != evaluation.id,
                let clash = evaluations[clashId]
            {
                errors.append(
                    FieldError(
                        "period",
                        "\(evaluation.period) is already evaluated for this supplier (\(clash.id)); edit that evaluation instead"
                    ))
            }
        }
        return errors
    }

    func checkAccount(_ id: String, role: Role?, into errors: inout [FieldError]) {
        guard let hasRole = accounts.read(id, { account in role.map { account.pointee.roles.contains($0) } ?? true })
        else {
            errors.append(
                FieldError("accountId", "'\(FieldRules.visible(id))' is not an account; use an existing account's id"))
            return
        }
        if let role, !hasRole {
            errors.append(
                FieldError("accountId", "\(id) is not a \(role.rawValue); give it the \(role.rawValue) role first"))
        }
    }

    func checkOwner(_ id: String?, field: String, into errors: inout [FieldError]) {
        guard let id, !owners.contains(key: id) else { return }
        errors.append(
            FieldError(
                field, "'\(FieldRules.visible(id))' is not an owner; use an existing owner's id or leave it empty"))
    }

    func checkAmount(_ amount: Money, field: String, into errors: inout [FieldError]) {
        if amount.cents.magnitude > Money.limit.cents.magnitude {
            errors.append(FieldError(field, "is out of range; use an amount up to 1,000,000,000,000"))
        }
    }

    /// Every problem in the whole portfolio, kind by kind and by id within a kind: each record
    /// validated in place (used by `rapport check`). Of records whose value must be unique, the one
    /// with the smallest id keeps it and each other one is told whose it is.
    public func problems() -> [RecordErrors] {
        var result: [RecordErrors] = []
        let settingsProblems = settings.problems()
        if !settingsProblems.isEmpty {
            result.append(RecordErrors(kind: .account, id: "(settings)", errors: settingsProblems))
        }
        for kind in RecordKind.allCases {
            switch kind {
            case .account: result += problems(in: accounts, AnyRecord.account)
            case .owner: result += problems(in: owners, AnyRecord.owner)
            case .contact: result += problems(in: contacts, AnyRecord.contact)
            case .interaction: result += problems(in: interactions, AnyRecord.interaction)
            case .sale: result += problems(in: sales, AnyRecord.sale)
            case .purchase: result += problems(in: purchases, AnyRecord.purchase)
            case .evaluation: result += problems(in: evaluations, AnyRecord.evaluation)
            }
        }
        return result
    }

    /// The problems of one kind's records, by id. Records are validated where they are stored,
    /// with the shards split among the cores for a large store (millions of records, and only the
    /// few with problems need their ids sorted); the values that must be unique are compared after.
    private func problems<R: Record>(in map: RecordMap<R>, _ wrap: @Sendable (R) -> AnyRecord) -> [RecordErrors] {
        typealias Found = (errors: [String: [FieldError]], keys: [(key: String, field: String, id: String)])
        let parts = map.count < 20_000 ? 1 : 16
        let found = Slots<Found>(count: parts)
        let portfolio = self
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            var errors: [String: [FieldError]] = [:]
            var keys: [(key: String, field: String, id: String)] = []
            map.forEachInPlace(part: part, of: parts) { id, record in
                let any = wrap(record.pointee)
                let problems = portfolio.validate(any, checkUnique: false)
                if !problems.isEmpty { errors[id] = problems }
                if let (key, field) = portfolio.uniquenessKey(any), !key.isEmpty { keys.append((key, field, id)) }
            }
            found.set(part, (errors, keys))
        }
        let keys = (0..<parts).map { found.get($0).keys }
        var errors = (0..<parts).reduce(into: [:]) { $0.merge(found.get($1).errors) { first, _ in first } }
        var first: [String: String] = [:]
        for part in keys {
            for (key, _, id) in part { Portfolio.keepSmallest(id, for: key, in: &first) }
        }
        for part in keys {
            for (key, field, id) in part where first[key] != id {
                errors[id, default: []].append(FieldError(field, "is the same as \(first[key]!)'s; it must be unique"))
            }
        }
        return errors.keys.sorted().map { RecordErrors(kind: R.kind, id: $0, errors: errors[$0]!) }
    }
}

extension Portfolio {
    /// The value that must be unique among records of a kind, and the field that holds it.
    func uniquenessKey(_ record: AnyRecord) -> (String, String)? {
        switch record {
        case .account(let account): (Portfolio.nameKey(account.name), "name")
        case .owner(let owner): (Portfolio.nameKey(owner.name), "name")
        case .evaluation(let evaluation): (Portfolio.periodKey(evaluation), "period")
        default: nil
        }
    }
}

extension Portfolio {
    /// References to accounts and owners that do not exist: the cheap check run on every load.
    public func brokenReferences(_ record: AnyRecord) -> [FieldError] {
        var errors: [FieldError] = []
        switch record {
        case .account(let account): checkOwner(account.ownerId, field: "ownerId", into: &errors)
        case .owner: break
        case .contact(let contact): checkAccount(contact.accountId, role: nil, into: &errors)
        case .interaction(let interaction):
            checkAccount(interaction.accountId, role: nil, into: &errors)
            checkOwner(interaction.ownerId, field: "ownerId", into: &errors)
        case .sale(let sale): checkAccount(sale.accountId, role: nil, into: &errors)
        case .purchase(let purchase): checkAccount(purchase.accountId, role: nil, into: &errors)
        case .evaluation(let evaluation): checkAccount(evaluation.accountId, role: nil, into: &errors)
        }
        return errors
    }

    /// A broken reference in the records of `kind`, if any (a linear pass, no sorting: it runs on
    /// every load). The kinds are independent, so the store checks them on several cores.
    public func firstBrokenReference(of kind: RecordKind) -> RecordErrors? {
        // Lookups only, counted in place; the pass that words the error runs only when something
        // is broken.
        func scan<R: ReferringRecord>(_ values: RecordMap<R>, _ wrap: (R) -> AnyRecord) -> RecordErrors? {
            guard values.count(at: { R.refersToMissing($0, accounts: accounts.contains, owners: owners.contains) }) > 0
            else { return nil }
            for value in values.values {
                let errors = brokenReferences(wrap(value))
                if !errors.isEmpty { return RecordErrors(kind: R.kind, id: value.id, errors: errors) }
            }
            return nil
        }
        switch kind {
        case .account: return scan(accounts, AnyRecord.account)
        case .owner: return nil
        case .contact: return scan(contacts, AnyRecord.contact)
        case .interaction: return scan(interactions, AnyRecord.interaction)
        case .sale: return scan(sales, AnyRecord.sale)
        case .purchase: return scan(purchases, AnyRecord.purchase)
        case .evaluation: return scan(evaluations, AnyRecord.evaluation)
        }
    }
}

/// A record that may name an account and an owner, which the store must hold: the one rule both
/// the store's check while reading and ``Portfolio/firstBrokenReference(of:)`` apply.
public protocol ReferringRecord: Record {
    /// The account and owner `record` names (nil: none), read where the record is stored.
    static func references(_ record: UnsafePointer<Self>) -> (account: String?, owner: String?)
}

extension ReferringRecord {
    /// Whether `record` names an account or owner for which `accounts` or `owners` says no.
    @inlinable public static func refersToMissing(
        _ record: UnsafePointer<Self>, accounts: (String) -> Bool, owners: (String) -> Bool
    ) -> Bool {
        let (account, owner) = references(record)
        return (account.map { !accounts($0) } ?? false) || (owner.map { !owners($0) } ?? false)
    }
}

extension Account: ReferringRecord {
    public static func references(_ record: UnsafePointer<Self>) -> (account: String?, owner: String?) {
        (nil, record.pointee.ownerId)
    }
}
extension Owner: ReferringRecord {
    public static func references(_ record: UnsafePointer<Self>) -> (account: String?, owner: String?) { (nil, nil) }
}
extension Contact: ReferringRecord {
    public static func references(_ record: UnsafePointer<Self>) -> (account: String?, owner: String?) {
        (record.pointee.accountId, nil)
    }
}
extension Interaction: ReferringRecord {
    public static func references(_ record: UnsafePointer<Self>) -> (account: String?, owner: String?) {
        (record.pointee.accountId, record.pointee.ownerId)
    }
}
extension Sale: ReferringRecord {
    public static func references(_ record: UnsafePointer<Self>) -> (account: String?, owner: String?) {
        (record.pointee.accountId, nil)
    }
}
extension Purchase: ReferringRecord {
    public static func references(_ record: UnsafePointer<Self>) -> (account: String?, owner: String?) {
        (record.pointee.accountId, nil)
    }
}
extension SupplierEvaluation: ReferringRecord {
    public static func references(_ record: UnsafePointer<Self>) -> (account: String?, owner: String?) {
        (record.pointee.accountId, nil)
    }
}
