import DesignModel
import DesignRules
import TerminalUI

/// The workbench's panes, in tab order; the raw value + 1 is the number key that shows it.
package enum Pane: Int, CaseIterable, Sendable {
    case overview, endpoints, services, erd, scaling, flows

    package var title: String {
        switch self {
        case .overview: "Overview"
        case .endpoints: "Endpoints"
        case .services: "Services"
        case .erd: "ERD"
        case .scaling: "Scaling"
        case .flows: "Flows"
        }
    }

    /// Names accepted by `:` commands.
    static func named(_ name: String) -> Pane? {
        switch name.lowercased() {
        case "overview", "o", "requirements": .overview
        case "endpoints", "endpoint", "e", "api": .endpoints
        case "services", "service", "s": .services
        case "erd", "tables", "table", "t", "schema": .erd
        case "scaling", "scale": .scaling
        case "flows", "flow", "sequences": .flows
        default: nil
        }
    }
}

/// How the endpoint list is grouped.
package enum EndpointGrouping: Sendable, Equatable {
    case service, path
}

/// One row of a pane's list. `ref` identifies what the row shows (an element, or a
/// `section:` part of the design); `index` is the element's position in its design array, so
/// the detail view finds it without searching.
package struct PaneRow: Sendable, Equatable {
    package var ref: ElementRef?
    package var index: Int
    /// Lowercased text the `/` search matches against.
    package var searchText: String
    /// "No flows yet": a row that stands for an empty list (selectable, so the finding asking
    /// for its elements has a place), not counted in the pane's title.
    package var isPlaceholder = false
    package var isSelectable: Bool { ref != nil }
}

/// An element the quick jump can go to.
package struct JumpTarget: Sendable, Equatable {
    package var label: String
    package var ref: ElementRef
    package var pane: Pane
    package var row: Int
}

