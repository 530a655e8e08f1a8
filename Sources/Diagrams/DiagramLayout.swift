import TerminalUI

/// Knobs of the layered layout, in terminal cells.
package struct DiagramLayoutOptions: Hashable, Sendable {
    /// Least columns between two layers; a channel widens further when its edges need more
    /// vertical tracks. Wider channels leave room for edge labels.
    package var channelWidth: Int
    /// Blank rows between two boxes of one layer.
    package var nodeGap: Int
    /// Blank columns (and rows, on wrap) between disconnected parts of the diagram.
    package var componentGap: Int
    /// Frame the nodes of each `DiagramNode.group` together.
    package var groupByNodeGroup: Bool
    /// Start a new row of components (or groups) rather than grow wider than this.
    package var wrapWidth: Int?
    /// The rows of the view the diagram is shown in. With `wrapWidth`, a diagram wider than
    /// the view may continue below in bands of layers when that needs less panning.
    package var fitHeight: Int?
    /// Down-and-up barycentre sweeps of the crossing reduction.
    package var crossingSweeps: Int
    /// A box grows by at most this many rows so each edge can meet it on its own row.
    package var maxExtraPortRows: Int

    package init(channelWidth: Int = 10, nodeGap: Int = 1, componentGap: Int = 4, groupByNodeGroup: Bool = false,
                wrapWidth: Int? = nil, fitHeight: Int? = nil, crossingSweeps: Int = 4, maxExtraPortRows: Int = 6) {
        self.channelWidth = max(7, channelWidth)
        self.nodeGap = max(0, nodeGap)
        self.componentGap = max(2, componentGap)
        self.groupByNodeGroup = groupByNodeGroup
        self.wrapWidth = wrapWidth
        self.fitHeight = fitHeight
        self.crossingSweeps = max(0, crossingSweeps)
        self.maxExtraPortRows = max(0, maxExtraPortRows)
    }
}

/// Where an edge goes: the corner points of an orthogonal polyline from the border cell of
/// the `from` box to the border cell of the `to` box. Empty when the edge could not be laid
/// out (an end that is not a node of the graph, or no free way between two groups).
package struct EdgeRoute: Hashable, Sendable {
    package var points: [Position]

    package init(points: [Position]) { self.points = points }

    package var isRouted: Bool { points.count >= 2 }

    /// Every cell of the polyline, in order, ends included.
    package var cells: [Position] {
        guard let first = points.first else { return [] }
        var result = [first]
        for (a, b) in zip(points, points.dropFirst()) {
            let dx = (b.x - a.x).signum(), dy = (b.y - a.y).signum()
            var p = a
            while p != b {
                p = Position(x: p.x + dx, y: p.y + dy)
                result.append(p)
            }
        }
        return result
    }
}

/// A frame around the boxes of one group, titled with the group's name.
package struct GroupFrame: Hashable, Sendable {
    package var name: String
    package var rect: Rect
}

/// An edge label written over a straight run of its line.
package struct LabelPlacement: Hashable, Sendable {
    package var edge: Int
    package var position: Position
    package var text: String
}

/// A laid-out diagram: where every box, frame, edge and label goes on a canvas of `size`
/// cells. Arrays are index-aligned with the graph's nodes and edges.
package struct DiagramLayout: Hashable, Sendable {
    package var size: Size
    package var nodeRects: [Rect]
    package var edgeRoutes: [EdgeRoute]
    package var groupFrames: [GroupFrame]
    package var labels: [LabelPlacement]
    /// 1 when the layers run left to right in one band; more when they continue below.
    package var bands = 1

    /// The node whose box covers `position`, if any.
    package func node(at position: Position) -> Int? {
        nodeRects.firstIndex { $0.contains(position) }
    }

    /// The order Tab walks the boxes in: reading order, row by row from the top and left to
    /// right within a row. A box is in the row of the first box it overlaps vertically, so boxes
    /// of one band read together although their tops differ by a few cells.
    package var selectionOrder: [Int] {
        let byTop = nodeRects.indices.sorted {
            let a = nodeRects[$0], b = nodeRects[$1]
            return a.y != b.y ? a.y < b.y : (a.x != b.x ? a.x < b.x : $0 < $1)
        }
        var rows: [[Int]] = []
        var rowBottom = Int.min
        for i in byTop {
            if rows.isEmpty || nodeRects[i].y >= rowBottom {
                rows.append([i])
                rowBottom = nodeRects[i].bottom
            } else {
                rows[rows.count - 1].append(i)
            }
        }
        return rows.flatMap { row in row.sorted { nodeRects[$0].x != nodeRects[$1].x ? nodeRects[$0].x < nodeRects[$1].x : $0 < $1 } }
    }

    /// The node after (or before) `current` in selection order, wrapping around; the first
    /// one when nothing is selected.
    package func nextSelection(after current: Int?, forward: Bool = true) -> Int? {
        let order = selectionOrder
        guard !order.isEmpty else { return nil }
        guard let current, let at = order.firstIndex(of: current) else { return forward ? order.first : order.last }
        return order[(at + (forward ? 1 : order.count - 1)) % order.count]
    }
}

extension DiagramGraph {
    /// The node a typed name picks: an exact id or title first (ignoring case), then the first
    /// in selection order whose title starts with the text, then one that contains it.
    package func node(named query: String, in layout: DiagramLayout) -> Int? {
        let q = query.lowercased()
        guard !q.isEmpty else { return nil }
        if let exact = nodes.firstIndex(where: { $0.id.lowercased() == q || $0.title.lowercased() == q }) { return exact }
        let order = layout.selectionOrder
        return order.first { nodes[$0].title.lowercased().hasPrefix(q) }
            ?? order.first { nodes[$0].title.lowercased().contains(q) }
    }
}

/// Box sizes from their text, shared by layout and drawing so both agree to the cell.
enum BoxMetrics {
    struct Columns {
        var marker = 0
        var text = 0
        var detail = 0
        var total: Int { marker + (marker > 0 ? 1 : 0) + text + (detail > 0 ? 1 + detail : 0) }
    }

    static func columns(_ node: DiagramNode) -> Columns {
        var c = Columns()
        for line in node.lines {
            c.marker = max(c.marker, line.marker.displayWidth)
            c.text = max(c.text, line.text.displayWidth)
            c.detail = max(c.detail, line.detail.displayWidth)
        }
        return c
    }

    /// `┌ title ─┐` over `│ line │` rows; a box without lines shows its title inside so it
    /// still has a row for edges to meet.
    static func size(_ node: DiagramNode) -> Size {
        let title = node.title.displayWidth
        if node.lines.isEmpty { return Size(width: title + 4, height: 3) }
        return Size(width: max(title + 5, columns(node).total + 4), height: node.lines.count + 2)
    }
}
