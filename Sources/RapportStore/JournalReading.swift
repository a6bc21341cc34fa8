import RapportDomain

/// Journal lines read by ``RecordReader``, mirroring the `Decodable` conformances of
/// ``JournalEntry``, `Change` and ``FieldChange`` field for field. Anything else (an unknown or
/// repeated key, a record before its kind, an id with an escape) declines, and the line is read
/// by `JSONDecoder`, which decides and words any error as before.
extension JournalEntry {
    static let keys = [[UInt8]](keys: "seq", "at", "by", "changes", "diffs")

    static func read(_ reader: inout RecordReader) throws -> JournalEntry {
        var seen = SeenFields()
        var seq = 0
        var at = Timestamp(seconds: 0)
        var by = ""
        var changes: [Change] = []
        var diffs: [String: [FieldChange]]?
        try reader.object { reader, key in
            let field = try reader.field(key, keys)
            try seen.mark(field)
            if field == 4, reader.null() { return }
            switch field {
            case 0: seq = try reader.int()
            case 1: at = try reader.timestamp()
            case 2: by = try reader.string()
            case 3: changes = try reader.array { try Change.read(&$0) }
            default:
                var found: [String: [FieldChange]] = [:]
                try reader.object { reader, key in
                    guard let id = String(validating: reader.bytes[key], as: UTF8.self), found[id] == nil else {
                        throw Decline()
                    }
                    found[id] = try reader.array { try FieldChange.read(&$0) }
                }
                diffs = found
            }
        }
        try seen.require([0, 1, 2, 3])
        return JournalEntry(seq: seq, at: at, by: by, changes: changes, diffs: diffs)
    }
}

extension Change {
    static let keys = [[UInt8]](keys: "op", "kind", "base", "id", "record")

    static func read(_ reader: inout RecordReader) throws -> Change {
        var seen = SeenFields()
        var isPut: Bool?
        var kind: RecordKind?
        var base: Int?
        var id: String?
        var record: AnyRecord?
        try reader.object { reader, key in
            let field = try reader.field(key, keys)
            try seen.mark(field)
            switch field {
            case 0:
                switch try reader.string() {
                case "put": isPut = true
                case "delete": isPut = false
                default: throw Decline()
                }
            case 1: kind = try reader.choice(RecordKind.self)
            case 2: if !reader.null() { base = try reader.int() }
            case 3: id = try reader.string()
            default:
                // The record is read as its kind, which sorted keys put before it.
                guard let kind else { throw Decline() }
                record = try AnyRecord.read(kind, &reader)
            }
        }
        guard let isPut, let kind else { throw Decline() }
        if isPut {
            guard let record, record.kind == kind else { throw Decline() }
            return .put(record, base: base)
        }
        guard let id, let base, record == nil else { throw Decline() }
        return .delete(kind, id: id, base: base)
    }
}

extension AnyRecord {
    static func read(_ kind: RecordKind, _ reader: inout RecordReader) throws -> AnyRecord {
        switch kind {
        case .account: .account(try Account.read(&reader))
        case .owner: .owner(try Owner.read(&reader))
        case .contact: .contact(try Contact.read(&reader))
        case .interaction: .interaction(try Interaction.read(&reader))
        case .sale: .sale(try Sale.read(&reader))
        case .purchase: .purchase(try Purchase.read(&reader))
        case .evaluation: .evaluation(try SupplierEvaluation.read(&reader))
        }
    }
}

extension FieldChange {
    static let keys = [[UInt8]](keys: "field", "from", "to")

    static func read(_ reader: inout RecordReader) throws -> FieldChange {
        var seen = SeenFields()
        var values = ["", "", ""]
        try reader.object { reader, key in
            let field = try reader.field(key, keys)
            try seen.mark(field)
            values[field] = try reader.string()
        }
        try seen.require([0, 1, 2])
        return FieldChange(field: values[0], from: values[1], to: values[2])
    }
}
