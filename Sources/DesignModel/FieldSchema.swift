import Foundation

/// Every kind of mapping a design file has: the design itself, its sections, its elements and
/// the parts of elements.
///
/// The one description of the fields of every mapping in a design file. The reader
/// (`DesignReader`), the canonical writer (`CanonicalWriter`) and the workbench's forms all walk
/// it, so a field described here is loaded, saved and shown at once; `SchemaTests` name any
/// property of the model that is missing from it, `FormCoverageTests` any field a form neither
/// shows nor lists as edited elsewhere. Modelled on swift-argument-parser's `ArgumentDefinition`: each field is a
/// value (key, label, value kind, required) plus typed access to the property it stands for.
///
/// ## Adding an element kind with sub-elements (a `flows` list whose flows have `steps`)
///
/// 1. The model, in Design.swift: `struct Flow { var name: String; ...; var steps: [FlowStep];
///    var extensions = Extensions() }`, `struct FlowStep { ...; var extensions }`, and
///    `var flows: [Flow]` on `Design`.
/// 2. Two cases in `SchemaKind` (`flow`, `flowStep`) and their schemas in `Schemas`, built like
///    `stack` and `alternative`: `.name(...)` for the key that names one, `.text`, `.prose`,
///    `.choice`, `.reference`/`.list(..., .references(...))` for the rest, and
///    `.items("steps", \.steps, Schemas.flowStep)` for the sub-elements. In the step's schema,
///    `what` is how messages name a step of its flow (`{ "a step of flow '\($0)'" }`); in the
///    flow's, `elementKind` (a new `ElementKind.flow`) makes flow names unique and references
///    to flows resolve; `check` adds what no single field says (step names unique per flow,
///    see `param`). A reference field's `described` is how a dangling reference is reported.
/// 3. `.items("flows", \.flows, flow)` in `Schemas.design` at its canonical place (that also
///    makes it a top-level key, `Design.sectionKeys`), and the new kinds in
///    `Schemas.definitions(of:)` and `elementKind(of:)`. Load and save then handle flows and
///    steps with their located errors; `SchemaTests` (whose `check(_:)` switch then needs the
///    two kinds) fail, naming the property, until every stored property has a field, and until
///    every field is saved and loaded back.
/// 4. The workbench: `ElementCollection`/`DesignElement` cases as for the other elements, whose
///    form rows then come from the schema (`DesignElement.formFields`, `setting`); a
///    `FormSubject` case for a step (see `.alternative`) with its lines in `partFields`,
///    `settingPart`, `partSummary` (FormSchema.swift) and `items`/`settingItems`/`newPart`
///    (FormModel.swift). `FormCoverageTests` fail until each field has a form row or is listed
///    in `FormSchema.editedElsewhere`.
package enum SchemaKind: String, CaseIterable, Sendable {
    case design, requirements, load, api, versioning, auth, rateLimit = "rate_limit"
    case service, call, event, endpoint, param, request, response
    case table, column, index, partitioning, sharding, stack, alternative
    case flow, flowStep = "flow_step"
    case scaling, bottleneck, cache, monitoring, phase, comment, reply, validation, ignore
}

/// What an element reference field may name.
package enum ReferenceTarget: Equatable, Sendable {
    /// An element of this kind, by name (a column as `TABLE.COLUMN`).
    case element(ElementKind)
    /// Any element, as `KIND:NAME`.
    case anyElement
    /// A column of the table the field belongs to (keys, index columns); checked by the rules.
    case columnOfSameTable
    /// What starts a flow: an `endpoint:` or an `event:` of the design.
    case flowTrigger
    /// Who acts in a flow step: a service by name, or `client` (`FlowStep.client`).
    case stepActor
    /// What a flow step acts on: `service:`, `event:` or `table:` and a name, or `external:` and
    /// the name of a party outside the design (`StepTarget`).
    case stepTarget
}

/// What a field holds, as the file writes it.
package indirect enum ValueKind: Equatable, Sendable {
    /// One line of text.
    case text
    /// Free text, often several lines.
    case prose
    /// A JSON example: text that must parse as JSON.
    case json
    /// A number greater than 0, kept exactly as written.
    case number
    /// A whole number, at least `minimum` when there is one.
    case integer(minimum: Int?)
    /// An HTTP status code, 100 to 599.
    case httpStatus
    case bool
    /// One of fixed words.
    case choice([String])
    /// `250ms`, `30s`, `5m`, `1h`, `7d`, longer than 0.
    case duration
    /// An RFC 3339 time.
    case time
    /// A list of sentences, one a line.
    case lines
    /// A short list of words.
    case words
    case reference(ReferenceTarget)
    case references(ReferenceTarget)
    /// A mapping of another kind.
    case object(SchemaKind)
    /// A list of mappings of another kind.
    case list(SchemaKind)
    /// A mapping of rule id to `error`, `warning` or `info`.
    case severities
}

