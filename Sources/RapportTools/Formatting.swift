import Foundation
import RapportDomain

/// Number formats shared by tables and CSV.
public enum Format {
    /// `79.8%`.
    public static func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }
    /// One decimal: `62.5`.
    public static func score(_ value: Double) -> String { String(format: "%.1f", value) }
    public static func score(_ value: Double?) -> String { value.map { score($0) } ?? "–" }
    /// Two decimals, for load.
    public static func ratio(_ value: Double) -> String { String(format: "%.2f", value) }

    /// JSON for scripts: sorted keys, two-space indentation, and C1 controls, bidi overrides and
    /// zero-width characters written as `\u` escapes so the output is safe on a terminal too.
    public static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let text = String(decoding: try encoder.encode(value), as: UTF8.self)
        return escapeInvisible(text) + "\n"
    }

    /// Replaces scalars a terminal could act on or hide with `\uXXXX` (valid inside JSON strings,
    /// where JSONEncoder already escaped C0 controls).
    public static func escapeInvisible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if needsEscape(scalar) {
                result += String(format: "\\u%04X", scalar.value)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (0x7F...0x9F).contains(value) || (0x200B...0x200F).contains(value) || (0x202A...0x202E).contains(value)
            || (0x2060...0x2069).contains(value) || value == 0xFEFF
    }
}
