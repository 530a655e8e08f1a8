import DesignModel
import Foundation
import OpenAPIKit
import Yams

/// An OpenAPI 3.0, 3.1 or 3.2 document (YAML or JSON) read with OpenAPIKit, `$ref`s resolved,
/// into the parts of a design: endpoints, auth schemes, the base URL, and services from tags.
/// What has no key in the design is kept under the element's `x_openapi` or listed in `skipped`.
package enum OpenAPIImport {
    /// Which service an imported endpoint belongs to.
    package enum ServiceAssignment: Equatable, Sendable {
        /// None: left to be assigned in the workbench.
        case none
        /// The operation's first tag, one service per tag.
        case fromTags
        /// This one service for every endpoint.
        case named(String)
    }

    package struct Result: Sendable {
        package var title: String
        package var version: String?
        package var summary: String?
        package var baseURL: String?
        package var auth: [AuthScheme]
        package var services: [Service]
        package var endpoints: [Endpoint]
        /// One line for each part of the document not brought into the design, for standard error.
        package var skipped: [String]
    }

    /// The key that keeps what the design has no place for.
    static let extensionKey = "x_openapi"

    /// - Parameters:
    ///   - inParallel: whether the path items are decoded, resolved and read on both cores; false
    ///     for the tests that hold the two ways to the same result.
    ///   - resolvingInFull: whether every schema is decoded and every `$ref` resolved where it
    ///     stands, as OpenAPIKit's `locallyDereferenced()` does; true for the tests that hold the
    ///     import's shortcuts (`leaveOutSchemasBesideExamples`, responses shared by `$ref` read
    ///     once) to the same result.
    package static func read(_ text: String, file: String, services assignment: ServiceAssignment = .none,
                             inParallel: Bool = true, resolvingInFull: Bool = false) throws(DesignLoadError) -> Result {
        let (document, archbenchExtensions) = try document(text, file: file, inParallel: inParallel, keepingEverySchema: resolvingInFull)
        return try read(document, archbenchExtensions: archbenchExtensions, file: file, assignment: assignment,
                        inParallel: inParallel, resolvingInFull: resolvingInFull)
    }

    /// Removes the `schema` of each media type of a request body or a response (of the operations
    /// and of the components) that gives an example: a design keeps a body's example, and reads
    /// the schema only to make one up when none is given, so decoding and resolving those schemas
    /// (one beside every example, in documents archbench writes) is work for nothing. A media
    /// type gives an example with a non-null `example`, or with an `examples` entry written in
    /// place with a `value`. What stays is decoded by OpenAPIKit as before.
    static func leaveOutSchemasBesideExamples(_ root: DecodingNode) {
        func content(of holder: DecodingNode?) {
            for media in holder?["content"]?.mappingValues ?? [] {
                let example = media["example"].map { !$0.isNull } ?? false
                let inlineValue = media["examples"]?.mappingValues.contains { $0["$ref"] == nil && $0["value"] != nil } ?? false
                if example || inlineValue { media.remove("schema") }
            }
        }
        func operation(_ node: DecodingNode) {
            content(of: node["requestBody"])
            for response in node["responses"]?.mappingValues ?? [] { content(of: response) }
        }
        for item in root["paths"]?.mappingValues ?? [] {
            for method in OpenAPIImport.operationKeys { if let node = item[method] { operation(node) } }
        }
        let components = root["components"]
        for response in components?["responses"]?.mappingValues ?? [] { content(of: response) }
        for body in components?["requestBodies"]?.mappingValues ?? [] { content(of: body) }
    }

    /// The keys of a path item that hold operations.
    static let operationKeys = ["get", "put", "post", "delete", "options", "head", "patch", "trace", "query"]

    /// The document as OpenAPIKit decodes it (3.0 converted to 3.1), and the `x-archbench` of its
    /// operations. `viaYams` composes a YAML document with `Yams.compose` even where
    /// `OpenAPIYAML` would, for the tests that hold the two to the same result. Unless
    /// `keepingEverySchema`, the schemas beside examples are left out
    /// (`leaveOutSchemasBesideExamples`).
    static func document(_ text: String, file: String, inParallel: Bool = true, viaYams: Bool = false,
                         keepingEverySchema: Bool = false)
        throws(DesignLoadError) -> (OpenAPIKit.OpenAPI.Document, archbenchExtensions: [String: [String: String]]) {
        func leavingOutSchemasBesideExamples(_ root: DecodingNode) -> DecodingNode {
            if !keepingEverySchema { leaveOutSchemasBesideExamples(root) }
            return root
        }
        var decoder = NodeDecoder.openAPI
        decoder.inParallel = inParallel
        func failure(_ message: String, at location: SourceLocation = SourceLocation(line: 1, column: 1)) -> DesignLoadError {
            DesignLoadError(diagnostics: [DesignDiagnostic(file: file, location: location, message: message)])
        }
        // A JSON document is read with the project's JSON reader, many times faster than a YAML
        // parser, straight into the tree the decoder walks; one that does not parse as JSON goes to
        // the YAML parser, which says where.
        if let json = OpenAPIImport.jsonObject(text) {
            // JSON has no places to point at: every message is at 1:1, as it was for the tree of
            // YAML nodes without marks that a JSON document used to be read into.
            let members = json.members
            if let swagger = members.first(where: { $0.key == "swagger" })?.value {
                throw failure("Swagger \(scalarText(swagger) ?? "2.0") is not supported: convert the document to OpenAPI 3 first")
            }
            guard let versionValue = members.first(where: { $0.key == "openapi" })?.value,
                  let version = scalarText(versionValue) else {
                throw failure("not an OpenAPI document: no 'openapi' version key")
            }
            let document = try decode(leavingOutSchemasBesideExamples(DecodingNode.json(json.value)), with: decoder,
                                      version: version, at: { _ in nil }, failure: failure)
            return (document, archbenchExtensions(json.value))
        }
        // Composed without Yams when it would compose it alike and the document decodes;
        // otherwise (and for every error) the way below, which says what is wrong and where.
        if !viaYams, let root = OpenAPIYAML.compose(text), case .mapping = root.value,
           !root.pairs.contains(where: { $0.key.string == "swagger" }),
           case let .scalar(version)? = root.pairs.first(where: { $0.key.string == "openapi" })?.value.value,
           let document = try? decode(leavingOutSchemasBesideExamples(root), with: decoder, version: version.string,
                                      at: { _ in nil }, failure: failure) {
            return (document, archbenchExtensions(root))
        }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { throw failure("empty file: not an OpenAPI document") }
            root = node
        } catch let error as DesignLoadError {
            throw error
        } catch let error as YamlError {
            throw failure(yamlMessage(error), at: yamlLocation(error))
        } catch {
            throw failure("\(error)")
        }
        guard let mapping = root.mapping else { throw failure("not an OpenAPI document: the top level is not a mapping") }
        if let swagger = mapping["swagger"] {
            throw failure("Swagger \(swagger.string ?? "2.0") is not supported: convert the document to OpenAPI 3 first",
                          at: location(of: swagger))
        }
        guard let versionNode = mapping["openapi"], let version = versionNode.string else {
            throw failure("not an OpenAPI document: no 'openapi' version key")
        }
        let document = try decode(leavingOutSchemasBesideExamples(DecodingNode(root)), with: decoder, version: version,
                                  at: { path in node(at: path, in: root).map(location(of:)) }, failure: failure,
                                  versionAt: location(of: versionNode))
        return (document, archbenchExtensions(root))
    }

    /// The document decoded by OpenAPIKit, 3.0 converted to 3.1; `at` places an error's coding path.
    private static func decode(_ root: DecodingNode, with decoder: NodeDecoder, version: String, at: ([CodingKey]) -> SourceLocation?,
                               failure: (String, SourceLocation) -> DesignLoadError,
                               versionAt: SourceLocation = SourceLocation(line: 1, column: 1))
        throws(DesignLoadError) -> OpenAPIKit.OpenAPI.Document {
        do {
            if version.hasPrefix("3.0.") {
                return try OpenAPI30.decode(root, with: decoder)
            } else if version.hasPrefix("3.1.") || version.hasPrefix("3.2.") {
                return try decoder.decode(OpenAPIKit.OpenAPI.Document.self, from: root)
            } else {
                throw failure("OpenAPI \(version) is not supported (3.0, 3.1 and 3.2 are)", versionAt)
            }
        } catch let error as DesignLoadError {
            throw error
        } catch {
            let described = OpenAPIKit.OpenAPI.Error(from: error)
            throw failure("not a valid OpenAPI document: \(described.localizedDescription)",
                          at(described.codingPath) ?? SourceLocation(line: 1, column: 1))
        }
    }

    private static func read(_ document: OpenAPIKit.OpenAPI.Document, archbenchExtensions: [String: [String: String]],
                             file: String, assignment: ServiceAssignment, inParallel: Bool, resolvingInFull: Bool) throws(DesignLoadError) -> Result {
        // What `locallyDereferenced()` does, the path items on both cores: each path item (the
        // first error in document order thrown), then the document's security requirements.
        //
        // A response written as `$ref` is resolved once per component it names (`shared`), not at
        // every operation: thousands of operations give the same error response, and resolving
        // it (its schema too) at each was a fifth of an import. So is each list of security
        // requirements (`sharedSecurity`): resolving one looks its schemes up by a name that
        // OpenAPIKit checks with a Foundation character set each time. The operations are
        // resolved without those, and `written` keeps them as each operation wrote them.
        let paths = Array(document.paths)
        typealias Requirements = [OpenAPIKit.OpenAPI.SecurityRequirement]
        let resolvedItems: [(item: DereferencedPathItem, written: [OpenAPIKit.OpenAPI.HttpMethod: WrittenParts],
                             references: [JSONReference<OpenAPIKit.OpenAPI.Response>], requirements: [Requirements])]
        let security: [DereferencedSecurityRequirement]
        var shared: [JSONReference<OpenAPIKit.OpenAPI.Response>: DereferencedResponse] = [:]
        var sharedSecurity: [Requirements: [DereferencedSecurityRequirement]] = [:]
        do {
            let components = document.components
            resolvedItems = try Parallel.map(paths.count, inParallel: inParallel) { i throws(any Error) in
                guard !resolvingInFull, case var .b(item) = paths[i].value else {
                    return (try paths[i].value.dereferenced(in: components), [:], [], [])
                }
                var written: [OpenAPIKit.OpenAPI.HttpMethod: WrittenParts] = [:]
                var references: [JSONReference<OpenAPIKit.OpenAPI.Response>] = [], requirements: [Requirements] = []
                for entry in item.endpoints {
                    var operation = entry.operation
                    var parts = WrittenParts(security: operation.security)
                    if let written = operation.security, requirements.last != written { requirements.append(written) }
                    operation.security = nil
                    if operation.responses.contains(where: { $0.value.a != nil }) {
                        parts.responses = operation.responses
                        var inline = OpenAPIKit.OpenAPI.Response.Map()
                        for response in operation.responses {
                            switch response.value {
                            case let .a(reference): if !references.contains(reference.jsonReference) { references.append(reference.jsonReference) }
                            case .b: inline[response.key] = response.value
                            }
                        }
                        operation.responses = inline
                    }
                    written[entry.method] = parts
                    item.set(operation: operation, for: entry.method)
                }
                return (try item.dereferenced(in: components), written, references, requirements)
            }
            for resolved in resolvedItems {
                for reference in resolved.references where shared[reference] == nil {
                    // Resolved without the reference's own description, which each use applies.
                    shared[reference] = try OpenAPIKit.Either<OpenAPIKit.OpenAPI.Reference<OpenAPIKit.OpenAPI.Response>, OpenAPIKit.OpenAPI.Response>
                        .a(OpenAPIKit.OpenAPI.Reference(reference)).dereferenced(in: components)
                }
                for requirements in resolved.requirements where sharedSecurity[requirements] == nil {
                    // Resolved as the security of an operation with nothing else.
                    sharedSecurity[requirements] = try OpenAPIKit.OpenAPI.Operation(responses: [:], security: requirements)
                        .dereferenced(in: components).security ?? []
                }
            }
            var rest = document
            rest.paths = [:]
            security = try rest.locallyDereferenced().security
        } catch {
            // OpenAPIKit's look-up error says which component is missing in its description; its
            // localized description is Foundation's "the operation could not be completed".
            let detail = (error as? OpenAPIKit.OpenAPI.Components.ReferenceError)?.description
                ?? OpenAPIKit.OpenAPI.Error(from: error).localizedDescription
            throw DesignLoadError(diagnostics: [DesignDiagnostic(
                file: file, location: SourceLocation(line: 1, column: 1), message: "a $ref that cannot be resolved: \(detail)")])
        }
        var reader = Reader(file: file, assignment: assignment, document: document, documentSecurity: security,
                            archbenchExtensions: archbenchExtensions)
        reader.sharedResponses = shared.mapValues { response in
            (response.description, reader.preferred(response.content).flatMap { reader.example($0.1) })
        }
        reader.sharedSecurity = sharedSecurity
        return reader.read(inParallel: inParallel, zip(paths, resolvedItems).map { ($0.key, $1.item, $1.written) })
    }

    /// What an operation wrote that its resolved form leaves out: its responses, when some are
    /// `$ref`s (read once for all operations, `Reader.sharedResponses`), and its security
    /// requirements (nil: none written, the document's apply), resolved once for every
    /// operation that writes the same list (`Reader.sharedSecurity`).
    struct WrittenParts {
        var security: [OpenAPIKit.OpenAPI.SecurityRequirement]?
        var responses: OpenAPIKit.OpenAPI.Response.Map?
    }

    /// The scalars under each operation's `x-archbench`, by `METHOD PATH`, read from the tree:
    /// the document is decoded without vendor extensions, which OpenAPIKit reads by decoding
    /// every object a second time whole (and every object inside it again, level by level).
    static func archbenchExtensions(_ root: Node) -> [String: [String: String]] {
        func value(_ node: Node?, _ key: String) -> Node? {
            node?.mapping?.first { $0.key.string == key }?.value
        }
        var result: [String: [String: String]] = [:]
        for (path, item) in value(root, "paths")?.mapping ?? [:] {
            for (method, operation) in item.mapping ?? [:] {
                guard let path = path.string, let method = method.string,
                      let extra = value(operation, OpenAPIExport.extensionKey)?.mapping else { continue }
                var scalars: [String: String] = [:]
                for (key, value) in extra { if let key = key.string, let text = value.scalar?.string { scalars[key] = text } }
                result["\(method.uppercased()) \(path)"] = scalars
            }
        }
        return result
    }

    /// The same for a tree `OpenAPIYAML` composed, pair by pair as in Yams' mappings.
    static func archbenchExtensions(_ root: DecodingNode) -> [String: [String: String]] {
        func value(_ node: DecodingNode?, _ key: String) -> DecodingNode? {
            node?.pairs.first { $0.key.string == key }?.value
        }
        var result: [String: [String: String]] = [:]
        for path in value(root, "paths")?.pairs ?? [] {
            for method in path.value.pairs {
                guard let extra = value(method.value, OpenAPIExport.extensionKey), case .mapping = extra.value else { continue }
                var scalars: [String: String] = [:]
                for pair in extra.pairs { if case let .scalar(text) = pair.value.value { scalars[pair.key.string] = text.string } }
                result["\(method.key.string.uppercased()) \(path.key.string)"] = scalars
            }
        }
        return result
    }

    /// The same for a JSON document, member by member as the YAML tree of it would be walked.
    static func archbenchExtensions(_ root: JSONValue) -> [String: [String: String]] {
        func value(_ value: JSONValue?, _ key: String) -> JSONValue? {
            value?.members.first { $0.key == key }?.value
        }
        var result: [String: [String: String]] = [:]
        for path in value(root, "paths")?.members ?? [] {
            for method in path.value.members {
                guard case let .object(extra)? = value(method.value, OpenAPIExport.extensionKey) else { continue }
                var scalars: [String: String] = [:]
                for member in extra { if let text = scalarText(member.value) { scalars[member.key] = text } }
                result["\(method.key.uppercased()) \(path.key)"] = scalars
            }
        }
        return result
    }

    /// The document when it is JSON (an object, as OpenAPI documents are), with its members.
    static func jsonObject(_ text: String) -> (value: JSONValue, members: [JSONValue.Member])? {
        guard text.utf8.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) == UInt8(ascii: "{"),
              let value = JSONSyntax.value(text), case let .object(members) = value else { return nil }
        return (value, members)
    }

    /// A JSON scalar's text as a YAML scalar of it reads (`true`, `null`, a number as written); nil
    /// for an object or an array.
    static func scalarText(_ value: JSONValue) -> String? {
        switch value {
        case let .string(text), let .number(text): text
        case let .bool(flag): flag ? "true" : "false"
        case .null: "null"
        case .object, .array: nil
        }
    }

    static func yamlMessage(_ error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _):
            return [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
        default:
            return "\(error)"
        }
    }

    static func yamlLocation(_ error: YamlError) -> SourceLocation {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _):
            return SourceLocation(line: mark.line, column: mark.column)
        default:
            return SourceLocation(line: 1, column: 1)
        }
    }

    static func location(of node: Node) -> SourceLocation {
        guard let mark = node.mark else { return SourceLocation(line: 1, column: 1) }
        return SourceLocation(line: mark.line, column: mark.column)
    }

    /// The node a decoding error's path leads to, as far as it goes.
    static func node(at path: [CodingKey], in root: Node) -> Node? {
        var current = root
        for key in path {
            if let mapping = current.mapping, let next = mapping[key.stringValue] {
                current = next
            } else if let sequence = current.sequence, let index = key.intValue, index < sequence.count {
                current = sequence[index]
            } else {
                break
            }
        }
        return current
    }

    private struct Reader {
        let file: String
        let assignment: ServiceAssignment
        let document: OpenAPIKit.OpenAPI.Document
        let documentSecurity: [DereferencedSecurityRequirement]
        /// `x-archbench` of each operation by `METHOD PATH`.
        let archbenchExtensions: [String: [String: String]]
        /// The description and example of each response component operations name by `$ref`.
        var sharedResponses: [JSONReference<OpenAPIKit.OpenAPI.Response>: (description: String?, example: String?)] = [:]
        /// Each list of security requirements operations write, resolved.
        var sharedSecurity: [[OpenAPIKit.OpenAPI.SecurityRequirement]: [DereferencedSecurityRequirement]] = [:]
        var skipped: [String] = []

        init(file: String, assignment: ServiceAssignment, document: OpenAPIKit.OpenAPI.Document,
             documentSecurity: [DereferencedSecurityRequirement], archbenchExtensions: [String: [String: String]]) {
            self.archbenchExtensions = archbenchExtensions
            self.file = file
            self.assignment = assignment
            self.document = document
            self.documentSecurity = documentSecurity
        }

        mutating func skip(_ what: String) { skipped.append("\(file): skipped \(what)") }

        /// `paths`: each path item resolved, with what its operations wrote that the resolved
        /// operations leave out (none for a path item resolved in full).
        mutating func read(inParallel: Bool,
                           _ paths: [(OpenAPIKit.OpenAPI.Path, DereferencedPathItem, [OpenAPIKit.OpenAPI.HttpMethod: WrittenParts])])
            -> Result {
            let auth = document.components.securitySchemes.compactMap { key, value -> AuthScheme? in
                guard let scheme = value.b else { return nil }
                return authScheme(key.rawValue, scheme)
            }
            // Each path item's endpoints and skipped parts on both cores, then taken in order.
            let reader = self
            let parts = Parallel.map(paths.count, inParallel: inParallel) { i in
                var part = reader
                part.skipped = []
                let endpoints = part.endpoints(path: paths[i].0, item: paths[i].1, written: paths[i].2)
                return (endpoints: endpoints, skipped: part.skipped)
            }
            var endpoints: [Endpoint] = []
            var tagsUsed: [String] = []
            var seenTags = Set<String>()
            for part in parts {
                skipped += part.skipped
                for endpoint in part.endpoints {
                    if case .fromTags = assignment, let tag = endpoint.service, seenTags.insert(tag).inserted { tagsUsed.append(tag) }
                    endpoints.append(endpoint)
                }
            }
            var services: [Service] = []
            switch assignment {
            case .none: break
            case .named(let name): services = [Service(name: name)]
            case .fromTags:
                services = tagsUsed.map { name in
                    Service(name: name, description: document.tags?.first(where: { $0.name == name })?.description)
                }
            }
            var baseURL: String?
            for (i, server) in document.servers.enumerated() {
                if i == 0 {
                    baseURL = server.urlTemplate.absoluteString
                } else {
                    skip("server \(server.urlTemplate.absoluteString) (a design has one base URL)")
                }
            }
            if !document.webhooks.isEmpty { skip("\(document.webhooks.count) webhook\(document.webhooks.count == 1 ? "" : "s")") }
            if !document.components.schemas.isEmpty {
                skip("\(document.components.schemas.count) component schema\(document.components.schemas.count == 1 ? "" : "s") "
                    + "(their shapes live on in the examples)")
            }
            return Result(title: document.info.title, version: document.info.version, summary: document.info.description,
                          baseURL: baseURL, auth: auth, services: services, endpoints: endpoints, skipped: skipped)
        }

        /// The endpoints of one path item, in the order OpenAPIKit lists its operations.
        mutating func endpoints(path: OpenAPIKit.OpenAPI.Path, item: DereferencedPathItem,
                                written: [OpenAPIKit.OpenAPI.HttpMethod: WrittenParts]) -> [Endpoint] {
            var endpoints: [Endpoint] = []
            for entry in item.endpoints {
                guard let method = HTTPMethod(rawValue: entry.method.rawValue.uppercased()) else {
                    skip("operation \(entry.method.rawValue.uppercased()) \(path.rawValue): the design has no such method")
                    continue
                }
                endpoints.append(endpoint(method, path: path.rawValue, item: item, operation: entry.operation,
                                          written: written[entry.method]))
            }
            return endpoints
        }

        mutating func authScheme(_ name: String, _ scheme: OpenAPIKit.OpenAPI.SecurityScheme) -> AuthScheme {
            var result = AuthScheme(name: name, description: scheme.description)
            var kept: [Extensions.Entry] = []
            switch scheme.type {
            case .http(let httpScheme, let bearerFormat):
                switch httpScheme.lowercased() {
                case "basic": result.type = .basic
                case "bearer": result.type = bearerFormat?.lowercased().contains("oauth") == true ? .oauth2 : .jwt
                default:
                    kept.append(Extensions.Entry(key: "scheme", value: .scalar(httpScheme, plain: true)))
                }
                if let bearerFormat { kept.append(Extensions.Entry(key: "bearer_format", value: .scalar(bearerFormat, plain: true))) }
            case .apiKey(let keyName, let location):
                result.type = location == .cookie ? .session : .apiKey
                kept.append(Extensions.Entry(key: "in", value: .scalar(location.rawValue, plain: true)))
                kept.append(Extensions.Entry(key: "name", value: .scalar(keyName, plain: true)))
            case .oauth2(let flows, _):
                result.type = .oauth2
                var flowNames: [ExtensionValue] = []
                if flows.implicit != nil { flowNames.append(.scalar("implicit", plain: true)) }
                if flows.password != nil { flowNames.append(.scalar("password", plain: true)) }
                if flows.clientCredentials != nil { flowNames.append(.scalar("client_credentials", plain: true)) }
                if flows.authorizationCode != nil { flowNames.append(.scalar("authorization_code", plain: true)) }
                if !flowNames.isEmpty { kept.append(Extensions.Entry(key: "flows", value: .sequence(flowNames))) }
                skip("the URLs and scopes of the OAuth 2.0 flows of auth scheme \(name)")
            case .openIdConnect(let url):
                result.type = .oauth2
                kept.append(Extensions.Entry(key: "openid_connect_url", value: .scalar(url.absoluteString, plain: true)))
            case .mutualTLS:
                result.type = .mtls
            }
            if !kept.isEmpty { result.extensions.entries.append(Extensions.Entry(key: extensionKey, value: .mapping(kept))) }
            return result
        }

        /// `written`: what the operation wrote that `operation` leaves out; nil when `operation`
        /// was resolved in full.
        mutating func endpoint(_ method: HTTPMethod, path: String, item: DereferencedPathItem,
                               operation: DereferencedOperation, written: WrittenParts?) -> Endpoint {
            let writtenResponses = written?.responses
            var endpoint = Endpoint(method: method, path: path)
            let name = endpoint.name
            endpoint.summary = operation.summary ?? item.summary
            endpoint.description = operation.description ?? item.description
            endpoint.deprecated = operation.deprecated ? true : nil
            var tags = operation.tags ?? []
            switch assignment {
            case .none: break
            case .named(let service): endpoint.service = service
            case .fromTags:
                if !tags.isEmpty { endpoint.service = tags.removeFirst() }
            }
            endpoint.tags = tags
            // Path-level parameters apply unless the operation declares one of the same name and place.
            var parameters = operation.parameters
            for shared in item.parameters
            where !parameters.contains(where: { $0.name == shared.name && $0.location == shared.location }) {
                parameters.append(shared)
            }
            for parameter in parameters {
                guard let location = ParamLocation(rawValue: parameter.location.rawValue) else {
                    skip("parameter \(parameter.name) in \(parameter.location.rawValue) of \(name)")
                    continue
                }
                var param = Param(name: parameter.name, location: location, description: parameter.description)
                param.required = parameter.required ? true : (location == .path ? true : nil)
                if let schema = parameter.schemaOrContent.a?.schema { param.type = typeName(schema) }
                endpoint.params.append(param)
            }
            if let body = operation.requestBody, let (type, content) = preferred(body.content) {
                endpoint.request = RequestBody(contentType: type.rawValue, example: example(content))
                if body.content.count > 1 { skip("\(body.content.count - 1) other media type(s) of the request of \(name)") }
            }
            // In the order written: resolved here, or read once for all operations (`sharedResponses`).
            let statuses = writtenResponses.map { Array($0.keys) } ?? Array(operation.responses.keys)
            for status in statuses {
                guard let code = Int(status.rawValue) else {
                    skip("response '\(status.rawValue)' of \(name) (a design's responses have one status each)")
                    continue
                }
                if case let .a(reference)? = writtenResponses?[status], let shared = sharedResponses[reference.jsonReference] {
                    endpoint.responses.append(Response(status: code, description: reference.description ?? shared.description,
                                                       example: shared.example))
                } else if let response = operation.responses[status] {
                    var result = Response(status: code, description: response.description)
                    if let (_, content) = preferred(response.content) { result.example = example(content) }
                    endpoint.responses.append(result)
                }
            }
            // An operation without `security` inherits the document's; `security: []` makes it public.
            let operationSecurity = written.map { $0.security.map { sharedSecurity[$0] ?? [] } } ?? operation.security
            if operationSecurity != nil || !documentSecurity.isEmpty {
                let effective = operationSecurity ?? documentSecurity
                if effective.allSatisfy(\.schemes.isEmpty) {
                    endpoint.auth = Endpoint.publicAuth
                } else if let first = effective.first(where: { !$0.schemes.isEmpty }),
                          let (schemeName, scoped) = first.schemes.sorted(by: { $0.key < $1.key }).first {
                    endpoint.auth = schemeName
                    endpoint.scopes = scoped.requiredScopes
                    if effective.count > 1 || first.schemes.count > 1 {
                        skip("other security requirements of \(name) (a design's endpoint names one auth scheme)")
                    }
                }
            }
            var kept: [Extensions.Entry] = []
            if let operationId = operation.operationId {
                kept.append(Extensions.Entry(key: "operation_id", value: .scalar(operationId, plain: true)))
            }
            if let extra = archbenchExtensions["\(method.rawValue) \(path)"] {
                if let limit = extra["rate_limit"] { endpoint.rateLimit = limit }
                if let idempotent = extra["idempotent"] { endpoint.idempotent = idempotent == "true" }
            }
            if !operation.callbacks.isEmpty { skip("callbacks of \(name)") }
            if !kept.isEmpty { endpoint.extensions.entries.append(Extensions.Entry(key: extensionKey, value: .mapping(kept))) }
            return endpoint
        }

        /// JSON first, then the first media type given.
        func preferred(_ content: DereferencedContent.Map) -> (OpenAPIKit.OpenAPI.ContentType, DereferencedContent)? {
            if let json = content.first(where: { $0.key.rawValue.contains("json") }) { return (json.key, json.value) }
            return content.first.map { ($0.key, $0.value) }
        }

        /// The body's example as JSON text: `example`, else the first of `examples`, else one made from the schema.
        func example(_ content: DereferencedContent) -> String? {
            let value: AnyCodable? = content.example
                ?? content.examples?.values.lazy.compactMap { $0.dataOrLegacyValue }.first
                ?? content.schema.map { AnyCodable(trustedValue: SchemaExample.value(for: $0, depth: 0)) }
            return value.flatMap { JSONValue(exampleValue: $0.value)?.text(indent: 2) }
        }

        /// A schema as a parameter type, in the words OpenAPIExport reads back.
        func typeName(_ schema: DereferencedJSONSchema) -> String? {
            switch schema {
            case .boolean: return "boolean"
            case .integer: return "integer"
            case .number: return "number"
            case .string(let core, _):
                switch core.format {
                case .uuid: return "uuid"
                case .dateTime: return "date-time"
                case .date: return "date"
                case .generic: return "string"
                case let other: return other.rawValue
                }
            case .array(_, let array): return array.items.flatMap(typeName).map { "\($0)[]" } ?? "array"
            case .object: return "object"
            default: return nil
            }
        }
    }
}

