import Foundation
import TOMLKit

/// The user's settings from `$XDG_CONFIG_HOME/rapport/config.toml` (`~/.config/rapport/config.toml`):
///
/// ```toml
/// me = "asa@example.com"   # the owner who is "me" for `m` (email or name)
/// mouse = false            # the mouse breaks text selection over SSH
/// theme = "light"          # a theme name or a path to a .toml file
/// ```
public struct UserConfig: Equatable, Sendable {
    public var me: String?
    public var mouse = true
    /// A theme name or path.
    public var theme: String?
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
            default: config.problem = "\(file): unknown setting '\(key)'; known: me, mouse, theme"
            }
        }
        return config
    }
}
