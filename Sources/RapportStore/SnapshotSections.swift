import Foundation
import RapportDomain

extension SnapshotCodec {
    /// Bytes per piece of a section: small enough that two cores share a large section evenly.
    static let pieceSize = 4 << 20

    /// Decodes the record sections, split into pieces at record lines and read in parallel by
    /// ``RecordReader``. A section the reader declines is read again, whole, by `JSONDecoder`,
    /// which gives the same records or the error with its place.
    static func decodeRecords(
        _ kinds: [RecordKind], _ sections: [String: Range<Int>], _ bytes: [UInt8], pieceSize: Int = pieceSize
    ) throws
        -> DecodedSection.Collected
    {
        var found: [(kind: RecordKind, range: Range<Int>, last: Bool)] = []
        var declined: Set<RecordKind> = []
        bytes.withUnsafeBufferPointer { buffer in
            for kind in kinds {
                guard let range = sections[kind.plural] else { continue }
                guard let split = split(buffer, section: range, pieceSize: pieceSize) else {
                    declined.insert(kind)
                    continue
                }
                for (offset, piece) in split.enumerated() { found.append((kind, piece, offset == split.count - 1)) }
            }
        }
        let pieces = found
        let results = Slots<Result<DecodedSection, any Error>>(count: pieces.count)
        DispatchQueue.concurrentPerform(iterations: pieces.count) { index in
            let piece = pieces[index]
            let result = Result {
                try bytes.withUnsafeBufferPointer { buffer in
                    var reader = RecordReader(buffer, piece.range)
                    return try DecodedSection.read(piece.kind, &reader, last: piece.last)
                }
            }
            results.set(index, result)
        }
        var parts: [RecordKind: [DecodedSection]] = [:]
        for (index, piece) in pieces.enumerated() {
            guard let part = try? results.get(index).get() else {
                declined.insert(piece.kind)
                continue
            }
            parts[piece.kind, default: []].append(part)
        }
        var collected = DecodedSection.Collected()
        for kind in kinds {
            if let range = sections[kind.plural], declined.contains(kind) {
                // Foundation's decoder skips keys a record does not have without holding what is
                // in them to strict JSON (`[1,]`, `-01`, raw control characters): check first.
                // The caller locates the syntax error in the whole file.
                if let syntax = JSONLocator.syntaxError(in: Array(bytes[range])) {
                    throw SectionError(kind: kind, underlying: syntax)
                }
                do { try DecodedSection.decode(kind, Data(bytes[range])).collect(into: &collected) } catch {
                    throw SectionError(kind: kind, underlying: error)
                }
            } else {
                for part in parts[kind] ?? [] { part.collect(into: &collected) }
            }
        }
        return collected
    }

    /// The inside of a section's `[ … ]`, cut into pieces of about ``pieceSize`` bytes, each
    /// starting at a line that starts with `{`. Raw newlines cannot occur inside JSON strings, so
    /// a cut is between records, or, in a hand-formatted file, inside one, which the reader
    /// then declines (the piece before it ends in the middle of a value).
    static func split(_ buffer: UnsafeBufferPointer<UInt8>, section: Range<Int>, pieceSize: Int) -> [Range<Int>]? {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }
        var lower = section.lowerBound
        var upper = section.upperBound
        while lower < upper, isSpace(buffer[lower]) { lower += 1 }
        while upper > lower, isSpace(buffer[upper - 1]) { upper -= 1 }
        guard upper - lower >= 2, buffer[lower] == UInt8(ascii: "["), buffer[upper - 1] == UInt8(ascii: "]") else {
            return nil
        }
        lower += 1
        upper -= 1
        var pieces: [Range<Int>] = []
        var start = lower
        var probe = lower + pieceSize
        while probe < upper {
            guard let found = memchr(buffer.baseAddress! + probe, 0x0A, upper - probe) else { break }
            let newline = buffer.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if newline + 1 < upper, buffer[newline + 1] == UInt8(ascii: "{") {
                pieces.append(start..<(newline + 1))
                start = newline + 1
                probe = start + pieceSize
            } else {
                probe = newline + 1
            }
        }
        pieces.append(start..<upper)
        return pieces
    }
}

extension DecodedSection {
    /// Reads one piece of a section: records separated by commas, with a trailing comma unless
    /// the piece is the section's last.
    static func read(_ kind: RecordKind, _ reader: inout RecordReader, last: Bool) throws -> DecodedSection {
        switch kind {
        case .account: .accounts(try records(&reader, last: last))
        case .owner: .owners(try records(&reader, last: last))
        case .contact: .contacts(try records(&reader, last: last))
        case .interaction: .interactions(try records(&reader, last: last))
        case .sale: .sales(try records(&reader, last: last))
        case .purchase: .purchases(try records(&reader, last: last))
        case .evaluation: .evaluations(try records(&reader, last: last))
        }
    }

    static func records<R: ReadableRecord>(_ reader: inout RecordReader, last: Bool) throws -> [R] {
        var records: [R] = []
        records.reserveCapacity((reader.end - reader.index) / 120)
        if reader.atEnd {
            guard last else { throw Decline() }
            return records
        }
        while true {
            records.append(try R.read(&reader))
            let comma = reader.consume(UInt8(ascii: ","))
            if reader.atEnd {
                // A piece before the last ends with the comma that separates it from the next.
                guard comma != last else { throw Decline() }
                return records
            }
            guard comma else { throw Decline() }
        }
    }
}