/// One field, as data: what a caller needs to list, document or check it.
package struct FieldDefinition: Equatable, Sendable {
    /// The key in the file.
    package let key: String
    /// The name people read: in messages and documentation.
    package let label: String
    /// A label short enough for a form's label column; `label` when that is short.
    package let shortLabel: String
    package let value: ValueKind
    /// Whether an element without it cannot be loaded.
    package let isRequired: Bool
    /// Whether this field names the element among its siblings (the field forms call "name").
    package let isName: Bool

    package var choices: [String] {
        if case let .choice(values) = value { return values }
        return []
    }

    package var referenceTarget: ReferenceTarget? {
        switch value {
        case let .reference(target), let .references(target): target
        default: nil
        }
    }

    /// The kind of the mapping or list of mappings this field holds.
    package var nestedKind: SchemaKind? {
        switch value {
        case let .object(kind), let .list(kind): kind
        default: nil
        }
    }
}

/// A scalar or a list of scalars, as a field holds it: enumerations as their raw words,
/// durations as written.
package enum FieldValue: Equatable, Sendable {
    case text(String?)
    case number(Decimal?)
    case integer(Int?)
    case bool(Bool?)
    case list([String])
}

/// One field of `Root`: its definition and typed access to the property it stands for.
package final class SchemaField<Root>: Sendable {
    package let definition: FieldDefinition
    let scalar: Scalar?
    let nested: Nested?

    struct Scalar: Sendable {
        let get: @Sendable (Root) -> FieldValue
        let set: @Sendable (inout Root, FieldValue) -> Void
    }

    /// Mappings inside the value: read and written through the schema of their kind.
    struct Nested: Sendable {
        let write: @Sendable (Root) -> Field.Value?
        let read: @Sendable (inout Root, MapReader, DesignReader, _ owner: String) -> Void
        /// Takes this field's value from another root: how parts read on their own threads
        /// are put together.
        let copy: @Sendable (inout Root, Root) -> Void
        /// Puts one filled-in part in (a list item, the object), for the schema's own tests.
        let fill: @Sendable (inout Root) -> Void
        /// What the value holds, kind-free, for a walk over any design (`SchemaNode`).
        let content: @Sendable (Root) -> SchemaNode.Content
    }

    /// How messages about this field name its value's owner: "endpoint 'GET /x'" for a
    /// reference, "the request example of 'GET /x'" for a JSON example. Given the element's
    /// name and its owner's. Nil: the field is not checked at load.
    let described: (@Sendable (_ name: String, _ owner: String) -> String)?

    package var key: String { definition.key }

    /// The field's value in `root`; nil for mappings (`object`, `list`).
    package func value(in root: Root) -> FieldValue? { scalar?.get(root) }

    /// Sets the field; false for mappings, which are edited through their own kind.
    @discardableResult
    package func set(_ value: FieldValue, in root: inout Root) -> Bool {
        guard let scalar else { return false }
        scalar.set(&root, value)
        return true
    }

    init(_ key: String, _ value: ValueKind, label: String?, shortLabel: String?, required: Bool = false,
         isName: Bool = false, scalar: Scalar?, nested: Nested? = nil,
         described: (@Sendable (String, String) -> String)? = nil) {
        let label = label ?? key.replacingOccurrences(of: "_", with: " ")
        definition = FieldDefinition(key: key, label: label, shortLabel: shortLabel ?? label, value: value,
                                     isRequired: required, isName: isName)
        self.scalar = scalar
        self.nested = nested
        self.described = described
    }
}

/// The fields of one kind of mapping, in canonical order, and how the reader names and checks it.
package struct Schema<Root>: Sendable {
    package let kind: SchemaKind
    package let fields: [SchemaField<Root>]
    /// The kind of element it is, for one that others can refer to by name.
    package let elementKind: ElementKind?
    /// An empty value, filled field by field as it is read.
    let blank: @Sendable () -> Root
    let extensions: WritableKeyPath<Root, Extensions> & Sendable
    /// How messages name one mapping of this kind, given its owner's name: "a call of service 'orders'".
    let what: @Sendable (_ owner: String) -> String
    /// The name of a value, for messages about it and its parts.
    let name: @Sendable (Root) -> String
    /// What no single field says (an HTTP status range, names unique per owner), run once a
    /// mapping is read.
    let check: (@Sendable (Root, MapReader, DesignReader, _ owner: String) -> Void)?

    /// The fields every mapping must have, the others, and those with something to check
    /// beyond their type once read: sorted once, not for every mapping read.
    let requiredFields: [SchemaField<Root>]
    let optionalFields: [SchemaField<Root>]
    let checkedFields: [SchemaField<Root>]

    package var keys: [String] { fields.map(\.key) }
    package var definitions: [FieldDefinition] { fields.map(\.definition) }

    package func field(_ key: String) -> SchemaField<Root>? { fields.first { $0.key == key } }

    /// A value with every field set to an example value and one part in every list: what the
    /// schema tests load and save.
    package func filled() -> Root {
        var value = blank()
        for field in fields {
            if let scalar = field.scalar { scalar.set(&value, Self.example(field.definition)) }
            field.nested?.fill(&value)
        }
        return value
    }

    static func example(_ definition: FieldDefinition) -> FieldValue {
        switch definition.value {
        case .text, .prose: .text("some \(definition.key)")
        case .json: .text("{\"id\": 1}")
        case .number: .number(Decimal(string: "2.5"))
        case let .integer(minimum): .integer(max(minimum ?? 1, 1) + 1)
        case .httpStatus: .integer(201)
        case .bool: .bool(true)
        case let .choice(values): .text(values.last)
        case .duration: .text("5m")
        case .time: .text("2026-05-04T10:00:00Z")
        case .lines, .words: .list(["first \(definition.key)", "second"])
        case .reference(.anyElement): .text("service:orders")
        case .reference(.element(.column)): .text("orders.id")
        case .reference(.stepActor): .text(FlowStep.client)
        case .reference(.flowTrigger): .text("event:order.placed")
        case .reference(.stepTarget): .text("external:payment-provider")
        case .reference: .text("ref-\(definition.key)")
        case .references(.anyElement): .list(["service:orders"])
        case .references: .list(["ref-\(definition.key)"])
        case .object, .list, .severities: .text(nil)
        }
    }
}

