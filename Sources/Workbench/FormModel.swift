import DesignModel
import Foundation

/// What a form edits: a top-level element, a section of the design, or a part of an element
/// (a param of an endpoint, a column of a table...). Parts are written back into their parent.
package enum FormSubject: Equatable, Sendable {
    case element(DesignElement)
    case section(DesignSection)
    /// The elements of one list shown as a section (the phases): only its rows open forms.
    case elementList(ElementCollection)
    case param(Param), request(RequestBody), response(Response)
    case call(ServiceCall)
    case column(Column), index(DesignModel.Index), partitioning(Partitioning), sharding(Sharding)
    case alternative(Alternative)
    case step(FlowStep)
}

/// Where a reference field's candidates come from.
package enum ReferenceSource: Equatable, Sendable {
    case service, event, table
    /// `TABLE.COLUMN` of any table (a foreign key).
    case column
    /// A column of the table being edited (keys, index columns).
    case ownColumn
    /// `KIND:NAME` of any element (affects, serves, includes).
    case element
    case auth, rateLimit
    /// What starts a flow: `endpoint:` and `event:` references.
    case trigger
    /// Who acts in a flow step: `client` or a service.
    case stepActor
    /// What a flow step acts on: a service, event or table as `KIND:NAME`, or an `external:`
    /// party; a new `external:NAME` may be typed.
    case stepTarget
}

/// How a field is shown and edited.
package enum FieldKind: Equatable, Sendable {
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
package struct FormField: Equatable, Sendable {
    package var id: String
    package var label: String
    package var kind: FieldKind
    package var value: String
    package var list: [String]
    /// The schema field the row shows; nil for a row that is not one (a list of elements).
    var source: FieldSource?

    init(_ id: String, _ label: String, _ kind: FieldKind, _ value: String? = nil, list: [String] = []) {
        self.id = id
        self.label = label
        self.kind = kind
        self.value = value ?? ""
        self.list = list
    }
}

/// A value a form could not store: the field keeps the text and says why.
package struct FieldError: Error, Equatable, Sendable {
    package var message: String
    init(_ message: String) { self.message = message }
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
        case .step: "step"
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
        case let .step(s): "step \(s.from) → \(s.to)"
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
        case let .step(s):
            if s.from.isEmpty { return "a step needs who acts (from)" }
            return s.to.isEmpty ? "a step needs what it acts on (to)" : nil
        default: return nil
        }
    }

    /// The fields, top to bottom: the subject's schema fields, less those edited elsewhere.
    var fields: [FormField] {
        switch self {
        case let .element(element): return element.formFields(of: self)
        case let .section(section):
            var design = Design(title: "")
            design.setSection(section)
            return FormSchema.fields(FormSchema.sectionBindings(section.key), design, of: self)
        case let .elementList(c): return [FormField("items", c.rawValue, .elements(c, names: []))]
        default: return partFields ?? []
        }
    }

    // MARK: - Setting a field

    /// The subject with one field set from text (or, for lists, from `list`).
    func setting(_ id: String, text: String, list: [String] = []) throws -> FormSubject {
        switch self {
        case let .element(element):
            if case let .endpoint(endpoint) = element, id == "path" {
                // Not checked at load (the rules report it), but a form never stores a path that is no path.
                let path = text.trimmingCharacters(in: .whitespaces)
                guard path.isEmpty || path.hasPrefix("/") else { throw FieldError("a path starts with /") }
                guard !path.contains(" ") else { throw FieldError("a path has no spaces") }
                var changed = endpoint
                changed.path = path
                return .element(.endpoint(changed))
            }
            return .element(try element.setting(id, text: text, list: list))
        case let .section(section):
            var design = Design(title: "")
            design.setSection(section)
            try FormSchema.set(id, text, list, in: &design, FormSchema.sectionBindings(section.key))
            return .section(design.section(section.key))
        case .elementList:
            return self
        default:
            return try settingPart(id, text: text, list: list)
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
        case let (.element(.flow(f)), "steps"): f.steps.map(FormSubject.step)
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
        case var (.element(.flow(f)), "steps"):
            f.steps = items.compactMap { if case let .step(s) = $0 { s } else { nil } }
            return .element(.flow(f))
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
        case let (.element(.flow(f)), "steps"):
            // The next step is usually taken by the service the last one called.
            guard let last = f.steps.last else { return .step(FlowStep(from: FlowStep.client, to: "")) }
            if case let .service(name)? = last.target { return .step(FlowStep(from: name, to: "")) }
            return .step(FlowStep(from: last.from, to: ""))
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
        case let .step(s): "\(s.from) → \(s.to)"
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

func summary(_ s: FlowStep) -> String {
    ["\(s.from) → \(s.to)", s.action ?? ""].filter { !$0.isEmpty }.joined(separator: "  ")
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
