import DesignModel
import Testing

@Suite struct EditTests {
    @Test func renamingAServiceRewritesEveryReference() throws {
        var design = try Shared.shop()
        design.validation.ignore = [IgnoreEntry(rule: "arch-x", element: "service:orders", reason: "r")]
        design.comments.append(Comment(id: 2, element: "service:orders", text: "t"))
        try design.perform(.rename(.service("orders"), to: "ordering"))
        #expect(design.services.map(\.name) == ["catalog", "ordering", "notifications"])
        #expect(design.endpoints.filter { $0.service == "ordering" }.count == 4)
        #expect(!design.endpoints.contains { $0.service == "orders" })
        #expect(design.tables.first { $0.name == "orders" }?.service == "ordering")
        #expect(design.events.first?.producer == "ordering")
        #expect(design.phases[1].includes == ["service:ordering", "service:notifications"])
        #expect(design.validation.ignore.first?.element == "service:ordering")
        #expect(design.comments.last?.element == "service:ordering")
        // The table named orders is another element and keeps its name.
        #expect(design.tables.contains { $0.name == "orders" })
    }

    @Test func renamingATableRewritesForeignKeysAndColumnReferences() throws {
        var design = try Shared.shop()
        design.scaling.bottlenecks[1].affects.append("column:orders.created_at")
        try design.perform(.rename(.table("orders"), to: "purchases"))
        #expect(design.tables.first { $0.name == "order_lines" }?.column(named: "order_id")?.references == "purchases.id")
        #expect(design.scaling.bottlenecks[1].affects == ["endpoint:POST /v1/orders", "table:purchases", "column:purchases.created_at"])
        #expect(design.comments[0].element == "table:purchases")
    }

    @Test func renamingAColumnRewritesKeysIndexesAndForeignKeys() throws {
        var design = try Shared.shop()
        try design.perform(.rename(.column("orders", "created_at"), to: "placed_at"))
        let orders = try #require(design.tables.first { $0.name == "orders" })
        #expect(orders.column(named: "placed_at") != nil)
        #expect(orders.indexes[0].columns == ["customer_id", "placed_at"])
        #expect(orders.partitioning?.key == ["placed_at"])
        try design.perform(.rename(.column("orders", "id"), to: "order_id"))
        #expect(design.tables.first { $0.name == "order_lines" }?.column(named: "order_id")?.references == "orders.order_id")
        try design.perform(.rename(.column("cart_items", "cart_id"), to: "basket_id"))
        #expect(design.tables.first { $0.name == "cart_items" }?.primaryKey == ["basket_id", "product_id"])
    }

    @Test func renamingAnEndpointAnEventACacheAndAStackEntry() throws {
        var design = try Shared.shop()
        try design.perform(.rename(.endpoint("GET /v1/products/{product_id}"), to: "GET /v1/products/{id}"))
        #expect(design.endpoints[1].path == "/v1/products/{id}")
        #expect(design.scaling.caches[0].serves == ["endpoint:GET /v1/products/{id}"])
        #expect(design.scaling.bottlenecks[0].affects.first == "endpoint:GET /v1/products/{id}")
        try design.perform(.rename(.event("order.placed"), to: "order.created"))
        #expect(design.services[1].calls[1].event == "order.created")
        try design.perform(.rename(.cache("product-pages"), to: "edge-pages"))
        #expect(design.scaling.caches[0].name == "edge-pages")
        try design.perform(.rename(ElementRef(.auth, "bearer"), to: "token"))
        #expect(design.endpoints.filter { $0.auth == "token" }.count == 4)
        #expect(design.endpoints.filter { $0.auth == "none" }.count == 2)
        try design.perform(.rename(.stack("Cache"), to: "Caching"))
        #expect(design.stack.last?.area == "Caching")
        #expect(throws: DesignEditError.self) { try design.perform(.rename(.endpoint("POST /v1/orders"), to: "not a method")) }
    }

    @Test func renameToAnExistingNameIsRefused() throws {
        var design = try Shared.shop()
        let before = design
        let error = #expect(throws: DesignEditError.self) { try design.perform(.rename(.service("orders"), to: "catalog")) }
        #expect(error?.message == "service:catalog already exists")
        #expect(design == before)
    }

    @Test func deletingAReferencedElementIsRefusedWithItsReferrers() throws {
        var design = try Shared.shop()
        let before = design
        let error = #expect(throws: DesignEditError.self) { try design.perform(.delete(.service("notifications"))) }
        #expect(design == before)
        let owners = Set(error?.referrers.map(\.owner.description) ?? [])
        #expect(owners == ["service:orders", "event:order.placed", "table:outbound_emails", "phase:Checkout"])
        #expect(error?.message.hasPrefix("service:notifications is referred to by ") == true)
    }

    @Test func deletingWithCascadeDropsReferences() throws {
        var design = try Shared.shop()
        try design.perform(.delete(.service("notifications"), cascade: true))
        #expect(!design.services.contains { $0.name == "notifications" })
        #expect(design.services[1].calls.count == 1)
        #expect(design.events[0].consumers.isEmpty)
        #expect(design.tables.first { $0.name == "outbound_emails" }?.service == nil)
        #expect(design.phases[1].includes == ["service:orders"])
    }

