import RapportDomain

/// The four analytics of DOMAIN.md as the `report` command prints them.
public enum ReportKind: String, CaseIterable, Sendable {
    case tiers, partners, suppliers, owners
}

public enum ReportFormat: String, CaseIterable, Sendable {
    case table, csv, json
}

/// Renders reports. Tables are for people; CSV and JSON carry every component for scripts.
public struct Reporter {
    public let portfolio: Portfolio
    public let asOf: Day
    let index: PortfolioIndex

    public init(portfolio: Portfolio, asOf: Day) {
        self.portfolio = portfolio
        self.asOf = asOf
        index = PortfolioIndex(portfolio)
    }

    public func render(_ kind: ReportKind, as format: ReportFormat) throws -> String {
        switch kind {
        case .tiers: return try tiers(format)
        case .partners: return try partners(format)
        case .suppliers: return try suppliers(format)
        case .owners: return try owners(format)
        }
    }

    // MARK: Tiers

    struct TiersJSON: Encodable {
        let report = "tiers"
        let asOf: Day
        let measure: Settings.ValueMeasure
        let window: WindowJSON
        let previousWindow: WindowJSON
        let cutoffs: [String: Double]
        let total: Money
        let summary: [SummaryJSON]
        let customers: [TierRow]
    }
    struct WindowJSON: Encodable {
        let from: Day
        let through: Day
        init(_ window: DayWindow) {
            from = window.after.adding(days: 1)
            through = window.through
        }
    }
    struct SummaryJSON: Encodable {
        let tier: Tier
        let label: String
        let customers: Int
        let value: Money
        let share: Double
    }

    func tiers(_ format: ReportFormat) throws -> String {
        let report = portfolio.tiers(asOf: asOf, index: index)
        switch format {
        case .json:
            return try Format.json(
                TiersJSON(
                    asOf: asOf, measure: report.measure, window: WindowJSON(report.window),
                    previousWindow: WindowJSON(report.previousWindow),
                    cutoffs: ["A": portfolio.settings.tierACutoff, "B": portfolio.settings.tierBCutoff],
                    total: report.total,
                    summary: report.summary.map {
                        SummaryJSON(
                            tier: $0.tier, label: $0.tier.label, customers: $0.customers, value: $0.value,
                            share: $0.share)
                    },
                    customers: report.rows))
        case .csv:
            return try CSVText.write(
                header: [
                    "rank", "id", "name", "value", "share", "shareBefore", "cumulativeShare", "tier", "previousValue",
                    "previousTier", "movement", "orders", "frequency", "industry", "region",
                ],
                rows: report.rows.map {
                    [
                        String($0.rank), $0.accountId, $0.name, $0.value.plain, "\($0.share)", "\($0.shareBefore)",
                        "\($0.cumulativeShare)", $0.tier.rawValue, $0.previousValue.plain,
                        $0.previousTier?.rawValue ?? "",
                        $0.movement.rawValue, String($0.orders), $0.frequency.rawValue, $0.industry, $0.region,
                    ]
                })
        case .table:
            let window = WindowJSON(report.window)
            var text =
                "Customer tiers as of \(asOf): \(report.measure.rawValue) from \(window.from) through \(window.through)\n"
            text += "Total \(report.total.grouped) over \(report.rows.count) customers. "
            text +=
                "A: top \(Format.percent(portfolio.settings.tierACutoff)) of value, B: up to \(Format.percent(portfolio.settings.tierBCutoff)), C: the rest.\n\n"
            var summary = TextTable([
                .init("Tier"), .init("Customers", right: true), .init("Value", right: true),
                .init("Share", right: true), .init(""),
            ])
            for tier in report.summary {
                summary.add([
                    "\(tier.tier.rawValue) \(tier.tier.label)", String(tier.customers), tier.value.grouped,
                    Format.percent(tier.share),
                    String(repeating: "█", count: Int((tier.share * 30).rounded())),
                ])
            }
            text += summary.render() + "\n"
            var table = TextTable([
                .init("#", right: true), .init("Customer", max: 36), .init("Value", right: true),
                .init("Share", right: true),
                .init("Cum.", right: true), .init("Tier"), .init("Prev"), .init("Move"), .init("Orders", right: true),
                .init("Industry", max: 16), .init("Region", max: 16),
            ])
            for row in report.rows {
                table.add([
                    String(row.rank), row.name, row.value.grouped, Format.percent(row.share),
                    Format.percent(row.cumulativeShare),
                    row.tier.rawValue, row.previousTier?.rawValue ?? "–",
                    "\(row.movement.arrow) \(row.movement.rawValue)",
                    String(row.orders), row.industry, row.region,
                ])
            }
            return text + table.render()
        }
    }

