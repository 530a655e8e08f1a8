import DesignModel

/// The second round's schema rules: types that lose money or time, and names that disagree with
/// each other (squawk's and schemalint's checks, and the PostgreSQL wiki's "Don't Do This").
extension DatabaseRules {
    static let columnTypeRules: [any Rule] = [MoneyFloat(), TimestampWithoutTimeZone(), TableNameNumber(), TimeColumnSuffix()]

    /// Words that make a column an amount of money.
    static let moneyWords: Set<String> = [
        "price", "amount", "cost", "total", "subtotal", "balance", "fee", "fees", "tax", "vat", "salary", "fare", "refund",
        "revenue", "charge", "discount", "payment", "payout", "credit", "debit", "tip", "wage", "budget", "money",
    ]

    struct MoneyFloat: Rule {
        let id = "db-money-float"
        let reads: DesignSections = .tables
        let defaultSeverity = Severity.error
        let title = "Money is not kept in floating-point or money columns"
        let explanation = """
            0.1 + 0.2 is not 0.3 in a float or double precision column: sums of prices drift by cents, and \
            comparisons of totals fail. PostgreSQL's `money` type depends on the server's lc_monetary setting \
            and carries no currency ("Don't Do This" on the PostgreSQL wiki; squawk, schemalint). Fix: \
            `numeric(12,2)` with a currency column, or an integer of minor units (`total_cents bigint`).
            """
        static let floatTypes: Set<String> = ["real", "float", "float4", "float8", "double", "double precision"]

        func check(_ context: RuleContext) -> [Issue] {
            let tables = context.design.tables
            var issues: [Issue] = []
            let index = context.index
            let wanted = index.byColumnType { _, type in type == "money" || MoneyFloat.floatTypes.contains(type) }
            index.forEachColumn(ofTypes: wanted) { t, c in
                let column = tables[t].columns[c], table = tables[t].name
                let type = index.columnType(table: t, column: c) ?? ""
                if type == "money" {
                    issues.append(Issue(.column(table, column.name), "column '\(table).\(column.name)' has PostgreSQL's money type; use numeric or integer minor units"))
                } else if words(column.name).contains(where: DatabaseRules.moneyWords.contains) {
                    issues.append(Issue(.column(table, column.name), "column '\(table).\(column.name)' keeps money in \(column.type ?? type), a floating-point type"))
                }
            }
            return issues
        }
    }

    struct TimestampWithoutTimeZone: Rule {
        let id = "db-timestamp-without-time-zone"
        let reads: DesignSections = .tables
        let defaultSeverity = Severity.warning
        let title = "Points in time are timestamptz, not timestamp without time zone"
        let explanation = """
            A `timestamp` (without time zone) is a wall-clock reading with no zone: the same value means \
            different instants to servers in different zones, and daylight-saving changes make some values \
            ambiguous. PostgreSQL's wiki ("Don't Do This") and squawk's prefer-timestamptz say to use \
            `timestamptz`, which stores an instant. Fix: change the type to timestamptz.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let tables = context.design.tables
            var issues: [Issue] = []
            let wanted = context.index.byColumnType { _, type in type == "timestamp" }
            context.index.forEachColumn(ofTypes: wanted) { t, c in
                let name = tables[t].columns[c].name
                issues.append(Issue(.column(tables[t].name, name), "column '\(tables[t].name).\(name)' is a timestamp without time zone; use timestamptz"))
            }
            return issues
        }
    }

    struct TableNameNumber: Rule {
        let id = "db-table-name-number"
        let reads: DesignSections = .tables
        let defaultSeverity = Severity.info
        let title = "Table names are all plural or all singular"
        let explanation = """
            `orders` beside `customer` makes every query a guess at which form a table has. Either convention \
            works; a schema uses one (schemalint's name-inflection). The form most tables use wins (plural on \
            a tie). Fix: rename the odd tables.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let tables = context.design.tables
            guard tables.count >= 2 else { return [] }
            // `NameTraits.isPlural` is `pluralWord` of the name's last word, found once per name run to run.
            let plural = tables.indices.map { context.index.tableTraits($0).isPlural }
            let plurals = plural.filter { $0 }.count
            let pluralWins = plurals * 2 >= tables.count
            return tables.indices.filter { plural[$0] != pluralWins }.map {
                Issue(.table(tables[$0].name), "table '\(tables[$0].name)' is \(pluralWins ? "singular" : "plural") while \(pluralWins ? plurals : tables.count - plurals) of \(tables.count) tables are \(pluralWins ? "plural" : "singular")")
            }
        }
    }

