import Dispatch
import Foundation

/// Walks the node tree of a design file into a `Design`, then checks names and references.
struct DesignReader {
    let context: LoadContext

    /// Where each element's references were written, checked once everything is read.
    private final class PendingChecks {
        var references: [(ElementRef?, String, SourceLocation, String)] = []  // parsed ref, raw, place, what
        var names: [(kind: String, name: String, location: SourceLocation)] = []
    }
    private let pending = PendingChecks()

    init(context: LoadContext) { self.context = context }

    func readDesign(_ root: YAMLNode) -> Design? {
        if case let .mapping(pairs, _) = root,
           let version = pairs.first(where: { $0.key.string == "archbench" })?.value.string.flatMap({ Int($0) }),
           version > Design.supportedFormatVersion {
            context.toleratesUnknownKeys = true
        }
        let schema = Schemas.design
        guard let top = MapReader(root, what: "the design", keys: schema.keys, context: context) else { return nil }
        for key in Design.sectionKeys where top.has(key) {
            context.sourceMap.locations[.section(key)] = top.keyLocation(key)
        }
        var design = schema.blank()
        // The whole design is read even without its version or title, to report everything.
        let complete = readFields(schema, top, into: &design, owner: "", stopAtMissing: false, partsInParallel: true)
        if top.value("archbench") != nil, design.formatVersion < 1 {
            context.report(top.value("archbench"), "'archbench' must be 1 or higher, found \(design.formatVersion)")
        }
        checkWholeFile(design)
        return complete ? design : nil
    }

    /// The checks that need everything read, at once on the cores, each reporting on its own:
    /// the names written twice, the references to nothing, and the places the parts recorded
    /// put in one source map. Reported in that order, as one after another would.
    private func checkWholeFile(_ design: Design) {
        let jobs = WholeFileJobs(reader: self, design: design)
        DispatchQueue.concurrentPerform(iterations: 3) { job in
            let reader = jobs.reader
            switch job {
            case 0: jobs.names = reader.checkNames(jobs.design)
            case 1: jobs.references = reader.checkReferences(jobs.design)
            default: reader.mergePartLocations()
            }
        }
        context.diagnostics += jobs.names + jobs.references
        // Freeing the lists of a large design takes milliseconds nobody needs to wait for.
        releaseInBackground([pending.names, pending.references] as [Any])
        pending.names = []
        pending.references = []
    }

    /// The places each part read on its own thread recorded, after the design's own; the first
    /// place of an element wins.
    private func mergePartLocations() {
        let parts = context.partLocations
        context.partLocations = []
        guard !parts.isEmpty else { return }
        context.sourceMap.locations.reserveCapacity(parts.reduce(context.sourceMap.locations.count) { $0 + $1.count })
        for part in parts {
            context.sourceMap.locations.merge(part) { first, _ in first }
        }
        releaseInBackground(parts)
    }

    // MARK: Reading through the schema

    /// One mapping of a kind; nil when a required field is missing (then its other fields are
    /// not read, so one missing name is one message).
    func readItem<T>(_ schema: Schema<T>, _ map: MapReader, owner: String) -> T? {
        var value = schema.blank()
        return readFields(schema, map, into: &value, owner: owner) ? value : nil
    }

    /// Reads the required fields, then (unless one is missing and `stopAtMissing`) the name, the
    /// other fields, the mappings inside, the references and examples to check, and the
    /// extensions. True when every required field was there.
    /// With `partsInParallel` the mappings inside (the design's sections) are read at once on
    /// the cores, each by a reader of its own, and put together in schema order: what is read and
    /// reported is the same as one after another.
    func readFields<T>(_ schema: Schema<T>, _ map: MapReader, into value: inout T, owner: String,
                       stopAtMissing: Bool = true, partsInParallel: Bool = false) -> Bool {
        var complete = true
        for field in schema.requiredFields {
            if let read = readScalar(field, map) { field.set(read, in: &value) } else { complete = false }
        }
        if !complete && stopAtMissing { return false }
        let name = schema.name(value)
        if let kind = schema.elementKind {
            remember(kind == .column ? .column(owner, name) : ElementRef(kind, name), map)
        }
        var parts: [SchemaField<T>.Nested] = []
        for field in schema.optionalFields {
            // Only the closure needed is taken out of the field, not the five of `nested`.
            if let read = field.nested?.read {
                if partsInParallel { parts.append(field.nested!) } else { read(&value, map, self, name) }
            } else if let read = readScalar(field, map) {
                field.set(read, in: &value)
            }
        }
        if !parts.isEmpty { readInParallel(parts, map, into: &value, name: name) }
        // Only fields with something to check beyond their type: the others' values are not built.
        for field in schema.checkedFields {
            if let get = field.scalar?.get { checkValue(field, get(value), map, name: name, owner: owner) }
        }
        schema.check?(value, map, self, owner)
        // The value was blank: its extensions are only set when the mapping has some.
        if let extensions = map.extensions { value[keyPath: schema.extensions] = extensions }
        return complete
    }

