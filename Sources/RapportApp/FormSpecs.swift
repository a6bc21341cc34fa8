import RapportDomain

/// What a form's fields need besides their record: the portfolio (owners by name) and whether
/// the record is new.
struct FormContext {
    let portfolio: Portfolio
    let isNew: Bool
}

/// One field of a form, declared whole: its key (the record field validation errors name), label,
/// type and help, how it shows its record as text, and how it writes its parsed value back.
struct FieldSpec<Record> {
    let key: String
    let label: String
    let help: String
    let read: (Record, FormContext) -> String
    /// Writes the parsed value (`.empty` when empty or not parsed) into the record; `text` is
    /// what was typed, untrimmed.
    let write: (inout Record, _ value: FieldValue, _ text: String, FormContext) -> Void
    /// Worked out only when a form is built: saving (checked at every keystroke) writes values
    /// and needs no type, and the owner field's type lists every owner, sorted.
    private let makeType: () -> FieldType

    var type: FieldType { makeType() }

    init(
        key: String, label: String, type: @autoclosure @escaping () -> FieldType, help: String,
        read: @escaping (Record, FormContext) -> String,
        write: @escaping (inout Record, _ value: FieldValue, _ text: String, FormContext) -> Void
    ) {
        self.key = key
        self.label = label
        self.help = help
        self.read = read
        self.write = write
        makeType = type
    }

    func field(for record: Record, _ context: FormContext) -> FormField {
        FormField(key, label, type, read(record, context), help: help)
    }
}

extension FieldValue {
    var text: String {
        if case .text(let value) = self { value } else { "" }
    }
    var day: Day? {
        if case .day(let value) = self { value } else { nil }
    }
    var money: Money? {
        if case .money(let value) = self { value } else { nil }
    }
    var integer: Int? {
        if case .integer(let value) = self { value } else { nil }
    }
    var number: Double? {
        if case .number(let value) = self { value } else { nil }
    }
}

extension FieldSpec {
    /// One line of text at `path`.
    static func text(
        _ key: String, _ label: String, _ path: WritableKeyPath<Record, String>, required: Bool = false,
        help: String = ""
    ) -> FieldSpec {
        FieldSpec(
            key: key, label: label, type: .text(required: required), help: help,
            read: { record, _ in record[keyPath: path] },
            write: { record, value, _, _ in record[keyPath: path] = value.text })
    }

    /// Free text at `path`: trimmed, or as typed (`asTyped`, for notes, whose lines and spaces are the user's).
    static func longText(
        _ key: String, _ label: String, _ path: WritableKeyPath<Record, String>, required: Bool, asTyped: Bool = false,
        help: String
    ) -> FieldSpec {
        FieldSpec(
            key: key, label: label, type: .longText(required: required), help: help,
            read: { record, _ in record[keyPath: path] },
            write: { record, value, text, _ in record[keyPath: path] = asTyped ? text : value.text })
    }

    /// Optional text at `path`: empty is nil.
    static func optionalText(_ key: String, _ label: String, _ path: WritableKeyPath<Record, String?>, help: String)
        -> FieldSpec
    {
        FieldSpec(
            key: key, label: label, type: .text(required: false), help: help,
            read: { record, _ in record[keyPath: path] ?? "" },
            write: { record, value, _, _ in record[keyPath: path] = value.text.isEmpty ? nil : value.text })
    }

    /// A required date at `path` (a date that does not parse leaves the record's).
    static func day(_ key: String, _ label: String, _ path: WritableKeyPath<Record, Day>, help: String = "")
        -> FieldSpec
    {
        FieldSpec(
            key: key, label: label, type: .date(required: true), help: help,
            read: { record, _ in record[keyPath: path].description },
            write: { record, value, _, _ in record[keyPath: path] = value.day ?? record[keyPath: path] })
    }

    /// An optional value at `path`, shown by `show` and taken from what its type parsed by `parsed`.
    private static func optional<Value>(
        _ key: String, _ label: String, _ type: FieldType, _ path: WritableKeyPath<Record, Value?>, help: String,
        show: @escaping (Value) -> String, parsed: @escaping (FieldValue) -> Value?
    ) -> FieldSpec {
        FieldSpec(
            key: key, label: label, type: type, help: help,
            read: { record, _ in record[keyPath: path].map(show) ?? "" },
            write: { record, value, _, _ in record[keyPath: path] = parsed(value) })
    }

