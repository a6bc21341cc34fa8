/// Content lines of vCard (RFC 6350) and iCalendar (RFC 5545), which share their escapes and
/// their folding.
enum ContentLine {
    /// Text as a value: backslash, comma, semicolon and line breaks escaped; a tab becomes a
    /// space and other control characters, which neither format allows, are left out.
    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\\": result += "\\\\"
            case ",": result += "\\,"
            case ";": result += "\\;"
            case "\n", "\r\n", "\r": result += "\\n"
            case "\t": result += " "
            case _ where character.unicodeScalars.allSatisfy({ $0.value < 0x20 || $0.value == 0x7F }): break
            default: result.append(character)
            }
        }
        return result
    }

    /// A content line folded at 75 octets (RFC 6350 §3.2, RFC 5545 §3.1), never inside a UTF-8 character,
    /// each continuation starting with a space; lines end in CRLF.
    static func fold(_ line: String) -> String {
        var result = ""
        var octets = 0
        var limit = 75
        for character in line {
            let size = character.utf8.count
            if octets + size > limit {
                result += "\r\n "
                octets = 0
                limit = 74
            }
            result.append(character)
            octets += size
        }
        return result + "\r\n"
    }
}
