import Foundation
import RapportDomain
import RapportStoreKit

/// Reaches a store in a PostgreSQL database.
public struct PostgresStoreOpener: StoreOpener {
    public let place: PostgresLocation

    public init(_ place: PostgresLocation) { self.place = place }

    public var location: String { place.display }

    /// Whether the database holds a Rapport store with data. A server that cannot be reached
    /// counts as there: opening it then says why it cannot be reached.
    public var exists: Bool {
        guard let link = try? PostgresLink.connect(place) else { return true }
        guard let version = try? PostgresSchema.installedVersion(link) else { return false }
        return version > 0
    }

    public func open(only kinds: Set<RecordKind>?) throws -> any PortfolioStore {
        try PostgresStore(place, only: kinds)
    }

    /// The records' size on the server: a large store opens in two steps, as a large snapshot does.
    public func wholeReadSize(over threshold: Int) -> Int? {
        guard let link = try? PostgresLink.connect(place),
            let rows = try? link.rows(
                "SELECT coalesce(pg_total_relation_size(to_regclass('rapport_records')), 0)::bigint"),
            let size = try? rows.first?.decode(Int.self), size > threshold
        else { return nil }
        return size
    }
}
