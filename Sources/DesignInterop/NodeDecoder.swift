import DesignModel
import Foundation
import OpenAPIKit
import OpenAPIKitCore
import Yams

/// Decodes a `Decodable` (OpenAPIKit's document) from a composed YAML tree, as Yams'
/// `YAMLDecoder` does, but finds a mapping's keys through a hash table built once per mapping.
/// Yams looks each key up by resolving its text to a node and searching the mapping from the
/// start, so a document of 2,000 paths took 11 s to decode; this takes a fraction of a second.
/// Scalars are constructed by Yams' own `ScalarConstructible` conformances, so `1.0` read as a
/// string is `"1.0"` and a quoted `'200':` key is the same key as a plain `200:`.
struct NodeDecoder {
    var userInfo: [CodingUserInfoKey: any Sendable] = [:]
    /// Whether a document's path items are decoded on both cores.
    var inParallel = true

    /// For OpenAPIKit's documents (3.1 and 3.0 share the key): without vendor extensions, which
    /// OpenAPIKit reads by decoding each object whole once more, inside every enclosing object.
    static let openAPI = NodeDecoder(userInfo: [OpenAPIKit.VendorExtensionsConfiguration.enabledKey: false])

    func decode<T: Decodable>(_ type: T.Type, from node: Node) throws -> T {
        try decode(type, from: DecodingNode(node))
    }

    func decode<T: Decodable>(_ type: T.Type, from node: DecodingNode) throws -> T {
        try NodeValueDecoder(node: node, path: nil, userInfo: userInfo, inParallel: inParallel).decodeValue(type)
    }
}

/// A composed document as the decoder walks it: each mapping's keys indexed once (OpenAPIKit
/// asks for a container of the same mapping many times, once per type it tries), each node one
/// reference to copy. Its scalars are Yams' own, so they are read by Yams' rules.
final class DecodingNode {
    enum Value {
        case scalar(Node.Scalar)
        case mapping(NodeEntries)
        case sequence([DecodingNode])
        case alias
    }

    /// A mapping's key and value as written.
    struct Pair {
        let key: Node.Scalar
        let value: DecodingNode
    }

    /// Changed only before the tree is decoded (`OpenAPIImport.leaveOutSchemasBesideExamples`).
    private(set) var value: Value
    /// A mapping's pairs as written, for a tree composed by `OpenAPIYAML` (what reads a few keys
    /// without the decoder, as it would read Yams' mapping); empty otherwise.
    private(set) var pairs: [Pair]

    init(value: Value, pairs: [Pair] = []) {
        self.value = value
        self.pairs = pairs
    }

    /// The tree of a node composed by Yams.
    convenience init(_ node: Node) {
        switch node {
        case let .scalar(scalar): self.init(value: .scalar(scalar))
        case let .mapping(mapping): self.init(value: .mapping(NodeEntries(mapping)))
        case let .sequence(sequence): self.init(value: .sequence(sequence.map(DecodingNode.init)))
        case .alias: self.init(value: .alias)
        }
    }

    /// The tree of a JSON document, each scalar tagged as JSON typed it (`"true"` a string,
    /// `true` a boolean), as `OpenAPIImport` composed JSON into Yams nodes before: strings double
    /// quoted, the other scalars plain.
    static func json(_ value: JSONValue) -> DecodingNode {
        // A tag of its own for each scalar, as Yams gives it: one shared by all would have its
        // reference count changed by both cores at every scalar the decoder reads.
        let resolver = Resolver.default, constructor = Constructor.default
        func scalar(_ text: String, _ name: Tag.Name, _ style: Node.Scalar.Style) -> DecodingNode {
            DecodingNode(value: .scalar(Node.Scalar(text, Tag(name, resolver, constructor), style)))
        }
        func node(_ value: JSONValue) -> DecodingNode {
            switch value {
            case let .object(members):
                var entries = NodeEntries()
                entries.values.reserveCapacity(members.count)
                for member in members where entries.values[member.key] == nil {
                    entries.keys.append(member.key)
                    entries.values[member.key] = node(member.value)
                }
                return DecodingNode(value: .mapping(entries))
            case let .array(items): return DecodingNode(value: .sequence(items.map(node)))
            case let .string(text): return scalar(text, .str, .doubleQuoted)
            case let .number(text):
                let isFloat = text.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
                return scalar(text, isFloat ? .float : .int, .plain)
            case let .bool(flag): return scalar(flag ? "true" : "false", .bool, .plain)
            case .null: return scalar("null", .null, .plain)
            }
        }
        return node(value)
    }

    /// A mapping's value under `key`; nil for a missing key or a node that is not a mapping.
    subscript(key: String) -> DecodingNode? {
        guard case let .mapping(entries) = value else { return nil }
        return entries.values[key]
    }

    /// A mapping's values in key order; none for a node that is not a mapping.
    var mappingValues: [DecodingNode] {
        guard case let .mapping(entries) = value else { return [] }
        return entries.keys.compactMap { entries.values[$0] }
    }

