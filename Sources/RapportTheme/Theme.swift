import Foundation

/// What a cell means, not how it looks: a theme maps each role to colours and attributes.
public enum Style: UInt8, CaseIterable, Sendable {
    case normal, title, tab, tabActive, header, selected, status, hint, hintKey, error, dim
    case tierA, tierB, tierC, up, down, good, warn, bad, bar, plot, plotSelected, accent, border
    case standingPreferred, standingApproved, standingProbation, standingBlocked, standingUnrated
    case quadrantIdeal, quadrantDevelop, quadrantStrong, quadrantTransactional

    /// One letter per style, for golden attribute files.
    public var code: Character { Character(Unicode.Scalar(UInt8(ascii: "a") + rawValue)) }
}

/// A colour as themes write it: the terminal's own, one of the 16 ANSI colours, a 256-colour
/// index, or `#rrggbb`.
public enum ThemeColor: Hashable, Sendable {
    case terminalDefault
    case ansi(Int)
    case indexed(Int)
    case rgb(Int, Int, Int)

    public static let ansiNames = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white", "bright-black", "bright-red",
        "bright-green", "bright-yellow", "bright-blue", "bright-magenta", "bright-cyan", "bright-white",
    ]

    /// `default`, an ANSI name (`bright-cyan`, also `brightcyan` or `gray`), `0`–`255`, or `#rrggbb`.
    public init?(_ text: String) {
        let value = text.lowercased()
        if value == "default" {
            self = .terminalDefault
        } else if let index = ThemeColor.ansiNames.firstIndex(of: value)
            ?? ThemeColor.ansiNames.firstIndex(of: value.replacingOccurrences(of: "bright", with: "bright-"))
        {
            self = .ansi(index)
        } else if value == "gray" || value == "grey" {
            self = .ansi(8)
        } else if let number = Int(value), (0...255).contains(number) {
            self = .indexed(number)
        } else if value.hasPrefix("#"), value.count == 7, let rgb = Int(value.dropFirst(), radix: 16) {
            self = .rgb(rgb >> 16 & 0xFF, rgb >> 8 & 0xFF, rgb & 0xFF)
        } else {
            return nil
        }
    }

    /// The standard RGB of the 16 ANSI colours (xterm's defaults), for finding the nearest.
    static let ansiRGB: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255),
        (255, 255, 255),
    ]

    /// The RGB of a 256-colour index (16–231 the 6×6×6 cube, 232–255 the grey ramp).
    static func rgb(ofIndex index: Int) -> (Int, Int, Int) {
        if index < 16 { return ansiRGB[index] }
        if index >= 232 {
            let level = 8 + (index - 232) * 10
            return (level, level, level)
        }
        let cube = index - 16
        let steps = [0, 95, 135, 175, 215, 255]
        return (steps[cube / 36], steps[cube / 6 % 6], steps[cube % 6])
    }

    static func distance(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
        let (dr, dg, db) = (a.0 - b.0, a.1 - b.1, a.2 - b.2)
        return 2 * dr * dr + 4 * dg * dg + 3 * db * db
    }

    /// The nearest colour the terminal can show at `level`; nil for the terminal's default colour,
    /// and for everything when the terminal has no colours.
    public func index(at level: ColorLevel) -> Int? {
        switch (self, level) {
        case (_, .monochrome), (.terminalDefault, _): return nil
        case (.ansi(let value), .eight): return value % 8
        case (.ansi(let value), _): return value
        case (.indexed(let value), .full256): return value
        case (.indexed(let value), _):
            return value < 16
                ? (level == .eight ? value % 8 : value) : ThemeColor.nearestANSI(ThemeColor.rgb(ofIndex: value), level)
        case (.rgb(let r, let g, let b), .full256): return ThemeColor.nearest256((r, g, b))
        case (.rgb(let r, let g, let b), _): return ThemeColor.nearestANSI((r, g, b), level)
        }
    }

    static func nearestANSI(_ rgb: (Int, Int, Int), _ level: ColorLevel) -> Int {
        let count = level == .eight ? 8 : 16
        return (0..<count).min { distance(ansiRGB[$0], rgb) < distance(ansiRGB[$1], rgb) }!
    }

    /// The nearest index in the 256-colour cube or grey ramp (never the 16, whose RGB varies by terminal).
    static func nearest256(_ rgb: (Int, Int, Int)) -> Int {
        (16...255).min { distance(ThemeColor.rgb(ofIndex: $0), rgb) < distance(ThemeColor.rgb(ofIndex: $1), rgb) }!
    }
}

