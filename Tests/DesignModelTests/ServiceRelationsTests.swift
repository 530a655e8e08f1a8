import DesignModel
import Testing

@Suite struct ServiceRelationsTests {
    @Test func relationsAreListedPerServiceInDesignOrder() {
        let design = Design(
            title: "T",
            services: [
                Service(name: "a", calls: [ServiceCall(service: "b"), ServiceCall(service: "ghost"), ServiceCall(service: "b", style: .grpc)]),
                Service(name: "b", calls: [ServiceCall(service: "a")]),
                Service(name: "a"),  // a name used twice means the first service of that name
            ],
            events: [
                Event(name: "e1", producer: "a", consumers: ["b", "b", "ghost"]),
                Event(name: "e2", producer: "ghost", consumers: ["a", "b"]),
            ],
            endpoints: [Endpoint(method: .GET, path: "/x", service: "b"), Endpoint(method: .GET, path: "/y", service: "a")],
            tables: [Table(name: "t", service: "a"), Table(name: "u", service: "nobody")])
        let relations = ServiceRelations(design)
        #expect(relations.position(of: "a") == 0 && relations.position(of: "ghost") == nil)
        #expect(relations.callers[1] == [.init(service: 0, call: 0), .init(service: 0, call: 2)])
        #expect(relations.callers[0] == [.init(service: 1, call: 0)])
        #expect(relations.callers[2].isEmpty)
        #expect(relations.eventsProduced == [[0], [], []])
        #expect(relations.eventsConsumed == [[1], [0, 1], []])  // e1 once for b, though b is named twice
        #expect(relations.endpoints == [[1], [0], []])
        #expect(relations.tables == [[0], [], []])
    }
}
