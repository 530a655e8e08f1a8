import DesignModel

extension Endpoint {
    var ref: ElementRef { .endpoint(name) }
    var isSecured: Bool { !isBlank(auth) && auth != Endpoint.publicAuth }
    func responds(_ status: Int) -> Bool { responses.contains { $0.status == status } }
    var successStatuses: [Int] { responses.map(\.status).filter { (200..<300).contains($0) } }
}

enum APIRules {
    static let all: [any Rule] = [
        PathParamUndeclared(), PathParamUnused(), PathShape(), DuplicateRoute(), AmbiguousRoute(), SuccessResponse(),
        InputErrorResponse(), UnauthorizedResponse(), ForbiddenResponse(), NotFoundResponse(), RateLimitResponse(),
        BodyNotAllowed(), CreateStatus(), DeleteStatus(), PluralCollections(), VerbInPath(), NestingDepth(),
        PathCasing(), ParamCasing(), JSONFieldCasing(), VersioningRule(), CollectionPagination(), IdempotencyKey(),
        JSONExample(), ErrorFormat(), DeprecatedExplained(),
    ] + contractRules + specificationRules

    struct PathParamUndeclared: EndpointRule {
        let id = "api-path-param-undeclared"
        let defaultSeverity = Severity.error
        let title = "Every {param} in a path is declared in params"
        let explanation = """
            A path template such as /v1/orders/{order_id} names a parameter that clients must fill in. Without a \
            matching `params` entry (`in: path`) the contract says nothing about its type or meaning, and code \
            generators refuse the operation. Fix: add `- name: order_id`, `in: path`, `type`, `required: true`.
            """
        let reads: DesignSections = .endpoints
        func check(endpoint e: Int, _ context: RuleContext, into issues: inout [Issue]) {
            let names = context.index.paths[e].paramNames
            guard !names.isEmpty else { return }
            let params = context.design.endpoints[e].params
            for name in names where !params.contains(where: { $0.location == .path && $0.name == name }) {
                issues.append(Issue(context.index.endpointRef(e), "path parameter '{" + name + "}' of '" + context.index.endpointNames[e] + "' is not declared in params (in: path)"))
            }
        }
    }

    struct PathParamUnused: EndpointRule {
        let id = "api-path-param-unused"
        let defaultSeverity = Severity.error
        let title = "Every path parameter declared appears in the path"
        let explanation = """
            A parameter declared `in: path` must appear in the path template as {name}; otherwise it can never be \
            sent and the declaration is a typo or left over from a renamed path. Fix: rename it to match the \
            template, move it to `in: query`, or remove it.
            """
        let reads: DesignSections = .endpoints
        func check(endpoint e: Int, _ context: RuleContext, into issues: inout [Issue]) {
            let endpoints = context.design.endpoints
            let params = endpoints[e].params
            for i in params.indices where params[i].location == .path && !context.index.paths[e].paramNames.contains(params[i].name) {
                let name = params[i].name
                issues.append(Issue(context.index.endpointRef(e), "path parameter '" + name + "' is declared but '" + endpoints[e].path + "' has no '{" + name + "}'"))
            }
        }
    }

    struct PathShape: EndpointRule {
        let id = "api-path-shape"
        let defaultSeverity = Severity.warning
        let title = "Paths are clean templates: no query string, trailing slash, empty segment or file extension"
        let explanation = """
            A path names a resource. A query string belongs in `params` (in: query); a trailing slash or an empty \
            segment (//) makes two URLs for one resource, which caches and routers treat differently; a file \
            extension (.json) duplicates content negotiation, which the Accept header does. Fix: write the path as \
            /v1/collection/{id} and move the rest to params or headers.
            """
        let reads: DesignSections = .endpoints
        func check(endpoint e: Int, _ context: RuleContext, into issues: inout [Issue]) {
            do {
                let path = context.index.paths[e]
                guard !path.startsWithSlash || path.hasQuery || path.hasTrailingSlash || path.hasEmptySegment || path.fileExtension != nil else { return }
                var problems: [String] = []
                if !path.startsWithSlash { problems.append("does not start with '/'") }
                if path.hasQuery { problems.append("contains a query string (declare query parameters in params)") }
                if path.hasTrailingSlash { problems.append("ends with a slash") }
                if path.hasEmptySegment { problems.append("has an empty segment (//)") }
                if let ext = path.fileExtension { problems.append("ends in a file extension '.\(ext)' (use the Accept header)") }
                issues.append(Issue(context.index.endpointRef(e), "path '\(path.raw)' " + problems.joined(separator: ", ")))
            }
        }
    }

