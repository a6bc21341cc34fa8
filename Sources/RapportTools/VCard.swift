import RapportDomain

/// vCard 2.1, 3.0 and 4.0 (RFC 2426, RFC 6350), read and written for contacts.
///
/// No vCard library is among the packages this project can use, so this is written here, to
/// the parts of the format that address books export: folded lines, grouped properties
/// (`item1.EMAIL`), parameters in every version's style (`TYPE=WORK,PREF`, 2.1's bare `WORK`,
/// 4.0's `PREF=1`), 2.1's quoted-printable and `CHARSET`, and escaped `\,` `\;` `\\` `\n`.
public enum VCard {
    /// One content line: `group.NAME;PARAM=VALUE:value`, unfolded and decoded.
    public struct Property: Equatable, Sendable {
        public var group: String?
        /// Upper-cased.
        public var name: String
        /// Upper-cased parameter names to their values; 2.1's bare `WORK` is `TYPE=WORK`.
        public var parameters: [String: [String]]
        /// The value with quoted-printable and charsets decoded, but text escapes still in place
        /// (structured values split on unescaped `;` first).
        public var raw: String

        /// The TYPE values, lower-cased (`work`, `pref`, `cell`).
        public var types: Set<String> {
            Set((parameters["TYPE"] ?? []).flatMap { $0.split(separator: ",") }.map { $0.lowercased() })
        }

        public var isPreferred: Bool { types.contains("pref") || parameters["PREF"] != nil }

        /// The value as text, unescaped.
        public var text: String { VCard.unescape(raw[...]) }

        /// A structured value's components (`N`, `ORG`), each unescaped.
        public var components: [String] { VCard.splitUnescaped(raw, on: ";").map { VCard.unescape($0) } }
    }

    /// One card: its properties in file order, and the line it starts on.
    public struct Card: Equatable, Sendable {
        public var line: Int
        public var properties: [Property]

        public func all(_ name: String) -> [Property] { properties.filter { $0.name == name } }
        public func first(_ name: String) -> Property? { properties.first { $0.name == name } }
    }

    public struct ReadError: Error, CustomStringConvertible {
        public let description: String
    }

    // MARK: Reading

    /// Parses every card in a file. A BOM, CRLF or LF line ends, and folding are all accepted.
    public static func parse(_ bytes: [UInt8], file: String) throws -> [Card] {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if body.contains(0) { throw ReadError(description: "\(file): contains NUL bytes; it is not a vCard file") }
        // Lines as bytes: a quoted-printable value may be in another charset than the file.
        var physical: [(number: Int, bytes: ArraySlice<UInt8>)] = []
        var start = body.startIndex
        var number = 1
        var index = body.startIndex
        while index < body.endIndex {
            if body[index] == 0x0A {
                var end = index
                if end > start, body[end - 1] == 0x0D { end -= 1 }
                physical.append((number, body[start..<end]))
                number += 1
                start = index + 1
            }
            index += 1
        }
        if start < body.endIndex {
            var end = body.endIndex
            if body[end - 1] == 0x0D { end -= 1 }
            physical.append((number, body[start..<end]))
        }
        // Unfold: a line that starts with a space or tab continues the one before; a
        // quoted-printable line that ends in `=` continues on the next line (2.1's soft break).
        var logical: [(number: Int, bytes: [UInt8])] = []
        for (number, line) in physical {
            if let first = line.first, first == 0x20 || first == 0x09, !logical.isEmpty {
                logical[logical.count - 1].bytes += line.dropFirst()
            } else if let last = logical.last, isQuotedPrintable(last.bytes), last.bytes.last == UInt8(ascii: "=") {
                logical[logical.count - 1].bytes.removeLast()
                logical[logical.count - 1].bytes += line
            } else if !line.isEmpty {
                logical.append((number, Array(line)))
            }
        }
        var cards: [Card] = []
        var current: Card?
        var depth = 0
        for (number, bytes) in logical {
            let property = try parseLine(bytes, file: file, line: number)
            switch (property.name, property.text.uppercased()) {
            case ("BEGIN", "VCARD"):
                depth += 1
                if depth == 1 { current = Card(line: number, properties: []) }
            case ("END", "VCARD"):
                guard depth > 0 else {
                    throw ReadError(description: "\(file):\(number): END:VCARD without BEGIN:VCARD")
                }
                depth -= 1
                if depth == 0, let card = current {
                    cards.append(card)
                    current = nil
                }
            default:
                guard depth > 0 else {
                    throw ReadError(
                        description:
                            "\(file):\(number): \(property.name) outside a card; a vCard file holds BEGIN:VCARD … END:VCARD blocks"
                    )
                }
                // Properties of a nested card (2.1's AGENT) belong to that card, not this one.
                if depth == 1 { current?.properties.append(property) }
            }
        }
        if let current {
            throw ReadError(
                description: "\(file):\(current.line): this card has no END:VCARD (was the file cut short?)")
        }
        if cards.isEmpty { throw ReadError(description: "\(file): no BEGIN:VCARD found; it is not a vCard file") }
        return cards
    }

