/// What an agenda item asks for, in the agenda's order.
public enum AgendaKind: String, Codable, CaseIterable, Sendable, Comparable {
    /// An open follow-up due before the as-of date.
    case overdue
    /// An open follow-up due within the coming days.
    case dueSoon
    /// A customer whose reorder rhythm is late or lapsed.
    case lateReorder
    /// A key account with no visit or meeting within the stale days.
    case visitDue

    /// As users read it, one item.
    public var label: String {
        switch self {
        case .overdue: "overdue"
        case .dueSoon: "due soon"
        case .lateReorder: "late reorder"
        case .visitDue: "visit due"
        }
    }

    /// In fewer words, after a count: "overdue", "soon", "reorders", "visits".
    public var shortLabel: String {
        switch self {
        case .overdue: "overdue"
        case .dueSoon: "soon"
        case .lateReorder: "reorders"
        case .visitDue: "visits"
        }
    }

    /// As users read it, several items: "3 overdue", "2 late reorders".
    public func counted(_ count: Int) -> String {
        switch self {
        case .overdue, .dueSoon: "\(count) \(label)"
        case .lateReorder: "\(count) late reorder\(count == 1 ? "" : "s")"
        case .visitDue: "\(count) visit\(count == 1 ? "" : "s") due"
        }
    }

