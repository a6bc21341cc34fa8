import Testing

@testable import RapportDomain

@Suite struct PartnershipTests {
    let asOf = day("2026-06-30")

    @Test(arguments: [(nil, 0.0), (1, 0.0), (2, 25.0), (3, 50.0), (4, 75.0), (5, 100.0)] as [(Int?, Double)])
    func ratingPoints(rating: Int?, points: Double) {
        #expect(PartnershipScoring.points(rating) == points)
    }

    @Test(arguments: [(0, 100.0), (1, 75.0), (2, 50.0), (3, 25.0), (4, 0.0), (9, 0.0), (nil, 0.0)] as [(Int?, Double)])
    func exclusivity(alternatives: Int?, points: Double) {
        #expect(PartnershipScoring.exclusivity(alternatives: alternatives) == points)
    }

    /// Hand-computed: switching cost (100 + 50) / 2 = 75; exclusivity 75 (1 alternative);
    /// tenure 4 years (1461 days) × 10 = 40; regularity 6 of 12 months = 50; information 75.
    /// Commitment = 37.5 + 11.25 + 4 + 7.5 + 7.5 = 67.75. Strength (100 + 75 + 50 + 25) / 4 = 62.5.
    @Test func handComputedScore() throws {
        let ratings = Ratings(
            creditStatus: 5, financialStrength: 4, managementAbility: 3, marketOperation: 2, inputCost: 5,
            conversionRisk: 3,
            informationSharing: 4, alternatives: 1)
        let firstSale = asOf.adding(days: -1461)
        let months = ["2025-07-15", "2025-09-15", "2025-11-15", "2026-01-15", "2026-03-15", "2026-05-15", "2026-05-20"]
        let portfolio = Portfolio(
            accounts: [customer("a", "Acme", ratings: ratings)],
            sales: [sale("a", firstSale.description, 10)] + months.map { sale("a", $0, 10) })
        let score = try #require(portfolio.partners(asOf: asOf).first)
        #expect(score.switchingCost == 75)
        #expect(score.exclusivity == 75)
        #expect(close(score.tenure, 40))
        #expect(score.monthsWithSales == 6)
        #expect(score.regularity == 50)
        #expect(score.informationSharing == 75)
        #expect(close(score.commitment, 67.75))
        #expect(score.strength == 62.5)
        #expect(score.relationship == .partnership)
        #expect(score.quadrant == .idealPartner)
        #expect(score.missing.isEmpty)
        let contributions = score.components.map(\.contribution)
        #expect(close(contributions.reduce(0, +), score.commitment))
        #expect(close(contributions[0], 37.5))
    }

