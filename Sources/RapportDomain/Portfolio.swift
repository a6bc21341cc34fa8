import Dispatch

/// Everything a store holds, in memory: the single value every report and pane reads.
///
/// Records are kept by id. Applying a ``Change`` checks its base version, so a change made against
/// a stale copy of a record is refused with a ``ConflictError`` instead of overwriting newer data.
public struct Portfolio: Hashable, Sendable {
    public static func == (lhs: Portfolio, rhs: Portfolio) -> Bool {
        lhs.settings == rhs.settings && lhs.accounts == rhs.accounts && lhs.owners == rhs.owners
            && lhs.contacts == rhs.contacts && lhs.interactions == rhs.interactions && lhs.sales == rhs.sales
            && lhs.purchases == rhs.purchases && lhs.evaluations == rhs.evaluations
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(settings)
        hasher.combine(accounts.count)
        hasher.combine(interactions.count)
    }

    public var settings: Settings
    // Changed only through `apply`/`replay`, which keep the indexes below in step.
    public internal(set) var accounts: RecordMap<Account>
    public internal(set) var owners: RecordMap<Owner>
    public internal(set) var contacts: RecordMap<Contact>
    public internal(set) var interactions: RecordMap<Interaction>
    public internal(set) var sales: RecordMap<Sale>
    public internal(set) var purchases: RecordMap<Purchase>
    public internal(set) var evaluations: RecordMap<SupplierEvaluation>
    /// Name key → account id, for unique names and lookup by name in O(1).
    var accountNames: [String: String] = [:]
    /// Name key → owner id; email key → owner id.
    var ownerNames: [String: String] = [:]
    var ownerEmails: [String: String] = [:]
    /// "accountId period" → evaluation id: one evaluation per supplier and month.
    var evaluationPeriods: [String: String] = [:]
    /// The highest serial ever given to a generated id, per kind (`acc-000042` → 42). Kept in the
    /// snapshot, so new ids are never reused after a delete and can be made without loading a section.
    public private(set) var serials: [RecordKind: Int] = [:]
    /// The records changed since this portfolio was built, for analytics that redo only those.
    var log = ChangeLog()

    public init(
        settings: Settings = Settings(), accounts: [Account] = [], owners: [Owner] = [], contacts: [Contact] = [],
        interactions: [Interaction] = [], sales: [Sale] = [], purchases: [Purchase] = [],
        evaluations: [SupplierEvaluation] = []
    ) {
        self.init(
            settings: settings, keyedAccounts: Portfolio.keyed(accounts), owners: Portfolio.keyed(owners),
            contacts: Portfolio.keyed(contacts), interactions: Portfolio.keyed(interactions),
            sales: Portfolio.keyed(sales), purchases: Portfolio.keyed(purchases),
            evaluations: Portfolio.keyed(evaluations))
    }

    /// A portfolio of records already keyed by id (with ``keyed(_:)``, in parallel, say).
    public init(
        settings: Settings, keyedAccounts accounts: RecordMap<Account>, owners: RecordMap<Owner>,
        contacts: RecordMap<Contact>, interactions: RecordMap<Interaction>, sales: RecordMap<Sale>,
        purchases: RecordMap<Purchase>, evaluations: RecordMap<SupplierEvaluation>
    ) {
        self.settings = settings
        self.accounts = accounts
        self.owners = owners
        self.contacts = contacts
        self.interactions = interactions
        self.sales = sales
        self.purchases = purchases
        self.evaluations = evaluations
        for owner in self.owners.values.sorted(by: { $0.id > $1.id }) { indexOwner(owner) }
        // Where two records share a name (or a period), the smallest id is the one found.
        // Reading the two fields in place rather than copying each account out. The three
        // indexes are independent: for a large store (0.75 s on one core at 100,000 accounts)
        // each is built on a core of its own.
        let built = Built()
        let portfolio = self
        let jobs: [@Sendable () -> Void] = [
            {
                var names: [String: String] = [:]
                names.reserveCapacity(portfolio.accounts.count)
                portfolio.accounts.forEachInPlace { id, account in
                    Portfolio.keepSmallest(id, for: Portfolio.nameKey(account.pointee.name), in: &names)
                }
                built.names = names
            },
            {
                var periods: [String: String] = [:]
                periods.reserveCapacity(portfolio.evaluations.count)
                portfolio.evaluations.forEachInPlace { id, evaluation in
                    Portfolio.keepSmallest(
                        id, for: Portfolio.periodKey(evaluation.pointee.accountId, evaluation.pointee.period),
                        in: &periods)
                }
                built.periods = periods
            },
            {
                let serials = Dictionary(
                    uniqueKeysWithValues: RecordKind.allCases.map { ($0, portfolio.highestSerial(of: $0)) })
                built.serials = serials
            },
        ]
        if accounts.count + evaluations.count + interactions.count + sales.count < 50_000 {
            for job in jobs { job() }
        } else {
            DispatchQueue.concurrentPerform(iterations: jobs.count) { jobs[$0]() }
        }
        (accountNames, evaluationPeriods, serials) = (built.names, built.periods, built.serials)
    }

