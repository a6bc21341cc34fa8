import RapportDomain

/// Thrown by ``RecordReader`` on anything outside the common layout; the caller then reads the
/// same bytes with Foundation's `JSONDecoder`, which decides (and words any error) as before.
struct Decline: Error {}

/// A byte-level reader for the snapshot's record lines, decoding straight into records.
///
/// Profiling showed Foundation's `JSONDecoder` spending 84% of the time it takes to open a large
/// store. This reader accepts exactly what `JSONDecoder` would decode to the same value in the
/// common cases: every string escape, integers without fraction or exponent, decimals of up to 15
/// digits (which convert exactly), `null` for optional fields. For anything else (an exponent, a
/// long number, an unknown or repeated key, a lone surrogate, invalid UTF-8, a missing field) it
/// declines, so the result never differs from the general path's.
struct RecordReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index: Int
    let end: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        self.bytes = bytes
        index = range.lowerBound
        end = range.upperBound
    }

    // MARK: Tokens

    @inline(__always)
    mutating func skipSpace() {
        while index < end {
            let byte = bytes[index]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return }
            index += 1
        }
    }

    /// Skips whitespace, then consumes `byte` if it is next.
    @inline(__always)
    mutating func consume(_ byte: UInt8) -> Bool {
        skipSpace()
        guard index < end, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    @inline(__always)
    mutating func expect(_ byte: UInt8) throws {
        guard consume(byte) else { throw Decline() }
    }

    var atEnd: Bool {
        mutating get {
            skipSpace()
            return index >= end
        }
    }

    /// Consumes `null` if it is next.
    mutating func null() -> Bool {
        skipSpace()
        guard index + 4 <= end, bytes[index] == 0x6E, bytes[index + 1] == 0x75, bytes[index + 2] == 0x6C,
            bytes[index + 3] == 0x6C
        else { return false }
        index += 4
        return true
    }

    mutating func bool() throws -> Bool {
        skipSpace()
        if index + 4 <= end, bytes[index] == 0x74, bytes[index + 1] == 0x72, bytes[index + 2] == 0x75,
            bytes[index + 3] == 0x65
        {
            index += 4
            return true
        }
        if index + 5 <= end, bytes[index] == 0x66, bytes[index + 1] == 0x61, bytes[index + 2] == 0x6C,
            bytes[index + 3] == 0x73, bytes[index + 4] == 0x65
        {
            index += 5
            return false
        }
        throw Decline()
    }

    /// The raw bytes of a string without escapes (keys, dates, ids of the usual form).
    mutating func plainString() throws -> Range<Int> {
        try expect(0x22)
        let start = index
        while index < end {
            let byte = bytes[index]
            if byte == 0x22 {
                index += 1
                return start..<(index - 1)
            }
            guard byte != 0x5C, byte >= 0x20 else { throw Decline() }
            index += 1
        }
        throw Decline()
    }

    mutating func string() throws -> String {
        try expect(0x22)
        let start = index
        var high: UInt8 = 0
        while index < end {
            let byte = bytes[index]
            if byte == 0x22 {
                index += 1
                let raw = UnsafeBufferPointer(rebasing: bytes[start..<(index - 1)])
                if high < 0x80 { return String(decoding: raw, as: UTF8.self) }
                guard let text = String(validating: raw, as: UTF8.self) else { throw Decline() }
                return text
            }
            if byte == 0x5C { return try escapedString(from: start) }
            guard byte >= 0x20 else { throw Decline() }
            high |= byte
            index += 1
        }
        throw Decline()
    }

    /// The slow half of ``string()``: the string has an escape at `index`.
    mutating func escapedString(from start: Int) throws -> String {
        var buffer = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < end {
            let byte = bytes[index]
            index += 1
            switch byte {
            case 0x22:
                guard let text = String(validating: buffer, as: UTF8.self) else { throw Decline() }
                return text
            case 0x5C:
                guard index < end else { throw Decline() }
                let escape = bytes[index]
                index += 1
                switch escape {
                case 0x22, 0x5C, 0x2F: buffer.append(escape)
                case 0x62: buffer.append(0x08)
                case 0x66: buffer.append(0x0C)
                case 0x6E: buffer.append(0x0A)
                case 0x72: buffer.append(0x0D)
                case 0x74: buffer.append(0x09)
                case 0x75: try appendUnicodeEscape(to: &buffer)
                default: throw Decline()
                }
            default:
                guard byte >= 0x20 else { throw Decline() }
                buffer.append(byte)
            }
        }
        throw Decline()
    }

    /// `\uXXXX`, with a following `\uXXXX` for a surrogate pair; lone surrogates decline.
    mutating func appendUnicodeEscape(to buffer: inout [UInt8]) throws {
        var value = try hex4()
        if (0xD800...0xDBFF).contains(value) {
            guard index + 2 <= end, bytes[index] == 0x5C, bytes[index + 1] == 0x75 else { throw Decline() }
            index += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw Decline() }
            value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(value) {
            throw Decline()
        }
        guard let scalar = Unicode.Scalar(value) else { throw Decline() }
        buffer.append(contentsOf: UTF8.encode(scalar)!)
    }

    mutating func hex4() throws -> UInt32 {
        guard index + 4 <= end else { throw Decline() }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: throw Decline()
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// A JSON number without exponent and with at most 15 significant digits in all.
    mutating func decimal() throws -> (negative: Bool, mantissa: Int64, fractionDigits: Int) {
        skipSpace()
        var negative = false
        if index < end, bytes[index] == 0x2D {
            negative = true
            index += 1
        }
        var mantissa: Int64 = 0
        var digits = 0
        var fractionDigits = 0
        let first = index
        while index < end, bytes[index] >= 0x30, bytes[index] <= 0x39 {
            mantissa = mantissa &* 10 &+ Int64(bytes[index] - 0x30)
            digits += 1
            index += 1
        }
        // JSON: at least one digit, and no leading zero before another digit.
        guard digits > 0, !(bytes[first] == 0x30 && digits > 1) else { throw Decline() }
        if index < end, bytes[index] == 0x2E {
            index += 1
            while index < end, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                mantissa = mantissa &* 10 &+ Int64(bytes[index] - 0x30)
                digits += 1
                fractionDigits += 1
                index += 1
            }
            guard fractionDigits > 0 else { throw Decline() }
        }
        if index < end, bytes[index] == 0x65 || bytes[index] == 0x45 { throw Decline() }
        guard digits <= 15 else { throw Decline() }
        return (negative, mantissa, fractionDigits)
    }

    mutating func int() throws -> Int {
        let number = try decimal()
        guard number.fractionDigits == 0 else { throw Decline() }
        return Int(number.negative ? -number.mantissa : number.mantissa)
    }

    static let powersOfTen: [Double] = (0...15).map { power in
        var value = 1.0
        for _ in 0..<power { value *= 10 }
        return value
    }

    /// Exact: the mantissa (below 2^53) and 10^k (k ≤ 15) are both exact doubles, so one
    /// division rounds correctly, as `strtod` does.
    mutating func double() throws -> Double {
        let number = try decimal()
        let magnitude = Double(number.mantissa) / RecordReader.powersOfTen[number.fractionDigits]
        return number.negative ? -magnitude : magnitude
    }

    // MARK: Structures

    /// Calls `field` with each key of an object; keys must be plain strings.
    @inline(__always)
    mutating func object(_ field: (inout RecordReader, Range<Int>) throws -> Void) throws {
        try expect(0x7B)
        if consume(0x7D) { return }
        repeat {
            let key = try plainString()
            try expect(0x3A)
            try field(&self, key)
        } while consume(0x2C)
        try expect(0x7D)
    }

    mutating func array<T>(_ element: (inout RecordReader) throws -> T) throws -> [T] {
        try expect(0x5B)
        var result: [T] = []
        if consume(0x5D) { return result }
        repeat { result.append(try element(&self)) } while consume(0x2C)
        try expect(0x5D)
        return result
    }

    /// The key's number in `names`, or a decline for keys the type does not have.
    @inline(__always)
    func field(_ key: Range<Int>, _ names: [[UInt8]]) throws -> Int {
        let count = key.count
        for (number, name) in names.enumerated() where name.count == count {
            var same = true
            var offset = 0
            while offset < count {
                if name[offset] != bytes[key.lowerBound + offset] {
                    same = false
                    break
                }
                offset += 1
            }
            if same { return number }
        }
        throw Decline()
    }

    mutating func choice<T: RawRepresentable>(_ type: T.Type) throws -> T where T.RawValue == String {
        guard let value = T(rawValue: try string()) else { throw Decline() }
        return value
    }

    /// The decimal number in the `length` digits at `start`; anything but digits is declined.
    func digits(at start: Int, _ length: Int) throws -> Int {
        var value = 0
        for position in start..<(start + length) {
            let byte = bytes[position]
            guard byte >= 0x30, byte <= 0x39 else { throw Decline() }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    /// The day in `YYYY-MM-DD` at `start` (ten bytes already known to be there).
    func civilDay(at start: Int) throws -> Day {
        guard bytes[start + 4] == 0x2D, bytes[start + 7] == 0x2D,
            let day = Day(
                year: try digits(at: start, 4), month: try digits(at: start + 5, 2), day: try digits(at: start + 8, 2))
        else { throw Decline() }
        return day
    }

    mutating func day() throws -> Day {
        let range = try plainString()
        guard range.count == 10 else { throw Decline() }
        return try civilDay(at: range.lowerBound)
    }

    /// `YYYY-MM` in digits; other forms `YearMonth(_:)` might take are declined.
    mutating func yearMonth() throws -> YearMonth {
        let range = try plainString()
        guard range.count == 7, bytes[range.lowerBound + 4] == 0x2D else { throw Decline() }
        var year = 0
        var month = 0
        for position in range where position != range.lowerBound + 4 {
            let byte = bytes[position]
            guard byte >= 0x30, byte <= 0x39 else { throw Decline() }
            if position < range.lowerBound + 4 {
                year = year * 10 + Int(byte - 0x30)
            } else {
                month = month * 10 + Int(byte - 0x30)
            }
        }
        guard let value = YearMonth(year: year, month: month) else { throw Decline() }
        return value
    }

    mutating func money() throws -> Money {
        guard let money = Money(try double()) else { throw Decline() }
        return money
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` in digits, read in place; other forms `Timestamp(_:)` might take
    /// are declined.
    mutating func timestamp() throws -> Timestamp {
        let range = try plainString()
        let start = range.lowerBound
        guard range.count == 20, bytes[start + 10] == 0x54, bytes[start + 13] == 0x3A, bytes[start + 16] == 0x3A,
            bytes[start + 19] == 0x5A
        else { throw Decline() }
        let day = try civilDay(at: start)
        let hour = try digits(at: start + 11, 2)
        let minute = try digits(at: start + 14, 2)
        let second = try digits(at: start + 17, 2)
        guard hour < 24, minute < 60, second < 60 else { throw Decline() }
        return Timestamp(seconds: Int64(day.ordinal) * 86_400 + Int64(hour * 3600 + minute * 60 + second))
    }
}

/// Which fields an object had: each seen once, the required ones all present.
struct SeenFields {
    var bits: UInt32 = 0

    @inline(__always)
    mutating func mark(_ field: Int) throws {
        let bit: UInt32 = 1 << UInt32(field)
        guard bits & bit == 0 else { throw Decline() }
        bits |= bit
    }

    func require(_ fields: [Int]) throws {
        for field in fields where bits & (1 << UInt32(field)) == 0 { throw Decline() }
    }
}

extension Array where Element == [UInt8] {
    init(keys: String...) { self = keys.map { [UInt8]($0.utf8) } }
}
