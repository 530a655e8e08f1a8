import Testing
import TerminalUI
@testable import TerminalANSI

/// The ANSI writer: exact bytes for small diffs, SGR deltas, DEC line drawing by TERM and locale,
/// and, for many random frames, that the bytes draw exactly the frame (checked by ScreenEmulator).
struct ScreenWriterTests {
    static let theme: Theme = {
        var styles: [StyleRole: ThemeStyle] = [:]
        for role in StyleRole.allCases { styles[role] = ThemeStyle() }
        styles[.accent] = ThemeStyle(foreground: .indexed(6), bold: true)
        styles[.muted] = ThemeStyle(foreground: .indexed(8))
        styles[.selection] = ThemeStyle(foreground: .indexed(0), background: .indexed(6))
        styles[.border] = ThemeStyle(foreground: .indexed(4))
        styles[.error] = ThemeStyle(foreground: .indexed(196), underline: true)
        styles[.statusBar] = ThemeStyle(reverse: true)
        return Theme(name: "test", styles: styles)
    }()

    static func profile(_ term: String = "xterm-256color", codeset: String = "UTF-8", environment: [String: String] = [:])
        throws -> TerminalProfile {
        try TerminalProfile.resolve(term: term, environment: environment, codeset: codeset, terminfoHasEntry: { _ in false })
    }

    /// A writer that has entered the screen, and the bytes of its first frame.
    static func writer(_ profile: TerminalProfile, first: Buffer) -> (ScreenWriter, [UInt8]) {
        var writer = ScreenWriter(profile: profile, theme: theme)
        _ = writer.enter()
        let bytes = writer.frame(first)
        return (writer, bytes)
    }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    static func buffer(_ rows: [String], width: Int, style: Style = .plain) -> Buffer {
        var buffer = Buffer(width: width, height: rows.count)
        for (y, row) in rows.enumerated() { buffer.write(row, x: 0, y: y, style: style) }
        return buffer
    }

    // MARK: - Exact bytes

    @Test func theFirstFrameErasesThenDrawsOnlyWhatIsNotBlank() throws {
        let (_, bytes) = Self.writer(try Self.profile(), first: Self.buffer(["hi", ""], width: 10))
        #expect(Self.text(bytes) == "\u{1B}[H\u{1B}[2Jhi")
    }

    @Test func oneChangedCellIsAMoveAndTheCell() throws {
        var (writer, _) = Self.writer(try Self.profile(), first: Self.buffer(["hi", ""], width: 10))
        let bytes = writer.frame(Self.buffer(["hi", "     x"], width: 10))
        // The cursor is after "hi" (column 2): column 6 by CHA (4 bytes) and a line feed.
        #expect(Self.text(bytes) == "\u{1B}[6G\nx")
        #expect(writer.frame(Self.buffer(["hi", "     x"], width: 10)).isEmpty, "an unchanged frame sends nothing")
    }

    @Test func anUnchangedCellBetweenTwoChangesIsRewrittenWhenThatIsShorter() throws {
        var (writer, _) = Self.writer(try Self.profile(), first: Self.buffer(["abcdef"], width: 10))
        #expect(Self.text(writer.frame(Self.buffer(["aXcYef"], width: 10))) == "\u{1B}[2GXcY")
        // Far apart, a move is shorter than rewriting.
        #expect(Self.text(writer.frame(Self.buffer(["aXcYeZ"], width: 10))) == "\u{1B}[CZ")
        var wide = Self.buffer([String(repeating: "a", count: 40)], width: 40)
        (writer, _) = Self.writer(try Self.profile(), first: wide)
        wide.write("b", x: 2, y: 0)
        wide.write("c", x: 30, y: 0)
        // From the last column (a pending wrap) only CR or CHA are sure.
        #expect(Self.text(writer.frame(wide)) == "\u{1B}[3Gb\u{1B}[31Gc")
    }

    @Test func trailingBlanksAreErasedToTheEndOfTheLine() throws {
        var (writer, _) = Self.writer(try Self.profile(), first: Self.buffer(["hello world and more"], width: 30))
        #expect(Self.text(writer.frame(Self.buffer(["hi"], width: 30))) == "\u{1B}[2Gi\u{1B}[K")
        // One blank is cheaper written than erased.
        (writer, _) = Self.writer(try Self.profile(), first: Self.buffer(["ab"], width: 30))
        #expect(Self.text(writer.frame(Self.buffer(["a"], width: 30))) == "\u{08} ")
    }

