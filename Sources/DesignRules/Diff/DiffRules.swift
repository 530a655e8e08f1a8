import DesignModel

/// One rule of the `diff-` family: which changes between two versions of a design are breaking
/// (clients or other services stop working) or risky (a migration that locks or fails on a big
/// table, an architecture that got weaker), as oasdiff and squawk name theirs. `check` says
/// what is wrong with one change, or nil when the rule does not apply to it.
package struct DiffRule: Sendable {
    package let id: String
    package let changeClass: ChangeClass
    package let title: String
    package let explanation: String
    let check: @Sendable (DesignChange, DiffContext) -> String?
}

/// Both versions, and what the rules look up in them.
struct DiffContext {
    let old: Design
    let new: Design

    /// Tables of at least this many estimated rows are large: a lock or a rewrite on them is an outage.
    static let largeTable = 1_000_000

    func table(named name: String, in design: Design) -> Table? { design.tables.first { $0.name == name } }

    /// The table a column change belongs to, in the new version (the old one for a removed table).
    func table(of change: DesignChange) -> Table? {
        guard let element = change.element else { return nil }
        let name = element.columnParts?.table ?? element.name
        return table(named: name, in: new) ?? table(named: name, in: old)
    }

    /// Whether migrating `table` is judged by its size a risk: large, or of unknown size.
    func isLarge(_ table: Table?) -> Bool {
        guard let rows = table?.estimatedRows else { return true }
        return rows >= Self.largeTable
    }

    func size(_ table: Table?) -> String {
        guard let rows = table?.estimatedRows else { return "a table of unknown size (no estimated_rows)" }
        return "a table of \(rows) estimated rows"
    }

    /// Requests per second a named rate limit allows; nil when it does not say.
    func rate(_ name: String?, in design: Design) -> Double? {
        guard let name, let limit = design.api.rateLimits.first(where: { $0.name == name }) else { return nil }
        return Self.rate(limit: limit.limit, window: limit.window)
    }

    static func rate(limit: Int?, window: Duration?) -> Double? {
        guard let limit else { return nil }
        let milliseconds = window.map { $0.amount * $0.unit.milliseconds } ?? 1000
        return milliseconds > 0 ? Double(limit) * 1000 / Double(milliseconds) : nil
    }

    /// Whether `to` reaches `from` through synchronous calls in `design`: a call from → to then closes a cycle.
    static func reachesSynchronously(from start: String, to goal: String, in design: Design) -> Bool {
        var calls: [String: [String]] = [:]
        for service in design.services {
            for call in service.calls where !(call.style?.isAsynchronous ?? false) {
                calls[service.name, default: []].append(call.service)
            }
        }
        var seen: Set<String> = [start], queue = [start]
        while let next = queue.popLast() {
            if next == goal { return true }
            for callee in calls[next] ?? [] where seen.insert(callee).inserted { queue.append(callee) }
        }
        return false
    }
}

/// JSON key paths and enumeration values of an example, to compare two versions of it.
enum ExampleShape {
    /// Every object key with the keys above it: `order.items[].sku`.
    static func keyPaths(_ text: String?) -> [String] {
        guard let text, let value = JSONSyntax.value(text) else { return [] }
        var paths: [String] = []
        func walk(_ value: JSONValue, _ prefix: String) {
            switch value {
            case let .object(members):
                for member in members {
                    let path = prefix.isEmpty ? member.key : "\(prefix).\(member.key)"
                    if !paths.contains(path) { paths.append(path) }
                    walk(member.value, path)
                }
            case let .array(items): items.forEach { walk($0, prefix + "[]") }
            default: break
            }
        }
        walk(value, "")
        return paths
    }

    /// The string values of keys that name a kind or a state (`status`, `type`), as `key=value`.
    static func enumValues(_ text: String?) -> [String] {
        guard let text, let value = JSONSyntax.value(text) else { return [] }
        var values: [String] = []
        value.forEachMember { member in
            if case let .string(word) = member.value, APIRules.isEnumKey(member.key) {
                let entry = "\(member.key)=\(word)"
                if !values.contains(entry) { values.append(entry) }
            }
        }
        return values
    }
}

