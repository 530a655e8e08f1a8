import DesignModel

extension Fixture {
    /// The checkout of the format reference (design-format.md, "flows"), as a flow of the shop.
    package static let checkout = Flow(
        name: "checkout",
        description: "A customer turns a cart into a paid order; the confirmation e-mail follows asynchronously.",
        trigger: "endpoint:POST /v1/orders", consistency: .outbox,
        steps: [
            FlowStep(from: "client", to: "service:orders",
                     action: "POST /v1/orders with the cart id and an Idempotency-Key header.", style: .rest),
            FlowStep(from: "orders", to: "table:carts", action: "Load the cart and its items.", access: .read),
            FlowStep(from: "orders", to: "service:catalog", action: "Read the current price of every product in the cart.",
                     style: .rest, timeout: Duration(amount: 1, unit: .seconds)),
            FlowStep(from: "orders", to: "external:payment-provider", action: "Authorise and capture the card payment.",
                     timeout: Duration(amount: 5, unit: .seconds), idempotent: true),
            FlowStep(from: "orders", to: "table:orders",
                     action: "Insert the order, its lines and the outbox row in one transaction.", access: .write),
            FlowStep(from: "orders", to: "event:order.placed", action: "The outbox relay publishes order.placed.",
                     style: .event, async: true),
            FlowStep(from: "notifications", to: "table:outbound_emails", action: "Record the confirmation e-mail and send it.",
                     access: .write, async: true),
        ],
        failure: "A declined payment answers 402 and leaves no order; a slow relay delays the e-mail but never loses it.")

    /// The shop with its checkout flow.
    package static func shopWithCheckout() throws -> Design {
        var design = try DesignLoader.load(contentsOf: shopPath).design
        design.flows = [checkout]
        return design
    }
}
