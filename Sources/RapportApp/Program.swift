import RapportDomain
import RapportStoreKit
import RapportTheme

/// The dashboard's shell: it holds the store, the terminal and the app's one ``AppState``,
/// feeds the state events, runs the effects `update` asks for and feeds back each one's result
/// as an event, and paints. It never changes the state itself.
public final class Program {
    /// What the shell needs besides the store and the terminal.
    public struct Services {
        /// Loads a theme by name or path.
        public var loadTheme: (String) throws -> Theme
        /// Edits text in the user's editor (called with the terminal suspended).
        public var editText: (String) throws -> String
        /// The demo data `d` writes into an empty store.
        public var demo: () -> Portfolio
        /// Who edits, as the store records it.
        public var user: String
        /// Stores larger than this many bytes open in two steps.
        public var twoStepBytes: Int
        /// Keeps the user's saved views.
        public var saveViews: ([String: [String]]) throws -> Void
        /// Writes rows as a new CSV file (refusing one that exists); the full path written.
        public var export: (String, [String], [[String]]) throws -> String

        public init(
            loadTheme: @escaping (String) throws -> Theme, editText: @escaping (String) throws -> String,
            demo: @escaping () -> Portfolio, user: String, twoStepBytes: Int = TwoStepOpen.defaultThreshold,
            saveViews: @escaping ([String: [String]]) throws -> Void,
            export: @escaping (String, [String], [[String]]) throws -> String
        ) {
            self.export = export
            self.saveViews = saveViews
            self.loadTheme = loadTheme
            self.editText = editText
            self.demo = demo
            self.user = user
            self.twoStepBytes = twoStepBytes
        }
    }

    /// A store as it was opened: whole, or its first step with the rest being read.
    public struct Opened {
        public let store: any PortfolioStore
        /// What the first step left to read, and the thread reading it.
        let rest: (task: BackgroundTask<WholeStore>, loading: Loading)?

        public var loading: Loading? { rest?.loading }

        /// Waits for the rest of the store (for tools that have nothing to show meanwhile): the
        /// whole store and its dashboard, or nil if it opened in one step.
        public func waitForRest() throws -> (store: any PortfolioStore, dashboard: Dashboard)? {
            guard let whole = try rest?.task.wait()?.get() else { return nil }
            return (whole.store, whole.dashboard)
        }
    }

    /// A store read in full on another thread, with its dashboard.
    struct WholeStore {
        let store: any PortfolioStore
        let dashboard: Dashboard
    }

    public private(set) var state: AppState
    private var store: any PortfolioStore
    private let terminal: any Terminal
    private let services: Services
    private var background: BackgroundTask<WholeStore>?
    /// Whether an event since the last paint may have changed what is shown.
    private var dirty = true
    /// The store's edit refusal as the app was last told it.
    private var toldRefusal: String?

    /// Opens the store `opener` reaches. A large one opens in two steps: the accounts and owners
    /// now, for a first frame, and the rest on another thread, where the dashboard is computed too.
    public static func open(_ opener: any StoreOpener, asOf: Day, twoStepBytes: Int) throws -> Opened {
        guard let size = opener.wholeReadSize(over: twoStepBytes) else {
            return Opened(store: try opener.open(only: nil), rest: nil)
        }
        let first = try opener.open(only: TwoStepOpen.firstKinds)
        let loading = Loading(what: "sales, purchases, interactions and contacts (\(max(1, size / 1_000_000)) MB)")
        return Opened(store: first, rest: (readWhole(opener, asOf: asOf), loading))
    }

    private static func readWhole(_ opener: any StoreOpener, asOf: Day) -> BackgroundTask<WholeStore> {
        BackgroundTask {
            let store = try opener.open(only: nil)
            return WholeStore(store: store, dashboard: Dashboard(portfolio: store.portfolio, asOf: asOf))
        }
    }

    /// `state` is the app as it starts (built for `opened` and the terminal's size).
    public init(opened: Opened, state: AppState, terminal: any Terminal, services: Services) {
        store = opened.store
        background = opened.rest?.task
        self.state = state
        self.terminal = terminal
        self.services = services
    }

    /// Runs until the user quits.
    public func run() {
        tellEditAccess()
        terminal.paint(state.render())
        dirty = false
        while step() {}
    }

    /// One turn of the loop: a finished background read, else the terminal's next event (or
    /// `idle` when none came), with every effect it leads to; then a paint if anything changed.
    /// False once the user quit.
    public func step(timeout: Int32? = nil) -> Bool {
        if let result = background?.take() {
            background = nil
            // The records replaced are freed on another thread once the state has let go of them.
            let replaced = Discard((store, state.portfolio, state.dashboard))
            guard send(handOver(result)) else { return false }
            replaced.elsewhere()
        } else {
            // While the rest of the store is read, look for it often.
            let event = terminal.nextEvent(timeout: timeout ?? (background == nil ? 250 : 50)) ?? .idle
            guard send(event) else { return false }
        }
        tellEditAccess()
        if dirty {
            terminal.paint(state.render())
            dirty = false
        }
        return true
    }

