import DesignModel

/// A small design built in Swift, as the editing UI builds one, on which no rule fires. Each rule
/// test breaks one thing in it (the bad case) and mends it in a near miss (the good case).
enum Clean {
    // Positions of the elements the rule cases edit.
    static let listProducts = 0, getProduct = 1, createOrder = 2, deleteOrder = 3
    static let categories = 0, products = 1, orders = 2, customers = 3
    static let catalog = 0, ordering = 1, notifications = 2
    static let placeOrder = 0, cancelOrder = 1

    static func design() -> Design {
        var d = Design(title: "Clean shop", version: "1.0.0", status: .review, owners: ["team"],
                       summary: "A shop backend that every rule accepts.")
        d.requirements = Requirements(business: ["Sell things."], load: Load(peakRPS: 500, avgRPS: 80, users: 10_000))
        d.api = APIConventions(
            baseURL: "https://api.example.com", versioning: Versioning(strategy: .urlPath, current: "v1"),
            errorFormat: "application/problem+json",
            auth: [AuthScheme(name: "bearer", type: .jwt, description: "Short-lived tokens.")],
            rateLimits: [RateLimit(name: "public", limit: 100, window: Duration(amount: 1, unit: .minutes), scope: .ip),
                         RateLimit(name: "customer", limit: 600, window: Duration(amount: 1, unit: .minutes), scope: .user)])
        d.services = [
            Service(name: "catalog", domain: "Catalog", description: "Products.", responsibilities: ["Own products."],
                    datastore: "PostgreSQL 16", stateless: true, replicas: "3"),
            Service(name: "ordering", domain: "Ordering", description: "Orders.", responsibilities: ["Own orders."],
                    datastore: "PostgreSQL 16", stateless: true, replicas: "3",
                    calls: [ServiceCall(service: "catalog", style: .rest, purpose: "Prices."),
                            ServiceCall(service: "notifications", style: .event, purpose: "Tell.", event: "order.placed")]),
            Service(name: "notifications", domain: "Messaging", description: "E-mail.", responsibilities: ["Send e-mail."],
                    datastore: "PostgreSQL 16", stateless: true, replicas: "2"),
        ]
        d.events = [Event(name: "order.placed", producer: "ordering", consumers: ["notifications"], channel: "orders.v1",
                          delivery: .atLeastOnce, payload: #"{"event_id": "e1", "order_id": "o1", "total_cents": 10, "placed_at": "2026-01-01T00:00:00Z"}"#)]
        d.endpoints = [
            Endpoint(method: .GET, path: "/v1/products", service: "catalog", summary: "List products", auth: "none",
                     rateLimit: "public",
                     params: [Param(name: "cursor", location: .query, type: "string"),
                              Param(name: "category_id", location: .query, type: "uuid")],
                     responses: [Response(status: 200, description: "A page.", example: #"{"items": [], "next_cursor": null}"#),
                                 Response(status: 400, description: "Bad query."),
                                 Response(status: 429, description: "Slow down.")]),
            Endpoint(method: .GET, path: "/v1/products/{product_id}", service: "catalog", summary: "Fetch a product",
                     auth: "none", rateLimit: "public",
                     params: [Param(name: "product_id", location: .path, type: "uuid", required: true)],
                     responses: [Response(status: 200, description: "The product.", example: #"{"id": "p1", "price_cents": 5}"#),
                                 Response(status: 404, description: "No such product."),
                                 Response(status: 429, description: "Slow down.")]),
            Endpoint(method: .POST, path: "/v1/orders", service: "ordering", summary: "Place an order", auth: "bearer",
                     scopes: ["orders:write"], rateLimit: "customer", idempotent: true,
                     params: [Param(name: "Idempotency-Key", location: .header, type: "string", required: true)],
                     request: RequestBody(contentType: "application/json", example: #"{"cart_id": "c1"}"#),
                     responses: [Response(status: 201, description: "Placed.", example: #"{"id": "o1", "status": "placed"}"#),
                                 Response(status: 401, description: "No token."),
                                 Response(status: 403, description: "No scope."),
                                 Response(status: 422, description: "Invalid."),
                                 Response(status: 429, description: "Slow down.")]),
            Endpoint(method: .DELETE, path: "/v1/orders/{order_id}", service: "ordering", summary: "Cancel an order",
                     auth: "bearer", scopes: ["orders:write"], rateLimit: "customer",
                     params: [Param(name: "order_id", location: .path, type: "uuid", required: true)],
                     responses: [Response(status: 204, description: "Cancelled."),
                                 Response(status: 401, description: "No token."),
                                 Response(status: 403, description: "No scope."),
                                 Response(status: 404, description: "No such order."),
                                 Response(status: 429, description: "Slow down.")]),
        ]
        d.tables = [
            Table(name: "categories", service: "catalog", description: "One row a category.",
                  columns: [Column(name: "id", type: "uuid", primaryKey: true),
                            Column(name: "name", type: "text", nullable: false, unique: true)]),
            Table(name: "products", service: "catalog", description: "One row a product.",
                  columns: [Column(name: "id", type: "uuid", primaryKey: true),
                            Column(name: "category_id", type: "uuid", nullable: false, references: "categories.id",
                                   onDelete: .restrict),
                            Column(name: "name", type: "text", nullable: false),
                            Column(name: "price_cents", type: "integer", nullable: false)],
                  indexes: [Index(name: "products_category_id_idx", columns: ["category_id"])],
                  estimatedRows: 200_000),
            Table(name: "orders", service: "ordering", description: "One row an order.",
                  columns: [Column(name: "id", type: "uuid"),
                            Column(name: "created_at", type: "timestamptz"),
                            Column(name: "customer_id", type: "uuid", nullable: false, references: "customers.id",
                                   onDelete: .restrict),
                            Column(name: "total_cents", type: "integer", nullable: false)],
                  primaryKey: ["id", "created_at"],
                  indexes: [Index(name: "orders_customer_id_idx", columns: ["customer_id"])],
                  partitioning: Partitioning(strategy: .range, key: ["created_at"], note: "Monthly."),
                  estimatedRows: 90_000_000),
            Table(name: "customers", service: "ordering", description: "One row a customer.",
                  columns: [Column(name: "id", type: "uuid", primaryKey: true),
                            Column(name: "email", type: "text", nullable: false, unique: true, pii: true),
                            Column(name: "password_hash", type: "text", nullable: false)]),
        ]
        d.tables.append(Table(
            name: "outbox_events", service: "ordering", description: "Events to relay, one row each.",
            columns: [Column(name: "id", type: "uuid", primaryKey: true),
                      Column(name: "event", type: "text", nullable: false),
                      Column(name: "payload", type: "text", nullable: false)]))
        d.flows = [
            Flow(name: "place-order", description: "A customer buys; the e-mail follows.", trigger: "endpoint:POST /v1/orders",
                 consistency: .outbox,
                 steps: [FlowStep(from: "client", to: "service:ordering", action: "Place the order.", style: .rest),
                         FlowStep(from: "ordering", to: "service:catalog", action: "Read the prices.", style: .rest,
                                  timeout: Duration(amount: 1, unit: .seconds)),
                         FlowStep(from: "ordering", to: "table:orders", action: "Insert the order and its outbox row.",
                                  access: .write),
                         FlowStep(from: "ordering", to: "event:order.placed", action: "The relay publishes order.placed.",
                                  style: .event, async: true),
                         FlowStep(from: "notifications", to: "external:mail-provider", action: "Send the confirmation.",
                                  timeout: Duration(amount: 5, unit: .seconds), idempotent: true, async: true)],
                 failure: "A price that changed answers 409; nothing is written."),
            Flow(name: "cancel-order", trigger: "endpoint:DELETE /v1/orders/{order_id}", consistency: .transaction,
                 steps: [FlowStep(from: "client", to: "service:ordering", action: "Cancel the order.", style: .rest),
                         FlowStep(from: "ordering", to: "table:orders", action: "Mark the order cancelled.", access: .write)],
                 failure: "An order already shipped answers 409."),
        ]
        d.stack = [StackEntry(area: "Database", choice: "PostgreSQL 16", rationale: "Transactions.",
                              alternatives: [Alternative(name: "MySQL 8", tradeoff: "Weaker partial indexes.")])]
        d.deployment = "Kubernetes."
        d.scaling = Scaling(
            bottlenecks: [Bottleneck(name: "product-reads", description: "Hot reads.",
                                     affects: ["endpoint:GET /v1/products/{product_id}", "table:products"],
                                     mitigation: "Cache product documents.")],
            caches: [Cache(name: "product-documents", layer: .redis, what: "Product rows as JSON.",
                           ttl: Duration(amount: 1, unit: .hours), invalidation: "Deleted on write.",
                           serves: ["endpoint:GET /v1/products/{product_id}"])],
            loadBalancing: "Least requests.", failover: "Synchronous standby.",
            monitoring: [MonitoringSignal(signal: "p99 latency", target: "under 300 ms", alert: "Page.")])
        d.security = ["E-mail addresses are encrypted at rest."]
        d.phases = [Phase(name: "First", goal: "Sell.", includes: ["service:catalog", "service:ordering"])]
        return d
    }
}
