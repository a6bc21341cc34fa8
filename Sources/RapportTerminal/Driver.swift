import CNcursesw
import Foundation
import RapportApp

/// Paints frames with ncursesw and turns keys, mouse and resizes into events.
/// The only code in Rapport that knows ncurses exists.
public final class TerminalDriver {
    private var painted: Frame?
    private let colorMode: ColorMode
    private var started = false

    enum ColorMode { case none, basic }

    /// Sets up the terminal: UTF-8 locale, raw-ish input, a short Esc delay, colours unless
    /// `NO_COLOR` is set or the terminal has none, and the mouse unless turned off.
    public init(mouse: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) {
        setlocale(LC_ALL, "")
        if let codeset = nl_langinfo(nl_item(CODESET)), String(cString: codeset).uppercased() != "UTF-8" {
            setlocale(LC_ALL, "C.UTF-8")
        }
        set_escdelay(25)
        initscr()
        started = true
        cbreak()
        noecho()
        nonl()
        keypad(rapport_stdscr(), true)
        curs_set(0)
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        if !noColor && has_colors() {
            start_color()
            use_default_colors()
            colorMode = rapport_colors() >= 8 ? .basic : .none
        } else {
            colorMode = .none
        }
        if colorMode == .basic { TerminalDriver.definePairs() }
        if mouse {
            mousemask(rapport_mouse_mask(), nil)
            mouseinterval(200)
        }
        TerminalDriver.installSignalHandlers()
    }

    deinit { shutdown() }

    /// Restores the terminal (also done on SIGINT, SIGTERM and SIGHUP).
    public func shutdown() {
        guard started else { return }
        started = false
        mousemask(0, nil)
        endwin()
    }

    public var size: (width: Int, height: Int) { (Int(rapport_cols()), Int(rapport_lines())) }

    /// Paints a frame, sending only cells that changed since the last one.
    public func paint(_ frame: Frame) {
        let previous = painted?.width == frame.width && painted?.height == frame.height ? painted : nil
        if previous == nil { werase(rapport_stdscr()) }
        for y in 0..<frame.height {
            for x in 0..<frame.width {
                let cell = frame[x, y]
                if cell.continuation { continue }
                if let previous, previous[x, y] == cell { continue }
                let (attributes, pair) = look(cell.style)
                var wide = Array(cell.text.unicodeScalars.map { wchar_t(bitPattern: $0.value) }.prefix(5))
                wide.append(0)
                // Writing the last cell of the screen can fail (the cursor cannot advance); that is fine.
                _ = rapport_put(Int32(y), Int32(x), wide, attributes, pair)
            }
        }
        painted = frame
        wnoutrefresh(rapport_stdscr())
        doupdate()
    }

    /// Forgets what is on screen, so the next paint redraws everything (after a resize).
    public func invalidate() {
        painted = nil
        clearok(rapport_stdscr(), true)
    }

    /// Waits up to `timeout` milliseconds for input; nil when nothing came.
    public func nextEvent(timeout: Int32) -> Event? {
        wtimeout(rapport_stdscr(), timeout)
        var character: wint_t = 0
        let result = wget_wch(rapport_stdscr(), &character)
        if result == ERR { return nil }
        if result == KEY_CODE_YES { return functionKey(Int32(character)) }
        let value = UInt32(character)
        switch value {
        case 27: return .key(.escape)
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 8, 127: return .key(.backspace)
        case 1...26: return .key(.ctrl(Character(Unicode.Scalar(value + 96)!)))
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return .key(.char(Character(scalar)))
        }
    }

