import TerminalUI

/// The line, junction and end-mark symbols of diagrams. Box corners and straight lines come
/// from TerminalUI's `Glyphs`; junctions, arrowheads and crow's feet are added here. The ASCII
/// set holds printable ASCII only, so a diagram can go into an e-mail or a terminal without a
/// UTF-8 locale.
package struct DiagramGlyphs: Hashable, Sendable {
    package var box: Glyphs
    package var horizontal: String
    package var vertical: String
    package var dashedHorizontal: String
    package var dashedVertical: String
    /// Indexed by a mask of the directions a line leaves a cell: up 1, down 2, left 4, right 8.
    package var junctions: [String]
    /// Arrowheads pointing right, left, down, up.
    package var arrows: [String]
    /// Crow's foot opening towards a box to the right, left, below, above.
    package var many: [String]
    /// The "one" bar across a horizontal line: the cell next to the box, and the one beyond it.
    package var oneInner: String
    package var oneOuter: String
    /// The "one" bar across a line for the optional marks and for vertical lines.
    package var bar: String
    package var verticalBar: String
    package var optional: String
    /// Marks a sequence message that has a compensation (how it is undone).
    package var compensation: String
    package var isUnicode: Bool

    package static let unicode = DiagramGlyphs(
        box: .unicode, horizontal: "─", vertical: "│", dashedHorizontal: "╌", dashedVertical: "╎",
        junctions: [" ", "│", "│", "│", "─", "┘", "┐", "┤", "─", "└", "┌", "├", "─", "┴", "┬", "┼"],
        arrows: ["▶", "◀", "▼", "▲"], many: ["<", ">", "∧", "∨"], oneInner: "├", oneOuter: "┤",
        bar: "┼", verticalBar: "┼", optional: "○", compensation: "↺", isUnicode: true)

    package static let ascii = DiagramGlyphs(
        box: .ascii, horizontal: "-", vertical: "|", dashedHorizontal: ".", dashedVertical: ":",
        junctions: [" ", "|", "|", "|", "-", "+", "+", "+", "-", "+", "+", "+", "-", "+", "+", "+"],
        arrows: [">", "<", "v", "^"], many: ["<", ">", "^", "v"], oneInner: "|", oneOuter: "-",
        bar: "|", verticalBar: "-", optional: "o", compensation: "~", isUnicode: false)

    /// The set matching a UI's glyphs: the unicode set when it is unicode, else the ASCII set
    /// (a terminal without UTF-8 cannot show the junctions even when ncurses draws its borders).
    package static func matching(_ glyphs: Glyphs) -> DiagramGlyphs { glyphs.isUnicode ? .unicode : .ascii }

    /// The glyph for a mark `mark` of the end cell next to a box, facing `direction` (0 right,
    /// 1 left, 2 down, 3 up: the way from the mark into the box). Nil keeps the line.
    func markCells(_ mark: EdgeEndMark, towards direction: Int) -> (inner: String?, outer: String?) {
        let horizontalLine = direction < 2
        switch mark {
        case .none: return (nil, nil)
        case .arrow: return (arrows[direction], nil)
        case .many: return (many[direction], nil)
        case .one:
            guard horizontalLine else { return (verticalBar, nil) }
            // Unicode draws the bar as `┤├`: the half next to the box opens away from it.
            if !isUnicode { return (oneInner, nil) }
            return direction == 0 ? (oneInner, oneOuter) : (oneOuter, oneInner)
        case .zeroOrOne: return (horizontalLine ? bar : verticalBar, optional)
        case .zeroOrMany: return (many[direction], optional)
        }
    }
}