    // MARK: Partners

    struct PartnerJSON: Encodable {
        let rank: Int
        let id: String
        let name: String
        let value: Money
        let commitment: Double
        let components: [CommitmentComponentJSON]
        let strength: Double
        let strengthRatings: [String: Int?]
        let relationship: Relationship
        let quadrant: Quadrant
        let alternatives: Int?
        let yearsSinceFirstSale: Double
        let monthsWithSales: Int
        let missingRatings: [String]
    }
    struct CommitmentComponentJSON: Encodable {
        let name: String
        let value: Double
        let weight: Double
        let contribution: Double
    }
    struct PartnersJSON: Encodable {
        let report = "partners"
        let asOf: Day
        let candidates: [PartnerJSON]
    }

    func partners(_ format: ReportFormat) throws -> String {
        let scores = portfolio.partners(asOf: asOf, index: index)
        switch format {
        case .json:
            return try Format.json(
                PartnersJSON(
                    asOf: asOf,
                    candidates: scores.map { score in
                        let ratings = portfolio.accounts[score.accountId]?.ratings ?? Ratings()
                        return PartnerJSON(
                            rank: score.rank, id: score.accountId, name: score.name, value: score.value,
                            commitment: score.commitment,
                            components: score.components.map {
                                CommitmentComponentJSON(
                                    name: $0.name, value: $0.value, weight: $0.weight, contribution: $0.contribution)
                            },
                            strength: score.strength,
                            strengthRatings: Dictionary(
                                uniqueKeysWithValues: RatingField.strength.map { ($0.rawValue, ratings[$0]) }),
                            relationship: score.relationship, quadrant: score.quadrant,
                            alternatives: score.alternatives,
                            yearsSinceFirstSale: score.yearsSinceFirstSale, monthsWithSales: score.monthsWithSales,
                            missingRatings: score.missing.map(\.rawValue))
                    }))
        case .csv:
            var header = ["rank", "id", "name", "value", "commitment"]
            for (name, _) in PartnerScore.weights { header += [name, name + "Contribution"] }
            header += ["strength", "relationship", "quadrant", "alternatives", "missingRatings"]
            return try CSVText.write(
                header: header,
                rows: scores.map { score in
                    var row = [
                        String(score.rank), score.accountId, score.name, score.value.plain, "\(score.commitment)",
                    ]
                    for component in score.components { row += ["\(component.value)", "\(component.contribution)"] }
                    row += [
                        "\(score.strength)", score.relationship.rawValue, score.quadrant.rawValue,
                        score.alternatives.map(String.init) ?? "", score.missing.map(\.rawValue).joined(separator: " "),
                    ]
                    return row
                })
        case .table:
            var text =
                "Partnership candidates as of \(asOf), ranked by commitment (strength shown beside it, never mixed in)\n"
            text +=
                "Commitment = 0.50 switching cost + 0.15 exclusivity + 0.10 tenure + 0.15 regularity + 0.10 information sharing\n\n"
            var table = TextTable([
                .init("#", right: true), .init("Customer", max: 34), .init("Commit", right: true),
                .init("Switch", right: true),
                .init("Excl", right: true), .init("Tenure", right: true), .init("Regul", right: true),
                .init("Info", right: true),
                .init("Strength", right: true), .init("Relationship"), .init("Quadrant"), .init("Missing", right: true),
            ])
            for score in scores {
                table.add([
                    String(score.rank), score.name, Format.score(score.commitment), Format.score(score.switchingCost),
                    Format.score(score.exclusivity), Format.score(score.tenure), Format.score(score.regularity),
                    Format.score(score.informationSharing), Format.score(score.strength), score.relationship.rawValue,
                    score.quadrant.rawValue, score.missing.isEmpty ? "" : String(score.missing.count),
                ])
            }
            let missing = scores.filter { !$0.missing.isEmpty }.count
            let footer =
                missing > 0
                ? "\n\(missing) customers have missing ratings, counted as 0 points (Missing column); `--format json` lists them.\n"
                : ""
            return text + table.render() + footer
        }
    }

    // MARK: Suppliers

