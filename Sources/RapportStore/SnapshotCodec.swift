import Foundation
import RapportDomain

/// The snapshot file: one JSON object, one record per line.
///
/// ```
/// {
/// "format": "rapport-store",
/// "version": 1,
/// "journalSeq": 42,
/// "serials": {…},
/// "settings": {…},
/// "accounts": [
/// {"id":"acc-000001","name":"Kontorsmöbler AB",…},
/// …
/// ],
/// "owners": [
/// …
/// ]
/// }
/// ```
/// The same portfolio always gives the same bytes: sections in ``sectionOrder``, records by id,
/// keys sorted. Any JSON layout and key order reads (older files had the keys sorted).
public enum SnapshotCodec {
    public static let formatName = "rapport-store"
    /// The schema this build writes. Older schemas are migrated on read (see ``Migrations``).
    public static let schemaVersion = 1

    public static func recordEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The record sections in file order: the directory (what a first frame shows) before the history.
    static let sectionOrder: [RecordKind] = [.account, .owner, .contact, .evaluation, .interaction, .purchase, .sale]

    /// Encodes a portfolio; `journalSeq` is the last journal entry it includes.
    public static func encode(_ portfolio: Portfolio, journalSeq: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(portfolio.accounts.count * 400 + portfolio.interactions.count * 160 + 4096)
        func line(_ text: String) { out.append(contentsOf: text.utf8) }
        func section(_ kind: RecordKind, last: Bool) throws {
            let records = portfolio.records(of: kind)
            line("\"\(kind.plural)\": [")
            // Encoded in runs of records on every core and joined in order: the same bytes as
            // one record at a time, in half the time on two cores (a compaction at 100,000
            // accounts spends most of its time here).
            let run = 4096
            let runs = (records.count + run - 1) / run
            let parts = Slots<Result<[UInt8], any Error>>(count: runs)
            DispatchQueue.concurrentPerform(iterations: runs) { index in
                let encoder = recordEncoder()
                parts.set(
                    index,
                    Result {
                        var part: [UInt8] = []
                        for position in index * run..<min(records.count, (index + 1) * run) {
                            part.append(contentsOf: position == 0 ? [0x0A] : [0x2C, 0x0A])
                            part.append(contentsOf: try encoder.encode(BareRecord(records[position])))
                        }
                        return part
                    })
            }
            for index in 0..<runs { out.append(contentsOf: try parts.get(index).get()) }
            line(records.isEmpty ? "]" : "\n]")
            line(last ? "\n" : ",\n")
        }
        line("{\n")
        // The header first, then what the first frame needs (accounts, owners, contacts), then
        // the history, so that a large store's first frame reads only the start of the file.
        line("\"format\": \"\(formatName)\",\n\"version\": \(schemaVersion),\n\"journalSeq\": \(journalSeq),\n")
        let sealAt = out.count + Seal.line.utf8.count - Seal.placeholder.utf8.count - 3
        line(Seal.line)
        line("\"serials\": ")
        out.append(contentsOf: try encodeSerials(portfolio.serials))
        line(",\n\"settings\": ")
        out.append(contentsOf: try encodeSettings(portfolio.settings))
        line(",\n")
        for kind in sectionOrder { try section(kind, last: kind == sectionOrder.last) }
        line("}\n")
        Seal.seal(&out, valueAt: sealAt)
        return out
    }

    /// The id serials as a snapshot holds them: every kind, by its raw name.
    public static func encodeSerials(_ serials: [RecordKind: Int]) throws -> [UInt8] {
        let named = Dictionary(uniqueKeysWithValues: RecordKind.allCases.map { ($0.rawValue, serials[$0] ?? 0) })
        return [UInt8](try recordEncoder().encode(named))
    }

    public static func encodeSettings(_ settings: Settings) throws -> [UInt8] {
        [UInt8](try recordEncoder().encode(settings))
    }

    /// One record's JSON as a snapshot section holds it.
    public static func encodeRecord(_ record: AnyRecord, with encoder: JSONEncoder = recordEncoder()) throws -> [UInt8]
    {
        [UInt8](try encoder.encode(BareRecord(record)))
    }

