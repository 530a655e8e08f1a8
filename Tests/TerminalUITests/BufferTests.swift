import Testing
@testable import TerminalUI

@Suite struct BufferTests {
    @Test func writeClipsToBufferAndRect() {
        var b = Buffer(width: 10, height: 3)
        let end = b.write("hello world", x: 2, y: 0)
        #expect(end == 10)
        #expect(b.lines() == ["  hello wo", "          ", "          "])
        let clip = Rect(x: 1, y: 1, width: 4, height: 1)
        b.write("abcdefgh", x: 0, y: 1, clip: clip)
        #expect(b.lines()[1] == " bcde     ")
        // Rows outside the clip are untouched.
        b.write("zzz", x: 0, y: 2, clip: clip)
        #expect(b.lines()[2] == "          ")
    }

    @Test func maxWidthLimitsWrite() {
        var b = Buffer(width: 10, height: 1)
        b.write("abcdef", x: 1, y: 0, maxWidth: 3)
        #expect(b.lines() == [" abc      "])
    }

    @Test func wideCharactersTakeTwoColumnsAndKeepAlignment() {
        var b = Buffer(width: 8, height: 2)
        b.write("中文ab", x: 0, y: 0)
        b.write("abcdef", x: 0, y: 1)
        #expect(b.lines() == ["中文ab  ", "abcdef  "])
        #expect(b[0, 0].width == 2)
        #expect(b[1, 0].isContinuation)
        #expect(b[4, 0].symbol == "a")
        #expect(b.lines()[0].displayWidth == 8)
        // Emoji are wide too.
        var e = Buffer(width: 6, height: 1)
        e.write("🚀x", x: 0, y: 0)
        #expect(e[2, 0].symbol == "x")
    }

    @Test func wideCharacterAtClipEdgeIsPaddedNotSplit() {
        var b = Buffer(width: 5, height: 1)
        b.write("ab中", x: 2, y: 0)
        // "中" would need columns 4-5; only 4 exists.
        #expect(b.lines() == ["  ab "])
        #expect(b[4, 0].width == 1)
    }

    @Test func overwritingHalfAWideCharacterRepairsTheOtherHalf() {
        var b = Buffer(width: 6, height: 1)
        b.write("中文", x: 0, y: 0)
        b.write("x", x: 1, y: 0)  // the continuation of 中
        #expect(b.lines() == [" x文  "])
        b.write("y", x: 2, y: 0)  // the head of 文
        #expect(b.lines() == [" xy   "])
        #expect(b.cells.allSatisfy { !$0.isContinuation })
    }

    @Test func controlCharactersAreShownInTheirVisibleForm() {
        var b = Buffer(width: 32, height: 1)
        let end = b.write("a\tb\u{1B}]0;x\u{07}c\u{9B}2J\r\n", x: 0, y: 0)
        #expect(b.lines() == ["a\\tb\\x1b]0;x\\x07c\\u{9b}2J\\r\\n   "])
        #expect(b.cells.allSatisfy { cell in !cell.symbol.unicodeScalars.contains(where: ControlCharacters.isControl) })
        // Layout measures what is drawn.
        #expect("a\u{1B}b".displayWidth == 6)
        #expect(end == 29)
    }

    @Test func zwjSequencesAreDrawnAsTheirPiecesAndMeasuredSo() {
        let family = "👨\u{200D}👩\u{200D}👧"
        let rainbow = "🏳\u{FE0F}\u{200D}🌈"
        #expect(family.count == 1)
        #expect(family.displayWidth == 6)
        #expect(rainbow.displayWidth == 3)
        var b = Buffer(width: 12, height: 1)
        let end = b.write("|" + family + rainbow + "|", x: 0, y: 0)
        #expect(end == 11)
        #expect(b.lines() == ["|👨👩👧🏳🌈| "])
        // Cut at the border: never half a piece, never past the limit.
        var narrow = Buffer(width: 8, height: 1)
        narrow.write("[" + family + rainbow, x: 0, y: 0, maxWidth: 6)
        #expect(narrow.lines() == ["[👨👩   "])
        #expect((family + "x").truncated(toWidth: 5).displayWidth <= 5)
    }

    @Test func combiningMarksStayWithTheirBase() {
        var b = Buffer(width: 4, height: 1)
        b.write("e\u{301}x", x: 0, y: 0)
        #expect(b[0, 0].symbol == "e\u{301}")
        #expect(b[1, 0].symbol == "x")
    }

