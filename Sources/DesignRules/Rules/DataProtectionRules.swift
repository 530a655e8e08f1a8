import DesignModel

/// The second round's security rules: secrets and stack traces in examples, personal data in
/// URLs, OAuth2 without scopes and card data (OWASP API Security Top 10, Spectral's OWASP ruleset,
/// PCI DSS).
extension SecurityRules {
    static let dataProtectionRules: [any Rule] = [
        SecretInResponse(), PersonalDataInQuery(), StackTraceInError(), OAuth2Scopes(), CardData(),
    ]

    /// Credentials no endpoint hands out, not even one that issues tokens.
    static let passwordTerms: Set<String> = ["password", "passwd", "pwd", "passphrase", "secret", "client_secret"]

    /// An endpoint that hands out credentials by design (a token or session endpoint).
    static func issuesCredentials(_ path: PathTemplate) -> Bool {
        path.segments.contains { segment in
            guard let text = segment.literal else { return false }
            let w = words(text)
            return w.contains { ["token", "tokens", "session", "sessions", "oauth", "oauth2", "login", "auth", "keys", "credentials", "api"].contains($0) }
        }
    }

    struct SecretInResponse: Rule {
        let id = "sec-secret-in-response"
        let reads: DesignSections = DesignSections.examples.union(.endpointList)
        let defaultSeverity = Severity.warning
        let title = "Response examples carry no passwords, secrets or keys"
        let explanation = """
            A response that returns a password (even hashed), a client secret or an API key hands it to every \
            client, log and cache on the way (OWASP API3:2023, excessive data exposure). Token, session and \
            key endpoints are the exception for what they issue, never for a password. Fix: leave the field out of the response; \
            show a key once, on creation, from an endpoint whose path says so (`/api-keys`).
            """
        func check(_ context: RuleContext) -> [Issue] {
            var issues: [Issue] = []
            for example in context.index.examples {
                guard case let .response(status) = example.site, (200..<300).contains(status),
                      !example.scan.credentialKeys.isEmpty,
                      let e = context.index.endpoints[example.element.name] else { continue }
                // A token, session or key endpoint hands out what it is for; never a password.
                let issuing = SecurityRules.issuesCredentials(context.index.paths[e])
                guard let key = example.scan.credentialKeys.first(where: { !issuing || SecurityRules.passwordTerms.contains($0.term) })?.key
                else { continue }
                issues.append(Issue(example.element, "\(example.label) of '\(example.element.name)' returns '\(key)'"))
            }
            return issues
        }
    }

    struct PersonalDataInQuery: EndpointRule {
        let id = "sec-personal-data-in-query"
        let reads: DesignSections = .endpoints
        let defaultSeverity = Severity.warning
        let title = "Personal data is not sent in query parameters"
        let explanation = """
            URLs are written to access logs, proxy logs, browser history and Referer headers; an e-mail \
            address or a birth date in ?email= ends up in all of them (OWASP API Security, Zalando rule 183 on \
            sensitive data in URLs). Fix: send it in the body of a POST search (POST /v1/customers/searches) \
            or look the person up by an opaque id.
            """
        func check(endpoint e: Int, _ context: RuleContext, into issues: inout [Issue]) {
            let endpoints = context.design.endpoints
            for (i, param) in endpoints[e].params.enumerated() where param.location == .query
                && context.index.paramTraits(endpoint: e, param: i).personal {
                issues.append(Issue(context.index.endpointRef(e), "query parameter '\(param.name)' of '\(context.index.endpointNames[e])' carries personal data in the URL"))
            }
        }
    }

