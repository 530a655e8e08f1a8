/// The lists of named elements a design holds, each edited by the same primitive edits.
package enum ElementCollection: String, CaseIterable, Sendable {
    case services, events, endpoints, tables, flows, stack, bottlenecks, caches, monitoring, phases, authSchemes, rateLimits, comments

    package var kind: ElementKind {
        switch self {
        case .services: .service
        case .events: .event
        case .endpoints: .endpoint
        case .tables: .table
        case .flows: .flow
        case .stack: .stack
        case .bottlenecks: .bottleneck
        case .caches: .cache
        case .monitoring: .monitoring
        case .phases: .phase
        case .authSchemes: .auth
        case .rateLimits: .rateLimit
        case .comments: .comment
        }
    }

    package init?(kind: ElementKind) {
        guard let collection = ElementCollection.allCases.first(where: { $0.kind == kind }) else { return nil }
        self = collection
    }
}

/// One element of any top-level list, so that add, update and delete share one code path.
package enum DesignElement: Equatable, Sendable {
    case service(Service), event(Event), endpoint(Endpoint), table(Table), flow(Flow), stack(StackEntry)
    case bottleneck(Bottleneck), cache(Cache), monitoring(MonitoringSignal), phase(Phase)
    case auth(AuthScheme), rateLimit(RateLimit), comment(Comment)

    package var collection: ElementCollection {
        switch self {
        case .service: .services
        case .event: .events
        case .endpoint: .endpoints
        case .table: .tables
        case .flow: .flows
        case .stack: .stack
        case .bottleneck: .bottlenecks
        case .cache: .caches
        case .monitoring: .monitoring
        case .phase: .phases
        case .auth: .authSchemes
        case .rateLimit: .rateLimits
        case .comment: .comments
        }
    }

    package var name: String {
        switch self {
        case let .service(e): e.name
        case let .event(e): e.name
        case let .endpoint(e): e.name
        case let .table(e): e.name
        case let .flow(e): e.name
        case let .stack(e): e.area
        case let .bottleneck(e): e.name
        case let .cache(e): e.name
        case let .monitoring(e): e.signal
        case let .phase(e): e.name
        case let .auth(e): e.name
        case let .rateLimit(e): e.name
        case let .comment(e): String(e.id)
        }
    }

    package var ref: ElementRef { ElementRef(collection.kind, name) }

    /// The same element under another name; nil when the name cannot be one of this kind.
    func renamed(to newName: String) -> DesignElement? {
        switch self {
        case var .service(e): e.name = newName; return .service(e)
        case var .event(e): e.name = newName; return .event(e)
        case var .endpoint(e):
            guard let (method, path) = Self.endpointName(newName) else { return nil }
            e.method = method
            e.path = path
            return .endpoint(e)
        case var .table(e): e.name = newName; return .table(e)
        case var .flow(e): e.name = newName; return .flow(e)
        case var .stack(e): e.area = newName; return .stack(e)
        case var .bottleneck(e): e.name = newName; return .bottleneck(e)
        case var .cache(e): e.name = newName; return .cache(e)
        case var .monitoring(e): e.signal = newName; return .monitoring(e)
        case var .phase(e): e.name = newName; return .phase(e)
        case var .auth(e): e.name = newName; return .auth(e)
        case var .rateLimit(e): e.name = newName; return .rateLimit(e)
        case var .comment(e):
            guard let id = Int(newName) else { return nil }
            e.id = id
            return .comment(e)
        }
    }

    /// Splits `METHOD PATH`.
    static func endpointName(_ name: String) -> (HTTPMethod, String)? {
        let parts = name.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, let method = HTTPMethod(rawValue: String(parts[0])) else { return nil }
        return (method, String(parts[1]))
    }
}

extension Design {
    package func elements(of collection: ElementCollection) -> [DesignElement] {
        switch collection {
        case .services: services.map(DesignElement.service)
        case .events: events.map(DesignElement.event)
        case .endpoints: endpoints.map(DesignElement.endpoint)
        case .tables: tables.map(DesignElement.table)
        case .flows: flows.map(DesignElement.flow)
        case .stack: stack.map(DesignElement.stack)
        case .bottlenecks: scaling.bottlenecks.map(DesignElement.bottleneck)
        case .caches: scaling.caches.map(DesignElement.cache)
        case .monitoring: scaling.monitoring.map(DesignElement.monitoring)
        case .phases: phases.map(DesignElement.phase)
        case .authSchemes: api.auth.map(DesignElement.auth)
        case .rateLimits: api.rateLimits.map(DesignElement.rateLimit)
        case .comments: comments.map(DesignElement.comment)
        }
    }