    struct DuplicateRoute: Rule {
        let id = "api-duplicate-route"
        let defaultSeverity = Severity.error
        let title = "No two endpoints share a method and path template"
        let explanation = """
            GET /users/{id} and GET /users/{user_id} are the same route: a router cannot tell them apart and one of \
            them is dead. Parameter names do not distinguish templates. Fix: merge the two endpoints or give one a \
            different path.
            """
        let reads: DesignSections = .endpointList
        func check(_ context: RuleContext) -> [Issue] {
            struct Key: Hashable {
                var method: HTTPMethod
                var path: String
            }
            let facts = context.index.endpointFacts, names = context.index.endpointNames
            var seen: [Key: Int] = [:]
            seen.reserveCapacity(facts.count)
            var issues: [Issue] = []
            for e in facts.indices {
                let key = Key(method: facts[e].method, path: context.index.paths[e].normalized)
                if let first = seen[key] {
                    issues.append(Issue(context.index.endpointRef(e), names[first] == names[e]
                        ? "'\(names[e])' is defined more than once"
                        : "'\(names[e])' is the same route as '\(names[first])' (parameter names do not tell templates apart)"))
                } else {
                    seen[key] = e
                }
            }
            return issues
        }
    }

    struct AmbiguousRoute: Rule {
        let id = "api-ambiguous-route"
        let defaultSeverity = Severity.warning
        let title = "No URL matches two endpoint templates of the same method"
        let explanation = """
            GET /v1/users/{id} and GET /v1/users/me both match /v1/users/me; which one serves it depends on the \
            router's ordering, and a user whose id is "me" cannot be fetched. Fix: give the special resource its \
            own collection (/v1/me) or make the literal impossible as an id.
            """

        let reads: DesignSections = .endpointList

        /// A trie of path segments per method, its edges in one dictionary keyed by (node, interned
        /// segment name). A walk follows literal and parameter branches together.
        func check(_ context: RuleContext) -> [Issue] {
            let index = context.index
            let paths = index.paths, facts = index.endpointFacts, names = index.endpointNames
            var literalChild: [UInt64: Int32] = [:]
            literalChild.reserveCapacity(paths.count * 2)
            var paramChild: [Int32] = [], firstLiteral: [Int32] = [], nextSibling: [Int32] = []
            var firstEndpoint: [Int32] = [], nextEndpoint = [Int32](repeating: -1, count: paths.count)
            func newNode() -> Int32 {
                paramChild.append(-1); firstLiteral.append(-1); nextSibling.append(-1); firstEndpoint.append(-1)
                return Int32(paramChild.count - 1)
            }
            func key(_ node: Int32, _ name: Int32) -> UInt64 { UInt64(UInt32(bitPattern: node)) << 32 | UInt64(UInt32(bitPattern: name)) }
            var roots = [Int32](repeating: -1, count: HTTPMethod.allCases.count)
            func methodIndex(_ method: HTTPMethod) -> Int { HTTPMethod.allCases.firstIndex(of: method)! }
            for e in paths.indices {
                let m = methodIndex(facts[e].method)
                if roots[m] < 0 { roots[m] = newNode() }
                var node = roots[m]
                for i in paths[e].segments.indices {
                    let name = index.segmentNameID(endpoint: e, segment: i)
                    if name < 0 {
                        if paramChild[Int(node)] < 0 { let child = newNode(); paramChild[Int(node)] = child }
                        node = paramChild[Int(node)]
                    } else if let child = literalChild[key(node, name)] {
                        node = child
                    } else {
                        let child = newNode()
                        literalChild[key(node, name)] = child
                        nextSibling[Int(child)] = firstLiteral[Int(node)]
                        firstLiteral[Int(node)] = child
                        node = child
                    }
                }
                nextEndpoint[e] = firstEndpoint[Int(node)]
                firstEndpoint[Int(node)] = Int32(e)
            }
            var issues: [Issue] = []
            var frontier: [Int32] = [], next: [Int32] = [], others: [Int] = []
            for e in paths.indices {
                frontier.removeAll(keepingCapacity: true)
                frontier.append(roots[methodIndex(facts[e].method)])
                var viaOther = false
                for i in paths[e].segments.indices {
                    next.removeAll(keepingCapacity: true)
                    let name = index.segmentNameID(endpoint: e, segment: i)
                    for node in frontier {
                        if name < 0 {
                            if paramChild[Int(node)] >= 0 { next.append(paramChild[Int(node)]) }
                            var child = firstLiteral[Int(node)]
                            while child >= 0 { viaOther = true; next.append(child); child = nextSibling[Int(child)] }
                        } else {
                            if let child = literalChild[key(node, name)] { next.append(child) }
                            if paramChild[Int(node)] >= 0 { viaOther = true; next.append(paramChild[Int(node)]) }
                        }
                    }
                    swap(&frontier, &next)
                    if frontier.isEmpty { break }
                }
                guard viaOther else { continue }
                // Report each pair once, on the later endpoint; identical templates are api-duplicate-route's.
                others.removeAll(keepingCapacity: true)
                for node in frontier {
                    var other = firstEndpoint[Int(node)]
                    while other >= 0 {
                        if Int(other) < e, paths[Int(other)].normalized != paths[e].normalized { others.append(Int(other)) }
                        other = nextEndpoint[Int(other)]
                    }
                }
                for other in others.sorted() {
                    issues.append(Issue(index.endpointRef(e), "'" + names[e] + "' and '" + names[other] + "' match the same URLs"))
                }
            }
            return issues
        }
    }

