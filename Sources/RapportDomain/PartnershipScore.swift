/// Whether a customer is a partner or a transactional buyer: decided by switching costs.
public enum Relationship: String, Codable, CaseIterable, Sendable {
    case partnership, transactional
}

/// Strength against commitment, each cut at 50.
public enum Quadrant: String, Codable, CaseIterable, Sendable {
    case idealPartner = "ideal partner"
    case develop = "develop"
    case strongButTransactional = "strong but transactional"
    case transactional = "transactional"

    public var advice: String {
        switch self {
        case .idealPartner: "committed and strong: invest in the partnership"
        case .develop: "loyal but weaker: help them grow"
        case .strongButTransactional: "strong but could leave easily: do not over-invest"
        case .transactional: "neither committed nor strong: serve efficiently"
        }
    }
}

/// One component of commitment, its 0–100 value, weight and contribution.
public struct CommitmentComponent: Hashable, Sendable, Codable {
    public let name: String
    public let value: Double
    public let weight: Double
    public var contribution: Double { value * weight }
}

/// A customer's partnership score, able to explain itself.
public struct PartnerScore: Hashable, Sendable {
    public internal(set) var rank: Int
    public let accountId: String
    public let name: String
    /// Trailing-12-month value, the tie-breaker after commitment.
    public let value: Money
    public let switchingCost: Double
    public let exclusivity: Double
    public let tenure: Double
    public let regularity: Double
    public let informationSharing: Double
    public let commitment: Double
    public let strength: Double
    public let relationship: Relationship
    public let quadrant: Quadrant
    public let alternatives: Int?
    /// Years from the first sale to the as-of date (before the cap at 10).
    public let yearsSinceFirstSale: Double
    /// How many of the trailing 12 months had at least one sale.
    public let monthsWithSales: Int
    /// Ratings that were not entered and so counted as 0 points.
    public let missing: [RatingField]

    /// The commitment weights (docs/DOMAIN.md): 0.50, 0.15, 0.10, 0.15, 0.10.
    public static let weights: [(String, Double)] = [
        ("switchingCost", 0.50), ("exclusivity", 0.15), ("tenure", 0.10), ("regularity", 0.15),
        ("informationSharing", 0.10),
    ]

    public var components: [CommitmentComponent] {
        let values = [switchingCost, exclusivity, tenure, regularity, informationSharing]
        return zip(PartnerScore.weights, values).map { CommitmentComponent(name: $0.0, value: $1, weight: $0.1) }
    }
}

public enum PartnershipScoring {
    /// A 1–5 rating as 0–100 points; a missing rating counts as 1 (0 points).
    public static func points(_ rating: Int?) -> Double {
        guard let rating else { return 0 }
        return Double(rating - 1) / 4 * 100
    }

    /// 100, 75, 50, 25, 0 for 0, 1, 2, 3, 4+ alternative suppliers (missing: 0).
    public static func exclusivity(alternatives: Int?) -> Double {
        guard let alternatives, alternatives >= 0 else { return 0 }
        return Double(max(0, 4 - alternatives)) * 25
    }

    /// Years between two days, counting 365.25 days a year.
    public static func years(from start: Day, to end: Day) -> Double {
        Double(end.days(since: start)) / 365.25
    }
}

extension Portfolio {
    /// Partnership candidates: every non-archived customer, ranked by commitment (highest first),
    /// ties by trailing-12-month value, then name, then id.
    public func partners(asOf: Day, index: PortfolioIndex? = nil, tiers: TierReport? = nil) -> [PartnerScore] {
        let index = index ?? PortfolioIndex(self)
        let tierValues = Dictionary(
            uniqueKeysWithValues: (tiers ?? self.tiers(asOf: asOf, index: index)).rows.map { ($0.accountId, $0.value) })
        let scoring = PartnerScoring(asOf: asOf)
        var scores: [PartnerScore] = []
        scores.reserveCapacity(accounts.count)
        for account in accounts.values where account.isRanked {
            scores.append(scoring.score(account, sales: index.sales[account.id] ?? [], value: tierValues[account.id]))
        }
        // Positions are sorted, not the scores (whole records a sort would move at every swap).
        let (commitments, values) = (scores.map(\.commitment), scores.map(\.value))
        let (names, ids) = (scores.map(\.name), scores.map(\.accountId))
        let order = scores.indices.sorted { a, b in
            PartnerScore.precedes(
                (commitments[a], values[a], names[a], ids[a]), (commitments[b], values[b], names[b], ids[b]))
        }
        scores = order.map { scores[$0] }
        for position in scores.indices { scores[position].rank = position + 1 }
        return scores
    }

