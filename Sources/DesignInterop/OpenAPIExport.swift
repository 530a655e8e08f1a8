import DesignModel
import DesignRules
import Foundation

/// A design's API as an OpenAPI 3.1 document: every endpoint, with request and response schemas
/// inferred from the JSON examples, the auth schemes as security schemes, the base URL as the
/// server, one tag per service, and the error format as a shared response. The same design
/// always gives the same bytes (keys sorted).
///
/// The document is built as a JSON tree, as OpenAPIKit encodes the same document: its fields,
/// which are left out when empty, and its keys sorted as Foundation's `JSONEncoder` sorts them.
/// The tests hold it to that: OpenAPIKit decodes the export and encodes it again to the same
/// bytes, and `openapi-spec-validator` accepts it. Encoding OpenAPIKit's document through
/// `Codable` took 4 µs a node, 250 ms for the 2,000 operations of a large design.
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
        let tree = build(design, warnings: &warnings)
        switch encoding {
        case .yaml: return Result(text: tree.yaml, warnings: warnings)
        case .json: return Result(text: tree.foundationStyleJSON + "\n", warnings: warnings)
        }
    }

    /// An object with `members`' keys in the order of their UTF-8 bytes (as `.sortedKeys` orders
    /// them); a nil value leaves its key out.
    static func object(_ members: [(String, JSONValue?)]) -> JSONValue {
        var kept: [JSONValue.Member] = []
        kept.reserveCapacity(members.count)
        for (key, value) in members { if let value { kept.append(JSONValue.Member(key: key, value: value)) } }
        return .object(sortedByKey(kept))
    }

    static func sortedByKey(_ members: [JSONValue.Member]) -> [JSONValue.Member] {
        members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
    }

    static func string(_ text: String?) -> JSONValue? { text.map(JSONValue.string) }
    static func strings(_ texts: [String]) -> JSONValue { .array(texts.map(JSONValue.string)) }
    static func nonEmpty(_ members: [JSONValue.Member]) -> JSONValue? { members.isEmpty ? nil : .object(sortedByKey(members)) }

    static func build(_ design: Design, warnings: inout [String]) -> JSONValue {
        var schemes: [JSONValue.Member] = []
        for scheme in design.api.auth {
            let key = componentKey(scheme.name)
            // A later scheme of the same component name takes the place of an earlier one.
            schemes.removeAll { $0.key == key }
            schemes.append(JSONValue.Member(key: key, value: securityScheme(scheme)))
        }
        let errorMediaType = errorContentType(design.api.errorFormat)
        let hasErrorResponse = design.endpoints.contains { endpoint in
            endpoint.responses.contains { $0.status >= 400 && $0.example == nil }
        }
        var schemas: [JSONValue.Member] = [], responses: [JSONValue.Member] = []
        if hasErrorResponse {
            schemas.append(JSONValue.Member(key: "Error", value: errorSchema(design.api.errorFormat)))
            responses.append(JSONValue.Member(key: "Error", value: object([
                ("content", object([(errorMediaType, object([("schema", reference("#/components/schemas/Error"))]))])),
                ("description", .string(design.api.errorFormat ?? "An error.")),
            ])))
        }
        let components = object([("responses", nonEmpty(responses)), ("schemas", nonEmpty(schemas)),
                                 ("securitySchemes", nonEmpty(schemes))])

        // Path items in the order of their first endpoint, each with its operations by method;
        // a later endpoint of the same method and path takes the earlier one's place.
        var itemPositions: [String: Int] = [:]
        var items: [(path: String, operations: [(method: String, operation: JSONValue)])] = []
        var operationIds = Set<String>()
        for endpoint in design.endpoints {
            let operation = self.operation(endpoint, design: design, errorMediaType: errorMediaType,
                                           operationIds: &operationIds, warnings: &warnings)
            let method = endpoint.method.rawValue.lowercased()
            if let i = itemPositions[endpoint.path] {
                items[i].operations.removeAll { $0.method == method }
                items[i].operations.append((method, operation))
            } else {
                itemPositions[endpoint.path] = items.count
                items.append((endpoint.path, [(method, operation)]))
            }
        }
        let paths = items.map { item in
            JSONValue.Member(key: item.path, value: .object(sortedByKey(item.operations.map { JSONValue.Member(key: $0.method, value: $0.operation) })))
        }

        var tags: [JSONValue] = design.services.map { object([("description", string($0.description)), ("name", .string($0.name))]) }
        var tagNames = Set(design.services.map(\.name))
        for endpoint in design.endpoints {
            for tag in endpoint.tags where tagNames.insert(tag).inserted { tags.append(object([("name", .string(tag))])) }
        }

        var servers: [JSONValue] = []
        if let base = design.api.baseURL {
            if let url = URL(string: base), url.scheme != nil {
                servers.append(object([("url", .string(url.absoluteString))]))
            } else {
                warnings.append("api.base_url '\(base)' is not a URL; the document has no server")
            }
        }
        return object([
            ("components", components == .object([]) ? nil : components),
            ("info", object([("description", string(design.summary)), ("title", .string(design.title)),
                             ("version", .string(design.version ?? "0.0.0"))])),
            ("openapi", .string("3.1.1")),
            ("paths", nonEmpty(paths)),
            ("servers", servers.isEmpty ? nil : .array(servers)),
            ("tags", tags.isEmpty ? nil : .array(tags)),
        ])
    }

    static func reference(_ target: String, description: String? = nil) -> JSONValue {
        object([("$ref", .string(target)), ("description", string(description))])
    }

    static func componentKey(_ name: String) -> String {
        // Component names are `^[a-zA-Z0-9.\-_]+$`; an auth scheme's name of other characters is
        // written with `_` for each.
        let safe = String(name.unicodeScalars.map { scalar -> Character in
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                || ("0"..."9").contains(scalar) || scalar == "." || scalar == "-" || scalar == "_" ? Character(scalar) : "_"
        })
        return safe.isEmpty ? "_" : safe
    }

    static func securityScheme(_ scheme: AuthScheme) -> JSONValue {
        let description = string(scheme.description)
        func http(_ scheme: String, bearerFormat: String?) -> JSONValue {
            object([("bearerFormat", string(bearerFormat)), ("description", description), ("scheme", .string(scheme)), ("type", .string("http"))])
        }
        func apiKey(_ name: String, in location: String) -> JSONValue {
            object([("description", description), ("in", .string(location)), ("name", .string(name)), ("type", .string("apiKey"))])
        }
        switch scheme.type {
        case .jwt?, nil:
            return http("bearer", bearerFormat: "JWT")
        case .oauth2?:
            // The design names no flows or URLs, which an OAuth 2.0 scheme must have: what the
            // client sends is a bearer token, and the description says it is OAuth 2.0's.
            return http("bearer", bearerFormat: "OAuth 2.0 access token")
        case .apiKey?:
            return apiKey("X-API-Key", in: "header")
        case .session?:
            return apiKey("session", in: "cookie")
        case .basic?:
            return http("basic", bearerFormat: nil)
        case .mtls?:
            return object([("description", description), ("type", .string("mutualTLS"))])
        }
    }

    static func errorContentType(_ format: String?) -> String {
        format?.contains("problem+json") == true ? "application/problem+json" : "application/json"
    }

    /// RFC 9457's problem details when the format names it; otherwise an object the error format describes.
    static func errorSchema(_ format: String?) -> JSONValue {
        guard format?.contains("problem+json") == true || format?.contains("9457") == true
                || format?.contains("7807") == true else {
            return object([("description", string(format)), ("type", .string("object"))])
        }
        return object([("description", string(format)), ("properties", object([
            ("detail", ExampleSchema.type("string")),
            ("instance", ExampleSchema.type("string", format: "uri-reference")),
            ("status", ExampleSchema.type("integer")),
            ("title", ExampleSchema.type("string")),
            ("type", ExampleSchema.type("string", format: "uri-reference")),
        ])), ("type", .string("object"))])
    }

    static func operation(_ endpoint: Endpoint, design: Design, errorMediaType: String,
                          operationIds: inout Set<String>, warnings: inout [String]) -> JSONValue {
        var parameters: [JSONValue] = endpoint.params.map(parameter)
        // OpenAPI requires every `{name}` of the path to be a declared path parameter.
        for name in PathTemplate(endpoint.path).paramNames
        where !endpoint.params.contains(where: { $0.location == .path && $0.name == name }) {
            parameters.append(object([("in", .string("path")), ("name", .string(name)), ("required", .bool(true)),
                                      ("schema", ExampleSchema.type("string"))]))
        }
        var responses: [JSONValue.Member] = []
        func put(_ status: String, _ response: JSONValue) {
            responses.removeAll { $0.key == status }
            responses.append(JSONValue.Member(key: status, value: response))
        }
        for response in endpoint.responses {
            let status = String(response.status)
            if response.status >= 400, response.example == nil {
                put(status, reference("#/components/responses/Error", description: response.description))
                continue
            }
            var content: JSONValue?
            if let example = response.example {
                content = object([("application/json", Self.content(example: example, warnings: &warnings, at: "\(endpoint.name) \(response.status)"))])
            }
            put(status, object([("content", content), ("description", .string(response.description ?? reason(response.status)))]))
        }
        if responses.isEmpty {
            responses.append(JSONValue.Member(key: "default", value: object([("description", .string("The design gives no response."))])))
        }
        var body: JSONValue?
        if let request = endpoint.request {
            let type = request.contentType.map(mediaType) ?? "application/json"
            let content = request.example.map { Self.content(example: $0, warnings: &warnings, at: "\(endpoint.name) request") }
                ?? object([("schema", .object([]))])
            body = object([("content", object([(type, content)]))])
        }
        var security: JSONValue?
        if endpoint.isPublic {
            security = .array([])
        } else if let auth = endpoint.auth {
            security = .array([object([(componentKey(auth), strings(endpoint.scopes))])])
        }
        var extra: [(String, JSONValue?)] = []
        if let limit = endpoint.rateLimit { extra.append(("rate_limit", .string(limit))) }
        if let idempotent = endpoint.idempotent { extra.append(("idempotent", .string(idempotent ? "true" : "false"))) }
        var tags: [String] = []
        if let service = endpoint.service { tags.append(service) }
        for tag in endpoint.tags where !tags.contains(tag) { tags.append(tag) }
        return object([
            ("deprecated", endpoint.deprecated == true ? .bool(true) : nil),
            ("description", string(endpoint.description)),
            ("operationId", .string(operationId(endpoint, taken: &operationIds))),
            ("parameters", parameters.isEmpty ? nil : .array(parameters)),
            ("requestBody", body),
            ("responses", .object(sortedByKey(responses))),
            ("security", security),
            ("summary", string(endpoint.summary)),
            ("tags", tags.isEmpty ? nil : strings(tags)),
            (extensionKey, extra.isEmpty ? nil : object(extra)),
        ])
    }

    /// A media type as OpenAPIKit writes what it reads: the type as written, then the
    /// parameters that are `name=value` sorted by name (`; charset=utf-8`), the others dropped.
    static func mediaType(_ text: String) -> String {
        let parts = text.split(separator: ";")
        var parameters: [String: String] = [:]
        for part in parts.dropFirst() {
            let pair = part.split(separator: "=")
            guard pair.count == 2 else { continue }
            parameters[pair[0].trimmingCharacters(in: .whitespaces)] = pair[1].trimmingCharacters(in: .whitespaces)
        }
        return (parts.first.map(String.init) ?? text) + parameters.sorted { $0.key < $1.key }.map { "; \($0.key)=\($0.value)" }.joined()
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

    static func parameter(_ param: Param) -> JSONValue {
        let required = param.location == .path || param.required == true
        return object([
            ("description", string(param.description)),
            ("in", .string(param.location.rawValue)),
            ("name", .string(param.name)),
            ("required", required ? .bool(true) : nil),
            ("schema", parameterSchema(param.type)),
        ])
    }

    /// A parameter's free-text type as a schema: the JSON types by name, formats for uuid and
    /// dates, `T[]` or `array` for arrays, and a string for anything else (the text kept as its format).
    static func parameterSchema(_ type: String?) -> JSONValue {
        guard let raw = type?.trimmingCharacters(in: .whitespaces).lowercased(), !raw.isEmpty else { return ExampleSchema.type("string") }
        if raw.hasSuffix("[]") { return ExampleSchema.array(items: parameterSchema(String(raw.dropLast(2)))) }
        switch raw {
        case "integer", "int", "int32", "int64", "long", "bigint": return ExampleSchema.type("integer")
        case "number", "float", "double", "decimal", "numeric": return ExampleSchema.type("number")
        case "boolean", "bool": return ExampleSchema.type("boolean")
        case "array": return ExampleSchema.array(items: ExampleSchema.type("string"))
        case "object": return ExampleSchema.type("object")
        case "string", "text": return ExampleSchema.type("string")
        case "uuid": return ExampleSchema.type("string", format: "uuid")
        case "date-time", "datetime", "timestamp", "timestamptz": return ExampleSchema.type("string", format: "date-time")
        case "date": return ExampleSchema.type("string", format: "date")
        default: return ExampleSchema.type("string", format: raw)
        }
    }

    /// A JSON body: the example as written (its objects' keys sorted, a key written twice taking
    /// its last value, numbers as Foundation writes them), and a schema inferred from it.
    static func content(example: String, warnings: inout [String], at place: String) -> JSONValue {
        guard let parsed = JSONSyntax.value(example) else {
            warnings.append("\(place): the example is not JSON; left out")
            return object([("schema", .object([]))])
        }
        return object([("example", normalized(parsed)), ("schema", ExampleSchema.infer(parsed))])
    }

    /// `value` as it comes out of a round through Swift's values (what OpenAPIKit's examples
    /// hold) and Foundation's encoder: each object's last value of a key, keys sorted; a number
    /// a whole `Int` when it is one that fits, else a `Double` as Foundation spells it.
    static func normalized(_ value: JSONValue) -> JSONValue {
        switch value {
        case let .object(members):
            var positions: [String: Int] = [:]
            var kept: [JSONValue.Member] = []
            for member in members {
                let item = JSONValue.Member(key: member.key, value: normalized(member.value))
                if let i = positions[member.key] { kept[i] = item } else {
                    positions[member.key] = kept.count
                    kept.append(item)
                }
            }
            return .object(sortedByKey(kept))
        case let .array(items): return .array(items.map(normalized))
        case let .number(text): return ExampleSchema.number(text)
        default: return value
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
/// element, and the formats a string evidently has (uuid, date-time, date). Written as OpenAPIKit
/// writes the same schema (`type`, `format`, `items`, `properties`, `required`).
enum ExampleSchema {
    /// The schema of a JSON value as parsed: a key written twice is typed by its last value, a
    /// number is an integer when it is written as a whole `Int`.
    static func infer(_ value: JSONValue) -> JSONValue {
        switch value {
        case .bool: return type("boolean")
        case let .number(text): return type(Int(text) != nil ? "integer" : "number")
        case let .string(text): return type("string", format: format(of: text))
        case let .array(items): return array(items: items.first.map(infer) ?? .object([]))
        case let .object(members):
            guard !members.isEmpty else { return type("object") }
            var last: [String: JSONValue] = [:]
            for member in members { last[member.key] = member.value }
            // Every property is required; the list is in the order of `sorted()`, as the
            // properties were added to OpenAPIKit's schema.
            let names = last.keys.sorted()
            let properties = names.map { JSONValue.Member(key: $0, value: infer(last[$0]!)) }
            return .object([
                JSONValue.Member(key: "properties", value: .object(OpenAPIExport.sortedByKey(properties))),
                JSONValue.Member(key: "required", value: .array(names.map(JSONValue.string))),
                JSONValue.Member(key: "type", value: .string("object")),
            ])
        case .null: return type("null")
        }
    }

    static func type(_ name: String, format: String? = nil) -> JSONValue {
        guard let format else { return .object([JSONValue.Member(key: "type", value: .string(name))]) }
        return .object([JSONValue.Member(key: "format", value: .string(format)), JSONValue.Member(key: "type", value: .string(name))])
    }

    static func array(items: JSONValue) -> JSONValue {
        .object([JSONValue.Member(key: "items", value: items), JSONValue.Member(key: "type", value: .string("array"))])
    }

    /// A number as Foundation's encoder writes the Swift value it is read into: an `Int` as it
    /// is, a `Double` by its `description` without a trailing `.0`; text that is neither (a
    /// number too large for a `Double`) as written.
    static func number(_ text: String) -> JSONValue {
        if let whole = Int(text) { return .number(String(whole)) }
        guard let double = Double(text), double.isFinite else { return .number(text) }
        var spelled = double.description
        if spelled.hasSuffix(".0") { spelled.removeLast(2) }
        return .number(spelled)
    }

    static func format(of text: String) -> String? {
        let bytes = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Bool { range.allSatisfy { (0x30...0x39).contains(bytes[$0]) } }
        if bytes.count == 36, [8, 13, 18, 23].allSatisfy({ bytes[$0] == UInt8(ascii: "-") }),
           bytes.enumerated().allSatisfy({ [8, 13, 18, 23].contains($0.offset) || $0.element.isHexDigit }) {
            return "uuid"
        }
        if bytes.count >= 10, digits(0..<4), bytes[4] == UInt8(ascii: "-"), digits(5..<7), bytes[7] == UInt8(ascii: "-"),
           digits(8..<10) {
            if bytes.count == 10 { return "date" }
            if bytes.count >= 20, bytes[10] == UInt8(ascii: "T"), ISO8601DateFormatter.isDateTime(text) { return "date-time" }
        }
        return nil
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
