import SwiftGraph
import TerminalUI

/// A left-to-right layered (Sugiyama-style) layout on a character grid.
///
/// Layers are columns of boxes; the gaps between them are channels where edges turn. Steps:
/// cycles are broken by reversing DFS back edges, layers come from the longest path over
/// SwiftGraph's topological order, edges longer than one layer get one-row dummy nodes so
/// they pass between the boxes of the layers they skip, barycentre sweeps reduce crossings,
/// rows are aligned with neighbours, each edge end gets its own row on its box, and every
/// edge that changes row turns on its own vertical track in the channel. An edge therefore
/// never runs through a box: boxes of one layer never share rows with each other or with
/// dummies, and channels hold no boxes.
package enum LayeredLayout {
    package static func layout(_ graph: DiagramGraph, options: DiagramLayoutOptions = DiagramLayoutOptions()) -> DiagramLayout {
        if options.groupByNodeGroup {
            return layout(graph, options: options, clusterOf: { graph.nodes[$0].group }, clusterOrder: nil, framed: true)
        }
        let flowing = layout(graph, options: options, clusterOf: nil, clusterOrder: nil, framed: false)
        // A left-to-right diagram wider than the view it is shown in continues below in bands
        // of layers, read like lines of text, when that needs less panning.
        guard let width = options.wrapWidth, let height = options.fitHeight, flowing.size.width > width else { return flowing }
        let labelled = graph.edges.filter { $0.label?.isEmpty == false }.count
        // Cells of panning, and a label left out (no room on its line) costs as much as ten.
        func cost(_ l: DiagramLayout) -> Int {
            max(0, l.size.width - width) + max(0, l.size.height - height) + 10 * max(0, labelled - l.labels.count)
        }
        var best = flowing
        // Bands laid out again can come out a little wider than their cut (edges need room
        // around them), so narrower cuts are tried while the diagram still pans.
        for cut in [width - 4, width - 12, width - 20, width - 28] where cut >= 20 && cost(best) > 0 {
            let bands = bandsOfLayers(flowing.nodeRects, width: cut)
            guard let last = bands.max(), last > 0 else { continue }
            var stacked = layout(graph, options: options, clusterOf: { "\(bands[$0])" }, clusterOrder: (0...last).map { "\($0)" },
                                 framed: false)
            stacked.bands = last + 1
            if cost(stacked) < cost(best) { best = stacked }
        }
        return best
    }

    /// The band of each node when the layer columns of a left-to-right layout are cut into
    /// runs at most `width` wide. Boxes whose columns overlap are one layer and stay together.
    static func bandsOfLayers(_ rects: [Rect], width: Int) -> [Int] {
        var bands = Array(repeating: 0, count: rects.count)
        var band = 0, bandStart = Int.min, columnRight = Int.min
        for i in rects.indices.sorted(by: { rects[$0].x < rects[$1].x }) {
            let r = rects[i]
            if r.x >= columnRight {
                // A new layer column; it starts a new band when it does not fit in this one.
                if bandStart == Int.min {
                    bandStart = r.x
                } else if r.right - bandStart > width {
                    band += 1
                    bandStart = r.x
                }
            }
            columnRight = max(columnRight, r.right)
            bands[i] = band
        }
        return bands
    }

    /// Lays out the graph; with `clusterOf`, each cluster of nodes is laid out on its own (in a
    /// titled frame when `framed`), the clusters packed in rows (in `clusterOrder`, or in the
    /// order of their first nodes), and the edges between them routed over the grid.
    private static func layout(_ graph: DiagramGraph, options: DiagramLayoutOptions, clusterOf: ((Int) -> String?)?,
                               clusterOrder: [String?]?, framed: Bool) -> DiagramLayout {
        let sizes = graph.nodes.map(BoxMetrics.size)
        let ends: [(from: Int, to: Int)?] = graph.edges.map { edge in
            guard let f = graph.index(of: edge.from), let t = graph.index(of: edge.to) else { return nil }
            return (f, t)
        }
        var routes = Array(repeating: EdgeRoute(points: []), count: graph.edges.count)
        var rects = Array(repeating: Rect.zero, count: graph.nodes.count)
        var frames: [GroupFrame] = []
        var crossGroupEdges: [Int] = []
        let size: Size

        if let clusterOf {
            var groupOrder: [String?] = []
            var members: [String?: [Int]] = [:]
            for i in graph.nodes.indices {
                let group = clusterOf(i)
                if members[group] == nil { groupOrder.append(group) }
                members[group, default: []].append(i)
            }
            if let clusterOrder { groupOrder = clusterOrder.filter { members[$0] != nil } }
            var clusters: [PlacedCluster] = []
            for group in groupOrder {
                let nodes = members[group] ?? []
                let inGroup = Set(nodes)
                let edges = ends.indices.filter { e in
                    guard let end = ends[e] else { return false }
                    return inGroup.contains(end.from) && inGroup.contains(end.to)
                }
                var inner = packComponents(nodes: nodes, edges: edges, graph: graph, ends: ends, sizes: sizes,
                                           options: options, wrapWidth: options.wrapWidth.map { $0 - 4 })
                if framed {
                    // A frame: one column of padding inside, the title in the top border.
                    inner.translate(dx: 2, dy: 1)
                    let width = max(inner.size.width + 4, (group ?? "").displayWidth + 6)
                    inner.size = Size(width: width, height: inner.size.height + 2)
                    inner.frameName = group ?? "(no group)"
                }
                clusters.append(inner)
            }
            crossGroupEdges = ends.indices.filter { e in
                guard let end = ends[e] else { return false }
                return clusterOf(end.from) != clusterOf(end.to)
            }
            // Room around the groups for edges that run between them.
            let margin = crossGroupEdges.isEmpty ? 0 : 2
            let placed = shelfPack(clusters.map(\.size), gap: options.componentGap + (crossGroupEdges.isEmpty ? 0 : 2),
                                   wrapWidth: options.wrapWidth)
            for (cluster, origin) in zip(clusters, placed.origins) {
                var c = cluster
                c.translate(dx: origin.x + margin, dy: origin.y + margin)
                c.write(into: &rects, routes: &routes)
                guard framed else { continue }
                frames.append(GroupFrame(name: c.frameName ?? "", rect: Rect(x: origin.x + margin, y: origin.y + margin,
                                                                              width: cluster.size.width, height: cluster.size.height)))
            }
            size = Size(width: placed.size.width + 2 * margin, height: placed.size.height + 2 * margin)
        } else {
            let cluster = packComponents(nodes: Array(graph.nodes.indices), edges: ends.indices.filter { ends[$0] != nil },
                                         graph: graph, ends: ends, sizes: sizes, options: options, wrapWidth: options.wrapWidth)
            cluster.write(into: &rects, routes: &routes)
            size = cluster.size
        }
        var layout = DiagramLayout(size: size, nodeRects: rects, edgeRoutes: routes, groupFrames: frames, labels: [])
        if !crossGroupEdges.isEmpty {
            GridRouter.route(edges: crossGroupEdges, graph: graph, ends: ends, layout: &layout)
        }
        layout.labels = LabelPlacer.place(graph: graph, layout: layout)
        return layout
    }

    // MARK: - Components

    /// A laid-out part of the diagram in its own coordinates.
    struct PlacedCluster {
        var size: Size
        var rects: [Int: Rect] = [:]
        var routes: [Int: [Position]] = [:]
        var frameName: String?

        mutating func translate(dx: Int, dy: Int) {
            for (k, r) in rects { rects[k] = Rect(x: r.x + dx, y: r.y + dy, width: r.width, height: r.height) }
            for (k, points) in routes { routes[k] = points.map { Position(x: $0.x + dx, y: $0.y + dy) } }
        }

        func write(into rects: inout [Rect], routes: inout [EdgeRoute]) {
            for (k, r) in self.rects { rects[k] = r }
            for (k, points) in self.routes { routes[k] = EdgeRoute(points: points) }
        }
    }

    /// Splits the nodes into connected components, lays each out and packs them in rows.
    static func packComponents(nodes: [Int], edges: [Int], graph: DiagramGraph, ends: [(from: Int, to: Int)?],
                               sizes: [Size], options: DiagramLayoutOptions, wrapWidth: Int?) -> PlacedCluster {
        var parent = Dictionary(uniqueKeysWithValues: nodes.map { ($0, $0) })
        func find(_ x: Int) -> Int {
            var x = x
            while let p = parent[x], p != x {
                parent[x] = parent[p]
                x = p
            }
            return x
        }
        for e in edges {
            guard let end = ends[e] else { continue }
            let a = find(end.from), b = find(end.to)
            if a != b { parent[max(a, b)] = min(a, b) }
        }
        var componentOrder: [Int] = []
        var componentNodes: [Int: [Int]] = [:]
        for n in nodes {
            let root = find(n)
            if componentNodes[root] == nil { componentOrder.append(root) }
            componentNodes[root, default: []].append(n)
        }
        var componentEdges: [Int: [Int]] = [:]
        for e in edges {
            guard let end = ends[e] else { continue }
            componentEdges[find(end.from), default: []].append(e)
        }
        let clusters = componentOrder.map { root in
            layoutComponent(nodes: componentNodes[root] ?? [], edges: componentEdges[root] ?? [], graph: graph,
                            ends: ends, sizes: sizes, options: options)
        }
        let packed = shelfPack(clusters.map(\.size), gap: options.componentGap, wrapWidth: wrapWidth)
        var result = PlacedCluster(size: packed.size)
        for (cluster, origin) in zip(clusters, packed.origins) {
            var c = cluster
            c.translate(dx: origin.x, dy: origin.y)
            result.rects.merge(c.rects) { a, _ in a }
            result.routes.merge(c.routes) { a, _ in a }
        }
        return result
    }

    /// Places rectangles left to right, starting a new row when one would pass `wrapWidth`.
    static func shelfPack(_ sizes: [Size], gap: Int, wrapWidth: Int?) -> (origins: [Position], size: Size) {
        var origins: [Position] = []
        var x = 0, y = 0, rowHeight = 0, width = 0
        for s in sizes {
            if let wrapWidth, x > 0, x + s.width > wrapWidth {
                x = 0
                y += rowHeight + max(1, gap / 2)
                rowHeight = 0
            }
            origins.append(Position(x: x, y: y))
            width = max(width, x + s.width)
            rowHeight = max(rowHeight, s.height)
            x += s.width + gap
        }
        return (origins, Size(width: width, height: y + rowHeight))
    }

    // MARK: - One connected component

    /// A node of the layered graph: a box, or a dummy one row high that carries a long edge
    /// through a layer.
    private struct VNode {
        var real: Int?
        var layer: Int
        var width: Int
        var height: Int
        var y = 0
    }

    /// One layer-to-layer piece of an edge.
    private struct Segment {
        var low: Int       // vnode in layer L (leaves from its right side)
        var high: Int      // vnode in layer L + 1 (arrives at its left side)
        var link: Int
        var lowRow = 0
        var highRow = 0
    }

    /// An edge between two different nodes, oriented from lower to higher layer.
    private struct Link {
        var edge: Int
        var low: Int
        var high: Int
        var reversed: Bool
        var chain: [Int] = []
    }

    static func layoutComponent(nodes: [Int], edges: [Int], graph: DiagramGraph, ends: [(from: Int, to: Int)?],
                                sizes: [Size], options: DiagramLayoutOptions) -> PlacedCluster {
        let n = nodes.count
        var local: [Int: Int] = [:]
        for (i, node) in nodes.enumerated() { local[node] = i }
        var selfLoops: [(edge: Int, node: Int)] = []
        var pairs: [(edge: Int, u: Int, v: Int)] = []
        for e in edges {
            guard let end = ends[e], let u = local[end.from], let v = local[end.to] else { continue }
            if u == v { selfLoops.append((e, u)) } else { pairs.append((e, u, v)) }
        }

        // 1. Break cycles: an edge into a node still on the DFS stack is laid out reversed.
        var out = Array(repeating: [Int](), count: n)
        for (k, p) in pairs.enumerated() { out[p.u].append(k) }
        var reversed = Array(repeating: false, count: pairs.count)
        var state = Array(repeating: 0, count: n)  // 0 unvisited, 1 on stack, 2 done
        for start in 0..<n where state[start] == 0 {
            var stack: [(node: Int, next: Int)] = [(start, 0)]
            state[start] = 1
            while let top = stack.last {
                if top.next < out[top.node].count {
                    stack[stack.count - 1].next += 1
                    let k = out[top.node][top.next]
                    let v = pairs[k].v
                    if state[v] == 1 { reversed[k] = true } else if state[v] == 0 {
                        state[v] = 1
                        stack.append((v, 0))
                    }
                } else {
                    state[top.node] = 2
                    stack.removeLast()
                }
            }
        }
        var links = pairs.enumerated().map { k, p in
            Link(edge: p.edge, low: reversed[k] ? p.v : p.u, high: reversed[k] ? p.u : p.v, reversed: reversed[k])
        }

        // 2. Layers: longest path in topological order, then sources pulled next to their
        // first successor so a lookup table does not sit far from its only user.
        let dag = UnweightedGraph<Int>(vertices: Array(0..<n))
        for link in links { dag.addEdge(fromIndex: link.low, toIndex: link.high, directed: true) }
        let order = dag.topologicalSort() ?? Array(0..<n)
        var layer = Array(repeating: 0, count: n)
        var successors = Array(repeating: [Int](), count: n)
        var indegree = Array(repeating: 0, count: n)
        for link in links {
            successors[link.low].append(link.high)
            indegree[link.high] += 1
        }
        for u in order {
            for v in successors[u] { layer[v] = max(layer[v], layer[u] + 1) }
        }
        for u in order where indegree[u] == 0 && !successors[u].isEmpty {
            layer[u] = successors[u].map { layer[$0] }.min()! - 1
        }
        let layerCount = (layer.max() ?? 0) + 1

        // 3. Dummy nodes for edges that skip layers.
        var vnodes = (0..<n).map { VNode(real: nodes[$0], layer: layer[$0], width: sizes[nodes[$0]].width,
                                          height: sizes[nodes[$0]].height) }
        var segments: [Segment] = []
        for k in links.indices {
            var chain = [links[k].low]
            for l in (layer[links[k].low] + 1)..<max(layer[links[k].low] + 1, layer[links[k].high]) {
                vnodes.append(VNode(real: nil, layer: l, width: 1, height: 1))
                chain.append(vnodes.count - 1)
            }
            chain.append(links[k].high)
            links[k].chain = chain
            for (a, b) in zip(chain, chain.dropFirst()) { segments.append(Segment(low: a, high: b, link: k)) }
        }
        var segmentsOfLink = Array(repeating: [Int](), count: links.count)
        for (s, seg) in segments.enumerated() { segmentsOfLink[seg.link].append(s) }
        var down = Array(repeating: [Int](), count: vnodes.count)  // segment indices leaving to the right
        var up = Array(repeating: [Int](), count: vnodes.count)    // segment indices arriving from the left
        for (s, seg) in segments.enumerated() {
            down[seg.low].append(s)
            up[seg.high].append(s)
        }

        // 4. Order within layers: DFS discovery order, then barycentre sweeps; keep the best.
        var layers = Array(repeating: [Int](), count: layerCount)
        var seen = Array(repeating: false, count: vnodes.count)
        for start in vnodes.indices where !seen[start] {
            var stack = [start]
            seen[start] = true
            while let v = stack.popLast() {
                layers[vnodes[v].layer].append(v)
                let neighbours = down[v].map { segments[$0].high } + up[v].map { segments[$0].low }
                for w in neighbours.reversed() where !seen[w] {
                    seen[w] = true
                    stack.append(w)
                }
            }
        }
        var position = Array(repeating: 0, count: vnodes.count)
        func renumber() {
            for l in layers { for (i, v) in l.enumerated() { position[v] = i } }
        }
        renumber()
        func crossings() -> Int {
            var total = 0
            for l in 0..<max(0, layerCount - 1) {
                var pairs: [(Int, Int)] = []
                for v in layers[l] { for s in down[v] { pairs.append((position[v], position[segments[s].high])) } }
                pairs.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
                for i in pairs.indices {
                    for j in (i + 1)..<pairs.count where pairs[j].1 < pairs[i].1 && pairs[j].0 > pairs[i].0 { total += 1 }
                }
            }
            return total
        }
        func reorder(_ l: Int, byNeighboursOf segmentsOf: [[Int]], otherEnd: (Segment) -> Int) {
            let keyed = layers[l].map { v -> (v: Int, key: Double) in
                let ns = segmentsOf[v].map { position[otherEnd(segments[$0])] }
                return (v, ns.isEmpty ? Double(position[v]) : Double(ns.reduce(0, +)) / Double(ns.count))
            }
            layers[l] = keyed.sorted { $0.key != $1.key ? $0.key < $1.key : position[$0.v] < position[$1.v] }.map(\.v)
            for (i, v) in layers[l].enumerated() { position[v] = i }
        }
        var best = layers
        var bestCrossings = crossings()
        for _ in 0..<options.crossingSweeps where bestCrossings > 0 {
            for l in stride(from: 1, to: layerCount, by: 1) { reorder(l, byNeighboursOf: up) { $0.low } }
            for l in stride(from: layerCount - 2, through: 0, by: -1) { reorder(l, byNeighboursOf: down) { $0.high } }
            let c = crossings()
            if c < bestCrossings {
                best = layers
                bestCrossings = c
            }
        }
        layers = best
        renumber()

        // 5. Heights: a box grows so each edge can meet it on its own row.
        var rightEnds = Array(repeating: 0, count: vnodes.count)
        for v in vnodes.indices { rightEnds[v] = down[v].count }
        for loop in selfLoops { rightEnds[loop.node] += 2 }
        for v in 0..<n {
            let need = max(up[v].count, rightEnds[v]) + 2
            vnodes[v].height = max(vnodes[v].height, min(vnodes[v].height + options.maxExtraPortRows, need))
        }

        // 6. Rows: stack each layer, then pull boxes towards the rows their neighbours'
        // edges leave from, a few sweeps each way.
        func preferredOffset(_ v: Int, line: Int?) -> Int {
            guard vnodes[v].real != nil else { return 0 }
            if let line, line >= 0, line < vnodes[v].height - 2 { return 1 + line }
            return vnodes[v].height / 2
        }
        func endLine(_ s: Int, atLow: Bool) -> Int? {
            let link = links[segments[s].link]
            let edge = graph.edges[link.edge]
            // The low end is the edge's `from` unless the link was reversed.
            let isFrom = atLow != link.reversed
            let node = atLow ? segments[s].low : segments[s].high
            guard vnodes[node].real != nil else { return nil }
            return isFrom ? edge.fromLine : edge.toLine
        }
        func endMark(_ s: Int, atLow: Bool) -> EdgeEndMark {
            let link = links[segments[s].link]
            let edge = graph.edges[link.edge]
            return atLow != link.reversed ? edge.fromMark : edge.toMark
        }
        func gap(_ a: Int, _ b: Int) -> Int {
            vnodes[a].real == nil && vnodes[b].real == nil ? 0 : options.nodeGap
        }
        for l in layers {
            var y = 0
            for (i, v) in l.enumerated() {
                if i > 0 { y += gap(l[i - 1], v) }
                vnodes[v].y = y
                y += vnodes[v].height
            }
        }
        func align(_ l: Int, towardsLow: Bool) {
            var previousBottom: Int?
            var previous: Int?
            for v in layers[l] {
                let ss = towardsLow ? up[v] : down[v]
                var desired = vnodes[v].y
                if !ss.isEmpty {
                    var sum = 0
                    for s in ss {
                        let other = towardsLow ? segments[s].low : segments[s].high
                        sum += vnodes[other].y + preferredOffset(other, line: endLine(s, atLow: towardsLow))
                            - preferredOffset(v, line: endLine(s, atLow: !towardsLow))
                    }
                    desired = Int((Double(sum) / Double(ss.count)).rounded())
                }
                if let previousBottom, let previous { desired = max(desired, previousBottom + gap(previous, v)) }
                vnodes[v].y = desired
                previousBottom = desired + vnodes[v].height
                previous = v
            }
        }
        for _ in 0..<3 {
            for l in stride(from: 1, to: layerCount, by: 1) { align(l, towardsLow: true) }
            for l in stride(from: layerCount - 2, through: 0, by: -1) { align(l, towardsLow: false) }
        }
        let minY = vnodes.map(\.y).min() ?? 0
        for v in vnodes.indices { vnodes[v].y -= minY }

        // 7. Ports: each edge end gets a row of its box's side; a requested body line first,
        // then the row of the other end (a straight line), avoiding rows where another edge
        // already leaves into the same channel.
        var usedRows = Array(repeating: [Bool](), count: vnodes.count * 2)  // [v*2] left, [v*2+1] right
        var rowMarks = Array(repeating: [Int: EdgeEndMark](), count: vnodes.count * 2)
        for v in vnodes.indices {
            let rows = max(0, vnodes[v].height - 2)
            usedRows[v * 2] = Array(repeating: false, count: rows)
            usedRows[v * 2 + 1] = Array(repeating: false, count: rows)
        }
        // Edges asking for the same row with the same mark share it (several foreign keys to
        // one primary key leave from its row together); a different mark takes a free row.
        func takeRow(_ v: Int, right: Bool, wanted: Int, fixed: Bool, avoid: Set<Int>, mark: EdgeEndMark) -> Int {
            let row = pickRow(v, right: right, wanted: wanted, fixed: fixed, avoid: avoid, mark: mark)
            if vnodes[v].real != nil { rowMarks[v * 2 + (right ? 1 : 0)][row] = mark }
            return row
        }
        func pickRow(_ v: Int, right: Bool, wanted: Int, fixed: Bool, avoid: Set<Int>, mark: EdgeEndMark) -> Int {
            guard vnodes[v].real != nil else { return vnodes[v].y }
            let slot = v * 2 + (right ? 1 : 0)
            let rows = usedRows[slot].count
            guard rows > 0 else { return vnodes[v].y }
            let top = vnodes[v].y + 1
            let want = min(max(wanted - top, 0), rows - 1)
            if fixed, !usedRows[slot][want] || rowMarks[slot][top + want] == mark {
                usedRows[slot][want] = true
                return top + want
            }
            for pass in 0..<2 {
                for distance in 0..<rows {
                    for candidate in [want - distance, want + distance] where candidate >= 0 && candidate < rows {
                        if usedRows[slot][candidate] { continue }
                        if pass == 0, avoid.contains(top + candidate) { continue }
                        usedRows[slot][candidate] = true
                        return top + candidate
                    }
                }
            }
            return top + want  // every row taken: share the nearest
        }
        var loopRows: [Int: (Int, Int)] = [:]
        var channelSourceRows = Array(repeating: Set<Int>(), count: layerCount)
        for l in 0..<layerCount {
            for v in layers[l] {
                let arriving = up[v].sorted { vnodes[segments[$0].low].y < vnodes[segments[$1].low].y }
                for s in arriving {
                    let line = endLine(s, atLow: false)
                    let fromRow = segments[s].lowRow
                    let wanted = line.map { vnodes[v].y + 1 + $0 } ?? fromRow
                    var avoid = channelSourceRows[l - 1]
                    avoid.remove(fromRow)
                    segments[s].highRow = takeRow(v, right: false, wanted: wanted, fixed: line != nil, avoid: avoid,
                                                  mark: endMark(s, atLow: false))
                }
            }
            for v in layers[l] {
                var wants: [(key: Int, fixed: Bool, mark: EdgeEndMark, assign: (Int) -> Void)] = []
                for s in down[v] {
                    let line = endLine(s, atLow: true)
                    let other = segments[s].high
                    let key = line.map { vnodes[v].y + 1 + $0 }
                        ?? vnodes[other].y + preferredOffset(other, line: endLine(s, atLow: false))
                    wants.append((key, line != nil, endMark(s, atLow: true), { segments[s].lowRow = $0 }))
                }
                for loop in selfLoops where loop.node == v {
                    let edge = graph.edges[loop.edge]
                    let a = edge.fromLine.map { vnodes[v].y + 1 + $0 }
                    let b = edge.toLine.map { vnodes[v].y + 1 + $0 }
                    // The two ends of a loop never share a row, whatever their marks.
                    wants.append((a ?? vnodes[v].y + 1, a != nil, edge.fromMark, { row in loopRows[loop.edge, default: (row, row)].0 = row }))
                    wants.append((b ?? vnodes[v].y + 2, b != nil && b != a, edge.toMark, { row in loopRows[loop.edge, default: (row, row)].1 = row }))
                }
                // Requested rows first so a free choice never takes a column's own row.
                for want in wants.filter(\.fixed) + wants.filter({ !$0.fixed }).sorted(by: { $0.key < $1.key }) {
                    let row = takeRow(v, right: true, wanted: want.key, fixed: want.fixed, avoid: [], mark: want.mark)
                    want.assign(row)
                    channelSourceRows[l].insert(row)
                }
            }
        }

        // 8. Columns: layer widths, then channels wide enough for their tracks.
        var layerWidth = Array(repeating: 1, count: layerCount)
        for v in vnodes.indices { layerWidth[vnodes[v].layer] = max(layerWidth[vnodes[v].layer], vnodes[v].width) }
        let loopLayers = Set(selfLoops.map { layer[$0.node] })
        var layerX = Array(repeating: 0, count: layerCount)
        var trackX = Array(repeating: 0, count: segments.count)
        var x = 0
        for l in 0..<layerCount {
            layerX[l] = x
            x += layerWidth[l]
            guard l + 1 < layerCount else { break }
            let bending = segments.indices.filter { vnodes[segments[$0].low].layer == l && segments[$0].lowRow != segments[$0].highRow }
            let tracks = assignTracks(bending.map { (segments[$0].lowRow, segments[$0].highRow) })
            let trackCount = (tracks.max() ?? -1) + 1
            let leftMargin = 3 + (loopLayers.contains(l) ? 4 : 0)
            let width = max(options.channelWidth, leftMargin + trackCount + 3)
            // Tracks keep to the left of the channel, so the run into the target box, where
            // the arrowhead or crow's foot is, is long enough for a label.
            let start = x + leftMargin
            for (i, s) in bending.enumerated() { trackX[s] = start + tracks[i] }
            x += width
        }
        var totalWidth = x + (loopLayers.contains(layerCount - 1) ? 5 : 0)

        // 9. Polylines, from the edge's `from` end to its `to` end.
        var result = PlacedCluster(size: .init(width: 0, height: 0))
        for v in 0..<n {
            result.rects[nodes[v]] = Rect(x: layerX[vnodes[v].layer], y: vnodes[v].y, width: vnodes[v].width, height: vnodes[v].height)
        }
        var height = vnodes.map { $0.y + $0.height }.max() ?? 0
        for (k, link) in links.enumerated() {
            var points: [Position] = []
            for s in segmentsOfLink[k] {
                let seg = segments[s]
                let a = seg.low, b = seg.high
                let leaveX = vnodes[a].real != nil ? layerX[vnodes[a].layer] + vnodes[a].width - 1 : layerX[vnodes[a].layer]
                let arriveX = layerX[vnodes[b].layer]
                points.append(Position(x: leaveX, y: seg.lowRow))
                if vnodes[a].real == nil { points.append(Position(x: layerX[vnodes[a].layer] + layerWidth[vnodes[a].layer] - 1, y: seg.lowRow)) }
                if seg.lowRow != seg.highRow {
                    points.append(Position(x: trackX[s], y: seg.lowRow))
                    points.append(Position(x: trackX[s], y: seg.highRow))
                }
                points.append(Position(x: arriveX, y: seg.highRow))
            }
            points = simplified(points)
            result.routes[link.edge] = link.reversed ? points.reversed() : points
        }
        for loop in selfLoops {
            guard let rows = loopRows[loop.edge], let rect = result.rects[nodes[loop.node]] else { continue }
            let border = rect.right - 1
            result.routes[loop.edge] = [Position(x: border, y: rows.0), Position(x: border + 4, y: rows.0),
                                        Position(x: border + 4, y: rows.1), Position(x: border, y: rows.1)]
            totalWidth = max(totalWidth, border + 5)
            height = max(height, rect.bottom)
        }
        result.size = Size(width: totalWidth, height: height)
        return result
    }

    /// Vertical tracks for the turning segments of one channel, as column indices from the
    /// left. The order is chosen edge by edge where it adds the fewest crossings; a segment
    /// shares its left neighbour's column when their rows are apart.
    static func assignTracks(_ spans: [(from: Int, to: Int)]) -> [Int] {
        guard !spans.isEmpty else { return [] }
        // Crossings when segment a is on a track left of segment b: b's leaving stub crosses
        // a's vertical, a's arriving stub crosses b's vertical.
        func cost(_ a: (from: Int, to: Int), leftOf b: (from: Int, to: Int)) -> Int {
            func strictlyInside(_ row: Int, _ s: (from: Int, to: Int)) -> Bool { row > min(s.from, s.to) && row < max(s.from, s.to) }
            return (strictlyInside(b.from, a) ? 1 : 0) + (strictlyInside(a.to, b) ? 1 : 0)
                + (b.from == a.to ? 2 : 0)  // b's stub and a's stub would run along the same row
        }
        var order: [Int] = []
        for i in spans.indices.sorted(by: { min(spans[$0].from, spans[$0].to) < min(spans[$1].from, spans[$1].to) }) {
            var bestAt = order.count, bestCost = Int.max
            for at in 0...order.count {
                var c = 0
                for (k, j) in order.enumerated() { c += k < at ? cost(spans[j], leftOf: spans[i]) : cost(spans[i], leftOf: spans[j]) }
                if c < bestCost {
                    bestCost = c
                    bestAt = at
                }
            }
            order.insert(i, at: bestAt)
        }
        var track = Array(repeating: 0, count: spans.count)
        var column = -1
        var inColumn: [(Int, Int)] = []
        for i in order {
            let lo = min(spans[i].from, spans[i].to), hi = max(spans[i].from, spans[i].to)
            let fits = column >= 0 && inColumn.allSatisfy { hi + 1 < $0.0 || lo > $0.1 + 1 }
            if !fits {
                column += 1
                inColumn = []
            }
            track[i] = column
            inColumn.append((lo, hi))
        }
        return track
    }

    /// Drops repeated points and points in the middle of a straight run.
    static func simplified(_ points: [Position]) -> [Position] {
        var result: [Position] = []
        for p in points {
            if result.last == p { continue }
            if result.count >= 2 {
                let a = result[result.count - 2], b = result[result.count - 1]
                if (a.x == b.x && b.x == p.x) || (a.y == b.y && b.y == p.y) { result[result.count - 1] = p; continue }
            }
            result.append(p)
        }
        return result
    }
}
