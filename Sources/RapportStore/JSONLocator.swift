/// Finds where in a JSON document something is, so errors can name a line and column.
///
/// Foundation's `JSONDecoder` says only "not valid JSON" or gives a coding path. This scanner
/// re-reads the bytes after a failure: it finds the first syntax error, or the byte where the
/// value at a coding path starts. It validates structure only and never builds values.
struct JSONLocator {
    let bytes: [UInt8]
    private(set) var position = 0
    private var target: [String]
    private var found: Int?
    static let maxDepth = 512

    /// A syntax error: the byte offset and what was wrong there.
    struct SyntaxError: Error {
        let offset: Int
        let reason: String
    }

    private init(bytes: [UInt8], target: [String]) {
        self.bytes = bytes
        self.target = target
    }

    /// The first syntax error in `bytes`, or nil if the document is well-formed JSON.
    static func syntaxError(in bytes: [UInt8]) -> SyntaxError? {
        var scanner = JSONLocator(bytes: bytes, target: [])
        do {
            scanner.skipSpace()
            try scanner.value(path: [], depth: 0)
            scanner.skipSpace()
            if scanner.position < bytes.count {
                return SyntaxError(offset: scanner.position, reason: "unexpected text after the end of the JSON value")
            }
            return nil
        } catch let error as SyntaxError {
            return error
        } catch {
            return SyntaxError(offset: scanner.position, reason: "unreadable JSON")
        }
    }

    /// The offset where the value at `path` (keys, and array indices as decimal strings) starts.
    static func offset(of path: [String], in bytes: [UInt8]) -> Int? {
        var scanner = JSONLocator(bytes: bytes, target: path)
        scanner.skipSpace()
        _ = try? scanner.value(path: [], depth: 0)
        return scanner.found
    }

    /// 1-based line and column (in characters) of a byte offset.
    static func lineAndColumn(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        let end = min(offset, bytes.count)
        var index = 0
        while index < end {
            if bytes[index] == 0x0A {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        // Count characters, not bytes: skip UTF-8 continuation bytes.
        let column = bytes[lineStart..<end].count { $0 & 0xC0 != 0x80 } + 1
        return (line, column)
    }

    private mutating func fail(_ reason: String) -> SyntaxError { SyntaxError(offset: position, reason: reason) }

    private mutating func skipSpace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    private mutating func value(path: [String], depth: Int) throws {
        if found == nil, !target.isEmpty, path == target { found = position }
        guard depth < JSONLocator.maxDepth else { throw fail("nesting deeper than \(JSONLocator.maxDepth) levels") }
        guard position < bytes.count else { throw fail("the file ends in the middle of a value (is it truncated?)") }
        switch bytes[position] {
        case UInt8(ascii: "{"): try object(path: path, depth: depth)
        case UInt8(ascii: "["): try array(path: path, depth: depth)
        case UInt8(ascii: "\""): _ = try string()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
        default: throw fail("expected a value (object, array, string, number, true, false or null)")
        }
    }

    private mutating func object(path: [String], depth: Int) throws {
        position += 1
        skipSpace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return
        }
        while true {
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                throw fail(
                    position < bytes.count
                        ? "expected a quoted key" : "the file ends inside an object (is it truncated?)")
            }
            let key = try string()
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                throw fail("expected ':' after a key")
            }
            position += 1
            skipSpace()
            try value(path: path + [key], depth: depth + 1)
            skipSpace()
            guard position < bytes.count else { throw fail("the file ends inside an object (is it truncated?)") }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
                continue
            }
            if bytes[position] == UInt8(ascii: "}") {
                position += 1
                return
            }
            throw fail("expected ',' or '}' in an object")
        }
    }

    private mutating func array(path: [String], depth: Int) throws {
        position += 1
        skipSpace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return
        }
        var index = 0
        while true {
            skipSpace()
            try value(path: path + [String(index)], depth: depth + 1)
            index += 1
            skipSpace()
            guard position < bytes.count else { throw fail("the file ends inside an array (is it truncated?)") }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
                continue
            }
            if bytes[position] == UInt8(ascii: "]") {
                position += 1
                return
            }
            throw fail("expected ',' or ']' in an array")
        }
    }

    private mutating func string() throws -> String {
        position += 1
        let start = position
        var hasEscape = false
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let raw = bytes[start..<position]
                position += 1
                return hasEscape ? "" : String(decoding: raw, as: UTF8.self)
            }
            if byte < 0x20 { throw fail("a raw control character inside a string; write it as an escape like \\n") }
            if byte == UInt8(ascii: "\\") {
                hasEscape = true
                position += 1
                guard position < bytes.count else { break }
                switch bytes[position] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    break
                case UInt8(ascii: "u"):
                    for _ in 0..<4 {
                        position += 1
                        guard position < bytes.count, isHex(bytes[position]) else {
                            throw fail("a \\u escape needs four hex digits")
                        }
                    }
                default: throw fail("an unknown escape in a string")
                }
            }
            position += 1
        }
        throw fail("the file ends inside a string (is it truncated?)")
    }

    private func isHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }

    private mutating func literal(_ word: String) throws {
        for expected in word.utf8 {
            guard position < bytes.count, bytes[position] == expected else { throw fail("expected '\(word)'") }
            position += 1
        }
    }

    private mutating func number() throws {
        let isDigit = { (byte: UInt8) in (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < bytes.count, isDigit(bytes[position]) else { throw fail("a number needs digits") }
        if bytes[position] == UInt8(ascii: "0") {
            // JSON has no leading zeros: `0`, `0.5`, but not `01`.
            position += 1
            if position < bytes.count, isDigit(bytes[position]) { throw fail("a number cannot start with 0") }
        }
        while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard position < bytes.count, isDigit(bytes[position]) else {
                throw fail("a number needs digits after '.'")
            }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard position < bytes.count, isDigit(bytes[position]) else {
                throw fail("a number needs digits in its exponent")
            }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
    }
}
