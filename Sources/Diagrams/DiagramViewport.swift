import TerminalUI

/// Which part of a diagram canvas a pane shows: a view-sized window at `offset`, always kept
/// inside the canvas.
package struct DiagramViewport: Hashable, Sendable {
    package private(set) var canvasSize: Size
    package private(set) var viewSize: Size
    package private(set) var offset: Position

    package init(canvas: Size, view: Size, offset: Position = Position(x: 0, y: 0)) {
        canvasSize = canvas
        viewSize = view
        self.offset = offset
        clamp()
    }

    package var visibleRect: Rect { Rect(x: offset.x, y: offset.y, width: viewSize.width, height: viewSize.height) }

    package mutating func pan(dx: Int = 0, dy: Int = 0) {
        offset = Position(x: offset.x + dx, y: offset.y + dy)
        clamp()
    }

    package mutating func resize(view: Size) {
        viewSize = view
        clamp()
    }

    package mutating func resize(canvas: Size) {
        canvasSize = canvas
        clamp()
    }

    /// Scrolls as little as needed to show `rect`; when it is larger than the view, its
    /// top-left corner wins (that is where a box's title is).
    package mutating func reveal(_ rect: Rect) {
        var x = offset.x, y = offset.y
        if rect.right > x + viewSize.width { x = rect.right - viewSize.width }
        if rect.left < x { x = rect.left }
        if rect.bottom > y + viewSize.height { y = rect.bottom - viewSize.height }
        if rect.top < y { y = rect.top }
        offset = Position(x: x, y: y)
        clamp()
    }

    /// Scrolls so `rect` sits in the middle of the view (as far as the canvas allows).
    package mutating func center(on rect: Rect) {
        offset = Position(x: rect.x + rect.width / 2 - viewSize.width / 2, y: rect.y + rect.height / 2 - viewSize.height / 2)
        clamp()
        reveal(rect)
    }

    private mutating func clamp() {
        offset = Position(x: min(max(0, offset.x), max(0, canvasSize.width - viewSize.width)),
                          y: min(max(0, offset.y), max(0, canvasSize.height - viewSize.height)))
    }

    /// "cols 41-160/300 rows 1-38/52": where the view is, in 1-based cells.
    package var positionText: String {
        func span(_ start: Int, _ length: Int, _ total: Int) -> String {
            total == 0 ? "0/0" : "\(start + 1)-\(min(total, start + length))/\(total)"
        }
        return "cols \(span(offset.x, viewSize.width, canvasSize.width)) rows \(span(offset.y, viewSize.height, canvasSize.height))"
    }

    /// A scaled-down picture of the canvas: a cell holding part of a box shows `box`, the
    /// cells that cover the visible window take the selection role.
    package func minimap(width: Int, height: Int, boxes: [Rect], glyphs: Glyphs = .unicode) -> [Line] {
        guard width > 0, height > 0, canvasSize.width > 0, canvasSize.height > 0 else { return [] }
        let boxSymbol = glyphs.isUnicode ? "■" : "#"
        let cellW = Double(canvasSize.width) / Double(width), cellH = Double(canvasSize.height) / Double(height)
        var filled = Array(repeating: false, count: width * height)
        for rect in boxes {
            let x0 = Int(Double(rect.left) / cellW), x1 = Int(Double(max(rect.left, rect.right - 1)) / cellW)
            let y0 = Int(Double(rect.top) / cellH), y1 = Int(Double(max(rect.top, rect.bottom - 1)) / cellH)
            for y in max(0, y0)...min(height - 1, max(0, y1)) {
                for x in max(0, x0)...min(width - 1, max(0, x1)) { filled[y * width + x] = true }
            }
        }
        let view = visibleRect
        return (0..<height).map { y in
            var spans: [Span] = []
            for x in 0..<width {
                let cx = Int(Double(x) * cellW), cy = Int(Double(y) * cellH)
                let cell = Rect(x: cx, y: cy, width: max(1, Int(cellW.rounded(.up))), height: max(1, Int(cellH.rounded(.up))))
                let inView = !cell.intersection(view).isEmpty
                let span = Span(filled[y * width + x] ? boxSymbol : " ", inView ? .selection : .muted)
                if let last = spans.last, last.style == span.style {
                    spans[spans.count - 1].content += span.content
                } else {
                    spans.append(span)
                }
            }
            return Line(spans)
        }
    }
}