    @Test func theDisplayIsErasedOnlyForTheFirstFrameAResizeAndInvalidate() throws {
        var (writer, first) = Self.writer(try Self.profile(), first: Self.buffer(["one"], width: 10))
        #expect(Self.text(first).contains("\u{1B}[2J"))
        #expect(!Self.text(writer.frame(Self.buffer(["two"], width: 10))).contains("\u{1B}[2J"))
        #expect(Self.text(writer.frame(Self.buffer(["three", "3"], width: 10))).contains("\u{1B}[2J"), "a new size repaints whole")
        writer.invalidate()
        #expect(Self.text(writer.frame(Self.buffer(["three", "3"], width: 10))).contains("\u{1B}[2J"))
        #expect(!Self.text(writer.frame(Self.buffer(["four", "3"], width: 10))).contains("\u{1B}[2J"))
    }

    @Test func theCursorIsHiddenWhileDrawingAndShownAtItsField() throws {
        var (writer, _) = Self.writer(try Self.profile(), first: Self.buffer(["name: "], width: 20))
        // "name:" was drawn (the blank after it is already blank): the cursor is at column 5.
        #expect(Self.text(writer.placeCursor(Position(x: 6, y: 0))) == "\u{1B}[C\u{1B}[?25h")
        let bytes = Self.text(writer.frame(Self.buffer(["name: a"], width: 20)))
        #expect(bytes == "\u{1B}[?25la\u{08}\u{1B}[?25h")
        #expect(Self.text(writer.placeCursor(nil)) == "\u{1B}[?25l")
    }

    // MARK: - SGR

    @Test func sgrSendsOnlyWhatChangesOrResetsWhenShorter() {
        let bold = Pen(bold: true)
        #expect(Self.text(Pen(bold: true, underline: true).sgr(from: bold)) == "\u{1B}[4m")
        #expect(Self.text(Pen.plain.sgr(from: bold)) == "\u{1B}[m")
        #expect(Self.text(bold.sgr(from: bold)) == "")
        #expect(Self.text(bold.sgr(from: nil)) == "\u{1B}[0;1m", "an unknown pen is reset")
        // Ending bold keeps dim: 22 ends both, so dim is set again.
        #expect(Self.text(Pen(dim: true, underline: true).sgr(from: Pen(bold: true, dim: true, underline: true))) == "\u{1B}[22;2m")
        #expect(Self.text(Pen(foreground: .indexed(1), bold: true).sgr(from: Pen(foreground: .indexed(2), bold: true))) == "\u{1B}[31m")
        #expect(Self.text(Pen(foreground: .indexed(9)).sgr(from: .plain)) == "\u{1B}[91m")
        #expect(Self.text(Pen(background: .indexed(12)).sgr(from: .plain)) == "\u{1B}[104m")
        #expect(Self.text(Pen(foreground: .indexed(208), background: .indexed(236)).sgr(from: .plain)) == "\u{1B}[38;5;208;48;5;236m")
        #expect(Self.text(Pen(background: .indexed(3)).sgr(from: Pen(foreground: .indexed(3), reverse: true))) == "\u{1B}[0;43m")
    }

    @Test func coloursFollowTheTerminal() throws {
        var frame = Buffer(width: 10, height: 1)
        frame.write("x", x: 0, y: 0, style: Style(.error))
        let (_, rich) = Self.writer(try Self.profile("xterm-256color"), first: frame)
        #expect(Self.text(rich).contains("38;5;196"))
        let (_, basic) = Self.writer(try Self.profile("xterm"), first: frame)
        #expect(Self.text(basic).hasSuffix("\u{1B}[4;31mx"), "196 is red on 8 colours: \(Self.text(basic).debugDescription)")
        let (_, none) = Self.writer(try Self.profile("vt100"), first: frame)
        #expect(!Self.text(none).contains("31"))
        #expect(Self.text(none).hasSuffix("\u{1B}[1;4mx"), "no colours: the role's monochrome attributes")
        let (_, noColor) = Self.writer(try Self.profile("xterm-256color", environment: ["NO_COLOR": "1"]), first: frame)
        #expect(!Self.text(noColor).contains("38;5"))
    }

