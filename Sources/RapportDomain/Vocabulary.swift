/// Closed vocabularies of the model (docs/DOMAIN.md). Raw values are what files, the CLI and users type.

public enum Role: String, Codable, CaseIterable, Sendable, Comparable {
    case customer, supplier
    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rawValue < rhs.rawValue }
}

public enum AccountStatus: String, Codable, CaseIterable, Sendable {
    case prospect, active, dormant, archived
}

public enum Channel: String, Codable, CaseIterable, Sendable {
    case visit, meeting, call, email, chat, other
    /// Seed 003: key accounts are visited in person, at least now and then.
    public var isInPerson: Bool { self == .visit || self == .meeting }
}

public enum InteractionKind: String, Codable, CaseIterable, Sendable {
    case note, complaint, commitment
}

/// Parses a vocabulary value the way users type it: any case, surrounding spaces ignored.
public func parseChoice<T: RawRepresentable & CaseIterable>(_ text: some StringProtocol, as type: T.Type) -> T?
where T.RawValue == String {
    let wanted = String(text.trimmingASCIIWhitespace()).lowercased()
    return T.allCases.first { $0.rawValue.lowercased() == wanted }
}

/// "visit, meeting, call, email, chat or other": for error messages that say what is valid.
public func choiceList<T: RawRepresentable & CaseIterable>(_ type: T.Type) -> String where T.RawValue == String {
    let names = T.allCases.map(\.rawValue)
    guard names.count > 1 else { return names.joined() }
    return names.dropLast().joined(separator: ", ") + " or " + names.last!
}