// MARK: - Building fields

extension SchemaField {
    typealias Path<Value> = WritableKeyPath<Root, Value> & Sendable
    typealias Describe = @Sendable (String, String) -> String

    /// The text that names an element among its siblings.
    static func name(_ key: String, _ path: Path<String>, label: String? = nil) -> SchemaField {
        required(key, path, .text, label: label, isName: true)
    }

    /// Required text that cannot be left out (a title, the service a call calls).
    static func required(_ key: String, _ path: Path<String>, _ kind: ValueKind = .text, label: String? = nil,
                         isName: Bool = false, described: Describe? = nil) -> SchemaField {
        SchemaField(key, kind, label: label, shortLabel: nil, required: true, isName: isName,
                    scalar: Scalar(get: { .text($0[keyPath: path]) },
                                   set: { root, value in if case let .text(text) = value { root[keyPath: path] = text ?? "" } }),
                    described: described)
    }

    /// Optional text: one line, prose, JSON, a time, or a reference.
    static func text(_ key: String, _ path: Path<String?>, _ kind: ValueKind = .text, label: String? = nil,
                     shortLabel: String? = nil, described: Describe? = nil) -> SchemaField {
        SchemaField(key, kind, label: label, shortLabel: shortLabel,
                    scalar: Scalar(get: { .text($0[keyPath: path]) },
                                   set: { root, value in if case let .text(text) = value { root[keyPath: path] = text } }),
                    described: described)
    }

    static func number(_ key: String, _ path: Path<Decimal?>, label: String? = nil, shortLabel: String? = nil) -> SchemaField {
        SchemaField(key, .number, label: label, shortLabel: shortLabel,
                    scalar: Scalar(get: { .number($0[keyPath: path]) },
                                   set: { root, value in if case let .number(number) = value { root[keyPath: path] = number } }))
    }

    static func integer(_ key: String, _ path: Path<Int?>, minimum: Int?, label: String? = nil,
                        shortLabel: String? = nil) -> SchemaField {
        SchemaField(key, .integer(minimum: minimum), label: label, shortLabel: shortLabel,
                    scalar: Scalar(get: { .integer($0[keyPath: path]) },
                                   set: { root, value in if case let .integer(number) = value { root[keyPath: path] = number } }))
    }

    /// A whole number that cannot be left out (an id, an HTTP status).
    static func requiredInteger(_ key: String, _ path: Path<Int>, _ kind: ValueKind, label: String? = nil,
                                isName: Bool = false) -> SchemaField {
        SchemaField(key, kind, label: label, shortLabel: nil, required: true, isName: isName,
                    scalar: Scalar(get: { .integer($0[keyPath: path]) },
                                   set: { root, value in
                                       if case let .integer(number?) = value { root[keyPath: path] = number }
                                   }))
    }

    static func bool(_ key: String, _ path: Path<Bool?>, label: String? = nil) -> SchemaField {
        SchemaField(key, .bool, label: label, shortLabel: nil,
                    scalar: Scalar(get: { .bool($0[keyPath: path]) },
                                   set: { root, value in if case let .bool(flag) = value { root[keyPath: path] = flag } }))
    }

    /// One of an enumeration's words; a word that is none of them leaves the field unset.
    static func choice<E: RawRepresentable & CaseIterable & Sendable>(_ key: String, _ path: Path<E?>, label: String? = nil,
                                                                        shortLabel: String? = nil) -> SchemaField
        where E.RawValue == String {
        SchemaField(key, .choice(E.allCases.map(\.rawValue)), label: label, shortLabel: shortLabel,
                    scalar: Scalar(get: { .text($0[keyPath: path]?.rawValue) },
                                   set: { root, value in
                                       if case let .text(text) = value { root[keyPath: path] = text.flatMap(E.init(rawValue:)) }
                                   }))
    }