    /// An optional date at `path`.
    static func optionalDay(_ key: String, _ label: String, _ path: WritableKeyPath<Record, Day?>, help: String)
        -> FieldSpec
    {
        optional(key, label, .date(required: false), path, help: help, show: \.description, parsed: \.day)
    }

    /// A required amount at `path`; a new record's starts empty rather than at 0.
    static func money(_ key: String, _ label: String, _ path: WritableKeyPath<Record, Money>, help: String)
        -> FieldSpec
    {
        FieldSpec(
            key: key, label: label, type: .money(required: true), help: help,
            read: { record, context in context.isNew ? "" : record[keyPath: path].plain },
            write: { record, value, _, _ in record[keyPath: path] = value.money ?? Money(cents: 0) })
    }

    /// An optional amount at `path`.
    static func optionalMoney(_ key: String, _ label: String, _ path: WritableKeyPath<Record, Money?>, help: String)
        -> FieldSpec
    {
        optional(key, label, .money(required: false), path, help: help, show: \.plain, parsed: \.money)
    }

    /// One of an enumeration's values at `path` (`fallback` when none parsed).
    static func choice<Value: RawRepresentable & CaseIterable>(
        _ key: String, _ label: String, _ path: WritableKeyPath<Record, Value>, fallback: Value, help: String = ""
    ) -> FieldSpec where Value.RawValue == String {
        FieldSpec(
            key: key, label: label, type: .choice(Value.allCases.map(\.rawValue), required: true), help: help,
            read: { record, _ in record[keyPath: path].rawValue },
            write: { record, value, _, _ in record[keyPath: path] = Value(rawValue: value.text) ?? fallback })
    }

    /// One of an enumeration's values or none at `path`.
    static func optionalChoice<Value: RawRepresentable & CaseIterable>(
        _ key: String, _ label: String, _ path: WritableKeyPath<Record, Value?>
    ) -> FieldSpec where Value.RawValue == String {
        FieldSpec(
            key: key, label: label, type: .choice([""] + Value.allCases.map(\.rawValue), required: false), help: "",
            read: { record, _ in record[keyPath: path]?.rawValue ?? "" },
            write: { record, value, _, _ in record[keyPath: path] = Value(rawValue: value.text) })
    }

    /// Yes or no at `path`.
    static func yesNo(_ key: String, _ label: String, _ path: WritableKeyPath<Record, Bool>) -> FieldSpec {
        FieldSpec(
            key: key, label: label, type: .choice(Form.yesNo, required: true), help: "",
            read: { record, _ in record[keyPath: path] ? "yes" : "no" },
            write: { record, value, _, _ in record[keyPath: path] = value.text == "yes" })
    }

    /// An owner, picked by name, at `path` (the owner's id; empty: none).
    static func owner(
        _ key: String, _ label: String, _ path: WritableKeyPath<Record, String?>, _ context: FormContext,
        help: String = ""
    ) -> FieldSpec {
        FieldSpec(
            key: key, label: label, type: .choice(Form.ownerChoices(context.portfolio), required: false), help: help,
            read: { record, context in Form.ownerName(record[keyPath: path], context.portfolio) },
            write: { record, value, _, context in
                record[keyPath: path] = value.text.isEmpty ? nil : context.portfolio.owner(matching: value.text)?.id
            })
    }
}

/// The fields of each form, in order. Adding a field to a form is one line here.
enum FormSpecs {
    static func account(_ context: FormContext) -> [FieldSpec<Account>] {
        [
            .text("name", "Name", \.name, required: true, help: "the organisation's name"),
            FieldSpec(
                key: "roles", label: "Roles", type: .choice(Form.roleChoices, required: true),
                help: "we sell to, buy from, or both", read: { account, _ in Form.rolesText(account.roles) },
                write: { account, value, _, _ in
                    account.roles =
                        value.text == Form.roleChoices[2]
                        ? [.customer, .supplier] : Role(rawValue: value.text).map { [$0] } ?? []
                }),
            .choice("status", "Status", \.status, fallback: .active),
            .owner("ownerId", "Owner", \.ownerId, context, help: "empty: no owner"),
            .text("industry", "Industry", \.industry),
            .text("region", "Region", \.region),
            .text("country", "Country", \.country),
            .text("website", "Website", \.website, help: "example.com"),
            FieldSpec(
                key: "tags", label: "Tags", type: .text(required: false), help: "comma-separated",
                read: { account, _ in account.tags.joined(separator: ", ") },
                write: { account, value, _, _ in
                    account.tags = value.text.split(separator: ",").map { String($0.trimmingASCIIWhitespace()) }
                        .filter { !$0.isEmpty }
                }),
            .optionalMoney("annualRevenue", "Annual revenue", \.annualRevenue, help: "their own yearly revenue"),
            .longText(
                "notes", "Notes", \.notes, required: false, asTyped: true,
                help: "one line here; E on the account opens your editor"),
        ]
    }

