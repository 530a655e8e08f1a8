import DesignModel
import DesignRules
import Foundation
import OpenAPIKit

/// A design's API as an OpenAPI 3.1 document: every endpoint, with request and response schemas
/// inferred from the JSON examples, the auth schemes as security schemes, the base URL as the
/// server, one tag per service, and the error format as a shared response. The same design
/// always gives the same bytes (keys sorted).
package enum OpenAPIExport {
    package enum Encoding: Sendable { case yaml, json }

    package struct Result: Sendable {
        package var text: String
        /// What the document could not say as the design has it, for standard error.
        package var warnings: [String]
    }

    /// The key under which an operation carries what OpenAPI has no field for (rate limit, idempotency).
    static let extensionKey = "x-archbench"

    package static func document(for design: Design, as encoding: Encoding) throws -> Result {
        var warnings: [String] = []
        let document = build(design, warnings: &warnings)
        // Encoded into a tree by our own encoder, with the keys sorted as Foundation's
        // `JSONEncoder` sorts them, then written as JSON the way it writes it, or as YAML from the
        // tree: Yams' encoder finds each key of a mapping by a linear search and its emitter tests
        // every scalar with regular expressions (2 s for 2,000 operations), and Foundation's encoder
        // is three times as slow as this one.
        let tree = try TreeEncoder().encode(document)
        switch encoding {
        case .yaml: return Result(text: tree.yaml, warnings: warnings)
        case .json: return Result(text: TreeEncoder.text(tree) + "\n", warnings: warnings)
        }
    }

    /// The document as Foundation's `JSONEncoder` writes it, which the export used before
    /// `TreeEncoder`: the tests hold the two to the same bytes.
    static func foundationJSON(_ document: OpenAPIKit.OpenAPI.Document) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }

    static func build(_ design: Design, warnings: inout [String]) -> OpenAPI.Document {
        var components = OpenAPI.Components()
        for scheme in design.api.auth {
            components.securitySchemes[componentKey(scheme.name)] = .b(securityScheme(scheme))
        }
        let errorMediaType = errorContentType(design.api.errorFormat)
        let hasErrorResponse = design.endpoints.contains { endpoint in
            endpoint.responses.contains { $0.status >= 400 && $0.example == nil }
        }
        if hasErrorResponse {
            components.schemas["Error"] = errorSchema(design.api.errorFormat)
            components.responses["Error"] = .b(OpenAPI.Response(
                description: design.api.errorFormat ?? "An error.",
                content: [errorMediaType: .b(OpenAPI.Content(schema: .reference(.component(named: "Error"))))]))
        }

        var paths = OpenAPI.PathItem.Map()
        var operationIds = Set<String>()
        for endpoint in design.endpoints {
            let path = OpenAPI.Path(rawValue: endpoint.path)
            var item = paths[path]?.b ?? OpenAPI.PathItem()
            let operation = self.operation(endpoint, design: design, errorMediaType: errorMediaType,
                                           operationIds: &operationIds, warnings: &warnings)
            switch endpoint.method {
            case .GET: item.get = operation
            case .POST: item.post = operation
            case .PUT: item.put = operation
            case .PATCH: item.patch = operation
            case .DELETE: item.delete = operation
            case .HEAD: item.head = operation
            case .OPTIONS: item.options = operation
            }
            paths[path] = .b(item)
        }

        var tags: [OpenAPI.Tag] = design.services.map { OpenAPI.Tag(name: $0.name, description: $0.description) }
        var tagNames = Set(tags.map(\.name))
        for endpoint in design.endpoints {
            for tag in endpoint.tags where tagNames.insert(tag).inserted { tags.append(OpenAPI.Tag(name: tag)) }
        }

        var servers: [OpenAPI.Server] = []
        if let base = design.api.baseURL {
            if let url = URL(string: base), url.scheme != nil {
                servers.append(OpenAPI.Server(url: url))
            } else {
                warnings.append("api.base_url '\(base)' is not a URL; the document has no server")
            }
        }
        return OpenAPI.Document(
            openAPIVersion: .v3_1_1,
            info: OpenAPI.Document.Info(title: design.title, description: design.summary,
                                        version: design.version ?? "0.0.0"),
            servers: servers,
            paths: paths,
            components: components,
            tags: tags.isEmpty ? nil : tags
        )
    }

    static func componentKey(_ name: String) -> OpenAPI.ComponentKey {
        // Component names are `^[a-zA-Z0-9.\-_]+$`; an auth scheme's name of other characters is
        // written with `_` for each.
        let safe = String(name.unicodeScalars.map { scalar -> Character in
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                || ("0"..."9").contains(scalar) || scalar == "." || scalar == "-" || scalar == "_" ? Character(scalar) : "_"
        })
        return OpenAPI.ComponentKey(rawValue: safe.isEmpty ? "_" : safe) ?? "_"
    }

    static func securityScheme(_ scheme: AuthScheme) -> OpenAPI.SecurityScheme {
        let description = scheme.description
        switch scheme.type {
        case .jwt?, nil:
            return .http(scheme: "bearer", bearerFormat: "JWT", description: description)
        case .oauth2?:
            // The design names no flows or URLs, which an OAuth 2.0 scheme must have: what the
            // client sends is a bearer token, and the description says it is OAuth 2.0's.
            return .http(scheme: "bearer", bearerFormat: "OAuth 2.0 access token", description: description)
        case .apiKey?:
            return .apiKey(name: "X-API-Key", location: .header, description: description)
        case .session?:
            return .apiKey(name: "session", location: .cookie, description: description)
        case .basic?:
            return .http(scheme: "basic", description: description)
        case .mtls?:
            return .mutualTLS(description: description)
        }
    }

    static func errorContentType(_ format: String?) -> OpenAPI.ContentType {
        format?.contains("problem+json") == true ? OpenAPI.ContentType(rawValue: "application/problem+json") ?? .json : .json
    }

    /// RFC 9457's problem details when the format names it; otherwise an object the error format describes.
    static func errorSchema(_ format: String?) -> JSONSchema {
        guard format?.contains("problem+json") == true || format?.contains("9457") == true
                || format?.contains("7807") == true else {
            return .object(description: format)
        }
        return .object(description: format, properties: [
            "type": .string(format: .uriReference, required: false),
            "title": .string(required: false),
            "status": .integer(required: false),
            "detail": .string(required: false),
            "instance": .string(format: .uriReference, required: false),
        ])
    }

    static func operation(_ endpoint: Endpoint, design: Design, errorMediaType: OpenAPI.ContentType,
                          operationIds: inout Set<String>, warnings: inout [String]) -> OpenAPI.Operation {
        var parameters: OpenAPI.Parameter.Array = endpoint.params.map { .b(parameter($0)) }
        // OpenAPI requires every `{name}` of the path to be a declared path parameter.
        for name in PathTemplate(endpoint.path).paramNames
        where !endpoint.params.contains(where: { $0.location == .path && $0.name == name }) {
            parameters.append(.b(OpenAPI.Parameter(name: name, context: .path(schema: .string))))
        }
        var responses = OpenAPI.Response.Map()
        for response in endpoint.responses {
            guard let status = OpenAPI.Response.StatusCode(rawValue: String(response.status)) else { continue }
            if response.status >= 400, response.example == nil {
                responses[status] = .a(.component(named: "Error", description: response.description))
                continue
            }
            var content: OpenAPI.Content.Map = [:]
            if let example = response.example {
                content[.json] = .b(Self.content(example: example, warnings: &warnings, at: "\(endpoint.name) \(response.status)"))
            }
            responses[status] = .b(OpenAPI.Response(description: response.description ?? reason(response.status), content: content))
        }
        if responses.isEmpty {
            responses[.default] = .b(OpenAPI.Response(description: "The design gives no response."))
        }
        var body: OpenAPI.Request?
        if let request = endpoint.request {
            let type = request.contentType.flatMap { OpenAPI.ContentType(rawValue: $0) } ?? .json
            let content = request.example.map { Self.content(example: $0, warnings: &warnings, at: "\(endpoint.name) request") }
                ?? OpenAPI.Content(schema: .fragment)
            body = OpenAPI.Request(content: [type: .b(content)])
        }
        var security: [OpenAPI.SecurityRequirement]?
        if endpoint.isPublic {
            security = []
        } else if let auth = endpoint.auth {
            security = [[.component(named: componentKey(auth).rawValue): endpoint.scopes]]
        }
        var vendor: [String: AnyCodable] = [:]
        var extra: [String: String] = [:]
        if let limit = endpoint.rateLimit { extra["rate_limit"] = limit }
        if let idempotent = endpoint.idempotent { extra["idempotent"] = idempotent ? "true" : "false" }
        if !extra.isEmpty { vendor[extensionKey] = AnyCodable(extra) }
        var tags: [String] = []
        if let service = endpoint.service { tags.append(service) }
        for tag in endpoint.tags where !tags.contains(tag) { tags.append(tag) }
        return OpenAPI.Operation(
            tags: tags.isEmpty ? nil : tags,
            summary: endpoint.summary,
            description: endpoint.description,
            operationId: operationId(endpoint, taken: &operationIds),
            parameters: parameters,
            requestBody: body,
            responses: responses,
            deprecated: endpoint.deprecated ?? false,
            security: security,
            vendorExtensions: vendor
        )
    }

    /// `getV1OrdersOrderId` for `GET /v1/orders/{order_id}`, made unique with a number.
    static func operationId(_ endpoint: Endpoint, taken: inout Set<String>) -> String {
        var words = [endpoint.method.rawValue.lowercased()]
        for part in endpoint.path.split(whereSeparator: { !$0.isLetter && !$0.isNumber }) {
            words.append(part.prefix(1).uppercased() + part.dropFirst())
        }
        let base = words.joined()
        var candidate = base
        var number = 2
        while !taken.insert(candidate).inserted {
            candidate = "\(base)\(number)"
            number += 1
        }
        return candidate
    }

    static func parameter(_ param: Param) -> OpenAPI.Parameter {
        let schema = parameterSchema(param.type)
        let required = param.required ?? false
        let context: OpenAPI.Parameter.Context
        switch param.location {
        case .path: context = .path(schema: schema)
        case .query: context = .query(required: required, schema: schema)
        case .header: context = .header(required: required, schema: schema)
        case .cookie: context = .cookie(required: required, schema: schema)
        }
        return OpenAPI.Parameter(name: param.name, context: context, description: param.description)
    }

    /// A parameter's free-text type as a schema: the JSON types by name, formats for uuid and
    /// dates, `T[]` or `array` for arrays, and a string for anything else (the text kept as its format).
    static func parameterSchema(_ type: String?) -> JSONSchema {
        guard let raw = type?.trimmingCharacters(in: .whitespaces).lowercased(), !raw.isEmpty else { return .string }
        if raw.hasSuffix("[]") { return .array(items: parameterSchema(String(raw.dropLast(2)))) }
        switch raw {
        case "integer", "int", "int32", "int64", "long", "bigint": return .integer
        case "number", "float", "double", "decimal", "numeric": return .number
        case "boolean", "bool": return .boolean
        case "array": return .array(items: .string)
        case "object": return .object
        case "string", "text": return .string
        case "uuid": return .string(format: .uuid)
        case "date-time", "datetime", "timestamp", "timestamptz": return .string(format: .dateTime)
        case "date": return .string(format: .date)
        default: return .string(format: .other(raw))
        }
    }

    /// A JSON body: the example as written, and a schema inferred from it.
    static func content(example: String, warnings: inout [String], at place: String) -> OpenAPI.Content {
        guard let parsed = JSONSyntax.value(example) else {
            warnings.append("\(place): the example is not JSON; left out")
            return OpenAPI.Content(schema: .fragment)
        }
        let value = AnyCodable(plain(parsed))
        return OpenAPI.Content(schema: ExampleSchema.infer(value.value), example: value)
    }

    /// A JSON value as the plain Swift values OpenAPIKit's `AnyCodable` holds: a number is an
    /// `Int` when it is a whole number that fits, else a `Double`.
    static func plain(_ value: JSONValue) -> any Sendable {
        switch value {
        case let .object(members):
            Dictionary(members.map { ($0.key, plain($0.value)) }, uniquingKeysWith: { _, last in last }) as [String: any Sendable]
        case let .array(items): items.map(plain) as [any Sendable]
        case let .string(text): text
        case let .number(text): Int(text).map { $0 as any Sendable } ?? Double(text).map { $0 as any Sendable } ?? text
        case let .bool(flag): flag
        case .null: Optional<Int>.none as any Sendable
        }
    }

    static func reason(_ status: Int) -> String {
        let reasons: [Int: String] = [
            200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 301: "Moved Permanently", 302: "Found",
            304: "Not Modified", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
            405: "Method Not Allowed", 409: "Conflict", 410: "Gone", 412: "Precondition Failed",
            413: "Content Too Large", 415: "Unsupported Media Type", 422: "Unprocessable Content", 429: "Too Many Requests",
            500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
        ]
        return reasons[status] ?? "Status \(status)"
    }
}

