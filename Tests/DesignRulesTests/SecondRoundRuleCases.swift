import DesignModel

/// The rules of the second round (issue 16), each with a bad case and a near miss on the clean
/// design; more bad and good cases where the rule has an edge worth pinning down.
private let P = Clean.self

private func appendCopy(_ d: inout Design, of i: Int, _ edit: (inout Endpoint) -> Void) {
    var copy = d.endpoints[i]
    edit(&copy)
    d.endpoints.append(copy)
}

/// The DELETE of the clean design turned into a PATCH of the order, with its body and its 422.
private func patch(_ e: inout Endpoint) {
    e.method = .PATCH
    e.request = RequestBody(contentType: "application/json", example: #"{"note": "Leave at the door."}"#)
    e.responses[0].status = 200
    e.responses.append(Response(status: 422, description: "Invalid."))
}

/// A table of the ordering service whose rows point at an order, indexed as the foreign key rules want.
private func childOfOrders(_ name: String, onDelete: OnDelete) -> Table {
    Table(name: name, service: "ordering", description: "Rows of an order.",
          columns: [Column(name: "id", type: "uuid", primaryKey: true),
                    Column(name: "order_id", type: "uuid", nullable: false, references: "orders.id", onDelete: onDelete)],
          indexes: [Index(name: "\(name)_order_id_idx", columns: ["order_id"])])
}

private let problem = #"{"type": "https://example.com/problems/invalid-cart", "title": "Invalid cart", "status": 422"#

let secondRoundCases: [RuleCase] = [
    // Verbs: a real verb list, every word of a segment, and nouns that look like verbs.
    RuleCase("api-verb-in-path", on: .endpoint("GET /v1/search"),
             bad: { d in appendCopy(&d, of: P.listProducts) { $0.path = "/v1/search" } },
             nearMiss: { d in appendCopy(&d, of: P.listProducts) { $0.path = "/v1/searches" } }),
    RuleCase("api-verb-in-path", on: .endpoint("GET /v1/pets/findByStatus"),
             bad: { d in appendCopy(&d, of: P.listProducts) { $0.path = "/v1/pets/findByStatus" } },
             good: { d in appendCopy(&d, of: P.listProducts) { $0.path = "/v1/post-offices" } }),
    RuleCase("api-verb-in-path", on: .endpoint("GET /v1/users/login"),
             bad: { d in appendCopy(&d, of: P.listProducts) { $0.path = "/v1/users/login" } },
             good: { d in appendCopy(&d, of: P.listProducts) { $0.path = "/v1/read-receipts" } }),
    RuleCase("api-verb-in-path", on: .endpoint("GET /v1/accounts/activate"),
             bad: { d in appendCopy(&d, of: P.listProducts) { $0.path = "/v1/accounts/activate" } },
             good: { d in appendCopy(&d, of: P.listProducts) { $0.path = "/v1/accounts/password-reset" } }),

    // Each new DELETE is a write of ordering, which the flow rules want in a flow: both get one.
    RuleCase("api-collection-write", on: .endpoint("DELETE /v1/carts"),
             bad: { d in
                 appendCopy(&d, of: P.deleteOrder) { e in e.path = "/v1/carts"; e.params = [] }
                 d.flows.append(Flow(name: "empty-cart", trigger: "endpoint:DELETE /v1/carts"))
             },
             nearMiss: { d in
                 appendCopy(&d, of: P.deleteOrder) { e in
                     e.path = "/v1/carts/{cart_id}"
                     e.params = [Param(name: "cart_id", location: .path, type: "uuid", required: true)]
                 }
                 d.flows.append(Flow(name: "empty-cart", trigger: "endpoint:DELETE /v1/carts/{cart_id}"))
             }),
    RuleCase("api-batch-status", on: .endpoint("POST /v1/orders/bulk"),
             bad: { d in appendCopy(&d, of: P.createOrder) { e in e.path = "/v1/orders/bulk"; e.responses[0].status = 200 } },
             nearMiss: { d in
                 appendCopy(&d, of: P.createOrder) { e in
                     e.path = "/v1/orders/bulk"
                     e.responses[0].status = 200
                     e.description = "All or nothing: the orders are placed in one transaction."
                 }
             }),
    RuleCase("api-batch-status", on: .endpoint("POST /v1/order-batches"),
             bad: { d in appendCopy(&d, of: P.createOrder) { e in e.path = "/v1/order-batches"; e.responses[0].status = 200 } },
             good: { d in
                 appendCopy(&d, of: P.createOrder) { e in
                     e.path = "/v1/order-batches"
                     e.responses[0].status = 200
                     e.responses.append(Response(status: 207, description: "One result per order."))
                 }
             }),
    RuleCase("api-error-example-shape", on: .endpoint("POST /v1/orders"),
             bad: { $0.endpoints[P.createOrder].responses[3].example = #"{"error": "invalid cart"}"# },
             nearMiss: { $0.endpoints[P.createOrder].responses[3].example = problem + "}" }),
    RuleCase("api-error-example-shape", bad: { $0.endpoints[P.createOrder].responses[3].example = #"[{"title": "Invalid"}]"# },
             good: { d in
                 d.api.errorFormat = "A JSON object with an error member."
                 d.endpoints[P.createOrder].responses[3].example = #"{"error": "invalid cart"}"#
             }),
    RuleCase("api-nonstandard-status", on: .endpoint("GET /v1/products/{product_id}"),
             bad: { $0.endpoints[P.getProduct].responses.append(Response(status: 499, description: "Client went away.")) },
             nearMiss: { $0.endpoints[P.getProduct].responses.append(Response(status: 410, description: "Gone for good.")) }),
    RuleCase("api-redirect-status", on: .endpoint("GET /v1/products/{product_id}"),
             bad: { $0.endpoints[P.getProduct].responses.append(Response(status: 301, description: "Moved.")) },
             nearMiss: { $0.endpoints[P.getProduct].responses.append(Response(status: 304, description: "Not modified.")) }),
    RuleCase("api-top-level-array", on: .endpoint("GET /v1/products"),
             bad: { $0.endpoints[P.listProducts].responses[0].example = #"[{"id": "p1"}]"# },
             nearMiss: { $0.endpoints[P.listProducts].responses[0].example = #"{"items": [{"id": "p1"}], "next_cursor": null}"# }),
    RuleCase("api-integer-enum", on: .endpoint("POST /v1/orders"),
             bad: { $0.endpoints[P.createOrder].responses[0].example = #"{"id": "o1", "status": 1}"# },
             nearMiss: { $0.endpoints[P.createOrder].responses[0].example = #"{"id": "o1", "status": "shipped"}"# }),
    // An error body's status is its HTTP status code, a number.
    RuleCase("api-integer-enum", bad: { $0.endpoints[P.createOrder].responses[3].example = problem + #", "error_type": 4}"# },
             good: { $0.endpoints[P.createOrder].responses[3].example = problem + "}" }),
    RuleCase("api-optimistic-concurrency", on: .endpoint("PATCH /v1/orders/{order_id}"),
             bad: { d in appendCopy(&d, of: P.deleteOrder, patch) },
             nearMiss: { d in
                 appendCopy(&d, of: P.deleteOrder) { e in
                     patch(&e)
                     e.params.append(Param(name: "If-Match", location: .header, type: "string", required: true))
                     e.responses.append(Response(status: 412, description: "Changed since read."))
                 }
             }),
    RuleCase("api-optimistic-concurrency", bad: { d in appendCopy(&d, of: P.deleteOrder, patch) },
             good: { d in
                 appendCopy(&d, of: P.deleteOrder) { e in
                     patch(&e)
                     e.request?.example = #"{"note": "Leave at the door.", "version": 3}"#
                     e.responses.append(Response(status: 409, description: "A newer version exists."))
                 }
             }),
    RuleCase("api-unused-auth-scheme", on: ElementRef(.auth, "partner"),
             bad: { $0.api.auth.append(AuthScheme(name: "partner", type: .jwt, description: "Partner tokens.")) },
             nearMiss: { $0.api.auth.append(AuthScheme(name: "partner", type: .mtls, description: "Between services.")) }),
    RuleCase("api-unused-rate-limit", on: ElementRef(.rateLimit, "burst"),
             bad: { $0.api.rateLimits.append(RateLimit(name: "burst", limit: 20, window: Duration(amount: 1, unit: .seconds), scope: .ip)) },
             nearMiss: { d in
                 d.api.rateLimits.append(RateLimit(name: "burst", limit: 20, window: Duration(amount: 1, unit: .seconds), scope: .ip))
                 d.endpoints[P.getProduct].rateLimit = "burst"
             }),
    RuleCase("api-base-url-shape", bad: { $0.api.baseURL = "https://api.example.com/" },
             nearMiss: { $0.api.baseURL = "https://api.example.com/shop" }),

    RuleCase("sec-secret-in-response", on: .endpoint("GET /v1/products/{product_id}"),
             bad: { $0.endpoints[P.getProduct].responses[0].example = #"{"id": "p1", "price_cents": 5, "api_key": "k1"}"# },
             nearMiss: { $0.endpoints[P.getProduct].responses[0].example = #"{"id": "p1", "price_cents": 5, "api_version": "1"}"# }),
    // A token endpoint hands out tokens by design.
    RuleCase("sec-secret-in-response", on: .endpoint("POST /v1/orders"),
             bad: { $0.endpoints[P.createOrder].responses[0].example = #"{"id": "o1", "status": "placed", "customer": {"password": "x"}}"# },
             good: { d in
                 appendCopy(&d, of: P.createOrder) { e in
                     e.path = "/v1/tokens"
                     e.responses[0].example = #"{"access_token": "eyJ", "expires_in": 900}"#
                 }
             }),
    RuleCase("sec-personal-data-in-query", on: .endpoint("GET /v1/products"),
             bad: { $0.endpoints[P.listProducts].params.append(Param(name: "email", location: .query, type: "string")) },
             nearMiss: { $0.endpoints[P.listProducts].params.append(Param(name: "seller_id", location: .query, type: "uuid")) }),
    RuleCase("sec-stack-trace-in-error", on: .endpoint("POST /v1/orders"),
             bad: { $0.endpoints[P.createOrder].responses[3].example = problem + #", "detail": "java.lang.NullPointerException: cart\n\tat com.shop.Orders.place(Orders.java:42)"}"# },
             nearMiss: { $0.endpoints[P.createOrder].responses[3].example = problem + #", "detail": "The cart is empty."}"# }),
    RuleCase("sec-stack-trace-in-error", bad: { $0.endpoints[P.createOrder].responses[3].example = problem + #", "stack": "x"}"# },
             good: { $0.endpoints[P.createOrder].responses[3].example = problem + #", "trace_id": "4bf92f3577b34da6"}"# }),
    RuleCase("sec-oauth2-scopes", on: .endpoint("DELETE /v1/orders/{order_id}"),
             bad: { d in
                 d.api.auth[0].type = .oauth2
                 d.endpoints[P.deleteOrder].scopes = []
                 d.endpoints[P.deleteOrder].responses.removeAll { $0.status == 403 }
             },
             nearMiss: { $0.api.auth[0].type = .oauth2 }),
    RuleCase("sec-card-data", on: .column("customers", "card_number"),
             bad: { $0.tables[P.customers].columns.append(Column(name: "card_number", type: "text")) },
             nearMiss: { $0.tables[P.customers].columns.append(Column(name: "card_last4", type: "text")) }),
    RuleCase("sec-card-data", on: .column("customers", "cvv"),
             bad: { $0.tables[P.customers].columns.append(Column(name: "cvv", type: "text", pii: true)) },
             good: { $0.tables[P.customers].columns.append(Column(name: "card_number_hash", type: "text")) }),

    RuleCase("db-money-float", on: .column("products", "price_cents"),
             bad: { $0.tables[P.products].columns[3].type = "double precision" },
             nearMiss: { $0.tables[P.products].columns[3].type = "bigint" }),
    RuleCase("db-money-float", on: .column("orders", "tip"),
             bad: { $0.tables[P.orders].columns.append(Column(name: "tip", type: "money")) },
             good: { $0.tables[P.products].columns.append(Column(name: "weight_kg", type: "real")) }),
    RuleCase("db-timestamp-without-time-zone", on: .column("orders", "created_at"),
             bad: { $0.tables[P.orders].columns[1].type = "timestamp" },
             nearMiss: { $0.tables[P.orders].columns[1].type = "timestamp with time zone" }),
    RuleCase("db-table-name-number", on: .table("wishlist"),
             bad: { $0.tables.append(Table(name: "wishlist", service: "catalog", description: "Saved products.",
                                          columns: [Column(name: "id", type: "uuid", primaryKey: true)])) },
             nearMiss: { $0.tables.append(Table(name: "wishlists", service: "catalog", description: "Saved products.",
                                               columns: [Column(name: "id", type: "uuid", primaryKey: true)])) }),
    RuleCase("db-time-column-suffix", on: .column("orders", "shipped"),
             bad: { $0.tables[P.orders].columns.append(Column(name: "shipped", type: "timestamptz")) },
             nearMiss: { $0.tables[P.orders].columns.append(Column(name: "shipped_at", type: "timestamptz")) }),
    RuleCase("db-time-column-suffix", on: .column("orders", "delivery"),
             bad: { $0.tables[P.orders].columns.append(Column(name: "delivery", type: "date")) },
             good: { $0.tables[P.orders].columns.append(Column(name: "valid_until", type: "timestamptz")) }),

    RuleCase("arch-event-personal-data", on: .event("order.placed"),
             bad: { $0.events[0].payload = #"{"event_id": "e1", "order_id": "o1", "email": "a@example.com", "placed_at": "2026-01-01T00:00:00Z"}"# },
             nearMiss: { $0.events[0].payload = #"{"event_id": "e1", "order_id": "o1", "customer_id": "c1", "placed_at": "2026-01-01T00:00:00Z"}"# }),
    RuleCase("arch-event-dedup-fields", on: .event("order.placed"),
             bad: { $0.events[0].payload = #"{"order_id": "o1", "total_cents": 10, "placed_at": "2026-01-01T00:00:00Z"}"# },
             nearMiss: { $0.events[0].payload = #"{"message_id": "m1", "order_id": "o1", "total_cents": 10, "placed_at": "2026-01-01T00:00:00Z"}"# }),
    RuleCase("arch-event-dedup-fields", bad: { $0.events[0].payload = #"{"event_id": "e1", "order_id": "o1"}"# },
             good: { d in
                 d.events[0].delivery = .atMostOnce
                 d.events[0].payload = #"{"order_id": "o1"}"#
             }),
    RuleCase("arch-call-purpose", on: .service("ordering"),
             bad: { $0.services[P.ordering].calls[0].purpose = nil },
             nearMiss: { $0.services[P.ordering].calls[0].purpose = "Read the current prices." }),
    RuleCase("db-prefer-text", on: .column("categories", "name"),
             bad: { $0.tables[P.categories].columns[1].type = "varchar(40)" },
             nearMiss: { $0.tables[P.categories].columns[1].type = "citext" }),
    RuleCase("api-money-float-example", on: .event("order.placed"),
             bad: { $0.events[0].payload = #"{"event_id": "e1", "order_id": "o1", "total": 49.99, "placed_at": "2026-01-01T00:00:00Z"}"# },
             nearMiss: { $0.events[0].payload = #"{"event_id": "e1", "order_id": "o1", "total_cents": 4999, "placed_at": "2026-01-01T00:00:00Z"}"# }),
    RuleCase("api-money-float-example", bad: { $0.events[0].payload = #"{"event_id": "e1", "order_id": "o1", "price": 1e2, "placed_at": "2026-01-01T00:00:00Z"}"# },
             good: { $0.events[0].payload = #"{"event_id": "e1", "order_id": "o1", "tax_rate": 0.19, "placed_at": "2026-01-01T00:00:00Z"}"# }),
    // With the verb rule off (a verb in a path is its own finding), the action alone decides.
    RuleCase("api-safe-method-state-change", on: .endpoint("GET /v1/sessions/login"),
             bad: { d in
                 d.validation.disable = ["api-verb-in-path"]
                 appendCopy(&d, of: P.listProducts) { $0.path = "/v1/sessions/login" }
             },
             nearMiss: { d in
                 d.validation.disable = ["api-verb-in-path"]
                 appendCopy(&d, of: P.listProducts) { $0.path = "/v1/sessions/logins" }
             }),
    RuleCase("api-safe-method-state-change", on: .endpoint("GET /v1/accounts/sign-out"),
             bad: { d in appendCopy(&d, of: P.listProducts) { $0.path = "/v1/accounts/sign-out" } },
             good: { d in appendCopy(&d, of: P.listProducts) { $0.path = "/v1/accounts/sign-ups" } }),
    RuleCase("db-fk-on-delete-unstated", on: .column("products", "category_id"),
             bad: { $0.tables[P.products].columns[1].onDelete = nil },
             nearMiss: { $0.tables[P.products].columns[1].onDelete = .noAction }),
    RuleCase("db-cascade-financial-records", on: .column("refunds", "order_id"),
             bad: { $0.tables.append(childOfOrders("refunds", onDelete: .cascade)) },
             nearMiss: { $0.tables.append(childOfOrders("refunds", onDelete: .restrict)) }),
    // The lines of an order go with their order: a cascade into them is no loss of records.
    RuleCase("db-cascade-financial-records", bad: { $0.tables.append(childOfOrders("ledger_entries", onDelete: .cascade)) },
             good: { $0.tables.append(childOfOrders("order_lines", onDelete: .cascade)) }),
    RuleCase("db-json-not-jsonb", on: .column("products", "attributes"),
             bad: { $0.tables[P.products].columns.append(Column(name: "attributes", type: "json")) },
             nearMiss: { $0.tables[P.products].columns.append(Column(name: "attributes", type: "jsonb")) }),
    // GET /v1/products filtered by a column of its table, products, once the table is large.
    RuleCase("db-filter-unindexed", on: .endpoint("GET /v1/products"),
             bad: { d in
                 d.tables[P.products].estimatedRows = 5_000_000
                 d.endpoints[P.listProducts].params.append(Param(name: "name", location: .query, type: "string"))
             },
             nearMiss: { d in
                 d.tables[P.products].estimatedRows = 5_000_000
                 d.tables[P.products].indexes.append(Index(name: "products_name_idx", columns: ["name"]))
                 d.endpoints[P.listProducts].params.append(Param(name: "name", location: .query, type: "string"))
             }),
    RuleCase("db-filter-unindexed", bad: { d in
                 d.tables[P.products].estimatedRows = 5_000_000
                 d.endpoints[P.listProducts].params.append(Param(name: "name", location: .query, type: "string"))
             },
             good: { d in
                 // A small table scans quickly, and `sort` orders the list rather than filtering it.
                 d.endpoints[P.listProducts].params.append(Param(name: "name", location: .query, type: "string"))
                 d.endpoints[P.listProducts].params.append(Param(name: "sort", location: .query, type: "string"))
             }),
    RuleCase("db-prefer-identity", on: .column("categories", "position"),
             bad: { $0.tables[P.categories].columns.append(Column(name: "position", type: "serial", nullable: false)) },
             nearMiss: { $0.tables[P.categories].columns.append(Column(name: "position", type: "integer", nullable: false)) }),
    RuleCase("db-integer-key-overflow", on: .column("orders", "id"),
             bad: { d in
                 d.tables[P.orders].estimatedRows = 500_000_000
                 d.tables[P.orders].columns[0].type = "integer"
             },
             nearMiss: { d in
                 d.tables[P.orders].estimatedRows = 500_000_000
                 d.tables[P.orders].columns[0].type = "bigint"
             }),
    RuleCase("db-integer-key-overflow", bad: { d in
                 d.tables[P.orders].estimatedRows = 500_000_000
                 d.tables[P.orders].columns[0].type = "int4"
             },
             good: { d in
                 d.tables[P.products].columns[0].type = "integer"
                 d.tables[P.products].columns[1].type = "integer"
                 d.tables[P.categories].columns[0].type = "integer"
             }),
    RuleCase("api-path-param-optional", on: .endpoint("GET /v1/products/{product_id}"),
             bad: { $0.endpoints[P.getProduct].params[0].required = false },
             nearMiss: { $0.endpoints[P.getProduct].params[0].required = nil }),
    RuleCase("api-no-content-body", on: .endpoint("DELETE /v1/orders/{order_id}"),
             bad: { $0.endpoints[P.deleteOrder].responses[0].example = #"{"id": "o1"}"# },
             nearMiss: { d in
                 d.endpoints[P.deleteOrder].responses[0].status = 200
                 d.endpoints[P.deleteOrder].responses[0].example = #"{"id": "o1"}"#
             }),
]
