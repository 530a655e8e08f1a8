import DesignModel

/// The contract rules of the second round: what Spectral's OAS and OWASP rulesets, Zalando's
/// guidelines (and Zally), vacuum, the Microsoft Azure guidelines and Google's AIPs check in an
/// API, read from the design's endpoints and their examples.
extension APIRules {
    static let contractRules: [any Rule] = [
        CollectionWrite(), BatchStatus(), ErrorExampleShape(), NonstandardStatus(), RedirectStatus(), TopLevelArray(),
        IntegerEnum(), MoneyFloatExample(), SafeMethodStateChange(), OptimisticConcurrency(), UnusedAuthScheme(), UnusedRateLimit(), BaseURLShape(),
    ]

    /// The path's last segment is a literal collection name (`/v1/orders`), not an item.
    static func endsInCollection(_ context: RuleContext, _ e: Int) -> Bool {
        let path = context.index.paths[e]
        guard let i = path.segments.indices.last, path.segments[i].literal != nil,
              let traits = context.index.segmentTraits(endpoint: e, segment: i) else { return false }
        return !traits.isVersion && traits.isPlural && !traits.isAggregate && traits.verb == nil
    }

    struct CollectionWrite: EndpointRule {
        let id = "api-collection-write"
        let reads: DesignSections = .endpoints
        let defaultSeverity = Severity.warning
        let title = "PUT, PATCH and DELETE address one resource, not a collection"
        let explanation = """
            PUT /v1/orders with the order's id in the body replaces or deletes "whatever the body names": \
            caches, proxies, logs and authorisation by URL no longer see which resource changed, and a client \
            that forgets the id rewrites the whole collection. Zalando (rule 148) and Google AIP-134/135 put \
            the id in the path. Fix: PUT/PATCH/DELETE /v1/orders/{order_id}; for changes to many items, a batch \
            endpoint (POST /v1/orders/batch-updates) answering 207.
            """
        func check(endpoint e: Int, _ context: RuleContext, into issues: inout [Issue]) {
            let method = context.index.endpointFacts[e].method
            guard method == .PUT || method == .PATCH || method == .DELETE, APIRules.endsInCollection(context, e) else { return }
            issues.append(Issue(context.index.endpointRef(e), "'\(context.index.endpointNames[e])' \(method.rawValue)s a whole collection; put the item's id in the path"))
        }
    }