    /// What the jobs of `init` build: each job sets its own field, and the fields are read
    /// once every job has returned (`concurrentPerform` returns after the last), so no two
    /// threads ever touch one field.
    private final class Built: @unchecked Sendable {
        var names: [String: String] = [:]
        var periods: [String: String] = [:]
        var serials: [RecordKind: Int] = [:]
    }

    static func keepSmallest(_ id: String, for key: String, in index: inout [String: String]) {
        if let existing = index[key], existing < id { return }
        index[key] = id
    }

    mutating func indexOwner(_ owner: Owner) {
        ownerNames[Portfolio.nameKey(owner.name)] = owner.id
        if !owner.email.isEmpty { ownerEmails[Portfolio.nameKey(owner.email)] = owner.id }
    }

    static func periodKey(_ evaluation: SupplierEvaluation) -> String {
        periodKey(evaluation.accountId, evaluation.period)
    }

    static func periodKey(_ accountId: String, _ period: YearMonth) -> String {
        accountId + " " + period.description
    }

    /// Records by id; of a repeated id the last wins. Records are moved, not copied: this runs on
    /// millions of records when a store opens.
    @inlinable
    public static func keyed<R: Record>(_ records: consuming [R]) -> RecordMap<R> {
        RecordMap.keying(consume records) { $0.id }
    }

    /// The records of `pieces`, piece after piece, by id (see ``keyed(_:)``).
    @inlinable
    public static func keyed<R: Record>(pieces: consuming [[R]]) -> RecordMap<R> {
        RecordMap.keying(pieces: consume pieces) { $0.id }
    }

    /// The ids of the records changed since `old`, by kind, when this portfolio was made from
    /// `old` by applying changes (recently enough that the log still holds them); nil otherwise.
    public func changedRecords(since old: Portfolio) -> [RecordKind: Set<String>]? {
        guard log.lineage == old.log.lineage, log.generation >= old.log.generation else { return nil }
        let count = log.generation - old.log.generation
        guard count <= log.recent.count else { return nil }
        var changed: [RecordKind: Set<String>] = [:]
        for entry in log.recent.suffix(count) { changed[entry.kind, default: []].insert(entry.id) }
        return changed
    }

    /// The kinds of record that differ from `old`. Kinds an edit did not touch share storage
    /// with the old portfolio, so telling them apart is a pointer comparison, not a walk.
    public func changedKinds(since old: Portfolio) -> Set<RecordKind> {
        var changed: Set<RecordKind> = []
        if accounts != old.accounts { changed.insert(.account) }
        if owners != old.owners { changed.insert(.owner) }
        if contacts != old.contacts { changed.insert(.contact) }
        if interactions != old.interactions { changed.insert(.interaction) }
        if sales != old.sales { changed.insert(.sale) }
        if purchases != old.purchases { changed.insert(.purchase) }
        if evaluations != old.evaluations { changed.insert(.evaluation) }
        return changed
    }

    public var isEmpty: Bool {
        accounts.isEmpty && owners.isEmpty && contacts.isEmpty && interactions.isEmpty && sales.isEmpty
            && purchases.isEmpty && evaluations.isEmpty
    }