/// Everything the panes show that depends only on the design and its findings, built once per
/// model change so that a key press and a frame cost time proportional to the screen, not to
/// the size of the design.
package struct WorkbenchViewModel: Sendable {
    package private(set) var rows: [[PaneRow]] = Array(repeating: [], count: Pane.allCases.count)
    package private(set) var items: [[ListItem]] = Array(repeating: [], count: Pane.allCases.count)
    /// Where each row ref sits.
    package private(set) var location = RowLocations()
    /// Findings, most severe first.
    package private(set) var findings: [Finding] = []
    package private(set) var counts = FindingCounts()
    /// The widest rule id and element name among the findings: the findings panel's columns.
    package private(set) var findingColumns: (rule: Int, element: Int) = (0, 0)
    package private(set) var markers: [ElementRef: RowMarker] = [:]
    /// Open review comments by the row that shows their element (CommentActions.swift).
    package private(set) var openComments: [ElementRef: Int] = [:]
    /// Findings by the row they belong to, for the detail view.
    package private(set) var findingsByRow: [ElementRef: [Finding]] = [:]
    /// The quick jump's targets, pane by pane.
    private var paneJumpTargets: [[JumpTarget]] = Array(repeating: [], count: Pane.allCases.count)
    package var jumpTargets: [JumpTarget] { paneJumpTargets.flatMap { $0 } }
    /// What the rows were built from: the next build keeps the rows of every pane whose part
    /// of the design and whose markers did not change.
    private var builtFrom: (design: Design, grouping: EndpointGrouping, glyphs: Glyphs, compared: Bool)?
    /// Panes whose rows were not built (`only`): empty until the next build, which builds them.
    package private(set) var unbuilt: Set<Pane> = []

    package init() {}

    /// Change markers by row, while `:diff` compares with an earlier version.
    package private(set) var changeMarks: [ElementRef: ChangeMark] = [:]

    /// Builds the rows of every pane; with `previous`, the view model of the design before an
    /// edit, only those of the panes the edit touched (their part of the design, or the markers
    /// of their rows): the others are taken as they were.
    /// `only` builds that pane's rows alone (the first frame of a large design shows one pane,
    /// and the checks that follow at once build the view model again).
    package init(design: Design, findings: [Finding], grouping: EndpointGrouping, glyphs: Glyphs, changes: ChangeReview? = nil,
                 previous: WorkbenchViewModel? = nil, only: Pane? = nil) {
        // The validator reports in this order already: sort only what comes otherwise.
        self.findings = Finding.isInReportOrder(findings) ? findings : findings.sorted(by: Finding.reportOrder)
        var markersKept = false
        if let previous, let before = previous.builtFrom, Finding.sameList(previous.findings, self.findings),
           RowInputs.findingRowsSame(before.design, design) {
            markersKept = true
            // An edit that changed no finding (most text edits): the same markers and lists.
            counts = previous.counts
            findingColumns = previous.findingColumns
            markers = previous.markers
            findingsByRow = previous.findingsByRow
        } else {
            placeFindings(design: design)
        }
        openComments = WorkbenchViewModel.openCommentCounts(design)
        changeMarks = changes?.marks ?? [:]
        let compared = changes != nil
        let touched = previous.map {
            WorkbenchViewModel.panesToBuild(design: design, grouping: grouping, glyphs: glyphs, compared: compared,
                                            markers: markersKept ? nil : markers, openComments: openComments, previous: $0)
        }
        var panes = (touched?.panes ?? Set(Pane.allCases)).union(previous?.unbuilt ?? [])
        if let only {
            unbuilt = Set(Pane.allCases).subtracting([only])
            panes = [only]
        }
        builtFrom = (design, grouping, glyphs, compared)
        var builder = RowBuilder(markers: markers, glyphs: glyphs)
        builder.openComments = openComments
        builder.changeMarks = changeMarks
        for pane in Pane.allCases {
            if unbuilt.contains(pane) { continue }
            guard panes.contains(pane) else {
                // Untouched by the edit: the same rows, items and targets as before.
                rows[pane.rawValue] = previous!.rows[pane.rawValue]
                items[pane.rawValue] = previous!.items[pane.rawValue]
                location.panes[pane.rawValue] = previous!.location.panes[pane.rawValue]
                paneJumpTargets[pane.rawValue] = previous!.paneJumpTargets[pane.rawValue]
                continue
            }
            if pane == .endpoints, let previous, let touched, !touched.everything, !previous.unbuilt.contains(.endpoints),
               patchEndpointRows(design: design, grouping: grouping, builder: &builder, previous: previous, markedRefs: touched.refs) {
                continue
            }
            switch pane {
            case .overview: builder.overview(design)
            case .endpoints: builder.endpoints(design, grouping: grouping)
            case .services: builder.services(design)
            case .erd: builder.erd(design)
            case .scaling: builder.scaling(design)
            case .flows: builder.flows(design)
            }
            if let changes, !changes.removed.isEmpty { builder.ghosts(changes.removed, in: pane, since: changes.base.label) }
            rows[pane.rawValue] = builder.rows[pane.rawValue]
            items[pane.rawValue] = builder.items[pane.rawValue]
            var places: [ElementRef: Int] = [:]
            places.reserveCapacity(rows[pane.rawValue].count)
            for (i, row) in rows[pane.rawValue].enumerated() {
                // The first row of a ref wins: one lookup that inserts only when absent.
                guard let ref = row.ref else { continue }
                if places.index(forKey: ref) == nil { places[ref] = i }
            }
            location.panes[pane.rawValue] = places
            // Each kind that has jump targets has its rows in one pane, the one built here.
            paneJumpTargets[pane.rawValue] = builder.jumpTargets.compactMap { label, ref in
                places[ref].map { JumpTarget(label: label, ref: ref, pane: pane, row: $0) }
            }
            builder.jumpTargets = []
        }
    }

    /// Counts, markers and the findings of each row, from the findings in report order.
    private mutating func placeFindings(design: Design) {
        counts = FindingCounts(findings)
        findingsByRow.reserveCapacity(findings.count)
        markers.reserveCapacity(findings.count)
        var ruleWidths: [String: Int] = [:]
        for finding in findings {
            let ruleWidth = ruleWidths[finding.ruleID] ?? finding.ruleID.displayWidth
            ruleWidths[finding.ruleID] = ruleWidth
            findingColumns.rule = max(findingColumns.rule, ruleWidth)
            // `KIND:NAME` (ElementRef.description) measured without being built.
            let elementWidth = finding.element.map { $0.kind.rawValue.utf8.count + 1 + $0.name.displayWidth } ?? "design".utf8.count
            findingColumns.element = max(findingColumns.element, elementWidth)
            guard let row = WorkbenchViewModel.rowRef(for: finding, in: design) else { continue }
            findingsByRow[row, default: []].append(finding)
            if var m = markers[row] {
                m.count += 1
                m.worst = max(m.worst, finding.severity)
                markers[row] = m
            } else {
                markers[row] = RowMarker(count: 1, worst: finding.severity)
            }
        }
    }

    /// The panes whose rows an edit from `previous` to `design` changes: those whose part of the
    /// design differs in what their rows show, and those holding a row whose finding or comment
    /// marker changed (`markers` nil: the previous ones, kept). Everything, when the glyphs, the
    /// grouping or a `:diff` comparison differ.
    static func panesToBuild(design: Design, grouping: EndpointGrouping, glyphs: Glyphs, compared: Bool,
                             markers: [ElementRef: RowMarker]?, openComments: [ElementRef: Int],
                             previous: WorkbenchViewModel) -> (panes: Set<Pane>, refs: Set<ElementRef>, everything: Bool) {
        guard let before = previous.builtFrom, before.grouping == grouping, before.glyphs == glyphs,
              !before.compared, !compared else { return (Set(Pane.allCases), [], true) }
        let old = before.design
        var panes = Set<Pane>()
        if !RowInputs.overviewSame(old, design) { panes.insert(.overview) }
        if !RowInputs.same(old.endpoints, design.endpoints, by: RowInputs.endpoint) { panes.insert(.endpoints) }
        if !RowInputs.same(old.services, design.services, by: RowInputs.service)
            || !RowInputs.same(old.events, design.events, by: RowInputs.event) { panes.insert(.services) }
        if !RowInputs.same(old.tables, design.tables, by: RowInputs.table) { panes.insert(.erd) }
        if !RowInputs.scalingSame(old.scaling, design.scaling) { panes.insert(.scaling) }
        if !RowInputs.same(old.flows, design.flows, by: RowInputs.flow) { panes.insert(.flows) }
        var refs = Set<ElementRef>()
        func touched(_ ref: ElementRef) {
            refs.insert(ref)
            if ref.kind == .section {
                // Section rows sit in the overview, the scaling pane and the flows pane.
                panes.formUnion([.overview, .scaling, .flows])
            } else {
                panes.insert(ChangeReview.pane(of: ref.kind))
            }
        }
        if let markers {
            var differences = 0
            for (ref, marker) in markers where previous.markers[ref] != marker {
                differences += 1
                touched(ref)
            }
            // The same count and no difference: no marker was removed either.
            if previous.markers.count != markers.count || differences > 0 {
                for ref in previous.markers.keys where markers[ref] == nil { touched(ref) }
            }
        }
        if openComments != previous.openComments {
            for (ref, count) in openComments where previous.openComments[ref] != count { touched(ref) }
            for ref in previous.openComments.keys where openComments[ref] == nil { touched(ref) }
        }
        return (panes, refs, false)
    }

    /// The Endpoints pane after an edit that kept every endpoint's name and group: the rows of
    /// before, with those of the endpoints whose row text or marker changed made again in their
    /// places. False (nothing done) when an endpoint was added, removed, renamed or regrouped.
    private mutating func patchEndpointRows(design: Design, grouping: EndpointGrouping, builder: inout RowBuilder,
                                            previous: WorkbenchViewModel, markedRefs: Set<ElementRef>) -> Bool {
        guard let old = previous.builtFrom?.design.endpoints else { return false }
        let new = design.endpoints
        guard old.count == new.count else { return false }
        let pane = Pane.endpoints.rawValue
        let places = previous.location.panes[pane]
        var changed: [(index: Int, row: Int)] = []
        let anyMarked = markedRefs.contains { $0.kind == .endpoint }
        for i in new.indices where RowInputs.endpointDiffers(old, new, at: i) || anyMarked && markedRefs.contains(.endpoint(new[i].name)) {
            guard old[i].name == new[i].name,
                  RowBuilder.groupKey(old[i], grouping) == RowBuilder.groupKey(new[i], grouping),
                  let row = places[.endpoint(new[i].name)] else { return false }
            changed.append((i, row))
        }
        rows[pane] = previous.rows[pane]
        items[pane] = previous.items[pane]
        for (i, row) in changed {
            let made = builder.endpointRow(new[i], index: i)
            rows[pane][row] = made.row
            items[pane][row] = made.item
        }
        location.panes[pane] = places
        paneJumpTargets[pane] = previous.paneJumpTargets[pane]
        return true
    }

    package func rows(_ pane: Pane) -> [PaneRow] { rows[pane.rawValue] }
    package func items(_ pane: Pane) -> [ListItem] { items[pane.rawValue] }

    /// The list row that shows what a finding is about. A finding on the scaling section names
    /// the part it is about in its rule (`scale-failover`), which has a row of its own.
    package static func rowRef(for finding: Finding, in design: Design) -> ElementRef? {
        if finding.element == .section("scaling") {
            if finding.ruleID.contains("failover") { return .section("failover") }
            if finding.ruleID.contains("load-balancing") { return .section("load_balancing") }
            if finding.ruleID.contains("monitoring") {
                return design.scaling.monitoring.first.map { ElementRef(.monitoring, $0.signal) } ?? .section("monitoring")
            }
        }
        return rowRef(for: finding.element, in: design)
    }

    /// The list row that shows the element a finding (or comment) is about: a column shows in
    /// its table, an auth scheme in the API conventions, a phase in the phases.
    package static func rowRef(for ref: ElementRef?, in design: Design) -> ElementRef? {
        guard let ref else { return .section("summary") }
        switch ref.kind {
        case .service, .endpoint, .table, .event, .cache, .bottleneck, .stack, .monitoring, .flow:
            return ref
        case .column:
            return ref.columnParts.map { .table($0.table) }
        case .auth, .rateLimit:
            return .section("api")
        case .phase:
            return .section("phases")
        case .comment:
            let element = design.comments.first { String($0.id) == ref.name }?.element
            return rowRef(for: element.flatMap(ElementRef.init(parsing:)), in: design)
        case .section:
            switch ref.name {
            case "requirements", "api", "stack", "deployment", "security", "phases", "load", "constraints", "questions":
                return ref.name == "stack" ? design.stack.first.map { .stack($0.area) } ?? .section("summary") : ref
            case "scaling":
                return .section("load_balancing")
            case "endpoints":
                return design.endpoints.first.map { .endpoint($0.name) }
            case "services", "events":
                return design.services.first.map { .service($0.name) }
            case "tables":
                return design.tables.first.map { .table($0.name) }
            case "flows":
                return design.flows.first.map { .flow($0.name) } ?? ref
            default:
                return .section("summary")
            }
        }
    }
}

