import Foundation
import Testing

@testable import RapportDomain
@testable import RapportStore

/// A fresh temporary directory per test, removed afterwards.
final class TempDir {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "rapport-test-" + UUID().uuidString
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    var store: String { path + "/store" }
}

func sampleAccount(_ id: String, _ name: String) -> Account {
    Account(id: id, name: name, roles: [.customer], industry: "Retail", tags: ["export"])
}

func bytes(_ path: String) -> [UInt8]? { FileManager.default.contents(atPath: path).map { [UInt8]($0) } }

func mode(_ path: String) -> Int {
    var info = stat()
    stat(path, &info)
    return Int(info.st_mode & 0o777)
}
