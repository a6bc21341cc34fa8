/// Reward and penalty: where a supplier stands by its overall score.
public enum Standing: String, Codable, CaseIterable, Sendable {
    case preferred, approved, probation, blocked, unrated

    public init(overall: Double?) {
        guard let overall else {
            self = .unrated
            return
        }
        switch overall {
        case 80...: self = .preferred
        case 50...: self = .approved
        case 30...: self = .probation
        default: self = .blocked
        }
    }

    public var advice: String {
        switch self {
        case .preferred: "overall 80 or more: reward with more business"
        case .approved: "overall 50 to 80: keep buying"
        case .probation: "overall 30 to 50: agree an improvement plan"
        case .blocked: "overall below 30: do not reorder"
        case .unrated: "no evaluation yet"
        }
    }
}

/// Kraljic's purchasing portfolio from profit impact and supply risk (a rating of 3 or more is high).
public enum KraljicCategory: String, Codable, CaseIterable, Sendable {
    case strategic, leverage, bottleneck
    case nonCritical = "non-critical"

    public init(profitImpact: Int?, supplyRisk: Int?) {
        let impact = (profitImpact ?? 1) >= 3
        let risk = (supplyRisk ?? 1) >= 3
        switch (impact, risk) {
        case (true, true): self = .strategic
        case (true, false): self = .leverage
        case (false, true): self = .bottleneck
        case (false, false): self = .nonCritical
        }
    }
}

/// Why a supplier is key.
public enum KeyReason: String, Codable, CaseIterable, Sendable {
    case strategic, bottleneck
    /// In the top 80% of trailing-12-month purchase spend.
    case spend
}

/// One month's weighted score.
public struct PeriodScore: Hashable, Sendable, Codable {
    public let period: YearMonth
    public let score: Double
    /// The weight this month carries in the overall score: (12 − k) / 12.
    public let weight: Double
}

/// A supplier's scorecard and standing as of a date.
public struct SupplierRow: Hashable, Sendable {
    public let accountId: String
    public let name: String
    public let spend: Money
    public let spendShare: Double
    public let shareBefore: Double
    /// Up to the last 12 evaluated months, newest first.
    public let periods: [PeriodScore]
    public let overall: Double?
    public let standing: Standing
    /// Delivery criterion, weighted over the same months as the overall score.
    public let deliveryScore: Double?
    /// On-time share of trailing-12-month purchases that carry both promised and actual dates.
    public let onTimeShare: Double?
    public let deliveriesMeasured: Int
    public let kraljic: KraljicCategory
    public let keyReasons: [KeyReason]
    public let missing: [RatingField]
    public let ownerId: String?
    public let lastInPerson: Day?

    public var isKey: Bool { !keyReasons.isEmpty }
}

public enum Scorecard {
    /// Σ weight × score / Σ weight over the criteria scored; nil when nothing weighted was scored.
    public static func periodScore(_ scores: [Criterion: Double], weights: [Criterion: Double]) -> Double? {
        periodScore(scores, weightsInOrder: Criterion.allCases.map { weights[$0] ?? 0 })
    }

    /// The same with the weights in `Criterion.allCases` order (looked up once per pass, not per
    /// month). Summed in that order: a sum in another order can round differently.
    static func periodScore(_ scores: [Criterion: Double], weightsInOrder weights: [Double]) -> Double? {
        var weighted = 0.0
        var total = 0.0
        for (criterion, weight) in zip(Criterion.allCases, weights) where weight > 0 {
            guard let score = scores[criterion] else { continue }
            weighted += weight * score
            total += weight
        }
        return total > 0 ? weighted / total : nil
    }

    /// Σ wₖ × scoreₖ / Σ wₖ with wₖ = (12 − k) / 12, k = 0 the newest of up to 12 scored months.
    /// Computed with the integer numerators (12 − k) so that equal scores give that score exactly.
    public static func overall(_ newestFirst: [Double]) -> Double? {
        let months = newestFirst.prefix(12)
        guard !months.isEmpty else { return nil }
        var weighted = 0.0
        var total = 0.0
        for (k, score) in months.enumerated() {
            weighted += Double(12 - k) * score
            total += Double(12 - k)
        }
        return weighted / total
    }
}

