import RapportDomain

/// An open choice list: what has been typed to narrow it, and the highlighted option.
public struct ChoiceList: Equatable, Sendable {
    public var query = ""
    public var highlighted = 0
}

/// A conflict found on save: someone else saved the record after this form opened.
public struct FormConflict: Equatable, Sendable {
    /// Their record now (nil: they deleted it).
    public let theirs: AnyRecord?
    /// Field texts of their record, by field index.
    public let theirTexts: [String]
    /// Per field: true to keep mine.
    public var keepMine: [Bool]
    public var selected = 0
}

/// A form that adds or edits one record. Values are kept as text until saved, so nothing the user
/// typed is lost to a parse error; every field is parsed and validated as they type.
public struct Form: Equatable, Sendable {
    public enum Kind: String, Sendable {
        case account, owner, contact, interaction, sale, purchase, evaluation, ratings
    }

    public let kind: Kind
    public let title: String
    public var fields: [FormField]
    public var focus = 0
    /// The record being edited (nil: adding).
    public let original: AnyRecord?
    /// The account a contact, interaction, sale, purchase or evaluation belongs to.
    public let accountId: String?
    let initial: [String]
    /// Fields the user has typed in or left: only these show errors while typing.
    public var touched: Set<Int> = []
    public var list: ChoiceList?
    public var confirmDiscard = false
    public var conflict: FormConflict?
    /// An error that belongs to no single field (shown at the foot of the form).
    public var formError: String?
    /// The version the save is made against: the original's, or theirs after a conflict was resolved.
    public var base: Int?
    /// The record the form's fields are laid over: the original, or theirs after a conflict, so
    /// that fields this form does not show keep their newest values.
    public var template: AnyRecord?

    init(kind: Kind, title: String, fields: [FormField], original: AnyRecord?, accountId: String?) {
        self.kind = kind
        self.title = title
        self.fields = fields
        self.original = original
        self.accountId = accountId
        initial = fields.map(\.text)
        base = original?.version
        template = original
    }

    public var isDirty: Bool { fields.map(\.text) != initial }

    public var focused: FormField { fields[focus] }

    func index(of key: String) -> Int? { fields.firstIndex { $0.key == key } }

    /// The options of the focused choice field that match what was typed: prefix matches first.
    public func listOptions() -> [String] {
        guard case .choice(let options, _) = focused.type else { return [] }
        let query = Dashboard.fold(list?.query ?? "")
        guard !query.isEmpty else { return options }
        let folded = options.map { Dashboard.fold($0) }
        let prefix = options.indices.filter { folded[$0].hasPrefix(query) }
        let contains = options.indices.filter { !folded[$0].hasPrefix(query) && folded[$0].contains(query) }
        return (prefix + contains).map { options[$0] }
    }
}

// MARK: Building forms from records

extension Form {
    static let yesNo = ["yes", "no"]
    static let roleChoices = ["customer", "supplier", "customer and supplier"]

    static func rolesText(_ roles: [Role]) -> String {
        roles.count == 2 ? roleChoices[2] : (roles.first?.rawValue ?? "")
    }

    static func ownerChoices(_ portfolio: Portfolio) -> [String] {
        [""] + portfolio.owners.values.map(\.name).sorted()
    }

    static func ownerName(_ id: String?, _ portfolio: Portfolio) -> String {
        id.flatMap { portfolio.owners[$0]?.name } ?? ""
    }

    static func amount(_ money: Money?) -> String { money.map(\.plain) ?? "" }

