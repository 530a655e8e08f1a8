import DesignModel

/// The size past which Mermaid refuses to draw a diagram: `maxTextSize` (characters of the
/// diagram's text, counted as JavaScript does, in UTF-16 units) and `maxEdges`.
package struct MermaidLimits: Equatable, Sendable {
    package var maxTextSize: Int
    package var maxEdges: Int
    package init(maxTextSize: Int, maxEdges: Int) {
        self.maxTextSize = maxTextSize
        self.maxEdges = maxEdges
    }
    /// Mermaid's defaults, which GitHub and GitLab keep.
    package static let mermaidDefaults = MermaidLimits(maxTextSize: 50_000, maxEdges: 500)
}

/// One diagram ready for a ```mermaid block; `caption` names the part when a diagram was split.
struct MermaidDiagram: Equatable {
    var caption: String?
    var text: String
    var edgeCount: Int
}

/// Quoting for Mermaid text. Mermaid turns `#name;` and `#123;` into entities before it parses, so
/// anything that could end a quoted string or be read as syntax is written as an entity code.
enum MermaidText {
    static let maxLabelLength = 200

    /// The inside of a double-quoted label (flowchart nodes, subgraphs, erDiagram entity names and
    /// relationship labels).
    static func label(_ text: String) -> String {
        isPlainLabel(text) ? text : labelByScalars(text)
    }

    /// `label`, scalar by scalar, for any text.
    static func labelByScalars(_ text: String) -> String {
        var result = ""
        var scalars = Array(text.unicodeScalars)
        if scalars.count > maxLabelLength {
            scalars = Array(scalars.prefix(maxLabelLength - 1)) + ["…"]
        }
        for scalar in scalars {
            switch scalar {
            case "\"": result += "#quot;"
            case "#": result += "#35;"
            case "%": result += "#37;"
            case "&": result += "#amp;"
            case "<": result += "#lt;"
            case ">": result += "#gt;"
            case "\\": result += "#92;"
            case "`": result += "#96;"
            case ":": result += "#58;"
            case ";": result += "#59;"
            default:
                if scalar.properties.isWhitespace {
                    // A line with `direction` + whitespace + TB/BT/LR/RL is read as a direction statement.
                    result += endsWithDirection(result) ? "#32;" : " "
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    /// Whether `label` would give the text back as it is: printable ASCII without the characters
    /// written as codes, spaces the only whitespace and none after `direction`, and short enough;
    /// most names and actions, which are then not rebuilt scalar by scalar.
    static func isPlainLabel(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard utf8.count <= maxLabelLength else { return false }
        let direction = Array("direction".utf8)
        var matched = 0
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "#"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "<"),
                 UInt8(ascii: ">"), UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: ":"), UInt8(ascii: ";"):
                return false
            case 0x20:
                if matched == direction.count { return false }
                matched = 0
            case 0x21...0x7E:
                // How much of `direction` (any case) the text ends with so far.
                if matched < direction.count, byte | 0x20 == direction[matched] {
                    matched += 1
                } else {
                    matched = byte | 0x20 == direction[0] ? 1 : 0
                }
            default:
                return false
            }
        }
        return true
    }

    private static func endsWithDirection(_ text: String) -> Bool {
        let tail = text.unicodeScalars.suffix(9)
        return tail.count == 9 && String(String.UnicodeScalarView(tail)).lowercased() == "direction"
    }

    /// An identifier made of ASCII letters, digits and `_`, for flowchart node and subgraph ids.
    static func identifierStem(_ name: String) -> String {
        var stem = ""
        var lastUnderscore = false
        for scalar in name.lowercased().unicodeScalars {
            let v = scalar.value
            if (v >= 97 && v <= 122) || (v >= 48 && v <= 57) {
                stem.unicodeScalars.append(scalar)
                lastUnderscore = false
            } else if !lastUnderscore {
                stem += "_"
                lastUnderscore = true
            }
            if stem.utf8.count >= 40 { break }
        }
        while stem.hasSuffix("_") { stem.removeLast() }
        while stem.hasPrefix("_") { stem.removeFirst() }
        return stem.isEmpty ? "x" : stem
    }

    /// erDiagram words that the lexer reads as keywords when they stand bare.
    static let erKeywords: Set<String> = [
        "erdiagram", "one", "many", "only", "zero", "to", "optionally", "end", "subgraph", "class", "classdef",
        "style", "direction", "acctitle", "accdescr", "title", "u", "pk", "fk", "uk",
    ]

