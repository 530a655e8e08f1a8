/// SQL text for the parts of a PostgreSQL parse tree a design keeps as text: type names, column
/// defaults, the conditions of partial indexes and partition bounds. It prints a tree the server's
/// parser built and reads no SQL itself; a node it does not know gives nil, and the caller
/// reports what it could not keep.
enum PostgresText {
    /// The built-in types under the names people write (`integer`, not `int4`).
    private static let builtinTypeNames: [String: String] = [
        "int2": "smallint", "int4": "integer", "int8": "bigint", "float4": "real", "float8": "double precision",
        "bool": "boolean", "bpchar": "char", "varchar": "varchar", "numeric": "numeric",
        "timestamptz": "timestamptz", "timestamp": "timestamp", "timetz": "timetz", "time": "time",
        "interval": "interval", "bit": "bit", "varbit": "varbit",
    ]

    /// A `TypeName` node as a design writes a column type: `integer`, `varchar(255)`,
    /// `numeric(5,2)`, `text[]`, `mpaa_rating` (the `public.` and `pg_catalog.` schemas left out).
    static func typeName(_ type: ParseNode) -> String? {
        var names = type.names("names")
        guard !names.isEmpty else { return nil }
        if names.count > 1, names[0] == "pg_catalog" || names[0] == "public" { names.removeFirst() }
        var base: String
        if names.count == 1 {
            base = builtinTypeNames[names[0]] ?? identifier(names[0])
        } else {
            base = names.map(identifier).joined(separator: ".")
        }
        let modifiers = type.nodes("typmods").map { expression($0) }
        if !modifiers.isEmpty {
            guard modifiers.allSatisfy({ $0 != nil }) else { return nil }
            base += "(" + modifiers.compactMap { $0 }.joined(separator: ",") + ")"
        }
        base += String(repeating: "[]", count: type.nodes("arrayBounds").count)
        if type.bool("setof") { base = "setof " + base }
        return base
    }

    /// An expression as SQL text, or nil for a node this printer does not know.
    static func expression(_ node: ParseNode, nested: Bool = false) -> String? {
        switch node.kind {
        case "A_Const":
            return constant(node)
        case "TypeCast":
            guard let arg = node.node("arg"), let argText = expression(arg, nested: true),
                  let type = node.object("typeName", kind: "TypeName"), let typeText = typeName(type) else { return nil }
            return "\(argText)::\(typeText)"
        case "ColumnRef":
            let parts = node.nodes("fields").map { $0.kind == "A_Star" ? "*" : identifier($0.string("sval") ?? "") }
            return parts.joined(separator: ".")
        case "FuncCall":
            var name = node.names("funcname")
            if name.count > 1, name[0] == "pg_catalog" { name.removeFirst() }
            if node.bool("agg_star") { return name.map(identifier).joined(separator: ".") + "(*)" }
            let args = node.nodes("args").map { expression($0) }
            guard args.allSatisfy({ $0 != nil }) else { return nil }
            return name.map(identifier).joined(separator: ".") + "(" + args.compactMap { $0 }.joined(separator: ", ") + ")"
        case "A_Expr":
            return operatorExpression(node, nested: nested)
        case "BoolExpr":
            let args = node.nodes("args").map { expression($0, nested: true) }
            guard args.allSatisfy({ $0 != nil }) else { return nil }
            let texts = args.compactMap { $0 }
            let text: String
            switch node.string("boolop") {
            case "AND_EXPR": text = texts.joined(separator: " AND ")
            case "OR_EXPR": text = texts.joined(separator: " OR ")
            case "NOT_EXPR": text = "NOT " + (texts.first ?? "")
            default: return nil
            }
            return nested ? "(\(text))" : text
        case "NullTest":
            guard let arg = node.node("arg"), let argText = expression(arg, nested: true) else { return nil }
            let text = argText + (node.string("nulltesttype") == "IS_NOT_NULL" ? " IS NOT NULL" : " IS NULL")
            return nested ? "(\(text))" : text
        case "BooleanTest":
            guard let arg = node.node("arg"), let argText = expression(arg, nested: true) else { return nil }
            let tests = ["IS_TRUE": "IS TRUE", "IS_NOT_TRUE": "IS NOT TRUE", "IS_FALSE": "IS FALSE",
                         "IS_NOT_FALSE": "IS NOT FALSE", "IS_UNKNOWN": "IS UNKNOWN", "IS_NOT_UNKNOWN": "IS NOT UNKNOWN"]
            guard let test = tests[node.string("booltesttype") ?? ""] else { return nil }
            return nested ? "(\(argText) \(test))" : "\(argText) \(test)"
        case "SQLValueFunction":
            let functions = ["SVFOP_CURRENT_DATE": "CURRENT_DATE", "SVFOP_CURRENT_TIME": "CURRENT_TIME",
                             "SVFOP_CURRENT_TIMESTAMP": "CURRENT_TIMESTAMP", "SVFOP_LOCALTIME": "LOCALTIME",
                             "SVFOP_LOCALTIMESTAMP": "LOCALTIMESTAMP", "SVFOP_CURRENT_USER": "CURRENT_USER",
                             "SVFOP_SESSION_USER": "SESSION_USER", "SVFOP_USER": "USER"]
            return functions[node.string("op") ?? ""]
        case "A_ArrayExpr":
            let elements = node.nodes("elements").map { expression($0) }
            guard elements.allSatisfy({ $0 != nil }) else { return nil }
            return "ARRAY[" + elements.compactMap { $0 }.joined(separator: ", ") + "]"
        case "List":
            let items = node.nodes("items").map { expression($0) }
            guard items.allSatisfy({ $0 != nil }) else { return nil }
            return "(" + items.compactMap { $0 }.joined(separator: ", ") + ")"
        default:
            return nil
        }
    }

