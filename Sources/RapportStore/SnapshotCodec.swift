import Foundation
import RapportDomain

/// The snapshot file: one JSON object with sorted keys, one record per line.
///
/// ```
/// {
/// "accounts": [
/// {"id":"acc-000001","name":"Kontorsmöbler AB",…},
/// …
/// ],
/// "format": "rapport-store",
/// "journalSeq": 42,
/// …
/// "version": 1
/// }
/// ```
/// The same portfolio always gives the same bytes: sections, records (by id) and keys are sorted.
public enum SnapshotCodec {
    public static let formatName = "rapport-store"
    /// The schema this build writes. Older schemas are migrated on read (see ``Migrations``).
    public static let schemaVersion = 1

    static func recordEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Encodes a portfolio; `journalSeq` is the last journal entry it includes.
    public static func encode(_ portfolio: Portfolio, journalSeq: Int) throws -> [UInt8] {
        let encoder = recordEncoder()
        var out: [UInt8] = []
        out.reserveCapacity(portfolio.accounts.count * 400 + portfolio.interactions.count * 160 + 4096)
        func line(_ text: String) { out.append(contentsOf: text.utf8) }
        func section(_ kind: RecordKind) throws {
            let records = portfolio.records(of: kind)
            line("\"\(kind.plural)\": [")
            for (offset, record) in records.enumerated() {
                out.append(contentsOf: offset == 0 ? [0x0A] : [0x2C, 0x0A])
                out.append(contentsOf: try encoder.encode(RecordBox(record: record)))
            }
            line(records.isEmpty ? "],\n" : "\n],\n")
        }
        line("{\n")
        // Keys in sorted order.
        try section(.account)
        try section(.contact)
        try section(.evaluation)
        line("\"format\": \"\(formatName)\",\n")
        try section(.interaction)
        line("\"journalSeq\": \(journalSeq),\n")
        try section(.owner)
        try section(.purchase)
        try section(.sale)
        line("\"settings\": ")
        out.append(contentsOf: try encoder.encode(portfolio.settings))
        line(",\n\"version\": \(schemaVersion)\n}\n")
        return out
    }

    /// Decodes a snapshot, migrating older schemas. Errors name the file, line and column.
    public static func decode(_ bytes: [UInt8], file: String) throws -> (Portfolio, journalSeq: Int) {
        // One parse in the common case: the body carries format and version too. Only when that
        // fails, or the version is old, is the header read on its own.
        var data = Data(bytes)
        var body: Body
        do {
            body = try JSONDecoder().decode(Body.self, from: data)
        } catch {
            if let header = try? JSONDecoder().decode(Header.self, from: data) { try check(header, file: file) }
            throw locate(error, in: bytes, file: file)
        }
        let version = try check(Header(format: body.format, version: body.version), file: file)
        if version < schemaVersion {
            data = try Migrations.migrate(data, from: version, file: file)
            do { body = try JSONDecoder().decode(Body.self, from: data) } catch {
                throw locate(error, in: [UInt8](data), file: file)
            }
        }
        try checkUniqueIds(body, file: file, bytes: bytes)
        let portfolio = Portfolio(
            settings: body.settings ?? Settings(), accounts: body.accounts ?? [], owners: body.owners ?? [],
            contacts: body.contacts ?? [], interactions: body.interactions ?? [], sales: body.sales ?? [],
            purchases: body.purchases ?? [], evaluations: body.evaluations ?? [])
        return (portfolio, body.journalSeq ?? 0)
    }

    /// The schema version, if this build can read it.
    @discardableResult
    static func check(_ header: Header, file: String) throws -> Int {
        guard header.format == formatName else {
            throw StoreError.unreadable(
                file: file, line: nil, column: nil,
                reason:
                    "this is not a Rapport store (format is '\(header.format ?? "missing")', expected '\(formatName)')")
        }
        guard let version = header.version, version >= 1 else {
            throw StoreError.unreadable(
                file: file, line: nil, column: nil, reason: "the schema version is missing or not a positive number")
        }
        guard version <= schemaVersion else {
            throw StoreError.unsupportedVersion(file: file, found: version, supported: schemaVersion)
        }
        return version
    }

    struct Header: Decodable {
        let format: String?
        let version: Int?
    }

    struct Body: Decodable {
        let format: String?
        let version: Int?
        let accounts: [Account]?
        let owners: [Owner]?
        let contacts: [Contact]?
        let interactions: [Interaction]?
        let sales: [Sale]?
        let purchases: [Purchase]?
        let evaluations: [SupplierEvaluation]?
        let settings: Settings?
        let journalSeq: Int?
    }

