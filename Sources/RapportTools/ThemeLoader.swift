import Foundation
import RapportTheme
import TOMLKit

/// A theme that cannot be used: which file, which line, and why.
public struct ThemeError: Error, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int?
    public let reason: String

    public var description: String { "\(file)\(line.map { ":\($0)" } ?? ""): \(reason)" }
}

/// Finds and loads themes: built-in ones (compiled in) and the user's in
/// `$XDG_CONFIG_HOME/rapport/themes/NAME.toml`, which override a built-in of the same name.
///
/// ```toml
/// inherits = "default"          # optional: start from another theme
/// [palette]                     # optional: names for colours, usable in roles
/// accent = "#5f87af"
/// [roles]                       # "FOREGROUND [on BACKGROUND] [bold dim italic underline reverse]"
/// header = "accent bold"
/// selection = "black on cyan"
/// ```
/// Colours: `default` (the terminal's own), the 16 ANSI names, `0`–`255`, or `#rrggbb`.
public struct ThemeCatalog: Sendable {
    public let builtIn: [String: String]
    public let userDirectory: String?

    public init(
        builtIn: [String: String] = BuiltinThemes.all, userDirectory: String? = ThemeCatalog.defaultUserDirectory()
    ) {
        self.builtIn = builtIn
        self.userDirectory = userDirectory
    }

    public static func defaultUserDirectory(environment: [String: String] = ProcessInfo.processInfo.environment)
        -> String
    {
        (UserConfig.path(environment: environment) as NSString).deletingLastPathComponent + "/themes"
    }

    /// Every theme name, built-in and the user's, sorted with `default` first.
    public func names() -> [String] {
        var names = Set(builtIn.keys)
        if let userDirectory, let files = try? FileManager.default.contentsOfDirectory(atPath: userDirectory) {
            for file in files where file.hasSuffix(".toml") { names.insert(String(file.dropLast(5))) }
        }
        return names.sorted { ($0 == "default" ? 0 : 1, $0) < ($1 == "default" ? 0 : 1, $1) }
    }

    /// Whether the user's directory holds a theme of this name (it wins over a built-in).
    public func isUserTheme(_ name: String) -> Bool {
        guard let userDirectory else { return false }
        return FileManager.default.fileExists(atPath: userDirectory + "/" + name + ".toml")
    }

    /// The most a theme file may hold; the largest built-in theme is about 2 KB.
    public static let sizeLimit = 256 << 10

