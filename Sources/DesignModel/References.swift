/// Where a design refers to another element, and in which form the reference is written.
package struct ReferenceSite: Equatable, Sendable, CustomStringConvertible {
    package enum Form: Equatable, Sendable {
        /// A bare name of one kind: an endpoint's `service`, a call's `event`.
        case name(ElementKind)
        /// `KIND:NAME`, in affects, serves, includes, comments and ignore entries.
        case elementRef
        /// `TABLE.COLUMN` of a foreign key.
        case foreignKey
        /// A column name inside its own table: primary key, index and partition key lists.
        case localColumn(table: String)
    }
    /// The element that holds the reference.
    package var owner: ElementRef
    /// The key that holds it, e.g. `service`, `affects`, `indexes.orders_idx`.
    package var field: String
    package var form: Form

    package var description: String { "\(owner) (\(field))" }
}

enum ReferenceChange {
    case keep
    case set(String)
    case remove
}

extension Design {
    /// Every element that refers to the given one, apart from the element itself.
    package func referrers(of target: ElementRef) -> [ReferenceSite] {
        var sites: [ReferenceSite] = []
        var copy = self
        copy.visitReferences { value, site in
            if site.owner != target, Design.matches(value, site: site, target: target) { sites.append(site) }
            return .keep
        }
        return sites
    }

    /// The design with every reference to `target` rewritten for its new name (for a column, TABLE.COLUMN).
    func renamingReferences(to target: ElementRef, newName: String) -> Design {
        var copy = self
        copy.visitReferences { value, site in
            guard Design.matches(value, site: site, target: target) else { return .keep }
            return .set(Design.renamed(value, site: site, target: target, newName: newName))
        }
        return copy
    }

    /// The design with every reference to `target` dropped: list entries removed, single references cleared.
    func removingReferences(to target: ElementRef) -> Design {
        var copy = self
        copy.visitReferences { value, site in
            site.owner != target && Design.matches(value, site: site, target: target) ? .remove : .keep
        }
        return copy
    }

    static func matches(_ value: String, site: ReferenceSite, target: ElementRef) -> Bool {
        switch site.form {
        case let .name(kind):
            return kind == target.kind && value == target.name
        case .elementRef:
            guard let ref = ElementRef(parsing: value) else { return false }
            if ref == target { return true }
            if target.kind == .table, let parts = ref.columnParts { return parts.table == target.name }
            return false
        case .foreignKey:
            guard let dot = value.lastIndex(of: ".") else { return false }
            let table = String(value[..<dot])
            if target.kind == .table { return table == target.name }
            return target.kind == .column && value == target.name
        case let .localColumn(table):
            return target.kind == .column && target.name == "\(table).\(value)"
        }
    }

    static func renamed(_ value: String, site: ReferenceSite, target: ElementRef, newName: String) -> String {
        switch site.form {
        case .name:
            return newName
        case .elementRef:
            guard let ref = ElementRef(parsing: value) else { return value }
            if ref == target { return ElementRef(target.kind, newName).description }
            if let parts = ref.columnParts { return ElementRef.column(newName, parts.column).description }
            return value
        case .foreignKey:
            if target.kind == .table, let dot = value.lastIndex(of: ".") {
                return newName + value[dot...]
            }
            return newName
        case .localColumn:
            // `newName` is the column's whole reference name, TABLE.COLUMN; the list holds only COLUMN.
            guard let dot = newName.lastIndex(of: ".") else { return newName }
            return String(newName[newName.index(after: dot)...])
        }
    }