/// Builds the rows of every pane.
private struct RowBuilder {
    var markers: [ElementRef: RowMarker]
    var openComments: [ElementRef: Int] = [:]
    var changeMarks: [ElementRef: ChangeMark] = [:]
    var glyphs: Glyphs
    var rows: [[PaneRow]] = Array(repeating: [], count: Pane.allCases.count)
    var items: [[ListItem]] = Array(repeating: [], count: Pane.allCases.count)
    var jumpTargets: [(String, ElementRef)] = []

    init(markers: [ElementRef: RowMarker], glyphs: Glyphs) {
        self.markers = markers
        self.glyphs = glyphs
    }

    mutating func header(_ pane: Pane, _ text: String) {
        rows[pane.rawValue].append(PaneRow(ref: nil, index: -1, searchText: ""))
        items[pane.rawValue].append(.header(text))
    }

    /// The row of an empty list: what it lacks and how to add one.
    mutating func placeholder(_ pane: Pane, _ text: String, ref: ElementRef) {
        row(pane, Line(text, .muted), ref: ref)
        rows[pane.rawValue][rows[pane.rawValue].count - 1].isPlaceholder = true
    }

    mutating func row(_ pane: Pane, _ content: Line, ref: ElementRef, index: Int = -1, search: String? = nil) {
        let made = made(content, ref: ref, index: index, search: search)
        rows[pane.rawValue].append(made.row)
        items[pane.rawValue].append(made.item)
    }

