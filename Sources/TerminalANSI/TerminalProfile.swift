import Foundation
import TerminalUI

/// What a terminal can do, told from its TERM name (and the locale), without terminfo: the ANSI
/// backend speaks ECMA-48 / VT100 sequences, which every terminal it accepts understands, so
/// only the differences between families matter (colours, an alternate screen, VT100 line
/// drawing). Works the same for a local tty and for a TERM a remote client sent.
package struct TerminalProfile: Hashable, Sendable {
    package var term: String
    package var colors: ColorSupport
    /// The terminal has an alternate screen (`ESC[?1049h`): the shell's screen comes back on exit.
    /// The Linux console and VT100-likes have none, so their screen is cleared on exit instead.
    package var alternateScreen: Bool
    /// Line-drawing characters can be sent through the DEC Special Graphics set, one byte a cell
    /// instead of three of UTF-8.
    package var decLineDrawing: Bool
    /// The locale's codeset is UTF-8: text is sent as UTF-8; otherwise only ASCII leaves.
    package var unicode: Bool
    /// The terminal repeats the character just written (REP, `ESC[nb`), so a run of one
    /// character (a border, blanks in a colour) costs a few bytes however long it is.
    package var repeatsCharacters: Bool

    package init(term: String, colors: ColorSupport, alternateScreen: Bool, decLineDrawing: Bool, unicode: Bool,
                 repeatsCharacters: Bool = false) {
        self.term = term
        self.colors = colors
        self.alternateScreen = alternateScreen
        self.decLineDrawing = decLineDrawing
        self.unicode = unicode
        self.repeatsCharacters = repeatsCharacters
    }

    /// Why a TERM cannot be driven; the message matches the ncurses backend's.
    package struct Refusal: Error, Equatable, Sendable {
        package var term: String?
        package var reason: String
    }

    /// The profile of `term` (TERM from the environment when nil). Refuses an unset TERM, `dumb`,
    /// and a name that is neither a family this backend knows nor in the terminfo database (a
    /// typo, a terminal from elsewhere); a name terminfo knows but this backend does not is
    /// refused too, with a pointer to the ncurses backend, which can drive it.
    package static func resolve(term: String?, environment: [String: String], codeset: String,
                               terminfoHasEntry: (String) -> Bool = TerminalProfile.terminfoHasEntry) throws(Refusal) -> TerminalProfile {
        let name = term ?? environment["TERM"] ?? ""
        guard !name.isEmpty else { throw Refusal(term: nil, reason: "TERM is not set") }
        guard name != "dumb" else { throw Refusal(term: name, reason: "a dumb terminal cannot position the cursor") }
        guard let family = Family(term: name) else {
            if terminfoHasEntry(name) {
                throw Refusal(term: name, reason: "not a terminal the ANSI backend knows (try --terminal ncurses)")
            }
            throw Refusal(term: name, reason: "unknown to terminfo (try TERM=xterm-256color or screen)")
        }
        let unicode = isUnicode(codeset: codeset)
        let lower = name.lowercased()
        var colors: ColorSupport = family.hasColor ? .basic8 : .none
        let colorTerm = (environment["COLORTERM"] ?? "").lowercased()
        if family.hasColor, lower.contains("256color") || lower.contains("direct") || colorTerm == "truecolor" || colorTerm == "24bit" {
            colors = .indexed256
        }
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { colors = .none }
        var dec = family.decLineDrawing(unicode: unicode, insideTmux: !(environment["TMUX"] ?? "").isEmpty)
        // ncurses' switch for terminals that ignore line drawing in UTF-8 mode: honoured the same way.
        if unicode, let off = environment["NCURSES_NO_UTF8_ACS"], off != "0", !off.isEmpty { dec = false }
        return TerminalProfile(term: name, colors: colors, alternateScreen: family.alternateScreen, decLineDrawing: dec,
                               unicode: unicode, repeatsCharacters: family.repeatsCharacters)
    }

    /// The ASCII-vs-UTF-8 rule of the core (`TerminalCapabilities.isUnicode`).
    static func isUnicode(codeset: String) -> Bool {
        let c = codeset.uppercased().replacingOccurrences(of: "-", with: "")
        return c == "UTF8"
    }

    /// Terminal families by TERM name. The name up to its first `-` decides (`xterm-256color`,
    /// `screen.xterm-256color`, `tmux-direct`).
    enum Family: Equatable {
        case xterm, screen, tmux, linux, vt100, rxvt, modern

        init?(term: String) {
            let lower = term.lowercased()
            let base = String(lower.prefix { $0 != "-" && $0 != "." })
            switch base {
            case "xterm": self = .xterm
            case "screen": self = .screen
            case "tmux": self = .tmux
            case "linux": self = .linux
            case "vt100", "vt102", "vt220", "vt320", "vt420", "vt520": self = .vt100
            case "rxvt", "urxvt", "eterm": self = .rxvt
            case "alacritty", "foot", "kitty", "wezterm", "st", "konsole", "gnome", "vte", "putty", "iterm", "iterm2",
                 "mintty", "contour", "ms", "mlterm", "terminator", "termite", "ghostty", "rio", "ansi", "cygwin":
                self = .modern
            default: return nil
            }
        }

        var hasColor: Bool { self != .vt100 }

        /// REP where the terminfo entry has `rep` (xterm's, which ncurses uses for every terminal
        /// that calls itself xterm) or the terminal is known to do it (tmux). GNU screen, the
        /// Linux console and VT100s do not; other families are not assumed to.
        var repeatsCharacters: Bool { self == .xterm || self == .tmux }
        var alternateScreen: Bool { self != .linux && self != .vt100 }

        /// VT100 line drawing where it is known to work. In a UTF-8 locale the Linux console and
        /// GNU screen ignore it (ncurses' rule, see NCURSES_NO_UTF8_ACS); tmux presenting itself as
        /// `screen` (TMUX is set) honours it. Other families are not assumed to have it.
        func decLineDrawing(unicode: Bool, insideTmux: Bool) -> Bool {
            switch self {
            case .xterm, .tmux, .vt100, .rxvt: return true
            case .screen: return !unicode || insideTmux
            case .linux: return !unicode
            case .modern: return false
            }
        }
    }

    /// Whether the terminfo database has an entry for `name`, looked up where ncurses looks
    /// ($TERMINFO, ~/.terminfo, $TERMINFO_DIRS, the system folders), by file name only.
    package static func terminfoHasEntry(_ name: String) -> Bool {
        guard let first = name.first, !name.contains("/") else { return false }
        let environment = ProcessInfo.processInfo.environment
        var folders: [String] = []
        if let own = environment["TERMINFO"], !own.isEmpty { folders.append(own) }
        if let home = environment["HOME"], !home.isEmpty { folders.append(home + "/.terminfo") }
        for folder in (environment["TERMINFO_DIRS"] ?? "").split(separator: ":") { folders.append(String(folder)) }
        folders += ["/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo", "/usr/lib/terminfo", "/usr/share/lib/terminfo"]
        let hex = String(first.asciiValue ?? 0, radix: 16)
        return folders.contains { folder in
            FileManager.default.fileExists(atPath: "\(folder)/\(first)/\(name)")
                || FileManager.default.fileExists(atPath: "\(folder)/\(hex)/\(name)")
        }
    }
}
