import DesignModel
import Foundation
import OpenAPIKit

/// Encodes an `Encodable` (OpenAPIKit's document) straight into a `JSONValue` tree, each
/// object's keys sorted, and writes that tree as Foundation's `JSONEncoder` writes it with
/// `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]`, byte for byte: two spaces a level,
/// `"key" : value`, an empty container over two lines, numbers as Foundation spells them.
/// Foundation's encoder builds its own tree of boxed values and then writes it, for the 2,000
/// operations of a large design three times as slowly; the YAML export reads this tree directly
/// where it used to parse the JSON text back.
struct TreeEncoder {
    /// Whether a document's path items are encoded on both cores.
    var inParallel = true

    func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        let slot = Slot()
        try TreeValueEncoder(slot: slot, path: nil, jobs: nil, inParallel: inParallel).encodeValue(value)
        return slot.tree
    }

    /// `tree` as `JSONEncoder` writes it (without a final line break).
    static func text(_ tree: JSONValue) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 20)
        write(tree, depth: 0, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func write(_ value: JSONValue, depth: Int, into out: inout [UInt8]) {
        func indent(_ level: Int) { out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: level * 2)) }
        switch value {
        case let .object(members):
            out.append(UInt8(ascii: "{"))
            out.append(UInt8(ascii: "\n"))
            if members.isEmpty { out.append(UInt8(ascii: "\n")) }
            for (i, member) in members.enumerated() {
                indent(depth + 1)
                quoted(member.key, into: &out)
                out.append(contentsOf: " : ".utf8)
                write(member.value, depth: depth + 1, into: &out)
                if i < members.count - 1 { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "\n"))
            }
            indent(depth)
            out.append(UInt8(ascii: "}"))
        case let .array(items):
            out.append(UInt8(ascii: "["))
            out.append(UInt8(ascii: "\n"))
            if items.isEmpty { out.append(UInt8(ascii: "\n")) }
            for (i, item) in items.enumerated() {
                indent(depth + 1)
                write(item, depth: depth + 1, into: &out)
                if i < items.count - 1 { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "\n"))
            }
            indent(depth)
            out.append(UInt8(ascii: "]"))
        case let .string(text): quoted(text, into: &out)
        case let .number(text): out.append(contentsOf: text.utf8)
        case let .bool(flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        }
    }

    /// A string as Foundation escapes it: quote, backslash and the control characters, `\b`
    /// `\f` `\n` `\r` `\t` by name and the others as `\u00xx`; `/` and all else as it is.
    private static func quoted(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let hex = Array("0123456789abcdef".utf8)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
            case 0x08: out.append(contentsOf: "\\b".utf8)
            case 0x0C: out.append(contentsOf: "\\f".utf8)
            case 0x0A: out.append(contentsOf: "\\n".utf8)
            case 0x0D: out.append(contentsOf: "\\r".utf8)
            case 0x09: out.append(contentsOf: "\\t".utf8)
            case 0..<0x20:
                out.append(contentsOf: "\\u00".utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// Where one encoded value goes: filled when it is encoded, or later through the container it
/// handed out (a nested container is filled after it is made).
private final class Slot {
    enum Value {
        case unset
        case scalar(JSONValue)
        case object(ObjectBox)
        case array(ArrayBox)
    }

    var value: Value = .unset

    /// The value as a tree, each object's keys in the order of their UTF-8 bytes, as
    /// `.sortedKeys` orders them; a value nothing was encoded into is an empty object, as in
    /// Foundation's encoder.
    var tree: JSONValue {
        switch value {
        case .unset: return .object([])
        case let .scalar(scalar): return scalar
        case let .object(box):
            let keys = box.members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            return .object(keys.map { JSONValue.Member(key: $0, value: box.members[$0]!.tree) })
        case let .array(box): return .array(box.items.map(\.tree))
        }
    }
}

private final class ObjectBox {
    var members: [String: Slot] = [:]
}

private final class ArrayBox {
    var items: [Slot] = []
}

/// The path items of a document's `paths`, each with the slot it goes into, put aside while
/// OpenAPIKit encodes the map (and names the keys) to be encoded afterwards on both cores.
private final class PathItemJobs {
    typealias Item = Either<OpenAPIKit.OpenAPI.Reference<OpenAPIKit.OpenAPI.PathItem>, OpenAPIKit.OpenAPI.PathItem>
    var items: [(slot: Slot, path: PathLink?, item: Item)] = []
}

private struct TreeValueEncoder: Encoder, SingleValueEncodingContainer {
    let slot: Slot
    let path: PathLink?
    /// Set for the encoder of `paths` and its container only.
    let jobs: PathItemJobs?
    let inParallel: Bool
    var codingPath: [any CodingKey] { path?.keys ?? [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        // Asked for twice, the same object (Foundation's encoder does the same).
        if case let .object(box) = slot.value { return KeyedEncodingContainer(TreeKeyedContainer(box: box, path: path, jobs: jobs, inParallel: inParallel)) }
        let box = ObjectBox()
        slot.value = .object(box)
        return KeyedEncodingContainer(TreeKeyedContainer(box: box, path: path, jobs: jobs, inParallel: inParallel))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case let .array(box) = slot.value { return TreeUnkeyedContainer(box: box, path: path, inParallel: inParallel) }
        let box = ArrayBox()
        slot.value = .array(box)
        return TreeUnkeyedContainer(box: box, path: path, inParallel: inParallel)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    func encodeNil() { slot.value = .scalar(.null) }
    func encode(_ value: Bool) { slot.value = .scalar(.bool(value)) }
    func encode(_ value: String) { slot.value = .scalar(.string(value)) }
    func encode(_ value: Double) throws { slot.value = .scalar(try number(value)) }
    func encode(_ value: Float) throws { slot.value = .scalar(try number(value)) }
    func encode(_ value: Int) { slot.value = .scalar(.number(String(value))) }
    func encode(_ value: Int8) { slot.value = .scalar(.number(String(value))) }
    func encode(_ value: Int16) { slot.value = .scalar(.number(String(value))) }
    func encode(_ value: Int32) { slot.value = .scalar(.number(String(value))) }
    func encode(_ value: Int64) { slot.value = .scalar(.number(String(value))) }
    func encode(_ value: UInt) { slot.value = .scalar(.number(String(value))) }
    func encode(_ value: UInt8) { slot.value = .scalar(.number(String(value))) }
    func encode(_ value: UInt16) { slot.value = .scalar(.number(String(value))) }
    func encode(_ value: UInt32) { slot.value = .scalar(.number(String(value))) }
    func encode(_ value: UInt64) { slot.value = .scalar(.number(String(value))) }
    func encode<T: Encodable>(_ value: T) throws { try encodeValue(value) }

    /// A value as Foundation's encoder writes it: its own few types (URL as its absolute string,
    /// Data as Base64, Decimal as a number) and every other by its `encode(to:)`.
    func encodeValue<T: Encodable>(_ value: T) throws {
        if let jobs, T.self == PathItemJobs.Item.self, let item = value as? PathItemJobs.Item {
            jobs.items.append((slot, path, item))
            return
        }
        if inParallel, T.self == OpenAPIKit.OpenAPI.PathItem.Map.self, let paths = value as? OpenAPIKit.OpenAPI.PathItem.Map,
           paths.count >= Parallel.minimumCount {
            let jobs = PathItemJobs()
            try paths.encode(to: TreeValueEncoder(slot: slot, path: path, jobs: jobs, inParallel: inParallel))
            let items = jobs.items
            // Each path item fills its own slot, made above: the two halves share nothing they change.
            _ = try Parallel.map(items.count) { i throws(any Error) in
                try TreeValueEncoder(slot: items[i].slot, path: items[i].path, jobs: nil, inParallel: false).encodeValue(items[i].item)
            }
            return
        }
        if T.self == String.self || T.self == Bool.self || T.self == Int.self || T.self == Double.self {
            switch value {
            case let text as String: return encode(text)
            case let flag as Bool: return encode(flag)
            case let number as Int: return encode(number)
            case let number as Double: return try encode(number)
            default: break
            }
        }
        if T.self == URL.self, let url = value as? URL { return encode(url.absoluteString) }
        if T.self == Data.self, let data = value as? Data { return encode(data.base64EncodedString()) }
        if T.self == Decimal.self, let decimal = value as? Decimal { slot.value = .scalar(.number(decimal.description)); return }
        try value.encode(to: self)
    }

    /// A finite number as Foundation writes it: its `description`, without a trailing `.0`.
    func number<F: BinaryFloatingPoint & CustomStringConvertible>(_ value: F) throws -> JSONValue {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "Unable to encode \(value) directly in JSON."))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return .number(text)
    }

}

private struct TreeKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: ObjectBox
    let path: PathLink?
    let jobs: PathItemJobs?
    let inParallel: Bool
    var codingPath: [any CodingKey] { path?.keys ?? [] }

    private func slot(_ key: Key) -> Slot {
        let slot = Slot()
        box.members[key.stringValue] = slot
        return slot
    }

    private func encoder(_ key: Key) -> TreeValueEncoder {
        TreeValueEncoder(slot: slot(key), path: PathLink(parent: path, key: key), jobs: jobs, inParallel: inParallel)
    }

    mutating func encodeNil(forKey key: Key) { slot(key).value = .scalar(.null) }
    mutating func encode(_ value: Bool, forKey key: Key) { encoder(key).encode(value) }
    mutating func encode(_ value: String, forKey key: Key) { slot(key).value = .scalar(.string(value)) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try encoder(key).encode(value) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try encoder(key).encode(value) }
    mutating func encode(_ value: Int, forKey key: Key) { encoder(key).encode(value) }
    mutating func encode(_ value: Int8, forKey key: Key) { encoder(key).encode(value) }
    mutating func encode(_ value: Int16, forKey key: Key) { encoder(key).encode(value) }
    mutating func encode(_ value: Int32, forKey key: Key) { encoder(key).encode(value) }
    mutating func encode(_ value: Int64, forKey key: Key) { encoder(key).encode(value) }
    mutating func encode(_ value: UInt, forKey key: Key) { encoder(key).encode(value) }
    mutating func encode(_ value: UInt8, forKey key: Key) { encoder(key).encode(value) }
    mutating func encode(_ value: UInt16, forKey key: Key) { encoder(key).encode(value) }
    mutating func encode(_ value: UInt32, forKey key: Key) { encoder(key).encode(value) }
    mutating func encode(_ value: UInt64, forKey key: Key) { encoder(key).encode(value) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try encoder(key).encodeValue(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey> {
        encoder(key).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer { encoder(key).unkeyedContainer() }
    mutating func superEncoder() -> any Encoder { encoderForSuper(PathCodingKey.super) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { encoder(key) }

    private func encoderForSuper(_ key: PathCodingKey) -> TreeValueEncoder {
        let slot = Slot()
        box.members[key.stringValue] = slot
        return TreeValueEncoder(slot: slot, path: PathLink(parent: path, key: key), jobs: nil, inParallel: inParallel)
    }
}

private struct TreeUnkeyedContainer: UnkeyedEncodingContainer {
    let box: ArrayBox
    let path: PathLink?
    let inParallel: Bool
    var codingPath: [any CodingKey] { path?.keys ?? [] }
    var count: Int { box.items.count }

    private func encoder() -> TreeValueEncoder {
        let slot = Slot()
        let key = PathCodingKey(intValue: box.items.count)
        box.items.append(slot)
        return TreeValueEncoder(slot: slot, path: PathLink(parent: path, key: key), jobs: nil, inParallel: inParallel)
    }

    mutating func encodeNil() { encoder().encodeNil() }
    mutating func encode(_ value: Bool) { encoder().encode(value) }
    mutating func encode(_ value: String) { encoder().encode(value) }
    mutating func encode(_ value: Double) throws { try encoder().encode(value) }
    mutating func encode(_ value: Float) throws { try encoder().encode(value) }
    mutating func encode(_ value: Int) { encoder().encode(value) }
    mutating func encode(_ value: Int8) { encoder().encode(value) }
    mutating func encode(_ value: Int16) { encoder().encode(value) }
    mutating func encode(_ value: Int32) { encoder().encode(value) }
    mutating func encode(_ value: Int64) { encoder().encode(value) }
    mutating func encode(_ value: UInt) { encoder().encode(value) }
    mutating func encode(_ value: UInt8) { encoder().encode(value) }
    mutating func encode(_ value: UInt16) { encoder().encode(value) }
    mutating func encode(_ value: UInt32) { encoder().encode(value) }
    mutating func encode(_ value: UInt64) { encoder().encode(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try encoder().encodeValue(value) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        encoder().container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { encoder().unkeyedContainer() }
    mutating func superEncoder() -> any Encoder { encoder() }
}
