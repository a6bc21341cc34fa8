import Foundation
import TOMLKit

/// The user's settings from `$XDG_CONFIG_HOME/rapport/config.toml` (`~/.config/rapport/config.toml`):
///
/// ```toml
/// me = "asa@example.com"   # the owner who is "me" for `m` (email or name)
/// mouse = false            # the mouse breaks text selection over SSH
/// theme = "light"          # a theme name or a path to a .toml file
/// store = "postgresql://asa@db.example.com/rapport"   # the store, when neither --store nor RAPPORT_STORE names one
///
/// [views]                  # saved with :save NAME in the dashboard, shown with :view NAME
/// "late A" = ["pane tiers", "tier A", "rhythm late"]
/// ```
public struct UserConfig: Equatable, Sendable {
    public var me: String?
    public var mouse = true
    /// A theme name or path.
    public var theme: String?
    /// The store: a directory or a postgresql:// URL.
    public var store: String?
    /// Saved views: each the dashboard commands that rebuild it.
    public var views: [String: [String]] = [:]
    /// A problem with the file, to show the user; the defaults are used instead.
    public var problem: String?

    public init(me: String? = nil, mouse: Bool = true, problem: String? = nil) {
        self.me = me
        self.mouse = mouse
        self.problem = problem
    }

    public static func path(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") { return config + "/rapport/config.toml" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.config/rapport/config.toml"
    }

    /// Reads the file if it exists; a bad file gives defaults and a `problem` that names it.
    /// The most a config file may hold; a real one is a few lines.
    public static let sizeLimit = 256 << 10

    public static func load(from path: String) -> UserConfig {
        switch BoundedRead.contents(of: path, limit: sizeLimit) {
        case .success(let bytes): return parse(String(decoding: bytes, as: UTF8.self), file: path)
        case .failure(.tooLarge(let limit)):
            var config = UserConfig()
            config.problem = "\(path): larger than \(BoundedRead.describe(limit)); not read, using defaults"
            return config
        case .failure(.unreadable): return UserConfig()
        }
    }

    public static func parse(_ text: String, file: String) -> UserConfig {
        var config = UserConfig()
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            config.problem =
                "\(file):\(error.source.begin.line):\(error.source.begin.column): \(error.description); using defaults"
            return config
        } catch {
            config.problem = "\(file): \(error); using defaults"
            return config
        }
        for key in table.keys {
            switch key {
            case "me":
                if let value = table[key]?.string {
                    config.me = value
                } else {
                    config.problem = "\(file): me must be a string, like me = \"you@example.com\""
                }
            case "mouse":
                if let value = table[key]?.bool {
                    config.mouse = value
                } else {
                    config.problem = "\(file): mouse must be true or false"
                }
            case "theme":
                if let value = table[key]?.string {
                    config.theme = value
                } else {
                    config.problem = "\(file): theme must be a name or path in quotes"
                }
            case "store":
                if let value = table[key]?.string, !value.isEmpty {
                    config.store = value
                } else {
                    config.problem =
                        "\(file): store must be a directory or a postgresql:// URL in quotes, like store = \"~/rapport\""
                }
            case "views":
                guard let views = table[key]?.table else {
                    config.problem = "\(file): views must be a table: [views] then name = [\"command\", …]"
                    continue
                }
                for name in views.keys {
                    guard let commands = views[name]?.array?.compactMap({ $0.string }),
                        commands.count == views[name]?.array?.count
                    else {
                        config.problem = "\(file): view '\(name)' must be a list of commands in quotes"
                        continue
                    }
                    config.views[name] = commands
                }
            default: config.problem = "\(file): unknown setting '\(key)'; known: me, mouse, store, theme, views"
            }
        }
        return config
    }

    /// The config file's text with its `[views]` section replaced by `views` (added at the end
    /// when it had none): the user's other settings and comments stay as they were.
    public static func replacingViews(in text: String, with views: [String: [String]]) -> String {
        var kept: [Substring] = []
        var inViews = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("[") {
                inViews =
                    trimmed.hasPrefix("[views]") || trimmed.hasPrefix("[views.")
                    || trimmed.hasPrefix("[ views ]")
            }
            if !inViews { kept.append(line) }
        }
        while let last = kept.last, last.trimmingCharacters(in: .whitespaces).isEmpty { kept.removeLast() }
        var result = kept.joined(separator: "\n")
        guard !views.isEmpty else { return result.isEmpty ? "" : result + "\n" }
        if !result.isEmpty { result += "\n\n" }
        result += "[views]\n"
        for name in views.keys.sorted() {
            let commands = views[name]!.map(quoted).joined(separator: ", ")
            result += "\(quoted(name)) = [\(commands)]\n"
        }
        return result
    }

    /// A TOML basic string.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                result += String(format: "\\u%04X", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// Writes `views` into the config file at `path` (created, private, if missing), replacing
    /// the file whole and at once; a config file that is a link is written where it points.
    public static func saveViews(_ views: [String: [String]], to path: String) throws {
        let target =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: path)).map { link in
                link.hasPrefix("/") ? link : (path as NSString).deletingLastPathComponent + "/" + link
            } ?? path
        let directory = (target as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var old = ""
        switch BoundedRead.contents(of: target, limit: sizeLimit) {
        case .success(let bytes): old = String(decoding: bytes, as: UTF8.self)
        case .failure(.tooLarge(let limit)):
            throw ConfigError("\(target) is larger than \(BoundedRead.describe(limit)); not changed")
        case .failure(.unreadable): break
        }
        let text = replacingViews(in: old, with: views)
        // What is written must read back as it was meant.
        let check = parse(text, file: target)
        guard check.problem == nil, check.views == views else {
            throw ConfigError("\(target): \(check.problem ?? "the views would not read back"); not changed")
        }
        let mode = (try? FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int) ?? 0o600
        let temporary = target + ".rapport-\(getpid())"
        guard
            FileManager.default.createFile(
                atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: mode])
        else { throw ConfigError("could not write \(temporary); check the folder's permissions") }
        guard rename(temporary, target) == 0 else {
            unlink(temporary)
            throw ConfigError("could not replace \(target): \(String(cString: strerror(errno)))")
        }
    }
}

/// Why the config file could not be written.
public struct ConfigError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
