import DesignModel

/// What happened to one mapping of a design between two versions.
package enum ChangeAction: String, Sendable, CaseIterable {
    case added, removed, renamed, changed
}

/// How much a change can hurt those who depend on the design, worst first.
package enum ChangeClass: String, Sendable, CaseIterable, Comparable {
    /// Clients or other services stop working.
    case breaking
    /// A migration that locks or fails on a big table, or an architecture that got weaker.
    case risky
    case safe

    package static func < (lhs: ChangeClass, rhs: ChangeClass) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One field of a mapping that holds another value in the new version.
package struct FieldChange: Equatable, Sendable {
    package let key: String
    package let label: String
    /// As one line of text; nil when unset.
    package let old: String?
    package let new: String?
}

/// Why a change is breaking or risky: the rule that says so and what it says of this change.
package struct ChangeReason: Equatable, Sendable {
    package let rule: String
    package let changeClass: ChangeClass
    package let message: String
}

/// One added, removed, renamed or changed mapping: an element, a part of one (a param, a
/// column, a call), or a section (the API conventions, the load).
package struct DesignChange: Equatable, Sendable {
    /// The top-level key it is under: `endpoints`, `tables`, `api`, `comments`...
    package let section: String
    package let kind: SchemaKind
    /// How people name it, from the element down: `["GET /v1/orders", "param id"]`.
    package let path: [String]
    package let action: ChangeAction
    /// The scalar fields that differ (for a renamed or changed mapping).
    package let fields: [FieldChange]
    package let old: SchemaNode?
    package let new: SchemaNode?
    /// The element to go to: in the new version, or in the old one for a removed element.
    package let element: ElementRef?
    /// Where it stands in the new version's file (the enclosing element for a removed one).
    package var location: SourceLocation?
    package var reasons: [ChangeReason] = []

    /// The worst class its reasons give; safe without any.
    package var changeClass: ChangeClass { reasons.map(\.changeClass).min() ?? .safe }

    /// Whether it belongs to the review comments, which are listed apart.
    package var isComment: Bool { section == "comments" }

    /// The name of the mapping in the old version, for a renamed one.
    package var oldName: String? { action == .renamed ? old?.name : nil }

    /// The old value of a changed field, and whether the field is one of those that changed.
    package func field(_ key: String) -> FieldChange? { fields.first { $0.key == key } }
}

/// The changes between two versions of a design, found by walking both through the field
/// schema (`Schemas`): every kind and field the schema knows is compared, none by a list here.
package struct DesignDiff: Sendable {
    package let old: Design
    package let new: Design
    /// In document order, each classified by the `diff-` rules.
    package let changes: [DesignChange]

    /// Compares two versions; `newSourceMap` gives the new file's lines. `oldNode` is the old
    /// version as `Schemas.design.node(old)` when the caller keeps it (the workbench compares
    /// each edit with the same old version); `newNode` likewise for the new one (the command
    /// line builds each beside its load, on two cores).
    package init(old: Design, new: Design, newSourceMap: SourceMap? = nil, oldNode: SchemaNode? = nil, newNode: SchemaNode? = nil) {
        self.old = old
        self.new = new
        var walker = ChangeWalker()
        walker.walk(oldNode ?? Schemas.design.node(old), newNode ?? Schemas.design.node(new), section: nil, path: [], element: nil)
        var changes = walker.changes
        let context = DiffContext(old: old, new: new)
        for i in changes.indices {
            changes[i].reasons = DiffRules.reasons(for: changes[i], context)
            changes[i].location = Self.location(of: changes[i], new: newSourceMap)
        }
        self.changes = changes
    }

    /// Changes to the design, without the review comments; breaking first, then risky, then
    /// safe, each in document order.
    package var designChanges: [DesignChange] {
        changes.filter { !$0.isComment }.enumerated().sorted { ($0.element.changeClass, $0.offset) < ($1.element.changeClass, $1.offset) }
            .map(\.element)
    }

    package var commentChanges: [DesignChange] { changes.filter(\.isComment) }

    package func count(_ changeClass: ChangeClass) -> Int { changes.filter { !$0.isComment && $0.changeClass == changeClass }.count }

    /// The worst class among the design's changes; nil when nothing but comments changed.
    package var worstClass: ChangeClass? { changes.filter { !$0.isComment }.map(\.changeClass).min() }

    /// The element's place in the new file; for what was removed, the table of a removed
    /// column, else the section.
    private static func location(of change: DesignChange, new sourceMap: SourceMap?) -> SourceLocation? {
        guard let sourceMap else { return nil }
        if let element = change.element {
            if let at = sourceMap[element] { return at }
            if let table = element.columnParts?.table, let at = sourceMap[.table(table)] { return at }
        }
        return sourceMap[.section(change.section)]
    }
}

/// Walks two node trees side by side, pairing the mappings of each list, and records what differs.
struct ChangeWalker {
    var changes: [DesignChange] = []

    /// Pairs more than this many unmatched old × new mappings of one list are not scored for
    /// renames (a list replaced wholesale is shown as removed and added).
    static let maximumRenameCandidates = 250_000

    mutating func walk(_ old: SchemaNode, _ new: SchemaNode, section: String?, path: [String], element: ElementRef?) {
        guard old != new else { return }
        let definitions = new.definitions
        var fields: [FieldChange] = []
        for (i, definition) in definitions.enumerated() {
            switch (old.contents[i], new.contents[i]) {
            case let (.value(before), .value(after)):
                guard before != after, !(before.isUnset && after.isUnset) else { continue }
                if section == nil {
                    // A field of the design itself is a section of its own (title, summary, security).
                    changes.append(DesignChange(section: definition.key, kind: .design, path: [definition.label], action: .changed,
                                                fields: [FieldChange(key: definition.key, label: definition.label,
                                                                     old: before.displayText, new: after.displayText)],
                                                old: old, new: new, element: .section(definition.key)))
                } else {
                    fields.append(FieldChange(key: definition.key, label: definition.label,
                                              old: before.displayText, new: after.displayText))
                }
            default: continue
            }
        }
        if old.extensions != new.extensions {
            fields.append(contentsOf: Self.extensionChanges(old.extensions, new.extensions))
        }
        let renamed = Self.isNamed(new.kind) && old.name != new.name
        if let section, renamed || !fields.isEmpty {
            changes.append(DesignChange(section: section, kind: new.kind, path: path, action: renamed ? .renamed : .changed,
                                        fields: fields, old: old, new: new, element: element))
        }
        for (i, definition) in definitions.enumerated() {
            guard case let .parts(before) = old.contents[i], case let .parts(after) = new.contents[i], before != after else { continue }
            let partSection = section ?? definition.key
            // An object (a section, a request body, a partitioning) set in both versions is the same mapping.
            if !Self.isList(definition), let o = before.first, let n = after.first {
                walk(o, n, section: partSection, path: path + [section == nil ? definition.label : Self.label(n)],
                     element: element ?? .section(partSection))
                continue
            }
            for pair in Self.pair(before, after) {
                switch pair {
                case let (o?, n?):
                    walk(o, n, section: partSection, path: path + [Self.label(n)], element: Self.element(n, parent: element, section: partSection))
                case let (o?, nil):
                    changes.append(DesignChange(section: partSection, kind: o.kind, path: path + [Self.label(o)], action: .removed,
                                                fields: [], old: o, new: nil, element: Self.element(o, parent: element, section: partSection)))
                case let (nil, n?):
                    changes.append(DesignChange(section: partSection, kind: n.kind, path: path + [Self.label(n)], action: .added,
                                                fields: [], old: nil, new: n, element: Self.element(n, parent: element, section: partSection)))
                case (nil, nil): break
                }
            }
        }
    }

    /// Whether a field holds a list of mappings (not an object or a section).
    static func isList(_ definition: FieldDefinition) -> Bool {
        if case .list = definition.value { return true }
        return false
    }

    /// Kinds whose mappings have a name of their own: a different name in the new version is a rename.
    static func isNamed(_ kind: SchemaKind) -> Bool { namedKinds.contains(kind) }

    static let namedKinds: Set<SchemaKind> = Set(SchemaKind.allCases.filter { kind in
        kind == .endpoint || (SchemaNode.definitionsByKind[kind] ?? []).contains(where: \.isName)
    })

    /// How a change names a mapping: "param id", "column total_cents", "call to payments".
    static func label(_ node: SchemaNode) -> String {
        let kindLabel = node.kind.rawValue.replacingOccurrences(of: "_", with: " ")
        switch node.kind {
        case .call: return "call to \(node.text("service") ?? "?")"
        case .request: return "request"
        case .partitioning, .sharding: return kindLabel
        case .response: return "response \(node.name)"
        case .flowStep: return "step \(node.name)"
        default: return node.name.isEmpty ? kindLabel : "\(kindLabel) \(node.name)"
        }
    }

    /// The element a change belongs to, to jump to: the mapping itself when others can name it,
    /// a column as `table.column`, otherwise its enclosing element.
    static func element(_ node: SchemaNode, parent: ElementRef?, section: String) -> ElementRef? {
        if node.kind == .column, let table = parent, table.kind == .table { return .column(table.name, node.name) }
        if let kind = Schemas.elementKind(of: node.kind), parent == nil || parent?.kind == .section, kind != .comment {
            return ElementRef(kind, node.name)
        }
        return parent ?? .section(section)
    }

    /// What identifies a mapping among its siblings: its name, or for kinds without one the
    /// required fields (a call's service).
    static func identity(_ node: SchemaNode) -> String {
        if !node.name.isEmpty { return node.name }
        let definitions = node.definitions
        return definitions.indices.filter { definitions[$0].isRequired }.compactMap { i -> String? in
            if case let .value(value) = node.contents[i] { return value.displayText }
            return nil
        }.joined(separator: " ")
    }

    /// Pairs the mappings of two versions of a list: the same identity (the n-th of a repeated
    /// identity with the n-th), then the same content under another name (a rename), then the
    /// most alike of the rest when at least half their fields agree; the rest are removed or added.
    static func pair(_ old: [SchemaNode], _ new: [SchemaNode]) -> [(SchemaNode?, SchemaNode?)] {
        func keys(_ nodes: [SchemaNode]) -> [String] {
            var seen: [String: Int] = [:]
            return nodes.map { node in
                let identity = identity(node)
                let n = seen[identity, default: 0]
                seen[identity] = n + 1
                return n == 0 ? identity : "\(identity)\u{0}\(n)"
            }
        }
        let oldKeys = keys(old), newKeys = keys(new)
        let newIndex = Dictionary(newKeys.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var partnerOfOld = [Int?](repeating: nil, count: old.count)
        var newTaken = [Bool](repeating: false, count: new.count)
        for (i, key) in oldKeys.enumerated() {
            if let j = newIndex[key] {
                partnerOfOld[i] = j
                newTaken[j] = true
            }
        }
        var oldLeft = old.indices.filter { partnerOfOld[$0] == nil }
        var newLeft = new.indices.filter { !newTaken[$0] }
        if !oldLeft.isEmpty, !newLeft.isEmpty, oldLeft.count * newLeft.count <= maximumRenameCandidates {
            var scored: [(score: Double, old: Int, new: Int)] = []
            for i in oldLeft {
                for j in newLeft {
                    let score = similarity(old[i], new[j])
                    if score >= 0.5 { scored.append((score, i, j)) }
                }
            }
            scored.sort { ($0.score, -$0.old, -$0.new) > ($1.score, -$1.old, -$1.new) }
            var oldUsed = Set<Int>(), newUsed = Set<Int>()
            for candidate in scored where !oldUsed.contains(candidate.old) && !newUsed.contains(candidate.new) {
                oldUsed.insert(candidate.old)
                newUsed.insert(candidate.new)
                partnerOfOld[candidate.old] = candidate.new
                newTaken[candidate.new] = true
            }
            oldLeft.removeAll { oldUsed.contains($0) }
            newLeft.removeAll { newUsed.contains($0) }
        }
        // In the new version's order, each removed mapping right after the kept one before it
        // (as a line diff puts removed lines before added ones).
        var result: [(SchemaNode?, SchemaNode?)] = []
        let oldOfNew = Dictionary(partnerOfOld.enumerated().compactMap { i, j in j.map { ($0, i) } }, uniquingKeysWith: { a, _ in a })
        var removedAfter: [Int: [Int]] = [:]  // new index of the kept mapping before (-1: none) -> removed old indices
        var previousKept = -1
        for i in old.indices {
            if let j = partnerOfOld[i] { previousKept = j } else { removedAfter[previousKept, default: []].append(i) }
        }
        for i in removedAfter[-1] ?? [] { result.append((old[i], nil)) }
        for j in new.indices {
            if let i = oldOfNew[j] { result.append((old[i], new[j])) } else { result.append((nil, new[j])) }
            for i in removedAfter[j] ?? [] { result.append((old[i], nil)) }
        }
        return result
    }

    /// How alike two mappings of one kind are, apart from their names: the share of fields set
    /// in either that hold the same value (lists of parts count as one field each). 1 is the
    /// same content; two mappings that share nothing but unset fields score 0.
    static func similarity(_ a: SchemaNode, _ b: SchemaNode) -> Double {
        guard a.kind == b.kind else { return 0 }
        let definitions = a.definitions
        var compared = 0, equal = 0
        for i in definitions.indices where !definitions[i].isName {
            switch (a.contents[i], b.contents[i]) {
            case let (.value(x), .value(y)):
                if x.isUnset && y.isUnset { continue }
                compared += 1
                if x == y { equal += 1 }
            case let (.parts(x), .parts(y)):
                if x.isEmpty && y.isEmpty { continue }
                compared += 1
                if x == y { equal += 1 }
            default: continue
            }
        }
        guard compared > 0 else { return 0 }
        // One agreeing field of one is not evidence enough for a rename unless it is all there is.
        if equal < 2 && equal < compared { return 0 }
        return Double(equal) / Double(compared)
    }

    static func extensionChanges(_ old: Extensions, _ new: Extensions) -> [FieldChange] {
        var keys: [String] = []
        for entry in old.entries + new.entries where !keys.contains(entry.key) { keys.append(entry.key) }
        return keys.compactMap { key in
            let before = old.entries.first { $0.key == key }?.value, after = new.entries.first { $0.key == key }?.value
            guard before != after else { return nil }
            return FieldChange(key: key, label: key, old: before.map(Self.text), new: after.map(Self.text))
        }
    }

    /// An `x_*` value in one line, in YAML's flow style.
    static func text(_ value: ExtensionValue) -> String {
        switch value {
        case let .scalar(text, _): text
        case let .sequence(items): "[" + items.map(text).joined(separator: ", ") + "]"
        case let .mapping(entries): "{" + entries.map { "\($0.key): \(text($0.value))" }.joined(separator: ", ") + "}"
        }
    }
}