    struct SuccessResponse: EndpointRule {
        let id = "api-success-response"
        let defaultSeverity = Severity.warning
        let title = "Every endpoint declares a success (2xx) response"
        let explanation = """
            Clients and generated SDKs need to know what a successful call returns. An endpoint with only error \
            responses, or none at all, is an incomplete contract. Fix: add the 2xx response (200, 201, 202 or 204) \
            with a description and, when it has a body, a JSON example.
            """
        let reads: DesignSections = .endpoints
        func check(endpoint e: Int, _ context: RuleContext, into issues: inout [Issue]) {
            let facts = context.index.endpointFacts
            guard !facts[e].statuses.hasSuccess else { return }
            let name = context.index.endpointNames[e]
            issues.append(Issue(context.index.endpointRef(e), facts[e].statuses.isEmpty
                ? "'" + name + "' declares no responses" : "'" + name + "' declares no success (2xx) response"))
        }
    }

    /// One expected error status for endpoints of a certain shape.
    protocol ExpectedStatus: EndpointRule {
        var statuses: [Int] { get }
        /// Why the endpoint needs the status, when it does.
        func reason(_ facts: DesignIndex.EndpointFacts, _ path: PathTemplate) -> String?
    }

    struct InputErrorResponse: ExpectedStatus {
        let id = "api-input-error-response"
        let defaultSeverity = Severity.warning
        let title = "Endpoints that take input declare 400 or 422"
        let explanation = """
            An endpoint with a request body or query parameters can be called with bad input; clients need to \
            know which status and error body they get. Fix: add a 400 (malformed) or 422 (well-formed but \
            invalid) response in the design's error format.
            """
        let statuses = [400, 422]
        func reason(_ facts: DesignIndex.EndpointFacts, _ path: PathTemplate) -> String? {
            facts.hasRequest ? "takes a request body" : facts.hasQueryParams ? "takes query parameters" : nil
        }
    }

    struct UnauthorizedResponse: ExpectedStatus {
        let id = "api-unauthorized-response"
        let defaultSeverity = Severity.warning
        let title = "Secured endpoints declare 401"
        let explanation = """
            An endpoint that requires authentication answers 401 Unauthorized when the credentials are missing or \
            expired; clients use it to refresh a token or sign in again. Fix: add a 401 response.
            """
        let statuses = [401]
        func reason(_ facts: DesignIndex.EndpointFacts, _ path: PathTemplate) -> String? {
            facts.auth == .secured ? "requires auth" : nil
        }
    }

