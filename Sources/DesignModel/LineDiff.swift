/// A line-by-line comparison of two texts, for showing what a recovery journal would change:
/// the workbench draws the lines, `archbench recover --show-diff` prints them where there is no
/// `diff` program. The edit script comes from the standard library's `CollectionDifference`.
package struct LineDiff: Sendable, Equatable {
    package enum Kind: Sendable, Equatable {
        case same, removed, added
    }

    package struct Line: Sendable, Equatable {
        package var kind: Kind
        package var text: String
    }

    /// Every line of both texts in order: kept, removed from the old text, added by the new one.
    package let lines: [Line]

    package init(old: String, new: String) {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let difference = b.difference(from: a)
        var removed = Set<Int>(), inserted = Set<Int>()
        for change in difference {
            switch change {
            case let .remove(offset, _, _): removed.insert(offset)
            case let .insert(offset, _, _): inserted.insert(offset)
            }
        }
        var lines: [Line] = []
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, removed.contains(i) {
                lines.append(Line(kind: .removed, text: a[i]))
                i += 1
            } else if j < b.count, inserted.contains(j) {
                lines.append(Line(kind: .added, text: b[j]))
                j += 1
            } else {
                lines.append(Line(kind: .same, text: i < a.count ? a[i] : b[j]))
                i += 1
                j += 1
            }
        }
        self.lines = lines
    }

    package var isEmpty: Bool { !lines.contains { $0.kind != .same } }
    package var addedCount: Int { lines.count { $0.kind == .added } }
    package var removedCount: Int { lines.count { $0.kind == .removed } }

    /// The changed lines with `context` unchanged lines around each run of changes; runs of
    /// unchanged lines in between become one `nil` (drawn as "…" or a hunk break).
    package func excerpt(context: Int = 3) -> [Line?] {
        let changed = lines.indices.filter { lines[$0].kind != .same }
        guard !changed.isEmpty else { return [] }
        var keep = Set<Int>()
        for index in changed {
            for near in max(0, index - context)...min(lines.count - 1, index + context) { keep.insert(near) }
        }
        var out: [Line?] = []
        var previous = -1
        for index in keep.sorted() {
            if index != previous + 1 { out.append(nil) }
            out.append(lines[index])
            previous = index
        }
        if previous != lines.count - 1 { out.append(nil) }
        return out
    }

    /// The text in the shape of `diff -u` without line numbers in the hunk headers.
    package func unifiedText(labels: (old: String, new: String), context: Int = 3) -> String {
        var out = "--- \(labels.old)\n+++ \(labels.new)\n"
        for line in excerpt(context: context) {
            guard let line else {
                out += "@@\n"
                continue
            }
            switch line.kind {
            case .same: out += " \(line.text)\n"
            case .removed: out += "-\(line.text)\n"
            case .added: out += "+\(line.text)\n"
            }
        }
        return out
    }
}