/// What a terminal can show.
public enum ColorLevel: String, CaseIterable, Sendable {
    case monochrome, eight, sixteen, full256

    /// From terminfo's `colors` and the environment (`NO_COLOR` wins).
    public static func detect(colors: Int, environment: [String: String]) -> ColorLevel {
        if !(environment["NO_COLOR"] ?? "").isEmpty { return .monochrome }
        switch colors {
        case 256...: return .full256
        case 16...: return .sixteen
        case 8...: return .eight
        default: return .monochrome
        }
    }
}

/// Text attributes a theme can ask for.
public struct Modifiers: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = Modifiers(rawValue: 1)
    public static let dim = Modifiers(rawValue: 2)
    public static let italic = Modifiers(rawValue: 4)
    public static let underline = Modifiers(rawValue: 8)
    public static let reverse = Modifiers(rawValue: 16)

    public static let names: [(String, Modifiers)] = [
        ("bold", .bold), ("dim", .dim), ("italic", .italic), ("underline", .underline), ("reverse", .reverse),
    ]
}

/// How one role looks: foreground, background and modifiers.
public struct Look: Hashable, Sendable {
    public var foreground: ThemeColor = .terminalDefault
    public var background: ThemeColor = .terminalDefault
    public var modifiers: Modifiers = []

    public init(
        foreground: ThemeColor = .terminalDefault, background: ThemeColor = .terminalDefault, modifiers: Modifiers = []
    ) {
        self.foreground = foreground
        self.background = background
        self.modifiers = modifiers
    }
}

/// A resolved theme: a look for every style role.
public struct Theme: Equatable, Sendable {
    public let name: String
    public var looks: [Style: Look]

    public init(name: String, looks: [Style: Look]) {
        self.name = name
        self.looks = looks
    }

    /// The look of a role at a colour level. Without colour only modifiers remain, and the roles
    /// that must stay visible get them anyway: reverse for selection, tabs and status, bold for headers.
    public func look(_ style: Style, at level: ColorLevel) -> (foreground: Int?, background: Int?, modifiers: Modifiers)
    {
        let look = looks[style] ?? Look()
        guard level != .monochrome else {
            var modifiers = look.modifiers
            switch style {
            case .selected, .tabActive, .status, .error: modifiers.insert(.reverse)
            case .title, .header, .hintKey, .tierA, .bad, .plotSelected: modifiers.insert(.bold)
            case .dim, .border: modifiers.insert(.dim)
            case .tierB, .up, .down, .good, .warn, .accent: modifiers.insert(.underline)
            default: break
            }
            return (nil, nil, modifiers)
        }
        return (look.foreground.index(at: level), look.background.index(at: level), look.modifiers)
    }
}

extension Style {
    /// The role name themes use for this style (`tab.active`, `tier.a`, `standing.blocked`).
    public var roleName: String {
        switch self {
        case .normal: "normal"
        case .title: "title"
        case .tab: "tab"
        case .tabActive: "tab.active"
        case .header: "header"
        case .selected: "selection"
        case .status: "status"
        case .hint: "hint"
        case .hintKey: "hint.key"
        case .error: "error"
        case .dim: "dim"
        case .tierA: "tier.a"
        case .tierB: "tier.b"
        case .tierC: "tier.c"
        case .up: "movement.up"
        case .down: "movement.down"
        case .good: "good"
        case .warn: "warn"
        case .bad: "bad"
        case .bar: "chart.bar"
        case .plot: "plot"
        case .plotSelected: "plot.selected"
        case .accent: "accent"
        case .border: "border"
        case .standingPreferred: "standing.preferred"
        case .standingApproved: "standing.approved"
        case .standingProbation: "standing.probation"
        case .standingBlocked: "standing.blocked"
        case .standingUnrated: "standing.unrated"
        case .quadrantIdeal: "quadrant.ideal"
        case .quadrantDevelop: "quadrant.develop"
        case .quadrantStrong: "quadrant.strong"
        case .quadrantTransactional: "quadrant.transactional"
        }
    }

    public init?(roleName: String) {
        guard let style = Style.allCases.first(where: { $0.roleName == roleName }) else { return nil }
        self = style
    }
}