    @Test func aRunOfOneCharacterIsTheCharacterAndREPWhereTheTerminalRepeats() throws {
        var (writer, _) = Self.writer(try Self.profile(), first: Self.buffer(["", ""], width: 20))
        #expect(Self.text(writer.frame(Self.buffer(["", "ab========c"], width: 20))) == "\nab=\u{1B}[7bc")
        // Short runs are cheaper as they are; GNU screen has no REP.
        #expect(Self.text(writer.frame(Self.buffer(["", "ab====x====c"], width: 20))) == "\u{1B}[7Gx====c")
        // A line-drawing character through the DEC set is one byte and is repeated; in UTF-8 it is
        // not: tmux would not repeat it.
        #expect(Self.text(writer.frame(Self.buffer(["", "ab──────c"], width: 20))) == "\u{1B}[3G\u{0E}q\u{1B}[5b\u{0F}c   ")
        var (utf8, _) = Self.writer(try Self.profile(environment: ["NCURSES_NO_UTF8_ACS": "1"]), first: Self.buffer(["", ""], width: 20))
        #expect(Self.text(utf8.frame(Self.buffer(["", "ab──────c"], width: 20))) == "\nab──────c")
        var (screen, _) = Self.writer(try Self.profile("screen"), first: Self.buffer(["", ""], width: 20))
        #expect(Self.text(screen.frame(Self.buffer(["", "ab========c"], width: 20))) == "\nab========c")
    }

    @Test func rowsThatMovedAreScrolledInARegionAndOnlyTheRestDrawn() throws {
        // Rows that differ everywhere, so a row written where another was costs its whole width.
        let rows = (0..<8).map { String(repeating: String(UnicodeScalar(UInt8(ascii: "a") + UInt8($0))), count: 28) }
        var emulator = ScreenEmulator(width: 30, height: 8)
        var writer = ScreenWriter(profile: try Self.profile(), theme: Self.theme)
        try emulator.apply(writer.enter())
        try emulator.apply(writer.frame(Self.buffer(rows, width: 30)))
        // Rows 2-6 pan up a row under a fixed title and status: row 6 is new.
        var panned = rows
        panned[2...5] = rows[3...6]
        panned[6] = "new row"
        let up = writer.frame(Self.buffer(panned, width: 30))
        #expect(Self.text(up).hasPrefix("\u{1B}[3;7r\u{1B}[7H\n\u{1B}[r"), "\(Self.text(up).debugDescription)")
        #expect(up.count < 40, "\(up.count) bytes")
        try emulator.apply(up)
        #expect(emulator.lines == panned.map { $0.padding(toLength: 30, withPad: " ", startingAt: 0) })
        // And back down.
        let down = writer.frame(Self.buffer(rows, width: 30))
        #expect(Self.text(down).hasPrefix("\u{1B}[3;7r\u{1B}[3H\u{1B}M\u{1B}[r"), "\(Self.text(down).debugDescription)")
        try emulator.apply(down)
        #expect(emulator.lines == rows.map { $0.padding(toLength: 30, withPad: " ", startingAt: 0) })
    }

    @Test func theLastColumnIsDrawnDownWithLineFeedsAsAutowrapIsOff() throws {
        let rows = Array(repeating: String(repeating: " ", count: 9) + "│", count: 4)
        var writer = ScreenWriter(profile: try Self.profile(), theme: Self.theme)
        #expect(Self.text(writer.enter()).contains("\u{1B}[?7l"))
        _ = writer.frame(Self.buffer(rows, width: 10))
        let bytes = Self.text(writer.frame(Self.buffer(rows, width: 10, style: Style(.border))))
        // From the first cell written, only line feeds or reverse indexes between the cells.
        let down = bytes.drop { $0 != "x" }
        #expect(down == "x\nx\nx\nx" || down == "x\u{1B}Mx\u{1B}Mx\u{1B}Mx", "\(bytes.debugDescription)")
        #expect(Self.text(writer.leave()).contains("\u{1B}[?7h"))
        #expect(Self.text(ScreenWriter.rescueBytes(profile: try Self.profile())).contains("\u{1B}[?7h"))
    }

