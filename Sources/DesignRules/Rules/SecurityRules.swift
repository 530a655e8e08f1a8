import DesignModel

/// The credential a name speaks of (`password`, `api_key`, `token`), or nil.
func credentialTerm(_ w: [String], forColumn: Bool) -> String? {
    if w == ["key"] { return "key" }
    for (i, word) in w.enumerated() {
        if word == "token", i > 0, Vocabulary.pagingTokenWords.contains(w[i - 1]) { continue }
        if forColumn, word == "sessionid" || word == "authorization" || word.hasPrefix("credential") { continue }
        if Vocabulary.credentialWords.contains(word) { return word }
        if i > 0, Vocabulary.credentialPairFirsts.contains(w[i - 1]) {
            let pair = w[i - 1] + " " + word
            if forColumn, pair == "session id" { continue }
            if Vocabulary.credentialPairs.contains(pair) { return w[i - 1] + "_" + word }
        }
    }
    return nil
}

/// Whether the words of a column name speak of personal data.
func looksPersonal(_ w: [String]) -> Bool {
    for (i, word) in w.enumerated() {
        if Vocabulary.piiWords.contains(word) || word == "birth" { return true }
        if word == "address", i == 0 || !["mac", "wallet", "contract", "memory"].contains(w[i - 1]) { return true }
        if i > 0, Vocabulary.piiPairFirsts.contains(w[i - 1]), Vocabulary.piiPairs.contains(w[i - 1] + " " + word) { return true }
    }
    return false
}

let integerTypes: Set<String> = ["int", "integer", "int2", "int4", "int8", "int32", "int64", "bigint", "smallint", "serial",
                                 "bigserial", "smallserial", "long", "number"]

enum SecurityRules {
    static let all: [any Rule] = [
        AuthMissing(), AuthUndefined(), PublicWrite(), UnauthorizedOnPublic(), PublicRateLimit(), CredentialsInURL(),
        HTTPSBaseURL(), WeakAuth(), GuessableIDs(), ScopesOnPublic(), PIIUnprotected(), PIIUnmarked(), PlaintextSecret(),
    ] + dataProtectionRules

    struct AuthMissing: EndpointRule {
        let id = "sec-auth-missing"
        let reads: DesignSections = .endpoints
        let defaultSeverity = Severity.error
        let title = "Every endpoint names its auth (or `none`)"
        let explanation = """
            Whether an endpoint is public must be a decision someone wrote down, not an omission. An endpoint \
            without `auth` is either public by accident or secured by an unstated scheme. Fix: set `auth` to an \
            api.auth scheme, or to `none` for a deliberately public endpoint.
            """
        func check(endpoint e: Int, _ context: RuleContext, into issues: inout [Issue]) {
            let facts = context.index.endpointFacts
            guard facts[e].auth == .missing else { return }
            issues.append(Issue(context.index.endpointRef(e), "'" + context.index.endpointNames[e] + "' does not say its auth (a scheme of api.auth, or none)"))
        }
    }

    struct AuthUndefined: EndpointRule {
        let id = "sec-auth-undefined"
        let reads: DesignSections = [.endpoints, .api]
        let defaultSeverity = Severity.error
        let title = "Endpoint auth names a scheme defined in api.auth"
        let explanation = """
            An endpoint's `auth` must be a scheme listed in api.auth, where its type (jwt, oauth2, api-key...) and \
            behaviour are described; an unknown name is a typo or a scheme nobody designed. Fix: define the \
            scheme under api.auth or correct the name.
            """
        func check(endpoint e: Int, _ context: RuleContext, into issues: inout [Issue]) {
            let facts = context.index.endpointFacts, endpoints = context.design.endpoints
            guard facts[e].auth == .secured else { return }
            guard let auth = endpoints[e].auth, context.index.authSchemes[auth] == nil else { return }
            issues.append(Issue(context.index.endpointRef(e), "'" + context.index.endpointNames[e] + "' uses auth '" + auth + "', which api.auth does not define"))
        }
    }

    struct PublicWrite: EndpointRule {
        let id = "sec-public-write"
        let reads: DesignSections = .endpoints
        let defaultSeverity = Severity.error
        let title = "Writes (POST, PUT, PATCH, DELETE) are never public"
        let explanation = """
            An endpoint that changes data without authentication can be abused by anyone: spam, data loss, cost. \
            Fix: require an auth scheme. A reviewed exception (a sign-up or password-reset POST) goes into \
            validation.ignore with the endpoint and the reason, next to its rate limit and abuse controls.
            """
        func check(endpoint e: Int, _ context: RuleContext, into issues: inout [Issue]) {
            let facts = context.index.endpointFacts
            guard facts[e].auth == .public && facts[e].method.isWrite else { return }
            issues.append(Issue(context.index.endpointRef(e), "'" + context.index.endpointNames[e] + "' changes data but is public (auth: none)"))
        }
    }

