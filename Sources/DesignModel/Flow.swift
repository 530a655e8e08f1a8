/// One scenario end to end (`flows:`): how a request or an event moves through the services,
/// step by step, and what keeps its data consistent when a step fails. Drawn as a sequence diagram.
package struct Flow: Equatable, Sendable {
    package var name: String
    package var description: String?
    /// The element reference that starts it: an `endpoint:` or an `event:` (`endpoint:POST /v1/orders`).
    package var trigger: String?
    package var consistency: FlowConsistency?
    /// The steps in the order they happen.
    package var steps: [FlowStep] = []
    /// What the caller sees when the flow fails, free text.
    package var failure: String?
    package var extensions = Extensions()
    package init(name: String, description: String? = nil, trigger: String? = nil, consistency: FlowConsistency? = nil,
                steps: [FlowStep] = [], failure: String? = nil) {
        self.name = name
        self.description = description
        self.trigger = trigger
        self.consistency = consistency
        self.steps = steps
        self.failure = failure
    }

    /// The trigger as a reference; nil when unset or not `KIND:NAME`.
    package var triggerRef: ElementRef? { trigger.flatMap(ElementRef.init(parsing:)) }
}

/// What keeps a flow's data consistent when one of its steps fails.
package enum FlowConsistency: String, CaseIterable, Sendable {
    /// One local ACID transaction.
    case transaction
    /// Local steps, each undone by its compensation when a later one fails.
    case saga
    /// The write and the event it announces committed together through an outbox table.
    case outbox
    /// Eventual consistency accepted; the flow's description says why.
    case eventual
    case twoPhaseCommit = "two-phase-commit"
}

/// One step of a flow: who does what to which element.
package struct FlowStep: Equatable, Sendable {
    /// The service that acts, by name, or `client` (`FlowStep.client`) for the caller outside the design.
    package var from: String
    /// What it acts on, as written: `service:NAME` a call, `event:NAME` a publish, `table:NAME` a read or
    /// write, `external:NAME` a third party outside the design. `target` parses it.
    package var to: String
    /// What happens, free text.
    package var action: String?
    /// For a call `rest`, `grpc` or `graphql`; for a publish `event` or `queue`.
    package var style: CallStyle?
    /// For a table: whether the step reads or writes it.
    package var access: TableAccess?
    /// How the step is undone when a later step fails, free text (what a saga needs).
    package var compensation: String?
    package var timeout: Duration?
    /// Whether doing the step twice has the effect of doing it once.
    package var idempotent: Bool?
    /// Whether the caller goes on without waiting for the step.
    package var async: Bool?
    package var extensions = Extensions()

    /// The `from` of a step made by the caller of the flow (a browser, an app, a partner), not a service.
    package static let client = "client"

    package init(from: String, to: String, action: String? = nil, style: CallStyle? = nil, access: TableAccess? = nil,
                compensation: String? = nil, timeout: Duration? = nil, idempotent: Bool? = nil, async: Bool? = nil) {
        self.from = from
        self.to = to
        self.action = action
        self.style = style
        self.access = access
        self.compensation = compensation
        self.timeout = timeout
        self.idempotent = idempotent
        self.async = async
    }

    package var target: StepTarget? { StepTarget(parsing: to) }
    package var isFromClient: Bool { from == FlowStep.client }

    /// Whether the caller waits for this step: a publish, an `async` step and an event or queue
    /// style never hold it up.
    package var isSynchronous: Bool {
        if async == true || style?.isAsynchronous == true { return false }
        if case .event = target { return false }
        return true
    }
}

/// Whether a step reads or writes a table.
package enum TableAccess: String, CaseIterable, Sendable { case read, write }

/// What a step acts on: an element of the design, or a third party outside it.
package enum StepTarget: Hashable, Sendable, CustomStringConvertible {
    case service(String), event(String), table(String), external(String)

    /// The kinds a step's `to` may name, as written before the colon.
    package static let kinds = ["service", "event", "table", "external"]

    /// Parses `KIND:NAME` of one of `kinds`; nil for anything else or an empty name.
    package init?(parsing text: String) {
        // Flow rules parse every step's target: the bytes are read directly when the kind and the
        // byte after the colon are ASCII (then the first ':' byte is the first ':' character and
        // the kind compares bytewise); anything else takes the character walk below.
        let utf8 = text.utf8
        guard let colon = utf8.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        if utf8[..<colon].allSatisfy({ $0 < 0x80 }) {
            let after = utf8.index(after: colon)
            if after == utf8.endIndex { return nil }
            if utf8[after] < 0x80 {
                let kind = utf8[..<colon]
                let name = String(text[after...])
                switch kind.count {
                case 5 where kind.elementsEqual("event".utf8): self = .event(name)
                case 5 where kind.elementsEqual("table".utf8): self = .table(name)
                case 7 where kind.elementsEqual("service".utf8): self = .service(name)
                case 8 where kind.elementsEqual("external".utf8): self = .external(name)
                default: return nil
                }
                return
            }
        }
        self.init(parsingCharacters: text)
    }

    private init?(parsingCharacters text: String) {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let name = String(text[text.index(after: colon)...])
        guard !name.isEmpty else { return nil }
        switch text[..<colon] {
        case "service": self = .service(name)
        case "event": self = .event(name)
        case "table": self = .table(name)
        case "external": self = .external(name)
        default: return nil
        }
    }

    package var name: String {
        switch self {
        case let .service(n), let .event(n), let .table(n), let .external(n): n
        }
    }

    /// The design element it names; nil for an external party.
    package var ref: ElementRef? {
        switch self {
        case let .service(n): .service(n)
        case let .event(n): .event(n)
        case let .table(n): .table(n)
        case .external: nil
        }
    }

    package var description: String {
        switch self {
        case let .service(n): "service:\(n)"
        case let .event(n): "event:\(n)"
        case let .table(n): "table:\(n)"
        case let .external(n): "external:\(n)"
        }
    }
}

extension Design {
    /// Positions of the flows in which the service acts or is called, in design order.
    package func flows(involving service: String) -> [Int] {
        flows.indices.filter { f in
            flows[f].steps.contains { $0.from == service || $0.target == .service(service) }
        }
    }

    /// Positions of the flows the element (an endpoint or an event) starts, in design order.
    package func flows(triggeredBy ref: ElementRef) -> [Int] {
        flows.indices.filter { flows[$0].triggerRef == ref }
    }
}
