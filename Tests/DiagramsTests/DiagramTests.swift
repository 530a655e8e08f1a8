import DesignExport
import DesignModel
import DesignRules
import Diagrams
import Foundation
import TerminalUI
import Testing

@Suite struct ERDCardinalityTests {
    /// `payment_methods.rider_id` has a unique index only `where is_default`: a rider still has
    /// many payment methods (issue 14).
    @Test func aPartialUniqueIndexLeavesTheRelationshipOneToMany() throws {
        let design = BundledExample.design
        let graph = ERDDiagram.graph(for: design)
        let edge = try #require(graph.edges.first { $0.from == "riders" && $0.to == "payment_methods" })
        #expect(edge.toMark == .many)
        // The same index without its condition makes it one-to-one.
        var unconditional = design
        let t = try #require(unconditional.tables.firstIndex { $0.name == "payment_methods" })
        for i in unconditional.tables[t].indexes.indices { unconditional.tables[t].indexes[i].whereClause = nil }
        let one = try #require(ERDDiagram.graph(for: unconditional).edges.first { $0.from == "riders" && $0.to == "payment_methods" })
        #expect(one.toMark == .one)
    }
}

@Suite("Golden diagrams")
struct GoldenDiagramTests {
    @Test("shop ERD and service map in 120x40 and 80x24 panes", arguments: [Size(width: 120, height: 40), Size(width: 80, height: 24)])
    func shopScreens(size: Size) throws {
        let design = try loadShop()
        for view in AsciiDiagrams.View.boxViews {
            var scene = AsciiDiagrams.scene(design: design, view: view, viewSize: DiagramScene.viewSize(for: size))
            try expectGolden(screen(scene, size), "shop-\(view.rawValue)-\(size.width)x\(size.height).txt")
            // The same pane with the first box selected: the status row names it.
            scene.selectNext()
            #expect(screen(scene, size).split(separator: "\n").last?.contains(scene.graph.nodes[scene.selected!].title) == true)
        }
    }

    @Test("shop diagrams as exported text, unicode and ASCII, grouped by service")
    func shopExport() throws {
        let design = try loadShop()
        try expectGolden(AsciiDiagrams.render(design: design, view: .erd, width: 120, unicode: true), "shop-erd.unicode.txt")
        try expectGolden(AsciiDiagrams.render(design: design, view: .erd, width: 120), "shop-erd.ascii.txt")
        try expectGolden(AsciiDiagrams.render(design: design, view: .services, width: 120, unicode: true), "shop-services.unicode.txt")
        try expectGolden(AsciiDiagrams.render(design: design, view: .services, width: 120), "shop-services.ascii.txt")
        try expectGolden(AsciiDiagrams.render(design: design, view: .erd, width: 160, unicode: true,
                                              erd: ERDDiagramOptions(groupByService: true)), "shop-erd-grouped.unicode.txt")
    }

    @Test("60-table schema: full, compact, grouped, and in a 120x40 pane")
    func sixtyTables() throws {
        let design = sixtyTableDesign()
        try expectGolden(AsciiDiagrams.render(design: design, view: .erd, width: 200, unicode: true), "sixty-erd.unicode.txt")
        try expectGolden(AsciiDiagrams.render(design: design, view: .erd, width: 200, erd: ERDDiagramOptions(compact: true)),
                         "sixty-erd-compact.ascii.txt")
        try expectGolden(AsciiDiagrams.render(design: design, view: .erd, width: 240, unicode: true,
                                              erd: ERDDiagramOptions(groupByService: true, compact: true)), "sixty-erd-grouped.unicode.txt")
        let size = Size(width: 120, height: 40)
        let scene = AsciiDiagrams.scene(design: design, view: .erd, viewSize: DiagramScene.viewSize(for: size))
        try expectGolden(screen(scene, size), "sixty-erd-120x40.txt")
    }
}

