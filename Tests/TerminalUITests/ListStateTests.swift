import Testing
@testable import TerminalUI

@Suite struct ListStateTests {
    @Test func movesStopAtEnds() {
        var s = ListState()
        s.selectNext(count: 3)
        #expect(s.selected == 0)
        s.selectNext(count: 3); s.selectNext(count: 3); s.selectNext(count: 3)
        #expect(s.selected == 2)
        s.selectPrevious(count: 3); s.selectPrevious(count: 3); s.selectPrevious(count: 3)
        #expect(s.selected == 0)
        s.selectLast(count: 3)
        #expect(s.selected == 2)
        s.select(10, count: 3)
        #expect(s.selected == 2)
        s.select(nil, count: 3)
        #expect(s.selected == nil)
    }

    @Test func skipsUnselectableRows() {
        let selectable: (Int) -> Bool = { $0 != 0 && $0 != 3 }
        var s = ListState()
        s.selectFirst(count: 6, isSelectable: selectable)
        #expect(s.selected == 1)
        s.selectNext(count: 6, isSelectable: selectable)
        s.selectNext(count: 6, isSelectable: selectable)
        #expect(s.selected == 4)
        s.selectPrevious(count: 6, isSelectable: selectable)
        #expect(s.selected == 2)
        s.selectPrevious(count: 6, isSelectable: selectable)
        s.selectPrevious(count: 6, isSelectable: selectable)
        #expect(s.selected == 1)  // header 0 is never selected
    }

    @Test func scrollKeepsSelectionVisible() {
        var s = ListState(selected: 0)
        for _ in 0..<7 { s.selectNext(count: 20) }
        s.scrollToSelection(viewHeight: 5)
        #expect(s.selected == 7)
        #expect(s.offset == 3)
        s.select(1, count: 20)
        s.scrollToSelection(viewHeight: 5)
        #expect(s.offset == 1)
    }

    @Test func pageUpAndDown() {
        var s = ListState(selected: 0)
        s.pageDown(count: 100, pageSize: 10)
        #expect(s.selected == 9)
        #expect(s.offset == 9)
        s.pageDown(count: 100, pageSize: 10)
        #expect(s.selected == 18)
        s.pageUp(count: 100, pageSize: 10)
        #expect(s.selected == 9)
        #expect(s.offset == 9)
        // Near the end the selection lands on the last row, the last page fills the view.
        var e = ListState(selected: 95, offset: 90)
        e.pageDown(count: 100, pageSize: 10)
        #expect(e.selected == 99)
        #expect(e.offset == 90)
    }

    @Test func renderClampsStaleState() {
        var b = Buffer(width: 10, height: 3)
        var s = ListState(selected: 9, offset: 8)
        b.render(ListView(["a", "b"]), in: b.area, state: &s)
        #expect(s.selected == 1)
        #expect(s.offset == 0)
        #expect(b.lines() == ["  a       ", "▸ b       ", "          "])
    }
}

@Suite struct FrameDiffTests {
    /// Moving the selection down one row must rewrite just the two rows
    /// whose look changed — the whole point of keeping the last frame.
    @MainActor @Test func movingSelectionWritesOnlyTheTwoRows() {
        let terminal = MemoryTerminal(width: 30, height: 8)
        let items: [ListItem] = (0..<20).map { ListItem(Line("item \($0)")) }
        var state = ListState(selected: 1)
        func frame() -> Buffer {
            terminal.drawFrame { buf in
                let block = Block(title: "Items", glyphs: terminal.glyphs)
                buf.render(block, in: buf.area)
                buf.render(ListView(items, glyphs: terminal.glyphs), in: block.inner(buf.area), state: &state)
            }
        }
        let first = frame()
        #expect(terminal.lastWriteCount == 30 * 8)
        state.selectNext(count: items.count)
        let second = frame()
        let changes = second.diff(from: first)
        #expect(Set(changes.map(\.y)) == [2, 3])  // rows of item 1 and item 2 (inside the border)
        #expect(changes.allSatisfy { $0.x >= 1 && $0.x <= 28 })
        #expect(terminal.lastWriteCount == changes.count)
        #expect(terminal.lastWriteCount == 2 * 28)
        #expect(terminal.lines() == second.lines())
        // Nothing changed: nothing written.
        _ = frame()
        #expect(terminal.lastWriteCount == 0)
        // Scrolling moves every visible row.
        for _ in 0..<6 { state.selectNext(count: items.count) }
        _ = frame()
        #expect(terminal.lines()[6] == "│▸ item 8" + String(repeating: " ", count: 20) + "│")
        #expect(state.offset == 3)
    }

    @MainActor @Test func memoryTerminalScriptAndResize() {
        let terminal = MemoryTerminal(width: 20, height: 5)
        terminal.type("jk\r")
        terminal.enqueue(.ctrl("s"))
        #expect(terminal.readKey(timeout: nil) == .char("j"))
        #expect(terminal.readKey(timeout: nil) == .char("k"))
        #expect(terminal.readKey(timeout: nil) == .enter)
        #expect(terminal.readKey(timeout: .zero) == .ctrl("s"))
        #expect(terminal.readKey(timeout: .zero) == nil)
        terminal.drawFrame { $0.write("hi", x: 0, y: 0) }
        terminal.resize(width: 10, height: 3)
        #expect(terminal.readKey(timeout: nil) == .resize)
        terminal.drawFrame { $0.write("hi", x: 0, y: 0) }
        #expect(terminal.lastWriteCount == 30)
        #expect(terminal.lines() == ["hi        ", "          ", "          "])
        terminal.suspend()
        #expect(terminal.isSuspended)
        terminal.resume()
        terminal.drawFrame { $0.write("hi", x: 0, y: 0) }
        #expect(terminal.lastWriteCount == 30)  // resume repaints everything
        terminal.setCursor(Position(x: 2, y: 0))
        #expect(terminal.cursor == Position(x: 2, y: 0))
        terminal.restore()
        terminal.restore()
        #expect(terminal.isRestored)
    }
}
