import RapportDomain

extension Reporter {

    struct CommitmentComponentJSON: Encodable {
        let name: String
        let value: Double
        let weight: Double
        let contribution: Double
    }
    /// A candidate with the ratings its strength was computed from.
    struct PartnerLine {
        let score: PartnerScore
        let ratings: Ratings
    }
    struct PartnersJSON: Encodable {
        let report = "partners"
        let asOf: Day
        let candidates: [ReportObject]
    }

    func partners(_ format: ReportFormat) throws -> String {
        let scores = portfolio.partners(asOf: asOf, index: index)
        let lines = scores.map {
            PartnerLine(score: $0, ratings: portfolio.accounts[$0.accountId]?.ratings ?? Ratings())
        }
        switch format {
        case .json:
            let spec = Self.partnerColumns
            return try Format.json(PartnersJSON(asOf: asOf, candidates: lines.map { spec.json($0) }))
        case .csv:
            return try Self.partnerColumns.csv(lines)
        case .table:
            var text =
                "Partnership candidates as of \(asOf), ranked by commitment (strength shown beside it, never mixed in)\n"
            text +=
                "Commitment = 0.50 switching cost + 0.15 exclusivity + 0.10 tenure + 0.15 regularity + 0.10 information sharing\n\n"
            let missing = scores.filter { !$0.missing.isEmpty }.count
            let footer =
                missing > 0
                ? "\n\(missing) customers have missing ratings, counted as 0 points (Missing column); `--format json` lists them.\n"
                : ""
            return text + Self.partnerColumns.table(lines) + footer
        }
    }

    static var partnerColumns: ReportSpec<PartnerLine> {
        var columns: [ReportColumn<PartnerLine>] = [
            ReportColumn("rank", title: "#", right: true, value: \.score.rank),
            ReportColumn("id", value: \.score.accountId),
            ReportColumn("name", title: "Customer", max: 34, value: \.score.name),
            ReportColumn("value", value: \.score.value, csv: \.score.value.plain),
            ReportColumn(
                "commitment", title: "Commit", right: true, value: \.score.commitment,
                table: { Format.score($0.score.commitment) }),
            .json("components") { line in
                line.score.components.map {
                    CommitmentComponentJSON(
                        name: $0.name, value: $0.value, weight: $0.weight, contribution: $0.contribution)
                }
            },
        ]
        // Each component: its value (in the table too) and its contribution.
        let titles = ["Switch", "Excl", "Tenure", "Regul", "Info"]
        for (index, (name, _)) in PartnerScore.weights.enumerated() {
            columns.append(
                ReportColumn(
                    table: .init(title: titles[index], right: true, max: 40) {
                        Format.score($0.score.components[index].value)
                    },
                    csv: (name, { "\($0.score.components[index].value)" })))
            columns.append(.csv(name + "Contribution") { "\($0.score.components[index].contribution)" })
        }
        columns += [
            ReportColumn(
                "strength", title: "Strength", right: true, value: \.score.strength,
                table: { Format.score($0.score.strength) }),
            .json("strengthRatings") { line in
                Dictionary(uniqueKeysWithValues: RatingField.strength.map { ($0.rawValue, line.ratings[$0]) })
            },
            ReportColumn(
                "relationship", title: "Relationship", value: \.score.relationship,
                table: \.score.relationship.rawValue, csv: \.score.relationship.rawValue),
            ReportColumn(
                "quadrant", title: "Quadrant", value: \.score.quadrant, table: \.score.quadrant.rawValue,
                csv: \.score.quadrant.rawValue),
            ReportColumn(
                "alternatives", value: \.score.alternatives, csv: { $0.score.alternatives.map(String.init) ?? "" }),
            .json("yearsSinceFirstSale") { $0.score.yearsSinceFirstSale },
            .json("monthsWithSales") { $0.score.monthsWithSales },
            ReportColumn(
                table: .init(title: "Missing", right: true, max: 40) {
                    $0.score.missing.isEmpty ? "" : String($0.score.missing.count)
                },
                csv: ("missingRatings", { $0.score.missing.map(\.rawValue).joined(separator: " ") }),
                json: ("missingRatings", { $0.score.missing.map(\.rawValue) })),
        ]
        return ReportSpec(columns)
    }
}