    /// A snapshot laid out as ``encode(_:journalSeq:)`` lays one out, from its parts: each kind's
    /// records as JSON objects joined by ",\n". Another backend reads its records through
    /// ``decode(_:file:only:)`` this way, on the same fast path. It carries no seal.
    public static func assemble(
        journalSeq: Int, serials: [UInt8], settings: [UInt8], sections: [RecordKind: [UInt8]]
    ) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(sections.values.reduce(4096) { $0 + $1.count + 64 })
        func line(_ text: String) { out.append(contentsOf: text.utf8) }
        line("{\n\"format\": \"\(formatName)\",\n\"version\": \(schemaVersion),\n\"journalSeq\": \(journalSeq),\n")
        line("\"serials\": ")
        out.append(contentsOf: serials)
        line(",\n\"settings\": ")
        out.append(contentsOf: settings)
        let kinds = sectionOrder.filter { sections[$0] != nil }
        for kind in kinds {
            line(",\n\"\(kind.plural)\": [")
            if let records = sections[kind], !records.isEmpty {
                line("\n")
                out.append(contentsOf: records)
                line("\n")
            }
            line("]")
        }
        line("\n}\n")
        return out
    }

    /// Decodes a snapshot, migrating older schemas. Errors name the file, line and column.
    public static func decode(_ bytes: [UInt8], file: String, only kinds: Set<RecordKind>? = nil) throws -> (
        Portfolio, journalSeq: Int
    ) {
        let decoded = try decodeNoting(bytes, file: file, only: kinds)
        return (decoded.portfolio, decoded.journalSeq)
    }

    /// What ``decode(_:file:only:)`` gives, with the kinds that may hold a record naming an
    /// account or owner the snapshot lacks: every other kind was checked while it was read. Nil
    /// when not known (the general path): then every kind must be checked.
    static func decodeNoting(_ bytes: [UInt8], file: String, only kinds: Set<RecordKind>? = nil) throws -> (
        portfolio: Portfolio, journalSeq: Int, suspect: Set<RecordKind>?
    ) {
        // Fast path: a snapshot laid out as this codec writes it splits into sections without
        // parsing, and the sections decode in parallel (and only those asked for).
        let laidOut: [String: Range<Int>]?
        do { laidOut = try split(bytes, lineLimit: LineLimit.snapshot) } catch { throw error.located(in: file) }
        if let sections = laidOut, let header = try? decodeHeader(sections, bytes),
            (try? check(header, file: file)) == schemaVersion
        {
            do {
                return try decodeSections(sections, bytes, only: kinds, file: file)
            } catch let error as SectionError {
                throw locate(error.underlying, in: bytes, file: file, under: [error.kind.plural])
            } catch {
                throw locate(error, in: bytes, file: file)
            }
        }
        let (portfolio, journalSeq) = try decodeWhole(bytes, file: file)
        return (portfolio, journalSeq, nil)
    }

    /// The general path: any valid JSON layout, older schemas migrated first.
    static func decodeWhole(_ bytes: [UInt8], file: String) throws -> (Portfolio, journalSeq: Int) {
        var data = Data(bytes)
        var body: Body
        try LineLimit.check(bytes, limit: LineLimit.snapshot, file: file)
        // Strict JSON throughout, in keys a record does not have too (Foundation's decoder skips them leniently).
        if let syntax = JSONLocator.syntaxError(in: bytes) { throw locate(syntax, in: bytes, file: file) }
        do {
            body = try JSONDecoder().decode(Body.self, from: data)
        } catch {
            if let header = try? JSONDecoder().decode(Header.self, from: data) { try check(header, file: file) }
            throw locate(error, in: bytes, file: file)
        }
        let version = try check(Header(format: body.format, version: body.version), file: file)
        if version < schemaVersion {
            data = try Migrations.migrate(data, from: version, file: file)
            do {
                body = try JSONDecoder().decode(Body.self, from: data)
            } catch {
                throw locate(error, in: [UInt8](data), file: file)
            }
        }
        try checkUniqueIds(body, file: file, bytes: bytes)
        var portfolio = Portfolio(
            settings: body.settings ?? Settings(), accounts: body.accounts ?? [], owners: body.owners ?? [],
            contacts: body.contacts ?? [], interactions: body.interactions ?? [], sales: body.sales ?? [],
            purchases: body.purchases ?? [], evaluations: body.evaluations ?? [])
        portfolio.raiseSerials(floors(body.serials))
        return (portfolio, body.journalSeq ?? 0)
    }

    static func floors(_ serials: [String: Int]?) -> [RecordKind: Int] {
        var result: [RecordKind: Int] = [:]
        for (key, value) in serials ?? [:] { if let kind = RecordKind(rawValue: key) { result[kind] = value } }
        return result
    }

    /// The length of the file's start that holds its header and every section of `kinds`, in this
    /// codec's layout: up to the first top-level key after all of them. Nil when `bytes` (the
    /// start of the file) does not reach that far, or the file is laid out otherwise.
    static func prefixLength(_ bytes: [UInt8], covering kinds: Set<RecordKind>) -> Int? {
        guard bytes.starts(with: [UInt8(ascii: "{"), 0x0A]) else { return nil }
        var missing = Set(kinds.map(\.plural) + ["format", "version", "journalSeq", "serials", "settings"])
        return bytes.withUnsafeBufferPointer { buffer -> Int? in
            var lineStart = 2
            while lineStart < buffer.count {
                // Only whole lines count: a key cut off at the end of the buffer is not yet known.
                guard let newline = memchr(buffer.baseAddress! + lineStart, 0x0A, buffer.count - lineStart) else {
                    return nil
                }
                let lineEnd = buffer.baseAddress!.distance(to: newline.assumingMemoryBound(to: UInt8.self))
                if buffer[lineStart] == UInt8(ascii: "\"") {
                    var index = lineStart + 1
                    while index < lineEnd, buffer[index] != UInt8(ascii: "\"") { index += 1 }
                    if index + 2 < lineEnd, buffer[index + 1] == UInt8(ascii: ":"), buffer[index + 2] == 0x20 {
                        let key = String(decoding: buffer[(lineStart + 1)..<index], as: UTF8.self)
                        if missing.isEmpty { return lineStart }
                        missing.remove(key)
                    }
                } else if buffer[lineStart] == UInt8(ascii: "}") {
                    return nil
                }
                lineStart = lineEnd + 1
            }
            return nil
        }
    }

    /// The file's start cut to `length` bytes (from ``prefixLength``) and closed, so that it reads
    /// as a snapshot holding the header and the sections before the cut.
    static func close(_ bytes: inout [UInt8], at length: Int) {
        // In place: the start of a large snapshot is hundreds of megabytes.
        bytes.removeSubrange(length...)
        bytes.append(contentsOf: "}\n".utf8)
    }

    /// Top-level key → byte range of its value, for files in this codec's layout (every top-level
    /// key starts a line with `"`; records are one per line starting with `{`). Nil otherwise.
    static func split(_ bytes: [UInt8]) -> [String: Range<Int>]? { try? split(bytes, lineLimit: .max) }

    /// ``split(_:)``, refusing a line longer than `lineLimit` as it walks the lines (so the limit
    /// costs no pass of its own over a large snapshot).
    static func split(_ bytes: [UInt8], lineLimit: Int) throws(LineLimit.TooLong) -> [String: Range<Int>]? {
        guard bytes.starts(with: [UInt8(ascii: "{"), 0x0A]) else { return nil }
        var headers: [(key: String, value: Int, line: Int)] = []
        var closing: Int?
        var lineStart = 2
        var lineNumber = 2
        var tooLong: LineLimit.TooLong?
        bytes.withUnsafeBufferPointer { buffer in
            while lineStart < buffer.count {
                let first = buffer[lineStart]
                if first == UInt8(ascii: "\"") {
                    var index = lineStart + 1
                    while index < buffer.count, buffer[index] != UInt8(ascii: "\"") { index += 1 }
                    if index + 2 < buffer.count, buffer[index + 1] == UInt8(ascii: ":"), buffer[index + 2] == 0x20 {
                        let key = String(decoding: buffer[(lineStart + 1)..<index], as: UTF8.self)
                        headers.append((key, index + 3, lineStart))
                    }
                } else if first == UInt8(ascii: "}") {
                    closing = lineStart
                }
                let lineEnd =
                    memchr(buffer.baseAddress! + lineStart, 0x0A, buffer.count - lineStart).map {
                        buffer.baseAddress!.distance(to: $0.assumingMemoryBound(to: UInt8.self))
                    } ?? buffer.count
                if lineEnd - lineStart > lineLimit {
                    tooLong = LineLimit.TooLong(line: lineNumber, length: lineEnd - lineStart, limit: lineLimit)
                    return
                }
                lineStart = lineEnd + 1
                lineNumber += 1
            }
        }
        if let tooLong { throw tooLong }
        guard let end = closing, !headers.isEmpty, Set(headers.map(\.key)).count == headers.count else { return nil }
        var result: [String: Range<Int>] = [:]
        for (offset, header) in headers.enumerated() {
            var upper = offset + 1 < headers.count ? headers[offset + 1].line : end
            // Drop the separator: trailing whitespace and one comma.
            while upper > header.value, [0x0A, 0x20, 0x0D, 0x09].contains(bytes[upper - 1]) { upper -= 1 }
            if upper > header.value, bytes[upper - 1] == UInt8(ascii: ",") { upper -= 1 }
            guard upper > header.value else { return nil }
            result[header.key] = header.value..<upper
        }
        return result
    }

    static func decodeHeader(_ sections: [String: Range<Int>], _ bytes: [UInt8]) throws -> Header {
        func value<T: Decodable>(_ key: String, _ type: T.Type) throws -> T? {
            guard let range = sections[key] else { return nil }
            return try JSONDecoder().decode(T.self, from: Data(bytes[range]))
        }
        return Header(format: try value("format", String.self), version: try value("version", Int.self))
    }

    /// Decodes the sections of a split snapshot, in parallel.
    static func decodeSections(
        _ sections: [String: Range<Int>], _ bytes: [UInt8], only kinds: Set<RecordKind>?, file: String
    )
        throws -> (portfolio: Portfolio, journalSeq: Int, suspect: Set<RecordKind>?)
    {
        let known = Set(
            RecordKind.allCases.map(\.plural) + ["format", "version", "journalSeq", Seal.key, "serials", "settings"])
        if let unknown = sections.keys.first(where: { !known.contains($0) }) {
            throw StoreError.unreadable(
                file: file, line: nil, column: nil,
                reason:
                    "unknown section '\(FieldRules.visible(unknown))'; it may come from a newer Rapport: upgrade rapport"
            )
        }
        let wanted = RecordKind.allCases.filter { kinds?.contains($0) ?? true }
        var decoded = try decodeRecords(wanted, sections, bytes)
        func value<T: Decodable>(_ key: String, _ type: T.Type) throws -> T? {
            guard let range = sections[key] else { return nil }
            return try JSONDecoder().decode(T.self, from: Data(bytes[range]))
        }
        let settings = try value("settings", Settings.self) ?? Settings()
        let counts = decoded.counts
        let keyed = KeyedSections(taking: &decoded)
        // Fewer records by id than were read means an id repeats: the general path says where.
        if keyed.counts != counts {
            let (portfolio, journalSeq) = try decodeWhole(bytes, file: file)
            return (portfolio, journalSeq, nil)
        }
        var portfolio = Portfolio(
            settings: settings, keyedAccounts: keyed.accounts, owners: keyed.owners, contacts: keyed.contacts,
            interactions: keyed.interactions, sales: keyed.sales, purchases: keyed.purchases,
            evaluations: keyed.evaluations)
        portfolio.raiseSerials(floors(try value("serials", [String: Int].self)))
        return (portfolio, try value("journalSeq", Int.self) ?? 0, keyed.suspect)
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
        let serials: [String: Int]?
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
    static func locate(_ error: any Error, in bytes: [UInt8], file: String, under prefix: [String] = []) -> StoreError {
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
        let (path, reason) = describe(decoding, under: prefix)
        let keys = prefix + path.map { $0.intValue.map(String.init) ?? $0.stringValue }
        let offset =
            JSONLocator.offset(of: keys, in: bytes) ?? JSONLocator.offset(of: Array(keys.dropLast()), in: bytes)
        let place = offset.map { JSONLocator.lineAndColumn(of: $0, in: bytes) }
        return .unreadable(file: file, line: place?.line, column: place?.column, reason: reason)
    }

    /// A readable coding path (`accounts[3].name`) and what was wrong there. `prefix` names the
    /// keys above the part that was decoded (a section read on its own).
    static func describe(_ error: DecodingError, under prefix: [String] = []) -> ([any CodingKey], String) {
        func pathText(_ path: [any CodingKey]) -> String {
            var text = prefix.joined(separator: ".")
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

    /// Applies `steps[v]` for v = version ..< target. Numbers pass through `JSONSerialization`;
    /// a new step's test must check that amounts survive it unchanged.
    static func migrate(
        _ data: Data, from version: Int, file: String, steps: [Int: Step] = steps,
        to target: Int = SnapshotCodec.schemaVersion
    ) throws -> Data {
        guard var object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw StoreError.unreadable(file: file, line: 1, column: 1, reason: "the top level is not a JSON object")
        }
        for step in version..<target {
            guard let migrate = steps[step] else {
                throw StoreError.unsupportedVersion(file: file, found: version, supported: target)
            }
            object = try migrate(object)
            object["version"] = step + 1
        }
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }
}

/// One decoded snapshot section.
enum DecodedSection: Sendable {
    case accounts([Account])
    case owners([Owner])
    case contacts([Contact])
    case interactions([Interaction])
    case sales([Sale])
    case purchases([Purchase])
    case evaluations([SupplierEvaluation])

    static func decode(_ kind: RecordKind, _ data: Data) throws -> DecodedSection {
        let decoder = JSONDecoder()
        switch kind {
        case .account: return .accounts(try decoder.decode([Account].self, from: data))
        case .owner: return .owners(try decoder.decode([Owner].self, from: data))
        case .contact: return .contacts(try decoder.decode([Contact].self, from: data))
        case .interaction: return .interactions(try decoder.decode([Interaction].self, from: data))
        case .sale: return .sales(try decoder.decode([Sale].self, from: data))
        case .purchase: return .purchases(try decoder.decode([Purchase].self, from: data))
        case .evaluation: return .evaluations(try decoder.decode([SupplierEvaluation].self, from: data))
        }
    }

    /// Each kind's records, in the pieces they were decoded in (joining them would copy every
    /// record, retaining its strings: keying takes the pieces as they are).
    struct Collected {
        var accounts: [[Account]] = []
        var owners: [[Owner]] = []
        var contacts: [[Contact]] = []
        var interactions: [[Interaction]] = []
        var sales: [[Sale]] = []
        var purchases: [[Purchase]] = []
        var evaluations: [[SupplierEvaluation]] = []
    }

    /// Adds this section, or this piece of it, after what was collected before.
    func collect(into collected: inout Collected) {
        func add<R>(_ records: [R], to target: inout [[R]]) { target.append(records) }
        switch self {
        case .accounts(let values): add(values, to: &collected.accounts)
        case .owners(let values): add(values, to: &collected.owners)
        case .contacts(let values): add(values, to: &collected.contacts)
        case .interactions(let values): add(values, to: &collected.interactions)
        case .sales(let values): add(values, to: &collected.sales)
        case .purchases(let values): add(values, to: &collected.purchases)
        case .evaluations(let values): add(values, to: &collected.evaluations)
        }
    }
}

/// A decoding failure inside one section of a split snapshot.
struct SectionError: Error {
    let kind: RecordKind
    let underlying: any Error
}