    /// A bare erDiagram entity name needs no quotes: ASCII letters, digits and `_`, not a keyword.
    static func isBareERName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCII,
              first == "_" || (first.value >= 65 && first.value <= 90) || (first.value >= 97 && first.value <= 122)
        else { return false }
        for scalar in name.unicodeScalars {
            let v = scalar.value
            guard scalar == "_" || (v >= 48 && v <= 57) || (v >= 65 && v <= 90) || (v >= 97 && v <= 122) else { return false }
        }
        return !erKeywords.contains(name.lowercased())
    }

    /// An erDiagram attribute type or name: ASCII letters, digits, `_`, and for types `()[]`;
    /// everything else becomes `_`. Never `PK`, `FK` or `UK`, which the lexer reads as keys.
    static func erWord(_ text: String, allowBrackets: Bool) -> String {
        var word = ""
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if scalar == "_" || (v >= 48 && v <= 57) || (v >= 65 && v <= 90) || (v >= 97 && v <= 122) {
                word.unicodeScalars.append(scalar)
            } else if allowBrackets && (scalar == "(" || scalar == ")" || scalar == "[" || scalar == "]") {
                word.unicodeScalars.append(scalar)
            } else {
                word += "_"
            }
            if word.utf8.count >= 60 { break }
        }
        if word.isEmpty { word = "unknown" }
        if let first = word.unicodeScalars.first, !(first == "_" || (first.value >= 65 && first.value <= 90) || (first.value >= 97 && first.value <= 122)) {
            word = "_" + word
        }
        if erKeywords.contains(word.lowercased()) { word += "_" }
        return word
    }

    /// A relationship label, double-quoted.
    static func erRole(_ text: String) -> String { "\"\(label(text))\"" }
}

/// Lines of a diagram that can be split: nodes (declarations, possibly inside a group such as a
/// flowchart subgraph) and edges that need some of those nodes declared in the same diagram.
struct MermaidPiece {
    struct Node {
        var id: String
        var lines: String
        var group: Int?
    }
    struct Edge {
        var line: String
        var needs: [String]
    }
    /// A unit that stays together when it fits: one service or one table with its edges.
    struct Unit {
        var nodes: [String]
        var edges: [Edge]
    }
}

/// Packs units into as few diagrams as stay within the limits, keeping each unit whole where it
/// fits and splitting a unit's edges where it alone does not.
struct MermaidPacker {
    let header: String
    let limits: MermaidLimits
    let nodes: [String: MermaidPiece.Node]
    /// Group index to its opening and closing lines.
    let groups: [(open: String, close: String)]

    private struct Chunk {
        var nodeOrder: [String] = []
        var nodeSet: Set<String> = []
        var groupSet: Set<Int> = []
        var edges: [String] = []
        var size = 0
    }

    func size(of text: String) -> Int { text.utf16.count }

