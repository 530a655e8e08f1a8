import Foundation
import Yams

/// Keys of each mapping in canonical order; the writer uses the same lists.
enum Keys {
    static let top = Design.sectionKeys
    static let requirements = ["business", "load", "constraints", "questions"]
    static let load = ["peak_rps", "avg_rps", "users", "data_volume", "latency_p99_ms", "availability"]
    static let api = ["base_url", "versioning", "error_format", "auth", "rate_limits"]
    static let versioning = ["strategy", "current", "header"]
    static let auth = ["name", "type", "description"]
    static let rateLimit = ["name", "limit", "window", "scope"]
    static let service = ["name", "domain", "description", "responsibilities", "datastore", "stateless", "replicas", "calls"]
    static let call = ["service", "style", "purpose", "event"]
    static let event = ["name", "producer", "consumers", "channel", "delivery", "payload"]
    static let endpoint = ["method", "path", "service", "summary", "description", "auth", "scopes", "rate_limit",
                           "idempotent", "deprecated", "tags", "params", "request", "responses"]
    static let param = ["name", "in", "type", "required", "description"]
    static let request = ["content_type", "example"]
    static let response = ["status", "description", "example"]
    static let table = ["name", "service", "description", "columns", "primary_key", "indexes", "partitioning",
                        "sharding", "estimated_rows"]
    static let column = ["name", "type", "primary_key", "nullable", "unique", "default", "references", "on_delete",
                         "pii", "description"]
    static let index = ["name", "columns", "unique", "kind", "where"]
    static let partitioning = ["strategy", "key", "note"]
    static let sharding = ["strategy", "key", "shards", "note"]
    static let stack = ["area", "choice", "rationale", "alternatives"]
    static let alternative = ["name", "tradeoff"]
    static let scaling = ["bottlenecks", "caches", "load_balancing", "failover", "monitoring", "notes"]
    static let bottleneck = ["name", "description", "affects", "mitigation"]
    static let cache = ["name", "layer", "what", "ttl", "invalidation", "serves"]
    static let monitoring = ["signal", "target", "alert"]
    static let phase = ["name", "goal", "includes"]
    static let comment = ["id", "element", "author", "at", "text", "status", "replies"]
    static let reply = ["author", "at", "text"]
    static let validation = ["disable", "severity", "ignore"]
    static let ignore = ["rule", "element", "reason"]
}

/// Walks the node tree of a design file into a `Design`, then checks names and references.
struct DesignReader {
    let context: LoadContext

    /// Where each element's references were written, checked once everything is read.
    private final class PendingChecks {
        var references: [(ElementRef?, String, SourceLocation, String)] = []  // parsed ref, raw, place, what
        var names: [(kind: String, name: String, location: SourceLocation)] = []
        var plain: [(check: (Design) -> String?, location: SourceLocation)] = []
    }
    private let pending = PendingChecks()

    init(context: LoadContext) { self.context = context }