    struct SupplierJSON: Encodable {
        let id: String
        let name: String
        let spend: Money
        let spendShare: Double
        let shareBefore: Double
        let periods: [PeriodScore]
        let overall: Double?
        let standing: Standing
        let deliveryScore: Double?
        let onTimeShare: Double?
        let deliveriesMeasured: Int
        let kraljic: KraljicCategory
        let key: Bool
        let keyReasons: [KeyReason]
        let missingRatings: [String]
        let ownerId: String?
        let lastVisit: Day?
    }
    struct SuppliersJSON: Encodable {
        let report = "suppliers"
        let asOf: Day
        let weights: [String: Double]
        let suppliers: [SupplierJSON]
    }

    func suppliers(_ format: ReportFormat) throws -> String {
        let rows = portfolio.suppliers(asOf: asOf, index: index)
        func ownerName(_ id: String?) -> String { id.flatMap { portfolio.owners[$0]?.name } ?? "" }
        switch format {
        case .json:
            return try Format.json(
                SuppliersJSON(
                    asOf: asOf,
                    weights: Dictionary(
                        uniqueKeysWithValues: portfolio.settings.scorecardWeights.map { ($0.key.rawValue, $0.value) }),
                    suppliers: rows.map {
                        SupplierJSON(
                            id: $0.accountId, name: $0.name, spend: $0.spend, spendShare: $0.spendShare,
                            shareBefore: $0.shareBefore, periods: $0.periods, overall: $0.overall,
                            standing: $0.standing,
                            deliveryScore: $0.deliveryScore, onTimeShare: $0.onTimeShare,
                            deliveriesMeasured: $0.deliveriesMeasured, kraljic: $0.kraljic, key: $0.isKey,
                            keyReasons: $0.keyReasons, missingRatings: $0.missing.map(\.rawValue), ownerId: $0.ownerId,
                            lastVisit: $0.lastInPerson)
                    }))
        case .csv:
            return try CSVText.write(
                header: [
                    "id", "name", "spend", "spendShare", "overall", "standing", "deliveryScore", "onTimeShare",
                    "kraljic", "key",
                    "keyReasons", "owner", "lastVisit",
                ],
                rows: rows.map { row -> [String] in
                    let overall = row.overall.map { "\($0)" } ?? ""
                    let delivery = row.deliveryScore.map { "\($0)" } ?? ""
                    let onTime = row.onTimeShare.map { "\($0)" } ?? ""
                    let reasons = row.keyReasons.map(\.rawValue).joined(separator: " ")
                    return [
                        row.accountId, row.name, row.spend.plain, "\(row.spendShare)", overall, row.standing.rawValue,
                        delivery,
                        onTime, row.kraljic.rawValue, row.isKey ? "yes" : "no", reasons, ownerName(row.ownerId),
                        row.lastInPerson?.description ?? "",
                    ]
                })
        case .table:
            var text =
                "Suppliers as of \(asOf): scorecards over the last 12 evaluated months, by trailing-12-month spend\n"
            text +=
                "Standing: preferred ≥ 80, approved ≥ 50, probation ≥ 30, blocked < 30. Key: strategic, bottleneck or top 80% of spend.\n\n"
            var table = TextTable([
                .init("Supplier", max: 34), .init("Spend", right: true), .init("Share", right: true),
                .init("Overall", right: true),
                .init("Standing"), .init("Deliv", right: true), .init("On time", right: true), .init("Kraljic"),
                .init("Key"),
                .init("Owner", max: 18), .init("Last visit"),
            ])
            for row in rows {
                table.add([
                    row.name, row.spend.grouped, Format.percent(row.spendShare), Format.score(row.overall),
                    row.standing.rawValue,
                    Format.score(row.deliveryScore), row.onTimeShare.map(Format.percent) ?? "–", row.kraljic.rawValue,
                    row.isKey ? "key" : "", row.ownerId == nil ? (row.isKey ? "UNOWNED" : "") : ownerName(row.ownerId),
                    row.lastInPerson?.description ?? "never",
                ])
            }
            return text + table.render()
        }
    }

    // MARK: Owners

