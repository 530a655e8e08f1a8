import CPGQuery
import DesignModel
import Foundation

/// PostgreSQL's own parser (libpg_query, the server's grammar as a C library): SQL text in, the
/// parse tree out as JSON, read with Foundation's JSON reader (the project's JSONSyntax checks
/// and re-indents JSON but builds no tree).
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
        let data = Data(bytes: tree, count: strlen(tree))
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw SyntaxError(message: "the parser's output could not be read", offset: nil)
        }
        let statements = root["stmts"] as? [[String: Any]] ?? []
        let bytes = Array(sql.utf8)
        return statements.compactMap { raw in
            guard let node = ParseNode(raw["stmt"]) else { return nil }
            // The protobuf-style JSON leaves out fields at their default: no stmt_location means 0.
            return Statement(node: node, offset: firstWord(in: bytes, from: raw["stmt_location"] as? Int ?? 0))
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
    var fields: [String: Any]

    init?(_ value: Any?) {
        guard let wrapper = value as? [String: Any], wrapper.count == 1, let (kind, body) = wrapper.first,
              let fields = body as? [String: Any] else { return nil }
        self.kind = kind
        self.fields = fields
    }

    /// A struct field that is not wrapped in a kind (`relation`, `typeName`, `partspec`).
    init(inline fields: [String: Any], kind: String) {
        self.kind = kind
        self.fields = fields
    }

    func string(_ key: String) -> String? { fields[key] as? String }
    func int(_ key: String) -> Int { fields[key] as? Int ?? 0 }
    func bool(_ key: String) -> Bool { fields[key] as? Bool ?? false }
    func node(_ key: String) -> ParseNode? { ParseNode(fields[key]) }
    func nodes(_ key: String) -> [ParseNode] { (fields[key] as? [Any] ?? []).compactMap(ParseNode.init) }
    func object(_ key: String, kind: String) -> ParseNode? {
        (fields[key] as? [String: Any]).map { ParseNode(inline: $0, kind: kind) }
    }
    /// The `sval`s of a list of `String` nodes (qualified names, column lists).
    func names(_ key: String) -> [String] { nodes(key).compactMap { $0.kind == "String" ? $0.string("sval") : nil } }
    var location: Int? { fields["location"] as? Int }
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
