import DesignModel
@testable import DesignRules
import Testing

@Suite struct EngineTests {
    @Test func pathTemplatesSplitAndNormalize() {
        let path = PathTemplate("/v1/carts/{cart_id}/items/{product_id}")
        #expect(path.paramNames == ["cart_id", "product_id"])
        #expect(path.normalized == "/v1/carts/{}/items/{}")
        #expect(path.version == "v1")
        #expect(!path.isCollection && path.namesItem)
        #expect(PathTemplate("/v1/orders").isCollection)
        #expect(PathTemplate("/v1/orders").normalized == "/v1/orders")
        let messy = PathTemplate("v1//reports/{id}.json?x=1")
        #expect(!messy.startsWithSlash && messy.hasEmptySegment && messy.hasQuery)
        #expect(messy.fileExtension == "json")
        #expect(messy.paramNames == ["id"])
        #expect(PathTemplate("/v1/a/").hasTrailingSlash)
        #expect(PathTemplate("/").segments.isEmpty)
        #expect(PathTemplate("/v1.2/things").fileExtension == nil)
    }

    @Test func jsonScanAcceptsJSONAndRejectsTheRest() {
        for good in [#"{"a": [1, -2.5e+3, true, false, null, "x\n\u00e9"], "b": {}}"#, "[]", "  42 ", #""text""#] {
            #expect(JSONScan(good).isValid, "\(good)")
        }
        for bad in ["{a: 1}", #"{"a": 1,}"#, "[1 2]", #"{"a": 01}"#, "{'a': 1}", #"{"a": "\x"}"#, "", "{} {}", "[1, 2"] {
            #expect(!JSONScan(bad).isValid, "\(bad)")
        }
        let scan = JSONScan(#"{"order_id": 1, "items": [{"productId": 2}]}"#)
        #expect(scan.keyStyles & Casing.snake.bit != 0 && scan.keyStyles & Casing.camel.bit != 0)
        #expect(JSONScan.firstKey(of: .camel, in: #"{"order_id": 1, "items": [{"productId": 2}]}"#) == "productId")
    }

    @Test func casingAndWords() {
        #expect(Casing.of("order-items") == .kebab)
        #expect(Casing.of("order_items") == .snake)
        #expect(Casing.of("orderItems") == .camel)
        #expect(Casing.of("OrderItems") == .pascal)
        #expect(Casing.of("ORDER_ITEMS") == .screamingSnake)
        #expect(Casing.of("orders") == .lower)
        #expect(Casing.of("order_Items-x") == .mixed)
        #expect(words("getOrderItems") == ["get", "order", "items"])
        #expect(words("Idempotency-Key") == ["idempotency", "key"])
        #expect(isPlural("line-items") && isPlural("people") && !isPlural("status") && !isPlural("order"))
        #expect(NameTraits("page_token").credential == nil && NameTraits("access_token").credential == "token")
        #expect(NameTraits("password_hash").hashed && NameTraits("phone2").numbered?.stem == "phone")
    }

    @Test func cyclesAreFoundPerStronglyConnectedComponent() {
        // a → b → c → a, and d ⇄ e; f only calls into the first cycle.
        let edges = [(0, 1), (1, 2), (2, 0), (3, 4), (4, 3), (5, 0)]
        let core = CallGraph.cyclicCore(serviceCount: 6, edges: edges)
        #expect(core == [0, 1, 2, 3, 4])
        let cycles = CallGraph.cycles(in: CallGraph.graph(serviceCount: 6, edges: edges))
        #expect(cycles == [[0, 1, 2, 0], [3, 4, 3]])
        #expect(CallGraph.cycles(in: CallGraph.graph(serviceCount: 3, edges: [(0, 1), (1, 2)])).isEmpty)
    }

    @Test func cycleRuleNamesEveryServiceOfTheLoop() {
        var d = Clean.design()
        d.services[Clean.catalog].calls = [ServiceCall(service: "notifications", style: .rest)]
        d.services[Clean.notifications].calls = [ServiceCall(service: "ordering", style: .grpc)]
        let found = issues("arch-sync-call-cycle", d)
        #expect(found.map(\.message) == ["synchronous calls form a cycle: catalog → notifications → ordering → catalog"])
    }

    @Test func validationIsRepeatableAcrossRunsAndMemo() {
        // The memo of names and paths must not change results: validate twice, and a changed design.
        var d = Clean.design()
        let first = validate(d)
        #expect(validate(d) == first)
        d.endpoints[Clean.listProducts].path = "/v1/productList/{id}"
        let changed = validate(d)
        #expect(changed.contains { $0.ruleID == "api-path-casing" || $0.ruleID == "api-plural-collections" })
        #expect(changed.contains { $0.ruleID == "api-path-param-undeclared" })
    }
}
