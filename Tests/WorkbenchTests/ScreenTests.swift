import DesignModel
import DesignRules
import Foundation
import TerminalUI
import Testing
@testable import Workbench

/// Screens on the in-memory terminal, asserted as the text a person would see.
@MainActor
@Suite struct ScreenTests {
    nonisolated static let sizes = [(80, 24), (120, 40)]

    /// Every row is exactly the screen width and the list's right border sits in one column
    /// on every row between the top and bottom borders.
    func checkFrame(_ bench: Bench, width: Int, height: Int) {
        let lines = bench.lines
        #expect(lines.count == height)
        for line in lines { #expect(line.displayWidth == width) }
        let layout = ScreenLayout(state: bench.state)
        let borderX = layout.list.right - 1
        let v = bench.state.glyphs.vertical
        for y in (layout.list.top + 1)..<(layout.list.bottom - 1) {
            #expect(bench.terminal.screen[borderX, y].symbol == v, "row \(y): \(lines[y])")
        }
    }

    @Test(arguments: sizes)
    func overviewPane(width: Int, height: Int) throws {
        let bench = try Bench(width: width, height: height)
        checkFrame(bench, width: width, height: height)
        let lines = bench.lines
        #expect(lines[0].contains("1 Overview  2 Endpoints  3 Services  4 ERD  5 Scaling"))
        #expect(lines[0].hasSuffix("?: help "))
        #expect(lines[1].hasPrefix("┌ Overview (13) "))
        #expect(lines[2].hasPrefix("│ ▸ Summary "))
        #expect(lines[3].hasPrefix("│ Requirements "))
        #expect(lines[4].hasPrefix("│   Business needs (3) "))
        #expect(bench.line(containing: "Shop Platform  0.3.0  [review]") != nil)
        #expect(bench.line(containing: "owners       platform-team") != nil)
        #expect(lines[height - 1].hasPrefix(" shop.design.yaml  E0 W1 I1  NORMAL "))
        // Load, constraints, open questions, API conventions, stack: each row shows its content.
        bench.type("jj")
        #expect(bench.line(containing: "peak rps     2,500") != nil)
        #expect(bench.line(containing: "p99 latency  300 ms") != nil)
        bench.type("jj")
        #expect(bench.line(containing: "- Do marketplace sellers need") != nil)
        bench.type("j")
        #expect(bench.line(containing: "base url     https://api.shop.example.com") != nil)
        #expect(bench.line(containing: "versioning   url-path, current v1") != nil)
        bench.type("j")
        #expect(bench.line(containing: "Language: Go") != nil)
        #expect(bench.line(containing: "Kotlin on the JVM") != nil)
    }

    @Test(arguments: sizes)
    func endpointsPane(width: Int, height: Int) throws {
        let bench = try Bench(width: width, height: height)
        bench.type("2")
        checkFrame(bench, width: width, height: height)
        let lines = bench.lines
        #expect(lines[1].hasPrefix("┌ Endpoints (6) "))
        #expect(lines[2].hasPrefix("│ catalog "))
        #expect(lines[3].hasPrefix("│ ▸ GET    /v1/products "))
        #expect(lines[5].hasPrefix("│ orders "))
        #expect(bench.line(containing: "│   POST   /v1/orders") != nil)
        #expect(bench.line(containing: "List and search products   service catalog") != nil)
        #expect(bench.line(containing: "Params") != nil)
        #expect(bench.line(containing: "query  string")?.contains("   q   ") == true)
        // POST /v1/orders: marker in the list, request example pretty-printed, finding in the detail.
        bench.type("jjjj")
        let row = try #require(bench.line(containing: "▸ POST   /v1/orders"))
        #expect(row.contains("●1 │"))
        #expect(bench.line(containing: "Request  application/json") != nil)
        #expect(bench.line(containing: "  {  ") != nil)
        #expect(bench.line(containing: "\"cart_id\":") != nil)
        bench.type("l")
        bench.press(.end)
        #expect(bench.line(containing: "⚠ api-error-responses") != nil)
    }

    @Test(arguments: sizes)
    func servicesPane(width: Int, height: Int) throws {
        let bench = try Bench(width: width, height: height)
        bench.type("3j")
        checkFrame(bench, width: width, height: height)
        #expect(bench.lines[1].hasPrefix("┌ Services (4) "))
        #expect(bench.line(containing: "│ ▸ orders  Ordering") != nil)
        #expect(bench.line(containing: "┌ service orders ") != nil)
        #expect(bench.line(containing: "Responsibilities") != nil)
        #expect(bench.line(containing: "- Own carts and orders.") != nil)
        #expect(bench.line(containing: "Owns tables  4") != nil)
        #expect(bench.line(containing: "carts  3 columns") != nil)
        bench.type("lG")
        #expect(bench.line(containing: "Called by") != nil)
        #expect(bench.line(containing: "publishes order.placed") != nil)
        if width == 120 {
            #expect(bench.line(containing: "Calls out") != nil)
            #expect(bench.line(containing: "catalog  rest  Read current prices at checkout.") != nil)
        }
    }

    @Test(arguments: sizes)
    func erdPane(width: Int, height: Int) throws {
        let bench = try Bench(width: width, height: height)
        bench.type("4")
        checkFrame(bench, width: width, height: height)
        #expect(bench.lines[1].hasPrefix("┌ ERD (7) "))
        let categories = try #require(bench.line(containing: "▸ categories  2 col"))
        #expect(categories.contains("●1"))
        bench.type("j")
        #expect(bench.line(containing: "┌ table products ") != nil)
        #expect(bench.line(containing: "│  PK id            uuid ") != nil)
        let fk = try #require(bench.line(containing: "│  FK category_id   uuid "))
        #expect(fk.contains("not null"))
        #expect(fk.contains(width == 120 ? "→ categories.id on delete" : "→"))
        #expect(bench.line(containing: "products_search_idx (search_vector) gin") != nil)
        bench.type("jjj")
        bench.type("l")
        bench.press(.end)
        #expect(bench.line(containing: "Partitioning") != nil)
        #expect(bench.line(containing: "range by created_at") != nil)
    }

    @Test(arguments: sizes)
    func scalingPane(width: Int, height: Int) throws {
        let bench = try Bench(width: width, height: height)
        bench.type("5")
        checkFrame(bench, width: width, height: height)
        #expect(bench.lines[1].hasPrefix("┌ Scaling (9) "))
        #expect(bench.lines[2].hasPrefix("│ Bottlenecks "))
        #expect(bench.line(containing: "▸ product-reads") != nil)
        #expect(bench.line(containing: "endpoint:GET /v1/products/{product_id}") != nil)
        #expect(bench.line(containing: "Mitigation") != nil)
        bench.type("jj")
        #expect(bench.line(containing: "layer        cdn") != nil)
        #expect(bench.line(containing: "ttl          5m") != nil)
        bench.type("jj")
        #expect(bench.line(containing: "┌ Load balancing ") != nil)
        bench.type("j")
        #expect(bench.line(containing: "synchronous standby") != nil)
        bench.type("j")
        #expect(bench.line(containing: "target       under 300 ms") != nil)
    }

    @Test func tabAndShiftTabCycleThePanes() throws {
        let bench = try Bench()
        var seen: [Pane] = []
        for _ in 0..<6 {
            bench.press(.tab)
            seen.append(bench.state.pane)
        }
        #expect(seen == [.endpoints, .services, .erd, .scaling, .flows, .overview])
        bench.press(.backTab)
        #expect(bench.state.pane == .flows)
        #expect(bench.lines[0].contains(" 6 Flows "))
        bench.type(":erd\r")
        #expect(bench.state.pane == .erd)
    }

    @Test func helpOverlayIsGeneratedFromTheKeyMap() throws {
        let bench = try Bench(width: 120, height: 40)
        bench.type("?")
        #expect(bench.line(containing: "┌ Keys ") != nil)
        #expect(bench.line(containing: "Move") != nil)
        #expect(bench.line(containing: "j/Down") != nil)
        let helpText = WorkbenchKeys.map.helpLines().map(\.plainText)
        for b in WorkbenchKeys.map.bindings.prefix(12) {
            #expect(helpText.contains { $0.contains(b.help) })
            #expect(bench.text.contains(b.help), "help shows \(b.help)")
        }
        #expect(bench.state.mode == .help(offset: 0))
        bench.type("x")
        #expect(bench.state.mode == .normal)
        #expect(bench.line(containing: "┌ Keys ") == nil)
    }

    @Test func findingsPanelListsBySeverityAndEnterJumps() throws {
        let bench = try Bench(width: 120, height: 40)
        bench.type("f")
        let title = try #require(bench.line(containing: "┌ Findings "))
        #expect(title.contains("Findings  0 errors  1 warning  1 info"))
        let rows = bench.lines.filter { $0.contains("api-error-responses") || $0.contains("doc-description") }
        // Two rows, and the selected finding again below them.
        #expect(rows.count == 3)
        #expect(rows[2].contains("⚠ api-error-responses on endpoint:POST /v1/orders"))
        #expect(rows[0].contains("⚠ api-error-responses"))
        #expect(rows[0].contains("endpoint:POST /v1/orders"))
        #expect(rows[1].contains("ℹ doc-description"))
        bench.press(.enter)
        #expect(bench.state.pane == .endpoints)
        #expect(bench.state.selectedRef == .endpoint("POST /v1/orders"))
        #expect(bench.line(containing: "▸ POST   /v1/orders") != nil)
        // Esc returns to where the jump started.
        bench.press(.escape)
        #expect(bench.state.pane == .overview)
        #expect(bench.state.focus == .findings)
        bench.type("j\r")
        #expect(bench.state.selectedRef == .table("categories"))
        bench.type("ff")
        #expect(bench.state.findingsVisible == false)
        #expect(bench.line(containing: "┌ Findings ") == nil)
    }

    @Test func resizeRedrawsAtTheNewSize() throws {
        let bench = try Bench()
        bench.type("2")
        #expect(bench.lines[0].displayWidth == 80)
        bench.terminal.resize(width: 120, height: 40)
        bench.run()
        #expect(bench.lines.count == 40)
        for line in bench.lines { #expect(line.displayWidth == 120) }
        #expect(bench.lines[1].hasPrefix("┌ Endpoints (6) "))
        #expect(bench.lines[39].hasPrefix(" shop.design.yaml"))
        #expect(bench.terminal.screen == WorkbenchView.render(bench.state))
    }

    @Test func tooSmallWindowSaysSo() throws {
        let bench = try Bench()
        bench.terminal.resize(width: 50, height: 12)
        bench.run()
        let message = try #require(bench.line(containing: "Window too small: 50x12"))
        #expect(message.trimmingCharacters(in: .whitespaces) == "Window too small: 50x12")
        #expect(bench.line(containing: "archbench needs at least 60x16.") != nil)
        bench.terminal.resize(width: 80, height: 24)
        bench.run()
        #expect(bench.line(containing: "Window too small") == nil)
        #expect(bench.lines[1].hasPrefix("┌ Overview"))
    }

    @Test func longNameIsTruncatedWithAnEllipsis() {
        let path = "/v1/" + String(repeating: "very-long-resource-name/", count: 6) + "{id}"
        let loaded = Design.small(services: [Service(name: "api")],
                                  endpoints: [Endpoint(method: .GET, path: path, service: "api", summary: "Long")])
        let bench = Bench(loaded, checker: nil)
        bench.type("2")
        let row = bench.lines[3]
        #expect(row.hasPrefix("│ ▸ GET    /v1/very-long-resou…│"))
        #expect(row.displayWidth == 80)
        let listRight = ScreenLayout(state: bench.state).list.right
        #expect(bench.terminal.screen[listRight - 1, 3].symbol == "│")
        // The detail title is cut the same way.
        #expect(bench.lines[1].contains("┌ GET /v1/very-long"))
    }

    @Test func wideCharactersKeepColumnsAligned() {
        let loaded = Design.small(services: [Service(name: "注文サービス", domain: "受注"), Service(name: "🚀launch", domain: "Rockets"),
                                             Service(name: "plain", domain: "ascii")],
                                  endpoints: [Endpoint(method: .GET, path: "/v1/商品/{id}", service: "注文サービス")])
        let bench = Bench(loaded, checker: FunctionChecker { _, _ in
            [Finding(ruleID: "x-test", severity: .error, message: "wide", element: .service("注文サービス"))]
        })
        bench.type("3")
        let layout = ScreenLayout(state: bench.state)
        #expect(bench.lines[2].hasPrefix("│ Services "))
        for y in 3...5 {
            #expect(bench.terminal.screen[layout.list.right - 1, y].symbol == "│", "row \(y): \(bench.lines[y])")
            #expect(bench.lines[y].displayWidth == 80)
        }
        #expect(bench.lines[3].contains("▸ 注文サービス  受注"))
        // The marker stays right-aligned after wide text.
        let markerX = layout.list.right - 4
        #expect(bench.terminal.screen[markerX, 3].symbol == "●")
        #expect(bench.terminal.screen[markerX + 1, 3].symbol == "1")
        bench.type("2")
        #expect(bench.line(containing: "GET    /v1/商品/{id}") != nil)
    }

    @Test func asciiWhenTheLocaleIsNotUTF8() throws {
        let bench = try Bench(unicode: false)
        bench.type("2jjjj")
        let lines = bench.lines
        #expect(lines[1].hasPrefix("+ Endpoints (6) ---"))
        #expect(lines[2].hasPrefix("| catalog"))
        #expect(lines[22].hasPrefix("+-----"))
        #expect(bench.line(containing: "> POST   /v1/orders") != nil)
        #expect(bench.line(containing: "!1 |") != nil)
        for line in lines { let ascii = line.unicodeScalars.allSatisfy { $0.isASCII }; #expect(ascii, "\(line)") }
    }

    @Test func unicodeBordersOnUTF8() throws {
        let bench = try Bench()
        #expect(bench.lines[1].hasPrefix("┌"))
        #expect(bench.lines[22].hasPrefix("└"))
    }
}

/// The workbench opens on a large design without waiting for its rules: the first frame is
/// drawn with "checking" where the counts go, then the checks run and the markers fill in.
@MainActor
@Suite struct FirstFrameTests {
    /// What the terminal had drawn each time the checker was asked.
    final class FramesAtCheck: @unchecked Sendable {
        var terminal: MemoryTerminal?
        var frames: [Int] = []
    }

    @Test func theFirstFrameIsDrawnBeforeTheChecksAndTheMarkersFillInAfter() throws {
        let log = FramesAtCheck()
        let checker = FunctionChecker { design, sourceMap in
            MainActor.assumeIsolated { log.frames.append(log.terminal?.frameCount ?? -1) }
            return Fixtures.checker.findings(for: design, sourceMap: sourceMap)
        }
        let terminal = MemoryTerminal(width: 80, height: 24, capabilities: TerminalCapabilities(colors: .basic8, unicode: true))
        log.terminal = terminal
        var state = AppState(loaded: try Fixtures.shop(), fileName: "shop.design.yaml", filePath: nil, readOnly: false,
                             checker: checker, screenSize: terminal.size, glyphs: terminal.glyphs, checkAfterFirstFrame: true)
        #expect(log.frames.isEmpty && state.checksPending)
        // Only the pane on the screen has rows for the first frame; the others are built with the checks.
        #expect(state.pane == .overview && state.viewModel.unbuilt == Set(Pane.allCases).subtracting([.overview]))
        #expect(state.viewModel.rows(.endpoints).isEmpty && !state.viewModel.rows(.overview).isEmpty)
        terminal.draw(WorkbenchView.render(state))
        #expect(terminal.lines()[23].hasPrefix(" shop.design.yaml  checking  NORMAL "))
        terminal.enqueue([.char("2")])
        WorkbenchRunner.run(&state, on: terminal)
        // Checked once, after the runner's first frame and before the key was handled.
        #expect(log.frames == [2])
        #expect(!state.checksPending && state.validationRuns == 1)
        #expect(terminal.lines()[23].hasPrefix(" shop.design.yaml  E0 W1 I1  NORMAL "))
        // The marker of the endpoint the checker finds something on is in the list.
        #expect(terminal.lines().contains { $0.contains("POST   /v1/orders") && $0.contains("●1 │") })
        // Every pane has its rows and its first row selected, as when the checks run at once.
        let atOnce = AppState(loaded: try Fixtures.shop(), fileName: "shop.design.yaml", filePath: nil, readOnly: false,
                              checker: Fixtures.checker, screenSize: terminal.size, glyphs: terminal.glyphs)
        #expect(state.viewModel.unbuilt.isEmpty)
        for pane in Pane.allCases {
            #expect(state.viewModel.rows(pane).map(\.ref) == atOnce.viewModel.rows(pane).map(\.ref), "\(pane)")
            #expect(state.lists[pane.rawValue].selected == atOnce.lists[pane.rawValue].selected, "\(pane)")
        }
    }

    /// A terminal of other glyphs (TERM=screen, LANG=C) rebuilds the rows before the first frame:
    /// still the pane on the screen alone, and every pane after the checks.
    @Test func otherGlyphsBeforeTheFirstFrameKeepTheOtherPanesForTheChecks() throws {
        var state = AppState(loaded: try Fixtures.shop(), fileName: "shop.design.yaml", filePath: nil, readOnly: false,
                             checker: Fixtures.checker, checkAfterFirstFrame: true)
        state.update(.terminal(size: Size(width: 80, height: 24), glyphs: .ascii))
        #expect(state.viewModel.rows(.erd).isEmpty && !state.viewModel.rows(.overview).isEmpty)
        state.update(.checksDue)
        #expect(state.viewModel.unbuilt.isEmpty && !state.viewModel.rows(.erd).isEmpty)
        #expect(state.lists[Pane.erd.rawValue].selected != nil)
    }

    @Test func withoutTheOptionTheChecksRunAsTheStateIsMade() throws {
        let state = AppState(loaded: try Fixtures.shop(), fileName: "shop.design.yaml", filePath: nil, readOnly: false,
                             checker: Fixtures.checker)
        #expect(!state.checksPending && state.validationRuns == 1)
    }
}