    /// The text of a theme and where it came from, by name or by path (anything with a `/` or `.toml`).
    func source(_ nameOrPath: String) throws -> (text: String, label: String) {
        func read(_ path: String) throws -> String? {
            switch BoundedRead.contents(of: path, limit: ThemeCatalog.sizeLimit) {
            case .success(let bytes): return String(decoding: bytes, as: UTF8.self)
            case .failure(.tooLarge(let limit)):
                throw ThemeError(
                    file: path, line: nil,
                    reason: "larger than \(BoundedRead.describe(limit)), which no theme needs; it was not read")
            case .failure(.unreadable): return nil
            }
        }
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".toml") {
            guard let text = try read(nameOrPath) else {
                throw ThemeError(file: nameOrPath, line: nil, reason: "cannot read the file; check the path")
            }
            return (text, nameOrPath)
        }
        if let userDirectory {
            let path = userDirectory + "/" + nameOrPath + ".toml"
            if let text = try read(path) { return (text, path) }
        }
        if let text = builtIn[nameOrPath] { return (text, "built-in theme '\(nameOrPath)'") }
        throw ThemeError(
            file: nameOrPath, line: nil,
            reason: "no theme of that name; available: " + names().joined(separator: ", ")
                + " (or give a path to a .toml file)")
    }

    /// Loads and resolves a theme, following `inherits`.
    public func load(_ nameOrPath: String) throws -> Theme {
        var seen: [String] = []
        let layers = try layers(of: nameOrPath, seen: &seen)
        var palette: [String: ThemeColor] = [:]
        var roles: [String: (spec: String, file: String, line: Int?)] = [:]
        for layer in layers {
            palette.merge(layer.palette) { $1 }
            roles.merge(layer.roles) { $1 }
        }
        var looks: [Style: Look] = [:]
        for (role, entry) in roles {
            guard let style = Style(roleName: role) else { continue }  // checked when parsed
            looks[style] = try ThemeCatalog.parseLook(entry.spec, palette: palette, file: entry.file, line: entry.line)
        }
        let name = (nameOrPath as NSString).lastPathComponent.replacingOccurrences(of: ".toml", with: "")
        return Theme(name: name, looks: looks)
    }

    /// Parses a theme file on its own terms (syntax, roles, colours), for `rapport themes check`.
    public func check(path: String) throws -> Theme { try load(path) }

    struct Layer {
        var palette: [String: ThemeColor] = [:]
        var roles: [String: (spec: String, file: String, line: Int?)] = [:]
    }

    func layers(of nameOrPath: String, seen: inout [String]) throws -> [Layer] {
        let (text, label) = try source(nameOrPath)
        guard !seen.contains(label) else {
            throw ThemeError(
                file: label, line: nil, reason: "inherits itself (" + (seen + [label]).joined(separator: " → ") + ")")
        }
        seen.append(label)
        let (layer, parent) = try ThemeCatalog.parse(text, file: label)
        guard let parent else { return [layer] }
        return try layers(of: parent, seen: &seen) + [layer]
    }

    /// One file: its palette, its role specs (validated), and what it inherits.
    static func parse(_ text: String, file: String) throws -> (Layer, inherits: String?) {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ThemeError(
                file: file, line: Int(error.source.begin.line), reason: "invalid TOML: \(error.description)")
        }
        var layer = Layer()
        var inherits: String?
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        func line(of key: String) -> Int? {
            lines.firstIndex { line in
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                return trimmed.hasPrefix(key + " ") || trimmed.hasPrefix(key + "=") || trimmed.hasPrefix("\"\(key)\"")
            }.map { $0 + 1 }
        }
        for key in table.keys {
            switch key {
            case "inherits":
                guard let value = table[key]?.string else {
                    throw ThemeError(file: file, line: line(of: key), reason: "inherits must be a theme name in quotes")
                }
                inherits = value
            case "name", "description": break
            case "palette":
                guard let palette = table[key]?.table else {
                    throw ThemeError(
                        file: file, line: line(of: key), reason: "[palette] must be a table of name = \"colour\"")
                }
                for name in palette.keys {
                    guard let spec = palette[name]?.string, let color = ThemeColor(spec) else {
                        throw ThemeError(
                            file: file, line: line(of: name),
                            reason:
                                "palette colour '\(name)' is not a colour; use default, an ANSI name, 0-255 or #rrggbb")
                    }
                    layer.palette[name] = color
                }
            case "roles":
                guard let roles = table[key]?.table else {
                    throw ThemeError(
                        file: file, line: line(of: key), reason: "[roles] must be a table of role = \"look\"")
                }
                for role in roles.keys {
                    guard Style(roleName: role) != nil else {
                        throw ThemeError(
                            file: file, line: line(of: role),
                            reason: "unknown role '\(role)'; roles are "
                                + Style.allCases.map(\.roleName).joined(separator: ", "))
                    }
                    guard let spec = roles[role]?.string else {
                        throw ThemeError(
                            file: file, line: line(of: role),
                            reason: "role '\(role)' must be a string like \"cyan on black bold\"")
                    }
                    layer.roles[role] = (spec, file, line(of: role))
                }
            default:
                throw ThemeError(
                    file: file, line: line(of: key),
                    reason: "unknown key '\(key)'; a theme has inherits, [palette] and [roles]")
            }
        }
        // Colours are checked now, with this file's palette and the names any parent may define left for later.
        for (_, entry) in layer.roles {
            _ = try parseLook(
                entry.spec, palette: layer.palette, file: file, line: entry.line, allowUnknownNames: inherits != nil)
        }
        return (layer, inherits)
    }

    /// `"FG [on BG] [modifiers]"`, with colours from the palette or ThemeColor's forms.
    static func parseLook(
        _ spec: String, palette: [String: ThemeColor], file: String, line: Int?, allowUnknownNames: Bool = false
    ) throws -> Look {
        var look = Look()
        var words = spec.lowercased().split(separator: " ").map(String.init)
        func color(_ word: String) throws -> ThemeColor {
            if let named = palette[word] { return named }
            if let color = ThemeColor(word) { return color }
            if allowUnknownNames { return .terminalDefault }
            throw ThemeError(
                file: file, line: line,
                reason:
                    "'\(word)' in \"\(spec)\" is not a colour or modifier; use default, an ANSI name (red, bright-blue), 0-255, #rrggbb, a palette name, or bold dim italic underline reverse"
            )
        }
        var sawForeground = false
        while !words.isEmpty {
            let word = words.removeFirst()
            if let modifier = Modifiers.names.first(where: { $0.0 == word })?.1 {
                look.modifiers.insert(modifier)
            } else if word == "on" {
                guard !words.isEmpty else {
                    throw ThemeError(
                        file: file, line: line, reason: "\"\(spec)\": 'on' needs a background colour after it")
                }
                look.background = try color(words.removeFirst())
            } else if !sawForeground {
                look.foreground = try color(word)
                sawForeground = true
            } else {
                throw ThemeError(file: file, line: line, reason: "\"\(spec)\": two foreground colours; write FG on BG")
            }
        }
        return look
    }
}
