import RapportStore
import RapportStoreKit

/// Every backend, by how the user names a store.
public enum Stores {
    /// The opener for `named`: a `postgresql://` URL, else a store directory.
    public static func opener(for named: String) throws(StoreError) -> any StoreOpener {
        guard PostgresLocation.isURL(named) else { return JSONStoreOpener(directory: named) }
        return PostgresStoreOpener(try PostgresLocation(url: named))
    }
}
