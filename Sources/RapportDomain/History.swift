/// One field of a record changed by an edit: from what, to what (as shown to people).
public struct FieldChange: Codable, Hashable, Sendable {
    public let field: String
    public let from: String
    public let to: String

    public init(field: String, from: String, to: String) {
        self.field = field
        self.from = from
        self.to = to
    }
}

/// One change to one record, as the account's history shows it: who, when, and what changed.
public struct HistoryItem: Hashable, Sendable {
    public enum Action: String, Sendable {
        case created, changed, deleted
    }

    public let at: Timestamp
    /// The OS user who saved it.
    public let by: String
    public let kind: RecordKind
    public let id: String
    public let action: Action
    public let changes: [FieldChange]

    public init(at: Timestamp, by: String, kind: RecordKind, id: String, action: Action, changes: [FieldChange]) {
        self.at = at
        self.by = by
        self.kind = kind
        self.id = id
        self.action = action
        self.changes = changes
    }
}
