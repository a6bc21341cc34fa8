import RapportDomain

/// What a form field holds, and so how it is parsed and what it accepts.
public enum FieldType: Equatable, Sendable {
    /// One line of text.
    case text(required: Bool)
    /// Free text (summaries, notes), typed on one line here; `E` opens the editor for notes.
    case longText(required: Bool)
    /// `YYYY-MM-DD`, `today`, `yesterday`, `+7d`…
    case date(required: Bool)
    /// `YYYY-MM`.
    case month
    /// An amount such as `1,234.50`.
    case money(required: Bool)
    /// A whole number in a range.
    case integer(ClosedRange<Int>, required: Bool)
    /// A number in a range, decimals allowed (evaluation scores).
    case number(ClosedRange<Double>)
    /// One of a list, picked from a list with type-ahead.
    case choice([String], required: Bool)

    var isChoice: Bool {
        if case .choice = self { true } else { false }
    }

    /// How many cells the input box takes (before the form's width caps it).
    var inputWidth: Int {
        switch self {
        case .text, .longText: 34
        case .choice: 24
        case .date: 12
        case .month: 8
        case .money: 16
        case .integer(let range, _): range.upperBound >= 100 ? 6 : 4
        case .number: 6
        }
    }
}

/// A parsed field value.
public enum FieldValue: Equatable, Sendable {
    case empty
    case text(String)
    case day(Day)
    case month(YearMonth)
    case money(Money)
    case integer(Int)
    case number(Double)
}

/// One field of a form: its record field name (the key validation errors use), label, type and text.
public struct FormField: Equatable, Sendable {
    public let key: String
    public let label: String
    public let type: FieldType
    /// Shown beside the field when it has no error: a rating's meaning, an example.
    public let help: String
    public var editor: LineEditor
    public var error: String?

    public init(_ key: String, _ label: String, _ type: FieldType, _ value: String, help: String = "") {
        self.key = key
        self.label = label
        self.type = type
        self.help = help
        let limit: Int
        switch type {
        case .longText: limit = key == "notes" ? FieldRules.maxTextLength : 2000
        case .text: limit = FieldRules.maxNameLength
        default: limit = 64
        }
        editor = LineEditor(value, limit: limit)
    }

    public var text: String { editor.text }

    /// Parses the text by type: the value, or what would be valid.
    public func parse(today: Day) -> Result<FieldValue, FieldParseError> {
        let trimmed = String(text.trimmingASCIIWhitespace())
        if trimmed.isEmpty {
            switch type {
            case .text(true), .longText(true), .date(true), .money(true), .integer(_, true), .choice(_, true), .month:
                return .failure(FieldParseError("must not be empty; " + (help.isEmpty ? example : "enter " + help)))
            default: return .success(.empty)
            }
        }
        switch type {
        case .text, .longText:
            return .success(.text(trimmed))
        case .date:
            guard let day = DateInput.parse(trimmed, today: today) else {
                return .failure(FieldParseError("'\(FieldRules.visible(trimmed))' is not a date; \(DateInput.hint)"))
            }
            return .success(.day(day))
        case .month:
            guard let month = YearMonth(trimmed) else {
                return .failure(FieldParseError("'\(FieldRules.visible(trimmed))' is not a month; use YYYY-MM"))
            }
            return .success(.month(month))
        case .money:
            guard let money = Money(parsing: trimmed) else {
                return .failure(
                    FieldParseError("'\(FieldRules.visible(trimmed))' is not an amount; use digits like 1,234.50"))
            }
            return .success(.money(money))
        case .integer(let range, _):
            guard let value = Int(trimmed), range.contains(value) else {
                return .failure(
                    FieldParseError(
                        "'\(FieldRules.visible(trimmed))' is not valid; use a whole number from \(range.lowerBound) to \(range.upperBound)"
                    ))
            }
            return .success(.integer(value))
        case .number(let range):
            guard let value = Double(trimmed.replacingOccurrences(of: ",", with: "")), value.isFinite,
                range.contains(value)
            else {
                return .failure(
                    FieldParseError(
                        "'\(FieldRules.visible(trimmed))' is not valid; use a number from \(Int(range.lowerBound)) to \(Int(range.upperBound))"
                    ))
            }
            return .success(.number(value))
        case .choice(let options, _):
            guard let match = options.first(where: { Dashboard.fold($0) == Dashboard.fold(trimmed) }) else {
                return .failure(
                    FieldParseError(
                        "'\(FieldRules.visible(trimmed))' is not a choice; \(example) (Space opens the list)"))
            }
            return .success(.text(match))
        }
    }

