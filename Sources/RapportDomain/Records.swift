/// The kinds of record the store holds; the raw value names them in files and messages.
public enum RecordKind: String, Codable, CaseIterable, Sendable {
    case account, owner, contact, interaction, sale, purchase, evaluation

    /// The plural used for CLI kinds and snapshot sections.
    public var plural: String {
        switch self {
        case .account: "accounts"
        case .owner: "owners"
        case .contact: "contacts"
        case .interaction: "interactions"
        case .sale: "sales"
        case .purchase: "purchases"
        case .evaluation: "evaluations"
        }
    }

    /// Prefix of generated ids (`acc-000042`).
    public var idPrefix: String {
        switch self {
        case .account: "acc"
        case .owner: "own"
        case .contact: "con"
        case .interaction: "int"
        case .sale: "sal"
        case .purchase: "pur"
        case .evaluation: "eva"
        }
    }

    public init?(plural: some StringProtocol) {
        let wanted = String(plural).lowercased()
        guard let kind = RecordKind.allCases.first(where: { $0.plural == wanted || $0.rawValue == wanted }) else {
            return nil
        }
        self = kind
    }
}

/// Anything the store keeps: identified, versioned, and encodable as JSON.
///
/// `version` starts at 1 and grows by one with every accepted change; a change made against an
/// older version is refused as a conflict rather than applied over newer data.
public protocol Record: Codable, Sendable, Hashable, Identifiable where ID == String {
    static var kind: RecordKind { get }
    var id: String { get set }
    var version: Int { get set }
}

/// A moment in UTC, whole seconds since 1970. Shown as `2026-11-22T04:33:00Z`.
public struct Timestamp: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var seconds: Int64
    public init(seconds: Int64) { self.seconds = seconds }

    public var day: Day { Day(ordinal: Int(seconds.floorDivided(by: 86_400))) }

    public var description: String {
        let secondOfDay = Int(seconds - Int64(day.ordinal) * 86_400)
        return day.description + "T" + Day.pad(secondOfDay / 3600, 2) + ":" + Day.pad(secondOfDay / 60 % 60, 2) + ":"
            + Day.pad(secondOfDay % 60, 2) + "Z"
    }

    public init?(_ text: some StringProtocol) {
        let value = String(text)
        guard value.utf8.count == 20, value.hasSuffix("Z"), let day = Day(value.prefix(10)) else { return nil }
        let time = value.dropFirst(11).dropLast().split(separator: ":")
        guard value.dropFirst(10).first == "T", time.count == 3, let hour = Int(time[0]), let minute = Int(time[1]),
            let second = Int(time[2]), (0..<24).contains(hour), (0..<60).contains(minute), (0..<60).contains(second)
        else { return nil }
        seconds = Int64(day.ordinal) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.seconds < rhs.seconds }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Timestamp(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a timestamp; use YYYY-MM-DDTHH:MM:SSZ")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Int64 {
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
