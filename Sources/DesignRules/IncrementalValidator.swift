import DesignModel
import Foundation
import Synchronization

/// A validator that remembers its last run and, given the next design, runs again only what the
/// edit can have changed. Its findings are exactly `Validator(rules:).validate(_:sourceMap:)`'s for
/// the same design and source map (same findings, order and places); only the work differs:
///
/// - a rule none of whose sections (`Rule.reads`) changed keeps its issues;
/// - an `EndpointRule`, when the endpoints changed in place (same count, and each changed
///   endpoint kept its method and path) and no other section it reads changed, checks only the
///   changed endpoints again and keeps the others' issues;
/// - the index takes over the lookups built from endpoints, tables and events when those did
///   not change in anything it reads (`DesignIndex.init(_:heavyPartsOf:changed:)`);
/// - validation settings (disable, severity, ignore) are applied after the rules, as in a full
///   run, so changing them runs only the rules that read `validation`; while they and the source
///   map stay the same, the findings of the last run are kept and only those of the rules (or,
///   for endpoint rules, the endpoints) run again are replaced.
///
/// Any other change (an endpoint added, removed or renamed; a rule without `reads`) runs the
/// rules concerned in full, so an undeclared rule is always correct.
package struct IncrementalValidator: Sendable {
    package let rules: [any Rule]
    private var last: Last?
    /// What the last run reused and ran.
    package private(set) var lastRun = RunCounts()

    /// How the rules of one run were run.
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
        /// Whether the last run's findings were kept and only the changed ones replaced.
        package var findingsUpdated = false
        package init() {}
    }

    private struct Last: Sendable {
        var design: Design
        var sourceMap: SourceMap?
        var index: DesignIndex
        /// Per rule (by position in `rules`), its issues; nil when it did not run (disabled).
        var issues: [[Issue]?]
        /// Per rule, for endpoint rules, where each endpoint's issues end in `issues`.
        var ends: [[Int]?]
        /// The rules' findings in report order, without `ref-unused-ignore`'s.
        var ruleFindings: [Finding]
        /// Per finding of `ruleFindings`, the position of its rule in `rules`.
        var findingRules: [Int32]
    }

    private enum How: Sendable { case reused, perElement, full }

    package init(rules: [any Rule] = Validator.allRules) {
        self.rules = rules
    }

    /// Forgets the last run: the next one runs every rule.
    package mutating func reset() { last = nil }

    package mutating func report(_ design: Design, sourceMap: SourceMap? = nil) -> ValidationReport {
        ValidationReport(findings: validate(design, sourceMap: sourceMap))
    }

    package mutating func validate(_ design: Design, sourceMap: SourceMap? = nil) -> [Finding] {
        validate(design, sourceMap: sourceMap, parts: 4 * ProcessInfo.processInfo.activeProcessorCount)
    }

    mutating func validate(_ design: Design, sourceMap: SourceMap?, parts: Int) -> [Finding] {
        var previous = last.take()
        // The endpoints that changed in place (none when the endpoints are equal); nil when
        // endpoints were added, removed, moved or renamed.
        let changedEndpoints = previous.flatMap { IncrementalValidator.changedInPlace($0.design.endpoints, design.endpoints) }
        let changed: DesignSections = previous.map {
            DesignSections.changed(from: $0.design, to: design, comparingEndpoints: false)
                .union(IncrementalValidator.endpointParts($0.design.endpoints, design.endpoints, changedEndpoints))
        } ?? .all
        var counts = RunCounts()
        let index: DesignIndex
        if let previous, DesignIndex.heavyPartsMatch(previous.design, design, changed: changed, changedEndpoints: changedEndpoints) {
            index = DesignIndex(design, heavyPartsOf: previous.index, changed: changed)
            counts.indexReused = true
        } else if let previous, let changedEndpoints,
                  DesignIndex.heavyPartsMatch(previous.design, design, changed: changed.subtracting(.anyEndpoint), changedEndpoints: []),
                  changedEndpoints.allSatisfy({ DesignIndex.factsOnlyChange(previous.design.endpoints[$0], design.endpoints[$0]) }) {
            // Only the facts of the changed endpoints differ: built again for those alone.
            index = DesignIndex(design, heavyPartsOf: previous.index, changed: changed).refreshingFacts(of: changedEndpoints, in: design)
            counts.indexReused = true
        } else {
            index = DesignIndex(design)
        }
        let context = RuleContext(design: design, index: index)
        let rules = rules
        let settings = Validator.Settings(design.validation, sourceMap: sourceMap)

        // How each rule runs: decided here, the per-element updates made here (a few endpoints
        // each), the full runs below on every core.
        var how = [How?](repeating: nil, count: rules.count)
        var issues = [[Issue]?](repeating: nil, count: rules.count)
        var ends = [[Int]?](repeating: nil, count: rules.count)
        var full: [Int] = []
        // Whether every issue of a changed endpoint, before and after, is about that endpoint:
        // then its findings can be replaced by element.
        var aboutTheirEndpoint = true
        for r in rules.indices where !settings.disabled.contains(rules[r].id) {
            let rule = rules[r]
            if let previous, let old = previous.issues[r], changed.isDisjoint(with: rule.reads) {
                how[r] = .reused
                issues[r] = old
                ends[r] = previous.ends[r]
            } else if previous != nil, let changedEndpoints, let rule = rule as? any EndpointRule,
                      changed.intersection(rule.reads).subtracting(.anyEndpoint).isEmpty,
                      previous?.issues[r] != nil, previous?.ends[r] != nil {
                // Taken out of the last run's state, so that the splices below copy nothing.
                var flat = previous!.issues[r].take()!, bounds = previous!.ends[r].take()!
                for e in changedEndpoints {
                    let start = e == 0 ? 0 : bounds[e - 1], end = bounds[e]
                    let new = rule.check(endpoint: e, context)
                    let ref = index.endpointRef(e)
                    if !new.allSatisfy({ $0.element == ref }) || !flat[start..<end].allSatisfy({ $0.element == ref }) {
                        aboutTheirEndpoint = false
                    }
                    flat.replaceSubrange(start..<end, with: new)
                    let delta = new.count - (end - start)
                    if delta != 0 { for i in e..<bounds.count { bounds[i] += delta } }
                }
                how[r] = .perElement
                issues[r] = flat
                ends[r] = bounds
            } else {
                how[r] = .full
                full.append(r)
            }
        }
        // The full runs, in parts of about equal weight on every core.
        let fullRules = full
        let cuts = Validator.splitPoints(fullRules.map { rules[$0] }, parts: parts)
        let ruleParts = zip([0] + cuts, cuts + [fullRules.count]).map { Array(fullRules[$0..<$1]) }
        let results = Mutex([(r: Int, issues: [Issue], ends: [Int]?)]())
        DispatchQueue.concurrentPerform(iterations: ruleParts.count) { h in
            var done: [(r: Int, issues: [Issue], ends: [Int]?)] = []
            for r in ruleParts[h] {
                if let rule = rules[r] as? any EndpointRule {
                    var flat: [Issue] = [], bounds: [Int] = []
                    bounds.reserveCapacity(context.design.endpoints.count)
                    for e in context.design.endpoints.indices {
                        rule.check(endpoint: e, context, into: &flat)
                        bounds.append(flat.count)
                    }
                    done.append((r, flat, bounds))
                } else {
                    done.append((r, rules[r].check(context), nil))
                }
            }
            results.withLock { $0 += done }
        }
        for result in results.withLock({ $0 }) {
            issues[result.r] = result.issues
            ends[result.r] = result.ends
        }

        // The findings: the last run's with only the changed ones replaced, when the settings and
        // the source map are the same; otherwise made anew from every rule's issues.
        var ruleFindings: [Finding] = [], findingRules: [Int32] = []
        let updatable = previous != nil && aboutTheirEndpoint && previous!.design.validation == design.validation
            && previous!.sourceMap == sourceMap
        if updatable {
            // Taken out of the last run's state (not copied, which would retain every finding), so
            // that they are updated in place.
            swap(&ruleFindings, &previous!.ruleFindings)
            swap(&findingRules, &previous!.findingRules)
        }
        if updatable, IncrementalValidator.update(&ruleFindings, &findingRules, rules: rules, how: how, issues: issues, ends: ends,
                                       changedEndpoints: changedEndpoints ?? [], index: index, settings: settings) {
            counts.findingsUpdated = true
        } else {
            let finished = issues
            ruleFindings = Validator.findings(design, rules: rules, sourceMap: sourceMap, parts: parts) { finished[$0] ?? [] }.ruleFindings
            var positions: [String: Int32] = [:]
            for r in rules.indices where positions[rules[r].id] == nil { positions[rules[r].id] = Int32(r) }
            findingRules = ruleFindings.map { positions[$0.ruleID] ?? -1 }
        }
        var used = [Bool](repeating: false, count: settings.ignoreCount)
        if !settings.ignoreTable.isEmpty {
            for r in rules.indices { if let list = issues[r] { settings.markUsed(by: list, of: rules[r], used: &used) } }
        }
        let findings = Finding.mergedForReport(ruleFindings, settings.unusedIgnoreFindings(rules: rules, used: used))

        for h in how {
            switch h {
            case .reused: counts.reused += 1
            case .perElement: counts.perElement += 1
            case .full: counts.full += 1
            case nil: break
            }
        }
        if counts.perElement > 0 { counts.elementsChecked = changedEndpoints?.count ?? 0 }
        previous = nil
        last = Last(design: design, sourceMap: sourceMap, index: index, issues: issues, ends: ends, ruleFindings: ruleFindings,
                    findingRules: findingRules)
        lastRun = counts
        return findings
    }

    /// Updates the rules' findings of the run before (`findings`, with the position of each one's
    /// rule in `findingRules`) in place: those of the rules run again are replaced, all findings of
    /// a rule run in full and those of the changed endpoints for a rule run per element (whose
    /// issues, before and after, must all be about it). False, with nothing changed, when another
    /// endpoint has a changed one's name: then the findings are made anew.
    private static func update(_ findings: inout [Finding], _ findingRules: inout [Int32], rules: [any Rule], how: [How?],
                               issues: [[Issue]?], ends: [[Int]?], changedEndpoints: [Int], index: DesignIndex,
                               settings: Validator.Settings) -> Bool {
        guard !changedEndpoints.contains(where: { index.endpointNameShared[$0] }) else { return false }
        let refs = changedEndpoints.map { index.endpointRef($0) }
        var replaced = [Bool](repeating: false, count: rules.count), perElement = replaced
        var fresh: [Finding] = [], freshRules: [Int32] = []
        var unused = [Bool](repeating: false, count: settings.ignoreCount)
        for r in rules.indices {
            guard let h = how[r], h != .reused, let list = issues[r] else { continue }
            let before = fresh.count
            if h == .perElement, let bounds = ends[r] {
                perElement[r] = true
                var slice: [Issue] = []
                for e in changedEndpoints { slice += list[(e == 0 ? 0 : bounds[e - 1])..<bounds[e]] }
                settings.add(slice, of: rules[r], to: &fresh, used: &unused)
            } else {
                replaced[r] = true
                settings.add(list, of: rules[r], to: &fresh, used: &unused)
            }
            freshRules += repeatElement(Int32(r), count: fresh.count - before)
        }
        let order = Finding.reportOrderPositions(fresh)
        let b = order.map { fresh[$0] }, br = order.map { freshRules[$0] }
        // The old findings that stay, moved down in order over those that go (moves, no copies).
        var kept = 0
        findings.withUnsafeMutableBufferPointer { x in
            findingRules.withUnsafeMutableBufferPointer { xr in
                for i in x.indices {
                    let r = Int(xr[i])
                    if r >= 0 {
                        if replaced[r] { continue }
                        if perElement[r], let element = x[i].element, refs.contains(element) { continue }
                    }
                    if kept != i {
                        x.swapAt(kept, i)
                        xr.swapAt(kept, i)
                    }
                    kept += 1
                }
            }
        }
        findings.removeLast(findings.count - kept)
        findingRules.removeLast(findingRules.count - kept)
        guard !b.isEmpty else { return true }
        // The fresh ones merged in from the back, the largest left first: a fresh finding goes
        // before an old one only when it precedes it, as in `Finding.mergedForReport`. The slots
        // past the old findings hold copies of the fresh ones until they are filled.
        findings.append(contentsOf: b)
        findingRules.append(contentsOf: br)
        findings.withUnsafeMutableBufferPointer { x in
            findingRules.withUnsafeMutableBufferPointer { xr in
                b.withUnsafeBufferPointer { y in
                    var i = kept - 1, j = y.count - 1, k = x.count - 1
                    while j >= 0 {
                        if i >= 0, Finding.precedes(y, j, UnsafeBufferPointer(x), i) {
                            x.swapAt(k, i)
                            xr.swapAt(k, i)
                            i -= 1
                        } else {
                            x[k] = y[j]
                            xr[k] = br[j]
                            j -= 1
                        }
                        k -= 1
                    }
                }
            }
        }
        return true
    }

    /// The parts of the endpoints that changed: all of them when endpoints were added, removed,
    /// moved or renamed (`changedEndpoints` nil), none when none changed.
    static func endpointParts(_ old: [Endpoint], _ new: [Endpoint], _ changedEndpoints: [Int]?) -> DesignSections {
        guard let changedEndpoints else { return .anyEndpoint }
        guard !changedEndpoints.isEmpty else { return [] }
        var parts: DesignSections = .endpoints
        for e in changedEndpoints {
            if old[e].request != new[e].request || old[e].responses != new[e].responses { parts.insert(.endpointExamples) }
            if old[e].service != new[e].service { parts.insert(.endpointOwners) }
        }
        return parts
    }

    /// Where each stored field of `Endpoint` lies (offset and size): its bytes without padding.
    static let endpointFields: [(offset: Int, size: Int)] = {
        func field<T>(_ path: KeyPath<Endpoint, T>) -> (offset: Int, size: Int) {
            (MemoryLayout<Endpoint>.offset(of: path)!, MemoryLayout<T>.size)
        }
        return [field(\.method), field(\.path), field(\.service), field(\.summary), field(\.description), field(\.auth),
                field(\.scopes), field(\.rateLimit), field(\.idempotent), field(\.deprecated), field(\.tags), field(\.params),
                field(\.request), field(\.responses), field(\.extensions)]
    }()

    /// Whether two endpoints hold the same bits in every field (`endpointFields`): then they are
    /// equal. False says nothing.
    static func sameFieldBits(_ a: UnsafePointer<Endpoint>, _ b: UnsafePointer<Endpoint>) -> Bool {
        let x = UnsafeRawPointer(a), y = UnsafeRawPointer(b)
        for field in endpointFields where memcmp(x + field.offset, y + field.offset, field.size) != 0 { return false }
        return true
    }

    /// The positions of the endpoints that changed, when they all changed in place: the same
    /// number of endpoints, each changed one with its method and path (its name) kept. Nil
    /// otherwise (an endpoint added, removed, moved or renamed).
    static func changedInPlace(_ old: [Endpoint], _ new: [Endpoint]) -> [Int]? {
        guard old.count == new.count else { return nil }
        // Compared in place: binding an element would copy every field of it.
        return old.withUnsafeBufferPointer { a in
            new.withUnsafeBufferPointer { b -> [Int]? in
                guard let x = a.baseAddress, let y = b.baseAddress, x != y else { return [] }
                var changed: [Int] = []
                // An endpoint the edit did not touch is a copy of the same bits (same strings, same
                // array buffers): equal without comparing its fields, which copies them. The bits are
                // compared field by field: a copy of the array (copy on write) copies fields, not the
                // padding between them.
                for e in a.indices where !IncrementalValidator.sameFieldBits(x + e, y + e) && !((x + e).pointee == (y + e).pointee) {
                    guard (x + e).pointee.method == (y + e).pointee.method, (x + e).pointee.path == (y + e).pointee.path else { return nil }
                    changed.append(e)
                }
                return changed
            }
        }
    }
}
