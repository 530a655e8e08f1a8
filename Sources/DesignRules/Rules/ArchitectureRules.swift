import DesignModel
import SwiftGraph

extension Service {
    var ref: ElementRef { .service(name) }
}

/// Cycles among services, found on a SwiftGraph graph: a topological sort answers "none" in the
/// common case; otherwise each strongly connected component gives one shortest cycle to report.
enum CallGraph {
    static func graph(serviceCount: Int, edges: [(Int, Int)]) -> UnweightedGraph<Int> {
        let graph = UnweightedGraph<Int>(vertices: Array(0..<serviceCount))
        for (from, to) in edges where !graph.edgeExists(fromIndex: from, toIndex: to) {
            graph.addEdge(fromIndex: from, toIndex: to, directed: true)
        }
        return graph
    }

    /// The services left after repeatedly removing those with no incoming or no outgoing edge,
    /// in document order: every cycle lies within them.
    static func cyclicCore(serviceCount: Int, edges: [(Int, Int)]) -> [Int] {
        var outgoing = [[Int]](repeating: [], count: serviceCount), incoming = [[Int]](repeating: [], count: serviceCount)
        var outDegree = [Int](repeating: 0, count: serviceCount), inDegree = [Int](repeating: 0, count: serviceCount)
        for (from, to) in edges {
            outgoing[from].append(to); incoming[to].append(from)
            outDegree[from] += 1; inDegree[to] += 1
        }
        var removed = [Bool](repeating: false, count: serviceCount)
        var queue = (0..<serviceCount).filter { outDegree[$0] == 0 || inDegree[$0] == 0 }
        for v in queue { removed[v] = true }
        while let v = queue.popLast() {
            for w in outgoing[v] where !removed[w] {
                inDegree[w] -= 1
                if inDegree[w] == 0 { removed[w] = true; queue.append(w) }
            }
            for w in incoming[v] where !removed[w] {
                outDegree[w] -= 1
                if outDegree[w] == 0 { removed[w] = true; queue.append(w) }
            }
        }
        return (0..<serviceCount).filter { !removed[$0] }
    }

    /// One cycle (as vertex indices, first repeated at the end) per strongly connected component.
    static func cycles(in graph: UnweightedGraph<Int>) -> [[Int]] {
        if graph.isDAG { return [] }
        let n = graph.vertexCount
        let adjacency: [[Int]] = (0..<n).map { graph.edgesForIndex($0).map(\.v) }
        // Tarjan's algorithm, iterative.
        var index = [Int](repeating: -1, count: n), low = [Int](repeating: 0, count: n)
        var onStack = [Bool](repeating: false, count: n), stack: [Int] = []
        var counter = 0
        var components: [[Int]] = []
        for root in 0..<n where index[root] == -1 {
            var work: [(vertex: Int, next: Int)] = [(root, 0)]
            index[root] = counter; low[root] = counter; counter += 1
            stack.append(root); onStack[root] = true
            while let (v, last) = work.popLast() {
                var next = last
                if next < adjacency[v].count {
                    let w = adjacency[v][next]
                    next += 1
                    work.append((v, next))
                    if index[w] == -1 {
                        index[w] = counter; low[w] = counter; counter += 1
                        stack.append(w); onStack[w] = true
                        work.append((w, 0))
                    } else if onStack[w] {
                        low[v] = min(low[v], index[w])
                    }
                    continue
                }
                if let parent = work.last?.vertex { low[parent] = min(low[parent], low[v]) }
                if low[v] == index[v] {
                    var component: [Int] = []
                    while let w = stack.popLast() {
                        onStack[w] = false
                        component.append(w)
                        if w == v { break }
                    }
                    if component.count > 1 || adjacency[v].contains(v) { components.append(component.sorted()) }
                }
            }
        }
        return components.sorted { $0[0] < $1[0] }.map { shortestCycle(from: $0[0], within: Set($0), adjacency) }
    }

    private static func shortestCycle(from start: Int, within members: Set<Int>, _ adjacency: [[Int]]) -> [Int] {
        if adjacency[start].contains(start) { return [start, start] }
        var parent: [Int: Int] = [:]
        var queue = [start], head = 0
        while head < queue.count {
            let v = queue[head]; head += 1
            for w in adjacency[v] where members.contains(w) {
                if w == start {
                    var path = [v]
                    while let p = parent[path[0]] { path.insert(p, at: 0) }
                    return path + [start]
                }
                if parent[w] == nil, w != start { parent[w] = v; queue.append(w) }
            }
        }
        return [start, start]
    }
}