    func readDesign(_ root: Node) -> Design? {
        if case let .mapping(mapping) = root, let versionNode = mapping["archbench"],
           case let .scalar(scalar) = versionNode, let version = Int(scalar.string),
           version > Design.supportedFormatVersion {
            context.toleratesUnknownKeys = true
        }
        guard let top = MapReader(root, what: "the design", keys: Keys.top, context: context) else { return nil }
        let formatVersion = top.requiredInt("archbench")
        if let formatVersion, formatVersion < 1 {
            context.report(top.value("archbench"), "'archbench' must be 1 or higher, found \(formatVersion)")
        }
        let title = top.requiredString("title")
        for key in Design.sectionKeys where top.pairs.contains(where: { $0.key == key }) {
            context.sourceMap.locations[.section(key)] = top.keyLocation(key)
        }
        var design = Design(formatVersion: formatVersion ?? 1, title: title ?? "")
        design.version = top.string("version")
        design.status = top.choice("status")
        design.owners = top.strings("owners")
        design.summary = top.string("summary")
        design.requirements = top.map("requirements", what: "requirements", keys: Keys.requirements, read: readRequirements) ?? Requirements()
        design.api = top.map("api", what: "api", keys: Keys.api, read: readAPI) ?? APIConventions()
        design.services = top.list("services", what: "a service", keys: Keys.service, read: readService)
        design.events = top.list("events", what: "an event", keys: Keys.event, read: readEvent)
        design.endpoints = top.list("endpoints", what: "an endpoint", keys: Keys.endpoint, read: readEndpoint)
        design.tables = top.list("tables", what: "a table", keys: Keys.table, read: readTable)
        design.stack = top.list("stack", what: "a stack entry", keys: Keys.stack, read: readStackEntry)
        design.deployment = top.string("deployment")
        design.scaling = top.map("scaling", what: "scaling", keys: Keys.scaling, read: readScaling) ?? Scaling()
        design.security = top.strings("security")
        design.phases = top.list("phases", what: "a phase", keys: Keys.phase, read: readPhase)
        design.comments = top.list("comments", what: "a comment", keys: Keys.comment, read: readComment)
        design.validation = top.map("validation", what: "validation", keys: Keys.validation, read: readValidation) ?? ValidationSettings()
        design.extensions = top.extensions
        checkNames(design)
        checkReferences(design)
        return formatVersion == nil || title == nil ? nil : design
    }

    private func remember(_ ref: ElementRef, _ reader: MapReader) {
        if context.sourceMap.locations[ref] == nil { context.sourceMap.locations[ref] = reader.location }
        pending.names.append((ref.kind.rawValue, ref.name, reader.location))
    }

    /// Records a name-valued reference (`service: orders`) to check once the whole file is read.
    private func expect(_ kind: ElementKind, named name: String?, at location: SourceLocation, what: String) {
        guard let name else { return }
        pending.references.append((ElementRef(kind, name), name, location, what))
    }

    /// Records a `KIND:NAME` reference.
    private func expectReference(_ text: String, at location: SourceLocation, what: String) {
        pending.references.append((ElementRef(parsing: text), text, location, what))
    }

    private func checkExample(_ text: String?, at location: SourceLocation, what: String) {
        guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
        if let problem = JSONSyntax.check(text, trailingCommas: true) {
            context.report(at: location, "\(what) is not valid JSON: \(problem)")
        }
    }

    // MARK: Sections

    private func readRequirements(_ map: MapReader) -> Requirements {
        var requirements = Requirements(business: map.strings("business"), constraints: map.strings("constraints"),
                                        questions: map.strings("questions"))
        requirements.load = map.map("load", what: "requirements.load", keys: Keys.load) { load in
            var value = Load(peakRPS: load.positiveNumber("peak_rps"), avgRPS: load.positiveNumber("avg_rps"),
                             users: load.positiveNumber("users"),
                             dataVolume: load.string("data_volume"), latencyP99Ms: load.positiveNumber("latency_p99_ms"),
                             availability: load.string("availability"))
            value.extensions = load.extensions
            return value
        } ?? Load()
        requirements.extensions = map.extensions
        return requirements
    }

    private func readAPI(_ map: MapReader) -> APIConventions {
        var api = APIConventions(baseURL: map.string("base_url"), errorFormat: map.string("error_format"))
        api.versioning = map.map("versioning", what: "api.versioning", keys: Keys.versioning) { versioning in
            var value = Versioning(strategy: versioning.choice("strategy"), current: versioning.string("current"),
                                   header: versioning.string("header"))
            value.extensions = versioning.extensions
            return value
        } ?? Versioning()
        api.auth = map.list("auth", what: "an auth scheme", keys: Keys.auth) { auth in
            guard let name = auth.requiredString("name") else { return nil }
            remember(ElementRef(.auth, name), auth)
            var scheme = AuthScheme(name: name, type: auth.choice("type"), description: auth.string("description"))
            scheme.extensions = auth.extensions
            return scheme
        }
        api.rateLimits = map.list("rate_limits", what: "a rate limit", keys: Keys.rateLimit) { limit in
            guard let name = limit.requiredString("name") else { return nil }
            remember(ElementRef(.rateLimit, name), limit)
            var value = RateLimit(name: name, limit: limit.int("limit", atLeast: 1), window: limit.duration("window"),
                                  scope: limit.choice("scope"))
            value.extensions = limit.extensions
            return value
        }
        api.extensions = map.extensions
        return api
    }