    struct ForbiddenResponse: ExpectedStatus {
        let id = "api-forbidden-response"
        let defaultSeverity = Severity.warning
        let title = "Endpoints with scopes declare 403"
        let explanation = """
            When an endpoint requires scopes, a valid token without them is refused with 403 Forbidden, which is \
            different from 401 (no valid token): the client must ask for more permissions, not sign in again. \
            Fix: add a 403 response.
            """
        let statuses = [403]
        func reason(_ facts: DesignIndex.EndpointFacts, _ path: PathTemplate) -> String? {
            facts.hasScopes ? "requires scopes" : nil
        }
    }

    struct NotFoundResponse: ExpectedStatus {
        let id = "api-not-found-response"
        let defaultSeverity = Severity.warning
        let title = "Endpoints whose path names an item declare 404"
        let explanation = """
            A path with a parameter (/v1/orders/{order_id}) names an item that may not exist, or that the caller \
            may not see. Fix: add a 404 response saying what was not found.
            """
        let statuses = [404]
        func reason(_ facts: DesignIndex.EndpointFacts, _ path: PathTemplate) -> String? {
            path.namesItem ? "names an item in its path" : nil
        }
    }

    struct RateLimitResponse: ExpectedStatus {
        let id = "api-rate-limit-response"
        let defaultSeverity = Severity.warning
        let title = "Rate-limited endpoints declare 429"
        let explanation = """
            An endpoint under a rate limit answers 429 Too Many Requests (with Retry-After) when the limit is hit; \
            clients need to know so that they back off instead of retrying at once. Fix: add a 429 response.
            """
        let statuses = [429]
        func reason(_ facts: DesignIndex.EndpointFacts, _ path: PathTemplate) -> String? {
            facts.rateLimited ? "is rate limited" : nil
        }
    }

    struct BodyNotAllowed: EndpointRule {
        let id = "api-body-not-allowed"
        let defaultSeverity = Severity.warning
        let title = "GET, DELETE and HEAD take no request body"
        let explanation = """
            RFC 9110 gives a body on GET, HEAD and DELETE no meaning; proxies, caches and client libraries drop or \
            reject it. Fix: pass filters as query parameters, or make the operation a POST to a resource (for a \
            search with a large body, POST /v1/things/searches).
            """
        let reads: DesignSections = .endpoints
        func check(endpoint e: Int, _ context: RuleContext, into issues: inout [Issue]) {
            let facts = context.index.endpointFacts
            guard facts[e].hasRequest && [.GET, .DELETE, .HEAD].contains(facts[e].method) else { return }
            issues.append(Issue(context.index.endpointRef(e), "'" + context.index.endpointNames[e] + "' has a request body; " + facts[e].method.rawValue + " takes none"))
        }
    }

    struct CreateStatus: EndpointRule {
        let id = "api-create-status"
        let defaultSeverity = Severity.warning
        let title = "POST on a collection answers 201 Created (or 202 Accepted)"
        let explanation = """
            POST to a collection creates an item; 201 Created with the new item (and a Location header) tells the \
            client so, and 202 Accepted says creation continues in the background. A 200 hides what happened. \
            Fix: declare 201 (or 202) as the success response.
            """
        let reads: DesignSections = .endpoints
        func check(endpoint e: Int, _ context: RuleContext, into issues: inout [Issue]) {
            let facts = context.index.endpointFacts
            guard facts[e].method == .POST && facts[e].statuses.has2xx
                && !facts[e].statuses.contains(201) && !facts[e].statuses.contains(202) else { return }
            let path = context.index.paths[e]
            guard path.isCollection, context.index.segmentTraits(endpoint: e, segment: path.segments.count - 1)?.isPlural == true else { return }
            let success = context.design.endpoints[e].successStatuses.map(String.init).joined(separator: ", ")
            issues.append(Issue(context.index.endpointRef(e), "'\(context.index.endpointNames[e])' creates in a collection but answers \(success), not 201 or 202"))
        }
    }

