import TerminalUI

/// How an edge's line is drawn: solid for a direct dependency (a synchronous call, a foreign
/// key), dashed for a loose one (an event, a queue).
package enum EdgeLineKind: String, Hashable, Sendable {
    case solid, dashed
}

/// What is drawn where an edge meets a box: an arrowhead, or a crow's-foot cardinality mark.
package enum EdgeEndMark: String, Hashable, Sendable, CaseIterable {
    case none, arrow, one, many, zeroOrOne, zeroOrMany
}

/// One row inside a box: an optional short marker (`PK`, `FK`), the main text and a detail
/// column (a type), each aligned with the same column of the other rows.
package struct DiagramLine: Hashable, Sendable {
    package var marker: String
    package var text: String
    package var detail: String
    package var role: StyleRole

    package init(marker: String = "", _ text: String, detail: String = "", role: StyleRole = .text) {
        self.marker = marker
        self.text = text
        self.detail = detail
        self.role = role
    }
}

/// A box: its title goes into the top border, its lines inside.
package struct DiagramNode: Hashable, Sendable {
    /// Unique within the graph; edges, selection and hit-testing refer to it.
    package var id: String
    package var title: String
    package var lines: [DiagramLine]
    /// The border colour: `.border` normally, a finding's role (`.error`, `.warning`) to flag it.
    package var role: StyleRole
    /// Nodes with the same group are framed together when the layout groups them.
    package var group: String?

    package init(id: String, title: String? = nil, lines: [DiagramLine] = [], role: StyleRole = .border, group: String? = nil) {
        self.id = id
        self.title = title ?? id
        self.lines = lines
        self.role = role
        self.group = group
    }
}

/// A connector between two boxes. `fromLine`/`toLine` ask for the edge to meet its box at that
/// body line (a foreign key column), so a reader can see which column the line belongs to.
package struct DiagramEdge: Hashable, Sendable {
    package var from: String
    package var to: String
    package var line: EdgeLineKind
    package var fromMark: EdgeEndMark
    package var toMark: EdgeEndMark
    package var label: String?
    package var role: StyleRole
    package var fromLine: Int?
    package var toLine: Int?

    package init(from: String, to: String, line: EdgeLineKind = .solid, fromMark: EdgeEndMark = .none,
                toMark: EdgeEndMark = .arrow, label: String? = nil, role: StyleRole = .muted,
                fromLine: Int? = nil, toLine: Int? = nil) {
        self.from = from
        self.to = to
        self.line = line
        self.fromMark = fromMark
        self.toMark = toMark
        self.label = label
        self.role = role
        self.fromLine = fromLine
        self.toLine = toLine
    }
}

/// Boxes and connectors, independent of what they stand for. Edges whose ends are not nodes
/// of the graph are kept but never laid out (the layout reports them as unrouted).
package struct DiagramGraph: Hashable, Sendable {
    package internal(set) var nodes: [DiagramNode] = []
    package var edges: [DiagramEdge] = []
    private var indexByID: [String: Int] = [:]

    package init(nodes: [DiagramNode] = [], edges: [DiagramEdge] = []) {
        for node in nodes { add(node) }
        self.edges = edges
    }

    /// Adds a node, replacing an earlier one with the same id.
    package mutating func add(_ node: DiagramNode) {
        if let index = indexByID[node.id] {
            nodes[index] = node
        } else {
            indexByID[node.id] = nodes.count
            nodes.append(node)
        }
    }

    package mutating func add(_ edge: DiagramEdge) { edges.append(edge) }

    package func index(of id: String) -> Int? { indexByID[id] }

    package subscript(id: String) -> DiagramNode? { indexByID[id].map { nodes[$0] } }

    /// Re-colours one box, e.g. to show a finding on it.
    package mutating func setRole(_ role: StyleRole, forNode id: String) {
        if let index = indexByID[id] { nodes[index].role = role }
    }
}

import SwiftGraph

extension DiagramGraph {
    /// Indices of the edges, among those `included` accepts, that lie on a directed cycle of
    /// included edges: u→v is on one exactly when v reaches u again. A self-edge is a cycle.
    package func edgesOnCycles(where included: (DiagramEdge) -> Bool = { _ in true }) -> Set<Int> {
        let network = UnweightedGraph<Int>(vertices: Array(nodes.indices))
        var candidates: [(edge: Int, from: Int, to: Int)] = []
        for (e, edge) in edges.enumerated() where included(edge) {
            guard let f = index(of: edge.from), let t = index(of: edge.to) else { continue }
            candidates.append((e, f, t))
            network.addEdge(fromIndex: f, toIndex: t, directed: true)
        }
        var result = Set<Int>()
        var reachable: [Int: Set<Int>] = [:]
        for c in candidates {
            if c.from == c.to {
                result.insert(c.edge)
                continue
            }
            if reachable[c.to] == nil {
                reachable[c.to] = Set(nodes.indices.filter { network.pathExists(fromIndex: c.to, toIndex: $0) })
            }
            if reachable[c.to]?.contains(c.from) == true { result.insert(c.edge) }
        }
        return result
    }
}