    /// Feeds `event` to the app and runs the effects it asks for, feeding each result back in
    /// turn. False when the app asked to quit.
    @discardableResult
    public func send(_ event: Event) -> Bool {
        var queue = [event]
        while !queue.isEmpty {
            let next = queue.removeFirst()
            if case .idle = next {} else { dirty = true }
            for effect in state.update(next) {
                if effect == .quit { return false }
                if let reply = perform(effect) { queue.append(reply) }
            }
        }
        return true
    }

    /// Tells the app when the store starts or stops refusing edits.
    public func tellEditAccess() {
        let refusal = store.editRefusal
        guard refusal != toldRefusal else { return }
        toldRefusal = refusal
        send(.editAccess(refusal))
    }

    /// Waits for a background read to finish and hands it over (tests, and tools with nothing to show).
    public func finishReading() {
        guard let result = background?.wait() else { return }
        background = nil
        send(handOver(result))
    }

    /// Runs one effect; what became of it, as the event the app is told.
    private func perform(_ effect: Effect) -> Event? {
        switch effect {
        case .quit:
            return nil
        case .loadDemo:
            do {
                try store.replaceAll(with: services.demo())
                return .demoLoaded(store.portfolio)
            } catch {
                return .failed("could not write the demo", reason: "\(error)")
            }
        case .commit(let changes):
            return .committed(commit(changes))
        case .setTheme(let name):
            do {
                let theme = try services.loadTheme(name)
                terminal.use(theme)
                return .themeLoaded(theme.name)
            } catch {
                return .failed("theme", reason: "\(error)")
            }
        case .copy(let text):
            terminal.copy(text)
            return nil
        case .export(let path, let header, let rows):
            do {
                return .exported(path: try services.export(path, header, rows), rows: rows.count)
            } catch {
                return .failed("export", reason: "\(error)")
            }
        case .saveViews(let views):
            do {
                try services.saveViews(views)
                return nil
            } catch {
                return .failed("saving the view", reason: "\(error)")
            }
        case .editNotes(let account, let text, let base):
            do {
                let edited = try terminal.suspended { try services.editText(text) }
                return .notesEdited(account: account, base: base, text: edited)
            } catch {
                return .failed("notes", reason: "\(error)")
            }
        case .loadHistory(let account, let ids):
            do {
                return .history(account: account, try store.history(of: Set(ids)))
            } catch {
                return .failed("history", reason: "\(error)")
            }
        case .refreshStore(let inBackground):
            // A large store another process rewrote (compacted, say) is read again on another
            // thread, while this copy keeps showing and taking edits.
            if inBackground, background == nil, store.needsReload,
                store.opener.wholeReadSize(over: services.twoStepBytes) != nil
            {
                background = Self.readWhole(store.opener, asOf: state.asOf)
                return .rereadStarted
            }
            do {
                return try store.refresh() ? .dataChanged(store.portfolio) : nil
            } catch StoreError.unreachable(_, let reason) {
                return .failed("store unreachable, retrying", reason: reason)
            } catch {
                return .failed("store", reason: "\(error)")
            }
        }
    }

    /// Makes an edit durable (the store gives new records their ids). A conflict with another
    /// user's edit reloads their data first, so that the app can show theirs against ours;
    /// nothing is overwritten.
    private func commit(_ changes: [Change]) -> CommitOutcome {
        // The app refuses edits while the store is partly read; this is the shell's own guard.
        guard !store.isPartial else {
            return .failed("the rest of the store is still being read; try again in a moment")
        }
        if let refusal = store.editRefusal { return .failed(refusal) }
        do {
            let entry = try store.commit(changes, by: services.user)
            return .saved(entry.changes, store.portfolio)
        } catch let error as ConflictError {
            _ = try? store.refresh()
            return .conflict(error, store.portfolio)
        } catch {
            return .failed("\(error)")
        }
    }

    /// The store read in the background takes the place of the one in use. Edits made here
    /// while it was read are in the store already: catch up with them.
    private func handOver(_ result: Result<WholeStore, any Error>) -> Event {
        switch result {
        case .success(let whole):
            store = whole.store
            let read = store.portfolio
            let caughtUp = (try? store.refresh()) == true ? store.portfolio : nil
            return .storeRead(
                StoreRead(portfolio: read, dashboard: whole.dashboard, caughtUp: caughtUp, notices: store.notices))
        case .failure(let error):
            return .storeReadFailed("\(error)")
        }
    }
}

/// When a store opens in two steps: a first frame from accounts and owners, the rest read in the background.
public enum TwoStepOpen {
    /// What the first step reads.
    public static let firstKinds: Set<RecordKind> = [.account, .owner]
    /// Stores up to this size open in one step: reading all of them is as quick.
    public static let defaultThreshold = 16 << 20
}