@Suite("Diagram geometry")
struct GeometryTests {
    static let cases: [(String, DiagramGraph, DiagramLayoutOptions)] = {
        var result: [(String, DiagramGraph, DiagramLayoutOptions)] = []
        let shop = try! loadShop()
        let sixty = sixtyTableDesign()
        for (name, design) in [("shop", shop), ("sixty", sixty)] {
            for options in [ERDDiagramOptions(), ERDDiagramOptions(compact: true), ERDDiagramOptions(groupByService: true),
                            ERDDiagramOptions(groupByService: true, compact: true)] {
                let graph = ERDDiagram.graph(for: design, options: options)
                result.append(("\(name) erd \(options)", graph, ERDDiagram.layoutOptions(options, wrapWidth: 120)))
            }
        }
        for (name, design) in [("shop", shop), ("cycles", cyclicServiceDesign()), ("hundred", largeServiceDesign(count: 100))] {
            let graph = ServiceMapDiagram.graph(for: design)
            result.append(("\(name) services", graph, ServiceMapDiagram.layoutOptions(for: graph, wrapWidth: 120)))
            result.append(("\(name) services by domain", graph,
                           ServiceMapDiagram.layoutOptions(for: graph, wrapWidth: 200, groupByDomain: true)))
        }
        return result
    }()

    @Test("no two boxes overlap; every edge joins its two boxes' borders and never enters a box",
          arguments: cases.indices)
    func geometry(index: Int) {
        let (name, graph, options) = Self.cases[index]
        let layout = LayeredLayout.layout(graph, options: options)
        #expect(geometryProblems(graph, layout) == [], "\(name)")
        #expect(layout.nodeRects.count == graph.nodes.count)
    }

    @Test("the layout catches a route through a box, so the geometry test can fail")
    func checkerFindsProblems() {
        let graph = DiagramGraph(nodes: [DiagramNode(id: "a"), DiagramNode(id: "b"), DiagramNode(id: "c")],
                                 edges: [DiagramEdge(from: "a", to: "c")])
        var layout = LayeredLayout.layout(graph)
        #expect(geometryProblems(graph, layout) == [])
        layout.nodeRects[1] = layout.nodeRects[0]
        layout.edgeRoutes[0] = EdgeRoute(points: [Position(x: 0, y: 0), Position(x: 1, y: 0)])
        #expect(geometryProblems(graph, layout).count >= 2)
    }

    @Test("edges that skip layers pass between the boxes of the layers they skip")
    func longEdges() {
        var graph = DiagramGraph()
        for name in ["a", "b", "c", "d"] { graph.add(DiagramNode(id: name, lines: [DiagramLine("line one"), DiagramLine("line two")])) }
        for (f, t) in [("a", "b"), ("b", "c"), ("c", "d"), ("a", "d"), ("a", "c"), ("d", "a")] { graph.add(DiagramEdge(from: f, to: t)) }
        let layout = LayeredLayout.layout(graph)
        #expect(geometryProblems(graph, layout) == [])
        // Four layers left to right, back edge d->a included.
        let xs = ["a", "b", "c", "d"].map { layout.nodeRects[graph.index(of: $0)!].x }
        #expect(xs == xs.sorted() && Set(xs).count == 4)
    }

    @Test("self-references loop beside their box")
    func selfLoop() throws {
        let design = sixtyTableDesign()
        let graph = ERDDiagram.graph(for: design)
        let layout = LayeredLayout.layout(graph, options: ERDDiagram.layoutOptions(ERDDiagramOptions()))
        let loop = try #require(graph.edges.firstIndex { $0.from == "t7" && $0.to == "t7" })
        let rect = layout.nodeRects[graph.index(of: "t7")!]
        let route = layout.edgeRoutes[loop]
        #expect(route.points.first!.x == rect.right - 1 && route.points.last!.x == rect.right - 1)
        #expect(route.points.first!.y != route.points.last!.y)
        #expect(route.cells.dropFirst().dropLast().allSatisfy { layout.node(at: $0) == nil })
    }
}

