import DesignModel
import Dispatch
import Foundation
import Synchronization

/// Runs the rules over a design, applies the design's validation settings (disable, severity
/// overrides, ignore entries) and returns findings in a deterministic order.
package struct Validator: Sendable {
    /// Every rule, grouped by category in the order `archbench rules` lists them.
    package static let allRules: [any Rule] =
        APIRules.all + SecurityRules.all + DatabaseRules.all + ArchitectureRules.all + FlowRules.all + ScalingRules.all
        + DocRules.all + ReferenceRules.all

    package static let knownRuleIDs: Set<String> = Set(allRules.map(\.id))

    package static func rule(id: String) -> (any Rule)? { allRules.first { $0.id == id } }

    /// The response statuses a rule asks an endpoint to declare (`api-not-found-response`: 404),
    /// so an editor can propose the one a finding asks for; empty for other rules.
    package static func statusesAsked(byRule id: String) -> [Int] {
        (rule(id: id) as? any APIRules.ExpectedStatus)?.statuses ?? []
    }

    static let unusedIgnoreID = ReferenceRules.UnusedIgnore().id

    package var rules: [any Rule]

    package init(rules: [any Rule] = Validator.allRules) {
        self.rules = rules
    }

    /// All findings for a design, most severe first. With a source map, findings carry the line and
    /// column of their element.
    package func validate(_ design: Design, sourceMap: SourceMap? = nil) -> [Finding] {
        report(design, sourceMap: sourceMap).findings
    }

    package func report(_ design: Design, sourceMap: SourceMap? = nil) -> ValidationReport {
        // Four parts a core: a core that finishes its part early takes the next, so no core waits
        // for another's slow rules (the weights in `splitPoints` are only a guess).
        report(design, sourceMap: sourceMap, parts: 4 * ProcessInfo.processInfo.activeProcessorCount)
    }

    /// `report(_:sourceMap:)` with the rules run in at most `parts` parts at once; the findings do
    /// not depend on it.
    func report(_ design: Design, sourceMap: SourceMap?, parts: Int) -> ValidationReport {
        let context = RuleContext(design: design)
        let rules = rules
        let report = Validator.report(design, rules: rules, sourceMap: sourceMap, parts: parts) { rules[$0].check(context) }
        releaseInBackground([context])
        return report
    }

    /// The findings of `rules` on `design` with its validation settings applied, where `issues(r)`
    /// gives the issues of `rules[r]` (called once for each rule that is not disabled, from
    /// several threads at once): the one place settings, places and order are worked out, for the
    /// full run and the incremental one alike.
    static func report(_ design: Design, rules: [any Rule], sourceMap: SourceMap?, parts: Int,
                       issues: @Sendable (Int) -> [Issue]) -> ValidationReport {
        ValidationReport(findings: findings(design, rules: rules, sourceMap: sourceMap, parts: parts, issues: issues).findings)
    }

    /// `report`'s findings, and besides them the rules' findings alone (without the meta rule's)
    /// and which ignore entries each part used, for an incremental run to start from.
    static func findings(_ design: Design, rules: [any Rule], sourceMap: SourceMap?, parts: Int,
                         issues: @Sendable (Int) -> [Issue]) -> (findings: [Finding], ruleFindings: [Finding], used: [Bool]) {
        let settings = Settings(design.validation, sourceMap: sourceMap)
        // The rules run in parts of about equal weight, one per active core; each part keeps its
        // rules' order and the parts are merged in report order, so the result depends neither on
        // scheduling nor on the number of parts.
        let activePositions = rules.indices.filter { !settings.disabled.contains(rules[$0].id) }
        let active = activePositions.map { rules[$0] }
        let cuts = Validator.splitPoints(active, parts: parts)
        let ruleParts = zip([0] + cuts, cuts + [active.count]).map { Array(activePositions[$0..<$1]) }
        // One slot per part; each part fills only its own.
        let results = Mutex([(part: Finding.SortedPart, used: [Bool])?](repeating: nil, count: ruleParts.count))
        DispatchQueue.concurrentPerform(iterations: ruleParts.count) { h in
            var findings: [Finding] = []
            var used = [Bool](repeating: false, count: settings.ignoreCount)
            for r in ruleParts[h] {
                settings.add(issues(r), of: rules[r], to: &findings, used: &used)
            }
            let result = (part: Finding.SortedPart(findings), used: used)
            results.withLock { $0[h] = result }
        }
        var parts: [Finding.SortedPart] = []
        var used = [Bool](repeating: false, count: settings.ignoreCount)
        // Taken out of the lock, so that each part's findings are held once and `merged` can
        // move them instead of copying.
        var collected = results.withLock { slots in
            let taken = slots
            slots = []
            return taken
        }
        for h in collected.indices {
            guard let result = collected[h].take() else { continue }
            for i in result.used.indices where result.used[i] { used[i] = true }
            parts.append(result.part)
        }
        let ruleFindings = Finding.merged(&parts)
        let findings = Finding.mergedForReport(ruleFindings, settings.unusedIgnoreFindings(rules: rules, used: used))
        return (findings, ruleFindings, used)
    }

    /// The design's validation settings, ready to apply to the issues of each rule.
    struct Settings: Sendable {
        let ignore: [IgnoreEntry]
        let disabled: Set<String>
        let overrides: [String: Severity]
        /// Ignore entries by rule; an entry without an element silences the rule everywhere.
        let ignoreTable: [String: [(entry: Int, element: ElementRef?)]]
        let sourceMap: SourceMap?
        var ignoreCount: Int { ignore.count }

        init(_ settings: ValidationSettings, sourceMap: SourceMap?) {
            ignore = settings.ignore
            disabled = Set(settings.disable)
            var severities: [String: Severity] = [:]
            for override in settings.severity { severities[override.rule] = override.severity }
            overrides = severities
            var ignores: [String: [(entry: Int, element: ElementRef?)]] = [:]
            for (i, entry) in settings.ignore.enumerated() {
                let element = entry.element.flatMap { ElementRef(parsing: $0) }
                if entry.element != nil, element == nil { continue }  // malformed: ref-unresolved reports it
                ignores[entry.rule, default: []].append((i, element))
            }
            ignoreTable = ignores
            self.sourceMap = sourceMap
        }

        func locate(_ element: ElementRef?) -> SourceLocation? {
            guard let sourceMap, let element else { return nil }
            if let location = sourceMap.locations[element] { return location }
            if let parts = element.columnParts { return sourceMap.locations[.table(parts.table)] }
            return nil
        }

        /// Appends the findings of `rule`'s issues, with its severity and place, and marks the
        /// ignore entries that silence some of them as used.
        func add(_ issues: consuming [Issue], of rule: any Rule, to findings: inout [Finding], used: inout [Bool]) {
            guard !issues.isEmpty else { return }
            // Asked of the rule once: each finding shares the one string.
            let ruleID = rule.id
            let severity = overrides[ruleID] ?? rule.defaultSeverity
            let ruleIgnores = ignoreTable[ruleID]
            var lastElement: ElementRef?, lastLocation: SourceLocation?
            var issues = issues
            // Each issue's strings are moved into its finding, not copied and then released with
            // the issues: a large design has thousands of findings.
            issues.withUnsafeMutableBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                for i in buffer.indices {
                    let issue = (base + i).move()
                    if let ruleIgnores, let entry = Settings.ignoreEntry(for: issue, in: ruleIgnores) {
                        used[entry] = true
                        continue
                    }
                    // Rules report an element's issues together: look its place up once.
                    if issue.element != lastElement || lastElement == nil {
                        lastElement = issue.element
                        lastLocation = locate(issue.element)
                    }
                    findings.append(Finding(ruleID: ruleID, severity: severity, message: issue.message,
                                            element: issue.element, location: lastLocation))
                }
                // The array still counts the moved-out issues: fill their places with one that
                // holds nothing to release.
                base.initialize(repeating: Issue(nil, ""), count: buffer.count)
            }
        }

        /// The ignore entry (by position) that silences an issue, among a rule's entries.
        static func ignoreEntry(for issue: Issue, in ruleIgnores: [(entry: Int, element: ElementRef?)]) -> Int? {
            ruleIgnores.first(where: { $0.element == nil || $0.element == issue.element })?.entry
        }

        /// Marks the ignore entries that silence some of `rule`'s issues as used, as `add` does.
        func markUsed(by issues: [Issue], of rule: any Rule, used: inout [Bool]) {
            guard let ruleIgnores = ignoreTable[rule.id] else { return }
            for issue in issues {
                if let entry = Settings.ignoreEntry(for: issue, in: ruleIgnores) { used[entry] = true }
            }
        }

        /// `ref-unused-ignore`'s findings, in report order: the ignore entries no finding used.
        func unusedIgnoreFindings(rules: [any Rule], used: [Bool]) -> [Finding] {
            guard !disabled.contains(Validator.unusedIgnoreID), rules.contains(where: { $0.id == Validator.unusedIgnoreID }) else { return [] }
            var meta: [Finding] = []
            let severity = overrides[Validator.unusedIgnoreID] ?? .warning
            let place = ElementRef.section("validation")
            for (i, entry) in ignore.enumerated() where !used[i] {
                var message = "ignore entry for '\(entry.rule)'" + (entry.element.map { " on \($0)" } ?? "") + " matches no finding"
                if disabled.contains(entry.rule) { message += " (the rule is disabled)" }
                meta.append(Finding(ruleID: Validator.unusedIgnoreID, severity: severity, message: message,
                                    element: place, location: locate(place)))
            }
            return Finding.sortedForReport(meta)
        }
    }
}