    private func functionKey(_ code: Int32) -> Event? {
        switch code {
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_HOME: return .key(.home)
        case KEY_END: return .key(.end)
        case KEY_ENTER: return .key(.enter)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_DC: return .key(.delete)
        case KEY_BTAB: return .key(.backTab)
        case KEY_RESIZE:
            invalidate()
            return .resize(width: size.width, height: size.height)
        case KEY_MOUSE:
            var event = MEVENT()
            guard getmouse(&event) == OK else { return nil }
            if rapport_wheel_up(event.bstate) != 0 { return .wheel(up: true) }
            if rapport_wheel_down(event.bstate) != 0 { return .wheel(up: false) }
            if rapport_button1_double(event.bstate) != 0 {
                return .click(x: Int(event.x), y: Int(event.y), double: true)
            }
            if rapport_button1(event.bstate) != 0 { return .click(x: Int(event.x), y: Int(event.y), double: false) }
            return nil
        default: return nil
        }
    }

    // MARK: Looks

    /// Colour pairs by style, for terminals with at least 8 colours (-1: the terminal's own).
    private static let palette: [Style: (foreground: Int16, background: Int16)] = [
        .title: (Int16(COLOR_CYAN), -1), .tab: (-1, -1), .tabActive: (Int16(COLOR_BLACK), Int16(COLOR_CYAN)),
        .header: (Int16(COLOR_CYAN), -1), .selected: (Int16(COLOR_BLACK), Int16(COLOR_CYAN)),
        .status: (Int16(COLOR_WHITE), Int16(COLOR_BLUE)), .hint: (-1, -1), .hintKey: (Int16(COLOR_YELLOW), -1),
        .error: (Int16(COLOR_WHITE), Int16(COLOR_RED)), .tierA: (Int16(COLOR_GREEN), -1),
        .tierB: (Int16(COLOR_YELLOW), -1),
        .tierC: (Int16(COLOR_WHITE), -1), .up: (Int16(COLOR_GREEN), -1), .down: (Int16(COLOR_RED), -1),
        .good: (Int16(COLOR_GREEN), -1), .warn: (Int16(COLOR_YELLOW), -1), .bad: (Int16(COLOR_RED), -1),
        .bar: (Int16(COLOR_CYAN), -1), .plot: (Int16(COLOR_CYAN), -1), .plotSelected: (Int16(COLOR_MAGENTA), -1),
        .accent: (Int16(COLOR_MAGENTA), -1), .border: (Int16(COLOR_BLUE), -1),
    ]

    private static func definePairs() {
        for style in Style.allCases {
            guard let colors = palette[style] else { continue }
            init_pair(Int16(style.rawValue) + 1, colors.foreground, colors.background)
        }
    }

    /// Attributes and colour pair of a style. Without colour, attributes alone keep every role
    /// distinguishable: reverse for selection and tabs, bold for headers.
    private func look(_ style: Style) -> (attr_t, Int16) {
        let bold = rapport_a_bold()
        let attributes: attr_t
        switch style {
        case .normal, .tab, .hint, .tierC, .plot, .bar: attributes = rapport_a_normal()
        case .title, .header, .hintKey, .tierA, .bad, .plotSelected: attributes = bold
        case .tabActive, .selected, .status: attributes = rapport_a_reverse() | (style == .status ? 0 : bold)
        case .error: attributes = rapport_a_reverse() | bold
        case .dim, .border: attributes = rapport_a_dim()
        case .tierB, .up, .down, .good, .warn, .accent: attributes = colorMode == .none ? rapport_a_underline() : 0
        }
        guard colorMode == .basic, TerminalDriver.palette[style] != nil else { return (attributes, 0) }
        let colored =
            style == .selected || style == .tabActive || style == .status
            ? attributes & ~rapport_a_reverse() : attributes
        return (colored, Int16(style.rawValue) + 1)
    }

    // MARK: Signals

    private static func installSignalHandlers() {
        // A parent may have left signals blocked (threads of test runners and daemons do): resizes
        // and the signals that must restore the terminal have to get through.
        var wanted = sigset_t()
        sigemptyset(&wanted)
        for signal in [SIGWINCH, SIGINT, SIGTERM, SIGHUP] { sigaddset(&wanted, signal) }
        pthread_sigmask(SIG_UNBLOCK, &wanted, nil)
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            Glibc.signal(signal) { number in
                // Nothing unsaved can be lost here: every edit is durable before it is acknowledged.
                endwin()
                _exit(128 + number)
            }
        }
    }
}
