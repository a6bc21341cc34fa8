import RapportDomain

/// One line of editable text with a cursor: what every form field and prompt types into.
///
/// Keys follow readline: ←/→, Home/End, Ctrl-A/E (start, end), Ctrl-U (erase to start), Ctrl-K
/// (erase to end), Ctrl-W (erase the word before the cursor), Backspace and Delete. Control
/// characters are never inserted, so pasted escape sequences cannot reach the record.
public struct LineEditor: Equatable, Sendable {
    public private(set) var characters: [Character]
    public private(set) var cursor: Int
    public let limit: Int

    public init(_ text: String = "", limit: Int = 10_000) {
        characters = Array(text)
        cursor = characters.count
        self.limit = limit
    }

    public var text: String { String(characters) }

    public mutating func set(_ text: String) {
        characters = Array(text)
        cursor = characters.count
    }

    /// Applies an editing key. Returns false for keys that do not edit (Tab, Enter, ↑↓, Esc…).
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(characters.count, cursor + 1)
        case .home, .ctrl("a"): cursor = 0
        case .end, .ctrl("e"): cursor = characters.count
        case .backspace, .ctrl("h"):
            guard cursor > 0 else { return true }
            characters.remove(at: cursor - 1)
            cursor -= 1
        case .delete, .ctrl("d"):
            guard cursor < characters.count else { return true }
            characters.remove(at: cursor)
        case .ctrl("u"):
            characters.removeFirst(cursor)
            cursor = 0
        case .ctrl("k"): characters.removeLast(characters.count - cursor)
        case .ctrl("w"):
            var start = cursor
            while start > 0, characters[start - 1] == " " { start -= 1 }
            while start > 0, characters[start - 1] != " " { start -= 1 }
            characters.removeSubrange(start..<cursor)
            cursor = start
        case .char(let character): insert(character)
        default: return false
        }
        return true
    }

    /// Inserts a typed or pasted character; control characters and text beyond the limit are dropped.
    public mutating func insert(_ character: Character) {
        guard characters.count < limit, !character.unicodeScalars.contains(where: FieldRules.isControl) else {
            return
        }
        characters.insert(character, at: cursor)
        cursor += 1
    }

    /// What fits in `width` cells, scrolled so the cursor shows, and the cursor's cell within it.
    /// Wide characters count two cells and are never cut in half.
    public func visible(width: Int) -> (text: String, cursorColumn: Int) {
        guard width > 1 else { return ("", 0) }
        let cells = characters.map { max(0, TerminalText.width(String($0))) }
        // Start as far left as possible while the cursor (plus one cell for it) still fits.
        var start = 0
        var used = cells[0..<cursor].reduce(0, +) + 1
        while used > width, start < cursor {
            used -= cells[start]
            start += 1
        }
        var shown = ""
        var total = 0
        var index = start
        while index < characters.count, total + cells[index] <= width {
            shown.append(characters[index])
            total += cells[index]
            index += 1
        }
        return (shown, cells[start..<cursor].reduce(0, +))
    }
}