    struct DeleteStatus: EndpointRule {
        let id = "api-delete-status"
        let defaultSeverity = Severity.warning
        let title = "DELETE answers 204, 202 or 200"
        let explanation = """
            A DELETE succeeds with 204 No Content, 202 Accepted (deletion continues in the background) or 200 OK \
            with a body describing the result. Other success codes (201, 206) say something that did not happen. \
            Fix: answer 204 unless there is a body to return.
            """
        let reads: DesignSections = .endpoints
        func check(endpoint e: Int, _ context: RuleContext, into issues: inout [Issue]) {
            let facts = context.index.endpointFacts
            guard facts[e].method == .DELETE && facts[e].statuses.has2xx && !facts[e].statuses.containsAny([200, 202, 204]) else { return }
            let success = context.design.endpoints[e].successStatuses.map(String.init).joined(separator: ", ")
            issues.append(Issue(context.index.endpointRef(e), "'\(context.index.endpointNames[e])' answers \(success); a DELETE answers 204, 202 or 200"))
        }
    }

    struct PluralCollections: EndpointRule {
        let id = "api-plural-collections"
        let defaultSeverity = Severity.warning
        let title = "Collections are plural nouns"
        let explanation = """
            A segment followed by an item id names a collection: /v1/orders/{order_id} reads as "order X of the \
            orders". Mixing /user/{id} and /orders/{id} makes clients guess. Fix: use the plural noun for every \
            collection segment.
            """
        let reads: DesignSections = .endpoints
        func check(endpoint e: Int, _ context: RuleContext, into issues: inout [Issue]) {
            let path = context.index.paths[e]
            let segments = path.segments
            for i in segments.indices.dropLast() where segments[i + 1].isParam {
                guard let text = segments[i].literal, let traits = context.index.segmentTraits(endpoint: e, segment: i),
                      !traits.isVersion, !traits.isPlural else { continue }
                issues.append(Issue(context.index.endpointRef(e), concat("collection segment '", text, "' in '", path.raw, "' is not a plural noun")))
            }
        }
    }

    struct VerbInPath: EndpointRule {
        let id = "api-verb-in-path"
        let defaultSeverity = Severity.warning
        let title = "No verbs in paths"
        let explanation = """
            The HTTP method is the verb; the path names resources. /v1/getOrders or /v1/orders/delete-item repeat \
            (or contradict) the method and multiply endpoints. Fix: GET /v1/orders, DELETE /v1/orders/{id}; model \
            real actions as resources (POST /v1/orders/{id}/cancellations).
            """
        let reads: DesignSections = .endpoints
        func check(endpoint e: Int, _ context: RuleContext, into issues: inout [Issue]) {
            let path = context.index.paths[e]
            for (i, segment) in path.segments.enumerated() {
                guard let text = segment.literal, let verb = context.index.segmentTraits(endpoint: e, segment: i)?.verb else { continue }
                issues.append(Issue(context.index.endpointRef(e), "segment '\(text)' of '\(path.raw)' contains the verb '\(verb)'; let the method say it"))
                break
            }
        }
    }

    struct NestingDepth: EndpointRule {
        let id = "api-nesting-depth"
        let defaultSeverity = Severity.warning
        let title = "Paths nest at most three resource levels"
        let explanation = """
            /v1/a/{a}/b/{b}/c/{c}/d couples clients to a whole chain of ids and makes every level's access rules \
            part of the URL. Beyond collection/item/collection, give the deeper resource its own top-level \
            collection and link to it. Fix: shorten the path to at most three resource segments.
            """
        let reads: DesignSections = .endpoints
        func check(endpoint e: Int, _ context: RuleContext, into issues: inout [Issue]) {
            let path = context.index.paths[e]
            var depth = 0
            for (i, segment) in path.segments.enumerated() {
                if case .literal = segment, context.index.segmentTraits(endpoint: e, segment: i)?.isVersion == false { depth += 1 }
            }
            if depth > 3 {
                issues.append(Issue(context.index.endpointRef(e), "'\(path.raw)' nests \(depth) resource levels (at most 3)"))
            }
        }
    }

