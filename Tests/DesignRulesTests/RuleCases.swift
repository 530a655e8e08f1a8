import DesignModel

/// One rule's test: an edit of the clean design that the rule must report, and a good case it must
/// accept. A good case given as `nearMiss:` claims more: it is the bad design with only what the
/// rule judges put right (the same endpoint with a pagination parameter, not another endpoint), so
/// no other rule's findings may change between the two (`RuleTests.nearMissFlipsOnlyItsRule`).
struct RuleCase: Sendable, CustomTestStringConvertible {
    var id: String
    var bad: @Sendable (inout Design) -> Void
    var good: @Sendable (inout Design) -> Void
    /// The element the bad case must be reported on, when it is worth pinning down.
    var element: ElementRef?
    var isNearMiss: Bool

    init(_ id: String, on element: ElementRef? = nil, bad: @escaping @Sendable (inout Design) -> Void,
         good: @escaping @Sendable (inout Design) -> Void = { _ in }) {
        self.id = id
        self.element = element
        self.bad = bad
        self.good = good
        self.isNearMiss = false
    }

    init(_ id: String, on element: ElementRef? = nil, bad: @escaping @Sendable (inout Design) -> Void,
         nearMiss: @escaping @Sendable (inout Design) -> Void) {
        self.init(id, on: element, bad: bad, good: nearMiss)
        self.isNearMiss = true
    }

    var testDescription: String { isNearMiss ? "\(id) (near miss)" : id }

    func design(_ edit: (inout Design) -> Void) -> Design {
        var d = Clean.design()
        edit(&d)
        return d
    }
}

import Testing

private let P = Clean.self
private func endpoint(_ d: Design, _ i: Int) -> ElementRef { .endpoint(d.endpoints[i].name) }

/// Changes the method or path of one of the clean design's endpoints as the workbench renames
/// it: the flows it triggers follow, so only the endpoint itself differs.
private func renameEndpoint(_ d: inout Design, _ i: Int, _ edit: (inout Endpoint) -> Void) {
    let old = d.endpoints[i].name
    edit(&d.endpoints[i])
    for f in d.flows.indices where d.flows[f].trigger == "endpoint:\(old)" { d.flows[f].trigger = "endpoint:\(d.endpoints[i].name)" }
}

/// Appends a copy of one of the clean design's endpoints, edited: a new element for a case whose
/// edit would otherwise break the references to the original.
private func appendCopy(_ d: inout Design, of i: Int, _ edit: (inout Endpoint) -> Void) {
    var copy = d.endpoints[i]
    edit(&copy)
    d.endpoints.append(copy)
}

let ruleCases: [RuleCase] = apiCases + securityCases + databaseCases + architectureCases + flowCases + scalingCases + docCases
    + secondRoundCases

// MARK: - API

