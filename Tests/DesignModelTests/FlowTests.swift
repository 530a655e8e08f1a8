import DesignModel
import Testing

/// Flows as elements: references from their steps and trigger, `flow:NAME` references to them,
/// and rename, delete and undo through the model's commands.
@Suite struct FlowTests {
    /// The shop with the checkout of the format contract as a flow, referred to from a comment, an
    /// ignore entry, a phase and a bottleneck.
    static func shopWithCheckout() throws -> Design {
        var design = try Shared.shop()
        design.flows = [checkout]
        design.comments.append(Comment(id: 9, element: "flow:checkout", author: "ana", text: "Where is the retry?"))
        design.validation.ignore = [IgnoreEntry(rule: "flow-dual-write", element: "flow:checkout", reason: "reviewed")]
        design.phases[1].includes.append("flow:checkout")
        design.scaling.bottlenecks[1].affects.append("flow:checkout")
        return design
    }

    static let checkout = Flow(
        name: "checkout", description: "A customer turns a cart into a paid order.",
        trigger: "endpoint:POST /v1/orders", consistency: .outbox,
        steps: [
            FlowStep(from: "client", to: "service:orders", action: "POST /v1/orders with the cart id.", style: .rest),
            FlowStep(from: "orders", to: "table:carts", action: "Load the cart and its items.", access: .read),
            FlowStep(from: "orders", to: "service:catalog", action: "Read the current prices.", style: .rest,
                     timeout: Duration(amount: 1, unit: .seconds)),
            FlowStep(from: "orders", to: "external:payment-provider", action: "Authorise and capture the payment.",
                     timeout: Duration(amount: 5, unit: .seconds), idempotent: true),
            FlowStep(from: "orders", to: "table:orders", action: "Insert the order and the outbox row.", access: .write),
            FlowStep(from: "orders", to: "event:order.placed", action: "The relay publishes order.placed.", style: .event,
                     async: true),
            FlowStep(from: "notifications", to: "table:outbound_emails", action: "Record the e-mail and send it.",
                     access: .write, async: true),
        ],
        failure: "A declined payment answers 402 and leaves no order.")

    @Test func stepTargetsParseTheFourKinds() {
        #expect(StepTarget(parsing: "service:orders") == .service("orders"))
        #expect(StepTarget(parsing: "event:order.placed") == .event("order.placed"))
        #expect(StepTarget(parsing: "table:order_lines") == .table("order_lines"))
        #expect(StepTarget(parsing: "external:payment-provider") == .external("payment-provider"))
        #expect(StepTarget(parsing: "external:a:b")?.name == "a:b")
        #expect(StepTarget(parsing: "column:orders.id") == nil)
        #expect(StepTarget(parsing: "service:") == nil)
        #expect(StepTarget(parsing: "orders") == nil)
        #expect(StepTarget.external("x").ref == nil)
        #expect(StepTarget.table("orders").ref == .table("orders"))
        #expect(StepTarget(parsing: StepTarget.event("e").description) == .event("e"))
    }

    @Test func aStepIsSynchronousUnlessItPublishesOrIsAsync() {
        let steps = Self.checkout.steps
        #expect(steps.map(\.isSynchronous) == [true, true, true, true, true, false, false])
        #expect(!FlowStep(from: "orders", to: "service:catalog", style: .queue).isSynchronous)
        #expect(!FlowStep(from: "orders", to: "event:order.placed").isSynchronous)
        #expect(steps[0].isFromClient && !steps[1].isFromClient)
    }

    @Test func flowReferencesResolveAsAKind() throws {
        let design = try Self.shopWithCheckout()
        #expect(ElementKind.referenceable.contains(.flow))
        #expect(ElementRef(parsing: "flow:checkout") == .flow("checkout"))
        #expect(design.contains(.flow("checkout")))
        #expect(!design.contains(.flow("refund")))
        #expect(design.contains(.section("flows")))
        #expect(design.names(of: .flow) == ["checkout"])
        #expect(design.index(of: .flow("checkout"))?.0 == .flows)
    }

    @Test func whoTakesPartAndWhatTriggers() throws {
        let design = try Self.shopWithCheckout()
        #expect(design.flows(involving: "orders") == [0])
        #expect(design.flows(involving: "catalog") == [0])
        #expect(design.flows(involving: "notifications") == [0])
        #expect(design.flows(involving: "payment-provider") == [])
        #expect(design.flows(triggeredBy: .endpoint("POST /v1/orders")) == [0])
        #expect(design.flows(triggeredBy: .endpoint("GET /v1/products")) == [])
    }

    @Test func renamingAServiceRewritesStepsThatNameIt() throws {
        var design = try Self.shopWithCheckout()
        try design.perform(.rename(.service("orders"), to: "ordering"))
        let steps = design.flows[0].steps
        #expect(steps[0].to == "service:ordering")
        #expect(steps[1...5].allSatisfy { $0.from == "ordering" })
        #expect(steps[0].from == "client")
        #expect(steps[3].to == "external:payment-provider")
        try design.perform(.rename(.service("catalog"), to: "products"))
        #expect(design.flows[0].steps[2].to == "service:products")
    }

