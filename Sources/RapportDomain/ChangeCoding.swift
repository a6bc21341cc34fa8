/// JSON shape of records and changes as the journal and snapshot store them.
///
/// A put is `{"base":3,"kind":"account","op":"put","record":{…}}` (base null when creating);
/// a delete is `{"base":3,"id":"acc-000001","kind":"account","op":"delete"}`.
extension AnyRecord: Codable {
    enum CodingKeys: String, CodingKey { case kind, record }

    /// Decodes a record of a known kind from a container holding it.
    public static func decode(_ kind: RecordKind, from decoder: any Decoder) throws -> AnyRecord {
        switch kind {
        case .account: .account(try Account(from: decoder))
        case .owner: .owner(try Owner(from: decoder))
        case .contact: .contact(try Contact(from: decoder))
        case .interaction: .interaction(try Interaction(from: decoder))
        case .sale: .sale(try Sale(from: decoder))
        case .purchase: .purchase(try Purchase(from: decoder))
        case .evaluation: .evaluation(try SupplierEvaluation(from: decoder))
        }
    }

    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try values.decode(RecordKind.self, forKey: .kind)
        self = try AnyRecord.decode(kind, from: try values.superDecoder(forKey: .record))
    }

    public func encode(to encoder: any Encoder) throws {
        var values = encoder.container(keyedBy: CodingKeys.self)
        try values.encode(kind, forKey: .kind)
        try base.encode(to: values.superEncoder(forKey: .record))
    }
}

extension Change: Codable {
    enum CodingKeys: String, CodingKey { case op, kind, base, id, record }
    enum Operation: String, Codable { case put, delete }

    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try values.decode(RecordKind.self, forKey: .kind)
        switch try values.decode(Operation.self, forKey: .op) {
        case .put:
            let record = try AnyRecord.decode(kind, from: try values.superDecoder(forKey: .record))
            self = .put(record, base: try values.decodeIfPresent(Int.self, forKey: .base))
        case .delete:
            self = .delete(
                kind, id: try values.decode(String.self, forKey: .id), base: try values.decode(Int.self, forKey: .base))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var values = encoder.container(keyedBy: CodingKeys.self)
        try values.encode(kind, forKey: .kind)
        switch self {
        case .put(let record, let base):
            try values.encode(Operation.put, forKey: .op)
            try values.encode(base, forKey: .base)
            try record.base.encode(to: values.superEncoder(forKey: .record))
        case .delete(_, let id, let base):
            try values.encode(Operation.delete, forKey: .op)
            try values.encode(id, forKey: .id)
            try values.encode(base, forKey: .base)
        }
    }
}

/// A record encoded on its own, without its kind: the shape of snapshot sections and JSON exports.
public struct BareRecord: Encodable {
    public let record: AnyRecord
    public init(_ record: AnyRecord) { self.record = record }
    public func encode(to encoder: any Encoder) throws { try record.base.encode(to: encoder) }
}