    /// Every rating; the `r` form shows those that apply to the account's roles.
    static var ratings: [FieldSpec<Account>] {
        RatingField.allCases.map { rating in
            FieldSpec(
                key: "ratings." + rating.rawValue, label: Form.label(rating),
                type: rating == .alternatives ? .integer(0...99, required: false) : .integer(1...5, required: false),
                help: rating.meaning, read: { account, _ in account.ratings[rating].map(String.init) ?? "" },
                write: { account, value, _, _ in account.ratings[rating] = value.integer })
        }
    }

    static var owner: [FieldSpec<Owner>] {
        [
            .text("name", "Name", \.name, required: true, help: "the account manager's name"),
            .text("email", "Email", \.email, help: "name@example.com"),
            .text("team", "Team", \.team),
            FieldSpec(
                key: "capacity", label: "Capacity", type: .integer(1...1000, required: true),
                help: "key accounts they can carry (default 12)", read: { owner, _ in String(owner.capacity) },
                write: { owner, value, _, _ in owner.capacity = value.integer ?? Owner.defaultCapacity }),
            FieldSpec(
                key: "active", label: "Active", type: .choice(Form.yesNo, required: true), help: "",
                read: { owner, _ in owner.active ? "yes" : "no" },
                write: { owner, value, _, _ in owner.active = value.text != "no" }),
        ]
    }

    static var contact: [FieldSpec<Contact>] {
        [
            .text("name", "Name", \.name, required: true, help: "the person's name"),
            .text("title", "Title", \.title, help: "their job title"),
            .text("email", "Email", \.email, help: "name@example.com"),
            .text("phone", "Phone", \.phone, help: "digits, spaces, + - ( ) ."),
            .optionalChoice("preferredChannel", "Prefers", \.preferredChannel),
        ]
    }

    static func interaction(_ context: FormContext) -> [FieldSpec<Interaction>] {
        [
            .day("date", "Date", \.date, help: "today, yesterday, -3d"),
            .choice("channel", "Channel", \.channel, fallback: .other),
            .choice("kind", "Kind", \.kind, fallback: .note, help: "commitment and complaint are follow-ups"),
            .longText("summary", "Summary", \.summary, required: true, help: "what happened, in a line"),
            .optionalDay("followUp", "Follow-up", \.followUp, help: "due date: +7d, 2026-12-01; empty: none"),
            .yesNo("done", "Done", \.done),
            .owner("ownerId", "Owner", \.ownerId, context),
        ]
    }

    static var sale: [FieldSpec<Sale>] {
        [
            .day("date", "Date", \.date),
            .money("amount", "Amount", \.amount, help: "1,234.50"),
            .optionalMoney("margin", "Margin", \.margin, help: "optional"),
            .optionalText(
                "reference", "Invoice", \.reference,
                help: "optional; the invoice or order number, which a re-import matches on"
            ),
        ]
    }

    static var purchase: [FieldSpec<Purchase>] {
        [
            .day("date", "Date", \.date),
            .money("amount", "Amount", \.amount, help: "1,234.50"),
            .optionalDay("promised", "Promised", \.promised, help: "promised delivery"),
            .optionalDay("actual", "Delivered", \.actual, help: "actual delivery"),
            .optionalText(
                "reference", "Order", \.reference,
                help: "optional; the purchase order number, which a re-import matches on"),
        ]
    }

    static var evaluation: [FieldSpec<SupplierEvaluation>] {
        [
            FieldSpec(
                key: "period", label: "Month", type: .month, help: "YYYY-MM; one evaluation per month",
                read: { evaluation, _ in evaluation.period.description },
                write: { evaluation, value, _, _ in
                    if case .month(let month) = value { evaluation.period = month }
                })
        ]
            + Criterion.allCases.map { criterion in
                FieldSpec(
                    key: "scores." + criterion.rawValue, label: criterion.label, type: .number(0...100),
                    help: "0–100, empty: not scored",
                    read: { evaluation, _ in Form.score(evaluation.scores[criterion]) },
                    write: { evaluation, value, _, _ in evaluation.scores[criterion] = value.number })
            }
    }
}
