import CNCurses
import Foundation
import TerminalUI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The real terminal, through ncursesw. Frames are written into curses'
/// virtual screen cell by cell (only cells that changed since the last
/// frame) and sent with one `wnoutrefresh` + `doupdate`, so ncurses can
/// emit the minimal byte stream; nothing ever calls `clear()` per frame.
@MainActor
package final class NCursesTerminal: Terminal {
    package struct Options: Sendable {
        /// Raw mode delivers C-c, C-s, C-q, C-z as keys (bind them!) instead
        /// of signals / flow control, so C-s can mean save over SSH.
        package var rawInput: Bool
        package var escapeDelayMilliseconds: Int
        /// In a non-UTF-8 locale, draw borders with the terminal's ACS line
        /// drawing instead of "+-|". Note `tmux capture-pane -p` prints ACS
        /// cells as their letters ("lqqk"); end-to-end tests that read the
        /// screen in a C locale may want this off.
        package var alternateCharset: Bool
        package init(rawInput: Bool = true, escapeDelayMilliseconds: Int = 25, alternateCharset: Bool = true) {
            self.rawInput = rawInput
            self.escapeDelayMilliseconds = escapeDelayMilliseconds
            self.alternateCharset = alternateCharset
        }
    }

    package private(set) var size: Size
    package let capabilities: TerminalCapabilities
    package let termName: String
    package let codeset: String
    /// The theme as given; `draw` uses it adapted to `capabilities`.
    package var theme: Theme {
        didSet {
            adaptedTheme = theme.adapted(to: capabilities.colors)
            styleCache = [:]
            frames.invalidate()
        }
    }
    /// Cells written by the last `draw` (for measuring redraw cost).
    package private(set) var lastWriteCount = 0

    private var adaptedTheme: Theme
    private var screen: OpaquePointer?
    private var frames = FrameTracker()
    private var cursor: Position?
    private var isActive = false
    private var isRestored = false
    private var defaultColorsWork = false
    private var pairCache: [PairKey: Int16] = [:]
    private var nextPair: Int16 = 1
    private var styleCache: [Style: (attr_t, Int16)] = [:]
    private var inputFile: UnsafeMutablePointer<FILE>?
    private let inputDescriptor: Int32
    package private(set) var isInputClosed = false
    private var outputFile: UnsafeMutablePointer<FILE>?

    private static var exitHookInstalled = false

    private struct PairKey: Hashable {
        var fg: Int16
        var bg: Int16
    }

    /// Takes over the terminal. Throws `TerminalError` (never exits the
    /// process, unlike `initscr`) when TERM is missing, dumb, unknown to
    /// terminfo, or the descriptors aren't a terminal, so the caller can
    /// print the message and exit non-zero.
    package init(term: String? = nil, input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                theme: Theme? = nil, options: Options = Options()) throws {
        setlocale(LC_ALL, "")
        codeset = String(cString: cn_locale_codeset())
        let name = term ?? environment["TERM"] ?? ""
        termName = name
        guard !name.isEmpty else {
            throw TerminalError.unsupportedTerminal(term: nil, reason: "TERM is not set")
        }
        guard name != "dumb" else {
            throw TerminalError.unsupportedTerminal(term: name, reason: "a dumb terminal cannot position the cursor")
        }
        guard isatty(input) == 1, isatty(output) == 1 else {
            throw TerminalError.notATerminal("standard input and output must be a terminal")
        }
        // The settings the shell left, for a signal handler to put back (TerminalRescue).
        var shellSettings = termios()
        let haveShellSettings = tcgetattr(input, &shellSettings) == 0
        inputDescriptor = input
        guard let out = fdopen(dup(output), "w"), let inp = fdopen(dup(input), "r") else {
            throw TerminalError.notATerminal("cannot open the terminal: \(String(cString: strerror(errno)))")
        }
        guard let scr = newterm(name, out, inp) else {
            fclose(out)
            fclose(inp)
            throw TerminalError.unsupportedTerminal(term: name, reason: "unknown to terminfo (try TERM=xterm-256color or screen)")
        }
        _ = set_term(scr)
        guard cn_has_cursor_addressing() else {
            endwin()
            throw TerminalError.unsupportedTerminal(term: name, reason: "the terminal cannot position the cursor")
        }
        screen = scr
        inputFile = inp
        outputFile = out
        isActive = true

        if options.rawInput { raw() } else { cbreak() }
        noecho()
        nonl()
        _ = cn_keypad(true)
        intrflush(cn_stdscr(), false)
        _ = cn_set_escdelay(Int32(options.escapeDelayMilliseconds))
        curs_set(0)

        var colors = ColorSupport.none
        if has_colors(), TerminalCapabilities.effectiveColors(.indexed256, environment: environment) != .none {
            start_color()
            defaultColorsWork = use_default_colors() == OK
            colors = ColorSupport(colorCount: Int(cn_colors()))
        }
        capabilities = TerminalCapabilities(colors: colors, unicode: TerminalCapabilities.isUnicode(codeset: codeset),
                                            lineDrawing: options.alternateCharset && cn_has_acs())
        let base = try theme ?? Theme.parse(yaml: BuiltinThemes.defaultYAML, file: "<built-in default>")
        self.theme = base
        adaptedTheme = base.adapted(to: colors)
        var h: Int32 = 0, w: Int32 = 0
        cn_getmaxyx(cn_stdscr(), &h, &w)
        size = Size(width: Int(w), height: Int(h))

        var reset: [UInt8] = []
        for capability in ["sgr0", "cnorm", "rmkx", "rmcup"] {
            if let value = cn_string_capability(capability) { reset += Array(String(cString: value).utf8) }
        }
        TerminalRescue.prepare(fd: output, settings: haveShellSettings ? shellSettings : nil, resetBytes: reset)

        if !NCursesTerminal.exitHookInstalled {
            NCursesTerminal.exitHookInstalled = true
            // A crash path that calls exit() must not leave the shell in raw mode.
            atexit { cn_endwin_if_active() }
        }
    }

    package func draw(_ buffer: Buffer) {
        guard isActive else { return }
        let changes = frames.changes(drawing: buffer)
        var cc = cchar_t()
        for change in changes where change.x < size.width && change.y < size.height {
            let (attrs, pair) = attributes(for: change.cell.style)
            let symbol = change.cell.symbol
            if !capabilities.unicode, capabilities.lineDrawing, let acs = NCursesTerminal.acs(symbol) {
                _ = cn_mvaddch(Int32(change.y), Int32(change.x), acs | chtype(attrs) | chtype(cn_color_pair(Int32(pair))))
                continue
            }
            if !capabilities.unicode && !symbol.unicodeScalars.allSatisfy({ $0.isASCII }) {
                // Non-UTF-8 locale: a placeholder per column keeps alignment.
                for dx in 0..<max(1, change.cell.width) {
                    put("?", attrs: attrs, pair: pair, y: change.y, x: change.x + dx, into: &cc)
                }
                continue
            }
            put(symbol, attrs: attrs, pair: pair, y: change.y, x: change.x, into: &cc)
        }
        lastWriteCount = changes.count
        placeCursor()
        wnoutrefresh(cn_stdscr())
        doupdate()
    }

    private static func acs(_ symbol: String) -> chtype? {
        switch symbol {
        case "┌": return cn_acs_ulcorner()
        case "┐": return cn_acs_urcorner()
        case "└": return cn_acs_llcorner()
        case "┘": return cn_acs_lrcorner()
        case "─": return cn_acs_hline()
        case "│": return cn_acs_vline()
        default: return nil
        }
    }

    private func put(_ symbol: String, attrs: attr_t, pair: Int16, y: Int, x: Int, into cc: inout cchar_t) {
        // A cchar_t holds one spacing character plus a few combining ones.
        var wide: [wchar_t] = symbol.unicodeScalars.prefix(5).map { wchar_t(bitPattern: $0.value) }
        if wide.isEmpty { wide = [32] }
        wide.append(0)
        if cn_setcchar(&cc, wide, attrs, pair) == ERR {
            _ = cn_setcchar(&cc, [63, 0], attrs, pair)
        }
        // Writing the bottom-right cell reports ERR (the cursor can't
        // advance) yet the character is stored; nothing to handle.
        _ = cn_mvadd_wch(Int32(y), Int32(x), &cc)
    }

    private func placeCursor() {
        if let c = cursor, c.x < size.width, c.y < size.height {
            _ = cn_move(Int32(c.y), Int32(c.x))
            curs_set(1)
        } else {
            curs_set(0)
        }
    }

    private func attributes(for style: Style) -> (attr_t, Int16) {
        if let cached = styleCache[style] { return cached }
        let s = adaptedTheme.style(for: style)
        var attrs = cn_a_normal()
        if s.bold { attrs |= cn_a_bold() }
        if s.reverse { attrs |= cn_a_reverse() }
        if s.underline { attrs |= cn_a_underline() }
        if s.dim { attrs |= cn_a_dim() }
        var pair: Int16 = 0
        if capabilities.colors != .none {
            pair = colorPair(fg: s.foreground.cursesNumber, bg: s.background.cursesNumber)
        }
        styleCache[style] = (attrs, pair)
        return (attrs, pair)
    }

    /// Pairs are a scarce table (COLOR_PAIRS), so each fg/bg combination is
    /// set up once; if the table fills, the terminal's default pair is used.
    private func colorPair(fg: Int, bg: Int) -> Int16 {
        var f = fg, b = bg
        if !defaultColorsWork {
            if f < 0 { f = 7 }
            if b < 0 { b = 0 }
        }
        let limit = Int(cn_colors())
        if f >= limit { f = Int(Theme.degrade(.indexed(f)).cursesNumber) }
        if b >= limit { b = Int(Theme.degrade(.indexed(b)).cursesNumber) }
        if f == -1 && b == -1 { return 0 }
        let key = PairKey(fg: Int16(f), bg: Int16(b))
        if let p = pairCache[key] { return p }
        guard Int(nextPair) < min(Int(cn_color_pairs()), Int(Int16.max)) else { return 0 }
        let p = nextPair
        guard init_pair(p, key.fg, key.bg) == OK else { return 0 }
        nextPair += 1
        pairCache[key] = p
        return p
    }

    package func readKey(timeout: Duration?) -> Key? {
        guard isActive else { return nil }
        let ms: Int32
        if let timeout {
            let c = timeout.components
            ms = Int32(clamping: max(0, c.seconds * 1000 + c.attoseconds / 1_000_000_000_000_000))
        } else {
            ms = -1
        }
        while true {
            cn_timeout(ms)
            var ch: wint_t = 0
            let result = cn_get_wch(&ch)
            if result == ERR {
                isInputClosed = inputHasEnded()
                return nil
            }
            if result == cn_key_code_yes() {
                let code = Int32(bitPattern: UInt32(ch))
                if code == cn_key_resize() {
                    handleResize()
                    return .resize
                }
                if let key = NCursesTerminal.key(forKeyCode: code) { return key }
            } else if ch == 27 {
                return readAfterEscape()
            } else if let key = Key.fromCodePoint(UInt32(ch)) {
                return key
            }
            // Unmapped input (mouse, odd function keys): a poll reports
            // nothing, a blocking read keeps waiting.
            if ms >= 0 { return nil }
        }
    }

    /// After a read that gave nothing: did it time out, or has the terminal gone (SSH dropped,
    /// pane closed, stdin at end of file)? A hung-up terminal polls as POLLHUP/POLLERR; end of
    /// file polls as readable with no bytes waiting (curses has just read all there were).
    private func inputHasEnded() -> Bool {
        var descriptor = pollfd(fd: inputDescriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, 0) == 1 else { return false }
        if descriptor.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { return true }
        var waiting: Int32 = 0
        return ioctl(inputDescriptor, UInt(FIONREAD), &waiting) == 0 && waiting == 0
    }

    /// ESC then a character within the escape delay is Alt+character.
    private func readAfterEscape() -> Key {
        cn_timeout(0)
        var next: wint_t = 0
        let r = cn_get_wch(&next)
        if r == OK {
            if let k = Key.fromCodePoint(UInt32(next)), case .char(let c) = k { return .alt(c) }
            _ = unget_wch(wchar_t(bitPattern: next))
        } else if r == cn_key_code_yes() {
            _ = ungetch(Int32(bitPattern: UInt32(next)))
        }
        return .escape
    }

    private func handleResize() {
        var h: Int32 = 0, w: Int32 = 0
        cn_getmaxyx(cn_stdscr(), &h, &w)
        size = Size(width: Int(w), height: Int(h))
        // The emulator may have reflowed what was on screen; repaint fully.
        frames.invalidate()
        clearok(cn_curscr(), true)
    }

    /// Maps an ncurses KEY_* code (from `get_wch` returning KEY_CODE_YES).
    package nonisolated static func key(forKeyCode code: Int32) -> Key? {
        switch code {
        case cn_key_up(): return .up
        case cn_key_down(): return .down
        case cn_key_left(): return .left
        case cn_key_right(): return .right
        case cn_key_home(): return .home
        case cn_key_end(): return .end
        case cn_key_ppage(): return .pageUp
        case cn_key_npage(): return .pageDown
        case cn_key_backspace(): return .backspace
        case cn_key_dc(): return .delete
        case cn_key_ic(): return .insert
        case cn_key_enter(): return .enter
        case cn_key_btab(): return .backTab
        case cn_key_resize(): return .resize
        case cn_key_f(1)...cn_key_f(63): return .function(Int(code - cn_key_f(0)))
        default: return nil
        }
    }

    package func setCursor(_ position: Position?) {
        cursor = position
        guard isActive else { return }
        placeCursor()
        wnoutrefresh(cn_stdscr())
        doupdate()
    }

    package func suspend() {
        guard isActive else { return }
        def_prog_mode()
        endwin()
        TerminalRescue.disarm()
        isActive = false
    }

    package func resume() {
        guard !isActive, !isRestored, screen != nil else { return }
        reset_prog_mode()
        TerminalRescue.rearm()
        isActive = true
        var h: Int32 = 0, w: Int32 = 0
        cn_getmaxyx(cn_stdscr(), &h, &w)
        size = Size(width: Int(w), height: Int(h))
        // The child program drew over everything: repaint from curses'
        // virtual screen.
        clearok(cn_curscr(), true)
        wrefresh(cn_stdscr())
    }

    package func invalidate() {
        frames.invalidate()
    }

    package func restore() {
        guard !isRestored else { return }
        isRestored = true
        TerminalRescue.disarm()
        if screen != nil && !isendwin() {
            curs_set(1)
            cn_leave_screen()
        }
        isActive = false
    }

    isolated deinit {
        restore()
    }
}