    /// `old`, the partnership scores before an edit that changed the sales of `customers` and
    /// nothing else partnership scores read (same as-of date and settings), with those customers
    /// scored again and moved to their new places; the ranks of the rows between renumbered.
    /// `value` gives a customer's tier value after the edit, `position` its index in `old`.
    /// Nil when `position` disagrees with `old` or a customer became ranked: the caller scores
    /// every customer afresh.
    public func partners(
        updating old: [PartnerScore], customers: Set<String>, asOf: Day, index: PortfolioIndex,
        value: (String) -> Money?, position: (String) -> Int?
    ) -> [PartnerScore]? {
        let scoring = PartnerScoring(asOf: asOf)
        var moved: [(position: Int, score: PartnerScore)] = []
        for id in customers {
            guard let at = position(id) else {
                if accounts[id]?.isRanked == true { return nil }
                continue
            }
            guard old.indices.contains(at), old[at].accountId == id, let account = accounts[id], account.isRanked
            else { return nil }
            moved.append((at, scoring.score(account, sales: index.sales[id] ?? [], value: value(id))))
        }
        guard !moved.isEmpty else { return old }
        var scores = old
        for at in moved.map(\.position).sorted(by: >) { scores.remove(at: at) }
        for (_, score) in moved {
            let key = (score.commitment, score.value, score.name, score.accountId)
            var low = 0
            var high = scores.count
            while low < high {
                let middle = (low + high) / 2
                let other = scores[middle]
                if PartnerScore.precedes((other.commitment, other.value, other.name, other.accountId), key) {
                    low = middle + 1
                } else {
                    high = middle
                }
            }
            scores.insert(score, at: low)
        }
        for position in scores.indices where scores[position].rank != position + 1 {
            scores[position].rank = position + 1
        }
        return scores
    }
}

extension PartnerScore {
    /// Below this, two commitments (0 to 100) are the same commitment.
    static let commitmentTolerance = 1e-9

    /// Ranking order: commitment (highest first), value (highest first), name, id.
    static func precedes(
        _ lhs: (commitment: Double, value: Money, name: String, id: String),
        _ rhs: (commitment: Double, value: Money, name: String, id: String)
    ) -> Bool {
        // Commitments that are equal in exact arithmetic can differ in their last bits (the same
        // sum taken in another order); they tie. The tolerance is far below the 0.1 shown.
        if abs(lhs.commitment - rhs.commitment) > commitmentTolerance { return lhs.commitment > rhs.commitment }
        if lhs.value != rhs.value { return lhs.value > rhs.value }
        if lhs.name != rhs.name { return lhs.name < rhs.name }
        return lhs.id < rhs.id
    }
}

/// What scoring a customer reads besides its own record and sales, worked out once per as-of date.
struct PartnerScoring {
    let asOf: Day
    let window: DayWindow
    /// Bucket m of the window covers (asOf - (m+1) months, asOf - m months]; its lower ends,
    /// computed once rather than per sale.
    let bucketEnds: [Day]
    static let relevant: [RatingField] =
        RatingField.strength + [.inputCost, .conversionRisk, .informationSharing, .alternatives]

    init(asOf: Day) {
        self.asOf = asOf
        window = DayWindow(endingAt: asOf, months: 12)
        bucketEnds = (0..<12).map { asOf.adding(months: -($0 + 1)) }
    }

    /// One customer's score (rank 0 until ranked), from its ratings, its sales (in date order)
    /// and its tier value.
    func score(_ account: Account, sales: [Sale], value: Money?) -> PartnerScore {
        let ratings = account.ratings
        let switchingCost =
            (PartnershipScoring.points(ratings.inputCost) + PartnershipScoring.points(ratings.conversionRisk)) / 2
        let exclusivity = PartnershipScoring.exclusivity(alternatives: ratings.alternatives)
        let years = sales.first { $0.date <= asOf }.map { PartnershipScoring.years(from: $0.date, to: asOf) } ?? 0
        let tenure = min(years, 10) * 10
        // The months with sales, as bits.
        var months: UInt16 = 0
        for sale in sales where sale.date <= asOf && window.contains(sale.date) {
            var bucket = 0
            while bucket < 12, sale.date <= bucketEnds[bucket] { bucket += 1 }
            months |= 1 << bucket
        }
        let monthsWithSales = months.nonzeroBitCount
        let regularity = Double(monthsWithSales) / 12 * 100
        let information = PartnershipScoring.points(ratings.informationSharing)
        let commitment =
            0.50 * switchingCost + 0.15 * exclusivity + 0.10 * tenure + 0.15 * regularity + 0.10 * information
        var strengthPoints = 0.0
        for field in RatingField.strength { strengthPoints += PartnershipScoring.points(ratings[field]) }
        let strength = strengthPoints / 4
        let isPartnership = switchingCost >= 60 && (ratings.alternatives.map { $0 <= 2 } ?? false)
        let quadrant: Quadrant =
            commitment >= 50
            ? (strength >= 50 ? .idealPartner : .develop)
            : (strength >= 50 ? .strongButTransactional : .transactional)
        return PartnerScore(
            rank: 0, accountId: account.id, name: account.name, value: value ?? .zero, switchingCost: switchingCost,
            exclusivity: exclusivity, tenure: tenure, regularity: regularity, informationSharing: information,
            commitment: commitment, strength: strength, relationship: isPartnership ? .partnership : .transactional,
            quadrant: quadrant, alternatives: ratings.alternatives, yearsSinceFirstSale: years,
            monthsWithSales: monthsWithSales, missing: PartnerScoring.relevant.filter { ratings[$0] == nil })
    }
}
