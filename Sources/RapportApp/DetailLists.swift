import RapportDomain
import RapportTheme

/// An interaction on an account's timeline, as of the dashboard's date.
struct TimelineLine {
    let interaction: Interaction
    let asOf: Day

    var due: String {
        guard let followUp = interaction.followUp else { return "" }
        if interaction.done { return "done" }
        return interaction.isOverdue(asOf: asOf) ? "OVERDUE \(followUp)" : "due \(followUp)"
    }
}

/// One change in an account's history, with the owners to name owner ids by.
struct HistoryLine {
    let item: HistoryItem
    let owners: RecordMap<Owner>

    var when: String { String(item.at.description.prefix(16)).replacingOccurrences(of: "T", with: " ") }

    var what: String {
        switch item.action {
        case .created: return "created"
        case .deleted: return "deleted"
        case .changed:
            guard !item.changes.isEmpty else { return "changed" }
            return item.changes.map { change in
                // Owner ids read better as names (ids stay for owners since deleted).
                func shown(_ value: String) -> String {
                    if value.isEmpty { return "–" }
                    guard change.field == "ownerId" else { return value }
                    return owners[value]?.name ?? value
                }
                let field = change.field == "ownerId" ? "owner" : change.field
                return "\(field): \(shown(change.from)) → \(shown(change.to))"
            }.joined(separator: "; ")
        }
    }
}

/// The sections of an account's page.
extension Lists {
    static let interactions = ListSpec<TimelineLine>([
        ListColumn("Date", width: 10) { $0.interaction.date.description },
        ListColumn("Channel", width: 7) { $0.interaction.channel.rawValue },
        ListColumn("Kind", width: 10, style: { $0.interaction.kind == .complaint ? .warn : nil }) {
            $0.interaction.kind.rawValue
        },
        ListColumn(
            "Follow-up", width: 18,
            style: { line in
                line.interaction.isOverdue(asOf: line.asOf) ? .bad : (line.interaction.isOpenFollowUp ? .warn : .dim)
            }
        ) { $0.due },
        ListColumn("Summary", width: 0) { $0.interaction.summary },
    ])

    static let contacts = ListSpec<Contact>([
        ListColumn("Name", width: 24) { $0.name },
        ListColumn("Title", width: 20) { $0.title },
        ListColumn("Email", width: 26) { $0.email },
        ListColumn("Phone", width: 16) { $0.phone },
        ListColumn("Prefers", width: 0) { $0.preferredChannel?.rawValue ?? "" },
    ])

    static let sales = ListSpec<Sale>([
        ListColumn("Date", width: 10) { $0.date.description },
        ListColumn("Amount", width: 14, right: true) { $0.amount.grouped },
        ListColumn("Margin", width: 14, right: true) { $0.margin?.grouped ?? "" },
        ListColumn("Invoice", width: 0) { $0.reference ?? "" },
    ])

    static let purchases = ListSpec<Purchase>([
        ListColumn("Date", width: 10) { $0.date.description },
        ListColumn("Amount", width: 14, right: true) { $0.amount.grouped },
        ListColumn("Promised", width: 10) { $0.promised?.description ?? "" },
        ListColumn("Delivered", width: 10, style: { $0.onTime == false ? .bad : nil }) {
            $0.actual?.description ?? ""
        },
        ListColumn("Order", width: 0) { $0.reference ?? "" },
    ])

    static let evaluations = ListSpec<SupplierEvaluation>(
        [ListColumn("Month", width: 7) { $0.period.description }]
            + Criterion.allCases.map { criterion in
                ListColumn(String(criterion.label.prefix(9)), width: 9, right: true) {
                    Form.score($0.scores[criterion])
                }
            })

    static let history = ListSpec<HistoryLine>([
        ListColumn("When (UTC)", width: 16, style: { _ in .dim }) { $0.when },
        ListColumn("Who", width: 10) { $0.item.by },
        ListColumn("Record", width: 22) { "\($0.item.kind.rawValue) \($0.item.id)" },
        ListColumn("Change", width: 0, style: { $0.item.action == .deleted ? .bad : nil }) { $0.what },
    ])
}
