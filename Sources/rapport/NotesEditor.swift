import Foundation

/// Runs the user's editor on a private copy of some text.
///
/// - The editor is `$VISUAL`, else `$EDITOR`, else `vi`, split on spaces into a program and its
///   arguments. No shell runs, so nothing in the data or the file name can inject a command.
/// - The text goes to `notes.txt` in a fresh `mkdtemp` directory (0700, file 0600), removed afterwards.
enum NotesEditor {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func command(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        for name in ["VISUAL", "EDITOR"] {
            let words = (environment[name] ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            if !words.isEmpty { return words }
        }
        return ["vi"]
    }

    /// The edited text, or why there is none. `run` wraps the wait (the terminal is handed over there).
    static func edit(_ text: String, command: [String]) throws -> String {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((base + "/rapport-notes-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw Failure(description: "could not create a private temporary directory in \(base) (\(errnoText()))")
        }
        let directory = String(cString: made)
        let path = directory + "/notes.txt"
        defer {
            unlink(path)
            rmdir(directory)
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw Failure(description: "could not create \(path) (\(errnoText()))") }
        let bytes = Array((text.isEmpty ? "" : text + "\n").utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard written == bytes.count else { throw Failure(description: "could not write \(path)") }
        let status = try spawnAndWait(command + [path])
        guard status == 0 else {
            throw Failure(
                description: "\(command[0]) exited with status \(status); the notes were not changed")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(description: "the editor removed \(path); the notes were not changed")
        }
        guard data.count <= 1_000_000 else {
            throw Failure(description: "the notes are \(data.count) bytes; keep them under 10,000 characters")
        }
        guard let edited = String(data: data, encoding: .utf8) else {
            throw Failure(description: "the notes were not saved as UTF-8 text; nothing changed")
        }
        return edited
    }

    /// Starts the program (looked up in PATH) and waits for it. Rapport ignores SIGINT and SIGQUIT
    /// meanwhile, as `system(3)` does; the editor gets default handlers and an empty signal mask.
    static func spawnAndWait(_ arguments: [String]) throws -> Int32 {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGTSTP] { sigaddset(&defaults, signal) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let previousInt = signal(SIGINT, SIG_IGN)
        let previousQuit = signal(SIGQUIT, SIG_IGN)
        defer {
            signal(SIGINT, previousInt)
            signal(SIGQUIT, previousQuit)
        }
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, arguments[0], nil, &attributes, &argv, environ)
        guard result == 0 else {
            throw Failure(
                description:
                    "could not start the editor '\(arguments[0])' (\(String(cString: strerror(result)))); set VISUAL or EDITOR"
            )
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS, spelled out (the macros do not import).
        return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}