    private func readService(_ map: MapReader) -> Service? {
        guard let name = map.requiredString("name") else { return nil }
        remember(.service(name), map)
        var service = Service(name: name, domain: map.string("domain"), description: map.string("description"),
                              responsibilities: map.strings("responsibilities"), datastore: map.string("datastore"),
                              stateless: map.bool("stateless"), replicas: map.string("replicas"))
        service.calls = map.list("calls", what: "a call of service '\(name)'", keys: Keys.call) { call in
            guard let target = call.requiredString("service") else { return nil }
            expect(.service, named: target, at: call.keyLocation("service"), what: "call of service '\(name)'")
            let style: CallStyle? = call.choice("style")
            let event = call.string("event")
            expect(.event, named: event, at: call.keyLocation("event"), what: "call of service '\(name)'")
            var value = ServiceCall(service: target, style: style, purpose: call.string("purpose"), event: event)
            value.extensions = call.extensions
            return value
        }
        service.extensions = map.extensions
        return service
    }

    private func readEvent(_ map: MapReader) -> Event? {
        guard let name = map.requiredString("name") else { return nil }
        remember(.event(name), map)
        let producer = map.string("producer")
        expect(.service, named: producer, at: map.keyLocation("producer"), what: "producer of event '\(name)'")
        let consumers = map.strings("consumers")
        for (index, consumer) in consumers.enumerated() {
            expect(.service, named: consumer, at: itemLocation(map, "consumers", index), what: "consumer of event '\(name)'")
        }
        let payload = map.string("payload")
        checkExample(payload, at: map.keyLocation("payload"), what: "the payload of event '\(name)'")
        var event = Event(name: name, producer: producer, consumers: consumers, channel: map.string("channel"),
                          delivery: map.choice("delivery"), payload: payload)
        event.extensions = map.extensions
        return event
    }

    private func readEndpoint(_ map: MapReader) -> Endpoint? {
        let method: HTTPMethod? = map.value("method") == nil ? nil : map.choice("method")
        if map.value("method") == nil { _ = map.requiredString("method") }
        let path = map.requiredString("path")
        guard let method, let path else { return nil }
        var endpoint = Endpoint(method: method, path: path)
        let name = endpoint.name
        remember(.endpoint(name), map)
        endpoint.service = map.string("service")
        expect(.service, named: endpoint.service, at: map.keyLocation("service"), what: "endpoint '\(name)'")
        endpoint.summary = map.string("summary")
        endpoint.description = map.string("description")
        endpoint.auth = map.string("auth")
        if let auth = endpoint.auth, auth != Endpoint.publicAuth {
            expect(.auth, named: auth, at: map.keyLocation("auth"), what: "endpoint '\(name)'")
        }
        endpoint.scopes = map.strings("scopes")
        endpoint.rateLimit = map.string("rate_limit")
        expect(.rateLimit, named: endpoint.rateLimit, at: map.keyLocation("rate_limit"), what: "endpoint '\(name)'")
        endpoint.idempotent = map.bool("idempotent")
        endpoint.deprecated = map.bool("deprecated")
        endpoint.tags = map.strings("tags")
        endpoint.params = map.list("params", what: "a parameter of '\(name)'", keys: Keys.param) { param in
            let paramName = param.requiredString("name")
            let location: ParamLocation? = param.value("in") == nil ? nil : param.choice("in")
            if param.value("in") == nil { _ = param.requiredString("in") }
            guard let paramName, let location else { return nil }
            pending.names.append(("parameter of '\(name)'", "\(location.rawValue) \(paramName)", param.location))
            var value = Param(name: paramName, location: location, type: param.string("type"),
                              required: param.bool("required"), description: param.string("description"))
            value.extensions = param.extensions
            return value
        }
        endpoint.request = map.map("request", what: "the request of '\(name)'", keys: Keys.request) { request in
            let example = request.string("example")
            checkExample(example, at: request.keyLocation("example"), what: "the request example of '\(name)'")
            var value = RequestBody(contentType: request.string("content_type"), example: example)
            value.extensions = request.extensions
            return value
        }
        endpoint.responses = map.list("responses", what: "a response of '\(name)'", keys: Keys.response) { response in
            guard let status = response.requiredInt("status") else { return nil }
            if !(100...599).contains(status) {
                context.report(response.value("status"), "status \(status) of '\(name)' is not an HTTP status code (100 to 599)")
            }
            pending.names.append(("response status of '\(name)'", String(status), response.location))
            let example = response.string("example")
            checkExample(example, at: response.keyLocation("example"), what: "the \(status) response example of '\(name)'")
            var value = Response(status: status, description: response.string("description"), example: example)
            value.extensions = response.extensions
            return value
        }
        endpoint.extensions = map.extensions
        return endpoint
    }

