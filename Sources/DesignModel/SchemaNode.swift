/// One mapping of a design, any kind, as its schema sees it: each field's value, or the
/// mappings inside it. A walk over two designs (the semantic diff) compares these, so every
/// kind and every field the schema describes is covered without a list of its own.
package struct SchemaNode: Equatable, Sendable {
    package let kind: SchemaKind
    /// The name `Schema.name` gives it: what messages call it ("GET /v1/orders", "201").
    package let name: String
    /// One entry a field of the kind's schema, in the order of `Schemas.definitions(of: kind)`.
    package let contents: [Content]
    /// The `x_*` keys, as the canonical writer writes them.
    package let extensions: Extensions

    package enum Content: Equatable, Sendable {
        /// A scalar or a list of scalars (a mapping of rule severities counts as a list of `rule: severity`).
        case value(FieldValue)
        /// The mappings inside: a list's items, an object when set, a section.
        case parts([SchemaNode])
    }

    package var definitions: [FieldDefinition] { Self.definitionsByKind[kind] ?? [] }

    /// Each kind's fields, made once: a walk over a large design asks for them at every node.
    package static let definitionsByKind: [SchemaKind: [FieldDefinition]] =
        Dictionary(uniqueKeysWithValues: SchemaKind.allCases.map { ($0, Schemas.definitions(of: $0)) })

    /// The value of the scalar field `key`; nil for an unknown key or a field of mappings.
    package func value(_ key: String) -> FieldValue? {
        guard let index = definitions.firstIndex(where: { $0.key == key }),
              case let .value(value) = contents[index] else { return nil }
        return value
    }

    /// The value of the field `key` as one line of text; nil when unset.
    package func text(_ key: String) -> String? { value(key)?.displayText }

    /// The mappings inside the field `key`; empty for an unknown key or a scalar field.
    package func parts(_ key: String) -> [SchemaNode] {
        guard let index = definitions.firstIndex(where: { $0.key == key }),
              case let .parts(parts) = contents[index] else { return [] }
        return parts
    }
}

extension Schema {
    /// `value` as a kind-free node, its parts walked through their own schemas.
    package func node(_ value: Root) -> SchemaNode {
        SchemaNode(kind: kind, name: name(value), contents: fields.map { field in
            if let scalar = field.scalar { return .value(scalar.get(value)) }
            return field.nested?.content(value) ?? .parts([])
        }, extensions: value[keyPath: extensions])
    }
}

extension FieldValue {
    /// The value as one line of text, as a person reads it; nil when unset or an empty list.
    package var displayText: String? {
        switch self {
        case let .text(text): text
        case let .number(number): number.map { "\($0)" }
        case let .integer(number): number.map(String.init)
        case let .bool(flag): flag.map { $0 ? "true" : "false" }
        case let .list(items): items.isEmpty ? nil : items.joined(separator: ", ")
        }
    }

    /// Whether the field holds nothing: unset, or an empty list.
    package var isUnset: Bool { displayText == nil }
}
