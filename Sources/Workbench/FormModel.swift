import DesignModel
import Foundation

/// What a form edits: a top-level element, a section of the design, or a part of an element
/// (a param of an endpoint, a column of a table...). Parts are written back into their parent.
public enum FormSubject: Equatable, Sendable {
    case element(DesignElement)
    case section(DesignSection)
    /// The elements of one list shown as a section (the phases): only its rows open forms.
    case elementList(ElementCollection)
    case param(Param), request(RequestBody), response(Response)
    case call(ServiceCall)
    case column(Column), index(DesignModel.Index), partitioning(Partitioning), sharding(Sharding)
    case alternative(Alternative)
}

/// Where a reference field's candidates come from.
public enum ReferenceSource: Equatable, Sendable {
    case service, event, table
    /// `TABLE.COLUMN` of any table (a foreign key).
    case column
    /// A column of the table being edited (keys, index columns).
    case ownColumn
    /// `KIND:NAME` of any element (affects, serves, includes).
    case element
    case auth, rateLimit
}

/// How a field is shown and edited.
public enum FieldKind: Equatable, Sendable {
    /// One line typed in place; a required one cannot be emptied.
    case text(required: Bool)
    case number
    /// Prose: typed in place while it is one line; Enter opens $EDITOR.
    case longText
    /// A JSON example: edited in $EDITOR, and only stored when it parses.
    case json
    /// A list of sentences, one per line in $EDITOR.
    case lines
    /// A short list typed in place, comma separated.
    case commaList
    /// One of fixed values; "" is "not set".
    case choice([String])
    case reference(ReferenceSource)
    /// Several references; picking one that is in the list takes it out.
    case referenceList(ReferenceSource)
    /// Parts of the element (params, columns...), each opening its own form.
    case items(noun: String, summaries: [String])
    /// An optional part (partitioning, request body).
    case object(noun: String, summary: String?)
    /// Elements of the design listed in a section (auth schemes in the API conventions).
    case elements(ElementCollection, names: [String])

    var isTypedInPlace: Bool {
        switch self {
        case .text, .number, .commaList, .longText: true
        default: false
        }
    }
}

/// One field of a form, with its current value as text.
public struct FormField: Equatable, Sendable {
    public var id: String
    public var label: String
    public var kind: FieldKind
    public var value: String
    public var list: [String]

    init(_ id: String, _ label: String, _ kind: FieldKind, _ value: String? = nil, list: [String] = []) {
        self.id = id
        self.label = label
        self.kind = kind
        self.value = value ?? ""
        self.list = list
    }
}

/// A value a form could not store: the field keeps the text and says why.
public struct FieldError: Error, Equatable, Sendable {
    public var message: String
    init(_ message: String) { self.message = message }
}

private func optional(_ text: String) -> String? {
    let t = text.trimmingCharacters(in: .whitespaces)
    return t.isEmpty ? nil : text
}

private func yesNo(_ value: Bool?) -> String { value.map { $0 ? "yes" : "no" } ?? "" }
private func parseYesNo(_ text: String) -> Bool? { text == "yes" ? true : text == "no" ? false : nil }
private let yesNoChoices = ["", "yes", "no"]
private func choices<E: CaseIterable & RawRepresentable>(_ type: E.Type, optional: Bool = true) -> [String] where E.RawValue == String {
    (optional ? [""] : []) + type.allCases.map(\.rawValue)
}

private func commaList(_ text: String) -> [String] {
    text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}

private func number(_ v: Decimal?) -> String {
    v?.description ?? ""
}