    struct PathCasing: EndpointRule {
        let id = "api-path-casing"
        let defaultSeverity = Severity.warning
        let title = "Path segments use one casing style"
        let explanation = """
            URLs are case sensitive; /v1/orderItems beside /v1/shipping-labels makes clients guess. Paths are \
            kebab-case, as Zalando's guidelines (rule 129) and most public APIs have them, unless \
            `validation.path_casing` names another style for the design. Fix: rename the odd segments.
            """
        let reads: DesignSections = [.endpoints, .validation]
        func check(endpoint e: Int, _ context: RuleContext, into issues: inout [Issue]) {
            let paths = context.index.paths
            var mask: UInt8 = 0
            for (i, segment) in paths[e].segments.enumerated() {
                guard case .literal = segment, let traits = context.index.segmentTraits(endpoint: e, segment: i),
                      !traits.isVersion else { continue }
                mask |= traits.casing.bit
            }
            let style = context.design.validation.pathCasing ?? CasingStyle.defaultPath
            let required = Casing(style)
            if mask & ~(Casing.lower.bit | required.bit) != 0 {
                for (i, segment) in paths[e].segments.enumerated() {
                    guard let text = segment.literal, let traits = context.index.segmentTraits(endpoint: e, segment: i),
                          !traits.isVersion else { continue }
                    let casing = traits.casing
                    if casing.breaks(required) {
                        issues.append(Issue(context.index.endpointRef(e), "segment '\(text)' of '\(paths[e].raw)' is \(casing); "
                            + "paths are \(style.rawValue)\(context.design.validation.pathCasing == nil ? "" : " (validation.path_casing)")"))
                        break
                    }
                }
            }
        }
    }

    struct ParamCasing: EndpointRule {
        let id = "api-param-casing"
        let defaultSeverity = Severity.warning
        let title = "Path, query and cookie parameters use one casing style"
        let explanation = """
            Parameter names are part of every client's code; order_id beside orderId makes the API feel like \
            several APIs. Parameters are snake_case, as Zalando's guidelines (rule 130) have them, unless \
            `validation.parameter_casing` names another style. Header names follow HTTP's own convention and \
            are not checked. Fix: rename the odd parameters.
            """
        let reads: DesignSections = [.endpoints, .validation]
        func check(endpoint e: Int, _ context: RuleContext, into issues: inout [Issue]) {
            let params = context.design.endpoints[e].params
            var mask: UInt8 = 0
            for (i, param) in params.enumerated() where param.location != .header {
                mask |= context.index.paramTraits(endpoint: e, param: i).casing.bit
            }
            let style = context.design.validation.parameterCasing ?? CasingStyle.defaultParameter
            let required = Casing(style)
            guard mask & ~(Casing.lower.bit | required.bit) != 0 else { return }
            for (i, param) in params.enumerated() where param.location != .header {
                let casing = context.index.paramTraits(endpoint: e, param: i).casing
                if casing.breaks(required) {
                    issues.append(Issue(context.index.endpointRef(e), "parameter '\(param.name)' of '\(context.index.endpointNames[e])' is \(casing); "
                        + "parameters are \(style.rawValue)\(context.design.validation.parameterCasing == nil ? "" : " (validation.parameter_casing)")"))
                }
            }
        }
    }

    struct JSONFieldCasing: Rule {
        let id = "api-json-field-casing"
        let defaultSeverity = Severity.warning
        let title = "JSON fields of examples use one casing style"
        let explanation = """
            Request, response and event examples define the field names clients bind to. total_cents in one body \
            and totalCents in another means two mapping conventions in every client. Fields are snake_case, as \
            Zalando's guidelines (rule 118) have them, unless `validation.json_casing` names another style. Fix: \
            rename the odd fields.
            """
        let reads: DesignSections = DesignSections.examples.union(.validation)
        func check(_ context: RuleContext) -> [Issue] {
            let examples = context.index.examples
            let style = context.design.validation.jsonCasing ?? CasingStyle.defaultJSON
            let allowed = Casing.lower.bit | Casing(style).bit
            var issues: [Issue] = []
            for x in examples.indices where examples[x].scan.error == nil && examples[x].scan.keyStyles & ~allowed != 0 {
                let off = examples[x].scan.keyStyles & ~allowed
                guard let casing = Casing.allCases.first(where: { off & $0.bit != 0 }) else { continue }
                let example = examples[x]
                let key = JSONScan.firstKey(of: casing, in: example.text) ?? "?"
                issues.append(Issue(example.element, "field '\(key)' in \(example.label) of \(example.element.name) is \(casing); "
                    + "JSON fields are \(style.rawValue)\(context.design.validation.jsonCasing == nil ? "" : " (validation.json_casing)")"))
            }
            return issues
        }
    }