extension JSONValue {
    /// An example as OpenAPIKit decoded it (Bool, integers, Double, String, NSNull, arrays and
    /// string-keyed dictionaries, possibly still wrapped), keys sorted; nil for anything else.
    init?(exampleValue value: Any) {
        switch value {
        case let wrapped as AnyCodable: self.init(exampleValue: wrapped.value)
        case is NSNull: self = .null
        case let flag as Bool: self = .bool(flag)
        case let number as Int: self = .number(String(number))
        case let number as UInt: self = .number(String(number))
        case let number as Double:
            guard number.isFinite else { return nil }
            // Whole numbers as integers, as JSON writers do (`10`, not `10.0`).
            self = .number(number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number))
        case let text as String: self = .string(text)
        case let items as [Any]:
            var values: [JSONValue] = []
            for item in items {
                guard let converted = JSONValue(exampleValue: item) else { return nil }
                values.append(converted)
            }
            self = .array(values)
        case let members as [String: Any]:
            var converted: [Member] = []
            for key in members.keys.sorted() {
                guard let member = JSONValue(exampleValue: members[key]!) else { return nil }
                converted.append(Member(key: key, value: member))
            }
            self = .object(converted)
        default: return nil
        }
    }
}

extension AnyCodable {
    /// A value made of Bool, Int, Double, String, arrays and string-keyed dictionaries of those.
    init(trustedValue: any Sendable) { self.init(trustedValue as (any Sendable)?) }
}

