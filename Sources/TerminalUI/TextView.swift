/// Vertical scroll position of a text view.
package struct TextViewState: Hashable, Sendable {
    package var offset: Int

    package init(offset: Int = 0) {
        self.offset = max(0, offset)
    }

    package mutating func scroll(by delta: Int) { offset = max(0, offset + delta) }
    package mutating func pageDown(viewHeight: Int) { scroll(by: max(1, viewHeight - 1)) }
    package mutating func pageUp(viewHeight: Int) { scroll(by: -max(1, viewHeight - 1)) }
    package mutating func scrollToTop() { offset = 0 }
    /// Scrolls to the end; rendering clamps it to the last full page.
    package mutating func scrollToBottom() { offset = Int.max / 2 }
}

/// Lines of text, wrapped at word boundaries or clipped with an ellipsis,
/// scrolled by `TextViewState`.
package struct TextView: StatefulWidget, Widget, Hashable, Sendable {
    package var lines: [Line]
    package var wrap: Bool
    package var glyphs: Glyphs

    package init(_ lines: [Line], wrap: Bool = true, glyphs: Glyphs = .unicode) {
        self.lines = lines
        self.wrap = wrap
        self.glyphs = glyphs
    }

    /// Splits plain text on newlines.
    package init(text: String, role: StyleRole = .text, wrap: Bool = true, glyphs: Glyphs = .unicode) {
        self.init(text.split(separator: "\n", omittingEmptySubsequences: false).map { Line(String($0), role) },
                  wrap: wrap, glyphs: glyphs)
    }

    /// The screen lines for a given width, so callers can size popups or
    /// show "line 3/40".
    package func visualLines(width: Int) -> [Line] {
        guard width > 0 else { return [] }
        if !wrap { return lines.map { $0.truncated(toWidth: width, ellipsis: glyphs.ellipsis) } }
        return lines.flatMap { $0.width == 0 ? [Line.empty] : $0.wrapped(toWidth: width, indent: $0.continuationIndent) }
    }

    package func render(_ area: Rect, in buffer: inout Buffer, state: inout TextViewState) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        Self.render(visual: visualLines(width: area.width), area, in: &buffer, state: &state)
    }

    /// Draws lines already wrapped to the area's width (kept by a caller that wraps a long text
    /// once, not every frame), from the state's offset.
    package static func render(visual: [Line], _ area: Rect, in buffer: inout Buffer, state: inout TextViewState) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        state.offset = max(0, min(state.offset, visual.count - area.height))
        for row in 0..<area.height {
            let i = state.offset + row
            guard i < visual.count else { break }
            buffer.write(visual[i], x: area.x, y: area.y + row, clip: area)
        }
    }

    package func render(_ area: Rect, in buffer: inout Buffer) {
        var state = TextViewState()
        render(area, in: &buffer, state: &state)
    }
}

/// A bordered box centred over whatever is below it, for help, confirm
/// prompts and error messages. It clears its area first so the content
/// underneath doesn't show through.
package struct Popup: Widget, Hashable, Sendable {
    package var title: Line?
    package var lines: [Line]
    /// A hint on the last inner row, e.g. "y: yes  n: no".
    package var footer: Line?
    package var preferredWidth: Int?
    package var preferredHeight: Int?
    package var glyphs: Glyphs
    package var scroll: TextViewState

    package init(title: String? = nil, lines: [Line], footer: Line? = nil, width: Int? = nil, height: Int? = nil,
                scroll: TextViewState = TextViewState(), glyphs: Glyphs = .unicode) {
        self.title = title.map { Line($0, .title) }
        self.lines = lines
        self.footer = footer
        self.preferredWidth = width
        self.preferredHeight = height
        self.scroll = scroll
        self.glyphs = glyphs
    }

    /// Where the popup lands inside `screen`: its preferred size or one that
    /// fits the content, always leaving a margin so it reads as a popup.
    package func area(in screen: Rect) -> Rect {
        let maxWidth = max(0, screen.width - 4)
        let maxHeight = max(0, screen.height - 2)
        let contentWidth = max(lines.map(\.width).max() ?? 0, footer?.width ?? 0, (title?.width ?? 0) + 2)
        let width = min(preferredWidth ?? contentWidth + 4, maxWidth)
        let text = TextView(lines, wrap: true, glyphs: glyphs)
        let bodyLines = text.visualLines(width: max(1, width - 4)).count
        let height = min(preferredHeight ?? bodyLines + 2 + (footer == nil ? 0 : 2), maxHeight)
        return screen.centered(width: width, height: height)
    }

    package func render(_ screen: Rect, in buffer: inout Buffer) {
        let rect = area(in: screen)
        guard rect.width >= 3, rect.height >= 3 else { return }
        let block = Block(title: title, focused: true, background: .plain, glyphs: glyphs)
        block.render(rect, in: &buffer)
        var inner = block.inner(rect).inset(left: 1, right: 1)
        if let footer, inner.height >= 3 {
            let y = inner.bottom - 1
            buffer.write(footer.truncated(toWidth: inner.width, ellipsis: glyphs.ellipsis), x: inner.x, y: y, clip: inner)
            inner = inner.inset(bottom: 2)
        }
        var state = scroll
        TextView(lines, wrap: true, glyphs: glyphs).render(inner, in: &buffer, state: &state)
    }
}