    struct VersioningRule: Rule {
        let id = "api-versioning"
        let defaultSeverity = Severity.warning
        let title = "Versioning follows api.versioning"
        let explanation = """
            The design states one versioning strategy. With `url-path`, every path starts with the version segment \
            and a segment other than `current` needs `deprecated: true`; with `header` or `query` no path carries a \
            version segment, and `header` names its header. Fix: state the strategy in api.versioning and make \
            the paths follow it.
            """
        let reads: DesignSections = [.endpoints, .api]
        func check(_ context: RuleContext) -> [Issue] {
            let design = context.design
            guard !design.endpoints.isEmpty else { return [] }
            let versioning = design.api.versioning
            guard let strategy = versioning.strategy else {
                return [Issue(.section("api"), "api.versioning states no strategy (url-path, header or query)")]
            }
            var issues: [Issue] = []
            if strategy == .header, isBlank(versioning.header) {
                issues.append(Issue(.section("api"), "api.versioning uses a header but does not name it (header:)"))
            }
            let current = versioning.current
            let facts = context.index.endpointFacts
            for e in context.index.paths.indices {
                let path = context.index.paths[e]
                switch strategy {
                case .urlPath:
                    guard let version = path.version else {
                        issues.append(Issue(context.index.endpointRef(e), "'\(path.raw)' has no version segment; api.versioning is url-path"
                            + (current.map { " (/\($0)/...)" } ?? "")))
                        continue
                    }
                    if let current, version != current, version.lowercased() != current.lowercased(), !facts[e].deprecated {
                        issues.append(Issue(context.index.endpointRef(e), "'\(path.raw)' is under '\(version)' but the current version is '\(current)' and it is not deprecated"))
                    }
                case .header, .query:
                    if let version = path.anyVersion {
                        issues.append(Issue(context.index.endpointRef(e), "'\(path.raw)' carries version '\(version)' in its path but api.versioning uses the \(strategy.rawValue)"))
                    }
                }
            }
            return issues
        }
    }

    struct CollectionPagination: EndpointRule {
        let id = "api-collection-pagination"
        let defaultSeverity = Severity.warning
        let title = "GET on a collection is paginated"
        let explanation = """
            A collection grows; a GET that returns all of it gets slower and larger until it times out. Declare a \
            page parameter from the start (a cursor is best; also page_token, limit/offset, page/per_page), since \
            adding one later breaks clients. Fix: add a query parameter such as `cursor` and return `next_cursor`.
            """
        let reads: DesignSections = .endpoints
        func check(endpoint e: Int, _ context: RuleContext, into issues: inout [Issue]) {
            let facts = context.index.endpointFacts, endpoints = context.design.endpoints
            if facts[e].method == .GET {
                let path = context.index.paths[e]
                guard path.isCollection, let last = context.index.segmentTraits(endpoint: e, segment: path.segments.count - 1),
                      last.isPlural, !last.isAggregate else { return }
                var paginated = false
                if facts[e].hasQueryParams {
                    let params = endpoints[e].params
                    for i in params.indices where params[i].location == .query && context.index.paramTraits(endpoint: e, param: i).pagination {
                        paginated = true
                    }
                }
                if !paginated {
                    issues.append(Issue(context.index.endpointRef(e), concat("'", context.index.endpointNames[e], "' lists a collection without a pagination parameter (cursor, limit, page...)")))
                }
            }
        }
    }

