import DesignModel

/// Imported elements merged into a design: a new element is added at the end of its list; one the
/// design has already (the same `METHOD path`, table, service or auth scheme name) is updated key
/// by key with what the import says, keeping every key the import leaves unsaid; nothing of the
/// design is removed.
package struct DesignMerge {
    /// What the merge did, one element per line: `endpoint:GET /pets`.
    package struct Summary: Equatable, Sendable {
        package var added: [String] = []
        package var changed: [String] = []
        /// Elements the import also had, with nothing new in them.
        package var unchanged: [String] = []
        /// What the design has and the import does not touch.
        package var left = 0
        package var lines: [String] {
            ["\(added.count) added, \(changed.count) changed, \(unchanged.count) unchanged, \(left) left as they were"]
                + added.map { "added \($0)" } + changed.map { "changed \($0)" }
        }
    }

    package private(set) var design: Design
    package private(set) var summary = Summary()
    private var touched = Set<String>()

    package init(into design: Design) { self.design = design }

    package mutating func merge(_ imported: OpenAPIImport.Result) {
        if design.api.baseURL == nil, let base = imported.baseURL { design.api.baseURL = base }
        if design.summary == nil, let summary = imported.summary { design.summary = summary }
        for service in imported.services { merge(service) }
        for scheme in imported.auth {
            let key = "auth:\(scheme.name)"
            if let i = design.api.auth.firstIndex(where: { $0.name == scheme.name }) {
                var merged = design.api.auth[i]
                take(scheme.type, into: &merged.type)
                take(scheme.description, into: &merged.description)
                merged.extensions = Self.merged(merged.extensions, scheme.extensions)
                record(key, changed: merged != design.api.auth[i])
                design.api.auth[i] = merged
            } else {
                design.api.auth.append(scheme)
                record(key, added: true)
            }
        }
        for endpoint in imported.endpoints { merge(endpoint) }
        finish()
    }

    package mutating func merge(_ imported: PostgresSchemaImport.Result) {
        for service in imported.services { merge(Service(name: service)) }
        for table in imported.tables { merge(table) }
        finish()
    }

    private mutating func finish() {
        let elements = design.services.map { "service:\($0.name)" } + design.endpoints.map { "endpoint:\($0.name)" }
            + design.tables.map { "table:\($0.name)" } + design.api.auth.map { "auth:\($0.name)" }
        summary.left = elements.filter { !touched.contains($0) }.count
    }

    private mutating func record(_ key: String, added: Bool = false, changed: Bool = false) {
        guard touched.insert(key).inserted else { return }
        if added {
            summary.added.append(key)
        } else if changed {
            summary.changed.append(key)
        } else {
            summary.unchanged.append(key)
        }
    }

    private mutating func merge(_ service: Service) {
        let key = "service:\(service.name)"
        if let i = design.services.firstIndex(where: { $0.name == service.name }) {
            var merged = design.services[i]
            take(service.description, into: &merged.description)
            record(key, changed: merged != design.services[i])
            design.services[i] = merged
        } else {
            design.services.append(service)
            record(key, added: true)
        }
    }

    private mutating func merge(_ endpoint: Endpoint) {
        var endpoint = endpoint
        // A reference the design cannot resolve would make the file unloadable: kept as a note instead.
        if let limit = endpoint.rateLimit, !design.api.rateLimits.contains(where: { $0.name == limit }) {
            endpoint.rateLimit = nil
            endpoint.extensions = Self.merged(endpoint.extensions, Extensions(entries: [
                Extensions.Entry(key: OpenAPIImport.extensionKey,
                                 value: .mapping([Extensions.Entry(key: "rate_limit", value: .scalar(limit, plain: true))])),
            ]))
        }
        let key = "endpoint:\(endpoint.name)"
        guard let i = design.endpoints.firstIndex(where: { $0.method == endpoint.method && $0.path == endpoint.path }) else {
            design.endpoints.append(endpoint)
            record(key, added: true)
            return
        }
        var merged = design.endpoints[i]
        take(endpoint.service, into: &merged.service)
        take(endpoint.summary, into: &merged.summary)
        take(endpoint.description, into: &merged.description)
        take(endpoint.auth, into: &merged.auth)
        if !endpoint.scopes.isEmpty { merged.scopes = endpoint.scopes }
        take(endpoint.rateLimit, into: &merged.rateLimit)
        take(endpoint.idempotent, into: &merged.idempotent)
        take(endpoint.deprecated, into: &merged.deprecated)
        for tag in endpoint.tags where !merged.tags.contains(tag) { merged.tags.append(tag) }
        for param in endpoint.params {
            if let p = merged.params.firstIndex(where: { $0.name == param.name && $0.location == param.location }) {
                take(param.type, into: &merged.params[p].type)
                take(param.required, into: &merged.params[p].required)
                take(param.description, into: &merged.params[p].description)
            } else {
                merged.params.append(param)
            }
        }
        if let request = endpoint.request {
            var body = merged.request ?? RequestBody()
            take(request.contentType, into: &body.contentType)
            take(request.example, into: &body.example)
            merged.request = body
        }
        for response in endpoint.responses {
            if let r = merged.responses.firstIndex(where: { $0.status == response.status }) {
                take(response.description, into: &merged.responses[r].description)
                take(response.example, into: &merged.responses[r].example)
            } else {
                merged.responses.append(response)
            }
        }
        merged.extensions = Self.merged(merged.extensions, endpoint.extensions)
        record(key, changed: merged != design.endpoints[i])
        design.endpoints[i] = merged
    }

    private mutating func merge(_ table: Table) {
        let key = "table:\(table.name)"
        guard let i = design.tables.firstIndex(where: { $0.name == table.name }) else {
            design.tables.append(table)
            record(key, added: true)
            return
        }
        var merged = design.tables[i]
        take(table.service, into: &merged.service)
        take(table.description, into: &merged.description)
        for column in table.columns {
            guard let c = merged.columns.firstIndex(where: { $0.name == column.name }) else {
                merged.columns.append(column)
                continue
            }
            var existing = merged.columns[c]
            take(column.type, into: &existing.type)
            take(column.primaryKey, into: &existing.primaryKey)
            take(column.nullable, into: &existing.nullable)
            take(column.unique, into: &existing.unique)
            take(column.defaultValue, into: &existing.defaultValue)
            take(column.references, into: &existing.references)
            take(column.onDelete, into: &existing.onDelete)
            take(column.description, into: &existing.description)
            existing.extensions = Self.merged(existing.extensions, column.extensions)
            merged.columns[c] = existing
        }
        if !table.primaryKey.isEmpty { merged.primaryKey = table.primaryKey }
        for index in table.indexes {
            if let x = merged.indexes.firstIndex(where: { $0.name == index.name }) {
                var existing = merged.indexes[x]
                existing.columns = index.columns
                take(index.unique, into: &existing.unique)
                take(index.kind, into: &existing.kind)
                take(index.whereClause, into: &existing.whereClause)
                existing.extensions = Self.merged(existing.extensions, index.extensions)
                merged.indexes[x] = existing
            } else {
                merged.indexes.append(index)
            }
        }
        if let partitioning = table.partitioning {
            var existing = merged.partitioning ?? Partitioning()
            take(partitioning.strategy, into: &existing.strategy)
            if !partitioning.key.isEmpty { existing.key = partitioning.key }
            take(partitioning.note, into: &existing.note)
            merged.partitioning = existing
        }
        merged.extensions = Self.merged(merged.extensions, table.extensions)
        record(key, changed: merged != design.tables[i])
        design.tables[i] = merged
    }

    /// The import's value where it has one; the design's where it says nothing.
    private func take<Value>(_ value: Value?, into target: inout Value?) {
        if let value { target = value }
    }

    /// The design's `x_*` keys with the import's added; a key both have takes the import's value.
    static func merged(_ base: Extensions, _ new: Extensions) -> Extensions {
        var result = base
        for entry in new.entries {
            if let i = result.entries.firstIndex(where: { $0.key == entry.key }) {
                result.entries[i].value = entry.value
            } else {
                result.entries.append(entry)
            }
        }
        return result
    }
}