    struct TimeColumnSuffix: Rule {
        let id = "db-time-column-suffix"
        let reads: DesignSections = .tables
        let defaultSeverity = Severity.info
        let title = "Time columns end in _at, date columns in _on or _date"
        let explanation = """
            `created_at`, `shipped_at`, `due_on`: when every point in time ends the same way, a reader knows a \
            column's type from its name, and `created`, `updated_time` or `shipping_timestamp` beside them \
            make the schema read like several. The bounds of a period (`valid_from`, `effective_until`) are \
            fine as they are. Fix: rename timestamp columns to *_at and date columns to *_on (or *_date).
            """
        func check(_ context: RuleContext) -> [Issue] {
            let tables = context.design.tables
            var issues: [Issue] = []
            let index = context.index
            let wanted = index.byColumnType { _, type in type == "timestamptz" || type == "timestamp" || type == "datetime" || type == "date" }
            index.forEachColumn(ofTypes: wanted) { t, c in
                let last = index.columnTraits(table: t, column: c).lastWord
                let table = tables[t].name, name = tables[t].columns[c].name
                if index.columnType(table: t, column: c) != "date" {
                    // effective_from / valid_until bound a period rather than mark an event.
                    if last != "at", !["from", "to", "until", "since"].contains(last) {
                        issues.append(Issue(.column(table, name), "timestamp column '\(table).\(name)' does not end in _at"))
                    }
                } else if last != "on", last != "date" {
                    issues.append(Issue(.column(table, name), "date column '\(table).\(name)' does not end in _on or _date"))
                }
            }
            return issues
        }
    }
}

/// The second round's architecture rules, on events and calls.
extension ArchitectureRules {
    static let contractRules: [any Rule] = [EventPersonalData(), EventDeduplication(), CallPurpose()]

    struct EventPersonalData: Rule {
        let id = "arch-event-personal-data"
        let reads: DesignSections = .examples
        let defaultSeverity = Severity.warning
        let title = "Event payloads carry ids, not personal data"
        let explanation = """
            An event is copied into every consumer, its retries, dead-letter queues and the broker's retention \
            (days, often forever with compaction): personal data in it cannot be found or deleted when a \
            person asks (GDPR articles 17 and 30). Fix: carry the customer's id and let consumers that need \
            the e-mail address ask the owning service.
            """
        func check(_ context: RuleContext) -> [Issue] {
            var issues: [Issue] = []
            for example in context.index.examples where example.site == .payload {
                guard let key = example.scan.keys.first(where: { looksPersonal(words($0)) }) else { continue }
                issues.append(Issue(example.element, "the payload of '\(example.element.name)' carries personal data ('\(key)')"))
            }
            return issues
        }
    }

    /// A payload key that identifies one delivery of an event.
    static func isEventIDKey(_ key: String) -> Bool {
        let w = words(key)
        return w == ["id"] || w.suffix(2) == ["event", "id"] || w.suffix(2) == ["message", "id"] || w == ["idempotency", "key"]
    }

    /// A payload key that says when the event happened.
    static func isEventTimeKey(_ key: String) -> Bool {
        let w = words(key)
        return w.last == "at" || w.last == "time" || w.last == "timestamp" || w == ["ts"]
    }