    /// Encodes the record alone (not wrapped with its kind).
    struct RecordBox: Encodable {
        let record: AnyRecord
        func encode(to encoder: any Encoder) throws { try record.base.encode(to: encoder) }
    }

    static func checkUniqueIds(_ body: Body, file: String, bytes: [UInt8]) throws {
        func check(_ ids: [String]?, _ kind: RecordKind) throws {
            var seen = Set<String>()
            for (index, id) in (ids ?? []).enumerated() where !seen.insert(id).inserted {
                let offset = JSONLocator.offset(of: [kind.plural, String(index)], in: bytes)
                let place = offset.map { JSONLocator.lineAndColumn(of: $0, in: bytes) }
                throw StoreError.unreadable(
                    file: file, line: place?.line, column: place?.column,
                    reason: "\(kind.rawValue) id '\(FieldRules.visible(id))' appears twice; ids must be unique")
            }
        }
        try check(body.accounts?.map(\.id), .account)
        try check(body.owners?.map(\.id), .owner)
        try check(body.contacts?.map(\.id), .contact)
        try check(body.interactions?.map(\.id), .interaction)
        try check(body.sales?.map(\.id), .sale)
        try check(body.purchases?.map(\.id), .purchase)
        try check(body.evaluations?.map(\.id), .evaluation)
    }

    /// Turns a decoding failure into an error that names the line and column.
    static func locate(_ error: any Error, in bytes: [UInt8], file: String) -> StoreError {
        if bytes.isEmpty {
            return .unreadable(file: file, line: 1, column: 1, reason: "the file is empty (was it truncated?)")
        }
        if let syntax = JSONLocator.syntaxError(in: bytes) {
            let place = JSONLocator.lineAndColumn(of: syntax.offset, in: bytes)
            return .unreadable(
                file: file, line: place.line, column: place.column, reason: "invalid JSON: \(syntax.reason)")
        }
        guard let decoding = error as? DecodingError else {
            return .unreadable(file: file, line: nil, column: nil, reason: "\(error)")
        }
        let (path, reason) = describe(decoding)
        let offset =
            JSONLocator.offset(of: path.map { $0.intValue.map(String.init) ?? $0.stringValue }, in: bytes)
            ?? JSONLocator.offset(of: path.dropLast().map { $0.intValue.map(String.init) ?? $0.stringValue }, in: bytes)
        let place = offset.map { JSONLocator.lineAndColumn(of: $0, in: bytes) }
        return .unreadable(file: file, line: place?.line, column: place?.column, reason: reason)
    }

    /// A readable coding path (`accounts[3].name`) and what was wrong there.
    static func describe(_ error: DecodingError) -> ([any CodingKey], String) {
        func pathText(_ path: [any CodingKey]) -> String {
            var text = ""
            for key in path {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += (text.isEmpty ? "" : ".") + key.stringValue
                }
            }
            return text.isEmpty ? "the top level" : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            let path = context.codingPath + [key]
            return (context.codingPath, "\(pathText(path)) is missing; every record needs it")
        case .typeMismatch(let type, let context):
            return (
                context.codingPath,
                "\(pathText(context.codingPath)) should be \(typeName(type)): \(context.debugDescription)"
            )
        case .valueNotFound(let type, let context):
            return (context.codingPath, "\(pathText(context.codingPath)) is null; it should be \(typeName(type))")
        case .dataCorrupted(let context):
            return (context.codingPath, "\(pathText(context.codingPath)): \(context.debugDescription)")
        @unknown default:
            return ([], "\(error)")
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default: "\(type)"
        }
    }
}

/// Upgrades older snapshot schemas to the current one, step by step, before decoding.
///
/// Schema 1 is the first released schema, so the chain is empty today. When schema 2 comes,
/// add `1: { object in … }` that rewrites a version-1 JSON object into version 2.
public enum Migrations {
    typealias Step = @Sendable ([String: Any]) throws -> [String: Any]
    static let steps: [Int: Step] = [:]

    static func migrate(_ data: Data, from version: Int, file: String) throws -> Data {
        guard var object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw StoreError.unreadable(file: file, line: 1, column: 1, reason: "the top level is not a JSON object")
        }
        for step in version..<SnapshotCodec.schemaVersion {
            guard let migrate = steps[step] else {
                throw StoreError.unsupportedVersion(file: file, found: version, supported: SnapshotCodec.schemaVersion)
            }
            object = try migrate(object)
            object["version"] = step + 1
        }
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }
}