    struct BatchStatus: Rule {
        let id = "api-batch-status"
        let reads: DesignSections = DesignSections.examples.union(.endpoints)
        let defaultSeverity = Severity.warning
        let title = "Batch and bulk endpoints answer 207 or state that they are all-or-nothing"
        let explanation = """
            A batch of 100 items where 3 fail cannot be told with one 200: the client either retries all 100 \
            or silently loses 3. Zalando (rule 152) and the Azure guidelines ask for 207 Multi-Status with one \
            result per item, or an all-or-nothing contract (one transaction, 4xx on any failure) written down. \
            Fix: declare a 207 response with a per-item example, or say "all or nothing" (atomic) in the \
            description and answer 200 only when every item succeeded.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let endpoints = context.design.endpoints
            var issues: [Issue] = []
            // Endpoints whose request example is a list, found in one pass over the examples.
            let listBodies = Set(context.index.examples.filter { $0.site == .request && $0.scan.isTopLevelArray }.map(\.element))
            // The statuses first: they rule most endpoints out without splitting their paths into words.
            for e in endpoints.indices where endpoints[e].responds(200) && !endpoints[e].responds(207) {
                let path = context.index.paths[e]
                let isBatch = path.segments.indices.contains { i in
                    guard let literal = path.segments[i].literal,
                          // A word "batch" or "bulk" is a run of the literal's bytes, lowercased.
                          containsIgnoringCase(literal, "batch") || containsIgnoringCase(literal, "bulk") else { return false }
                    let w = words(literal)
                    return w.contains { $0 == "batch" || $0 == "batches" || $0 == "bulk" }
                }
                // A body that is a list of items is a batch whatever the path says (`createWithList`).
                let listBody = listBodies.contains(context.index.endpointRef(e))
                guard isBatch || listBody else { continue }
                let text = (endpoints[e].description ?? "") + " " + (endpoints[e].summary ?? "")
                if containsIgnoringCase(text, "all-or-nothing") || containsIgnoringCase(text, "all or nothing")
                    || containsIgnoringCase(text, "atomic") { continue }
                issues.append(Issue(context.index.endpointRef(e), "'\(context.index.endpointNames[e])' is a batch answering 200: declare 207 with a result per item, or say it is all-or-nothing"))
            }
            return issues
        }
    }

    struct ErrorExampleShape: Rule {
        let id = "api-error-example-shape"
        let reads: DesignSections = DesignSections.examples.union(.api)
        let defaultSeverity = Severity.warning
        let title = "Error examples have the shape api.error_format names"
        let explanation = """
            When api.error_format says application/problem+json (RFC 9457, formerly 7807), every error body \
            is an object with `type`, `title` and `status` (and `detail`, `instance` as needed); an example in \
            another shape is either a wrong example or an endpoint that breaks the format, and clients written \
            against the format fail on it. Spectral's OWASP ruleset and Zalando (rule 176) check the same. \
            Fix: rewrite the example as {"type": "...", "title": "...", "status": 404, "detail": "..."}.
            """
        static let problemKeys: Set<String> = ["type", "title", "status", "detail", "instance"]

        func check(_ context: RuleContext) -> [Issue] {
            guard let format = context.design.api.errorFormat,
                  containsIgnoringCase(format, "problem") || containsIgnoringCase(format, "7807")
                    || containsIgnoringCase(format, "9457") else { return [] }
            var issues: [Issue] = []
            for example in context.index.examples where example.scan.isValid {
                guard case let .response(status) = example.site, status >= 400 else { continue }
                let keys = Set(example.scan.topLevelKeys)
                let missing = ["type", "title", "status"].filter { !keys.contains($0) }
                guard !example.scan.isTopLevelArray, missing.isEmpty else {
                    issues.append(Issue(example.element, "\(example.label) of '\(example.element.name)' is not \(format): "
                        + (example.scan.isTopLevelArray ? "it is an array" : "it lacks \(missing.joined(separator: ", "))")))
                    continue
                }
            }
            return issues
        }
    }

    /// The status codes of the IANA HTTP Status Code Registry.
    static let registeredStatuses: Set<Int> = [
        100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307, 308,
        400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 421, 422, 423, 424,
        425, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
    ]

    struct NonstandardStatus: EndpointRule {
        let id = "api-nonstandard-status"
        let reads: DesignSections = .endpoints
        let defaultSeverity = Severity.warning
        let title = "Responses use registered HTTP status codes"
        let explanation = """
            Clients, proxies and monitoring know the codes of the IANA registry; 209, 420, 499 or 520 mean \
            something only to one vendor, and generic clients treat them by their class at best. Zalando \
            (rule 243) and Spectral's oas rules allow only registered codes. Fix: use the registered code that \
            says it (409, 422, 429, 503) and put the detail in the error body.
            """
        func check(endpoint e: Int, _ context: RuleContext, into issues: inout [Issue]) {
            guard context.index.endpointFacts[e].statuses.hasUnusual else { return }
            let endpoints = context.design.endpoints
            for response in endpoints[e].responses where !APIRules.registeredStatuses.contains(response.status) {
                issues.append(Issue(context.index.endpointRef(e), "'\(context.index.endpointNames[e])' answers \(response.status), which is not a registered HTTP status code"))
            }
        }
    }

    struct RedirectStatus: EndpointRule {
        let id = "api-redirect-status"
        let reads: DesignSections = .endpoints
        let defaultSeverity = Severity.warning
        let title = "API endpoints do not answer with redirects"
        let explanation = """
            An API client follows a 301/302/307 by repeating the call elsewhere, often dropping the \
            Authorization header or turning a POST into a GET; a moved resource is a versioning question, not \
            a redirect. Zalando (rule 251) says not to use redirection codes in APIs. 304 Not Modified is not \
            a redirect and is fine. Fix: answer 200 with a link, 201 with Location, or 303 only for a \
            documented long-running operation.
            """
        func check(endpoint e: Int, _ context: RuleContext, into issues: inout [Issue]) {
            guard context.index.endpointFacts[e].statuses.hasUnusual else { return }
            let endpoints = context.design.endpoints
            for response in endpoints[e].responses where (300..<400).contains(response.status) && response.status != 304 {
                issues.append(Issue(context.index.endpointRef(e), "'\(context.index.endpointNames[e])' answers the redirect \(response.status)"))
            }
        }
    }

    struct TopLevelArray: Rule {
        let id = "api-top-level-array"
        let reads: DesignSections = .examples
        let defaultSeverity = Severity.warning
        let title = "Response bodies are JSON objects, not top-level arrays"
        let explanation = """
            A list returned as a bare [ ... ] cannot grow: adding a cursor, a total or a warning later breaks \
            every client. Zalando (rule 110) and the Azure guidelines always return an object at the top. \
            Fix: {"items": [ ... ], "next_cursor": "..."}.
            """
        func check(_ context: RuleContext) -> [Issue] {
            var issues: [Issue] = []
            for example in context.index.examples where example.scan.isTopLevelArray {
                guard case let .response(status) = example.site, (200..<300).contains(status) else { continue }
                issues.append(Issue(example.element, "\(example.label) of '\(example.element.name)' is a top-level array; wrap it in an object"))
            }
            return issues
        }
    }

    /// Keys that name a kind or a state, whose values are enumerations.
    static func isEnumKey(_ key: String) -> Bool {
        guard let last = words(key).last else { return false }
        return ["status", "state", "type", "kind", "category", "level", "role", "mode", "stage", "phase", "tier"].contains(last)
    }

    struct IntegerEnum: Rule {
        let id = "api-integer-enum"
        let reads: DesignSections = .examples
        let defaultSeverity = Severity.warning
        let title = "Enumerations in examples are strings, not numbers"
        let explanation = """
            "status": 3 means nothing to a reader of a log, and a client cannot tell 3 from a new value 7 it \
            has never seen. Zalando (rule 240) and Google AIP-126 write enum values as UPPER_SNAKE or \
            lower_snake strings. Fix: "status": "shipped".
            """
        func check(_ context: RuleContext) -> [Issue] {
            var issues: [Issue] = []
            // By position: binding an example copies every field of it.
            let examples = context.index.examples
            for x in examples.indices where examples[x].site != .payload && !examples[x].scan.numberKeys.isEmpty {
                // An error body's `status` is its HTTP status code (problem+json), a number by design.
                var isError = false
                if case let .response(status) = examples[x].site, status >= 400 { isError = true }
                guard let key = examples[x].scan.numberKeys.first(where: { APIRules.isEnumKey($0) && !(isError && $0 == "status") }) else { continue }
                let example = examples[x]
                issues.append(Issue(example.element, "'\(key)' in \(example.label) of '\(example.element.name)' is a number; write the enumeration's values as strings"))
            }
            return issues
        }
    }

    struct MoneyFloatExample: Rule {
        let id = "api-money-float-example"
        let reads: DesignSections = .examples
        let defaultSeverity = Severity.warning
        let title = "Amounts of money in examples are not fractional JSON numbers"
        let explanation = """
            `"amount": 4.99` is read into a binary floating-point number by most JSON parsers (JavaScript has \
            no other), so sums drift by cents before the server sees them. Payment APIs write money as an \
            integer of minor units (Stripe's `"amount": 499`), as a decimal string (PayPal's `"value": "4.99"`), \
            or as units and nanos (Google AIP-143's google.type.Money), with the currency beside it. Fix: \
            `"amount_cents": 499, "currency": "EUR"`, or the amount as a string.
            """
        /// Words that make a fractional number a rate or a factor, not an amount (`tax_rate`).
        static let notAmounts: Set<String> = ["rate", "ratio", "percent", "percentage", "pct", "multiplier", "factor", "share", "weight"]

        func check(_ context: RuleContext) -> [Issue] {
            var issues: [Issue] = []
            // By position: binding an example copies every field of it.
            let examples = context.index.examples
            for x in examples.indices where !examples[x].scan.fractionKeys.isEmpty {
                guard let key = examples[x].scan.fractionKeys.first(where: { key in
                    let parts = words(key)
                    return parts.contains(where: DatabaseRules.moneyWords.contains) && !parts.contains(where: MoneyFloatExample.notAmounts.contains)
                }) else { continue }
                let example = examples[x]
                issues.append(Issue(example.element, "'\(key)' in \(example.label) of '\(example.element.name)' is money as a fractional number; use integer minor units or a decimal string"))
            }
            return issues
        }
    }

    struct SafeMethodStateChange: EndpointRule {
        let id = "api-safe-method-state-change"
        let reads: DesignSections = .endpoints
        let defaultSeverity = Severity.warning
        let title = "GET and HEAD change nothing"
        let explanation = """
            GET and HEAD are safe methods (RFC 9110, 9.2.1): caches, prefetching browsers, crawlers and retrying \
            proxies call them freely. A `GET /users/login` or `GET /orders/{id}/cancel` changes state when a \
            link preview fetches it, puts credentials in logs and browser history, and cannot be protected \
            against cross-site requests (OWASP; Spectral's OWASP ruleset). Fix: POST (a login creates a \
            session: `POST /sessions`), PATCH the resource's state, or DELETE it.
            """
        /// Words of a path that name an action that changes state.
        static let actions: Set<String> = [
            "login", "logout", "signin", "signout", "signup", "register", "delete", "remove", "create", "add", "update", "set",
            "activate", "deactivate", "enable", "disable", "cancel", "reset", "send", "pay", "charge", "refund", "approve",
            "reject", "subscribe", "unsubscribe", "confirm", "verify", "publish", "archive", "restore", "lock", "unlock",
            "upload", "import", "purge", "revoke",
        ]

        func check(endpoint e: Int, _ context: RuleContext, into issues: inout [Issue]) {
            let endpoints = context.design.endpoints
            guard context.index.endpointFacts[e].method == .GET || context.index.endpointFacts[e].method == .HEAD else { return }
            // The segments' traits name the action (`NameTraits.stateChange`), found once per distinct segment.
            let index = context.index
            for i in index.paths[e].segments.indices {
                guard let traits = index.segmentTraits(endpoint: e, segment: i), !traits.isVersion,
                      let action = traits.stateChange, let segment = index.paths[e].segments[i].literal else { continue }
                issues.append(Issue(index.endpointRef(e),
                                    "'\(index.endpointNames[e])' is a \(endpoints[e].method.rawValue) that would '\(action)' (segment '\(segment)'); safe methods change nothing"))
                break
            }
        }
    }

    struct OptimisticConcurrency: Rule {
        let id = "api-optimistic-concurrency"
        let reads: DesignSections = DesignSections.examples.union(.endpoints)
        let defaultSeverity = Severity.info
        let title = "Updates of shared resources guard against lost updates"
        let explanation = """
            Two clients that read a resource and both PUT it back lose one of the changes without a word. With \
            an ETag and If-Match (412 Precondition Failed on a stale one), or a version field checked on write \
            (409), the second writer learns it. Zalando (rule 182) and the Azure guidelines ask for it where \
            several clients edit. Fix: declare an `If-Match` header parameter and a 412 response, or a \
            `version` field in the request example and a 409.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let endpoints = context.design.endpoints
            var issues: [Issue] = []
            for e in endpoints.indices {
                let method = endpoints[e].method
                // An update sends the new state; a PUT without a body is some other contract.
                guard method == .PUT || method == .PATCH, endpoints[e].request != nil,
                      !APIRules.endsInCollection(context, e) else { continue }
                let ifMatch = endpoints[e].params.contains { $0.location == .header && $0.name.lowercased() == "if-match" }
                let versioned = context.index.examples.contains { example in
                    example.site == .request && example.element == context.index.endpointRef(e)
                        && example.scan.topLevelKeys.contains { ["version", "etag", "revision", "lock_version"].contains($0) }
                }
                if (ifMatch && endpoints[e].responds(412)) || (versioned && (endpoints[e].responds(409) || endpoints[e].responds(412))) { continue }
                issues.append(Issue(context.index.endpointRef(e), "'\(context.index.endpointNames[e])' has no If-Match/412 or version/409: concurrent updates overwrite each other"))
            }
            return issues
        }
    }