    /// A `.vcf`/`.vcard` file, or one that starts with `BEGIN:VCARD`.
    public static func looksLikeVCard(_ bytes: [UInt8], file: String) -> Bool {
        let lower = file.lowercased()
        if lower.hasSuffix(".vcf") || lower.hasSuffix(".vcard") { return true }
        var start = bytes[...]
        if start.starts(with: [0xEF, 0xBB, 0xBF]) { start = start.dropFirst(3) }
        while let first = start.first, first == 0x20 || first == 0x0D || first == 0x0A || first == 0x09 {
            start = start.dropFirst()
        }
        return String(decoding: start.prefix(11), as: UTF8.self).uppercased() == "BEGIN:VCARD"
    }

    static func isQuotedPrintable(_ line: [UInt8]) -> Bool {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return false }
        return String(decoding: line[..<colon], as: UTF8.self).uppercased().contains("QUOTED-PRINTABLE")
    }

    /// `group.NAME;PARAM=A,B;BARE:value`. Parameter values may be quoted (4.0), and so hold `:` and `;`.
    static func parseLine(_ bytes: [UInt8], file: String, line: Int) throws -> Property {
        var inQuotes = false
        var colon: Int?
        for (offset, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
            if byte == UInt8(ascii: ":") && !inQuotes {
                colon = offset
                break
            }
        }
        guard let colon else {
            throw ReadError(
                description:
                    "\(file):\(line): '\(TerminalText.inert(String(decoding: bytes.prefix(40), as: UTF8.self)))' has no ':'; "
                    + "each line is NAME:value")
        }
        let head = String(decoding: bytes[..<colon], as: UTF8.self)
        var parts = splitOutsideQuotes(head, on: ";")
        var name = parts.removeFirst()
        var group: String?
        if let dot = name.lastIndex(of: ".") {
            group = String(name[..<dot])
            name = String(name[name.index(after: dot)...])
        }
        var parameters: [String: [String]] = [:]
        for part in parts where !part.isEmpty {
            if let equals = part.firstIndex(of: "=") {
                let key = part[..<equals].uppercased()
                let values = splitOutsideQuotes(String(part[part.index(after: equals)...]), on: ",").map {
                    $0.count >= 2 && $0.hasPrefix("\"") && $0.hasSuffix("\"") ? String($0.dropFirst().dropLast()) : $0
                }
                parameters[key, default: []] += values
            } else {
                // 2.1: `TEL;WORK;VOICE:` and `NOTE;QUOTED-PRINTABLE:`.
                let bare = part.uppercased()
                if bare == "QUOTED-PRINTABLE" || bare == "BASE64" || bare == "8BIT" {
                    parameters["ENCODING", default: []].append(bare)
                } else {
                    parameters["TYPE", default: []].append(part)
                }
            }
        }
        var value = Array(bytes[(colon + 1)...])
        let encoding = parameters["ENCODING"]?.first?.uppercased()
        if encoding == "QUOTED-PRINTABLE" { value = decodeQuotedPrintable(value) }
        let charset = parameters["CHARSET"]?.first?.uppercased() ?? "UTF-8"
        let raw: String
        if charset == "ISO-8859-1" || charset == "LATIN1" || charset == "WINDOWS-1252" {
            raw = String(String.UnicodeScalarView(value.map { Unicode.Scalar($0) }))
        } else if let text = String(validating: value, as: UTF8.self) {
            raw = text
        } else {
            throw ReadError(
                description:
                    "\(file):\(line): \(name.uppercased()) is not valid UTF-8; save the file as UTF-8 (or give CHARSET=) and import again"
            )
        }
        return Property(group: group, name: name.uppercased(), parameters: parameters, raw: raw)
    }

    static func splitOutsideQuotes(_ text: String, on separator: Character) -> [String] {
        var parts: [String] = []
        var current = ""
        var inQuotes = false
        for character in text {
            if character == "\"" { inQuotes.toggle() }
            if character == separator && !inQuotes {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        return parts
    }

    /// `=C3=A5` is the byte 0xC3, then 0xA5; `=` at the end of a line was a soft break (already joined).
    static func decodeQuotedPrintable(_ bytes: [UInt8]) -> [UInt8] {
        func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 0x30...0x39: byte - 0x30
            case 0x41...0x46: byte - 0x41 + 10
            case 0x61...0x66: byte - 0x61 + 10
            default: nil
            }
        }
        var result: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "="), index + 2 < bytes.count, let high = hex(bytes[index + 1]),
                let low = hex(bytes[index + 2])
            {
                result.append(high << 4 | low)
                index += 3
            } else {
                result.append(bytes[index])
                index += 1
            }
        }
        return result
    }

    /// Splits on `separator` where it is not escaped with a backslash; the parts keep their escapes.
    static func splitUnescaped(_ text: String, on separator: Character) -> [Substring] {
        var parts: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == "\\" {
                index = text.index(after: index)
                if index < text.endIndex { index = text.index(after: index) }
                continue
            }
            if text[index] == separator {
                parts.append(text[start..<index])
                start = text.index(after: index)
            }
            index = text.index(after: index)
        }
        parts.append(text[start...])
        return parts
    }

    /// `\n` and `\N` are a line break; `\,` `\;` `\\` (and any other escaped character) are that character.
    static func unescape(_ text: Substring) -> String {
        guard text.contains("\\") else { return String(text) }
        var result = ""
        var escaped = false
        for character in text {
            if escaped {
                result.append(character == "n" || character == "N" ? "\n" : character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        if escaped { result.append("\\") }
        return result
    }
}

extension VCard {
    /// Cards as rows of a table that ``Importer`` reads like a CSV file: each card one row, its
    /// properties as columns named after them. Properties Rapport does not keep are listed.
    public static func table(_ cards: [Card]) -> (table: CSVText.Table, ignored: [String]) {
        let header = ["UID", "ORG", "FN", "TITLE", "EMAIL", "TEL", "NOTE"]
        let kept: Set<String> = ["UID", "ORG", "FN", "N", "TITLE", "EMAIL", "TEL", "NOTE", "VERSION", "REV", "PRODID"]
        var ignored = Set<String>()
        var rows: [(number: Int, cells: [String])] = []
        for (index, card) in cards.enumerated() {
            for property in card.properties where !kept.contains(property.name) && !property.name.hasPrefix("X-") {
                ignored.insert(property.name)
            }
            // Our own ids come back as ids; another program's UID means nothing here.
            let uid = card.first("UID")?.text ?? ""
            let id = Portfolio.serial(of: uid, kind: .contact) != nil ? uid : ""
            let organisation = card.first("ORG")?.components.first ?? ""
            var name = card.first("FN")?.text ?? ""
            if name.trimmingASCIIWhitespace().isEmpty, let parts = card.first("N")?.components {
                // N is family; given; additional; prefixes; suffixes.
                let given = parts.count > 1 ? parts[1] : ""
                name = [given, parts.first ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
            }
            let emails = card.all("EMAIL")
            let email = (emails.first(where: \.isPreferred) ?? emails.first)?.text ?? ""
            let phones = card.all("TEL")
            let phone =
                (phones.first(where: \.isPreferred) ?? phones.first(where: { $0.types.contains("work") })
                ?? phones.first)?.text ?? ""
            let note = card.first("NOTE")?.text ?? ""
            var channel = ""
            if note.hasPrefix(channelNote) {
                channel = String(note.dropFirst(channelNote.count))
            } else if !note.isEmpty {
                ignored.insert("NOTE")
            }
            rows.append(
                (
                    index + 1,
                    [id, organisation, name, card.first("TITLE")?.text ?? "", email, phone.strippingTelScheme, channel]
                ))
        }
        return (CSVText.Table(header: header, rows: rows, rowUnit: "card", columnUnit: "property"), ignored.sorted())
    }

    /// How the vCard columns map to contact fields.
    /// (``Importer/plan(vCards:into:)`` applies it, under any `--map` the user gives.)
    public static let fieldMap = [
        "UID": "id", "ORG": "account", "FN": "name", "TITLE": "title", "EMAIL": "email", "TEL": "phone",
        "NOTE": "preferredChannel",
    ]

    static let channelNote = "Preferred channel: "

    /// Contacts as vCard 3.0, which Google Contacts, Outlook and Apple Contacts all import.
    public static func write(_ contacts: [Contact], in portfolio: Portfolio, revised: Timestamp) -> String {
        var text = ""
        let rev = String(revised.description.filter { $0 != "-" && $0 != ":" })
        for contact in contacts {
            text += "BEGIN:VCARD\r\nVERSION:3.0\r\n"
            text += ContentLine.fold("UID:" + ContentLine.escape(contact.id))
            text += ContentLine.fold("FN:" + ContentLine.escape(contact.name))
            // N is structured; a full name splits at its last space (family name last), and a
            // name without spaces (most CJK names) is all family name.
            let name = contact.name.trimmingASCIIWhitespace()
            let parts =
                name.lastIndex(of: " ").map {
                    (family: String(name[name.index(after: $0)...]), given: String(name[..<$0]))
                }
                ?? (family: String(name), given: "")
            text += ContentLine.fold(
                "N:" + ContentLine.escape(parts.family) + ";" + ContentLine.escape(parts.given) + ";;;")
            if let account = portfolio.accounts[contact.accountId] {
                text += ContentLine.fold("ORG:" + ContentLine.escape(account.name))
            }
            if !contact.title.isEmpty { text += ContentLine.fold("TITLE:" + ContentLine.escape(contact.title)) }
            if !contact.email.isEmpty {
                text += ContentLine.fold("EMAIL;TYPE=INTERNET,WORK:" + ContentLine.escape(contact.email))
            }
            if !contact.phone.isEmpty {
                text += ContentLine.fold("TEL;TYPE=WORK,VOICE:" + ContentLine.escape(contact.phone))
            }
            if let channel = contact.preferredChannel {
                text += ContentLine.fold("NOTE:" + ContentLine.escape(channelNote + channel.rawValue))
            }
            text += ContentLine.fold("REV:" + rev)
            text += "END:VCARD\r\n"
        }
        return text
    }
}

extension String {
    /// vCard 4.0 writes phones as `tel:` URIs.
    fileprivate var strippingTelScheme: String { lowercased().hasPrefix("tel:") ? String(dropFirst(4)) : self }
}