package enum DiffRules {
    /// Every rule, breaking ones first.
    package static let all: [DiffRule] = api + schema + architecture

    package static func rule(id: String) -> DiffRule? { all.first { $0.id == id } }

    /// What every rule says of one change. Comments are never classified.
    static func reasons(for change: DesignChange, _ context: DiffContext) -> [ChangeReason] {
        guard !change.isComment else { return [] }
        return all.compactMap { rule in
            rule.check(change, context).map { ChangeReason(rule: rule.id, changeClass: rule.changeClass, message: $0) }
        }
    }

    private static func isTrue(_ text: String?) -> Bool { text == "true" }

    /// The name of the element a change belongs to: the endpoint of a param, the table of a partitioning.
    private static func elementName(_ change: DesignChange) -> String { change.element?.name ?? "" }

    // MARK: API: breaking for clients

    static let api: [DiffRule] = [
        DiffRule(id: "diff-endpoint-removed", changeClass: .breaking, title: "An endpoint was removed",
                 explanation: """
                     Every client that calls it gets 404 from the day this ships. oasdiff: api-path-removed-without-deprecation. \
                     Fix: mark it `deprecated: true` for a release, tell its clients, and remove it once nobody calls it.
                     """) { change, _ in
            guard change.kind == .endpoint, change.action == .removed, let old = change.old else { return nil }
            return "endpoint '\(old.name)' removed"
        },
        DiffRule(id: "diff-endpoint-moved", changeClass: .breaking, title: "An endpoint's method or path changed",
                 explanation: """
                     A new method or path is a new endpoint for every client: the old URL stops answering. \
                     Fix: add the new endpoint beside the old one and deprecate the old one.
                     """) { change, _ in
            guard change.kind == .endpoint, change.action == .renamed, let old = change.old, let new = change.new,
                  // `{order_id}` renamed `{id}`: the same URLs answer, only the design's name changed.
                  urlShape(old.name) != urlShape(new.name) else { return nil }
            return "'\(old.name)' is now '\(new.name)'"
        },
        DiffRule(id: "diff-param-required-added", changeClass: .breaking, title: "A new required parameter",
                 explanation: """
                     Clients written against the old version do not send it and get 400. oasdiff: new-required-request-parameter. \
                     Fix: make it optional with a default that keeps the old behaviour.
                     """) { change, _ in
            guard change.kind == .param, change.action == .added, let new = change.new,
                  isTrue(new.text("required")) || new.text("in") == "path" else { return nil }
            return "new required \(new.text("in") ?? "") parameter '\(new.name)' on '\(elementName(change))'"
        },
        DiffRule(id: "diff-param-made-required", changeClass: .breaking, title: "A parameter was made required",
                 explanation: """
                     Clients that leave it out, as the old version allowed, get 400. oasdiff: request-parameter-became-required. \
                     Fix: keep it optional and default it on the server.
                     """) { change, _ in
            guard change.kind == .param, change.action != .added, let field = change.field("required"),
                  !isTrue(field.old), isTrue(field.new) else { return nil }
            return "parameter '\(change.new?.name ?? "")' of '\(elementName(change))' is now required"
        },
        DiffRule(id: "diff-param-type-changed", changeClass: .breaking, title: "A parameter's type changed",
                 explanation: """
                     Values clients send today may no longer parse (a string id that becomes a uuid, an integer that becomes a \
                     string pattern). oasdiff: request-parameter-type-changed. Fix: accept both types for a while, or add a new parameter.
                     """) { change, _ in
            guard change.kind == .param, let field = change.field("type"), field.old != nil else { return nil }
            return "parameter '\(change.new?.name ?? "")' of '\(elementName(change))' changed type: \(field.old ?? "none") → \(field.new ?? "none")"
        },
        DiffRule(id: "diff-request-field-added", changeClass: .breaking, title: "The request needs a new body or field",
                 explanation: """
                     The request example is the contract: a body where there was none, or a field the old example did not have, \
                     is something today's clients do not send. oasdiff: new-required-request-property. \
                     Fix: make the field optional (say so in the endpoint's description) or default it on the server.
                     """) { change, context in
            guard change.kind == .request else { return nil }
            if change.action == .added {
                // A body on a new endpoint is not a change for anyone.
                guard context.old.endpoints.contains(where: { $0.name == elementName(change) }) else { return nil }
                return "'\(elementName(change))' now takes a request body"
            }
            guard change.action == .changed, let field = change.field("example") else { return nil }
            let before = Set(ExampleShape.keyPaths(field.old))
            let added = ExampleShape.keyPaths(field.new).filter { !before.contains($0) }
            guard field.old != nil, !added.isEmpty else { return nil }
            return "the request of '\(elementName(change))' has new fields: \(added.joined(separator: ", "))"
        },
        DiffRule(id: "diff-success-status-changed", changeClass: .breaking, title: "A success status changed or was removed",
                 explanation: """
                     Clients check the status they were told to expect: a 200 that becomes 201 or 202, or disappears, takes them \
                     down their error path. oasdiff: response-success-status-removed. Fix: keep the status, or version the endpoint.
                     """) { change, _ in
            guard change.kind == .response, let old = change.old, let status = Int(old.name), (200..<300).contains(status) else { return nil }
            if change.action == .removed { return "'\(elementName(change))' no longer answers \(status)" }
            guard let field = change.field("status") else { return nil }
            return "'\(elementName(change))' answers \(field.new ?? "?") instead of \(status)"
        },
        DiffRule(id: "diff-response-field-removed", changeClass: .breaking, title: "A field was removed from a response",
                 explanation: """
                     A client that reads the field finds nothing (or null) and fails. oasdiff: response-property-removed. \
                     Fix: keep sending it, deprecated, until clients stop reading it.
                     """) { change, _ in
            guard change.kind == .response, let field = change.field("example"), field.new != nil else { return nil }
            let after = Set(ExampleShape.keyPaths(field.new))
            let removed = ExampleShape.keyPaths(field.old).filter { !after.contains($0) }
            guard !removed.isEmpty else { return nil }
            return "the \(change.old?.name ?? "") response of '\(elementName(change))' lost \(removed.joined(separator: ", "))"
        },
        DiffRule(id: "diff-auth-added", changeClass: .breaking, title: "A public endpoint now needs authentication",
                 explanation: """
                     Clients that call it without credentials, as they may today, get 401. oasdiff: api-security-added. \
                     Fix: announce it, give clients credentials first, or add a new authenticated endpoint.
                     """) { change, _ in
            guard change.kind == .endpoint, let field = change.field("auth"),
                  field.old == nil || field.old == Endpoint.publicAuth, let new = field.new, new != Endpoint.publicAuth else { return nil }
            return "'\(change.new?.name ?? "")' now needs '\(new)'"
        },
        DiffRule(id: "diff-scopes-widened", changeClass: .breaking, title: "An endpoint needs more scopes",
                 explanation: """
                     Tokens issued today lack the new scope and get 403. oasdiff: api-security-scope-added. \
                     Fix: grant the scope to existing clients before requiring it.
                     """) { change, _ in
            guard change.kind == .endpoint, let field = change.field("scopes") else { return nil }
            let before = Set((field.old ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            let added = (field.new ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !before.contains($0) }
            guard !added.isEmpty else { return nil }
            return "'\(change.new?.name ?? "")' now needs scope \(added.joined(separator: ", "))"
        },
        DiffRule(id: "diff-rate-limit-lowered", changeClass: .breaking, title: "A rate limit was lowered",
                 explanation: """
                     Clients that stay within today's limit start getting 429. Fix: lower it in steps, tell the heaviest clients, \
                     or give them a limit of their own.
                     """) { change, context in
            if change.kind == .rateLimit, change.action != .added, change.action != .removed, let old = change.old, let new = change.new,
               let before = DiffContext.rate(limit: old.text("limit").flatMap { Int($0) }, window: old.text("window").flatMap(Duration.init)),
               let after = DiffContext.rate(limit: new.text("limit").flatMap { Int($0) }, window: new.text("window").flatMap(Duration.init)),
               after < before {
                return "rate limit '\(new.name)' lowered: \(old.text("limit") ?? "?")/\(old.text("window") ?? "1s") → \(new.text("limit") ?? "?")/\(new.text("window") ?? "1s")"
            }
            guard change.kind == .endpoint, let field = change.field("rate_limit"), let newName = field.new,
                  let after = context.rate(newName, in: context.new) else { return nil }
            if let before = context.rate(field.old, in: context.old), after >= before { return nil }
            return "'\(change.new?.name ?? "")' now limited by '\(newName)'" + (field.old.map { " instead of '\($0)'" } ?? "")
        },
        DiffRule(id: "diff-enum-value-removed", changeClass: .breaking, title: "An enumeration value is no longer shown",
                 explanation: """
                     A value of a kind or state field (`status`, `type`, ...) that the old example showed and the new one does not: \
                     clients that send or switch on it break. oasdiff: response-property-enum-value-removed. \
                     Fix: keep accepting and sending the old value, or map it to the new one.
                     """) { change, _ in
            guard [.response, .request, .event].contains(change.kind) else { return nil }
            let key = change.kind == .event ? "payload" : "example"
            guard let field = change.field(key), field.new != nil else { return nil }
            let after = Set(ExampleShape.enumValues(field.new))
            let afterKeys = Set(after.compactMap { $0.split(separator: "=").first.map(String.init) })
            // A key that went away altogether is a removed field, not a removed value.
            let removed = ExampleShape.enumValues(field.old).filter {
                !after.contains($0) && afterKeys.contains(String($0.split(separator: "=").first ?? ""))
            }
            guard !removed.isEmpty else { return nil }
            return "\(change.path.joined(separator: " › ")) no longer shows \(removed.joined(separator: ", "))"
        },
        DiffRule(id: "diff-versioning-changed", changeClass: .breaking, title: "The API's versioning strategy changed",
                 explanation: """
                     Clients put the version where the old strategy said (the path, a header, a media type); moved elsewhere, \
                     every request they make is unversioned or wrong. Fix: keep the old scheme working beside the new one.
                     """) { change, _ in
            guard change.kind == .versioning, change.field("strategy") != nil || change.field("header") != nil else { return nil }
            let field = change.field("strategy") ?? change.field("header")!
            return "versioning \(field.label): \(field.old ?? "none") → \(field.new ?? "none")"
        },
    ]

    // MARK: Schema: risky migrations

    static let schema: [DiffRule] = [
        DiffRule(id: "diff-column-not-null", changeClass: .risky, title: "A column made NOT NULL without a default on a large table",
                 explanation: """
                     SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock and fails on the first NULL; a new NOT NULL \
                     column without a default fails on a table that has rows. squawk: adding-not-nullable-field. Judged by the \
                     table's `estimated_rows` (unknown counts as large). Fix: add a default, or add a CHECK (col IS NOT NULL) NOT VALID, \
                     VALIDATE it, then SET NOT NULL.
                     """) { change, context in
            guard change.kind == .column, let new = change.new, new.text("nullable") == "false", new.text("default") == nil,
                  !isTrue(new.text("primary_key")) else { return nil }
            if change.action == .changed || change.action == .renamed {
                guard let field = change.field("nullable"), field.old != "false" else { return nil }
            } else if change.action != .added {
                return nil
            }
            let table = context.table(of: change)
            guard context.isLarge(table) else { return nil }
            return "column '\(change.element?.name ?? new.name)' is NOT NULL without a default on \(context.size(table))"
        },
        DiffRule(id: "diff-column-type-changed", changeClass: .risky, title: "A column's type changed on a large table",
                 explanation: """
                     Most type changes rewrite the table and its indexes under an ACCESS EXCLUSIVE lock. squawk: changing-column-type. \
                     Judged by `estimated_rows`. Fix: add a column of the new type, backfill in batches, switch reads, drop the old one.
                     """) { change, context in
            guard change.kind == .column, let field = change.field("type"), field.old != nil else { return nil }
            let table = context.table(of: change)
            guard context.isLarge(table) else { return nil }
            return "column '\(change.element?.name ?? "")' changes type \(field.old ?? "") → \(field.new ?? "none") on \(context.size(table))"
        },
        DiffRule(id: "diff-dropped-in-use", changeClass: .risky, title: "A table or column dropped while still in use",
                 explanation: """
                     A table that flows of the new version used in the old one, or a column whose name the owning service's \
                     endpoints still send or return in their examples: the code that serves them reads what is gone. \
                     squawk: ban-drop-column, ban-drop-table. Fix: stop using it first, release, then drop it.
                     """) { change, context in
            guard change.action == .removed, let old = change.old else { return nil }
            if change.kind == .table {
                let users = context.old.flows.filter { flow in
                    flow.steps.contains { $0.to == "table:\(old.name)" } && context.new.flows.contains { $0.name == flow.name }
                }.map(\.name)
                let examples = endpointsNaming(old.parts("columns").map(\.name).filter { !genericColumns.contains($0) },
                                               service: old.text("service"), in: context.new)
                guard !users.isEmpty || !examples.isEmpty else { return nil }
                return "table '\(old.name)' dropped while " + (users.isEmpty ? "endpoints still show its columns: \(examples.joined(separator: ", "))"
                    : "flows still use it: \(users.joined(separator: ", "))")
            }
            guard change.kind == .column, !genericColumns.contains(old.name), let table = context.table(of: change),
                  context.table(named: table.name, in: context.new) != nil else { return nil }
            let examples = endpointsNaming([old.name], service: table.service, in: context.new)
            guard !examples.isEmpty else { return nil }
            return "column '\(table.name).\(old.name)' dropped while endpoints still show it: \(examples.joined(separator: ", "))"
        },
        DiffRule(id: "diff-unique-on-large-table", changeClass: .risky, title: "A new unique index or constraint on a large table",
                 explanation: """
                     CREATE UNIQUE INDEX without CONCURRENTLY blocks writes for as long as it takes to build, and fails on existing \
                     duplicates. squawk: require-concurrent-index-creation, disallowed-unique-constraint. Judged by `estimated_rows`. \
                     Fix: CREATE UNIQUE INDEX CONCURRENTLY, then add the constraint USING INDEX.
                     """) { change, context in
            let becameUnique: Bool
            switch (change.kind, change.action) {
            case (.index, .added), (.column, .added): becameUnique = isTrue(change.new?.text("unique"))
            case (.index, _), (.column, _): becameUnique = change.field("unique").map { !isTrue($0.old) && isTrue($0.new) } ?? false
            default: becameUnique = false
            }
            guard becameUnique else { return nil }
            let table = context.table(of: change)
            guard context.isLarge(table) else { return nil }
            return "new unique \(change.kind == .index ? "index '\(change.new?.name ?? "")'" : "column '\(change.element?.name ?? "")'") on \(context.size(table))"
        },
        DiffRule(id: "diff-foreign-key-on-large-table", changeClass: .risky, title: "A new foreign key on a large table",
                 explanation: """
                     ADD FOREIGN KEY checks every row under a SHARE ROW EXCLUSIVE lock on both tables. squawk: adding-foreign-key-constraint. \
                     Judged by `estimated_rows`. Fix: add it NOT VALID, then VALIDATE CONSTRAINT in a second step.
                     """) { change, context in
            guard change.kind == .column, change.action != .removed else { return nil }
            let references: String?
            if change.action == .added { references = change.new?.text("references") } else {
                guard let field = change.field("references"), field.new != nil else { return nil }
                references = field.new
            }
            guard let references else { return nil }
            let table = context.table(of: change)
            guard context.isLarge(table) else { return nil }
            return "new foreign key '\(change.element?.name ?? "")' → \(references) on \(context.size(table))"
        },
        DiffRule(id: "diff-primary-key-changed", changeClass: .risky, title: "A table's primary key changed",
                 explanation: """
                     Dropping and adding a primary key rebuilds its index under an ACCESS EXCLUSIVE lock and breaks every foreign \
                     key and cache keyed on it. Fix: build the new unique index CONCURRENTLY, then swap the constraint in one step.
                     """) { change, context in
            if change.kind == .table, change.action != .added, let field = change.field("primary_key") {
                return "primary key of '\(change.new?.name ?? "")': \(field.old ?? "none") → \(field.new ?? "none")"
            }
            guard change.kind == .column, change.action == .changed || change.action == .renamed,
                  let field = change.field("primary_key"), isTrue(field.old) != isTrue(field.new) else { return nil }
            return "column '\(change.element?.name ?? "")' \(isTrue(field.new) ? "joins" : "leaves") the primary key"
        },
        DiffRule(id: "diff-distribution-key-changed", changeClass: .risky, title: "A partitioning or sharding key changed",
                 explanation: """
                     Rows live where the key sends them: a new key, strategy or shard count moves every row, a rewrite of the \
                     whole table (or a resharding across databases). Fix: build the new layout beside the old one, copy in batches, switch over.
                     """) { change, _ in
            guard change.kind == .partitioning || change.kind == .sharding else { return nil }
            let what = change.kind.rawValue
            switch change.action {
            case .added: return "'\(elementName(change))' gets \(what) by \(change.new?.text("key") ?? "?") on an existing table"
            case .removed: return "'\(elementName(change))' loses its \(what)"
            default:
                guard let field = change.field("key") ?? change.field("strategy") ?? change.field("shards") else { return nil }
                return "\(what) of '\(elementName(change))': \(field.label) \(field.old ?? "none") → \(field.new ?? "none")"
            }
        },
    ]

    /// Column names every table has, which say nothing about what uses a particular one.
    static let genericColumns: Set<String> = ["id", "created_at", "updated_at"]

    /// Endpoints of `service` whose request or response examples have a field of one of `names`.
    static func endpointsNaming(_ names: [String], service: String?, in design: Design) -> [String] {
        guard let service, !names.isEmpty else { return [] }
        let wanted = Set(names)
        return design.endpoints.filter { endpoint in
            guard endpoint.service == service else { return false }
            let examples = [endpoint.request?.example] + endpoint.responses.map(\.example)
            return examples.contains { ExampleShape.keyPaths($0).contains { wanted.contains(String($0.split(separator: ".").last ?? "")) } }
        }.map(\.name)
    }

    // MARK: Architecture: risky

    static let architecture: [DiffRule] = [
        DiffRule(id: "diff-table-owner-changed", changeClass: .risky, title: "A table changes owner service",
                 explanation: """
                     Ownership moves the data, its migrations and every query of the old owner to another service: a migration \
                     across deployments, not a rename. Fix: plan the move (dual writes or a read API), and say so in the table's description.
                     """) { change, _ in
            guard change.kind == .table, let field = change.field("service"), field.old != nil else { return nil }
            return "table '\(change.new?.name ?? "")' moves from '\(field.old ?? "")' to '\(field.new ?? "no service")'"
        },
        DiffRule(id: "diff-call-made-sync", changeClass: .risky, title: "A call becomes synchronous",
                 explanation: """
                     The caller now waits for the callee and fails with it: latency adds up and an outage spreads. \
                     Fix: keep it asynchronous (an event or a queue), or give the call a timeout, retries and a fallback.
                     """) { change, _ in
            if change.kind == .call, let field = change.field("style"),
               field.old.flatMap(CallStyle.init(rawValue:))?.isAsynchronous == true,
               !(field.new.flatMap(CallStyle.init(rawValue:))?.isAsynchronous ?? false) {
                return "\(change.path.joined(separator: " › ")) is now \(field.new ?? "synchronous")"
            }
            if change.kind == .flowStep, let field = change.field("async"), isTrue(field.old), !isTrue(field.new) {
                return "\(change.path.joined(separator: " › ")) is no longer asynchronous"
            }
            return nil
        },
        DiffRule(id: "diff-delivery-weakened", changeClass: .risky, title: "An event's delivery guarantee weakened",
                 explanation: """
                     Consumers were built for the old guarantee: from exactly-once to at-least-once they see duplicates, to \
                     at-most-once they lose events. Fix: keep the guarantee, or make every consumer idempotent and tolerant first.
                     """) { change, _ in
            guard change.kind == .event, let field = change.field("delivery"),
                  let old = field.old.flatMap(Delivery.init(rawValue:)), let new = field.new.flatMap(Delivery.init(rawValue:)),
                  Delivery.allCases.firstIndex(of: new)! < Delivery.allCases.firstIndex(of: old)! else { return nil }
            return "event '\(change.new?.name ?? "")' delivery \(old.rawValue) → \(new.rawValue)"
        },
        DiffRule(id: "diff-sync-cycle-added", changeClass: .risky, title: "A new cycle of synchronous calls",
                 explanation: """
                     Services that call each other synchronously in a circle cannot be deployed, started or degraded one at a time, \
                     and one slow service stalls them all. Fix: make one call of the cycle asynchronous, or merge the services.
                     """) { change, context in
            guard change.kind == .call, change.action != .removed, let call = change.new, let caller = change.element?.name,
                  !(call.text("style").flatMap(CallStyle.init(rawValue:))?.isAsynchronous ?? false),
                  let callee = call.text("service"),
                  DiffContext.reachesSynchronously(from: callee, to: caller, in: context.new),
                  !DiffContext.reachesSynchronously(from: callee, to: caller, in: context.old)
                    || !context.old.services.contains(where: { service in
                        service.name == caller && service.calls.contains { $0.service == callee && !($0.style?.isAsynchronous ?? false) }
                    })
            else { return nil }
            return "the call \(caller) → \(callee) closes a cycle of synchronous calls"
        },
    ]
}

/// `METHOD PATH` with every path parameter's name left out (`GET /v1/orders/{}`): what a client
/// calls, whatever the design names the parameters.
func urlShape(_ endpointName: String) -> String {
    var shape = "", inParameter = false
    for character in endpointName {
        if character == "{" { inParameter = true; shape.append(character) }
        else if character == "}" { inParameter = false; shape.append(character) }
        else if !inParameter { shape.append(character) }
    }
    return shape
}