/// Draws a laid-out diagram into a `Buffer`: group frames, lines with junctions where they
/// meet or cross, end marks, labels, then the boxes.
package struct DiagramRenderer: Sendable {
    package var glyphs: DiagramGlyphs
    /// The selected node: its border takes the focus role and its title the selection role.
    package var selected: Int?

    package init(glyphs: DiagramGlyphs = .unicode, selected: Int? = nil) {
        self.glyphs = glyphs
        self.selected = selected
    }

    /// The whole diagram in a buffer of the layout's size.
    package func canvas(_ graph: DiagramGraph, _ layout: DiagramLayout) -> Buffer {
        var buffer = Buffer(size: layout.size)
        draw(graph, layout, into: &buffer)
        return buffer
    }

    /// Draws with the canvas's top-left at `origin`; whatever falls outside the buffer is clipped.
    package func draw(_ graph: DiagramGraph, _ layout: DiagramLayout, into buffer: inout Buffer,
                     origin: Position = Position(x: 0, y: 0)) {
        func put(_ symbol: String, _ x: Int, _ y: Int, _ style: Style) {
            let bx = x + origin.x, by = y + origin.y
            guard bx >= 0, by >= 0, bx < buffer.width, by < buffer.height else { return }
            buffer[bx, by] = Cell(symbol, width: 1, style: style)
        }
        func text(_ s: String, _ x: Int, _ y: Int, _ style: Style) {
            buffer.write(s, x: x + origin.x, y: y + origin.y, style: style)
        }

        for frame in layout.groupFrames { drawFrame(frame, put: put, text: text) }

        // Lines: every cell remembers the directions lines leave it in, so a tee or a cross
        // shows where two lines meet. A cell is dashed only if every line through it is.
        let width = layout.size.width, height = layout.size.height
        var mask = Array(repeating: UInt8(0), count: width * height)
        var solid = Array(repeating: false, count: width * height)
        var role = Array(repeating: StyleRole.muted, count: width * height)
        func rank(_ r: StyleRole) -> Int { r == .error ? 3 : r == .warning ? 2 : r == .muted ? 0 : 1 }
        for (e, route) in layout.edgeRoutes.enumerated() where route.isRouted {
            let edge = graph.edges[e]
            let cells = route.cells
            for i in 1..<(cells.count - 1) {
                let c = cells[i]
                guard c.x >= 0, c.y >= 0, c.x < width, c.y < height else { continue }
                let k = c.y * width + c.x
                for n in [cells[i - 1], cells[i + 1]] { mask[k] |= Self.direction(from: c, to: n) }
                if edge.line == .solid { solid[k] = true }
                if rank(edge.role) > rank(role[k]) || mask[k] == 0 { role[k] = edge.role }
            }
        }
        for k in mask.indices where mask[k] != 0 {
            let m = Int(mask[k])
            var symbol = glyphs.junctions[m]
            if !solid[k] {
                if m & 0b1100 == m { symbol = glyphs.dashedHorizontal } else if m & 0b0011 == m { symbol = glyphs.dashedVertical }
            }
            put(symbol, k % width, k / width, Style(role[k]))
        }

        // Ends: a plain end joins the border with a tee; a marked end keeps the border and
        // puts its mark in the one or two cells next to it.
        var borderJoins: [(Position, String)] = []
        for (e, route) in layout.edgeRoutes.enumerated() where route.isRouted {
            let edge = graph.edges[e]
            let cells = route.cells
            guard cells.count >= 2 else { continue }
            let style = Style(edge.role, bold: edge.role != .muted)
            for (mark, at, step) in [(edge.fromMark, 0, 1), (edge.toMark, cells.count - 1, -1)] {
                let border = cells[at], next = cells[at + step]
                let into = Self.directionIndex(from: next, to: border)
                if mark == .none {
                    let outward = Self.direction(from: border, to: next)
                    let along: UInt8 = outward & 0b1100 != 0 ? 0b0011 : 0b1100
                    borderJoins.append((border, glyphs.junctions[Int(outward | along)]))
                    continue
                }
                let cellsOut = (1...2).map { at + $0 * step }.filter { $0 > 0 && $0 < cells.count - 1 }
                let straight = cellsOut.allSatisfy { Self.directionIndex(from: cells[$0], to: cells[$0 - step]) == into }
                guard straight else { continue }
                let marks = glyphs.markCells(mark, towards: into)
                if let inner = marks.inner, let i = cellsOut.first { put(inner, cells[i].x, cells[i].y, style) }
                if let outer = marks.outer, cellsOut.count > 1 { put(outer, cells[cellsOut[1]].x, cells[cellsOut[1]].y, style) }
            }
        }

        for label in layout.labels {
            text(label.text, label.position.x, label.position.y, Style(graph.edges[label.edge].role))
        }

        for (i, node) in graph.nodes.enumerated() where i < layout.nodeRects.count {
            drawBox(node, layout.nodeRects[i], isSelected: i == selected, put: put, text: text)
        }
        for (p, symbol) in borderJoins {
            guard let n = layout.node(at: p) else { continue }
            let node = graph.nodes[n]
            put(symbol, p.x, p.y, Style(boxRole(node, isSelected: n == selected)))
        }
    }

    private func boxRole(_ node: DiagramNode, isSelected: Bool) -> StyleRole {
        isSelected && node.role == .border ? .focusBorder : node.role
    }

    private func drawBox(_ node: DiagramNode, _ rect: Rect, isSelected: Bool,
                         put: (String, Int, Int, Style) -> Void, text: (String, Int, Int, Style) -> Void) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let border = Style(boxRole(node, isSelected: isSelected), bold: isSelected)
        let g = glyphs.box
        for x in (rect.left + 1)..<(rect.right - 1) {
            put(g.horizontal, x, rect.top, border)
            put(g.horizontal, x, rect.bottom - 1, border)
        }
        for y in (rect.top + 1)..<(rect.bottom - 1) {
            put(g.vertical, rect.left, y, border)
            put(g.vertical, rect.right - 1, y, border)
            for x in (rect.left + 1)..<(rect.right - 1) { put(" ", x, y, .plain) }
        }
        put(g.topLeft, rect.left, rect.top, border)
        put(g.topRight, rect.right - 1, rect.top, border)
        put(g.bottomLeft, rect.left, rect.bottom - 1, border)
        put(g.bottomRight, rect.right - 1, rect.bottom - 1, border)
        let titleStyle = Style(isSelected ? .selection : .title, bold: true)
        if node.lines.isEmpty {
            text(node.title, rect.left + 2, rect.top + 1, titleStyle)
            return
        }
        text(" \(node.title) ", rect.left + 1, rect.top, titleStyle)
        let columns = BoxMetrics.columns(node)
        for (k, line) in node.lines.enumerated() where rect.top + 1 + k < rect.bottom - 1 {
            let y = rect.top + 1 + k
            var x = rect.left + 2
            if columns.marker > 0 {
                text(line.marker, x, y, Style(.accent, bold: true))
                x += columns.marker + 1
            }
            text(line.text, x, y, Style(line.role))
            x += columns.text + 1
            if columns.detail > 0 { text(line.detail, x, y, Style(.muted)) }
        }
    }

    private func drawFrame(_ frame: GroupFrame, put: (String, Int, Int, Style) -> Void, text: (String, Int, Int, Style) -> Void) {
        let r = frame.rect, style = Style(.muted), g = glyphs.box
        guard r.width >= 2, r.height >= 2 else { return }
        for x in (r.left + 1)..<(r.right - 1) {
            put(g.horizontal, x, r.top, style)
            put(g.horizontal, x, r.bottom - 1, style)
        }
        for y in (r.top + 1)..<(r.bottom - 1) {
            put(g.vertical, r.left, y, style)
            put(g.vertical, r.right - 1, y, style)
        }
        put(g.topLeft, r.left, r.top, style)
        put(g.topRight, r.right - 1, r.top, style)
        put(g.bottomLeft, r.left, r.bottom - 1, style)
        put(g.bottomRight, r.right - 1, r.bottom - 1, style)
        text(" \(frame.name) ", r.left + 2, r.top, Style(.header, bold: true))
    }

    /// The direction bit from `a` to its neighbour `b`: up 1, down 2, left 4, right 8.
    static func direction(from a: Position, to b: Position) -> UInt8 {
        if b.y < a.y { return 1 }
        if b.y > a.y { return 2 }
        if b.x < a.x { return 4 }
        if b.x > a.x { return 8 }
        return 0
    }

    /// 0 right, 1 left, 2 down, 3 up.
    static func directionIndex(from a: Position, to b: Position) -> Int {
        if b.x > a.x { return 0 }
        if b.x < a.x { return 1 }
        return b.y > a.y ? 2 : 3
    }
}