extension DecodedSection.Collected {
    var counts: [Int] {
        func total<R>(_ pieces: [[R]]) -> Int { pieces.reduce(0) { $0 + $1.count } }
        return [
            total(accounts), total(owners), total(contacts), total(interactions), total(sales), total(purchases),
            total(evaluations),
        ]
    }
}

/// The decoded sections keyed by id, the seven record maps built at once.
final class KeyedSections: @unchecked Sendable {
    var accounts = RecordMap<Account>()
    var owners = RecordMap<Owner>()
    var contacts = RecordMap<Contact>()
    var interactions = RecordMap<Interaction>()
    var sales = RecordMap<Sale>()
    var purchases = RecordMap<Purchase>()
    var evaluations = RecordMap<SupplierEvaluation>()

    /// The kinds with a record that names an account or owner the snapshot lacks (each found
    /// in its decoded pieces before they were keyed); the store words the error.
    private(set) var suspect: Set<RecordKind> = []
    private let lock = NSLock()

    /// Each worker writes only its own property. The arrays are moved into the record maps, so
    /// `decoded` is left empty: a copy would retain and release every record's strings.
    init(taking decoded: inout DecodedSection.Collected) {
        let pending = Pending(decoded)
        decoded = DecodedSection.Collected()
        let references = References(accounts: References.ids(pending.accounts), owners: References.ids(pending.owners))
        /// The pieces of one kind, checked in place, then keyed.
        @Sendable func keyed<R: ReferringRecord>(_ path: ReferenceWritableKeyPath<Pending, [[R]]>) -> RecordMap<R> {
            let pieces = pending.take(path)
            if references.broken(pieces) { lock.withLock { _ = suspect.insert(R.kind) } }
            return Portfolio.keyed(pieces: pieces)
        }
        DispatchQueue.concurrentPerform(iterations: 7) { index in
            switch index {
            case 0: interactions = keyed(\Pending.interactions)
            case 1: sales = keyed(\Pending.sales)
            case 2: purchases = keyed(\Pending.purchases)
            case 3: evaluations = keyed(\Pending.evaluations)
            case 4: contacts = keyed(\Pending.contacts)
            case 5: accounts = keyed(\Pending.accounts)
            default: owners = keyed(\Pending.owners)
            }
        }
    }

    /// The accounts and owners a snapshot holds, for checking what its records refer to.
    struct References: Sendable {
        let accounts: Set<String>
        let owners: Set<String>

        /// The ids of the records in `pieces`, read where they are (not copying each record).
        static func ids<R: Record>(_ pieces: [[R]]) -> Set<String> {
            var ids = Set<String>(minimumCapacity: pieces.reduce(0) { $0 + $1.count })
            for piece in pieces {
                piece.withUnsafeBufferPointer { records in
                    guard let start = records.baseAddress else { return }
                    for position in records.indices { ids.insert((start + position).pointee.id) }
                }
            }
            return ids
        }

        /// Whether a record in `pieces` names a missing account or owner (``ReferringRecord``'s
        /// rule). The pieces are in file order, where an account's records come one after
        /// another, so an id is looked up only when it differs from the one before (a tenth of
        /// the lookups of a check by id).
        func broken<R: ReferringRecord>(_ pieces: [[R]]) -> Bool {
            var lastAccount: String?
            var lastOwner: String?
            func isAccount(_ id: String) -> Bool {
                guard id != lastAccount else { return true }
                lastAccount = id
                return accounts.contains(id)
            }
            func isOwner(_ id: String) -> Bool {
                guard id != lastOwner else { return true }
                lastOwner = id
                return owners.contains(id)
            }
            for piece in pieces {
                let found = piece.withUnsafeBufferPointer { records -> Bool in
                    guard let start = records.baseAddress else { return false }
                    return records.indices.contains {
                        R.refersToMissing(start + $0, accounts: isAccount, owners: isOwner)
                    }
                }
                if found { return true }
            }
            return false
        }
    }

    /// The decoded arrays, each taken (and so uniquely owned) by one worker: one property each,
    /// so that no two workers touch the same one.
    final class Pending: @unchecked Sendable {
        var accounts: [[Account]]
        var owners: [[Owner]]
        var contacts: [[Contact]]
        var interactions: [[Interaction]]
        var sales: [[Sale]]
        var purchases: [[Purchase]]
        var evaluations: [[SupplierEvaluation]]

        init(_ collected: DecodedSection.Collected) {
            accounts = collected.accounts
            owners = collected.owners
            contacts = collected.contacts
            interactions = collected.interactions
            sales = collected.sales
            purchases = collected.purchases
            evaluations = collected.evaluations
        }

        func take<R>(_ path: ReferenceWritableKeyPath<Pending, [[R]]>) -> [[R]] {
            let records = self[keyPath: path]
            self[keyPath: path] = []
            return records
        }
    }

    var counts: [Int] {
        [
            accounts.count, owners.count, contacts.count, interactions.count, sales.count, purchases.count,
            evaluations.count,
        ]
    }
}
