import DesignModel

/// A column type reduced to what decides foreign key compatibility: lowercased, without length or
/// precision, aliases folded (int4 and serial are integer; varchar and text are text).
func normalizedType(_ type: String) -> String {
    var t = type.lowercased()
    if let paren = t.firstIndex(of: "(") { t = String(t[..<paren]) }
    while t.last == " " { t.removeLast() }
    while t.first == " " { t.removeFirst() }
    switch t {
    case "int", "integer", "int4", "serial", "serial4", "int32": return "integer"
    case "bigint", "int8", "bigserial", "serial8", "int64", "long": return "bigint"
    case "smallint", "int2", "smallserial", "serial2", "int16": return "smallint"
    case "varchar", "character varying", "text", "string", "citext": return "text"
    case "char", "character", "bpchar": return "char"
    case "timestamptz", "timestamp with time zone": return "timestamptz"
    case "timestamp", "timestamp without time zone": return "timestamp"
    case "decimal", "numeric": return "numeric"
    case "bool", "boolean": return "boolean"
    case "float8", "double precision", "double": return "double"
    default: return t
    }
}


extension Table {
    var ref: ElementRef { .table(name) }
    func columnRef(_ column: String) -> ElementRef { .column(name, column) }
}

enum DatabaseRules {
    static let all: [any Rule] = [
        MissingPrimaryKey(), ForeignKeyTarget(), ForeignKeyTargetNotKey(), ForeignKeyType(), ForeignKeyIndex(),
        RedundantIndex(), UnknownColumn(), NullableUnique(), SetNullNotNullable(), RepeatingGroup(), ListInColumn(),
        ReservedWord(), IdentifierCase(), IdentifierLength(), PartitionKeyInPrimaryKey(), LargeTableUnplanned(),
    ] + columnTypeRules + keyTypeRules + schemaUseRules