    public static func < (lhs: AgendaKind, rhs: AgendaKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One thing to act on (docs/DOMAIN.md, "The agenda").
public struct AgendaItem: Hashable, Sendable, Identifiable {
    public let kind: AgendaKind
    public let accountId: String
    public let accountName: String
    /// The follow-up's interaction (follow-ups only).
    public let interactionId: String?
    /// What is due, in words: the follow-up's summary, "usually orders every 30 days",
    /// "no visit for 120 days".
    public let what: String
    /// The day it was due or is due: the follow-up date, the expected order, the last visit
    /// plus the stale days (nil: a key account never visited).
    public let due: Day?
    /// Days past due (negative: days until due); nil for a key account never visited.
    public let daysLate: Int?
    /// Who it belongs to; nil when unassigned (no owner, or a missing or inactive one).
    public let ownerId: String?
    public let ownerName: String?
    /// A complaint's follow-up (complaints come first among equal dates).
    public let isComplaint: Bool
    /// A late reorder's trailing-12-month value; zero for the other kinds.
    public let valueAtRisk: Money
    /// A late reorder's rhythm status (late or lapsed).
    public let rhythm: RhythmStatus?

    /// Unique within an agenda: the interaction for a follow-up, else the kind and the account.
    public var id: String { interactionId ?? "\(kind.rawValue):\(accountId)" }

    /// How late or how soon, in words: "3 d overdue", "due today", "in 2 d", "12 d late",
    /// "lapsed 40 d" (late beyond three cycles), "31 d late" (a visit), "never visited".
    public var when: String {
        switch kind {
        case .overdue: return "\(daysLate ?? 0) d overdue"
        case .dueSoon:
            let ahead = -(daysLate ?? 0)
            return ahead == 0 ? "due today" : ahead == 1 ? "due tomorrow" : "in \(ahead) d"
        case .lateReorder:
            let late = max(0, daysLate ?? 0)
            return rhythm == .lapsed ? "lapsed \(late) d" : "\(late) d late"
        case .visitDue: return daysLate == nil ? "never visited" : "\(daysLate!) d late"
        }
    }
}

/// Whose agenda: everyone's, one owner's, or the unassigned items.
public enum AgendaScope: Hashable, Sendable {
    case everyone
    case owner(String)
    case unassigned

    func admits(_ ownerId: String?) -> Bool {
        switch self {
        case .everyone: true
        case .owner(let id): ownerId == id
        case .unassigned: ownerId == nil
        }
    }
}

extension Portfolio {
    /// The agenda as of `asOf` (docs/DOMAIN.md, "The agenda"): overdue follow-ups, follow-ups due
    /// within `days` days, late reorders and key-account visits due, in that order. `rhythms`
    /// (every customer's, in any order) and `workload` are computed when not given.
    public func agenda(
        asOf: Day, scope: AgendaScope = .everyone, days: Int = 7, index: PortfolioIndex? = nil,
        rhythms: [ReorderRhythm]? = nil, workload: WorkloadReport? = nil
    ) -> [AgendaItem] {
        let index = index ?? PortfolioIndex(self)
        /// The owner who holds something, if active; nil: unassigned.
        func holder(_ ownerId: String?) -> Owner? {
            ownerId.flatMap { owners[$0] }.flatMap { $0.active ? $0 : nil }
        }
        var overdue: [AgendaItem] = []
        var soon: [AgendaItem] = []
        let horizon = asOf.adding(days: max(0, days))
        for interaction in interactions.values {
            guard let due = interaction.followUp, !interaction.done, due <= horizon,
                let account = accounts[interaction.accountId]
            else { continue }
            // A follow-up is the interaction owner's, else the account owner's; an interaction
            // owner who is gone or inactive leaves it unassigned.
            let owner = holder(interaction.ownerId ?? account.ownerId)
            guard scope.admits(owner?.id) else { continue }
            let item = AgendaItem(
                kind: due < asOf ? .overdue : .dueSoon, accountId: account.id, accountName: account.name,
                interactionId: interaction.id, what: interaction.summary, due: due, daysLate: asOf.days(since: due),
                ownerId: owner?.id, ownerName: owner?.name, isComplaint: interaction.kind == .complaint,
                valueAtRisk: .zero, rhythm: nil)
            if item.kind == .overdue { overdue.append(item) } else { soon.append(item) }
        }
        // Oldest (or soonest) first, complaints first among equal dates, then by account.
        func byDate(_ lhs: AgendaItem, _ rhs: AgendaItem) -> Bool {
            if lhs.due != rhs.due { return lhs.due! < rhs.due! }
            if lhs.isComplaint != rhs.isComplaint { return lhs.isComplaint }
            return (lhs.accountName, lhs.accountId, lhs.id) < (rhs.accountName, rhs.accountId, rhs.id)
        }
        overdue.sort(by: byDate)
        soon.sort(by: byDate)

        let late = (rhythms ?? reorderRhythms(asOf: asOf, index: index)).filter {
            $0.status == .late || $0.status == .lapsed
        }.sorted(by: ReorderRhythm.precedes)
        let reorders: [AgendaItem] = late.compactMap { rhythm in
            guard rhythm.status == .late || rhythm.status == .lapsed, let account = accounts[rhythm.accountId],
                let cycle = rhythm.cycleDays
            else { return nil }
            let owner = holder(account.ownerId)
            guard scope.admits(owner?.id) else { return nil }
            let every = cycle == cycle.rounded() ? "\(Int(cycle))" : "\(cycle)"
            return AgendaItem(
                kind: .lateReorder, accountId: account.id, accountName: account.name, interactionId: nil,
                what: "usually orders every \(every) days; last order \(rhythm.lastOrder.map(\.description) ?? "–")",
                due: rhythm.expectedNext, daysLate: rhythm.daysLate, ownerId: owner?.id, ownerName: owner?.name,
                isComplaint: false, valueAtRisk: rhythm.valueAtRisk, rhythm: rhythm.status)
        }

        let workload = workload ?? self.workload(asOf: asOf, index: index)
        var seen = Set<String>()
        let keyAccounts = (workload.owners.flatMap(\.keyAccounts) + workload.unassigned).filter {
            $0.isStale && seen.insert($0.accountId).inserted
        }
        let visits: [AgendaItem] = keyAccounts.compactMap { key in
            let owner = holder(key.ownerId)
            guard scope.admits(owner?.id) else { return nil }
            let due = key.lastInPerson?.adding(days: settings.staleDays)
            return AgendaItem(
                kind: .visitDue, accountId: key.accountId, accountName: key.name, interactionId: nil,
                what: key.lastInPerson.map { "no visit or meeting for \(asOf.days(since: $0)) days" }
                    ?? "no visit or meeting on record",
                due: due, daysLate: due.map { asOf.days(since: $0) }, ownerId: owner?.id, ownerName: owner?.name,
                isComplaint: false, valueAtRisk: .zero, rhythm: nil)
        }.sorted { lhs, rhs in
            // Longest since the last visit first: never visited before any date.
            switch (lhs.due, rhs.due) {
            case (nil, .some): return true
            case (.some, nil): return false
            case (let left?, let right?) where left != right: return left < right
            default: return (lhs.accountName, lhs.accountId) < (rhs.accountName, rhs.accountId)
            }
        }
        return overdue + soon + reorders + visits
    }
}
