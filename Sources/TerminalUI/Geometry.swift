/// A cell position on screen: column `x`, row `y`, both zero-based.
package struct Position: Hashable, Sendable, CustomStringConvertible {
    package var x: Int
    package var y: Int

    package init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }

    package var description: String { "(\(x),\(y))" }
}

/// A size in terminal cells.
package struct Size: Hashable, Sendable, CustomStringConvertible {
    package var width: Int
    package var height: Int

    package init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
    }

    package var description: String { "\(width)x\(height)" }
}

/// A rectangle of cells. Widths and heights never go negative, so a widget
/// handed a rect that was shrunk past zero simply draws nothing.
package struct Rect: Hashable, Sendable, CustomStringConvertible {
    package var x: Int
    package var y: Int
    package var width: Int
    package var height: Int

    package init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    package init(size: Size) {
        self.init(x: 0, y: 0, width: size.width, height: size.height)
    }

    package static let zero = Rect(x: 0, y: 0, width: 0, height: 0)

    package var left: Int { x }
    package var top: Int { y }
    /// One past the last column.
    package var right: Int { x + width }
    /// One past the last row.
    package var bottom: Int { y + height }
    package var isEmpty: Bool { width == 0 || height == 0 }
    package var size: Size { Size(width: width, height: height) }
    package var area: Int { width * height }

    package func contains(_ p: Position) -> Bool {
        p.x >= x && p.x < right && p.y >= y && p.y < bottom
    }

    package func intersection(_ other: Rect) -> Rect {
        let l = max(x, other.x), t = max(y, other.y)
        let r = min(right, other.right), b = min(bottom, other.bottom)
        guard r > l, b > t else { return Rect(x: l, y: t, width: 0, height: 0) }
        return Rect(x: l, y: t, width: r - l, height: b - t)
    }

    /// Shrinks every side by the given margins (clamped at zero size).
    package func inset(top: Int = 0, left: Int = 0, bottom: Int = 0, right: Int = 0) -> Rect {
        Rect(x: x + left, y: y + top,
             width: width - left - right, height: height - top - bottom)
    }

    package func inset(by n: Int) -> Rect { inset(top: n, left: n, bottom: n, right: n) }

    /// A rect of the given size centred in this one (clamped to fit), as a
    /// popup wants.
    package func centered(width w: Int, height h: Int) -> Rect {
        let cw = min(w, width), ch = min(h, height)
        return Rect(x: x + (width - cw) / 2, y: y + (height - ch) / 2, width: cw, height: ch)
    }

    /// The single row at `offset` from the top, or an empty rect past the end.
    package func row(_ offset: Int) -> Rect {
        guard offset >= 0, offset < height else { return Rect(x: x, y: y + offset, width: width, height: 0) }
        return Rect(x: x, y: y + offset, width: width, height: 1)
    }

    package var description: String { "Rect(\(x),\(y) \(width)x\(height))" }
}