    static func score(_ value: Double?) -> String {
        guard let value else { return "" }
        return value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// The form's fields for `record`, from the specs.
    static func fields<Record>(_ specs: [FieldSpec<Record>], for record: Record, _ context: FormContext) -> [FormField]
    {
        specs.map { $0.field(for: record, context) }
    }

    /// The form that adds (record nil) or edits an account.
    public static func account(_ account: Account?, in portfolio: Portfolio) -> Form {
        let context = FormContext(portfolio: portfolio, isNew: account == nil)
        let value = account ?? Account(id: "", name: "", roles: [.customer])
        return Form(
            kind: .account, title: account.map { "Edit account: \($0.name)" } ?? "New account",
            fields: fields(FormSpecs.account(context), for: value, context), original: account.map(AnyRecord.account),
            accountId: account?.id)
    }

    /// The `r` form: every 1–5 rating that applies to the account's roles, with its meaning.
    public static func ratings(_ account: Account) -> Form {
        var wanted: [RatingField] = []
        if account.isCustomer {
            wanted += RatingField.strength + [.inputCost, .conversionRisk, .informationSharing, .alternatives]
        }
        if account.isSupplier { wanted += [.profitImpact, .supplyRisk] }
        let context = FormContext(portfolio: Portfolio(), isNew: false)
        let specs = wanted.compactMap { rating in FormSpecs.ratings.first { $0.key == "ratings." + rating.rawValue } }
        return Form(
            kind: .ratings, title: "Ratings: \(account.name)  (1 = poor … 5 = excellent; empty = not rated)",
            fields: fields(specs, for: account, context), original: .account(account), accountId: account.id)
    }

    static func label(_ field: RatingField) -> String {
        switch field {
        case .creditStatus: "Credit status"
        case .financialStrength: "Financial strength"
        case .managementAbility: "Management"
        case .marketOperation: "Market operation"
        case .inputCost: "Switching: input"
        case .conversionRisk: "Switching: risk"
        case .informationSharing: "Info sharing"
        case .alternatives: "Alternatives"
        case .profitImpact: "Profit impact"
        case .supplyRisk: "Supply risk"
        }
    }

    public static func owner(_ owner: Owner?) -> Form {
        let context = FormContext(portfolio: Portfolio(), isNew: owner == nil)
        return Form(
            kind: .owner, title: owner.map { "Edit owner: \($0.name)" } ?? "New owner",
            fields: fields(FormSpecs.owner, for: owner ?? Owner(id: "", name: ""), context),
            original: owner.map(AnyRecord.owner), accountId: nil)
    }

    public static func contact(_ contact: Contact?, account: Account) -> Form {
        let context = FormContext(portfolio: Portfolio(), isNew: contact == nil)
        return Form(
            kind: .contact, title: contact.map { "Edit contact: \($0.name)" } ?? "New contact at \(account.name)",
            fields: fields(
                FormSpecs.contact, for: contact ?? Contact(id: "", accountId: account.id, name: ""), context),
            original: contact.map(AnyRecord.contact), accountId: account.id)
    }

    public static func interaction(_ interaction: Interaction?, account: Account, in portfolio: Portfolio, today: Day)
        -> Form
    {
        let context = FormContext(portfolio: portfolio, isNew: interaction == nil)
        // A new interaction is the account owner's unless the user picks another.
        let value =
            interaction
            ?? Interaction(
                id: "", accountId: account.id, date: today, channel: .visit, summary: "", ownerId: account.ownerId)
        return Form(
            kind: .interaction,
            title: interaction == nil ? "Log an interaction with \(account.name)" : "Edit interaction \(value.id)",
            fields: fields(FormSpecs.interaction(context), for: value, context),
            original: interaction.map(AnyRecord.interaction), accountId: account.id)
    }

    public static func sale(_ sale: Sale?, account: Account, today: Day) -> Form {
        let context = FormContext(portfolio: Portfolio(), isNew: sale == nil)
        let value = sale ?? Sale(id: "", accountId: account.id, date: today, amount: Money(cents: 0))
        return Form(
            kind: .sale, title: sale == nil ? "New sale to \(account.name)" : "Edit sale \(value.id)",
            fields: fields(FormSpecs.sale, for: value, context), original: sale.map(AnyRecord.sale),
            accountId: account.id)
    }

    public static func purchase(_ purchase: Purchase?, account: Account, today: Day) -> Form {
        let context = FormContext(portfolio: Portfolio(), isNew: purchase == nil)
        let value = purchase ?? Purchase(id: "", accountId: account.id, date: today, amount: Money(cents: 0))
        return Form(
            kind: .purchase, title: purchase == nil ? "New purchase from \(account.name)" : "Edit purchase \(value.id)",
            fields: fields(FormSpecs.purchase, for: value, context), original: purchase.map(AnyRecord.purchase),
            accountId: account.id)
    }

    public static func evaluation(_ evaluation: SupplierEvaluation?, account: Account, today: Day) -> Form {
        let context = FormContext(portfolio: Portfolio(), isNew: evaluation == nil)
        let value =
            evaluation ?? SupplierEvaluation(id: "", accountId: account.id, period: today.yearMonth, scores: [:])
        return Form(
            kind: .evaluation,
            title: evaluation == nil
                ? "Evaluate \(account.name)" : "Edit evaluation \(value.period) of \(account.name)",
            fields: fields(FormSpecs.evaluation, for: value, context), original: evaluation.map(AnyRecord.evaluation),
            accountId: account.id)
    }
}

extension Criterion {
    var label: String {
        switch self {
        case .financialTerms: "Financial terms"
        default: rawValue.prefix(1).uppercased() + rawValue.dropFirst()
        }
    }
}

// MARK: Building records from forms

extension Form {
    /// Parses every field and builds the record the form would save, validated against the
    /// portfolio: the record, or the errors keyed by field index (-1: the form as a whole).
    public func build(in portfolio: Portfolio, today: Day) -> Result<AnyRecord, FormErrors> {
        var errors: [Int: String] = [:]
        var values: [String: FieldValue] = [:]
        for (index, field) in fields.enumerated() {
            switch field.parse(today: today) {
            case .success(let value): values[field.key] = value
            case .failure(let error): errors[index] = error.message
            }
        }
        // Fields that did not parse take a neutral default, so the others are still checked as you type.
        let record = makeRecord(values, portfolio: portfolio)
        // A new record has no id until the store gives it one; validate it under a placeholder.
        let checked = record.id.isEmpty ? record.with(id: "new") : record
        for problem in portfolio.validate(checked) {
            let index = fields.firstIndex { $0.key == problem.field } ?? -1
            if errors[index] == nil { errors[index] = problem.message }
        }
        return errors.isEmpty ? .success(record) : .failure(FormErrors(byField: errors))
    }

