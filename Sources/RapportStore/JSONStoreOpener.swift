import Foundation
import RapportDomain

/// Reaches the local JSON store in a directory (see ``JournalStore``).
public struct JSONStoreOpener: StoreOpener {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    public var location: String { directory }

    public var exists: Bool { FileManager.default.fileExists(atPath: directory) }

    public func open(only kinds: Set<RecordKind>?) throws -> any PortfolioStore {
        try JournalStore(directory: directory, only: kinds)
    }

    /// The snapshot's size: a partial open reads only its start (the sections of `kinds`), so
    /// only a large snapshot is worth opening in two steps. The journal is always read whole.
    public func wholeReadSize(over threshold: Int) -> Int? {
        var info = stat()
        guard stat(directory + "/" + JournalStore.snapshotName, &info) == 0, Int(info.st_size) > threshold else {
            return nil
        }
        return Int(info.st_size)
    }
}