    struct EventDeduplication: Rule {
        let id = "arch-event-dedup-fields"
        let reads: DesignSections = .examples
        let defaultSeverity = Severity.warning
        let title = "At-least-once events carry an event id and a time"
        let explanation = """
            At-least-once delivery means duplicates: a consumer can drop a repeat only if each event has an \
            id of its own, and can order or expire events only if it says when it happened (CloudEvents' \
            `id` and `time`, the outbox pattern's event id). Fix: add `event_id` (a UUID per event, not the \
            entity's id) and `occurred_at` to the payload.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let events = context.design.events
            var issues: [Issue] = []
            // Each event's payload, found in one pass over the examples rather than one per event.
            var payloads: [String: DesignIndex.Example] = [:]
            for example in context.index.examples where example.site == .payload && payloads[example.element.name] == nil {
                payloads[example.element.name] = example
            }
            for v in events.indices where events[v].delivery == .atLeastOnce {
                guard let example = payloads[events[v].name], example.scan.isValid else { continue }
                var missing: [String] = []
                if !example.scan.topLevelKeys.contains(where: ArchitectureRules.isEventIDKey) { missing.append("no event id") }
                if !example.scan.topLevelKeys.contains(where: ArchitectureRules.isEventTimeKey) { missing.append(missing.isEmpty ? "no time" : "time") }
                guard !missing.isEmpty else { continue }
                issues.append(Issue(.event(events[v].name), "at-least-once event '\(events[v].name)' carries \(missing.joined(separator: " or ")) to deduplicate by"))
            }
            return issues
        }
    }

    struct CallPurpose: Rule {
        let id = "arch-call-purpose"
        let reads: DesignSections = .services
        let defaultSeverity = Severity.info
        let title = "Service calls say what they are for"
        let explanation = """
            A call between services is a dependency someone will have to keep, cut or make asynchronous; \
            without its purpose a reviewer cannot judge whether it belongs. Fix: write the call's `purpose` \
            (e.g. "Reserve stock for an order").
            """
        func check(_ context: RuleContext) -> [Issue] {
            var issues: [Issue] = []
            for service in context.design.services {
                for call in service.calls where isBlank(call.purpose) {
                    issues.append(Issue(.service(service.name), "the call from '\(service.name)' to '\(call.service)' has no purpose"))
                }
            }
            return issues
        }
    }
}

/// Types and keys squawk and the PostgreSQL wiki steer away from.
extension DatabaseRules {
    static let keyTypeRules: [any Rule] = [PreferText(), PreferIdentity(), IntegerKeyOverflow()]

    struct PreferText: Rule {
        let id = "db-prefer-text"
        let reads: DesignSections = .tables
        let defaultSeverity = Severity.info
        let title = "Text columns are text (with a check), not varchar(n)"
        let explanation = """
            In PostgreSQL varchar(n) is text with a length check that can only be changed by rewriting the \
            column's constraint under an ACCESS EXCLUSIVE lock; the limit is usually a guess that a real \
            name or address outgrows. squawk's prefer-text-field and the PostgreSQL wiki ("Don't Do This") \
            say so. Fix: `text`, with `CHECK (char_length(x) <= n)` where a limit is a real rule.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let tables = context.design.tables
            var issues: [Issue] = []
            let written = context.index.byColumnType { written, _ in written.lowercased() }
            let wanted = written.map { $0.hasPrefix("varchar(") || $0.hasPrefix("character varying(") }
            context.index.forEachColumn(ofTypes: wanted) { t, c in
                let name = tables[t].columns[c].name, type = written[context.index.columnTypeID(table: t, column: c)]
                issues.append(Issue(.column(tables[t].name, name), "column '\(tables[t].name).\(name)' is \(type); use text and a check constraint"))
            }
            return issues
        }
    }

    struct PreferIdentity: Rule {
        let id = "db-prefer-identity"
        let reads: DesignSections = .tables
        let defaultSeverity = Severity.info
        let title = "Generated keys are identity columns, not serial"
        let explanation = """
            serial creates a sequence owned loosely by the column: its grants, its ownership and its dump \
            and restore are separate, and an explicit insert of an id does not move it on. The SQL \
            standard's `GENERATED ALWAYS AS IDENTITY` ties them together (squawk's prefer-identity; the \
            PostgreSQL wiki). Fix: `bigint` with `default: generated always as identity`.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let tables = context.design.tables
            var issues: [Issue] = []
            let written = context.index.byColumnType { written, _ in written.lowercased() }
            let wanted = written.map { ["serial", "bigserial", "smallserial", "serial4", "serial8", "serial2"].contains($0) }
            context.index.forEachColumn(ofTypes: wanted) { t, c in
                let name = tables[t].columns[c].name, type = written[context.index.columnTypeID(table: t, column: c)]
                issues.append(Issue(.column(tables[t].name, name), "column '\(tables[t].name).\(name)' is \(type); use an identity column"))
            }
            return issues
        }
    }

    struct IntegerKeyOverflow: Rule {
        let id = "db-integer-key-overflow"
        let reads: DesignSections = .tables
        let defaultSeverity = Severity.warning
        let title = "Keys of large tables are bigint, not integer"
        let explanation = """
            An integer key ends at 2,147,483,647; a table expected to hold hundreds of millions of rows \
            (deletes and failed inserts use up ids too) reaches it, and widening the key of a big table is \
            a rewrite under lock together with every foreign key to it (squawk's prefer-bigint-over-int). \
            Fix: `bigint` (or uuid) for the key of a table with `estimated_rows` of 100 million or more.
            """
        /// A key that takes a new value for every row: the table's single-column key, or the `id` of
        /// a composite one (`(id, created_at)`). A per-parent counter (`(trip_id, seq)`) stays small.
        static func growsWithTheTable(_ column: Column, _ t: Int, _ context: RuleContext) -> Bool {
            if context.index.isKey(column.name, inTable: t) { return true }
            let w = words(column.name)
            return context.index.primaryKeys[t].contains(column.name) && column.references == nil && w.last == "id"
        }

        func check(_ context: RuleContext) -> [Issue] {
            let tables = context.design.tables
            var issues: [Issue] = []
            for t in tables.indices where (tables[t].estimatedRows ?? 0) >= 100_000_000 {
                for (c, column) in tables[t].columns.enumerated() where IntegerKeyOverflow.growsWithTheTable(column, t, context) {
                    let type = context.index.columnType(table: t, column: c)
                    guard type == "integer" || type == "smallint" else { continue }
                    issues.append(Issue(.column(tables[t].name, column.name), "key '\(tables[t].name).\(column.name)' is \(column.type ?? "integer") in a table of \(tables[t].estimatedRows ?? 0) rows; use bigint"))
                }
            }
            return issues
        }
    }
}

/// What the HTTP and OpenAPI specifications say of parameters and bodies.
extension APIRules {
    static let specificationRules: [any Rule] = [PathParamOptional(), NoContentBody()]

    struct PathParamOptional: EndpointRule {
        let id = "api-path-param-optional"
        let reads: DesignSections = .endpoints
        let defaultSeverity = Severity.error
        let title = "Path parameters are required"
        let explanation = """
            A path without its {param} is another URL, so a path parameter cannot be left out; OpenAPI \
            requires `required: true` on every one (Spectral's path-params), and generators reject the \
            operation otherwise. Fix: `required: true`, or a second endpoint without the parameter.
            """
        func check(endpoint e: Int, _ context: RuleContext, into issues: inout [Issue]) {
            let endpoints = context.design.endpoints
            for param in endpoints[e].params where param.location == .path && param.required == false {
                issues.append(Issue(context.index.endpointRef(e), "path parameter '\(param.name)' of '\(context.index.endpointNames[e])' is marked not required"))
            }
        }
    }

    struct NoContentBody: EndpointRule {
        let id = "api-no-content-body"
        let reads: DesignSections = .endpoints
        let defaultSeverity = Severity.error
        let title = "204 and 304 responses have no body"
        let explanation = """
            RFC 9110 says a 204 No Content or 304 Not Modified response ends after its headers: a body \
            written for it is dropped by proxies or, worse, read as the start of the next response on a \
            kept-alive connection. Fix: answer 200 with the body, or remove the example.
            """
        func check(endpoint e: Int, _ context: RuleContext, into issues: inout [Issue]) {
            let endpoints = context.design.endpoints
            for response in endpoints[e].responses where (response.status == 204 || response.status == 304) && !isBlank(response.example) {
                issues.append(Issue(context.index.endpointRef(e), "the \(response.status) response of '\(context.index.endpointNames[e])' has a body example"))
            }
        }
    }
}
