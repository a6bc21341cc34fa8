/// How the program's names read to people: ratings, commitment components, record fields and
/// months in words. JSON keeps the program's names; screens and tables use these.
public enum Words {
    /// `followUp` → "follow-up", `ratings.conversionRisk` → "conversion risk",
    /// `scores.financialTerms` → "financial terms", `ownerId` → "owner".
    public static func field(_ name: String) -> String {
        if let rating = name.split(separator: ".").last.flatMap({ RatingField(rawValue: String($0)) }),
            name.hasPrefix("ratings.")
        {
            return rating.label
        }
        if name.hasPrefix("scores."), let criterion = Criterion(rawValue: String(name.dropFirst("scores.".count))) {
            return criterion.words
        }
        switch name {
        case "ownerId": return "owner"
        case "accountId": return "account"
        case "followUp": return "follow-up"
        case "preferredChannel": return "preferred channel"
        case "annualRevenue": return "annual revenue"
        case "reference": return "invoice or order number"
        case "actual": return "delivered"
        default: return spaced(name)
        }
    }

    /// camelCase as lower-case words: `switchingCost` → "switching cost".
    public static func spaced(_ name: String) -> String {
        var words = ""
        for character in name {
            if character.isUppercase {
                words += " " + character.lowercased()
            } else {
                words.append(character)
            }
        }
        return words
    }

    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `2026-01` → "Jan 2026".
    public static func month(_ month: YearMonth) -> String {
        let text = month.description
        guard let number = Int(text.suffix(2)), (1...12).contains(number) else { return text }
        return months[number - 1] + " " + text.prefix(4)
    }

    /// Monthly values as "2025: Nov 41 Dec 34 · 2026: Jan 19", oldest first, the year written
    /// where it changes.
    public static func months(_ values: [(YearMonth, String)]) -> String {
        var parts: [String] = []
        var year = ""
        for (month, value) in values {
            let text = month.description
            let name = Int(text.suffix(2)).flatMap { (1...12).contains($0) ? months[$0 - 1] : nil } ?? text
            let thisYear = String(text.prefix(4))
            if thisYear != year {
                parts.append((parts.isEmpty ? "" : "· ") + thisYear + ": " + name + " " + value)
                year = thisYear
            } else {
                parts.append(name + " " + value)
            }
        }
        return parts.joined(separator: " ")
    }
}

extension RatingField {
    /// The rating's name in words.
    public var label: String {
        switch self {
        case .marketOperation: "market operation ability"
        case .alternatives: "alternative suppliers"
        default: Words.spaced(rawValue)
        }
    }
}

extension Criterion {
    /// The criterion's name in words.
    public var words: String { Words.spaced(rawValue) }
}
