import ArchbenchTestSupport
import DesignModel
import Foundation
import Testing

/// `archbench import openapi|sql` and `export --format openapi|sql` of the real binary: a new
/// design with -o, a merge with --into, what is skipped on stderr, and bad input refused with
/// exit 2 and nothing written.
@Suite struct ImportCommandTests {
    static let petstore = Fixture.path("interop/petstore/openapi.yaml")
    static let pagila = Fixture.path("interop/pagila/pagila-schema.sql")

    @Test func openAPIIntoANewDesignThenASchemaMergedIntoIt() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let design = folder.appendingPathComponent("pets.design.yaml").path

        let imported = try CLI.run(["import", "openapi", Self.petstore, "-o", design, "--service-from", "tags"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.hasPrefix("24 added, 0 changed, 0 unchanged, 0 left as they were\n"))
        #expect(imported.stdout.contains("added endpoint:GET /pet/findByStatus\n"))
        #expect(imported.stderr.contains("\(Self.petstore): skipped response 'default' of POST /pet"))
        var loaded = try DesignLoader.load(contentsOf: design).design
        #expect(loaded.endpoints.count == 19)
        #expect(loaded.services.map(\.name) == ["pet", "store", "user"])

        // -o never writes over a file.
        let again = try CLI.run(["import", "openapi", Self.petstore, "-o", design])
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exists"), "\(again.stderr)")

        let merged = try CLI.run(["import", "sql", Self.pagila, "--into", design, "--service", "store"])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout.hasPrefix("16 added, 0 changed, 1 unchanged, 23 left as they were\n"), "\(merged.stdout)")
        #expect(merged.stderr.contains("skipped 106 OWNER TO statements"))
        loaded = try DesignLoader.load(contentsOf: design).design
        #expect(loaded.endpoints.count == 19, "nothing of the design is dropped")
        #expect(loaded.tables.count == 16)
        #expect(loaded.tables.allSatisfy { $0.service == "store" })

        // Merging the same schema again changes nothing.
        let twice = try CLI.run(["import", "sql", Self.pagila, "--into", design, "--service", "store"])
        #expect(twice.status == 0)
        #expect(twice.stdout.hasPrefix("0 added, 0 changed, 17 unchanged,"), "\(twice.stdout)")
    }

    @Test func badInputExitsTwoAndWritesNothing() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let design = folder.appendingPathComponent("shop.design.yaml")
        try Data(contentsOf: URL(fileURLWithPath: CLI.shopPath)).write(to: design)
        let before = try Data(contentsOf: design)

        let bad = folder.appendingPathComponent("bad.sql")
        try Data("CREATE TABLE x (\n".utf8).write(to: bad)
        let syntax = try CLI.run(["import", "sql", bad.path, "--into", design.path])
        #expect(syntax.status == 2)
        #expect(syntax.stderr == "\(bad.path):2:1: syntax error at end of input\n")

        let swagger = folder.appendingPathComponent("old.yaml")
        try Data("swagger: \"2.0\"\ninfo:\n  title: old\n".utf8).write(to: swagger)
        let old = try CLI.run(["import", "openapi", swagger.path, "--into", design.path])
        #expect(old.status == 2)
        #expect(old.stderr.contains("old.yaml:1:10: Swagger 2.0 is not supported"), "\(old.stderr)")

        let neither = try CLI.run(["import", "sql", Self.pagila])
        #expect(neither.status == 2)
        #expect(neither.stderr.contains("give either --into DESIGN or -o NEW"))
        #expect(try Data(contentsOf: design) == before)
    }

    @Test func exportsAreTheSameBytesEveryTime() throws {
        for format in ["openapi", "sql"] {
            let first = try CLI.run(["export", CLI.shopPath, "--format", format])
            let second = try CLI.run(["export", CLI.shopPath, "--format", format])
            #expect(first.status == 0, "\(first.stderr)")
            #expect(!first.stdout.isEmpty && first.stdout == second.stdout, "\(format)")
        }
        let openapi = try CLI.run(["export", CLI.shopPath, "--format", "openapi"])
        #expect(openapi.stdout.contains("openapi: 3.1.1"))
        let sql = try CLI.run(["export", CLI.shopPath, "--format", "sql"])
        #expect(sql.stdout.contains("CREATE TABLE"))
        #expect(sql.stderr.contains("partitioned by created_at"), "the export says what PostgreSQL cannot hold")
    }
}
