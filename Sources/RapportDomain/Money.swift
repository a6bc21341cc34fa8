/// An amount of money in hundredths (cents), exact so that tier boundaries are exact.
///
/// JSON and CSV carry it as a decimal number (`1234.5`); it is rounded to the cent on the way in.
public struct Money: Hashable, Comparable, Sendable, CustomStringConvertible, AdditiveArithmetic {
    public var cents: Int64

    public init(cents: Int64) { self.cents = cents }

    public static let zero = Money(cents: 0)

    /// The largest amount accepted: a trillion, far beyond any order line, and safe from overflow when summed.
    public static let limit = Money(cents: 100_000_000_000_000)

    /// Rounds to the nearest cent; nil for NaN, infinities and amounts beyond ``limit``.
    public init?(_ value: Double) {
        guard value.isFinite, abs(value) <= Double(Money.limit.cents) / 100 else { return nil }
        cents = Int64((value * 100).rounded())
    }

    /// Parses `1234.50`, `1,234.50`, `-12`, ` 7 `; nil for anything else.
    public init?(parsing text: some StringProtocol) {
        var digits = ""
        var seenDot = false
        var fraction = 0
        var negative = false
        var any = false
        var previousWasDigit = false
        var index = 0
        let trimmed = text.trimmingASCIIWhitespace()
        for scalar in trimmed.unicodeScalars {
            defer { index += 1 }
            switch scalar {
            case "-" where index == 0: negative = true
            case "+" where index == 0: break
            case ",":
                guard previousWasDigit, !seenDot else { return nil }
                previousWasDigit = false
                continue
            case ".":
                guard !seenDot else { return nil }
                seenDot = true
            case "0"..."9":
                if seenDot {
                    fraction += 1
                    guard fraction <= 2 else { return nil }
                }
                digits.unicodeScalars.append(scalar)
                any = true
            default: return nil
            }
            previousWasDigit = scalar.properties.numericType != nil
        }
        guard any, digits.count <= 18 else { return nil }
        guard var value = Int64(digits) else { return nil }
        for _ in fraction..<2 {
            // 18 digits times 100 does not fit in 64 bits: out of range, not a crash.
            let (scaled, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            value = scaled
        }
        guard value <= Money.limit.cents else { return nil }
        cents = negative ? -value : value
    }

    public var doubleValue: Double { Double(cents) / 100 }

    /// `1234.50` style: always two decimals, no grouping; what CSV export writes.
    public var plain: String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = cents.magnitude
        return sign + String(magnitude / 100) + "." + Day.pad(Int(magnitude % 100), 2)
    }

    /// `1,234,567` style, whole units, for tables people read.
    public var grouped: String {
        let units = (Double(cents) / 100).rounded()
        let sign = units < 0 ? "-" : ""
        let digits = String(Int64(abs(units)))
        var result = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return sign + result
    }

    public var description: String { plain }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.cents < rhs.cents }
    public static func + (lhs: Money, rhs: Money) -> Money { Money(cents: lhs.cents + rhs.cents) }
    public static func - (lhs: Money, rhs: Money) -> Money { Money(cents: lhs.cents - rhs.cents) }
}

extension Money: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let value = try container.decode(Double.self)
        guard let money = Money(value) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\(value) is not an amount; use a finite number up to 1e12")
        }
        self = money
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(doubleValue)
    }
}

extension StringProtocol {
    /// Trims spaces, tabs, CR and LF without Foundation.
    public func trimmingASCIIWhitespace() -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        let text = Substring(self)
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return text[first...last]
    }
}
