import DesignModel

enum DocRules {
    static let all: [any Rule] = [
        DesignSummary(), ServiceDescription(), EndpointSummary(), TableDescription(), StackRationale(),
        StackAlternatives(), OpenQuestions(), OpenComments(),
    ]

    struct DesignSummary: Rule {
        let id = "doc-design-summary"
        let reads: DesignSections = .meta
        let defaultSeverity = Severity.warning
        let title = "The design has a summary"
        let explanation = """
            The summary is what a reviewer reads first: what the system is for and for whom. Fix: write two or \
            three sentences in `summary`.
            """
        func check(_ context: RuleContext) -> [Issue] {
            isBlank(context.design.summary) ? [Issue(.section("title"), "the design has no summary")] : []
        }
    }

    struct ServiceDescription: Rule {
        let id = "doc-service-description"
        let reads: DesignSections = .services
        let defaultSeverity = Severity.warning
        let title = "Every service has a description"
        let explanation = """
            A one-line description says what the service is for, in words a newcomer understands; the name alone \
            rarely does. Fix: write `description`.
            """
        func check(_ context: RuleContext) -> [Issue] {
            context.design.services.compactMap { service in
                isBlank(service.description) ? Issue(service.ref, "service '\(service.name)' has no description") : nil
            }
        }
    }

    struct EndpointSummary: EndpointRule {
        let id = "doc-endpoint-summary"
        let reads: DesignSections = .endpoints
        let defaultSeverity = Severity.warning
        let title = "Every endpoint has a summary or description"
        let explanation = """
            The summary becomes the operation's title in generated docs and SDKs. Fix: write a short `summary` \
            ("Fetch one order"), and a `description` for anything surprising.
            """
        func check(endpoint e: Int, _ context: RuleContext, into issues: inout [Issue]) {
            let endpoints = context.design.endpoints
            guard isBlank(endpoints[e].summary) && isBlank(endpoints[e].description) else { return }
            issues.append(Issue(context.index.endpointRef(e), "'\(context.index.endpointNames[e])' has no summary or description"))
        }
    }