    @Test func displayWidths() {
        #expect("abc".displayWidth == 3)
        #expect("中文".displayWidth == 4)
        #expect("…".displayWidth == 1)
        #expect("┌─┐".displayWidth == 3)
        #expect("●✎▸⚠".displayWidth == 4)
        #expect("🙂".displayWidth == 2)
        #expect("ｈ".displayWidth == 2)  // fullwidth latin
        #expect("한".displayWidth == 2)
        #expect("e\u{301}".displayWidth == 1)
        #expect("a\u{200B}b".displayWidth == 2)
    }

    @Test func truncationWithEllipsis() {
        #expect("DELETE /v1/carts/{cart_id}".truncated(toWidth: 10) == "DELETE /v…")
        #expect("short".truncated(toWidth: 10) == "short")
        #expect("exactly10!".truncated(toWidth: 10) == "exactly10!")
        #expect("abcdef".truncated(toWidth: 4, ellipsis: "...") == "a...")
        #expect("abcdef".truncated(toWidth: 2, ellipsis: "...") == "ab")  // ellipsis can't fit
        #expect("abcdef".truncated(toWidth: 0) == "")
        // A wide char never straddles the limit.
        #expect("中文字".truncated(toWidth: 4) == "中…")
        #expect("中文字".truncated(toWidth: 4).displayWidth <= 4)
        #expect("ab".fitted(toWidth: 4, alignment: .right) == "  ab")
        #expect("ab".fitted(toWidth: 5, alignment: .center) == " ab  ")
    }

    @Test func lineTruncationKeepsStyles() {
        let line = Line([Span("GET ", .accent), Span("/v1/products/{id}")])
        let t = line.truncated(toWidth: 10)
        #expect(t.plainText == "GET /v1/p…")
        #expect(t.spans.first?.style.role == .accent)
        #expect(t.spans.last?.style.role == .text)
    }

    @Test func wrapping() {
        let lines = Line("the quick brown fox jumps").wrapped(toWidth: 10).map(\.plainText)
        #expect(lines == ["the quick", "brown fox", "jumps"])
        let long = Line("abcdefghijkl mn").wrapped(toWidth: 5).map(\.plainText)
        #expect(long == ["abcde", "fghij", "kl mn"])
    }

    /// A wrapped row with a hanging indent counts the indent: rows never pass the width and no
    /// word is lost (the last word of the bundled example's `staff` auth once vanished, and
    /// words ran together where a row passed the pane's edge).
    @Test(arguments: 23...70)
    func wrappingWithAnIndentKeepsEveryWordWithinTheWidth(width: Int) {
        let text = "    Authorization-code flow with PKCE for the support console; staff tokens carry support "
            + "scopes and the agent's id for the audit log."
        let rows = Line(text).wrapped(toWidth: width, indent: 4)
        for row in rows { #expect(row.width <= width, "\(row.plainText)") }
        let words = rows.flatMap { $0.plainText.split(separator: " ") }.joined(separator: " ")
        #expect(words == text.split(separator: " ").joined(separator: " "))
        for row in rows.dropFirst() { #expect(row.plainText.hasPrefix("    ") && !row.plainText.hasPrefix("     ")) }
    }

    @Test func diffReportsOnlyChangedCells() {
        var a = Buffer(width: 10, height: 2)
        a.write("hello", x: 0, y: 0)
        var b = a
        b.write("J", x: 0, y: 0)
        b.write("!", x: 9, y: 1)
        let changes = b.diff(from: a)
        #expect(changes.map { [$0.x, $0.y] } == [[0, 0], [9, 1]])
        #expect(changes.first?.cell.symbol == "J")
        #expect(b.diff(from: b).isEmpty)
        // A style change alone is a change.
        var c = a
        c.setStyle(Rect(x: 1, y: 0, width: 1, height: 1), style: Style(.error))
        #expect(c.diff(from: a).map(\.x) == [1])
        // Size changes (or no previous frame) repaint everything.
        #expect(a.diff(from: nil).count == 20)
        #expect(a.diff(from: Buffer(width: 5, height: 2)).count == 20)
    }

    @Test func diffWritesWideCharacterOnceThroughItsHead() {
        var a = Buffer(width: 6, height: 1)
        a.write("ab", x: 0, y: 0)
        var b = a
        b.write("中", x: 0, y: 0)
        let changes = b.diff(from: a)
        #expect(changes.count == 1)
        #expect(changes[0].cell.symbol == "中")
        // Going back to narrow rewrites both columns.
        #expect(a.diff(from: b).map(\.x) == [0, 1])
    }

    @Test func roleLineShowsWhereStylesLand() {
        var b = Buffer(width: 5, height: 1)
        b.write("ab", x: 1, y: 0, style: Style(.warning))
        #expect(b.roleLine(0) == ".WW..")
    }
}
