import DesignInterop
import DesignModel

/// OpenAPI and PostgreSQL both ways on the large design: its 2,000 endpoints exported to an
/// OpenAPI document and that document imported, its 500 tables exported as DDL and the DDL
/// imported (PostgreSQL's parser included).
enum InteropBenchmarks {
    static func run(design: Design) throws -> [Measurement] {
        var openAPIText = ""
        let exportOpenAPI = try measure("export OpenAPI 3.1 (\(design.endpoints.count) operations)", target: 200) {
            openAPIText = try OpenAPIExport.document(for: design, as: .yaml).text
        }
        var openAPIJSON = ""
        let exportOpenAPIJSON = try measure("export OpenAPI 3.1 as JSON", target: 200) {
            openAPIJSON = try OpenAPIExport.document(for: design, as: .json).text
        }
        var sqlText = ""
        let exportSQL = measure("export PostgreSQL DDL (\(design.tables.count) tables)", target: 200) {
            sqlText = PostgresSchemaExport.document(for: design, schemaPerService: true).sql
        }
        var operations = 0, tables = 0
        let importOpenAPI = try measure("import OpenAPI (\(design.endpoints.count) operations)", target: 500) {
            operations = try OpenAPIImport.read(openAPIText, file: "large.openapi.yaml", services: .fromTags).endpoints.count
        }
        var jsonOperations = 0
        let importOpenAPIJSON = try measure("import OpenAPI as JSON", target: 500) {
            jsonOperations = try OpenAPIImport.read(openAPIJSON, file: "large.openapi.json", services: .fromTags).endpoints.count
        }
        let importSQL = try measure("import PostgreSQL DDL (\(design.tables.count) tables)", target: 500) {
            tables = try PostgresSchemaImport.read(sqlText, file: "large.sql").tables.count
        }
        guard operations == design.endpoints.count, jsonOperations == operations, tables == design.tables.count else {
            throw BenchmarkFailure("the imports gave \(operations) operations and \(tables) tables")
        }
        return [exportOpenAPI, exportOpenAPIJSON, exportSQL, importOpenAPI, importOpenAPIJSON, importSQL]
    }
}

struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
