import RapportDomain

extension Reporter {

    struct TiersJSON: Encodable {
        let report = "tiers"
        let asOf: Day
        let measure: Settings.ValueMeasure
        let window: WindowJSON
        let previousWindow: WindowJSON
        let cutoffs: [String: Double]
        let total: Money
        let summary: [SummaryJSON]
        let customers: [ReportObject]
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
        let spec = Self.tierColumns
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
                    customers: report.rows.map { spec.json($0) }))
        case .csv:
            return try spec.csv(report.rows)
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
            return text + spec.table(report.rows)
        }
    }

    static var tierColumns: ReportSpec<TierRow> {
        ReportSpec([
            ReportColumn("rank", title: "#", right: true, value: \.rank),
            ReportColumn("id", json: "accountId", value: \.accountId),
            ReportColumn("name", title: "Customer", max: 36, value: \.name),
            ReportColumn(
                "value", title: "Value", right: true, value: \.value, table: \.value.grouped, csv: \.value.plain),
            ReportColumn("share", title: "Share", right: true, value: \.share, table: { Format.percent($0.share) }),
            ReportColumn("shareBefore", value: \.shareBefore),
            ReportColumn(
                "cumulativeShare", title: "Cum.", right: true, value: \.cumulativeShare,
                table: { Format.percent($0.cumulativeShare) }),
            ReportColumn("tier", title: "Tier", value: \.tier, table: \.tier.rawValue, csv: \.tier.rawValue),
            ReportColumn("previousValue", value: \.previousValue, csv: \.previousValue.plain),
            ReportColumn(
                "previousTier", title: "Prev", value: \.previousTier, table: { $0.previousTier?.rawValue ?? "–" },
                csv: { $0.previousTier?.rawValue ?? "" }),
            ReportColumn(
                "movement", title: "Move", value: \.movement, table: { "\($0.movement.arrow) \($0.movement.rawValue)" },
                csv: \.movement.rawValue),
            ReportColumn("orders", title: "Orders", right: true, value: \.orders),
            ReportColumn("frequency", value: \.frequency, csv: \.frequency.rawValue),
            ReportColumn("industry", title: "Industry", max: 16, value: \.industry),
            ReportColumn("region", title: "Region", max: 16, value: \.region),
        ])
    }
}
