/// fzf-style subsequence matching for the quick jump: every query character must appear in
/// order; runs of consecutive characters and matches at word starts score higher, and
/// shorter names win ties.
package enum FuzzyMatch {
    /// A score, or nil when `query` is not a subsequence of `text`.
    package static func score(_ query: String, _ text: String) -> Int? {
        let q = Array(query.lowercased().filter { $0 != " " })
        guard !q.isEmpty else { return 0 }
        let t = Array(text.lowercased())
        var score = 0
        var qi = 0
        var previousMatch = -2
        for (ti, ch) in t.enumerated() where qi < q.count {
            guard ch == q[qi] else { continue }
            score += 1
            if ti == previousMatch + 1 { score += 5 }
            if ti == 0 || !(t[ti - 1].isLetter || t[ti - 1].isNumber) { score += 3 }
            previousMatch = ti
            qi += 1
        }
        guard qi == q.count else { return nil }
        return score * 100 - t.count
    }

    /// Targets that match, best first; at most `limit`.
    package static func rank(_ query: String, in targets: [JumpTarget], limit: Int = 200) -> [JumpTarget] {
        if query.isEmpty { return Array(targets.prefix(limit)) }
        var scored: [(Int, Int)] = []
        for (i, target) in targets.enumerated() {
            if let s = score(query, target.label) { scored.append((s, i)) }
        }
        scored.sort { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
        return scored.prefix(limit).map { targets[$0.1] }
    }
}
