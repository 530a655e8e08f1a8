import ArchbenchTestSupport
import Foundation
import Testing
import TerminalUI
@testable import TerminalANSI
#if canImport(Glibc)
import Glibc
#endif

struct TerminalProfileTests {
    static func resolve(_ term: String?, codeset: String = "UTF-8", environment: [String: String] = [:],
                        terminfo: Bool = false) throws(TerminalProfile.Refusal) -> TerminalProfile {
        try TerminalProfile.resolve(term: term, environment: environment, codeset: codeset, terminfoHasEntry: { _ in terminfo })
    }

    @Test func familiesGiveColoursAndScreens() throws {
        let cases: [(String, ColorSupport, Bool, Bool)] = [
            ("xterm-256color", .indexed256, true, true), ("xterm", .basic8, true, true),
            ("screen-256color", .indexed256, true, false), ("screen", .basic8, true, false),
            ("tmux-256color", .indexed256, true, true), ("linux", .basic8, false, false), ("vt100", .none, false, true),
            ("rxvt-unicode-256color", .indexed256, true, true), ("alacritty", .basic8, true, false),
            ("xterm-direct", .indexed256, true, true),
        ]
        for (term, colours, alternate, dec) in cases {
            let profile = try Self.resolve(term)
            #expect(profile.colors == colours, "\(term)")
            #expect(profile.alternateScreen == alternate, "\(term)")
            #expect(profile.decLineDrawing == dec, "\(term)")
            #expect(profile.unicode)
        }
        #expect(try Self.resolve("xterm", environment: ["COLORTERM": "truecolor"]).colors == .indexed256)
        #expect(try Self.resolve("xterm-256color", environment: ["NO_COLOR": "1"]).colors == .none)
        #expect(try Self.resolve("xterm-256color", environment: ["NO_COLOR": ""]).colors == .indexed256)
        #expect(try Self.resolve("linux", codeset: "ANSI_X3.4-1968").decLineDrawing, "the console draws lines outside UTF-8")
        #expect(!(try Self.resolve("linux", codeset: "ANSI_X3.4-1968").unicode))
    }

    @Test func refusesWhatItCannotDrive() {
        #expect(throws: TerminalProfile.Refusal(term: nil, reason: "TERM is not set")) { try Self.resolve(nil) }
        #expect(throws: TerminalProfile.Refusal(term: "dumb", reason: "a dumb terminal cannot position the cursor")) { try Self.resolve("dumb") }
        #expect(throws: TerminalProfile.Refusal(term: "no-such-terminal-xyz", reason: "unknown to terminfo (try TERM=xterm-256color or screen)")) {
            try Self.resolve("no-such-terminal-xyz")
        }
        #expect(throws: TerminalProfile.Refusal(term: "hp2621", reason: "not a terminal the ANSI backend knows (try --terminal ncurses)")) {
            try Self.resolve("hp2621", terminfo: true)
        }
        #expect(TerminalProfile.terminfoHasEntry("xterm"), "this machine's terminfo has xterm")
        #expect(!TerminalProfile.terminfoHasEntry("no-such-terminal-xyz"))
    }
}