    func pack(_ units: [MermaidPiece.Unit]) -> [(text: String, edges: Int)] {
        var chunks: [Chunk] = []
        var current = Chunk()
        current.size = size(of: header)
        let empty = current
        func cost(of unit: MermaidPiece.Unit, in chunk: Chunk) -> (size: Int, edges: Int) {
            var added = 0
            var seenNodes: Set<String> = []
            var seenGroups: Set<Int> = []
            func addNode(_ id: String) {
                guard !chunk.nodeSet.contains(id), !seenNodes.contains(id), let node = nodes[id] else { return }
                seenNodes.insert(id)
                added += size(of: node.lines)
                if let group = node.group, !chunk.groupSet.contains(group), !seenGroups.contains(group) {
                    seenGroups.insert(group)
                    added += size(of: groups[group].open) + size(of: groups[group].close)
                }
            }
            for id in unit.nodes { addNode(id) }
            for edge in unit.edges {
                for id in edge.needs { addNode(id) }
                added += size(of: edge.line)
            }
            return (added, unit.edges.count)
        }
        func add(_ unit: MermaidPiece.Unit, to chunk: inout Chunk, cost: (size: Int, edges: Int)) {
            func addNode(_ id: String) {
                guard !chunk.nodeSet.contains(id), let node = nodes[id] else { return }
                chunk.nodeSet.insert(id)
                chunk.nodeOrder.append(id)
                if let group = node.group { chunk.groupSet.insert(group) }
            }
            for id in unit.nodes { addNode(id) }
            for edge in unit.edges {
                for id in edge.needs { addNode(id) }
                chunk.edges.append(edge.line)
            }
            chunk.size += cost.size
        }
        func fits(_ cost: (size: Int, edges: Int), _ chunk: Chunk) -> Bool {
            chunk.size + cost.size <= limits.maxTextSize && chunk.edges.count + cost.edges <= limits.maxEdges
        }
        var queue = units.reversed().map { $0 }
        while let unit = queue.popLast() {
            let unitCost = cost(of: unit, in: current)
            if fits(unitCost, current) {
                add(unit, to: &current, cost: unitCost)
                continue
            }
            if !current.nodeOrder.isEmpty || !current.edges.isEmpty {
                chunks.append(current)
                current = empty
                queue.append(unit)
                continue
            }
            // The unit alone is too large for one diagram: its edges are shared out over as few
            // diagrams as hold them, each with the unit's own nodes. A single edge that does not fit
            // even alone (it cannot happen with labels cut to 200 characters) goes alone.
            var part = empty
            add(MermaidPiece.Unit(nodes: unit.nodes, edges: []), to: &part,
                cost: cost(of: MermaidPiece.Unit(nodes: unit.nodes, edges: []), in: empty))
            let base = part
            for edge in unit.edges {
                let single = MermaidPiece.Unit(nodes: [], edges: [edge])
                var edgeCost = cost(of: single, in: part)
                if !fits(edgeCost, part) && !part.edges.isEmpty {
                    chunks.append(part)
                    part = base
                    edgeCost = cost(of: single, in: part)
                }
                add(single, to: &part, cost: edgeCost)
            }
            chunks.append(part)
        }
        if !current.nodeOrder.isEmpty || !current.edges.isEmpty { chunks.append(current) }
        return chunks.map { (render($0), $0.edges.count) }
    }

    private func render(_ chunk: Chunk) -> String {
        var text = header
        var grouped: [Int: [String]] = [:]
        var groupOrder: [Int] = []
        var loose: [String] = []
        for id in chunk.nodeOrder {
            guard let node = nodes[id] else { continue }
            if let group = node.group {
                if grouped[group] == nil { groupOrder.append(group) }
                grouped[group, default: []].append(node.lines)
            } else {
                loose.append(node.lines)
            }
        }
        for group in groupOrder {
            text += groups[group].open
            for lines in grouped[group] ?? [] { text += lines }
            text += groups[group].close
        }
        for lines in loose { text += lines }
        for edge in chunk.edges { text += edge }
        return text
    }
}

/// Builds the service map (flowchart) and the ERD (erDiagram) of a design.
enum MermaidBuilder {
    // MARK: Service map

    struct ServiceMap {
        var diagrams: [MermaidDiagram]
        /// Set when the map was split: by how much it was over the limits.
        var splitReason: String?
        var edgeCount: Int
    }