    struct OwnerJSON: Encodable {
        let id: String
        let name: String
        let team: String
        let active: Bool
        let capacity: Int
        let keyAccounts: [KeyAccountJSON]
        let keyAccountCount: Int
        let load: Double
        let customerValue: Money
        let supplierSpend: Money
        let overdueFollowUps: Int
        let staleKeyAccounts: Int
        let flags: [WorkloadFlag]
    }
    struct KeyAccountJSON: Encodable {
        let id: String
        let name: String
        let tierACustomer: Bool
        let keySupplier: Bool
        let ownerId: String?
        let lastVisit: Day?
        let openFollowUps: Int
        let stale: Bool
        init(_ key: KeyAccount) {
            id = key.accountId
            name = key.name
            tierACustomer = key.isTierACustomer
            keySupplier = key.isKeySupplier
            ownerId = key.ownerId
            lastVisit = key.lastInPerson
            openFollowUps = key.openFollowUps
            stale = key.isStale
        }
    }
    struct OwnersJSON: Encodable {
        let report = "owners"
        let asOf: Day
        let staleDays: Int
        let owners: [OwnerJSON]
        let unassigned: [KeyAccountJSON]
    }

    func owners(_ format: ReportFormat) throws -> String {
        let report = portfolio.workload(asOf: asOf, index: index)
        switch format {
        case .json:
            return try Format.json(
                OwnersJSON(
                    asOf: asOf, staleDays: portfolio.settings.staleDays,
                    owners: report.owners.map {
                        OwnerJSON(
                            id: $0.ownerId, name: $0.name, team: $0.team, active: $0.active, capacity: $0.capacity,
                            keyAccounts: $0.keyAccounts.map(KeyAccountJSON.init), keyAccountCount: $0.keyAccounts.count,
                            load: $0.load, customerValue: $0.customerValue, supplierSpend: $0.supplierSpend,
                            overdueFollowUps: $0.overdueFollowUps, staleKeyAccounts: $0.staleKeyAccounts.count,
                            flags: $0.flags)
                    },
                    unassigned: report.unassigned.map(KeyAccountJSON.init)))
        case .csv:
            return try CSVText.write(
                header: [
                    "id", "name", "team", "active", "keyAccounts", "capacity", "load", "customerValue", "supplierSpend",
                    "overdueFollowUps", "staleKeyAccounts", "flags",
                ],
                rows: report.owners.map {
                    [
                        $0.ownerId, $0.name, $0.team, $0.active ? "yes" : "no", String($0.keyAccounts.count),
                        String($0.capacity),
                        "\($0.load)", $0.customerValue.plain, $0.supplierSpend.plain, String($0.overdueFollowUps),
                        String($0.staleKeyAccounts.count), $0.flags.map(\.rawValue).joined(separator: " "),
                    ]
                }
                    + report.unassigned.map {
                        [
                            "", "(unassigned) " + $0.name, "", "", "1", "", "", "", "", "", $0.isStale ? "1" : "0",
                            "unassigned",
                        ]
                    })
        case .table:
            var text = "Key-account owners as of \(asOf): key accounts are tier-A customers and key suppliers; "
            text += "stale = no visit or meeting in \(portfolio.settings.staleDays) days\n\n"
            var table = TextTable([
                .init("Owner", max: 24), .init("Team", max: 14), .init("Key", right: true), .init("Cap", right: true),
                .init("Load", right: true), .init(""), .init("Cust. value", right: true),
                .init("Supp. spend", right: true),
                .init("Overdue", right: true), .init("Stale", right: true), .init("Flags"),
            ])
            for row in report.owners {
                let bar =
                    String(repeating: "█", count: min(10, Int((row.load * 10).rounded())))
                    + (row.load > 1 ? "+" : "")
                table.add([
                    row.name + (row.active ? "" : " (inactive)"), row.team, String(row.keyAccounts.count),
                    String(row.capacity),
                    Format.ratio(row.load), bar, row.customerValue.grouped, row.supplierSpend.grouped,
                    String(row.overdueFollowUps), String(row.staleKeyAccounts.count),
                    row.flags.map(\.rawValue).joined(separator: " "),
                ])
            }
            text += table.render()
            if report.unassigned.isEmpty {
                text += "\nEvery key account has an active owner.\n"
            } else {
                text += "\nUnassigned key accounts (\(report.unassigned.count)): no owner, or an inactive one\n"
                var unassigned = TextTable([
                    .init("Account", max: 36), .init("Why key"), .init("Last visit"),
                    .init("Open follow-ups", right: true),
                ])
                for key in report.unassigned {
                    let why = [key.isTierACustomer ? "tier-A customer" : nil, key.isKeySupplier ? "key supplier" : nil]
                        .compactMap { $0 }
                    unassigned.add([
                        key.name, why.joined(separator: ", "), key.lastInPerson?.description ?? "never",
                        String(key.openFollowUps),
                    ])
                }
                text += unassigned.render()
            }
            return text
        }
    }
}