    /// Reads each part into a copy of `value` with a reader and context of its own, at once on
    /// the cores, then takes each part's field and what its reader recorded, in order.
    private func readInParallel<T>(_ parts: [SchemaField<T>.Nested], _ map: MapReader, into value: inout T, name: String) {
        // Each thread copies the value and the mapping (values, only read) before it reads.
        let reads = parts.map { _ in PartRead<T>(value, map) }
        let file = context.file, tolerates = context.toleratesUnknownKeys
        DispatchQueue.concurrentPerform(iterations: parts.count) { i in
            let context = LoadContext(file: file)
            context.toleratesUnknownKeys = tolerates
            let reader = DesignReader(context: context)
            let read = reads[i]
            var part = read.value
            parts[i].read(&part, read.map.reporting(to: context), reader, name)
            read.value = part
            read.reader = reader
        }
        for (part, read) in zip(parts, reads) {
            guard let reader = read.reader else { continue }
            part.copy(&value, read.value)
            context.diagnostics += reader.context.diagnostics
            // Put in the source map with the whole-file checks, at once with them.
            context.partLocations.append(reader.context.sourceMap.locations)
            pending.references += reader.pending.references
            pending.names += reader.pending.names
        }
    }

    /// A scalar or list of scalars as its kind says; nil when absent or wrong (reported).
    private func readScalar<T>(_ schemaField: SchemaField<T>, _ map: MapReader) -> FieldValue? {
        let field = schemaField.definition
        let key = field.key
        switch field.value {
        case .text, .prose, .json, .reference:
            guard field.isRequired else { return .text(map.string(key)) }
            return map.requiredString(key).map(FieldValue.text)
        case .time: return .text(map.time(key))
        case .duration: return .text(map.duration(key)?.description)
        case let .choice(allowed):
            if field.isRequired, map.value(key) == nil {
                _ = map.requiredString(key)
                return nil
            }
            let choice = map.choice(key, allowed: allowed)
            return field.isRequired && choice == nil ? nil : .text(choice)
        case .number: return .number(map.positiveNumber(key))
        case let .integer(minimum):
            let number: Int? = switch (field.isRequired, minimum) {
            case let (true, minimum?): map.requiredInt(key, atLeast: minimum)
            case (true, nil): map.requiredInt(key)
            case let (false, minimum?): map.int(key, atLeast: minimum)
            case (false, nil): map.int(key)
            }
            return field.isRequired && number == nil ? nil : .integer(number)
        case .httpStatus:
            guard let status = map.requiredInt(key) else { return nil }
            return .integer(status)
        case .bool: return .bool(map.bool(key))
        case .lines, .words, .references: return .list(map.strings(key))
        case .object, .list, .severities: return nil
        }
    }

    /// What a field's value must satisfy beyond its type: references to resolve once the whole
    /// file is read, JSON examples that parse, HTTP statuses.
    private func checkValue<T>(_ field: SchemaField<T>, _ value: FieldValue, _ map: MapReader, name: String, owner: String) {
        let key = field.key
        switch (field.definition.value, value) {
        case let (.httpStatus, .integer(status?)) where !(100...599).contains(status):
            context.report(map.value(key), "status \(status) of '\(owner)' is not an HTTP status code (100 to 599)")
        case let (.json, .text(text)):
            guard let described = field.described else { return }
            checkExample(text, at: map.keyLocation(key), what: described(name, owner))
        case let (.reference(.element(kind)), .text(target?)):
            guard let described = field.described, !(kind == .auth && target == Endpoint.publicAuth) else { return }
            expect(kind, named: target, at: map.keyLocation(key), what: described(name, owner))
        case let (.reference(.anyElement), .text(target?)):
            guard let described = field.described else { return }
            expectReference(target, at: map.keyLocation(key), what: described(name, owner))
        case let (.reference(.flowTrigger), .text(target?)):
            guard let described = field.described else { return }
            if let ref = ElementRef(parsing: target), ref.kind != .endpoint && ref.kind != .event {
                context.report(map.value(key), "\(described(name, owner)) is an endpoint: or an event:, found '\(target)'")
                return
            }
            expectReference(target, at: map.keyLocation(key), what: described(name, owner))
        case let (.references(.element(kind)), .list(targets)):
            guard let described = field.described else { return }
            for (index, target) in targets.enumerated() {
                expect(kind, named: target, at: itemLocation(map, key, index), what: described(name, owner))
            }
        case let (.references(.anyElement), .list(targets)):
            guard let described = field.described else { return }
            for (index, target) in targets.enumerated() {
                expectReference(target, at: itemLocation(map, key, index), what: described(name, owner))
            }
        default:
            break
        }
    }

