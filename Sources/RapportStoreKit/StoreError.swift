#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a store could not be read or written, with where and what to do. Every backend reports
/// its failures as one of these, so that commands map them to the same exit codes.
public enum StoreError: Error, CustomStringConvertible, Sendable {
    /// A file that exists but cannot be understood. It is left exactly as it is.
    case unreadable(file: String, line: Int?, column: Int?, reason: String)
    /// A file written by a newer (or unknown) schema.
    case unsupportedVersion(file: String, found: Int, supported: Int)
    /// A system call failed.
    case io(file: String, action: String, code: Int32)
    /// Another writer kept the lock for too long.
    case busy(lockFile: String)
    /// The path exists but is not a store.
    case notAStore(path: String, reason: String)
    /// A store on a server that cannot be reached, or that refused to let this user in.
    case unreachable(store: String, reason: String)
    /// A store this user may read but not change.
    case readOnly(store: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let line, let column, let reason):
            let place = line.map { ":\($0)" + (column.map { ":\($0)" } ?? "") } ?? ""
            return "\(file)\(place): \(reason)\n"
                + "The store was not changed. Fix or restore this file (a copy is kept as *.bak-* after each compaction), "
                + "or point --store at another store. `rapport check` reports every problem."
        case .unsupportedVersion(let file, let found, let supported):
            return "\(file): schema version \(found) is not supported (this rapport reads versions 1 to \(supported)). "
                + "It was probably written by a newer Rapport: upgrade rapport. Nothing was changed."
        case .io(let file, let action, let code):
            return "\(file): could not \(action): \(String(cString: strerror(code)))."
                + (code == ENOSPC || code == EFBIG || code == EDQUOT
                    ? " The disk (or your quota or file-size limit) is full: free some space and try again; the store is unchanged."
                    : "")
                + (code == EACCES || code == EPERM ? " Check the permissions of the store directory." : "")
                + (code == EROFS ? " The file system is read-only; use a store on a writable disk (--store PATH)." : "")
        case .busy(let lockFile):
            return "the store is busy: another rapport process has held \(lockFile) for over 10 seconds. "
                + "Try again; if it persists, look for a stuck rapport process."
        case .notAStore(let path, let reason):
            return "\(path): \(reason)"
        case .unreachable(let store, let reason):
            return "\(store): store unreachable: \(reason)"
        case .readOnly(let store, let reason):
            return "\(store): \(reason)"
        }
    }
}
