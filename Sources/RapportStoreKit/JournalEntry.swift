import RapportDomain

/// One acknowledged edit as a store keeps it: its changes, applied all or nothing, in commit order.
public struct JournalEntry: Codable, Hashable, Sendable {
    /// Increases by one per entry across the store's life; the snapshot records the last one it holds.
    public let seq: Int
    public let at: Timestamp
    /// The OS user who made the edit.
    public let by: String
    public let changes: [Change]
    /// For each record an edit changed (by id): which fields went from what to what. Absent in
    /// entries written before history was kept, and for records created or deleted.
    public let diffs: [String: [FieldChange]]?

    public init(seq: Int, at: Timestamp, by: String, changes: [Change], diffs: [String: [FieldChange]]? = nil) {
        self.seq = seq
        self.at = at
        self.by = by
        self.changes = changes
        self.diffs = diffs
    }
}

extension JournalEntry {
    /// What this edit did to the records `ids` names, as History shows it.
    public func historyItems(about ids: Set<String>) -> [HistoryItem] {
        changes.filter { ids.contains($0.id) }.map { change in
            let action: HistoryItem.Action
            switch change {
            case .put(_, nil): action = .created
            case .put: action = .changed
            case .delete: action = .deleted
            }
            return HistoryItem(
                at: at, by: by, kind: change.kind, id: change.id, action: action, changes: diffs?[change.id] ?? [])
        }
    }
}
