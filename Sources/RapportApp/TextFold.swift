import Foundation

/// Case-, diacritic- and width-insensitive folding, as Foundation's `folding(options:locale:)`
/// does it, but fast for the scripts portfolios are written in.
///
/// Foundation's folding costs microseconds per string; at 100,000 accounts that was 20% of
/// opening the dashboard (perf, BENCHMARKS.md). Here the UTF-8 is read byte by byte: ASCII is
/// lowercased in place, Latin up to U+02FF comes from a table built once with Foundation itself, and CJK
/// ideographs and Hangul syllables (which folding leaves alone) are copied. Any other script
/// falls back to Foundation for the whole string, so the result is always Foundation's.
enum TextFold {
    static let options: String.CompareOptions = [.caseInsensitive, .diacriticInsensitive, .widthInsensitive]

    /// The folded form of every scalar below U+0300 (Latin), as UTF-8. Combining marks fold
    /// differently after a letter than alone, so text with them goes to Foundation.
    static let table: [[UInt8]] = (0..<0x300).map { value in
        Array(String(Character(Unicode.Scalar(UInt32(value))!)).folding(options: options, locale: nil).utf8)
    }

    static func fold(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        guard append(text, to: &bytes) else { return text.folding(options: options, locale: nil) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `text` folded, as UTF-8, straight from its bytes; false (with `bytes` partly
    /// appended) when it holds a scalar the table does not cover, which Foundation must fold.
    static func append(_ text: String, to bytes: inout [UInt8]) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            var index = 0
            while index < utf8.count {
                let lead = utf8[index]
                if lead < 0x80 {
                    bytes.append(lead >= 0x41 && lead <= 0x5A ? lead + 0x20 : lead)
                    index += 1
                } else if lead & 0xE0 == 0xC0, index + 1 < utf8.count {
                    // Two bytes: U+0080 to U+07FF; the table covers up to U+02FF.
                    let value = Int(lead & 0x1F) << 6 | Int(utf8[index + 1] & 0x3F)
                    guard value < 0x300 else { return false }
                    bytes.append(contentsOf: table[value])
                    index += 2
                } else if lead & 0xF0 == 0xE0, index + 2 < utf8.count {
                    // Three bytes: CJK ideographs and Hangul syllables fold to themselves.
                    let value = Int(lead & 0x0F) << 12 | Int(utf8[index + 1] & 0x3F) << 6 | Int(utf8[index + 2] & 0x3F)
                    guard
                        (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value)
                            || (0xAC00...0xD7A3).contains(value)
                    else { return false }
                    bytes.append(contentsOf: utf8[index..<(index + 3)])
                    index += 3
                } else {
                    return false
                }
            }
            return true
        }
    }
}