    /// Calls `visit` for every reference in the design and applies what it answers.
    mutating func visitReferences(_ visit: (String, ReferenceSite) -> ReferenceChange) {
        func one(_ value: inout String?, _ site: ReferenceSite) {
            guard let current = value else { return }
            switch visit(current, site) {
            case .keep: break
            case let .set(new): value = new
            case .remove: value = nil
            }
        }
        func list(_ values: inout [String], _ site: ReferenceSite) {
            var result: [String] = []
            result.reserveCapacity(values.count)
            var changed = false
            for value in values {
                switch visit(value, site) {
                case .keep: result.append(value)
                case let .set(new): result.append(new); changed = true
                case .remove: changed = true
                }
            }
            if changed { values = result }
        }

        for i in services.indices {
            let owner = ElementRef.service(services[i].name)
            var calls = services[i].calls
            var keptCalls: [ServiceCall] = []
            for var call in calls {
                var target: String? = call.service
                one(&target, ReferenceSite(owner: owner, field: "calls", form: .name(.service)))
                guard let newTarget = target else { continue }
                call.service = newTarget
                one(&call.event, ReferenceSite(owner: owner, field: "calls.event", form: .name(.event)))
                keptCalls.append(call)
            }
            if keptCalls != calls {
                calls = keptCalls
                services[i].calls = calls
            }
        }
        for i in events.indices {
            let owner = ElementRef.event(events[i].name)
            one(&events[i].producer, ReferenceSite(owner: owner, field: "producer", form: .name(.service)))
            list(&events[i].consumers, ReferenceSite(owner: owner, field: "consumers", form: .name(.service)))
        }
        for i in endpoints.indices {
            let owner = ElementRef.endpoint(endpoints[i].name)
            one(&endpoints[i].service, ReferenceSite(owner: owner, field: "service", form: .name(.service)))
            if endpoints[i].auth != Endpoint.publicAuth {
                one(&endpoints[i].auth, ReferenceSite(owner: owner, field: "auth", form: .name(.auth)))
            }
            one(&endpoints[i].rateLimit, ReferenceSite(owner: owner, field: "rate_limit", form: .name(.rateLimit)))
        }
        for i in tables.indices {
            let name = tables[i].name
            let owner = ElementRef.table(name)
            one(&tables[i].service, ReferenceSite(owner: owner, field: "service", form: .name(.service)))
            for c in tables[i].columns.indices {
                let site = ReferenceSite(owner: owner, field: "columns.\(tables[i].columns[c].name).references", form: .foreignKey)
                let before = tables[i].columns[c].references
                one(&tables[i].columns[c].references, site)
                if before != nil, tables[i].columns[c].references == nil { tables[i].columns[c].onDelete = nil }
            }
            let local = ReferenceSite.Form.localColumn(table: name)
            list(&tables[i].primaryKey, ReferenceSite(owner: owner, field: "primary_key", form: local))
            for x in tables[i].indexes.indices {
                list(&tables[i].indexes[x].columns,
                     ReferenceSite(owner: owner, field: "indexes.\(tables[i].indexes[x].name)", form: local))
            }
            if tables[i].partitioning != nil {
                list(&tables[i].partitioning!.key, ReferenceSite(owner: owner, field: "partitioning.key", form: local))
            }
            if tables[i].sharding != nil {
                list(&tables[i].sharding!.key, ReferenceSite(owner: owner, field: "sharding.key", form: local))
            }
        }
        for i in flows.indices {
            let owner = ElementRef.flow(flows[i].name)
            one(&flows[i].trigger, ReferenceSite(owner: owner, field: "trigger", form: .elementRef))
            var keptSteps: [FlowStep] = []
            keptSteps.reserveCapacity(flows[i].steps.count)
            for (number, step) in zip(1..., flows[i].steps) {
                // A step whose actor or target is gone says nothing any more: it goes, as a call does.
                var from: String? = step.from
                if step.from != FlowStep.client {
                    one(&from, ReferenceSite(owner: owner, field: "steps.\(number).from", form: .name(.service)))
                }
                // `external:NAME` parses as no element reference, so `.elementRef` leaves it alone.
                var to: String? = step.to
                one(&to, ReferenceSite(owner: owner, field: "steps.\(number).to", form: .elementRef))
                guard let from, let to else { continue }
                var kept = step
                kept.from = from
                kept.to = to
                keptSteps.append(kept)
            }
            if keptSteps != flows[i].steps { flows[i].steps = keptSteps }
        }
        for i in scaling.bottlenecks.indices {
            let owner = ElementRef.bottleneck(scaling.bottlenecks[i].name)
            list(&scaling.bottlenecks[i].affects, ReferenceSite(owner: owner, field: "affects", form: .elementRef))
        }
        for i in scaling.caches.indices {
            let owner = ElementRef.cache(scaling.caches[i].name)
            list(&scaling.caches[i].serves, ReferenceSite(owner: owner, field: "serves", form: .elementRef))
        }
        for i in phases.indices {
            let owner = ElementRef(.phase, phases[i].name)
            list(&phases[i].includes, ReferenceSite(owner: owner, field: "includes", form: .elementRef))
        }
        for i in comments.indices {
            one(&comments[i].element, ReferenceSite(owner: ElementRef(.comment, String(comments[i].id)), field: "element",
                                                    form: .elementRef))
        }
        var keptIgnores: [IgnoreEntry] = []
        var ignoresChanged = false
        for var entry in validation.ignore {
            let before = entry.element
            one(&entry.element, ReferenceSite(owner: .section("validation"), field: "ignore.\(entry.rule)", form: .elementRef))
            // An ignore entry without its element would silence the rule everywhere: drop it instead.
            if before != nil, entry.element == nil { ignoresChanged = true; continue }
            if entry.element != before { ignoresChanged = true }
            keptIgnores.append(entry)
        }
        if ignoresChanged { validation.ignore = keptIgnores }
    }
}