extension Validator {
    /// Where to cut the rule list into at most `parts` non-empty parts that take about as long:
    /// the API rules, which walk every endpoint, weigh most. Ascending; empty for one part.
    static func splitPoints(_ rules: [any Rule], parts: Int) -> [Int] {
        let parts = min(max(parts, 1), rules.count)
        guard parts > 1 else { return [] }
        let weights = rules.map { rule -> Int in rule.category == .api ? 3 : rule.category == .db || rule.category == .sec ? 2 : 1 }
        let total = weights.reduce(0, +)
        var cuts: [Int] = []
        var sum = 0
        for (i, weight) in weights.enumerated() where cuts.count < parts - 1 {
            sum += weight
            // Cut k (from 1) falls after the rule at which k parts' worth of weight is reached.
            if sum * parts >= (cuts.count + 1) * total, i + 1 < rules.count { cuts.append(i + 1) }
        }
        return cuts
    }
}

/// The findings of one validation run with per-element lookups for the workbench's markers.
package struct ValidationReport: Sendable {
    package let findings: [Finding]
    /// First and last finding of each element (and of each table with its columns), chained
    /// through `next` in report order: one dictionary entry per element, no array per element.
    /// The dictionaries give a chain's position in `chains`.
    private let byElement: [ElementRef: Int32]
    private let byTable: [String: Int32]
    private let chains: [Chain]
    private let nextForElement: [Int32]
    private let nextForTable: [Int32]

    private struct Chain: Sendable {
        var first: Int32
        var last: Int32
    }

    /// `findings` must be in report order (`Finding.reportOrder`).
    package init(findings: [Finding]) {
        self.findings = findings
        var byElement: [ElementRef: Int32] = [:], byTable: [String: Int32] = [:], chains: [Chain] = []
        byTable.reserveCapacity(findings.count / 4)
        byElement.reserveCapacity(findings.count)
        var nextForElement = [Int32](repeating: -1, count: findings.count)
        var nextForTable = [Int32](repeating: -1, count: findings.count)
        // An element's findings of one severity stand together (they share its place): a finding
        // about the element of the one before it extends that chain without hashing anything.
        var previous: (element: ElementRef, chain: Int32, table: Int32)?
        func extend(_ chain: Int32, to position: Int32, next: inout [Int32]) {
            next[Int(chains[Int(chain)].last)] = position
            chains[Int(chain)].last = position
        }
        for i in findings.indices {
            guard let element = findings[i].element else { previous = nil; continue }
            let position = Int32(i)
            if let last = previous, last.element == element {
                extend(last.chain, to: position, next: &nextForElement)
                if last.table >= 0 { extend(last.table, to: position, next: &nextForTable) }
                continue
            }
            // One hash of the element: its chain, or a new one made in its slot.
            let chain = intern(&byElement[element, default: -1], next: Int32(chains.count))
            if chain == chains.count {
                chains.append(Chain(first: position, last: position))
            } else {
                extend(chain, to: position, next: &nextForElement)
            }
            var tableChain: Int32 = -1
            let table: String? = element.kind == .table ? element.name
                : element.kind == .column ? ValidationReport.table(ofColumn: element) : nil
            if let table {
                tableChain = intern(&byTable[table, default: -1], next: Int32(chains.count))
                if tableChain == chains.count {
                    chains.append(Chain(first: position, last: position))
                } else {
                    extend(tableChain, to: position, next: &nextForTable)
                }
            }
            previous = (element, chain, tableChain)
        }
        self.byElement = byElement
        self.byTable = byTable
        self.chains = chains
        self.nextForElement = nextForElement
        self.nextForTable = nextForTable
    }

    /// `element.columnParts?.table` for a column reference, without building the column's name:
    /// the bytes before the last '.' when it and its neighbours are ASCII (then it is the last '.'
    /// character), else `columnParts`.
    static func table(ofColumn element: ElementRef) -> String? {
        let utf8 = element.name.utf8
        guard let dot = utf8.lastIndex(of: UInt8(ascii: ".")) else { return nil }
        let after = utf8.index(after: dot)
        if (after == utf8.endIndex || utf8[after] < 0x80) && (dot == utf8.startIndex || utf8[utf8.index(before: dot)] < 0x80) {
            return String(element.name[..<dot])
        }
        return element.columnParts?.table
    }

    /// Findings about one element, in report order. For a table, `includingColumns` adds its columns' findings.
    package func findings(for element: ElementRef, includingColumns: Bool = false) -> [Finding] {
        var result: [Finding] = []
        var position: Int32
        let next: [Int32]
        if includingColumns, element.kind == .table {
            position = byTable[element.name].map { chains[Int($0)].first } ?? -1
            next = nextForTable
        } else {
            position = byElement[element].map { chains[Int($0)].first } ?? -1
            next = nextForElement
        }
        while position >= 0 {
            result.append(findings[Int(position)])
            position = next[Int(position)]
        }
        return result
    }

    /// The most severe finding's severity for an element, for a marker; nil when it has none.
    package func severity(for element: ElementRef, includingColumns: Bool = false) -> Severity? {
        let chain = includingColumns && element.kind == .table ? byTable[element.name] : byElement[element]
        // Findings are sorted most severe first, so the first of a chain is the most severe.
        return chain.map { findings[Int(chains[Int($0)].first)].severity }
    }

    package func count(of severity: Severity) -> Int { findings.reduce(0) { $0 + ($1.severity == severity ? 1 : 0) } }
    package var hasErrors: Bool { findings.first?.severity == .error }
}