    static func serviceMap(_ design: Design, limits: MermaidLimits) -> ServiceMap {
        var usedIDs: Set<String> = []
        func makeID(_ prefix: String, _ name: String) -> String {
            let stem = prefix + MermaidText.identifierStem(name)
            var id = stem
            var n = 2
            while usedIDs.contains(id) {
                id = "\(stem)_\(n)"
                n += 1
            }
            usedIDs.insert(id)
            return id
        }
        // Domains become subgraphs, in the order they first appear.
        var domainIndex: [String: Int] = [:]
        var domainNames: [String] = []
        var groups: [(open: String, close: String)] = []
        var serviceID: [String: String] = [:]
        var serviceDomain: [String: Int] = [:]
        var nodes: [String: MermaidPiece.Node] = [:]
        var nodeOrder: [String] = []
        for service in design.services where serviceID[service.name] == nil {
            var group: Int?
            if let domain = service.domain, !domain.trimmingSpaces.isEmpty {
                if let index = domainIndex[domain] {
                    group = index
                } else {
                    let index = domainNames.count
                    domainIndex[domain] = index
                    domainNames.append(domain)
                    groups.append(("    subgraph \(makeID("d_", domain)) [\"\(MermaidText.label(domain))\"]\n", "    end\n"))
                    group = index
                }
            }
            let id = makeID("s_", service.name)
            serviceID[service.name] = id
            serviceDomain[service.name] = group
            let indent = group == nil ? "    " : "        "
            nodes[id] = MermaidPiece.Node(id: id, lines: "\(indent)\(id)[\"\(MermaidText.label(service.name))\"]\n", group: group)
            nodeOrder.append(id)
        }
        func service(_ name: String) -> String {
            if let id = serviceID[name] { return id }
            // A service the design does not define still gets a node, so the diagram parses.
            let id = makeID("s_", name)
            serviceID[name] = id
            nodes[id] = MermaidPiece.Node(id: id, lines: "    \(id)[\"\(MermaidText.label(name))\"]\n", group: nil)
            nodeOrder.append(id)
            return id
        }
        var eventID: [String: String] = [:]
        func event(_ name: String) -> String {
            if let id = eventID[name] { return id }
            let id = makeID("e_", name)
            eventID[name] = id
            nodes[id] = MermaidPiece.Node(id: id, lines: "    \(id)([\"\(MermaidText.label(name))\"])\n", group: nil)
            nodeOrder.append(id)
            return id
        }
        for item in design.events { _ = event(item.name) }

        // Edges, each once, in design order: calls first, then producers and consumers of events.
        struct EdgeSpec {
            var from: String
            var to: String
            var line: String
            /// The services at either end, to place the edge in a domain's diagram.
            var services: [String]
        }
        var edges: [EdgeSpec] = []
        var seen: Set<String> = []
        func addEdge(_ from: String, _ to: String, label: String, async: Bool, services: [String]) {
            let key = "\(from)>\(to)"
            guard seen.insert(key).inserted else { return }
            let arrow = async ? "-.->" : "-->"
            edges.append(EdgeSpec(from: from, to: to, line: "    \(from) \(arrow)|\(label)| \(to)\n", services: services))
        }
        for caller in design.services {
            let from = service(caller.name)
            for call in caller.calls {
                let style = call.style ?? .rest
                if style.isAsynchronous, let eventName = call.event, !eventName.isEmpty {
                    let node = event(eventName)
                    addEdge(from, node, label: style.rawValue, async: true, services: [caller.name])
                    addEdge(node, service(call.service), label: style.rawValue, async: true, services: [call.service])
                } else {
                    addEdge(from, service(call.service), label: style.rawValue, async: style.isAsynchronous,
                            services: [caller.name, call.service])
                }
            }
        }
        for item in design.events {
            let node = event(item.name)
            if let producer = item.producer {
                addEdge(service(producer), node, label: "publishes", async: true, services: [producer])
            }
            for consumer in item.consumers {
                addEdge(node, service(consumer), label: "consumes", async: true, services: [consumer])
            }
        }

        let header = "flowchart LR\n"
        let packer = MermaidPacker(header: header, limits: limits, nodes: nodes, groups: groups)
        let whole = MermaidPiece.Unit(nodes: nodeOrder, edges: edges.map {
            MermaidPiece.Edge(line: $0.line, needs: [$0.from, $0.to])
        })
        let wholeCost = packer.size(of: header) + nodeOrder.reduce(0) { $0 + packer.size(of: nodes[$1]!.lines) }
            + groups.reduce(0) { $0 + packer.size(of: $1.open) + packer.size(of: $1.close) }
            + edges.reduce(0) { $0 + packer.size(of: $1.line) }
        if wholeCost <= limits.maxTextSize && edges.count <= limits.maxEdges {
            let packed = packer.pack([whole])
            return ServiceMap(diagrams: packed.map { MermaidDiagram(caption: nil, text: $0.text, edgeCount: $0.edges) },
                              splitReason: nil, edgeCount: edges.count)
        }

        // Split by domain: each domain's diagram shows its services with every edge that touches
        // them, and the services and events at the other end of those edges.
        let noDomain = domainNames.count
        var unitsByDomain: [[MermaidPiece.Unit]] = Array(repeating: [], count: domainNames.count + 1)
        var unitIndex: [String: (domain: Int, index: Int)] = [:]
        for item in design.services where unitIndex[item.name] == nil {
            let domain = serviceDomain[item.name] ?? noDomain
            unitIndex[item.name] = (domain, unitsByDomain[domain].count)
            unitsByDomain[domain].append(MermaidPiece.Unit(nodes: [serviceID[item.name]!], edges: []))
        }
        for edge in edges {
            var placed: Set<Int> = []
            for name in edge.services {
                guard let (domain, index) = unitIndex[name], placed.insert(domain).inserted else { continue }
                unitsByDomain[domain][index].edges.append(MermaidPiece.Edge(line: edge.line, needs: [edge.from, edge.to]))
            }
        }
        var diagrams: [MermaidDiagram] = []
        for domain in 0...noDomain where !unitsByDomain[domain].isEmpty {
            let packed = packer.pack(unitsByDomain[domain])
            let name = domain < noDomain ? "Domain \(domainNames[domain])" : "Services without a domain"
            for (part, diagram) in packed.enumerated() {
                let caption = packed.count == 1 ? name : "\(name), part \(part + 1) of \(packed.count)"
                diagrams.append(MermaidDiagram(caption: caption, text: diagram.text, edgeCount: diagram.edges))
            }
        }
        let reason = "\(NumberText.grouped(edges.count)) connections and \(NumberText.grouped(wholeCost)) characters"
        return ServiceMap(diagrams: diagrams, splitReason: reason, edgeCount: edges.count)
    }

