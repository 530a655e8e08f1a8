import DesignModel
import Foundation

/// Rules over `flows`: that the steps agree with the rest of the design (calls, producers and
/// consumers, table owners) and that the consistency plan holds up (transactions, outbox,
/// compensations, timeouts, retries). Each finding is on its flow and names the step by number.
enum FlowRules {
    static let all: [any Rule] = [
        CallUndeclared(), PublishNotProducer(), EventNotConsumer(), ForeignTable(), TransactionAcrossServices(),
        DualWrite(), SagaCompensation(), SyncChainDepth(), LatencyBudget(), ExternalTimeout(), RetriedNotIdempotent(),
        EndpointUncovered(),
    ]

    struct CallUndeclared: Rule {
        let id = "flow-call-undeclared"
        let reads: DesignSections = [.flows, .services]
        let defaultSeverity = Severity.warning
        let title = "A step from one service to another matches a call of the caller"
        let explanation = """
            A flow step `from: A, to: service:B` says A calls B. The service map, the cycle rules and the \
            export draw the calls from A's `calls`; a call that only the flow knows is missing from all of them, \
            and a call in another style (rest where calls says grpc) means one of the two is out of date. Fix: \
            add `- service: B` with the step's style to A's calls, or correct the step.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let services = context.design.services
            var issues: [Issue] = []
            forEachStep(context) { flow, number, step in
                guard case let .service(callee)? = step.target, callee != step.from, !step.isFromClient,
                      let caller = context.index.services[step.from], context.index.services[callee] != nil else { return }
                let calls = services[caller].calls
                if calls.contains(where: { $0.service == callee && (step.style == nil || $0.style == step.style) }) { return }
                let style = step.style.map { " with style \($0.rawValue)" } ?? ""
                let has = calls.first { $0.service == callee }?.style.map { " (it lists \($0.rawValue))" } ?? ""
                issues.append(Issue(.flow(flow.name), "step \(number) of flow '\(flow.name)': '\(step.from)' calls '\(callee)', "
                    + "but the calls of '\(step.from)' have no call to '\(callee)'\(style)\(has)"))
            }
            return issues
        }
    }

    struct PublishNotProducer: Rule {
        let id = "flow-publish-not-producer"
        let reads: DesignSections = [.flows, .events]
        let defaultSeverity = Severity.error
        let title = "A publish step comes from the event's producer"
        let explanation = """
            An event has one producer, which owns its schema and its versioning. A step that publishes the event \
            from another service (or from the client) contradicts the event's `producer`: either the producer is \
            wrong, or the flow goes through a service that should not emit that message. Fix: make the step come \
            from the producer, or correct the event's producer.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let events = context.design.events
            var issues: [Issue] = []
            forEachStep(context) { flow, number, step in
                guard case let .event(name)? = step.target, let e = context.index.events[name],
                      events[e].producer != step.from else { return }
                let producer = events[e].producer.map { "its producer is '\($0)'" } ?? "it has no producer"
                issues.append(Issue(.flow(flow.name), "step \(number) of flow '\(flow.name)': '\(step.from)' publishes '\(name)', but \(producer)"))
            }
            return issues
        }
    }

    struct EventNotConsumer: Rule {
        let id = "flow-event-not-consumer"
        let reads: DesignSections = [.flows, .events]
        let defaultSeverity = Severity.warning
        let title = "The step after an event is done by one of its consumers"
        let explanation = """
            After a step publishes an event, the next step done by another service is that service reacting to \
            the event: it must be one of the event's `consumers`, or it never receives the message and the flow \
            stops there in production. Fix: add the service to the event's consumers, or put the step that \
            really follows in its place.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let events = context.design.events
            var issues: [Issue] = []
            for flow in context.design.flows {
                let steps = flow.steps
                for i in steps.indices.dropLast() {
                    guard case let .event(name)? = steps[i].target, let e = context.index.events[name] else { continue }
                    let next = steps[i + 1]
                    guard next.from != steps[i].from, !next.isFromClient, !events[e].consumers.contains(next.from) else { continue }
                    issues.append(Issue(.flow(flow.name), "step \(i + 2) of flow '\(flow.name)' is done by '\(next.from)' after '\(name)', "
                        + "which '\(next.from)' does not consume"))
                }
            }
            return issues
        }
    }

    struct ForeignTable: Rule {
        let id = "flow-foreign-table"
        let reads: DesignSections = [.flows, .tables]
        let defaultSeverity = Severity.error
        let title = "A service reads and writes only the tables it owns"
        let explanation = """
            A step in which a service reads or writes another service's table is a shared database through the \
            back door: the owner can no longer change its schema, and the data has two masters. Fix: ask the \
            owner through its API or an event, or move the table to the service that needs it.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let tables = context.design.tables
            var issues: [Issue] = []
            forEachStep(context) { flow, number, step in
                guard case let .table(name)? = step.target, let t = context.index.tables[name],
                      let owner = tables[t].service, owner != step.from else { return }
                let verb = step.access == .write ? "writes" : step.access == .read ? "reads" : "uses"
                issues.append(Issue(.flow(flow.name), "step \(number) of flow '\(flow.name)': '\(step.from)' \(verb) table '\(name)', "
                    + "which belongs to '\(owner)'"))
            }
            return issues
        }
    }

    struct TransactionAcrossServices: Rule {
        let id = "flow-transaction-across-services"
        let reads: DesignSections = [.flows, .tables]
        let defaultSeverity = Severity.error
        let title = "A flow that writes the data of several services is not one transaction"
        let explanation = """
            `consistency: transaction` promises one local ACID transaction, which exists only inside one \
            database. When the flow writes tables of two or more services, no single transaction covers them: \
            a failure between the writes leaves them disagreeing. Fix: say `saga` (with compensations) or \
            `outbox` (one write, the rest through events), or move the writes into one service.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let tables = context.design.tables
            return context.design.flows.compactMap { flow in
                guard flow.consistency == .transaction else { return nil }
                var owners: [String] = []
                for step in flow.steps where step.access == .write {
                    guard case let .table(name)? = step.target, let t = context.index.tables[name] else { continue }
                    let owner = tables[t].service ?? step.from
                    if !owners.contains(owner) { owners.append(owner) }
                }
                guard owners.count >= 2 else { return nil }
                return Issue(.flow(flow.name), "flow '\(flow.name)' is one transaction but writes the data of "
                    + owners.map { "'\($0)'" }.joined(separator: " and "))
            }
        }
    }

    struct DualWrite: Rule {
        let id = "flow-dual-write"
        let reads: DesignSections = .flows
        let defaultSeverity = Severity.warning
        let title = "A service that writes and then publishes uses an outbox"
        let explanation = """
            A service that commits a write and then publishes an event does two things that can fail apart: a \
            crash between them loses the event (or, the other way round, announces a write that was rolled \
            back). This is the dual-write problem. Fix: `consistency: outbox` (the event is a row committed with \
            the write and relayed afterwards), or a transaction that also writes an outbox table.
            """
        func check(_ context: RuleContext) -> [Issue] {
            var issues: [Issue] = []
            for flow in context.design.flows where flow.consistency != .outbox {
                let steps = flow.steps
                var reported: Set<String> = []
                for j in steps.indices {
                    guard case let .event(name)? = steps[j].target, !reported.contains(steps[j].from) else { continue }
                    let service = steps[j].from
                    guard let write = steps[..<j].firstIndex(where: { $0.from == service && $0.access == .write && isTable($0) })
                    else { continue }
                    if flow.consistency == .transaction, writesOutbox(steps, by: service) { continue }
                    reported.insert(service)
                    issues.append(Issue(.flow(flow.name), "flow '\(flow.name)': '\(service)' writes in step \(write + 1) and "
                        + "publishes '\(name)' in step \(j + 1) without an outbox: a crash between them loses the event"))
                }
            }
            return issues
        }

        private func isTable(_ step: FlowStep) -> Bool {
            if case .table? = step.target { return true }
            return false
        }

        private func writesOutbox(_ steps: [FlowStep], by service: String) -> Bool {
            steps.contains { step in
                guard step.from == service, step.access == .write, case let .table(name)? = step.target else { return false }
                return name.lowercased().contains("outbox")
            }
        }
    }

    struct SagaCompensation: Rule {
        let id = "flow-saga-compensation"
        let reads: DesignSections = .flows
        let defaultSeverity = Severity.warning
        let title = "In a saga, every write that a later step can undo has a compensation"
        let explanation = """
            A saga keeps data consistent without a distributed transaction by undoing the steps already done \
            when a later one fails. A write before the last step that can fail (a synchronous step) needs its \
            `compensation`, or a failure there leaves the write behind. Fix: say how each such write is undone \
            (cancel the order, release the reservation, refund the payment).
            """
        func check(_ context: RuleContext) -> [Issue] {
            context.design.flows.compactMap { flow in
                guard flow.consistency == .saga,
                      let lastFallible = flow.steps.lastIndex(where: { $0.isSynchronous && !$0.isFromClient }) else { return nil }
                let missing = flow.steps[..<lastFallible].indices.filter { i in
                    flow.steps[i].access == .write && isBlank(flow.steps[i].compensation)
                }
                guard !missing.isEmpty else { return nil }
                let numbers = missing.map { String($0 + 1) }.joined(separator: ", ")
                return Issue(.flow(flow.name), "saga '\(flow.name)': step\(missing.count > 1 ? "s" : "") \(numbers) "
                    + "write\(missing.count > 1 ? "" : "s") without a compensation, and step \(lastFallible + 1) can still fail after")
            }
        }
    }

    struct SyncChainDepth: Rule {
        let id = "flow-sync-chain-depth"
        let reads: DesignSections = .flows
        let defaultSeverity = Severity.warning
        let title = "Synchronous call chains are at most three services deep"
        let explanation = """
            Every service in a synchronous chain adds its latency and its failure rate to the request, and the \
            first one holds its threads while the last one works: four services deep, one slow dependency \
            stalls all of them. Fix: answer earlier and go on asynchronously (an event, a queue), call the \
            services side by side from one place, or merge services that always go together.
            """
        func check(_ context: RuleContext) -> [Issue] {
            context.design.flows.compactMap { flow in
                // Depth of the chain a service was reached by; a service that starts acting on its
                // own (the entry point, a consumer of an event) starts a chain of one.
                var depth: [String: Int] = [FlowStep.client: 0]
                var caller: [String: String] = [:]
                var deepest: (service: String, depth: Int)?
                for step in flow.steps {
                    let from = depth[step.from] ?? 1
                    if depth[step.from] == nil { depth[step.from] = from }
                    guard step.isSynchronous, case let .service(callee)? = step.target, callee != step.from else { continue }
                    let reached = from + 1
                    if reached > depth[callee] ?? 0 {
                        depth[callee] = reached
                        caller[callee] = step.from
                    }
                    if reached > 3, reached > deepest?.depth ?? 0 { deepest = (callee, reached) }
                }
                guard let deepest else { return nil }
                var chain = [deepest.service]
                while let previous = caller[chain[0]], chain.count <= flow.steps.count { chain.insert(previous, at: 0) }
                return Issue(.flow(flow.name), "flow '\(flow.name)' calls \(deepest.depth) services deep synchronously: "
                    + chain.joined(separator: " → "))
            }
        }
    }

    struct LatencyBudget: Rule {
        let id = "flow-latency-budget"
        let reads: DesignSections = [.flows, .requirements]
        let defaultSeverity = Severity.warning
        let title = "The timeouts on a flow's synchronous path fit the p99 latency target"
        let explanation = """
            The caller waits for every synchronous step of the services it reaches through calls (not for \
            what consumers of an event do later). When their timeouts add up to more than \
            requirements.load.latency_p99_ms, a request that meets slow dependencies cannot answer in time even \
            when nothing fails: the target is promised but not designed for. Fix: lower the timeouts, make \
            steps asynchronous, or revisit the target.
            """
        func check(_ context: RuleContext) -> [Issue] {
            guard let target = context.design.requirements.load.latencyP99Ms else { return [] }
            return context.design.flows.compactMap { flow in
                // The caller's path: the first actor and whoever it reaches by calls it waits for.
                // A consumer of an event works after the answer, whatever it waits for itself.
                guard let first = flow.steps.first else { return nil }
                var onPath: Set<String> = [first.from]
                var total = 0, timed = 0
                for step in flow.steps where step.isSynchronous && onPath.contains(step.from) {
                    if let timeout = step.timeout {
                        total += timeout.amount * timeout.unit.milliseconds
                        timed += 1
                    }
                    if case let .service(callee)? = step.target { onPath.insert(callee) }
                }
                guard timed > 0, Decimal(total) > target else { return nil }
                return Issue(.flow(flow.name), "flow '\(flow.name)': the synchronous steps may wait \(total) ms, "
                    + "more than the p99 target of \(target) ms")
            }
        }
    }

    struct ExternalTimeout: Rule {
        let id = "flow-external-timeout"
        let reads: DesignSections = .flows
        let defaultSeverity = Severity.warning
        let title = "Every call to a third party has a timeout"
        let explanation = """
            A third party fails in ways the design does not control: without a timeout a slow provider holds a \
            thread, a connection and the user's request for as long as the provider likes, and a few slow \
            minutes exhaust the pool. Fix: give the step a `timeout` (and decide what happens when it runs out: \
            `failure`, a compensation).
            """
        func check(_ context: RuleContext) -> [Issue] {
            var issues: [Issue] = []
            forEachStep(context) { flow, number, step in
                guard case let .external(name)? = step.target, step.timeout == nil else { return }
                issues.append(Issue(.flow(flow.name), "step \(number) of flow '\(flow.name)' calls '\(name)' without a timeout"))
            }
            return issues
        }
    }

    struct RetriedNotIdempotent: Rule {
        let id = "flow-retried-not-idempotent"
        let reads: DesignSections = [.flows, .events]
        let defaultSeverity = Severity.warning
        let title = "Steps retried by at-least-once events are idempotent"
        let explanation = """
            An at-least-once event is delivered again after a timeout or a crash, so what its consumers do runs \
            twice: a second e-mail, a second charge, a second row. A consumer's step that writes or calls must \
            be idempotent (a unique key, a processed-message table, an idempotency key). Fix: make the step \
            idempotent and say so with `idempotent: true`, or choose exactly-once delivery.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let events = context.design.events
            var issues: [Issue] = []
            for flow in context.design.flows {
                let steps = flow.steps
                var reported: Set<Int> = []
                for i in steps.indices {
                    guard case let .event(name)? = steps[i].target, let e = context.index.events[name],
                          events[e].delivery == .atLeastOnce else { continue }
                    let consumers = events[e].consumers
                    for j in steps.indices where j > i && !reported.contains(j) {
                        let step = steps[j]
                        guard consumers.contains(step.from), step.access != .read, step.idempotent != true else { continue }
                        if case .event? = step.target { continue }
                        reported.insert(j)
                        issues.append(Issue(.flow(flow.name), "step \(j + 1) of flow '\(flow.name)' runs again when '\(name)' "
                            + "is delivered twice (at-least-once), and is not idempotent"))
                    }
                }
            }
            return issues
        }
    }

    struct EndpointUncovered: Rule {
        let id = "flow-endpoint-uncovered"
        let reads: DesignSections = DesignSections.relations.union([.flows, .endpointList])
        let defaultSeverity = Severity.info
        let title = "Endpoints that span services or emit events have a flow"
        let explanation = """
            A write endpoint whose service calls other services or publishes events starts work in more than \
            one place, and what keeps that work consistent is the question reviewers ask first. A flow triggered \
            by the endpoint answers it step by step. Fix: add a flow with `trigger: endpoint:METHOD PATH`.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let services = context.design.services
            let relations = context.index.relations
            // Per service: whether it calls another service or publishes an event.
            let spans: [Bool] = services.indices.map { s in
                !relations.eventsProduced[s].isEmpty
                    || services[s].calls.contains { $0.service != services[s].name }
            }
            var triggers: Set<String> = []
            for flow in context.design.flows {
                if let trigger = flow.triggerRef, trigger.kind == .endpoint { triggers.insert(trigger.name) }
            }
            let endpoints = context.design.endpoints
            var issues: [Issue] = []
            for e in endpoints.indices where endpoints[e].method.isWrite {
                guard let owner = endpoints[e].service, let s = context.index.services[owner], spans[s],
                      !triggers.contains(context.index.endpointNames[e]) else { continue }
                issues.append(Issue(context.index.endpointRef(e), "'\(context.index.endpointNames[e])' is served by '\(owner)', "
                    + "which calls other services or publishes events, and no flow shows what it does"))
            }
            return issues
        }
    }
}

/// Calls `body` with every step of every flow and its number (from 1).
private func forEachStep(_ context: RuleContext, _ body: (Flow, Int, FlowStep) -> Void) {
    for flow in context.design.flows {
        for (i, step) in flow.steps.enumerated() { body(flow, i + 1, step) }
    }
}
