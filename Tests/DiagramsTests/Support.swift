import DesignExport
import DesignModel
import Diagrams
import ArchbenchTestSupport
import Foundation
import TerminalUI
import Testing

/// Files the tests read and write, found from this source file.
enum Paths {
    static let testsFolder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
    static let repositoryRoot = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
    static let shop = Fixture.shopPath
    static func golden(_ name: String) -> URL { testsFolder.appendingPathComponent("Golden/\(name)") }
}

func loadShop() throws -> Design { try DesignLoader.load(contentsOf: Paths.shop).design }

/// Compares with this target's golden file `Golden/NAME`.
func expectGolden(_ text: String, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    try ArchbenchTestSupport.expectGolden(text, at: Paths.golden(name), sourceLocation: sourceLocation)
}

/// A screen of `size` showing the scene, as text, the way the golden files hold it.
func screen(_ scene: DiagramScene, _ size: Size) -> String {
    var buffer = Buffer(size: size)
    scene.render(buffer.area, in: &buffer)
    return buffer.lines().map { line in
        var s = Substring(line)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }.joined(separator: "\n") + "\n"
}

/// A schema of 60 tables in four services, shaped like real ones: a few roots (users,
/// products), chains and fan-ins of foreign keys, a self-reference, nullable and unique keys,
/// one key across services and a couple of tables with no keys at all.
func sixtyTableDesign() -> Design {
    var design = Design(title: "Sixty tables")
    let services = ["accounts", "catalog", "orders", "billing"]
    design.services = services.map { Service(name: $0, domain: $0.capitalized) }
    for t in 0..<60 {
        let service = services[t / 15]
        let first = (t / 15) * 15
        var columns = [Column(name: "id", type: "uuid", primaryKey: true)]
        let local = t - first
        if local > 0 {
            // Each table refers to an earlier one of its service: a tree with some depth.
            let parent = first + (local - 1) / 2
            columns.append(Column(name: "t\(parent)_id", type: "uuid", nullable: local % 4 == 3, unique: local % 7 == 5,
                                  references: "t\(parent).id"))
        }
        if local > 3, local % 3 == 0 {
            columns.append(Column(name: "alt_t\(first + local - 3)_id", type: "uuid", nullable: true, references: "t\(first + local - 3).id"))
        }
        if t == 7 { columns.append(Column(name: "parent_id", type: "uuid", nullable: true, references: "t7.id")) }
        if t == 20 { columns.append(Column(name: "owner_id", type: "uuid", references: "t0.id")) }
        columns.append(Column(name: "name", type: "text", nullable: false))
        columns.append(Column(name: "created_at", type: "timestamptz"))
        design.tables.append(DesignModel.Table(name: "t\(t)", service: service, columns: columns))
    }
    // Two tables without keys either way.
    design.tables.append(DesignModel.Table(name: "audit_log", service: "billing", columns: [Column(name: "id", type: "bigint", primaryKey: true)]))
    design.tables.append(DesignModel.Table(name: "settings", service: "accounts", columns: [Column(name: "key", type: "text", primaryKey: true)]))
    return design
}

/// Services with synchronous cycles (a ⇄ b, c → d → e → c) and asynchronous back-calls that
/// must not count as cycles.
func cyclicServiceDesign() -> Design {
    var design = Design(title: "Cycles")
    design.services = [
        Service(name: "a", domain: "Alpha", calls: [ServiceCall(service: "b", style: .rest)]),
        Service(name: "b", domain: "Beta", calls: [ServiceCall(service: "a", style: .grpc), ServiceCall(service: "c", style: .rest)]),
        Service(name: "c", domain: "Gamma", calls: [ServiceCall(service: "d", style: .graphql)]),
        Service(name: "d", calls: [ServiceCall(service: "e", style: .rest)]),
        Service(name: "e", calls: [ServiceCall(service: "c", style: .rest), ServiceCall(service: "f", style: .rest)]),
        Service(name: "f", calls: [ServiceCall(service: "e", style: .event, event: "f.done"), ServiceCall(service: "a", style: .queue)]),
    ]
    return design
}

/// A service map of `count` services: a layered call graph with fan-out, skips across
/// layers and event back-calls.
func largeServiceDesign(count: Int) -> Design {
    var design = Design(title: "Many services")
    for s in 0..<count {
        var calls: [ServiceCall] = []
        if s + 1 < count { calls.append(ServiceCall(service: "svc\(s + 1)", style: .rest)) }
        if s + 7 < count, s % 3 == 0 { calls.append(ServiceCall(service: "svc\(s + 7)", style: .grpc)) }
        if s >= 5, s % 4 == 1 { calls.append(ServiceCall(service: "svc\(s - 5)", style: .event, event: "e\(s)")) }
        design.services.append(Service(name: "svc\(s)", domain: "Domain \(s / 10)", calls: calls))
    }
    return design
}

/// Checks the geometry every diagram must have; returns a description of each problem.
func geometryProblems(_ graph: DiagramGraph, _ layout: DiagramLayout) -> [String] {
    var problems: [String] = []
    let rects = layout.nodeRects
    for i in rects.indices {
        let r = rects[i]
        if r.left < 0 || r.top < 0 || r.right > layout.size.width || r.bottom > layout.size.height {
            problems.append("\(graph.nodes[i].id) \(r) outside canvas \(layout.size)")
        }
        for j in (i + 1)..<rects.count where !r.intersection(rects[j]).isEmpty {
            problems.append("\(graph.nodes[i].id) \(r) overlaps \(graph.nodes[j].id) \(rects[j])")
        }
    }
    func onBorder(_ p: Position, _ r: Rect) -> Bool {
        guard r.contains(p) else { return false }
        let vertical = p.x == r.left || p.x == r.right - 1
        let horizontal = p.y == r.top || p.y == r.bottom - 1
        return vertical != horizontal  // on a side, not a corner
    }
    for (e, edge) in graph.edges.enumerated() {
        let route = layout.edgeRoutes[e]
        guard route.isRouted else {
            problems.append("edge \(edge.from)->\(edge.to) not routed")
            continue
        }
        guard let f = graph.index(of: edge.from), let t = graph.index(of: edge.to) else { continue }
        let cells = route.cells
        if !onBorder(cells.first!, rects[f]) { problems.append("edge \(edge.from)->\(edge.to) starts at \(cells.first!) off \(rects[f])") }
        if !onBorder(cells.last!, rects[t]) { problems.append("edge \(edge.from)->\(edge.to) ends at \(cells.last!) off \(rects[t])") }
        for (a, b) in zip(route.points, route.points.dropFirst()) where a.x != b.x && a.y != b.y {
            problems.append("edge \(edge.from)->\(edge.to) has a diagonal step \(a)->\(b)")
        }
        for c in cells.dropFirst().dropLast() {
            if c.x < 0 || c.y < 0 || c.x >= layout.size.width || c.y >= layout.size.height {
                problems.append("edge \(edge.from)->\(edge.to) leaves the canvas at \(c)")
            }
            if let n = layout.node(at: c) {
                problems.append("edge \(edge.from)->\(edge.to) runs through \(graph.nodes[n].id) at \(c)")
                break
            }
        }
    }
    return problems
}
