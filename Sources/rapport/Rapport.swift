import ArgumentParser
import Foundation
import RapportDomain
import RapportPostgres
import RapportStore
import RapportTools

@main
struct Rapport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rapport",
        abstract: "Customer tiers, partnership candidates and supplier key-account owners, in your terminal.",
        discussion: """
            With no subcommand, rapport opens the dashboard (or, when output is not a terminal, \
            prints a summary of your portfolio).

            The store is a directory: --store PATH, else $RAPPORT_STORE, else store = in config.toml, \
            else $XDG_DATA_HOME/rapport (~/.local/share/rapport). A team store on PostgreSQL is named \
            by its URL instead: --store postgresql://USER@HOST:PORT/DATABASE?sslmode=MODE (the password \
            from PGPASSWORD, ~/.pgpass or the URL).

            Exit codes: 0 ok; 64 usage error; 65 bad input data (CSV rows, invalid values, \
            an unknown account); 66 the store cannot be read; 73 refused to overwrite; 74 I/O error \
            (disk full, permissions); 75 conflict or busy store: try again.
            """,
        version: "0.1.0",
        subcommands: [
            Demo.self, Import.self, Log.self, Export.self, Report.self, Check.self, Compact.self, Copy.self, Share.self,
            Themes.self,
        ]
    )

    @OptionGroup var store: StoreOptions
    @Flag(name: .customLong("no-mouse"), help: "Turn the mouse off (it breaks text selection over SSH).")
    var noMouse = false
    @Option(help: "A theme name or a path to a .toml file (else $RAPPORT_THEME, else theme = in config.toml).")
    var theme: String?
    // Not --summary: a root option would capture `log --summary`.
    @Flag(name: .customLong("print"), help: "Print a summary instead of opening the dashboard.") var printSummary =
        false

    func run() throws {
        if printSummary || isatty(STDIN_FILENO) != 1 || isatty(STDOUT_FILENO) != 1 {
            CLI.say(Summary.text(try store.open(), asOf: today()), terminator: "")
            return
        }
        try DashboardLoop.open(store, mouseFlag: !noMouse, themeFlag: theme)
    }
}

/// `--store`, shared by every command.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help:
            "The store: a directory, or a postgresql:// URL (default: $RAPPORT_STORE, else store = in config.toml, else $XDG_DATA_HOME/rapport)."
    )
    var store: String?

    /// The store as named: a directory's absolute path, or a PostgreSQL URL.
    var path: String {
        StoreLocation.resolve(flag: store, configured: UserConfig.load(from: UserConfig.path()).store)
    }

    /// The store the flags name. Everything above this line knows a store only as a `PortfolioStore`.
    func opener() throws -> any StoreOpener {
        try Self.opener(for: path)
    }

    static func opener(for named: String) throws -> any StoreOpener {
        try CLI.run { try Stores.opener(for: named) }
    }

    /// A directory store, for what only such a store has (repair, Unix groups); a usage error naming
    /// `what` for a PostgreSQL URL.
    func directory(for what: String) throws -> String {
        let named = path
        guard !PostgresLocation.isURL(named) else {
            throw CLI.fail("\(what) works on a store directory, not on a PostgreSQL store", code: CLI.usage)
        }
        return named
    }

    /// Opens the store, turning failures into exit codes and telling the user about repairs.
    /// Commands that only read (and `log`, which needs an account) pass `existing`: a store that
    /// is not there is an error, not an empty report that a cron job would mail.
    func open(only kinds: Set<RecordKind>? = nil, existing: Bool = false) throws -> any PortfolioStore {
        // Past a file-size limit (ulimit -f) a write must fail with EFBIG, which the store reports
        // and undoes, instead of SIGXFSZ killing the process in the middle of an edit.
        signal(SIGXFSZ, SIG_IGN)
        let opener = try opener()
        if existing && !opener.exists {
            throw CLI.fail(
                "there is no store at \(opener.location); check the path (--store, $RAPPORT_STORE), "
                    + "or create one with `rapport demo` or `rapport import accounts FILE`",
                code: CLI.storeUnreadable)
        }
        let opened = try CLI.run { try opener.open(only: kinds) }
        CLI.tellNotices(opened)
        return opened
    }
}