    @Test func deletingATableDropsItsOwnKeysButNotOthers() throws {
        var design = try Shared.shop()
        #expect(throws: DesignEditError.self) { try design.perform(.delete(.table("orders"))) }
        try design.perform(.delete(.table("outbound_emails")))
        #expect(!design.tables.contains { $0.name == "outbound_emails" })
        try design.perform(.delete(.table("orders"), cascade: true))
        let lines = try #require(design.tables.first { $0.name == "order_lines" })
        #expect(lines.column(named: "order_id")?.references == nil)
        #expect(lines.column(named: "order_id")?.onDelete == nil)
        #expect(design.comments[0].element == nil)
    }

    @Test func deletingAColumnThatAnIndexUses() throws {
        var design = try Shared.shop()
        let error = #expect(throws: DesignEditError.self) { try design.perform(.delete(.column("orders", "created_at"))) }
        #expect(error?.referrers.map(\.field).sorted() == ["indexes.orders_customer_id_created_at_idx", "partitioning.key"])
        try design.perform(.delete(.column("orders", "created_at"), cascade: true))
        let orders = try #require(design.tables.first { $0.name == "orders" })
        #expect(orders.column(named: "created_at") == nil)
        #expect(orders.indexes[0].columns == ["customer_id"])
        try design.perform(.delete(.column("orders", "status")))
        #expect(design.tables.first { $0.name == "orders" }?.column(named: "status") == nil)
    }

    @Test func addUpdateMoveAndSections() throws {
        var design = try Shared.shop()
        try design.perform(.add(.service(Service(name: "search", domain: "Catalog")), at: 1))
        #expect(design.services.map(\.name) == ["catalog", "search", "orders", "notifications"])
        #expect(throws: DesignEditError.self) { try design.perform(.add(.service(Service(name: "search")))) }
        var search = design.services[1]
        search.datastore = "OpenSearch"
        try design.perform(.update(.service("search"), .service(search)))
        #expect(design.services[1].datastore == "OpenSearch")
        search.name = "finder"
        try design.perform(.update(.service("search"), .service(search)))
        #expect(design.services[1].name == "finder")
        try design.perform(.move(.service("finder"), by: 2))
        #expect(design.services.map(\.name) == ["catalog", "orders", "notifications", "finder"])
        #expect(throws: DesignEditError.self) { try design.perform(.move(.service("finder"), by: 1)) }
        try design.perform(.setSection(.deployment("One cluster.")))
        #expect(design.deployment == "One cluster.")
        #expect(throws: DesignEditError.self) { try design.perform(.setSection(.header(DesignHeader(title: "")))) }
    }

    /// Every command kind, undone, gives back an equal design; redone, the same result again.
    @Test(arguments: EditTests.commands)
    func undoAndRedoRestoreEqualDesigns(_ command: DesignCommand) throws {
        let original = try Shared.shop()
        var design = original
        var history = EditHistory()
        try history.perform(command, on: &design, label: "edit")
        let edited = design
        #expect(edited != original)
        #expect(history.undo(&design) == "edit")
        #expect(design == original)
        #expect(history.redo(&design) == "edit")
        #expect(design == edited)
        #expect(history.undo(&design) == "edit")
        #expect(design == original)
        #expect(CanonicalWriter.yaml(for: design) == Shared.shopText)
    }

    static let commands: [DesignCommand] = [
        .add(.endpoint(Endpoint(method: .GET, path: "/v1/carts/{cart_id}", service: "orders")), at: 0),
        .add(.table(Table(name: "refunds", service: "orders", columns: [Column(name: "id", type: "uuid", primaryKey: true)]))),
        .add(.cache(Cache(name: "sessions", layer: .redis))),
        .add(.comment(Comment(id: 7, element: "table:orders", author: "cy", text: "ok?", status: .open))),
        .update(.table("carts"), .table(Table(name: "carts", service: "orders", description: "One cart a customer."))),
        .update(.service("catalog"), .service(Service(name: "products", domain: "Catalog"))),
        .delete(.endpoint("GET /v1/orders/{order_id}")),
        .delete(.service("notifications"), cascade: true),
        .delete(.table("orders"), cascade: true),
        .delete(.column("orders", "created_at"), cascade: true),
        .rename(.service("orders"), to: "ordering"),
        .rename(.table("orders"), to: "purchases"),
        .rename(.column("orders", "id"), to: "order_id"),
        .rename(.endpoint("POST /v1/orders"), to: "POST /v1/checkouts"),
        .rename(.bottleneck("checkout-writes"), to: "checkout"),
        .move(.endpoint("GET /v1/products"), by: 3),
        .move(ElementRef(.monitoring, "Consumer lag on orders.v1"), by: -2),
        .setSection(.security(["mTLS between services."])),
        .setSection(.requirements(Requirements(business: ["Sell things."]))),
    ]

    @Test func aNewEditClearsRedo() throws {
        var design = try Shared.shop()
        var history = EditHistory()
        try history.perform(.rename(.service("orders"), to: "a"), on: &design, label: "rename")
        _ = history.undo(&design)
        #expect(history.canRedo)
        try history.perform(.rename(.service("orders"), to: "b"), on: &design, label: "rename")
        #expect(!history.canRedo)
        #expect(history.redo(&design) == nil)
        #expect(history.undo(&design) == "rename")
        #expect(history.undo(&design) == nil)
    }
}
