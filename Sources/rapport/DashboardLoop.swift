import Foundation
import RapportApp
import RapportDomain
import RapportStore
import RapportTerminal
import RapportTools

/// Runs the full-screen dashboard until the user quits.
enum DashboardLoop {
    static func run(store: JournalStore, mouseFlag: Bool) throws {
        let config = UserConfig.load(from: UserConfig.path())
        let user = JournalStore.currentUser()
        let me = config.me ?? user
        let driver = TerminalDriver(mouse: mouseFlag && config.mouse)
        defer { driver.shutdown() }
        let size = driver.size
        var state = AppState(
            portfolio: store.portfolio, asOf: today(), width: size.width, height: size.height,
            storeLabel: store.directory,
            me: me, meHint: me, mouse: mouseFlag && config.mouse, today: today())
        if let problem = config.problem ?? store.notices.last { state.say(problem, error: config.problem != nil) }
        driver.paint(state.render())
        while true {
            guard let event = driver.nextEvent(timeout: 1000) else {
                // Idle: one stat of the store files a second; nothing is drawn unless it changed.
                do {
                    if try store.refresh() {
                        _ = state.update(.dataChanged(store.portfolio))
                        driver.paint(state.render())
                    }
                } catch {
                    state.say("\(error)", error: true)
                    driver.paint(state.render())
                }
                continue
            }
            for effect in state.update(event) {
                switch effect {
                case .quit: return
                case .loadDemo:
                    do {
                        try store.replaceAll(with: DemoGenerator(end: today()).generate())
                        _ = state.update(.dataChanged(store.portfolio))
                        state.say("Loaded the demo: \(store.portfolio.accounts.count) accounts")
                    } catch {
                        state.say("could not write the demo: \(error)", error: true)
                    }
                }
            }
            driver.paint(state.render())
        }
    }
}
