import DesignModel
@testable import DesignRules
import Testing

/// The examples a user meets first are held to no error and to exactly these warnings and infos:
/// a rule change that adds noise to them (a false alarm, issue 16) shows up here as a new line,
/// to be fixed in the rule or, when the example is wrong, in the example.
@Suite struct ShopTests {
    static func lines(_ findings: [Finding]) -> [String] {
        findings.map { "\($0.severity.rawValue) \($0.ruleID) \($0.element?.description ?? "-")" }.sorted()
    }

    @Test func shopHasNoErrorAndExactlyTheseFindings() throws {
        let loaded = try DesignLoader.load(contentsOf: Paths.shop)
        let findings = validate(loaded.design, sourceMap: loaded.sourceMap)
        #expect(!findings.contains { $0.severity == .error })
        // The shop's order.placed has no event id: a true finding in the format's own example.
        #expect(Self.lines(findings) == [
            "info doc-open-comments table:orders",
            "info doc-open-questions section:requirements",
            "info doc-table-description table:cart_items",
            "info doc-table-description table:carts",
            "info doc-table-description table:categories",
            "info doc-table-description table:order_lines",
            "info doc-table-description table:orders",
            "info doc-table-description table:outbound_emails",
            "info flow-endpoint-uncovered endpoint:DELETE /v1/carts/{cart_id}/items/{product_id}",
            "info flow-endpoint-uncovered endpoint:POST /v1/carts/{cart_id}/items",
            "info flow-endpoint-uncovered endpoint:POST /v1/orders",
            "warning api-forbidden-response endpoint:DELETE /v1/carts/{cart_id}/items/{product_id}",
            "warning api-forbidden-response endpoint:GET /v1/orders/{order_id}",
            "warning api-forbidden-response endpoint:POST /v1/carts/{cart_id}/items",
            "warning api-forbidden-response endpoint:POST /v1/orders",
            "warning api-input-error-response endpoint:POST /v1/orders",
            "warning api-rate-limit-response endpoint:DELETE /v1/carts/{cart_id}/items/{product_id}",
            "warning api-rate-limit-response endpoint:GET /v1/orders/{order_id}",
            "warning api-rate-limit-response endpoint:GET /v1/products",
            "warning api-rate-limit-response endpoint:GET /v1/products/{product_id}",
            "warning api-rate-limit-response endpoint:POST /v1/carts/{cart_id}/items",
            "warning api-rate-limit-response endpoint:POST /v1/orders",
            "warning arch-event-dedup-fields event:order.placed",
            "warning db-large-table-unplanned table:order_lines",
            "warning db-partition-key-in-primary-key table:orders",
        ])
    }

    /// Its two flows (ride request, trip completion) agree with the calls, producers, consumers and
    /// table owners, so no flow rule reports them, and their endpoints are covered.
    @Test func bundledExampleHasNoErrorAndExactlyTheseFindings() {
        let findings = validate(BundledExample.design)
        #expect(!findings.contains { $0.severity == .error })
        #expect(Self.lines(findings) == [
            "info api-collection-pagination endpoint:GET /v1/fare-estimates",
            "info api-optimistic-concurrency endpoint:PATCH /v1/drivers/{driver_id}",
            "info api-optimistic-concurrency endpoint:PATCH /v1/offers/{offer_id}",
            "info api-optimistic-concurrency endpoint:PATCH /v1/riders/{rider_id}",
            "info api-optimistic-concurrency endpoint:PATCH /v1/trips/{trip_id}",
            "info doc-open-comments comment:3",
            "info doc-open-comments table:location_pings",
            "info doc-open-questions section:requirements",
            "info doc-open-questions section:requirements",
            "info doc-open-questions section:requirements",
            "info flow-endpoint-uncovered endpoint:PATCH /v1/drivers/{driver_id}",
            "info flow-endpoint-uncovered endpoint:PATCH /v1/offers/{offer_id}",
            "info flow-endpoint-uncovered endpoint:POST /v1/charges/{charge_id}/refunds",
            "info flow-endpoint-uncovered endpoint:POST /v1/fare-quotes",
            "info flow-endpoint-uncovered endpoint:POST /v1/location-pings",
            "warning arch-async-call-cycle service:dispatch",
            "warning db-large-table-unplanned table:charges",
            "warning scale-cache-non-get cache:pricing-rules",
        ])
    }
}

/// Realistic flawed designs of public APIs (the Petstore with pagila-style payments, and a
/// Stripe-style invoicing API) with their planted flaws listed beside them: recall is every
/// planted flaw found, and nothing else found is noise.
@Suite struct PlantedFlawTests {
    @Test(arguments: ["petstore-payments", "invoicing-api"])
    func reportsExactlyItsPlantedFlaws(_ name: String) throws {
        let loaded = try DesignLoader.load(contentsOf: Paths.fixture("recall/\(name).design.yaml"))
        let found = validate(loaded.design, sourceMap: loaded.sourceMap).map { "\($0.ruleID) \($0.element?.description ?? "-")" }.sorted()
        let planted = try String(contentsOfFile: Paths.fixture("recall/\(name).planted.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }.sorted()
        #expect(planted.count >= 30)
        #expect(found.filter { !planted.contains($0) } == [], "found but not planted (noise)")
        #expect(planted.filter { !found.contains($0) } == [], "planted but missed")
        // Every family the checklist covers has flaws planted in at least one of the two designs.
        let families = Set(planted.compactMap { $0.split(separator: "-").first.map(String.init) })
        #expect(families.isSuperset(of: name == "invoicing-api" ? ["api", "sec", "db", "arch", "flow"] : ["api", "sec", "db", "arch"]))
    }
}
