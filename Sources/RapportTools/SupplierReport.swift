import RapportDomain

extension Reporter {

    /// A supplier with its owner's name.
    struct SupplierLine {
        let row: SupplierRow
        let owner: String
    }
    struct SuppliersJSON: Encodable {
        let report = "suppliers"
        let asOf: Day
        let weights: [String: Double]
        let suppliers: [ReportObject]
    }

    func suppliers(_ format: ReportFormat) throws -> String {
        let lines = portfolio.suppliers(asOf: asOf, index: index).map {
            SupplierLine(row: $0, owner: $0.ownerId.flatMap { portfolio.owners[$0]?.name } ?? "")
        }
        let spec = Self.supplierColumns
        switch format {
        case .json:
            return try Format.json(
                SuppliersJSON(
                    asOf: asOf,
                    weights: Dictionary(
                        uniqueKeysWithValues: portfolio.settings.scorecardWeights.map { ($0.key.rawValue, $0.value) }),
                    suppliers: lines.map { spec.json($0) }))
        case .csv:
            return try spec.csv(lines)
        case .table:
            var text =
                "Suppliers as of \(asOf): scorecards over the last 12 evaluated months, by trailing-12-month spend\n"
            text +=
                "Standing: preferred ≥ 80, approved ≥ 50, probation ≥ 30, blocked < 30. Key: strategic, bottleneck or top 80% of spend.\n\n"
            return text + spec.table(lines)
        }
    }

    static var supplierColumns: ReportSpec<SupplierLine> {
        /// An optional number as the CSV writes it (empty: none).
        func number(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }
        return ReportSpec([
            ReportColumn("id", value: \.row.accountId),
            ReportColumn("name", title: "Supplier", max: 34, value: \.row.name),
            ReportColumn(
                "spend", title: "Spend", right: true, value: \.row.spend, table: \.row.spend.grouped,
                csv: \.row.spend.plain),
            ReportColumn(
                "spendShare", title: "Share", right: true, value: \.row.spendShare,
                table: { Format.percent($0.row.spendShare) }),
            .json("shareBefore") { $0.row.shareBefore },
            .json("periods") { $0.row.periods },
            ReportColumn(
                "overall", title: "Overall", right: true, value: \.row.overall, table: { Format.score($0.row.overall) },
                csv: { number($0.row.overall) }),
            ReportColumn(
                "standing", title: "Standing", value: \.row.standing, table: \.row.standing.rawValue,
                csv: \.row.standing.rawValue),
            ReportColumn(
                "deliveryScore", title: "Deliv", right: true, value: \.row.deliveryScore,
                table: { Format.score($0.row.deliveryScore) }, csv: { number($0.row.deliveryScore) }),
            ReportColumn(
                "onTimeShare", title: "On time", right: true, value: \.row.onTimeShare,
                table: { $0.row.onTimeShare.map(Format.percent) ?? "–" }, csv: { number($0.row.onTimeShare) }),
            .json("deliveriesMeasured") { $0.row.deliveriesMeasured },
            ReportColumn(
                "kraljic", title: "Kraljic", value: \.row.kraljic, table: \.row.kraljic.rawValue,
                csv: \.row.kraljic.rawValue),
            ReportColumn(
                "key", title: "Key", value: \.row.isKey, table: { $0.row.isKey ? "key" : "" },
                csv: { $0.row.isKey ? "yes" : "no" }),
            ReportColumn(
                "keyReasons", value: \.row.keyReasons, csv: { $0.row.keyReasons.map(\.rawValue).joined(separator: " ") }
            ),
            .json("missingRatings") { $0.row.missing.map(\.rawValue) },
            ReportColumn(
                table: .init(title: "Owner", right: false, max: 18) {
                    $0.row.ownerId == nil ? ($0.row.isKey ? "UNOWNED" : "") : $0.owner
                },
                csv: ("owner", \.owner)),
            .json("ownerId") { $0.row.ownerId },
            ReportColumn(
                "lastVisit", title: "Last visit", value: \.row.lastInPerson,
                table: { $0.row.lastInPerson?.description ?? "never" }, csv: { $0.row.lastInPerson?.description ?? "" }),
        ])
    }
}
