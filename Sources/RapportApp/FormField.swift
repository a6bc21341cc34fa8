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