    package func count(of collection: ElementCollection) -> Int {
        switch collection {
        case .services: services.count
        case .events: events.count
        case .endpoints: endpoints.count
        case .tables: tables.count
        case .flows: flows.count
        case .stack: stack.count
        case .bottlenecks: scaling.bottlenecks.count
        case .caches: scaling.caches.count
        case .monitoring: scaling.monitoring.count
        case .phases: phases.count
        case .authSchemes: api.auth.count
        case .rateLimits: api.rateLimits.count
        case .comments: comments.count
        }
    }

    package func element(at index: Int, in collection: ElementCollection) -> DesignElement {
        switch collection {
        case .services: .service(services[index])
        case .events: .event(events[index])
        case .endpoints: .endpoint(endpoints[index])
        case .tables: .table(tables[index])
        case .flows: .flow(flows[index])
        case .stack: .stack(stack[index])
        case .bottlenecks: .bottleneck(scaling.bottlenecks[index])
        case .caches: .cache(scaling.caches[index])
        case .monitoring: .monitoring(scaling.monitoring[index])
        case .phases: .phase(phases[index])
        case .authSchemes: .auth(api.auth[index])
        case .rateLimits: .rateLimit(api.rateLimits[index])
        case .comments: .comment(comments[index])
        }
    }

    /// Position of a named element in its list.
    package func index(of ref: ElementRef) -> (ElementCollection, Int)? {
        guard let collection = ElementCollection(kind: ref.kind) else { return nil }
        let index: Int?
        switch collection {
        case .services: index = services.firstIndex { $0.name == ref.name }
        case .events: index = events.firstIndex { $0.name == ref.name }
        case .endpoints: index = endpoints.firstIndex { $0.name == ref.name }
        case .tables: index = tables.firstIndex { $0.name == ref.name }
        case .flows: index = flows.firstIndex { $0.name == ref.name }
        case .stack: index = stack.firstIndex { $0.area == ref.name }
        case .bottlenecks: index = scaling.bottlenecks.firstIndex { $0.name == ref.name }
        case .caches: index = scaling.caches.firstIndex { $0.name == ref.name }
        case .monitoring: index = scaling.monitoring.firstIndex { $0.signal == ref.name }
        case .phases: index = phases.firstIndex { $0.name == ref.name }
        case .authSchemes: index = api.auth.firstIndex { $0.name == ref.name }
        case .rateLimits: index = api.rateLimits.firstIndex { $0.name == ref.name }
        case .comments: index = comments.firstIndex { String($0.id) == ref.name }
        }
        return index.map { (collection, $0) }
    }

    /// Applies a change to one list whatever its element type.
    mutating func modify(_ collection: ElementCollection, _ change: (inout [DesignElement]) -> Void) {
        var elements = self.elements(of: collection)
        change(&elements)
        setElements(elements, of: collection)
    }

    mutating func setElements(_ elements: [DesignElement], of collection: ElementCollection) {
        switch collection {
        case .services: services = elements.compactMap { if case let .service(e) = $0 { e } else { nil } }
        case .events: events = elements.compactMap { if case let .event(e) = $0 { e } else { nil } }
        case .endpoints: endpoints = elements.compactMap { if case let .endpoint(e) = $0 { e } else { nil } }
        case .tables: tables = elements.compactMap { if case let .table(e) = $0 { e } else { nil } }
        case .flows: flows = elements.compactMap { if case let .flow(e) = $0 { e } else { nil } }
        case .stack: stack = elements.compactMap { if case let .stack(e) = $0 { e } else { nil } }
        case .bottlenecks: scaling.bottlenecks = elements.compactMap { if case let .bottleneck(e) = $0 { e } else { nil } }
        case .caches: scaling.caches = elements.compactMap { if case let .cache(e) = $0 { e } else { nil } }
        case .monitoring: scaling.monitoring = elements.compactMap { if case let .monitoring(e) = $0 { e } else { nil } }
        case .phases: phases = elements.compactMap { if case let .phase(e) = $0 { e } else { nil } }
        case .authSchemes: api.auth = elements.compactMap { if case let .auth(e) = $0 { e } else { nil } }
        case .rateLimits: api.rateLimits = elements.compactMap { if case let .rateLimit(e) = $0 { e } else { nil } }
        case .comments: comments = elements.compactMap { if case let .comment(e) = $0 { e } else { nil } }
        }
    }

    /// Replaces one element in place without rebuilding its whole list.
    mutating func set(_ element: DesignElement, at index: Int) {
        switch element {
        case let .service(e): services[index] = e
        case let .event(e): events[index] = e
        case let .endpoint(e): endpoints[index] = e
        case let .table(e): tables[index] = e
        case let .flow(e): flows[index] = e
        case let .stack(e): stack[index] = e
        case let .bottleneck(e): scaling.bottlenecks[index] = e
        case let .cache(e): scaling.caches[index] = e
        case let .monitoring(e): scaling.monitoring[index] = e
        case let .phase(e): phases[index] = e
        case let .auth(e): api.auth[index] = e
        case let .rateLimit(e): api.rateLimits[index] = e
        case let .comment(e): comments[index] = e
        }
    }
}