    struct UnauthorizedOnPublic: EndpointRule {
        let id = "sec-unauthorized-on-public"
        let reads: DesignSections = .endpoints
        let defaultSeverity = Severity.warning
        let title = "401 is declared only where auth is required"
        let explanation = """
            A public endpoint cannot answer 401 Unauthorized: nothing is required of the caller. Declaring it means \
            the endpoint is really secured (and `auth: none` is wrong), or the response is a copy-paste. Fix: set \
            the endpoint's auth, or remove the 401.
            """
        func check(endpoint e: Int, _ context: RuleContext, into issues: inout [Issue]) {
            let facts = context.index.endpointFacts
            guard facts[e].auth == .public && facts[e].statuses.contains(401) else { return }
            issues.append(Issue(context.index.endpointRef(e), "'" + context.index.endpointNames[e] + "' is public but declares a 401 response"))
        }
    }

    struct PublicRateLimit: EndpointRule {
        let id = "sec-public-rate-limit"
        let reads: DesignSections = .endpoints
        let defaultSeverity = Severity.warning
        let title = "Public endpoints are rate limited"
        let explanation = """
            Without authentication, a rate limit (usually per IP) is the only thing between an endpoint and \
            scraping, credential stuffing or a bill for someone else's traffic. Fix: set `rate_limit` to an \
            api.rate_limits entry scoped by ip.
            """
        func check(endpoint e: Int, _ context: RuleContext, into issues: inout [Issue]) {
            let facts = context.index.endpointFacts
            guard facts[e].auth == .public && !facts[e].rateLimited else { return }
            issues.append(Issue(context.index.endpointRef(e), "'" + context.index.endpointNames[e] + "' is public and has no rate_limit"))
        }
    }

    struct CredentialsInURL: EndpointRule {
        let id = "sec-credentials-in-url"
        let reads: DesignSections = .endpoints
        let defaultSeverity = Severity.error
        let title = "Credentials never travel in query or path parameters"
        let explanation = """
            URLs end up in access logs, proxy logs, browser history and Referer headers. A password, token or API \
            key in a query or path parameter leaks through all of them. Fix: send credentials in the \
            Authorization header (or another header, or the request body).
            """
        func check(endpoint e: Int, _ context: RuleContext, into issues: inout [Issue]) {
            let endpoints = context.design.endpoints
            let params = endpoints[e].params
            for i in params.indices where params[i].location == .query || params[i].location == .path {
                guard let term = context.index.paramTraits(endpoint: e, param: i).credential else { continue }
                issues.append(Issue(context.index.endpointRef(e), "\(params[i].location.rawValue) parameter '\(params[i].name)' of '\(context.index.endpointNames[e])' carries a credential (\(term)); send it in a header"))
            }
        }
    }

    struct HTTPSBaseURL: Rule {
        let id = "sec-https-base-url"
        let reads: DesignSections = .api
        let defaultSeverity = Severity.error
        let title = "The API's base URL is https"
        let explanation = """
            Over plain http, tokens, cookies and personal data cross the network readable and changeable by \
            anyone on the path. Fix: serve the API over https only (with HSTS) and write the base URL as https://.
            """
        func check(_ context: RuleContext) -> [Issue] {
            guard let url = context.design.api.baseURL, !isBlank(url),
                  !url.lowercased().hasPrefix("https://") else { return [] }
            return [Issue(.section("api"), "api.base_url '\(url)' is not https")]
        }
    }

    struct WeakAuth: Rule {
        let id = "sec-weak-auth"
        let reads: DesignSections = .api
        let defaultSeverity = Severity.warning
        let title = "No weak auth schemes (basic)"
        let explanation = """
            HTTP Basic sends the user's long-lived password with every request; it cannot expire, be scoped or be \
            revoked without a password change. Fix: use short-lived tokens (jwt, oauth2) or sessions; keep basic \
            only for machine accounts behind mTLS, with a reviewed ignore entry.
            """
        func check(_ context: RuleContext) -> [Issue] {
            context.design.api.auth.compactMap { scheme in
                scheme.type == .basic ? Issue(ElementRef(.auth, scheme.name), "auth scheme '\(scheme.name)' is HTTP basic") : nil
            }
        }
    }