    struct IdempotencyKey: EndpointRule {
        let id = "api-idempotency-key"
        let defaultSeverity = Severity.warning
        let title = "POST or PATCH marked idempotent declares an idempotency key"
        let explanation = """
            POST and PATCH are not idempotent by themselves; a retry after a timeout can charge a card twice. An \
            endpoint marked `idempotent: true` is only safe when clients send a key the server deduplicates on. \
            Fix: declare a header parameter `Idempotency-Key` (required) and say how long keys are kept.
            """
        let reads: DesignSections = .endpoints
        func check(endpoint e: Int, _ context: RuleContext, into issues: inout [Issue]) {
            let facts = context.index.endpointFacts, endpoints = context.design.endpoints
            if facts[e].method == .POST || facts[e].method == .PATCH {
                guard endpoints[e].idempotent == true else { return }
                let params = endpoints[e].params
                let hasKey = params.indices.contains { i in
                    params[i].location == .header && context.index.paramTraits(endpoint: e, param: i).idempotencyKey
                }
                if !hasKey {
                    issues.append(Issue(context.index.endpointRef(e), "'\(context.index.endpointNames[e])' is marked idempotent but declares no Idempotency-Key header"))
                }
            }
        }
    }

    struct JSONExample: Rule {
        let id = "api-json-example"
        let defaultSeverity = Severity.error
        let title = "JSON examples parse"
        let explanation = """
            Request, response and payload examples are the contract people read and tools test against; one that \
            does not parse is wrong somewhere, and nobody knows where. Fix: correct the JSON (quotes around keys \
            and strings, no trailing commas, no comments).
            """
        let reads: DesignSections = .examples
        func check(_ context: RuleContext) -> [Issue] {
            let examples = context.index.examples
            var issues: [Issue] = []
            for x in examples.indices where examples[x].scan.error != nil {
                let example = examples[x]
                issues.append(Issue(example.element, "\(example.label) of \(example.element.name) is not valid JSON: \(example.scan.error ?? "")"))
            }
            return issues
        }
    }

    struct ErrorFormat: Rule {
        let id = "api-error-format"
        let defaultSeverity = Severity.warning
        let title = "The API declares one error format"
        let explanation = """
            Clients handle errors from every endpoint with one piece of code only if every error has the same \
            shape. Fix: set api.error_format, e.g. `application/problem+json (RFC 9457)`, and use it in the error \
            examples.
            """
        let reads: DesignSections = [.endpointList, .api]
        func check(_ context: RuleContext) -> [Issue] {
            guard !context.design.endpoints.isEmpty, isBlank(context.design.api.errorFormat) else { return [] }
            return [Issue(.section("api"), "api.error_format is not set; say what shape every error body has")]
        }
    }

    struct DeprecatedExplained: EndpointRule {
        let id = "api-deprecated-explained"
        let defaultSeverity = Severity.warning
        let title = "Deprecated endpoints say why and what replaces them"
        let explanation = """
            A client that meets `deprecated: true` needs to know what to move to and by when. Fix: write a \
            description naming the replacement endpoint and the sunset date.
            """
        let reads: DesignSections = .endpoints
        func check(endpoint e: Int, _ context: RuleContext, into issues: inout [Issue]) {
            let facts = context.index.endpointFacts, endpoints = context.design.endpoints
            guard facts[e].deprecated && isBlank(endpoints[e].description) else { return }
            issues.append(Issue(context.index.endpointRef(e), "'\(context.index.endpointNames[e])' is deprecated without a description of why and what replaces it"))
        }
    }
}

extension APIRules.ExpectedStatus {
    var reads: DesignSections { .endpoints }
    func check(endpoint e: Int, _ context: RuleContext, into issues: inout [Issue]) {
        let facts = context.index.endpointFacts[e]
        guard !facts.statuses.containsAny(statuses), let reason = reason(facts, context.index.paths[e]) else { return }
        let codes = statuses.count == 1 ? String(statuses[0]) : statuses.map(String.init).joined(separator: " or ")
        issues.append(Issue(context.index.endpointRef(e), concat("'", context.index.endpointNames[e], "' ", reason, " but declares no ", codes, " response")))
    }
}
