import Foundation

/// The JSON Schema (draft 2020-12) of the design format, generated from the field schema
/// (`Schemas`): one `$defs` entry per kind of mapping, one property per field, with the
/// field's `help` as its description. Editors (yaml-language-server, VS Code's YAML extension)
/// use it for completion, hover and checks while a design is typed; `archbench schema` prints it.
package enum DesignJSONSchema {
    /// Where the schema says it lives: the name `archbench new` writes it under, next to the design.
    package static let fileName = "archbench.schema.json"

    /// The first line of a design file that tells editors where the schema is (kept on save).
    package static func modeline(_ schemaLocation: String = fileName) -> String {
        "\(Design.modelinePrefix) $schema=\(schemaLocation)"
    }

    package static var document: JSONValue {
        var defs: [JSONValue.Member] = []
        for kind in Schemas.kinds {
            defs.append(JSONValue.Member(key: kind.rawValue, value: object(kind)))
        }
        return .object([
            member("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
            member("title", .string("archbench design")),
            member("description", .string("A backend design document (archbench format \(Design.supportedFormatVersion)): "
                + "API, services, events, data, flows, stack, scaling, phases and review comments.")),
            member("$ref", .string("#/$defs/design")),
            member("$defs", .object(defs)),
        ])
    }

    /// The schema as text, two spaces an indent, ending in a newline.
    package static var text: String { document.text(indent: 2) + "\n" }

    private static func member(_ key: String, _ value: JSONValue) -> JSONValue.Member { JSONValue.Member(key: key, value: value) }

    private static func object(_ kind: SchemaKind) -> JSONValue {
        let fields = Schemas.definitions(of: kind)
        var members: [JSONValue.Member] = [member("type", .string("object"))]
        if let description = kindDescription(kind) { members.append(member("description", .string(description))) }
        members.append(member("properties", .object(fields.map { member($0.key, property($0)) })))
        let required = fields.filter(\.isRequired).map { JSONValue.string($0.key) }
        if !required.isEmpty { members.append(member("required", .array(required))) }
        // Extensions are `x_*` keys of any value; any other key is a typo the loader refuses too.
        members.append(member("patternProperties", .object([member("^x_", .object([]))])))
        members.append(member("additionalProperties", .bool(false)))
        return .object(members)
    }

    private static func kindDescription(_ kind: SchemaKind) -> String? {
        switch kind {
        case .design: "A design document."
        case .flow: "One scenario end to end, drawn as a sequence diagram."
        case .flowStep: "One step of a flow: who does what to which element."
        default: nil
        }
    }

    static func property(_ field: FieldDefinition) -> JSONValue {
        var members = type(field.value)
        members.insert(member("description", .string(field.help)), at: 0)
        return .object(members)
    }

    private static let referenceKinds = ElementKind.referenceable.map(\.rawValue).joined(separator: "|")

    private static func type(_ value: ValueKind) -> [JSONValue.Member] {
        func string(pattern: String? = nil, format: String? = nil) -> [JSONValue.Member] {
            var m = [member("type", .string("string"))]
            if let pattern { m.append(member("pattern", .string(pattern))) }
            if let format { m.append(member("format", .string(format))) }
            return m
        }
        switch value {
        // A scalar that YAML reads as a number or a boolean is still text to the loader (`replicas: 3`).
        case .text, .prose: return [member("type", .array([.string("string"), .string("number"), .string("boolean")]))]
        case .json: return string()
        case .number: return [member("type", .string("number")), member("exclusiveMinimum", .number("0"))]
        case let .integer(minimum):
            var m = [member("type", .string("integer"))]
            if let minimum { m.append(member("minimum", .number(String(minimum)))) }
            return m
        case .httpStatus:
            return [member("type", .string("integer")), member("minimum", .number("100")), member("maximum", .number("599"))]
        case .bool: return [member("type", .string("boolean"))]
        case let .choice(words): return [member("enum", .array(words.map { .string($0) }))]
        case .duration: return string(pattern: "^[1-9][0-9]*(ms|s|m|h|d)$")
        case .time: return string(format: "date-time")
        case .lines, .words: return [member("type", .string("array")), member("items", .object([member("type", .string("string"))]))]
        case let .reference(target): return reference(target)
        case let .references(target):
            return [member("type", .string("array")), member("items", .object(reference(target)))]
        case let .object(kind): return [member("$ref", .string("#/$defs/\(kind.rawValue)"))]
        case let .list(kind):
            return [member("type", .string("array")), member("items", .object([member("$ref", .string("#/$defs/\(kind.rawValue)"))]))]
        case .severities:
            return [member("type", .string("object")),
                    member("additionalProperties", .object([member("enum", .array(Severity.allCases.map { .string($0.rawValue) }))]))]
        }
    }

    private static func reference(_ target: ReferenceTarget) -> [JSONValue.Member] {
        let pattern: String? = switch target {
        case .element(.column): "^.+\\..+$"
        case .anyElement: "^(\(referenceKinds)):.+$"
        case .flowTrigger: "^(endpoint|event):.+$"
        case .stepTarget: "^(\(StepTarget.kinds.joined(separator: "|"))):.+$"
        case .element, .columnOfSameTable, .stepActor: nil
        }
        var m = [member("type", .string("string")), member("minLength", .number("1"))]
        if let pattern { m.append(member("pattern", .string(pattern))) }
        return m
    }
}

extension FieldDefinition {
    /// What the field holds, in a sentence: the JSON Schema's description (editors' hover and
    /// completion) and the form's hint for the focused row.
    package var help: String {
        let what: String = switch value {
        case .text: "Text, one line."
        case .prose: "Free text; several lines as a block (|)."
        case .json: "A JSON example, as a block (|); it must parse as JSON."
        case .number: "A number greater than 0."
        case let .integer(minimum): minimum.map { "A whole number, at least \($0)." } ?? "A whole number."
        case .httpStatus: "An HTTP status code, 100 to 599."
        case .bool: "true or false."
        case let .choice(words): "One of: \(words.joined(separator: ", "))."
        case .duration: "A duration: 250ms, 30s, 5m, 1h or 7d."
        case .time: "A time, RFC 3339: 2026-05-04T10:00:00Z."
        case .lines: "A list of sentences."
        case .words: "A list of words."
        case let .reference(target): "The \(Self.describe(target))."
        case let .references(target): "A list: each the \(Self.describe(target))."
        case let .object(kind): "A mapping: the \(kind.rawValue.replacingOccurrences(of: "_", with: " "))."
        case let .list(kind): "A list of \(kind.rawValue.replacingOccurrences(of: "_", with: " ")) mappings."
        case .severities: "Rule ids, each to error, warning or info."
        }
        let name = label.prefix(1).uppercased() + label.dropFirst()
        return "\(name)\(isRequired ? " (required)" : ""). \(what)"
    }

    private static func describe(_ target: ReferenceTarget) -> String {
        switch target {
        case .element(.column): "column it points at, as TABLE.COLUMN"
        case let .element(kind): "name of a \(kind == .rateLimit ? "rate limit" : kind.rawValue) of the design"
        case .anyElement: "element it names, as KIND:NAME (service:orders, endpoint:POST /v1/orders, flow:checkout)"
        case .columnOfSameTable: "name of a column of this table"
        case .flowTrigger: "endpoint or event that starts it, as endpoint:METHOD PATH or event:NAME"
        case .stepActor: "service that acts, by name, or client for the caller"
        case .stepTarget: "element acted on, as service:NAME, event:NAME or table:NAME, or external:NAME for a third party"
        }
    }
}

extension JSONValue {
    /// The value as JSON text, members in their order, `indent` spaces a level.
    package func text(indent: Int) -> String {
        var out = ""
        write(to: &out, indent: indent, depth: 0)
        return out
    }

    private func write(to out: inout String, indent: Int, depth: Int) {
        let pad = String(repeating: " ", count: indent * (depth + 1))
        let close = String(repeating: " ", count: indent * depth)
        switch self {
        case let .object(members):
            if members.isEmpty { out += "{}"; return }
            out += "{\n"
            for (i, m) in members.enumerated() {
                out += pad + JSONValue.quoted(m.key) + ": "
                m.value.write(to: &out, indent: indent, depth: depth + 1)
                out += i == members.count - 1 ? "\n" : ",\n"
            }
            out += close + "}"
        case let .array(items):
            if items.isEmpty { out += "[]"; return }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += pad
                item.write(to: &out, indent: indent, depth: depth + 1)
                out += i == items.count - 1 ? "\n" : ",\n"
            }
            out += close + "]"
        case let .string(s): out += JSONValue.quoted(s)
        case let .number(n): out += n
        case let .bool(b): out += b ? "true" : "false"
        case .null: out += "null"
        }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20 || c.value == 0x7F || (0x80...0x9F).contains(c.value):
                out += String(format: "\\u%04x", c.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
