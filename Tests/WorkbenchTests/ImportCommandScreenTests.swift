import ArchbenchTestSupport
import DesignModel
import Foundation
import Testing
@testable import Workbench

/// `:import openapi|sql FILE [SERVICE]` in the workbench: the file merged into the open design as
/// one edit, which one undo takes back; a file that does not parse changes nothing.
@MainActor
@Suite struct ImportCommandScreenTests {
    @Test func anOpenAPIDocumentAndASchemaAreMergedAndUndoneInOneStepEach() throws {
        let bench = try Bench(width: 120, height: 40)
        let before = bench.state.design
        bench.type(":import openapi \(Fixture.path("interop/petstore/openapi.yaml"))\r")
        #expect(bench.state.design.endpoints.count == before.endpoints.count + 19)
        #expect(bench.state.design.services.map(\.name) == before.services.map(\.name) + ["pet", "store", "user"])
        #expect(bench.state.design.endpoints.prefix(before.endpoints.count).elementsEqual(before.endpoints),
                "nothing of the design is changed by an import that shares nothing with it")
        #expect(bench.lines[39].contains("import openapi openapi.yaml: 24 added, 0 changed, 0 unchanged"), "\(bench.lines[39])")
        #expect(bench.state.isModified)

        bench.type(":import sql \(Fixture.path("interop/pagila/pagila-schema.sql")) store\r")
        #expect(bench.state.design.tables.count == before.tables.count + 16)
        #expect(bench.state.design.tables.suffix(16).allSatisfy { $0.service == "store" })
        #expect(bench.state.history.undoStack.count == 2)

        bench.type("u")
        #expect(bench.state.design.tables == before.tables)
        #expect(bench.state.design.endpoints.count == before.endpoints.count + 19)
        bench.type("u")
        #expect(bench.state.design == before)
        #expect(!bench.state.isModified)
    }

    @Test func aFileThatDoesNotParseChangesNothing() throws {
        let bench = try Bench(width: 120, height: 40)
        let before = bench.state.design
        let bad = bench.file("bad.sql")
        try Data("CREATE TABLE x (\n".utf8).write(to: URL(fileURLWithPath: bad))
        bench.type(":import sql \(bad)\r")
        #expect(bench.state.design == before)
        #expect(bench.state.message?.text == "\(bad):2:1: syntax error at end of input")
        #expect(bench.lines[39].contains("bad.sql:2:1: syntax error"))
        bench.type(":import yaml \(bad)\r")
        #expect(bench.lines[39].contains("usage: :import openapi|sql FILE [SERVICE]"))
        #expect(bench.state.history.undoStack.isEmpty)
    }
}