    private func readTable(_ map: MapReader) -> Table? {
        guard let name = map.requiredString("name") else { return nil }
        remember(.table(name), map)
        var table = Table(name: name, service: map.string("service"), description: map.string("description"))
        expect(.service, named: table.service, at: map.keyLocation("service"), what: "owner of table '\(name)'")
        table.columns = map.list("columns", what: "a column of table '\(name)'", keys: Keys.column) { column in
            guard let columnName = column.requiredString("name") else { return nil }
            remember(.column(name, columnName), column)
            var value = Column(name: columnName, type: column.string("type"), primaryKey: column.bool("primary_key"),
                               nullable: column.bool("nullable"), unique: column.bool("unique"),
                               defaultValue: column.string("default"), references: column.string("references"),
                               onDelete: column.choice("on_delete"), pii: column.bool("pii"),
                               description: column.string("description"))
            if let references = value.references {
                if let target = value.referencedColumn, !target.table.isEmpty, !target.column.isEmpty {
                    expect(.column, named: "\(target.table).\(target.column)", at: column.keyLocation("references"),
                           what: "foreign key '\(name).\(columnName)'")
                } else {
                    context.report(column.value("references"),
                                   "'references' of column '\(name).\(columnName)' must be TABLE.COLUMN, found '\(references)'")
                }
            }
            value.extensions = column.extensions
            return value
        }
        table.primaryKey = map.strings("primary_key")
        table.indexes = map.list("indexes", what: "an index of table '\(name)'", keys: Keys.index) { index in
            guard let indexName = index.requiredString("name") else { return nil }
            pending.names.append(("index", indexName, index.location))
            var value = Index(name: indexName, columns: index.strings("columns"), unique: index.bool("unique"),
                              kind: index.choice("kind"), whereClause: index.string("where"))
            value.extensions = index.extensions
            return value
        }
        table.partitioning = map.map("partitioning", what: "the partitioning of '\(name)'", keys: Keys.partitioning) { part in
            var value = Partitioning(strategy: part.choice("strategy"), key: part.strings("key"), note: part.string("note"))
            value.extensions = part.extensions
            return value
        }
        table.sharding = map.map("sharding", what: "the sharding of '\(name)'", keys: Keys.sharding) { shard in
            var value = Sharding(strategy: shard.choice("strategy"), key: shard.strings("key"), shards: shard.int("shards", atLeast: 1),
                                 note: shard.string("note"))
            value.extensions = shard.extensions
            return value
        }
        table.estimatedRows = map.int("estimated_rows", atLeast: 0)
        table.extensions = map.extensions
        return table
    }