    struct UnusedAuthScheme: Rule {
        let id = "api-unused-auth-scheme"
        let reads: DesignSections = [.endpoints, .services, .api]
        let defaultSeverity = Severity.warning
        let title = "Every auth scheme declared is used by an endpoint"
        let explanation = """
            A scheme in api.auth that no endpoint names is either left over (and clients implement a login \
            they never need) or the endpoints that should use it say something else. Spectral's \
            oas3-unused-component and vacuum report unused security schemes. An mTLS scheme is taken to \
            secure the synchronous calls between services when there are any. Fix: name it in the \
            endpoints' `auth`, or remove it.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let used = Set(context.design.endpoints.compactMap(\.auth))
            guard !context.design.endpoints.isEmpty else { return [] }
            // An mTLS scheme secures the synchronous calls between services, which name no scheme.
            let servicesCall = context.design.services.contains { $0.calls.contains { $0.style.map { !$0.isAsynchronous } ?? false } }
            return context.design.api.auth.filter { !used.contains($0.name) && !(servicesCall && $0.type == .mtls) }.map {
                Issue(ElementRef(.auth, $0.name), "auth scheme '\($0.name)' is used by no endpoint")
            }
        }
    }

    struct UnusedRateLimit: Rule {
        let id = "api-unused-rate-limit"
        let reads: DesignSections = [.endpoints, .api]
        let defaultSeverity = Severity.warning
        let title = "Every rate limit declared applies to an endpoint"
        let explanation = """
            A limit in api.rate_limits that no endpoint names protects nothing: the endpoints it was written \
            for are unlimited. Fix: set `rate_limit` on the endpoints it applies to, or remove it.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let used = Set(context.design.endpoints.compactMap(\.rateLimit))
            guard !context.design.endpoints.isEmpty else { return [] }
            return context.design.api.rateLimits.filter { !used.contains($0.name) }.map {
                Issue(ElementRef(.rateLimit, $0.name), "rate limit '\($0.name)' applies to no endpoint")
            }
        }
    }

    struct BaseURLShape: Rule {
        let id = "api-base-url-shape"
        let reads: DesignSections = .api
        let defaultSeverity = Severity.warning
        let title = "The base URL has no trailing slash, query or fragment"
        let explanation = """
            Paths start with a slash, so a base URL ending in one gives https://api.example.com//v1/orders; \
            a query or a fragment in it is lost or doubled when paths are appended. Spectral's \
            oas3-server-trailing-slash reports the first. Fix: https://api.example.com.
            """
        func check(_ context: RuleContext) -> [Issue] {
            guard let url = context.design.api.baseURL, !isBlank(url) else { return [] }
            var problems: [String] = []
            if url.hasSuffix("/") { problems.append("ends with a slash") }
            if url.contains("?") { problems.append("has a query") }
            if url.contains("#") { problems.append("has a fragment") }
            guard !problems.isEmpty else { return [] }
            return [Issue(.section("api"), "base_url '\(url)' " + problems.joined(separator: " and "))]
        }
    }
}
