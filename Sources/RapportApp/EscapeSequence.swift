/// What the bytes after an ESC mean. Terminals encode Home, End, the arrows, PgUp/PgDn and the
/// function keys in several ways, and terminfo knows only some of them for a given TERM (PuTTY
/// and rxvt send `ESC[1~` for Home over SSH, where TERM often says xterm). Every common encoding
/// is read here, and any other complete sequence is dropped whole, never split into keys.
public enum EscapeSequence {
    public enum Decoded: Equatable, Sendable {
        /// A key.
        case key(Key)
        /// The start of a bracketed paste (`ESC[200~`); its text follows.
        case pasteStart
        /// A complete sequence Rapport has no use for: nothing happens.
        case ignored
        /// Not a sequence: the Escape key, with the scalars read after it to be read again.
        case escape(putBack: [UInt32])
    }

    /// Whether `scalars` (what followed ESC) form a whole sequence: CSI (`[`, parameters, a
    /// final byte from `@` to `~`; the Linux console's `[[A`…`[[E` too) or SS3 (`O` and one more).
    public static func isComplete(_ scalars: [UInt32]) -> Bool {
        guard let first = scalars.first else { return false }
        switch first {
        case 0x5B:  // [
            if scalars.count >= 2, scalars[1] == 0x5B { return scalars.count >= 3 }
            guard let last = scalars.dropFirst().last else { return false }
            return (0x40...0x7E).contains(last)
        case 0x4F: return scalars.count >= 2  // O
        default: return true
        }
    }

    public static func decode(_ scalars: [UInt32]) -> Decoded {
        guard let first = scalars.first, isComplete(scalars) else { return .escape(putBack: scalars) }
        switch first {
        case 0x4F:
            return ss3(scalars[1]).map(Decoded.key) ?? .ignored
        case 0x5B:
            if scalars.count == 3, scalars[1] == 0x5B {
                // The Linux console's F1–F5: ESC [ [ A … E.
                guard (0x41...0x45).contains(scalars[2]) else { return .ignored }
                return .key(.function(Int(scalars[2] - 0x41) + 1))
            }
            return csi(Array(scalars.dropFirst()))
        default:
            return .escape(putBack: scalars)
        }
    }

    /// `ESC O x`: arrows, Home, End, keypad Enter, F1–F4.
    static func ss3(_ final: UInt32) -> Key? {
        switch final {
        case 0x41: .up
        case 0x42: .down
        case 0x43: .right
        case 0x44: .left
        case 0x48: .home
        case 0x46: .end
        case 0x4D: .enter
        case 0x50...0x53: .function(Int(final - 0x50) + 1)
        default: nil
        }
    }

    /// `ESC [ params final`: the parameters' first number and the final byte decide; modifiers
    /// after `;` (Ctrl, Shift) are ignored, so Ctrl-↑ is ↑.
    static func csi(_ body: [UInt32]) -> Decoded {
        guard let final = body.last else { return .ignored }
        let parameters = String(decoding: body.dropLast().map { UInt8(truncatingIfNeeded: $0) }, as: UTF8.self)
        let number = Int(parameters.split(separator: ";").first ?? "")
        switch final {
        case 0x41: return .key(.up)
        case 0x42: return .key(.down)
        case 0x43: return .key(.right)
        case 0x44: return .key(.left)
        case 0x48: return .key(.home)
        case 0x46: return .key(.end)
        case 0x5A: return .key(.backTab)
        case 0x50...0x53 where number == 1: return .key(.function(Int(final - 0x50) + 1))  // [1;2P…
        case 0x7E:
            guard let number else { return .ignored }
            switch number {
            case 1, 7: return .key(.home)
            case 4, 8: return .key(.end)
            case 3: return .key(.delete)
            case 5: return .key(.pageUp)
            case 6: return .key(.pageDown)
            case 11...15: return .key(.function(number - 10))
            case 17...21: return .key(.function(number - 11))
            case 23, 24: return .key(.function(number - 12))
            case 200: return .pasteStart
            default: return .ignored  // Insert (2), the end of a paste out of place (201), others
            }
        default: return .ignored
        }
    }
}
