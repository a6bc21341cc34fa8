import Foundation
import RapportApp
import RapportDomain
import RapportStore
import RapportTerminal
import RapportTools

/// Runs the full-screen dashboard until the user quits.
enum DashboardLoop {
    /// Makes an edit durable (the store gives new records their ids) and reports back, so that the
    /// app can show it everywhere at once and remember it for undo. A conflict with another user's
    /// edit reloads their data first, so the app can show theirs against ours; nothing is overwritten.
    static func commit(_ changes: [Change], store: JournalStore, state: inout AppState) -> [Effect] {
        do {
            let entry = try store.commit(changes)
            _ = state.update(.dataChanged(store.portfolio))
            return state.update(.committed(.saved(entry.changes)))
        } catch let error as ConflictError {
            _ = try? store.refresh()
            _ = state.update(.dataChanged(store.portfolio))
            return state.update(.committed(.conflict(error)))
        } catch {
            return state.update(.committed(.failed("\(error)")))
        }
    }

    static func run(store: JournalStore, mouseFlag: Bool, themeFlag: String?) throws {
        let config = UserConfig.load(from: UserConfig.path())
        let user = JournalStore.currentUser()
        let me = config.me ?? user
        // --theme, else $RAPPORT_THEME, else theme = in config.toml, else default. A bad theme is
        // reported and the default used: the dashboard always opens.
        let catalog = ThemeCatalog()
        let wanted =
            themeFlag ?? ProcessInfo.processInfo.environment["RAPPORT_THEME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? config.theme ?? "default"
        var theme: Theme
        var themeProblem: String?
        do {
            theme = try catalog.load(wanted)
        } catch {
            theme = (try? ThemeCatalog(userDirectory: nil).load("default")) ?? Theme(name: "default", looks: [:])
            themeProblem = "theme: \(error); using the default theme"
        }
        let driver = TerminalDriver(mouse: mouseFlag && config.mouse, theme: theme)
        defer { driver.shutdown() }
        let size = driver.size
        var state = AppState(
            portfolio: store.portfolio, asOf: today(), width: size.width, height: size.height,
            storeLabel: store.directory,
            me: me, meHint: me, mouse: mouseFlag && config.mouse, today: today())
        state.themeNames = catalog.names()
        state.themeName = theme.name
        if let problem = themeProblem ?? config.problem ?? store.notices.last {
            state.say(problem, error: themeProblem != nil || config.problem != nil)
        }
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
            var effects = state.update(event)
            while !effects.isEmpty {
                let effect = effects.removeFirst()
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
                case .commit(let changes, _):
                    effects += commit(changes, store: store, state: &state)
                case .setTheme(let name):
                    do {
                        let next = try catalog.load(name)
                        driver.use(next)
                        state.themeName = next.name
                        state.say("Theme: \(next.name)  (t: next theme)")
                    } catch {
                        state.say("theme: \(error)", error: true)
                    }
                case .editNotes(let account, let text, let base):
                    do {
                        let command = NotesEditor.command()
                        let edited = try driver.suspended { try NotesEditor.edit(text, command: command) }
                        effects += state.update(.notesEdited(account: account, base: base, text: edited))
                    } catch {
                        state.say("notes: \(error)", error: true)
                    }
                case .loadHistory(let account, let ids):
                    do {
                        _ = state.update(.history(account: account, try store.history(of: Set(ids))))
                    } catch {
                        state.say("history: \(error)", error: true)
                    }
                }
            }
            driver.paint(state.render())
        }
    }
}
