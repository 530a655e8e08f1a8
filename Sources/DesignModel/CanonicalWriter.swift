import Foundation

import Yams

/// Writes a design in the canonical form of the format: sections and keys in the documented
/// order, lists in the user's order, empty lists and unset keys left out, multi-line text as
/// literal block scalars. Written by hand because the key order, quoting and block style are
/// the contract, and building a Yams node tree to serialise costs far more than this.
public enum CanonicalWriter {
    public static func yaml(for design: Design) -> String {
        var out = YAMLOut()
        out.mapping(designTree(design), indent: 0)
        return out.text
    }

    static func designTree(_ d: Design) -> [Field] {
        var f = Fields()
        f.number("archbench", d.formatVersion)
        f.text("title", d.title)
        f.text("version", d.version)
        f.text("status", d.status?.rawValue)
        f.texts("owners", d.owners)
        f.text("summary", d.summary)
        f.map("requirements", requirementsTree(d.requirements))
        f.map("api", apiTree(d.api))
        f.list("services", d.services.map(serviceTree))
        f.list("events", d.events.map(eventTree))
        f.list("endpoints", d.endpoints.map(endpointTree))
        f.list("tables", d.tables.map(tableTree))
        f.list("stack", d.stack.map { s in
            var f = Fields()
            f.text("area", s.area)
            f.text("choice", s.choice)
            f.text("rationale", s.rationale)
            f.list("alternatives", s.alternatives.map { a in
                var f = Fields()
                f.text("name", a.name)
                f.text("tradeoff", a.tradeoff)
                return f.with(a.extensions)
            })
            return f.with(s.extensions)
        })
        f.text("deployment", d.deployment)
        f.map("scaling", scalingTree(d.scaling))
        f.texts("security", d.security)
        f.list("phases", d.phases.map { p in
            var f = Fields()
            f.text("name", p.name)
            f.text("goal", p.goal)
            f.texts("includes", p.includes)
            return f.with(p.extensions)
        })
        f.list("comments", d.comments.map(commentTree))
        f.map("validation", validationTree(d.validation))
        return f.with(d.extensions)
    }

    static func requirementsTree(_ r: Requirements) -> [Field] {
        var f = Fields()
        f.texts("business", r.business)
        var load = Fields()
        load.number("peak_rps", r.load.peakRPS)
        load.number("avg_rps", r.load.avgRPS)
        load.number("users", r.load.users)
        load.text("data_volume", r.load.dataVolume)
        load.number("latency_p99_ms", r.load.latencyP99Ms)
        load.text("availability", r.load.availability)
        f.map("load", load.with(r.load.extensions))
        f.texts("constraints", r.constraints)
        f.texts("questions", r.questions)
        return f.with(r.extensions)
    }

    static func apiTree(_ a: APIConventions) -> [Field] {
        var f = Fields()
        f.text("base_url", a.baseURL)
        var versioning = Fields()
        versioning.text("strategy", a.versioning.strategy?.rawValue)
        versioning.text("current", a.versioning.current)
        versioning.text("header", a.versioning.header)
        f.map("versioning", versioning.with(a.versioning.extensions))
        f.text("error_format", a.errorFormat)
        f.list("auth", a.auth.map { s in
            var f = Fields()
            f.text("name", s.name)
            f.text("type", s.type?.rawValue)
            f.text("description", s.description)
            return f.with(s.extensions)
        })
        f.list("rate_limits", a.rateLimits.map { r in
            var f = Fields()
            f.text("name", r.name)
            f.number("limit", r.limit)
            f.text("window", r.window?.description)
            f.text("scope", r.scope?.rawValue)
            return f.with(r.extensions)
        })
        return f.with(a.extensions)
    }

    static func serviceTree(_ s: Service) -> [Field] {
        var f = Fields()
        f.text("name", s.name)
        f.text("domain", s.domain)
        f.text("description", s.description)
        f.texts("responsibilities", s.responsibilities)
        f.text("datastore", s.datastore)
        f.bool("stateless", s.stateless)
        f.text("replicas", s.replicas)
        f.list("calls", s.calls.map { c in
            var f = Fields()
            f.text("service", c.service)
            f.text("style", c.style?.rawValue)
            f.text("purpose", c.purpose)
            f.text("event", c.event)
            return f.with(c.extensions)
        })
        return f.with(s.extensions)
    }

