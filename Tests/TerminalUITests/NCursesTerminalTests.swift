import ArchbenchTestSupport
import Foundation
import Testing
@testable import TerminalNCurses
@testable import TerminalUI
#if canImport(Glibc)
import Glibc
#endif

/// ncurses keeps process-wide state: these run one at a time on the main actor.
@MainActor @Suite(.serialized) struct NCursesTerminalTests {
    @Test func drawsOnlyChangesAndReadsKeysThroughAPty() throws {
        let pty = try PseudoTerminal(width: 40, height: 10)
        let env = ["TERM": "xterm-256color"]
        let terminal = try NCursesTerminal(term: "xterm-256color", input: pty.slave, output: pty.slave, environment: env)
        defer { terminal.restore() }
        #expect(terminal.size == Size(width: 40, height: 10))
        #expect(terminal.capabilities.colors == .indexed256)
        _ = pty.drain()

        var state = ListState(selected: 0)
        let items: [ListItem] = ["alpha", "beta", "gamma"]
        func frame() {
            terminal.drawFrame { buf in
                let block = Block(title: "Pick", glyphs: terminal.glyphs)
                buf.render(block, in: buf.area)
                buf.render(ListView(items, glyphs: terminal.glyphs), in: block.inner(buf.area), state: &state)
            }
        }
        frame()
        let first = pty.drain()
        #expect(first.contains("alpha"))
        #expect(first.contains("Pick"))
        #expect(terminal.lastWriteCount == 400)

        state.selectNext(count: items.count)
        frame()
        let second = pty.drain()
        #expect(terminal.lastWriteCount == 2 * 38)
        // Only the two changed rows go out, far less than a repaint.
        #expect(second.utf8.count < first.utf8.count / 2)
        #expect(second.contains("beta"))
        #expect(!second.contains("Pick"))

        frame()
        #expect(terminal.lastWriteCount == 0)

        // keypad() makes xterm send application-mode cursor keys.
        pty.send("\u{1B}OB")
        #expect(terminal.readKey(timeout: .seconds(2)) == .down)
        pty.send("x")
        #expect(terminal.readKey(timeout: .seconds(2)) == .char("x"))
        pty.send("\u{13}")  // C-s arrives as a key in raw mode
        #expect(terminal.readKey(timeout: .seconds(2)) == .ctrl("s"))
        pty.send("中")
        #expect(terminal.readKey(timeout: .seconds(2)) == .char("中"))
        #expect(terminal.readKey(timeout: .milliseconds(10)) == nil)

        terminal.suspend()
        terminal.resume()
        terminal.restore()
        terminal.restore()  // idempotent
        #expect(terminal.readKey(timeout: .zero) == nil)
    }

    @Test func endOfInputIsToldApartFromATimeout() throws {
        let pty = try PseudoTerminal(width: 40, height: 10)
        let terminal = try NCursesTerminal(term: "xterm-256color", input: pty.slave, output: pty.slave,
                                           environment: ["TERM": "xterm-256color"])
        defer { terminal.restore() }
        _ = pty.drain()
        #expect(terminal.readKey(timeout: .milliseconds(20)) == nil)
        #expect(!terminal.isInputClosed, "nothing typed is a timeout")
        pty.send("j")
        #expect(terminal.readKey(timeout: .seconds(2)) == .char("j"))
        #expect(!terminal.isInputClosed)
        pty.hangUp()
        #expect(terminal.readKey(timeout: .milliseconds(20)) == nil)
        #expect(terminal.isInputClosed, "a hung-up terminal is the end of input")
    }

    @Test func theRescueRestoresTheShellsSettingsWithoutCurses() throws {
        let pty = try PseudoTerminal(width: 40, height: 10)
        var settings = termios()
        tcgetattr(pty.slave, &settings)
        #expect(settings.c_lflag & tcflag_t(ICANON) != 0, "a fresh pty is in cooked mode")
        let terminal = try NCursesTerminal(term: "xterm-256color", input: pty.slave, output: pty.slave,
                                           environment: ["TERM": "xterm-256color"])
        defer { terminal.restore() }
        tcgetattr(pty.slave, &settings)
        #expect(settings.c_lflag & tcflag_t(ICANON) == 0, "curses put it in raw mode")
        _ = pty.drain()
        // What a SIGHUP/SIGTERM handler does.
        TerminalRescue.restoreFromSignalHandler()
        let written = pty.drain()
        #expect(written.contains("\u{1B}[?1049l"), "leaves the alternate screen")
        #expect(written.contains("\u{1B}[?25h"), "shows the cursor")
        tcgetattr(pty.slave, &settings)
        #expect(settings.c_lflag & tcflag_t(ICANON) != 0)
        #expect(settings.c_lflag & tcflag_t(ECHO) != 0)
        // While suspended for the shell the terminal is the shell's: a signal leaves it alone.
        terminal.suspend()
        _ = pty.drain()
        TerminalRescue.restoreFromSignalHandler()
        #expect(pty.drain().isEmpty)
        terminal.resume()
        _ = pty.drain()
        TerminalRescue.restoreFromSignalHandler()
        #expect(pty.drain().contains("\u{1B}[?1049l"))
        // After a normal restore there is nothing left to rescue.
        terminal.restore()
        _ = pty.drain()
        TerminalRescue.restoreFromSignalHandler()
        #expect(pty.drain().isEmpty)
    }

