import DesignModel
import Foundation

/// The schema field a form row shows.
struct FieldSource: Equatable, Sendable {
    var kind: SchemaKind
    var key: String
}

/// One form row bound to a schema field of `Subject`: an element or a part (the field's own
/// schema), or the design (a section's rows, from the schemas of the design and its sections).
struct FormBinding<Subject> {
    let source: FieldSource
    /// The row's id: the key, except "name" for the field that names an element.
    let id: String
    let definition: FieldDefinition
    let get: (Subject) -> FieldValue?
    let set: (inout Subject, FieldValue) -> Void
}

/// Forms from the schema: which fields a form shows, as what kind of row, and how typed text
/// becomes a value. Every schema field is a form row unless `editedElsewhere` says where it is
/// edited instead; `FormCoverageTests` hold the two together.
enum FormSchema {
    /// Fields no form shows, with where they are edited instead.
    static let editedElsewhere: [SchemaKind: [String: String]] = [
        .design: ["archbench": "written by archbench: the format version of the file",
                  "validation": "the design file only: validation settings have no form"],
        .comment: ["id": "given when the comment is made (c)",
                   "element": "the selection when the comment is made (c)",
                   "author": "the user who comments (--author)",
                   "at": "the time the comment is made",
                   "status": "x in the comments panel (C)",
                   "replies": "r in the comments panel (C)",
                   "verdict": "v in the comments panel (C): approve or request changes"],
        .reply: ["author": "the user who replies (--author)",
                 "at": "the time of the reply",
                 "text": "r in the comments panel (C)"],
        .validation: ["disable": "the design file only", "severity": "the design file only",
                      "ignore": "the design file only", "path_casing": "the design file only",
                      "parameter_casing": "the design file only", "json_casing": "the design file only"],
        .ignore: ["rule": "the design file only", "element": "the design file only", "reason": "the design file only"],
    ]

    static func isEditedElsewhere(_ kind: SchemaKind, _ key: String) -> Bool { editedElsewhere[kind]?[key] != nil }

    /// The rows of `schema`'s fields reached through `path`: all but those edited elsewhere, or
    /// `only` these keys in this order.
    static func bindings<Root, Subject>(_ schema: Schema<Root>, at path: WritableKeyPath<Subject, Root>,
                                        only keys: [String]? = nil, ids: [String: String] = [:]) -> [FormBinding<Subject>] {
        let fields = keys.map { $0.compactMap(schema.field) } ?? schema.fields.filter { !isEditedElsewhere(schema.kind, $0.key) }
        return fields.filter { $0.definition.value != .severities }.map { field in
            FormBinding(source: FieldSource(kind: schema.kind, key: field.key),
                        id: ids[field.key] ?? (field.definition.isName ? "name" : field.key),
                        definition: field.definition,
                        get: { field.value(in: $0[keyPath: path]) },
                        set: { subject, value in field.set(value, in: &subject[keyPath: path]) })
        }
    }

    static func bindings<Root>(_ schema: Schema<Root>) -> [FormBinding<Root>] { bindings(schema, at: \.self) }

    /// A section's rows: parts of the design's own fields and of its sections' schemas.
    static func sectionBindings(_ key: DesignSection.Key) -> [FormBinding<Design>] {
        switch key {
        case .header:
            bindings(Schemas.design, at: \.self, only: ["title", "version", "status", "owners", "summary"])
        case .requirements:
            bindings(Schemas.requirements, at: \.requirements, only: ["business"])
                + bindings(Schemas.load, at: \.requirements.load)
                + bindings(Schemas.requirements, at: \.requirements, only: ["constraints", "questions"])
        case .apiSettings:
            bindings(Schemas.api, at: \.api, only: ["base_url"])
                + bindings(Schemas.versioning, at: \.api.versioning, ids: ["strategy": "versioning"])
                + bindings(Schemas.api, at: \.api, only: ["error_format", "auth", "rate_limits"])
        case .deployment:
            bindings(Schemas.design, at: \.self, only: ["deployment"])
        case .scalingNotes:
            bindings(Schemas.scaling, at: \.scaling, only: ["load_balancing", "failover", "notes"])
        case .security:
            bindings(Schemas.design, at: \.self, only: ["security"])
        case .validation, .extensions:
            []
        }
    }

    static func fields<Root>(_ schema: Schema<Root>, _ value: Root, of subject: FormSubject) -> [FormField] {
        fields(bindings(schema), value, of: subject)
    }