enum ArchitectureRules {
    static let all: [any Rule] = [
        SharedDatabase(), SyncCallCycle(), AsyncCallCycle(), UnknownService(), UnknownEvent(), EventNotProduced(),
        EventCallConsumer(), AsyncCallWithoutEvent(), EventProducerConsumers(), OrphanService(),
        ServiceResponsibilities(), ServiceDatastore(), UnownedElement(),
    ] + contractRules

    struct SharedDatabase: Rule {
        let id = "arch-shared-database"
        let reads: DesignSections = .tables
        let defaultSeverity = Severity.error
        let title = "No foreign key crosses service boundaries"
        let explanation = """
            A foreign key from a table of one service to a table of another means both services share one \
            database: neither can change its schema, scale or be deployed alone, and the boundary is only on \
            paper. Fix: keep the id without a foreign key and check it through the owner's API or events (as \
            cart_items.product_id does in the example), or move the table to the owning service.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let tables = context.design.tables
            var issues: [Issue] = []
            for key in context.index.foreignKeys {
                let t = key.table
                guard let owner = tables[t].service, let target = key.target, let p = key.targetTable,
                      let targetOwner = tables[p].service, targetOwner != owner else { continue }
                let column = tables[t].columns[key.column].name
                issues.append(Issue(.column(tables[t].name, column), "foreign key '\(tables[t].name).\(column)' (service '\(owner)') references '\(target.table)' of service '\(targetOwner)'"))
            }
            return issues
        }
    }

    protocol CycleRule: Rule {
        var synchronous: Bool { get }
    }

    struct SyncCallCycle: CycleRule {
        let id = "arch-sync-call-cycle"
        let defaultSeverity = Severity.error
        let title = "Synchronous calls between services form no cycle"
        let explanation = """
            When A calls B calls A synchronously (rest, grpc, graphql), a slow or failing service stalls the whole \
            loop, requests can recurse until timeouts, and none of them can be deployed or reasoned about alone: a \
            distributed monolith. Fix: break the cycle with an event, or move the shared logic into one service.
            """
        let synchronous = true
    }

    struct AsyncCallCycle: CycleRule {
        let id = "arch-async-call-cycle"
        let defaultSeverity = Severity.warning
        let title = "Asynchronous calls and events between services form no cycle"
        let explanation = """
            Events going round in a loop (A emits to B, B emits to A) can amplify into storms, and the order in \
            which state settles is hard to predict. Sometimes it is a deliberate saga; then say so with a reviewed \
            ignore entry. Fix: make the flow one-directional, or add an orchestrator.
            """
        let synchronous = false
    }

    struct UnknownService: Rule {
        let id = "arch-unknown-service"
        let reads: DesignSections = [.services, .events, .endpointOwners, .endpointList, .tables, .flows]
        let defaultSeverity = Severity.error
        let title = "Calls, owners, producers, consumers and flow steps name services that exist"
        let explanation = """
            Every service named by a call, an endpoint or table owner, an event's producer or consumers, or the \
            `from` of a flow step (unless it is `client`) must be a service of the design, or the diagram and \
            the ownership rules lose that relation. Fix: add the service or correct the name.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let known = context.index.services
            var issues: [Issue] = []
            for service in context.design.services {
                for call in service.calls where known[call.service] == nil {
                    issues.append(Issue(service.ref, "service '\(service.name)' calls '\(call.service)', which is not a service"))
                }
            }
            for event in context.design.events {
                if let producer = event.producer, known[producer] == nil {
                    issues.append(Issue(.event(event.name), "event '\(event.name)' is produced by '\(producer)', which is not a service"))
                }
                for consumer in event.consumers where known[consumer] == nil {
                    issues.append(Issue(.event(event.name), "event '\(event.name)' is consumed by '\(consumer)', which is not a service"))
                }
            }
            let endpoints = context.design.endpoints
            for e in endpoints.indices {
                if let owner = endpoints[e].service, known[owner] == nil {
                    issues.append(Issue(context.index.endpointRef(e), "'\(context.index.endpointNames[e])' belongs to '\(owner)', which is not a service"))
                }
            }
            let tables = context.design.tables
            for t in tables.indices {
                if let owner = tables[t].service, known[owner] == nil {
                    issues.append(Issue(.table(tables[t].name), "table '\(tables[t].name)' belongs to '\(owner)', which is not a service"))
                }
            }
            let flows = context.design.flows
            for f in flows.indices {
                let steps = flows[f].steps
                for s in steps.indices where steps[s].from != FlowStep.client && known[steps[s].from] == nil {
                    issues.append(Issue(.flow(flows[f].name), "step \(s + 1) of flow '\(flows[f].name)' is done by '\(steps[s].from)', which is not a service"))
                }
            }
            return issues
        }
    }

    struct UnknownEvent: Rule {
        let id = "arch-unknown-event"
        let reads: DesignSections = [.services, .events]
        let defaultSeverity = Severity.error
        let title = "Calls name events that exist"
        let explanation = """
            A call with `event:` says which message carries it; an event the design does not define has no \
            producer, channel or payload. Fix: add the event under `events` or correct the name.
            """
        func check(_ context: RuleContext) -> [Issue] {
            var issues: [Issue] = []
            for service in context.design.services {
                for call in service.calls {
                    if let event = call.event, context.index.events[event] == nil {
                        issues.append(Issue(service.ref, "service '\(service.name)' calls '\(call.service)' with event '\(event)', which is not defined"))
                    }
                }
            }
            return issues
        }
    }

    struct EventNotProduced: Rule {
        let id = "arch-event-not-produced"
        let reads: DesignSections = [.services, .events]
        let defaultSeverity = Severity.error
        let title = "A service only sends events it produces"
        let explanation = """
            A call `style: event` with `event: X` says the caller emits X. If the event's `producer` is another \
            service, one of the two is wrong, and ownership of the message (its schema, its versioning) is \
            unclear. Fix: make the caller the producer, or drop the call.
            """
        func check(_ context: RuleContext) -> [Issue] {
            var issues: [Issue] = []
            for service in context.design.services {
                for call in service.calls {
                    guard let name = call.event, let v = context.index.events[name] else { continue }
                    let producer = context.design.events[v].producer
                    if producer != service.name {
                        issues.append(Issue(service.ref, "service '\(service.name)' sends event '\(name)', but its producer is " + (producer.map { "'\($0)'" } ?? "not set")))
                    }
                }
            }
            return issues
        }
    }

    struct EventCallConsumer: Rule {
        let id = "arch-event-call-consumer"
        let reads: DesignSections = [.services, .events]
        let defaultSeverity = Severity.warning
        let title = "The service an event call goes to consumes that event"
        let explanation = """
            A call to B with `event: X` says B receives X; if X's `consumers` do not list B, the event list and the \
            call graph disagree. Fix: add B to the event's consumers, or correct the call.
            """
        func check(_ context: RuleContext) -> [Issue] {
            var issues: [Issue] = []
            for service in context.design.services {
                for call in service.calls {
                    guard let name = call.event, let v = context.index.events[name],
                          context.index.services[call.service] != nil else { continue }
                    if !context.design.events[v].consumers.contains(call.service) {
                        issues.append(Issue(service.ref, "service '\(service.name)' sends '\(name)' to '\(call.service)', which is not among its consumers"))
                    }
                }
            }
            return issues
        }
    }

    struct AsyncCallWithoutEvent: Rule {
        let id = "arch-async-call-without-event"
        let reads: DesignSections = .services
        let defaultSeverity = Severity.warning
        let title = "Event and queue calls name their event"
        let explanation = """
            An asynchronous call travels as a message; without `event:` the design says nothing about its channel, \
            delivery guarantee or payload. Fix: define the event and name it in the call.
            """
        func check(_ context: RuleContext) -> [Issue] {
            var issues: [Issue] = []
            for service in context.design.services {
                for call in service.calls where call.style?.isAsynchronous == true && isBlank(call.event) {
                    issues.append(Issue(service.ref, "service '\(service.name)' calls '\(call.service)' by \(call.style!.rawValue) without naming the event"))
                }
            }
            return issues
        }
    }

    struct EventProducerConsumers: Rule {
        let id = "arch-event-producer-consumers"
        let reads: DesignSections = .events
        let defaultSeverity = Severity.warning
        let title = "Every event has a producer and at least one consumer"
        let explanation = """
            An event nobody produces is dead; one nobody consumes is work with no purpose (or a consumer the design \
            forgot). Fix: name the producing service and the consumers.
            """
        func check(_ context: RuleContext) -> [Issue] {
            context.design.events.compactMap { event in
                var missing: [String] = []
                if isBlank(event.producer) { missing.append("no producer") }
                if event.consumers.isEmpty { missing.append("no consumers") }
                return missing.isEmpty ? nil : Issue(.event(event.name), "event '\(event.name)' has \(missing.joined(separator: " and "))")
            }
        }
    }

    struct OrphanService: Rule {
        let id = "arch-orphan-service"
        let reads: DesignSections = .relations
        let defaultSeverity = Severity.warning
        let title = "Every service owns endpoints or tables, or takes part in calls or events"
        let explanation = """
            A service with no endpoints, no tables, no calls in or out and no events does nothing the design can \
            see: it is unfinished, or should not exist. Fix: give it its endpoints, tables and relations, or \
            remove it.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let relations = context.index.relations
            return context.design.services.enumerated().compactMap { s, service in
                let related = !relations.endpoints[s].isEmpty || !relations.tables[s].isEmpty
                    || !service.calls.isEmpty || !relations.callers[s].isEmpty
                    || !relations.eventsProduced[s].isEmpty || !relations.eventsConsumed[s].isEmpty
                return related ? nil : Issue(service.ref, "service '\(service.name)' has no endpoints, tables, calls or events")
            }
        }
    }

    struct ServiceResponsibilities: Rule {
        let id = "arch-service-responsibilities"
        let reads: DesignSections = .services
        let defaultSeverity = Severity.warning
        let title = "Every service lists its responsibilities"
        let explanation = """
            A boundary is defined by what the service owns and decides. Without responsibilities, the next feature \
            lands wherever is convenient and the boundaries erode. Fix: list two or three responsibilities, \
            starting with the data it owns.
            """
        func check(_ context: RuleContext) -> [Issue] {
            context.design.services.compactMap { service in
                service.responsibilities.allSatisfy({ isBlank($0) })
                    ? Issue(service.ref, "service '\(service.name)' lists no responsibilities") : nil
            }
        }
    }

    struct ServiceDatastore: Rule {
        let id = "arch-service-datastore"
        let reads: DesignSections = .relations
        let defaultSeverity = Severity.warning
        let title = "Every service that keeps state names its datastore"
        let explanation = """
            Which database a service writes to decides its consistency, backups and failover. A service that owns \
            tables, or is not marked `stateless: true`, needs `datastore`. Fix: name it (e.g. PostgreSQL 16), or \
            mark a service that keeps nothing `stateless: true`.
            """
        func check(_ context: RuleContext) -> [Issue] {
            context.design.services.enumerated().compactMap { s, service in
                guard isBlank(service.datastore) else { return nil }
                let ownsTables = !context.index.relations.tables[s].isEmpty
                guard ownsTables || service.stateless != true else { return nil }
                return Issue(service.ref, "service '\(service.name)' names no datastore" + (ownsTables ? " but owns tables" : ""))
            }
        }
    }

    struct UnownedElement: Rule {
        let id = "arch-unowned-element"
        let reads: DesignSections = [.endpointOwners, .endpointList, .tables, .services]
        let defaultSeverity = Severity.warning
        let title = "Every endpoint and table belongs to a service"
        let explanation = """
            Ownership is what service boundaries are made of: an endpoint or table without `service` has nobody \
            to deploy, scale or answer for it. Fix: set `service` to the owning service.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let endpoints = context.design.endpoints, tables = context.design.tables
            var issues: [Issue] = []
            for e in endpoints.indices where isBlank(endpoints[e].service) {
                issues.append(Issue(context.index.endpointRef(e), "'\(context.index.endpointNames[e])' belongs to no service"))
            }
            for t in tables.indices where isBlank(tables[t].service) {
                issues.append(Issue(.table(tables[t].name), "table '\(tables[t].name)' belongs to no service"))
            }
            return issues
        }
    }
}

