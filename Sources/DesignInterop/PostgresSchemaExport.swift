import DesignModel

/// A design's tables as PostgreSQL DDL: tables in dependency order (a table after the tables it
/// refers to) with columns, keys, foreign keys with ON DELETE, PARTITION BY; then indexes
/// (unique, partial, with their method) and COMMENT ON from the descriptions. The same design
/// always gives the same text.
package enum PostgresSchemaExport {
    package struct Result: Sendable {
        package var sql: String
        /// What could not be said in DDL as the design has it (a column without a type), for standard error.
        package var warnings: [String]
    }

    /// - Parameter schemaPerService: each service's tables in a schema of the service's name
    ///   (tables without a service stay in `public`).
    package static func document(for design: Design, schemaPerService: Bool = false) -> Result {
        var held = design
        let adjusted = tablesAsPostgresHoldsThem(design)
        held.tables = adjusted.tables
        var writer = Writer(design: held, schemaPerService: schemaPerService)
        writer.warnings = adjusted.warnings
        writer.write()
        return Result(sql: writer.output, warnings: writer.warnings)
    }

    /// The design's tables changed where PostgreSQL cannot hold them as they are, each change with
    /// a warning: a column without a type is `text`; the keys and unique columns of a partitioned
    /// table include its partition key (PostgreSQL requires it); a foreign key to a column that is
    /// not, alone, a key of its table is left out (PostgreSQL refuses it). The export writes these
    /// tables, and `pg_dump` of what it creates gives them back.
    package static func tablesAsPostgresHoldsThem(_ design: Design) -> (tables: [Table], warnings: [String]) {
        var warnings: [String] = []
        var tables = design.tables
        for t in tables.indices {
            for c in tables[t].columns.indices where (tables[t].columns[c].type ?? "").isEmpty {
                tables[t].columns[c].type = "text"
                warnings.append("table \(tables[t].name), column \(tables[t].columns[c].name): no type; written as text")
            }
            guard let partitioning = tables[t].partitioning, partitioning.strategy != nil, !partitioning.key.isEmpty else { continue }
            let key = partitioning.key
            var primaryKey = tables[t].primaryKeyColumns
            if !primaryKey.isEmpty, !key.allSatisfy(primaryKey.contains) {
                primaryKey += key.filter { !primaryKey.contains($0) }
                warnings.append("table \(tables[t].name): partitioned by \(key.joined(separator: ", ")), so its primary key "
                    + "is (\(primaryKey.joined(separator: ", "))): PostgreSQL requires the partition key in it")
                for c in tables[t].columns.indices { tables[t].columns[c].primaryKey = nil }
                tables[t].primaryKey = primaryKey
            }
            for c in tables[t].columns.indices where tables[t].columns[c].unique == true && !(key == [tables[t].columns[c].name]) {
                let column = tables[t].columns[c].name
                tables[t].columns[c].unique = nil
                let columns = [column] + key.filter { $0 != column }
                tables[t].indexes.append(Index(name: "\(tables[t].name)_\(columns.joined(separator: "_"))_key", columns: columns, unique: true))
                warnings.append("table \(tables[t].name): partitioned by \(key.joined(separator: ", ")), so column \(column) "
                    + "is unique together with it: PostgreSQL requires the partition key in a unique constraint")
            }
            for i in tables[t].indexes.indices where tables[t].indexes[i].unique == true && !key.allSatisfy(tables[t].indexes[i].columns.contains) {
                tables[t].indexes[i].columns += key.filter { !tables[t].indexes[i].columns.contains($0) }
                warnings.append("table \(tables[t].name): unique index \(tables[t].indexes[i].name) includes the partition key "
                    + "\(key.joined(separator: ", ")), as PostgreSQL requires")
            }
        }
        // A foreign key must name a column that is alone the primary key or unique.
        let keys: [String: Set<String>] = Dictionary(tables.map { table in
            var single = Set<String>()
            if table.primaryKeyColumns.count == 1 { single.insert(table.primaryKeyColumns[0]) }
            for column in table.columns where column.unique == true { single.insert(column.name) }
            for index in table.indexes where index.unique == true && index.columns.count == 1 && index.whereClause == nil {
                single.insert(index.columns[0])
            }
            return (table.name, single)
        }, uniquingKeysWith: { first, _ in first })
        for t in tables.indices {
            for c in tables[t].columns.indices {
                guard let (target, column) = tables[t].columns[c].referencedColumn, let targetKeys = keys[target] else { continue }
                if !targetKeys.contains(column) {
                    warnings.append("table \(tables[t].name), column \(tables[t].columns[c].name): the foreign key to "
                        + "\(target).\(column) is left out: that column is not, alone, a key or unique in \(target)")
                    tables[t].columns[c].references = nil
                    tables[t].columns[c].onDelete = nil
                }
            }
        }
        return (tables, warnings)
    }

    private struct Writer {
        let design: Design
        let schemaPerService: Bool
        var output = ""
        var warnings: [String] = []
        let tablesByName: [String: Table]

        init(design: Design, schemaPerService: Bool) {
            self.design = design
            self.schemaPerService = schemaPerService
            var byName: [String: Table] = [:]
            for table in design.tables where byName[table.name] == nil { byName[table.name] = table }
            tablesByName = byName
        }

        func name(of table: String) -> String {
            let bare = PostgresText.identifier(table)
            guard schemaPerService, let service = tablesByName[table]?.service else { return bare }
            return PostgresText.identifier(service) + "." + bare
        }

        mutating func write() {
            output += "-- \(design.title): the PostgreSQL schema of the design, written by archbench.\n"
            if schemaPerService {
                var schemas: [String] = []
                for table in design.tables {
                    if let service = table.service, !schemas.contains(service) { schemas.append(service) }
                }
                if !schemas.isEmpty { output += "\n" }
                for schema in schemas { output += "CREATE SCHEMA IF NOT EXISTS \(PostgresText.identifier(schema));\n" }
            }
            let (order, deferred) = dependencyOrder()
            for table in order { createTable(table, deferred: deferred) }
            for pair in deferred.sorted(by: { ($0.table, $0.column) < ($1.table, $1.column) }) {
                guard let column = tablesByName[pair.table]?.column(named: pair.column) else { continue }
                output += "\nALTER TABLE \(name(of: pair.table)) ADD FOREIGN KEY (\(PostgresText.identifier(pair.column))) "
                    + reference(column) + ";\n"
            }
            for table in order {
                for index in table.indexes { createIndex(index, on: table) }
            }
            for table in order { comments(table) }
        }

        /// Tables so that each comes after those its foreign keys name, in design order otherwise;
        /// a foreign key in a cycle (not to the table itself) is added by ALTER TABLE after all tables.
        func dependencyOrder() -> ([Table], Set<Pair>) {
            var placed = Set<String>()
            var order: [Table] = []
            var deferred = Set<Pair>()
            var visiting = Set<String>()
            func visit(_ table: Table) {
                guard !placed.contains(table.name) else { return }
                visiting.insert(table.name)
                for column in table.columns {
                    guard let target = column.referencedColumn?.table, target != table.name,
                          let referenced = tablesByName[target] else { continue }
                    if visiting.contains(target) {
                        deferred.insert(Pair(table: table.name, column: column.name))
                    } else {
                        visit(referenced)
                    }
                }
                visiting.remove(table.name)
                if placed.insert(table.name).inserted { order.append(table) }
            }
            for table in design.tables { visit(table) }
            return (order, deferred)
        }

        struct Pair: Hashable {
            var table: String
            var column: String
        }

        func reference(_ column: Column) -> String {
            guard let (table, target) = column.referencedColumn else { return "" }
            var text = "REFERENCES \(name(of: table)) (\(PostgresText.identifier(target)))"
            switch column.onDelete {
            case .cascade?: text += " ON DELETE CASCADE"
            case .restrict?: text += " ON DELETE RESTRICT"
            case .setNull?: text += " ON DELETE SET NULL"
            case .noAction?: text += " ON DELETE NO ACTION"
            case nil: break
            }
            return text
        }

        mutating func createTable(_ table: Table, deferred: Set<Pair>) {
            var lines: [String] = []
            let compositeKey = table.primaryKey
            for column in table.columns {
                var line = "    \(PostgresText.identifier(column.name)) "
                line += column.type ?? "text"
                let isKey = column.primaryKey == true || compositeKey.contains(column.name)
                if column.nullable == false || (column.nullable == nil && isKey) { line += " NOT NULL" }
                if let value = column.defaultValue, !value.isEmpty { line += " DEFAULT \(value)" }
                if column.primaryKey == true, compositeKey.isEmpty { line += " PRIMARY KEY" }
                if column.unique == true { line += " UNIQUE" }
                if column.references != nil, tablesByName[column.referencedColumn?.table ?? ""] != nil,
                   !deferred.contains(Pair(table: table.name, column: column.name)) {
                    line += " " + reference(column)
                } else if let references = column.references, tablesByName[column.referencedColumn?.table ?? ""] == nil {
                    warnings.append("table \(table.name), column \(column.name): references \(references), not a table of the design; left out")
                }
                lines.append(line)
            }
            if !compositeKey.isEmpty {
                lines.append("    PRIMARY KEY (\(compositeKey.map(PostgresText.identifier).joined(separator: ", ")))")
            }
            output += "\nCREATE TABLE \(name(of: table.name)) (\n" + lines.joined(separator: ",\n") + "\n)"
            if let partitioning = table.partitioning, let strategy = partitioning.strategy, !partitioning.key.isEmpty {
                let key = partitioning.key.map { $0.hasPrefix("(") ? $0 : PostgresText.identifier($0) }
                output += " PARTITION BY \(strategy.rawValue.uppercased()) (\(key.joined(separator: ", ")))"
            }
            output += ";\n"
        }

        mutating func createIndex(_ index: Index, on table: Table) {
            let columns = index.columns.map { $0.hasPrefix("(") ? $0 : PostgresText.identifier($0) }
            var text = "\nCREATE \(index.unique == true ? "UNIQUE " : "")INDEX \(PostgresText.identifier(index.name)) "
                + "ON \(name(of: table.name))"
            if let kind = index.kind { text += " USING \(kind.rawValue)" }
            text += " (\(columns.joined(separator: ", ")))"
            if let condition = index.whereClause, !condition.isEmpty { text += " WHERE \(condition)" }
            output += text + ";\n"
        }

        mutating func comments(_ table: Table) {
            var text = ""
            if let description = table.description, !description.isEmpty {
                text += "COMMENT ON TABLE \(name(of: table.name)) IS \(PostgresText.literal(description));\n"
            }
            for column in table.columns {
                guard let description = column.description, !description.isEmpty else { continue }
                text += "COMMENT ON COLUMN \(name(of: table.name)).\(PostgresText.identifier(column.name)) IS "
                    + "\(PostgresText.literal(description));\n"
            }
            if !text.isEmpty { output += "\n" + text }
        }
    }
}
