import ArchbenchTestSupport
@testable import DesignInterop
import DesignModel
import Foundation
import Testing

/// The SQL export against a real PostgreSQL 15: it applies without error, and `pg_dump
/// --schema-only` of the database, imported back, gives the same tables, columns, types, keys,
/// foreign keys and indexes as the design (as PostgreSQL holds it: the export's warnings say where
/// that differs from the design).
@Suite(.serialized) struct PostgresRoundTripTests {
    static func designs() throws -> [(name: String, design: Design)] {
        [("shop", try DesignLoader.load(contentsOf: Fixture.shopPath).design), ("example", BundledExample.design)]
    }

    @Test func exportAppliesAndDumpsBackTheSameSchema() throws {
        try PostgresCluster.with { cluster in
            for (name, design) in try Self.designs() {
                for schemaPerService in [false, true] {
                    let database = "\(name)_\(schemaPerService ? "schemas" : "public")"
                    try cluster.createDatabase(database)
                    let export = PostgresSchemaExport.document(for: design, schemaPerService: schemaPerService)
                    let file = cluster.folder.appendingPathComponent("\(database).sql")
                    try Data(export.sql.utf8).write(to: file)
                    let applied = try cluster.client("psql", ["-q", "-X", "-v", "ON_ERROR_STOP=1", "-d", database, "-f", file.path])
                    #expect(applied.status == 0, "\(database): \(applied.output)")
                    #expect(applied.output.isEmpty, "\(database): psql said \(applied.output)")

                    let dumpFile = cluster.folder.appendingPathComponent("\(database).dump.sql")
                    let dumped = try cluster.client("pg_dump", ["--schema-only", "-d", database, "-f", dumpFile.path])
                    try #require(dumped.status == 0, "\(dumped.output)")
                    let dump = try String(contentsOf: dumpFile, encoding: .utf8)
                    let imported = try PostgresSchemaImport.read(dump, file: dumpFile.path)

                    let expected = PostgresSchemaExport.tablesAsPostgresHoldsThem(design).tables
                    #expect(Self.shape(imported.tables) == Self.shape(expected), "\(database)")
                    #expect(!expected.isEmpty)
                    if schemaPerService {
                        // Each service's tables come back in that service, named by their schema.
                        let owners = Dictionary(uniqueKeysWithValues: imported.tables.map { ($0.name, $0.service) })
                        for table in expected { #expect(owners[table.name] == table.service, "\(database): \(table.name)") }
                    }
                }
            }
        }
    }

    /// The shop's orders are partitioned by created_at and order_lines refers to orders.id: PostgreSQL
    /// needs created_at in the key, which then no longer lets order_id refer to id alone. The export
    /// says both, and changes nothing else.
    @Test func whatPostgresCannotHoldIsSaid() throws {
        let shop = try DesignLoader.load(contentsOf: Fixture.shopPath).design
        let export = PostgresSchemaExport.document(for: shop)
        #expect(export.warnings == [
            "table orders: partitioned by created_at, so its primary key is (id, created_at): PostgreSQL requires the partition key in it",
            "table order_lines, column order_id: the foreign key to orders.id is left out: that column is not, alone, a key or unique in orders",
        ])
        #expect(PostgresSchemaExport.document(for: BundledExample.design).warnings == [])
        #expect(export.sql == PostgresSchemaExport.document(for: shop).sql, "the same design gives the same text")
    }

    /// What the round trip compares, table by table, with PostgreSQL's defaults made explicit
    /// (btree, NO ACTION, NOT NULL on key columns) and types in PostgreSQL's own spelling.
    static func shape(_ tables: [Table]) -> [String] {
        tables.sorted { $0.name < $1.name }.flatMap { table -> [String] in
            let key = table.primaryKeyColumns
            var lines = ["table \(table.name) key (\(key.joined(separator: ", ")))"]
            for column in table.columns {
                let nullable = column.nullable ?? !key.contains(column.name)
                let type = column.type.flatMap(PostgresText.canonicalType) ?? "?\(column.type ?? "")"
                var line = "  column \(column.name) \(type)\(nullable ? "" : " not null")\(column.unique == true ? " unique" : "")"
                if let references = column.references {
                    line += " references \(references) on delete \((column.onDelete ?? .noAction).rawValue)"
                }
                lines.append(line)
            }
            for index in table.indexes.sorted(by: { $0.name < $1.name }) {
                lines.append("  index \(index.name) (\(index.columns.joined(separator: ", ")))\(index.unique == true ? " unique" : "")"
                    + " \((index.kind ?? .btree).rawValue)\(index.whereClause == nil ? "" : " partial")")
            }
            if let partitioning = table.partitioning {
                lines.append("  partition by \(partitioning.strategy?.rawValue ?? "") (\(partitioning.key.joined(separator: ", ")))")
            }
            return lines
        }
    }
}