let apiCases: [RuleCase] = [
    RuleCase("api-path-param-undeclared", on: .endpoint("GET /v1/products/{product_id}"),
             bad: { $0.endpoints[P.getProduct].params = [] },
             nearMiss: { $0.endpoints[P.getProduct].params = [Param(name: "product_id", location: .path, type: "uuid")] }),
    RuleCase("api-path-param-unused", on: .endpoint("GET /v1/products"),
             bad: { $0.endpoints[P.listProducts].params.append(Param(name: "id", location: .path)) },
             nearMiss: { $0.endpoints[P.listProducts].params.append(Param(name: "id", location: .query)) }),
    RuleCase("api-path-shape", bad: { $0.endpoints[P.listProducts].path = "/v1/products/" },
             good: { $0.endpoints[P.listProducts].path = "/v1/products" }),
    RuleCase("api-path-shape", bad: { $0.endpoints[P.listProducts].path = "/v1/products?q={q}" },
             good: { $0.endpoints[P.listProducts].path = "/v1/items" }),
    RuleCase("api-path-shape", bad: { $0.endpoints[P.listProducts].path = "/v1//products" }),
    RuleCase("api-path-shape", bad: { $0.endpoints[P.listProducts].path = "/v1/products.json" },
             good: { $0.endpoints[P.listProducts].path = "/v1.2/products" }),
    // A new list under a trailing-slash path, and the same list without the slash.
    RuleCase("api-path-shape", on: .endpoint("GET /v1/categories/"),
             bad: { d in appendCopy(&d, of: P.listProducts) { e in e.path = "/v1/categories/" } },
             nearMiss: { d in appendCopy(&d, of: P.listProducts) { e in e.path = "/v1/categories" } }),
    RuleCase("api-duplicate-route", on: .endpoint("GET /v1/products/{id}"),
             bad: { d in
                 var copy = d.endpoints[P.getProduct]
                 copy.path = "/v1/products/{id}"
                 copy.params = [Param(name: "id", location: .path, type: "uuid")]
                 d.endpoints.append(copy)
             },
             good: { d in
                 var copy = d.endpoints[P.getProduct]
                 copy.method = .HEAD
                 d.endpoints.append(copy)
             }),
    // The same second template under another method: a route is the method and the template.
    RuleCase("api-duplicate-route", on: .endpoint("GET /v1/products/{id}"),
             bad: { d in
                 appendCopy(&d, of: P.getProduct) { e in
                     e.path = "/v1/products/{id}"
                     e.params = [Param(name: "id", location: .path, type: "uuid")]
                 }
             },
             nearMiss: { d in
                 appendCopy(&d, of: P.getProduct) { e in
                     e.method = .HEAD
                     e.path = "/v1/products/{id}"
                     e.params = [Param(name: "id", location: .path, type: "uuid")]
                 }
             }),
    RuleCase("api-ambiguous-route", on: .endpoint("GET /v1/products/featured"),
             bad: { d in
                 var copy = d.endpoints[P.listProducts]
                 copy.path = "/v1/products/featured"
                 d.endpoints.append(copy)
             },
             nearMiss: { d in
                 var copy = d.endpoints[P.listProducts]
                 copy.path = "/v1/featured-products"
                 d.endpoints.append(copy)
             }),
    RuleCase("api-success-response", bad: { $0.endpoints[P.getProduct].responses.removeFirst() },
             nearMiss: { d in
                 d.endpoints[P.getProduct].responses[0].status = 304
                 d.endpoints[P.getProduct].responses[0].example = nil
             }),
    RuleCase("api-input-error-response", bad: { $0.endpoints[P.createOrder].responses.removeAll { $0.status == 422 } },
             nearMiss: { $0.endpoints[P.createOrder].responses[3].status = 400 }),
    RuleCase("api-unauthorized-response", bad: { $0.endpoints[P.deleteOrder].responses.removeAll { $0.status == 401 } },
             good: { $0.endpoints[P.getProduct].responses.removeAll { $0.status == 401 } }),
    RuleCase("api-unauthorized-response", on: .endpoint("GET /v1/products/{product_id}"),
             bad: { $0.endpoints[P.getProduct].auth = "bearer" },
             nearMiss: { d in
                 d.endpoints[P.getProduct].auth = "bearer"
                 d.endpoints[P.getProduct].responses.append(Response(status: 401, description: "No token."))
             }),
    RuleCase("api-forbidden-response", bad: { $0.endpoints[P.deleteOrder].responses.removeAll { $0.status == 403 } },
             nearMiss: { d in
                 d.endpoints[P.deleteOrder].responses.removeAll { $0.status == 403 }
                 d.endpoints[P.deleteOrder].scopes = []
             }),
    RuleCase("api-not-found-response", bad: { $0.endpoints[P.getProduct].responses.removeAll { $0.status == 404 } },
             good: { $0.endpoints[P.listProducts].responses.removeAll { $0.status == 404 } }),
    // A list under an item names that item: the same new endpoint with and without its 404.
    RuleCase("api-not-found-response", on: .endpoint("GET /v1/categories/{category_id}/products"),
             bad: { d in
                 appendCopy(&d, of: P.listProducts) { e in
                     e.path = "/v1/categories/{category_id}/products"
                     e.params[1].location = .path
                 }
             },
             nearMiss: { d in
                 appendCopy(&d, of: P.listProducts) { e in
                     e.path = "/v1/categories/{category_id}/products"
                     e.params[1].location = .path
                     e.responses.append(Response(status: 404, description: "No such category."))
                 }
             }),
    RuleCase("api-rate-limit-response", bad: { $0.endpoints[P.getProduct].responses.removeAll { $0.status == 429 } },
             good: { d in
                 d.endpoints[P.createOrder].responses.removeAll { $0.status == 429 }
                 d.endpoints[P.createOrder].rateLimit = nil
             }),
    // The same endpoint without its 429, once rate limited and once not.
    RuleCase("api-rate-limit-response", on: .endpoint("POST /v1/orders"),
             bad: { $0.endpoints[P.createOrder].responses.removeAll { $0.status == 429 } },
             nearMiss: { d in
                 d.endpoints[P.createOrder].responses.removeAll { $0.status == 429 }
                 d.endpoints[P.createOrder].rateLimit = nil
             }),
    RuleCase("api-body-not-allowed", bad: { $0.endpoints[P.getProduct].request = RequestBody(contentType: "application/json") },
             good: { $0.endpoints[P.createOrder].request = RequestBody(contentType: "application/json") }),
    // The same body (and its 422) on the same path: only the method decides.
    RuleCase("api-body-not-allowed", on: .endpoint("DELETE /v1/orders/{order_id}"),
             bad: { d in
                 d.endpoints[P.deleteOrder].request = RequestBody(contentType: "application/json", example: #"{"reason": "late"}"#)
                 d.endpoints[P.deleteOrder].responses.append(Response(status: 422, description: "Invalid."))
                 d.endpoints[P.deleteOrder].params.append(Param(name: "If-Match", location: .header, type: "string"))
                 d.endpoints[P.deleteOrder].responses.append(Response(status: 412, description: "Changed since read."))
             },
             nearMiss: { d in
                 renameEndpoint(&d, P.deleteOrder) { $0.method = .PATCH }
                 d.endpoints[P.deleteOrder].request = RequestBody(contentType: "application/json", example: #"{"reason": "late"}"#)
                 d.endpoints[P.deleteOrder].responses.append(Response(status: 422, description: "Invalid."))
                 d.endpoints[P.deleteOrder].params.append(Param(name: "If-Match", location: .header, type: "string"))
                 d.endpoints[P.deleteOrder].responses.append(Response(status: 412, description: "Changed since read."))
             }),
    RuleCase("api-create-status", bad: { $0.endpoints[P.createOrder].responses[0].status = 200 },
             nearMiss: { $0.endpoints[P.createOrder].responses[0].status = 202 }),
    RuleCase("api-create-status", bad: { $0.endpoints[P.createOrder].responses[0].status = 200 },
             nearMiss: { d in
                 renameEndpoint(&d, P.createOrder) { $0.path = "/v1/orders/quote" }
                 d.endpoints[P.createOrder].responses[0].status = 200
             }),
    RuleCase("api-delete-status", bad: { $0.endpoints[P.deleteOrder].responses[0].status = 201 },
             nearMiss: { $0.endpoints[P.deleteOrder].responses[0].status = 200 }),
    RuleCase("api-plural-collections", bad: { $0.endpoints[P.getProduct].path = "/v1/product/{product_id}" },
             good: { $0.endpoints[P.getProduct].path = "/v1/people/{product_id}" }),
    RuleCase("api-plural-collections", on: .endpoint("DELETE /v1/delivery/{order_id}"),
             bad: { renameEndpoint(&$0, P.deleteOrder) { $0.path = "/v1/delivery/{order_id}" } },
             nearMiss: { renameEndpoint(&$0, P.deleteOrder) { $0.path = "/v1/deliveries/{order_id}" } }),
    RuleCase("api-verb-in-path", bad: { $0.endpoints[P.createOrder].path = "/v1/createOrder" },
             good: { $0.endpoints[P.createOrder].path = "/v1/settings" }),
    // The same nested collection, with and without the verb the method already says.
    RuleCase("api-verb-in-path", on: .endpoint("POST /v1/carts/{cart_id}/create-orders"),
             bad: { d in
                 renameEndpoint(&d, P.createOrder) { $0.path = "/v1/carts/{cart_id}/create-orders" }
                 d.endpoints[P.createOrder].params.append(Param(name: "cart_id", location: .path, type: "uuid", required: true))
                 d.endpoints[P.createOrder].responses.append(Response(status: 404, description: "No such cart."))
             },
             nearMiss: { d in
                 renameEndpoint(&d, P.createOrder) { $0.path = "/v1/carts/{cart_id}/orders" }
                 d.endpoints[P.createOrder].params.append(Param(name: "cart_id", location: .path, type: "uuid", required: true))
                 d.endpoints[P.createOrder].responses.append(Response(status: 404, description: "No such cart."))
             }),
    RuleCase("api-nesting-depth", bad: { d in
                 d.endpoints[P.getProduct].path = "/v1/a/{product_id}/b/{x}/c/{y}/d"
                 d.endpoints[P.getProduct].params += [Param(name: "x", location: .path), Param(name: "y", location: .path)]
             },
             good: { d in
                 d.endpoints[P.getProduct].path = "/v1/a/{product_id}/b/{x}/c"
                 d.endpoints[P.getProduct].params += [Param(name: "x", location: .path)]
             }),
    // Plural collections throughout, so that only the depth differs (four levels, then three).
    RuleCase("api-nesting-depth",
             on: .endpoint("DELETE /v1/shops/{shop_id}/products/{product_id}/reviews/{review_id}/votes/{vote_id}"),
             bad: { d in
                 renameEndpoint(&d, P.deleteOrder) { $0.path = "/v1/shops/{shop_id}/products/{product_id}/reviews/{review_id}/votes/{vote_id}" }
                 d.endpoints[P.deleteOrder].params = ["shop_id", "product_id", "review_id", "vote_id"].map {
                     Param(name: $0, location: .path, type: "uuid", required: true)
                 }
             },
             nearMiss: { d in
                 renameEndpoint(&d, P.deleteOrder) { $0.path = "/v1/products/{product_id}/reviews/{review_id}/votes/{vote_id}" }
                 d.endpoints[P.deleteOrder].params = ["product_id", "review_id", "vote_id"].map {
                     Param(name: $0, location: .path, type: "uuid", required: true)
                 }
             }),
    RuleCase("api-path-casing", on: .endpoint("GET /v1/orderItems"),
             bad: { d in
                 d.endpoints[P.listProducts].path = "/v1/product-lines"
                 d.endpoints[P.getProduct].path = "/v1/product-lines/{product_id}"
                 var copy = d.endpoints[P.listProducts]
                 copy.path = "/v1/orderItems"
                 d.endpoints.append(copy)
             },
             good: { d in
                 d.endpoints[P.listProducts].path = "/v1/product-lines"
                 var copy = d.endpoints[P.listProducts]
                 copy.path = "/v1/order-items"
                 d.endpoints.append(copy)
             }),
    // As above, on a copy of the list, so that no reference to a renamed endpoint breaks.
    RuleCase("api-path-casing", on: .endpoint("GET /v1/orderItems"),
             bad: { d in
                 d.endpoints[P.listProducts].path = "/v1/product-lines"
                 appendCopy(&d, of: P.listProducts) { e in e.path = "/v1/orderItems" }
             },
             nearMiss: { d in
                 d.endpoints[P.listProducts].path = "/v1/product-lines"
                 appendCopy(&d, of: P.listProducts) { e in e.path = "/v1/order-items" }
             }),
    // The style is fixed, not the majority's: one camelCase path among kebab-case ones is flagged
    // even when camelCase paths are the many; a design that says camelCase gets the reverse.
    RuleCase("api-path-casing", on: .endpoint("GET /v1/orderItems"),
             bad: { d in appendCopy(&d, of: P.listProducts) { e in e.path = "/v1/orderItems" } },
             good: { d in
                 d.validation.pathCasing = .camel
                 appendCopy(&d, of: P.listProducts) { e in e.path = "/v1/orderItems" }
             }),
    RuleCase("api-path-casing", on: .endpoint("GET /v1/order-items"),
             bad: { d in
                 d.validation.pathCasing = .camel
                 appendCopy(&d, of: P.listProducts) { e in e.path = "/v1/order-items" }
             }),
    RuleCase("api-param-casing", on: .endpoint("GET /v1/products"), bad: { d in
                 d.validation.parameterCasing = .camel
                 d.endpoints[P.listProducts].params[1].name = "category_id"
             }),
    RuleCase("api-json-field-casing", on: .endpoint("POST /v1/orders"),
             bad: { d in
                 d.validation.jsonCasing = .camel
                 d.endpoints[P.createOrder].request?.example = #"{"cart_id": "c1"}"#
             }),
    RuleCase("api-param-casing", bad: { $0.endpoints[P.listProducts].params[1].name = "categoryId" },
             nearMiss: { $0.endpoints[P.listProducts].params[1].name = "category" }),
    RuleCase("api-json-field-casing", on: .endpoint("POST /v1/orders"),
             bad: { $0.endpoints[P.createOrder].request?.example = #"{"cartId": "c1"}"# },
             nearMiss: { $0.endpoints[P.createOrder].request?.example = #"{"cart": "c1"}"# }),
    RuleCase("api-versioning", bad: { $0.endpoints[P.listProducts].path = "/products" },
             good: { d in
                 d.endpoints[P.listProducts].path = "/v0/products"
                 d.endpoints[P.listProducts].deprecated = true
                 d.endpoints[P.listProducts].description = "Use /v1/products; removed in June."
             }),
    RuleCase("api-versioning", bad: { $0.endpoints[P.listProducts].path = "/v2/products" }),
    RuleCase("api-versioning", bad: { $0.api.versioning = Versioning(strategy: .header, current: "2024-01-01", header: "Api-Version") },
             good: { d in
                 d.api.versioning = Versioning(strategy: .header, current: "2024-01-01", header: "Api-Version")
                 for i in d.endpoints.indices { d.endpoints[i].path = String(d.endpoints[i].path.dropFirst(3)) }
                 d.scaling = Scaling(failover: "Standby.", monitoring: [MonitoringSignal(signal: "p99", target: "300 ms")])
             }),
    // An explained /v0 endpoint, with and without `deprecated`, which is what lets it off.
    RuleCase("api-versioning", on: .endpoint("GET /v0/products"),
             bad: { d in
                 d.endpoints[P.listProducts].path = "/v0/products"
                 d.endpoints[P.listProducts].description = "Use /v1/products; removed in June."
             },
             nearMiss: { d in
                 d.endpoints[P.listProducts].path = "/v0/products"
                 d.endpoints[P.listProducts].description = "Use /v1/products; removed in June."
                 d.endpoints[P.listProducts].deprecated = true
             }),
    RuleCase("api-collection-pagination", bad: { $0.endpoints[P.listProducts].params.removeFirst() },
             nearMiss: { $0.endpoints[P.listProducts].params[0].name = "page_token" }),
    // One resource's statistics are one answer, not a list that grows (issue 14).
    RuleCase("api-collection-pagination", on: .endpoint("GET /v1/products/{product_id}/reviews"),
             bad: { d in
                 var e = d.endpoints[P.getProduct]
                 e.path += "/reviews"
                 d.endpoints.append(e)
             },
             good: { d in
                 for tail in ["/stats", "/statistics", "/analytics", "/metrics"] {
                     var e = d.endpoints[P.getProduct]
                     e.path += tail
                     d.endpoints.append(e)
                 }
             }),
    RuleCase("api-idempotency-key", bad: { $0.endpoints[P.createOrder].params = [] },
             nearMiss: { d in
                 d.endpoints[P.createOrder].params = []
                 d.endpoints[P.createOrder].idempotent = nil
             }),
    RuleCase("api-json-example", on: .endpoint("GET /v1/products/{product_id}"),
             bad: { $0.endpoints[P.getProduct].responses[0].example = #"{"id": "p1",}"# },
             good: { $0.endpoints[P.getProduct].responses[0].example = #"[{"id": "p1"}, 2.5e3, true, null, "\u00e9"]"# }),
    RuleCase("api-json-example", on: .event("order.placed"), bad: { $0.events[0].payload = "{order_id: 1}" }),
    RuleCase("api-json-example", bad: { $0.endpoints[P.createOrder].request?.example = "{'a': 1}" },
             good: { $0.endpoints[P.createOrder].request = RequestBody(contentType: "text/csv", example: "a,b\n1,2") }),
    RuleCase("api-json-example", on: .endpoint("GET /v1/products/{product_id}"),
             bad: { $0.endpoints[P.getProduct].responses[0].example = #"{"id": "p1",}"# },
             nearMiss: { $0.endpoints[P.getProduct].responses[0].example = #"{"id": "p1"}"# }),
    RuleCase("api-error-format", bad: { $0.api.errorFormat = nil }, good: { d in
        d.api.errorFormat = nil
        d.endpoints = []
        d.scaling.bottlenecks = []
        d.scaling.caches = []
    }),
    RuleCase("api-error-format", on: .section("api"), bad: { $0.api.errorFormat = " " },
             nearMiss: { $0.api.errorFormat = "application/json: {code, message}" }),
    RuleCase("api-deprecated-explained", bad: { $0.endpoints[P.getProduct].deprecated = true },
             nearMiss: { d in
                 d.endpoints[P.getProduct].deprecated = true
                 d.endpoints[P.getProduct].description = "Use GET /v1/products?ids= instead."
             }),
]

// MARK: - Security

let securityCases: [RuleCase] = [
    RuleCase("sec-auth-missing", on: .endpoint("GET /v1/products"), bad: { $0.endpoints[P.listProducts].auth = nil },
             good: { $0.endpoints[P.listProducts].auth = "bearer" }),
    // A new public list, once without `auth` and once with `auth: none` written down.
    RuleCase("sec-auth-missing", on: .endpoint("GET /v1/categories"),
             bad: { d in
                 appendCopy(&d, of: P.listProducts) { e in
                     e.path = "/v1/categories"
                     e.auth = nil
                 }
             },
             nearMiss: { d in
                 appendCopy(&d, of: P.listProducts) { e in
                     e.path = "/v1/categories"
                     e.auth = "none"
                 }
             }),
    RuleCase("sec-auth-undefined", bad: { $0.endpoints[P.createOrder].auth = "oauth" },
             good: { $0.api.auth.append(AuthScheme(name: "oauth", type: .oauth2)) }),
    RuleCase("sec-auth-undefined", on: .endpoint("POST /v1/orders"), bad: { $0.endpoints[P.createOrder].auth = "oauth" },
             nearMiss: { d in
                 d.endpoints[P.createOrder].auth = "oauth"
                 d.api.auth.append(AuthScheme(name: "oauth", type: .oauth2))
             }),
    RuleCase("sec-public-write", on: .endpoint("POST /v1/orders"), bad: { $0.endpoints[P.createOrder].auth = "none" },
             good: { $0.endpoints[P.listProducts].auth = "none" }),
    // The same public copy of the product endpoint, as a PUT and as a HEAD.
    RuleCase("sec-public-write", on: .endpoint("PUT /v1/products/{product_id}"),
             bad: { d in appendCopy(&d, of: P.getProduct) { e in e.method = .PUT } },
             nearMiss: { d in appendCopy(&d, of: P.getProduct) { e in e.method = .HEAD } }),
    RuleCase("sec-unauthorized-on-public", bad: { $0.endpoints[P.getProduct].responses.append(Response(status: 401)) },
             good: { $0.endpoints[P.createOrder].responses.append(Response(status: 401)) }),
    RuleCase("sec-unauthorized-on-public", on: .endpoint("GET /v1/products/{product_id}"),
             bad: { $0.endpoints[P.getProduct].responses.append(Response(status: 401)) },
             nearMiss: { d in
                 d.endpoints[P.getProduct].responses.append(Response(status: 401))
                 d.endpoints[P.getProduct].auth = "bearer"
             }),
    RuleCase("sec-public-rate-limit", bad: { $0.endpoints[P.getProduct].rateLimit = nil },
             good: { $0.endpoints[P.deleteOrder].rateLimit = nil }),
    RuleCase("sec-public-rate-limit", on: .endpoint("GET /v1/products/{product_id}"),
             bad: { $0.endpoints[P.getProduct].rateLimit = nil },
             nearMiss: { $0.endpoints[P.getProduct].rateLimit = "customer" }),
    RuleCase("sec-credentials-in-url", bad: { $0.endpoints[P.listProducts].params.append(Param(name: "api_key", location: .query)) },
             nearMiss: { $0.endpoints[P.listProducts].params.append(Param(name: "page_token", location: .query)) }),
    RuleCase("sec-credentials-in-url", bad: { $0.endpoints[P.listProducts].params.append(Param(name: "accessToken", location: .query)) },
             good: { $0.endpoints[P.listProducts].params.append(Param(name: "Authorization", location: .header)) }),
    RuleCase("sec-https-base-url", on: .section("api"), bad: { $0.api.baseURL = "http://api.example.com" },
             nearMiss: { $0.api.baseURL = "HTTPS://api.example.com" }),
    RuleCase("sec-weak-auth", on: ElementRef(.auth, "legacy"), bad: { $0.api.auth.append(AuthScheme(name: "legacy", type: .basic)) },
             nearMiss: { $0.api.auth.append(AuthScheme(name: "legacy", type: .apiKey)) }),
    RuleCase("sec-guessable-ids", bad: { $0.endpoints[P.getProduct].params[0].type = "integer" },
             good: { $0.endpoints[P.deleteOrder].params[0].type = "bigint" }),
    RuleCase("sec-guessable-ids", on: .endpoint("GET /v1/products/{product_id}"),
             bad: { $0.endpoints[P.getProduct].params[0].type = "integer" },
             nearMiss: { $0.endpoints[P.getProduct].params[0].type = "string" }),
    RuleCase("sec-scopes-on-public", bad: { $0.endpoints[P.getProduct].scopes = ["products:read"] },
             good: { $0.endpoints[P.deleteOrder].scopes = ["orders:admin"] }),
    // Only the scopes differ (the 403 they call for is in both): securing the endpoint instead
    // would also flip the 401 rules.
    RuleCase("sec-scopes-on-public", on: .endpoint("GET /v1/products/{product_id}"),
             bad: { d in
                 d.endpoints[P.getProduct].scopes = ["products:read"]
                 d.endpoints[P.getProduct].responses.append(Response(status: 403, description: "No scope."))
             },
             nearMiss: { $0.endpoints[P.getProduct].responses.append(Response(status: 403, description: "No scope.")) }),
    RuleCase("sec-pii-unprotected", on: .column("customers", "email"), bad: { $0.security = [] },
             nearMiss: { d in
                 d.security = []
                 d.tables[P.customers].columns[1].pii = false
             }),
    RuleCase("sec-pii-unmarked", on: .column("customers", "phone_number"),
             bad: { $0.tables[P.customers].columns.append(Column(name: "phone_number", type: "text")) },
             good: { $0.tables[P.customers].columns.append(Column(name: "mac_address", type: "macaddr")) }),
    RuleCase("sec-pii-unmarked", on: .column("customers", "phone_number"),
             bad: { $0.tables[P.customers].columns.append(Column(name: "phone_number", type: "text")) },
             nearMiss: { $0.tables[P.customers].columns.append(Column(name: "phone_number", type: "text", pii: true)) }),
    RuleCase("sec-plaintext-secret", on: .column("customers", "password"),
             bad: { $0.tables[P.customers].columns[2].name = "password" },
             nearMiss: { d in
                 d.tables[P.customers].columns[2].name = "password"
                 d.tables[P.customers].columns[2].description = "argon2id hash of the password"
             }),
    RuleCase("sec-plaintext-secret", bad: { $0.tables[P.customers].columns.append(Column(name: "apiKey", type: "text")) },
             good: { $0.tables[P.customers].columns.append(Column(name: "session_id", type: "uuid")) }),
]

// MARK: - Database

let databaseCases: [RuleCase] = [
    RuleCase("db-missing-primary-key", on: .table("categories"), bad: { $0.tables[P.categories].columns[0].primaryKey = nil },
             good: { d in
                 d.tables[P.categories].columns[0].primaryKey = nil
                 d.tables[P.categories].primaryKey = ["id"]
             }),
    // No foreign key points at products, so its key can go without another rule noticing.
    RuleCase("db-missing-primary-key", on: .table("products"), bad: { $0.tables[P.products].columns[0].primaryKey = nil },
             nearMiss: { d in
                 d.tables[P.products].columns[0].primaryKey = nil
                 d.tables[P.products].primaryKey = ["id"]
             }),
    RuleCase("db-fk-target-missing", on: .column("products", "category_id"),
             bad: { $0.tables[P.products].columns[1].references = "categories.uuid" }),
    RuleCase("db-fk-target-missing", bad: { $0.tables[P.products].columns[1].references = "category.id" }),
    RuleCase("db-fk-target-missing", bad: { $0.tables[P.products].columns[1].references = "categories" }),
    RuleCase("db-fk-target-missing", on: .column("products", "category_id"),
             bad: { $0.tables[P.products].columns[1].references = "categories.public_id" },
             nearMiss: { d in
                 d.tables[P.products].columns[1].references = "categories.public_id"
                 d.tables[P.categories].columns.append(Column(name: "public_id", type: "uuid", nullable: false, unique: true))
             }),
    RuleCase("db-fk-target-not-key", on: .column("products", "category_id"),
             bad: { $0.tables[P.products].columns[1].references = "products.name" },
             good: { d in
                 d.tables[P.products].columns[1].references = "categories.name"
                 d.tables[P.products].columns[1].type = "text"
             }),
    RuleCase("db-fk-target-not-key", bad: { d in
                 d.tables[P.categories].columns[1].unique = nil
                 d.tables[P.products].columns[1].references = "categories.name"
             },
             good: { d in
                 d.tables[P.categories].columns[1].unique = nil
                 d.tables[P.categories].indexes = [Index(name: "categories_name_key", columns: ["name"], unique: true)]
                 d.tables[P.products].columns[1].references = "categories.name"
                 d.tables[P.products].columns[1].type = "varchar(200)"
             }),
    RuleCase("db-fk-target-not-key", bad: { $0.tables[P.products].columns[1].references = "orders.id" }),
    // The same foreign key to categories.name, with the name not unique and unique.
    RuleCase("db-fk-target-not-key", on: .column("products", "category_id"),
             bad: { d in
                 d.tables[P.categories].columns[1].unique = nil
                 d.tables[P.products].columns[1].references = "categories.name"
                 d.tables[P.products].columns[1].type = "text"
             },
             nearMiss: { d in
                 d.tables[P.products].columns[1].references = "categories.name"
                 d.tables[P.products].columns[1].type = "text"
             }),
    RuleCase("db-fk-type-mismatch", on: .column("products", "category_id"),
             bad: { $0.tables[P.products].columns[1].type = "bigint" },
             nearMiss: { $0.tables[P.products].columns[1].type = "UUID" }),
    RuleCase("db-fk-missing-index", on: .column("products", "category_id"), bad: { $0.tables[P.products].indexes = [] },
             nearMiss: { $0.tables[P.products].indexes = [Index(name: "products_category_id_name_idx", columns: ["category_id", "name"])] }),
    RuleCase("db-redundant-index", bad: { $0.tables[P.products].indexes.append(Index(name: "products_category_idx2", columns: ["category_id"])) },
             nearMiss: { $0.tables[P.products].indexes.append(Index(name: "products_category_gin", columns: ["category_id"], kind: .gin)) }),
    RuleCase("db-redundant-index", bad: { $0.tables[P.products].indexes.append(Index(name: "products_cat_name_idx", columns: ["category_id", "name"])) },
             nearMiss: { $0.tables[P.products].indexes.append(Index(name: "products_name_cat_idx", columns: ["name", "category_id"])) }),
    RuleCase("db-redundant-index", bad: { $0.tables[P.products].indexes.append(Index(name: "products_id_idx", columns: ["id"])) }),
    RuleCase("db-unknown-column", on: .table("products"),
             bad: { $0.tables[P.products].indexes[0].columns = ["categoryid"] }),
    RuleCase("db-unknown-column", bad: { $0.tables[P.orders].partitioning?.key = ["placed_at"] }),
    RuleCase("db-unknown-column", bad: { $0.tables[P.orders].primaryKey = ["id", "created"] }),
    RuleCase("db-unknown-column", on: .table("products"),
             bad: { $0.tables[P.products].indexes.append(Index(name: "products_sku_idx", columns: ["sku"])) },
             nearMiss: { d in
                 d.tables[P.products].indexes.append(Index(name: "products_sku_idx", columns: ["sku"]))
                 d.tables[P.products].columns.append(Column(name: "sku", type: "text", nullable: false))
             }),
    RuleCase("db-nullable-unique", on: .column("products", "name"),
             bad: { d in
                 d.tables[P.products].columns[2].nullable = nil
                 d.tables[P.products].indexes.append(Index(name: "products_name_key", columns: ["name"], unique: true))
             },
             nearMiss: { $0.tables[P.products].indexes.append(Index(name: "products_name_key", columns: ["name"], unique: true)) }),
    RuleCase("db-set-null-not-nullable", bad: { $0.tables[P.products].columns[1].onDelete = .setNull },
             nearMiss: { d in
                 d.tables[P.products].columns[1].onDelete = .setNull
                 d.tables[P.products].columns[1].nullable = true
             }),
    RuleCase("db-repeating-group", on: .column("customers", "phone1"),
             bad: { $0.tables[P.customers].columns += [Column(name: "phone1", type: "text", pii: true),
                                                         Column(name: "phone2", type: "text", pii: true)] },
             good: { $0.tables[P.customers].columns += [Column(name: "ipv4", type: "inet"), Column(name: "ipv6", type: "inet")] }),
    // The same two phone columns, numbered and then named for what they hold.
    RuleCase("db-repeating-group", on: .column("customers", "phone1"),
             bad: { $0.tables[P.customers].columns += [Column(name: "phone1", type: "text", pii: true),
                                                         Column(name: "phone2", type: "text", pii: true)] },
             nearMiss: { $0.tables[P.customers].columns += [Column(name: "home_phone", type: "text", pii: true),
                                                              Column(name: "work_phone", type: "text", pii: true)] }),
    RuleCase("db-list-in-column", bad: { $0.tables[P.products].columns.append(Column(name: "tag_ids", type: "text")) },
             nearMiss: { $0.tables[P.products].columns.append(Column(name: "tag_ids", type: "uuid[]")) }),
    RuleCase("db-list-in-column", bad: { $0.tables[P.products].columns.append(Column(name: "colors", type: "varchar(200)",
                                                                                      description: "Comma-separated colour names.")) },
             good: { $0.tables[P.products].columns.append(Column(name: "notes", type: "text")) }),
    // A singular table name is also db-table-name-number's, so this case is no near miss.
    RuleCase("db-reserved-word", on: .table("order"), bad: { $0.tables[P.orders].name = "order" },
             good: { $0.tables[P.orders].name = "sort_order" }),
    RuleCase("db-reserved-word", on: .column("customers", "user"),
             bad: { $0.tables[P.customers].columns.append(Column(name: "user", type: "text")) },
             nearMiss: { $0.tables[P.customers].columns.append(Column(name: "user_name", type: "text")) }),
    RuleCase("db-identifier-case", bad: { $0.tables[P.products].columns[3].name = "priceCents" },
             nearMiss: { $0.tables[P.products].columns[3].name = "price_cents_2" }),
    RuleCase("db-identifier-case", bad: { $0.tables[P.products].indexes[0].name = "Products-Category" }),
    RuleCase("db-identifier-length", bad: { $0.tables[P.products].columns[3].name = String(repeating: "x", count: 64) },
             nearMiss: { $0.tables[P.products].columns[3].name = String(repeating: "x", count: 63) }),
    RuleCase("db-partition-key-in-primary-key", on: .table("orders"), bad: { $0.tables[P.orders].primaryKey = ["id"] },
             nearMiss: { $0.tables[P.orders].primaryKey = ["created_at", "id"] }),
    RuleCase("db-partition-key-in-primary-key", bad: { $0.tables[P.customers].sharding = Sharding(strategy: .hash, key: ["email"]) },
             nearMiss: { $0.tables[P.customers].sharding = Sharding(strategy: .hash, key: ["id"]) }),
    RuleCase("db-large-table-unplanned", on: .table("orders"), bad: { $0.tables[P.orders].partitioning = nil },
             nearMiss: { d in
                 d.tables[P.orders].partitioning = nil
                 d.tables[P.orders].description = "One row an order; rows older than two years move to cold storage."
             }),
    // A scaling note lets a table off only when it names that table: orders_archive is another one.
    RuleCase("db-large-table-unplanned", on: .table("orders"),
             bad: { d in
                 d.tables[P.orders].partitioning = nil
                 d.scaling.notes = "orders_archive is read-only and kept for two years."
             },
             nearMiss: { d in
                 d.tables[P.orders].partitioning = nil
                 d.scaling.notes = "orders keeps two years of rows; older ones move to orders_archive."
             }),
]

// MARK: - Architecture

let architectureCases: [RuleCase] = [
    RuleCase("arch-shared-database", on: .column("orders", "customer_id"), bad: { $0.tables[P.customers].service = "catalog" },
             good: { $0.tables[P.products].service = "catalog" }),
    // The fix the rule explains: keep the id across the boundary, drop the foreign key.
    RuleCase("arch-shared-database", on: .column("orders", "customer_id"),
             bad: { $0.tables[P.customers].service = "catalog" },
             nearMiss: { d in
                 d.tables[P.customers].service = "catalog"
                 d.tables[P.orders].columns[2].references = nil
                 d.tables[P.orders].columns[2].onDelete = nil
             }),
    RuleCase("arch-sync-call-cycle", on: .service("catalog"),
             bad: { $0.services[P.catalog].calls.append(ServiceCall(service: "ordering", style: .grpc, purpose: "For the case.")) },
             nearMiss: { $0.services[P.catalog].calls.append(ServiceCall(service: "notifications", style: .grpc, purpose: "For the case.")) }),
    RuleCase("arch-sync-call-cycle", bad: { $0.services[P.catalog].calls.append(ServiceCall(service: "catalog")) }),
    RuleCase("arch-async-call-cycle", on: .service("ordering"),
             bad: { d in
                 d.events.append(Event(name: "mail.sent", producer: "notifications", consumers: ["ordering"]))
                 d.services[P.notifications].calls.append(ServiceCall(service: "ordering", style: .event, purpose: "For the case.", event: "mail.sent"))
             },
             good: { d in
                 // A synchronous call back is a different graph: request out, event back is a normal saga step.
                 d.services[P.notifications].calls.append(ServiceCall(service: "ordering", style: .rest, purpose: "For the case."))
             }),
    // The same event and event call, sent back to ordering or on to catalog.
    RuleCase("arch-async-call-cycle", on: .service("ordering"),
             bad: { d in
                 d.events.append(Event(name: "mail.sent", producer: "notifications", consumers: ["ordering"]))
                 d.services[P.notifications].calls.append(ServiceCall(service: "ordering", style: .event, purpose: "For the case.", event: "mail.sent"))
             },
             nearMiss: { d in
                 d.events.append(Event(name: "mail.sent", producer: "notifications", consumers: ["catalog"]))
                 d.services[P.notifications].calls.append(ServiceCall(service: "catalog", style: .event, purpose: "For the case.", event: "mail.sent"))
             }),
    RuleCase("arch-unknown-service", on: .service("ordering"),
             bad: { $0.services[P.ordering].calls[0].service = "pricing" },
             good: { $0.services.append(Service(name: "pricing", description: "Prices.", responsibilities: ["Price."], stateless: true)) }),
    RuleCase("arch-unknown-service", bad: { $0.events[0].consumers.append("billing") }),
    RuleCase("arch-unknown-service", bad: { $0.endpoints[P.listProducts].service = "search" }),
    RuleCase("arch-unknown-service", bad: { $0.tables[P.categories].service = "taxonomy" }),
    RuleCase("arch-unknown-service", on: .flow("restock"),
             bad: { $0.flows.append(Flow(name: "restock", steps: [FlowStep(from: "warehouse", to: "table:products")])) },
             good: { $0.flows.append(Flow(name: "restock", steps: [FlowStep(from: "client", to: "external:warehouse")])) }),
    RuleCase("arch-unknown-service", on: .service("ordering"),
             bad: { $0.services[P.ordering].calls[0].service = "pricing" },
             nearMiss: { d in
                 d.services[P.ordering].calls[0].service = "pricing"
                 d.services.append(Service(name: "pricing", description: "Prices.", responsibilities: ["Price."], stateless: true))
             }),
    RuleCase("arch-unknown-event", bad: { $0.services[P.ordering].calls[1].event = "order.created" },
             good: { $0.services[P.ordering].calls[1].purpose = "Tell the customer." }),
    RuleCase("arch-unknown-event", on: .service("ordering"), bad: { $0.services[P.ordering].calls[1].event = "order.created" },
             nearMiss: { d in
                 d.services[P.ordering].calls[1].event = "order.created"
                 // As the workbench renames it: the flow's publish step follows.
                 _ = try? d.perform(.rename(.event("order.placed"), to: "order.created"))
             }),
    RuleCase("arch-event-not-produced", on: .service("ordering"), bad: { $0.events[0].producer = "catalog" },
             good: { $0.events[0].channel = "orders.v2" }),
    // The event call moves to the producer: who sends it is what the rule compares.
    RuleCase("arch-event-not-produced", on: .service("ordering"), bad: { $0.events[0].producer = "catalog" },
             nearMiss: { d in
                 d.events[0].producer = "catalog"
                 d.services[P.catalog].calls.append(d.services[P.ordering].calls.removeLast())
             }),
    // The checkout's e-mail step moves to catalog in both, so that the flow agrees with the
    // consumers either way and only the call from ordering to notifications is in question.
    RuleCase("arch-event-call-consumer", bad: { d in
                 d.events[0].consumers = ["catalog"]
                 d.flows[P.placeOrder].steps[4].from = "catalog"
             },
             nearMiss: { d in
                 d.events[0].consumers = ["catalog", "notifications"]
                 d.flows[P.placeOrder].steps[4].from = "catalog"
             }),
    RuleCase("arch-async-call-without-event", bad: { $0.services[P.ordering].calls[1].event = nil },
             nearMiss: { d in
                 d.services[P.ordering].calls[1].event = nil
                 d.services[P.ordering].calls[1].style = .rest
             }),
    RuleCase("arch-event-producer-consumers", on: .event("order.placed"), bad: { $0.events[0].consumers = [] }),
    RuleCase("arch-event-producer-consumers", bad: { $0.events[0].producer = nil }),
    RuleCase("arch-event-producer-consumers", on: .event("order.shipped"),
             bad: { $0.events.append(Event(name: "order.shipped", producer: "ordering", consumers: [])) },
             nearMiss: { $0.events.append(Event(name: "order.shipped", producer: "ordering", consumers: ["notifications"])) }),
    RuleCase("arch-orphan-service", on: .service("search"),
             bad: { $0.services.append(Service(name: "search", description: "Search.", responsibilities: ["Index."], stateless: true)) },
             nearMiss: { d in
                 d.services.append(Service(name: "search", description: "Search.", responsibilities: ["Index."], stateless: true))
                 d.endpoints[P.listProducts].service = "search"
             }),
    RuleCase("arch-service-responsibilities", bad: { $0.services[P.catalog].responsibilities = [] },
             nearMiss: { $0.services[P.catalog].responsibilities = ["Own products and search."] }),
    RuleCase("arch-service-datastore", bad: { $0.services[P.catalog].datastore = nil },
             good: { d in
                 d.services.append(Service(name: "gateway", description: "Edge.", responsibilities: ["Route."], stateless: true,
                                           calls: [ServiceCall(service: "catalog", style: .rest, purpose: "For the case.")]))
             }),
    // A service without tables and without a datastore, stateless or not said to be.
    RuleCase("arch-service-datastore", on: .service("notifications"),
             bad: { d in
                 d.services[P.notifications].datastore = nil
                 d.services[P.notifications].stateless = nil
             },
             nearMiss: { $0.services[P.notifications].datastore = nil }),
    RuleCase("arch-unowned-element", bad: { $0.tables[P.categories].service = nil },
             good: { $0.tables[P.categories].service = "catalog" }),
    RuleCase("arch-unowned-element", bad: { $0.endpoints[P.listProducts].service = "" }),
    // A new table, so that no foreign key crosses a boundary when it gets an owner.
    RuleCase("arch-unowned-element", on: .table("audit_events"),
             bad: { $0.tables.append(Table(name: "audit_events", description: "One row an audit event.",
                                           columns: [Column(name: "id", type: "uuid", primaryKey: true)])) },
             nearMiss: { $0.tables.append(Table(name: "audit_events", service: "ordering", description: "One row an audit event.",
                                                columns: [Column(name: "id", type: "uuid", primaryKey: true)])) }),
]

// MARK: - Scaling

let scalingCases: [RuleCase] = [
    RuleCase("scale-bottleneck-mitigation", on: .bottleneck("product-reads"), bad: { $0.scaling.bottlenecks[0].mitigation = nil },
             good: { $0.scaling.bottlenecks[0].description = nil }),
    RuleCase("scale-bottleneck-mitigation", on: .bottleneck("product-reads"), bad: { $0.scaling.bottlenecks[0].mitigation = " " },
             nearMiss: { $0.scaling.bottlenecks[0].mitigation = "Read replicas." }),
    RuleCase("scale-bottleneck-affects", bad: { $0.scaling.bottlenecks[0].affects = [] },
             nearMiss: { $0.scaling.bottlenecks[0].affects = ["service:catalog"] }),
    RuleCase("scale-cache-serves", on: .cache("product-documents"), bad: { $0.scaling.caches[0].serves = [] }),
    RuleCase("scale-cache-serves", bad: { $0.scaling.caches[0].what = " " }),
    RuleCase("scale-cache-serves", on: .cache("product-documents"), bad: { $0.scaling.caches[0].serves = [] },
             nearMiss: { $0.scaling.caches[0].serves = ["table:products"] }),
    RuleCase("scale-cache-ttl", bad: { $0.scaling.caches[0].ttl = nil }, nearMiss: { $0.scaling.caches[0].ttl = Duration("30s") }),
    RuleCase("scale-cache-invalidation", bad: { $0.scaling.caches[0].invalidation = nil },
             nearMiss: { $0.scaling.caches[0].invalidation = "Purged by product id." }),
    RuleCase("scale-cdn-private-endpoint", on: .cache("edge"),
             bad: { $0.scaling.caches.append(Cache(name: "edge", layer: .cdn, what: "Responses.", ttl: Duration("1m"),
                                                   invalidation: "TTL.", serves: ["endpoint:DELETE /v1/orders/{order_id}"])) },
             good: { $0.scaling.caches.append(Cache(name: "edge", layer: .cdn, what: "Responses.", ttl: Duration("1m"),
                                                    invalidation: "TTL.", serves: ["endpoint:GET /v1/products"])) }),
    // A GET that needs auth (so that no other cache rule applies), behind a CDN or behind Redis.
    RuleCase("scale-cdn-private-endpoint", on: .cache("edge"),
             bad: { d in
                 d.endpoints[P.getProduct].auth = "bearer"
                 d.endpoints[P.getProduct].responses.append(Response(status: 401, description: "No token."))
                 d.scaling.caches.append(Cache(name: "edge", layer: .cdn, what: "Responses.", ttl: Duration("1m"),
                                               invalidation: "TTL.", serves: ["endpoint:GET /v1/products/{product_id}"]))
             },
             nearMiss: { d in
                 d.endpoints[P.getProduct].auth = "bearer"
                 d.endpoints[P.getProduct].responses.append(Response(status: 401, description: "No token."))
                 d.scaling.caches.append(Cache(name: "edge", layer: .redis, what: "Responses.", ttl: Duration("1m"),
                                               invalidation: "TTL.", serves: ["endpoint:GET /v1/products/{product_id}"]))
             }),
    RuleCase("scale-cache-non-get", bad: { $0.scaling.caches[0].serves.append("endpoint:POST /v1/orders") },
             nearMiss: { $0.scaling.caches[0].serves.append("endpoint:GET /v1/products") }),
    RuleCase("scale-load-stated", on: .section("requirements"), bad: { $0.requirements.load = Load(dataVolume: "1 TB") },
             good: { $0.requirements.load = Load(users: 5) }),
    RuleCase("scale-load-stated", on: .section("requirements"), bad: { $0.requirements.load = Load(dataVolume: "1 TB") },
             nearMiss: { $0.requirements.load = Load(peakRPS: 50, dataVolume: "1 TB") }),
    RuleCase("scale-monitoring", bad: { $0.scaling.monitoring = [] }, good: { d in
        d.scaling.monitoring = []
        d.services = []
        d.endpoints = []
        d.tables = []
        d.events = []
        d.scaling.bottlenecks = []
        d.scaling.caches = []
        d.phases = []
    }),
    RuleCase("scale-monitoring", on: .section("scaling"), bad: { $0.scaling.monitoring = [] },
             nearMiss: { $0.scaling.monitoring = [MonitoringSignal(signal: "error rate", target: "under 0.5%")] }),
    RuleCase("scale-monitoring-target", on: ElementRef(.monitoring, "p99 latency"), bad: { $0.scaling.monitoring[0].target = nil },
             good: { $0.scaling.monitoring[0].alert = nil }),
    RuleCase("scale-monitoring-target", on: ElementRef(.monitoring, "p99 latency"), bad: { $0.scaling.monitoring[0].target = " " },
             nearMiss: { $0.scaling.monitoring[0].target = "under 500 ms" }),
    RuleCase("scale-failover", bad: { $0.scaling.failover = nil }, good: { d in
        d.scaling.failover = nil
        d.tables = []
        for i in d.services.indices { d.services[i].datastore = nil }
        d.scaling.bottlenecks[0].affects = ["service:catalog"]
    }),
    RuleCase("scale-failover", on: .section("scaling"), bad: { $0.scaling.failover = nil },
             nearMiss: { $0.scaling.failover = "Patroni promotes the standby." }),
    RuleCase("scale-load-balancing", bad: { $0.scaling.loadBalancing = nil }, nearMiss: { d in
        d.scaling.loadBalancing = nil
        for i in d.services.indices { d.services[i].replicas = nil }
    }),
]

// MARK: - Documentation and references

let docCases: [RuleCase] = [
    RuleCase("doc-design-summary", bad: { $0.summary = "  " }, nearMiss: { $0.summary = "Sells things." }),
    RuleCase("doc-service-description", on: .service("catalog"), bad: { $0.services[P.catalog].description = nil }),
    RuleCase("doc-service-description", on: .service("catalog"), bad: { $0.services[P.catalog].description = " " },
             nearMiss: { $0.services[P.catalog].description = "What the shop sells." }),
    RuleCase("doc-endpoint-summary", bad: { $0.endpoints[P.listProducts].summary = nil },
             nearMiss: { d in
                 d.endpoints[P.listProducts].summary = nil
                 d.endpoints[P.listProducts].description = "Lists products, newest first."
             }),
    RuleCase("doc-table-description", bad: { $0.tables[P.products].description = nil }),
    RuleCase("doc-table-description", on: .table("products"), bad: { $0.tables[P.products].description = " " },
             nearMiss: { $0.tables[P.products].description = "One row a sellable product." }),
    RuleCase("doc-stack-rationale", on: .stack("Database"), bad: { $0.stack[0].rationale = nil }),
    RuleCase("doc-stack-rationale", bad: { $0.stack[0].choice = nil }),
    RuleCase("doc-stack-rationale", on: .stack("Database"), bad: { $0.stack[0].rationale = nil },
             nearMiss: { $0.stack[0].rationale = "Transactions and partial indexes." }),
    RuleCase("doc-stack-alternatives", bad: { $0.stack[0].alternatives = [] }),
    RuleCase("doc-stack-alternatives", bad: { $0.stack[0].alternatives[0].tradeoff = nil }),
    RuleCase("doc-stack-alternatives", on: .stack("Database"), bad: { $0.stack[0].alternatives[0].tradeoff = nil },
             nearMiss: { $0.stack[0].alternatives[0].tradeoff = "No transactional DDL." }),
    RuleCase("doc-open-questions", on: .section("requirements"), bad: { $0.requirements.questions = ["Which region?"] }),
    // The question answered and its answer written into the design, as the rule's fix says.
    RuleCase("doc-open-questions", on: .section("requirements"), bad: { $0.requirements.questions = ["Which region?"] },
             nearMiss: { $0.requirements.business.append("Runs in eu-west-1.") }),
    RuleCase("doc-open-comments", on: .table("orders"),
             bad: { $0.comments = [Comment(id: 1, element: "table:orders", author: "ana", text: "Refunds?", status: .open)] },
             nearMiss: { $0.comments = [Comment(id: 1, element: "table:orders", author: "ana", text: "Refunds?", status: .resolved)] }),
    RuleCase("ref-unresolved", on: .bottleneck("product-reads"), bad: { $0.scaling.bottlenecks[0].affects.append("table:prodcts") },
             nearMiss: { $0.scaling.bottlenecks[0].affects.append("column:products.name") }),
    RuleCase("ref-unresolved", bad: { $0.phases[0].includes.append("orders") }),
    RuleCase("ref-unresolved", bad: { $0.scaling.caches[0].serves.append("endpoint:GET /v1/product") }),
    RuleCase("ref-unresolved", bad: { $0.comments = [Comment(id: 2, element: "service:billing", status: .resolved)] }),
    RuleCase("ref-unresolved", on: ElementRef(.phase, "First"), bad: { $0.phases[0].includes.append("flow:restock") },
             good: { d in
                 d.flows.append(Flow(name: "restock"))
                 d.phases[0].includes.append("flow:restock")
             }),
    RuleCase("ref-unresolved", on: .flow("restock"),
             bad: { $0.flows.append(Flow(name: "restock", trigger: "endpoint:POST /v1/restocks")) },
             good: { $0.flows.append(Flow(name: "restock", trigger: "endpoint:POST /v1/orders")) }),
    RuleCase("ref-unresolved", on: .flow("restock"),
             bad: { $0.flows.append(Flow(name: "restock", steps: [FlowStep(from: "catalog", to: "table:stock")])) },
             good: { $0.flows.append(Flow(name: "restock", steps: [FlowStep(from: "catalog", to: "external:stock")])) }),
    RuleCase("ref-unknown-rate-limit", bad: { $0.endpoints[P.createOrder].rateLimit = "premium" },
             good: { $0.api.rateLimits.append(RateLimit(name: "premium", limit: 10)) }),
    RuleCase("ref-unknown-rate-limit", on: .endpoint("POST /v1/orders"), bad: { $0.endpoints[P.createOrder].rateLimit = "premium" },
             nearMiss: { d in
                 d.endpoints[P.createOrder].rateLimit = "premium"
                 d.api.rateLimits.append(RateLimit(name: "premium", limit: 10))
             }),
    RuleCase("ref-unknown-rule", on: .section("validation"), bad: { $0.validation.disable = ["api-path-shapes"] },
             nearMiss: { $0.validation.disable = ["api-path-shape"] }),
    RuleCase("ref-unknown-rule", bad: { $0.validation.severity = [SeverityOverride(rule: "db-foo", severity: .info)] }),
    // Reported by the validator (see `issues`): the same ignore entry, stale while the table has
    // its description, used once the finding it silences is there.
    RuleCase("ref-unused-ignore", on: .section("validation"),
             bad: { $0.validation.ignore = [IgnoreEntry(rule: "doc-table-description", element: "table:products", reason: "Obvious.")] },
             nearMiss: { d in
                 d.validation.ignore = [IgnoreEntry(rule: "doc-table-description", element: "table:products", reason: "Obvious.")]
                 d.tables[P.products].description = nil
             }),
]

// MARK: - Flows

private let placeOrder = ElementRef.flow("place-order"), cancelOrder = ElementRef.flow("cancel-order")

/// A flow of its own, for cases whose steps would disturb the clean flows.
private func addFlow(_ d: inout Design, _ name: String, _ steps: [FlowStep], consistency: FlowConsistency? = nil) {
    d.flows.append(Flow(name: name, consistency: consistency, steps: steps))
}

private let deepChain: [FlowStep] = [
    FlowStep(from: "client", to: "service:ordering", style: .rest),
    FlowStep(from: "ordering", to: "service:catalog", style: .rest),
    FlowStep(from: "catalog", to: "service:notifications", style: .rest),
    FlowStep(from: "notifications", to: "service:ordering", style: .rest),
]

let flowCases: [RuleCase] = [
    RuleCase("flow-call-undeclared", on: placeOrder, bad: { $0.flows[P.placeOrder].steps[1].style = .grpc },
             nearMiss: { d in
                 d.flows[P.placeOrder].steps[1].style = .grpc
                 d.services[P.ordering].calls[0].style = .grpc
             }),
    RuleCase("flow-call-undeclared", on: placeOrder,
             bad: { $0.flows[P.placeOrder].steps[1].to = "service:notifications" },
             good: { $0.flows[P.placeOrder].steps[1].style = nil }),
    RuleCase("flow-publish-not-producer", on: .flow("restock"),
             bad: { addFlow(&$0, "restock", [FlowStep(from: "catalog", to: "event:order.placed", style: .event)]) },
             nearMiss: { addFlow(&$0, "restock", [FlowStep(from: "ordering", to: "event:order.placed", style: .event)]) }),
    RuleCase("flow-publish-not-producer", on: .flow("restock"),
             bad: { addFlow(&$0, "restock", [FlowStep(from: "client", to: "event:order.placed")]) }),
    RuleCase("flow-event-not-consumer", on: placeOrder, bad: { $0.flows[P.placeOrder].steps[4].from = "catalog" },
             nearMiss: { d in
                 d.flows[P.placeOrder].steps[4].from = "catalog"
                 d.events[0].consumers.append("catalog")
             }),
    // The publisher going on after its own event is not a reaction to it.
    RuleCase("flow-event-not-consumer", on: placeOrder, bad: { $0.flows[P.placeOrder].steps[4].from = "catalog" },
             good: { $0.flows[P.placeOrder].steps[4].from = "ordering" }),
    RuleCase("flow-foreign-table", on: placeOrder, bad: { $0.flows[P.placeOrder].steps[2].to = "table:products" },
             nearMiss: { $0.flows[P.placeOrder].steps[2].to = "table:customers" }),
    RuleCase("flow-foreign-table", on: .flow("peek"),
             bad: { addFlow(&$0, "peek", [FlowStep(from: "client", to: "table:orders", access: .read)]) }),
    RuleCase("flow-transaction-across-services", on: cancelOrder,
             bad: { $0.flows[P.cancelOrder].steps.append(FlowStep(from: "catalog", to: "table:products", access: .write)) },
             nearMiss: { d in
                 d.flows[P.cancelOrder].steps.append(FlowStep(from: "catalog", to: "table:products", access: .write))
                 d.flows[P.cancelOrder].consistency = .outbox
             }),
    RuleCase("flow-dual-write", on: placeOrder, bad: { $0.flows[P.placeOrder].consistency = .transaction },
             nearMiss: { d in
                 d.flows[P.placeOrder].consistency = .transaction
                 d.flows[P.placeOrder].steps.insert(FlowStep(from: "ordering", to: "table:outbox_events", access: .write), at: 3)
             }),
    RuleCase("flow-dual-write", on: placeOrder, bad: { $0.flows[P.placeOrder].consistency = .eventual },
             good: { d in
                 d.flows[P.placeOrder].consistency = .eventual
                 d.flows[P.placeOrder].steps[2].access = .read
             }),
    RuleCase("flow-saga-compensation", on: cancelOrder,
             bad: { d in
                 d.flows[P.cancelOrder].consistency = .saga
                 d.flows[P.cancelOrder].steps.append(FlowStep(from: "ordering", to: "service:catalog", style: .rest))
             },
             nearMiss: { d in
                 d.flows[P.cancelOrder].consistency = .saga
                 d.flows[P.cancelOrder].steps.append(FlowStep(from: "ordering", to: "service:catalog", style: .rest))
                 d.flows[P.cancelOrder].steps[1].compensation = "Restore the order."
             }),
    // The write is the last step that can fail: nothing after it needs undoing.
    RuleCase("flow-saga-compensation", bad: { d in
                 d.flows[P.cancelOrder].consistency = .saga
                 d.flows[P.cancelOrder].steps.append(FlowStep(from: "ordering", to: "service:catalog", style: .rest))
             },
             good: { $0.flows[P.cancelOrder].consistency = .saga }),
    RuleCase("flow-sync-chain-depth", on: .flow("deep"), bad: { addFlow(&$0, "deep", deepChain) },
             nearMiss: { d in
                 var steps = deepChain
                 steps[3].async = true
                 addFlow(&d, "deep", steps)
             }),
    RuleCase("flow-latency-budget", on: placeOrder, bad: { $0.requirements.load.latencyP99Ms = 500 },
             nearMiss: { d in
                 d.requirements.load.latencyP99Ms = 500
                 d.flows[P.placeOrder].steps[1].timeout = Duration(amount: 400, unit: .milliseconds)
             }),
    // Only what the caller waits for counts: the e-mail's 5s timeout is after the answer.
    RuleCase("flow-latency-budget", bad: { $0.requirements.load.latencyP99Ms = 999 },
             good: { $0.requirements.load.latencyP99Ms = 1000 }),
    // A consumer waits for its own calls, but the caller answered before: not on its path.
    RuleCase("flow-latency-budget", bad: { $0.requirements.load.latencyP99Ms = 999 },
             good: { d in
                 d.requirements.load.latencyP99Ms = 1000
                 d.flows[P.placeOrder].steps[4].async = nil
             }),
    RuleCase("flow-external-timeout", on: placeOrder, bad: { $0.flows[P.placeOrder].steps[4].timeout = nil },
             nearMiss: { $0.flows[P.placeOrder].steps[4].timeout = Duration(amount: 10, unit: .seconds) }),
    RuleCase("flow-retried-not-idempotent", on: placeOrder, bad: { $0.flows[P.placeOrder].steps[4].idempotent = nil },
             nearMiss: { d in
                 d.flows[P.placeOrder].steps[4].idempotent = nil
                 d.events[0].delivery = .exactlyOnce
             }),
    RuleCase("flow-endpoint-uncovered", on: .endpoint("PATCH /v1/orders/{order_id}"),
             bad: { d in appendCopy(&d, of: P.deleteOrder) { e in e.method = .PATCH } },
             nearMiss: { d in
                 appendCopy(&d, of: P.deleteOrder) { e in e.method = .PATCH }
                 d.flows.append(Flow(name: "change-order", trigger: "endpoint:PATCH /v1/orders/{order_id}",
                                     steps: [FlowStep(from: "client", to: "service:ordering", style: .rest)]))
             }),
    RuleCase("flow-endpoint-uncovered", on: .endpoint("DELETE /v1/orders/{order_id}"),
             bad: { $0.flows[P.cancelOrder].trigger = nil },
             good: { $0.flows[P.cancelOrder].trigger = "endpoint:DELETE /v1/orders/{order_id}" }),
]
