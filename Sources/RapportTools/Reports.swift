import RapportDomain

/// The analytics of docs/DOMAIN.md as the `report` command prints them.
public enum ReportKind: String, CaseIterable, Sendable {
    case tiers, partners, suppliers, owners, reorders, agenda

    /// The record kinds this report reads: a store opened with only these gives the same report
    /// as the whole store (`ReportTests` compares them), in far less time and memory.
    public var recordKinds: Set<RecordKind> {
        switch self {
        case .tiers, .partners, .reorders: [.account, .owner, .sale]
        case .suppliers: [.account, .owner, .interaction, .purchase, .evaluation]
        case .owners, .agenda: [.account, .owner, .interaction, .sale, .purchase, .evaluation]
        }
    }

    /// The names as a user types them, for messages: "tiers, partners, … or reorders".
    public static var spelled: String {
        let names = allCases.map(\.rawValue)
        return names.dropLast().joined(separator: ", ") + " or " + names.last!
    }
}

public enum ReportFormat: String, CaseIterable, Sendable {
    case table, csv, json
}

/// Renders reports. Tables are for people; CSV and JSON carry every component for scripts.
public struct Reporter {
    public let portfolio: Portfolio
    public let asOf: Day
    let index: PortfolioIndex
    /// Whose agenda the agenda report lists, and how many days ahead a follow-up is due soon.
    public var agendaScope: AgendaScope
    public var agendaDays: Int

    public init(portfolio: Portfolio, asOf: Day, agendaScope: AgendaScope = .everyone, agendaDays: Int = 7) {
        self.portfolio = portfolio
        self.asOf = asOf
        self.agendaScope = agendaScope
        self.agendaDays = agendaDays
        index = PortfolioIndex(portfolio)
    }

    public func render(_ kind: ReportKind, as format: ReportFormat) throws -> String {
        switch kind {
        case .tiers: return try tiers(format)
        case .partners: return try partners(format)
        case .suppliers: return try suppliers(format)
        case .owners: return try owners(format)
        case .reorders: return try reorders(format)
        case .agenda: return try agenda(format)
        }
    }
}