    // MARK: - Line drawing

    static let box = ["┌──────┐", "│ AB c │", "└──────┘"]

    @Test func lineDrawingGoesThroughTheDECSetWhereTheTerminalHasIt() throws {
        for term in ["xterm-256color", "xterm", "tmux-256color", "vt100", "rxvt-unicode"] {
            let (writer, bytes) = Self.writer(try Self.profile(term), first: Self.buffer(Self.box, width: 8))
            let text = Self.text(bytes)
            // Six of one character: REP where the terminal has it.
            let border = writer.profile.repeatsCharacters ? "\u{0E}lq\u{1B}[5bk" : "\u{0E}lqqqqqqk"
            #expect(text.contains(border), "\(term): \(text.debugDescription)")
            #expect(!text.contains("─"), "\(term) got UTF-8 box drawing")
            // Capitals and space read the same in both sets; a small letter needs ASCII.
            #expect(text.contains("x AB \u{0F}c \u{0E}x"), "\(term): \(text.debugDescription)")
        }
    }

    @Test func lineDrawingStaysUTF8WhereTheDECSetIsNotSure() throws {
        // GNU screen and the Linux console ignore it in UTF-8; other families are not assumed to have it.
        for term in ["screen", "screen-256color", "linux", "alacritty"] {
            let (_, bytes) = Self.writer(try Self.profile(term), first: Self.buffer(Self.box, width: 8))
            #expect(!Self.text(bytes).contains("\u{0E}"), "\(term)")
            #expect(Self.text(bytes).contains("┌──────┐"), "\(term)")
        }
        // tmux calling itself screen does draw it.
        let (_, inTmux) = Self.writer(try Self.profile("screen", environment: ["TMUX": "/tmp/tmux-0/default,1,0"]),
                                      first: Self.buffer(Self.box, width: 8))
        #expect(Self.text(inTmux).contains("\u{0E}lqqqqqqk"))
        let (_, off) = Self.writer(try Self.profile("xterm", environment: ["NCURSES_NO_UTF8_ACS": "1"]), first: Self.buffer(Self.box, width: 8))
        #expect(!Self.text(off).contains("\u{0E}"))
    }

    @Test func aShortLineDrawingRunIsCheaperInUTF8() throws {
        let (_, bytes) = Self.writer(try Self.profile(), first: Self.buffer(["│a│b"], width: 8))
        #expect(Self.text(bytes) == "\u{1B}[H\u{1B}[2J│a│b")
    }

    @Test func outsideUTF8OnlyASCIILeavesAndBoxesUseTheDECSet() throws {
        let (_, bytes) = Self.writer(try Self.profile("xterm", codeset: "ANSI_X3.4-1968"), first: Self.buffer(["│é中┐"], width: 8))
        // é is one column (?), 中 two (??), the box characters through the DEC set even alone;
        // ? reads the same in both sets.
        #expect(Self.text(bytes) == "\u{1B}[H\u{1B}[2J\u{0E}x???k")
        #expect(bytes.allSatisfy { $0 < 0x80 })
        let (_, screen) = Self.writer(try Self.profile("screen", codeset: "ANSI_X3.4-1968"), first: Self.buffer(["│x"], width: 8))
        #expect(Self.text(screen).contains("\u{0E}x"), "GNU screen has the DEC set outside UTF-8")
        let (_, modern) = Self.writer(try Self.profile("alacritty", codeset: "ANSI_X3.4-1968"), first: Self.buffer(["│x"], width: 8))
        #expect(Self.text(modern) == "\u{1B}[H\u{1B}[2J?x")
    }

    @Test func controlCharactersInACellNeverReachTheTerminal() throws {
        var frame = Buffer(width: 6, height: 1)
        frame[0, 0] = Cell("\u{1B}", width: 1)
        frame[1, 0] = Cell("\u{9B}", width: 1)
        let (_, bytes) = Self.writer(try Self.profile(), first: frame)
        #expect(Self.text(bytes) == "\u{1B}[H\u{1B}[2J??")
    }

    // MARK: - What the bytes draw