    struct GuessableIDs: EndpointRule {
        let id = "sec-guessable-ids"
        let reads: DesignSections = .endpoints
        let defaultSeverity = Severity.warning
        let title = "Public endpoints do not expose sequential integer ids"
        let explanation = """
            /v1/invoices/1041 invites /v1/invoices/1042: integer ids let anyone enumerate a public resource and \
            learn how many exist. Fix: expose random identifiers (UUIDs, or opaque slugs) on public endpoints.
            """
        func check(endpoint e: Int, _ context: RuleContext, into issues: inout [Issue]) {
            let facts = context.index.endpointFacts, endpoints = context.design.endpoints
            guard facts[e].auth == .public else { return }
            let params = endpoints[e].params
            for i in params.indices where params[i].location == .path {
                if let type = params[i].type?.lowercased(), integerTypes.contains(type) {
                    issues.append(Issue(context.index.endpointRef(e), "public '\(context.index.endpointNames[e])' takes '\(params[i].name)' as a guessable \(type) id"))
                }
            }
        }
    }

    struct ScopesOnPublic: EndpointRule {
        let id = "sec-scopes-on-public"
        let reads: DesignSections = .endpoints
        let defaultSeverity = Severity.warning
        let title = "Public endpoints list no scopes"
        let explanation = """
            Scopes are checked against a token; a public endpoint has none, so its scopes are never enforced. The \
            endpoint is meant to be secured, or the scopes are left over. Fix: set `auth`, or remove the scopes.
            """
        func check(endpoint e: Int, _ context: RuleContext, into issues: inout [Issue]) {
            let facts = context.index.endpointFacts
            guard facts[e].auth == .public && facts[e].hasScopes else { return }
            issues.append(Issue(context.index.endpointRef(e), "'\(context.index.endpointNames[e])' is public but lists scopes \(quoted(context.design.endpoints[e].scopes))"))
        }
    }

    struct PIIUnprotected: Rule {
        let id = "sec-pii-unprotected"
        let reads: DesignSections = [.meta, .tables]
        let defaultSeverity = Severity.warning
        let title = "PII columns come with security measures"
        let explanation = """
            A schema that stores personal data (columns with `pii: true`) needs stated protections: encryption at \
            rest, access control, retention and deletion. The `security` section lists none. Fix: add the measures \
            that protect these columns to `security`.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let design = context.design
            guard design.security.allSatisfy({ isBlank($0) }) else { return [] }
            var columns: [ElementRef] = []
            for t in design.tables.indices {
                let list = design.tables[t].columns
                for c in list.indices where list[c].pii == true { columns.append(.column(design.tables[t].name, list[c].name)) }
            }
            guard let first = columns.first else { return [] }
            return [Issue(first, "\(columns.count) PII column\(columns.count == 1 ? "" : "s") (\(quoted(columns.map(\.name)))) but `security` lists no measures")]
        }
    }

    struct PIIUnmarked: Rule {
        let id = "sec-pii-unmarked"
        let reads: DesignSections = .tables
        let defaultSeverity = Severity.info
        let title = "Columns that look like personal data are marked pii"
        let explanation = """
            Names such as email, phone, birth_date or home_address usually hold personal data; marking them \
            `pii: true` is what lets reviews, exports and deletion requests find them. Fix: set `pii: true`, or \
            `pii: false` when the column holds no personal data.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let tables = context.design.tables
            var issues: [Issue] = []
            for t in tables.indices {
                let columns = tables[t].columns
                for c in columns.indices where columns[c].pii == nil && context.index.columnTraits(table: t, column: c).personal {
                    let table = tables[t].name, column = columns[c].name
                    issues.append(Issue(.column(table, column), "column '\(table).\(column)' looks like personal data; mark it pii"))
                }
            }
            return issues
        }
    }

    struct PlaintextSecret: Rule {
        let id = "sec-plaintext-secret"
        let reads: DesignSections = .tables
        let defaultSeverity = Severity.error
        let title = "Passwords and secrets are not stored in the clear"
        let explanation = """
            A column named password, secret, api_key or token that holds the value itself turns one database leak \
            into every account taken over. Fix: store a slow hash (argon2id, bcrypt) of passwords, a hash of \
            tokens and API keys, or encrypt secrets that must be read back; name the column for what it holds \
            (password_hash) or say so in its description.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let tables = context.design.tables
            var issues: [Issue] = []
            for t in tables.indices {
                let columns = tables[t].columns
                for c in columns.indices {
                    let traits = context.index.columnTraits(table: t, column: c)
                    guard let term = traits.secret, !traits.hashed else { continue }
                    if let description = columns[c].description?.lowercased(),
                       ["hash", "encrypt", "bcrypt", "argon", "scrypt", "kms", "vault"].contains(where: description.contains) { continue }
                    let table = tables[t].name, column = columns[c].name
                    issues.append(Issue(.column(table, column), "column '\(table).\(column)' stores a \(term) with no sign of hashing or encryption"))
                }
            }
            return issues
        }
    }
}
