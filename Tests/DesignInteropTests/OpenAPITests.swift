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

    /// The export is exactly what OpenAPIKit writes for the document it describes: decoded by
    /// OpenAPIKit and encoded again by Foundation's `JSONEncoder` (keys sorted), the JSON comes
    /// back to the byte, and the YAML is that JSON written as YAML. For both designs, a large
    /// one, and a design of the cases OpenAPIKit writes in its own way (numbers, a key written
    /// twice, media type parameters, scheme names, statuses, a route declared twice).
    @Test func exportIsWhatOpenAPIKitWrites() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        for (name, design) in try Self.designs() + [("large", try Self.large()), ("awkward", Self.awkward())] {
            let json = try OpenAPIExport.document(for: design, as: .json).text
            // Read by the import's decoder, which keeps the order of a schema's properties (and so
            // of its `required` list) as written (Foundation's decoder hashes them), and which
            // reads `x-archbench` on its own.
            let (document, extensions) = try OpenAPIImport.document(json, file: "\(name).json", keepingEverySchema: true)
            let again = String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
            let tree = try #require(JSONSyntax.value(json))
            #expect(again == Self.removing(OpenAPIExport.extensionKey, from: tree).foundationStyleJSON + "\n", "\(name)")
            // One operation a route: a later endpoint of the same method and path takes its place.
            let operations = Dictionary(design.endpoints.map { ("\($0.method.rawValue) \($0.path)", $0) }, uniquingKeysWith: { $1 })
            #expect(extensions.count == operations.values.filter { $0.rateLimit != nil || $0.idempotent != nil }.count, "\(name)")
            #expect(try OpenAPIExport.document(for: design, as: .yaml).text == tree.yaml, "\(name)")
        }
        // The JSON writer escapes strings and spells numbers as Foundation does.
        let odd = AnyCodable(["text": "a/b \"q\" \\ \n \r \t \u{08} \u{0C} \u{01} \u{1F} \u{7F} é 😀", "numbers": [10.0, 1.5, 1e-7, 1e21, -0.0, 7],
                              "empty": [String: Int](), "none": [Int](), "B": true, "a10": 1, "a2": 2, "_": 3] as [String: any Sendable])
        let foundation = String(decoding: try encoder.encode(odd), as: UTF8.self)
        #expect(JSONSyntax.value(foundation)?.foundationStyleJSON == foundation)
        let numbers = try #require(JSONSyntax.value("[10.0, 1.50, 1e-7, 1e21, -0.0, 7, 12345678901234567890123, 1e400]"))
        #expect(OpenAPIExport.normalized(numbers) == .array(["10", "1.5", "1e-07", "1e+21", "-0", "7", "1.2345678901234568e+22", "1e400"].map(JSONValue.number)))
    }

    /// `value` without the members named `key`, at any depth.
    static func removing(_ key: String, from value: JSONValue) -> JSONValue {
        switch value {
        case let .object(members): .object(members.filter { $0.key != key }.map { JSONValue.Member(key: $0.key, value: removing(key, from: $0.value)) })
        case let .array(items): .array(items.map { removing(key, from: $0) })
        default: value
        }
    }

    /// A design of what OpenAPIKit writes in its own way, which the loader would refuse in part
    /// (statuses outside 100-599, a status or a route twice): built in memory.
    static func awkward() -> Design {
        var design = Design(title: "Awkward \"cases\"")
        design.summary = "Two lines\nof summary.\n"
        design.version = "2"
        design.api.baseURL = "https://api.example.com/v1?x=1#frag"
        design.api.errorFormat = "RFC 7807 problem details"
        design.api.auth = [
            AuthScheme(name: "key auth/ü", type: .apiKey, description: "Keys."), AuthScheme(name: "key_auth__", type: .basic),
            AuthScheme(name: "sess", type: .session), AuthScheme(name: "oauth", type: .oauth2), AuthScheme(name: "none-given"),
            AuthScheme(name: "certs", type: .mtls, description: "Certificates."),
        ]
        design.services = [Service(name: "svc"), Service(name: "other", description: "Other.")]
        var get = Endpoint(method: .GET, path: "/v1/things/{id}")
        get.service = "svc"
        get.tags = ["zed", "svc", "other"]
        get.deprecated = true
        get.idempotent = false
        get.auth = "key auth/ü"
        get.scopes = ["a", "b"]
        get.params = [Param(name: "q", location: .query, type: "integer[]", required: true, description: "Query."),
                      Param(name: "X-Trace", location: .header, type: "date-time"), Param(name: "c", location: .cookie, type: "weird type"),
                      Param(name: "n", location: .query, type: " Number "), Param(name: "o", location: .query, type: "object")]
        get.responses = [
            Response(status: 200, example: #"{"a": 1.50, "b": 1e21, "c": -0.0, "d": 3.0, "e": 123456789012345678901234, "f": "2024-01-02T03:04:05Z", "g": "2024-01-02", "h": [[1]], "i": [], "j": {}, "k": null, "l": true, "a": 2, "m": "é😀\n\t\"", "ä": 1, "Z": 0, "o": [{"x": "550e8400-e29b-41d4-a716-446655440000"}]}"#),
            Response(status: 200, description: "The second 200."), Response(status: 404, example: #"{"error": "nope"}"#),
            Response(status: 500, description: "Boom."), Response(status: 600, description: "Odd."), Response(status: 42),
            Response(status: 400), Response(status: 400, description: "Again."),
        ]
        var post = Endpoint(method: .POST, path: "/v1/things/{id}")
        post.auth = Endpoint.publicAuth
        post.request = RequestBody(contentType: "application/json; charset=utf-8; bad; b=2", example: "[1, 2]")
        var text = Endpoint(method: .PUT, path: "/v1/things/{id}")
        text.auth = "none-given"
        text.request = RequestBody(contentType: "text/plain")
        var again = Endpoint(method: .GET, path: "/v1/things/{id}")
        again.summary = "The same route again."
        design.endpoints = [get, post, text, again, Endpoint(method: .HEAD, path: "/v1/h"), Endpoint(method: .OPTIONS, path: "/v1/h")]
        return design
    }

    /// The import's shortcuts read what resolving in full reads: the schemas beside examples left
    /// out, each response component named by `$ref` resolved once for every operation that
    /// names it (with each `$ref`'s own description, in the order written among inline
    /// responses), and each list of security requirements resolved once (an operation's own,
    /// none, or the document's). Held on the exported designs, the Petstore, and a document of the cases the
    /// shortcuts must tell apart; a `$ref` to a missing response fails with the same message.
    @Test func importShortcutsReadWhatResolvingInFullReads() throws {
        let awkward = """
            openapi: 3.1.0
            info: {title: Awkward, version: "1"}
            security: [{key: []}]
            components:
              securitySchemes:
                bearer: {type: http, scheme: bearer}
                key: {type: apiKey, in: header, name: X-Key}
              schemas:
                Problem: {type: object, properties: {title: {type: string}, status: {type: integer}}}
              examples:
                Sample: {value: {sample: true}}
              responses:
                Error:
                  description: An error.
                  content:
                    application/problem+json: {schema: {$ref: "#/components/schemas/Problem"}}
                Gone:
                  description: Gone for good.
                  content:
                    application/json: {example: {gone: true}, schema: {type: integer}}
            paths:
              /a:
                get:
                  security: [{bearer: [read, write]}, {key: []}]
                  responses:
                    "200": {description: OK., content: {application/json: {example: {a: 1}, schema: {$ref: "#/components/schemas/Problem"}}}}
                    "404": {$ref: "#/components/responses/Error", description: No such a.}
                    "410": {$ref: "#/components/responses/Gone"}
                    "500": {$ref: "#/components/responses/Error"}
                post:
                  security: []
                  requestBody:
                    content:
                      application/json:
                        examples: {one: {value: {b: 2}}, two: {$ref: "#/components/examples/Sample"}}
                        schema: {type: object, properties: {b: {type: integer}}}
                  responses:
                    "201": {description: Made., content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}}
                    "202": {description: Later., content: {application/json: {example: null, schema: {type: integer}}}}
                    "400": {$ref: "#/components/responses/Error", description: Bad b.}
                put:
                  requestBody:
                    content:
                      application/json:
                        examples: {only: {$ref: "#/components/examples/Sample"}}
                        schema: {type: object, properties: {c: {type: string, format: uuid}}}
                  responses:
                    "204": {description: Done.}
            """
        var texts: [(String, String)] = [("awkward.yaml", awkward), ("petstore.yaml", try Fixture.text("interop/petstore/openapi.yaml"))]
        for (name, design) in try Self.designs() + [("large", try Self.large())] {
            texts.append(("\(name).yaml", try OpenAPIExport.document(for: design, as: .yaml).text))
            texts.append(("\(name).json", try OpenAPIExport.document(for: design, as: .json).text))
        }
        for (file, text) in texts {
            let fast = try OpenAPIImport.read(text, file: file, services: .fromTags)
            let full = try OpenAPIImport.read(text, file: file, services: .fromTags, resolvingInFull: true)
            #expect(fast.endpoints == full.endpoints, "\(file)")
            #expect(fast.skipped == full.skipped, "\(file)")
            #expect(fast.auth == full.auth && fast.services == full.services && fast.baseURL == full.baseURL, "\(file)")
        }
        // The cases themselves, so that both ways cannot be wrong alike.
        let result = try OpenAPIImport.read(awkward, file: "awkward.yaml")
        let get = try #require(result.endpoints.first { $0.method == .GET })
        #expect(get.responses.map(\.status) == [200, 404, 410, 500])
        #expect(get.responses.map(\.description) == ["OK.", "No such a.", "Gone for good.", "An error."])
        #expect(get.responses[1].example == get.responses[3].example)
        #expect(get.responses[1].example?.contains("\"status\": 0") == true)
        #expect(get.responses[2].example?.contains("\"gone\": true") == true)
        let post = try #require(result.endpoints.first { $0.method == .POST })
        #expect(post.request?.example?.contains("\"b\": 2") == true)
        #expect(post.responses.first?.example?.contains("\"id\"") == true)
        #expect(post.responses[1].example == "null")
        #expect(get.auth == "bearer" && get.scopes == ["read", "write"])
        #expect(post.auth == Endpoint.publicAuth)
        let put = try #require(result.endpoints.first { $0.method == .PUT })
        #expect(put.auth == "key")
        #expect(put.request?.example?.contains("\"sample\": true") == true)

        let missing = awkward.replacingOccurrences(of: "\"500\": {$ref: \"#/components/responses/Error\"}",
                                                   with: "\"500\": {$ref: \"#/components/responses/Missing\"}")
        #expect(missing != awkward)
        var messages: [String] = []
        for resolvingInFull in [false, true] {
            do {
                _ = try OpenAPIImport.read(missing, file: "missing.yaml", resolvingInFull: resolvingInFull)
            } catch {
                messages.append(error.description)
            }
        }
        #expect(messages.count == 2 && messages[0] == messages[1])
        #expect(messages.first?.contains("a $ref that cannot be resolved: Failed to look up a JSON Reference. 'Missing' was not found in responses.") == true,
                "\(messages)")
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
    /// An example read straight from the tree (`NodeValueDecoder.exampleValue`) is the value
    /// OpenAPIKit's `AnyCodable.init(from:)` builds by trying one type after another: each YAML
    /// and JSON scalar form on its own, and sequences and mappings of them.
    @Test func examplesReadStraightAreWhatOpenAPIKitReads() throws {
        struct ViaOpenAPIKit: Decodable {
            let value: AnyCodable
            init(from decoder: any Decoder) throws { value = try AnyCodable(from: decoder) }
        }
        let scalars = """
            [yes, no, on, Off, true, False, TRUE, 1, -1, +7, 0x1F, 0o17, 1_000, 1.5, -0.0, 1e3, 6.02E23, .inf, -.Inf,
             ~, null, Null, "", '', 'yes', "1", "null", 18446744073709551615, 9223372036854775808, -9223372036854775809,
             2024-01-01, abc, "a b", 12:30, 0.1.2, 1.0, 10]
            """
        let yaml = try #require(OpenAPIYAML.composeWhole(scalars))
        guard case let .sequence(items) = yaml.value else { Issue.record("not a sequence"); return }
        let json = DecodingNode.json(try #require(JSONSyntax.value(#"[true, false, null, 0, -1, 1.5, 1e3, 12345678901234567890, "true", "1", "", "x", -0]"#)))
        guard case let .sequence(jsonItems) = json.value else { Issue.record("not a sequence"); return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let composite = try #require(OpenAPIYAML.composeWhole("""
            {a: [1, yes, {b: ~, c: [x, 2.5]}], d: {}, e: [], "f g": 'no', 3: three}
            """))
        for node in items + jsonItems + [yaml, json, composite] {
            let straight = try NodeDecoder.openAPI.decode(AnyCodable.self, from: node)
            let tried = try NodeDecoder.openAPI.decode(ViaOpenAPIKit.self, from: node).value
            #expect(straight == tried)
            #expect(type(of: straight.value) == type(of: tried.value))
            #expect(try encoder.encode(straight) == encoder.encode(tried))
        }
    }

    /// A large document's `paths` composed in two pieces at once gives the tree the whole
    /// document's composer gives, node for node (scalars with their tags and styles, mappings
    /// with their pairs in order); a document whose pieces do not stand on their own (an alias
    /// to an anchor in another piece, a key twice, a quoted scalar running over the `paths:`
    /// line) is composed whole or not at all, as before.
    @Test func yamlComposedInPiecesIsComposedWhole() throws {
        func shape(_ node: DecodingNode?) -> String {
            guard let node else { return "nil" }
            switch node.value {
            case let .scalar(scalar): return "\(scalar.string.debugDescription)/\(String(describing: scalar.tag))/\(scalar.style.rawValue)"
            case let .sequence(items): return "[" + items.map(shape).joined(separator: ",") + "]"
            case let .mapping(entries):
                return "{" + entries.keys.map { "\($0.debugDescription):" + shape(entries.values[$0]) }.joined(separator: ",")
                    + "|" + node.pairs.map { "\($0.key.string.debugDescription)/\($0.key.style.rawValue)" }.joined(separator: ",") + "}"
            case .alias: return "*"
            }
        }
        let large = try OpenAPIExport.document(for: try Self.large(), as: .yaml).text
        var paths = ""
        for i in 0..<100 { paths += "  /p\(i):\n    get: {responses: {'200': {description: \"ok \(i)\"}}}\n" }
        let plain = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n" + paths + "components: {}\n"
        let split = try #require(OpenAPIYAML.Pieces(large))
        #expect(!split.first.isEmpty && !split.second.isEmpty)
        let variants: [(String, String, Bool)] = [
            ("large", large, true),
            ("plain", plain, true),
            ("comments", plain.replacingOccurrences(of: "  /p50:", with: "# a comment\n\n  # another\n  /p50:"), true),
            ("indented by four", plain.replacingOccurrences(of: "\n  /p", with: "\n    /p").replacingOccurrences(of: "\n    get:", with: "\n      get:"), true),
            ("paths last", "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n" + paths, true),
            ("anchor in the other piece", plain.replacingOccurrences(of: "  /p1:\n    get: {responses: {'200': {description: \"ok 1\"}}}",
                                                                    with: "  /p1:\n    get: &shared {responses: {'200': {description: \"ok 1\"}}}")
                .replacingOccurrences(of: "  /p99:\n    get: {responses: {'200': {description: \"ok 99\"}}}", with: "  /p99:\n    get: *shared"), false),
            ("a key twice", plain.replacingOccurrences(of: "  /p99:", with: "  /p1:"), false),
            ("a quoted scalar over the line", plain.replacingOccurrences(of: "info: {title: T, version: '1'}\npaths:\n",
                                                                        with: "info: {title: T, version: '1'}\ndescription: \"runs\npaths:\n")
                .replacingOccurrences(of: "  /p70:", with: "  /p70\":"), false),
            ("a tab", plain.replacingOccurrences(of: "  /p60:", with: "\t/p60:"), false),
            ("crlf", plain.replacingOccurrences(of: "\n", with: "\r\n"), false),
            ("second document", plain + "---\nopenapi: 3.1.0\n", false),
        ]
        for (name, text, inPieces) in variants {
            let pieces = OpenAPIYAML.Pieces(text).flatMap { OpenAPIYAML.composeInPieces(text, $0) }
            #expect((pieces != nil) == inPieces, "\(name)")
            #expect(shape(OpenAPIYAML.compose(text)) == shape(OpenAPIYAML.composeWhole(text)), "\(name)")
            if inPieces { #expect(shape(pieces) == shape(OpenAPIYAML.composeWhole(text)), "\(name)") }
        }
    }

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