    /// Random frames (text, wide characters, boxes, styles, blanks), each drawn over the one
    /// before: the emulated screen always equals the frame, under each kind of terminal, and
    /// (`/pyte`) where a write into the last column leaves the cursor past it, and (`/wider`) on a
    /// terminal wider than the frames (a served client past the server's cap), whose columns
    /// past the frame stay blank.
    @Test(arguments: ["xterm-256color", "xterm-256color/pyte", "tmux-256color/pyte", "xterm-256color/wider", "screen", "vt100",
                      "xterm/C"])
    func randomFramesDrawExactlyTheFrame(term: String) throws {
        let name = term.split(separator: "/").first.map(String.init) ?? term
        let profile = try Self.profile(name, codeset: term.hasSuffix("/C") ? "ANSI_X3.4-1968" : "UTF-8")
        var writer = ScreenWriter(profile: profile, theme: Self.theme)
        let wider = term.hasSuffix("/wider")
        writer.fillsTerminalWidth = !wider
        var emulator = ScreenEmulator(width: wider ? 37 : 30, height: 8)
        emulator.cursorPastLastColumn = term.hasSuffix("/pyte")
        try emulator.apply(writer.enter())
        var random = SplitMix(seed: 22)
        let words = ["a", "Ab", "box", "中文", "é", "─────", "│", "┌┐", "└┘", "├┤┬┴┼", "   ", "x-y.0+", "⚠", "▸ item", "        ",
                     "──────────────", "aaaaaaaa", "中中中中"]
        let styles = [Style.plain, Style(.accent), Style(.muted), Style(.selection), Style(.border), Style(.error),
                      Style(.statusBar), Style(.text, bold: true)]
        var frame = Buffer(width: 30, height: 8)
        for round in 0..<300 {
            // Mostly small edits to the last frame, now and then a new one.
            if round % 50 == 0 { frame = Buffer(width: 30, height: 8) }
            // Now and then rows panned up or down a little, as a list or a diagram scrolls.
            if round % 5 == 3 {
                let top = random.next(upTo: 3), bottom = 5 + random.next(upTo: 3)
                let distance = [1, -1, 2, -2, 3][random.next(upTo: 5)]
                frame.scroll(top...bottom, by: distance)
                for y in (distance > 0 ? (bottom - distance + 1)...bottom : top...(top - distance - 1)) {
                    frame.write(words[random.next(upTo: words.count)], x: random.next(upTo: 20), y: y, style: styles[random.next(upTo: styles.count)])
                }
            }
            for _ in 0..<random.next(upTo: 6) {
                let word = words[random.next(upTo: words.count)]
                frame.write(word, x: random.next(upTo: 30), y: random.next(upTo: 8), style: styles[random.next(upTo: styles.count)])
            }
            if round % 37 == 0 { writer.invalidate() }
            try emulator.apply(writer.frame(frame))
            let expected = frame.lines().map { line in
                profile.unicode ? line : line.map { c in c.isASCII ? String(c) : ScreenWriterTests.asciiStandIn(c) }.joined()
            }
            let drawn = emulator.symbols.map { $0.prefix(30).joined() }
            #expect(drawn == expected, "round \(round) under \(term)")
            #expect(emulator.symbols.allSatisfy { $0.dropFirst(30).allSatisfy { $0 == " " } }, "round \(round) under \(term): drawn past the frame")
            var pensRight = true
            for y in 0..<8 {
                for x in 0..<30 where !frame[x, y].isContinuation {
                    let wanted = Pen(Self.theme.adapted(to: profile.colors).style(for: frame[x, y].style))
                    let shown = emulator.pens[y][x]
                    if !(wanted == shown || (frame[x, y].symbol == " " && wanted.looksTheSameUnderSpace(as: shown))) { pensRight = false }
                }
            }
            #expect(pensRight, "round \(round) under \(term): a cell in the wrong colours")
            if drawn != expected || !pensRight { break }
        }
    }

    /// What a non-ASCII character becomes outside UTF-8: itself when the DEC set draws it, else
    /// one ? a column.
    static func asciiStandIn(_ c: Character) -> String {
        if ScreenWriter.decGraphics[String(c)] != nil { return String(c) }
        return String(repeating: "?", count: max(1, String(c).displayWidth))
    }
}

/// A small seeded generator, so a failing round can be replayed.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(upTo bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
