import Foundation
import OpenAPIKit
import Yams

/// Decodes a `Decodable` (OpenAPIKit's document) from a composed YAML tree, as Yams'
/// `YAMLDecoder` does, but finds a mapping's keys through a hash table built once per mapping.
/// Yams looks each key up by resolving its text to a node and searching the mapping from the
/// start, so a document of 2,000 paths took 11 s to decode; this takes a fraction of a second.
/// Scalars are constructed by Yams' own `ScalarConstructible` conformances, so `1.0` read as a
/// string is `"1.0"` and a quoted `'200':` key is the same key as a plain `200:`.
struct NodeDecoder {
    var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    /// For OpenAPIKit's documents (3.1 and 3.0 share the key): without vendor extensions, which
    /// OpenAPIKit reads by decoding each object whole once more, inside every enclosing object.
    static let openAPI = NodeDecoder(userInfo: [OpenAPIKit.VendorExtensionsConfiguration.enabledKey: false])

    func decode<T: Decodable>(_ type: T.Type, from node: Node) throws -> T {
        try NodeValueDecoder(node: node, codingPath: [], userInfo: userInfo).decodeValue(type)
    }
}

private struct NodeValueDecoder: Decoder, SingleValueDecodingContainer {
    let node: Node
    let codingPath: [any CodingKey]
    let info: [CodingUserInfoKey: any Sendable]
    var userInfo: [CodingUserInfoKey: Any] { info }

    init(node: Node, codingPath: [any CodingKey], userInfo: [CodingUserInfoKey: any Sendable]) {
        self.node = node
        self.codingPath = codingPath
        info = userInfo
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case let .mapping(mapping) = node else { throw mismatch(expected: "a mapping") }
        return KeyedDecodingContainer(NodeKeyedContainer<Key>(decoder: self, entries: NodeEntries(mapping)))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case let .sequence(sequence) = node else { throw mismatch(expected: "a sequence") }
        return NodeUnkeyedContainer(decoder: self, items: Array(sequence))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func child(_ node: Node, key: any CodingKey) -> NodeValueDecoder {
        NodeValueDecoder(node: node, codingPath: codingPath + [key], userInfo: info)
    }

    func mismatch(expected: String) -> DecodingError {
        let found: String
        switch node {
        case .scalar: found = "a scalar"
        case .mapping: found = "a mapping"
        case .sequence: found = "a sequence"
        case .alias: found = "an alias"
        }
        return .typeMismatch(Any.self, .init(codingPath: codingPath, debugDescription: "expected \(expected), found \(found)"))
    }

    func decodeNil() -> Bool { node.null != nil }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeValue(type) }

    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        guard let scalarType = type as? any ScalarConstructible.Type else { return try T(from: self) }
        // OpenAPIKit tries one type after another (`AnyCodable`, `Either`): a failure must cost
        // little, so the messages name no type (describing a metatype demangles its name).
        guard case let .scalar(scalar) = node else { throw mismatch(expected: "a scalar") }
        // Yams' Bool resolves the scalar's tag with regular expressions and its numbers replace
        // underscores through Foundation before they look at the text: answer the plain no first.
        if T.self == Bool.self, !NodeValueDecoder.mayBeBool(scalar.string) { throw mismatch(expected: "a boolean") }
        if T.self == Int.self || T.self == UInt.self || T.self == Double.self, !NodeValueDecoder.mayBeNumber(scalar) {
            throw mismatch(expected: "a number")
        }
        guard let value = scalarType.construct(from: scalar) as? T else {
            throw DecodingError.typeMismatch(type, .init(codingPath: codingPath,
                                                        debugDescription: "'\(scalar.string)' is not of the type expected here"))
        }
        return value
    }
}

extension NodeValueDecoder {
    /// Whether Yams' `Bool.construct` could say yes: only to these words, in any case.
    static func mayBeBool(_ text: String) -> Bool {
        guard (2...5).contains(text.utf8.count) else { return false }
        switch text.lowercased() {
        case "true", "yes", "on", "false", "no", "off": return true
        default: return false
        }
    }

    /// Whether Yams' integer and floating-point constructors could say yes: only to plain
    /// scalars that start with a digit, a sign or a dot (`.inf`, `.nan`).
    static func mayBeNumber(_ scalar: Node.Scalar) -> Bool {
        guard scalar.style == .plain || scalar.style == .any, let first = scalar.string.utf8.first else { return false }
        return (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) || first == UInt8(ascii: "+")
            || first == UInt8(ascii: "-") || first == UInt8(ascii: ".")
    }
}

/// A mapping's entries by key text, first occurrence winning, in document order; a YAML merge
/// key (`<<`) adds the keys of the mapping (or mappings) it names that are not written here.
private struct NodeEntries {
    var keys: [String] = []
    var values: [String: Node] = [:]

    init(_ mapping: Node.Mapping) {
        var merged: [Node] = []
        values.reserveCapacity(mapping.count)
        for (key, value) in mapping {
            guard let text = key.string else { continue }
            if text == "<<", case let .scalar(scalar) = key, scalar.style == .plain {
                if case let .sequence(sequence) = value { merged += sequence } else { merged.append(value) }
                continue
            }
            if values[text] == nil {
                keys.append(text)
                values[text] = value
            }
        }
        for case let .mapping(source) in merged {
            let inner = NodeEntries(source)
            for key in inner.keys where values[key] == nil {
                keys.append(key)
                values[key] = inner.values[key]
            }
        }
    }
}

private struct NodeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: NodeValueDecoder
    let entries: NodeEntries

    var codingPath: [any CodingKey] { decoder.codingPath }
    var allKeys: [Key] { entries.keys.compactMap(Key.init(stringValue:)) }
    func contains(_ key: Key) -> Bool { entries.values[key.stringValue] != nil }

    private func child(_ key: any CodingKey) throws -> NodeValueDecoder {
        guard let node = entries.values[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath,
                                                       debugDescription: "no value for the key '\(key.stringValue)'"))
        }
        return decoder.child(node, key: key)
    }

    func decodeNil(forKey key: Key) throws -> Bool { try child(key).decodeNil() }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try child(key).decodeValue(type) }
    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey> {
        try child(key).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try child(key).unkeyedContainer() }
    func superDecoder() throws -> any Decoder { try child(NodeIndexKey(stringValue: "super")) }
    func superDecoder(forKey key: Key) throws -> any Decoder { try child(key) }
}

private struct NodeUnkeyedContainer: UnkeyedDecodingContainer {
    let decoder: NodeValueDecoder
    let items: [Node]
    var currentIndex = 0

    init(decoder: NodeValueDecoder, items: [Node]) {
        self.decoder = decoder
        self.items = items
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private mutating func next() throws -> NodeValueDecoder {
        let key = NodeIndexKey(intValue: currentIndex)
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath + [key], debugDescription: "the sequence has ended"))
        }
        defer { currentIndex += 1 }
        return decoder.child(items[currentIndex], key: key)
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, items[currentIndex].null != nil else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decodeValue(type) }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { try next() }
}

private struct NodeIndexKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        stringValue = "Index \(intValue)"
        self.intValue = intValue
    }
}
