import DesignModel

/// The tables of a PostgreSQL schema, as `pg_dump --schema-only` writes it (or any DDL the server
/// accepts), read with the server's own parser into design tables. Objects a design has no place
/// for (views, functions, triggers, sequences, domains, types, grants, …) are listed in `skipped`;
/// what a table has beyond the design's keys (CHECK constraints, an index method the format does
/// not name, partition bounds) is kept under the element's `x_postgres` key.
package enum PostgresSchemaImport {
    package struct Result: Sendable {
        /// The tables, in the order the schema creates them; partitions are folded into their parent.
        package var tables: [Table]
        /// Services named by `--service` or by a schema other than `public`, which the tables refer to.
        package var services: [String]
        /// One line for each object not brought into the design, for standard error.
        package var skipped: [String]
        /// How many partitions were folded into their partitioned tables.
        package var partitionCount: Int
    }

    /// - Parameters:
    ///   - sql: the schema.
    ///   - file: its name, for `file:line:col` messages.
    ///   - service: the service that owns every table; without it a table in a schema other than
    ///     `public` belongs to the service of that name (as `export --format sql --schema-per-service`
    ///     writes them), and the others to none.
    package static func read(_ sql: String, file: String, service: String? = nil) throws(DesignLoadError) -> Result {
        let lines = LineIndex(sql)
        var skipped: [String] = []
        // psql's backslash commands (`\restrict`, which pg_dump writes since 15.14; `\connect`) are
        // not SQL: blanked out, byte for byte, so that the parser's positions still match the file.
        var text = ""
        text.reserveCapacity(sql.utf8.count)
        for line in sql.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("\\") {
                let command = line.split(separator: " ").first.map(String.init) ?? "\\"
                skipped.append("\(file):\(lines.location(ofByte: text.utf8.count)): skipped psql command \(command)")
                text += String(repeating: " ", count: line.utf8.count)
            } else {
                text += line
            }
            text += "\n"
        }
        text.removeLast()
        let statements: [PostgresParser.Statement]
        do {
            statements = try PostgresParser.statements(text)
        } catch {
            let location = lines.location(ofByte: error.offset ?? 0)
            throw DesignLoadError(diagnostics: [DesignDiagnostic(file: file, location: location, message: error.message)])
        }
        var builder = Builder(file: file, lines: lines, service: service)
        builder.source = Array(text.utf8)
        for statement in statements { builder.take(statement) }
        return builder.finish(skippedBefore: skipped)
    }

    /// Gathers the tables statement by statement; keys, indexes and partitions that pg_dump adds
    /// after the tables are applied to them by name at the end.
    private struct Builder {
        let file: String
        let lines: LineIndex
        let service: String?
        var tables: [Table] = []
        var tableIndex: [String: Int] = [:]
        var tableSchema: [String: String] = [:]
        var skipped: [String] = []
        /// Counts of statements that only set up the session or name owners, reported as one line each.
        var settings = 0
        var owners = 0
        /// Partition name → parent name and the bound as written.
        var partitions: [(name: String, parent: String, bound: String?)] = []
        /// The text parsed, and where the statement being read ends in it.
        var source: [UInt8] = []
        var statementEnd = 0
        /// Foreign keys whose referenced column is left out (the referenced table's key).
        var pendingReferences: [(table: String, column: String, referenced: String)] = []

        init(file: String, lines: LineIndex, service: String?) {
            self.file = file
            self.lines = lines
            self.service = service
        }

        func place(_ offset: Int) -> String { "\(file):\(lines.location(ofByte: offset))" }

        mutating func skip(_ what: String, at offset: Int) { skipped.append("\(place(offset)): skipped \(what)") }

        mutating func take(_ statement: PostgresParser.Statement) {
            let node = statement.node
            let at = statement.offset
            statementEnd = statement.end
            switch node.kind {
            case "CreateStmt": createTable(node, at: at)
            case "AlterTableStmt": alterTable(node, at: at)
            case "IndexStmt": createIndex(node, at: at)
            case "CommentStmt": comment(node, at: at)
            case "VariableSetStmt": settings += 1
            case "SelectStmt" where isSetConfig(node): settings += 1
            case "AlterOwnerStmt": owners += 1
            case "CreateSchemaStmt": break
            default: skip(describe(node), at: at)
            }
        }

        /// pg_dump's `SELECT pg_catalog.set_config('search_path', '', false);`.
        func isSetConfig(_ node: ParseNode) -> Bool {
            guard let target = node.nodes("targetList").first?.node("val"), target.kind == "FuncCall" else { return false }
            return target.names("funcname").last == "set_config"
        }

        /// What a statement the design has no place for creates, for the skipped list.
        func describe(_ node: ParseNode) -> String {
            func relation(_ key: String) -> String {
                node.object(key, kind: "RangeVar").map { written($0) } ?? ""
            }
            switch node.kind {
            case "ViewStmt": return "view \(relation("view"))"
            case "CreateTableAsStmt":
                let into = node.object("into", kind: "IntoClause")?.object("rel", kind: "RangeVar").map { written($0) } ?? ""
                return node.string("objtype") == "OBJECT_MATVIEW" ? "materialized view \(into)" : "table \(into) (CREATE TABLE AS)"
            case "CreateFunctionStmt":
                return (node.bool("is_procedure") ? "procedure " : "function ") + node.names("funcname").joined(separator: ".")
            case "CreateTrigStmt": return "trigger \(node.string("trigname") ?? "") on \(relation("relation"))"
            case "CreateSeqStmt": return "sequence \(relation("sequence"))"
            case "AlterSeqStmt": return "sequence change \(relation("sequence"))"
            case "CreateDomainStmt": return "domain \(node.names("domainname").joined(separator: "."))"
            case "CreateEnumStmt": return "type \(node.names("typeName").joined(separator: ".")) (enum)"
            case "CompositeTypeStmt": return "type \(relation("typevar")) (composite)"
            case "CreateRangeStmt": return "type \(node.names("typeName").joined(separator: ".")) (range)"
            case "DefineStmt":
                let kind = (node.string("kind") ?? "OBJECT_").replacingOccurrences(of: "OBJECT_", with: "").lowercased()
                return "\(kind) \(node.names("defnames").joined(separator: "."))"
            case "CreateExtensionStmt": return "extension \(node.string("extname") ?? "")"
            case "GrantStmt": return node.bool("is_grant") ? "grant" : "revoke"
            case "GrantRoleStmt": return "role grant"
            case "RuleStmt": return "rule \(node.string("rulename") ?? "")"
            case "CreatePolicyStmt": return "policy \(node.string("policy_name") ?? "")"
            default: return "statement \(node.kind)"
            }
        }

        /// A relation's name as the schema writes it, with its schema, for messages.
        func written(_ relation: ParseNode) -> String {
            let name = relation.string("relname") ?? ""
            return relation.string("schemaname").map { "\($0).\(name)" } ?? name
        }

        /// A relation's name in the design: without the `public.` schema.
        func qualified(_ relation: ParseNode) -> String {
            let name = relation.string("relname") ?? ""
            guard let schema = relation.string("schemaname"), schema != "public" else { return name }
            return "\(schema).\(name)"
        }

        mutating func createTable(_ node: ParseNode, at: Int) {
            guard let relation = node.object("relation", kind: "RangeVar"), let name = relation.string("relname") else { return }
            if tableIndex[name] != nil {
                skip("table \(qualified(relation)): a table of that name was already read (in another schema)", at: at)
                return
            }
            var table = Table(name: name)
            let schema = relation.string("schemaname") ?? "public"
            tableSchema[name] = schema
            table.service = service ?? (schema == "public" ? nil : schema)
            var extras = Extensions()
            for element in node.nodes("tableElts") {
                switch element.kind {
                case "ColumnDef":
                    if let column = columnDefinition(element, table: name, extras: &extras) { table.columns.append(column) }
                case "Constraint":
                    tableConstraint(element, on: &table, extras: &extras, at: element.location ?? at)
                case "TableLikeClause":
                    skip("LIKE clause of table \(name)", at: element.location ?? at)
                default:
                    skip("\(element.kind) in table \(name)", at: at)
                }
            }
            if let spec = node.object("partspec", kind: "PartitionSpec") {
                let strategy = PartitionStrategy(rawValue: spec.string("strategy") ?? "")
                let key = spec.nodes("partParams").compactMap { element -> String? in
                    if let column = element.string("name") { return column }
                    return element.node("expr").flatMap { PostgresText.expression($0) }.map { "(\($0))" }
                }
                table.partitioning = Partitioning(strategy: strategy, key: key)
            }
            if let parent = node.nodes("inhRelations").first, let bound = node.object("partbound", kind: "PartitionBoundSpec") {
                partitions.append((name, parent.string("relname") ?? "", boundText(bound)))
            } else if !node.nodes("inhRelations").isEmpty {
                extras.append("inherits", .sequence(node.nodes("inhRelations").map { .scalar(qualified($0), plain: true) }))
            }
            table.extensions.merge(extras, key: "x_postgres")
            tableIndex[name] = tables.count
            tables.append(table)
        }

        mutating func columnDefinition(_ node: ParseNode, table: String, extras: inout Extensions) -> Column? {
            guard let name = node.string("colname") else { return nil }
            var column = Column(name: name)
            column.type = node.object("typeName", kind: "TypeName").flatMap(PostgresText.typeName)
            var columnExtras = Extensions()
            for constraint in node.nodes("constraints") {
                let at = constraint.location ?? node.location ?? 0
                switch constraint.string("contype") {
                case "CONSTR_NOTNULL": column.nullable = false
                case "CONSTR_NULL": column.nullable = true
                case "CONSTR_DEFAULT":
                    if let expression = constraint.node("raw_expr") {
                        if let text = PostgresText.expression(expression) {
                            column.defaultValue = text
                        } else {
                            skip("default of column \(table).\(name) (an expression this import does not print)", at: at)
                        }
                    }
                case "CONSTR_PRIMARY": column.primaryKey = true
                case "CONSTR_UNIQUE": column.unique = true
                case "CONSTR_FOREIGN":
                    applyForeignKey(constraint, to: &column, table: table, at: at)
                case "CONSTR_CHECK":
                    let text = constraint.node("raw_expr").flatMap { PostgresText.expression($0) }
                    if let text { columnExtras.append("check", .scalar(text, plain: true)) } else {
                        skip("CHECK constraint of column \(table).\(name)", at: at)
                    }
                case "CONSTR_IDENTITY":
                    columnExtras.append("identity", .scalar(constraint.string("generated_when") == "a" ? "always" : "by default", plain: true))
                case "CONSTR_GENERATED":
                    let text = constraint.node("raw_expr").flatMap { PostgresText.expression($0) }
                    if let text { columnExtras.append("generated", .scalar(text, plain: true)) } else {
                        skip("generated expression of column \(table).\(name)", at: at)
                    }
                default:
                    skip("\(constraint.string("contype") ?? "constraint") of column \(table).\(name)", at: at)
                }
            }
            column.extensions.merge(columnExtras, key: "x_postgres")
            return column
        }

        mutating func applyForeignKey(_ constraint: ParseNode, to column: inout Column, table: String, at: Int) {
            guard let target = constraint.object("pktable", kind: "RangeVar"), let targetName = target.string("relname") else { return }
            if let referenced = constraint.names("pk_attrs").first {
                column.references = "\(targetName).\(referenced)"
            } else {
                pendingReferences.append((table, column.name, targetName))
            }
            switch constraint.string("fk_del_action") {
            case "c": column.onDelete = .cascade
            case "r": column.onDelete = .restrict
            case "n": column.onDelete = .setNull
            case "a", nil: column.onDelete = nil
            case let other?:
                var extras = Extensions()
                extras.append("on_delete", .scalar(other == "d" ? "set default" : other, plain: true))
                column.extensions.merge(extras, key: "x_postgres")
            }
        }

        mutating func tableConstraint(_ constraint: ParseNode, on table: inout Table, extras: inout Extensions, at: Int) {
            let keys = constraint.names("keys")
            switch constraint.string("contype") {
            case "CONSTR_PRIMARY":
                if keys.count == 1, let i = table.columns.firstIndex(where: { $0.name == keys[0] }) {
                    table.columns[i].primaryKey = true
                } else {
                    table.primaryKey = keys
                }
            case "CONSTR_UNIQUE":
                if keys.count == 1, let i = table.columns.firstIndex(where: { $0.name == keys[0] }) {
                    table.columns[i].unique = true
                } else {
                    let name = constraint.string("conname") ?? "\(table.name)_\(keys.joined(separator: "_"))_key"
                    table.indexes.append(Index(name: name, columns: keys, unique: true))
                }
            case "CONSTR_FOREIGN":
                let columns = constraint.names("fk_attrs")
                if columns.count == 1, let i = table.columns.firstIndex(where: { $0.name == columns[0] }) {
                    applyForeignKey(constraint, to: &table.columns[i], table: table.name, at: at)
                } else {
                    let target = constraint.object("pktable", kind: "RangeVar").map { qualified($0) } ?? ""
                    skip("foreign key \(constraint.string("conname") ?? "") of \(table.name) (\(columns.joined(separator: ", "))) to \(target): "
                        + "a design's foreign keys are one column each", at: at)
                }
            case "CONSTR_CHECK":
                if let text = constraint.node("raw_expr").flatMap({ PostgresText.expression($0) }) {
                    extras.append("checks", .sequence([.scalar(text, plain: true)]))
                } else {
                    skip("CHECK constraint \(constraint.string("conname") ?? "") of \(table.name)", at: at)
                }
            default:
                skip("\(constraint.string("contype") ?? "constraint") \(constraint.string("conname") ?? "") of \(table.name)", at: at)
            }
        }

        mutating func alterTable(_ node: ParseNode, at: Int) {
            guard let relation = node.object("relation", kind: "RangeVar"), let name = relation.string("relname") else { return }
            let objectType = node.string("objtype")
            for command in node.nodes("cmds") {
                let subtype = command.string("subtype") ?? ""
                if subtype == "AT_ChangeOwner" {
                    owners += 1
                    continue
                }
                if objectType == "OBJECT_INDEX", subtype == "AT_AttachPartition" {
                    // An index of a partition joining its parent's index: the partition's indexes are
                    // reported with the partition.
                    continue
                }
                guard objectType == "OBJECT_TABLE", let i = tableIndex[name] else {
                    skip("ALTER of \(qualified(relation)) (not a table read from this schema)", at: at)
                    continue
                }
                switch subtype {
                case "AT_AddConstraint":
                    guard let constraint = command.node("def") else { continue }
                    var extras = Extensions()
                    var table = tables[i]
                    tableConstraint(constraint, on: &table, extras: &extras, at: constraint.location ?? at)
                    table.extensions.merge(extras, key: "x_postgres")
                    tables[i] = table
                case "AT_AttachPartition":
                    guard let partition = command.node("def"), let child = partition.object("name", kind: "RangeVar"),
                          let childName = child.string("relname") else { continue }
                    let bound = partition.object("bound", kind: "PartitionBoundSpec").flatMap(boundText)
                    partitions.append((childName, name, bound))
                case "AT_ColumnDefault":
                    guard let column = command.string("name"),
                          let c = tables[i].columns.firstIndex(where: { $0.name == column }) else { continue }
                    if let expression = command.node("def") {
                        if let text = PostgresText.expression(expression) { tables[i].columns[c].defaultValue = text } else {
                            skip("default of column \(name).\(column)", at: at)
                        }
                    } else {
                        tables[i].columns[c].defaultValue = nil
                    }
                case "AT_SetNotNull", "AT_DropNotNull":
                    guard let column = command.string("name"),
                          let c = tables[i].columns.firstIndex(where: { $0.name == column }) else { continue }
                    tables[i].columns[c].nullable = subtype == "AT_DropNotNull"
                default:
                    skip("ALTER TABLE \(qualified(relation)) \(subtype.replacingOccurrences(of: "AT_", with: ""))", at: at)
                }
            }
        }

        mutating func createIndex(_ node: ParseNode, at: Int) {
            guard let relation = node.object("relation", kind: "RangeVar"), let table = relation.string("relname"),
                  let i = tableIndex[table] else {
                let on = node.object("relation", kind: "RangeVar").map { written($0) } ?? ""
                skip("index \(node.string("idxname") ?? "") on \(on) (not a table read from this schema)", at: at)
                return
            }
            let name = node.string("idxname") ?? "\(table)_idx"
            var columns: [String] = []
            var extras = Extensions()
            for element in node.nodes("indexParams") {
                let operatorClass = element.names("opclass")
                if !operatorClass.isEmpty {
                    let column = element.string("name") ?? "(expression)"
                    extras.append("operator_classes", .sequence([.scalar("\(column) \(operatorClass.joined(separator: "."))", plain: true)]))
                }
                if let column = element.string("name") {
                    columns.append(column)
                } else if let text = element.node("expr").flatMap({ PostgresText.expression($0) }) {
                    columns.append("(\(text))")
                } else {
                    skip("index \(name) on \(table): an expression this import does not print", at: at)
                    return
                }
            }
            var index = Index(name: name, columns: columns, unique: node.bool("unique") ? true : nil)
            let method = node.string("accessMethod") ?? "btree"
            if let kind = IndexKind(rawValue: method) {
                // btree is PostgreSQL's default; the design leaves it unsaid, as people write it.
                index.kind = kind == .btree ? nil : kind
            } else {
                extras.append("using", .scalar(method, plain: true))
            }
            if let condition = node.node("whereClause") {
                guard let text = PostgresText.expression(condition) ?? writtenCondition(condition) else {
                    skip("index \(name) on \(table): a WHERE this import does not print", at: at)
                    return
                }
                index.whereClause = text
            }
            index.extensions.merge(extras, key: "x_postgres")
            tables[i].indexes.append(index)
        }

        /// A partial index's condition as the file writes it: from its first token to the end of
        /// the statement, without the parentheses pg_dump puts around it. For conditions
        /// `PostgresText` does not print (`status <> ALL (ARRAY[...])`, pg_dump's `NOT IN`).
        func writtenCondition(_ condition: ParseNode) -> String? {
            guard let start = condition.firstLocation, start < statementEnd, statementEnd <= source.count else { return nil }
            var text = String(decoding: source[start..<statementEnd], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            // Closing parentheses that the slice does not open belong around the condition.
            var depth = 0, quoted = false
            for ch in text {
                if ch == "'" { quoted.toggle() } else if !quoted && ch == "(" { depth += 1 } else if !quoted && ch == ")" { depth -= 1 }
            }
            while depth < 0, text.hasSuffix(")") {
                text.removeLast()
                text = text.trimmingCharacters(in: .whitespaces)
                depth += 1
            }
            return depth == 0 && !text.isEmpty ? text : nil
        }

        mutating func comment(_ node: ParseNode, at: Int) {
            let text = node.string("comment")
            switch node.string("objtype") {
            case "OBJECT_TABLE":
                let names = node.node("object").map { $0.names("items") } ?? []
                if let table = names.last, let i = tableIndex[table] {
                    tables[i].description = text
                    return
                }
            case "OBJECT_COLUMN":
                let names = node.node("object").map { $0.names("items") } ?? []
                if names.count >= 2, let i = tableIndex[names[names.count - 2]],
                   let c = tables[i].columns.firstIndex(where: { $0.name == names[names.count - 1] }) {
                    tables[i].columns[c].description = text
                    return
                }
            default:
                break
            }
            skip("comment on \((node.string("objtype") ?? "").replacingOccurrences(of: "OBJECT_", with: "").lowercased())", at: at)
        }

        func boundText(_ bound: ParseNode) -> String? {
            if bound.bool("is_default") { return "DEFAULT" }
            func list(_ key: String) -> String? {
                let values = bound.nodes(key).map { PostgresText.expression($0) }
                guard values.allSatisfy({ $0 != nil }) else { return nil }
                return "(" + values.compactMap { $0 }.joined(separator: ", ") + ")"
            }
            switch bound.string("strategy") {
            case "r":
                guard let lower = list("lowerdatums"), let upper = list("upperdatums") else { return nil }
                return "FOR VALUES FROM \(lower) TO \(upper)"
            case "l":
                return list("listdatums").map { "FOR VALUES IN \($0)" }
            case "h":
                return "FOR VALUES WITH (MODULUS \(bound.int("modulus")), REMAINDER \(bound.int("remainder")))"
            default:
                return nil
            }
        }

        mutating func finish(skippedBefore: [String]) -> Result {
            // Partitions are the storage of their parent: listed under its x_postgres, their own
            // keys and indexes (which the parent's imply) reported.
            var partitionNames = Set<String>()
            var byParent: [String: [ExtensionValue]] = [:]
            for partition in partitions where tableIndex[partition.parent] != nil && tableIndex[partition.name] != nil {
                partitionNames.insert(partition.name)
                var entry: [Extensions.Entry] = [Extensions.Entry(key: "name", value: .scalar(partition.name, plain: true))]
                if let bound = partition.bound { entry.append(Extensions.Entry(key: "bound", value: .scalar(bound, plain: true))) }
                byParent[partition.parent, default: []].append(.mapping(entry))
            }
            var kept: [Table] = []
            var partitionSkips: [String] = []
            for var table in tables {
                if partitionNames.contains(table.name) {
                    for index in table.indexes { partitionSkips.append("\(file): skipped index \(index.name) of partition \(table.name)") }
                    for column in table.columns where column.references != nil {
                        partitionSkips.append("\(file): skipped foreign key of partition \(table.name) (\(column.name) to \(column.references ?? ""))")
                    }
                    continue
                }
                if let list = byParent[table.name] {
                    var extras = Extensions()
                    extras.append("partitions", .sequence(list))
                    table.extensions.merge(extras, key: "x_postgres")
                    let names = list.compactMap { value -> String? in
                        if case .mapping(let entries) = value, case .scalar(let name, _)? = entries.first?.value { return name }
                        return nil
                    }
                    if var partitioning = table.partitioning, partitioning.note == nil {
                        partitioning.note = "\(names.count) partition\(names.count == 1 ? "" : "s"): "
                            + (names.count > 2 ? "\(names[0]) … \(names[names.count - 1])" : names.joined(separator: ", "))
                        table.partitioning = partitioning
                    }
                }
                kept.append(table)
            }
            // REFERENCES t without a column names t's primary key.
            for pending in pendingReferences {
                guard let i = kept.firstIndex(where: { $0.name == pending.table }),
                      let c = kept[i].columns.firstIndex(where: { $0.name == pending.column }) else { continue }
                if let target = kept.first(where: { $0.name == pending.referenced }), target.primaryKeyColumns.count == 1 {
                    kept[i].columns[c].references = "\(target.name).\(target.primaryKeyColumns[0])"
                } else {
                    skipped.append("\(file): skipped foreign key \(pending.table).\(pending.column) to \(pending.referenced): no one-column primary key to refer to")
                }
            }
            var lines = skippedBefore + skipped + partitionSkips
            if settings > 0 { lines.append("\(file): skipped \(settings) session setting\(settings == 1 ? "" : "s") (SET, set_config)") }
            if owners > 0 { lines.append("\(file): skipped \(owners) OWNER TO statement\(owners == 1 ? "" : "s")") }
            var services: [String] = []
            for table in kept {
                if let service = table.service, !services.contains(service) { services.append(service) }
            }
            if let service, !services.contains(service) { services.append(service) }
            return Result(tables: kept, services: services, skipped: lines, partitionCount: partitionNames.count)
        }
    }
}

extension Extensions {
    /// Adds a key at the end.
    mutating func append(_ key: String, _ value: ExtensionValue) {
        if let i = entries.firstIndex(where: { $0.key == key }), case .sequence(let old) = entries[i].value,
           case .sequence(let new) = value {
            entries[i].value = .sequence(old + new)
            return
        }
        entries.append(Entry(key: key, value: value))
    }

    /// Puts `extras` under one `x_*` key (a mapping), merged with what is there; nothing when empty.
    mutating func merge(_ extras: Extensions, key: String) {
        guard !extras.isEmpty else { return }
        if let i = entries.firstIndex(where: { $0.key == key }), case .mapping(let old) = entries[i].value {
            var merged = Extensions(entries: old)
            for entry in extras.entries { merged.append(entry.key, entry.value) }
            entries[i].value = .mapping(merged.entries)
        } else {
            entries.append(Entry(key: key, value: .mapping(extras.entries)))
        }
    }
}