    static func eventTree(_ e: Event) -> [Field] {
        var f = Fields()
        f.text("name", e.name)
        f.text("producer", e.producer)
        f.texts("consumers", e.consumers)
        f.text("channel", e.channel)
        f.text("delivery", e.delivery?.rawValue)
        f.text("payload", e.payload)
        return f.with(e.extensions)
    }

    static func endpointTree(_ e: Endpoint) -> [Field] {
        var f = Fields()
        f.text("method", e.method.rawValue)
        f.text("path", e.path)
        f.text("service", e.service)
        f.text("summary", e.summary)
        f.text("description", e.description)
        f.text("auth", e.auth)
        f.texts("scopes", e.scopes)
        f.text("rate_limit", e.rateLimit)
        f.bool("idempotent", e.idempotent)
        f.bool("deprecated", e.deprecated)
        f.texts("tags", e.tags)
        f.list("params", e.params.map { p in
            var f = Fields()
            f.text("name", p.name)
            f.text("in", p.location.rawValue)
            f.text("type", p.type)
            f.bool("required", p.required)
            f.text("description", p.description)
            return f.with(p.extensions)
        })
        if let request = e.request {
            var r = Fields()
            r.text("content_type", request.contentType)
            r.text("example", request.example)
            f.map("request", r.with(request.extensions))
        }
        f.list("responses", e.responses.map { r in
            var f = Fields()
            f.number("status", r.status)
            f.text("description", r.description)
            f.text("example", r.example)
            return f.with(r.extensions)
        })
        return f.with(e.extensions)
    }

    static func tableTree(_ t: Table) -> [Field] {
        var f = Fields()
        f.text("name", t.name)
        f.text("service", t.service)
        f.text("description", t.description)
        f.list("columns", t.columns.map { c in
            var f = Fields()
            f.text("name", c.name)
            f.text("type", c.type)
            f.bool("primary_key", c.primaryKey)
            f.bool("nullable", c.nullable)
            f.bool("unique", c.unique)
            f.text("default", c.defaultValue)
            f.text("references", c.references)
            f.text("on_delete", c.onDelete?.rawValue)
            f.bool("pii", c.pii)
            f.text("description", c.description)
            return f.with(c.extensions)
        })
        f.texts("primary_key", t.primaryKey)
        f.list("indexes", t.indexes.map { i in
            var f = Fields()
            f.text("name", i.name)
            f.texts("columns", i.columns)
            f.bool("unique", i.unique)
            f.text("kind", i.kind?.rawValue)
            f.text("where", i.whereClause)
            return f.with(i.extensions)
        })
        if let p = t.partitioning {
            var pf = Fields()
            pf.text("strategy", p.strategy?.rawValue)
            pf.texts("key", p.key)
            pf.text("note", p.note)
            f.map("partitioning", pf.with(p.extensions))
        }
        if let s = t.sharding {
            var sf = Fields()
            sf.text("strategy", s.strategy?.rawValue)
            sf.texts("key", s.key)
            sf.number("shards", s.shards)
            sf.text("note", s.note)
            f.map("sharding", sf.with(s.extensions))
        }
        f.number("estimated_rows", t.estimatedRows)
        return f.with(t.extensions)
    }

    static func scalingTree(_ s: Scaling) -> [Field] {
        var f = Fields()
        f.list("bottlenecks", s.bottlenecks.map { b in
            var f = Fields()
            f.text("name", b.name)
            f.text("description", b.description)
            f.texts("affects", b.affects)
            f.text("mitigation", b.mitigation)
            return f.with(b.extensions)
        })
        f.list("caches", s.caches.map { c in
            var f = Fields()
            f.text("name", c.name)
            f.text("layer", c.layer?.rawValue)
            f.text("what", c.what)
            f.text("ttl", c.ttl?.description)
            f.text("invalidation", c.invalidation)
            f.texts("serves", c.serves)
            return f.with(c.extensions)
        })
        f.text("load_balancing", s.loadBalancing)
        f.text("failover", s.failover)
        f.list("monitoring", s.monitoring.map { m in
            var f = Fields()
            f.text("signal", m.signal)
            f.text("target", m.target)
            f.text("alert", m.alert)
            return f.with(m.extensions)
        })
        f.text("notes", s.notes)
        return f.with(s.extensions)
    }

