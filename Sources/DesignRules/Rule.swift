import DesignModel

/// The area a rule belongs to, read from its id prefix.
package enum RuleCategory: String, CaseIterable, Sendable {
    case api, sec, db, arch, flow, scale, doc, ref

    package var title: String {
        switch self {
        case .api: "API"
        case .sec: "Security"
        case .db: "Database"
        case .arch: "Architecture"
        case .flow: "Flows"
        case .scale: "Scaling"
        case .doc: "Documentation"
        case .ref: "References and configuration"
        }
    }
}

/// One check over a whole design. A rule is a small value type: an id (kebab-case with its
/// category prefix), a default severity, a one-line title, an explanation with the reason and the
/// fix, and `check`, which must stay linear in the size of the design (use `context.index`).
package protocol Rule: Sendable {
    var id: String { get }
    var defaultSeverity: Severity { get }
    var title: String { get }
    var explanation: String { get }
    /// The sections `check` reads, directly or through the index (see the `DesignSections`
    /// constants for what the index's lookups are built from). An incremental run reuses the
    /// rule's issues while none of them changed; the default, every section, always runs it.
    var reads: DesignSections { get }
    func check(_ context: RuleContext) -> [Issue]
}

extension Rule {
    package var reads: DesignSections { .all }

    package var category: RuleCategory? {
        guard let dash = id.firstIndex(of: "-") else { return nil }
        return RuleCategory(rawValue: String(id[..<dash]))
    }
}

/// What every rule reads: the design and the lookups built once for this validation run.
package struct RuleContext: Sendable {
    package let design: Design
    package let index: DesignIndex

    package init(design: Design) {
        self.design = design
        self.index = DesignIndex(design)
    }

    package init(design: Design, index: DesignIndex) {
        self.design = design
        self.index = index
    }
}

/// Parts of a design, for saying what a rule reads: a rule that reads none of the sections an edit
/// changed finds what it found before, so an incremental run reuses its issues.
package struct DesignSections: OptionSet, Sendable, Hashable {
    package let rawValue: UInt32
    package init(rawValue: UInt32) { self.rawValue = rawValue }

    /// The top-level scalars and lists: format version, title, version, status, owners, summary,
    /// deployment, security, `x_*` extensions and the modeline.
    package static let meta = DesignSections(rawValue: 1 << 0)
    package static let requirements = DesignSections(rawValue: 1 << 1)
    package static let api = DesignSections(rawValue: 1 << 2)
    package static let services = DesignSections(rawValue: 1 << 3)
    package static let events = DesignSections(rawValue: 1 << 4)
    /// Anything in any endpoint. The three below are parts of it, for rules that read only those:
    /// a change sets `endpoints` and whichever of them it touches.
    package static let endpoints = DesignSections(rawValue: 1 << 5)
    /// Which endpoints there are, in which order, and their names (method and path).
    package static let endpointList = DesignSections(rawValue: 1 << 13)
    /// The endpoints' request and responses, which the index's `examples` are built from.
    package static let endpointExamples = DesignSections(rawValue: 1 << 14)
    /// The endpoints' owners (`service`), which the index's `relations` are built from.
    package static let endpointOwners = DesignSections(rawValue: 1 << 15)
    /// Every part of the endpoints.
    package static let anyEndpoint: DesignSections = [.endpoints, .endpointList, .endpointExamples, .endpointOwners]
    package static let tables = DesignSections(rawValue: 1 << 6)
    package static let flows = DesignSections(rawValue: 1 << 7)
    package static let stack = DesignSections(rawValue: 1 << 8)
    package static let scaling = DesignSections(rawValue: 1 << 9)
    package static let phases = DesignSections(rawValue: 1 << 10)
    package static let comments = DesignSections(rawValue: 1 << 11)
    /// The whole `validation:` section, settings and casing styles alike.
    package static let validation = DesignSections(rawValue: 1 << 12)
    package static let all = DesignSections(rawValue: (1 << 16) - 1)

    /// What `DesignIndex.contains` (and so `ref-unresolved`) looks names up in: every section
    /// that has named elements.
    package static let named: DesignSections = [.services, .events, .endpointList, .tables, .flows, .stack, .scaling, .api,
                                                 .phases, .comments]
    /// What `DesignIndex.relations` is built from.
    package static let relations: DesignSections = [.services, .events, .endpointOwners, .tables]
    /// What `DesignIndex.references` is built from.
    package static let references: DesignSections = [.scaling, .flows, .phases, .comments, .validation]
    /// What `DesignIndex.examples` is built from.
    package static let examples: DesignSections = [.endpointExamples, .events]

    /// The sections in which two designs differ. Arrays that share storage compare in O(1), so an
    /// edit costs a comparison of the one section it changed.
    /// Changed endpoints count as changed in every part (`anyEndpoint`); with `comparingEndpoints`
    /// false they are left for the caller to find out.
    package static func changed(from old: Design, to new: Design, comparingEndpoints: Bool = true) -> DesignSections {
        var changed: DesignSections = []
        if old.formatVersion != new.formatVersion || old.title != new.title || old.version != new.version
            || old.status != new.status || old.owners != new.owners || old.summary != new.summary
            || old.deployment != new.deployment || old.security != new.security || old.extensions != new.extensions
            || old.modeline != new.modeline {
            changed.insert(.meta)
        }
        if old.requirements != new.requirements { changed.insert(.requirements) }
        if old.api != new.api { changed.insert(.api) }
        if old.services != new.services { changed.insert(.services) }
        if old.events != new.events { changed.insert(.events) }
        if comparingEndpoints, old.endpoints != new.endpoints { changed.formUnion(.anyEndpoint) }
        if old.tables != new.tables { changed.insert(.tables) }
        if old.flows != new.flows { changed.insert(.flows) }
        if old.stack != new.stack { changed.insert(.stack) }
        if old.scaling != new.scaling { changed.insert(.scaling) }
        if old.phases != new.phases { changed.insert(.phases) }
        if old.comments != new.comments { changed.insert(.comments) }
        if old.validation != new.validation { changed.insert(.validation) }
        return changed
    }
}

/// A rule that looks at one endpoint at a time: its issues about endpoint `e` come from endpoint
/// `e` alone (the endpoint and its entries in the index) and from the sections other than
/// `endpoints` in `reads`, never from other endpoints. After an edit that changed some endpoints
/// in place, an incremental run checks only those again and keeps the others' issues.
package protocol EndpointRule: Rule {
    /// The issues about endpoint `e`, appended to `issues`.
    func check(endpoint e: Int, _ context: RuleContext, into issues: inout [Issue])
}

extension EndpointRule {
    package func check(_ context: RuleContext) -> [Issue] {
        var issues: [Issue] = []
        for e in context.design.endpoints.indices { check(endpoint: e, context, into: &issues) }
        return issues
    }

    /// The issues about endpoint `e` alone.
    package func check(endpoint e: Int, _ context: RuleContext) -> [Issue] {
        var issues: [Issue] = []
        check(endpoint: e, context, into: &issues)
        return issues
    }
}