    /// Removes `key` from a mapping (and from its pairs as written).
    func remove(_ key: String) {
        guard case var .mapping(entries) = value, entries.values[key] != nil else { return }
        // Let go of the node's own copy first, so that the entries change in place.
        value = .alias
        entries.values[key] = nil
        entries.keys.removeAll { $0 == key }
        value = .mapping(entries)
        pairs.removeAll { $0.key.string == key }
    }

    var isNull: Bool {
        guard case let .scalar(scalar) = value else { return false }
        return NSNull.construct(from: scalar) != nil
    }
}

/// A coding path, built as a list from the leaf up and made an array only when asked for (by
/// an error's context, mostly).
final class PathLink {
    let parent: PathLink?
    let key: any CodingKey

    init(parent: PathLink?, key: any CodingKey) {
        self.parent = parent
        self.key = key
    }

    var keys: [any CodingKey] {
        var result: [any CodingKey] = []
        var link: PathLink? = self
        while let current = link {
            result.append(current.key)
            link = current.parent
        }
        return result.reversed()
    }
}

private struct NodeValueDecoder: Decoder, SingleValueDecodingContainer {
    let node: DecodingNode
    let path: PathLink?
    let info: [CodingUserInfoKey: any Sendable]
    let inParallel: Bool
    var userInfo: [CodingUserInfoKey: Any] { info }
    var codingPath: [any CodingKey] { path?.keys ?? [] }

    init(node: DecodingNode, path: PathLink?, userInfo: [CodingUserInfoKey: any Sendable], inParallel: Bool) {
        self.node = node
        self.path = path
        info = userInfo
        self.inParallel = inParallel
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case let .mapping(entries) = node.value else { throw mismatch(expected: "a mapping") }
        return KeyedDecodingContainer(NodeKeyedContainer<Key>(decoder: self, entries: entries))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case let .sequence(sequence) = node.value else { throw mismatch(expected: "a sequence") }
        return NodeUnkeyedContainer(decoder: self, items: sequence)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func child(_ node: DecodingNode, key: any CodingKey) -> NodeValueDecoder {
        NodeValueDecoder(node: node, path: PathLink(parent: path, key: key), userInfo: info, inParallel: inParallel)
    }

    func mismatch(expected: String) -> DecodingError {
        let found: String
        switch node.value {
        case .scalar: found = "a scalar"
        case .mapping: found = "a mapping"
        case .sequence: found = "a sequence"
        case .alias: found = "an alias"
        }
        return .typeMismatch(Any.self, .init(codingPath: codingPath, debugDescription: "expected \(expected), found \(found)"))
    }

    func decodeNil() -> Bool { node.isNull }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeValue(type) }

    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == OpenAPIKit.OpenAPI.PathItem.Map.self, let paths = pathsInParallel() as? T { return paths }
        // An example (`AnyCodable`), built from the tree as OpenAPIKit's decoding of it builds it,
        // without first failing to read a mapping as a boolean, a number and a string.
        if T.self == AnyCodable.self, let value = NodeValueDecoder.exampleValue(node) { return AnyCodable(trustedValue: value) as! T }
        if case let .mapping(entries) = node.value, entries.values["$ref"] == nil,
           let either = T.self as? any ReferenceOrValue.Type, let value = either.decodeSkippingReference(self) as? T {
            return value
        }
        // Yams' `String.construct` is the scalar's text, whatever its tag.
        if T.self == String.self, case let .scalar(scalar) = node.value, let text = scalar.string as? T { return text }
        guard let scalarType = type as? any ScalarConstructible.Type else { return try T(from: self) }
        // OpenAPIKit tries one type after another (`AnyCodable`, `Either`): a failure must cost
        // little, so the messages name no type (describing a metatype demangles its name).
        guard case let .scalar(scalar) = node.value else { throw mismatch(expected: "a scalar") }
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

/// OpenAPIKit's `Either` of a reference and a value, which it decodes by trying the reference
/// first: a mapping without `$ref` is never a reference, so the decoder goes straight to the
/// value. Failing at the reference first cost an error (and its coding path) for nearly every
/// parameter, request body, response and path item of a document.
private protocol ReferenceOrValue {
    /// The value decoded from `decoder`; nil when it does not decode, and then the decoder tries
    /// both again as OpenAPIKit does, to throw the error it always throws.
    static func decodeSkippingReference(_ decoder: NodeValueDecoder) -> Self?
}

extension Either: ReferenceOrValue where A: _OpenAPIReference, B: Decodable {
    fileprivate static func decodeSkippingReference(_ decoder: NodeValueDecoder) -> Self? {
        (try? decoder.decodeValue(B.self)).map { .b($0) }
    }
}

extension NodeValueDecoder {
    /// A document's `paths`, its path items decoded on both cores, as OpenAPIKit's dictionary
    /// decodes them one after another; nil when there are few, or when one does not decode: then
    /// OpenAPIKit decodes them all again, one after another, and throws its error as it always has.
    func pathsInParallel() -> OpenAPIKit.OpenAPI.PathItem.Map? {
        typealias Item = Either<OpenAPIKit.OpenAPI.Reference<OpenAPIKit.OpenAPI.PathItem>, OpenAPIKit.OpenAPI.PathItem>
        guard inParallel, case let .mapping(entries) = node.value, entries.keys.count >= Parallel.minimumCount else { return nil }
        let keys = entries.keys
        guard let items = try? Parallel.map(keys.count, { i in
            // userInfo copied for each path item: the decoders made under it copy it again and
            // again, and one storage shared by both cores would have its count changed by both.
            let decoder = NodeValueDecoder(node: entries.values[keys[i]]!,
                                           path: PathLink(parent: path, key: PathCodingKey(stringValue: keys[i])),
                                           userInfo: Dictionary(uniqueKeysWithValues: info.map { ($0.key, $0.value) }),
                                           inParallel: false)
            return try decoder.decodeValue(Item.self)
        }) else { return nil }
        var paths = OpenAPIKit.OpenAPI.PathItem.Map()
        for (key, item) in zip(keys, items) { paths[OpenAPIKit.OpenAPI.Path(rawValue: key)] = item }
        return paths
    }

