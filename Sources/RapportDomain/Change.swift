/// One edit to a portfolio: what the journal records, one per line.
///
/// `base` is the version of the record the editor saw: nil when creating. Applying a change whose
/// base is not the record's current version is a conflict.
public enum Change: Hashable, Sendable {
    case put(AnyRecord, base: Int?)
    case delete(RecordKind, id: String, base: Int)

    public var kind: RecordKind {
        switch self {
        case .put(let record, _): record.kind
        case .delete(let kind, _, _): kind
        }
    }

    public var id: String {
        switch self {
        case .put(let record, _): record.id
        case .delete(_, let id, _): id
        }
    }
}

/// A change made against a version of a record that is no longer current.
public struct ConflictError: Error, Hashable, Sendable, CustomStringConvertible {
    public let kind: RecordKind
    public let id: String
    /// The version the change was made against (nil: it meant to create the record).
    public let expected: Int?
    /// The version now stored (nil: the record no longer exists).
    public let actual: Int?

    public var description: String {
        let what = "\(kind.rawValue) \(id)"
        switch (expected, actual) {
        case (nil, _?):
            return "conflict: \(what) already exists; reload and edit it instead of creating it again"
        case (_?, nil):
            return "conflict: \(what) was deleted by someone else; reload to see the current data"
        default:
            return "conflict: \(what) was changed by someone else (you edited version \(expected ?? 0), "
                + "it is now version \(actual ?? 0)); reload, then make your change again"
        }
    }
}

extension Portfolio {
    /// Checks a change against current versions and validation, then applies it.
    ///
    /// On success the stored record carries its new version (base + 1, or 1 when created).
    /// Nothing is changed when it throws ``ConflictError`` or ``RecordErrors``.
    public mutating func apply(_ change: Change) throws {
        let current = version(of: change.kind, id: change.id)
        switch change {
        case .put(let record, let base):
            guard current == base else {
                throw ConflictError(kind: record.kind, id: record.id, expected: base, actual: current)
            }
            let stored = record.with(version: (base ?? 0) + 1)
            let errors = validate(stored)
            guard errors.isEmpty else { throw RecordErrors(kind: record.kind, id: record.id, errors: errors) }
            store(stored)
        case .delete(let kind, let id, let base):
            guard current == base else { throw ConflictError(kind: kind, id: id, expected: base, actual: current) }
            let dependents = dependents(of: kind, id: id)
            guard dependents.isEmpty else {
                let list = dependents.map { "\($0.count) \($0.count == 1 ? $0.kind.rawValue : $0.kind.plural)" }
                let advice =
                    kind == .account
                    ? "archive it instead (status archived) to keep its history"
                    : "reassign or delete those first"
                throw RecordErrors(
                    kind: kind, id: id,
                    errors: [FieldError("id", "is still used by " + list.joined(separator: ", ") + "; " + advice)])
            }
            remove(kind, id: id)
        }
    }

    /// Applies changes in order, all or nothing, as an edit is committed. A put with an empty id
    /// gets the next id of its kind. Returns each change as stored (ids and versions filled in)
    /// with the record it replaced, if any. Nothing is changed when it throws.
    public mutating func applyAll(_ changes: [Change]) throws -> [AppliedChange] {
        var updated = self
        var applied: [AppliedChange] = []
        applied.reserveCapacity(changes.count)
        for var change in changes {
            if case .put(let record, nil) = change, record.id.isEmpty {
                change = .put(record.with(id: updated.nextID(for: record.kind)), base: nil)
            }
            let previous = updated.record(of: change.kind, id: change.id)
            try updated.apply(change)
            if case .put(let record, let base) = change, let saved = updated.record(of: record.kind, id: record.id) {
                change = .put(saved, base: base)
            }
            applied.append(AppliedChange(change: change, previous: previous))
        }
        self = updated
        return applied
    }

    /// Applies a change that was already accepted once (journal replay): versions are taken as
    /// written, so replay reproduces exactly what was acknowledged.
    public mutating func replay(_ change: Change) {
        switch change {
        case .put(let record, _): store(record)
        case .delete(let kind, let id, _): remove(kind, id: id)
        }
    }

    /// The record a put would store, with its version filled in.
    mutating func store(_ record: AnyRecord) {
        remove(record.kind, id: record.id)
        noteSerial(of: record)
        switch record {
        case .account(let value):
            accounts[value.id] = value
            accountNames[Portfolio.nameKey(value.name)] = value.id
        case .owner(let value):
            owners[value.id] = value
            indexOwner(value)
        case .contact(let value): contacts[value.id] = value
        case .interaction(let value): interactions[value.id] = value
        case .sale(let value): sales[value.id] = value
        case .purchase(let value): purchases[value.id] = value
        case .evaluation(let value):
            evaluations[value.id] = value
            evaluationPeriods[Portfolio.periodKey(value)] = value.id
        }
    }

    mutating func remove(_ kind: RecordKind, id: String) {
        log.note(kind, id)
        switch kind {
        case .account:
            if let old = accounts.removeValue(forKey: id), accountNames[Portfolio.nameKey(old.name)] == id {
                accountNames[Portfolio.nameKey(old.name)] = nil
            }
        case .owner:
            if let old = owners.removeValue(forKey: id) {
                if ownerNames[Portfolio.nameKey(old.name)] == id { ownerNames[Portfolio.nameKey(old.name)] = nil }
                if ownerEmails[Portfolio.nameKey(old.email)] == id { ownerEmails[Portfolio.nameKey(old.email)] = nil }
            }
        case .contact: contacts[id] = nil
        case .interaction: interactions[id] = nil
        case .sale: sales[id] = nil
        case .purchase: purchases[id] = nil
        case .evaluation:
            if let old = evaluations.removeValue(forKey: id), evaluationPeriods[Portfolio.periodKey(old)] == id {
                evaluationPeriods[Portfolio.periodKey(old)] = nil
            }
        }
    }

    /// What still refers to a record, by kind; deleting it would leave those dangling.
    public func dependents(of kind: RecordKind, id: String) -> [(kind: RecordKind, count: Int)] {
        var result: [(RecordKind, Int)] = []
        func add(_ kind: RecordKind, _ count: Int) { if count > 0 { result.append((kind, count)) } }
        switch kind {
        case .account:
            add(.contact, contacts.values.count { $0.accountId == id })
            add(.interaction, interactions.values.count { $0.accountId == id })
            add(.sale, sales.values.count { $0.accountId == id })
            add(.purchase, purchases.values.count { $0.accountId == id })
            add(.evaluation, evaluations.values.count { $0.accountId == id })
        case .owner:
            add(.account, accounts.values.count { $0.ownerId == id })
            add(.interaction, interactions.values.count { $0.ownerId == id })
        default: break
        }
        return result
    }
}

/// A change as it was stored, and the record it replaced (nil when it created one).
public struct AppliedChange: Hashable, Sendable {
    public let change: Change
    public let previous: AnyRecord?
}
