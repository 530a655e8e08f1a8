import Testing
@testable import TerminalUI

@Suite struct WidgetTests {
    @Test func blockWithTitle() {
        var b = Buffer(width: 20, height: 4)
        let block = Block(title: "Endpoints (6)")
        b.render(block, in: b.area)
        #expect(b.lines() == [
            "┌ Endpoints (6) ───┐",
            "│                  │",
            "│                  │",
            "└──────────────────┘",
        ])
        #expect(block.inner(b.area) == Rect(x: 1, y: 1, width: 18, height: 2))
        #expect(b.roleLine(0) == "bbTTTTTTTTTTTTTbbbbb")
    }

    @Test func blockASCIIFallbackAndLongTitle() {
        var b = Buffer(width: 12, height: 3)
        b.render(Block(title: "A very long title", glyphs: .ascii), in: b.area)
        #expect(b.lines() == [
            "+ A ver... +",
            "|          |",
            "+----------+",
        ])
    }

    @Test func blockPaddingNarrowsInner() {
        var b = Buffer(width: 12, height: 3)
        let block = Block(title: "P", padding: 1)
        #expect(block.inner(b.area) == Rect(x: 2, y: 1, width: 8, height: 1))
        b.render(block, in: b.area)
        b.render(TextView(text: "abcdefghijk", wrap: false), in: block.inner(b.area))
        #expect(b.lines()[1] == "│ abcdefg… │")
    }

    @Test func blockTrailingTitleAndFocus() {
        var b = Buffer(width: 24, height: 3)
        b.render(Block(title: "List", trailingTitle: "3/9", focused: true), in: b.area)
        #expect(b.lines()[0] == "┌ List " + String(repeating: "─", count: 11) + " 3/9 ┐")
        #expect(b.roleLine(2).allSatisfy { $0 == "B" })
    }

    static let endpointItems: [ListItem] = [
        .header("catalog"),
        ListItem("GET /v1/products"),
        ListItem("GET /v1/products/{product_id}"),
        .header("orders"),
        ListItem(Line("POST /v1/orders"), trailing: Line("●1", .warning)),
    ]

    @Test func listRendersHeadersPointerTrailingAndTruncation() {
        var b = Buffer(width: 24, height: 4)
        var state = ListState(selected: 4)
        b.render(ListView(Self.endpointItems), in: b.area, state: &state)
        #expect(state.offset == 1)  // scrolled so the selection is visible
        #expect(b.lines() == [
            "  GET /v1/products      ",
            "  GET /v1/products/{pro…",
            "orders                  ",
            "▸ POST /v1/orders    ●1 ",
        ])
        #expect(b.roleLine(3) == String(repeating: "S", count: 24))
        #expect(b.roleLine(2).hasPrefix("HHHHHH"))
    }

    @Test func listASCII() {
        var b = Buffer(width: 24, height: 2)
        var state = ListState(selected: 2, offset: 1)
        let items = Array(Self.endpointItems.prefix(3))
        b.render(ListView(items, glyphs: .ascii), in: b.area, state: &state)
        #expect(b.lines() == [
            "  GET /v1/products      ",
            "> GET /v1/products/{p...",
        ])
    }

    @Test func unfocusedListShowsPointerWithoutBar() {
        var b = Buffer(width: 10, height: 2)
        var state = ListState(selected: 0)
        b.render(ListView(["one", "two"], focused: false), in: b.area, state: &state)
        #expect(b.lines() == ["▸ one     ", "  two     "])
        #expect(b.roleLine(0) == "a.........")
    }

    @Test func textViewWrapsAndScrolls() {
        let view = TextView([Line("The quick brown fox jumps over the lazy dog")])
        #expect(view.visualLines(width: 12).map(\.plainText) == ["The quick", "brown fox", "jumps over", "the lazy dog"])
        var b = Buffer(width: 12, height: 3)
        var state = TextViewState(offset: 1)
        b.render(view, in: b.area, state: &state)
        #expect(b.lines() == ["brown fox   ", "jumps over  ", "the lazy dog"])
        // Scrolling past the end stops at the last full page.
        state.offset = 50
        b.render(view, in: b.area, state: &state)
        #expect(state.offset == 1)
    }

    @Test func textViewClipsWithEllipsisWhenNotWrapping() {
        var b = Buffer(width: 12, height: 2)
        b.render(TextView(text: "The quick brown fox\nshort", wrap: false), in: b.area)
        #expect(b.lines() == ["The quick b…", "short       "])
    }

    @Test func tabsNumberedWithActiveHighlighted() {
        var b = Buffer(width: 40, height: 1)
        b.render(Tabs(["Overview", "Endpoints", "Services"], selected: 1), in: b.area)
        #expect(b.lines() == [" 1 Overview  2 Endpoints  3 Services    "])
        #expect(b.roleLine(0) == "aa.........." + String(repeating: "A", count: 13) + "aa.........." + "...")
    }

    @Test func popupIsCentredAndCoversWhatIsBelow() {
        var b = Buffer(width: 40, height: 12, fill: Cell("x"))
        let popup = Popup(title: "Help", lines: ["q  quit", "?  help"], footer: "Esc: close")
        #expect(popup.area(in: b.area) == Rect(x: 13, y: 3, width: 14, height: 6))
        b.render(popup, in: b.area)
        let xs = String(repeating: "x", count: 13)
        #expect(b.lines() == [
            String(repeating: "x", count: 40),
            String(repeating: "x", count: 40),
            String(repeating: "x", count: 40),
            xs + "┌ Help ──────┐" + xs,
            xs + "│ q  quit    │" + xs,
            xs + "│ ?  help    │" + xs,
            xs + "│            │" + xs,
            xs + "│ Esc: close │" + xs,
            xs + "└────────────┘" + xs,
            String(repeating: "x", count: 40),
            String(repeating: "x", count: 40),
            String(repeating: "x", count: 40),
        ])
    }

    @Test func glyphSetsDifferOnlyWhereUnicodeIsUsed() {
        let u = Glyphs.unicode, a = Glyphs.ascii
        #expect([a.finding, a.comment, a.pointer, a.ellipsis, a.warning] == ["!", "#", ">", "...", "!"])
        #expect([u.finding, u.comment, u.pointer, u.ellipsis, u.warning] == ["●", "✎", "▸", "…", "⚠"])
        let asciiStrings = [a.topLeft, a.topRight, a.bottomLeft, a.bottomRight, a.horizontal, a.vertical,
                            a.finding, a.comment, a.pointer, a.ellipsis, a.warning, a.error, a.info, a.ok,
                            a.modified, a.scrollUp, a.scrollDown, a.separator]
        #expect(asciiStrings.allSatisfy { $0.unicodeScalars.allSatisfy { $0.isASCII } })
        #expect(TerminalCapabilities(colors: .none, unicode: false).glyphs == .ascii)
        #expect(TerminalCapabilities(colors: .none, unicode: true).glyphs == .unicode)
        let acs = TerminalCapabilities(colors: .basic8, unicode: false, lineDrawing: true).glyphs
        #expect(acs.topLeft == "┌" && acs.finding == "!" && acs.ellipsis == "...")
        #expect(Set([acs.topLeft, acs.topRight, acs.bottomLeft, acs.bottomRight, acs.horizontal, acs.vertical]) == Glyphs.boxDrawingSymbols)
    }

    @Test func wholeScreenInASCIIHasNoUnicode() {
        let g = Glyphs.ascii
        var b = Buffer(width: 30, height: 6)
        let rows = Layout.vertical([.fill(1), .length(1)]).split(b.area)
        let block = Block(title: "Endpoints", glyphs: g)
        b.render(block, in: rows[0])
        var state = ListState(selected: 1)
        b.render(ListView(Self.endpointItems, glyphs: g), in: block.inner(rows[0]), state: &state)
        b.write("file.yaml" + g.ellipsis, x: 0, y: rows[1].y, clip: rows[1])
        #expect(b.text.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(b.lines()[0] == "+ Endpoints " + String(repeating: "-", count: 17) + "+")
    }
}