/// The local-tty driver on a pseudo-terminal: raw mode in and out, keys, frames, the rescue.
@MainActor @Suite(.serialized) struct ANSITerminalTests {
    @Test func rawModeFramesAndKeysThroughAPty() throws {
        let pty = try PseudoTerminal(width: 40, height: 10)
        var settings = termios()
        tcgetattr(pty.slave, &settings)
        #expect(settings.c_lflag & tcflag_t(ICANON) != 0, "a fresh pty is in cooked mode")
        let terminal = try ANSITerminal(term: "xterm-256color", input: pty.slave, output: pty.slave,
                                        environment: ["TERM": "xterm-256color"])
        #expect(terminal.size == Size(width: 40, height: 10))
        #expect(terminal.capabilities.colors == .indexed256)
        tcgetattr(pty.slave, &settings)
        #expect(settings.c_lflag & tcflag_t(ICANON | ECHO | ISIG) == 0, "raw mode")
        #expect(settings.c_oflag & tcflag_t(OPOST) == 0, "no output processing: a line feed is only a line feed")
        #expect(pty.drain().contains("\u{1B}[?1049h"), "the alternate screen")

        var frame = Buffer(width: 40, height: 10)
        frame.write("alpha", x: 0, y: 0)
        terminal.draw(frame)
        #expect(pty.drain().hasSuffix("\u{1B}[H\u{1B}[2Jalpha"))
        frame.write("b", x: 0, y: 0)
        terminal.draw(frame)
        #expect(pty.drain() == "\rb", "back to the start of the row: a carriage return")
        #expect(terminal.lastWriteCount == 2)

        pty.send("\u{1B}OB")
        #expect(terminal.readKey(timeout: .seconds(2)) == .down)
        pty.send("x\u{13}中")
        #expect(terminal.readKey(timeout: .seconds(2)) == .char("x"))
        #expect(terminal.readKey(timeout: .seconds(2)) == .ctrl("s"), "C-s arrives as a key in raw mode")
        #expect(terminal.readKey(timeout: .seconds(2)) == .char("中"))
        pty.send("\u{1B}")
        let start = ContinuousClock.now
        #expect(terminal.readKey(timeout: .seconds(2)) == .escape)
        #expect(ContinuousClock.now - start < .milliseconds(500), "Esc waits only the escape delay")
        #expect(terminal.readKey(timeout: .milliseconds(10)) == nil)
        #expect(!terminal.isInputClosed, "nothing typed is a timeout")

        terminal.suspend()
        tcgetattr(pty.slave, &settings)
        #expect(settings.c_lflag & tcflag_t(ICANON) != 0, "suspended: the shell's settings")
        #expect(pty.drain().contains("\u{1B}[?1049l"))
        terminal.resume()
        tcgetattr(pty.slave, &settings)
        #expect(settings.c_lflag & tcflag_t(ICANON) == 0)
        terminal.draw(frame)
        #expect(pty.drain().contains("\u{1B}[2J"), "after a resume the frame is drawn whole")

        terminal.restore()
        terminal.restore()  // idempotent
        tcgetattr(pty.slave, &settings)
        #expect(settings.c_lflag & tcflag_t(ICANON | ECHO) == tcflag_t(ICANON | ECHO))
        let left = pty.drain()
        #expect(left.contains("\u{1B}[?1049l") && left.contains("\u{1B}[?25h"))
        #expect(terminal.readKey(timeout: .zero) == nil)
    }

    @Test func aResizeSignalIsAResizeKeyAtTheNewSize() throws {
        let pty = try PseudoTerminal(width: 40, height: 10)
        let terminal = try ANSITerminal(term: "xterm", input: pty.slave, output: pty.slave, environment: [:])
        defer { terminal.restore() }
        var ws = winsize(ws_row: 12, ws_col: 50, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(pty.slave, UInt(TIOCSWINSZ), &ws)
        kill(getpid(), SIGWINCH)
        #expect(terminal.readKey(timeout: .seconds(2)) == .resize)
        #expect(terminal.size == Size(width: 50, height: 12))
    }

    @Test func endOfInputIsToldApartFromATimeout() throws {
        let pty = try PseudoTerminal(width: 40, height: 10)
        let terminal = try ANSITerminal(term: "xterm-256color", input: pty.slave, output: pty.slave, environment: [:])
        defer { terminal.restore() }
        pty.send("j")
        #expect(terminal.readKey(timeout: .seconds(2)) == .char("j"))
        pty.hangUp()
        #expect(terminal.readKey(timeout: .seconds(2)) == nil)
        #expect(terminal.isInputClosed, "a hung-up terminal is the end of input")
    }

    @Test func theRescueRestoresTheShellsSettings() throws {
        let pty = try PseudoTerminal(width: 40, height: 10)
        let terminal = try ANSITerminal(term: "linux", input: pty.slave, output: pty.slave, environment: [:])
        defer { terminal.restore() }
        _ = pty.drain()
        TerminalRescue.restoreFromSignalHandler()
        let written = pty.drain()
        #expect(written.contains("\u{1B}[H\u{1B}[2J"), "no alternate screen on the console: cleared instead")
        #expect(written.contains("\u{1B}[?25h") && written.contains("\u{1B}(B"))
        var settings = termios()
        tcgetattr(pty.slave, &settings)
        #expect(settings.c_lflag & tcflag_t(ICANON) != 0)
        terminal.restore()
        _ = pty.drain()
        TerminalRescue.restoreFromSignalHandler()
        #expect(pty.drain().isEmpty, "after a normal restore there is nothing left to rescue")
    }

    @Test func refusesWhatIsNotATerminal() throws {
        #expect(throws: TerminalError.unsupportedTerminal(term: "dumb", reason: "a dumb terminal cannot position the cursor")) {
            _ = try ANSITerminal(term: "dumb", input: 0, output: 1, environment: [:])
        }
        var ends: [Int32] = [-1, -1]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        #expect(throws: TerminalError.notATerminal("standard input and output must be a terminal")) {
            _ = try ANSITerminal(term: "xterm", input: ends[0], output: ends[1], environment: [:])
        }
    }
}
