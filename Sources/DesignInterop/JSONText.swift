import DesignModel

/// The OpenAPI export written as JSON.
extension JSONValue {
    /// The value as Foundation's `JSONEncoder` writes it with `[.prettyPrinted, .sortedKeys,
    /// .withoutEscapingSlashes]` (keys as they stand, no final line break), byte for byte: two
    /// spaces a level, `"key" : value`, an empty container over two lines.
    var foundationStyleJSON: String {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 20)
        JSONValue.write(self, depth: 0, into: &out)
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
