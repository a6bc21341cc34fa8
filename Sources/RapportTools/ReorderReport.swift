import RapportDomain

extension Reporter {
    struct ReordersJSON: Encodable {
        let report = "reorders"
        let asOf: Day
        let customers: [ReportObject]
    }

    func reorders(_ format: ReportFormat) throws -> String {
        let rhythms = portfolio.reorderRhythms(asOf: asOf, index: index)
        let spec = Self.reorderColumns
        switch format {
        case .json: return try Format.json(ReordersJSON(asOf: asOf, customers: rhythms.map { spec.json($0) }))
        case .csv: return try spec.csv(rhythms)
        case .table:
            var text = "Reorder rhythms as of \(asOf): each customer's usual gap between orders over 24 months, "
            text += "the biggest value at risk first\n"
            text += "Late: more than max(7 days, half a cycle) past the expected order. Lapsed: no order for over "
            text += "3 cycles. Due: expected within 7 days.\n\n"
            let counts = RhythmStatus.allCases.map { status in
                "\(rhythms.count { $0.status == status }) \(status.label)"
            }
            text += counts.joined(separator: " · ") + "\n\n"
            return text + spec.table(rhythms)
        }
    }

    static var reorderColumns: ReportSpec<ReorderRhythm> {
        /// An optional value as the CSV writes it (empty: none).
        func optional(_ value: (some CustomStringConvertible)?) -> String { value.map(\.description) ?? "" }
        return ReportSpec([
            ReportColumn("id", value: \.accountId),
            ReportColumn("name", title: "Customer", max: 36, value: \.name),
            ReportColumn(
                "status", title: "Rhythm", value: \.status, table: \.status.label, csv: \.status.rawValue),
            ReportColumn("orderDays", title: "Order days", right: true, value: \.orderDays),
            ReportColumn(
                "cycleDays", title: "Cycle", right: true, value: \.cycleDays,
                table: { $0.cycleDays.map(Self.days) ?? "–" }, csv: { optional($0.cycleDays) }),
            ReportColumn(
                "lastOrder", title: "Last order", value: \.lastOrder, table: { $0.lastOrder?.description ?? "never" },
                csv: { optional($0.lastOrder) }),
            ReportColumn(
                "expectedNext", title: "Expected", value: \.expectedNext,
                table: { $0.expectedNext?.description ?? "–" }, csv: { optional($0.expectedNext) }),
            ReportColumn(
                "daysLate", title: "Late", right: true, value: \.daysLate,
                table: { $0.daysLate.map { $0 > 0 ? "\($0) d" : "" } ?? "" }, csv: { optional($0.daysLate) }),
            ReportColumn(
                "valueAtRisk", title: "Value at risk", right: true, value: \.valueAtRisk,
                table: { $0.valueAtRisk == .zero ? "" : $0.valueAtRisk.grouped }, csv: \.valueAtRisk.plain),
        ])
    }

    /// A cycle as people read it: "30 d", "10.5 d".
    static func days(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) d" : "\(value) d"
    }
}
