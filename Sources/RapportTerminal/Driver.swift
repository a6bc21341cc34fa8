import CNcursesw
import Foundation
import RapportApp
import RapportTheme

/// Paints frames with ncursesw and turns keys, mouse and resizes into events.
/// The only code in Rapport that knows ncurses exists.
public final class TerminalDriver {
    private var painted: Frame?
    private var started = false
    /// What the terminal can show: from terminfo's `colors`, and `NO_COLOR`.
    public private(set) var level: ColorLevel = .monochrome
    private var theme: Theme
    /// Attributes and colour pair per style, computed when the theme changes (not per cell).
    private var looks: [(attr_t, Int16)] = []

    /// Sets up the terminal: UTF-8 locale, raw-ish input, a short Esc delay, the theme's colours
    /// at the level the terminal supports (attributes only under `NO_COLOR` or without colours), and
    /// the mouse unless turned off.
    public init(mouse: Bool, theme: Theme, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.theme = theme
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
        TerminalDriver.disableFlowControl()
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        if !noColor && has_colors() {
            start_color()
            // "default" in a theme is the terminal's own colour, so a transparent terminal stays transparent.
            use_default_colors()
            level = ColorLevel.detect(colors: Int(rapport_colors()), environment: environment)
        }
        if mouse {
            mousemask(rapport_mouse_mask(), nil)
            mouseinterval(200)
        }
        TerminalDriver.installSignalHandlers()
        TerminalDriver.bracketedPaste(true)
        use(theme)
    }

    /// Asks the terminal to mark pasted text (ESC [200~ … ESC [201~), so that a paste is read as
    /// text: a line break in it is not Enter, and letters in it are not commands. Terminals that
    /// do not know the request ignore it.
    private static func bracketedPaste(_ on: Bool) {
        let request = on ? "\u{1b}[?2004h" : "\u{1b}[?2004l"
        _ = request.withCString { write(STDOUT_FILENO, $0, strlen($0)) }
    }