    private func readStackEntry(_ map: MapReader) -> StackEntry? {
        guard let area = map.requiredString("area") else { return nil }
        remember(.stack(area), map)
        var entry = StackEntry(area: area, choice: map.string("choice"), rationale: map.string("rationale"))
        entry.alternatives = map.list("alternatives", what: "an alternative in '\(area)'", keys: Keys.alternative) { alt in
            guard let name = alt.requiredString("name") else { return nil }
            var value = Alternative(name: name, tradeoff: alt.string("tradeoff"))
            value.extensions = alt.extensions
            return value
        }
        entry.extensions = map.extensions
        return entry
    }

    private func readScaling(_ map: MapReader) -> Scaling {
        var scaling = Scaling(loadBalancing: map.string("load_balancing"), failover: map.string("failover"),
                              notes: map.string("notes"))
        scaling.bottlenecks = map.list("bottlenecks", what: "a bottleneck", keys: Keys.bottleneck) { item in
            guard let name = item.requiredString("name") else { return nil }
            remember(.bottleneck(name), item)
            let affects = referenceList(item, "affects", what: "bottleneck '\(name)'")
            var value = Bottleneck(name: name, description: item.string("description"), affects: affects,
                                   mitigation: item.string("mitigation"))
            value.extensions = item.extensions
            return value
        }
        scaling.caches = map.list("caches", what: "a cache", keys: Keys.cache) { item in
            guard let name = item.requiredString("name") else { return nil }
            remember(.cache(name), item)
            let serves = referenceList(item, "serves", what: "cache '\(name)'")
            var value = Cache(name: name, layer: item.choice("layer"), what: item.string("what"), ttl: item.duration("ttl"),
                              invalidation: item.string("invalidation"), serves: serves)
            value.extensions = item.extensions
            return value
        }
        scaling.monitoring = map.list("monitoring", what: "a monitoring signal", keys: Keys.monitoring) { item in
            guard let signal = item.requiredString("signal") else { return nil }
            remember(ElementRef(.monitoring, signal), item)
            var value = MonitoringSignal(signal: signal, target: item.string("target"), alert: item.string("alert"))
            value.extensions = item.extensions
            return value
        }
        scaling.extensions = map.extensions
        return scaling
    }

    private func readPhase(_ map: MapReader) -> Phase? {
        guard let name = map.requiredString("name") else { return nil }
        remember(ElementRef(.phase, name), map)
        var phase = Phase(name: name, goal: map.string("goal"), includes: referenceList(map, "includes", what: "phase '\(name)'"))
        phase.extensions = map.extensions
        return phase
    }

    private func readComment(_ map: MapReader) -> Comment? {
        guard let id = map.requiredInt("id", atLeast: 1) else { return nil }
        remember(ElementRef(.comment, String(id)), map)
        let element = map.string("element")
        if let element { expectReference(element, at: map.keyLocation("element"), what: "comment \(id)") }
        var comment = Comment(id: id, element: element, author: map.string("author"), at: map.time("at"),
                              text: map.string("text"), status: map.choice("status"))
        comment.replies = map.list("replies", what: "a reply to comment \(id)", keys: Keys.reply) { reply in
            var value = Reply(author: reply.string("author"), at: reply.time("at"), text: reply.string("text"))
            value.extensions = reply.extensions
            return value
        }
        comment.extensions = map.extensions
        return comment
    }

