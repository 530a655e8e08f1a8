/// Selection and scroll position of a list or table, kept by the caller
/// between frames. Movement helpers take the item count (and optionally
/// which rows can be selected, so group headers are skipped) because the
/// state deliberately doesn't hold the items.
package struct ListState: Hashable, Sendable {
    package var selected: Int?
    /// Index of the first visible row.
    package var offset: Int

    package init(selected: Int? = nil, offset: Int = 0) {
        self.selected = selected
        self.offset = max(0, offset)
    }

    package mutating func select(_ index: Int?, count: Int) {
        guard let index, count > 0 else { selected = nil; return }
        selected = min(max(0, index), count - 1)
    }

    /// Moves by `delta` rows to the nearest selectable one; stops at the ends.
    package mutating func move(by delta: Int, count: Int, isSelectable: (Int) -> Bool = { _ in true }) {
        guard count > 0 else { selected = nil; return }
        guard let current = selected else {
            selectFirst(count: count, isSelectable: isSelectable)
            return
        }
        let target = min(max(0, current + delta), count - 1)
        let step = delta >= 0 ? 1 : -1
        var i = target
        while i >= 0 && i < count {
            if isSelectable(i) { selected = i; return }
            i += step
        }
        // Nothing selectable past the target: look back towards the start.
        i = target - step
        while i >= 0 && i < count && i != current {
            if isSelectable(i) { selected = i; return }
            i -= step
        }
    }

    package mutating func selectNext(count: Int, isSelectable: (Int) -> Bool = { _ in true }) {
        move(by: 1, count: count, isSelectable: isSelectable)
    }

    package mutating func selectPrevious(count: Int, isSelectable: (Int) -> Bool = { _ in true }) {
        move(by: -1, count: count, isSelectable: isSelectable)
    }

    package mutating func selectFirst(count: Int, isSelectable: (Int) -> Bool = { _ in true }) {
        selected = (0..<max(0, count)).first(where: isSelectable)
    }

    package mutating func selectLast(count: Int, isSelectable: (Int) -> Bool = { _ in true }) {
        selected = (0..<max(0, count)).last(where: isSelectable)
    }

    /// PgDn: moves a screenful (less one row of context) and scrolls with it.
    package mutating func pageDown(count: Int, pageSize: Int, isSelectable: (Int) -> Bool = { _ in true }) {
        let page = max(1, pageSize - 1)
        move(by: page, count: count, isSelectable: isSelectable)
        offset += page
        clampOffset(count: count, viewHeight: pageSize)
        scrollToSelection(viewHeight: pageSize)
    }

    package mutating func pageUp(count: Int, pageSize: Int, isSelectable: (Int) -> Bool = { _ in true }) {
        let page = max(1, pageSize - 1)
        move(by: -page, count: count, isSelectable: isSelectable)
        offset = max(0, offset - page)
        scrollToSelection(viewHeight: pageSize)
    }

    /// Adjusts `offset` minimally so the selected row is on screen.
    package mutating func scrollToSelection(viewHeight: Int) {
        guard viewHeight > 0, let selected else { return }
        if selected < offset { offset = selected }
        if selected >= offset + viewHeight { offset = selected - viewHeight + 1 }
    }

    /// Never scroll past the point where the last row sits at the bottom.
    package mutating func clampOffset(count: Int, viewHeight: Int) {
        offset = max(0, min(offset, count - max(1, viewHeight)))
    }
}

/// One list row: its text, an optional right-aligned marker ("●1"), and
/// whether it can be selected (group headers can't).
package struct ListItem: Hashable, Sendable, ExpressibleByStringLiteral {
    package var content: Line
    package var trailing: Line?
    package var isSelectable: Bool

    package init(_ content: Line, trailing: Line? = nil, isSelectable: Bool = true) {
        self.content = content
        self.trailing = trailing
        self.isSelectable = isSelectable
    }

    package init(stringLiteral value: String) {
        self.init(Line(value))
    }

    /// A non-selectable group heading.
    package static func header(_ text: String) -> ListItem {
        ListItem(Line(text, .header, bold: true), isSelectable: false)
    }
}

/// A scrolling list with a selection bar. Selectable rows are indented by
/// the pointer's width so the pointer never shifts the text; headers sit
/// flush left.
package struct ListView: StatefulWidget, Hashable, Sendable {
    package var items: [ListItem]
    package var glyphs: Glyphs
    package var selectionStyle: Style
    /// Whether the pane has focus; an unfocused list still marks its
    /// selection with the pointer but without the highlight bar.
    package var focused: Bool

    package init(_ items: [ListItem], focused: Bool = true, glyphs: Glyphs = .unicode) {
        self.items = items
        self.glyphs = glyphs
        self.selectionStyle = Style(.selection)
        self.focused = focused
    }

    package var pointerWidth: Int { glyphs.pointer.displayWidth + 1 }

    package func isSelectable(_ i: Int) -> Bool { i >= 0 && i < items.count && items[i].isSelectable }

    package func render(_ area: Rect, in buffer: inout Buffer, state: inout ListState) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        if let s = state.selected, s >= items.count { state.selected = items.isEmpty ? nil : items.count - 1 }
        state.clampOffset(count: items.count, viewHeight: area.height)
        state.scrollToSelection(viewHeight: area.height)
        let indent = pointerWidth
        for row in 0..<area.height {
            let index = state.offset + row
            guard index < items.count else { break }
            let item = items[index]
            let y = area.y + row
            let isSelected = state.selected == index
            let rowRect = area.row(row)
            if isSelected && focused { buffer.fill(rowRect, style: selectionStyle) }
            var content = item.content
            var x = area.x
            if item.isSelectable {
                if isSelected {
                    buffer.write(glyphs.pointer, x: x, y: y, style: focused ? selectionStyle : Style(.accent), clip: rowRect)
                }
                x += indent
            }
            // Trailing markers keep one column of margin and one of gap.
            let trailingWidth = item.trailing.map { $0.width + 2 } ?? 0
            let room = area.right - x - trailingWidth
            content = content.truncated(toWidth: room, ellipsis: glyphs.ellipsis)
            if isSelected && focused { content = Line(content.spans.map { Span($0.content, style: Style(selectionStyle.role, bold: $0.style.bold)) }) }
            buffer.write(content, x: x, y: y, clip: rowRect)
            if let trailing = item.trailing, trailing.width + 2 < area.width - indent {
                var t = trailing
                if isSelected && focused { t = Line(t.spans.map { Span($0.content, style: Style(selectionStyle.role, bold: $0.style.bold)) }) }
                buffer.write(t, x: area.right - trailing.width - 1, y: y, clip: rowRect)
            }
        }
    }
}
