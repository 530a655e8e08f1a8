import ArchbenchTestSupport
@testable import DesignInterop
import DesignModel
import DesignRules
import Foundation
import OpenAPIKit
import Testing

@Suite struct OpenAPITests {
    static func designs() throws -> [(name: String, design: Design)] {
        [("shop", try DesignLoader.load(contentsOf: Fixture.shopPath).design), ("example", BundledExample.design)]
    }

    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("archbench-openapi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func validator(_ file: URL) throws -> (status: Int32, output: String) {
        try PostgresCluster.run(["/usr/bin/env", "openapi-spec-validator", file.path])
    }

    /// `openapi-spec-validator` (PyPI) accepts the export of both designs, in YAML and JSON.
    @Test func exportValidatesWithOpenAPISpecValidator() throws {
        let found = try PostgresCluster.run(["/bin/sh", "-c", "command -v openapi-spec-validator"])
        try #require(found.status == 0, "openapi-spec-validator is not installed: python3 -m pip install openapi-spec-validator")
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, design) in try Self.designs() {
            for (encoding, suffix) in [(OpenAPIExport.Encoding.yaml, "yaml"), (.json, "json")] {
                let export = try OpenAPIExport.document(for: design, as: encoding)
                #expect(export.warnings.isEmpty, "\(name): \(export.warnings)")
                let file = folder.appendingPathComponent("\(name).openapi.\(suffix)")
                try Data(export.text.utf8).write(to: file)
                let result = try Self.validator(file)
                #expect(result.status == 0, "\(name).\(suffix): \(result.output)")
                #expect(result.output.contains("OK"), "\(name).\(suffix): \(result.output)")
                #expect(try OpenAPIExport.document(for: design, as: encoding).text == export.text, "deterministic")
            }
        }
        // The validator bites: a path parameter that the operation does not declare is an error.
        let export = try OpenAPIExport.document(for: BundledExample.design, as: .yaml).text
        let broken = folder.appendingPathComponent("broken.yaml")
        try Data(export.replacingOccurrences(of: "openapi: 3.1.1", with: "openapi: 3.1.1\nwebhooks: 3").utf8).write(to: broken)
        #expect(try Self.validator(broken).status != 0)
    }

    /// Importing the export gives the same endpoints: method, path, params (with the path's
    /// `{name}`s the export declares), statuses, service and auth. The export sorts keys (paths,
    /// statuses, schemes) so that the same design always gives the same bytes; the comparison is
    /// by endpoint name.
    @Test func exportImportsBackToTheSameEndpoints() throws {
        func byName(_ endpoints: [Endpoint]) -> [Endpoint] { endpoints.sorted { $0.name < $1.name } }
        for (name, design) in try Self.designs() {
            for encoding in [OpenAPIExport.Encoding.yaml, .json] {
                let text = try OpenAPIExport.document(for: design, as: encoding).text
                let imported = try OpenAPIImport.read(text, file: "\(name).openapi", services: .fromTags)
                let got = byName(imported.endpoints), want = byName(design.endpoints)
                #expect(got.map(Self.shape) == want.map(Self.shape), "\(name)")
                #expect(got.map(\.service) == want.map(\.service), "\(name): services from tags")
                #expect(got.map(\.auth) == want.map(\.auth), "\(name): auth")
                #expect(imported.auth.map(\.name).sorted() == design.api.auth.map(\.name).sorted())
                #expect(imported.baseURL == design.api.baseURL)
            }
        }
    }

    static func shape(_ endpoint: Endpoint) -> String {
        var params = endpoint.params.map { "\($0.location.rawValue):\($0.name)" }
        for name in PathTemplate(endpoint.path).paramNames where !params.contains("path:\(name)") { params.append("path:\(name)") }
        return "\(endpoint.method.rawValue) \(endpoint.path) [\(params.sorted().joined(separator: ","))] "
            + endpoint.responses.map(\.status).sorted().map(String.init).joined(separator: ",")
    }

    /// The Swagger Petstore (OpenAPI 3.0.4): 13 paths, 19 operations in three tags, two security schemes.
    @Test func petstoreCountsExactly() throws {
        let file = Fixture.path("interop/petstore/openapi.yaml")
        let result = try OpenAPIImport.read(try Fixture.text("interop/petstore/openapi.yaml"), file: file, services: .fromTags)
        #expect(result.endpoints.count == 19)
        #expect(Set(result.endpoints.map(\.path)).count == 13)
        #expect(result.services.map(\.name) == ["pet", "store", "user"])
        #expect(result.services.first?.description == "Everything about your Pets")
        #expect(result.endpoints.filter { $0.service == "pet" }.count == 8)
        #expect(result.auth.map(\.name) == ["petstore_auth", "api_key"])
        #expect(result.auth.map(\.type) == [.oauth2, .apiKey])
        #expect(result.baseURL == "https://petstore3.swagger.io/api/v3")
        #expect(result.title == "Swagger Petstore - OpenAPI 3.0")

        let find = try #require(result.endpoints.first { $0.name == "GET /pet/findByStatus" })
        #expect(find.params == [Param(name: "status", location: .query, type: "string", required: nil,
                                      description: "Status values that need to be considered for filter")])
        #expect(find.responses.map(\.status) == [200, 400])
        #expect(find.auth == "petstore_auth")
        #expect(find.scopes == ["write:pets", "read:pets"])
        // No example in the document: one made from the schema ($ref to Pet resolved).
        let example = try #require(find.responses.first?.example)
        #expect(JSONSyntax.check(example) == nil)
        #expect(example.contains("\"name\": \"doggie\""))
        let delete = try #require(result.endpoints.first { $0.name == "DELETE /pet/{petId}" })
        #expect(delete.params.map(\.name) == ["api_key", "petId"])
        #expect(delete.params.first { $0.name == "petId" }?.type == "integer")
        #expect(result.endpoints.first { $0.name == "GET /user/login" }?.auth == nil, "no security: not decided")
        #expect(result.skipped.contains { $0.contains("the URLs and scopes of the OAuth 2.0 flows of auth scheme petstore_auth") })
        #expect(result.endpoints.first?.extensions.entries.first?.key == "x_openapi", "the operationId is kept")
    }

    @Test func swaggerTwoIsRefusedBySaying() throws {
        #expect {
            _ = try OpenAPIImport.read("swagger: \"2.0\"\ninfo:\n  title: old\n", file: "old.yaml")
        } throws: { error in
            (error as? DesignLoadError)?.description == "old.yaml:1:10: Swagger 2.0 is not supported: convert the document to OpenAPI 3 first"
        }
        #expect {
            _ = try OpenAPIImport.read("title: a design\n", file: "not.yaml")
        } throws: { error in
            (error as? DesignLoadError)?.description == "not.yaml:1:1: not an OpenAPI document: no 'openapi' version key"
        }
        #expect {
            _ = try OpenAPIImport.read("openapi: 3.1.0\ninfo: [\n", file: "bad.yaml")
        } throws: { error in
            (error as? DesignLoadError)?.description.hasPrefix("bad.yaml:3:1: ") == true
        }
        #expect {
            _ = try OpenAPIImport.read("openapi: 3.1.0\ninfo:\n  title: t\n  version: '1'\npaths:\n  /a:\n    get:\n      responses: 5\n",
                                       file: "wrong.yaml")
        } throws: { error in
            (error as? DesignLoadError)?.description.hasPrefix("wrong.yaml:8:18: not a valid OpenAPI document") == true
        }
    }

    /// A JSON document is read by the JSON reader and a YAML one by the YAML parser, into the
    /// same endpoints to the last field: examples, rate limits and idempotency kept under
    /// `x-archbench`, services and auth.
    @Test func jsonAndYAMLImportAlike() throws {
        for (name, design) in try Self.designs() {
            let yaml = try OpenAPIImport.read(try OpenAPIExport.document(for: design, as: .yaml).text, file: "\(name).yaml",
                                              services: .fromTags)
            let json = try OpenAPIImport.read(try OpenAPIExport.document(for: design, as: .json).text, file: "\(name).json",
                                              services: .fromTags)
            #expect(json.endpoints == yaml.endpoints, "\(name)")
            #expect(json.auth == yaml.auth, "\(name)")
            #expect(yaml.endpoints.contains { $0.rateLimit != nil } == design.endpoints.contains { $0.rateLimit != nil })
            #expect(yaml.endpoints.contains { $0.responses.contains { $0.example != nil } })
        }
    }

    /// The shop design's endpoints forty times over, under `/v0` to `/v39`: enough path items
    /// for the import and the export to share them out between the two cores.
    static func large() throws -> Design {
        var design = try DesignLoader.load(contentsOf: Fixture.shopPath).design
        let endpoints = design.endpoints
        design.endpoints = (0..<40).flatMap { copy in
            endpoints.map { endpoint in
                var moved = endpoint
                moved.path = "/v\(copy)" + endpoint.path
                return moved
            }
        }
        return design
    }

    /// The export's own encoder writes Foundation's `JSONEncoder` output to the byte, and the
    /// YAML of its tree is the YAML of that output parsed back (as the export made it before):
    /// for both designs, the large one (its path items encoded on both cores) and the Petstore.
    @Test func treeEncoderWritesWhatFoundationWrites() throws {
        var documents: [(String, OpenAPIKit.OpenAPI.Document)] = []
        for (name, design) in try Self.designs() + [("large", try Self.large())] {
            var warnings: [String] = []
            documents.append((name, OpenAPIExport.build(design, warnings: &warnings)))
        }
        let petstore = "interop/petstore/openapi.yaml"
        documents.append(("petstore", try OpenAPIImport.document(try Fixture.text(petstore), file: petstore).0))
        #expect(documents[2].1.paths.count >= Parallel.minimumCount)
        for (name, document) in documents {
            let foundation = try OpenAPIExport.foundationJSON(document)
            let tree = try TreeEncoder().encode(document)
            #expect(TreeEncoder.text(tree) == foundation, "\(name)")
            #expect(tree.yaml == JSONSyntax.value(foundation)?.yaml, "\(name)")
            #expect(try TreeEncoder(inParallel: false).encode(document) == tree, "\(name)")
        }
        // Strings escaped and numbers spelled as Foundation does.
        let odd = AnyCodable(["text": "a/b \"q\" \\ \n \r \t \u{08} \u{0C} \u{01} \u{1F} \u{7F} é 😀", "numbers": [10.0, 1.5, 1e-7, 1e21, -0.0, 7],
                              "empty": [String: Int](), "none": [Int](), "B": true, "a10": 1, "a2": 2, "_": 3] as [String: any Sendable])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        #expect(TreeEncoder.text(try TreeEncoder().encode(odd)) == String(decoding: try encoder.encode(odd), as: UTF8.self))
    }

    /// The import of a large document, its path items decoded, resolved and read on both cores,
    /// gives what it gives on one, to the last skipped line; a path item that does not decode is
    /// reported with the same message either way.
    @Test func parallelImportReadsWhatOneCoreReads() throws {
        let design = try Self.large()
        for encoding in [OpenAPIExport.Encoding.yaml, .json] {
            let text = try OpenAPIExport.document(for: design, as: encoding).text
            let (both, _) = try OpenAPIImport.document(text, file: "large")
            let (one, _) = try OpenAPIImport.document(text, file: "large", inParallel: false)
            #expect(both == one)
            let parallel = try OpenAPIImport.read(text, file: "large", services: .fromTags)
            let serial = try OpenAPIImport.read(text, file: "large", services: .fromTags, inParallel: false)
            #expect(parallel.endpoints == serial.endpoints)
            #expect(parallel.endpoints.count == design.endpoints.count)
            #expect(parallel.services == serial.services)
            #expect(parallel.auth == serial.auth)
            #expect(parallel.skipped == serial.skipped)
            #expect(parallel.baseURL == serial.baseURL)
        }
        // The last path item's responses made a number: OpenAPIKit's error, from both ways alike.
        let json = try OpenAPIExport.document(for: design, as: .json).text
        guard case var .object(members)? = JSONSyntax.value(json),
              let pathsIndex = members.firstIndex(where: { $0.key == "paths" }),
              case var .object(paths) = members[pathsIndex].value,
              case var .object(operations) = paths[paths.count - 1].value,
              case var .object(operation) = operations[0].value,
              let responses = operation.firstIndex(where: { $0.key == "responses" }) else {
            Issue.record("the export has no paths")
            return
        }
        operation[responses].value = .number("5")
        operations[0].value = .object(operation)
        paths[paths.count - 1].value = .object(operations)
        members[pathsIndex].value = .object(paths)
        let broken = JSONValue.object(members).text(indent: 2)
        var messages: [String] = []
        for inParallel in [true, false] {
            do {
                _ = try OpenAPIImport.read(broken, file: "broken.json", inParallel: inParallel)
                Issue.record("a path item whose responses are a number was read")
            } catch {
                messages.append(error.description)
            }
        }
        #expect(messages.count == 2 && messages[0] == messages[1])
        #expect(messages.first?.hasPrefix("broken.json:1:1: not a valid OpenAPI document") == true, "\(messages)")
    }

    /// A YAML document composed from libyaml's events (`OpenAPIYAML`) decodes to the document
    /// and the `x-archbench` that `Yams.compose`'s tree gives, anchors, aliases and merge keys
    /// included; what it does not compose as Yams would (a tag, keys written alike, an undefined
    /// alias, two documents) and every error go Yams' way and say the same.
    @Test func yamlComposedFromEventsDecodesAsYamsComposesIt() throws {
        let petstore = "interop/petstore/openapi.yaml"
        var texts = [try Fixture.text(petstore)]
        for (_, design) in try Self.designs() + [("large", try Self.large())] {
            texts.append(try OpenAPIExport.document(for: design, as: .yaml).text)
        }
        let merged = """
        openapi: 3.1.0
        info: {title: Merge, version: 1.0}
        paths:
          /a:
            get:
              x-archbench: {rate_limit: 10/s, idempotent: 'true'}
              responses:
                '200': &ok
                  description: fine
                  content: {application/json: {example: {id: 1, name: "x", on: yes, off: 'no'}}}
                404:
                  <<: *ok
                  description: missing
            post: {responses: {'201': *ok}}
        """
        texts.append(merged)
        #expect(OpenAPIYAML.compose(merged) != nil)
        let fallsBack = [
            merged.replacingOccurrences(of: "version: 1.0", with: "version: !!str 1.0"),
            merged.replacingOccurrences(of: "404:", with: "'200':"),
            merged.replacingOccurrences(of: "404:", with: "200:"),
            merged.replacingOccurrences(of: "*ok}}", with: "*nothing}}"),
            merged + "\n---\nopenapi: 3.1.0\n",
            merged.replacingOccurrences(of: "paths:", with: "swagger: '2.0'\npaths:"),
            merged.replacingOccurrences(of: "responses: {'201'", with: "responses: {201: [], '201'"),
            "openapi: 3.1.0\ninfo: [\n",
        ]
        for text in fallsBack.prefix(5) { #expect(OpenAPIYAML.compose(text) == nil) }
        for text in texts + fallsBack {
            func outcome(viaYams: Bool) -> (OpenAPIKit.OpenAPI.Document?, [String: [String: String]], String) {
                do {
                    let (document, extensions) = try OpenAPIImport.document(text, file: "t.yaml", viaYams: viaYams)
                    return (document, extensions, "")
                } catch {
                    return (nil, [:], error.description)
                }
            }
            let (fast, yams) = (outcome(viaYams: false), outcome(viaYams: true))
            #expect(fast.0 == yams.0 && fast.1 == yams.1 && fast.2 == yams.2, "\(text.prefix(200))")
        }
        let (document, extensions) = try OpenAPIImport.document(merged, file: "merged.yaml")
        #expect(extensions == ["GET /a": ["rate_limit": "10/s", "idempotent": "true"]])
        #expect(document.paths.first?.value.b?.get?.responses.count == 2)
    }

    /// The decoder reads what YAML allows beyond JSON: a merge key, quoted and plain response
    /// codes alike, `1.0` as a version string. A file that starts like JSON but is not JSON is
    /// read as YAML, whose parser says where it fails.
    @Test func yamlMergeKeysQuotedCodesAndBrokenJSON() throws {
        let yaml = """
        openapi: 3.1.0
        info: {title: Merge, version: 1.0}
        paths:
          /a:
            get:
              responses:
                '200': &ok
                  description: fine
                  content: {application/json: {example: {id: 1, name: "x"}}}
                404:
                  <<: *ok
                  description: missing
        """
        let result = try OpenAPIImport.read(yaml, file: "merge.yaml")
        let responses = try #require(result.endpoints.first).responses
        #expect(responses.map(\.status) == [200, 404])
        #expect(responses.map(\.description) == ["fine", "missing"])
        #expect(responses.last?.example == responses.first?.example)
        #expect(responses.first?.example == "{\n  \"id\": 1,\n  \"name\": \"x\"\n}")
        #expect(result.version == "1.0")
        #expect {
            try OpenAPIImport.read("{\"openapi\": \"3.1.0\",\n \"info\": [}", file: "bad.json")
        } throws: { error in
            (error as? DesignLoadError)?.description.hasPrefix("bad.json:2:") == true
        }
    }
}
