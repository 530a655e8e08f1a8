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
    func check(_ context: RuleContext) -> [Issue]
}

extension Rule {
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