    public func count(of kind: RecordKind) -> Int {
        switch kind {
        case .account: accounts.count
        case .owner: owners.count
        case .contact: contacts.count
        case .interaction: interactions.count
        case .sale: sales.count
        case .purchase: purchases.count
        case .evaluation: evaluations.count
        }
    }

    /// The current version of a record, or nil if there is none.
    public func version(of kind: RecordKind, id: String) -> Int? {
        switch kind {
        case .account: accounts[id]?.version
        case .owner: owners[id]?.version
        case .contact: contacts[id]?.version
        case .interaction: interactions[id]?.version
        case .sale: sales[id]?.version
        case .purchase: purchases[id]?.version
        case .evaluation: evaluations[id]?.version
        }
    }

    /// The record of any kind, type-erased.
    public func record(of kind: RecordKind, id: String) -> AnyRecord? {
        switch kind {
        case .account: accounts[id].map(AnyRecord.account)
        case .owner: owners[id].map(AnyRecord.owner)
        case .contact: contacts[id].map(AnyRecord.contact)
        case .interaction: interactions[id].map(AnyRecord.interaction)
        case .sale: sales[id].map(AnyRecord.sale)
        case .purchase: purchases[id].map(AnyRecord.purchase)
        case .evaluation: evaluations[id].map(AnyRecord.evaluation)
        }
    }

    /// Records of one kind, ordered by id (the order files are written in).
    public func records(of kind: RecordKind) -> [AnyRecord] {
        func sorted<R: Record>(_ values: RecordMap<R>, _ wrap: (R) -> AnyRecord) -> [AnyRecord] {
            values.keys.sorted().map { wrap(values[$0]!) }
        }
        switch kind {
        case .account: return sorted(accounts, AnyRecord.account)
        case .owner: return sorted(owners, AnyRecord.owner)
        case .contact: return sorted(contacts, AnyRecord.contact)
        case .interaction: return sorted(interactions, AnyRecord.interaction)
        case .sale: return sorted(sales, AnyRecord.sale)
        case .purchase: return sorted(purchases, AnyRecord.purchase)
        case .evaluation: return sorted(evaluations, AnyRecord.evaluation)
        }
    }

    /// A fresh id for a new record of `kind`: the prefix and one more than the highest serial ever used.
    public func nextID(for kind: RecordKind) -> String {
        Portfolio.makeID(kind, (serials[kind] ?? 0) + 1)
    }

    /// Raises the serial floors (from a snapshot that knows of records not loaded, or deleted).
    public mutating func raiseSerials(_ floors: [RecordKind: Int]) {
        for (kind, floor) in floors { serials[kind] = max(serials[kind] ?? 0, floor) }
    }

    /// The serial in a generated id (`acc-000042` → 42), or nil for other ids.
    public static func serial(of id: String, kind: RecordKind) -> Int? {
        // Fast path for the usual form: the prefix, a dash, 1–18 ASCII digits.
        var utf8 = id.utf8.makeIterator()
        var matches = true
        for byte in kind.idPrefix.utf8 where utf8.next() != byte { matches = false }
        if matches, utf8.next() == UInt8(ascii: "-") {
            var value = 0
            var digits = 0
            while let byte = utf8.next() {
                guard byte >= 0x30, byte <= 0x39, digits < 18 else {
                    digits = -1
                    break
                }
                value = value * 10 + Int(byte - 0x30)
                digits += 1
            }
            if digits > 0 { return value }
        }
        let prefix = kind.idPrefix + "-"
        guard id.hasPrefix(prefix) else { return nil }
        return Int(id.dropFirst(prefix.count))
    }

    func highestSerial(of kind: RecordKind) -> Int {
        func scan(_ records: RecordMap<some Any>) -> Int {
            records.keys.reduce(0) { max($0, Portfolio.serial(of: $1, kind: kind) ?? 0) }
        }
        switch kind {
        case .account: return scan(accounts)
        case .owner: return scan(owners)
        case .contact: return scan(contacts)
        case .interaction: return scan(interactions)
        case .sale: return scan(sales)
        case .purchase: return scan(purchases)
        case .evaluation: return scan(evaluations)
        }
    }

