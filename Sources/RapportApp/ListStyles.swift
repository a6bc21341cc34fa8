import Foundation
import RapportDomain
import RapportTheme

// How lists format numbers and which theme role each tier, movement, quadrant and standing is drawn in.
func percent(_ value: Double) -> String { one(value * 100) + "%" }

/// One decimal, exactly as `%.1f` shows it, without `String(format:)` except near ties,
/// which cost 6% of building the lists at 10,000 accounts.
func one(_ value: Double) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
    let scaled = value * 10
    let tenths = scaled.rounded(.toNearestOrAwayFromZero)
    // Near a tie, printf's exact-binary rounding decides; elsewhere both round the same way.
    guard abs(tenths) < 1e15, abs(abs(scaled - scaled.rounded(.towardZero)) - 0.5) > 1e-6 else {
        return String(format: "%.1f", value)
    }
    let whole = Int64(tenths)
    let sign = value.sign == .minus ? "-" : ""
    return sign + String(whole.magnitude / 10) + "." + String(whole.magnitude % 10)
}

func tierStyle(_ tier: Tier) -> Style {
    switch tier {
    case .A: .tierA
    case .B: .tierB
    case .C: .tierC
    }
}

func movementStyle(_ movement: Movement) -> Style? {
    switch movement {
    case .up: .up
    case .down: .down
    case .new: .accent
    case .same: .dim
    }
}

func quadrantStyle(_ quadrant: Quadrant) -> Style {
    switch quadrant {
    case .idealPartner: .quadrantIdeal
    case .develop: .quadrantDevelop
    case .strongButTransactional: .quadrantStrong
    case .transactional: .quadrantTransactional
    }
}

func standingStyle(_ standing: Standing) -> Style {
    switch standing {
    case .preferred: .standingPreferred
    case .approved: .standingApproved
    case .probation: .standingProbation
    case .blocked: .standingBlocked
    case .unrated: .standingUnrated
    }
}

extension TierRow {
    /// Drops first when sorting by movement.
    var movementOrder: Int {
        switch movement {
        case .down: 0
        case .up: 1
        case .new: 2
        case .same: 3
        }
    }
}

extension Collection {
    subscript(safe index: Index) -> Element? { indices.contains(index) ? self[index] : nil }
}

/// A reorder rhythm's colour: late and lapsed stand out, due warns.
func rhythmStyle(_ status: RhythmStatus) -> Style? {
    switch status {
    case .late, .lapsed: .bad
    case .due: .warn
    case .onRhythm: nil
    case .noRhythm: .dim
    }
}

extension AppState {
    /// Columns added where the window has room, after a list's own: worked out for the rows
    /// drawn only, from the data now, so that they cost nothing until shown and never make a
    /// list of 100,000 rows be built again. They do not sort.
    func liveColumns(_ list: ListID) -> [Column] {
        let (portfolio, index, contacts, asOf) = (portfolio, dashboard.index, dashboard.contacts, asOf)
        let owner = Column(title: "Owner", width: 16) { id in
            (portfolio.accounts[id]?.ownerId.flatMap { portfolio.owners[$0]?.name } ?? "", nil)
        }
        let lastContact = Column(title: "Last contact", width: 12) { id in
            let last = index.interactions[id]?.last { $0.date <= asOf }?.date
            return (last?.description ?? "never", last == nil ? .dim : nil)
        }
        let open = Column(title: "Open", width: 4, right: true) { id in
            let interactions = index.interactions[id] ?? []
            let open = interactions.count(where: \.isOpenFollowUp)
            let overdue = interactions.contains { $0.isOverdue(asOf: asOf) }
            return (open == 0 ? "" : "\(open)", overdue ? .bad : .warn)
        }
        let email = Column(title: "Email", width: 24, grows: true) { id in
            (contacts[id]?.first { !$0.email.isEmpty }?.email ?? "", .dim)
        }
        switch list {
        case .tiers, .partners: return [owner, lastContact, open]
        case .accounts: return [lastContact, open, email]
        default: return []
        }
    }

    /// A list's columns as drawn: its own, then the live ones (none while the history is read).
    func shownColumns(_ list: ListID, _ model: ListModel) -> [Column] {
        loading == nil ? model.columns + liveColumns(list) : model.columns
    }
}