    static func fields<Subject>(_ bindings: [FormBinding<Subject>], _ value: Subject, of subject: FormSubject) -> [FormField] {
        bindings.map { binding in
            let kind = fieldKind(binding.definition, id: binding.id, of: subject)
            var field: FormField
            switch binding.get(value) {
            case let .text(text)?: field = FormField(binding.id, binding.definition.shortLabel, kind, text)
            case let .number(number)?: field = FormField(binding.id, binding.definition.shortLabel, kind, number?.description)
            case let .integer(number)?: field = FormField(binding.id, binding.definition.shortLabel, kind, number.map(String.init))
            case let .bool(flag)?: field = FormField(binding.id, binding.definition.shortLabel, kind, yesNo(flag))
            case let .list(items)?:
                field = FormField(binding.id, binding.definition.shortLabel, kind,
                                  kind == .lines ? nil : items.joined(separator: ", "), list: items)
            case nil: field = FormField(binding.id, binding.definition.shortLabel, kind)
            }
            field.source = binding.source
            return field
        }
    }

    /// Sets the field with this id from typed text (or, for lists, `list`).
    static func set<Subject>(_ id: String, _ text: String, _ list: [String], in value: inout Subject,
                             _ bindings: [FormBinding<Subject>]) throws {
        guard let binding = bindings.first(where: { $0.id == id }),
              let parsed = try parse(binding.definition, text, list) else { return }
        binding.set(&value, parsed)
    }

    static func set<Root>(_ id: String, _ text: String, _ list: [String], in value: inout Root, _ schema: Schema<Root>) throws {
        try set(id, text, list, in: &value, bindings(schema))
    }

    /// How a field of this kind is shown and edited.
    static func fieldKind(_ definition: FieldDefinition, id: String, of subject: FormSubject) -> FieldKind {
        switch definition.value {
        case .text: return .text(required: definition.isRequired)
        case .prose: return .longText
        case .json: return .json
        case .number, .integer, .httpStatus: return .number
        case .bool: return .choice(yesNoChoices)
        case let .choice(values): return .choice(definition.isRequired ? values : [""] + values)
        case .duration, .time: return .text(required: false)
        case .lines: return .lines
        case .words: return .commaList
        case let .reference(target): return .reference(referenceSource(target))
        case let .references(target): return .referenceList(referenceSource(target))
        case let .object(kind):
            return .object(noun: partNoun(kind), summary: subject.object(id).map(\.partSummary))
        case let .list(kind):
            if let elementKind = Schemas.elementKind(of: kind), let collection = ElementCollection(kind: elementKind) {
                return .elements(collection, names: [])
            }
            return .items(noun: partNoun(kind), summaries: subject.items(id).map(\.partSummary))
        case .severities: return .lines
        }
    }

    static func referenceSource(_ target: ReferenceTarget) -> ReferenceSource {
        switch target {
        case .element(.service): .service
        case .element(.event): .event
        case .element(.table): .table
        case .element(.column): .column
        case .element(.auth): .auth
        case .element(.rateLimit): .rateLimit
        case .element, .anyElement: .element
        case .columnOfSameTable: .ownColumn
        case .flowTrigger: .trigger
        case .stepActor: .stepActor
        case .stepTarget: .stepTarget
        }
    }

    /// What the add row and an object row call a part.
    static func partNoun(_ kind: SchemaKind) -> String {
        switch kind {
        case .request: "request body"
        case .flowStep: "step"
        default: kind.rawValue
        }
    }

    /// A field's value from what was typed; nil for fields a form does not set.
    static func parse(_ definition: FieldDefinition, _ text: String, _ list: [String]) throws -> FieldValue? {
        let label = definition.label
        switch definition.value {
        case .text, .prose, .json, .time, .reference:
            if definition.isName { return .text(text.trimmingCharacters(in: .whitespaces)) }
            if definition.isRequired, case .reference = definition.value { return .text(text) }
            if definition.isRequired {
                guard optional(text) != nil else { throw FieldError("the \(label) must not be empty") }
                return .text(text)
            }
            if case .reference(.element(.column)) = definition.value, let reference = optional(text), !reference.contains(".") {
                throw FieldError("\(label) is TABLE.COLUMN")
            }
            if case .reference(.stepTarget) = definition.value, let target = optional(text), StepTarget(parsing: target) == nil {
                throw FieldError("\(label) is service:, event:, table: or external: and a name")
            }
            return .text(optional(text))
        case .number: return .number(try parsePositive(text, label))
        case let .integer(minimum): return .integer(try parseInt(text, label, atLeast: minimum ?? Int.min))
        case .httpStatus:
            guard let status = try parseInt(text, label), (100...599).contains(status) else {
                throw FieldError("\(label) is an HTTP status, 100 to 599")
            }
            return .integer(status)
        case .bool: return .bool(parseYesNo(text))
        case .choice: return .text(text)
        case .duration: return .text(try parseDuration(text, label)?.description)
        case .lines, .words, .references: return .list(list)
        case .object, .list, .severities: return nil
        }
    }
}