    /// OSC 52 (`ESC ] 52 ; c ; BASE64 BEL`): the terminal puts the text on its clipboard, even
    /// over SSH. Inside tmux the same request goes to tmux's own buffer (`tmux load-buffer -w`,
    /// which passes it on to the outer terminal), since tmux ignores a program's OSC 52 unless
    /// set-clipboard is on. The text travels base64-encoded, so nothing in it can act on the terminal.
    public func copy(_ text: String) {
        let request = "\u{1b}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}"
        _ = request.withCString { write(STDOUT_FILENO, $0, strlen($0)) }
        guard ProcessInfo.processInfo.environment["TMUX"] != nil else { return }
        for arguments in [["load-buffer", "-w", "-"], ["load-buffer", "-"]] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["tmux"] + arguments
            let input = Pipe()
            process.standardInput = input
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { return }
            input.fileHandleForWriting.write(Data(text.utf8))
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
            // An older tmux without -w: load the buffer without passing it on.
            if process.terminationStatus == 0 { return }
        }
    }

    /// Switches theme (live: the next paint redraws everything in the new looks).
    public func use(_ theme: Theme) {
        self.theme = theme
        looks = Style.allCases.map { style in
            let look = theme.look(style, at: level)
            var attributes = rapport_a_normal()
            if look.modifiers.contains(.bold) { attributes |= rapport_a_bold() }
            if look.modifiers.contains(.dim) { attributes |= rapport_a_dim() }
            if look.modifiers.contains(.italic) { attributes |= rapport_a_italic() }
            if look.modifiers.contains(.underline) { attributes |= rapport_a_underline() }
            if look.modifiers.contains(.reverse) { attributes |= rapport_a_reverse() }
            guard level != .monochrome, Int32(style.rawValue) + 1 < rapport_color_pairs() else {
                return (attributes, 0)
            }
            let pair = Int16(style.rawValue) + 1
            init_pair(pair, Int16(look.foreground ?? -1), Int16(look.background ?? -1))
            return (attributes, pair)
        }
        invalidate()
    }

    deinit { shutdown() }

    /// Restores the terminal (also done on SIGINT, SIGTERM and SIGHUP).
    public func shutdown() {
        guard started else { return }
        started = false
        mousemask(0, nil)
        endwin()
        TerminalDriver.bracketedPaste(false)
    }

    /// Ctrl-S saves a form, so the terminal must not take it as XOFF (and Ctrl-Q as XON).
    /// Saved as ncurses' program mode, so it holds after the editor, and endwin restores the shell's.
    private static func disableFlowControl() {
        var settings = termios()
        guard tcgetattr(STDIN_FILENO, &settings) == 0 else { return }
        settings.c_iflag &= ~tcflag_t(IXON)
        _ = tcsetattr(STDIN_FILENO, TCSANOW, &settings)
        def_prog_mode()
    }

    /// Hands the terminal to another program (the editor) and takes it back afterwards.
    public func suspended<T>(_ body: () throws -> T) rethrows -> T {
        def_prog_mode()
        endwin()
        TerminalDriver.bracketedPaste(false)
        defer {
            TerminalDriver.bracketedPaste(true)
            reset_prog_mode()
            invalidate()
            wrefresh(rapport_stdscr())
        }
        return try body()
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
        case 27: return escapeSequence()
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 8, 127: return .key(.backspace)
        case 1...26: return .key(.ctrl(Character(Unicode.Scalar(value + 96)!)))
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return .key(.char(Character(scalar)))
        }
    }

    /// After an ESC: the sequence that follows, read whole (``EscapeSequence``): a key, the start
    /// of a paste, or a sequence dropped whole; else the Escape key, with whatever was read after
    /// it put back. A sequence's bytes arrive together, so the first is looked for without
    /// waiting; the rest of a sequence begun gets a moment, so that a slow link cannot split it.
    private func escapeSequence() -> Event? {
        var read: [UInt32] = []
        while !EscapeSequence.isComplete(read), read.count < 32 {
            wtimeout(rapport_stdscr(), read.isEmpty ? 0 : 50)
            var character: wint_t = 0
            let result = wget_wch(rapport_stdscr(), &character)
            if result == KEY_CODE_YES {
                ungetch(Int32(character))
                break
            }
            guard result == OK else { break }
            read.append(UInt32(character))
        }
        switch EscapeSequence.decode(read) {
        case .key(let key): return .key(key)
        case .pasteStart: return readPaste()
        case .ignored: return nil
        case .escape(let putBack):
            // ncurses hands back the last put back first.
            for character in putBack.reversed() { unget_wch(wchar_t(character)) }
            return .key(.escape)
        }
    }

    /// A bracketed paste, after its start marker: the text, read whole up to `ESC[201~`.
    private func readPaste() -> Event {
        let end = Array("\u{1b}[201~".unicodeScalars.map(\.value))
        // The pasted text, to the end marker (or until nothing more comes, if it never does). A
        // huge paste is read to its end but kept only in part: no field holds more.
        wtimeout(rapport_stdscr(), 200)
        var text: [UInt32] = []
        var tail: [UInt32] = []
        while !tail.elementsEqual(end) {
            var character: wint_t = 0
            let result = wget_wch(rapport_stdscr(), &character)
            if result == ERR { break }
            // A key code inside a paste (a sequence ncurses recognised) is not text.
            if result == KEY_CODE_YES { continue }
            if text.count < TerminalDriver.pasteKept { text.append(UInt32(character)) }
            tail.append(UInt32(character))
            if tail.count > end.count { tail.removeFirst() }
        }
        if tail.elementsEqual(end), text.count >= end.count, text.suffix(end.count).elementsEqual(end) {
            text.removeLast(end.count)
        }
        var pasted = String.UnicodeScalarView()
        pasted.append(contentsOf: text.compactMap(Unicode.Scalar.init))
        return .paste(String(pasted))
    }

    /// How much of one paste is kept (the app types at most 10,000 characters of it).
    static let pasteKept = 100_000

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
        case KEY_F0 + 1...KEY_F0 + 12: return .key(.function(Int(code - KEY_F0)))
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

    private func look(_ style: Style) -> (attr_t, Int16) { looks[Int(style.rawValue)] }

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
                // Bracketed paste off (write is safe in a signal handler).
                _ = write(STDOUT_FILENO, "\u{1b}[?2004l", 8)
                _exit(128 + number)
            }
        }
    }
}

extension TerminalDriver: Terminal {}