    /// What a stack trace or an exception dump looks like in an error body.
    static func looksLikeStackTrace(_ text: String) -> Bool {
        // Each pattern is tried only on text holding its fixed part: a regular expression is
        // compiled per call, and most example strings are ids, names and dates.
        text.contains("Traceback (most recent call last)") || text.contains("\tat ") || text.contains("\n    at ")
            || text.contains("at ") && text.contains("(") && text.contains(":")
                && text.range(of: #"at [A-Za-z_$][\w$]*(\.[\w$<>]+)+\([\w$]+\.(java|kt|scala|cs):\d+\)"#, options: .regularExpression) != nil
            || text.contains("File \"")
                && text.range(of: #"File "[^"]+", line \d+"#, options: .regularExpression) != nil
            || [".go:", ".rs:", ".js:", ".ts:", ".py:", ".rb:", ".swift:"].contains(where: text.contains)
                && text.range(of: #"\.(go|rs|js|ts|py|rb|swift):\d+"#, options: .regularExpression) != nil
            || (text.contains("Exception: ") || text.contains("Error: "))
                && text.range(of: #"\b[A-Z][A-Za-z]*(Exception|Error): "#, options: .regularExpression) != nil
    }

    struct StackTraceInError: Rule {
        let id = "sec-stack-trace-in-error"
        let reads: DesignSections = .examples
        let defaultSeverity = Severity.warning
        let title = "Error examples show no stack traces or exception dumps"
        let explanation = """
            A stack trace in an error body tells an attacker the framework, its version, the file layout and \
            which input broke what (OWASP API8:2023, security misconfiguration; Zalando rule 177). Fix: a \
            problem+json body with a `title`, a `detail` meant for the client, and an id to find the trace \
            in the server's logs.
            """
        static let traceKeys: Set<String> = ["stack", "stacktrace", "stack_trace", "trace", "traceback", "backtrace", "exception"]

        func check(_ context: RuleContext) -> [Issue] {
            var issues: [Issue] = []
            for example in context.index.examples {
                guard case let .response(status) = example.site, status >= 400 else { continue }
                let key = example.scan.keys.first { StackTraceInError.traceKeys.contains($0.lowercased()) }
                guard key != nil || example.scan.strings.contains(where: SecurityRules.looksLikeStackTrace) else { continue }
                issues.append(Issue(example.element, "\(example.label) of '\(example.element.name)' shows "
                    + (key.map { "a '\($0)' field" } ?? "a stack trace")))
            }
            return issues
        }
    }

    struct OAuth2Scopes: Rule {
        let id = "sec-oauth2-scopes"
        let reads: DesignSections = [.api, .endpoints]
        let defaultSeverity = Severity.warning
        let title = "Endpoints secured by OAuth2 name the scopes they need"
        let explanation = """
            An OAuth2 token carries scopes so that a client gets only what it asked for; an endpoint that \
            needs no scope accepts any token the authorisation server ever issued, for any client and purpose \
            (Spectral's OWASP ruleset, Zalando rule 105). Fix: list the endpoint's `scopes` (orders:read).
            """
        func check(_ context: RuleContext) -> [Issue] {
            let oauth2 = Set(context.design.api.auth.filter { $0.type == .oauth2 }.map(\.name))
            guard !oauth2.isEmpty else { return [] }
            let endpoints = context.design.endpoints
            var issues: [Issue] = []
            for e in endpoints.indices where endpoints[e].auth.map(oauth2.contains) == true && endpoints[e].scopes.isEmpty {
                issues.append(Issue(context.index.endpointRef(e), "'\(context.index.endpointNames[e])' uses OAuth2 scheme '\(endpoints[e].auth ?? "")' without scopes"))
            }
            return issues
        }
    }

    /// Card data by PCI DSS, from a column's words: `cvv`, `security code`, `pan` or `card number`.
    static func cardDataTerm(_ w: [String]) -> String? {
        if let code = w.first(where: { ["cvv", "cvv2", "cvc", "cvc2"].contains($0) }) { return code }
        if w.suffix(2) == ["security", "code"], w.count == 2 || w.contains("card") { return "security code" }
        if w == ["pan"] || w == ["card", "pan"] { return "pan" }
        if let i = w.firstIndex(of: "card"), i + 1 < w.count, ["number", "no", "num"].contains(w[i + 1]) { return "card number" }
        return nil
    }

    struct CardData: Rule {
        let id = "sec-card-data"
        let reads: DesignSections = .tables
        let defaultSeverity = Severity.error
        let title = "Card numbers are marked and card verification codes are not stored"
        let explanation = """
            PCI DSS forbids storing a card's verification code (CVV/CVC) after authorisation at all, and asks \
            that a stored card number (PAN) be rendered unreadable and be known as such: a column named \
            card_number or pan that is not marked `pii: true` is card data nobody accounted for. Fix: keep \
            card numbers with the payment provider and store its token; if you must store a PAN, mark it pii \
            and say in its description how it is encrypted; never store the CVV.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let tables = context.design.tables
            var issues: [Issue] = []
            for t in tables.indices {
                for (c, column) in tables[t].columns.enumerated() {
                    let traits = context.index.columnTraits(table: t, column: c)
                    guard let term = traits.cardData, !traits.hashed else { continue }
                    let table = tables[t].name
                    if term.hasPrefix("cv") || term == "security code" {
                        issues.append(Issue(.column(table, column.name), "column '\(table).\(column.name)' stores a card verification code, which PCI DSS forbids"))
                    } else if column.pii != true {
                        issues.append(Issue(.column(table, column.name), "column '\(table).\(column.name)' holds card numbers and is not marked pii"))
                    }
                }
            }
            return issues
        }
    }
}