    // MARK: ERD

    struct EntityDiagram {
        var diagrams: [MermaidDiagram]
        var splitReason: String?
        /// Tables drawn without their columns because one table alone is past the limits.
        var tablesWithoutColumns: [String]
    }

    /// How a foreign key reads in crow's foot notation, from the referenced (parent) table.
    static func relationship(for column: Column, in table: Table) -> String {
        let keyColumns = table.primaryKeyColumns
        let isKey = keyColumns.contains(column.name)
        let nullable = column.nullable ?? !isKey
        let parent = nullable ? "|o" : "||"
        let oneToOne = column.unique == true || (keyColumns == [column.name])
        let child = oneToOne ? "o|" : "o{"
        let identifying = isKey ? "--" : ".."
        return parent + identifying + child
    }

    static func entityDiagram(_ design: Design, limits: MermaidLimits) -> EntityDiagram {
        // Entity names: bare where the lexer allows, quoted otherwise; never two alike.
        var entityName: [String: String] = [:]
        var used: Set<String> = []
        func entity(_ table: String) -> String {
            if let name = entityName[table] { return name }
            var name: String
            if MermaidText.isBareERName(table) {
                name = table
            } else {
                name = "\"\(MermaidText.label(table))\""
            }
            var n = 2
            let base = name
            while used.contains(name.lowercased()) {
                name = base.hasSuffix("\"") ? "\(base.dropLast()) (\(n))\"" : "\(base)_\(n)"
                n += 1
            }
            used.insert(name.lowercased())
            entityName[table] = name
            return name
        }
        let tableNames = Set(design.tables.map(\.name))
        for table in design.tables { _ = entity(table.name) }

        var nodes: [String: MermaidPiece.Node] = [:]
        var units: [(owner: String?, unit: MermaidPiece.Unit)] = []
        var tablesWithoutColumns: [String] = []
        var totalSize = "erDiagram\n".utf16.count
        var totalEdges = 0
        for (index, table) in design.tables.enumerated() {
            let name = entity(table.name)
            let keyColumns = Set(table.primaryKeyColumns)
            var block = "    \(name) {\n"
            for column in table.columns {
                var keys: [String] = []
                if keyColumns.contains(column.name) { keys.append("PK") }
                if column.references != nil { keys.append("FK") }
                if column.unique == true, !keys.contains("PK") { keys.append("UK") }
                let type = MermaidText.erWord(column.type ?? "unknown", allowBrackets: true)
                let columnName = MermaidText.erWord(column.name, allowBrackets: false)
                block += "        \(type) \(columnName)\(keys.isEmpty ? "" : " " + keys.joined(separator: ", "))\n"
            }
            block += "    }\n"
            if table.columns.isEmpty || block.utf16.count + 20 > limits.maxTextSize / 2 {
                if !table.columns.isEmpty { tablesWithoutColumns.append(table.name) }
                block = "    \(name)\n"
            }
            let id = "t\(index)"
            nodes[id] = MermaidPiece.Node(id: id, lines: block, group: nil)
            var edges: [MermaidPiece.Edge] = []
            for column in table.columns {
                guard let target = column.referencedColumn, tableNames.contains(target.table) else { continue }
                let line = "    \(entity(target.table)) \(relationship(for: column, in: table)) \(name) : \(MermaidText.erRole(column.name))\n"
                edges.append(MermaidPiece.Edge(line: line, needs: []))
            }
            totalSize += block.utf16.count + edges.reduce(0) { $0 + $1.line.utf16.count }
            totalEdges += edges.count
            units.append((table.service, MermaidPiece.Unit(nodes: [id], edges: edges)))
        }
        let packer = MermaidPacker(header: "erDiagram\n", limits: limits, nodes: nodes, groups: [])
        if totalSize <= limits.maxTextSize && totalEdges <= limits.maxEdges {
            let merged = MermaidPiece.Unit(nodes: units.flatMap(\.unit.nodes), edges: units.flatMap(\.unit.edges))
            let packed = packer.pack([merged])
            return EntityDiagram(diagrams: packed.map { MermaidDiagram(caption: nil, text: $0.text, edgeCount: $0.edges) },
                                 splitReason: nil, tablesWithoutColumns: tablesWithoutColumns)
        }
        // Split by owning service, in the order the services are defined, then tables without one.
        var order: [String?] = design.services.map(\.name)
        for item in units where !order.contains(item.owner) { order.append(item.owner) }
        var diagrams: [MermaidDiagram] = []
        for owner in order {
            let owned = units.filter { $0.owner == owner }.map(\.unit)
            guard !owned.isEmpty else { continue }
            let packed = packer.pack(owned)
            let name = owner.map { "Tables of service \($0)" } ?? "Tables without an owner"
            for (part, diagram) in packed.enumerated() {
                let caption = packed.count == 1 ? name : "\(name), part \(part + 1) of \(packed.count)"
                diagrams.append(MermaidDiagram(caption: caption, text: diagram.text, edgeCount: diagram.edges))
            }
        }
        let reason = "\(NumberText.grouped(totalEdges)) relationships and \(NumberText.grouped(totalSize)) characters"
        return EntityDiagram(diagrams: diagrams, splitReason: reason, tablesWithoutColumns: tablesWithoutColumns)
    }
}

