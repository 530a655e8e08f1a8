import DesignModel
import Foundation
import Synchronization

/// A validator that remembers its last run and, given the next design, runs again only what the
/// edit can have changed. Its reports are exactly `Validator(rules:).report(_:sourceMap:)`'s for
/// the same design and source map; only the work differs:
///
/// - a rule none of whose sections (`Rule.reads`) changed keeps its issues;
/// - an `EndpointRule`, when the endpoints changed in place (same count, and each changed
///   endpoint kept its method and path) and no other section it reads changed, checks only the
///   changed endpoints again and keeps the others' issues;
/// - the index takes over the lookups built from endpoints, tables and events when those did
///   not change in anything it reads (`DesignIndex.init(_:reusing:)`);
/// - validation settings (disable, severity, ignore) are applied after the rules, as in a full
///   run, so changing them runs only the rules that read `validation`.
///
/// Any other change (an endpoint added, removed or renamed; a rule without `reads`) runs the
/// rules concerned in full, so an undeclared rule is always correct.
package struct IncrementalValidator: Sendable {
    package let rules: [any Rule]
    private var last: Last?
    /// What the last report reused and ran.
    package private(set) var lastRun = RunCounts()

    /// How the rules of one report were run.
    package struct RunCounts: Sendable, Equatable {
        /// Rules whose issues were taken over from the run before.
        package var reused = 0
        /// Endpoint rules run again for the changed endpoints only.
        package var perElement = 0
        /// Rules run over the whole design.
        package var full = 0
        /// Endpoints checked again by each per-element rule.
        package var elementsChecked = 0
        /// Whether the index's lookups of endpoints, tables and events were taken over.
        package var indexReused = false
        package init() {}
    }

    private struct Last: Sendable {
        var design: Design
        var index: DesignIndex
        /// Per rule (by position in `rules`), its issues; nil when it did not run (disabled).
        var issues: [[Issue]?]
        /// Per rule, for endpoint rules, the issues of each endpoint (by position).
        var perEndpoint: [[[Issue]]?]
    }

    private struct Slot: Sendable {
        enum How: Sendable { case reused, perElement, full }
        var issues: [Issue]
        var perEndpoint: [[Issue]]?
        var how: How
    }

    package init(rules: [any Rule] = Validator.allRules) {
        self.rules = rules
    }

    /// Forgets the last run: the next report runs every rule.
    package mutating func reset() { last = nil }

    package mutating func validate(_ design: Design, sourceMap: SourceMap? = nil) -> [Finding] {
        report(design, sourceMap: sourceMap).findings
    }

    package mutating func report(_ design: Design, sourceMap: SourceMap? = nil) -> ValidationReport {
        report(design, sourceMap: sourceMap, parts: 4 * ProcessInfo.processInfo.activeProcessorCount)
    }

    mutating func report(_ design: Design, sourceMap: SourceMap?, parts: Int) -> ValidationReport {
        let previous = last
        let changed = previous.map { DesignSections.changed(from: $0.design, to: design) } ?? .all
        var counts = RunCounts()
        let index: DesignIndex
        if let previous, DesignIndex.heavyPartsMatch(previous.design, design) {
            index = DesignIndex(design, heavyPartsOf: previous.index)
            counts.indexReused = true
        } else {
            index = DesignIndex(design)
        }
        let context = RuleContext(design: design, index: index)
        // The endpoints changed in place, when they did: then per-element rules check only these.
        let changedEndpoints: [Int]? = previous.flatMap {
            changed.contains(.endpoints) ? IncrementalValidator.changedInPlace($0.design.endpoints, design.endpoints) : []
        }
        let rules = rules
        let slots = Mutex([Slot?](repeating: nil, count: rules.count))
        let report = Validator.report(design, rules: rules, sourceMap: sourceMap, parts: parts) { r in
            let slot = IncrementalValidator.run(rules[r], at: r, context, previous: previous, changed: changed,
                                                changedEndpoints: changedEndpoints)
            slots.withLock { $0[r] = slot }
            return slot.issues
        }
        var next = Last(design: design, index: index, issues: [], perEndpoint: [])
        next.issues.reserveCapacity(rules.count)
        next.perEndpoint.reserveCapacity(rules.count)
        for slot in slots.withLock({ $0 }) {
            next.issues.append(slot?.issues)
            next.perEndpoint.append(slot?.perEndpoint)
            switch slot?.how {
            case .reused: counts.reused += 1
            case .perElement: counts.perElement += 1
            case .full: counts.full += 1
            case nil: break
            }
        }
        if counts.perElement > 0 { counts.elementsChecked = changedEndpoints?.count ?? 0 }
        last = next
        lastRun = counts
        return report
    }

    /// The issues of one rule: taken over, checked again for the changed endpoints, or run in full.
    private static func run(_ rule: any Rule, at r: Int, _ context: RuleContext, previous: Last?, changed: DesignSections,
                            changedEndpoints: [Int]?) -> Slot {
        if let previous, let issues = previous.issues[r], changed.isDisjoint(with: rule.reads) {
            return Slot(issues: issues, perEndpoint: previous.perEndpoint[r], how: .reused)
        }
        guard let rule = rule as? any EndpointRule else {
            return Slot(issues: rule.check(context), perEndpoint: nil, how: .full)
        }
        if let previous, var perEndpoint = previous.perEndpoint[r], let changedEndpoints,
           changed.intersection(rule.reads) == .endpoints {
            for e in changedEndpoints { perEndpoint[e] = rule.check(endpoint: e, context) }
            return Slot(issues: Array(perEndpoint.joined()), perEndpoint: perEndpoint, how: .perElement)
        }
        let count = context.design.endpoints.count
        var perEndpoint: [[Issue]] = []
        perEndpoint.reserveCapacity(count)
        for e in 0..<count { perEndpoint.append(rule.check(endpoint: e, context)) }
        return Slot(issues: Array(perEndpoint.joined()), perEndpoint: perEndpoint, how: .full)
    }

    /// The positions of the endpoints that changed, when they all changed in place: the same
    /// number of endpoints, each changed one with its method and path (its name) kept. Nil
    /// otherwise (an endpoint added, removed, moved or renamed).
    static func changedInPlace(_ old: [Endpoint], _ new: [Endpoint]) -> [Int]? {
        guard old.count == new.count else { return nil }
        var changed: [Int] = []
        for e in old.indices where old[e] != new[e] {
            guard old[e].method == new[e].method, old[e].path == new[e].path else { return nil }
            changed.append(e)
        }
        return changed
    }
}