/// An example value made from a schema when the document gives none: its `examples`, default or
/// first allowed value where there is one, otherwise a value of the schema's type.
enum SchemaExample {
    static func value(for schema: DereferencedJSONSchema, depth: Int) -> any Sendable {
        // Read from the schema's own core context: OpenAPIKit's `examples`, `defaultValue` and
        // `allowedValues` of a dereferenced schema rebuild the whole `JSONSchema` under it first.
        let core = coreContext(of: schema)
        if let first = core.examples.first { return first }
        if let value = core.defaultValue { return value }
        if let allowed = core.allowedValues?.first { return allowed }
        guard depth < 8 else { return [String: any Sendable]() }
        switch schema {
        case .boolean: return true
        case .integer: return 0
        case .number: return 0.0
        case .string(let core, _):
            switch core.format {
            case .uuid: return "00000000-0000-0000-0000-000000000000"
            case .dateTime: return "2024-01-01T00:00:00Z"
            case .date: return "2024-01-01"
            case .email: return "user@example.com"
            default: return "string"
            }
        case .array(_, let array):
            return [array.items.map { value(for: $0, depth: depth + 1) } ?? "string"] as [any Sendable]
        case .object(_, let object):
            var result: [String: any Sendable] = [:]
            for (key, property) in object.properties { result[key] = value(for: property, depth: depth + 1) }
            return result
        case .all(let schemas, _):
            var result: [String: any Sendable] = [:]
            for part in schemas {
                if let object = value(for: part, depth: depth + 1) as? [String: any Sendable] {
                    result.merge(object) { first, _ in first }
                }
            }
            return result
        case .one(let schemas, _), .any(let schemas, _):
            return schemas.first.map { value(for: $0, depth: depth + 1) } ?? [String: any Sendable]()
        default:
            return [String: any Sendable]()
        }
    }

    /// The context every kind of schema has (`examples`, `default`, `enum`), as `jsonSchema`'s would be.
    static func coreContext(of schema: DereferencedJSONSchema) -> any JSONSchemaContext {
        switch schema {
        case .null(let core): core
        case .boolean(let core): core
        case .number(let core, _): core
        case .integer(let core, _): core
        case .string(let core, _): core
        case .object(let core, _): core
        case .array(let core, _): core
        case .all(_, let core), .one(_, let core), .any(_, let core), .not(_, let core), .fragment(let core): core
        }
    }
}

private extension JSONValue {
    /// An object's members; none for any other value.
    var members: [Member] {
        if case let .object(members) = self { return members }
        return []
    }
}