    /// A row and its list item, with the markers of its ref.
    func made(_ content: Line, ref: ElementRef, index: Int = -1, search: String? = nil) -> (row: PaneRow, item: ListItem) {
        let trailing = WorkbenchViewModel.rowMarkers(finding: markers[ref], openComments: openComments[ref], change: changeMarks[ref],
                                                     glyphs: glyphs)
        return (PaneRow(ref: ref, index: index, searchText: (search ?? content.plainText).lowercased()), ListItem(content, trailing: trailing))
    }

    mutating func overview(_ d: Design) {
        let p = Pane.overview
        row(p, "Summary", ref: .section("summary"))
        header(p, "Requirements")
        row(p, Line("Business needs (\(d.requirements.business.count))"), ref: .section("requirements"))
        row(p, "Load", ref: .section("load"))
        row(p, Line("Constraints (\(d.requirements.constraints.count))"), ref: .section("constraints"))
        row(p, Line("Open questions (\(d.requirements.questions.count))"), ref: .section("questions"))
        header(p, "API")
        row(p, "API conventions", ref: .section("api"))
        if !d.stack.isEmpty {
            header(p, "Stack")
            for (i, entry) in d.stack.enumerated() {
                let line = Line([Span(entry.area), Span("  " + (entry.choice ?? ""), .muted)])
                row(p, line, ref: .stack(entry.area), index: i)
                jumpTargets.append(("stack:\(entry.area)", .stack(entry.area)))
            }
        }
        header(p, "Delivery")
        row(p, "Deployment", ref: .section("deployment"))
        row(p, Line("Security (\(d.security.count))"), ref: .section("security"))
        row(p, Line("Phases (\(d.phases.count))"), ref: .section("phases"))
    }

