/// How much of a split one segment asks for.
package enum Constraint: Hashable, Sendable {
    /// Exactly n cells (shrinks only when the space runs out).
    case length(Int)
    /// A share of the whole, 0...100.
    case percentage(Int)
    /// At least n cells; grows like `fill(1)` when space is left.
    case min(Int)
    /// At most n cells; grows like `fill(1)` up to n.
    case max(Int)
    /// A weighted share of whatever is left after the fixed segments.
    case fill(Int)
    /// numerator/denominator of the whole.
    case ratio(Int, Int)
}

package enum Direction: Hashable, Sendable {
    case horizontal
    case vertical
}

/// Splits a rect into adjacent segments, like ratatui's `Layout`: fixed
/// sizes first, then leftover space shared by `fill`/`min`/`max` weights.
/// Segments always tile the rect exactly (minus spacing) so panes never
/// overlap or leave gaps at odd terminal sizes.
package struct Layout: Hashable, Sendable {
    package var direction: Direction
    package var constraints: [Constraint]
    /// Cells left empty between segments.
    package var spacing: Int
    package var margin: Int

    package init(_ direction: Direction, _ constraints: [Constraint], spacing: Int = 0, margin: Int = 0) {
        self.direction = direction
        self.constraints = constraints
        self.spacing = Swift.max(0, spacing)
        self.margin = Swift.max(0, margin)
    }

    package static func horizontal(_ constraints: [Constraint], spacing: Int = 0) -> Layout {
        Layout(.horizontal, constraints, spacing: spacing)
    }

    package static func vertical(_ constraints: [Constraint], spacing: Int = 0) -> Layout {
        Layout(.vertical, constraints, spacing: spacing)
    }

    package func split(_ rect: Rect) -> [Rect] {
        let area = rect.inset(by: margin)
        let total = direction == .horizontal ? area.width : area.height
        let lengths = Layout.lengths(for: constraints, total: total, spacing: spacing)
        var rects: [Rect] = []
        var offset = 0
        for len in lengths {
            switch direction {
            case .horizontal:
                rects.append(Rect(x: area.x + offset, y: area.y, width: len, height: area.height))
            case .vertical:
                rects.append(Rect(x: area.x, y: area.y + offset, width: area.width, height: len))
            }
            offset += len + spacing
        }
        return rects
    }

    /// The length of each segment for `total` cells.
    package static func lengths(for constraints: [Constraint], total: Int, spacing: Int = 0) -> [Int] {
        let n = constraints.count
        guard n > 0 else { return [] }
        let available = Swift.max(0, total - spacing * (n - 1))
        var lengths = [Int](repeating: 0, count: n)
        var weights = [Int](repeating: 0, count: n)
        var caps = [Int?](repeating: nil, count: n)
        for (i, c) in constraints.enumerated() {
            switch c {
            case .length(let l): lengths[i] = Swift.max(0, l)
            case .percentage(let p): lengths[i] = available * Swift.min(100, Swift.max(0, p)) / 100
            case .ratio(let a, let b): lengths[i] = b > 0 ? available * Swift.max(0, a) / b : 0
            case .min(let m): lengths[i] = Swift.max(0, m); weights[i] = 1
            case .max(let m): weights[i] = 1; caps[i] = Swift.max(0, m)
            case .fill(let w): weights[i] = Swift.max(0, w)
            }
        }
        var used = lengths.reduce(0, +)
        if used > available {
            // Not enough room: take space back from the last segments first,
            // so the leftmost / topmost panes (the list) keep their size.
            var excess = used - available
            for i in stride(from: n - 1, through: 0, by: -1) where excess > 0 {
                let take = Swift.min(lengths[i], excess)
                lengths[i] -= take
                excess -= take
            }
            return lengths
        }
        // Share leftover space among weighted segments, respecting caps.
        var leftover = available - used
        var active = (0..<n).filter { weights[$0] > 0 }
        while leftover > 0 && !active.isEmpty {
            let weightSum = active.reduce(0) { $0 + weights[$1] }
            var shares = active.map { leftover * weights[$0] / weightSum }
            // Hand out the rounding remainder one cell at a time, first come.
            var rest = leftover - shares.reduce(0, +)
            for k in shares.indices where rest > 0 { shares[k] += 1; rest -= 1 }
            var capped: [Int] = []
            var given = 0
            for (k, i) in active.enumerated() {
                var share = shares[k]
                if let cap = caps[i] {
                    share = Swift.min(share, cap - lengths[i])
                    if lengths[i] + share >= cap { capped.append(i) }
                }
                lengths[i] += share
                given += share
            }
            leftover -= given
            if capped.isEmpty { break }
            active.removeAll { capped.contains($0) }
        }
        used = lengths.reduce(0, +)
        // Percentages and ratios may round down and leave a cell or two; give
        // them to the last segment so the split covers the whole rect.
        if used < available, !weights.contains(where: { $0 > 0 }), leftover > 0 {
            lengths[n - 1] += available - used
        }
        return lengths
    }
}
