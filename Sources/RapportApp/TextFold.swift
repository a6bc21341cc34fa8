import Foundation

/// Case-, diacritic- and width-insensitive folding, as Foundation's `folding(options:locale:)`
/// does it, but fast for the scripts portfolios are written in.
///
/// Foundation's folding costs microseconds per string; at 100,000 accounts that was 20% of
/// opening the dashboard (perf, BENCHMARKS.md). Here ASCII is lowercased in place, Latin up to
/// U+02FF comes from a table built once with Foundation itself, and CJK
/// ideographs and Hangul syllables (which folding leaves alone) are copied. Any other script
/// falls back to Foundation for the whole string, so the result is always Foundation's.
enum TextFold {
    static let options: String.CompareOptions = [.caseInsensitive, .diacriticInsensitive, .widthInsensitive]

    /// The folded form of every scalar below U+0300 (Latin). Combining marks fold differently
    /// after a letter than alone, so text with them goes to Foundation.
    static let table: [String] = (0..<0x300).map { value in
        String(Character(Unicode.Scalar(UInt32(value))!)).folding(options: options, locale: nil)
    }

    static func fold(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                result.unicodeScalars.append((0x41...0x5A).contains(value) ? Unicode.Scalar(value + 0x20)! : scalar)
            } else if value < 0x300 {
                result += table[Int(value)]
            } else if (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value)
                || (0xAC00...0xD7A3).contains(value)
            {
                result.unicodeScalars.append(scalar)
            } else {
                return text.folding(options: options, locale: nil)
            }
        }
        return result
    }
}