    mutating func endpoints(_ d: Design, grouping: EndpointGrouping) {
        let p = Pane.endpoints
        var groups: [String] = []
        var members: [String: [Int]] = [:]
        for (i, e) in d.endpoints.enumerated() {
            let key = RowBuilder.groupKey(e, grouping)
            if members[key] == nil { groups.append(key) }
            members[key, default: []].append(i)
        }
        for group in groups {
            header(p, group)
            for i in members[group] ?? [] {
                let e = d.endpoints[i]
                let made = endpointRow(e, index: i)
                rows[p.rawValue].append(made.row)
                items[p.rawValue].append(made.item)
                jumpTargets.append((e.name, .endpoint(e.name)))
            }
        }
    }

    /// The group an endpoint's row is listed under.
    static func groupKey(_ e: Endpoint, _ grouping: EndpointGrouping) -> String {
        switch grouping {
        case .service: e.service ?? "(no service)"
        case .path: WorkbenchViewModel.resourcePath(e.path)
        }
    }

    /// One endpoint's row: method, path, deprecation and its markers.
    func endpointRow(_ e: Endpoint, index i: Int) -> (row: PaneRow, item: ListItem) {
        let method = RowBuilder.paddedMethods[e.method] ?? e.method.rawValue
        var spans = [Span(method, methodRole(e.method), bold: true), Span(e.path)]
        if e.deprecated == true { spans.append(Span(" (deprecated)", .muted)) }
        return made(Line(spans), ref: .endpoint(e.name), index: i, search: "\(e.name) \(e.summary ?? "")")
    }

    /// Method names padded to one width, made once: Foundation's padding is slow enough to
    /// show when every endpoint row is rebuilt after an edit.
    static let paddedMethods: [HTTPMethod: String] = Dictionary(uniqueKeysWithValues: HTTPMethod.allCases.map {
        ($0, $0.rawValue + String(repeating: " ", count: max(0, 7 - $0.rawValue.count)))
    })

    func methodRole(_ m: HTTPMethod) -> StyleRole {
        switch m {
        case .GET, .HEAD, .OPTIONS: .success
        case .POST, .PUT, .PATCH: .accent
        case .DELETE: .error
        }
    }

    mutating func services(_ d: Design) {
        let p = Pane.services
        header(p, "Services")
        for (i, s) in d.services.enumerated() {
            var spans = [Span(s.name)]
            if let domain = s.domain { spans.append(Span("  " + domain, .muted)) }
            row(p, Line(spans), ref: .service(s.name), index: i, search: "\(s.name) \(s.domain ?? "")")
            jumpTargets.append((s.name, .service(s.name)))
        }
        if !d.events.isEmpty {
            header(p, "Events")
            for (i, e) in d.events.enumerated() {
                var spans = [Span(e.name)]
                if let producer = e.producer { spans.append(Span("  from " + producer, .muted)) }
                row(p, Line(spans), ref: .event(e.name), index: i, search: e.name)
                jumpTargets.append(("event:\(e.name)", .event(e.name)))
            }
        }
    }

