import DesignModel
import DesignRules
import Diagrams
import TerminalUI

/// What the ERD diagram shows.
package struct ERDDiagramOptions: Hashable, Sendable {
    /// Frame each service's tables together.
    package var groupByService: Bool
    /// Only this service's tables.
    package var service: String?
    /// Only this table and the tables within `depth` foreign keys of it (either direction).
    package var focusTable: String?
    package var depth: Int
    /// Table names only, no columns; the foreign key column becomes the edge's label.
    package var compact: Bool

    package init(groupByService: Bool = false, service: String? = nil, focusTable: String? = nil, depth: Int = 1,
                compact: Bool = false) {
        self.groupByService = groupByService
        self.service = service
        self.focusTable = focusTable
        self.depth = max(0, depth)
        self.compact = compact
    }
}

/// Tables as boxes with their columns (`PK`/`FK` marked, types alongside) and foreign keys
/// as lines from the referenced table to the referencing one, with crow's-foot marks: the
/// child end is many, or one when the column is unique; the parent end is one, or
/// zero-or-one when the column may be null.
package enum ERDDiagram {
    package static func graph(for design: Design, options: ERDDiagramOptions = ERDDiagramOptions(),
                             findings: [Finding] = []) -> DiagramGraph {
        var tables = design.tables
        if let focus = options.focusTable {
            let included = neighbourhood(of: focus, depth: options.depth, in: design.tables)
            tables = tables.filter { included.contains($0.name) }
        }
        if let service = options.service { tables = tables.filter { $0.service == service } }
        let roles = findingRoles(findings) { ref in
            switch ref.kind {
            case .table: return ref.name
            case .column: return ref.columnParts?.table
            default: return nil
            }
        }

        var graph = DiagramGraph()
        for table in tables {
            let keys = Set(table.primaryKeyColumns)
            let lines: [DiagramLine] = options.compact ? [] : table.columns.map { column in
                let markers: [String] = (keys.contains(column.name) ? ["PK"] : []) + (column.references != nil ? ["FK"] : [])
                return DiagramLine(marker: markers.joined(separator: " "), column.name, detail: column.type ?? "")
            }
            graph.add(DiagramNode(id: table.name, lines: lines, role: roles[table.name] ?? .border, group: table.service))
        }
        let byName = Dictionary(tables.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for table in tables {
            for (index, column) in table.columns.enumerated() {
                guard let target = column.referencedColumn, let parent = byName[target.table] else { continue }
                let keys = table.primaryKeyColumns
                let nullable = column.nullable ?? !keys.contains(column.name)
                // A partial unique index (`where is_default`) leaves many rows per parent: only
                // an unconditional one makes the relationship one-to-one.
                let unique = column.unique == true || keys == [column.name]
                    || table.indexes.contains { $0.unique == true && $0.whereClause == nil && $0.columns == [column.name] }
                graph.add(DiagramEdge(
                    from: parent.name, to: table.name, line: .solid,
                    fromMark: nullable ? .zeroOrOne : .one, toMark: unique ? .one : .many,
                    label: options.compact ? column.name : nil, role: .muted,
                    fromLine: options.compact ? nil : parent.columns.firstIndex { $0.name == target.column },
                    toLine: options.compact ? nil : index))
            }
        }
        return graph
    }

    package static func layoutOptions(_ options: ERDDiagramOptions, wrapWidth: Int? = nil) -> DiagramLayoutOptions {
        DiagramLayoutOptions(channelWidth: options.compact ? 16 : 10, groupByNodeGroup: options.groupByService,
                             wrapWidth: wrapWidth)
    }

    /// Names of the tables within `depth` foreign-key steps of `start`, following keys both ways.
    static func neighbourhood(of start: String, depth: Int, in tables: [DesignModel.Table]) -> Set<String> {
        var adjacent: [String: Set<String>] = [:]
        for table in tables {
            for column in table.columns {
                guard let target = column.referencedColumn?.table else { continue }
                adjacent[table.name, default: []].insert(target)
                adjacent[target, default: []].insert(table.name)
            }
        }
        var reached: Set<String> = tables.contains { $0.name == start } ? [start] : []
        var frontier = reached
        for _ in 0..<depth {
            frontier = Set(frontier.flatMap { adjacent[$0] ?? [] }).subtracting(reached)
            reached.formUnion(frontier)
        }
        return reached
    }
}

/// Services as boxes labelled with their domain; calls as arrows from caller to callee, solid
/// for REST, gRPC and GraphQL, dashed for events and queues, labelled with the style or the
/// event. Synchronous calls that form a cycle, and the services on it, take the error role.
package enum ServiceMapDiagram {
    package static func graph(for design: Design, findings: [Finding] = []) -> DiagramGraph {
        let roles = findingRoles(findings) { $0.kind == .service ? $0.name : nil }
        var graph = DiagramGraph()
        for service in design.services {
            let lines = service.domain.map { [DiagramLine($0, role: .muted)] } ?? []
            graph.add(DiagramNode(id: service.name, lines: lines, role: roles[service.name] ?? .border, group: service.domain))
        }
        var eventEdges = Set<String>()
        for service in design.services {
            for call in service.calls where graph.index(of: call.service) != nil {
                let asynchronous = call.style?.isAsynchronous ?? false
                let label = asynchronous ? (call.event ?? call.style?.rawValue) : call.style?.rawValue
                if let event = call.event { eventEdges.insert("\(service.name)>\(call.service)>\(event)") }
                graph.add(DiagramEdge(from: service.name, to: call.service, line: asynchronous ? .dashed : .solid,
                                      toMark: .arrow, label: label, role: .muted))
            }
        }
        // Events whose producer and consumers are declared but not listed as calls.
        for event in design.events {
            guard let producer = event.producer, graph.index(of: producer) != nil else { continue }
            for consumer in event.consumers where graph.index(of: consumer) != nil
                && !eventEdges.contains("\(producer)>\(consumer)>\(event.name)") {
                graph.add(DiagramEdge(from: producer, to: consumer, line: .dashed, toMark: .arrow, label: event.name, role: .muted))
            }
        }
        let cyclic = graph.edgesOnCycles { $0.line == .solid }
        for e in cyclic {
            graph.edges[e].role = .error
            graph.setRole(.error, forNode: graph.edges[e].from)
            graph.setRole(.error, forNode: graph.edges[e].to)
        }
        return graph
    }

    package static func layoutOptions(for graph: DiagramGraph, wrapWidth: Int? = nil, groupByDomain: Bool = false) -> DiagramLayoutOptions {
        let longestLabel = graph.edges.compactMap { $0.label?.displayWidth }.max() ?? 0
        return DiagramLayoutOptions(channelWidth: min(34, max(10, longestLabel + 12)), groupByNodeGroup: groupByDomain,
                                    wrapWidth: wrapWidth)
    }
}

/// Plain-text diagrams for `archbench export --format ascii`, and ready-made scenes for panes.
package enum AsciiDiagrams {
    package enum View: String, CaseIterable, Sendable {
        case erd, services, flows
        /// The views drawn as boxes and lines, which `scene` lays out; flows are sequence diagrams.
        package static let boxViews: [View] = [.erd, .services]
    }

    /// The diagram as text: lines without trailing spaces, ending in a newline. Disconnected
    /// parts wrap to stay within `width` where they can (one part wider than that is printed
    /// whole). `unicode: false` gives printable ASCII only, for e-mail and code review.
    package static func render(design: Design, view: View, width: Int? = nil, unicode: Bool = false,
                              erd: ERDDiagramOptions = ERDDiagramOptions(), flow: String? = nil,
                              findings: [Finding] = []) -> String {
        if view == .flows { return flows(design: design, only: flow, width: width ?? 80, unicode: unicode, findings: findings) }
        let (graph, options) = diagram(design: design, view: view, wrapWidth: width, erd: erd, findings: findings)
        guard !graph.nodes.isEmpty else { return view == .erd ? "(no tables)\n" : "(no services)\n" }
        // Names are kept as they are (`用户`); only the drawing (boxes, lines, marks) is ASCII.
        let drawn = graph
        let layout = LayeredLayout.layout(drawn, options: options)
        let canvas = DiagramRenderer(glyphs: unicode ? .unicode : .ascii).canvas(drawn, layout)
        var lines = trimmedText(canvas).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        let arrow = unicode ? "→" : "->"
        for (e, route) in layout.edgeRoutes.enumerated() where !route.isRouted {
            lines.append("not drawn: \(drawn.edges[e].from) \(arrow) \(drawn.edges[e].to)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Each flow (or only the one named) as a sequence diagram laid out to `width` columns, under a
    /// line with its name, trigger and consistency.
    static func flows(design: Design, only name: String?, width: Int, unicode: Bool, findings: [Finding]) -> String {
        let flows = design.flows.filter { name == nil || $0.name == name }
        guard !flows.isEmpty else { return "(no flows)\n" }
        let glyphs: DiagramGlyphs = unicode ? .unicode : .ascii
        var parts: [String] = []
        let tables = FlowDiagram.TableOwners(design)
        for flow in flows {
            var heading = "flow \(flow.name)"
            if let trigger = flow.trigger { heading += ", triggered by \(trigger)" }
            if let consistency = flow.consistency { heading += ", consistency: \(consistency.rawValue)" }
            let diagram = FlowDiagram.sequence(for: flow, in: design, findings: findings, tables: tables)
            guard !diagram.messages.isEmpty else {
                parts.append(heading + "\n(no steps)\n")
                continue
            }
            let layout = SequenceLayout.layout(diagram, width: width, glyphs: glyphs)
            let canvas = SequenceRenderer(glyphs: glyphs).canvas(diagram, layout)
            parts.append(heading + "\n\n" + trimmedText(canvas))
        }
        return parts.joined(separator: "\n")
    }

    /// A canvas as lines without trailing spaces, blank lines at the end dropped, ending in a newline.
    static func trimmedText(_ canvas: Buffer) -> String {
        var lines = canvas.lines().map { line -> String in
            var s = Substring(line)
            while s.last == " " { s = s.dropLast() }
            return String(s)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A scene for an ERD or Services pane of `viewSize` cells (one of `View.boxViews`).
    package static func scene(design: Design, view: View, viewSize: Size, unicode: Bool = true,
                             erd: ERDDiagramOptions = ERDDiagramOptions(), findings: [Finding] = []) -> DiagramScene {
        var (graph, options) = diagram(design: design, view: view, wrapWidth: max(viewSize.width, 40), erd: erd, findings: findings)
        options.fitHeight = viewSize.height
        return DiagramScene(graph: graph, options: options, glyphs: unicode ? .unicode : .ascii, viewSize: viewSize)
    }

    static func diagram(design: Design, view: View, wrapWidth: Int?, erd: ERDDiagramOptions,
                        findings: [Finding]) -> (DiagramGraph, DiagramLayoutOptions) {
        switch view {
        case .flows:
            // Flows are sequence diagrams (`flows(design:only:…)`), not boxes and edges.
            return (DiagramGraph(), DiagramLayoutOptions())
        case .erd:
            return (ERDDiagram.graph(for: design, options: erd, findings: findings), ERDDiagram.layoutOptions(erd, wrapWidth: wrapWidth))
        case .services:
            let graph = ServiceMapDiagram.graph(for: design, findings: findings)
            return (graph, ServiceMapDiagram.layoutOptions(for: graph, wrapWidth: wrapWidth))
        }
    }
}

/// The most severe finding's role for each element name that `name` picks out of a reference.
func findingRoles(_ findings: [Finding], name: (ElementRef) -> String?) -> [String: StyleRole] {
    var worst: [String: Severity] = [:]
    for finding in findings {
        guard let ref = finding.element, let key = name(ref) else { continue }
        if worst[key].map({ finding.severity > $0 }) ?? true { worst[key] = finding.severity }
    }
    return worst.mapValues { severity in
        switch severity {
        case .error: return .error
        case .warning: return .warning
        case .info: return .info
        }
    }
}