    struct MissingPrimaryKey: Rule {
        let id = "db-missing-primary-key"
        let reads: DesignSections = .tables
        let defaultSeverity = Severity.error
        let title = "Every table has a primary key"
        let explanation = """
            Without a primary key a row cannot be addressed, updated or deleted reliably, replication and CDC tools \
            refuse the table, and duplicates creep in. Fix: mark a column `primary_key: true` or list a composite \
            key in the table's `primary_key`.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let tables = context.design.tables
            var issues: [Issue] = []
            for t in tables.indices where context.index.primaryKeys[t].isEmpty {
                let name = tables[t].name
                issues.append(Issue(.table(name), tables[t].columns.isEmpty ? "table '\(name)' has no columns and no primary key"
                                                                      : "table '\(name)' has no primary key"))
            }
            return issues
        }
    }

    struct ForeignKeyTarget: Rule {
        let id = "db-fk-target-missing"
        let reads: DesignSections = .tables
        let defaultSeverity = Severity.error
        let title = "Foreign keys point at a column that exists"
        let explanation = """
            `references: TABLE.COLUMN` must name an existing column of an existing table; otherwise the migration \
            fails, or the relation silently goes missing from the ERD. Fix: correct the target, or add the table.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let tables = context.design.tables
            var issues: [Issue] = []
            for key in context.index.foreignKeys {
                let table = tables[key.table].name, column = tables[key.table].columns[key.column].name
                let references = tables[key.table].columns[key.column].references ?? ""
                guard let target = key.target, !target.table.isEmpty, !target.column.isEmpty else {
                    issues.append(Issue(.column(table, column), "foreign key '\(table).\(column)' references '\(references)', which is not TABLE.COLUMN"))
                    continue
                }
                if key.targetTable == nil {
                    issues.append(Issue(.column(table, column), "foreign key '\(table).\(column)' references table '\(target.table)', which does not exist"))
                } else if key.targetColumn == nil {
                    issues.append(Issue(.column(table, column), "foreign key '\(table).\(column)' references column '\(references)', which does not exist"))
                }
            }
            return issues
        }
    }

    struct ForeignKeyTargetNotKey: Rule {
        let id = "db-fk-target-not-key"
        let reads: DesignSections = .tables
        let defaultSeverity = Severity.error
        let title = "Foreign keys point at a primary or unique key"
        let explanation = """
            A database only accepts a foreign key to columns with a primary key or unique constraint: otherwise one \
            value could match several parent rows. Fix: reference the parent's primary key, or make the target \
            column unique.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let tables = context.design.tables
            var issues: [Issue] = []
            for key in context.index.foreignKeys {
                guard let target = key.target, let p = key.targetTable, key.targetColumn != nil,
                      !context.index.isKey(target.column, inTable: p) else { continue }
                let table = tables[key.table].name, column = tables[key.table].columns[key.column].name
                issues.append(Issue(.column(table, column), "foreign key '\(table).\(column)' references '\(target.table).\(target.column)', which is neither the primary key nor unique"))
            }
            return issues
        }
    }

    struct ForeignKeyType: Rule {
        let id = "db-fk-type-mismatch"
        let reads: DesignSections = .tables
        let defaultSeverity = Severity.error
        let title = "A foreign key has the type of the column it references"
        let explanation = """
            A bigint key referenced by an integer column overflows later; a text column referencing a uuid needs a \
            cast in every join and cannot use the index. Fix: give the foreign key column exactly the type of its \
            target.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let tables = context.design.tables
            var issues: [Issue] = []
            for key in context.index.foreignKeys {
                guard let type = context.index.columnType(table: key.table, column: key.column), let target = key.target,
                      let p = key.targetTable, let q = key.targetColumn,
                      let targetType = context.index.columnType(table: p, column: q), type != targetType else { continue }
                let source = tables[key.table].columns[key.column]
                let table = tables[key.table].name
                let declared = tables[p].columns[q].type ?? targetType
                issues.append(Issue(.column(table, source.name), "foreign key '\(table).\(source.name)' is \(source.type ?? type) but '\(target.table).\(target.column)' is \(declared)"))
            }
            return issues
        }
    }

    struct ForeignKeyIndex: Rule {
        let id = "db-fk-missing-index"
        let reads: DesignSections = .tables
        let defaultSeverity = Severity.warning
        let title = "Every foreign key leads an index"
        let explanation = """
            Joins from parent to children, and every delete or key update of a parent row, look up the children by \
            the foreign key; without an index whose first column it is, each is a full scan (and holds locks). \
            Fix: add an index starting with the foreign key column, or put it first in the primary key.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let tables = context.design.tables
            var issues: [Issue] = []
            for key in context.index.foreignKeys {
                let t = key.table, column = tables[t].columns[key.column]
                if context.index.primaryKeys[t].first == column.name || column.unique == true { continue }
                if tables[t].indexes.contains(where: { $0.columns.first == column.name }) { continue }
                issues.append(Issue(.column(tables[t].name, column.name), "foreign key '\(tables[t].name).\(column.name)' is not the first column of any index"))
            }
            return issues
        }
    }

    struct RedundantIndex: Rule {
        let id = "db-redundant-index"
        let reads: DesignSections = .tables
        let defaultSeverity = Severity.warning
        let title = "No duplicate or redundant indexes"
        let explanation = """
            Every index slows every write and takes space. An index on the same columns as another, or on a \
            leading prefix of another b-tree index, or on exactly the primary key, answers no query the other \
            cannot. Fix: drop the redundant index.
            """
        func check(_ context: RuleContext) -> [Issue] {
            var issues: [Issue] = []
            let tables = context.design.tables
            for t in tables.indices where !tables[t].indexes.isEmpty {
                // The table's indexes alone: a copy of the whole table retains each of its fields.
                let indexes = tables[t].indexes, tableName = tables[t].name, tableRef = ElementRef.table(tableName)
                let pk = context.index.primaryKeys[t]
                for (i, index) in indexes.enumerated() {
                    let btree = (index.kind ?? .btree) == .btree
                    if btree, index.whereClause == nil, !pk.isEmpty, index.columns == pk {
                        issues.append(Issue(tableRef, "index '\(index.name)' of '\(tableName)' repeats the primary key, which is indexed already"))
                        continue
                    }
                    for (j, other) in indexes.enumerated() where j != i && other.whereClause == index.whereClause {
                        if other.columns == index.columns, (other.kind ?? .btree) == (index.kind ?? .btree) {
                            if index.unique != true, other.unique == true {
                                issues.append(Issue(tableRef, "index '\(index.name)' of '\(tableName)' is covered by unique index '\(other.name)'"))
                                break
                            }
                            if (index.unique == true) == (other.unique == true), j < i {
                                issues.append(Issue(tableRef, "index '\(index.name)' of '\(tableName)' duplicates '\(other.name)'"))
                                break
                            }
                            continue
                        }
                        if btree, index.unique != true, (other.kind ?? .btree) == .btree,
                           other.columns.count > index.columns.count, other.columns.starts(with: index.columns) {
                            issues.append(Issue(tableRef, "index '\(index.name)' of '\(tableName)' is a prefix of '\(other.name)', which serves the same queries"))
                            break
                        }
                    }
                }
            }
            return issues
        }
    }

    struct UnknownColumn: Rule {
        let id = "db-unknown-column"
        let reads: DesignSections = .tables
        let defaultSeverity = Severity.error
        let title = "Keys, indexes, partition and shard keys name columns that exist"
        let explanation = """
            A primary key, index, partition key or shard key over a column the table does not have cannot be \
            created; usually the column was renamed and the list was not. Fix: correct the name or add the column.
            """
        func check(_ context: RuleContext) -> [Issue] {
            var issues: [Issue] = []
            let tables = context.design.tables
            for t in tables.indices {
                func verify(_ names: [String], _ what: @autoclosure () -> String) {
                    for name in names where !context.index.hasColumn(name, inTable: t) {
                        issues.append(Issue(.table(tables[t].name), "\(what()) of '\(tables[t].name)' names column '\(name)', which does not exist"))
                    }
                }
                verify(tables[t].primaryKey, "the primary key")
                let indexes = tables[t].indexes
                for i in indexes.indices { verify(indexes[i].columns, "index '\(indexes[i].name)'") }
                if let partitioning = tables[t].partitioning { verify(partitioning.key, "the partition key") }
                if let sharding = tables[t].sharding { verify(sharding.key, "the shard key") }
            }
            return issues
        }
    }

    struct NullableUnique: Rule {
        let id = "db-nullable-unique"
        let reads: DesignSections = .tables
        let defaultSeverity = Severity.warning
        let title = "Unique indexes cover no nullable column"
        let explanation = """
            In SQL, NULLs are distinct from each other: a unique index over a nullable column admits any number of \
            rows with NULL there, so the uniqueness the design relies on does not hold. Fix: make the column \
            `nullable: false`, use a partial index (`where: col IS NOT NULL`) on purpose, or NULLS NOT DISTINCT \
            (PostgreSQL 15+).
            """
        func check(_ context: RuleContext) -> [Issue] {
            let tables = context.design.tables
            var issues: [Issue] = []
            for t in tables.indices where !tables[t].indexes.isEmpty {
                let columns = tables[t].columns
                for index in tables[t].indexes where index.unique == true && index.whereClause == nil {
                    for name in index.columns {
                        guard let c = context.index.columnPosition(name, inTable: t),
                              context.index.isNullable(columns[c], inTable: t) else { continue }
                        issues.append(Issue(.column(tables[t].name, name), "unique index '\(index.name)' covers nullable column '\(tables[t].name).\(name)'"))
                    }
                }
            }
            return issues
        }
    }

    struct SetNullNotNullable: Rule {
        let id = "db-set-null-not-nullable"
        let reads: DesignSections = .tables
        let defaultSeverity = Severity.error
        let title = "on_delete: set-null only on nullable columns"
        let explanation = """
            `on_delete: set-null` writes NULL into the child when the parent goes; on a NOT NULL column that fails, \
            so deleting the parent fails. Fix: make the column nullable, or choose cascade or restrict.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let tables = context.design.tables
            var issues: [Issue] = []
            for t in tables.indices {
                let columns = tables[t].columns
                for c in columns.indices where columns[c].onDelete == .setNull && !context.index.isNullable(columns[c], inTable: t) {
                    issues.append(Issue(.column(tables[t].name, columns[c].name), "'\(tables[t].name).\(columns[c].name)' is set to NULL on delete but is not nullable"))
                }
            }
            return issues
        }
    }

    struct RepeatingGroup: Rule {
        let id = "db-repeating-group"
        let reads: DesignSections = .tables
        let defaultSeverity = Severity.warning
        let title = "No repeating groups of columns (phone1, phone2)"
        let explanation = """
            Numbered columns (phone1, phone2, phone3) break first normal form: the fourth phone needs a migration, \
            and every query must look in each column. Fix: move the repeated value into a child table with a \
            foreign key (customer_phones) or, when truly bounded, an array/JSON column.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let tables = context.design.tables
            var issues: [Issue] = []
            // Per column name (by trait id), read once per name instead of once per column: its
            // stem as a small number (equal stems, equal numbers) and its number; stem -2 not
            // yet read, -1 not numbered.
            let index = context.index
            var stemOf = [Int32](repeating: -2, count: index.columnTraitCount)
            var numberOf = [Int](repeating: 0, count: index.columnTraitCount)
            var stems: [String] = [], stemIDs: [String: Int32] = [:]
            var numbered: [(stem: Int32, column: Int, number: Int)] = []
            for t in tables.indices {
                numbered.removeAll(keepingCapacity: true)
                let count = tables[t].columns.count
                for c in 0..<count {
                    let id = index.columnTraitID(table: t, column: c)
                    if stemOf[id] == -2 {
                        if let n = index.columnTraits(id: id).numbered {
                            stemOf[id] = intern(&stemIDs[n.stem, default: -1], next: Int32(stems.count))
                            if stemOf[id] == stems.count { stems.append(n.stem) }
                            numberOf[id] = n.number
                        } else {
                            stemOf[id] = -1
                        }
                    }
                    if stemOf[id] >= 0 { numbered.append((stemOf[id], c, numberOf[id])) }
                }
                guard numbered.count >= 2 else { continue }
                for i in numbered.indices {
                    let stem = numbered[i].stem
                    // Each stem is reported once, at its first column.
                    if numbered[..<i].contains(where: { $0.stem == stem }) { continue }
                    var members = 0, small = false
                    for j in i..<numbered.count where numbered[j].stem == stem {
                        members += 1
                        if numbered[j].number <= 2 { small = true }
                    }
                    guard members >= 2, small else { continue }
                    let columns = tables[t].columns
                    let names = numbered[i...].compactMap { $0.stem == stem ? columns[$0.column].name : nil }
                    issues.append(Issue(.column(tables[t].name, names[0]),
                                        concat("columns ", quoted(names), " of '", tables[t].name, "' repeat '", stems[Int(stem)], "'; use a child table")))
                }
            }
            return issues
        }
    }

    struct ListInColumn: Rule {
        let id = "db-list-in-column"
        let reads: DesignSections = .tables
        let defaultSeverity = Severity.warning
        let title = "No lists packed into text columns"
        let explanation = """
            A text column holding a comma-separated list (tag_ids, roles, emails) cannot be indexed, joined or \
            constrained by a foreign key, and every reader must parse it. Fix: use a child table (or a join table \
            for ids); an array or jsonb column when the list is small and only read whole.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let tables = context.design.tables
            var issues: [Issue] = []
            for t in tables.indices {
                let columns = tables[t].columns
                for c in columns.indices {
                    guard let type = context.index.columnType(table: t, column: c), type == "text" || type == "char" else { continue }
                    var listy = context.index.columnTraits(table: t, column: c).listName
                    if !listy, let description = columns[c].description {
                        listy = containsIgnoringCase(description, "comma-separated") || containsIgnoringCase(description, "comma separated")
                            || containsIgnoringCase(description, "separated by commas")
                    }
                    if listy {
                        issues.append(Issue(.column(tables[t].name, columns[c].name), "text column '\(tables[t].name).\(columns[c].name)' looks like it holds a list"))
                    }
                }
            }
            return issues
        }
    }

    struct ReservedWord: Rule {
        let id = "db-reserved-word"
        let reads: DesignSections = .tables
        let defaultSeverity = Severity.warning
        let title = "Table and column names are not SQL reserved words"
        let explanation = """
            A table called `order` or a column called `user` must be quoted in every statement, and ORMs, \
            migration tools and ad-hoc queries get it wrong. Fix: pick another name (orders, customer_user, \
            sort_order).
            """
        func check(_ context: RuleContext) -> [Issue] {
            let tables = context.design.tables
            var issues: [Issue] = []
            for t in tables.indices {
                let name = tables[t].name
                if Vocabulary.reservedWords.contains(name.lowercased()) {
                    issues.append(Issue(.table(name), "table name '\(name)' is an SQL reserved word"))
                }
                let columns = tables[t].columns
                for c in columns.indices where context.index.columnTraits(table: t, column: c).reserved {
                    issues.append(Issue(.column(name, columns[c].name), "column name '\(name).\(columns[c].name)' is an SQL reserved word"))
                }
            }
            return issues
        }
    }

    struct IdentifierCase: Rule {
        let id = "db-identifier-case"
        let reads: DesignSections = .tables
        let defaultSeverity = Severity.warning
        let title = "Table, column and index names are lower snake_case"
        let explanation = """
            Unquoted SQL identifiers fold to lowercase (PostgreSQL) or depend on the platform (MySQL); a name with \
            capitals, hyphens or spaces must be quoted everywhere, forever. Fix: rename to lower snake_case.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let tables = context.design.tables
            var issues: [Issue] = []
            for t in tables.indices {
                let name = tables[t].name
                if !isLowerSnakeCase(name) {
                    issues.append(Issue(.table(name), "table name '\(name)' is not lower snake_case"))
                }
                let columns = tables[t].columns
                for c in columns.indices where !context.index.columnTraits(table: t, column: c).lowerSnake {
                    issues.append(Issue(.column(name, columns[c].name), "column name '\(name).\(columns[c].name)' is not lower snake_case"))
                }
                for index in tables[t].indexes where !isLowerSnakeCase(index.name) {
                    issues.append(Issue(.table(name), "index name '\(index.name)' of '\(name)' is not lower snake_case"))
                }
            }
            return issues
        }
    }

    struct IdentifierLength: Rule {
        let id = "db-identifier-length"
        let reads: DesignSections = .tables
        let defaultSeverity = Severity.error
        let title = "Identifiers fit in 63 bytes"
        let explanation = """
            PostgreSQL truncates identifiers to 63 bytes without an error (MySQL refuses over 64): two long names \
            that share their first 63 bytes become the same name, and the name in the code no longer matches the \
            database. Fix: shorten the name.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let tables = context.design.tables
            var issues: [Issue] = []
            for t in tables.indices {
                let name = tables[t].name
                if name.utf8.count > 63 {
                    issues.append(Issue(.table(name), "table name '\(name)' is \(name.utf8.count) bytes (at most 63)"))
                }
                let columns = tables[t].columns
                for c in columns.indices where columns[c].name.utf8.count > 63 {
                    issues.append(Issue(.column(name, columns[c].name), "column name '\(columns[c].name)' is \(columns[c].name.utf8.count) bytes (at most 63)"))
                }
                for index in tables[t].indexes where index.name.utf8.count > 63 {
                    issues.append(Issue(.table(name), "index name '\(index.name)' is \(index.name.utf8.count) bytes (at most 63)"))
                }
            }
            return issues
        }
    }

    struct PartitionKeyInPrimaryKey: Rule {
        let id = "db-partition-key-in-primary-key"
        let reads: DesignSections = .tables
        let defaultSeverity = Severity.warning
        let title = "Partition and shard keys are part of the primary key"
        let explanation = """
            A partitioned (or sharded) table can only enforce a primary key or unique constraint that includes the \
            partition key: each partition checks uniqueness alone. PostgreSQL refuses the table otherwise; Citus \
            and Vitess need the shard key in the key to route by it. Fix: add the key columns to a composite \
            primary key (id, created_at).
            """
        func check(_ context: RuleContext) -> [Issue] {
            var issues: [Issue] = []
            let tables = context.design.tables
            for t in tables.indices where tables[t].partitioning != nil || tables[t].sharding != nil {
                let pk = context.index.primaryKeys[t]
                guard !pk.isEmpty else { continue }
                let table = tables[t]
                for (what, key) in [("partition", table.partitioning?.key ?? []), ("shard", table.sharding?.key ?? [])] {
                    let missing = key.filter { context.index.hasColumn($0, inTable: t) && !pk.contains($0) }
                    if !missing.isEmpty {
                        issues.append(Issue(table.ref, "\(what) key \(quoted(missing)) of '\(table.name)' is not part of its primary key (\(pk.joined(separator: ", ")))"))
                    }
                }
            }
            return issues
        }
    }

    struct LargeTableUnplanned: Rule {
        let id = "db-large-table-unplanned"
        let reads: DesignSections = DesignSections.references.union(.tables)
        let defaultSeverity = Severity.warning
        let title = "Very large tables have a partitioning, sharding or growth note"
        static let threshold = 50_000_000
        let explanation = """
            A table expected to hold 50 million rows or more outgrows single-index maintenance: vacuum, index \
            rebuilds, backups and deletes of old rows get slow. Fix: partition (usually by time) or shard it, or \
            say in the table's description why it stays one table and how old rows are retired.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let design = context.design
            var affected: Set<String> = []
            for reference in context.index.references where reference.owner.kind == .bottleneck {
                if let ref = reference.ref, ref.kind == .table { affected.insert(ref.name) }
            }
            let notes = Array((design.scaling.notes ?? "").utf8)
            var issues: [Issue] = []
            for t in design.tables.indices {
                guard let rows = design.tables[t].estimatedRows, rows >= LargeTableUnplanned.threshold else { continue }
                let table = design.tables[t]
                guard table.partitioning == nil, table.sharding == nil, !affected.contains(table.name) else { continue }
                let description = table.description?.lowercased() ?? ""
                if ["partition", "shard", "archiv", "retention", "retain", "purge", "cold storage", "ttl"].contains(where: description.contains) { continue }
                // A note on another table (orders_archive) says nothing about this one (orders).
                if namesIdentifier(notes, table.name) { continue }
                issues.append(Issue(table.ref, "table '\(table.name)' expects \(rows) rows with no partitioning, sharding or note on growth"))
            }
            return issues
        }
    }
}
