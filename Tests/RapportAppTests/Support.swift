import Foundation
import Testing

@testable import RapportApp
@testable import RapportDomain
@testable import RapportTools

/// The fixed demo every golden frame is drawn from.
enum Fixture {
    static let asOf = Day("2026-06-30")!
    static let portfolio = DemoGenerator(accounts: 120, seed: 1, end: asOf, interactionsPerAccount: 6).generate()

    static func state(width: Int, height: Int, portfolio: Portfolio = portfolio) -> AppState {
        AppState(
            portfolio: portfolio, asOf: asOf, width: width, height: height, storeLabel: "~/.local/share/rapport",
            me: "owner1@rapport.example", today: asOf)
    }
}

/// Compares a frame with `__Snapshots__/NAME.txt` (text) and `NAME.attr` (one style letter per cell).
/// `RAPPORT_RECORD_SNAPSHOTS=1 swift test` rewrites them on purpose; a missing file is a failure.
func assertGolden(_ frame: Frame, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("__Snapshots__")
    let textURL = directory.appendingPathComponent(name + ".txt")
    let attrURL = directory.appendingPathComponent(name + ".attr")
    if ProcessInfo.processInfo.environment["RAPPORT_RECORD_SNAPSHOTS"] == "1" {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try frame.text().write(to: textURL, atomically: true, encoding: .utf8)
        try frame.attributes().write(to: attrURL, atomically: true, encoding: .utf8)
        return
    }
    let text = try String(contentsOf: textURL, encoding: .utf8)
    let attributes = try String(contentsOf: attrURL, encoding: .utf8)
    #expect(
        frame.text() == text,
        "\(name).txt differs; run RAPPORT_RECORD_SNAPSHOTS=1 swift test if the change is intended",
        sourceLocation: sourceLocation)
    #expect(frame.attributes() == attributes, "\(name).attr differs", sourceLocation: sourceLocation)
}

/// Plays the shell's part without a terminal or files: commits go to an in-memory portfolio the
/// way the store applies them (new ids under "the lock", versions checked), and the outcome goes back.
struct Shell {
    var state: AppState
    var stored: Portfolio
    var commits = 0

    init(_ state: AppState) {
        self.state = state
        stored = state.portfolio
    }

    mutating func keys(_ keys: Key...) { for key in keys { send(.key(key)) } }

    mutating func type(_ text: String) { for character in text { send(.key(.char(character))) } }

    mutating func send(_ event: Event) {
        var effects = state.update(event)
        while !effects.isEmpty {
            let effect = effects.removeFirst()
            guard case .commit(let changes) = effect else { continue }
            commits += 1
            do {
                let applied = try stored.applyAll(changes).map(\.change)
                effects += state.update(.committed(.saved(applied, stored)))
            } catch let conflict as ConflictError {
                effects += state.update(.committed(.conflict(conflict, stored)))
            } catch {
                effects += state.update(.committed(.failed("\(error)")))
            }
        }
    }

    /// Another user's edit, arriving as the store's live refresh would deliver it.
    mutating func theirEdit(_ change: Change) throws {
        try stored.apply(change)
        send(.dataChanged(stored))
    }
}