    private static func constant(_ node: ParseNode) -> String? {
        if node.bool("isnull") { return "NULL" }
        // A field at its default is left out of the JSON: `"ival": {}` is 0, `"boolval": {}` false.
        if let ival = node.object("ival", kind: "Integer") { return String(ival.int("ival")) }
        if let fval = node.object("fval", kind: "Float") { return fval.string("fval") ?? "0" }
        if let boolval = node.object("boolval", kind: "Boolean") { return boolval.bool("boolval") ? "true" : "false" }
        if let sval = node.object("sval", kind: "String") { return literal(sval.string("sval") ?? "") }
        if let bsval = node.object("bsval", kind: "BitString") { return bsval.string("bsval") }
        return nil
    }

    private static func operatorExpression(_ node: ParseNode, nested: Bool) -> String? {
        let name = node.names("name").last ?? ""
        let left = node.node("lexpr").map { expression($0, nested: true) }
        let right = node.node("rexpr").map { expression($0, nested: true) }
        if let left, left == nil { return nil }
        if let right, right == nil { return nil }
        let leftText = left.flatMap { $0 }
        let rightText = right.flatMap { $0 }
        let text: String
        switch node.string("kind") {
        case "AEXPR_OP":
            guard let rightText else { return nil }
            text = leftText.map { "\($0) \(name) \(rightText)" } ?? "\(name) \(rightText)"
        case "AEXPR_IN":
            guard let leftText, let rightText else { return nil }
            text = "\(leftText) \(name == "<>" ? "NOT IN" : "IN") \(rightText)"
        case "AEXPR_LIKE", "AEXPR_ILIKE":
            guard let leftText, let rightText else { return nil }
            let word = node.string("kind") == "AEXPR_LIKE" ? "LIKE" : "ILIKE"
            text = "\(leftText) \(name.hasPrefix("!") ? "NOT " : "")\(word) \(rightText)"
        default:
            return nil
        }
        return nested ? "(\(text))" : text
    }

    /// A string literal: single quotes, a quote inside doubled.
    static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// An identifier as SQL text: bare when PostgreSQL reads it back as the same name (lower case,
    /// letters, digits and `_`, not a reserved word), otherwise double-quoted.
    static func identifier(_ name: String) -> String {
        guard let first = name.unicodeScalars.first, first == "_" || ("a"..."z").contains(first),
              name.unicodeScalars.allSatisfy({ $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) }),
              !reservedWords.contains(name) else {
            return "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return name
    }

    /// PostgreSQL 15's reserved key words and those reserved as column and type names (its
    /// documentation's Appendix C, "reserved" and "reserved (can be function or type)").
    private static let reservedWords: Set<String> = [
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization", "binary",
        "both", "case", "cast", "check", "collate", "collation", "column", "concurrently", "constraint", "create",
        "cross", "current_catalog", "current_date", "current_role", "current_schema", "current_time",
        "current_timestamp", "current_user", "default", "deferrable", "desc", "distinct", "do", "else", "end",
        "except", "false", "fetch", "for", "foreign", "freeze", "from", "full", "grant", "group", "having", "ilike",
        "in", "initially", "inner", "intersect", "into", "is", "isnull", "join", "lateral", "leading", "left", "like",
        "limit", "localtime", "localtimestamp", "natural", "not", "notnull", "null", "offset", "on", "only", "or",
        "order", "outer", "overlaps", "placing", "primary", "references", "returning", "right", "select",
        "session_user", "similar", "some", "symmetric", "system_user", "table", "tablesample", "then", "to",
        "trailing", "true", "union", "unique", "user", "using", "variadic", "verbose", "when", "where", "window",
        "with",
    ]
}

extension PostgresText {
    /// A column type in PostgreSQL's own spelling, as its parser reads it (`int` and `int4` are
    /// `integer`, `timestamp with time zone` is `timestamptz`); nil when it is not a type.
    static func canonicalType(_ type: String) -> String? {
        guard let statement = try? PostgresParser.statements("CREATE TABLE t (c \(type))").first,
              let column = statement.node.nodes("tableElts").first,
              let typeName = column.object("typeName", kind: "TypeName") else { return nil }
        return self.typeName(typeName)
    }
}