/// Exit codes and error printing.
enum CLI {
    static let usage: Int32 = 64
    static let dataError: Int32 = 65
    static let storeUnreadable: Int32 = 66
    static let refused: Int32 = 73
    static let ioError: Int32 = 74
    static let conflict: Int32 = 75

    /// Prints `rapport: message` to stderr and exits with `code`.
    static func fail(_ message: String, code: Int32) -> ExitCode {
        FileHandle.standardError.write(Data(("rapport: " + TerminalText.inertKeepingLines(message) + "\n").utf8))
        return ExitCode(code)
    }

    /// Prints text for people to stdout. Everything in it that came from data or the command line
    /// (names, file and store paths) is made inert first: stdout may be a terminal now, and a
    /// file that is `cat`-ed to one later.
    static func say(_ text: String, terminator: String = "\n") {
        print(TerminalText.inertKeepingLayout(text), terminator: terminator)
    }

    /// Prints data for programs (CSV, JSON): exactly as it is into a pipe or file, inert on a terminal.
    static func emit(_ text: String) {
        print(stdoutIsTerminal ? TerminalText.inertKeepingLayout(text) : text, terminator: "")
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data(("rapport: " + TerminalText.inertKeepingLines(message) + "\n").utf8))
    }

    /// Runs a store operation, mapping its errors to messages and exit codes.
    @discardableResult
    static func run<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as StoreError {
            switch error {
            case .unreadable, .unsupportedVersion, .notAStore: throw fail(error.description, code: storeUnreadable)
            case .io, .unreachable, .readOnly: throw fail(error.description, code: ioError)
            case .busy: throw fail(error.description, code: conflict)
            }
        } catch let error as ConflictError {
            throw fail(error.description, code: conflict)
        } catch let error as RecordErrors {
            throw fail(error.description, code: dataError)
        } catch let error as ImportError {
            if case .usage = error { throw fail(error.description, code: usage) }
            throw fail(error.description, code: dataError)
        } catch let error as CSVText.ReadError {
            throw fail(error.description, code: dataError)
        }
    }

    static func tellNotices(_ store: any PortfolioStore) {
        for notice in store.notices { note(notice) }
    }

    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// A record kind as users type it (`accounts`, `sales`), or a usage error listing them.
    static func recordKind(_ text: String, toWhat action: String) throws -> RecordKind {
        guard let kind = RecordKind(plural: text) else {
            throw fail(
                "'\(text)' is not something to \(action); use "
                    + RecordKind.allCases.map(\.plural).joined(separator: ", "),
                code: usage)
        }
        return kind
    }
}

extension TerminalText {
    /// Like `inert`, but keeps newlines (for multi-line messages).
    static func inertKeepingLines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { inert(String($0)) }.joined(separator: "\n")
    }

    /// Like `inert`, but keeps newlines and tabs (for tables and lists).
    static func inertKeepingLayout(_ text: String) -> String {
        if isInert(text, keepingLayout: true) { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.split(separator: "\t", omittingEmptySubsequences: false).map { inert(String($0)) }.joined(
                separator: "\t")
        }.joined(separator: "\n")
    }
}

/// Today in the local time zone.
func today() -> Day {
    let parts = Calendar.current.dateComponents([.year, .month, .day], from: Date())
    return Day(year: parts.year!, month: parts.month!, day: parts.day!)!
}

func parseAsOf(_ text: String?) throws -> Day {
    guard let text else { return today() }
    guard let day = DateInput.parse(text, today: today()) else {
        throw CLI.fail("--as-of '\(text)' is not a date; \(DateInput.hint)", code: CLI.usage)
    }
    return day
}