// MARK: - Parsing typed text

func optional(_ text: String) -> String? {
    let t = text.trimmingCharacters(in: .whitespaces)
    return t.isEmpty ? nil : text
}

func yesNo(_ value: Bool?) -> String { value.map { $0 ? "yes" : "no" } ?? "" }
func parseYesNo(_ text: String) -> Bool? { text == "yes" ? true : text == "no" ? false : nil }
let yesNoChoices = ["", "yes", "no"]

func parsePositive(_ text: String, _ label: String) throws -> Decimal? {
    guard optional(text) != nil else { return nil }
    guard let v = Decimal(string: text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")),
          Double(text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")) != nil else {
        throw FieldError("\(label) must be a number")
    }
    guard v > 0 else { throw FieldError("\(label) must be greater than 0") }
    return v
}

/// The same bounds as the loader's, so that a form never writes what would not load again.
func parseInt(_ text: String, _ label: String, atLeast minimum: Int = Int.min) throws -> Int? {
    guard optional(text) != nil else { return nil }
    guard let v = Int(text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")) else {
        throw FieldError("\(label) must be a whole number")
    }
    guard v >= minimum else { throw FieldError(minimum == 1 ? "\(label) must be greater than 0" : "\(label) must be at least \(minimum)") }
    return v
}

func parseDuration(_ text: String, _ label: String) throws -> DesignModel.Duration? {
    guard optional(text) != nil else { return nil }
    guard let d = DesignModel.Duration(text.trimmingCharacters(in: .whitespaces)) else {
        throw FieldError("\(label) is a number and ms, s, m, h or d: 250ms, 30s, 5m, 1h, 7d")
    }
    guard d.amount > 0 else { throw FieldError("\(label) must be longer than 0") }
    return d
}

// MARK: - Elements and parts

extension DesignElement {
    func formFields(of subject: FormSubject) -> [FormField] {
        switch self {
        case let .service(value): FormSchema.fields(Schemas.service, value, of: subject)
        case let .event(value): FormSchema.fields(Schemas.event, value, of: subject)
        case let .endpoint(value): FormSchema.fields(Schemas.endpoint, value, of: subject)
        case let .table(value): FormSchema.fields(Schemas.table, value, of: subject)
        case let .stack(value): FormSchema.fields(Schemas.stack, value, of: subject)
        case let .bottleneck(value): FormSchema.fields(Schemas.bottleneck, value, of: subject)
        case let .cache(value): FormSchema.fields(Schemas.cache, value, of: subject)
        case let .monitoring(value): FormSchema.fields(Schemas.monitoring, value, of: subject)
        case let .phase(value): FormSchema.fields(Schemas.phase, value, of: subject)
        case let .auth(value): FormSchema.fields(Schemas.auth, value, of: subject)
        case let .rateLimit(value): FormSchema.fields(Schemas.rateLimit, value, of: subject)
        case let .comment(value): FormSchema.fields(Schemas.comment, value, of: subject)
        case let .flow(value): FormSchema.fields(Schemas.flow, value, of: subject)
        }
    }

    func setting(_ id: String, text: String, list: [String]) throws -> DesignElement {
        switch self {
        case var .service(v): try FormSchema.set(id, text, list, in: &v, Schemas.service); return .service(v)
        case var .event(v): try FormSchema.set(id, text, list, in: &v, Schemas.event); return .event(v)
        case var .endpoint(v): try FormSchema.set(id, text, list, in: &v, Schemas.endpoint); return .endpoint(v)
        case var .table(v): try FormSchema.set(id, text, list, in: &v, Schemas.table); return .table(v)
        case var .stack(v): try FormSchema.set(id, text, list, in: &v, Schemas.stack); return .stack(v)
        case var .bottleneck(v): try FormSchema.set(id, text, list, in: &v, Schemas.bottleneck); return .bottleneck(v)
        case var .cache(v): try FormSchema.set(id, text, list, in: &v, Schemas.cache); return .cache(v)
        case var .monitoring(v): try FormSchema.set(id, text, list, in: &v, Schemas.monitoring); return .monitoring(v)
        case var .phase(v): try FormSchema.set(id, text, list, in: &v, Schemas.phase); return .phase(v)
        case var .auth(v): try FormSchema.set(id, text, list, in: &v, Schemas.auth); return .auth(v)
        case var .rateLimit(v): try FormSchema.set(id, text, list, in: &v, Schemas.rateLimit); return .rateLimit(v)
        case var .comment(v): try FormSchema.set(id, text, list, in: &v, Schemas.comment); return .comment(v)
        case var .flow(v): try FormSchema.set(id, text, list, in: &v, Schemas.flow); return .flow(v)
        }
    }
}

extension FormSubject {
    /// The schema kind of an element or part; nil for a section or a list, whose rows come
    /// from several kinds.
    var schemaKind: SchemaKind? {
        switch self {
        case let .element(element):
            switch element {
            case .service: .service
            case .event: .event
            case .endpoint: .endpoint
            case .table: .table
            case .stack: .stack
            case .bottleneck: .bottleneck
            case .cache: .cache
            case .monitoring: .monitoring
            case .phase: .phase
            case .auth: .auth
            case .rateLimit: .rateLimit
            case .comment: .comment
            case .flow: .flow
            }
        case .section, .elementList: nil
        case .param: .param
        case .request: .request
        case .response: .response
        case .call: .call
        case .column: .column
        case .index: .index
        case .partitioning: .partitioning
        case .sharding: .sharding
        case .alternative: .alternative
        case .step: .flowStep
        }
    }

    /// The fields of a part (a param, a column...); nil for an element, a section or a list.
    var partFields: [FormField]? {
        switch self {
        case let .param(v): FormSchema.fields(Schemas.param, v, of: self)
        case let .request(v): FormSchema.fields(Schemas.request, v, of: self)
        case let .response(v): FormSchema.fields(Schemas.response, v, of: self)
        case let .call(v): FormSchema.fields(Schemas.call, v, of: self)
        case let .column(v): FormSchema.fields(Schemas.column, v, of: self)
        case let .index(v): FormSchema.fields(Schemas.index, v, of: self)
        case let .partitioning(v): FormSchema.fields(Schemas.partitioning, v, of: self)
        case let .sharding(v): FormSchema.fields(Schemas.sharding, v, of: self)
        case let .alternative(v): FormSchema.fields(Schemas.alternative, v, of: self)
        case let .step(v): FormSchema.fields(Schemas.flowStep, v, of: self)
        case .element, .section, .elementList: nil
        }
    }

    func settingPart(_ id: String, text: String, list: [String]) throws -> FormSubject {
        switch self {
        case var .param(v): try FormSchema.set(id, text, list, in: &v, Schemas.param); return .param(v)
        case var .request(v): try FormSchema.set(id, text, list, in: &v, Schemas.request); return .request(v)
        case var .response(v): try FormSchema.set(id, text, list, in: &v, Schemas.response); return .response(v)
        case var .call(v): try FormSchema.set(id, text, list, in: &v, Schemas.call); return .call(v)
        case var .column(v): try FormSchema.set(id, text, list, in: &v, Schemas.column); return .column(v)
        case var .index(v): try FormSchema.set(id, text, list, in: &v, Schemas.index); return .index(v)
        case var .partitioning(v): try FormSchema.set(id, text, list, in: &v, Schemas.partitioning); return .partitioning(v)
        case var .sharding(v): try FormSchema.set(id, text, list, in: &v, Schemas.sharding); return .sharding(v)
        case var .alternative(v): try FormSchema.set(id, text, list, in: &v, Schemas.alternative); return .alternative(v)
        case var .step(v): try FormSchema.set(id, text, list, in: &v, Schemas.flowStep); return .step(v)
        case .element, .section, .elementList: return self
        }
    }

    /// How a part is summed up in its parent's form: one line per item, or the object's row.
    var partSummary: String {
        switch self {
        case let .param(p): summary(p)
        case let .request(r): summary(r)
        case let .response(r): summary(r)
        case let .call(c): summary(c)
        case let .column(c): summary(c)
        case let .index(i): summary(i)
        case let .partitioning(p): summary(p)
        case let .sharding(s): summary(s)
        case let .alternative(a): a.name
        case let .step(s): summary(s)
        case .element, .section, .elementList: title
        }
    }
}