@Suite("Diagram drawing")
struct DrawingTests {
    @Test("ASCII mode draws in printable ASCII; an export keeps names as they are, an ASCII terminal gets ?")
    func asciiOnly() throws {
        var design = try loadShop()
        design.tables[0].name = "catégories_表"
        design.tables[1].columns[1].references = "catégories_表.id"
        design.services[0].domain = "Catálogo"
        for view in AsciiDiagrams.View.boxViews {
            for design in [design, sixtyTableDesign()] {
                // The export is text for a file, not a terminal: names keep their letters (issue 14).
                let text = AsciiDiagrams.render(design: design, view: view, width: 120)
                if view == .erd, design.tables[0].name == "catégories_表" { #expect(text.contains("catégories_表")) }
                let drawing = text.replacingOccurrences(of: "catégories_表", with: "").replacingOccurrences(of: "Catálogo", with: "")
                let bad = drawing.unicodeScalars.filter { !($0.value >= 0x20 && $0.value < 0x7F) && $0 != "\n" }
                #expect(bad.isEmpty, "\(view): \(String(String.UnicodeScalarView(bad)))")
            }
            var scene = AsciiDiagrams.scene(design: design, view: view, viewSize: Size(width: 80, height: 23), unicode: false)
            scene.selectNext()
            let shown = screen(scene, Size(width: 80, height: 24))
            #expect(shown.unicodeScalars.allSatisfy { ($0.value >= 0x20 && $0.value < 0x7F) || $0 == "\n" })
        }
        // The unicode rendering of the same design does use box drawing, so the check can fail.
        #expect(AsciiDiagrams.render(design: design, view: .erd, unicode: true).contains("┌"))
    }

    @Test("foreign keys get crow's feet from nullability and uniqueness")
    func cardinality() throws {
        var design = Design(title: "Cardinality")
        design.tables = [
            DesignModel.Table(name: "users", columns: [Column(name: "id", type: "uuid", primaryKey: true)]),
            DesignModel.Table(name: "posts", columns: [Column(name: "id", type: "uuid", primaryKey: true),
                                           Column(name: "author_id", type: "uuid", nullable: false, references: "users.id")]),
            DesignModel.Table(name: "profiles", columns: [Column(name: "id", type: "uuid", primaryKey: true),
                                              Column(name: "user_id", type: "uuid", nullable: true, unique: true, references: "users.id")]),
            DesignModel.Table(name: "likes", columns: [Column(name: "user_id", type: "uuid", references: "users.id"),
                                           Column(name: "post_id", type: "uuid", references: "posts.id")],
                  primaryKey: ["user_id", "post_id"]),
        ]
        let graph = ERDDiagram.graph(for: design)
        func marks(_ child: String, _ column: String) -> (EdgeEndMark, EdgeEndMark)? {
            let table = design.tables.first { $0.name == child }!
            let line = table.columns.firstIndex { $0.name == column }
            return graph.edges.first { $0.to == child && $0.toLine == line }.map { ($0.fromMark, $0.toMark) }
        }
        #expect(marks("posts", "author_id")! == (.one, .many))
        #expect(marks("profiles", "user_id")! == (.zeroOrOne, .one))
        // Key columns are not null by default.
        #expect(marks("likes", "user_id")! == (.one, .many))
        #expect(graph["posts"]!.lines.map(\.marker) == ["PK", "FK"])
        #expect(graph["likes"]!.lines.map(\.marker) == ["PK FK", "PK FK"])

        // Drawn: the crow's foot touches the child box, the bar the parent box.
        let layout = LayeredLayout.layout(graph)
        let canvas = DiagramRenderer(glyphs: .ascii).canvas(graph, layout)
        let e = graph.edges.firstIndex { $0.to == "posts" }!
        let cells = layout.edgeRoutes[e].cells
        #expect(canvas[cells[cells.count - 2].x, cells[cells.count - 2].y].symbol == "<")
        #expect(canvas[cells[1].x, cells[1].y].symbol == "|")
        let optional = graph.edges.firstIndex { $0.to == "profiles" }!
        let optionalCells = layout.edgeRoutes[optional].cells
        #expect(canvas[optionalCells[2].x, optionalCells[2].y].symbol == "o")
        // The edge meets the child at its foreign key column's row.
        #expect(cells.last!.y == layout.nodeRects[graph.index(of: "posts")!].y + 2)
    }

    @Test("synchronous call cycles are found with SwiftGraph and drawn in the error role")
    func cycles() {
        let graph = ServiceMapDiagram.graph(for: cyclicServiceDesign())
        let cyclic = Set(graph.edges.indices.filter { graph.edges[$0].role == .error }.map { "\(graph.edges[$0].from)>\(graph.edges[$0].to)" })
        #expect(cyclic == ["a>b", "b>a", "c>d", "d>e", "e>c"])
        #expect(graph.nodes.filter { $0.role == .error }.map(\.id) == ["a", "b", "c", "d", "e"])
        let asyncEdge = graph.edges.first { $0.from == "f" && $0.to == "e" }!
        #expect(asyncEdge.line == .dashed && asyncEdge.label == "f.done")

        let layout = LayeredLayout.layout(graph, options: ServiceMapDiagram.layoutOptions(for: graph))
        let canvas = DiagramRenderer().canvas(graph, layout)
        let e = graph.edges.firstIndex { $0.from == "c" && $0.to == "d" }!
        let cells = layout.edgeRoutes[e].cells
        #expect(canvas[cells[cells.count / 2].x, cells[cells.count / 2].y].role == .error)
        #expect(canvas[layout.nodeRects[graph.index(of: "a")!].x, layout.nodeRects[graph.index(of: "a")!].y].role == .error)
        #expect(canvas[layout.nodeRects[graph.index(of: "f")!].x, layout.nodeRects[graph.index(of: "f")!].y].role == .border)
    }

    @Test("shop service map: solid REST call, dashed event labelled with its name")
    func shopServices() throws {
        let text = AsciiDiagrams.render(design: try loadShop(), view: .services, width: 120, unicode: true)
        #expect(text.contains("order.placed"))
        #expect(text.contains("rest"))
        #expect(text.contains("╌"))
        #expect(text.contains("▶"))
        #expect(text.contains("Ordering"))
    }

    @Test("findings colour the box of their element")
    func findings() throws {
        let design = try loadShop()
        let findings = [
            Finding(ruleID: "x", severity: .warning, message: "w", element: .column("orders", "email")),
            Finding(ruleID: "y", severity: .error, message: "e", element: .table("orders")),
            Finding(ruleID: "z", severity: .info, message: "i", element: .service("catalog")),
        ]
        let erd = ERDDiagram.graph(for: design, findings: findings)
        #expect(erd["orders"]?.role == .error)
        #expect(erd["carts"]?.role == .border)
        #expect(ServiceMapDiagram.graph(for: design, findings: findings)["catalog"]?.role == .info)
    }

    @Test("one service's tables, a table's neighbourhood, compact names")
    func erdFilters() throws {
        let design = try loadShop()
        #expect(ERDDiagram.graph(for: design, options: ERDDiagramOptions(service: "catalog")).nodes.map(\.id) == ["categories", "products"])
        let sixty = sixtyTableDesign()
        let depth1 = ERDDiagram.graph(for: sixty, options: ERDDiagramOptions(focusTable: "t1", depth: 1)).nodes.map(\.id)
        #expect(Set(depth1) == ["t0", "t1", "t3", "t4"])
        let depth2 = ERDDiagram.graph(for: sixty, options: ERDDiagramOptions(focusTable: "t1", depth: 2)).nodes.map(\.id)
        #expect(Set(depth2) == ["t0", "t1", "t2", "t3", "t4", "t6", "t7", "t8", "t9", "t10", "t20"])
        let compact = ERDDiagram.graph(for: design, options: ERDDiagramOptions(compact: true))
        #expect(compact.nodes.allSatisfy { $0.lines.isEmpty })
        #expect(compact.edges.first { $0.to == "products" }?.label == "category_id")
        let layout = LayeredLayout.layout(compact)
        #expect(layout.nodeRects.allSatisfy { $0.height == 3 })
    }

    @Test("labels only where they fit, never over another line")
    func labels() {
        var graph = DiagramGraph(nodes: [DiagramNode(id: "a"), DiagramNode(id: "b")])
        graph.add(DiagramEdge(from: "a", to: "b", label: "short"))
        graph.add(DiagramEdge(from: "a", to: "b", label: String(repeating: "x", count: 60)))
        let layout = LayeredLayout.layout(graph, options: DiagramLayoutOptions(channelWidth: 14))
        #expect(layout.labels.map(\.text) == ["short"])
        let label = layout.labels[0]
        let cells = Set(layout.edgeRoutes[0].cells)
        #expect((0..<5).allSatisfy { cells.contains(Position(x: label.position.x + $0, y: label.position.y)) })
    }
}

@Suite("Viewport and selection")
struct ViewportTests {
    @Test("panning stays inside the canvas; reveal scrolls the least")
    func panning() {
        var viewport = DiagramViewport(canvas: Size(width: 300, height: 100), view: Size(width: 120, height: 39))
        viewport.pan(dx: -5, dy: -5)
        #expect(viewport.offset == Position(x: 0, y: 0))
        viewport.pan(dx: 1000, dy: 1000)
        #expect(viewport.offset == Position(x: 180, y: 61))
        #expect(viewport.positionText == "cols 181-300/300 rows 62-100/100")
        viewport.reveal(Rect(x: 10, y: 70, width: 20, height: 5))
        #expect(viewport.offset == Position(x: 10, y: 61))
        viewport.reveal(Rect(x: 200, y: 0, width: 20, height: 5))
        #expect(viewport.offset == Position(x: 100, y: 0))
        let map = viewport.minimap(width: 30, height: 10, boxes: [Rect(x: 0, y: 0, width: 10, height: 10)])
        #expect(map.count == 10)
        #expect(map[0].spans.first?.content.hasPrefix("■") == true)
        #expect(map[0].spans.contains { $0.style.role == .selection })
    }