    mutating func erd(_ d: Design) {
        let p = Pane.erd
        var groups: [String] = []
        var members: [String: [Int]] = [:]
        for (i, t) in d.tables.enumerated() {
            let key = t.service ?? "(no service)"
            if members[key] == nil { groups.append(key) }
            members[key, default: []].append(i)
        }
        for group in groups {
            header(p, group)
            for i in members[group] ?? [] {
                let t = d.tables[i]
                let line = Line([Span(t.name), Span("  \(t.columns.count) col", .muted)])
                row(p, line, ref: .table(t.name), index: i, search: t.name)
                jumpTargets.append(("table:\(t.name)", .table(t.name)))
            }
        }
    }

    mutating func scaling(_ d: Design) {
        let p = Pane.scaling
        let s = d.scaling
        header(p, "Bottlenecks")
        for (i, b) in s.bottlenecks.enumerated() {
            row(p, Line(b.name), ref: .bottleneck(b.name), index: i)
            jumpTargets.append(("bottleneck:\(b.name)", .bottleneck(b.name)))
        }
        header(p, "Caches")
        for (i, c) in s.caches.enumerated() {
            var spans = [Span(c.name)]
            if let layer = c.layer { spans.append(Span("  " + layer.rawValue, .muted)) }
            row(p, Line(spans), ref: .cache(c.name), index: i, search: c.name)
            jumpTargets.append(("cache:\(c.name)", .cache(c.name)))
        }
        header(p, "Operations")
        row(p, "Load balancing", ref: .section("load_balancing"))
        row(p, "Failover", ref: .section("failover"))
        if s.notes != nil { row(p, "Notes", ref: .section("scaling_notes")) }
        header(p, "Monitoring")
        // A row even when there are no signals, so the finding that asks for them has a place.
        if s.monitoring.isEmpty { placeholder(p, "No signals yet: a adds one", ref: .section("monitoring")) }
        for (i, m) in s.monitoring.enumerated() {
            row(p, Line(m.signal), ref: ElementRef(.monitoring, m.signal), index: i)
        }
    }
}

extension RowBuilder {
    /// Elements the compared version had and the design has not, as rows that cannot be
    /// selected (there is nothing to open), under a heading in the pane their kind lives in.
    mutating func ghosts(_ removed: [DesignChange], in pane: Pane, since label: String) {
        do {
            let here = removed.filter { $0.element.map { ChangeReview.pane(of: $0.kind) } == pane }
            guard !here.isEmpty else { return }
            header(pane, "Removed since \(label)")
            for change in here {
                let mark = ChangeMark(action: .removed, worst: change.changeClass)
                rows[pane.rawValue].append(PaneRow(ref: nil, index: -1, searchText: (change.old?.name ?? "").lowercased()))
                items[pane.rawValue].append(ListItem(Line([Span("\(mark.symbol(glyphs)) ", mark.role, bold: true),
                                                           Span(change.old?.name ?? "", .muted),
                                                           Span("  removed", .muted)]),
                                                     trailing: Line(change.changeClass.rawValue, mark.role)))
            }
        }
    }

    mutating func flows(_ d: Design) {
        let p = Pane.flows
        header(p, "Flows")
        // A row even when there are none, so the pane says how to add one.
        if d.flows.isEmpty { placeholder(p, "No flows yet: a adds one", ref: .section("flows")) }
        for (i, f) in d.flows.enumerated() {
            var spans = [Span(f.name), Span("  \(f.steps.count) step\(f.steps.count == 1 ? "" : "s")", .muted)]
            if let consistency = f.consistency { spans.append(Span("  " + consistency.rawValue, .muted)) }
            row(p, Line(spans), ref: .flow(f.name), index: i, search: "\(f.name) \(f.trigger ?? "")")
            jumpTargets.append(("flow:\(f.name)", .flow(f.name)))
        }
    }
}