    /// What `AnyCodable.init(from:)` would hold for `node`, asking the same of it in the same
    /// order (null, boolean, integer, unsigned, floating point, string, sequence, mapping); nil
    /// where it would fail, and then the decoder lets it fail as it always has.
    static func exampleValue(_ node: DecodingNode) -> (any Sendable)? {
        switch node.value {
        case let .scalar(scalar):
            if node.isNull { return NSNull() }
            if mayBeBool(scalar.string), let flag = Bool.construct(from: scalar) { return flag }
            if mayBeNumber(scalar) {
                if let number = Int.construct(from: scalar) { return number }
                if let number = UInt.construct(from: scalar) { return number }
                if let number = Double.construct(from: scalar) { return number }
            }
            return scalar.string
        case let .sequence(items):
            var values: [any Sendable] = []
            values.reserveCapacity(items.count)
            for item in items {
                guard let value = exampleValue(item) else { return nil }
                values.append(value)
            }
            return values
        case let .mapping(entries):
            var values: [String: any Sendable] = [:]
            values.reserveCapacity(entries.keys.count)
            for key in entries.keys {
                guard let item = entries.values[key], let value = exampleValue(item) else { return nil }
                values[key] = value
            }
            return values
        case .alias:
            return nil
        }
    }

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
struct NodeEntries {
    var keys: [String] = []
    var values: [String: DecodingNode] = [:]

    init() {}

    /// The same for the pairs `OpenAPIYAML` composed, whose values are already trees.
    init(_ pairs: [DecodingNode.Pair]) {
        var merged: [DecodingNode] = []
        values.reserveCapacity(pairs.count)
        for pair in pairs {
            let text = pair.key.string
            if text == "<<", pair.key.style == .plain {
                if case let .sequence(sequence) = pair.value.value { merged += sequence } else { merged.append(pair.value) }
                continue
            }
            if values[text] == nil {
                keys.append(text)
                values[text] = pair.value
            }
        }
        for node in merged {
            guard case let .mapping(inner) = node.value else { continue }
            for key in inner.keys where values[key] == nil {
                keys.append(key)
                values[key] = inner.values[key]
            }
        }
    }

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
                values[text] = DecodingNode(value)
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
    /// One look-up where the protocol's default makes three (`contains`, `decodeNil`, `decode`).
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let node = entries.values[key.stringValue], !node.isNull else { return nil }
        return try decoder.child(node, key: key).decodeValue(type)
    }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try child(key).decodeValue(type) }
    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey> {
        try child(key).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try child(key).unkeyedContainer() }
    func superDecoder() throws -> any Decoder { try child(PathCodingKey.super) }
    func superDecoder(forKey key: Key) throws -> any Decoder { try child(key) }
}

private struct NodeUnkeyedContainer: UnkeyedDecodingContainer {
    let decoder: NodeValueDecoder
    let items: [DecodingNode]
    var currentIndex = 0

    init(decoder: NodeValueDecoder, items: [DecodingNode]) {
        self.decoder = decoder
        self.items = items
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private mutating func next() throws -> NodeValueDecoder {
        let key = PathCodingKey(intValue: currentIndex)
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath + [key], debugDescription: "the sequence has ended"))
        }
        defer { currentIndex += 1 }
        return decoder.child(items[currentIndex], key: key)
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, items[currentIndex].isNull else { return false }
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

/// A key of a coding path that is not one of the type's own: a mapping's key as written,
/// `super`, or an item's index (named as Foundation's coders name it).
struct PathCodingKey: CodingKey {
    static let `super` = PathCodingKey(stringValue: "super")
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        stringValue = "Index \(intValue)"
        self.intValue = intValue
    }
}
