import DesignModel

/// One problem a rule found: which rule, how bad, what it says, which element it is about and,
/// when the design came from a file, where that element stands.
package struct Finding: Equatable, Sendable, CustomStringConvertible {
    package var ruleID: String
    package var severity: Severity
    package var message: String
    /// The element the finding is about (`KIND:NAME`); nil for the design as a whole.
    package var element: ElementRef?
    /// Line and column of the element in its file; nil for a model built in memory.
    package var location: SourceLocation?

    package init(ruleID: String, severity: Severity, message: String, element: ElementRef? = nil,
                location: SourceLocation? = nil) {
        self.ruleID = ruleID
        self.severity = severity
        self.message = message
        self.element = element
        self.location = location
    }

    /// `line:col: severity: message [rule-id]`, the text form without a file name.
    package var description: String {
        let place = location.map { "\($0.line):\($0.column): " } ?? ""
        return "\(place)\(severity.rawValue): \(message) [\(ruleID)]"
    }

    /// Whether `findings` are in report order (none precedes the one before it), read in place:
    /// zipping the list with itself copies every finding twice.
    package static func isInReportOrder(_ findings: [Finding]) -> Bool {
        findings.withUnsafeBufferPointer { b in
            b.count < 2 || (1..<b.count).allSatisfy { !precedes(b, $0, $0 - 1) }
        }
    }

    /// `a == b`, with the findings compared in place: Array's `==` copies each pair it compares.
    package static func sameList(_ a: [Finding], _ b: [Finding]) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in
                x.baseAddress == y.baseAddress || x.indices.allSatisfy { x[$0] == y[$0] }
            }
        }
    }

    /// `reportOrder` for two findings of a buffer, read in place instead of copied.
    static func precedes(_ f: UnsafeBufferPointer<Finding>, _ i: Int, _ j: Int) -> Bool { precedes(f, i, f, j) }

    static func precedes(_ f: UnsafeBufferPointer<Finding>, _ i: Int, _ g: UnsafeBufferPointer<Finding>, _ j: Int) -> Bool {
        if f[i].severity != g[j].severity { return f[i].severity > g[j].severity }
        let x = f[i].location, y = g[j].location
        if x != y {
            guard let x else { return false }
            guard let y else { return true }
            return (x.line, x.column) < (y.line, y.column)
        }
        if f[i].element != g[j].element {
            guard let a = f[i].element else { return true }
            guard let b = g[j].element else { return false }
            return a.kind != b.kind ? a.kind.rawValue < b.kind.rawValue : a.name < b.name
        }
        if f[i].ruleID != g[j].ruleID { return f[i].ruleID < g[j].ruleID }
        return f[i].message < g[j].message
    }

    /// Severity and place packed into one integer, so that most comparisons are one integer compare.
    static func primaryKey(_ finding: Finding) -> UInt64 {
        primaryKey(severity: finding.severity, location: finding.location)
    }

    /// `primaryKey` of the finding at `i`, read in place.
    static func primaryKey(_ findings: UnsafeBufferPointer<Finding>, _ i: Int) -> UInt64 {
        primaryKey(severity: findings[i].severity, location: findings[i].location)
    }

    private static func primaryKey(severity: Severity, location: SourceLocation?) -> UInt64 {
        let rank: UInt64 = switch severity {
        case .error: 0
        case .warning: 1
        case .info: 2
        }
        guard let location else { return rank << 62 | (UInt64(1) << 62 - 1) }
        let line = UInt64(min(max(location.line, 0), 1 << 40 - 1)), column = UInt64(min(max(location.column, 0), 1 << 21 - 1))
        return rank << 62 | line << 21 | column
    }

    /// Sorts findings into report order, moving each finding once.
    static func sortedForReport(_ findings: [Finding]) -> [Finding] {
        reportOrderPositions(findings).map { findings[$0] }
    }

    /// The positions of `findings` in report order.
    static func reportOrderPositions(_ findings: [Finding]) -> [Int] {
        let keys = findings.withUnsafeBufferPointer { buffer in buffer.indices.map { primaryKey(buffer, $0) } }
        return findings.withUnsafeBufferPointer { buffer in
            findings.indices.sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : precedes(buffer, $0, $1) }
        }
    }

    /// Findings in any order, with the positions that put them in report order and each one's
    /// `primaryKey` in that order: what `merged` reads, so that each finding is copied once.
    struct SortedPart: Sendable {
        var findings: [Finding]
        var order: [Int]
        var keys: [UInt64]

        init(_ findings: [Finding]) {
            self.findings = findings
            let order = Finding.reportOrderPositions(findings)
            self.order = order
            keys = findings.withUnsafeBufferPointer { buffer in order.map { Finding.primaryKey(buffer, $0) } }
        }
    }

    /// The findings of all `parts` in report order, each moved once into the result (merging
    /// them pairwise copied each finding once a round; copying retains its strings, and they
    /// are released again with the parts). The findings are first moved, part after part, into
    /// one buffer that the merge reads in place; a linear scan of the parts' heads picks the
    /// next: the parts are few, and most comparisons are of their integer keys. The parts are
    /// left holding empty findings.
    static func merged(_ parts: inout [SortedPart]) -> [Finding] {
        let total = parts.reduce(0) { $0 + $1.findings.count }
        let all = UnsafeMutableBufferPointer<Finding>.allocate(capacity: max(total, 1))
        defer { all.deallocate() }
        // Per part, where its findings start in `all`; the parts' orders (as positions in `all`)
        // and keys, end to end.
        var starts: [Int] = [], order: [Int] = [], keys: [UInt64] = []
        order.reserveCapacity(total)
        keys.reserveCapacity(total)
        for p in parts.indices {
            let start = starts.last.map { $0 + parts[p - 1].findings.count } ?? 0
            starts.append(start)
            for position in parts[p].order { order.append(start + position) }
            keys.append(contentsOf: parts[p].keys)
            parts[p].findings.withUnsafeMutableBufferPointer { part in
                guard let base = part.baseAddress else { return }
                (all.baseAddress! + start).moveInitialize(from: base, count: part.count)
                // The part still counts its findings: empty ones, with nothing to release, take their places.
                base.initialize(repeating: Finding(ruleID: "", severity: .info, message: ""), count: part.count)
            }
        }
        let ends = parts.indices.map { starts[$0] + parts[$0].findings.count }
        var heads = starts
        var result: [Finding] = []
        result.reserveCapacity(total)
        let read = UnsafeBufferPointer(all)
        while true {
            var best = -1
            for p in heads.indices where heads[p] < ends[p] {
                guard best >= 0 else { best = p; continue }
                let key = keys[heads[p]], bestKey = keys[heads[best]]
                if key < bestKey || (key == bestKey && precedes(read, order[heads[p]], read, order[heads[best]])) { best = p }
            }
            guard best >= 0 else { return result }
            result.append((all.baseAddress! + order[heads[best]]).move())
            heads[best] += 1
        }
    }

    /// Merges two lists already in report order.
    static func mergedForReport(_ a: [Finding], _ b: [Finding]) -> [Finding] {
        if a.isEmpty { return b }
        if b.isEmpty { return a }
        var result: [Finding] = []
        result.reserveCapacity(a.count + b.count)
        a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in
                var i = 0, j = 0
                while i < x.count, j < y.count {
                    if precedes(y, j, x, i) { result.append(y[j]); j += 1 } else { result.append(x[i]); i += 1 }
                }
                result.append(contentsOf: x[i...])
                result.append(contentsOf: y[j...])
            }
        }
        return result
    }

    /// The deterministic order of a report: most severe first, then by place in the file
    /// (findings without a place last), then element, rule id and message.
    package static func reportOrder(_ a: Finding, _ b: Finding) -> Bool {
        if a.severity != b.severity { return a.severity > b.severity }
        switch (a.location, b.location) {
        case let (x?, y?) where x != y: return (x.line, x.column) < (y.line, y.column)
        case (.some, nil): return true
        case (nil, .some): return false
        default: break
        }
        switch (a.element, b.element) {
        case let (x?, y?) where x != y:
            return x.kind != y.kind ? x.kind.rawValue < y.kind.rawValue : x.name < y.name
        case (nil, .some): return true
        case (.some, nil): return false
        default: break
        }
        if a.ruleID != b.ruleID { return a.ruleID < b.ruleID }
        return a.message < b.message
    }
}

/// What a rule reports before the validator gives it a severity and a place: the rule's own
/// severity applies unless the design's validation settings override it.
package struct Issue: Equatable, Sendable {
    package var element: ElementRef?
    package var message: String
    package init(_ element: ElementRef?, _ message: String) {
        self.element = element
        self.message = message
    }
}
