import DesignModel
import Dispatch
import Synchronization

/// Lookups built once per validation run, so that every rule stays linear in the size of the
/// design: names to positions, per-table column maps, owners, split paths, scanned JSON examples
/// and every `KIND:NAME` reference.
package struct DesignIndex: Sendable {
    package private(set) var endpoints: [String: Int]
    package private(set) var tables: [String: Int]
    /// The tables, to look columns up in.
    private var tableList: [Table]
    /// Per table (by position), column name to column position; built only for wide tables, since a
    /// scan of a dozen short names is faster than hashing one.
    private var columnMaps: [[String: Int]?]
    static let columnMapThreshold = 24
    /// The lookups that are cheap to build, built again on every run (see `init(_:reusing:)`).
    private var light: Light
    package var services: [String: Int] { light.relations.services }
    package var events: [String: Int] { light.events }
    package var caches: [String: Int] { light.caches }
    package var bottlenecks: [String: Int] { light.bottlenecks }
    package var stackAreas: [String: Int] { light.stackAreas }
    package var flows: [String: Int] { light.flows }
    package var authSchemes: [String: Int] { light.authSchemes }
    package var rateLimits: [String: Int] { light.rateLimits }
    package var phases: Set<String> { light.phases }
    package var monitoringSignals: Set<String> { light.monitoringSignals }
    package var commentIDs: Set<Int> { light.commentIDs }

    /// The target of step `s` of flow `f` (`FlowStep.target`), parsed once per run.
    package func stepTarget(flow f: Int, step s: Int) -> StepTarget? { light.stepTargets[light.stepStart[f] + s] }

    /// Per endpoint (by position), its path split into segments.
    package private(set) var paths: [PathTemplate]
    /// Per endpoint, `METHOD PATH`.
    package private(set) var endpointNames: [String]
    /// Per endpoint, whether another endpoint has its name (`METHOD PATH`).
    package private(set) var endpointNameShared: [Bool]
    /// Per endpoint, what most API and security rules test, without touching the endpoint itself.
    package private(set) var endpointFacts: [EndpointFacts]
    /// Per service (by position): the endpoints, tables and events it owns, produces or consumes,
    /// and the calls made to it.
    package var relations: ServiceRelations { light.relations }
    /// Per table, its primary key columns (declared on the table or on its columns).
    package private(set) var primaryKeys: [[String]]
    /// Every JSON example of the design (requests, responses, event payloads), scanned once.
    package private(set) var examples: [Example]
    /// Every `KIND:NAME` reference of the design.
    package var references: [Reference] { light.references }
    /// Every column with `references`, its target resolved once for all the foreign key rules.
    package private(set) var foreignKeys: [ForeignKey]

    /// Traits of every distinct name, and where each path segment, parameter, column and index
    /// name finds its traits: flat arrays with a start offset per endpoint or table.
    private var endpointNameTraits: [NameTraits]
    private var columnNameTraits: [NameTraits]
    private var segmentTraitIDs: [Int32]
    private var segmentStart: [Int]
    private var paramTraitIDs: [Int32]
    private var paramStart: [Int]
    private var columnTraitIDs: [Int32]
    /// Per table, where its name finds its traits (among the columns' names' traits).
    private var tableTraitIDs: [Int32]
    private var columnStart: [Int]
    /// Per column (flat, like the traits), its normalized type (see `normalizedType`); nil when untyped.
    private var columnTypeIDs: [Int32]
    package private(set) var normalizedTypes: [String]
    /// Per column type id, the type as written (its first spelling; ids are per spelling).
    package private(set) var writtenTypes: [String]

    package struct Example: Sendable {
        package enum Site: Sendable, Equatable {
            case request, response(Int), payload
        }
        package var element: ElementRef
        package var site: Site
        package var text: String
        package var scan: JSONScan

        package var label: String {
            switch site {
            case .request: "the request example"
            case let .response(status): "the \(status) response example"
            case .payload: "the payload"
            }
        }
    }

    package struct EndpointFacts: Sendable {
        package enum Auth: Sendable { case missing, `public`, secured }
        package var method: HTTPMethod
        package var auth: Auth
        package var hasRequest: Bool
        package var hasQueryParams: Bool
        package var hasScopes: Bool
        package var rateLimited: Bool
        package var deprecated: Bool
        package var statuses: StatusSet
    }

    package struct Reference: Sendable {
        /// The element holding the reference.
        package var owner: ElementRef
        /// The key it is written under, e.g. `affects`, or `to` in step `step` (from 0) of a flow.
        var key: String
        var step: Int32 = -1
        package var raw: String
        /// Nil when `raw` is not of the form `KIND:NAME`.
        package var ref: ElementRef?

        /// Where it is written, e.g. `affects` or `steps.3.to`: made only for a message, since a
        /// run indexes every reference and reports few.
        package var field: String { step < 0 ? key : "steps.\(step + 1).\(key)" }
    }

    package init(_ design: Design) {
        self.init(design, reusing: nil)
    }

    /// `DesignIndex(design)`, built from an earlier design's index when one is given: when the
    /// endpoints, tables and events did not change in anything the index reads from them
    /// (`heavyPartsMatch`), their lookups are taken over and only the cheap ones are built again.
    /// Equal to `DesignIndex(design)` either way.
    package init(_ design: Design, reusing previous: (design: Design, index: DesignIndex)?) {
        if let previous, DesignIndex.heavyPartsMatch(previous.design, design) {
            self = DesignIndex(design, heavyPartsOf: previous.index)
            return
        }
        // Loops index the arrays directly: binding whole elements (`for x in`, `enumerated()`,
        // closures) copies every field of a struct, which costs more than the checks themselves.
        let endpointList = design.endpoints, tableList = design.tables

        // Endpoints and most of their examples on one core; tables (with the table names' lookup),
        // the other examples, foreign keys and the cheap lookups on the other (about as much
        // work): the two halves share nothing.
        let memo = RuleMemo.shared.snapshot()
        let endpointSlot = Mutex<EndpointPart?>(nil), tableSlot = Mutex<TablePart?>(nil)
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            if i == 0 {
                let part = DesignIndex.endpointPart(endpointList, memo)
                endpointSlot.withLock { $0 = part }
            } else {
                var tables: [String: Int] = [:]
                tables.reserveCapacity(tableList.count)
                for t in tableList.indices where tables[tableList[t].name] == nil { tables[tableList[t].name] = t }
                var part = DesignIndex.tablePart(tableList, memo)
                part.tables = tables
                part.examples = DesignIndex.endpointExamples(endpointList, DesignIndex.examplesSplit(endpointList.count)..<endpointList.count,
                                                             names: nil, &part.scans)
                for v in design.events.indices {
                    if let text = design.events[v].payload, !isBlank(text) {
                        part.examples.append(Example(element: .event(design.events[v].name), site: .payload, text: text,
                                                     scan: part.scans.scan(text)))
                    }
                }
                part.foreignKeys = DesignIndex.foreignKeys(tableList, tables, part.columnMaps)
                part.light = DesignIndex.light(design)
                let filled = part
                tableSlot.withLock { $0 = filled }
            }
        }
        // concurrentPerform returns once both iterations have run: both slots are filled.
        var endpointPart = endpointSlot.withLock { $0.take()! }
        let tablePart = tableSlot.withLock { $0.take()! }
        self.tableList = tableList
        tables = tablePart.tables
        columnMaps = tablePart.columnMaps
        primaryKeys = tablePart.primaryKeys
        columnTraitIDs = tablePart.columnTraitIDs
        tableTraitIDs = tablePart.tableTraitIDs
        columnStart = tablePart.columnStart
        columnTypeIDs = tablePart.columnTypeIDs
        normalizedTypes = tablePart.normalizedTypes
        writtenTypes = tablePart.writtenTypes
        columnNameTraits = tablePart.names.traits
        endpoints = endpointPart.endpoints
        endpointNames = endpointPart.endpointNames
        endpointNameShared = endpointPart.endpointNameShared
        endpointFacts = endpointPart.endpointFacts
        paths = endpointPart.paths
        segmentTraitIDs = endpointPart.segmentTraitIDs
        segmentStart = endpointPart.segmentStart
        paramTraitIDs = endpointPart.paramTraitIDs
        paramStart = endpointPart.paramStart
        endpointNameTraits = endpointPart.names.traits
        // Taken out of the part first, so that the append grows the array in place.
        var examples = endpointPart.examples
        endpointPart.examples = []
        examples.append(contentsOf: tablePart.examples)
        self.examples = examples
        foreignKeys = tablePart.foreignKeys
        light = tablePart.light!
        RuleMemo.shared.merge(endpointPart.names)
        RuleMemo.shared.merge(tablePart.names)
        RuleMemo.shared.merge(scans: endpointPart.scans.new)
        RuleMemo.shared.merge(scans: tablePart.scans.new)
    }

    /// The index of `design` with the lookups of endpoints, tables and events taken from `index`,
    /// which must have been built from a design for which `heavyPartsMatch` holds; `changed`, the
    /// sections in which the two designs differ, says which of the cheap lookups to build again.
    init(_ design: Design, heavyPartsOf index: DesignIndex, changed: DesignSections = .all) {
        self = index
        tableList = design.tables
        if !changed.isDisjoint(with: DesignIndex.lightSections) {
            light = DesignIndex.light(design, references: changed.isDisjoint(with: .references) ? index.light.references : nil)
        } else if !changed.isDisjoint(with: .references) {
            light.references = DesignIndex.references(design, stepTargets: light.stepTargets)
        }
    }

    /// What the cheap lookups other than `references` are built from, given that the endpoints'
    /// and tables' owners did not change (`heavyPartsMatch`).
    static let lightSections: DesignSections = [.services, .events, .scaling, .stack, .flows, .api, .phases, .comments]

    /// The lookups built from the small sections and from the names of services: cheap enough to
    /// build on every run, so an incremental run never has to tell whether they changed.
    private struct Light: Sendable {
        var relations: ServiceRelations
        var events: [String: Int] = [:]
        var caches: [String: Int] = [:]
        var bottlenecks: [String: Int] = [:]
        var stackAreas: [String: Int] = [:]
        var flows: [String: Int] = [:]
        var authSchemes: [String: Int] = [:]
        var rateLimits: [String: Int] = [:]
        var phases: Set<String> = []
        var monitoringSignals: Set<String> = []
        var commentIDs: Set<Int> = []
        var references: [Reference] = []
        /// Every flow step's target, flat, from `stepStart[f]` for flow `f`.
        var stepTargets: [StepTarget?] = []
        var stepStart: [Int] = []
    }

    private static func light(_ design: Design, references: [Reference]? = nil) -> Light {
        var light = Light(relations: ServiceRelations(design))
        var events: [String: Int] = [:]
        for v in design.events.indices where events[design.events[v].name] == nil { events[design.events[v].name] = v }
        light.events = events
        var caches: [String: Int] = [:], bottlenecks: [String: Int] = [:], stackAreas: [String: Int] = [:]
        for i in design.scaling.caches.indices where caches[design.scaling.caches[i].name] == nil { caches[design.scaling.caches[i].name] = i }
        for i in design.scaling.bottlenecks.indices where bottlenecks[design.scaling.bottlenecks[i].name] == nil {
            bottlenecks[design.scaling.bottlenecks[i].name] = i
        }
        for i in design.stack.indices where stackAreas[design.stack[i].area] == nil { stackAreas[design.stack[i].area] = i }
        light.caches = caches
        light.bottlenecks = bottlenecks
        light.stackAreas = stackAreas
        var flows: [String: Int] = [:]
        for f in design.flows.indices where flows[design.flows[f].name] == nil { flows[design.flows[f].name] = f }
        light.flows = flows
        (light.stepTargets, light.stepStart) = DesignIndex.stepTargets(design.flows)
        var authSchemes: [String: Int] = [:], rateLimits: [String: Int] = [:]
        for i in design.api.auth.indices where authSchemes[design.api.auth[i].name] == nil { authSchemes[design.api.auth[i].name] = i }
        for i in design.api.rateLimits.indices where rateLimits[design.api.rateLimits[i].name] == nil {
            rateLimits[design.api.rateLimits[i].name] = i
        }
        light.authSchemes = authSchemes
        light.rateLimits = rateLimits
        light.phases = Set(design.phases.indices.map { design.phases[$0].name })
        light.monitoringSignals = Set(design.scaling.monitoring.indices.map { design.scaling.monitoring[$0].signal })
        light.commentIDs = Set(design.comments.indices.map { design.comments[$0].id })
        light.references = references ?? DesignIndex.references(design, stepTargets: light.stepTargets)
        return light
    }

    private static func stepTargets(_ flows: [Flow]) -> (targets: [StepTarget?], start: [Int]) {
        var targets: [StepTarget?] = [], start: [Int] = []
        start.reserveCapacity(flows.count)
        for f in flows.indices {
            start.append(targets.count)
            let steps = flows[f].steps
            for s in steps.indices { targets.append(StepTarget(parsing: steps[s].to)) }
        }
        return (targets, start)
    }

    /// `stepTargets`: the targets of the design's flow steps, flat in flow order.
    private static func references(_ design: Design, stepTargets: [StepTarget?]) -> [Reference] {
        var references: [Reference] = []
        func add(_ owner: ElementRef, _ field: String, _ raw: String) {
            references.append(Reference(owner: owner, key: field, raw: raw, ref: fastParse(raw)))
        }
        let bottleneckList = design.scaling.bottlenecks
        for b in bottleneckList.indices {
            let owner = ElementRef.bottleneck(bottleneckList[b].name)
            for item in bottleneckList[b].affects { add(owner, "affects", item) }
        }
        let cacheList = design.scaling.caches
        for c in cacheList.indices {
            let owner = ElementRef.cache(cacheList[c].name)
            for item in cacheList[c].serves { add(owner, "serves", item) }
        }
        var step = 0
        for f in design.flows.indices {
            let owner = ElementRef.flow(design.flows[f].name)
            if let trigger = design.flows[f].trigger { add(owner, "trigger", trigger) }
            let steps = design.flows[f].steps
            for s in steps.indices {
                // A third party is outside the design: nothing to resolve.
                let target = stepTargets[step]
                step += 1
                // The target parsed by the index is the reference: `fastParse` only for what is not one.
                let ref: ElementRef?
                switch target {
                case .external: continue
                case let .service(name)?: ref = ElementRef(.service, name)
                case let .event(name)?: ref = ElementRef(.event, name)
                case let .table(name)?: ref = ElementRef(.table, name)
                case nil: ref = fastParse(steps[s].to)
                }
                references.append(Reference(owner: owner, key: "to", step: Int32(s), raw: steps[s].to, ref: ref))
            }
        }
        for p in design.phases.indices {
            let owner = ElementRef(.phase, design.phases[p].name)
            for item in design.phases[p].includes { add(owner, "includes", item) }
        }
        for c in design.comments.indices {
            if let element = design.comments[c].element { add(ElementRef(.comment, String(design.comments[c].id)), "element", element) }
        }
        for i in design.validation.ignore.indices {
            if let element = design.validation.ignore[i].element { add(.section("validation"), "ignore", element) }
        }
        return references
    }

    /// Whether the lookups built from endpoints, tables and events would come out the same for
    /// both designs: the tables are equal, and the endpoints and events differ at most in fields
    /// the index does not read (an endpoint's summary, description, tags, idempotency, extensions;
    /// an event's producer, consumers, channel, delivery, extensions).
    static func heavyPartsMatch(_ old: Design, _ new: Design) -> Bool {
        let a = old.endpoints, b = new.endpoints
        guard a.count == b.count else { return false }
        let changedEndpoints = a.indices.filter { a[$0] != b[$0] }
        return heavyPartsMatch(old, new, changed: DesignSections.changed(from: old, to: new), changedEndpoints: changedEndpoints)
    }

    /// `heavyPartsMatch(_:_:)` when the sections that changed are known and, if the endpoints
    /// changed, the positions of those that did (nil when endpoints were added or removed).
    static func heavyPartsMatch(_ old: Design, _ new: Design, changed: DesignSections, changedEndpoints: [Int]?) -> Bool {
        guard !changed.contains(.tables) else { return false }
        if changed.contains(.events) {
            let oldEvents = old.events, newEvents = new.events
            guard oldEvents.count == newEvents.count else { return false }
            for v in oldEvents.indices where oldEvents[v].name != newEvents[v].name || oldEvents[v].payload != newEvents[v].payload {
                return false
            }
        }
        if changed.contains(.endpoints) {
            guard let changedEndpoints, old.endpoints.count == new.endpoints.count else { return false }
            let a = old.endpoints, b = new.endpoints
            for e in changedEndpoints where !sameForIndex(a[e], b[e]) { return false }
        }
        return true
    }

    /// Whether two endpoints agree in every field the index reads.
    private static func sameForIndex(_ a: borrowing Endpoint, _ b: borrowing Endpoint) -> Bool {
        a.method == b.method && a.path == b.path && a.service == b.service && a.auth == b.auth && a.scopes == b.scopes
            && a.rateLimit == b.rateLimit && a.deprecated == b.deprecated && a.params == b.params && a.request == b.request
            && a.responses == b.responses
    }

    private static func foreignKeys(_ tableList: [Table], _ tables: [String: Int], _ columnMaps: [[String: Int]?]) -> [ForeignKey] {
        var keys: [ForeignKey] = []
        for t in tableList.indices {
            let columns = tableList[t].columns
            for c in columns.indices where columns[c].references != nil {
                let target = columns[c].referencedColumn
                var targetTable: Int?, targetColumn: Int?
                if let target, let p = tables[target.table] {
                    targetTable = p
                    if let map = columnMaps[p] { targetColumn = map[target.column] } else {
                        targetColumn = tableList[p].columns.firstIndex { $0.name == target.column }
                    }
                }
                keys.append(ForeignKey(table: t, column: c, target: target, targetTable: targetTable, targetColumn: targetColumn))
            }
        }
        return keys
    }

    private struct TablePart {
        var names: NameTable
        var scans: ScanTable
        /// Table name to position (the first table of a name).
        var tables: [String: Int] = [:]
        var examples: [Example] = []
        var foreignKeys: [ForeignKey] = []
        var light: Light?
        var columnMaps: [[String: Int]?] = []
        var primaryKeys: [[String]] = []
        var columnTraitIDs: [Int32] = []
        var tableTraitIDs: [Int32] = []
        var columnStart: [Int] = []
        var columnTypeIDs: [Int32] = []
        var normalizedTypes: [String] = []
        var writtenTypes: [String] = []
    }

    private static func tablePart(_ tableList: [Table], _ memo: RuleMemo.Snapshot) -> TablePart {
        // Tables' and columns' names, about one distinct name in four.
        let names = tableList.reduce(tableList.count) { $0 + $1.columns.count } / 4
        var part = TablePart(names: NameTable(memo: memo, expected: names), scans: ScanTable(memo: memo))
        var columnMaps: [[String: Int]?] = []
        var primaryKeys: [[String]] = []
        columnMaps.reserveCapacity(tableList.count)
        primaryKeys.reserveCapacity(tableList.count)
        var columnTraitIDs: [Int32] = [], columnStart: [Int] = [], columnTypeIDs: [Int32] = []
        var typeIDs: [String: Int32] = [:], normalizedTypes: [String] = [], writtenTypes: [String] = []
        columnStart.reserveCapacity(tableList.count)
        var tableTraitIDs: [Int32] = []
        tableTraitIDs.reserveCapacity(tableList.count)
        for t in tableList.indices {
            let columns = tableList[t].columns
            tableTraitIDs.append(part.names.id(tableList[t].name))
            if columns.count > DesignIndex.columnMapThreshold {
                var map: [String: Int] = [:]
                for c in columns.indices where map[columns[c].name] == nil { map[columns[c].name] = c }
                columnMaps.append(map)
            } else {
                columnMaps.append(nil)
            }
            var pk = tableList[t].primaryKey
            if pk.isEmpty { for c in columns.indices where columns[c].primaryKey == true { pk.append(columns[c].name) } }
            primaryKeys.append(pk)
            columnStart.append(columnTraitIDs.count)
            for c in columns.indices {
                columnTraitIDs.append(part.names.id(columns[c].name))
                if let type = columns[c].type {
                    let id = intern(&typeIDs[type, default: -1], next: Int32(normalizedTypes.count))
                    if id == normalizedTypes.count {
                        normalizedTypes.append(normalizedType(type))
                        writtenTypes.append(type)
                    }
                    columnTypeIDs.append(id)
                } else {
                    columnTypeIDs.append(-1)
                }
            }
        }
        part.columnMaps = columnMaps
        part.primaryKeys = primaryKeys
        part.columnTraitIDs = columnTraitIDs
        part.tableTraitIDs = tableTraitIDs
        part.columnStart = columnStart
        part.columnTypeIDs = columnTypeIDs
        part.normalizedTypes = normalizedTypes
        part.writtenTypes = writtenTypes
        return part
    }

    /// The JSON examples of the endpoints, scanned.
    private static func endpointExamples(_ endpointList: [Endpoint], _ range: Range<Int>, names: [String]?,
                                         _ scans: inout ScanTable) -> [Example] {
        var examples: [Example] = []
        for e in range {
            var ref: ElementRef?
            func element() -> ElementRef {
                if let ref { return ref }
                let made = ElementRef(.endpoint, names?[e] ?? concat(endpointList[e].method.rawValue, " ", endpointList[e].path))
                ref = made
                return made
            }
            if let request = endpointList[e].request, let text = request.example, !isBlank(text),
               request.contentType.map({ containsIgnoringCase($0, "json") }) ?? true {
                examples.append(Example(element: element(), site: .request, text: text, scan: scans.scan(text)))
            }
            let responses = endpointList[e].responses
            for r in responses.indices {
                guard let text = responses[r].example, !isBlank(text) else { continue }
                examples.append(Example(element: element(), site: .response(responses[r].status), text: text, scan: scans.scan(text)))
            }
        }
        return examples
    }

    /// Where the endpoints' examples are split between the two halves of an index build: the
    /// endpoint half scans those before it, the table half (which also builds the cheap lookups)
    /// those after, which evens the halves out on the large design.
    static func examplesSplit(_ count: Int) -> Int { count * 7 / 10 }

    private struct EndpointPart {
        var names: NameTable
        var scans: ScanTable
        /// The examples of the endpoints before `examplesSplit`.
        var examples: [Example] = []
        var endpoints: [String: Int] = [:]
        var endpointNames: [String] = []
        var endpointNameShared: [Bool] = []
        var endpointFacts: [EndpointFacts] = []
        var paths: [PathTemplate] = []
        var segmentTraitIDs: [Int32] = []
        var segmentStart: [Int] = []
        var paramTraitIDs: [Int32] = []
        var paramStart: [Int] = []
    }

    private static func endpointPart(_ endpointList: [Endpoint], _ memo: RuleMemo.Snapshot) -> EndpointPart {
        // Segments' and parameters' names, about two distinct names an endpoint.
        var part = EndpointPart(names: NameTable(memo: memo, expected: 2 * endpointList.count), scans: ScanTable(memo: memo))
        var paths: [PathTemplate] = [], endpointNames: [String] = [], facts: [EndpointFacts] = []
        paths.reserveCapacity(endpointList.count)
        endpointNames.reserveCapacity(endpointList.count)
        facts.reserveCapacity(endpointList.count)
        var endpoints: [String: Int] = [:]
        endpoints.reserveCapacity(endpointList.count)
        var segmentTraitIDs: [Int32] = [], segmentStart: [Int] = [], paramTraitIDs: [Int32] = [], paramStart: [Int] = []
        segmentStart.reserveCapacity(endpointList.count)
        paramStart.reserveCapacity(endpointList.count)
        for e in endpointList.indices {
            let method = endpointList[e].method.rawValue, rawPath = endpointList[e].path
            var name = ""
            name.reserveCapacity(method.utf8.count + 1 + rawPath.utf8.count)
            name += method
            name += " "
            name += rawPath
            endpointNames.append(name)
            let first = intern(&endpoints[name, default: -1], next: e)
            if first != e { part.endpointNameShared[first] = true }
            part.endpointNameShared.append(first != e)
            let path = part.names.path(endpointList[e].path)
            paths.append(path)
            segmentStart.append(segmentTraitIDs.count)
            for segment in path.segments {
                switch segment {
                case let .literal(text), let .mixed(text): segmentTraitIDs.append(part.names.id(text))
                case .param: segmentTraitIDs.append(-1)
                }
            }
            paramStart.append(paramTraitIDs.count)
            let params = endpointList[e].params
            var hasQuery = false
            for i in params.indices {
                paramTraitIDs.append(part.names.id(params[i].name))
                if params[i].location == .query { hasQuery = true }
            }
            facts.append(DesignIndex.facts(endpointList, e, hasQueryParams: hasQuery))
        }
        part.endpoints = endpoints
        part.endpointNames = endpointNames
        part.endpointFacts = facts
        part.paths = paths
        part.segmentTraitIDs = segmentTraitIDs
        part.segmentStart = segmentStart
        part.paramTraitIDs = paramTraitIDs
        part.paramStart = paramStart
        part.examples = DesignIndex.endpointExamples(endpointList, 0..<examplesSplit(endpointList.count), names: endpointNames, &part.scans)
        return part
    }

    /// The facts of endpoint `e`; `hasQueryParams` as its parameters say. Its fields are read
    /// through the array: passing the endpoint itself copies every field of it.
    static func facts(_ endpoints: [Endpoint], _ e: Int, hasQueryParams: Bool) -> EndpointFacts {
        let auth = endpoints[e].auth
        var statuses = StatusSet()
        let responses = endpoints[e].responses
        for r in responses.indices { statuses.insert(responses[r].status) }
        return EndpointFacts(
            method: endpoints[e].method,
            auth: auth == nil || isBlank(auth) ? .missing : auth == Endpoint.publicAuth ? .public : .secured,
            hasRequest: endpoints[e].request != nil, hasQueryParams: hasQueryParams,
            hasScopes: !endpoints[e].scopes.isEmpty,
            rateLimited: !isBlank(endpoints[e].rateLimit),
            deprecated: endpoints[e].deprecated == true, statuses: statuses)
    }

    /// The index of a design whose endpoints differ from those `self` was built from only in
    /// their facts (`factsOnlyChange`), at the positions `changed`: the facts built again there.
    func refreshingFacts(of changed: [Int], in design: Design) -> DesignIndex {
        var index = self
        let endpoints = design.endpoints
        for e in changed {
            let params = endpoints[e].params
            index.endpointFacts[e] = DesignIndex.facts(endpoints, e, hasQueryParams: params.contains { $0.location == .query })
        }
        return index
    }

    /// Whether two endpoints differ at most in what their facts hold (auth, scopes, rate limit,
    /// deprecation, the statuses of responses without an example) and in fields the index does
    /// not read: then the index needs only their facts built again.
    static func factsOnlyChange(_ a: borrowing Endpoint, _ b: borrowing Endpoint) -> Bool {
        guard a.method == b.method, a.path == b.path, a.service == b.service, a.params == b.params, a.request == b.request else {
            return false
        }
        // The examples of the responses, with their statuses, in order.
        func examples(_ responses: [Response]) -> [(Int, String)] {
            responses.compactMap { response in response.example.flatMap { isBlank($0) ? nil : (response.status, $0) } }
        }
        let x = examples(a.responses), y = examples(b.responses)
        return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }

    /// The reference to endpoint `e`.
    package func endpointRef(_ e: Int) -> ElementRef { ElementRef(.endpoint, endpointNames[e]) }

    /// Whether the element a reference names exists.
    package func contains(_ ref: ElementRef) -> Bool {
        switch ref.kind {
        case .service: services[ref.name] != nil
        case .endpoint: endpoints[ref.name] != nil
        case .table: tables[ref.name] != nil
        case .column: columnPosition(ref) != nil
        case .event: events[ref.name] != nil
        case .cache: caches[ref.name] != nil
        case .bottleneck: bottlenecks[ref.name] != nil
        case .stack: stackAreas[ref.name] != nil
        case .flow: flows[ref.name] != nil
        case .auth: authSchemes[ref.name] != nil
        case .rateLimit: rateLimits[ref.name] != nil
        case .phase: phases.contains(ref.name)
        case .monitoring: monitoringSignals.contains(ref.name)
        case .comment: Int(ref.name).map(commentIDs.contains) ?? false
        case .section: Design.sectionKeys.contains(ref.name)
        }
    }

    /// Table and column positions of a `column:TABLE.COLUMN` reference.
    package func columnPosition(_ ref: ElementRef) -> (table: Int, column: Int)? {
        guard let parts = ref.columnParts else { return nil }
        return columnPosition(table: parts.table, column: parts.column)
    }

    package func columnPosition(table: String, column: String) -> (table: Int, column: Int)? {
        guard let t = tables[table], let c = columnPosition(column, inTable: t) else { return nil }
        return (t, c)
    }

    /// Position of a column in table `t`.
    package func columnPosition(_ column: String, inTable t: Int) -> Int? {
        if let map = columnMaps[t] { return map[column] }
        return tableList[t].columns.firstIndex { $0.name == column }
    }

    package func hasColumn(_ column: String, inTable t: Int) -> Bool { columnPosition(column, inTable: t) != nil }

    /// Traits of segment `i` of endpoint `e`'s path (nil for a `{param}` segment).
    package func segmentTraits(endpoint e: Int, segment i: Int) -> NameTraits? {
        let id = segmentTraitIDs[segmentStart[e] + i]
        return id < 0 ? nil : endpointNameTraits[Int(id)]
    }

    /// The interned name of segment `i` of endpoint `e`'s path; -1 for a `{param}` segment.
    package func segmentNameID(endpoint e: Int, segment i: Int) -> Int32 { segmentTraitIDs[segmentStart[e] + i] }

    /// Traits of parameter `i` of endpoint `e`.
    package func paramTraits(endpoint e: Int, param i: Int) -> NameTraits { endpointNameTraits[Int(paramTraitIDs[paramStart[e] + i])] }

    /// The normalized type of column `c` of table `t`.
    package func columnType(table t: Int, column c: Int) -> String? {
        let id = columnTypeIDs[columnStart[t] + c]
        return id < 0 ? nil : normalizedTypes[Int(id)]
    }

    /// The id of column `c` of table `t`'s type, an index into `normalizedTypes` and
    /// `writtenTypes`; -1 when untyped. Columns of one spelling share an id.
    package func columnTypeID(table t: Int, column c: Int) -> Int { Int(columnTypeIDs[columnStart[t] + c]) }

    /// `classify(written, normalized)` of each distinct column type, by type id: a rule that
    /// tests types tests each spelling once instead of each column (a few dozen against thousands).
    package func byColumnType<T>(_ classify: (_ written: String, _ normalized: String) -> T) -> [T] {
        zip(writtenTypes, normalizedTypes).map { classify($0, $1) }
    }

    /// `body(t, c)` for every column `c` of table `t` whose type id `wanted` marks (from
    /// `byColumnType`), in table and column order; the other columns are not touched.
    package func forEachColumn(ofTypes wanted: [Bool], _ body: (_ table: Int, _ column: Int) -> Void) {
        guard wanted.contains(true) else { return }
        for t in columnStart.indices {
            let start = columnStart[t], end = t + 1 < columnStart.count ? columnStart[t + 1] : columnTypeIDs.count
            for i in start..<end {
                let id = columnTypeIDs[i]
                if id >= 0, wanted[Int(id)] { body(t, i - start) }
            }
        }
    }

    /// Traits of table `t`'s name.
    package func tableTraits(_ t: Int) -> NameTraits { columnNameTraits[Int(tableTraitIDs[t])] }

    /// Traits of column `c` of table `t`.
    package func columnTraits(table t: Int, column c: Int) -> NameTraits { columnNameTraits[Int(columnTraitIDs[columnStart[t] + c])] }
    /// Where a column's name finds its traits: equal for columns of the same name, from 0 up to
    /// `columnTraitCount`, so that a rule can remember per name what it read of them.
    package func columnTraitID(table t: Int, column c: Int) -> Int { Int(columnTraitIDs[columnStart[t] + c]) }
    package var columnTraitCount: Int { columnNameTraits.count }
    package func columnTraits(id: Int) -> NameTraits { columnNameTraits[id] }

    /// Whether a column of table `t` takes NULL: as declared, else false for key columns and true otherwise.
    package func isNullable(_ column: Column, inTable t: Int) -> Bool {
        if let nullable = column.nullable { return nullable }
        return !(column.primaryKey == true || primaryKeys[t].contains(column.name))
    }

    /// Whether `column` alone is a key of table `t`: the whole primary key, unique, or a full unique index.
    package func isKey(_ column: String, inTable t: Int) -> Bool {
        if primaryKeys[t].count == 1, primaryKeys[t][0] == column { return true }
        if let c = columnPosition(column, inTable: t), tableList[t].columns[c].unique == true { return true }
        let indexes = tableList[t].indexes
        return indexes.indices.contains { i in
            indexes[i].unique == true && indexes[i].whereClause == nil && indexes[i].columns.count == 1 && indexes[i].columns[0] == column
        }
    }
}

