import Foundation

import Yams

/// Writes a design in the canonical form of the format: sections and keys in the documented
/// order, lists in the user's order, empty lists and unset keys left out, multi-line text as
/// literal block scalars. Written by hand because the key order, quoting and block style are
/// the contract, and building a Yams node tree to serialise costs far more than this.
package enum CanonicalWriter {
    package static func yaml(for design: Design) -> String {
        var out = YAMLOut()
        out.mapping(designTree(design), indent: 0)
        guard let modeline = design.modeline else { return out.text }
        return modeline + "\n" + out.text
    }

    /// One mapping of any kind on its own.
    static func yaml<Root>(_ schema: Schema<Root>, _ value: Root) -> String {
        var out = YAMLOut()
        out.mapping(tree(schema, value), indent: 0)
        return out.text
    }

    static func designTree(_ design: Design) -> [Field] { tree(Schemas.design, design) }

    static func commentTree(_ comment: Comment) -> [Field] { tree(Schemas.comment, comment) }

    /// One mapping: its schema's fields in canonical order, then its `x_*` extensions.
    static func tree<Root>(_ schema: Schema<Root>, _ value: Root) -> [Field] {
        var fields = Fields()
        for field in schema.fields {
            if let scalar = field.scalar {
                fields.value(field.key, scalar.get(value))
            } else if let nested = field.nested?.write(value) {
                fields.fields.append(Field(key: field.key, value: nested))
            }
        }
        return fields.with(value[keyPath: schema.extensions])
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
    mutating func value(_ key: String, _ value: FieldValue) {
        switch value {
        case let .text(text): self.text(key, text)
        case let .number(number): self.number(key, number)
        case let .integer(number): self.number(key, number)
        case let .bool(flag): bool(key, flag)
        case let .list(items): texts(key, items)
        }
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

extension JSONValue {
    /// The value as block YAML, with the canonical writer's quoting: keys and strings plain
    /// where they read back as the same text, numbers, booleans and null as written. For
    /// documents made as JSON (the OpenAPI export), which YAML encoders write slowly.
    package var yaml: String {
        var out = YAMLOut()
        switch self {
        case let .object(members): out.mapping(members.map(JSONValue.field), indent: 0)
        default: return JSONValue.text(self) + "\n"
        }
        return out.text
    }

    private static func field(_ member: Member) -> Field { Field(key: member.key, value: treeValue(member.value)) }

    private static func treeValue(_ value: JSONValue) -> Field.Value {
        switch value {
        case let .object(members): .map(members.map(field))
        case let .array(items): .list(items.map(treeValue))
        case let .string(text): .scalar(text, .text)
        default: .scalar(text(value), .literal)
        }
    }

    private static func text(_ value: JSONValue) -> String {
        switch value {
        case let .number(text): text
        case let .bool(flag): flag ? "true" : "false"
        case .null: "null"
        default: value.text(indent: 0)
        }
    }
}

struct YAMLOut {
    var text = ""

    init() { text.reserveCapacity(1 << 16) }

    /// Indentation by width, made once: a run of spaces longer than a small string would be
    /// allocated for every line that has it.
    private static let pads: [String] = (0..<64).map { String(repeating: " ", count: $0) }

    private mutating func pad(_ width: Int) {
        if width < YAMLOut.pads.count { text += YAMLOut.pads[width] } else { text += String(repeating: " ", count: width) }
    }

    mutating func mapping(_ fields: [Field], indent: Int, firstLineDone: Bool = false) {
        for (position, field) in fields.enumerated() {
            if !(firstLineDone && position == 0) { pad(indent) }
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
                pad(indent + 2)
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
            text += " "
            text += string
            text += "\n"
        case .plainExtension:
            text += " "
            text += YAMLScalar.isPlainSyntax(string) ? string : YAMLScalar.doubleQuoted(string)
            text += "\n"
        case .text:
            if let block = YAMLScalar.blockHeader(for: string) {
                text += " "
                text += block
                text += "\n"
                var lines = string.split(separator: "\n", omittingEmptySubsequences: false)
                if string.hasSuffix("\n") { lines.removeLast() }
                for line in lines {
                    if line.isEmpty { text += "\n" } else { pad(indent + 2); text += line; text += "\n" }
                }
            } else {
                text += " "
                text += YAMLScalar.inline(string)
                text += "\n"
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
        // Bytes, not `contains("\n")`, which goes through Foundation's string search.
        guard text.utf8.contains(0x0A) else { return nil }
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
        isPlainASCIISyntax(text) ?? isPlainScalarSyntax(text)
    }

    /// `isPlainSyntax` scalar by scalar, for any text.
    static func isPlainScalarSyntax(_ text: String) -> Bool {
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

    /// `isPlainSyntax` read byte by byte for ASCII text (every key and most values of a design,
    /// written by the thousand); nil for other text, which the scalar walk reads.
    static func isPlainASCIISyntax(_ text: String) -> Bool? {
        let utf8 = text.utf8
        guard let first = utf8.first, let last = utf8.last else { return false }
        if first == 0x20 || last == 0x20 || first == 0x09 || last == 0x09 || last == UInt8(ascii: ":") { return false }
        switch first {
        case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"),
             UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"),
             UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"),
             UInt8(ascii: "`"):
            return false
        default: break
        }
        var previous: UInt8 = 0x20
        for byte in utf8 {
            if byte >= 0x80 { return nil }
            if byte < 0x20 && byte != 0x09 || byte == 0x7F { return false }
            if byte == UInt8(ascii: "#") && (previous == 0x20 || previous == 0x09) { return false }
            if (byte == 0x20 || byte == 0x09) && previous == UInt8(ascii: ":") { return false }
            previous = byte
        }
        return true
    }

    /// Whether YAML 1.1 or 1.2 readers would take the plain text as a null, boolean or number.
    static func readsAsNonText(_ text: String) -> Bool {
        // The special words are at most five bytes long: longer text is not hashed to look.
        if text.utf8.count <= 5, specialWords.contains(text) { return true }
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