extension Portfolio {
    /// Every non-archived supplier's scorecard, standing, Kraljic category and key status,
    /// ordered by trailing-12-month spend (highest first), then name.
    public func suppliers(asOf: Day, index: PortfolioIndex? = nil) -> [SupplierRow] {
        let index = index ?? PortfolioIndex(self)
        let window = DayWindow(endingAt: asOf, months: 12)
        // The suppliers picked where they are stored, copied once (`values.filter` is lazy:
        // each pass over it copied every account again).
        var suppliers: [Account] = []
        accounts.forEachInPlace { _, account in
            if account.pointee.isSupplier && !account.pointee.isArchived { suppliers.append(account.pointee) }
        }
        let (total, ranked) = ParetoRanking.rank(
            suppliers.indices.map { position in
                let supplier = suppliers[position]
                let spend = (index.purchases[supplier.id] ?? []).reduce(Money.zero) {
                    window.contains($1.date) ? $0 + $1.amount : $0
                }
                return ParetoRanking.Item(id: supplier.id, name: supplier.name, value: spend, position: position)
            })
        let scoring = SupplierScoring(self, asOf: asOf, index: index)
        return ranked.map { entry in
            scoring.row(
                suppliers[entry.item.position], spend: entry.item.value,
                spendShare: ParetoRanking.share(max(entry.item.value, .zero), of: total),
                shareBefore: ParetoRanking.share(entry.before, of: total),
                topSpend: entry.below(settings.tierACutoff))
        }
    }

    /// The rows of `changed` after an edit, from `previous` (the rows before it, by account id):
    /// the suppliers among `changed` that had a row, recomputed, in no particular order. The
    /// edit must leave the ranking alone: no purchase and no setting changed, and every changed
    /// account keeps its name, its roles and whether it is archived (so spend, shares and order
    /// are what they were). Logging an interaction, adding an evaluation or reassigning a
    /// supplier's owner redoes one row instead of every supplier.
    public func supplierRows(
        asOf: Day, index: PortfolioIndex, redoing changed: Set<String>, previous: (String) -> SupplierRow?
    ) -> [SupplierRow] {
        let scoring = SupplierScoring(self, asOf: asOf, index: index)
        return changed.sorted().compactMap { id in
            guard let row = previous(id), let supplier = accounts[id] else { return nil }
            return scoring.row(
                supplier, spend: row.spend, spendShare: row.spendShare, shareBefore: row.shareBefore,
                topSpend: row.keyReasons.contains(.spend))
        }
    }
}

/// One supplier's row, once its spend and place in the ranking are known.
struct SupplierScoring {
    let asOf: Day
    let asOfMonth: YearMonth
    let window: DayWindow
    let index: PortfolioIndex
    /// The scorecard weights in `Criterion.allCases` order, looked up once rather than per month.
    let weights: [Double]

    init(_ portfolio: Portfolio, asOf: Day, index: PortfolioIndex) {
        self.asOf = asOf
        asOfMonth = asOf.yearMonth
        window = DayWindow(endingAt: asOf, months: 12)
        self.index = index
        weights = Criterion.allCases.map { portfolio.settings.scorecardWeights[$0] ?? 0 }
    }

    /// What ``Scorecard/periodScore(_:weights:)`` gives with these weights.
    func periodScore(_ scores: [Criterion: Double]) -> Double? {
        Scorecard.periodScore(scores, weightsInOrder: weights)
    }

    func row(_ supplier: Account, spend: Money, spendShare: Double, shareBefore: Double, topSpend: Bool)
        -> SupplierRow
    {
        var periods: [PeriodScore] = []
        var deliveries: [(Int, Double)] = []
        for evaluation in index.evaluations[supplier.id] ?? [] where evaluation.period <= asOfMonth {
            guard periods.count < 12, let score = periodScore(evaluation.scores) else { continue }
            let k = periods.count
            periods.append(PeriodScore(period: evaluation.period, score: score, weight: Double(12 - k) / 12))
            if let delivery = evaluation.scores[.delivery] { deliveries.append((k, delivery)) }
        }
        let overall = Scorecard.overall(periods.map(\.score))
        let deliveryScore: Double? =
            deliveries.isEmpty
            ? nil
            : deliveries.reduce(0) { $0 + Double(12 - $1.0) * $1.1 }
                / deliveries.reduce(0) { $0 + Double(12 - $1.0) }
        let measured = (index.purchases[supplier.id] ?? []).filter { window.contains($0.date) }.compactMap(\.onTime)
        let kraljic = KraljicCategory(
            profitImpact: supplier.ratings.profitImpact, supplyRisk: supplier.ratings.supplyRisk)
        var reasons: [KeyReason] = []
        if kraljic == .strategic { reasons.append(.strategic) }
        if kraljic == .bottleneck { reasons.append(.bottleneck) }
        if topSpend { reasons.append(.spend) }
        return SupplierRow(
            accountId: supplier.id, name: supplier.name, spend: spend, spendShare: spendShare,
            shareBefore: shareBefore, periods: periods, overall: overall, standing: Standing(overall: overall),
            deliveryScore: deliveryScore,
            onTimeShare: measured.isEmpty ? nil : Double(measured.count { $0 }) / Double(measured.count),
            deliveriesMeasured: measured.count, kraljic: kraljic, keyReasons: reasons,
            missing: [RatingField.profitImpact, .supplyRisk].filter { supplier.ratings[$0] == nil },
            ownerId: supplier.ownerId, lastInPerson: index.lastInPerson(supplier.id, asOf: asOf))
    }
}
