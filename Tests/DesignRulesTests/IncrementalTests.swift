import ArchbenchTestSupport
import DesignModel
@testable import DesignRules
import Foundation
import Testing

/// The incremental validator against full runs: after every edit of a seeded random sequence its
/// findings are exactly the full validator's, and the endpoint rules' per-element forms are local.
@Suite struct IncrementalTests {
    /// The designs the sequences start from: the shop fixture with its source map, the flawed
    /// rides design, and a mid-sized design of the shop's endpoints repeated under ten prefixes.
    static func starts() throws -> [(name: String, design: Design, sourceMap: SourceMap?)] {
        let shop = try DesignLoader.load(contentsOf: Paths.shop)
        let rides = try DesignLoader.load(contentsOf: Paths.fixture("rides-flawed.design.yaml"))
        var mid = shop.design
        for copy in 1..<10 {
            for endpoint in shop.design.endpoints {
                var e = endpoint
                e.path = "/v1/part\(copy)" + (endpoint.path.hasPrefix("/v1") ? String(endpoint.path.dropFirst(3)) : endpoint.path)
                mid.endpoints.append(e)
            }
            for table in shop.design.tables {
                var t = table
                t.name = "\(table.name)_\(copy)"
                mid.tables.append(t)
            }
        }
        return [("shop", shop.design, shop.sourceMap), ("rides-flawed", rides.design, rides.sourceMap), ("mid-sized", mid, nil)]
    }

    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6])
    func incrementalFindingsEqualAFullRunAfterEveryEdit(seed: UInt64) throws {
        for start in try IncrementalTests.starts() {
            var rng = SplitMix(seed: seed &* 7919 &+ UInt64(start.name.utf8.count))
            var incremental = IncrementalValidator()
            var design = start.design
            var history: [Design] = [design]
            var perElementRuns = 0, reusedRuns = 0, findingsUpdates = 0
            for step in 0..<120 {
                let full = Validator().report(design, sourceMap: start.sourceMap).findings
                let fast = incremental.report(design, sourceMap: start.sourceMap).findings
                if fast != full {
                    let missing = full.filter { !fast.contains($0) }.prefix(5), extra = fast.filter { !full.contains($0) }.prefix(5)
                    Testing.Issue.record("""
                        seed \(seed), \(start.name), step \(step): incremental findings differ from a full run \
                        (\(fast.count) findings, a full run \(full.count))
                        missing: \(missing.map { "\($0) on \($0.element?.description ?? "-")" })
                        extra: \(extra.map { "\($0) on \($0.element?.description ?? "-")" })
                        """)
                    return
                }
                perElementRuns += incremental.lastRun.perElement
                reusedRuns += incremental.lastRun.reused
                findingsUpdates += incremental.lastRun.findingsUpdated ? 1 : 0
                let edit = RandomEdit.apply(to: &design, history: history, findings: full, &rng)
                _ = edit
                history.append(design)
            }
            // The sequences exercise the shortcuts, not only full runs.
            #expect(perElementRuns > 0, "seed \(seed), \(start.name): no per-element run")
            #expect(reusedRuns > 0, "seed \(seed), \(start.name): no rule reused")
            #expect(findingsUpdates > 0, "seed \(seed), \(start.name): findings never updated in place")
        }
    }

    /// The fields `changedInPlace` compares bit by bit are every stored field of `Endpoint`, each
    /// once and apart from the others: a field added to `Endpoint` and not listed fails here.
    @Test func endpointFieldBitsCoverEveryField() {
        let endpoint = Endpoint(method: .GET, path: "/v1/items")
        let stored = Mirror(reflecting: endpoint).children.count
        let fields = IncrementalValidator.endpointFields.sorted { $0.offset < $1.offset }
        #expect(fields.count == stored)
        for (a, b) in zip(fields, fields.dropFirst()) { #expect(a.offset + a.size <= b.offset) }
        #expect(fields.last.map { $0.offset + $0.size <= MemoryLayout<Endpoint>.size } == true)
    }

    /// After a copy of the endpoint array (copy on write, as every edit of a shared design makes),
    /// only the endpoint edited counts as changed, and an endpoint changed in one field only is found.
    @Test func changedInPlaceFindsTheEditedEndpointsOnly() throws {
        let design = try DesignLoader.load(contentsOf: Paths.shop).design
        var edited = design
        edited.endpoints[2].responses.append(Response(status: 409, description: "Conflict."))
        #expect(IncrementalValidator.changedInPlace(design.endpoints, edited.endpoints) == [2])
        edited = design
        edited.endpoints[0].deprecated = design.endpoints[0].deprecated == true ? false : true
        edited.endpoints[3].tags.append("edited")
        #expect(IncrementalValidator.changedInPlace(design.endpoints, edited.endpoints) == [0, 3])
        edited = design
        edited.endpoints[1].path += "/renamed"
        #expect(IncrementalValidator.changedInPlace(design.endpoints, edited.endpoints) == nil)
    }

    /// An edit of one endpoint's summary reuses the index and checks that endpoint alone again.
    @Test func summaryEditChecksOneEndpoint() throws {
        let loaded = try DesignLoader.load(contentsOf: Paths.shop)
        var incremental = IncrementalValidator()
        _ = incremental.report(loaded.design, sourceMap: loaded.sourceMap)
        let active = Validator.allRules.filter { !loaded.design.validation.disable.contains($0.id) }
        #expect(incremental.lastRun.full == active.count)
        var design = loaded.design
        design.endpoints[1].summary = "Something else"
        let report = incremental.report(design, sourceMap: loaded.sourceMap)
        #expect(report.findings == Validator().validate(design, sourceMap: loaded.sourceMap))
        #expect(incremental.lastRun.indexReused)
        #expect(incremental.lastRun.findingsUpdated)
        #expect(incremental.lastRun.elementsChecked == 1)
        #expect(incremental.lastRun.perElement == active.filter { $0 is any EndpointRule }.count)
        let endpointReaders = active.filter { !($0 is any EndpointRule) && $0.reads.contains(.endpoints) }.count
        #expect(incremental.lastRun.full == endpointReaders)
        #expect(incremental.lastRun.reused == active.count - incremental.lastRun.perElement - endpointReaders)
    }

    /// Each endpoint rule's issues on a design are the union of its issues on the designs that
    /// keep one endpoint each (everything else unchanged): what endpoint `e` gets comes from `e`.
    @Test func endpointRulesAreLocal() throws {
        let endpointRules = Validator.allRules.compactMap { $0 as? any EndpointRule }
        #expect(endpointRules.count >= 20)
        for start in try IncrementalTests.starts() where start.name != "mid-sized" {
            let whole = RuleContext(design: start.design)
            let alone = start.design.endpoints.indices.map { e -> RuleContext in
                var one = start.design
                one.endpoints = [start.design.endpoints[e]]
                return RuleContext(design: one)
            }
            for rule in endpointRules {
                let all = rule.check(whole)
                var union: [DesignRules.Issue] = []
                for e in start.design.endpoints.indices {
                    let own = rule.check(endpoint: e, whole)
                    #expect(own == rule.check(alone[e]), "\(rule.id) on endpoint \(e) of \(start.name) depends on other endpoints")
                    union += own
                }
                #expect(all == union, "\(rule.id) on \(start.name)")
            }
        }
    }

    /// A reused index is the index a full build gives, lookup for lookup, after edits that keep it.
    @Test func reusedIndexEqualsARebuiltOne() throws {
        let design = try DesignLoader.load(contentsOf: Paths.shop).design
        var edited = design
        edited.endpoints[0].summary = "changed"
        edited.endpoints[2].description = "changed too"
        edited.services[0].description = "another"
        edited.validation.ignore.append(IgnoreEntry(rule: "doc-endpoint-summary", element: "endpoint:GET /nowhere"))
        #expect(DesignIndex.heavyPartsMatch(design, edited))
        let reused = DesignIndex(edited, reusing: (design, DesignIndex(design)))
        let built = DesignIndex(edited)
        #expect(reused.references.map(\.raw) == built.references.map(\.raw))
        #expect(reused.endpointNames == built.endpointNames)
        #expect(reused.services == built.services)
        #expect(reused.examples.map(\.text) == built.examples.map(\.text))
        edited.endpoints[0].path += "/x"
        #expect(!DesignIndex.heavyPartsMatch(design, edited))
    }

    /// Every rule says what it reads (only the meta rule reads nothing), so that edits reuse most.
    @Test func rulesDeclareWhatTheyRead() {
        let undeclared = Validator.allRules.filter { $0.reads == .all }.map(\.id)
        #expect(undeclared.isEmpty, "rules that read everything: \(undeclared)")
    }
}


