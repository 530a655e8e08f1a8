import CPGQuery
import DesignModel
import Foundation

/// PostgreSQL's own parser (libpg_query, the server's grammar as a C library): SQL text in, the
/// parse tree out as JSON, read with the project's one JSON reader (`JSONSyntax.value`).
enum PostgresParser {
    /// A statement the parser refused, with its message and where in the text it stopped.
    struct SyntaxError: Error, Sendable {
        var message: String
        /// The byte offset (from 0) into the text, when the parser gave one.
        var offset: Int?
    }

    /// One top-level statement: its node (`CreateStmt`, `IndexStmt`, …) and the byte offset where it starts.
    struct Statement {
        var node: ParseNode
        var offset: Int
        /// The byte offset just past its end (before the `;`).
        var end: Int
    }

    /// The top-level statements of `sql`, in order.
    static func statements(_ sql: String) throws(SyntaxError) -> [Statement] {
        let result = pg_query_parse(sql)
        defer { pg_query_free_parse_result(result) }
        if let error = result.error {
            let message = error.pointee.message.map { String(cString: $0) } ?? "syntax error"
            // cursorpos counts from 1, in bytes; 0 means no position.
            let position = Int(error.pointee.cursorpos)
            throw SyntaxError(message: message, offset: position > 0 ? position - 1 : nil)
        }
        guard let tree = result.parse_tree else { return [] }
        guard let root = JSONSyntax.value(String(cString: tree)), case .object = root else {
            throw SyntaxError(message: "the parser's output could not be read", offset: nil)
        }
        guard case let .array(statements)? = root["stmts"] else { return [] }
        let bytes = Array(sql.utf8)
        return statements.compactMap { raw in
            guard let node = ParseNode(raw["stmt"]) else { return nil }
            let fields = ParseNode(inline: raw, kind: "RawStmt")
            // The protobuf-style JSON leaves out fields at their default: no stmt_location means 0.
            let start = fields.int("stmt_location")
            let end = fields.int("stmt_len") == 0 ? bytes.count : start + fields.int("stmt_len")
            return Statement(node: node, offset: firstWord(in: bytes, from: start), end: min(end, bytes.count))
        }
    }
}

/// Where a statement's first word is: a statement's location is where the one before it ended,
/// so the white space and `--` comment lines between them are passed over.
private func firstWord(in bytes: [UInt8], from start: Int) -> Int {
    var i = start
    while i < bytes.count {
        switch bytes[i] {
        case 0x20, 0x09, 0x0A, 0x0D:
            i += 1
        case UInt8(ascii: "-") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "-"):
            while i < bytes.count, bytes[i] != 0x0A { i += 1 }
        default:
            return i
        }
    }
    return start
}

/// A node of libpg_query's JSON parse tree: `{"Kind": {fields}}`. Fields at their default value
/// (0, false, empty) are left out of the JSON, so every accessor has a default.
struct ParseNode {
    var kind: String
    var fields: JSONValue

    init?(_ value: JSONValue?) {
        guard case let .object(wrapper)? = value, wrapper.count == 1, case .object = wrapper[0].value else { return nil }
        kind = wrapper[0].key
        fields = wrapper[0].value
    }

    /// A struct field that is not wrapped in a kind (`relation`, `typeName`, `partspec`).
    init(inline fields: JSONValue, kind: String) {
        self.kind = kind
        self.fields = fields
    }

    func string(_ key: String) -> String? {
        if case let .string(text)? = fields[key] { return text }
        return nil
    }
    func int(_ key: String) -> Int {
        if case let .number(text)? = fields[key] { return Int(text) ?? 0 }
        return 0
    }
    func bool(_ key: String) -> Bool {
        if case let .bool(flag)? = fields[key] { return flag }
        return false
    }
    func node(_ key: String) -> ParseNode? { ParseNode(fields[key]) }
    func nodes(_ key: String) -> [ParseNode] {
        guard case let .array(items)? = fields[key] else { return [] }
        return items.compactMap { ParseNode($0) }
    }
    func object(_ key: String, kind: String) -> ParseNode? {
        guard let value = fields[key], case .object = value else { return nil }
        return ParseNode(inline: value, kind: kind)
    }
    /// The `sval`s of a list of `String` nodes (qualified names, column lists).
    func names(_ key: String) -> [String] { nodes(key).compactMap { $0.kind == "String" ? $0.string("sval") : nil } }
    var location: Int? {
        if case let .number(text)? = fields["location"] { return Int(text) }
        return nil
    }

    /// The smallest `location` in this subtree: where its first token is in the text.
    var firstLocation: Int? {
        var found = location
        func visit(_ value: JSONValue) {
            switch value {
            case let .object(members):
                for member in members {
                    if member.key == "location", case let .number(text) = member.value, let at = Int(text), at >= 0 {
                        found = min(found ?? at, at)
                    }
                    visit(member.value)
                }
            case let .array(items): items.forEach(visit)
            default: break
            }
        }
        visit(fields)
        return found
    }
}

/// Byte offsets of a text turned into `line:column` (both from 1, the column in characters).
struct LineIndex {
    private let utf8: [UInt8]
    private var lineStarts: [Int] = [0]

    init(_ text: String) {
        utf8 = Array(text.utf8)
        for (offset, byte) in utf8.enumerated() where byte == 0x0A { lineStarts.append(offset + 1) }
    }

    func location(ofByte offset: Int) -> SourceLocation {
        let clamped = max(0, min(offset, utf8.count))
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= clamped { low = middle } else { high = middle - 1 }
        }
        let start = lineStarts[low]
        let column = String(decoding: utf8[start..<clamped], as: UTF8.self).count + 1
        return SourceLocation(line: low + 1, column: column)
    }
}
