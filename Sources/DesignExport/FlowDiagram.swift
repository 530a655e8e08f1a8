import DesignModel
import DesignRules
import Diagrams
import TerminalUI

/// A flow as a sequence diagram: one lifeline per participant (the client, services, tables
/// next to the service that owns them, events, external parties), one message per step.
package enum FlowDiagram {
    /// The participant ids are the step's `to` (`service:orders`, `table:orders`) and `client`,
    /// so a service and a table of the same name stay apart.
    /// Who owns each table, which every flow's diagram looks up: made once for all the flows of
    /// a document (a flow's diagram made its own from every table of the design).
    package struct TableOwners: Sendable {
        let owners: [String: String?]
        /// The services that own a table.
        let tablesOwned: Set<String>

        package init(_ design: Design) {
            owners = Dictionary(design.tables.map { ($0.name, $0.service) }, uniquingKeysWith: { a, _ in a })
            tablesOwned = Set(design.tables.compactMap(\.service))
        }
    }

    /// `tables` for the design's tables when the caller made them for several flows.
    package static func sequence(for flow: Flow, in design: Design, findings: [Finding] = [],
                                 tables: TableOwners? = nil) -> SequenceDiagram {
        let tables = tables ?? TableOwners(design)
        let owners = tables.owners, tablesOwned = tables.tablesOwned
        let roles = findingRoles(findings) { ref in
            switch ref.kind {
            case .service, .table, .event: ref.description
            default: nil
            }
        }

        var appearance: [SequenceParticipant] = []
        var seen: Set<String> = []
        func note(_ participant: SequenceParticipant) {
            if seen.insert(participant.id).inserted { appearance.append(participant) }
        }
        for step in flow.steps {
            note(actor(step.from, tablesOwned: tablesOwned, roles: roles))
            if let target = step.target {
                switch target {
                case let .service(name): note(serviceParticipant(name, tablesOwned: tablesOwned, roles: roles))
                case let .table(name):
                    let owner = owners[name] ?? nil
                    note(SequenceParticipant(id: target.description, title: name, kind: .store, group: owner,
                                             role: roles[target.description] ?? .title))
                case let .event(name):
                    note(SequenceParticipant(id: target.description, title: name, kind: .queue,
                                             role: roles[target.description] ?? .title))
                case let .external(name):
                    note(SequenceParticipant(id: target.description, title: name, kind: .external))
                }
            } else {
                note(SequenceParticipant(id: step.to, kind: .external, role: .error))
            }
        }
        // A table stands right after its owner when the owner takes part, so the bracket over
        // the group spans only the service and its own data.
        var ordered: [SequenceParticipant] = []
        let services = Set(appearance.filter { $0.kind == .service }.map(\.title))
        for participant in appearance {
            if participant.kind == .store, let owner = participant.group, services.contains(owner) { continue }
            ordered.append(participant)
            if participant.kind == .service {
                ordered += appearance.filter { $0.kind == .store && $0.group == participant.title }
            }
        }

        let messages = flow.steps.enumerated().map { index, step in
            SequenceMessage(from: actor(step.from, tablesOwned: tablesOwned, roles: roles).id,
                            to: step.target?.description ?? step.to,
                            label: "\(index + 1). \(label(of: step))",
                            line: step.isSynchronous ? .solid : .dashed,
                            isCompensated: hasText(step.compensation),
                            detail: detail(of: step, number: index + 1))
        }
        return SequenceDiagram(participants: ordered, messages: messages)
    }

    private static func actor(_ from: String, tablesOwned: Set<String>, roles: [String: StyleRole]) -> SequenceParticipant {
        from == FlowStep.client
            ? SequenceParticipant(id: FlowStep.client, kind: .actor)
            : serviceParticipant(from, tablesOwned: tablesOwned, roles: roles)
    }

    private static func serviceParticipant(_ name: String, tablesOwned: Set<String>, roles: [String: StyleRole]) -> SequenceParticipant {
        let id = ElementRef.service(name).description
        return SequenceParticipant(id: id, title: name, kind: .service, group: tablesOwned.contains(name) ? name : nil,
                                   role: roles[id] ?? .title)
    }

    /// The action, or what the step does when it has none (`write orders`, `publish order.placed`).
    static func label(of step: FlowStep) -> String {
        if let action = step.action, hasText(action) {
            return action.split(whereSeparator: \.isNewline).joined(separator: " ")
        }
        switch step.target {
        case let .table(name)?: return "\(step.access?.rawValue ?? "use") \(name)"
        case let .event(name)?: return "publish \(name)"
        case let .service(name)?: return "call \(name)"
        case let .external(name)?: return "call \(name)"
        case nil: return step.to
        }
    }

    /// The step whole, for the position line: number, action, and what a reader checks (style,
    /// access, timeout, idempotent, async, the compensation).
    static func detail(of step: FlowStep, number: Int) -> String {
        var facts: [String] = []
        if let style = step.style { facts.append(style.rawValue) }
        if let access = step.access { facts.append(access.rawValue) }
        if let timeout = step.timeout { facts.append("timeout \(timeout)") }
        if step.idempotent == true { facts.append("idempotent") }
        if step.async == true { facts.append("async") }
        var text = "\(number). \(label(of: step))"
        if !facts.isEmpty { text += " (\(facts.joined(separator: ", ")))" }
        if let compensation = step.compensation, hasText(compensation) { text += "; undone by: \(compensation)" }
        return text
    }
}

private func hasText(_ text: String?) -> Bool { text?.contains { !$0.isWhitespace } ?? false }
