import ArchbenchTestSupport
import DesignModel
import Foundation
import Testing

/// Flows in the file: the format reference's checkout loads as written, saves in canonical
/// order after `tables`, and a step that names what is not there is refused at its place.
@Suite struct FlowFileTests {
    /// The checkout exactly as the format reference (design-format.md, "flows") writes it.
    static let checkoutYAML = """
    flows:
      - name: checkout
        description: A customer turns a cart into a paid order; the confirmation e-mail follows asynchronously.
        trigger: endpoint:POST /v1/orders
        consistency: outbox
        steps:
          - from: client
            to: service:orders
            action: POST /v1/orders with the cart id and an Idempotency-Key header.
            style: rest
          - from: orders
            to: table:carts
            action: Load the cart and its items.
            access: read
          - from: orders
            to: service:catalog
            action: Read the current price of every product in the cart.
            style: rest
            timeout: 1s
          - from: orders
            to: external:payment-provider
            action: Authorise and capture the card payment.
            timeout: 5s
            idempotent: true
          - from: orders
            to: table:orders
            action: Insert the order, its lines and the outbox row in one transaction.
            access: write
          - from: orders
            to: event:order.placed
            action: The outbox relay publishes order.placed.
            style: event
            async: true
          - from: notifications
            to: table:outbound_emails
            action: Record the confirmation e-mail and send it.
            access: write
            async: true
        failure: A declined payment answers 402 and leaves no order; a slow relay delays the e-mail but never loses it.

    """

    static func shopText() throws -> String { try String(contentsOfFile: Fixture.shopPath, encoding: .utf8) }

    @Test func theFormatReferencesCheckoutLoadsAsWritten() throws {
        let loaded = try DesignLoader.load(yaml: try Self.shopText() + "\n" + Self.checkoutYAML, file: "shop.design.yaml")
        #expect(loaded.design.flows == [Fixture.checkout])
        let location = try #require(loaded.sourceMap[.flow("checkout")])
        #expect(location.column == 5)
    }

    @Test func aFlowIsSavedAfterTheTablesAndLoadsBackEqual() throws {
        let design = try Fixture.shopWithCheckout()
        let yaml = CanonicalWriter.yaml(for: design)
        let topKeys = yaml.split(separator: "\n").filter { !$0.hasPrefix(" ") && !$0.hasPrefix("-") && !$0.hasPrefix("#") }
            .compactMap { $0.split(separator: ":").first.map(String.init) }
        let tables = try #require(topKeys.firstIndex(of: "tables"))
        let flows = try #require(topKeys.firstIndex(of: "flows"))
        #expect(flows == tables + 1)
        #expect(yaml.contains(Self.checkoutYAML.split(separator: "\n").dropFirst().joined(separator: "\n")))
        let again = try DesignLoader.load(yaml: yaml).design
        #expect(again == design)
        #expect(CanonicalWriter.yaml(for: again) == yaml)
    }

    /// A file whose one step is changed by `edit`, loaded: the messages it gives.
    static func messages(_ edit: (String) -> String) throws -> [String] {
        let yaml = edit(try shopText() + "\n" + checkoutYAML)
        do {
            _ = try DesignLoader.load(yaml: yaml, file: "shop.design.yaml")
            return []
        } catch {
            return error.diagnostics.map { "\($0.location.line):\($0.location.column): \($0.message)" }
        }
    }

    static func line(of text: String) throws -> Int {
        let lines = (try shopText() + "\n" + checkoutYAML).split(separator: "\n", omittingEmptySubsequences: false)
        return try #require(lines.firstIndex { $0.contains(text) }) + 1
    }

    @Test func aStepThatNamesNothingKnownIsRefusedAtItsPlace() throws {
        let to = try Self.line(of: "to: external:payment-provider")
        #expect(try Self.messages { $0.replacingOccurrences(of: "to: external:payment-provider", with: "to: bank") }
            == ["\(to):13: 'to' of a step of flow 'checkout' must be one of service:, event:, table:, external: followed by a name, found 'bank'"])
        let catalog = try Self.line(of: "to: service:catalog")
        let unknown = try Self.messages { $0.replacingOccurrences(of: "to: service:catalog", with: "to: service:katalog") }
        #expect(unknown.count == 1 && unknown[0].hasPrefix("\(catalog):"))
        #expect(unknown.first?.contains("katalog") == true && unknown.first?.contains("flow 'checkout'") == true)
        let from = try Self.line(of: "from: notifications")
        let who = try Self.messages { $0.replacingOccurrences(of: "from: notifications", with: "from: mailer") }
        #expect(who.count == 1 && who[0].hasPrefix("\(from):") && who[0].contains("mailer"))
        let trigger = try Self.messages { $0.replacingOccurrences(of: "trigger: endpoint:POST /v1/orders",
                                                                   with: "trigger: endpoint:POST /v1/ordres") }
        #expect(trigger.count == 1 && trigger[0].contains("trigger of flow 'checkout'"))
        let notATrigger = try Self.messages { $0.replacingOccurrences(of: "trigger: endpoint:POST /v1/orders", with: "trigger: table:orders") }
        #expect(notATrigger == ["\(try Self.line(of: "trigger: endpoint:POST /v1/orders")):14: the trigger of flow 'checkout' is an endpoint: or an event:, found 'table:orders'"])
        let consistency = try Self.messages { $0.replacingOccurrences(of: "consistency: outbox", with: "consistency: acid") }
        #expect(consistency.count == 1 && consistency[0].contains("acid"))
        let timeout = try Self.messages { $0.replacingOccurrences(of: "timeout: 1s", with: "timeout: soon") }
        #expect(timeout.count == 1 && timeout[0].contains("soon"))
    }

    @Test func aTimeoutInMillisecondsIsKeptAsWritten() throws {
        let yaml = try Self.shopText() + "\n" + Self.checkoutYAML.replacingOccurrences(of: "timeout: 1s", with: "timeout: 250ms")
        let design = try DesignLoader.load(yaml: yaml).design
        #expect(design.flows[0].steps[2].timeout == Duration(amount: 250, unit: .milliseconds))
        #expect(CanonicalWriter.yaml(for: design).contains("        timeout: 250ms\n"))
    }
}
