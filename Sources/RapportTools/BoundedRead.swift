import Foundation

/// Reading a file the user names, refused over a size limit before it is read whole: a 40 MB
/// "theme" or a 200 MB cell must not cost seconds and gigabytes before it is refused.
public enum BoundedRead {
    public enum Failure: Error, Equatable {
        case unreadable(code: Int32)
        case tooLarge(limit: Int)
    }

    /// The file's bytes, or a failure: it cannot be opened, or it holds more than `limit` bytes
    /// (found from its size, or by reading one byte past the limit for pipes and devices).
    public static func contents(of path: String, limit: Int) -> Result<[UInt8], Failure> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(.unreadable(code: errno)) }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) > limit {
            return .failure(.tooLarge(limit: limit))
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable(code: errno))
            }
            if count == 0 { return .success(bytes) }
            bytes += chunk[0..<count]
            if bytes.count > limit { return .failure(.tooLarge(limit: limit)) }
        }
    }

    /// `1,048,576 bytes (1 MB)`.
    public static func describe(_ limit: Int) -> String {
        let grouped = limit.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))
        return "\(grouped) bytes (\(limit >> 20 > 0 ? "\(limit >> 20) MB" : "\(limit >> 10) KB"))"
    }
}

extension CSVText {
    /// The longest a CSV field may be. The longest field Rapport keeps is 10,000 characters (notes);
    /// a cell far beyond it is refused before the file is parsed.
    public static let fieldLimit = 1 << 20

    /// The first field longer than `limit` bytes: its row (1-based, counting the header, as a
    /// spreadsheet does) or nil. Read in pieces, so an oversized cell is found without reading
    /// the whole file; quotes are followed, so commas and line breaks inside a quoted field count.
    public static func oversizedField(in path: String, limit: Int = fieldLimit) -> Int? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var quoted = false
        var length = 0
        var row = 1
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return nil }
            for byte in chunk[0..<count] {
                if byte == UInt8(ascii: "\"") {
                    quoted.toggle()
                } else if !quoted && (byte == UInt8(ascii: ",") || byte == 0x0A) {
                    if byte == 0x0A { row += 1 }
                    length = 0
                    continue
                }
                length += 1
                if length > limit { return row }
            }
        }
    }
}