/// One random edit of a design, of the kinds the workbench makes: a field of an endpoint, table,
/// service, event or flow; an element added, removed, moved or renamed; a validation setting;
/// the API conventions; scaling, comments and the top-level fields; or an undo to an earlier version.
enum RandomEdit {
    static let paths = ["/v1/orders", "/v1/orders/{order_id}", "/v1/getOrders", "/v1/order/{id}", "/v1/orderItems/", "/v2/things.json",
                        "/v1/a/{a}/b/{b}/c/{c}/d", "/v1/users/me", "/v1/users/{id}", "v1/no-slash", "/v1/orders/{order_id}/cancel"]
    static let paramNames = ["order_id", "pageToken", "cursor", "api_key", "email", "Idempotency-Key", "If-Match", "limit", "id", "a"]
    static let statuses = [200, 201, 202, 204, 207, 299, 302, 400, 401, 403, 404, 409, 412, 422, 429]
    static let examples = ["{\"id\": 1}", "{\"orderId\": 2, \"total\": 1.5}", "[1, 2]", "{bad json", "{\"status\": 3, \"type\": \"x\"}",
                           "{\"version\": 2}", "{\"password\": \"x\", \"token\": \"y\"}", "{\"amount\": 12.5, \"currency\": \"EUR\"}"]
    static let columnTypes: [String?] = ["float", "text", "timestamp", "timestamptz", "json", "jsonb", "int", "bigint", "uuid", "varchar(20)", "serial", nil]