    /// A name that must be unique among those recorded under the same `kind` (an index name,
    /// a parameter of one endpoint).
    func expectUnique(_ kind: String, _ name: String, at location: SourceLocation) {
        pending.names.append((kind, name, location))
    }

    /// A column's `references`: `TABLE.COLUMN`, checked once every table is read.
    func checkForeignKey(_ column: Column, _ map: MapReader, table: String) {
        guard let references = column.references else { return }
        if let target = column.referencedColumn, !target.table.isEmpty, !target.column.isEmpty {
            expect(.column, named: "\(target.table).\(target.column)", at: map.keyLocation("references"),
                   what: "foreign key '\(table).\(column.name)'")
        } else {
            context.report(map.value("references"),
                           "'references' of column '\(table).\(column.name)' must be TABLE.COLUMN, found '\(references)'")
        }
    }

    /// A flow step's ends: `from` a service or `client`, `to` a `service:`, `event:` or `table:`
    /// of the design or an `external:` party; checked once every element is read.
    func checkStep(_ step: FlowStep, _ map: MapReader, flow: String) {
        let what = "a step of flow '\(flow)'"
        if step.from != FlowStep.client {
            expect(.service, named: step.from, at: map.keyLocation("from"), what: what)
        }
        guard let target = step.target else {
            let kinds = StepTarget.kinds.map { "\($0):" }.joined(separator: ", ")
            context.report(map.value("to"), "'to' of \(what) must be one of \(kinds) followed by a name, found '\(step.to)'")
            return
        }
        if let ref = target.ref {
            expect(ref.kind, named: ref.name, at: map.keyLocation("to"), what: what)
        }
    }

    /// `validation.severity`: rule ids to severities.
    func readSeverities(_ map: MapReader, _ key: String) -> [SeverityOverride] {
        guard let severityNode = map.value(key) else { return [] }
        guard case let .mapping(pairs, _) = severityNode else {
            context.report(severityNode, "'severity' in validation must be a mapping of rule id to severity")
            return []
        }
        var overrides: [SeverityOverride] = []
        for (keyNode, valueNode) in pairs.map({ ($0.key, $0.value) }) {
            guard let rule = keyNode.string, let text = valueNode.string else {
                context.report(keyNode, "'severity' in validation maps a rule id to error, warning or info")
                continue
            }
            guard let severity = Severity(rawValue: text) else {
                context.report(valueNode, "severity of '\(rule)' must be one of error, warning, info; found '\(text)'")
                continue
            }
            overrides.append(SeverityOverride(rule: rule, severity: severity))
        }
        return overrides
    }

    private func remember(_ ref: ElementRef, _ reader: MapReader) {
        let location = reader.location
        // The first place of a ref wins: inserted when absent, in one lookup.
        keepFirst(&context.sourceMap.locations[ref, default: location])
        pending.names.append((ref.kind.rawValue, ref.name, location))
    }

    private func keepFirst(_ location: inout SourceLocation) {}

    /// Records a name-valued reference (`service: orders`) to check once the whole file is read.
    private func expect(_ kind: ElementKind, named name: String?, at location: SourceLocation, what: String) {
        guard let name else { return }
        pending.references.append((ElementRef(kind, name), name, location, what))
    }

    /// Records a `KIND:NAME` reference.
    private func expectReference(_ text: String, at location: SourceLocation, what: String) {
        pending.references.append((ElementRef(parsing: text), text, location, what))
    }

    private func checkExample(_ text: String?, at location: SourceLocation, what: String) {
        // Stops at the first scalar that is not white space: the `{` of almost every example.
        guard let text, !text.unicodeScalars.allSatisfy(\.properties.isWhitespace) else { return }
        if let problem = JSONSyntax.check(text, trailingCommas: true) {
            context.report(at: location, "\(what) is not valid JSON: \(problem)")
        }
    }

