import DesignModel

/// The schema as it is used: what a delete does to the rows that point at it, the JSON type,
/// and the filters of list endpoints on large tables (squawk, schemalint, the PostgreSQL wiki's
/// "Don't Do This", and the use-the-index-luke advice that a filter without an index scans).
extension DatabaseRules {
    static let schemaUseRules: [any Rule] = [ForeignKeyOnDeleteUnstated(), CascadeIntoRecords(), JSONNotJSONB(), UnindexedFilter()]

    struct ForeignKeyOnDeleteUnstated: Rule {
        let id = "db-fk-on-delete-unstated"
        let reads: DesignSections = .tables
        let defaultSeverity = Severity.info
        let title = "Foreign keys say what a delete of the row they point at does"
        let explanation = """
            Without ON DELETE a foreign key takes PostgreSQL's default, NO ACTION: deleting the referenced row \
            fails while rows point at it. That may be what is meant, but a design that does not say leaves \
            implementers to guess between refusing, cascading and setting null (schemalint's \
            reference-actions; the PostgreSQL manual, "Constraints"). Fix: `on_delete: restrict`, `cascade`, \
            `set-null` or `no-action`.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let tables = context.design.tables
            var issues: [Issue] = []
            for key in context.index.foreignKeys {
                let column = tables[key.table].columns[key.column]
                guard column.onDelete == nil else { continue }
                let table = tables[key.table].name
                issues.append(Issue(.column(table, column.name),
                                    "foreign key '\(table).\(column.name)' does not say what deleting '\(column.references ?? "")' does (on_delete)"))
            }
            return issues
        }
    }

    struct CascadeIntoRecords: Rule {
        let id = "db-cascade-financial-records"
        let reads: DesignSections = .tables
        let defaultSeverity = Severity.warning
        let title = "Deletes do not cascade into financial or audit records"
        let explanation = """
            `on_delete: cascade` deletes the referencing rows with the row they point at. Into payments, \
            invoices, refunds, ledgers or audit logs that silently destroys records that accounting, tax law \
            or an investigation needs kept, usually for years (PCI DSS 10.5 keeps audit trails a year; \
            schemalint's reference-actions). Fix: `on_delete: restrict` and retire such rows by \
            anonymising or archiving them, never by a delete upstream.
            """
        /// The head nouns (the last word of a table's name) of tables that keep financial or audit
        /// records; `payment_methods` (saved cards) or `order_lines` (part of their order) are not.
        static let recordNouns: Set<String> = [
            "payment", "payments", "charge", "charges", "invoice", "invoices", "refund", "refunds", "transaction",
            "transactions", "payout", "payouts", "settlement", "settlements", "receipt", "receipts", "dispute", "disputes",
            "chargeback", "chargebacks", "ledger", "ledgers", "audit", "audits", "log", "logs", "history", "histories",
            "journal", "journals",
        ]
        /// Words that make any table a ledger or an audit trail wherever they stand (`ledger_entries`).
        static let recordWords: Set<String> = ["ledger", "audit"]

        static func holdsRecords(_ table: String) -> Bool {
            let parts = words(table)
            guard let last = parts.last else { return false }
            return recordNouns.contains(last) || parts.contains(where: recordWords.contains)
        }

        func check(_ context: RuleContext) -> [Issue] {
            let tables = context.design.tables
            var issues: [Issue] = []
            for key in context.index.foreignKeys {
                let column = tables[key.table].columns[key.column]
                let table = tables[key.table].name
                guard column.onDelete == .cascade, CascadeIntoRecords.holdsRecords(table) else { continue }
                issues.append(Issue(.column(table, column.name),
                                    "deleting a row of '\(key.target?.table ?? column.references ?? "")' deletes the '\(table)' records that point at it (on_delete: cascade)"))
            }
            return issues
        }
    }

    struct JSONNotJSONB: Rule {
        let id = "db-json-not-jsonb"
        let reads: DesignSections = .tables
        let defaultSeverity = Severity.info
        let title = "JSON columns are jsonb"
        let explanation = """
            PostgreSQL's `json` keeps the text as written and parses it again on every access; it cannot be \
            indexed with GIN and has no equality operator. `jsonb` is parsed once, indexable and what the \
            manual recommends "unless there are quite specialized needs, such as legacy assumptions about \
            ordering of object keys" (PostgreSQL manual, "JSON Types"; the wiki's "Don't Do This"). Fix: \
            `type: jsonb`.
            """
        func check(_ context: RuleContext) -> [Issue] {
            let tables = context.design.tables
            var issues: [Issue] = []
            let wanted = context.index.byColumnType { _, type in type == "json" }
            context.index.forEachColumn(ofTypes: wanted) { t, c in
                let name = tables[t].columns[c].name
                issues.append(Issue(.column(tables[t].name, name), "column '\(tables[t].name).\(name)' is json; use jsonb"))
            }
            return issues
        }
    }

    struct UnindexedFilter: Rule {
        let id = "db-filter-unindexed"
        let reads: DesignSections = [.endpoints, .tables, .services]
        let defaultSeverity = Severity.warning
        let title = "List endpoints filter large tables by an indexed column"
        let explanation = """
            A list endpoint's query parameter that names a column of its table (`GET /v1/orders?status=paid`) \
            becomes a WHERE on that column. On a table of a million rows or more, a column that leads no index \
            means a scan of the whole table on every request ("Use The Index, Luke"; squawk and the PostgreSQL \
            manual, "Indexes"). The endpoint's table is the one its service owns that is named like the path's \
            last segment. Fix: an index that leads with the column (partial, when the filter takes few \
            values), or drop the filter.
            """
        static let threshold = 1_000_000
        /// Query parameters that page, sort or shape a list rather than filter it.
        static let notFilters: Set<String> = [
            "cursor", "limit", "page", "page_size", "per_page", "offset", "sort", "order", "order_by", "fields", "expand",
            "include", "starting_after", "ending_before", "after", "before", "q", "query",
        ]

        func check(_ context: RuleContext) -> [Issue] {
            let design = context.design, index = context.index
            var issues: [Issue] = []
            for e in design.endpoints.indices where design.endpoints[e].method == .GET {
                let params = design.endpoints[e].params
                guard params.contains(where: { $0.location == .query }),
                      let segment = index.paths[e].segments.last?.literal,
                      let t = UnindexedFilter.table(named: segment, of: design.endpoints[e].service, in: design, index),
                      let rows = design.tables[t].estimatedRows, rows >= UnindexedFilter.threshold else { continue }
                let table = design.tables[t]
                let leading = UnindexedFilter.leadingColumns(table, primaryKey: index.primaryKeys[t])
                for param in params where param.location == .query && !UnindexedFilter.notFilters.contains(param.name) {
                    let column = words(param.name).joined(separator: "_")
                    guard table.columns.contains(where: { $0.name == column }), !leading.contains(column) else { continue }
                    issues.append(Issue(index.endpointRef(e),
                                        "'\(index.endpointNames[e])' filters '\(table.name)' (\(rows) rows) by '\(param.name)', which leads no index"))
                }
            }
            return issues
        }

        /// The table the service owns named like the segment (`credit-notes`: `credit_notes`, or its singular).
        static func table(named segment: String, of service: String?, in design: Design, _ index: DesignIndex) -> Int? {
            guard let service else { return nil }
            let name = words(segment).joined(separator: "_")
            let candidates = name.hasSuffix("s") ? [name, String(name.dropLast())] : [name, name + "s"]
            for candidate in candidates {
                if let t = index.tables[candidate], design.tables[t].service == service { return t }
            }
            return nil
        }

        /// The columns an index lookup can start from: the first column of the primary key and of
        /// every index, and unique columns.
        static func leadingColumns(_ table: Table, primaryKey: [String]) -> Set<String> {
            var leading = Set(table.indexes.compactMap(\.columns.first))
            if let first = primaryKey.first { leading.insert(first) }
            for column in table.columns where column.unique == true { leading.insert(column.name) }
            return leading
        }
    }
}