    @Test func renamingATableAnEventAndAnEndpointRewritesStepsAndTrigger() throws {
        var design = try Self.shopWithCheckout()
        try design.perform(.rename(.table("carts"), to: "baskets"))
        try design.perform(.rename(.event("order.placed"), to: "order.created"))
        try design.perform(.rename(.endpoint("POST /v1/orders"), to: "POST /v1/checkouts"))
        let flow = design.flows[0]
        #expect(flow.steps[1].to == "table:baskets")
        #expect(flow.steps[5].to == "event:order.created")
        #expect(flow.trigger == "endpoint:POST /v1/checkouts")
        // A column rename touches no step: steps name tables, not columns.
        let before = design.flows
        try design.perform(.rename(.column("orders", "id"), to: "order_id"))
        #expect(design.flows == before)
    }

    @Test func renamingAFlowRewritesItsReferences() throws {
        var design = try Self.shopWithCheckout()
        try design.perform(.rename(.flow("checkout"), to: "place-order"))
        #expect(design.flows[0].name == "place-order")
        #expect(design.comments.last?.element == "flow:place-order")
        #expect(design.validation.ignore[0].element == "flow:place-order")
        #expect(design.phases[1].includes.last == "flow:place-order")
        #expect(design.scaling.bottlenecks[1].affects.last == "flow:place-order")
    }

    @Test func deletingAnElementAStepNamesIsRefusedWithTheStep() throws {
        var design = try Self.shopWithCheckout()
        let before = design
        let error = #expect(throws: DesignEditError.self) { try design.perform(.delete(.service("catalog"))) }
        #expect(design == before)
        #expect(error?.referrers.contains { $0.description == "flow:checkout (steps.3.to)" } == true)
        let eventError = #expect(throws: DesignEditError.self) { try design.perform(.delete(.event("order.placed"))) }
        #expect(eventError?.referrers.map(\.description).contains("flow:checkout (steps.6.to)") == true)
        let endpointError = #expect(throws: DesignEditError.self) { try design.perform(.delete(.endpoint("POST /v1/orders"))) }
        #expect(endpointError?.referrers.map(\.description).contains("flow:checkout (trigger)") == true)
        let notifications = try #require(design.referrers(of: .service("notifications")).first { $0.owner == .flow("checkout") })
        #expect(notifications.field == "steps.7.from")
    }

    @Test func deletingWithCascadeDropsTheStepsAndClearsTheTrigger() throws {
        var design = try Self.shopWithCheckout()
        try design.perform(.delete(.service("notifications"), cascade: true))
        #expect(design.flows[0].steps.count == 6)
        #expect(!design.flows[0].steps.contains { $0.from == "notifications" })
        try design.perform(.delete(.table("carts"), cascade: true))
        #expect(design.flows[0].steps.map(\.to) == [
            "service:orders", "service:catalog", "external:payment-provider", "table:orders", "event:order.placed",
        ])
        try design.perform(.delete(.endpoint("POST /v1/orders"), cascade: true))
        #expect(design.flows[0].trigger == nil)
        #expect(design.flows[0].steps.count == 5)
    }

    @Test func deletingAReferencedFlowIsRefusedUnlessCascaded() throws {
        var design = try Self.shopWithCheckout()
        let error = #expect(throws: DesignEditError.self) { try design.perform(.delete(.flow("checkout"))) }
        #expect(Set(error?.referrers.map(\.owner.description) ?? []) == [
            "phase:Checkout", "bottleneck:checkout-writes", "comment:9", "section:validation",
        ])
        try design.perform(.delete(.flow("checkout"), cascade: true))
        #expect(design.flows.isEmpty)
        #expect(!design.phases[1].includes.contains("flow:checkout"))
        #expect(design.validation.ignore.isEmpty)
        #expect(design.comments.last?.element == nil)
    }

    /// Every command on a flow, or one that rewrites a flow, undone gives back an equal design.
    @Test(arguments: FlowTests.commands)
    func undoAndRedoRestoreEqualDesigns(_ command: DesignCommand) throws {
        let original = try Self.shopWithCheckout()
        var design = original
        var history = EditHistory()
        try history.perform(command, on: &design, label: "edit")
        let edited = design
        #expect(edited != original)
        #expect(history.undo(&design) == "edit")
        #expect(design == original)
        #expect(history.redo(&design) == "edit")
        #expect(design == edited)
    }

    static let commands: [DesignCommand] = {
        var reordered = checkout
        reordered.steps.swapAt(1, 2)
        var renamedByUpdate = checkout
        renamedByUpdate.name = "buy"
        return [
            .add(.flow(Flow(name: "refund", trigger: "endpoint:DELETE /v1/orders/{order_id}", consistency: .saga)), at: 0),
            .update(.flow("checkout"), .flow(reordered)),
            .update(.flow("checkout"), .flow(renamedByUpdate)),
            .rename(.flow("checkout"), to: "place-order"),
            .delete(.flow("checkout"), cascade: true),
            .rename(.service("orders"), to: "ordering"),
            .rename(.table("orders"), to: "purchases"),
            .delete(.service("catalog"), cascade: true),
            .delete(.event("order.placed"), cascade: true),
        ]
    }()

    @Test func addingAFlowWhoseNameIsTakenIsRefused() throws {
        var design = try Self.shopWithCheckout()
        let error = #expect(throws: DesignEditError.self) { try design.perform(.add(.flow(Flow(name: "checkout")))) }
        #expect(error?.message == "flow:checkout already exists")
        #expect(throws: DesignEditError.self) { try design.perform(.add(.flow(Flow(name: "")))) }
        try design.perform(.add(.flow(Flow(name: "refund"))))
        try design.perform(.move(.flow("refund"), by: -1))
        #expect(design.flows.map(\.name) == ["refund", "checkout"])
    }
}
