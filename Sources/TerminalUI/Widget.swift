/// Something that draws itself into a rect of a buffer. Widgets are values
/// built fresh every frame; anything that must survive between frames
/// (selection, scroll offset) lives in a separate state value.
package protocol Widget {
    func render(_ area: Rect, in buffer: inout Buffer)
}

/// A widget whose rendering reads and adjusts a state value, e.g. a list
/// that scrolls its offset so the selection stays visible.
package protocol StatefulWidget {
    associatedtype State
    func render(_ area: Rect, in buffer: inout Buffer, state: inout State)
}

extension Buffer {
    package mutating func render<W: Widget>(_ widget: W, in area: Rect) {
        widget.render(area, in: &self)
    }

    package mutating func render<W: StatefulWidget>(_ widget: W, in area: Rect, state: inout W.State) {
        widget.render(area, in: &self, state: &state)
    }
}

/// A bordered box with an optional title, the frame of every pane.
package struct Block: Widget, Hashable, Sendable {
    package var title: Line?
    /// Shown at the right end of the top border (e.g. "3/120").
    package var trailingTitle: Line?
    package var borders: Bool
    package var borderStyle: Style
    /// When set, the inside is cleared to this style first (popups).
    package var background: Style?
    /// Blank columns between the side borders and the content.
    package var padding: Int
    package var glyphs: Glyphs

    package init(title: Line? = nil, trailingTitle: Line? = nil, borders: Bool = true,
                focused: Bool = false, background: Style? = nil, padding: Int = 0, glyphs: Glyphs = .unicode) {
        self.padding = max(0, padding)
        self.title = title
        self.trailingTitle = trailingTitle
        self.borders = borders
        self.borderStyle = Style(focused ? .focusBorder : .border)
        self.background = background
        self.glyphs = glyphs
    }

    package init(title: String, focused: Bool = false, padding: Int = 0, glyphs: Glyphs = .unicode) {
        self.init(title: Line(title, .title), focused: focused, padding: padding, glyphs: glyphs)
    }

    /// The area left for content inside the border.
    package func inner(_ area: Rect) -> Rect {
        let inner = borders ? area.inset(by: 1) : (title == nil ? area : area.inset(top: 1))
        return inner.inset(left: padding, right: padding)
    }

    package func render(_ area: Rect, in buffer: inout Buffer) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        if let background { buffer.fill(area, style: background) }
        if borders, area.width >= 2, area.height >= 2 {
            let g = glyphs, s = borderStyle
            for x in area.left + 1..<area.right - 1 {
                buffer.write(g.horizontal, x: x, y: area.top, style: s)
                buffer.write(g.horizontal, x: x, y: area.bottom - 1, style: s)
            }
            for y in area.top + 1..<area.bottom - 1 {
                buffer.write(g.vertical, x: area.left, y: y, style: s)
                buffer.write(g.vertical, x: area.right - 1, y: y, style: s)
            }
            buffer.write(g.topLeft, x: area.left, y: area.top, style: s)
            buffer.write(g.topRight, x: area.right - 1, y: area.top, style: s)
            buffer.write(g.bottomLeft, x: area.left, y: area.bottom - 1, style: s)
            buffer.write(g.bottomRight, x: area.right - 1, y: area.bottom - 1, style: s)
        }
        // Titles sit on the top border: "┌ Title ──── 3/9 ┐"; the leading
        // title wins the space when both don't fit.
        let inset = borders ? 1 : 0
        var room = area.width - 2 * inset
        var titleEnd = area.left + inset
        if let title, room > 2 {
            let t = title.truncated(toWidth: room - 2, ellipsis: glyphs.ellipsis)
            var x = buffer.write(" ", x: titleEnd, y: area.top, style: borderStyle, clip: area)
            x = buffer.write(t, x: x, y: area.top, clip: area)
            titleEnd = buffer.write(" ", x: x, y: area.top, style: borderStyle, clip: area)
            room = area.right - inset - titleEnd
        }
        if let trailingTitle, room > trailingTitle.width + 3 {
            let x = area.right - inset - trailingTitle.width - 2
            buffer.write(" ", x: x, y: area.top, style: borderStyle, clip: area)
            buffer.write(trailingTitle, x: x + 1, y: area.top, clip: area)
            buffer.write(" ", x: x + 1 + trailingTitle.width, y: area.top, style: borderStyle, clip: area)
        }
    }
}

/// Numbered pane tabs: " 1 Overview  2 Endpoints ", the active one
/// highlighted; the numbers are the keys that switch to them.
package struct Tabs: Widget, Hashable, Sendable {
    package var titles: [String]
    package var selected: Int
    package var numbered: Bool

    package init(_ titles: [String], selected: Int, numbered: Bool = true) {
        self.titles = titles
        self.selected = selected
        self.numbered = numbered
    }

    package var width: Int {
        titles.enumerated().reduce(0) { $0 + label($1.offset, $1.element).displayWidth }
    }

    func label(_ i: Int, _ title: String) -> String {
        numbered ? " \(i + 1) \(title) " : " \(title) "
    }

    package func render(_ area: Rect, in buffer: inout Buffer) {
        let row = area.intersection(buffer.area).row(0)
        guard !row.isEmpty else { return }
        var x = row.x
        for (i, title) in titles.enumerated() {
            guard x < row.right else { break }
            if i == selected {
                x = buffer.write(label(i, title), x: x, y: row.y, style: Style(.activeTab, bold: true), clip: row)
            } else if numbered {
                x = buffer.write(" \(i + 1)", x: x, y: row.y, style: Style(.accent), clip: row)
                x = buffer.write(" \(title) ", x: x, y: row.y, style: .plain, clip: row)
            } else {
                x = buffer.write(label(i, title), x: x, y: row.y, style: .plain, clip: row)
            }
        }
    }
}