    mutating func noteSerial(of record: AnyRecord) {
        if let serial = Portfolio.serial(of: record.id, kind: record.kind), serial > serials[record.kind] ?? 0 {
            serials[record.kind] = serial
        }
    }

    /// `acc-000042`: the id format generated ids use.
    public static func makeID(_ kind: RecordKind, _ serial: Int) -> String {
        kind.idPrefix + "-" + Day.pad(serial, 6)
    }

    /// Finds an account by id, else by exact name (case-insensitive, surrounding spaces ignored).
    public func account(matching reference: String) -> Account? {
        if let account = accounts[reference] { return account }
        return accountNames[Portfolio.nameKey(reference)].flatMap { accounts[$0] }
    }

    /// Finds an owner by id, email or name.
    public func owner(matching reference: String) -> Owner? {
        if let owner = owners[reference] { return owner }
        let key = Portfolio.nameKey(reference)
        return (ownerEmails[key] ?? ownerNames[key]).flatMap { owners[$0] }
    }

    /// How names are compared for uniqueness and lookup: trimmed and lowercased.
    public static func nameKey(_ name: some StringProtocol) -> String {
        let trimmed = name.trimmingASCIIWhitespace()
        // ASCII lowercases byte by byte (as `lowercased()` does it, without its Unicode tables):
        // this runs for every account when a store opens.
        if trimmed.utf8.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: trimmed.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
        }
        return String(trimmed).lowercased()
    }
}

/// One record of any kind: what a change carries and a file section holds.
public enum AnyRecord: Hashable, Sendable {
    case account(Account)
    case owner(Owner)
    case contact(Contact)
    case interaction(Interaction)
    case sale(Sale)
    case purchase(Purchase)
    case evaluation(SupplierEvaluation)

    public var kind: RecordKind {
        switch self {
        case .account: .account
        case .owner: .owner
        case .contact: .contact
        case .interaction: .interaction
        case .sale: .sale
        case .purchase: .purchase
        case .evaluation: .evaluation
        }
    }

    public var base: any Record {
        switch self {
        case .account(let value): value
        case .owner(let value): value
        case .contact(let value): value
        case .interaction(let value): value
        case .sale(let value): value
        case .purchase(let value): value
        case .evaluation(let value): value
        }
    }

    public var id: String { base.id }
    public var version: Int { base.version }

    /// The same record with another id.
    public func with(id: String) -> AnyRecord {
        switch self {
        case .account(var value):
            value.id = id
            return .account(value)
        case .owner(var value):
            value.id = id
            return .owner(value)
        case .contact(var value):
            value.id = id
            return .contact(value)
        case .interaction(var value):
            value.id = id
            return .interaction(value)
        case .sale(var value):
            value.id = id
            return .sale(value)
        case .purchase(var value):
            value.id = id
            return .purchase(value)
        case .evaluation(var value):
            value.id = id
            return .evaluation(value)
        }
    }

    /// The same record with another version number.
    public func with(version: Int) -> AnyRecord {
        switch self {
        case .account(var value):
            value.version = version
            return .account(value)
        case .owner(var value):
            value.version = version
            return .owner(value)
        case .contact(var value):
            value.version = version
            return .contact(value)
        case .interaction(var value):
            value.version = version
            return .interaction(value)
        case .sale(var value):
            value.version = version
            return .sale(value)
        case .purchase(var value):
            value.version = version
            return .purchase(value)
        case .evaluation(var value):
            value.version = version
            return .evaluation(value)
        }
    }
}

/// The last few thousand records put or removed (a bulk edit of a thousand accounts fits),
/// numbered by generation; the lineage tells
/// portfolios built separately apart (their generations say nothing about each other).
struct ChangeLog: Sendable {
    static let capacity = 4_096
    let lineage = UInt64.random(in: 1...UInt64.max)
    private(set) var generation = 0
    /// The entries of generations `generation - recent.count + 1 ... generation`.
    private(set) var recent: [(kind: RecordKind, id: String)] = []

    mutating func note(_ kind: RecordKind, _ id: String) {
        generation += 1
        recent.append((kind, id))
        if recent.count > 2 * ChangeLog.capacity { recent.removeFirst(ChangeLog.capacity) }
    }
}
