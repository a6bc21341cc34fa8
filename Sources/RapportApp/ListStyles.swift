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