extension WorkbenchViewModel {
    /// `/v1/carts/{cart_id}/items` → `/v1/carts`: the version prefix and the first resource.
    static func resourcePath(_ path: String) -> String {
        let parts = path.split(separator: "/")
        guard let first = parts.first else { return "/" }
        let isVersion = first.count <= 3 && first.first == "v" && first.dropFirst().allSatisfy(\.isNumber)
        let take = isVersion && parts.count > 1 ? 2 : 1
        return "/" + parts.prefix(take).joined(separator: "/")
    }
}

/// Where each row ref sits: a pane's refs are kept per pane, so a pane built again replaces only
/// its own; a ref shown in two panes is found in the first.
package struct RowLocations: Sendable {
    var panes: [[ElementRef: Int]] = Array(repeating: [:], count: Pane.allCases.count)

    package subscript(ref: ElementRef) -> (pane: Pane, row: Int)? {
        for pane in Pane.allCases { if let row = panes[pane.rawValue][ref] { return (pane, row) } }
        return nil
    }
}

/// What each pane's rows show of the design, compared element by element: an array left as it
/// was (the same storage) is the same without a look at its elements.
enum RowInputs {
    static func same<T>(_ a: [T], _ b: [T], by shown: (T, T) -> Bool) -> Bool {
        guard a.count == b.count else { return false }
        let shared = a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in pa.baseAddress == pb.baseAddress } }
        if shared { return true }
        for i in a.indices where !shown(a[i], b[i]) { return false }
        return true
    }

    /// `endpoint(_:_:)` on the elements at `i`, read in place rather than copied out.
    static func endpointDiffers(_ a: [Endpoint], _ b: [Endpoint], at i: Int) -> Bool {
        a[i].method != b[i].method || a[i].path != b[i].path || a[i].service != b[i].service
            || a[i].deprecated != b[i].deprecated || a[i].summary != b[i].summary
    }

    static func endpoint(_ a: Endpoint, _ b: Endpoint) -> Bool {
        a.method == b.method && a.path == b.path && a.service == b.service && a.deprecated == b.deprecated && a.summary == b.summary
    }
    static func service(_ a: Service, _ b: Service) -> Bool { a.name == b.name && a.domain == b.domain }
    static func event(_ a: Event, _ b: Event) -> Bool { a.name == b.name && a.producer == b.producer }
    static func table(_ a: DesignModel.Table, _ b: DesignModel.Table) -> Bool {
        a.name == b.name && a.service == b.service && a.columns.count == b.columns.count
    }
    static func flow(_ a: Flow, _ b: Flow) -> Bool {
        a.name == b.name && a.steps.count == b.steps.count && a.consistency == b.consistency && a.trigger == b.trigger
    }

    /// What `WorkbenchViewModel.rowRef(for:in:)` reads of the design besides the finding: the
    /// first element of each list (a finding on a whole section shows there) and the comments.
    static func findingRowsSame(_ a: Design, _ b: Design) -> Bool {
        a.endpoints.first?.name == b.endpoints.first?.name && a.services.first?.name == b.services.first?.name
            && a.tables.first?.name == b.tables.first?.name && a.flows.first?.name == b.flows.first?.name
            && a.stack.first?.area == b.stack.first?.area && a.scaling.monitoring.first?.signal == b.scaling.monitoring.first?.signal
            && same(a.comments, b.comments) { $0.id == $1.id && $0.element == $1.element }
    }

    static func overviewSame(_ a: Design, _ b: Design) -> Bool {
        a.requirements.business.count == b.requirements.business.count
            && a.requirements.constraints.count == b.requirements.constraints.count
            && a.requirements.questions.count == b.requirements.questions.count
            && same(a.stack, b.stack) { $0.area == $1.area && $0.choice == $1.choice }
            && a.security.count == b.security.count && a.phases.count == b.phases.count
    }

    static func scalingSame(_ a: Scaling, _ b: Scaling) -> Bool {
        same(a.bottlenecks, b.bottlenecks) { $0.name == $1.name }
            && same(a.caches, b.caches) { $0.name == $1.name && $0.layer == $1.layer }
            && (a.notes == nil) == (b.notes == nil)
            && same(a.monitoring, b.monitoring) { $0.signal == $1.signal }
    }
}
