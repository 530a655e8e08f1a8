/// What each service owns, serves, publishes, consumes and is called by: the one place these
/// relations are worked out, for the rules' index, the Markdown export and the workbench's
/// service detail. Services are by position in `design.services`, as are the endpoints, tables,
/// events and calls listed, each list in design order. A name that two services share means the
/// first of them; a name no service has is left out.
package struct ServiceRelations: Sendable {
    /// One call into a service: which service makes it, and which of its calls it is.
    package struct Caller: Equatable, Sendable {
        package var service: Int
        package var call: Int
        package init(service: Int, call: Int) {
            self.service = service
            self.call = call
        }
    }

    /// Service name to position (the first service of that name).
    package let services: [String: Int]
    /// Per service, the endpoints and the tables whose owner it is.
    package let endpoints: [[Int]]
    package let tables: [[Int]]
    /// Per service, the events it produces and those it consumes (each event once, even when the
    /// consumers name the service twice).
    package let eventsProduced: [[Int]]
    package let eventsConsumed: [[Int]]
    /// Per service, the calls made to it, by caller and then call order.
    package let callers: [[Caller]]

    package init(_ design: Design) {
        // Loops index the arrays directly: binding whole elements copies every field of a struct.
        let serviceList = design.services
        var services: [String: Int] = [:]
        services.reserveCapacity(serviceList.count)
        for s in serviceList.indices where services[serviceList[s].name] == nil { services[serviceList[s].name] = s }
        self.services = services
        let none = [[Int]](repeating: [], count: serviceList.count)
        var endpoints = none, tables = none, produced = none, consumed = none
        let endpointList = design.endpoints, tableList = design.tables, eventList = design.events
        for e in endpointList.indices {
            if let owner = endpointList[e].service, let s = services[owner] { endpoints[s].append(e) }
        }
        for t in tableList.indices {
            if let owner = tableList[t].service, let s = services[owner] { tables[s].append(t) }
        }
        for v in eventList.indices {
            if let producer = eventList[v].producer, let s = services[producer] { produced[s].append(v) }
            for consumer in eventList[v].consumers {
                if let s = services[consumer], consumed[s].last != v { consumed[s].append(v) }
            }
        }
        var callers = [[Caller]](repeating: [], count: serviceList.count)
        for s in serviceList.indices {
            let calls = serviceList[s].calls
            for c in calls.indices {
                if let target = services[calls[c].service] { callers[target].append(Caller(service: s, call: c)) }
            }
        }
        self.endpoints = endpoints
        self.tables = tables
        eventsProduced = produced
        eventsConsumed = consumed
        self.callers = callers
    }

    /// The position of the service of this name (the first, when two share it).
    package func position(of service: String) -> Int? { services[service] }
}