private func parsePositive(_ text: String, _ label: String) throws -> Decimal? {
    guard optional(text) != nil else { return nil }
    guard let v = Decimal(string: text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")),
          Double(text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")) != nil else {
        throw FieldError("\(label) must be a number")
    }
    guard v > 0 else { throw FieldError("\(label) must be greater than 0") }
    return v
}

/// The same bounds as the loader's, so that a form never writes what would not load again.
private func parseInt(_ text: String, _ label: String, atLeast minimum: Int = Int.min) throws -> Int? {
    guard optional(text) != nil else { return nil }
    guard let v = Int(text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")) else {
        throw FieldError("\(label) must be a whole number")
    }
    guard v >= minimum else { throw FieldError(minimum == 1 ? "\(label) must be greater than 0" : "\(label) must be at least \(minimum)") }
    return v
}

private func parseDuration(_ text: String, _ label: String) throws -> DesignModel.Duration? {
    guard optional(text) != nil else { return nil }
    guard let d = DesignModel.Duration(text.trimmingCharacters(in: .whitespaces)) else {
        throw FieldError("\(label) is a number and ms, s, m, h or d: 250ms, 30s, 5m, 1h, 7d")
    }
    guard d.amount > 0 else { throw FieldError("\(label) must be longer than 0") }
    return d
}

private func parseChoice<E: RawRepresentable>(_ text: String, _ type: E.Type) -> E? where E.RawValue == String {
    E(rawValue: text)
}

/// JSON examples must parse, or the file would not load again.
func jsonProblem(_ text: String) -> String? {
    guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
    return JSONSyntax.check(text, trailingCommas: true).map { "invalid JSON: \($0)" }
}

extension FormSubject {
    /// "endpoint", "param"...: what the form title and the add row call it.
    var noun: String {
        switch self {
        case let .element(e): e.ref.kind.rawValue
        case let .section(s): FormSubject.sectionTitle(s.key)
        case let .elementList(c): c.rawValue
        case .param: "param"
        case .request: "request"
        case .response: "response"
        case .call: "call"
        case .column: "column"
        case .index: "index"
        case .partitioning: "partitioning"
        case .sharding: "sharding"
        case .alternative: "alternative"
        }
    }

    static func sectionTitle(_ key: DesignSection.Key) -> String {
        switch key {
        case .header: "summary"
        case .requirements: "requirements"
        case .apiSettings: "API conventions"
        case .deployment: "deployment"
        case .scalingNotes: "scaling notes"
        case .security: "security"
        case .validation: "validation"
        case .extensions: "extensions"
        }
    }

    /// The name shown in the title and the breadcrumb.
    var title: String {
        switch self {
        case let .element(e): "\(e.ref.kind.rawValue) \(e.name)"
        case .section, .elementList: noun
        case let .param(p): "param \(p.name)"
        case let .response(r): "response \(r.status)"
        case let .call(c): "call to \(c.service)"
        case let .column(c): "column \(c.name)"
        case let .index(i): "index \(i.name)"
        case let .alternative(a): "alternative \(a.name)"
        case .request, .partitioning, .sharding: noun
        }
    }

    /// Why this cannot be stored yet (a name missing); nil when it can.
    var missing: String? {
        switch self {
        case let .element(e):
            if case let .endpoint(endpoint) = e { return endpoint.path.isEmpty ? "an endpoint needs a path" : nil }
            return e.name.isEmpty ? "a \(e.ref.kind.rawValue) needs a name" : nil
        case let .param(p): return p.name.isEmpty ? "a param needs a name" : nil
        case let .call(c): return c.service.isEmpty ? "a call needs the service it calls" : nil
        case let .column(c): return c.name.isEmpty ? "a column needs a name" : nil
        case let .index(i): return i.name.isEmpty ? "an index needs a name" : nil
        case let .alternative(a): return a.name.isEmpty ? "an alternative needs a name" : nil
        default: return nil
        }
    }

    /// The fields, top to bottom.
    var fields: [FormField] {
        switch self {
        case let .element(element): return FormSubject.fields(of: element)
        case let .section(section): return FormSubject.fields(of: section)
        case let .elementList(c): return [FormField("items", c.rawValue, .elements(c, names: []))]
        case let .param(p):
            return [FormField("name", "name", .text(required: true), p.name),
                    FormField("in", "in", .choice(choices(ParamLocation.self, optional: false)), p.location.rawValue),
                    FormField("type", "type", .text(required: false), p.type),
                    FormField("required", "required", .choice(yesNoChoices), yesNo(p.required)),
                    FormField("description", "description", .longText, p.description)]
        case let .request(r):
            return [FormField("content_type", "content type", .text(required: false), r.contentType),
                    FormField("example", "example", .json, r.example)]
        case let .response(r):
            return [FormField("status", "status", .number, String(r.status)),
                    FormField("description", "description", .text(required: false), r.description),
                    FormField("example", "example", .json, r.example)]
        case let .call(c):
            return [FormField("service", "service", .reference(.service), c.service),
                    FormField("style", "style", .choice(choices(CallStyle.self)), c.style?.rawValue),
                    FormField("purpose", "purpose", .text(required: false), c.purpose),
                    FormField("event", "event", .reference(.event), c.event)]
        case let .column(c):
            return [FormField("name", "name", .text(required: true), c.name),
                    FormField("type", "type", .text(required: false), c.type),
                    FormField("primary_key", "primary key", .choice(yesNoChoices), yesNo(c.primaryKey)),
                    FormField("nullable", "nullable", .choice(yesNoChoices), yesNo(c.nullable)),
                    FormField("unique", "unique", .choice(yesNoChoices), yesNo(c.unique)),
                    FormField("default", "default", .text(required: false), c.defaultValue),
                    FormField("references", "references", .reference(.column), c.references),
                    FormField("on_delete", "on delete", .choice(choices(OnDelete.self)), c.onDelete?.rawValue),
                    FormField("pii", "pii", .choice(yesNoChoices), yesNo(c.pii)),
                    FormField("description", "description", .longText, c.description)]
        case let .index(i):
            return [FormField("name", "name", .text(required: true), i.name),
                    FormField("columns", "columns", .referenceList(.ownColumn), i.columns.joined(separator: ", "), list: i.columns),
                    FormField("unique", "unique", .choice(yesNoChoices), yesNo(i.unique)),
                    FormField("kind", "kind", .choice(choices(IndexKind.self)), i.kind?.rawValue),
                    FormField("where", "where", .text(required: false), i.whereClause)]
        case let .partitioning(p):
            return [FormField("strategy", "strategy", .choice(choices(PartitionStrategy.self)), p.strategy?.rawValue),
                    FormField("key", "key", .referenceList(.ownColumn), p.key.joined(separator: ", "), list: p.key),
                    FormField("note", "note", .longText, p.note)]
        case let .sharding(s):
            return [FormField("strategy", "strategy", .choice(choices(ShardStrategy.self)), s.strategy?.rawValue),
                    FormField("key", "key", .referenceList(.ownColumn), s.key.joined(separator: ", "), list: s.key),
                    FormField("shards", "shards", .number, s.shards.map(String.init)),
                    FormField("note", "note", .longText, s.note)]
        case let .alternative(a):
            return [FormField("name", "name", .text(required: true), a.name),
                    FormField("tradeoff", "tradeoff", .longText, a.tradeoff)]
        }
    }

    private static func fields(of element: DesignElement) -> [FormField] {
        switch element {
        case let .endpoint(e):
            return [FormField("method", "method", .choice(choices(HTTPMethod.self, optional: false)), e.method.rawValue),
                    FormField("path", "path", .text(required: true), e.path),
                    FormField("service", "service", .reference(.service), e.service),
                    FormField("summary", "summary", .text(required: false), e.summary),
                    FormField("description", "description", .longText, e.description),
                    FormField("auth", "auth", .reference(.auth), e.auth),
                    FormField("scopes", "scopes", .commaList, e.scopes.joined(separator: ", "), list: e.scopes),
                    FormField("rate_limit", "rate limit", .reference(.rateLimit), e.rateLimit),
                    FormField("idempotent", "idempotent", .choice(yesNoChoices), yesNo(e.idempotent)),
                    FormField("deprecated", "deprecated", .choice(yesNoChoices), yesNo(e.deprecated)),
                    FormField("tags", "tags", .commaList, e.tags.joined(separator: ", "), list: e.tags),
                    FormField("params", "params", .items(noun: "param", summaries: e.params.map(summary))),
                    FormField("request", "request", .object(noun: "request body", summary: e.request.map(summary))),
                    FormField("responses", "responses", .items(noun: "response", summaries: e.responses.map(summary)))]
        case let .service(s):
            return [FormField("name", "name", .text(required: true), s.name),
                    FormField("domain", "domain", .text(required: false), s.domain),
                    FormField("description", "description", .longText, s.description),
                    FormField("responsibilities", "responsibilities", .lines, nil, list: s.responsibilities),
                    FormField("datastore", "datastore", .text(required: false), s.datastore),
                    FormField("stateless", "stateless", .choice(yesNoChoices), yesNo(s.stateless)),
                    FormField("replicas", "replicas", .text(required: false), s.replicas),
                    FormField("calls", "calls", .items(noun: "call", summaries: s.calls.map(summary)))]
        case let .event(e):
            return [FormField("name", "name", .text(required: true), e.name),
                    FormField("producer", "producer", .reference(.service), e.producer),
                    FormField("consumers", "consumers", .referenceList(.service), e.consumers.joined(separator: ", "), list: e.consumers),
                    FormField("channel", "channel", .text(required: false), e.channel),
                    FormField("delivery", "delivery", .choice(choices(Delivery.self)), e.delivery?.rawValue),
                    FormField("payload", "payload", .json, e.payload)]
        case let .table(t):
            return [FormField("name", "name", .text(required: true), t.name),
                    FormField("service", "service", .reference(.service), t.service),
                    FormField("description", "description", .longText, t.description),
                    FormField("columns", "columns", .items(noun: "column", summaries: t.columns.map(summary))),
                    FormField("primary_key", "primary key", .referenceList(.ownColumn), t.primaryKey.joined(separator: ", "), list: t.primaryKey),
                    FormField("indexes", "indexes", .items(noun: "index", summaries: t.indexes.map(summary))),
                    FormField("partitioning", "partitioning", .object(noun: "partitioning", summary: t.partitioning.map(summary))),
                    FormField("sharding", "sharding", .object(noun: "sharding", summary: t.sharding.map(summary))),
                    FormField("estimated_rows", "est. rows", .number, t.estimatedRows.map(String.init))]
        case let .stack(s):
            return [FormField("name", "area", .text(required: true), s.area),
                    FormField("choice", "choice", .text(required: false), s.choice),
                    FormField("rationale", "rationale", .longText, s.rationale),
                    FormField("alternatives", "alternatives", .items(noun: "alternative", summaries: s.alternatives.map(\.name)))]
        case let .bottleneck(b):
            return [FormField("name", "name", .text(required: true), b.name),
                    FormField("description", "description", .longText, b.description),
                    FormField("affects", "affects", .referenceList(.element), b.affects.joined(separator: ", "), list: b.affects),
                    FormField("mitigation", "mitigation", .longText, b.mitigation)]
        case let .cache(c):
            return [FormField("name", "name", .text(required: true), c.name),
                    FormField("layer", "layer", .choice(choices(CacheLayer.self)), c.layer?.rawValue),
                    FormField("what", "what", .text(required: false), c.what),
                    FormField("ttl", "ttl", .text(required: false), c.ttl?.description),
                    FormField("invalidation", "invalidation", .longText, c.invalidation),
                    FormField("serves", "serves", .referenceList(.element), c.serves.joined(separator: ", "), list: c.serves)]
        case let .monitoring(m):
            return [FormField("name", "signal", .text(required: true), m.signal),
                    FormField("target", "target", .text(required: false), m.target),
                    FormField("alert", "alert", .text(required: false), m.alert)]
        case let .phase(p):
            return [FormField("name", "name", .text(required: true), p.name),
                    FormField("goal", "goal", .longText, p.goal),
                    FormField("includes", "includes", .referenceList(.element), p.includes.joined(separator: ", "), list: p.includes)]
        case let .auth(a):
            return [FormField("name", "name", .text(required: true), a.name),
                    FormField("type", "type", .choice(choices(AuthType.self)), a.type?.rawValue),
                    FormField("description", "description", .longText, a.description)]
        case let .rateLimit(r):
            return [FormField("name", "name", .text(required: true), r.name),
                    FormField("limit", "limit", .number, r.limit.map(String.init)),
                    FormField("window", "window", .text(required: false), r.window?.description),
                    FormField("scope", "scope", .choice(choices(RateLimitScope.self)), r.scope?.rawValue)]
        case let .comment(c):
            return [FormField("text", "text", .longText, c.text)]
        case let .flow(f):
            // Only the name until flows get their fields from the element's field schema.
            return [FormField("name", "name", .text(required: true), f.name)]
        }
    }

    private static func fields(of section: DesignSection) -> [FormField] {
        switch section {
        case let .header(h):
            return [FormField("title", "title", .text(required: true), h.title),
                    FormField("version", "version", .text(required: false), h.version),
                    FormField("status", "status", .choice(choices(DesignStatus.self)), h.status?.rawValue),
                    FormField("owners", "owners", .commaList, h.owners.joined(separator: ", "), list: h.owners),
                    FormField("summary", "summary", .longText, h.summary)]
        case let .requirements(r):
            let l = r.load
            return [FormField("business", "business", .lines, nil, list: r.business),
                    FormField("peak_rps", "peak rps", .number, number(l.peakRPS)),
                    FormField("avg_rps", "avg rps", .number, number(l.avgRPS)),
                    FormField("users", "users", .number, number(l.users)),
                    FormField("data_volume", "data volume", .text(required: false), l.dataVolume),
                    FormField("latency_p99_ms", "p99 ms", .number, number(l.latencyP99Ms)),
                    FormField("availability", "availability", .text(required: false), l.availability),
                    FormField("constraints", "constraints", .lines, nil, list: r.constraints),
                    FormField("questions", "questions", .lines, nil, list: r.questions)]
        case let .apiSettings(a):
            return [FormField("base_url", "base url", .text(required: false), a.baseURL),
                    FormField("versioning", "versioning", .choice(choices(VersioningStrategy.self)), a.versioning.strategy?.rawValue),
                    FormField("current", "current", .text(required: false), a.versioning.current),
                    FormField("header", "version hdr", .text(required: false), a.versioning.header),
                    FormField("error_format", "error format", .text(required: false), a.errorFormat),
                    FormField("auth", "auth", .elements(.authSchemes, names: [])),
                    FormField("rate_limits", "rate limits", .elements(.rateLimits, names: []))]
        case let .deployment(d):
            return [FormField("deployment", "deployment", .longText, d)]
        case let .scalingNotes(s):
            return [FormField("load_balancing", "load balance", .longText, s.loadBalancing),
                    FormField("failover", "failover", .longText, s.failover),
                    FormField("notes", "notes", .longText, s.notes)]
        case let .security(s):
            return [FormField("security", "security", .lines, nil, list: s)]
        case .validation, .extensions:
            return []
        }
    }

    // MARK: - Setting a field

    /// The subject with one field set from text (or, for lists, from `list`).
    func setting(_ id: String, text: String, list: [String] = []) throws -> FormSubject {
        switch self {
        case let .element(element): return .element(try FormSubject.set(id, text, list, on: element))
        case let .section(section): return .section(try FormSubject.set(id, text, list, on: section))
        case .elementList: return self
        case var .param(p):
            switch id {
            case "name": p.name = text.trimmingCharacters(in: .whitespaces)
            case "in": p.location = ParamLocation(rawValue: text) ?? p.location
            case "type": p.type = optional(text)
            case "required": p.required = parseYesNo(text)
            case "description": p.description = optional(text)
            default: break
            }
            return .param(p)
        case var .request(r):
            switch id {
            case "content_type": r.contentType = optional(text)
            case "example": r.example = optional(text)
            default: break
            }
            return .request(r)
        case var .response(r):
            switch id {
            case "status":
                guard let s = try parseInt(text, "status"), (100...599).contains(s) else {
                    throw FieldError("status is an HTTP status, 100 to 599")
                }
                r.status = s
            case "description": r.description = optional(text)
            case "example": r.example = optional(text)
            default: break
            }
            return .response(r)
        case var .call(c):
            switch id {
            case "service": c.service = text
            case "style": c.style = parseChoice(text, CallStyle.self)
            case "purpose": c.purpose = optional(text)
            case "event": c.event = optional(text)
            default: break
            }
            return .call(c)
        case var .column(c):
            switch id {
            case "name": c.name = text.trimmingCharacters(in: .whitespaces)
            case "type": c.type = optional(text)
            case "primary_key": c.primaryKey = parseYesNo(text)
            case "nullable": c.nullable = parseYesNo(text)
            case "unique": c.unique = parseYesNo(text)
            case "default": c.defaultValue = optional(text)
            case "references":
                if let r = optional(text), !r.contains(".") { throw FieldError("references is TABLE.COLUMN") }
                c.references = optional(text)
            case "on_delete": c.onDelete = parseChoice(text, OnDelete.self)
            case "pii": c.pii = parseYesNo(text)
            case "description": c.description = optional(text)
            default: break
            }
            return .column(c)
        case var .index(i):
            switch id {
            case "name": i.name = text.trimmingCharacters(in: .whitespaces)
            case "columns": i.columns = list
            case "unique": i.unique = parseYesNo(text)
            case "kind": i.kind = parseChoice(text, IndexKind.self)
            case "where": i.whereClause = optional(text)
            default: break
            }
            return .index(i)
        case var .partitioning(p):
            switch id {
            case "strategy": p.strategy = parseChoice(text, PartitionStrategy.self)
            case "key": p.key = list
            case "note": p.note = optional(text)
            default: break
            }
            return .partitioning(p)
        case var .sharding(s):
            switch id {
            case "strategy": s.strategy = parseChoice(text, ShardStrategy.self)
            case "key": s.key = list
            case "shards": s.shards = try parseInt(text, "shards", atLeast: 1)
            case "note": s.note = optional(text)
            default: break
            }
            return .sharding(s)
        case var .alternative(a):
            switch id {
            case "name": a.name = text.trimmingCharacters(in: .whitespaces)
            case "tradeoff": a.tradeoff = optional(text)
            default: break
            }
            return .alternative(a)
        }
    }

    private static func set(_ id: String, _ text: String, _ list: [String], on element: DesignElement) throws -> DesignElement {
        let name = text.trimmingCharacters(in: .whitespaces)
        switch element {
        case var .endpoint(e):
            switch id {
            case "method": e.method = HTTPMethod(rawValue: text) ?? e.method
            case "path":
                guard name.isEmpty || name.hasPrefix("/") else { throw FieldError("a path starts with /") }
                guard !name.contains(" ") else { throw FieldError("a path has no spaces") }
                e.path = name
            case "service": e.service = optional(text)
            case "summary": e.summary = optional(text)
            case "description": e.description = optional(text)
            case "auth": e.auth = optional(text)
            case "scopes": e.scopes = list
            case "rate_limit": e.rateLimit = optional(text)
            case "idempotent": e.idempotent = parseYesNo(text)
            case "deprecated": e.deprecated = parseYesNo(text)
            case "tags": e.tags = list
            default: break
            }
            return .endpoint(e)
        case var .service(s):
            switch id {
            case "name": s.name = name
            case "domain": s.domain = optional(text)
            case "description": s.description = optional(text)
            case "responsibilities": s.responsibilities = list
            case "datastore": s.datastore = optional(text)
            case "stateless": s.stateless = parseYesNo(text)
            case "replicas": s.replicas = optional(text)
            default: break
            }
            return .service(s)
        case var .event(e):
            switch id {
            case "name": e.name = name
            case "producer": e.producer = optional(text)
            case "consumers": e.consumers = list
            case "channel": e.channel = optional(text)
            case "delivery": e.delivery = parseChoice(text, Delivery.self)
            case "payload": e.payload = optional(text)
            default: break
            }
            return .event(e)
        case var .table(t):
            switch id {
            case "name": t.name = name
            case "service": t.service = optional(text)
            case "description": t.description = optional(text)
            case "primary_key": t.primaryKey = list
            case "estimated_rows": t.estimatedRows = try parseInt(text, "estimated rows", atLeast: 0)
            default: break
            }
            return .table(t)
        case var .stack(s):
            switch id {
            case "name": s.area = name
            case "choice": s.choice = optional(text)
            case "rationale": s.rationale = optional(text)
            default: break
            }
            return .stack(s)
        case var .bottleneck(b):
            switch id {
            case "name": b.name = name
            case "description": b.description = optional(text)
            case "affects": b.affects = list
            case "mitigation": b.mitigation = optional(text)
            default: break
            }
            return .bottleneck(b)
        case var .cache(c):
            switch id {
            case "name": c.name = name
            case "layer": c.layer = parseChoice(text, CacheLayer.self)
            case "what": c.what = optional(text)
            case "ttl": c.ttl = try parseDuration(text, "ttl")
            case "invalidation": c.invalidation = optional(text)
            case "serves": c.serves = list
            default: break
            }
            return .cache(c)
        case var .monitoring(m):
            switch id {
            case "name": m.signal = name
            case "target": m.target = optional(text)
            case "alert": m.alert = optional(text)
            default: break
            }
            return .monitoring(m)
        case var .phase(p):
            switch id {
            case "name": p.name = name
            case "goal": p.goal = optional(text)
            case "includes": p.includes = list
            default: break
            }
            return .phase(p)
        case var .auth(a):
            switch id {
            case "name": a.name = name
            case "type": a.type = parseChoice(text, AuthType.self)
            case "description": a.description = optional(text)
            default: break
            }
            return .auth(a)
        case var .rateLimit(r):
            switch id {
            case "name": r.name = name
            case "limit": r.limit = try parseInt(text, "limit", atLeast: 1)
            case "window": r.window = try parseDuration(text, "window")
            case "scope": r.scope = parseChoice(text, RateLimitScope.self)
            default: break
            }
            return .rateLimit(r)
        case var .flow(f):
            if id == "name" { f.name = name }
            return .flow(f)
        case var .comment(c):
            if id == "text" { c.text = optional(text) }
            return .comment(c)
        }
    }

    private static func set(_ id: String, _ text: String, _ list: [String], on section: DesignSection) throws -> DesignSection {
        switch section {
        case var .header(h):
            switch id {
            case "title":
                guard optional(text) != nil else { throw FieldError("the title must not be empty") }
                h.title = text
            case "version": h.version = optional(text)
            case "status": h.status = parseChoice(text, DesignStatus.self)
            case "owners": h.owners = list
            case "summary": h.summary = optional(text)
            default: break
            }
            return .header(h)
        case var .requirements(r):
            switch id {
            case "business": r.business = list
            case "constraints": r.constraints = list
            case "questions": r.questions = list
            case "peak_rps": r.load.peakRPS = try parsePositive(text, "peak rps")
            case "avg_rps": r.load.avgRPS = try parsePositive(text, "avg rps")
            case "users": r.load.users = try parsePositive(text, "users")
            case "data_volume": r.load.dataVolume = optional(text)
            case "latency_p99_ms": r.load.latencyP99Ms = try parsePositive(text, "p99 latency")
            case "availability": r.load.availability = optional(text)
            default: break
            }
            return .requirements(r)
        case var .apiSettings(a):
            switch id {
            case "base_url": a.baseURL = optional(text)
            case "versioning": a.versioning.strategy = parseChoice(text, VersioningStrategy.self)
            case "current": a.versioning.current = optional(text)
            case "header": a.versioning.header = optional(text)
            case "error_format": a.errorFormat = optional(text)
            default: break
            }
            return .apiSettings(a)
        case .deployment: return .deployment(optional(text))
        case var .scalingNotes(s):
            switch id {
            case "load_balancing": s.loadBalancing = optional(text)
            case "failover": s.failover = optional(text)
            case "notes": s.notes = optional(text)
            default: break
            }
            return .scalingNotes(s)
        case .security: return .security(list)
        case .validation, .extensions: return section
        }
    }

    // MARK: - Parts

    /// The parts listed under an items field.
    func items(_ id: String) -> [FormSubject] {
        switch (self, id) {
        case let (.element(.endpoint(e)), "params"): e.params.map(FormSubject.param)
        case let (.element(.endpoint(e)), "responses"): e.responses.map(FormSubject.response)
        case let (.element(.service(s)), "calls"): s.calls.map(FormSubject.call)
        case let (.element(.table(t)), "columns"): t.columns.map(FormSubject.column)
        case let (.element(.table(t)), "indexes"): t.indexes.map(FormSubject.index)
        case let (.element(.stack(s)), "alternatives"): s.alternatives.map(FormSubject.alternative)
        default: []
        }
    }

    func settingItems(_ id: String, _ items: [FormSubject]) -> FormSubject {
        switch (self, id) {
        case var (.element(.endpoint(e)), "params"):
            e.params = items.compactMap { if case let .param(p) = $0 { p } else { nil } }
            return .element(.endpoint(e))
        case var (.element(.endpoint(e)), "responses"):
            e.responses = items.compactMap { if case let .response(r) = $0 { r } else { nil } }
            return .element(.endpoint(e))
        case var (.element(.service(s)), "calls"):
            s.calls = items.compactMap { if case let .call(c) = $0 { c } else { nil } }
            return .element(.service(s))
        case var (.element(.table(t)), "columns"):
            t.columns = items.compactMap { if case let .column(c) = $0 { c } else { nil } }
            return .element(.table(t))
        case var (.element(.table(t)), "indexes"):
            t.indexes = items.compactMap { if case let .index(i) = $0 { i } else { nil } }
            return .element(.table(t))
        case var (.element(.stack(s)), "alternatives"):
            s.alternatives = items.compactMap { if case let .alternative(a) = $0 { a } else { nil } }
            return .element(.stack(s))
        default: return self
        }
    }

    /// An optional part, or nil when it is not there.
    func object(_ id: String) -> FormSubject? {
        switch (self, id) {
        case let (.element(.endpoint(e)), "request"): e.request.map(FormSubject.request)
        case let (.element(.table(t)), "partitioning"): t.partitioning.map(FormSubject.partitioning)
        case let (.element(.table(t)), "sharding"): t.sharding.map(FormSubject.sharding)
        default: nil
        }
    }

    func settingObject(_ id: String, _ object: FormSubject?) -> FormSubject {
        switch (self, id) {
        case var (.element(.endpoint(e)), "request"):
            if case let .request(r)? = object { e.request = r } else { e.request = nil }
            return .element(.endpoint(e))
        case var (.element(.table(t)), "partitioning"):
            if case let .partitioning(p)? = object { t.partitioning = p } else { t.partitioning = nil }
            return .element(.table(t))
        case var (.element(.table(t)), "sharding"):
            if case let .sharding(s)? = object { t.sharding = s } else { t.sharding = nil }
            return .element(.table(t))
        default: return self
        }
    }

    /// A new part for an items or object field, filled in from what the parent already says
    /// (the first undeclared path parameter, the next usual response status).
    func newPart(_ id: String) -> FormSubject? {
        switch (self, id) {
        case let (.element(.endpoint(e)), "params"):
            let declared = Set(e.params.filter { $0.location == .path }.map(\.name))
            if let name = FormSubject.pathParameters(e.path).first(where: { !declared.contains($0) }) {
                return .param(Param(name: name, location: .path, type: "string", required: true))
            }
            return .param(Param(name: "", location: .query))
        case let (.element(.endpoint(e)), "responses"):
            let taken = Set(e.responses.map(\.status))
            // One success (or redirect) response is the usual; then the errors.
            let succeeds = e.responses.contains { (200..<400).contains($0.status) }
            let usual = (succeeds ? [] : [e.method == .POST ? 201 : 200]) + [400, 401, 404, 422, 500]
            return .response(Response(status: usual.first { !taken.contains($0) } ?? 200))
        case (.element(.endpoint), "request"): return .request(RequestBody(contentType: "application/json"))
        case (.element(.service), "calls"): return .call(ServiceCall(service: ""))
        case (.element(.table), "columns"): return .column(Column(name: ""))
        case (.element(.table), "indexes"): return .index(DesignModel.Index(name: ""))
        case (.element(.table), "partitioning"): return .partitioning(Partitioning())
        case (.element(.table), "sharding"): return .sharding(Sharding())
        case (.element(.stack), "alternatives"): return .alternative(Alternative(name: ""))
        default: return nil
        }
    }

    /// `{name}` segments of a path template.
    static func pathParameters(_ path: String) -> [String] {
        var names: [String] = []
        var current: String?
        for ch in path {
            if ch == "{" { current = "" } else if ch == "}" {
                if let c = current, !c.isEmpty { names.append(c) }
                current = nil
            } else if current != nil { current!.append(ch) }
        }
        return names
    }

    /// A copy under a name no sibling has: `name-copy`, `name-copy-2`...
    func duplicated(avoiding taken: Set<String>) -> FormSubject {
        func fresh(_ base: String) -> String {
            var candidate = "\(base)-copy"
            var n = 2
            while taken.contains(candidate) { candidate = "\(base)-copy-\(n)"; n += 1 }
            return candidate
        }
        switch self {
        case var .param(p): p.name = fresh(p.name); return .param(p)
        case var .column(c): c.name = fresh(c.name); c.primaryKey = nil; return .column(c)
        case var .index(i): i.name = fresh(i.name); return .index(i)
        case var .alternative(a): a.name = fresh(a.name); return .alternative(a)
        case var .response(r):
            var status = r.status
            while taken.contains(String(status)) && status < 599 { status += 1 }
            r.status = status
            return .response(r)
        default: return self
        }
    }

    /// The name a part is known by among its siblings.
    var partName: String {
        switch self {
        case let .param(p): p.name
        case let .response(r): String(r.status)
        case let .call(c): c.service
        case let .column(c): c.name
        case let .index(i): i.name
        case let .alternative(a): a.name
        default: ""
        }
    }
}

// MARK: - One-line summaries of parts

func summary(_ p: Param) -> String {
    [p.name, p.location.rawValue, p.type ?? "", p.required == true ? "required" : ""].filter { !$0.isEmpty }.joined(separator: "  ")
}

func summary(_ r: Response) -> String {
    var text = "\(r.status)"
    if let d = r.description { text += "  \(d)" }
    if r.example != nil { text += "  {json}" }
    return text
}

func summary(_ r: RequestBody) -> String {
    [r.contentType ?? "", r.example == nil ? "" : "{json}"].filter { !$0.isEmpty }.joined(separator: "  ")
}

func summary(_ c: ServiceCall) -> String {
    [c.service, c.style?.rawValue ?? "", c.event ?? "", c.purpose ?? ""].filter { !$0.isEmpty }.joined(separator: "  ")
}

func summary(_ c: Column) -> String {
    var parts = [c.name, c.type ?? ""]
    if c.primaryKey == true { parts.append("PK") }
    if let r = c.references { parts.append("-> \(r)") }
    return parts.filter { !$0.isEmpty }.joined(separator: "  ")
}

func summary(_ i: DesignModel.Index) -> String {
    "\(i.name) (\(i.columns.joined(separator: ", ")))\(i.unique == true ? " unique" : "")"
}

func summary(_ p: Partitioning) -> String {
    "\(p.strategy?.rawValue ?? "?") by \(p.key.joined(separator: ", "))"
}

func summary(_ s: Sharding) -> String {
    "\(s.strategy?.rawValue ?? "?") by \(s.key.joined(separator: ", "))\(s.shards.map { ", \($0) shards" } ?? "")"
}

/// Which field of a form a finding is about, from its rule: the finding is then shown under
/// that field; the others show at the top of the form.
enum FindingField {
    static let byRule: [(String, String)] = [
        ("api-path-param", "params"), ("api-param-casing", "params"),
        ("api-json", "responses"), ("api-create-status", "responses"), ("api-delete-status", "responses"),
        ("-response", "responses"), ("api-body-not-allowed", "request"), ("api-idempotency-key", "params"),
        ("api-collection-pagination", "params"),
        ("api-path", "path"), ("api-plural", "path"), ("api-verb", "path"), ("api-nesting", "path"),
        ("api-duplicate-route", "path"), ("api-ambiguous-route", "path"), ("api-versioning", "path"),
        ("api-deprecated", "deprecated"),
        ("sec-public-rate-limit", "rate_limit"), ("ref-unknown-rate-limit", "rate_limit"),
        ("sec-scopes", "scopes"), ("sec-auth", "auth"), ("sec-weak-auth", "type"), ("sec-public-write", "auth"),
        ("sec-pii", "columns"),
        ("doc-endpoint-summary", "summary"), ("doc-stack-rationale", "rationale"), ("doc-stack-alternatives", "alternatives"),
        ("-description", "description"),
        ("db-redundant-index", "indexes"), ("db-fk-missing-index", "indexes"), ("db-partition", "partitioning"),
        ("db-large-table", "partitioning"), ("db-missing-primary-key", "columns"), ("db-", "columns"),
        ("arch-service-responsibilities", "responsibilities"), ("arch-service-datastore", "datastore"),
        ("arch-unowned-element", "service"), ("arch-unknown-service", "calls"), ("call", "calls"),
        ("arch-event", "consumers"),
        ("scale-bottleneck-mitigation", "mitigation"), ("scale-bottleneck-affects", "affects"),
        ("scale-cache-serves", "serves"), ("scale-cache-ttl", "ttl"), ("scale-cache-invalidation", "invalidation"),
        ("scale-failover", "failover"), ("scale-load-balancing", "load_balancing"),
        ("scale-cdn", "serves"), ("scale-cache-non-get", "serves"), ("scale-monitoring-target", "target"),
    ]

    static func field(for ruleID: String, among ids: [String]) -> String? {
        for (pattern, field) in byRule where ruleID.contains(pattern) && ids.contains(field) { return field }
        return nil
    }
}
