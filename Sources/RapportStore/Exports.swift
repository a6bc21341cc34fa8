// The seam's types (StoreError, JournalEntry, PortfolioStore) come with the JSON store, and so
// does the C library that every file here calls.
@_exported import RapportStoreKit

#if canImport(Glibc)
    @_exported import Glibc
#elseif canImport(Darwin)
    @_exported import Darwin
#endif
