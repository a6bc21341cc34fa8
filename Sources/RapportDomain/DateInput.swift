/// Dates as people type them: `YYYY-MM-DD`, `today`, `yesterday`, `tomorrow`, `+7d`, `-2w`, `+1m`.
public enum DateInput {
    public static func parse(_ text: String, today: Day) -> Day? {
        let value = String(text.trimmingASCIIWhitespace()).lowercased()
        switch value {
        case "today": return today
        case "yesterday": return today.adding(days: -1)
        case "tomorrow": return today.adding(days: 1)
        default: break
        }
        if let day = Day(value) { return day }
        guard let sign = value.first, sign == "+" || sign == "-", let unit = value.last, value.count >= 3,
            let amount = Int(value.dropFirst().dropLast()), amount <= 100_000
        else { return nil }
        let signed = sign == "-" ? -amount : amount
        switch unit {
        case "d": return today.adding(days: signed)
        case "w": return today.adding(days: signed * 7)
        case "m": return today.adding(months: signed)
        case "y": return today.adding(months: signed * 12)
        default: return nil
        }
    }

    public static let hint = "use YYYY-MM-DD, today, yesterday, or an offset like +7d, -2w, +1m"
}