    static func commentTree(_ c: Comment) -> [Field] {
        var f = Fields()
        f.number("id", c.id)
        f.text("element", c.element)
        f.text("author", c.author)
        f.text("at", c.at)
        f.text("text", c.text)
        f.text("status", c.status?.rawValue)
        f.list("replies", c.replies.map { r in
            var f = Fields()
            f.text("author", r.author)
            f.text("at", r.at)
            f.text("text", r.text)
            return f.with(r.extensions)
        })
        return f.with(c.extensions)
    }

    static func validationTree(_ v: ValidationSettings) -> [Field] {
        var f = Fields()
        f.texts("disable", v.disable)
        f.map("severity", v.severity.map { Field(key: $0.rule, value: .scalar($0.severity.rawValue, .text)) })
        f.list("ignore", v.ignore.map { i in
            var f = Fields()
            f.text("rule", i.rule)
            f.text("element", i.element)
            f.text("reason", i.reason)
            return f.with(i.extensions)
        })
        return f.with(v.extensions)
    }
}

struct Field {
    var key: String
    var value: Value
    indirect enum Value {
        case scalar(String, ScalarKind)
        case map([Field])
        case list([Value])
    }
    enum ScalarKind {
        /// Text: written plain when that reads back as the same text, otherwise quoted or as a block.
        case text
        /// Numbers and booleans, written as they are.
        case literal
        /// An `x_*` scalar that was plain when loaded: kept plain so it keeps its type.
        case plainExtension
    }
}

/// Collects the fields of one mapping, dropping unset values and empty lists and maps.
struct Fields {
    var fields: [Field] = []

    mutating func text(_ key: String, _ value: String?) {
        if let value { fields.append(Field(key: key, value: .scalar(value, .text))) }
    }
    mutating func number(_ key: String, _ value: Int?) {
        if let value { fields.append(Field(key: key, value: .scalar(String(value), .literal))) }
    }
    mutating func number(_ key: String, _ value: Decimal?) {
        if let value { fields.append(Field(key: key, value: .scalar(value.description, .literal))) }
    }
    mutating func bool(_ key: String, _ value: Bool?) {
        if let value { fields.append(Field(key: key, value: .scalar(value ? "true" : "false", .literal))) }
    }
    mutating func texts(_ key: String, _ values: [String]) {
        if !values.isEmpty { fields.append(Field(key: key, value: .list(values.map { .scalar($0, .text) }))) }
    }
    mutating func list(_ key: String, _ items: [[Field]]) {
        let items = items.filter { !$0.isEmpty }
        if !items.isEmpty { fields.append(Field(key: key, value: .list(items.map { .map($0) }))) }
    }
    mutating func map(_ key: String, _ inner: [Field]) {
        if !inner.isEmpty { fields.append(Field(key: key, value: .map(inner))) }
    }
    func with(_ extensions: Extensions) -> [Field] {
        fields + extensions.entries.map { Field(key: $0.key, value: Fields.tree($0.value)) }
    }
    static func tree(_ value: ExtensionValue) -> Field.Value {
        switch value {
        case let .scalar(text, plain): return .scalar(text, plain ? .plainExtension : .text)
        case let .sequence(items): return .list(items.map(tree))
        case let .mapping(entries): return .map(entries.map { Field(key: $0.key, value: tree($0.value)) })
        }
    }
}

struct YAMLOut {
    var text = ""

    init() { text.reserveCapacity(1 << 16) }

    mutating func mapping(_ fields: [Field], indent: Int, firstLineDone: Bool = false) {
        for (position, field) in fields.enumerated() {
            if !(firstLineDone && position == 0) { text += String(repeating: " ", count: indent) }
            text += YAMLScalar.key(field.key)
            text += ":"
            value(field.value, indent: indent)
        }
    }