    private func itemLocation(_ map: MapReader, _ key: String, _ index: Int) -> SourceLocation {
        guard let node = map.value(key), case let .sequence(sequence, _) = node, index < sequence.count else {
            return map.keyLocation(key)
        }
        return context.location(of: sequence[index])
    }

    // MARK: Checks over the whole file

    private func checkNames(_ design: Design) -> [DesignDiagnostic] {
        let context = LoadContext(file: self.context.file)
        struct Key: Hashable {
            let kind: String
            let name: String
        }
        var seen: [Key: SourceLocation] = [:]
        seen.reserveCapacity(pending.names.count)
        for (kind, name, location) in pending.names {
            // Index names are unique per schema, the rest per kind and owner as recorded.
            let key = Key(kind: kind, name: name)
            if let first = seen[key] {
                let label = kind.hasPrefix("parameter") || kind.hasPrefix("response") ? kind : "\(kind) name"
                context.report(at: location, "duplicate \(label) '\(name)' (first at line \(first.line))")
            } else {
                seen[key] = location
            }
        }
        return context.diagnostics
    }

    private func checkReferences(_ design: Design) -> [DesignDiagnostic] {
        let context = LoadContext(file: self.context.file)
        var known: [ElementKind: Set<String>] = [:]
        for (ref, raw, location, what) in pending.references {
            guard let ref else {
                let kinds = ElementKind.referenceable.map(\.rawValue).joined(separator: ", ")
                context.report(at: location, "'\(raw)' in \(what) is not an element reference KIND:NAME (kinds: \(kinds))")
                continue
            }
            if known[ref.kind] == nil { known[ref.kind] = Set(design.names(of: ref.kind)) }
            if known[ref.kind]!.contains(ref.name) { continue }
            var message: String
            switch ref.kind {
            case .auth: message = "\(what) names auth scheme '\(ref.name)', which api.auth does not define"
            case .rateLimit: message = "\(what) names rate limit '\(ref.name)', which api.rate_limits does not define"
            default: message = "\(what) refers to \(ref.kind.rawValue) '\(ref.name)', which does not exist"
            }
            if let suggestion = closestMatch(to: ref.name, in: design.names(of: ref.kind)) {
                message += "; did you mean '\(suggestion)'?"
            }
            context.report(at: location, message)
        }
        return context.diagnostics
    }
}

/// The whole-file checks' reader, design and findings, shared by the threads that run them:
/// each result is written by one thread only and read after they all finished.
private final class WholeFileJobs: @unchecked Sendable {
    let reader: DesignReader
    let design: Design
    var names: [DesignDiagnostic] = []
    var references: [DesignDiagnostic] = []
    init(reader: DesignReader, design: Design) {
        self.reader = reader
        self.design = design
    }
}

/// Drops the last references to large values on a background thread: freeing the tree and the
/// lists of a large design, or the index of a validation run, takes milliseconds nobody need wait for.
package func releaseInBackground(_ values: [Any]) {
    let held = HeldValues(values)
    DispatchQueue.global(qos: .utility).async { held.values = [] }
}

private final class HeldValues: @unchecked Sendable {
    var values: [Any]
    init(_ values: [Any]) { self.values = values }
}

extension Design {
    /// Names of every element of one kind, in document order.
    package func names(of kind: ElementKind) -> [String] {
        switch kind {
        case .service: return services.map(\.name)
        case .endpoint: return endpoints.map(\.name)
        case .table: return tables.map(\.name)
        case .column: return tables.flatMap { table in table.columns.map { "\(table.name).\($0.name)" } }
        case .event: return events.map(\.name)
        case .cache: return scaling.caches.map(\.name)
        case .bottleneck: return scaling.bottlenecks.map(\.name)
        case .stack: return stack.map(\.area)
        case .flow: return flows.map(\.name)
        case .auth: return api.auth.map(\.name)
        case .rateLimit: return api.rateLimits.map(\.name)
        case .phase: return phases.map(\.name)
        case .monitoring: return scaling.monitoring.map(\.signal)
        case .comment: return comments.map { String($0.id) }
        case .section: return Design.sectionKeys
        }
    }
}

/// One part of a design read on its own thread: written by that thread, read once all are done.
private final class PartRead<T>: @unchecked Sendable {
    var value: T
    let map: MapReader
    var reader: DesignReader?
    init(_ value: T, _ map: MapReader) {
        self.value = value
        self.map = map
    }
}