/// A JSON Schema for a JSON example: each value's type, an object's keys as required properties
/// (sorted, so that the schema does not depend on hashing), an array's items from its first
/// element, and the formats a string evidently has (uuid, date-time, date).
enum ExampleSchema {
    static func infer(_ value: Any) -> JSONSchema {
        switch value {
        case is Bool: return .boolean
        case is Int: return .integer
        case is Double: return .number
        case let string as String: return .string(format: format(of: string))
        case let array as [Any]:
            return .array(items: array.first.map(infer) ?? .fragment)
        case let object as [String: Any]:
            var properties = OrderedDictionary<String, JSONSchema>()
            for key in object.keys.sorted() { properties[key] = infer(object[key] ?? ()) }
            return .object(properties: properties)
        default:
            return .null()
        }
    }

    static func format(of text: String) -> JSONTypeFormat.StringFormat {
        let bytes = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Bool { range.allSatisfy { (0x30...0x39).contains(bytes[$0]) } }
        if bytes.count == 36, [8, 13, 18, 23].allSatisfy({ bytes[$0] == UInt8(ascii: "-") }),
           bytes.enumerated().allSatisfy({ [8, 13, 18, 23].contains($0.offset) || $0.element.isHexDigit }) {
            return .uuid
        }
        if bytes.count >= 10, digits(0..<4), bytes[4] == UInt8(ascii: "-"), digits(5..<7), bytes[7] == UInt8(ascii: "-"),
           digits(8..<10) {
            if bytes.count == 10 { return .date }
            if bytes.count >= 20, bytes[10] == UInt8(ascii: "T"), ISO8601DateFormatter.isDateTime(text) { return .dateTime }
        }
        return .generic
    }
}

private extension UInt8 {
    var isHexDigit: Bool { (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self) }
}

private extension ISO8601DateFormatter {
    /// RFC 3339 date-time, with or without fractional seconds.
    static func isDateTime(_ text: String) -> Bool {
        let plain = ISO8601DateFormatter()
        if plain.date(from: text) != nil { return true }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text) != nil
    }
}
