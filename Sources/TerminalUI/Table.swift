public struct TableColumn: Hashable, Sendable {
    public var title: String
    public var width: Constraint
    public var alignment: TextAlignment

    public init(_ title: String, width: Constraint, alignment: TextAlignment = .left) {
        self.title = title
        self.width = width
        self.alignment = alignment
    }
}

/// Rows of cells under a header, sharing `ListState` for selection and
/// scrolling. Cells that don't fit their column end with an ellipsis.
public struct Table: StatefulWidget, Hashable, Sendable {
    public var columns: [TableColumn]
    public var rows: [[Line]]
    public var showHeader: Bool
    public var columnSpacing: Int
    public var glyphs: Glyphs
    public var focused: Bool
    /// Reserve a pointer column for the selected row (like `ListView`).
    public var showsPointer: Bool

    public init(columns: [TableColumn], rows: [[Line]], showHeader: Bool = true, columnSpacing: Int = 1,
                focused: Bool = true, showsPointer: Bool = true, glyphs: Glyphs = .unicode) {
        self.columns = columns
        self.rows = rows
        self.showHeader = showHeader
        self.columnSpacing = columnSpacing
        self.glyphs = glyphs
        self.focused = focused
        self.showsPointer = showsPointer
    }

    /// Column x-offsets and widths within `area` (exposed so callers can
    /// align other content with the columns).
    public func columnRects(in area: Rect) -> [Rect] {
        let indent = showsPointer ? glyphs.pointer.displayWidth + 1 : 0
        let body = area.inset(left: indent)
        return Layout(.horizontal, columns.map(\.width), spacing: columnSpacing).split(body)
    }

    public func render(_ area: Rect, in buffer: inout Buffer, state: inout ListState) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        let cols = columnRects(in: area)
        var bodyTop = area.y
        if showHeader {
            for (c, rect) in zip(columns, cols) {
                let text = c.title.fitted(toWidth: rect.width, alignment: c.alignment, ellipsis: glyphs.ellipsis)
                buffer.write(text, x: rect.x, y: area.y, style: Style(.header, bold: true), clip: area)
            }
            bodyTop += 1
        }
        let body = Rect(x: area.x, y: bodyTop, width: area.width, height: area.bottom - bodyTop)
        guard !body.isEmpty else { return }
        if let s = state.selected, s >= rows.count { state.selected = rows.isEmpty ? nil : rows.count - 1 }
        state.clampOffset(count: rows.count, viewHeight: body.height)
        state.scrollToSelection(viewHeight: body.height)
        for r in 0..<body.height {
            let index = state.offset + r
            guard index < rows.count else { break }
            let y = body.y + r
            let rowRect = body.row(r)
            let selected = state.selected == index
            let highlight = selected && focused
            if highlight { buffer.fill(rowRect, style: Style(.selection)) }
            if selected && showsPointer {
                buffer.write(glyphs.pointer, x: body.x, y: y, style: Style(highlight ? .selection : .accent), clip: rowRect)
            }
            for (c, (column, rect)) in zip(columns, cols).enumerated() {
                guard c < rows[index].count, rect.width > 0 else { continue }
                var cell = rows[index][c].truncated(toWidth: rect.width, ellipsis: glyphs.ellipsis)
                if highlight { cell = Line(cell.spans.map { Span($0.content, style: Style(.selection, bold: $0.style.bold)) }) }
                let pad = rect.width - cell.width
                let x: Int
                switch column.alignment {
                case .left: x = rect.x
                case .right: x = rect.x + pad
                case .center: x = rect.x + pad / 2
                }
                buffer.write(cell, x: x, y: y, clip: rect.intersection(rowRect))
            }
        }
    }
}