    private func readValidation(_ map: MapReader) -> ValidationSettings {
        var settings = ValidationSettings(disable: map.strings("disable"))
        if let severityNode = map.value("severity") {
            if case let .mapping(mapping) = severityNode {
                for (keyNode, valueNode) in mapping {
                    guard let rule = keyNode.string, let text = valueNode.string else {
                        context.report(keyNode, "'severity' in validation maps a rule id to error, warning or info")
                        continue
                    }
                    guard let severity = Severity(rawValue: text) else {
                        context.report(valueNode, "severity of '\(rule)' must be one of error, warning, info; found '\(text)'")
                        continue
                    }
                    settings.severity.append(SeverityOverride(rule: rule, severity: severity))
                }
            } else {
                context.report(severityNode, "'severity' in validation must be a mapping of rule id to severity")
            }
        }
        settings.ignore = map.list("ignore", what: "an ignore entry", keys: Keys.ignore) { item in
            guard let rule = item.requiredString("rule") else { return nil }
            let element = item.string("element")
            if let element { expectReference(element, at: item.keyLocation("element"), what: "ignore entry for '\(rule)'") }
            var value = IgnoreEntry(rule: rule, element: element, reason: item.string("reason"))
            value.extensions = item.extensions
            return value
        }
        settings.extensions = map.extensions
        return settings
    }

    private func referenceList(_ map: MapReader, _ key: String, what: String) -> [String] {
        let items = map.strings(key)
        for (index, item) in items.enumerated() {
            expectReference(item, at: itemLocation(map, key, index), what: what)
        }
        return items
    }

    private func itemLocation(_ map: MapReader, _ key: String, _ index: Int) -> SourceLocation {
        guard let node = map.value(key), case let .sequence(sequence) = node, index < sequence.count else {
            return map.keyLocation(key)
        }
        return context.location(of: sequence[index])
    }

    // MARK: Checks over the whole file

    private func checkNames(_ design: Design) {
        var seen: [String: SourceLocation] = [:]
        for (kind, name, location) in pending.names {
            // Index names are unique per schema, the rest per kind and owner as recorded.
            let key = "\(kind)\u{0}\(name)"
            if let first = seen[key] {
                let label = kind.hasPrefix("parameter") || kind.hasPrefix("response") ? kind : "\(kind) name"
                context.report(at: location, "duplicate \(label) '\(name)' (first at line \(first.line))")
            } else {
                seen[key] = location
            }
        }
    }

    private func checkReferences(_ design: Design) {
        var known: [ElementKind: Set<String>] = [:]
        for (ref, raw, location, what) in pending.references {
            guard let ref else {
                let kinds = ElementKind.referenceable.map(\.rawValue).joined(separator: ", ")
                context.report(at: location, "'\(raw)' in \(what) is not an element reference KIND:NAME (kinds: \(kinds))")
                continue
            }
            if known[ref.kind] == nil { known[ref.kind] = Set(design.names(of: ref.kind)) }
            if known[ref.kind]!.contains(ref.name) { continue }
            var message: String
            switch ref.kind {
            case .auth: message = "\(what) names auth scheme '\(ref.name)', which api.auth does not define"
            case .rateLimit: message = "\(what) names rate limit '\(ref.name)', which api.rate_limits does not define"
            default: message = "\(what) refers to \(ref.kind.rawValue) '\(ref.name)', which does not exist"
            }
            if let suggestion = closestMatch(to: ref.name, in: design.names(of: ref.kind)) {
                message += "; did you mean '\(suggestion)'?"
            }
            context.report(at: location, message)
        }
    }
}

extension Design {
    /// Names of every element of one kind, in document order.
    public func names(of kind: ElementKind) -> [String] {
        switch kind {
        case .service: return services.map(\.name)
        case .endpoint: return endpoints.map(\.name)
        case .table: return tables.map(\.name)
        case .column: return tables.flatMap { table in table.columns.map { "\(table.name).\($0.name)" } }
        case .event: return events.map(\.name)
        case .cache: return scaling.caches.map(\.name)
        case .bottleneck: return scaling.bottlenecks.map(\.name)
        case .stack: return stack.map(\.area)
        case .flow: return flows.map(\.name)
        case .auth: return api.auth.map(\.name)
        case .rateLimit: return api.rateLimits.map(\.name)
        case .phase: return phases.map(\.name)
        case .monitoring: return scaling.monitoring.map(\.signal)
        case .comment: return comments.map { String($0.id) }
        case .section: return Design.sectionKeys
        }
    }
}