    @Test("Tab walks boxes in reading order, rows then columns; a typed name selects and reveals")
    func selection() throws {
        let sixty = sixtyTableDesign()
        var scene = AsciiDiagrams.scene(design: sixty, view: .erd, viewSize: Size(width: 80, height: 23))
        let order = scene.layout.selectionOrder
        #expect(order.count == scene.graph.nodes.count)
        // Reading order (issue 14): the first row holds the topmost box and reads left to right
        // (the second box is beside the first, not under it, as column order had it); a step
        // that does not go right starts a lower row.
        let rects = order.map { scene.layout.nodeRects[$0] }
        let topmost = rects.min { $0.y < $1.y }!
        #expect(rects[0].y < topmost.bottom)
        #expect(rects[1].x > rects[0].x)
        for (a, b) in zip(rects, rects.dropFirst()) where b.x <= a.x {
            #expect(b.y > a.y, "\(a) then \(b)")
        }
        scene.selectNext()
        #expect(scene.selected == order[0])
        scene.selectNext(forward: false)
        #expect(scene.selected == order.last)
        let found = scene.select(named: "t59")
        #expect(found)
        let rect = scene.layout.nodeRects[scene.selected!]
        #expect(!scene.viewport.visibleRect.intersection(rect).isEmpty)
        #expect(scene.viewport.visibleRect.contains(Position(x: rect.x, y: rect.y)))
        let missing = scene.select(named: "no such table")
        #expect(!missing)
        #expect(scene.selectedNodeID == "t59")
        // The selected box is drawn with the focus border.
        #expect(scene.canvas[rect.x, rect.y].role == .focusBorder)
        // Hit-testing finds the box under a cell.
        #expect(scene.layout.node(at: Position(x: rect.x + 1, y: rect.y + 1)) == scene.selected)
    }
}

@Suite("Diagrams that fit their pane")
struct FittingTests {
    /// Eight services in a chain: one row of layers is far wider than an 80-column pane.
    static func chain() -> DiagramGraph {
        var graph = DiagramGraph()
        let names = (1...8).map { "service-number-\($0)" }
        for name in names { graph.add(DiagramNode(id: name, lines: [DiagramLine("a line of detail")])) }
        for (a, b) in zip(names, names.dropFirst()) { graph.add(DiagramEdge(from: a, to: b, label: "rest")) }
        return graph
    }