    static func apply(to design: inout Design, history: [Design], findings: [Finding], _ rng: inout SplitMix) -> String {
        func pick<T>(_ items: [T]) -> T? { items.isEmpty ? nil : items[Int.random(in: 0..<items.count, using: &rng)] }
        func chance(_ n: Int) -> Bool { Int.random(in: 0..<n, using: &rng) == 0 }
        func index<T>(_ items: [T]) -> Int? { items.isEmpty ? nil : Int.random(in: 0..<items.count, using: &rng) }
        let serviceNames = design.services.map(\.name) + ["ghost"]
        let refs: [String] = design.endpoints.map { "endpoint:\($0.name)" } + design.tables.map { "table:\($0.name)" }
            + design.services.map { "service:\($0.name)" } + design.events.map { "event:\($0.name)" } + ["endpoint:GET /nowhere", "table:none", "bogus"]
        let kind = Int.random(in: 0..<40, using: &rng)
        switch kind {
        case 0..<14:
            // Endpoints, the biggest section: most edits are in place.
            guard let e = index(design.endpoints) else { return "none" }
            switch Int.random(in: 0..<16, using: &rng) {
            case 0: design.endpoints[e].summary = chance(3) ? nil : "Summary \(Int.random(in: 0..<99, using: &rng))"
            case 1: design.endpoints[e].description = chance(2) ? nil : "Replaced by something."
            case 2: design.endpoints[e].auth = pick([nil, "none", "bogus", "bearer"] + design.api.auth.map(\.name)) ?? nil
            case 3: design.endpoints[e].deprecated = pick([nil, true, false]) ?? nil
            case 4: design.endpoints[e].idempotent = pick([nil, true, false]) ?? nil
            case 5: design.endpoints[e].rateLimit = pick([nil, "bogus"] + design.api.rateLimits.map(\.name)) ?? nil
            case 6: design.endpoints[e].scopes = chance(2) ? [] : ["orders:write"]
            case 7:
                if chance(2), let r = index(design.endpoints[e].responses) { design.endpoints[e].responses.remove(at: r) } else {
                    design.endpoints[e].responses.append(Response(status: pick(statuses)!, description: "x", example: chance(2) ? pick(examples) : nil))
                }
            case 8:
                if chance(2), let p = index(design.endpoints[e].params) { design.endpoints[e].params.remove(at: p) } else {
                    design.endpoints[e].params.append(Param(name: pick(paramNames)!, location: pick(ParamLocation.allCases)!, type: "string"))
                }
            case 9: design.endpoints[e].request = chance(3) ? nil : RequestBody(contentType: pick([nil, "application/json", "text/csv"]) ?? nil,
                                                                                example: pick(examples))
            case 10: design.endpoints[e].service = pick(serviceNames.map { Optional($0) } + [nil]) ?? nil
            case 11: design.endpoints[e].path = pick(paths)!  // a rename
            case 12: design.endpoints[e].method = pick(HTTPMethod.allCases)!  // a rename
            case 13:
                var copy = design.endpoints[e]
                copy.path = pick(paths)! + (chance(2) ? "" : "/extra\(Int.random(in: 0..<5, using: &rng))")
                design.endpoints.insert(copy, at: Int.random(in: 0...design.endpoints.count, using: &rng))
            case 14: design.endpoints.remove(at: e)
            default:
                if let f = index(design.endpoints) { design.endpoints.swapAt(e, f) }
            }
            return "endpoint \(e)"
        case 14..<20:
            guard let t = index(design.tables) else { return "none" }
            switch Int.random(in: 0..<11, using: &rng) {
            case 0: if let c = index(design.tables[t].columns) { design.tables[t].columns[c].type = pick(columnTypes) ?? nil }
            case 1: if let c = index(design.tables[t].columns) { design.tables[t].columns[c].nullable = pick([nil, true, false]) ?? nil }
            case 2: if let c = index(design.tables[t].columns) { design.tables[t].columns[c].unique = pick([nil, true, false]) ?? nil }
            case 3: if let c = index(design.tables[t].columns) { design.tables[t].columns[c].pii = pick([nil, true, false]) ?? nil }
            case 4:
                let columns = design.tables[t].columns.map(\.name) + ["missing"]
                design.tables[t].indexes.append(Index(name: "ix\(Int.random(in: 0..<9, using: &rng))", columns: [pick(columns)!],
                                                      unique: pick([nil, true]) ?? nil))
            case 5:
                let target = pick(design.tables).map { "\($0.name).\($0.columns.first?.name ?? "id")" } ?? "x.y"
                design.tables[t].columns.append(Column(name: pick(["customer_id", "tagIds", "created", "ssn", "password", "phone1"])!,
                                                       type: pick(columnTypes) ?? nil, references: chance(2) ? target : nil))
            case 6: design.tables[t].name += "_renamed"
            case 7: design.tables.remove(at: t)
            case 8: design.tables[t].service = pick(serviceNames.map { Optional($0) } + [nil]) ?? nil
            case 9: design.tables[t].estimatedRows = pick([nil, 10, 5_000_000, 80_000_000]) ?? nil
            default: design.tables[t].description = chance(2) ? nil : "Rows of things."
            }
            return "table \(t)"
        case 20..<23:
            guard let s = index(design.services) else { return "none" }
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: design.services[s].name += "x"
            case 1: design.services[s].description = chance(2) ? nil : "Does things."
            case 2: design.services[s].datastore = chance(2) ? nil : "PostgreSQL"
            case 3:
                design.services[s].calls.append(ServiceCall(service: pick(serviceNames)!, style: pick(CallStyle.allCases),
                                                            event: chance(2) ? pick(design.events)?.name : nil))
            case 4: if !design.services[s].calls.isEmpty { design.services[s].calls.removeLast() }
            default: design.services.remove(at: s)
            }
            return "service \(s)"
        case 23..<25:
            guard let v = index(design.events) else { return "none" }
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: design.events[v].producer = pick(serviceNames.map { Optional($0) } + [nil]) ?? nil
            case 1: design.events[v].consumers = chance(2) ? [] : [pick(serviceNames)!]
            case 2: design.events[v].payload = pick(examples.map { Optional($0) } + [nil]) ?? nil
            case 3: design.events[v].name += "2"
            default: design.events.remove(at: v)
            }
            return "event \(v)"
        case 25..<27:
            guard let f = index(design.flows) else { return "none" }
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: if let s = index(design.flows[f].steps) { design.flows[f].steps[s].to = pick(refs)! }
            case 1: design.flows[f].steps.append(FlowStep(from: pick(serviceNames)!, to: pick(refs)!, style: pick(CallStyle.allCases)))
            case 2: design.flows[f].consistency = pick(FlowConsistency.allCases)
            default: design.flows[f].trigger = pick(refs)
            }
            return "flow \(f)"
        case 27..<32:
            // Validation settings: applied after the rules, and read by a few of them.
            switch Int.random(in: 0..<7, using: &rng) {
            case 0:
                let id = pick(Validator.allRules.map(\.id))!
                if let i = design.validation.disable.firstIndex(of: id) { design.validation.disable.remove(at: i) } else { design.validation.disable.append(id) }
            case 1:
                design.validation.severity.append(SeverityOverride(rule: pick(findings.map(\.ruleID) + ["api-path-shape"])!,
                                                                   severity: pick(Severity.allCases)!))
            case 2:
                if let finding = pick(findings) {
                    design.validation.ignore.append(IgnoreEntry(rule: finding.ruleID, element: chance(3) ? nil : finding.element?.description,
                                                                reason: "Accepted."))
                }
            case 3: if !design.validation.ignore.isEmpty { design.validation.ignore.removeFirst() }
            case 4: design.validation.pathCasing = pick(CasingStyle.allCases.map { Optional($0) } + [nil]) ?? nil
            case 5: design.validation.parameterCasing = pick(CasingStyle.allCases.map { Optional($0) } + [nil]) ?? nil
            default: design.validation.jsonCasing = pick(CasingStyle.allCases.map { Optional($0) } + [nil]) ?? nil
            }
            return "validation"
        case 32..<34:
            switch Int.random(in: 0..<5, using: &rng) {
            case 0:
                if chance(2), !design.api.auth.isEmpty { design.api.auth.removeLast() } else {
                    design.api.auth.append(AuthScheme(name: pick(["bearer", "oauth", "basic"])!, type: pick(AuthType.allCases)))
                }
            case 1: design.api.errorFormat = chance(2) ? nil : "application/problem+json"
            case 2: design.api.versioning.strategy = pick(VersioningStrategy.allCases.map { Optional($0) } + [nil]) ?? nil
            case 3: design.api.baseURL = pick([nil, "http://api.example.com", "https://api.example.com/v1?x=1"]) ?? nil
            default: if !design.api.rateLimits.isEmpty { design.api.rateLimits.removeLast() }
            }
            return "api"
        case 34..<36:
            switch Int.random(in: 0..<5, using: &rng) {
            case 0:
                design.scaling.caches.append(Cache(name: "cache\(Int.random(in: 0..<3, using: &rng))", layer: pick(CacheLayer.allCases),
                                                   serves: [pick(refs)!]))
            case 1: design.scaling.bottlenecks.append(Bottleneck(name: "b", affects: [pick(refs)!]))
            case 2: design.scaling.monitoring = chance(2) ? [] : [MonitoringSignal(signal: "latency", target: "p99 < 200ms")]
            case 3:
                let id = (design.comments.map(\.id).max() ?? 0) + 1
                design.comments.append(Comment(id: id, element: pick(refs), text: "Why?", status: pick([nil, .open, .resolved]) ?? nil))
            default: design.phases.append(Phase(name: "phase\(Int.random(in: 0..<3, using: &rng))", includes: [pick(refs)!]))
            }
            return "scaling, comments, phases"
        case 36..<38:
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: design.summary = chance(2) ? nil : "A summary."
            case 1: design.security = chance(2) ? [] : ["Encryption at rest."]
            case 2: design.requirements.questions = chance(2) ? [] : ["Which region?"]
            default: design.requirements.load.latencyP99Ms = pick([nil, 50, 2000]) ?? nil
            }
            return "top level"
        default:
            // Undo to an earlier version (the workbench's undo gives back an earlier value).
            design = history[Int.random(in: max(0, history.count - 6)..<history.count, using: &rng)]
            return "undo"
        }
    }
}