/// A column with `references`, and where its target is.
package struct ForeignKey: Sendable {
    /// The column's position: table, then column within it.
    package let table: Int
    package let column: Int
    /// The target as written (`TABLE.COLUMN`, split at the last dot); nil without a dot.
    package let target: (table: String, column: String)?
    /// The target table's position; nil when there is no such table.
    package let targetTable: Int?
    /// The target column's position in the target table; nil when there is no such column.
    package let targetColumn: Int?
}

/// The response statuses of an endpoint that rules ask about, as bits.
package struct StatusSet: Sendable, Equatable {
    package private(set) var bits: UInt32 = 0
    package init() {}

    static let tracked = [200, 201, 202, 204, 400, 401, 403, 404, 422, 429]
    static let success2xx: UInt32 = 1 << 30
    static let success3xx: UInt32 = 1 << 29
    static let any: UInt32 = 1 << 28
    /// A status outside the IANA registry, or a redirect (3xx other than 304): what
    /// api-nonstandard-status and api-redirect-status look for, so they skip every other endpoint.
    static let unusual: UInt32 = 1 << 27
    /// The registered statuses (`APIRules.registeredStatuses`) as bits, tested without hashing.
    static let registered: [UInt64] = {
        var words = [UInt64](repeating: 0, count: 10)
        for status in APIRules.registeredStatuses where status >= 0 && status < 640 { words[status / 64] |= 1 << UInt64(status % 64) }
        return words
    }()

    static func bit(_ status: Int) -> UInt32 {
        switch status {
        case 200: 1 << 0
        case 201: 1 << 1
        case 202: 1 << 2
        case 204: 1 << 3
        case 400: 1 << 4
        case 401: 1 << 5
        case 403: 1 << 6
        case 404: 1 << 7
        case 422: 1 << 8
        case 429: 1 << 9
        default: 0
        }
    }

    package mutating func insert(_ status: Int) {
        bits |= StatusSet.bit(status) | StatusSet.any
        if (200..<300).contains(status) { bits |= StatusSet.success2xx }
        if (300..<400).contains(status) { bits |= StatusSet.success3xx }
        let registered = status >= 0 && status < 640 && StatusSet.registered[status / 64] & (1 << UInt64(status % 64)) != 0
        if !registered || ((300..<400).contains(status) && status != 304) { bits |= StatusSet.unusual }
    }

    /// Whether a status outside the registry or a redirect (other than 304) is declared.
    package var hasUnusual: Bool { bits & StatusSet.unusual != 0 }

    /// Whether one of the tracked statuses is declared.
    package func contains(_ status: Int) -> Bool { bits & StatusSet.bit(status) != 0 }
    package func containsAny(_ statuses: [Int]) -> Bool { statuses.contains { contains($0) } }
    package var isEmpty: Bool { bits & StatusSet.any == 0 }
    package var hasSuccess: Bool { bits & (StatusSet.success2xx | StatusSet.success3xx) != 0 }
    package var has2xx: Bool { bits & StatusSet.success2xx != 0 }
}

private let kindsByName: [String: ElementKind] = Dictionary(uniqueKeysWithValues: ElementKind.allCases.map { ($0.rawValue, $0) })

/// `ElementRef(parsing:)` with one dictionary lookup for the kind; same results.
func fastParse(_ text: String) -> ElementRef? {
    guard let colon = text.utf8.firstIndex(of: UInt8(ascii: ":")) else { return nil }
    guard let kind = kindsByName[String(text[..<colon])] else { return nil }
    let name = String(text[text.index(after: colon)...])
    return name.isEmpty ? nil : ElementRef(kind, name)
}
