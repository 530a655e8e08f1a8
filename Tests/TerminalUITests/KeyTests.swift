import Testing
@testable import TerminalNCurses
@testable import TerminalUI

@Suite struct KeyTests {
    @Test func parsesPlainAndControlInput() {
        #expect(KeyParser.parse("aZ 1") == [.char("a"), .char("Z"), .char(" "), .char("1")])
        #expect(KeyParser.parse("\r\n\t") == [.enter, .enter, .tab])
        #expect(KeyParser.parse([0x7F, 0x08]) == [.backspace, .backspace])
        #expect(KeyParser.parse([0x13, 0x03, 0x1A]) == [.ctrl("s"), .ctrl("c"), .ctrl("z")])
    }

    @Test func parsesUTF8() {
        #expect(KeyParser.parse("é中🚀") == [.char("é"), .char("中"), .char("🚀")])
        #expect(KeyParser.parse("e\u{301}") == [.char("e\u{301}")])
    }

    @Test func parsesEscapeSequences() {
        #expect(KeyParser.parse("\u{1B}[A\u{1B}[B\u{1B}[C\u{1B}[D") == [.up, .down, .right, .left])
        #expect(KeyParser.parse("\u{1B}OA\u{1B}OB") == [.up, .down])  // application cursor mode
        #expect(KeyParser.parse("\u{1B}[5~\u{1B}[6~") == [.pageUp, .pageDown])
        #expect(KeyParser.parse("\u{1B}[H\u{1B}[F\u{1B}[1~\u{1B}[4~") == [.home, .end, .home, .end])
        #expect(KeyParser.parse("\u{1B}[3~\u{1B}[2~") == [.delete, .insert])
        #expect(KeyParser.parse("\u{1B}[Z") == [.backTab])
        #expect(KeyParser.parse("\u{1B}OP\u{1B}[15~\u{1B}[24~") == [.function(1), .function(5), .function(12)])
        #expect(KeyParser.parse("\u{1B}[1;5A") == [.up])  // modifiers ignored
    }

    @Test func escapeAloneAndAlt() {
        #expect(KeyParser.parse("\u{1B}") == [.escape])
        #expect(KeyParser.parse("\u{1B}\u{1B}") == [.escape, .escape])
        #expect(KeyParser.parse("\u{1B}x") == [.alt("x")])
        #expect(KeyParser.parse("\u{1B}[") == [.escape, .char("[")])
        #expect(KeyParser.parse("\u{1B}[99q") == [])  // an unknown sequence is dropped, as ncurses drops it
    }

    @Test func chordNamesRoundTrip() {
        let keys: [Key] = [.char("q"), .char(" "), .up, .down, .left, .right, .pageUp, .pageDown, .home, .end,
                           .enter, .escape, .tab, .backTab, .backspace, .delete, .insert, .ctrl("s"), .alt("x"),
                           .function(5)]
        for k in keys {
            #expect(Key(chord: k.description) == k, "\(k)")
        }
        #expect(Key(chord: "ctrl+S") == .ctrl("s"))
        #expect(Key(chord: "^w") == .ctrl("w"))
        #expect(Key(chord: "shift+tab") == .backTab)
        #expect(Key(chord: "nonsense") == nil)
        #expect(Key(chord: "") == nil)
    }

    @Test func cursesKeyCodes() {
        // Values from ncurses' curses.h (octal), which the backend maps.
        #expect(NCursesTerminal.key(forKeyCode: 0o403) == .up)
        #expect(NCursesTerminal.key(forKeyCode: 0o402) == .down)
        #expect(NCursesTerminal.key(forKeyCode: 0o404) == .left)
        #expect(NCursesTerminal.key(forKeyCode: 0o405) == .right)
        #expect(NCursesTerminal.key(forKeyCode: 0o406) == .home)
        #expect(NCursesTerminal.key(forKeyCode: 0o550) == .end)
        #expect(NCursesTerminal.key(forKeyCode: 0o523) == .pageUp)
        #expect(NCursesTerminal.key(forKeyCode: 0o522) == .pageDown)
        #expect(NCursesTerminal.key(forKeyCode: 0o407) == .backspace)
        #expect(NCursesTerminal.key(forKeyCode: 0o512) == .delete)
        #expect(NCursesTerminal.key(forKeyCode: 0o541) == .backTab)
        #expect(NCursesTerminal.key(forKeyCode: 0o632) == .resize)
        #expect(NCursesTerminal.key(forKeyCode: 0o410 + 1) == .function(1))
        #expect(NCursesTerminal.key(forKeyCode: 0o410 + 12) == .function(12))
        #expect(NCursesTerminal.key(forKeyCode: 0o777) == nil)
        #expect(Key.fromCodePoint(27) == .escape)
        #expect(Key.fromCodePoint(0x4E2D) == .char("中"))
    }
}

@Suite struct KeyMapTests {
    enum Action: Equatable, Sendable { case quit, down, up, save, help }

    let map = KeyMap<Action>([
        KeyBinding([.char("j"), .down], .down, help: "next", group: "Navigation"),
        KeyBinding([.char("k"), .up], .up, help: "previous", group: "Navigation"),
        KeyBinding(.ctrl("s"), .save, help: "save", group: "File", showInStatus: true),
        KeyBinding(.char("?"), .help, help: "help", showInStatus: true),
        KeyBinding([.char("q"), .ctrl("c")], .quit, help: "quit", showInStatus: true),
    ])

    @Test func lookup() {
        #expect(map.action(for: .char("j")) == .down)
        #expect(map.action(for: .down) == .down)
        #expect(map.action(for: .ctrl("c")) == .quit)
        #expect(map.action(for: .char("x")) == nil)
        #expect(map.conflicts.isEmpty)
        var dup = map
        dup.add(KeyBinding(.char("q"), .help, help: "other"))
        #expect(dup.conflicts == [.char("q")])
        #expect(dup.action(for: .char("q")) == .quit)  // first binding wins
    }

    @Test func helpAndStatusComeFromTheBindings() {
        #expect(map.statusHints().plainText == "C-s: save  ?: help  q/C-c: quit")
        let help = map.helpLines().map(\.plainText)
        #expect(help == [
            "Navigation",
            "  j/Down  next",
            "  k/Up    previous",
            "",
            "File",
            "  C-s     save",
            "",
            "General",
            "  ?       help",
            "  q/C-c   quit",
        ])
    }
}
