import Foundation
import Testing

@testable import RapportDomain
@testable import RapportStore

/// Runs the built `rapport` binary (it sits next to the test bundle in .build/<config>/).
struct CLI {
    static let binary: String = {
        let exe =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: exe).deletingLastPathComponent()
        while !directory.path.isEmpty && directory.path != "/" {
            let candidate = directory.appendingPathComponent("rapport").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/rapport").path
    }()

    struct Result {
        let status: Int32
        let out: String
        let err: String
    }

    @discardableResult
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        if arguments.first == "__sh__" {
            // A shell line (for ulimit and the like); the test builds it from quoted arguments.
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", arguments[1]]
        } else {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
        }
        var env = ProcessInfo.processInfo.environment
        env["RAPPORT_STORE"] = nil
        env["RAPPORT_THEME"] = nil
        env["XDG_CONFIG_HOME"] = "/nonexistent/rapport-test-config"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, out: String(decoding: outData, as: UTF8.self),
            err: String(decoding: errData, as: UTF8.self))
    }
}

final class Scratch {
    let path = NSTemporaryDirectory() + "rapport-cli-" + UUID().uuidString
    init() { try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    var store: String { path + "/store" }

    /// Writes the 120-account demo (as of 2026-06-30) into the scratch store.
    static func demo(_ scratch: Scratch) throws {
        let result = try CLI.run(["demo", "--store", scratch.store, "--accounts", "120", "--end", "2026-06-30"])
        #expect(result.status == 0, "\(result.err)")
    }

    func write(_ name: String, _ text: String) throws -> String {
        let file = path + "/" + name
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    func files() -> [String: Data] {
        var result: [String: Data] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: store)) ?? [] {
            result[name] = FileManager.default.contents(atPath: store + "/" + name)
        }
        return result
    }
}

/// Drives the real `rapport` dashboard in a private tmux server, as a person would.
final class TmuxSession {
    let socket = "rapport-test-" + UUID().uuidString.prefix(8)
    let name = "r"
    /// The command's exit status is written here when it ends (tmux's pane_dead_status is not always set).
    let statusFile = NSTemporaryDirectory() + "rapport-exit-" + UUID().uuidString

    init(width: Int, height: Int, command: String, environment: [String: String] = [:]) throws {
        let command = "\(command); echo $? > \(statusFile)"
        var arguments = ["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", "-e", "LANG=C.UTF-8"]
        // The test runner's own environment may say NO_COLOR; each test decides (empty means unset).
        var environment = environment
        if environment["NO_COLOR"] == nil { environment["NO_COLOR"] = "" }
        // Nor may a real config.toml or user themes change what the tests see.
        if environment["XDG_CONFIG_HOME"] == nil { environment["XDG_CONFIG_HOME"] = "/nonexistent/rapport-test-config" }
        if environment["RAPPORT_THEME"] == nil { environment["RAPPORT_THEME"] = "" }
        for (key, value) in environment.sorted(by: { $0.key < $1.key }) { arguments += ["-e", "\(key)=\(value)"] }
        arguments.append(command)
        try run(arguments)
        try run(["set-option", "-t", name, "remain-on-exit", "on"])
    }

    deinit {
        _ = try? run(["kill-server"])
        unlink(statusFile)
    }

    /// The exit status, once the command has ended.
    func exitStatus() -> String? {
        (try? String(contentsOfFile: statusFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs tmux with posix_spawn and waitpid (Foundation's Process can hang when the child
    /// forks the tmux server). Output goes through a temporary file, never a pipe the server could hold.
    @discardableResult
    func run(_ arguments: [String]) throws -> String {
        let output = NSTemporaryDirectory() + "tmux-out-" + UUID().uuidString
        defer { unlink(output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ["tmux", "-L", socket, "-f", "/dev/null"] + arguments
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        // Test threads block signals; a spawned tmux (and the panes it starts) must not inherit that.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        var all = sigset_t()
        sigemptyset(&empty)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, "tmux", &actions, &attributes, &cArguments, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .ENOENT) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }

    func keys(_ keys: String...) throws { try run(["send-keys", "-t", name] + keys) }
    func literal(_ text: String) throws { try run(["send-keys", "-t", name, "-l", text]) }
    /// `text` typed (into a prompt or the filter), then Enter.
    func enter(_ text: String) throws {
        try literal(text)
        try keys("Enter")
    }
    /// Raw bytes, as a terminal sends them (escape sequences that TERM's terminfo may not know).
    func bytes(_ text: String) throws {
        try run(["send-keys", "-t", name, "-H"] + text.utf8.map { String($0, radix: 16) })
    }
    func screen(escapes: Bool = false) throws -> String {
        try run(["capture-pane", "-p", "-t", name] + (escapes ? ["-e"] : []))
    }
    func format(_ variable: String) throws -> String {
        try run(["display-message", "-p", "-t", name, variable]).trimmingCharacters(in: .whitespacesAndNewlines)
    }
    func resize(_ width: Int, _ height: Int) throws {
        try run(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }

    /// The screen once it has stopped changing (two captures 200 ms apart agree).
    func settled(seconds: Double = 10) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = try screen()
        while Date() < deadline {
            usleep(200_000)
            let next = try screen()
            if next == last { return next }
            last = next
        }
        return last
    }

    /// Waits until the screen contains `text`; returns the screen (or the last one seen).
    @discardableResult
    func waitFor(_ text: String, seconds: Double = 10) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if last.contains(text) { return last }
            usleep(100_000)
        }
        Issue.record("timed out waiting for '\(text)'; screen:\n\(last)")
        return last
    }

    /// Waits for the command to end; true when it exited with status 0.
    func waitForCleanExit(seconds: Double = 10) throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let status = exitStatus(), !status.isEmpty { return status == "0" }
            usleep(100_000)
        }
        return false
    }
}