    struct TableDescription: Rule {
        let id = "doc-table-description"
        let reads: DesignSections = .tables
        let defaultSeverity = Severity.info
        let title = "Tables have a description"
        let explanation = """
            What one row means ("one row a sellable product") is the most useful sentence in a schema, and it is \
            not in the name. Fix: write the table's `description`.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let tables = context.design.tables
            var issues: [Issue] = []
            for t in tables.indices where isBlank(tables[t].description) {
                issues.append(Issue(.table(tables[t].name), "table '\(tables[t].name)' has no description"))
            }
            return issues
        }
    }

    struct StackRationale: Rule {
        let id = "doc-stack-rationale"
        let reads: DesignSections = .stack
        let defaultSeverity = Severity.warning
        let title = "Every stack choice has a rationale"
        let explanation = """
            A technology choice without a reason cannot be revisited when the reason stops holding. Fix: write the \
            `choice` and the `rationale` in one or two sentences.
            """
        func check(_ context: RuleContext) -> [Issue] {
            context.design.stack.compactMap { entry in
                if isBlank(entry.choice) { return Issue(.stack(entry.area), "stack area '\(entry.area)' names no choice") }
                return isBlank(entry.rationale) ? Issue(.stack(entry.area), "stack choice '\(entry.choice ?? "")' for '\(entry.area)' has no rationale") : nil
            }
        }
    }

    struct StackAlternatives: Rule {
        let id = "doc-stack-alternatives"
        let reads: DesignSections = .stack
        let defaultSeverity = Severity.warning
        let title = "Every stack choice weighs at least one alternative with its trade-off"
        let explanation = """
            A choice is only a decision if something else was considered. Listing an alternative and what it \
            would trade makes the choice reviewable. Fix: add `alternatives` with `name` and `tradeoff`.
            """
        func check(_ context: RuleContext) -> [Issue] {
            context.design.stack.compactMap { entry in
                if entry.alternatives.isEmpty { return Issue(.stack(entry.area), "stack area '\(entry.area)' lists no alternative") }
                let bare = entry.alternatives.filter { isBlank($0.tradeoff) }.map(\.name)
                return bare.isEmpty ? nil : Issue(.stack(entry.area), "alternative \(quoted(bare)) in '\(entry.area)' has no tradeoff")
            }
        }
    }

    struct OpenQuestions: Rule {
        let id = "doc-open-questions"
        let reads: DesignSections = .requirements
        let defaultSeverity = Severity.info
        let title = "Open questions are listed"
        let explanation = """
            Each entry of requirements.questions is a decision still to be made; they are listed so that a review \
            does not miss them. Fix: answer the question, write the answer into the design, and remove it.
            """
        func check(_ context: RuleContext) -> [Issue] {
            context.design.requirements.questions.filter { !isBlank($0) }.map {
                Issue(.section("requirements"), "open question: \($0)")
            }
        }
    }

    struct OpenComments: Rule {
        let id = "doc-open-comments"
        let reads: DesignSections = DesignSections.named.union(.comments)
        let defaultSeverity = Severity.info
        let title = "Open review comments are listed"
        let explanation = """
            A review comment that is not resolved is an unanswered question about an element. Fix: change the \
            design or reply, then mark the comment resolved.
            """
        func check(_ context: RuleContext) -> [Issue] {
            context.design.comments.filter(\.isOpen).map { comment in
                let element = comment.element.flatMap { ElementRef(parsing: $0) }
                let target = element.flatMap { context.index.contains($0) ? $0 : nil } ?? ElementRef(.comment, String(comment.id))
                let text = comment.text.map { ": \($0.split(separator: "\n").first ?? "")" } ?? ""
                return Issue(target, "open review comment \(comment.id)\(comment.author.map { " by \($0)" } ?? "")\(text)")
            }
        }
    }
}

enum ReferenceRules {
    static let all: [any Rule] = [Unresolved(), UnknownRateLimit(), UnknownRule(), UnusedIgnore()]

    struct Unresolved: Rule {
        let id = "ref-unresolved"
        let reads: DesignSections = DesignSections.references.union(.named)
        let defaultSeverity = Severity.error
        let title = "Every KIND:NAME reference resolves"
        let explanation = """
            Bottlenecks, caches, phases, comments, ignore entries, and flows (their trigger and the `to` of each \
            step) point at elements as KIND:NAME (endpoint:GET /v1/orders, column:orders.id). A reference that names no element is a typo or outlived \
            a rename outside the workbench, and the link it stood for is gone. Fix: correct it or remove it.
            """
        func check(_ context: RuleContext) -> [Issue] {
            context.index.references.compactMap { reference in
                guard let ref = reference.ref else {
                    return Issue(reference.owner, "'\(reference.raw)' in \(reference.owner) (\(reference.field)) is not a KIND:NAME reference")
                }
                return context.index.contains(ref) ? nil
                    : Issue(reference.owner, "\(reference.owner) (\(reference.field)) refers to \(ref), which does not exist")
            }
        }
    }

    struct UnknownRateLimit: EndpointRule {
        let id = "ref-unknown-rate-limit"
        let reads: DesignSections = [.endpoints, .api]
        let defaultSeverity = Severity.error
        let title = "Endpoint rate limits name an api.rate_limits entry"
        let explanation = """
            `rate_limit` names a limit defined once in api.rate_limits (limit, window, scope); an unknown name \
            means the endpoint's real limit is unspecified. Fix: define the limit or correct the name.
            """
        func check(endpoint e: Int, _ context: RuleContext, into issues: inout [Issue]) {
            let endpoints = context.design.endpoints
            guard let limit = endpoints[e].rateLimit, !isBlank(limit), context.index.rateLimits[limit] == nil else { return }
            issues.append(Issue(context.index.endpointRef(e), "'\(context.index.endpointNames[e])' uses rate limit '\(limit)', which api.rate_limits does not define"))
        }
    }

    struct UnknownRule: Rule {
        let id = "ref-unknown-rule"
        let reads: DesignSections = .validation
        let defaultSeverity = Severity.warning
        let title = "The validation section names rules that exist"
        let explanation = """
            A rule id in validation.disable, severity or ignore that no rule has does nothing: usually a typo, so \
            the rule meant to be configured still runs as before. Fix: use an id from `archbench rules`.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let settings = context.design.validation
            var issues: [Issue] = []
            let known = Validator.knownRuleIDs
            for id in settings.disable where !known.contains(id) {
                issues.append(Issue(.section("validation"), "validation.disable names rule '\(id)', which does not exist"))
            }
            for override in settings.severity where !known.contains(override.rule) {
                issues.append(Issue(.section("validation"), "validation.severity names rule '\(override.rule)', which does not exist"))
            }
            for entry in settings.ignore where !known.contains(entry.rule) {
                issues.append(Issue(.section("validation"), "validation.ignore names rule '\(entry.rule)', which does not exist"))
            }
            return issues
        }
    }

    /// Reported by the validator, the only part that knows which findings each ignore entry silenced.
    struct UnusedIgnore: Rule {
        let id = "ref-unused-ignore"
        let reads: DesignSections = []
        let defaultSeverity = Severity.warning
        let title = "Every ignore entry matches a finding"
        let explanation = """
            An ignore entry records a reviewed exception. When it matches no finding any more (the element was \
            fixed or renamed, or the rule id is wrong) it is stale, and it would silently hide a future problem \
            on that element. Fix: remove the entry, or correct its rule or element.
            """
        func check(_ context: RuleContext) -> [Issue] { [] }
    }
}
