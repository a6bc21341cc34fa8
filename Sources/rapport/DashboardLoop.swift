import Foundation
import RapportApp
import RapportDomain
import RapportStore
import RapportTerminal
import RapportTheme
import RapportTools

/// Runs the full-screen dashboard until the user quits.
enum DashboardLoop {
    /// Makes an edit durable (the store gives new records their ids) and reports back, so that the
    /// app can show it everywhere at once and remember it for undo. A conflict with another user's
    /// edit reloads their data first, so the app can show theirs against ours; nothing is overwritten.
    static func commit(_ changes: [Change], store: JournalStore, state: inout AppState) -> [Effect] {
        // The app refuses edits while the store is partly read; this is the shell's own guard.
        guard !store.isPartial else {
            return state.update(.committed(.failed("the rest of the store is still being read; try again in a moment")))
        }
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

    /// Snapshots larger than this open in two steps (`$RAPPORT_TWO_STEP_BYTES` overrides it).
    static var twoStepBytes: Int {
        ProcessInfo.processInfo.environment["RAPPORT_TWO_STEP_BYTES"].flatMap { Int($0) }
            ?? TwoStepOpen.defaultThreshold
    }

    /// Opens the dashboard on the store at `path`. A large store opens in two steps: accounts and
    /// owners first, drawn at once, while the rest is read and the dashboard computed on another
    /// thread; the panes that need the history say so until it arrives.
    static func open(_ options: StoreOptions, mouseFlag: Bool, themeFlag: String?) throws {
        let path = options.path
        guard let size = TwoStepOpen.snapshotSize(of: path, threshold: twoStepBytes) else {
            try run(store: options.open(), loader: nil, mouseFlag: mouseFlag, themeFlag: themeFlag)
            return
        }
        let first = try options.open(only: TwoStepOpen.firstKinds)
        let asOf = today()
        let loader = BackgroundOpen<Dashboard>(directory: path) { Dashboard(portfolio: $0, asOf: asOf) }
        let megabytes = max(1, size / 1_000_000)
        try run(
            store: first,
            loader: (loader, Loading(what: "sales, purchases, interactions and contacts (\(megabytes) MB)")),
            mouseFlag: mouseFlag, themeFlag: themeFlag)
    }

    static func run(
        store opened: JournalStore, loader: (BackgroundOpen<Dashboard>, Loading)?, mouseFlag: Bool, themeFlag: String?
    ) throws {
        var store = opened
        var background = loader?.0
        // A large store another process rewrote (compacted, say) is read again on another
        // thread, while this one keeps showing and taking edits; false once that failed, so
        // the next refresh reads it here and reports why.
        var reloading = false
        var backgroundReloads = true
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
            me: me, meHint: me, mouse: mouseFlag && config.mouse, today: today(), loading: loader?.1)
        state.themeNames = catalog.names()
        state.themeName = theme.name
        if let problem = themeProblem ?? config.problem ?? store.notices.last {
            state.say(problem, error: themeProblem != nil || config.problem != nil)
        }
        driver.paint(state.render())
        while true {
            if let result = background?.take() {
                background = nil
                switch result {
                case .success(let full):
                    // The records replaced (a million at 100,000 accounts) are freed on another
                    // thread: freeing them here held the screen for about a second.
                    let replaced = Discard((store, state.portfolio, state.dashboard))
                    store = full.store
                    _ = state.update(.loaded(store.portfolio, full.derived))
                    replaced.elsewhere()
                    // An edit made here while it was read is in the journal: catch up with it.
                    if reloading, (try? store.refresh()) == true { _ = state.update(.dataChanged(store.portfolio)) }
                    if let notice = store.notices.last { state.say(notice) }
                case .failure(let error):
                    if reloading {
                        backgroundReloads = false
                        state.say("could not read the rewritten store: \(error)", error: true)
                    } else {
                        _ = state.update(.loadFailed("\(error)"))
                    }
                }
                reloading = false
                driver.paint(state.render())
            }
            // While the rest of the store is read, look for it often.
            guard let event = driver.nextEvent(timeout: background == nil ? 1000 : 50) else {
                // A store that is still (or could not be) read in full is not refreshed.
                if state.loading != nil { continue }
                // A large store rewritten by another process: read again on another thread.
                if background == nil, backgroundReloads, store.needsReload,
                    TwoStepOpen.snapshotSize(of: store.directory, threshold: twoStepBytes) != nil
                {
                    let asOf = state.asOf
                    background = BackgroundOpen<Dashboard>(directory: store.directory) {
                        Dashboard(portfolio: $0, asOf: asOf)
                    }
                    reloading = true
                    state.say("Another process rewrote the store (compacted it?); reading it again…")
                    driver.paint(state.render())
                    continue
                }
                if reloading { continue }
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

/// Values whose last references are handed to another thread to be freed there.
final class Discard: @unchecked Sendable {
    private var value: Any?

    /// `value` must not be used (or referenced elsewhere) afterwards: it is only freed.
    init(_ value: Any) { self.value = value }

    func elsewhere() {
        DispatchQueue.global(qos: .utility).async { self.value = nil }
    }
}
