/// An account manager who owns key accounts.
public struct Owner: Record {
    public static let kind = RecordKind.owner
    /// How many key accounts an owner can carry well, unless set otherwise.
    public static let defaultCapacity = 12

    public var id: String
    public var version: Int
    public var name: String
    public var email: String
    public var team: String
    public var capacity: Int
    public var active: Bool

    public init(
        id: String, version: Int = 1, name: String, email: String = "", team: String = "",
        capacity: Int = Owner.defaultCapacity, active: Bool = true
    ) {
        self.id = id
        self.version = version
        self.name = name
        self.email = email
        self.team = team
        self.capacity = capacity
        self.active = active
    }

    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try values.decode(String.self, forKey: .id),
            version: try values.decodeIfPresent(Int.self, forKey: .version) ?? 1,
            name: try values.decode(String.self, forKey: .name),
            email: try values.decodeIfPresent(String.self, forKey: .email) ?? "",
            team: try values.decodeIfPresent(String.self, forKey: .team) ?? "",
            capacity: try values.decodeIfPresent(Int.self, forKey: .capacity) ?? Owner.defaultCapacity,
            active: try values.decodeIfPresent(Bool.self, forKey: .active) ?? true)
    }
}

/// A person at an account.
public struct Contact: Record {
    public static let kind = RecordKind.contact
    public var id: String
    public var version: Int
    public var accountId: String
    public var name: String
    public var title: String
    public var email: String
    public var phone: String
    public var preferredChannel: Channel?

    public init(
        id: String, version: Int = 1, accountId: String, name: String, title: String = "", email: String = "",
        phone: String = "", preferredChannel: Channel? = nil
    ) {
        self.id = id
        self.version = version
        self.accountId = accountId
        self.name = name
        self.title = title
        self.email = email
        self.phone = phone
        self.preferredChannel = preferredChannel
    }

    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try values.decode(String.self, forKey: .id),
            version: try values.decodeIfPresent(Int.self, forKey: .version) ?? 1,
            accountId: try values.decode(String.self, forKey: .accountId),
            name: try values.decode(String.self, forKey: .name),
            title: try values.decodeIfPresent(String.self, forKey: .title) ?? "",
            email: try values.decodeIfPresent(String.self, forKey: .email) ?? "",
            phone: try values.decodeIfPresent(String.self, forKey: .phone) ?? "",
            preferredChannel: try values.decodeIfPresent(Channel.self, forKey: .preferredChannel))
    }
}

/// Something that happened with an account. Open commitments and complaints are follow-ups.
public struct Interaction: Record {
    public static let kind = RecordKind.interaction
    public var id: String
    public var version: Int
    public var accountId: String
    public var date: Day
    public var channel: Channel
    public var kind: InteractionKind
    public var summary: String
    public var ownerId: String?
    public var followUp: Day?
    public var done: Bool

    public init(
        id: String, version: Int = 1, accountId: String, date: Day, channel: Channel, kind: InteractionKind = .note,
        summary: String, ownerId: String? = nil, followUp: Day? = nil, done: Bool = false
    ) {
        self.id = id
        self.version = version
        self.accountId = accountId
        self.date = date
        self.channel = channel
        self.kind = kind
        self.summary = summary
        self.ownerId = ownerId
        self.followUp = followUp
        self.done = done
    }

    /// Open when a follow-up is due and not yet done.
    public var isOpenFollowUp: Bool { followUp != nil && !done }

    public func isOverdue(asOf: Day) -> Bool {
        guard let due = followUp, !done else { return false }
        return due < asOf
    }

    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try values.decode(String.self, forKey: .id),
            version: try values.decodeIfPresent(Int.self, forKey: .version) ?? 1,
            accountId: try values.decode(String.self, forKey: .accountId),
            date: try values.decode(Day.self, forKey: .date),
            channel: try values.decode(Channel.self, forKey: .channel),
            kind: try values.decodeIfPresent(InteractionKind.self, forKey: .kind) ?? .note,
            summary: try values.decode(String.self, forKey: .summary),
            ownerId: try values.decodeIfPresent(String.self, forKey: .ownerId),
            followUp: try values.decodeIfPresent(Day.self, forKey: .followUp),
            done: try values.decodeIfPresent(Bool.self, forKey: .done) ?? false)
    }
}

/// A sale to a customer: one order or invoice line.
public struct Sale: Record {
    public static let kind = RecordKind.sale
    public var id: String
    public var version: Int
    public var accountId: String
    public var date: Day
    public var amount: Money
    public var margin: Money?
    /// The invoice or order number in the system it came from, if any: what a re-import matches on.
    public var reference: String?

    public init(
        id: String, version: Int = 1, accountId: String, date: Day, amount: Money, margin: Money? = nil,
        reference: String? = nil
    ) {
        self.id = id
        self.version = version
        self.accountId = accountId
        self.date = date
        self.amount = amount
        self.margin = margin
        self.reference = reference
    }
}

/// A purchase from a supplier, with optional promised and actual delivery dates.
public struct Purchase: Record {
    public static let kind = RecordKind.purchase
    public var id: String
    public var version: Int
    public var accountId: String
    public var date: Day
    public var amount: Money
    public var promised: Day?
    public var actual: Day?
    /// The purchase order number in the system it came from, if any: what a re-import matches on.
    public var reference: String?

    public init(
        id: String, version: Int = 1, accountId: String, date: Day, amount: Money, promised: Day? = nil,
        actual: Day? = nil, reference: String? = nil
    ) {
        self.id = id
        self.version = version
        self.accountId = accountId
        self.date = date
        self.amount = amount
        self.promised = promised
        self.actual = actual
        self.reference = reference
    }

    /// Nil unless both dates are known.
    public var onTime: Bool? {
        guard let promised, let actual else { return nil }
        return actual <= promised
    }
}

/// A supplier's scores (0–100) for one month, per criterion; unscored criteria are absent.
public struct SupplierEvaluation: Record {
    public static let kind = RecordKind.evaluation
    public var id: String
    public var version: Int
    public var accountId: String
    public var period: YearMonth
    public var scores: [Criterion: Double]

    public init(id: String, version: Int = 1, accountId: String, period: YearMonth, scores: [Criterion: Double]) {
        self.id = id
        self.version = version
        self.accountId = accountId
        self.period = period
        self.scores = scores
    }
}

/// Scorecard criteria, each with its default weight (docs/DOMAIN.md).
public enum Criterion: String, Codable, CaseIterable, Sendable, CodingKeyRepresentable, Comparable {
    case quality, delivery, price, reliability, service, innovation, financialTerms

    /// Default weights; they sum to 100.
    public var defaultWeight: Double {
        switch self {
        case .quality: 30
        case .delivery: 25
        case .price: 20
        case .reliability: 10
        case .service, .innovation, .financialTerms: 5
        }
    }

    /// The position in `allCases`. Equality, hashing and order use it: the raw-value defaults
    /// hash the name's text, and scorecards look criteria up millions of times at 100,000 accounts.
    var ordinal: Int {
        switch self {
        case .quality: 0
        case .delivery: 1
        case .price: 2
        case .reliability: 3
        case .service: 4
        case .innovation: 5
        case .financialTerms: 6
        }
    }

    public static func == (lhs: Criterion, rhs: Criterion) -> Bool { lhs.ordinal == rhs.ordinal }

    public func hash(into hasher: inout Hasher) { hasher.combine(ordinal) }

    public static func < (lhs: Criterion, rhs: Criterion) -> Bool { lhs.ordinal < rhs.ordinal }
}
