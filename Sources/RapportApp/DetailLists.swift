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

/// One change in an account's history, with the portfolio to name records and owners by.
struct HistoryLine {
    let item: HistoryItem
    let portfolio: Portfolio

    /// The record changed, by its name or what it was, never by its id.
    var record: String {
        let id = item.id
        switch item.kind {
        case .account: return portfolio.accounts[id]?.name ?? "a deleted account"
        case .owner: return portfolio.owners[id].map { "owner \($0.name)" } ?? "a deleted owner"
        case .contact: return portfolio.contacts[id].map { "contact \($0.name)" } ?? "a deleted contact"
        case .interaction:
            return portfolio.interactions[id].map { "\($0.channel.rawValue) of \($0.date)" }
                ?? "a deleted interaction"
        case .sale:
            return portfolio.sales[id].map { "sale of \($0.date)" + ($0.reference.map { " (\($0))" } ?? "") }
                ?? "a deleted sale"
        case .purchase:
            return portfolio.purchases[id].map { "purchase of \($0.date)" + ($0.reference.map { " (\($0))" } ?? "") }
                ?? "a deleted purchase"
        case .evaluation:
            return portfolio.evaluations[id].map { "evaluation of \(Words.month($0.period))" }
                ?? "a deleted evaluation"
        }
    }

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
                    return portfolio.owners[value]?.name ?? "a deleted owner"
                }
                return "\(Words.field(change.field)): \(shown(change.from)) → \(shown(change.to))"
            }.joined(separator: "; ")
        }
    }
}

/// The sections of an account's page.
extension Lists {
    static let interactions = ListSpec<TimelineLine>([
        ListColumn("Date", width: 10) { $0.pointee.interaction.date.description },
        ListColumn("Channel", width: 7) { $0.pointee.interaction.channel.rawValue },
        ListColumn("Kind", width: 10, style: { $0.pointee.interaction.kind == .complaint ? .warn : nil }) {
            $0.pointee.interaction.kind.rawValue
        },
        ListColumn(
            "Follow-up", width: 18,
            style: { line in
                line.pointee.interaction.isOverdue(asOf: line.pointee.asOf)
                    ? .bad : (line.pointee.interaction.isOpenFollowUp ? .warn : .dim)
            }
        ) { $0.pointee.due },
        ListColumn("Summary", width: 0) { $0.pointee.interaction.summary },
    ])

    static let contacts = ListSpec<Contact>([
        ListColumn("Name", width: 24) { $0.pointee.name },
        // The email takes the room left over: it is cut only where the window is narrow.
        ListColumn("Email", width: 26, grows: true) { $0.pointee.email },
        ListColumn("Phone", width: 16) { $0.pointee.phone },
        ListColumn("Title", width: 20) { $0.pointee.title },
        ListColumn("Prefers", width: 8) { $0.pointee.preferredChannel?.rawValue ?? "" },
    ])

    static let sales = ListSpec<Sale>([
        ListColumn("Date", width: 10) { $0.pointee.date.description },
        ListColumn("Amount", width: 14, right: true) { $0.pointee.amount.grouped },
        ListColumn("Margin", width: 14, right: true) { $0.pointee.margin?.grouped ?? "" },
        ListColumn("Invoice", width: 0) { $0.pointee.reference ?? "" },
    ])

    static let purchases = ListSpec<Purchase>([
        ListColumn("Date", width: 10) { $0.pointee.date.description },
        ListColumn("Amount", width: 14, right: true) { $0.pointee.amount.grouped },
        ListColumn("Promised", width: 10) { $0.pointee.promised?.description ?? "" },
        ListColumn("Delivered", width: 10, style: { $0.pointee.onTime == false ? .bad : nil }) {
            $0.pointee.actual?.description ?? ""
        },
        ListColumn("Order", width: 0) { $0.pointee.reference ?? "" },
    ])

    static let evaluations = ListSpec<SupplierEvaluation>(
        [ListColumn("Month", width: 7) { $0.pointee.period.description }]
            + Criterion.allCases.map { criterion in
                ListColumn(String(criterion.label.prefix(9)), width: 9, right: true) {
                    Form.score($0.pointee.scores[criterion])
                }
            })

    static let history = ListSpec<HistoryLine>([
        ListColumn("When (UTC)", width: 16, style: { _ in .dim }) { $0.pointee.when },
        ListColumn("Who", width: 10) { $0.pointee.item.by },
        ListColumn("Record", width: 30) { $0.pointee.record },
        ListColumn("Change", width: 0, style: { $0.pointee.item.action == .deleted ? .bad : nil }) { $0.pointee.what },
    ])
}