    @Test("a left-to-right diagram wider than its view continues below in bands of layers, read in order")
    func bands() throws {
        let graph = Self.chain()
        let wide = LayeredLayout.layout(graph, options: DiagramLayoutOptions(channelWidth: 16, wrapWidth: 80))
        #expect(wide.size.width > 80 && wide.bands == 1, "without a view height the layers stay in one row")
        let fitted = LayeredLayout.layout(graph, options: DiagramLayoutOptions(channelWidth: 16, wrapWidth: 80, fitHeight: 40))
        #expect(wide.labels.count == graph.edges.count)
        #expect(fitted.bands > 1)
        #expect(fitted.size.width <= 80 && fitted.size.height <= 40, "\(fitted.size)")
        #expect(geometryProblems(graph, fitted) == [])
        #expect(fitted.edgeRoutes.allSatisfy { $0.isRouted })
        #expect(fitted.labels.count >= wide.labels.count, "every label still has room")
        // The first service is in the top band, the last in the bottom one.
        let first = fitted.nodeRects[0], last = fitted.nodeRects[7]
        #expect(last.y >= first.bottom)
    }

    @Test("a diagram that fits its view, or one that bands cannot help, keeps its one row")
    func noBandsWhenTheyDoNotHelp() {
        let graph = Self.chain()
        let roomy = LayeredLayout.layout(graph, options: DiagramLayoutOptions(wrapWidth: 400, fitHeight: 40))
        #expect(roomy.bands == 1)
        // Four rows of height: stacking would only trade sideways panning for more downward.
        let flat = LayeredLayout.layout(graph, options: DiagramLayoutOptions(wrapWidth: 80, fitHeight: 4))
        let unfitted = LayeredLayout.layout(graph, options: DiagramLayoutOptions(wrapWidth: 80))
        #expect(flat.bands > 1 || flat == unfitted)
        func panning(_ l: DiagramLayout) -> Int { max(0, l.size.width - 80) + max(0, l.size.height - 4) }
        #expect(panning(flat) <= panning(unfitted))
    }

    @Test("the bundled example's service map fits the panes of 120x40 and 80x24 (issue 14: 183x13 in a 117x37 pane)",
          arguments: [Size(width: 117, height: 36), Size(width: 77, height: 20)])
    func bundledServiceMapFits(view: Size) {
        let scene = AsciiDiagrams.scene(design: BundledExample.design, view: .services, viewSize: view)
        #expect(scene.layout.size.height <= view.height)
        // At most a column or two to pan at 80x24. An edge between bands takes a longer way
        // round, and a label that has no straight run to itself on it is left out: a few at most.
        #expect(scene.layout.size.width <= view.width + 2, "\(scene.layout.size) in \(view)")
        #expect(scene.layout.labels.count >= scene.graph.edges.filter { $0.label != nil }.count - 3)
        #expect(geometryProblems(scene.graph, scene.layout) == [])
    }
}
