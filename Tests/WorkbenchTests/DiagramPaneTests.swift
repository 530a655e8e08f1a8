import ArchbenchTestSupport
import DesignModel
import DesignRules
import Foundation
import TerminalUI
import Testing
@testable import Workbench

/// Screen goldens live next to this file; `UPDATE_GOLDEN=1` rewrites them.
@MainActor
private func expectScreenGolden(_ bench: Bench, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    let text = bench.lines.map { line in
        var s = Substring(line)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }.joined(separator: "\n") + "\n"
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name)")
    try expectGolden(text, at: url, sourceLocation: sourceLocation)
}

/// `count` tables with no foreign keys: each its own part of the diagram.
func unrelatedTables(_ count: Int) -> [DesignModel.Table] {
    (1...count).map { n in
        DesignModel.Table(name: "table_\(n)", columns: [Column(name: "id", type: "uuid"), Column(name: "name", type: "text"),
                                                       Column(name: "created_at", type: "timestamptz")], primaryKey: ["id"])
    }
}

/// The diagram views of the ERD and Services panes, on the in-memory terminal.
@MainActor
@Suite struct DiagramPaneTests {
    nonisolated static let sizes = [(120, 40), (80, 24)]

    @Test(arguments: sizes)
    func erdDiagramOfTheShop(width: Int, height: Int) throws {
        let bench = try Bench(width: width, height: height)
        bench.type("4v")
        #expect(bench.state.diagrams.isShown(.erd))
        let lines = bench.lines
        #expect(lines.count == height)
        for line in lines { #expect(line.displayWidth == width) }
        #expect(lines[1].hasPrefix("┌ ERD diagram (7 tables) "))
        // The first table in reading order is selected on opening.
        #expect(lines[1].hasSuffix(" 1/7 ┐"))
        #expect(bench.line(containing: "┌ categories ──┐") != nil)
        #expect(bench.line(containing: "│ PK id   uuid │┤├───────<│ FK category_id   uuid") != nil)
        // The position line: the selected box's name and where the view is.
        let position = try #require(bench.lines[height - 3].split(separator: "│").first).trimmingCharacters(in: .whitespaces)
        #expect(position.hasPrefix("categories "))
        // At 80 columns the layout wraps to the width: narrower and taller.
        #expect(position.hasSuffix(width == 120 ? "cols 1-102/102 rows 1-24/24" : "cols 1-69/69 rows 1-19/32"))
        #expect(bench.lines[height - 1].contains("7 tables: Tab selects, Enter opens, v: list"))
        try expectScreenGolden(bench, "erd-diagram-\(width)x\(height).txt")
    }

    @Test(arguments: sizes)
    func serviceMapOfTheShop(width: Int, height: Int) throws {
        let bench = try Bench(width: width, height: height)
        bench.type("3v")
        let lines = bench.lines
        for line in lines { #expect(line.displayWidth == width) }
        #expect(lines[1].hasPrefix("┌ Service map (3 services) "))
        #expect(bench.line(containing: "┌ orders ──┐") != nil)
        #expect(bench.line(containing: "│ Ordering ├") != nil)
        #expect(bench.line(containing: "│ Catalog  │") != nil)
        // Solid for the REST call, dashed for the event, each labelled.
        #expect(bench.line(containing: "──────rest────────▶") != nil)
        #expect(bench.line(containing: "╌╌╌order.placed╌╌╌╌▶│ Messaging") != nil)
        #expect(bench.lines[height - 3].contains("cols 1-54/54 rows 1-7/7"))
        try expectScreenGolden(bench, "services-map-\(width)x\(height).txt")
    }

    @Test func panningMovesTheViewportAndTheMinimapShowsOnlyWhenNeeded() throws {
        let bench = try Bench(width: 80, height: 24)
        bench.type("4v")
        let scene = try #require(bench.state.diagrams.erd.scene)
        #expect(scene.viewport.canvasSize.height > scene.viewport.viewSize.height, "the shop ERD is taller than 19 rows")
        #expect(scene.viewport.offset == Position(x: 0, y: 0))
        let positionRow = 21
        #expect(bench.lines[positionRow].contains("rows 1-19/32"))
        bench.type("j")
        #expect(bench.state.diagrams.erd.scene?.viewport.offset == Position(x: 0, y: DiagramKeys.panRows))
        #expect(bench.lines[positionRow].contains("rows 3-21/32"))
        #expect(bench.line(containing: "┌ products ") == nil, "the top row scrolled away")
        // The whole canvas fits across, so sideways keys leave it where it is.
        bench.type("l")
        #expect(bench.state.diagrams.erd.scene?.viewport.offset.x == 0)
        bench.press(.end)
        let end = try #require(bench.state.diagrams.erd.scene).viewport
        #expect(end.offset.y + end.viewSize.height == end.canvasSize.height)
        #expect(bench.lines[positionRow].contains("rows 14-32/32"))
        bench.type("k")
        #expect(bench.lines[positionRow].contains("rows 12-30/32"))
        bench.type("g")
        #expect(bench.state.diagrams.erd.scene?.viewport.offset == Position(x: 0, y: 0))
        // 80x24 has no room for the minimap; the position line is the indicator.
        #expect(bench.line(containing: "┌ map ") == nil)
    }

    @Test func minimapAppearsInARoomyPaneWhenTheDiagramDoesNotFit() throws {
        // Sixteen unrelated tables do not fit in 120x40: the corner shows where the view is.
        let bench = Bench(Design.small(tables: unrelatedTables(16)), width: 120, height: 40)
        bench.type("4v")
        let scene = try #require(bench.state.diagrams.erd.scene)
        #expect(scene.viewport.canvasSize.height > scene.viewport.viewSize.height)
        let mapTop = try #require(bench.lines.firstIndex { $0.contains("┌ map ") })
        #expect(bench.lines[mapTop + 1].contains("■"))
    }

    @Test func tabSelectsAndEnterOpensTheTableThenVTogglesBack() throws {
        let bench = try Bench(width: 120, height: 40)
        bench.type("4v")
        let first = try #require(bench.state.diagrams.erd.scene?.selectedNodeID)
        bench.press(.tab)
        let second = try #require(bench.state.diagrams.erd.scene?.selectedNodeID)
        #expect(second != first)
        #expect(bench.lines[1].hasSuffix(" 2/7 ┐"))
        #expect(bench.lines[37].hasPrefix("│  \(second) "))
        bench.press(.backTab)
        #expect(bench.state.diagrams.erd.scene?.selectedNodeID == first)
        bench.press(.tab, .enter)
        #expect(!bench.state.diagrams.isShown(.erd))
        #expect(bench.state.pane == .erd)
        #expect(bench.state.selectedRef == .table(second))
        #expect(bench.line(containing: "┌ table \(second) ") != nil)
        #expect(bench.line(containing: "v: back to the diagram") != nil)
        // v goes back to the diagram with the same box selected; v again to the list.
        bench.type("v")
        #expect(bench.state.diagrams.erd.scene?.selectedNodeID == second)
        #expect(bench.lines[1].hasPrefix("┌ ERD diagram "))
        bench.type("v")
        #expect(bench.lines[1].hasPrefix("┌ ERD (7) "))
        // Esc also goes back to the list.
        bench.type("v")
        bench.press(.escape)
        #expect(bench.lines[1].hasPrefix("┌ ERD (7) "))
    }

    @Test func enterOnAServiceBoxOpensTheService() throws {
        let bench = try Bench(width: 80, height: 24)
        bench.type("3v")
        let service = try #require(bench.state.diagrams.services.scene?.selectedNodeID)
        bench.press(.enter)
        #expect(bench.state.pane == .services)
        #expect(bench.state.selectedRef == .service(service))
        #expect(bench.line(containing: "┌ service \(service) ") != nil)
    }

    @Test func slashSelectsABoxByName() throws {
        let bench = try Bench(width: 120, height: 40)
        bench.type("4v")
        let origin = bench.state.diagrams.erd.scene?.selectedNodeID
        bench.type("/order_l")
        #expect(bench.state.diagrams.erd.scene?.selectedNodeID == "order_lines")
        #expect(bench.line(containing: " find table: order_l") != nil)
        bench.press(.escape)
        #expect(bench.state.diagrams.erd.scene?.selectedNodeID == origin)
        bench.type("/cart_i\r")
        #expect(bench.state.diagrams.erd.scene?.selectedNodeID == "cart_items")
        #expect(bench.state.diagrams.erd.namePrompt == nil)
        #expect(bench.lines[37].hasPrefix("│  cart_items "))
        bench.type("/nothing-like-this\r")
        #expect(bench.state.message?.text == "no table called \"nothing-like-this\"")
        #expect(bench.state.diagrams.erd.scene?.selectedNodeID == "cart_items")
    }

    @Test func erdOptionsFromKeysAndCommands() throws {
        let bench = try Bench(width: 120, height: 40)
        bench.type("4v")
        bench.type("c")
        #expect(bench.state.diagrams.erd.erdOptions.compact)
        #expect(bench.line(containing: "PK id") == nil, "compact boxes have no columns")
        #expect(bench.lines[1].contains("compact"))
        bench.type("c")
        bench.type("s")
        #expect(bench.state.diagrams.erd.erdOptions.groupByService)
        #expect(bench.line(containing: "┌ orders ") != nil)
        bench.type("s")

        bench.type(":erd focus cart_items 1\r")
        var scene = try #require(bench.state.diagrams.erd.scene)
        #expect(Set(scene.graph.nodes.map(\.id)) == ["cart_items", "carts"])
        #expect(bench.lines[1].contains("around cart_items depth 1"))
        bench.type(":erd focus products 2\r")
        scene = try #require(bench.state.diagrams.erd.scene)
        #expect(Set(scene.graph.nodes.map(\.id)) == ["products", "categories"])
        bench.type(":erd all\r")
        #expect(bench.state.diagrams.erd.scene?.graph.nodes.count == 7)

        bench.type(":erd service catalog\r")
        #expect(Set(bench.state.diagrams.erd.scene?.graph.nodes.map(\.id) ?? []) == ["categories", "products"])
        bench.type("A")
        #expect(bench.state.diagrams.erd.scene?.graph.nodes.count == 7)
        // F focuses on the selected table; + and - change the depth.
        bench.type("/carts\r")
        bench.type("F")
        #expect(Set(bench.state.diagrams.erd.scene?.graph.nodes.map(\.id) ?? []) == ["carts", "cart_items"])
        bench.type("-")
        #expect(bench.state.diagrams.erd.scene?.graph.nodes.map(\.id) == ["carts"])
        bench.type(":erd service nobody\r")
        #expect(bench.state.message?.severity == .warning)
        bench.type(":erd list\r")
        #expect(!bench.state.diagrams.isShown(.erd))
        // A bare :erd still only shows the pane.
        bench.type("1:erd\r")
        #expect(bench.state.pane == .erd)
        #expect(!bench.state.diagrams.isShown(.erd))
        bench.type(":map\r")
        #expect(bench.state.pane == .services)
        #expect(bench.state.diagrams.isShown(.services))
    }

    @Test func boxesOfElementsWithFindingsTakeTheSeverityColour() throws {
        // The test checker reports an info finding on the categories table.
        let bench = try Bench(width: 120, height: 40)
        bench.type("4v")
        let y = try #require(bench.lines.firstIndex { $0.contains("┌ categories ") })
        let x = try #require(bench.lines[y].firstIndex(of: "┌")).utf16Offset(in: bench.lines[y])
        #expect(bench.terminal.screen[x, y].style.role == .info)
        let py = try #require(bench.lines.firstIndex { $0.contains("┌ products ") })
        let px = try #require(bench.lines[py].range(of: "┌ products")).lowerBound.utf16Offset(in: bench.lines[py])
        #expect(bench.terminal.screen[px, py].style.role != .info)
    }

    @Test func synchronousCallCyclesAreDrawnInTheErrorColour() throws {
        let services = [
            Service(name: "alpha", domain: "A", calls: [ServiceCall(service: "beta", style: .rest)]),
            Service(name: "beta", domain: "B", calls: [ServiceCall(service: "alpha", style: .grpc)]),
            Service(name: "gamma", domain: "C"),
        ]
        let bench = Bench(Design.small(services: services), width: 120, height: 40, checker: nil)
        bench.type("3v")
        func role(ofBox name: String) throws -> StyleRole {
            let y = try #require(bench.lines.firstIndex { $0.contains("┌ \(name) ") })
            let x = try #require(bench.lines[y].range(of: "┌ \(name)")).lowerBound.utf16Offset(in: bench.lines[y])
            return bench.terminal.screen[x + 2, y].style.role == .selection ? bench.terminal.screen[x + 1, y].style.role
                : bench.terminal.screen[x, y].style.role
        }
        let beta = try role(ofBox: "beta")
        let gamma = try role(ofBox: "gamma")
        #expect(beta == .error)
        #expect(gamma != .error)
    }

    @Test func asciiGlyphsUnderLangC() throws {
        let bench = try Bench(width: 120, height: 40, unicode: false)
        bench.type("4v")
        let isASCII = bench.text.unicodeScalars.allSatisfy { $0.isASCII }
        #expect(isASCII, Comment(rawValue: bench.text))
        #expect(bench.line(containing: "+ categories ") != nil)
        #expect(bench.line(containing: "| PK id   uuid |") != nil)
        bench.type("3v")
        let mapIsASCII = bench.text.unicodeScalars.allSatisfy { $0.isASCII }
        #expect(mapIsASCII)
        #expect(bench.line(containing: "order.placed") != nil)
    }

    @Test func theSceneIsLaidOutOncePerChangeNotPerKeyOrFrame() throws {
        let bench = try Bench(width: 120, height: 40)
        bench.type("4v")
        let runs = bench.state.diagrams.layoutRuns
        #expect(runs == 1)
        bench.type("jjllkh")
        bench.press(.tab, .tab, .backTab)
        bench.type("?x")
        bench.type("f")
        bench.type("f")
        #expect(bench.state.diagrams.layoutRuns == runs, "pans, selection, help and the findings panel reuse the layout")
        // A new width wraps differently: one layout. A new height alone only moves the viewport.
        bench.terminal.resize(width: 100, height: 40)
        bench.run()
        #expect(bench.state.diagrams.layoutRuns == runs + 1)
        bench.terminal.resize(width: 100, height: 30)
        bench.run()
        #expect(bench.state.diagrams.layoutRuns == runs + 1)
        #expect(bench.state.diagrams.erd.scene?.viewport.viewSize.height == 30 - 5)
        // An edit lays out the diagram on screen once; the hidden one waits until shown.
        bench.type("3")
        bench.type("4")
        #expect(bench.state.diagrams.services.scene == nil)
        #expect(bench.state.diagrams.layoutRuns == runs + 1)
    }

    @Test func anEditRebuildsTheDiagramOnScreen() throws {
        let bench = try Bench(width: 120, height: 40)
        // Delete outbound_emails in the list, then show the diagram: six tables.
        bench.type("4")
        let row = try #require(bench.state.viewModel.location[.table("outbound_emails")]?.row)
        var list = bench.state.list
        list.selected = row
        bench.state.list = list
        bench.type("dy")
        bench.type("v")
        #expect(bench.lines[1].hasPrefix("┌ ERD diagram (6 tables) "))
        let runs = bench.state.diagrams.layoutRuns
        // Undo passes through the diagram and brings the table back into it.
        bench.type("u")
        #expect(bench.lines[1].hasPrefix("┌ ERD diagram (7 tables) "))
        #expect(bench.state.diagrams.layoutRuns == runs + 1)
    }

    @Test func listKeysThatWouldActUnseenAreHeldBackInTheDiagram() throws {
        let bench = try Bench(width: 80, height: 24)
        bench.type("4v")
        bench.type("d")
        #expect(bench.state.mode == .normal)
        #expect(bench.state.message?.text == "d works in the list: v shows it")
        bench.type("2")
        #expect(bench.state.pane == .endpoints)
        // The diagram stays on for its pane.
        bench.type("4")
        #expect(bench.lines[1].hasPrefix("┌ ERD diagram "))
    }

    @Test func aFindingJumpSelectsItsBoxWhenTheDiagramIsShown() throws {
        let bench = try Bench(width: 120, height: 40)
        bench.type("4v")
        bench.press(.tab)
        #expect(bench.state.diagrams.erd.scene?.selectedNodeID != "categories")
        bench.type("f")
        #expect(bench.state.focus == .findings)
        // Findings are sorted most severe first: the endpoint's warning, then the categories info.
        bench.type("j")
        bench.press(.enter)
        #expect(bench.state.pane == .erd)
        #expect(bench.state.diagrams.isShown(.erd))
        #expect(bench.state.diagrams.erd.scene?.selectedNodeID == "categories")
    }

    @Test func diagramKeysHaveNoConflictsAndTheReadmeListsThem() throws {
        #expect(DiagramKeys.map.conflicts.isEmpty)
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let table = DiagramKeys.markdownTable()
        #expect(text.contains(table), "README.md should contain:\n\(table)")
        let bench = try Bench(width: 120, height: 40)
        bench.type("?")
        bench.press(.pageDown, .pageDown, .pageDown, .pageDown)
        #expect(bench.text.contains("Diagram"))
    }
}

@MainActor @Suite struct DiagramFitTests {
    func bundled(width: Int, height: Int) throws -> Bench {
        Bench(try DesignLoader.load(yaml: BundledExample.yaml, file: BundledExample.fileName), width: width, height: height)
    }

    /// Issue 14: the bundled service map scrolled sideways in a 117x37 pane while two thirds
    /// of it stayed empty, and selecting `riders` never panned it into view.
    @Test(arguments: [(120, 40), (80, 24)])
    func theBundledServiceMapFitsAndEverySelectedBoxIsInView(size: (Int, Int)) throws {
        let bench = try bundled(width: size.0, height: size.1)
        bench.type("3v")
        let scene = try #require(bench.state.diagrams.services.scene)
        #expect(scene.layout.bands > 1, "the layers continue below")
        #expect(scene.layout.size.height <= scene.viewport.viewSize.height)
        for _ in scene.graph.nodes {
            bench.press(.tab)
            let now = try #require(bench.state.diagrams.services.scene)
            let rect = now.layout.nodeRects[try #require(now.selected)]
            let visible = now.viewport.visibleRect
            #expect(visible.intersection(rect) == rect, "\(now.selectedNodeID ?? "") at \(rect) outside \(visible)")
        }
    }

    /// `3 j j v` opened the map on the first box, not on the service selected in the list.
    @Test func theDiagramOpensOnTheElementSelectedInTheList() throws {
        let bench = try bundled(width: 120, height: 40)
        bench.type("3jj")
        let service = try #require(bench.state.selectedRef)
        bench.type("v")
        #expect(bench.state.diagrams.services.scene?.selectedNodeID == service.name)
        bench.type("v4jj")
        let table = try #require(bench.state.selectedRef)
        bench.type("v")
        #expect(bench.state.diagrams.erd.scene?.selectedNodeID == table.name)
    }

    @Test func theMinimapNeverCoversTheSelectedBox() throws {
        // Forty unrelated tables: far more than a 120x40 pane shows, boxes in every corner.
        let tables = unrelatedTables(40)
        let bench = Bench(Design.small(tables: tables), width: 120, height: 40)
        bench.type("4v")
        var corners = Set<Int>()
        var hidden = 0
        for _ in tables {
            bench.press(.tab)
            let scene = try #require(bench.state.diagrams.erd.scene)
            let r = scene.layout.nodeRects[try #require(scene.selected)]
            // The pane's inner area starts at column 1, row 2.
            let box = Rect(x: r.x - scene.viewport.offset.x + 1, y: r.y - scene.viewport.offset.y + 2, width: r.width, height: r.height)
            guard let top = bench.lines.firstIndex(where: { $0.contains("┌ map ") }) else {
                hidden += 1
                continue
            }
            let left = try #require(bench.lines[top].range(of: "┌ map ")).lowerBound
            let x = bench.lines[top].distance(from: bench.lines[top].startIndex, to: left)
            let map = Rect(x: x, y: top, width: WorkbenchView.minimapSize.width + 2, height: WorkbenchView.minimapSize.height + 2)
            #expect(map.intersection(box).isEmpty, "the map at \(map) covers \(scene.selectedNodeID ?? "") at \(box)")
            corners.insert(x * 1000 + top)
        }
        #expect(corners.count > 1 || hidden > 0, "some selection sits under the top-right corner, and the map moved for it")
    }
}
