import SwiftGraph
import TerminalUI

/// Routes edges that run between groups, which the layered layout cannot route through its
/// channels: a cheapest-path search over the character grid that never enters a box, pays for
/// every turn and for crossing other lines, and avoids running along them.
enum GridRouter {
    private struct Step: Comparable {
        var cost: Int
        var cell: Int
        var direction: Int
        static func < (a: Step, b: Step) -> Bool { a.cost < b.cost }
    }

    /// Right, left, down, up.
    private static let dx = [1, -1, 0, 0]
    private static let dy = [0, 0, 1, -1]

    static func route(edges: [Int], graph: DiagramGraph, ends: [(from: Int, to: Int)?], layout: inout DiagramLayout) {
        let width = layout.size.width, height = layout.size.height
        guard width > 0, height > 0 else { return }
        var blocked = Array(repeating: false, count: width * height)
        for rect in layout.nodeRects {
            for y in rect.top..<rect.bottom where y >= 0 && y < height {
                for x in rect.left..<rect.right where x >= 0 && x < width { blocked[y * width + x] = true }
            }
        }
        var framed = Array(repeating: false, count: width * height)
        for frame in layout.groupFrames {
            let r = frame.rect
            for x in r.left..<r.right where x >= 0 && x < width {
                if r.top >= 0, r.top < height { framed[r.top * width + x] = true }
                if r.bottom - 1 >= 0, r.bottom - 1 < height { framed[(r.bottom - 1) * width + x] = true }
            }
            for y in r.top..<r.bottom where y >= 0 && y < height {
                if r.left >= 0, r.left < width { framed[y * width + r.left] = true }
                if r.right - 1 >= 0, r.right - 1 < width { framed[y * width + r.right - 1] = true }
            }
        }
        var horizontal = Array(repeating: false, count: width * height)
        var vertical = Array(repeating: false, count: width * height)
        var usedPorts = Set<Position>()
        func record(_ route: EdgeRoute) {
            let cells = route.cells
            for (i, c) in cells.enumerated() where c.x >= 0 && c.x < width && c.y >= 0 && c.y < height {
                let prev = i > 0 ? cells[i - 1] : c, next = i + 1 < cells.count ? cells[i + 1] : c
                if prev.y == c.y && prev.x != c.x || next.y == c.y && next.x != c.x { horizontal[c.y * width + c.x] = true }
                if prev.x == c.x && prev.y != c.y || next.x == c.x && next.y != c.y { vertical[c.y * width + c.x] = true }
            }
            if let first = route.points.first, let last = route.points.last {
                usedPorts.insert(first)
                usedPorts.insert(last)
            }
        }
        for route in layout.edgeRoutes where route.isRouted { record(route) }

        /// A free row on one side of a box, as near `wanted` as there is.
        func port(_ rect: Rect, right: Bool, wanted: Int) -> Position? {
            let x = right ? rect.right - 1 : rect.left
            let rows = Array((rect.top + 1)..<max(rect.top + 1, rect.bottom - 1))
            let sorted = rows.sorted { abs($0 - wanted) < abs($1 - wanted) }
            return sorted.map { Position(x: x, y: $0) }.first { !usedPorts.contains($0) } ?? sorted.first.map { Position(x: x, y: $0) }
        }

        for e in edges {
            guard let end = ends[e] else { continue }
            let edge = graph.edges[e]
            let a = layout.nodeRects[end.from], b = layout.nodeRects[end.to]
            // Each end leaves from the side facing the other box.
            // Boxes above one another: both ends leave to the right.
            let overlapping = a.x < b.right && b.x < a.right
            let aRight = overlapping || b.x + b.width / 2 >= a.x + a.width / 2
            let bRight = overlapping || !aRight
            guard let start = port(a, right: aRight, wanted: edge.fromLine.map { a.y + 1 + $0 } ?? b.y + b.height / 2),
                  let finish = port(b, right: bRight, wanted: edge.toLine.map { b.y + 1 + $0 } ?? a.y + a.height / 2)
            else { continue }
            let sd = aRight ? 1 : -1, fd = bRight ? 1 : -1
            let source = Position(x: start.x + 3 * sd, y: start.y), target = Position(x: finish.x + 3 * fd, y: finish.y)
            let stubsFree = (1...3).allSatisfy { k in
                [Position(x: start.x + k * sd, y: start.y), Position(x: finish.x + k * fd, y: finish.y)].allSatisfy {
                    $0.x >= 0 && $0.x < width && !blocked[$0.y * width + $0.x]
                }
            }
            guard stubsFree, let path = search(from: source, leaving: aRight ? 0 : 1, to: target, width: width, height: height,
                                                blocked: blocked, framed: framed, horizontal: horizontal, vertical: vertical)
            else { continue }
            let route = EdgeRoute(points: LayeredLayout.simplified([start] + path + [finish]))
            layout.edgeRoutes[e] = route
            record(route)
        }
    }