    /// An example of a valid value, for messages.
    var example: String {
        switch type {
        case .text, .longText: "type some text"
        case .date: DateInput.hint
        case .month: "use YYYY-MM"
        case .money: "use an amount like 1,234.50"
        case .integer(let range, _): "use a whole number from \(range.lowerBound) to \(range.upperBound)"
        case .number(let range): "use a number from \(Int(range.lowerBound)) to \(Int(range.upperBound))"
        case .choice(let options, _): "pick one of: " + options.filter { !$0.isEmpty }.prefix(6).joined(separator: ", ")
        }
    }
}

public struct FieldParseError: Error, Equatable, Sendable {
    public let message: String
    init(_ message: String) { self.message = message }
}

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

    /// The form that adds (record nil) or edits an account.
    public static func account(_ account: Account?, in portfolio: Portfolio) -> Form {
        let value = account ?? Account(id: "", name: "", roles: [.customer])
        let fields = [
            FormField("name", "Name", .text(required: true), value.name, help: "the organisation's name"),
            FormField(
                "roles", "Roles", .choice(roleChoices, required: true), rolesText(value.roles),
                help: "we sell to, buy from, or both"),
            FormField(
                "status", "Status", .choice(AccountStatus.allCases.map(\.rawValue), required: true),
                value.status.rawValue),
            FormField(
                "ownerId", "Owner", .choice(ownerChoices(portfolio), required: false),
                ownerName(value.ownerId, portfolio), help: "empty: no owner"),
            FormField("industry", "Industry", .text(required: false), value.industry),
            FormField("region", "Region", .text(required: false), value.region),
            FormField("country", "Country", .text(required: false), value.country),
            FormField("website", "Website", .text(required: false), value.website, help: "example.com"),
            FormField(
                "tags", "Tags", .text(required: false), value.tags.joined(separator: ", "),
                help: "comma-separated"),
            FormField(
                "annualRevenue", "Annual revenue", .money(required: false), amount(value.annualRevenue),
                help: "their own yearly revenue"),
            FormField(
                "notes", "Notes", .longText(required: false), value.notes,
                help: "one line here; E on the account opens your editor"),
        ]
        return Form(
            kind: .account, title: account.map { "Edit account: \($0.name)" } ?? "New account", fields: fields,
            original: account.map(AnyRecord.account), accountId: account?.id)
    }

    /// The `r` form: every 1–5 rating that applies to the account's roles, with its meaning.
    public static func ratings(_ account: Account) -> Form {
        var wanted: [RatingField] = []
        if account.isCustomer {
            wanted += RatingField.strength + [.inputCost, .conversionRisk, .informationSharing, .alternatives]
        }
        if account.isSupplier { wanted += [.profitImpact, .supplyRisk] }
        let fields = wanted.map { field in
            FormField(
                "ratings." + field.rawValue, label(field),
                field == .alternatives ? .integer(0...99, required: false) : .integer(1...5, required: false),
                account.ratings[field].map(String.init) ?? "", help: field.meaning)
        }
        return Form(
            kind: .ratings, title: "Ratings: \(account.name)  (1 = poor … 5 = excellent; empty = not rated)",
            fields: fields, original: .account(account), accountId: account.id)
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
        let value = owner ?? Owner(id: "", name: "")
        let fields = [
            FormField("name", "Name", .text(required: true), value.name, help: "the account manager's name"),
            FormField("email", "Email", .text(required: false), value.email, help: "name@example.com"),
            FormField("team", "Team", .text(required: false), value.team),
            FormField(
                "capacity", "Capacity", .integer(1...1000, required: true), String(value.capacity),
                help: "key accounts they can carry (default 12)"),
            FormField("active", "Active", .choice(yesNo, required: true), value.active ? "yes" : "no"),
        ]
        return Form(
            kind: .owner, title: owner.map { "Edit owner: \($0.name)" } ?? "New owner", fields: fields,
            original: owner.map(AnyRecord.owner), accountId: nil)
    }

    public static func contact(_ contact: Contact?, account: Account) -> Form {
        let value = contact ?? Contact(id: "", accountId: account.id, name: "")
        let fields = [
            FormField("name", "Name", .text(required: true), value.name, help: "the person's name"),
            FormField("title", "Title", .text(required: false), value.title, help: "their job title"),
            FormField("email", "Email", .text(required: false), value.email, help: "name@example.com"),
            FormField("phone", "Phone", .text(required: false), value.phone, help: "digits, spaces, + - ( ) ."),
            FormField(
                "preferredChannel", "Prefers", .choice([""] + Channel.allCases.map(\.rawValue), required: false),
                value.preferredChannel?.rawValue ?? ""),
        ]
        return Form(
            kind: .contact, title: contact.map { "Edit contact: \($0.name)" } ?? "New contact at \(account.name)",
            fields: fields, original: contact.map(AnyRecord.contact), accountId: account.id)
    }

    public static func interaction(_ interaction: Interaction?, account: Account, in portfolio: Portfolio, today: Day)
        -> Form
    {
        let value =
            interaction
            ?? Interaction(id: "", accountId: account.id, date: today, channel: .visit, summary: "", ownerId: nil)
        let owner = interaction == nil ? account.ownerId : value.ownerId
        let fields = [
            FormField("date", "Date", .date(required: true), value.date.description, help: "today, yesterday, -3d"),
            FormField(
                "channel", "Channel", .choice(Channel.allCases.map(\.rawValue), required: true), value.channel.rawValue),
            FormField(
                "kind", "Kind", .choice(InteractionKind.allCases.map(\.rawValue), required: true), value.kind.rawValue,
                help: "commitment and complaint are follow-ups"),
            FormField("summary", "Summary", .longText(required: true), value.summary, help: "what happened, in a line"),
            FormField(
                "followUp", "Follow-up", .date(required: false), value.followUp?.description ?? "",
                help: "due date: +7d, 2026-12-01; empty: none"),
            FormField("done", "Done", .choice(yesNo, required: true), value.done ? "yes" : "no"),
            FormField(
                "ownerId", "Owner", .choice(ownerChoices(portfolio), required: false), ownerName(owner, portfolio)),
        ]
        return Form(
            kind: .interaction,
            title: interaction == nil ? "Log an interaction with \(account.name)" : "Edit interaction \(value.id)",
            fields: fields, original: interaction.map(AnyRecord.interaction), accountId: account.id)
    }

    public static func sale(_ sale: Sale?, account: Account, today: Day) -> Form {
        let value = sale ?? Sale(id: "", accountId: account.id, date: today, amount: Money(cents: 0))
        let fields = [
            FormField("date", "Date", .date(required: true), value.date.description),
            FormField(
                "amount", "Amount", .money(required: true), sale == nil ? "" : amount(value.amount),
                help: "1,234.50"),
            FormField("margin", "Margin", .money(required: false), amount(value.margin), help: "optional"),
            FormField(
                "reference", "Invoice", .text(required: false), value.reference ?? "",
                help: "optional; the invoice or order number, which a re-import matches on"),
        ]
        return Form(
            kind: .sale, title: sale == nil ? "New sale to \(account.name)" : "Edit sale \(value.id)", fields: fields,
            original: sale.map(AnyRecord.sale), accountId: account.id)
    }

    public static func purchase(_ purchase: Purchase?, account: Account, today: Day) -> Form {
        let value = purchase ?? Purchase(id: "", accountId: account.id, date: today, amount: Money(cents: 0))
        let fields = [
            FormField("date", "Date", .date(required: true), value.date.description),
            FormField(
                "amount", "Amount", .money(required: true), purchase == nil ? "" : amount(value.amount),
                help: "1,234.50"),
            FormField(
                "promised", "Promised", .date(required: false), value.promised?.description ?? "",
                help: "promised delivery"),
            FormField(
                "actual", "Delivered", .date(required: false), value.actual?.description ?? "",
                help: "actual delivery"),
            FormField(
                "reference", "Order", .text(required: false), value.reference ?? "",
                help: "optional; the purchase order number, which a re-import matches on"),
        ]
        return Form(
            kind: .purchase, title: purchase == nil ? "New purchase from \(account.name)" : "Edit purchase \(value.id)",
            fields: fields, original: purchase.map(AnyRecord.purchase), accountId: account.id)
    }

    public static func evaluation(_ evaluation: SupplierEvaluation?, account: Account, today: Day) -> Form {
        let period = evaluation?.period ?? today.yearMonth
        var fields = [
            FormField("period", "Month", .month, period.description, help: "YYYY-MM; one evaluation per month")
        ]
        for criterion in Criterion.allCases {
            fields.append(
                FormField(
                    "scores." + criterion.rawValue, criterion.label, .number(0...100),
                    score(evaluation?.scores[criterion]), help: "0–100, empty: not scored"))
        }
        return Form(
            kind: .evaluation,
            title: evaluation == nil ? "Evaluate \(account.name)" : "Edit evaluation \(period) of \(account.name)",
            fields: fields, original: evaluation.map(AnyRecord.evaluation), accountId: account.id)
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

    func makeRecord(_ values: [String: FieldValue], portfolio: Portfolio) -> AnyRecord {
        func text(_ key: String) -> String {
            if case .text(let value) = values[key] { return value }
            return ""
        }
        func day(_ key: String) -> Day? {
            if case .day(let value) = values[key] { return value }
            return nil
        }
        func money(_ key: String) -> Money? {
            if case .money(let value) = values[key] { return value }
            return nil
        }
        func integer(_ key: String) -> Int? {
            if case .integer(let value) = values[key] { return value }
            return nil
        }
        func owner(_ key: String) -> String? {
            let name = text(key)
            return name.isEmpty ? nil : portfolio.owner(matching: name)?.id
        }
        let parent = accountId ?? ""
        switch kind {
        case .account:
            var account =
                template.flatMap { if case .account(let a) = $0 { a } else { nil } }
                ?? Account(id: "", name: "", roles: [])
            account.name = text("name")
            let roles = text("roles")
            account.roles =
                roles == Form.roleChoices[2] ? [.customer, .supplier] : Role(rawValue: roles).map { [$0] } ?? []
            account.status = AccountStatus(rawValue: text("status")) ?? .active
            account.ownerId = owner("ownerId")
            account.industry = text("industry")
            account.region = text("region")
            account.country = text("country")
            account.website = text("website")
            account.tags = text("tags").split(separator: ",").map { String($0.trimmingASCIIWhitespace()) }
                .filter { !$0.isEmpty }
            account.annualRevenue = money("annualRevenue")
            account.notes = fields[index(of: "notes")!].text
            return .account(account)
        case .ratings:
            guard case .account(var account) = template else { preconditionFailure("ratings edit an account") }
            for field in fields {
                guard let rating = RatingField(rawValue: String(field.key.dropFirst("ratings.".count))) else {
                    continue
                }
                account.ratings[rating] = integer(field.key)
            }
            return .account(account)
        case .owner:
            var owner = template.flatMap { if case .owner(let o) = $0 { o } else { nil } } ?? Owner(id: "", name: "")
            owner.name = text("name")
            owner.email = text("email")
            owner.team = text("team")
            owner.capacity = integer("capacity") ?? Owner.defaultCapacity
            owner.active = text("active") != "no"
            return .owner(owner)
        case .contact:
            var contact =
                template.flatMap { if case .contact(let c) = $0 { c } else { nil } }
                ?? Contact(id: "", accountId: parent, name: "")
            contact.name = text("name")
            contact.title = text("title")
            contact.email = text("email")
            contact.phone = text("phone")
            contact.preferredChannel = Channel(rawValue: text("preferredChannel"))
            return .contact(contact)
        case .interaction:
            var interaction =
                template.flatMap { if case .interaction(let i) = $0 { i } else { nil } }
                ?? Interaction(id: "", accountId: parent, date: Day(ordinal: 0), channel: .other, summary: "")
            interaction.date = day("date") ?? interaction.date
            interaction.channel = Channel(rawValue: text("channel")) ?? .other
            interaction.kind = InteractionKind(rawValue: text("kind")) ?? .note
            interaction.summary = text("summary")
            interaction.followUp = day("followUp")
            interaction.done = text("done") == "yes"
            interaction.ownerId = owner("ownerId")
            return .interaction(interaction)
        case .sale:
            var sale =
                template.flatMap { if case .sale(let s) = $0 { s } else { nil } }
                ?? Sale(id: "", accountId: parent, date: Day(ordinal: 0), amount: Money(cents: 0))
            sale.date = day("date") ?? sale.date
            sale.amount = money("amount") ?? Money(cents: 0)
            sale.margin = money("margin")
            sale.reference = text("reference").isEmpty ? nil : text("reference")
            return .sale(sale)
        case .purchase:
            var purchase =
                template.flatMap { if case .purchase(let p) = $0 { p } else { nil } }
                ?? Purchase(id: "", accountId: parent, date: Day(ordinal: 0), amount: Money(cents: 0))
            purchase.date = day("date") ?? purchase.date
            purchase.amount = money("amount") ?? Money(cents: 0)
            purchase.promised = day("promised")
            purchase.actual = day("actual")
            purchase.reference = text("reference").isEmpty ? nil : text("reference")
            return .purchase(purchase)
        case .evaluation:
            var evaluation =
                template.flatMap { if case .evaluation(let e) = $0 { e } else { nil } }
                ?? SupplierEvaluation(id: "", accountId: parent, period: Day(ordinal: 0).yearMonth, scores: [:])
            if case .month(let month) = values["period"] { evaluation.period = month }
            var scores: [Criterion: Double] = [:]
            for criterion in Criterion.allCases {
                if case .number(let value) = values["scores." + criterion.rawValue] { scores[criterion] = value }
            }
            evaluation.scores = scores
            return .evaluation(evaluation)
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