    /// The record the form saves: its template (the original, theirs after a conflict, or a new
    /// record) with each of the form's fields written by its spec.
    func makeRecord(_ values: [String: FieldValue], portfolio: Portfolio) -> AnyRecord {
        let context = FormContext(portfolio: portfolio, isNew: original == nil)
        let parent = accountId ?? ""
        /// `record` with the fields this form shows written into it.
        func written<Record>(_ record: Record, _ specs: [FieldSpec<Record>]) -> Record {
            var record = record
            for field in fields {
                guard let spec = specs.first(where: { $0.key == field.key }) else { continue }
                spec.write(&record, values[field.key] ?? .empty, field.text, context)
            }
            return record
        }
        switch (kind, template) {
        case (.ratings, .account(let account)?): return .account(written(account, FormSpecs.ratings))
        case (.ratings, _): preconditionFailure("ratings edit an account")
        case (.account, let record):
            let account = record.flatMap { if case .account(let a) = $0 { a } else { nil } }
            return .account(written(account ?? Account(id: "", name: "", roles: []), FormSpecs.account(context)))
        case (.owner, let record):
            let owner = record.flatMap { if case .owner(let o) = $0 { o } else { nil } }
            return .owner(written(owner ?? Owner(id: "", name: ""), FormSpecs.owner))
        case (.contact, let record):
            let contact = record.flatMap { if case .contact(let c) = $0 { c } else { nil } }
            return .contact(written(contact ?? Contact(id: "", accountId: parent, name: ""), FormSpecs.contact))
        case (.interaction, let record):
            let interaction =
                record.flatMap { if case .interaction(let i) = $0 { i } else { nil } }
                ?? Interaction(id: "", accountId: parent, date: Day(ordinal: 0), channel: .other, summary: "")
            return .interaction(written(interaction, FormSpecs.interaction(context)))
        case (.sale, let record):
            let sale =
                record.flatMap { if case .sale(let s) = $0 { s } else { nil } }
                ?? Sale(id: "", accountId: parent, date: Day(ordinal: 0), amount: Money(cents: 0))
            return .sale(written(sale, FormSpecs.sale))
        case (.purchase, let record):
            let purchase =
                record.flatMap { if case .purchase(let p) = $0 { p } else { nil } }
                ?? Purchase(id: "", accountId: parent, date: Day(ordinal: 0), amount: Money(cents: 0))
            return .purchase(written(purchase, FormSpecs.purchase))
        case (.evaluation, let record):
            let evaluation =
                record.flatMap { if case .evaluation(let e) = $0 { e } else { nil } }
                ?? SupplierEvaluation(id: "", accountId: parent, period: Day(ordinal: 0).yearMonth, scores: [:])
            return .evaluation(written(evaluation, FormSpecs.evaluation))
        }
    }

    /// The texts this form would show for a record (the conflict view compares them field by field).
    func texts(for record: AnyRecord, in portfolio: Portfolio, today: Day) -> [String] {
        let form: Form
        switch (kind, record) {
        case (.ratings, .account(let value)): form = .ratings(value)
        case (_, .account(let value)): form = .account(value, in: portfolio)
        case (_, .owner(let value)): form = .owner(value)
        case (_, .contact(let value)):
            form = .contact(value, account: portfolio.accounts[value.accountId] ?? Form.placeholder(value.accountId))
        case (_, .interaction(let value)):
            form = .interaction(
                value, account: portfolio.accounts[value.accountId] ?? Form.placeholder(value.accountId),
                in: portfolio, today: today)
        case (_, .sale(let value)):
            form = .sale(
                value, account: portfolio.accounts[value.accountId] ?? Form.placeholder(value.accountId), today: today)
        case (_, .purchase(let value)):
            form = .purchase(
                value, account: portfolio.accounts[value.accountId] ?? Form.placeholder(value.accountId), today: today)
        case (_, .evaluation(let value)):
            form = .evaluation(
                value, account: portfolio.accounts[value.accountId] ?? Form.placeholder(value.accountId), today: today)
        }
        // Same kind, same fields: match them by key so a ratings form over a changed role set still lines up.
        return fields.map { field in form.fields.first { $0.key == field.key }?.text ?? "" }
    }

    static func placeholder(_ id: String) -> Account { Account(id: id, name: id, roles: [.customer, .supplier]) }
}

/// Errors found in a form, by field index; -1 holds an error that belongs to no one field.
public struct FormErrors: Error, Equatable, Sendable {
    public let byField: [Int: String]
}