extension MermaidBuilder {
    /// A flow as a `sequenceDiagram`: the participants of `FlowDiagram` in its order (the client as
    /// an actor, a service and its tables in a box), one message per step (`->>` when the sender
    /// waits, `--)` when it does not) and a note under each step that has a compensation. Ids are
    /// `p1`, `p2`…; names and actions are labels with entity codes, so no name or text can read
    /// as a keyword (`end`, `box`, `as`) or end a statement (`;`, `#`). Nil when the flow has no
    /// steps, or more than one diagram can show (the steps table says it all then).
    static func sequence(_ flow: Flow, in design: Design, limits: MermaidLimits,
                         tables: FlowDiagram.TableOwners? = nil) -> MermaidDiagram? {
        guard !flow.steps.isEmpty, flow.steps.count <= limits.maxEdges else { return nil }
        let diagram = FlowDiagram.sequence(for: flow, in: design, tables: tables)
        var ids: [String: String] = [:]
        for (index, participant) in diagram.participants.enumerated() { ids[participant.id] = "p\(index + 1)" }
        func declaration(_ index: Int, indent: String) -> String {
            let participant = diagram.participants[index]
            let word = participant.kind == .actor ? "actor" : "participant"
            let suffix: String
            switch participant.kind {
            case .actor, .service: suffix = ""
            case .store: suffix = " (table)"
            case .queue: suffix = " (event)"
            case .external: suffix = " (external)"
            }
            return "\(indent)\(word) p\(index + 1) as \(MermaidText.label(participant.title + suffix))\n"
        }
        var text = "sequenceDiagram\n"
        var i = 0
        let participants = diagram.participants
        while i < participants.count {
            var j = i
            if let group = participants[i].group {
                while j + 1 < participants.count, participants[j + 1].group == group { j += 1 }
            }
            if j > i, let group = participants[i].group {
                // `transparent` first: box reads a leading colour name as the box's colour.
                text += "    box transparent \(MermaidText.label(group))\n"
                for k in i...j { text += declaration(k, indent: "        ") }
                text += "    end\n"
            } else {
                text += declaration(i, indent: "    ")
            }
            i = j + 1
        }
        for (index, step) in flow.steps.enumerated() {
            let message = diagram.messages[index]
            guard let from = ids[message.from], let to = ids[message.to] else { continue }
            let arrow = message.line == .solid ? "->>" : "--)"
            text += "    \(from)\(arrow)\(to): \(MermaidText.label(message.label))\n"
            if let compensation = step.compensation, compensation.contains(where: { !$0.isWhitespace }) {
                let undo = "undo step \(index + 1): " + compensation.split(whereSeparator: \.isNewline).joined(separator: " ")
                text += "    Note right of \(from): \(MermaidText.label(undo))\n"
            }
        }
        text.removeLast()
        guard text.utf16.count <= limits.maxTextSize else { return nil }
        return MermaidDiagram(caption: nil, text: text, edgeCount: flow.steps.count)
    }
}