/// A diagram ready for a pane: the graph, its layout, the drawn canvas, the selected box and
/// the viewport. Selection and panning keep the selected box in view.
package struct DiagramScene: Sendable {
    package let graph: DiagramGraph
    package let layout: DiagramLayout
    package let glyphs: DiagramGlyphs
    package private(set) var canvas: Buffer
    package private(set) var selected: Int?
    package var viewport: DiagramViewport

    package init(graph: DiagramGraph, options: DiagramLayoutOptions = DiagramLayoutOptions(),
                glyphs: DiagramGlyphs = .unicode, viewSize: Size) {
        self.graph = glyphs.isUnicode ? graph : graph.asciiTransliterated()
        self.glyphs = glyphs
        layout = LayeredLayout.layout(self.graph, options: options)
        canvas = DiagramRenderer(glyphs: glyphs).canvas(self.graph, layout)
        viewport = DiagramViewport(canvas: layout.size, view: viewSize)
        // Open on the first box in reading order, not on whatever empty corner is top-left.
        if let first = layout.selectionOrder.first { viewport.center(on: layout.nodeRects[first]) }
    }

    package var selectedNodeID: String? { selected.map { graph.nodes[$0].id } }

    /// Selects a node (nil clears) and scrolls it into view.
    package mutating func select(_ index: Int?) {
        selected = index.flatMap { graph.nodes.indices.contains($0) ? $0 : nil }
        canvas = DiagramRenderer(glyphs: glyphs, selected: selected).canvas(graph, layout)
        if let selected { viewport.reveal(layout.nodeRects[selected]) }
    }

    /// Tab and Shift-Tab.
    package mutating func selectNext(forward: Bool = true) {
        select(layout.nextSelection(after: selected, forward: forward))
    }

    /// Selects by a typed name; false when nothing matches.
    @discardableResult
    package mutating func select(named name: String) -> Bool {
        guard let index = graph.node(named: name, in: layout) else { return false }
        select(index)
        return true
    }

    /// Draws the visible window into `area`, with the position line in its last row when
    /// `showsPosition` and the area has room for it.
    package func render(_ area: Rect, in buffer: inout Buffer, showsPosition: Bool = true) {
        viewport.render(canvas, area, in: &buffer, selectedText: selected.map { graph.nodes[$0].title },
                        showsPosition: showsPosition)
    }

    /// The rows of the diagram area for a pane of `area`'s size (one row goes to the
    /// position line).
    package static func viewSize(for area: Size, showsPosition: Bool = true) -> Size {
        Size(width: area.width, height: area.height - (showsPosition && area.height > 1 ? 1 : 0))
    }
}

extension DiagramViewport {
    /// Copies the visible window of `canvas` into `area`; with `showsPosition` (and room for
    /// it) the last row is the position line: what is selected, and which part is shown.
    package func render(_ canvas: Buffer, _ area: Rect, in buffer: inout Buffer, selectedText: String?,
                       showsPosition: Bool = true) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        let statusRow = showsPosition && area.height > 1
        let diagramHeight = area.height - (statusRow ? 1 : 0)
        buffer.fill(Rect(x: area.x, y: area.y, width: area.width, height: diagramHeight))
        for y in 0..<min(diagramHeight, canvas.height - offset.y) {
            for x in 0..<min(area.width, canvas.width - offset.x) {
                let cell = canvas[offset.x + x, offset.y + y]
                if cell.isContinuation { continue }
                buffer[area.x + x, area.y + y] = cell
            }
        }
        guard statusRow else { return }
        let row = area.bottom - 1
        buffer.fill(Rect(x: area.x, y: row, width: area.width, height: 1), style: Style(.statusBar))
        let selectedText = selectedText.map { "\($0)  " } ?? ""
        let position = positionText
        // A long selection (a sequence message) is cut to leave the position its room.
        let room = area.width - 4 - position.displayWidth
        buffer.write(selectedText, x: area.x + 1, y: row, style: Style(.statusBar, bold: true),
                     maxWidth: room >= 20 ? room : area.width - 2)
        let x = max(area.x + 1 + min(selectedText.displayWidth, max(room, 0)), area.right - 1 - position.displayWidth)
        buffer.write(position, x: x, y: row, style: Style(.statusBar), clip: area)
    }
}

extension DiagramGraph {
    /// The same graph with every character outside printable ASCII replaced by `?` (one per
    /// column it would take), for an ASCII terminal or plain-text export.
    package func asciiTransliterated() -> DiagramGraph {
        let clean = printableASCII
        var copy = self
        copy.nodes = nodes.map { node in
            var n = node
            n.title = clean(n.title)
            n.lines = n.lines.map { DiagramLine(marker: clean($0.marker), clean($0.text), detail: clean($0.detail), role: $0.role) }
            return n
        }
        copy.edges = edges.map { edge in
            var e = edge
            e.label = e.label.map(clean)
            return e
        }
        return copy
    }
}

/// `text` with every character outside printable ASCII replaced by `?`, one per column it
/// would take, so the text keeps its width.
func printableASCII(_ text: String) -> String {
    var out = ""
    for ch in text {
        if ch.isASCII, let v = ch.asciiValue, v >= 0x20, v < 0x7F { out.append(ch) } else {
            out += String(repeating: "?", count: max(1, DisplayWidth.of(ch)))
        }
    }
    return out
}