    @Test func missingRatingsCountAsZeroAndAreFlagged() throws {
        let portfolio = Portfolio(accounts: [customer("a", "A", ratings: Ratings(inputCost: 5))])
        let score = try #require(portfolio.partners(asOf: asOf).first)
        #expect(score.switchingCost == 50)
        #expect(score.strength == 0)
        #expect(score.exclusivity == 0)
        #expect(score.relationship == .transactional)
        #expect(
            Set(score.missing) == Set(RatingField.strength + [.conversionRisk, .informationSharing, .alternatives]))
    }

    @Test func tenureIsCappedAtTenYears() throws {
        let portfolio = Portfolio(accounts: [customer("a", "A")], sales: [sale("a", "2001-01-01", 1)])
        #expect(try #require(portfolio.partners(asOf: asOf).first).tenure == 100)
    }

    @Test func salesAfterAsOfDoNotCount() throws {
        let portfolio = Portfolio(accounts: [customer("a", "A")], sales: [sale("a", "2026-07-01", 1)])
        let score = try #require(portfolio.partners(asOf: asOf).first)
        #expect(score.tenure == 0)
        #expect(score.regularity == 0)
    }

    @Test func regularityUsesMonthBucketsEndingAtAsOf() throws {
        // As of mid-month, buckets run from the 16th to the 15th.
        let portfolio = Portfolio(
            accounts: [customer("a", "A")],
            sales: [sale("a", "2026-06-15", 1), sale("a", "2026-05-16", 1), sale("a", "2026-05-15", 1)])
        let score = try #require(portfolio.partners(asOf: day("2026-06-15")).first)
        #expect(score.monthsWithSales == 2)
    }

    /// Relationship: switching cost ≥ 60 and alternatives ≤ 2. Quadrants cut at exactly 50.
    @Test(
        arguments: [
            (4, 3, 2, Relationship.partnership),  // SC (75 + 50) / 2 = 62.5, 2 alternatives
            (4, 3, 3, .transactional),  // 3 alternatives
            (3, 4, nil, .transactional),  // alternatives missing
            (3, 3, 0, .transactional),  // SC 50
        ] as [(Int, Int, Int?, Relationship)])
    func relationshipRule(input: Int, risk: Int, alternatives: Int?, expected: Relationship) throws {
        let ratings = Ratings(inputCost: input, conversionRisk: risk, alternatives: alternatives)
        let portfolio = Portfolio(accounts: [customer("a", "A", ratings: ratings)])
        #expect(try #require(portfolio.partners(asOf: asOf).first).relationship == expected)
    }

    @Test func strongButTransactionalIsNotAPartner() throws {
        // Strength 100, no switching costs: the case not to over-invest in.
        let ratings = Ratings(
            creditStatus: 5, financialStrength: 5, managementAbility: 5, marketOperation: 5, alternatives: 5)
        let portfolio = Portfolio(accounts: [customer("a", "A", ratings: ratings)])
        let score = try #require(portfolio.partners(asOf: asOf).first)
        #expect(score.quadrant == .strongButTransactional)
        #expect(score.relationship == .transactional)
    }

    @Test func quadrantBoundaryAtExactlyFifty() throws {
        // Commitment exactly 50: switching cost 100 (0.5 × 100). Strength exactly 50 (all 3s).
        let ratings = Ratings(
            creditStatus: 3, financialStrength: 3, managementAbility: 3, marketOperation: 3, inputCost: 5,
            conversionRisk: 5,
            alternatives: 4)
        let portfolio = Portfolio(accounts: [customer("a", "A", ratings: ratings)])
        let score = try #require(portfolio.partners(asOf: asOf).first)
        #expect(score.commitment == 50)
        #expect(score.strength == 50)
        #expect(score.quadrant == .idealPartner)
    }

    @Test func rankedByCommitmentThenValueThenName() {
        let portfolio = Portfolio(
            accounts: [
                customer("a", "Zed", ratings: Ratings(inputCost: 5)),
                customer("b", "Cee", ratings: Ratings(inputCost: 5)),
                customer("e", "Bee", ratings: Ratings(inputCost: 5)),
                customer("c", "Bee", ratings: Ratings(inputCost: 5)),
                customer("d", "Dee", ratings: Ratings(inputCost: 5, conversionRisk: 5)),
            ],
            sales: [
                sale("a", "2026-06-30", 100), sale("b", "2026-06-30", 50), sale("c", "2026-06-30", 50),
                sale("e", "2026-06-30", 50),
            ])
        let ranked = portfolio.partners(asOf: asOf)
        // Equal commitment and value: by name, then (the same name) by id.
        #expect(ranked.map(\.accountId) == ["d", "a", "c", "e", "b"])
        #expect(ranked.map(\.rank) == [1, 2, 3, 4, 5])
    }

    /// 0.15 × (2/12 × 100) is 2.4999999999999996 in floating point, 0.10 × 25 is 2.5: the same
    /// commitment in exact arithmetic, so value decides, not the last bit.
    @Test func commitmentsEqualInExactArithmeticTie() {
        let rounded = (commitment: 0.15 * (2.0 / 12 * 100), value: Money(parsing: "10034.98")!, name: "B", id: "b")
        let exact = (commitment: 0.10 * 25.0, value: Money(parsing: "3152.92")!, name: "A", id: "a")
        #expect(rounded.commitment != exact.commitment)
        #expect(PartnerScore.precedes(rounded, exact))
        #expect(!PartnerScore.precedes(exact, rounded))
        // A real difference in commitment still ranks first, however small the value.
        let higher = (commitment: 2.6, value: Money(parsing: "1")!, name: "C", id: "c")
        #expect(PartnerScore.precedes(higher, rounded))
    }
}

@Suite struct ScorecardTests {
    let asOf = day("2026-06-30")

