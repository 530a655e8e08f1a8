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

    /// With no flow, the pane's one row says how to add one and is not counted as a flow.
    @Test func anEmptyFlowsPaneCountsNoFlow() throws {
        let bench = Bench(try Fixtures.shop(), width: 100, height: 30)
        bench.type("6")
        #expect(bench.lines[1].hasPrefix("┌ Flows (0) ──"))
        #expect(!bench.lines[1].contains("1/1"))
        #expect(bench.line(containing: "No flows yet: a adds one") != nil)
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

/// A flow's steps in its form: added with `from` and `to` picked, reordered with K/J, deleted.
@MainActor
@Suite struct FlowStepFormTests {
    static func form(_ bench: Bench) throws -> FormState {
        guard case let .form(form) = bench.state.mode else { throw FormMissing(mode: "\(bench.state.mode)") }
        return form
    }
    struct FormMissing: Error { let mode: String }

    static func focus(_ bench: Bench, _ fieldID: String, add: Bool = false, item: Int = 0) throws {
        let f = try form(bench)
        let fields = f.fields(in: bench.state.design)
        let rows = FormState.rows(fields)
        let matching = rows.indices.filter { fields[rows[$0].field].id == fieldID && (!add || rows[$0].isAdd) }
        let target = try #require(matching.dropFirst(add ? 0 : item).first, "no row \(fieldID)")
        let step = target - f.top.focus
        for _ in 0..<abs(step) { bench.press(step > 0 ? .down : .up) }
        #expect(try form(bench).top.focus == target)
    }

    @Test func aStepIsAddedPickedMovedAndDeleted() throws {
        let bench = Bench(try FlowsPaneTests.shopWithCheckout(), width: 100, height: 30)
        bench.type("6e")
        #expect(try Self.form(bench).top.subject.title == "flow checkout")
        // A flow starts at an endpoint or an event, so only those are offered as its trigger.
        try Self.focus(bench, "trigger")
        bench.press(.enter)
        let triggers = try #require(try Self.form(bench).picker).candidates
        #expect(triggers.first == PickerState.noneLabel && triggers.last == "event:order.placed")
        #expect(triggers.dropFirst().allSatisfy { $0.hasPrefix("endpoint:") || $0.hasPrefix("event:") })
        bench.press(.escape)
        #expect(bench.line(containing: "7. notifications → table:outbound_emails") != nil, "\(bench.text)")
        try Self.focus(bench, "steps", add: true)
        bench.press(.enter)
        // The new step starts where the last one acted; nothing is stored until it names its target.
        #expect(try Self.form(bench).top.subject == .step(FlowStep(from: "notifications", to: "")))
        #expect(bench.state.design.flows[0].steps.count == 7)
        try Self.focus(bench, "from")
        bench.press(.enter)
        let actors = try #require(try Self.form(bench).picker)
        #expect(actors.candidates == ["client", "catalog", "orders", "notifications"])
        bench.type("ord\r")
        try Self.focus(bench, "to")
        bench.press(.enter)
        let targets = try #require(try Self.form(bench).picker)
        #expect(targets.title == "to (or type external:NAME)")
        #expect(targets.candidates.contains("event:order.placed") && targets.candidates.contains("table:carts"))
        #expect(targets.candidates.last == "external:payment-provider")
        #expect(!targets.candidates.contains(PickerState.noneLabel))
        // A third party the design does not know yet is taken as typed.
        bench.type("external:mailer\r")
        #expect(bench.state.design.flows[0].steps.count == 8)
        #expect(bench.state.design.flows[0].steps[7] == FlowStep(from: "orders", to: "external:mailer"))
        try Self.focus(bench, "timeout")
        // The focused field says what it holds: the description the JSON Schema gives editors.
        #expect(bench.lines[27].contains("Timeout. A duration: 250ms, 30s, 5m, 1h or 7d."), "\(bench.text)")
        bench.type("250ms\r")
        #expect(bench.state.design.flows[0].steps[7].timeout == Duration(amount: 250, unit: .milliseconds))
        bench.press(.escape)
        #expect(try Self.form(bench).top.subject.title == "flow checkout")
        #expect(bench.line(containing: "8. orders → external:mailer") != nil)

        // K moves the new step above the e-mail; J puts it back; d deletes it; u brings it back.
        try Self.focus(bench, "steps", item: 7)
        bench.type("K")
        #expect(bench.state.design.flows[0].steps[6].to == "external:mailer")
        #expect(bench.state.design.flows[0].steps[7].to == "table:outbound_emails")
        bench.type("J")
        #expect(bench.state.design.flows[0].steps[7].to == "external:mailer")
        bench.type("d")
        #expect(bench.state.design.flows[0].steps.count == 7)
        bench.press(.escape)
        bench.type("u")
        #expect(bench.state.design.flows[0].steps.count == 8)
    }

    @Test func aTargetThatIsNoElementOrExternalIsRefused() throws {
        let bench = Bench(try FlowsPaneTests.shopWithCheckout(), width: 100, height: 30)
        bench.type("6e")
        try Self.focus(bench, "steps", item: 0)
        bench.press(.enter)
        try Self.focus(bench, "to")
        bench.press(.enter)
        // `zzz` matches no candidate and is no external:NAME: nothing is picked.
        bench.type("zzz\r")
        #expect(bench.state.design.flows[0].steps[0].to == "service:orders")
    }
}
