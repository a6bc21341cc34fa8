/// Text as a terminal shows it: control sequences made inert, and widths in cells.
///
/// Everything that reaches a terminal from data goes through ``TerminalText/inert(_:)``: a name
/// containing ESC must not be able to drive the user's terminal.
public enum TerminalText {
    /// `s` with every control made visible and harmless, on one line:
    /// C0 controls as caret notation (`^[` for ESC), DEL as `^?`, C1 controls, bidi overrides and
    /// zero-width characters as U+FFFD; tab and newline as a space.
    public static func inert(_ text: String) -> String {
        isInert(text, keepingLayout: false) ? text : replacingControls(text)
    }

    /// `inert`'s work, scalar by scalar (``isInert(_:keepingLayout:)`` spares it to most text).
    static func replacingControls(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let value = scalar.value
            switch value {
            case 0x09, 0x0A, 0x0D: result.append(" ")
            case 0..<0x20:
                result.append("^")
                result.append(Unicode.Scalar(UInt8(value + 0x40)))
            case 0x7F: result.append(contentsOf: "^?".unicodeScalars)
            case 0x80...0x9F, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2069, 0xFEFF, 0xFFF9...0xFFFB:
                result.append("\u{FFFD}")
            default: result.append(scalar)
            }
        }
        return String(result)
    }

    /// Whether ``inert(_:)`` would leave `text` as it is (with `keepingLayout`, newlines and tabs
    /// allowed too): one pass over its UTF-8, which is what a large report's table costs.
    public static func isInert(_ text: String, keepingLayout: Bool) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte < 0x20 {
                    guard keepingLayout && (byte == 0x0A || byte == 0x09) else { return false }
                } else if byte == 0x7F {
                    return false
                } else if byte >= 0xC2 && index + 1 < bytes.count {
                    // The scalars `inert` replaces, by their UTF-8: C1 controls (C2 80–9F),
                    // U+200B–200F, U+202A–202E, U+2060–2069 (E2 80/81 …), U+FEFF and
                    // U+FFF9–FFFB (EF BB BF, EF BF B9–BB).
                    let next = bytes[index + 1]
                    let third = index + 2 < bytes.count ? bytes[index + 2] : 0
                    switch (byte, next) {
                    case (0xC2, 0x80...0x9F): return false
                    case (0xE2, 0x80) where (0x8B...0x8F).contains(third) || (0xAA...0xAE).contains(third):
                        return false
                    case (0xE2, 0x81) where (0xA0...0xA9).contains(third): return false
                    case (0xEF, 0xBB) where third == 0xBF: return false
                    case (0xEF, 0xBF) where (0xB9...0xBB).contains(third): return false
                    default: break
                    }
                }
                index += 1
            }
            return true
        }
    }

    /// Cells a scalar takes: 0 for combining marks and format characters, 2 for East Asian wide
    /// and emoji presentation, else 1.
    public static func width(of scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x7F { return value < 0x20 ? 0 : 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if value == 0x200B || (0x1160...0x11FF).contains(value) { return 0 }
        if isWide(value) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
            0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19,
            0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF,
            0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// Cells a string takes, counting each grapheme cluster once (an emoji with a modifier is 2).
    /// (For a `String`, its UTF-8 read directly: the generic version reaches each byte through
    /// the protocol, which a report of a million cells noticed.)
    public static func width(_ text: String) -> Int {
        var text = text
        let printable = text.withUTF8 { bytes in bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F } }
        return printable ? text.utf8.count : clusterWidth(text)
    }

    /// Cells a string takes, counting each grapheme cluster once (an emoji with a modifier is 2).
    public static func width(_ text: some StringProtocol) -> Int {
        // Printable ASCII (most names, every number) is one cell a byte.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
        return clusterWidth(text)
    }

    /// The width grapheme cluster by grapheme cluster (text that is not all printable ASCII).
    private static func clusterWidth(_ text: some StringProtocol) -> Int {
        var total = 0
        for character in text {
            var widest = 0
            var sum = 0
            for scalar in character.unicodeScalars {
                let cells = width(of: scalar)
                widest = max(widest, cells)
                sum += cells
            }
            // Emoji sequences (ZWJ, modifiers, VS16) render as one glyph.
            total += character.unicodeScalars.count > 1 && widest == 2 ? 2 : sum
        }
        return total
    }

    /// Cuts `text` to at most `cells` columns, ending in `…` when it was cut. Never splits a
    /// grapheme cluster or a wide character.
    public static func truncate(_ text: String, to cells: Int) -> String {
        guard cells > 0 else { return "" }
        if width(text) <= cells { return text }
        var result = ""
        var used = 0
        for character in text {
            let cells0 = width(String(character))
            if used + cells0 > cells - 1 { break }
            result.append(character)
            used += cells0
        }
        return result + "…"
    }

    /// Pads (or truncates) to exactly `cells` columns.
    public static func fit(_ text: String, to cells: Int, alignRight: Bool = false) -> String {
        let cut = truncate(text, to: cells)
        let padding = String(repeating: " ", count: max(0, cells - width(cut)))
        return alignRight ? padding + cut : cut + padding
    }
}