    @Test func periodScoreRescalesUnscoredWeights() throws {
        let score = try #require(
            Scorecard.periodScore([.quality: 80, .delivery: 60], weights: Settings.defaultWeights))
        #expect(close(score, (30 * 80 + 25 * 60) / 55.0))
        let full = Dictionary(uniqueKeysWithValues: Criterion.allCases.map { ($0, 70.0) })
        #expect(Scorecard.periodScore(full, weights: Settings.defaultWeights) == 70)
        #expect(Scorecard.periodScore([:], weights: Settings.defaultWeights) == nil)
        #expect(Settings.defaultWeights.values.reduce(0, +) == 100)
    }

    /// Criteria compare and hash by position; that must agree with `allCases` and the raw values.
    @Test func criteriaOrderByPosition() {
        for (position, criterion) in Criterion.allCases.enumerated() {
            #expect(criterion.ordinal == position)
            #expect(Criterion(rawValue: criterion.rawValue) == criterion)
            for other in Criterion.allCases {
                #expect((criterion == other) == (criterion.rawValue == other.rawValue))
                #expect((criterion < other) == (position < Criterion.allCases.firstIndex(of: other)!))
            }
        }
        #expect(Set(Criterion.allCases).count == Criterion.allCases.count)
    }

    /// The scorer suppliers use (weights looked up once) gives what `periodScore` gives, bit for bit.
    @Test func supplierScoringMatchesPeriodScore() {
        var weights = Settings.defaultWeights
        weights[.price] = 0
        weights[.innovation] = 7.3
        let settings = Settings(scorecardWeights: weights)
        let scoring = SupplierScoring(Portfolio(settings: settings), asOf: asOf, index: PortfolioIndex(Portfolio()))
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            var scores: [Criterion: Double] = [:]
            for criterion in Criterion.allCases where Bool.random(using: &generator) {
                scores[criterion] = Double.random(in: 0...100, using: &generator)
            }
            #expect(scoring.periodScore(scores) == Scorecard.periodScore(scores, weights: weights))
        }
    }

    @Test func overallWeightsNewestMonthsMore() throws {
        #expect(close(try #require(Scorecard.overall([90, 60])), (12 * 90 + 11 * 60) / 23.0))
        #expect(Scorecard.overall([80, 80, 80]) == 80)
        #expect(Scorecard.overall([]) == nil)
        // Only 12 months count: a 13th (oldest) month changes nothing.
        let twelve = Array(repeating: 50.0, count: 12)
        #expect(Scorecard.overall(twelve + [0]) == 50)
    }

    @Test(arguments: [
        (80.0, Standing.preferred), (79.999, .approved), (50, .approved), (49.9, .probation), (30, .probation),
        (29.99, .blocked), (0, .blocked),
    ])
    func standings(overall: Double, standing: Standing) {
        #expect(Standing(overall: overall) == standing)
    }

    @Test func unratedWithoutEvaluation() {
        #expect(Standing(overall: nil) == .unrated)
    }

    @Test(
        arguments: [
            (3, 3, KraljicCategory.strategic), (5, 1, .leverage), (2, 4, .bottleneck), (2, 2, .nonCritical),
            (nil, nil, .nonCritical),
        ] as [(Int?, Int?, KraljicCategory)])
    func kraljic(impact: Int?, risk: Int?, category: KraljicCategory) {
        #expect(KraljicCategory(profitImpact: impact, supplyRisk: risk) == category)
    }

    @Test func supplierRowsAndKeySuppliers() throws {
        let portfolio = Portfolio(
            accounts: [
                supplier("big", "Big", impact: 1, risk: 1), supplier("mid", "Mid"), supplier("small", "Small"),
                supplier("neck", "Neck", impact: 1, risk: 4),
            ],
            purchases: [
                purchase("big", "2026-01-01", 800, promised: "2026-01-10", actual: "2026-01-09"),
                purchase("big", "2026-02-01", 100, promised: "2026-02-10", actual: "2026-02-12"),
                purchase("mid", "2026-01-01", 90), purchase("small", "2026-01-01", 10),
            ],
            evaluations: [
                SupplierEvaluation(
                    id: "e1", accountId: "big", period: YearMonth("2026-06")!, scores: [.quality: 90, .delivery: 90]),
                SupplierEvaluation(
                    id: "e2", accountId: "big", period: YearMonth("2026-05")!, scores: [.quality: 60, .delivery: 60]),
                // Evaluations after the as-of month are ignored.
                SupplierEvaluation(id: "e3", accountId: "big", period: YearMonth("2026-07")!, scores: [.quality: 0]),
            ])
        let rows = Dictionary(uniqueKeysWithValues: portfolio.suppliers(asOf: asOf).map { ($0.accountId, $0) })
        let big = try #require(rows["big"])
        #expect(big.periods.map(\.period.description) == ["2026-06", "2026-05"])
        #expect(close(try #require(big.overall), (12 * 90 + 11 * 60) / 23.0))
        #expect(big.standing == .approved)
        #expect(big.onTimeShare == 0.5)
        #expect(big.deliveriesMeasured == 2)
        #expect(big.keyReasons == [.spend])
        // Spend 800/1000 above mid: mid has exactly 80% above, so it is not key by spend.
        #expect(rows["mid"]?.isKey == false)
        #expect(rows["neck"]?.keyReasons == [.bottleneck])
        #expect(rows["mid"]?.standing == .unrated)
        #expect(rows["mid"]?.missing == [.profitImpact, .supplyRisk])
    }
}
