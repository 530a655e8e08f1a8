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
            let services = context.design.services, flows = context.design.flows
            var issues: [Issue] = []
            forEachStep(context) { f, s, target in
                guard case let .service(callee) = target else { return }
                let from = flows[f].steps[s].from
                guard callee != from, from != FlowStep.client,
                      let caller = context.index.services[from], context.index.services[callee] != nil else { return }
                let style = flows[f].steps[s].style
                let calls = services[caller].calls
                if calls.contains(where: { $0.service == callee && (style == nil || $0.style == style) }) { return }
                let styleText = style.map { " with style \($0.rawValue)" } ?? ""
                let has = calls.first { $0.service == callee }?.style.map { " (it lists \($0.rawValue))" } ?? ""
                let name = flows[f].name
                issues.append(Issue(.flow(name), "step \(s + 1) of flow '\(name)': '\(from)' calls '\(callee)', "
                    + "but the calls of '\(from)' have no call to '\(callee)'\(styleText)\(has)"))
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
            let events = context.design.events, flows = context.design.flows
            var issues: [Issue] = []
            forEachStep(context) { f, s, target in
                guard case let .event(name) = target, let e = context.index.events[name] else { return }
                let from = flows[f].steps[s].from
                guard events[e].producer != from else { return }
                let producer = events[e].producer.map { "its producer is '\($0)'" } ?? "it has no producer"
                let flow = flows[f].name
                issues.append(Issue(.flow(flow), "step \(s + 1) of flow '\(flow)': '\(from)' publishes '\(name)', but \(producer)"))
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
            let events = context.design.events, flows = context.design.flows
            var issues: [Issue] = []
            for f in flows.indices {
                let steps = flows[f].steps
                for i in steps.indices.dropLast() {
                    guard case let .event(name)? = context.index.stepTarget(flow: f, step: i), let e = context.index.events[name] else { continue }
                    let next = steps[i + 1].from
                    guard next != steps[i].from, next != FlowStep.client, !events[e].consumers.contains(next) else { continue }
                    let flow = flows[f].name
                    issues.append(Issue(.flow(flow), "step \(i + 2) of flow '\(flow)' is done by '\(next)' after '\(name)', "
                        + "which '\(next)' does not consume"))
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
            let tables = context.design.tables, flows = context.design.flows
            var issues: [Issue] = []
            forEachStep(context) { f, s, target in
                guard case let .table(name) = target, let t = context.index.tables[name], let owner = tables[t].service else { return }
                let from = flows[f].steps[s].from
                guard owner != from else { return }
                let access = flows[f].steps[s].access
                let verb = access == .write ? "writes" : access == .read ? "reads" : "uses"
                let flow = flows[f].name
                issues.append(Issue(.flow(flow), "step \(s + 1) of flow '\(flow)': '\(from)' \(verb) table '\(name)', "
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
            let tables = context.design.tables, flows = context.design.flows
            var issues: [Issue] = []
            for f in flows.indices where flows[f].consistency == .transaction {
                var owners: [String] = []
                let steps = flows[f].steps
                for s in steps.indices where steps[s].access == .write {
                    guard case let .table(name)? = context.index.stepTarget(flow: f, step: s), let t = context.index.tables[name] else { continue }
                    let owner = tables[t].service ?? steps[s].from
                    if !owners.contains(owner) { owners.append(owner) }
                }
                guard owners.count >= 2 else { continue }
                let flow = flows[f].name
                issues.append(Issue(.flow(flow), "flow '\(flow)' is one transaction but writes the data of "
                    + owners.map { "'\($0)'" }.joined(separator: " and ")))
            }
            return issues
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
            let flows = context.design.flows
            var issues: [Issue] = []
            for f in flows.indices where flows[f].consistency != .outbox {
                let steps = flows[f].steps
                var reported: Set<String> = []
                for j in steps.indices {
                    guard case let .event(name)? = context.index.stepTarget(flow: f, step: j), !reported.contains(steps[j].from) else { continue }
                    let service = steps[j].from
                    guard let write = steps.indices[..<j].first(where: { i in
                        steps[i].from == service && steps[i].access == .write && isTable(context, flow: f, step: i)
                    }) else { continue }
                    if flows[f].consistency == .transaction, writesOutbox(context, flow: f, by: service) { continue }
                    reported.insert(service)
                    let flow = flows[f].name
                    issues.append(Issue(.flow(flow), "flow '\(flow)': '\(service)' writes in step \(write + 1) and "
                        + "publishes '\(name)' in step \(j + 1) without an outbox: a crash between them loses the event"))
                }
            }
            return issues
        }

        private func isTable(_ context: RuleContext, flow f: Int, step s: Int) -> Bool {
            if case .table? = context.index.stepTarget(flow: f, step: s) { return true }
            return false
        }

        private func writesOutbox(_ context: RuleContext, flow f: Int, by service: String) -> Bool {
            let steps = context.design.flows[f].steps
            return steps.indices.contains { s in
                guard steps[s].from == service, steps[s].access == .write,
                      case let .table(name)? = context.index.stepTarget(flow: f, step: s) else { return false }
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
            let flows = context.design.flows
            var issues: [Issue] = []
            for f in flows.indices where flows[f].consistency == .saga {
                let steps = flows[f].steps
                guard let lastFallible = steps.indices.last(where: { s in
                    isSynchronous(context, flow: f, step: s) && steps[s].from != FlowStep.client
                }) else { continue }
                let missing = steps.indices[..<lastFallible].filter { i in
                    steps[i].access == .write && isBlank(steps[i].compensation)
                }
                guard !missing.isEmpty else { continue }
                let numbers = missing.map { String($0 + 1) }.joined(separator: ", ")
                let flow = flows[f].name
                issues.append(Issue(.flow(flow), "saga '\(flow)': step\(missing.count > 1 ? "s" : "") \(numbers) "
                    + "write\(missing.count > 1 ? "" : "s") without a compensation, and step \(lastFallible + 1) can still fail after"))
            }
            return issues
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
            let flows = context.design.flows
            var issues: [Issue] = []
            // A flow has a few participants: they are kept in a short list searched in order, which
            // costs less than hashing each name into dictionaries made anew for every flow.
            var participants: [(name: String, depth: Int, caller: Int)] = []
            func position(_ name: String) -> Int? { participants.firstIndex { $0.name == name } }
            for f in flows.indices {
                let steps = flows[f].steps
                // Depth of the chain a service was reached by; a service that starts acting on its
                // own (the entry point, a consumer of an event) starts a chain of one.
                participants.removeAll(keepingCapacity: true)
                participants.append((FlowStep.client, 0, -1))
                var deepest: (participant: Int, depth: Int)?
                for s in steps.indices {
                    let stepFrom = steps[s].from
                    let sender: Int
                    if let known = position(stepFrom) { sender = known } else {
                        sender = participants.count
                        participants.append((stepFrom, 1, -1))
                    }
                    guard isSynchronous(context, flow: f, step: s), case let .service(callee)? = context.index.stepTarget(flow: f, step: s),
                          callee != stepFrom else { continue }
                    let reached = participants[sender].depth + 1
                    let receiver: Int
                    if let known = position(callee) { receiver = known } else {
                        receiver = participants.count
                        participants.append((callee, 0, -1))
                    }
                    if reached > participants[receiver].depth {
                        participants[receiver].depth = reached
                        participants[receiver].caller = sender
                    }
                    if reached > 3, reached > deepest?.depth ?? 0 { deepest = (receiver, reached) }
                }
                guard let deepest else { continue }
                var chain = [participants[deepest.participant].name]
                var link = participants[deepest.participant].caller
                while link >= 0, chain.count <= steps.count {
                    chain.insert(participants[link].name, at: 0)
                    link = participants[link].caller
                }
                let flow = flows[f].name
                issues.append(Issue(.flow(flow), "flow '\(flow)' calls \(deepest.depth) services deep synchronously: "
                    + chain.joined(separator: " → ")))
            }
            return issues
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
            let flows = context.design.flows
            var issues: [Issue] = []
            for f in flows.indices {
                let steps = flows[f].steps
                // The caller's path: the first actor and whoever it reaches by calls it waits for.
                // A consumer of an event works after the answer, whatever it waits for itself.
                guard !steps.isEmpty else { continue }
                var onPath: Set<String> = [steps[0].from]
                var total = 0, timed = 0
                for s in steps.indices where isSynchronous(context, flow: f, step: s) && onPath.contains(steps[s].from) {
                    if let timeout = steps[s].timeout {
                        total += timeout.amount * timeout.unit.milliseconds
                        timed += 1
                    }
                    if case let .service(callee)? = context.index.stepTarget(flow: f, step: s) { onPath.insert(callee) }
                }
                guard timed > 0, Decimal(total) > target else { continue }
                let flow = flows[f].name
                issues.append(Issue(.flow(flow), "flow '\(flow)': the synchronous steps may wait \(total) ms, "
                    + "more than the p99 target of \(target) ms"))
            }
            return issues
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
            let flows = context.design.flows
            var issues: [Issue] = []
            forEachStep(context) { f, s, target in
                guard case let .external(name) = target, flows[f].steps[s].timeout == nil else { return }
                let flow = flows[f].name
                issues.append(Issue(.flow(flow), "step \(s + 1) of flow '\(flow)' calls '\(name)' without a timeout"))
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
            let flows = context.design.flows
            for f in flows.indices {
                let steps = flows[f].steps
                var reported: Set<Int> = []
                for i in steps.indices {
                    guard case let .event(name)? = context.index.stepTarget(flow: f, step: i), let e = context.index.events[name],
                          events[e].delivery == .atLeastOnce else { continue }
                    let consumers = events[e].consumers
                    for j in steps.indices where j > i && !reported.contains(j) {
                        guard consumers.contains(steps[j].from), steps[j].access != .read, steps[j].idempotent != true else { continue }
                        if case .event? = context.index.stepTarget(flow: f, step: j) { continue }
                        reported.insert(j)
                        let flow = flows[f].name
                        issues.append(Issue(.flow(flow), "step \(j + 1) of flow '\(flow)' runs again when '\(name)' "
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
            // The endpoints flows trigger, by position: one lookup per flow instead of one per
            // endpoint. A name several endpoints share stands for each of them.
            let endpoints = context.design.endpoints, names = context.index.endpointNames, shared = context.index.endpointNameShared
            var triggered = [Bool](repeating: false, count: endpoints.count)
            var sharedTriggers: Set<String> = []
            for flow in context.design.flows {
                guard let trigger = flow.triggerRef, trigger.kind == .endpoint, let e = context.index.endpoints[trigger.name] else { continue }
                triggered[e] = true
                if shared[e] { sharedTriggers.insert(trigger.name) }
            }
            var issues: [Issue] = []
            for s in services.indices where spans[s] {
                let owner = services[s].name
                for e in relations.endpoints[s] where endpoints[e].method.isWrite {
                    guard !triggered[e], !(shared[e] && sharedTriggers.contains(names[e])) else { continue }
                    // One allocation for the message: the rule reports most write endpoints of a large design.
                    issues.append(Issue(context.index.endpointRef(e), concat("'", names[e], "' is served by '", owner,
                                                                             "', which calls other services or publishes events, and no flow shows what it does")))
                }
            }
            return issues
        }
    }
}

/// Calls `body` with the position of every step of every flow that has a target (`FlowStep.target`),
/// and that target; the step's number is its position plus one.
private func forEachStep(_ context: RuleContext, _ body: (_ flow: Int, _ step: Int, _ target: StepTarget) -> Void) {
    let flows = context.design.flows
    for f in flows.indices {
        for s in flows[f].steps.indices {
            if let target = context.index.stepTarget(flow: f, step: s) { body(f, s, target) }
        }
    }
}

/// `FlowStep.isSynchronous` of step `s` of flow `f`, with the target parsed by the index.
private func isSynchronous(_ context: RuleContext, flow f: Int, step s: Int) -> Bool {
    let step = context.design.flows[f].steps
    if step[s].async == true || step[s].style?.isAsynchronous == true { return false }
    if case .event? = context.index.stepTarget(flow: f, step: s) { return false }
    return true
}
