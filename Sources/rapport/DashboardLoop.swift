import Foundation
import RapportApp
import RapportDomain
import RapportStore
import RapportStoreKit
import RapportTerminal
import RapportTheme
import RapportTools

/// Opens the full-screen dashboard on a store and runs it until the user quits.
enum DashboardLoop {
    /// Snapshots larger than this open in two steps (`$RAPPORT_TWO_STEP_BYTES` overrides it).
    static var twoStepBytes: Int {
        ProcessInfo.processInfo.environment["RAPPORT_TWO_STEP_BYTES"].flatMap { Int($0) }
            ?? TwoStepOpen.defaultThreshold
    }

    static func open(_ options: StoreOptions, mouseFlag: Bool, themeFlag: String?) throws {
        // The store is opened before the terminal is taken, so that its errors print as any command's.
        let opened = try CLI.run { try Program.open(try options.opener(), asOf: today(), twoStepBytes: twoStepBytes) }
        CLI.tellNotices(opened.store)
        let config = UserConfig.load(from: UserConfig.path())
        let me = config.me ?? StoreUser.current
        // --theme, else $RAPPORT_THEME, else theme = in config.toml, else default. A bad theme is
        // reported and the default used: the dashboard always opens.
        let catalog = ThemeCatalog()
        let wanted =
            themeFlag ?? ProcessInfo.processInfo.environment["RAPPORT_THEME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? config.theme ?? "default"
        var theme: Theme
        var problem = config.problem.map { Message($0, isError: true) }
        do {
            theme = try catalog.load(wanted)
        } catch {
            theme = (try? ThemeCatalog(userDirectory: nil).load("default")) ?? Theme(name: "default", looks: [:])
            problem = Message("theme: \(error); using the default theme", isError: true)
        }
        let mouse = mouseFlag && config.mouse
        let driver = TerminalDriver(mouse: mouse, theme: theme)
        defer { driver.shutdown() }
        let size = driver.size
        var state = AppState(
            portfolio: opened.store.portfolio, asOf: today(), width: size.width, height: size.height,
            storeLabel: opened.store.location, me: me, meHint: me, mouse: mouse, today: today(),
            loading: opened.loading, themeNames: catalog.names(), themeName: theme.name,
            message: problem ?? opened.store.notices.last.map { Message($0) })
        state.savedViews = config.views
        let services = Program.Services(
            loadTheme: { try catalog.load($0) },
            editText: { try NotesEditor.edit($0, command: NotesEditor.command()) },
            demo: { DemoGenerator(end: today()).generate() }, user: StoreUser.current, twoStepBytes: twoStepBytes,
            saveViews: { try UserConfig.saveViews($0, to: UserConfig.path()) },
            export: { path, header, rows in
                try ViewExport.write(path: path, text: try CSVText.write(header: header, rows: rows))
            })
        // The first step's store goes with the program, which frees it once the whole store is read.
        Program(opened: consume opened, state: state, terminal: driver, services: services).run()
    }
}

/// `:export FILE.csv` in the dashboard: a new file, never one that exists.
enum ViewExport {
    struct Refused: Error, CustomStringConvertible {
        let description: String
    }

    /// Writes `text` to a new file at `path` (`~/` is the home folder; a relative path is
    /// the folder Rapport was started in); the full path written.
    static func write(path: String, text: String) throws -> String {
        var expanded = path.hasPrefix("~/") ? NSHomeDirectory() + String(path.dropFirst(1)) : path
        if !expanded.hasPrefix("/") { expanded = FileManager.default.currentDirectoryPath + "/" + expanded }
        // O_EXCL: an existing file (or a link where the file would go) is never written over.
        let descriptor = open(expanded, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let reason =
                switch errno {
                case EEXIST: "the file exists, so choose another name"
                case ENOENT: "the folder does not exist, so give a path in an existing folder"
                case EACCES, EPERM, EROFS: "writing there is not allowed, so choose a folder you can write to"
                default: String(cString: strerror(errno))
                }
            // The advice first: a long path is what a narrow status line cuts.
            throw Refused(description: "nothing written: \(reason) (\(expanded))")
        }
        defer { close(descriptor) }
        do {
            try POSIXFile.writeAll(descriptor, Array(text.utf8), path: expanded)
            try POSIXFile.sync(descriptor, path: expanded)
        } catch {
            // A part-written file is no export: it goes.
            unlink(expanded)
            throw error
        }
        return expanded
    }
}