    /// One of an enumeration's words that cannot be left out; another word changes nothing.
    static func requiredChoice<E: RawRepresentable & CaseIterable & Sendable>(_ key: String, _ path: Path<E>) -> SchemaField
        where E.RawValue == String {
        SchemaField(key, .choice(E.allCases.map(\.rawValue)), label: nil, shortLabel: nil, required: true,
                    scalar: Scalar(get: { .text($0[keyPath: path].rawValue) },
                                   set: { root, value in
                                       if case let .text(text?) = value, let choice = E(rawValue: text) { root[keyPath: path] = choice }
                                   }))
    }

    static func duration(_ key: String, _ path: Path<Duration?>) -> SchemaField {
        SchemaField(key, .duration, label: nil, shortLabel: nil,
                    scalar: Scalar(get: { .text($0[keyPath: path]?.description) },
                                   set: { root, value in if case let .text(text) = value { root[keyPath: path] = text.flatMap(Duration.init) } }))
    }

    /// A list of texts: sentences (`.lines`), words (`.words`) or references (`.references`).
    static func list(_ key: String, _ path: Path<[String]>, _ kind: ValueKind, label: String? = nil,
                     described: Describe? = nil) -> SchemaField {
        SchemaField(key, kind, label: label, shortLabel: nil,
                    scalar: Scalar(get: { .list($0[keyPath: path]) },
                                   set: { root, value in if case let .list(items) = value { root[keyPath: path] = items } }),
                    described: described)
    }

    /// A list of mappings of another kind: the parts of an element, or the elements of the design.
    static func items<Item>(_ key: String, _ path: Path<[Item]>, label: String? = nil,
                            _ schema: @escaping @Sendable @autoclosure () -> Schema<Item>) -> SchemaField {
        SchemaField(key, .list(schema().kind), label: label, shortLabel: nil, scalar: nil, nested: Nested(
            write: { root in
                let items = root[keyPath: path].map { CanonicalWriter.tree(schema(), $0) }.filter { !$0.isEmpty }
                return items.isEmpty ? nil : .list(items.map { .map($0) })
            },
            read: { root, map, reader, owner in
                let itemSchema = schema()
                root[keyPath: path] = map.list(key, what: itemSchema.what(owner), keys: itemSchema.keys) {
                    reader.readItem(itemSchema, $0, owner: owner)
                }
            },
            copy: { $0[keyPath: path] = $1[keyPath: path] },
            fill: { root in root[keyPath: path] = [schema().filled()] },
            content: { root in
                let itemSchema = schema()
                return .parts(root[keyPath: path].map(itemSchema.node))
            }))
    }

    /// A mapping of another kind that may be left out (a request body, a table's partitioning).
    static func object<Part>(_ key: String, _ path: Path<Part?>, _ schema: @escaping @Sendable @autoclosure () -> Schema<Part>) -> SchemaField {
        SchemaField(key, .object(schema().kind), label: nil, shortLabel: nil, scalar: nil, nested: Nested(
            write: { root in
                guard let part = root[keyPath: path] else { return nil }
                let fields = CanonicalWriter.tree(schema(), part)
                return fields.isEmpty ? nil : .map(fields)
            },
            read: { root, map, reader, owner in
                let partSchema = schema()
                root[keyPath: path] = map.map(key, what: partSchema.what(owner), keys: partSchema.keys) {
                    reader.readItem(partSchema, $0, owner: owner)
                } ?? nil
            },
            copy: { $0[keyPath: path] = $1[keyPath: path] },
            fill: { root in root[keyPath: path] = schema().filled() },
            content: { root in .parts(root[keyPath: path].map { [schema().node($0)] } ?? []) }))
    }

    /// A mapping of another kind that is always there, empty when the file leaves it out
    /// (the requirements, the load).
    static func section<Part>(_ key: String, _ path: Path<Part>, _ schema: @escaping @Sendable @autoclosure () -> Schema<Part>) -> SchemaField {
        SchemaField(key, .object(schema().kind), label: nil, shortLabel: nil, scalar: nil, nested: Nested(
            write: { root in
                let fields = CanonicalWriter.tree(schema(), root[keyPath: path])
                return fields.isEmpty ? nil : .map(fields)
            },
            read: { root, map, reader, owner in
                let partSchema = schema()
                if let part = map.map(key, what: partSchema.what(owner), keys: partSchema.keys, read: {
                    reader.readItem(partSchema, $0, owner: owner)
                }) ?? nil {
                    root[keyPath: path] = part
                }
            },
            copy: { $0[keyPath: path] = $1[keyPath: path] },
            fill: { root in root[keyPath: path] = schema().filled() },
            content: { root in .parts([schema().node(root[keyPath: path])]) }))
    }
}