    @Test func refusesTerminalsItCannotDrive() throws {
        let pty = try PseudoTerminal(width: 40, height: 10)
        #expect(throws: TerminalError.self) {
            _ = try NCursesTerminal(term: "dumb", input: pty.slave, output: pty.slave, environment: [:])
        }
        do {
            _ = try NCursesTerminal(term: "no-such-terminal-xyz", input: pty.slave, output: pty.slave, environment: [:])
            Issue.record("expected an error")
        } catch let e as TerminalError {
            #expect(e.description.contains("TERM=no-such-terminal-xyz"))
        }
        do {
            _ = try NCursesTerminal(term: nil, input: pty.slave, output: pty.slave, environment: [:])
            Issue.record("expected an error")
        } catch let e as TerminalError {
            #expect(e == .unsupportedTerminal(term: nil, reason: "TERM is not set"))
        }
        let devNull = open("/dev/null", O_RDWR)
        defer { close(devNull) }
        #expect(throws: TerminalError.notATerminal("standard input and output must be a terminal")) {
            _ = try NCursesTerminal(term: "xterm", input: devNull, output: devNull, environment: [:])
        }
    }

    @Test func noColorAndEightColourTerminals() throws {
        let pty = try PseudoTerminal(width: 20, height: 5)
        let mono = try NCursesTerminal(term: "xterm-256color", input: pty.slave, output: pty.slave, environment: ["NO_COLOR": "1"])
        #expect(mono.capabilities.colors == .none)
        mono.drawFrame { $0.write("x", x: 0, y: 0, style: Style(.selection)) }
        mono.restore()
        let screen = try NCursesTerminal(term: "screen", input: pty.slave, output: pty.slave, environment: [:])
        #expect(screen.capabilities.colors == .basic8)
        screen.drawFrame { $0.write("ok", x: 0, y: 0, style: Style(.error)) }
        screen.restore()
        #expect(pty.drain().contains("ok"))
    }

    @Test func nonUTF8LocaleUsesASCIIMarkersAndACSBorders() throws {
        let saved = getenv("LC_ALL").map { String(cString: $0) }
        setenv("LC_ALL", "C", 1)
        defer {
            if let saved { setenv("LC_ALL", saved, 1) } else { unsetenv("LC_ALL") }
            setlocale(LC_ALL, "")
        }
        let pty = try PseudoTerminal(width: 20, height: 4)
        let terminal = try NCursesTerminal(term: "xterm", input: pty.slave, output: pty.slave, environment: [:])
        defer { terminal.restore() }
        #expect(!terminal.capabilities.unicode)
        #expect(terminal.capabilities.lineDrawing)
        #expect(terminal.glyphs == .asciiLineDrawing)
        _ = pty.drain()
        terminal.drawFrame { buf in
            let block = Block(title: "T", glyphs: terminal.glyphs)
            buf.render(block, in: buf.area)
            buf.write("中 \(terminal.glyphs.finding)1", x: 1, y: 1)
        }
        let out = pty.drain()
        // Borders go out as VT100 line drawing (ESC ( 0 ... "mqj"), text
        // that the locale can't show as "?" keeping its two columns.
        #expect(out.contains("\u{1B}(0"))
        #expect(out.contains("mq"))
        #expect(!out.contains("┌"))
        #expect(out.contains("?? !1"))
        terminal.restore()

        let plain = try NCursesTerminal(term: "xterm", input: pty.slave, output: pty.slave, environment: [:],
                                        options: .init(alternateCharset: false))
        defer { plain.restore() }
        #expect(plain.glyphs == .ascii)
    }
}