extension ArchitectureRules.CycleRule {
    var reads: DesignSections { [.services, .events] }

    func check(_ context: RuleContext) -> [Issue] {
        let design = context.design
        let services = context.index.services
        var edges: [(Int, Int)] = []
        for (s, service) in design.services.enumerated() {
            for call in service.calls {
                guard let target = services[call.service] else { continue }
                let asynchronous = call.style?.isAsynchronous ?? false
                if asynchronous != synchronous { edges.append((s, target)) }
            }
        }
        if !synchronous {
            for event in design.events {
                guard let producer = event.producer, let from = services[producer] else { continue }
                for consumer in event.consumers { if let to = services[consumer] { edges.append((from, to)) } }
            }
        }
        guard !edges.isEmpty else { return [] }
        // Only services that both call and are called within the remaining graph can be on a
        // cycle: trim the others away (linear), and hand SwiftGraph the core.
        let core = CallGraph.cyclicCore(serviceCount: design.services.count, edges: edges)
        guard !core.isEmpty else { return [] }
        let position = Dictionary(uniqueKeysWithValues: core.enumerated().map { ($1, $0) })
        let coreEdges = edges.compactMap { edge -> (Int, Int)? in
            guard let from = position[edge.0], let to = position[edge.1] else { return nil }
            return (from, to)
        }
        let graph = CallGraph.graph(serviceCount: core.count, edges: coreEdges)
        return CallGraph.cycles(in: graph).map { cycle in
            let names = cycle.map { design.services[core[$0]].name }
            let kind = synchronous ? "synchronous calls" : "asynchronous calls and events"
            return Issue(.service(names[0]), "\(kind) form a cycle: \(names.joined(separator: " → "))")
        }
    }
}