extension Schema {
    init(_ kind: SchemaKind, _ elementKind: ElementKind? = nil, blank: @escaping @Sendable () -> Root,
         extensions: WritableKeyPath<Root, Extensions> & Sendable, what: @escaping @Sendable (String) -> String,
         name: @escaping @Sendable (Root) -> String = { _ in "" },
         check: (@Sendable (Root, MapReader, DesignReader, String) -> Void)? = nil,
         _ fields: [SchemaField<Root>]) {
        self.kind = kind
        self.elementKind = elementKind
        self.blank = blank
        self.extensions = extensions
        self.what = what
        self.name = name
        self.check = check
        self.fields = fields
        requiredFields = fields.filter(\.definition.isRequired)
        optionalFields = fields.filter { !$0.definition.isRequired }
        checkedFields = fields.filter { $0.described != nil || $0.definition.value == .httpStatus }
    }
}

// MARK: - The schemas

/// The schema of every kind. `definitions(of:)` and `kinds` are the introspection a JSON
/// Schema generator or a documentation page walks; the typed schemas drive load, save and forms.
package enum Schemas {
    /// Every kind, the design first.
    package static var kinds: [SchemaKind] { SchemaKind.allCases }

    /// The fields of one kind, in canonical order.
    package static func definitions(of kind: SchemaKind) -> [FieldDefinition] {
        switch kind {
        case .design: design.definitions
        case .requirements: requirements.definitions
        case .load: load.definitions
        case .api: api.definitions
        case .versioning: versioning.definitions
        case .auth: auth.definitions
        case .rateLimit: rateLimit.definitions
        case .service: service.definitions
        case .call: call.definitions
        case .event: event.definitions
        case .endpoint: endpoint.definitions
        case .param: param.definitions
        case .request: request.definitions
        case .response: response.definitions
        case .table: table.definitions
        case .column: column.definitions
        case .index: index.definitions
        case .partitioning: partitioning.definitions
        case .sharding: sharding.definitions
        case .stack: stack.definitions
        case .alternative: alternative.definitions
        case .flow: flow.definitions
        case .flowStep: flowStep.definitions
        case .scaling: scaling.definitions
        case .bottleneck: bottleneck.definitions
        case .cache: cache.definitions
        case .monitoring: monitoring.definitions
        case .phase: phase.definitions
        case .comment: comment.definitions
        case .reply: reply.definitions
        case .validation: validation.definitions
        case .ignore: ignore.definitions
        }
    }

    /// The element kind a schema kind's mappings are, for those others refer to by name.
    package static func elementKind(of kind: SchemaKind) -> ElementKind? {
        switch kind {
        case .auth: .auth
        case .rateLimit: .rateLimit
        case .service: .service
        case .event: .event
        case .endpoint: .endpoint
        case .table: .table
        case .column: .column
        case .stack: .stack
        case .flow: .flow
        case .bottleneck: .bottleneck
        case .cache: .cache
        case .monitoring: .monitoring
        case .phase: .phase
        case .comment: .comment
        default: nil
        }
    }

    package static let design = Schema<Design>(
        .design, blank: { Design(title: "") }, extensions: \.extensions, what: { _ in "the design" }, [
            .requiredInteger("archbench", \.formatVersion, .integer(minimum: nil), label: "format version"),
            .required("title", \.title),
            .text("version", \.version),
            .choice("status", \.status),
            .list("owners", \.owners, .words),
            .text("summary", \.summary, .prose),
            .section("requirements", \.requirements, requirements),
            .section("api", \.api, api),
            .items("services", \.services, service),
            .items("events", \.events, event),
            .items("endpoints", \.endpoints, endpoint),
            .items("tables", \.tables, table),
            .items("flows", \.flows, flow),
            .items("stack", \.stack, stack),
            .text("deployment", \.deployment, .prose),
            .section("scaling", \.scaling, scaling),
            .list("security", \.security, .lines),
            .items("phases", \.phases, phase),
            .items("comments", \.comments, comment),
            .section("validation", \.validation, validation),
        ])

    package static let requirements = Schema<Requirements>(
        .requirements, blank: { Requirements() }, extensions: \.extensions, what: { _ in "requirements" }, [
            .list("business", \.business, .lines),
            .section("load", \.load, load),
            .list("constraints", \.constraints, .lines),
            .list("questions", \.questions, .lines),
        ])

    package static let load = Schema<Load>(
        .load, blank: { Load() }, extensions: \.extensions, what: { _ in "requirements.load" }, [
            .number("peak_rps", \.peakRPS),
            .number("avg_rps", \.avgRPS),
            .number("users", \.users),
            .text("data_volume", \.dataVolume),
            .number("latency_p99_ms", \.latencyP99Ms, label: "p99 latency", shortLabel: "p99 ms"),
            .text("availability", \.availability),
        ])

    package static let api = Schema<APIConventions>(
        .api, blank: { APIConventions() }, extensions: \.extensions, what: { _ in "api" }, [
            .text("base_url", \.baseURL),
            .section("versioning", \.versioning, versioning),
            .text("error_format", \.errorFormat),
            .items("auth", \.auth, label: "auth schemes", auth),
            .items("rate_limits", \.rateLimits, rateLimit),
        ])

    package static let versioning = Schema<Versioning>(
        .versioning, blank: { Versioning() }, extensions: \.extensions, what: { _ in "api.versioning" }, [
            .choice("strategy", \.strategy, label: "versioning"),
            .text("current", \.current),
            .text("header", \.header, label: "version header", shortLabel: "version hdr"),
        ])

    package static let auth = Schema<AuthScheme>(
        .auth, .auth, blank: { AuthScheme(name: "") }, extensions: \.extensions, what: { _ in "an auth scheme" },
        name: { $0.name }, [
            .name("name", \.name),
            .choice("type", \.type),
            .text("description", \.description, .prose),
        ])

    package static let rateLimit = Schema<RateLimit>(
        .rateLimit, .rateLimit, blank: { RateLimit(name: "") }, extensions: \.extensions, what: { _ in "a rate limit" },
        name: { $0.name }, [
            .name("name", \.name),
            .integer("limit", \.limit, minimum: 1),
            .duration("window", \.window),
            .choice("scope", \.scope),
        ])

    package static let service = Schema<Service>(
        .service, .service, blank: { Service(name: "") }, extensions: \.extensions, what: { _ in "a service" },
        name: { $0.name }, [
            .name("name", \.name),
            .text("domain", \.domain),
            .text("description", \.description, .prose),
            .list("responsibilities", \.responsibilities, .lines),
            .text("datastore", \.datastore),
            .bool("stateless", \.stateless),
            .text("replicas", \.replicas),
            .items("calls", \.calls, call),
        ])

    package static let call = Schema<ServiceCall>(
        .call, blank: { ServiceCall(service: "") }, extensions: \.extensions, what: { "a call of service '\($0)'" }, [
            .required("service", \.service, .reference(.element(.service)), described: { _, owner in "call of service '\(owner)'" }),
            .choice("style", \.style),
            .text("purpose", \.purpose),
            .text("event", \.event, .reference(.element(.event)), described: { _, owner in "call of service '\(owner)'" }),
        ])

    package static let event = Schema<Event>(
        .event, .event, blank: { Event(name: "") }, extensions: \.extensions, what: { _ in "an event" },
        name: { $0.name }, [
            .name("name", \.name),
            .text("producer", \.producer, .reference(.element(.service)), described: { name, _ in "producer of event '\(name)'" }),
            .list("consumers", \.consumers, .references(.element(.service)), described: { name, _ in "consumer of event '\(name)'" }),
            .text("channel", \.channel),
            .choice("delivery", \.delivery),
            .text("payload", \.payload, .json, described: { name, _ in "the payload of event '\(name)'" }),
        ])

    package static let endpoint = Schema<Endpoint>(
        .endpoint, .endpoint, blank: { Endpoint(method: .GET, path: "") }, extensions: \.extensions,
        what: { _ in "an endpoint" }, name: { $0.name }, [
            .requiredChoice("method", \.method),
            .required("path", \.path),
            .text("service", \.service, .reference(.element(.service)), described: { name, _ in "endpoint '\(name)'" }),
            .text("summary", \.summary),
            .text("description", \.description, .prose),
            .text("auth", \.auth, .reference(.element(.auth)), described: { name, _ in "endpoint '\(name)'" }),
            .list("scopes", \.scopes, .words),
            .text("rate_limit", \.rateLimit, .reference(.element(.rateLimit)), described: { name, _ in "endpoint '\(name)'" }),
            .bool("idempotent", \.idempotent),
            .bool("deprecated", \.deprecated),
            .list("tags", \.tags, .words),
            .items("params", \.params, param),
            .object("request", \.request, request),
            .items("responses", \.responses, response),
        ])

    package static let param = Schema<Param>(
        .param, blank: { Param(name: "", location: .query) }, extensions: \.extensions,
        what: { "a parameter of '\($0)'" }, name: { $0.name },
        check: { param, map, reader, owner in
            reader.expectUnique("parameter of '\(owner)'", "\(param.location.rawValue) \(param.name)", at: map.location)
        }, [
            .name("name", \.name),
            .requiredChoice("in", \.location),
            .text("type", \.type),
            .bool("required", \.required),
            .text("description", \.description, .prose),
        ])

    package static let request = Schema<RequestBody>(
        .request, blank: { RequestBody() }, extensions: \.extensions, what: { "the request of '\($0)'" }, [
            .text("content_type", \.contentType),
            .text("example", \.example, .json, described: { _, owner in "the request example of '\(owner)'" }),
        ])

    package static let response = Schema<Response>(
        .response, blank: { Response(status: 0) }, extensions: \.extensions, what: { "a response of '\($0)'" },
        name: { String($0.status) },
        check: { response, map, reader, owner in
            reader.expectUnique("response status of '\(owner)'", String(response.status), at: map.location)
        }, [
            .requiredInteger("status", \.status, .httpStatus),
            .text("description", \.description),
            .text("example", \.example, .json, described: { name, owner in "the \(name) response example of '\(owner)'" }),
        ])

    package static let table = Schema<Table>(
        .table, .table, blank: { Table(name: "") }, extensions: \.extensions, what: { _ in "a table" },
        name: { $0.name }, [
            .name("name", \.name),
            .text("service", \.service, .reference(.element(.service)), described: { name, _ in "owner of table '\(name)'" }),
            .text("description", \.description, .prose),
            .items("columns", \.columns, column),
            .list("primary_key", \.primaryKey, .references(.columnOfSameTable)),
            .items("indexes", \.indexes, index),
            .object("partitioning", \.partitioning, partitioning),
            .object("sharding", \.sharding, sharding),
            .integer("estimated_rows", \.estimatedRows, minimum: 0, label: "estimated rows", shortLabel: "est. rows"),
        ])

    package static let column = Schema<Column>(
        .column, .column, blank: { Column(name: "") }, extensions: \.extensions,
        what: { "a column of table '\($0)'" }, name: { $0.name },
        check: { column, map, reader, table in reader.checkForeignKey(column, map, table: table) }, [
            .name("name", \.name),
            .text("type", \.type),
            .bool("primary_key", \.primaryKey),
            .bool("nullable", \.nullable),
            .bool("unique", \.unique),
            .text("default", \.defaultValue),
            // Checked by `check`: the message names the table and the column.
            .text("references", \.references, .reference(.element(.column))),
            .choice("on_delete", \.onDelete),
            .bool("pii", \.pii),
            .text("description", \.description, .prose),
        ])

    package static let index = Schema<DesignModel.Index>(
        .index, blank: { DesignModel.Index(name: "") }, extensions: \.extensions,
        what: { "an index of table '\($0)'" }, name: { $0.name },
        check: { index, map, reader, _ in reader.expectUnique("index", index.name, at: map.location) }, [
            .name("name", \.name),
            .list("columns", \.columns, .references(.columnOfSameTable)),
            .bool("unique", \.unique),
            .choice("kind", \.kind),
            .text("where", \.whereClause),
        ])

    package static let partitioning = Schema<Partitioning>(
        .partitioning, blank: { Partitioning() }, extensions: \.extensions, what: { "the partitioning of '\($0)'" }, [
            .choice("strategy", \.strategy),
            .list("key", \.key, .references(.columnOfSameTable)),
            .text("note", \.note, .prose),
        ])

    package static let sharding = Schema<Sharding>(
        .sharding, blank: { Sharding() }, extensions: \.extensions, what: { "the sharding of '\($0)'" }, [
            .choice("strategy", \.strategy),
            .list("key", \.key, .references(.columnOfSameTable)),
            .integer("shards", \.shards, minimum: 1),
            .text("note", \.note, .prose),
        ])

    package static let stack = Schema<StackEntry>(
        .stack, .stack, blank: { StackEntry(area: "") }, extensions: \.extensions, what: { _ in "a stack entry" },
        name: { $0.area }, [
            .name("area", \.area),
            .text("choice", \.choice),
            .text("rationale", \.rationale, .prose),
            .items("alternatives", \.alternatives, alternative),
        ])

    package static let alternative = Schema<Alternative>(
        .alternative, blank: { Alternative(name: "") }, extensions: \.extensions, what: { "an alternative in '\($0)'" },
        name: { $0.name }, [
            .name("name", \.name),
            .text("tradeoff", \.tradeoff, .prose),
        ])

    package static let flow = Schema<Flow>(
        .flow, .flow, blank: { Flow(name: "") }, extensions: \.extensions, what: { _ in "a flow" },
        name: { $0.name }, [
            .name("name", \.name),
            .text("description", \.description, .prose),
            .text("trigger", \.trigger, .reference(.flowTrigger), described: { name, _ in "the trigger of flow '\(name)'" }),
            .choice("consistency", \.consistency),
            .items("steps", \.steps, flowStep),
            .text("failure", \.failure, .prose),
        ])

    /// A step's `from` (a service or `client`) and `to` (`service:`, `event:`, `table:` or
    /// `external:`) are checked by `check`: neither is a plain element reference.
    package static let flowStep = Schema<FlowStep>(
        .flowStep, blank: { FlowStep(from: "", to: "") }, extensions: \.extensions, what: { "a step of flow '\($0)'" },
        name: { "\($0.from) → \($0.to)" },
        check: { step, map, reader, flow in reader.checkStep(step, map, flow: flow) }, [
            .required("from", \.from, .reference(.stepActor)),
            .required("to", \.to, .reference(.stepTarget)),
            .text("action", \.action),
            .choice("style", \.style),
            .choice("access", \.access),
            .text("compensation", \.compensation, .prose, shortLabel: "compensate"),
            .duration("timeout", \.timeout),
            .bool("idempotent", \.idempotent),
            .bool("async", \.async),
        ])

    package static let scaling = Schema<Scaling>(
        .scaling, blank: { Scaling() }, extensions: \.extensions, what: { _ in "scaling" }, [
            .items("bottlenecks", \.bottlenecks, bottleneck),
            .items("caches", \.caches, cache),
            .text("load_balancing", \.loadBalancing, .prose, shortLabel: "load balance"),
            .text("failover", \.failover, .prose),
            .items("monitoring", \.monitoring, label: "monitoring signals", monitoring),
            .text("notes", \.notes, .prose),
        ])

    package static let bottleneck = Schema<Bottleneck>(
        .bottleneck, .bottleneck, blank: { Bottleneck(name: "") }, extensions: \.extensions, what: { _ in "a bottleneck" },
        name: { $0.name }, [
            .name("name", \.name),
            .text("description", \.description, .prose),
            .list("affects", \.affects, .references(.anyElement), described: { name, _ in "bottleneck '\(name)'" }),
            .text("mitigation", \.mitigation, .prose),
        ])

    package static let cache = Schema<Cache>(
        .cache, .cache, blank: { Cache(name: "") }, extensions: \.extensions, what: { _ in "a cache" },
        name: { $0.name }, [
            .name("name", \.name),
            .choice("layer", \.layer),
            .text("what", \.what),
            .duration("ttl", \.ttl),
            .text("invalidation", \.invalidation, .prose),
            .list("serves", \.serves, .references(.anyElement), described: { name, _ in "cache '\(name)'" }),
        ])

    package static let monitoring = Schema<MonitoringSignal>(
        .monitoring, .monitoring, blank: { MonitoringSignal(signal: "") }, extensions: \.extensions,
        what: { _ in "a monitoring signal" }, name: { $0.signal }, [
            .name("signal", \.signal),
            .text("target", \.target),
            .text("alert", \.alert),
        ])

    package static let phase = Schema<Phase>(
        .phase, .phase, blank: { Phase(name: "") }, extensions: \.extensions, what: { _ in "a phase" },
        name: { $0.name }, [
            .name("name", \.name),
            .text("goal", \.goal, .prose),
            .list("includes", \.includes, .references(.anyElement), described: { name, _ in "phase '\(name)'" }),
        ])

    package static let comment = Schema<Comment>(
        .comment, .comment, blank: { Comment(id: 0) }, extensions: \.extensions, what: { _ in "a comment" },
        name: { String($0.id) }, [
            .requiredInteger("id", \.id, .integer(minimum: 1), isName: true),
            .text("element", \.element, .reference(.anyElement), described: { name, _ in "comment \(name)" }),
            .text("author", \.author),
            .text("at", \.at, .time),
            .text("text", \.text, .prose),
            .choice("status", \.status),
            .items("replies", \.replies, reply),
            .choice("verdict", \.verdict),
        ])

    package static let reply = Schema<Reply>(
        .reply, blank: { Reply() }, extensions: \.extensions, what: { "a reply to comment \($0)" }, [
            .text("author", \.author),
            .text("at", \.at, .time),
            .text("text", \.text, .prose),
        ])

    package static let validation = Schema<ValidationSettings>(
        .validation, blank: { ValidationSettings() }, extensions: \.extensions, what: { _ in "validation" }, [
            .list("disable", \.disable, .words),
            .severities("severity", \.severity),
            .items("ignore", \.ignore, label: "ignore entries", ignore),
            .choice("path_casing", \.pathCasing),
            .choice("parameter_casing", \.parameterCasing),
            .choice("json_casing", \.jsonCasing, label: "JSON casing"),
        ])

    package static let ignore = Schema<IgnoreEntry>(
        .ignore, blank: { IgnoreEntry(rule: "") }, extensions: \.extensions, what: { _ in "an ignore entry" },
        name: { $0.rule }, [
            .required("rule", \.rule),
            .text("element", \.element, .reference(.anyElement), described: { name, _ in "ignore entry for '\(name)'" }),
            .text("reason", \.reason, .prose),
        ])
}

extension SchemaField where Root == ValidationSettings {
    /// `severity:`, a mapping of rule id to severity in the file's order.
    static func severities(_ key: String, _ path: Path<[SeverityOverride]>) -> SchemaField {
        SchemaField(key, .severities, label: nil, shortLabel: nil, scalar: nil, nested: Nested(
            write: { root in
                let entries = root[keyPath: path]
                return entries.isEmpty ? nil : .map(entries.map { Field(key: $0.rule, value: .scalar($0.severity.rawValue, .text)) })
            },
            read: { root, map, reader, _ in root[keyPath: path] = reader.readSeverities(map, key) },
            copy: { $0[keyPath: path] = $1[keyPath: path] },
            fill: { root in root[keyPath: path] = [SeverityOverride(rule: "api-verb", severity: .info)] },
            content: { root in .value(.list(root[keyPath: path].map { "\($0.rule): \($0.severity.rawValue)" })) }))
    }
}