    /// Writes what follows `key:` or `-`, including the line break.
    private mutating func value(_ value: Field.Value, indent: Int) {
        switch value {
        case let .scalar(string, kind):
            scalarValue(string, kind: kind, indent: indent)
        case let .map(fields):
            if fields.isEmpty { text += " {}\n"; return }
            text += "\n"
            mapping(fields, indent: indent + 2)
        case let .list(items):
            if items.isEmpty { text += " []\n"; return }
            text += "\n"
            for item in items {
                text += String(repeating: " ", count: indent + 2)
                text += "-"
                if case let .map(fields) = item, !fields.isEmpty {
                    text += " "
                    mapping(fields, indent: indent + 4, firstLineDone: true)
                } else {
                    self.value(item, indent: indent + 2)
                }
            }
        }
    }

    private mutating func scalarValue(_ string: String, kind: Field.ScalarKind, indent: Int) {
        switch kind {
        case .literal:
            text += " " + string + "\n"
        case .plainExtension:
            text += " " + (YAMLScalar.isPlainSyntax(string) ? string : YAMLScalar.doubleQuoted(string)) + "\n"
        case .text:
            if let block = YAMLScalar.blockHeader(for: string) {
                text += " " + block + "\n"
                var lines = string.split(separator: "\n", omittingEmptySubsequences: false)
                if string.hasSuffix("\n") { lines.removeLast() }
                let pad = String(repeating: " ", count: indent + 2)
                for line in lines {
                    if line.isEmpty { text += "\n" } else { text += pad; text += line; text += "\n" }
                }
            } else {
                text += " " + YAMLScalar.inline(string) + "\n"
            }
        }
    }
}

/// Quoting decisions for scalars.
enum YAMLScalar {
    static func key(_ key: String) -> String {
        isPlainSyntax(key) && !readsAsNonText(key) ? key : doubleQuoted(key)
    }

    static func inline(_ text: String) -> String {
        isPlainSyntax(text) && !readsAsNonText(text) ? text : doubleQuoted(text)
    }

    /// `|`, `|-` or `|+` for multi-line text a literal block keeps exactly; nil when it cannot.
    static func blockHeader(for text: String) -> String? {
        guard text.contains("\n") else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, !first.isEmpty, first.first != " ", first.first != "\t" else { return nil }
        for scalar in text.unicodeScalars where scalar.value < 0x20 && scalar != "\n" && scalar != "\t" || scalar.value == 0x7F
            || scalar == "\u{FEFF}" || scalar == "\u{85}" || scalar == "\u{2028}" || scalar == "\u{2029}" {
            return nil
        }
        if text.hasSuffix("\n\n") { return "|+" }
        return text.hasSuffix("\n") ? "|" : "|-"
    }

    /// Whether the text can stand unquoted in block context and read back as the same characters.
    static func isPlainSyntax(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        if first == " " || last == " " || first == "\t" || last == "\t" { return false }
        if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) { return false }
        if last == ":" { return false }
        var previous: Unicode.Scalar = " "
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 && scalar != "\t" || scalar.value == 0x7F || scalar == "\u{FEFF}" || scalar == "\u{85}"
                || scalar == "\u{2028}" || scalar == "\u{2029}" || (0xD800...0xDFFF).contains(scalar.value) {
                return false
            }
            if scalar == "#" && (previous == " " || previous == "\t") { return false }
            if (scalar == " " || scalar == "\t") && previous == ":" { return false }
            previous = scalar
        }
        return true
    }

    /// Whether YAML 1.1 or 1.2 readers would take the plain text as a null, boolean or number.
    static func readsAsNonText(_ text: String) -> Bool {
        if specialWords.contains(text) { return true }
        guard let first = text.unicodeScalars.first else { return true }
        if "0123456789+-.".unicodeScalars.contains(first) {
            return typedPlainResolver.resolveTag(of: Node(text, .implicit, .plain)) != .str
        }
        return text == "<<" || text == "="
    }

    private static let specialWords: Set<String> = [
        "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes", "YES",
        "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N",
    ]

    /// Yams' own YAML 1.1 rules, less timestamps: a plain time stays text for our reader.
    private static let typedPlainResolver = Resolver.default.removing(.timestamp)

    static func doubleQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\u{85}": out += "\\N"
            case "\u{2028}": out += "\\L"
            case "\u{2029}": out += "\\P"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + hex(scalar.value, digits: 2)
                } else if scalar == "\u{FEFF}" {
                    out += "\\u" + hex(scalar.value, digits: 4)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