    /// A* over (cell, direction); returns the cells of the cheapest path, both ends included.
    private static func search(from source: Position, leaving startDirection: Int, to target: Position, width: Int, height: Int,
                               blocked: [Bool], framed: [Bool], horizontal: [Bool], vertical: [Bool]) -> [Position]? {
        let count = width * height
        var best = Array(repeating: Int.max, count: count * 4)
        var came = Array(repeating: -1, count: count * 4)
        var queue = PriorityQueue<Step>(ascending: true)
        let startCell = source.y * width + source.x
        let goal = target.y * width + target.x
        func h(_ cell: Int) -> Int { abs(cell % width - target.x) + abs(cell / width - target.y) }
        best[startCell * 4 + startDirection] = 0
        queue.push(Step(cost: h(startCell), cell: startCell, direction: startDirection))
        while let step = queue.pop() {
            let state = step.cell * 4 + step.direction
            let g = best[state]
            if step.cost - h(step.cell) > g { continue }
            if step.cell == goal {
                var cells: [Position] = []
                var s = state
                while s >= 0 {
                    cells.append(Position(x: (s / 4) % width, y: (s / 4) / width))
                    s = came[s]
                }
                return cells.reversed()
            }
            let x = step.cell % width, y = step.cell / width
            for d in 0..<4 {
                // No turning straight back.
                if d ^ 1 == step.direction { continue }
                let nx = x + dx[d], ny = y + dy[d]
                guard nx >= 0, nx < width, ny >= 0, ny < height else { continue }
                let next = ny * width + nx
                if blocked[next] { continue }
                let alongLine = d < 2 ? horizontal[next] : vertical[next]
                let acrossLine = d < 2 ? vertical[next] : horizontal[next]
                var cost = g + 1 + (d != step.direction ? 4 : 0)
                if alongLine { cost += 30 }
                if acrossLine { cost += 3 }
                if framed[next] { cost += 8 }
                let nextState = next * 4 + d
                if cost < best[nextState] {
                    best[nextState] = cost
                    came[nextState] = state
                    queue.push(Step(cost: cost + h(next), cell: next, direction: d))
                }
            }
        }
        return nil
    }
}

/// Puts each edge's label on the longest straight run of its line that only that edge
/// uses, leaving the cells next to the boxes for the end marks. A label that fits nowhere is
/// left out rather than written over another line.
enum LabelPlacer {
    static func place(graph: DiagramGraph, layout: DiagramLayout) -> [LabelPlacement] {
        let width = layout.size.width, height = layout.size.height
        guard width > 0, height > 0 else { return [] }
        var owner = Array(repeating: -1, count: width * height)
        var turns = Array(repeating: false, count: width * height)
        var routeCells: [[Position]] = []
        for (e, route) in layout.edgeRoutes.enumerated() {
            let cells = route.cells
            routeCells.append(cells)
            for (i, c) in cells.enumerated() where c.x >= 0 && c.x < width && c.y >= 0 && c.y < height {
                let k = c.y * width + c.x
                owner[k] = owner[k] == -1 || owner[k] == e ? e : -2
                let prev = i > 0 ? cells[i - 1] : c, next = i + 1 < cells.count ? cells[i + 1] : c
                if prev.x == c.x && prev.y != c.y || next.x == c.x && next.y != c.y { turns[k] = true }
            }
        }
        var taken = Array(repeating: false, count: width * height)
        var labels: [LabelPlacement] = []
        for (e, edge) in graph.edges.enumerated() {
            guard let text = edge.label, !text.isEmpty, layout.edgeRoutes[e].isRouted else { continue }
            let cells = routeCells[e]
            let need = text.displayWidth + 2
            var bestRun: (start: Int, length: Int)?
            func usable(_ i: Int) -> Bool {
                guard i >= 3, i < cells.count - 3 else { return false }
                let c = cells[i], k = c.y * width + c.x
                return owner[k] == e && !turns[k] && !taken[k]
            }
            var i = 0
            while i < cells.count {
                guard usable(i) else {
                    i += 1
                    continue
                }
                let start = i, row = cells[i].y
                while i < cells.count, usable(i), cells[i].y == row { i += 1 }
                if i - start >= need, i - start > (bestRun?.length ?? 0) { bestRun = (start, i - start) }
            }
            guard let run = bestRun else { continue }
            let xs = cells[run.start..<(run.start + run.length)].map(\.x)
            let x = xs.min()! + (run.length - text.displayWidth) / 2
            let y = cells[run.start].y
            for cx in x..<(x + text.displayWidth) { taken[y * width + cx] = true }
            labels.append(LabelPlacement(edge: e, position: Position(x: x, y: y), text: text))
        }
        return labels
    }
}
