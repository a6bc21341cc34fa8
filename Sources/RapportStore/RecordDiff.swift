import Foundation
import RapportDomain

/// Field-by-field differences between two versions of a record, as people read them.
enum RecordDiff {
    /// Every field whose value differs, dotted for nested fields (`ratings.inputCost`). The
    /// bookkeeping fields (version, timestamps) are left out.
    static func changes(from old: AnyRecord, to new: AnyRecord) -> [FieldChange] {
        let before = flatten(old)
        let after = flatten(new)
        let ignored: Set<String> = ["version", "updatedAt", "createdAt"]
        return Set(before.keys).union(after.keys).subtracting(ignored).sorted().compactMap { field in
            let from = before[field] ?? ""
            let to = after[field] ?? ""
            return from == to ? nil : FieldChange(field: field, from: from, to: to)
        }
    }

    static func flatten(_ record: AnyRecord) -> [String: String] {
        guard let data = try? SnapshotCodec.recordEncoder().encode(record.base),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [:] }
        var result: [String: String] = [:]
        func walk(_ value: Any, _ path: String) {
            switch value {
            case let dictionary as [String: Any]:
                for (key, item) in dictionary { walk(item, path.isEmpty ? key : path + "." + key) }
            case let array as [Any]:
                result[path] = array.map { text($0) }.joined(separator: ", ")
            default:
                result[path] = text(value)
            }
        }
        walk(object, "")
        return result
    }

    static func text(_ value: Any) -> String {
        switch value {
        case let string as String: return string
        case let number as NSNumber:
            // JSON true/false come back as a boolean NSNumber, whose type code is "c".
            if String(cString: number.objCType) == "c" { return number.boolValue ? "yes" : "no" }
            return number.stringValue
        case is NSNull: return ""
        default: return "\(value)"
        }
    }

    /// Whether `bytes` contains `needle` (a plain search; lines are short).
    static func contains(_ bytes: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, needle.count <= bytes.count else { return false }
        var index = bytes.startIndex
        let last = bytes.endIndex - needle.count
        while index <= last {
            if bytes[index] == first, bytes[index..<index + needle.count].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}

extension JournalEntry {
    /// Applies `changes` to `portfolio` (version checks, validation, new ids) and returns the
    /// journal entry that records them, with what each changed record's fields went from and to.
    /// Every backend's commit takes this step, under its own lock or transaction; a partially
    /// loaded store (`partial`) may only add records.
    public static func applying(
        _ changes: [Change], to portfolio: inout Portfolio, partial: Bool, seq: Int, at time: Timestamp, by user: String
    ) throws -> JournalEntry {
        precondition(
            !partial || changes.allSatisfy { if case .put(_, nil) = $0 { true } else { false } },
            "a partially loaded store can only add records")
        let applied = try portfolio.applyAll(changes)
        var diffs: [String: [FieldChange]] = [:]
        for item in applied {
            if case .put(let record, _?) = item.change, let previous = item.previous {
                diffs[record.id] = RecordDiff.changes(from: previous, to: record)
            }
        }
        return JournalEntry(
            seq: seq, at: time, by: user, changes: applied.map(\.change), diffs: diffs.isEmpty ? nil : diffs)
    }
}
