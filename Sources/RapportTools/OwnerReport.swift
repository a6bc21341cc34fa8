import RapportDomain

extension Reporter {

    /// A line of the owners report: an owner, or (in the CSV) an unassigned key account.
    enum OwnerLine {
        case owner(OwnerRow)
        case unassigned(KeyAccount)
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
        let owners: [ReportObject]
        let unassigned: [KeyAccountJSON]
    }

    func owners(_ format: ReportFormat) throws -> String {
        let report = portfolio.workload(asOf: asOf, index: index)
        let spec = Self.ownerColumns
        let owners = report.owners.map(OwnerLine.owner)
        switch format {
        case .json:
            return try Format.json(
                OwnersJSON(
                    asOf: asOf, staleDays: portfolio.settings.staleDays, owners: owners.map { spec.json($0) },
                    unassigned: report.unassigned.map(KeyAccountJSON.init)))
        case .csv:
            return try spec.csv(owners + report.unassigned.map(OwnerLine.unassigned))
        case .table:
            var text = "Key-account owners as of \(asOf): key accounts are tier-A customers and key suppliers; "
            text += "stale = no visit or meeting in \(portfolio.settings.staleDays) days\n\n"
            text += spec.table(owners)
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

    /// An owner column: the owner's value (JSON), cell (table) and text (CSV), and what an
    /// unassigned key account's CSV line has in it.
    static func ownerColumn<Value: Encodable>(
        _ key: String, title: String? = nil, right: Bool = false, max: Int = 40, json: String? = nil,
        value: @escaping (OwnerRow) -> Value, table: ((OwnerRow) -> String)? = nil, csv: ((OwnerRow) -> String)? = nil,
        unassigned: @escaping (KeyAccount) -> String = { _ in "" }
    ) -> ReportColumn<OwnerLine> {
        let column = ReportColumn<OwnerRow>(
            key, title: title, right: right, max: max, json: json, value: value, table: table, csv: csv)
        return ReportColumn<OwnerLine>(
            table: column.table.map { part in
                .init(title: part.title, right: part.right, max: part.max) { line in
                    if case .owner(let row) = line { part.cell(row) } else { "" }
                }
            },
            csv: column.csv.map { header, cell in
                (
                    header,
                    { line in
                        switch line {
                        case .owner(let row): cell(row)
                        case .unassigned(let key): unassigned(key)
                        }
                    }
                )
            },
            json: column.json.map { key, encoded in
                (
                    key,
                    { line in
                        if case .owner(let row) = line { encoded(row) } else { nil }
                    }
                )
            })
    }

    static var ownerColumns: ReportSpec<OwnerLine> {
        ReportSpec([
            ownerColumn("id", value: \.ownerId),
            ownerColumn(
                "name", title: "Owner", max: 24, value: \.name, table: { $0.name + ($0.active ? "" : " (inactive)") },
                unassigned: { "(unassigned) " + $0.name }),
            ownerColumn("team", title: "Team", max: 14, value: \.team),
            ownerColumn("active", value: \.active, csv: { $0.active ? "yes" : "no" }),
            ownerColumn(
                "keyAccounts", title: "Key", right: true, json: "keyAccountCount", value: \.keyAccounts.count,
                unassigned: { _ in "1" }),
            .json("keyAccounts") { line in
                if case .owner(let row) = line { row.keyAccounts.map(KeyAccountJSON.init) } else { nil }
            },
            ownerColumn("capacity", title: "Cap", right: true, value: \.capacity),
            ownerColumn("load", title: "Load", right: true, value: \.load, table: { Format.ratio($0.load) }),
            ReportColumn(
                table: .init(title: "", right: false, max: 40) { line in
                    guard case .owner(let row) = line else { return "" }
                    return String(repeating: "█", count: min(10, Int((row.load * 10).rounded())))
                        + (row.load > 1 ? "+" : "")
                }),
            ownerColumn(
                "customerValue", title: "Cust. value", right: true, value: \.customerValue,
                table: \.customerValue.grouped,
                csv: \.customerValue.plain),
            ownerColumn(
                "supplierSpend", title: "Supp. spend", right: true, value: \.supplierSpend,
                table: \.supplierSpend.grouped,
                csv: \.supplierSpend.plain),
            ownerColumn("overdueFollowUps", title: "Overdue", right: true, value: \.overdueFollowUps),
            ownerColumn(
                "staleKeyAccounts", title: "Stale", right: true, value: \.staleKeyAccounts.count,
                unassigned: { $0.isStale ? "1" : "0" }),
            ownerColumn(
                "flags", title: "Flags", value: \.flags, table: \.flagWords,
                csv: { $0.flags.map(\.rawValue).joined(separator: " ") }, unassigned: { _ in "unassigned" }),
        ])
    }
}
