import CCRC32C
import Foundation

/// CRC-32C (Castagnoli): what seals a snapshot.
enum CRC32C {
    static let table: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 8 * 256)
        for byte in 0..<256 {
            var crc = UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
            table[byte] = crc
        }
        for slice in 1..<8 {
            for byte in 0..<256 {
                let previous = table[(slice - 1) * 256 + byte]
                table[slice * 256 + byte] = (previous >> 8) ^ table[Int(previous & 0xFF)]
            }
        }
        return table
    }()

    /// Continues `crc` (start with 0) over `bytes`: with the CPU's instruction where it has one.
    static func update(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var result = crc
        if let base = bytes.baseAddress, ccrc32c_hardware(&result, base, bytes.count) != 0 { return result }
        return updateWithTable(crc, bytes)
    }

    /// The same, from tables: slicing by 8.
    static func updateWithTable(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc = ~crc
        table.withUnsafeBufferPointer { t in
            var index = 0
            let count = bytes.count
            while index + 8 <= count {
                let low = crc ^ bytes.loadUnaligned(fromByteOffset: index, as: UInt32.self).littleEndian
                let high = bytes.loadUnaligned(fromByteOffset: index + 4, as: UInt32.self).littleEndian
                crc =
                    t[7 * 256 + Int(low & 0xFF)] ^ t[6 * 256 + Int((low >> 8) & 0xFF)]
                    ^ t[5 * 256 + Int((low >> 16) & 0xFF)] ^ t[4 * 256 + Int(low >> 24)]
                    ^ t[3 * 256 + Int(high & 0xFF)] ^ t[2 * 256 + Int((high >> 8) & 0xFF)]
                    ^ t[1 * 256 + Int((high >> 16) & 0xFF)] ^ t[Int(high >> 24)]
                index += 8
            }
            while index < count {
                crc = (crc >> 8) ^ t[Int((crc ^ UInt32(bytes[index])) & 0xFF)]
                index += 1
            }
        }
        return ~crc
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 { bytes.withUnsafeBytes { update(0, $0) } }
}

/// A snapshot's seal: its length and CRC-32C, kept in its header (`"seal": "crc32c:… length:…"`),
/// computed with the seal's own value as zeros. A writer that reads only the start of a snapshot
/// (`rapport log`) checks the seal before it writes: a snapshot cut short or edited by hand
/// (`NaN` in an amount, say) is then read and validated whole, and refused if it is unsound.
enum Seal {
    static let key = "seal"
    /// The value's fixed width lets the writer patch it in place.
    static let placeholder = "crc32c:00000000 length:000000000000"
    static let line = "\"\(key)\": \"\(placeholder)\",\n"

    /// Patches the seal of `bytes`, whose header holds ``line`` with the placeholder at `offset`.
    static func seal(_ bytes: inout [UInt8], valueAt offset: Int) {
        let crc = CRC32C.checksum(bytes)
        let hex = String(crc, radix: 16)
        let length = String(bytes.count)
        let value =
            "crc32c:" + String(repeating: "0", count: 8 - hex.count) + hex + " length:"
            + String(repeating: "0", count: 12 - length.count) + length
        bytes.replaceSubrange(offset..<offset + placeholder.utf8.count, with: Array(value.utf8))
    }

    /// Where the seal's value is in a snapshot's start, and what it says; nil without one.
    static func find(in start: [UInt8]) -> (offset: Int, crc: UInt32, length: Int)? {
        let needle = Array("\n\"\(key)\": \"".utf8)
        let window = start.prefix(4096)
        guard let found = window.indices.first(where: { window[$0...].starts(with: needle) }) else { return nil }
        let offset = found + needle.count
        let width = placeholder.utf8.count
        guard offset + width <= start.count else { return nil }
        let text = String(decoding: start[offset..<offset + width], as: UTF8.self)
        let parts = text.split(separator: " ")
        guard parts.count == 2, parts[0].hasPrefix("crc32c:"), parts[1].hasPrefix("length:"),
            let crc = UInt32(parts[0].dropFirst(7), radix: 16), let length = Int(parts[1].dropFirst(7))
        else { return nil }
        return (offset, crc, length)
    }

    /// Whether the open file `fd` is exactly what its seal says: read in pieces, never whole.
    static func holds(_ fd: Int32, start: [UInt8]) -> Bool {
        guard let seal = find(in: start), let size = POSIXFile.size(ofDescriptor: fd), size == seal.length else {
            return false
        }
        let placeholderBytes = Array(placeholder.utf8)
        let chunk = 4 << 20
        var buffer = [UInt8](repeating: 0, count: chunk)
        var crc: UInt32 = 0
        var position = 0
        while position < size {
            let wanted = min(chunk, size - position)
            let read = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, wanted, off_t(position)) }
            guard read == wanted else { return false }
            // The seal's own value counts as the placeholder.
            let sealRange = seal.offset..<seal.offset + placeholderBytes.count
            let here = position..<position + read
            if sealRange.overlaps(here) {
                for index in max(sealRange.lowerBound, here.lowerBound)..<min(sealRange.upperBound, here.upperBound) {
                    buffer[index - position] = placeholderBytes[index - sealRange.lowerBound]
                }
            }
            crc = buffer.withUnsafeBytes { CRC32C.update(crc, UnsafeRawBufferPointer(rebasing: $0[0..<read])) }
            position += read
        }
        return crc == seal.crc
    }
}

/// How long one line of a store file may be, checked before the line is decoded: no record
/// comes near it, so a longer line is damage (or another program's file), and decoding it
/// would cost many times its size.
enum LineLimit {
    /// A snapshot holds one record per line; the longest record (an account with 10,000
    /// characters of notes) is well under 100 KB.
    static let snapshot = 16 << 20
    /// A journal line is one edit; imports of 20,000 records or more are folded into the
    /// snapshot instead, so the longest is a few megabytes.
    static let journal = 64 << 20

    /// A line over the limit: where, how long, and the limit.
    struct TooLong: Error {
        let line: Int
        let length: Int
        let limit: Int

        func located(in file: String, firstLine: Int = 1) -> StoreError {
            .unreadable(
                file: file, line: firstLine + line - 1, column: 1,
                reason:
                    "this line is \(length) bytes, over the limit of \(limit >> 20) MB for one line, and was not decoded; "
                    + "no record is that long, so the file is damaged or not Rapport's: restore a backup, "
                    + "or salvage the rest with rapport check --repair")
        }
    }

    /// The first line of `bytes` longer than `limit`: its number (1-based) and length.
    static func firstLongLine(in bytes: [UInt8], over limit: Int) -> (line: Int, length: Int)? {
        guard bytes.count > limit else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> (Int, Int)? in
            var start = 0
            var line = 1
            while start < buffer.count {
                let end =
                    memchr(buffer.baseAddress! + start, 0x0A, buffer.count - start).map {
                        buffer.baseAddress!.distance(to: $0.assumingMemoryBound(to: UInt8.self))
                    } ?? buffer.count
                if end - start > limit { return (line, end - start) }
                start = end + 1
                line += 1
            }
            return nil
        }
    }

    static func check(_ bytes: [UInt8], limit: Int, firstLine: Int = 1, file: String) throws(StoreError) {
        guard let long = firstLongLine(in: bytes, over: limit) else { return }
        throw TooLong(line: long.line, length: long.length, limit: limit).located(in: file, firstLine: firstLine)
    }
}
