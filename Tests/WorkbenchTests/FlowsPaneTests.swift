import ArchbenchTestSupport
import DesignModel
import Foundation
import TerminalUI
import Testing
@testable import Workbench

/// The Flows pane on the in-memory terminal: the list, the detail, the sequence diagram and
/// where Enter on a step leads; and the flows shown in the Services and Endpoints panes.
@MainActor
@Suite struct FlowsPaneTests {
    static func shopWithCheckout() throws -> LoadedDesign {
        var loaded = try Fixtures.shop()
        loaded.design.flows = [Fixture.checkout, Flow(name: "restock")]
        return loaded
    }

    @Test func key6ShowsTheFlowsAndTheDetailOfTheSelectedOne() throws {
        let bench = Bench(try Self.shopWithCheckout(), width: 120, height: 40)
        bench.type("6")
        #expect(bench.state.pane == .flows)
        #expect(bench.lines[0].contains(" 6 Flows "))
        #expect(bench.line(containing: "checkout  7 steps  outbox") != nil)
        #expect(bench.line(containing: "restock  0 steps") != nil)
        #expect(bench.line(containing: "trigger      endpoint:POST /v1/orders") != nil)
        #expect(bench.line(containing: "consistency  outbox") != nil)
        #expect(bench.line(containing: "Steps 7") != nil || bench.line(containing: "Steps (7)") != nil || bench.text.contains("Steps"))
        #expect(bench.line(containing: "   1  client         service:orders") != nil, "\(bench.text)")
        #expect(bench.line(containing: "   4  orders         external:payment-provider") != nil)
        #expect(bench.text.contains("When it fails"))
        bench.type("j")
        #expect(bench.text.contains("none yet: e edits the flow"))
    }

    @Test func vDrawsTheSelectedFlowAndEnterOpensWhatAStepNames() throws {
        let bench = Bench(try Self.shopWithCheckout(), width: 80, height: 24)
        bench.type("6v")
        #expect(bench.state.diagrams.isShown(.flows))
        #expect(bench.lines[1].hasPrefix("┌ Flow checkout (7 steps) "))
        #expect(bench.lines[1].hasSuffix(" 1/7 ┐"))
        #expect(bench.lines[23].contains("7 steps: Tab selects, Enter opens, v: list"))
        #expect(bench.line(containing: "client") != nil && bench.line(containing: "(payment-provider)") != nil)
        for line in bench.lines { #expect(line.displayWidth == 80) }
        let screen = bench.lines.map { line in
            var s = Substring(line)
            while s.last == " " { s = s.dropLast() }
            return String(s)
        }.joined(separator: "\n") + "\n"
        try expectGolden(screen, at: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Golden/flow-diagram-80x24.txt"))
        // Step 3 is the call to catalog: Enter opens the service, Esc comes back to the flow.
        bench.press(.tab, .tab)
        #expect(bench.lines[1].hasSuffix(" 3/7 ┐"))
        #expect(bench.lines[21].contains("orders → catalog: 3. Read the current price"))
        bench.press(.enter)
        #expect(bench.state.pane == .services)
        #expect(bench.state.selectedRef == .service("catalog"))
        #expect(!bench.state.diagrams.isShown(.flows))
        bench.press(.escape)
        #expect(bench.state.pane == .flows)
        #expect(bench.state.selectedRef == .flow("checkout"))
        // Step 4 is a third party: nothing to open. The diagram comes back on step 3.
        bench.type("v")
        #expect(bench.lines[1].hasSuffix(" 3/7 ┐"))
        bench.press(.tab)
        bench.press(.enter)
        #expect(bench.state.pane == .flows)
        #expect(bench.lines[23].contains("payment-provider is a third party"))
        // A table opens in the ERD.
        bench.press(.backTab, .backTab)
        bench.press(.enter)
        #expect(bench.state.pane == .erd)
        #expect(bench.state.selectedRef == .table("carts"))
    }

    @Test func vOnAFlowWithoutStepsSaysSo() throws {
        let bench = Bench(try Self.shopWithCheckout(), width: 80, height: 24)
        bench.type("6jv")
        #expect(bench.line(containing: "No steps yet: e edits the flow.") != nil)
    }

    @Test func servicesAndEndpointsNameTheirFlows() throws {
        let bench = Bench(try Self.shopWithCheckout(), width: 120, height: 40)
        bench.state.go(to: .service("catalog"))
        bench.run()
        #expect(bench.line(containing: "Takes part in flows 1") != nil || bench.text.contains("Takes part in flows"))
        #expect(bench.line(containing: "checkout  step 3") != nil, "\(bench.text)")
        bench.state.go(to: .endpoint("POST /v1/orders"))
        bench.run()
        #expect(bench.text.contains("Triggers flows"))
        #expect(bench.line(containing: "checkout  7 steps, outbox") != nil)
    }

    @Test func aBottleneckCanAffectAFlow() throws {
        let bench = Bench(try Self.shopWithCheckout())
        bench.type("5e")
        guard case let .form(form) = bench.state.mode else {
            Issue.record("no form open")
            return
        }
        let fields = form.fields(in: bench.state.design)
        let rows = FormState.rows(fields)
        let target = try #require(rows.firstIndex { fields[$0.field].id == "affects" })
        for _ in 0..<(target - form.top.focus) { bench.press(.down) }
        bench.press(.enter)
        bench.type("flow:check")
        bench.press(.enter)
        #expect(bench.state.design.scaling.bottlenecks[0].affects.last == "flow:checkout")
    }

    @Test func renamingAServiceRedrawsTheFlowDiagram() throws {
        let bench = Bench(try Self.shopWithCheckout(), width: 80, height: 24)
        bench.type("6v")
        var state = bench.state
        try state.history.perform(.rename(.service("catalog"), to: "products"), on: &state.design, label: "rename")
        state.editDone("renamed")
        bench.state = state
        bench.run()
        #expect(bench.line(containing: "products") != nil)
        #expect(bench.state.diagrams.flows.layoutRuns >= 2)
    }
}
