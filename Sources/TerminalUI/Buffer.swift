/// One screen cell. A wide character (CJK, emoji) lives in its first cell
/// with `width == 2`; the cell to its right is a continuation (`width == 0`,
/// empty symbol) so that every later column keeps its index.
package struct Cell: Hashable, Sendable {
    package var symbol: String
    package var width: Int
    package var style: Style

    package init(_ symbol: String, width: Int? = nil, style: Style = .plain) {
        self.symbol = symbol
        self.width = width ?? symbol.displayWidth
        self.style = style
    }

    package var role: StyleRole { style.role }
    package var isContinuation: Bool { width == 0 }

    package static let blank = Cell(" ", width: 1, style: .plain)
    static func continuation(_ style: Style) -> Cell { Cell("", width: 0, style: style) }
}

/// A changed cell found by `Buffer.diff(from:)`.
package struct CellChange: Hashable, Sendable {
    package var x: Int
    package var y: Int
    package var cell: Cell
}

/// The frame being drawn: a width×height grid of cells. Widgets render into
/// a rect of it; the terminal compares it with the previous frame and writes
/// only what changed.
package struct Buffer: Hashable, Sendable {
    package private(set) var width: Int
    package private(set) var height: Int
    package private(set) var cells: [Cell]

    package init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = Array(repeating: fill, count: self.width * self.height)
    }

    package init(size: Size) { self.init(width: size.width, height: size.height) }

    package var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }
    package var size: Size { Size(width: width, height: height) }

    package subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { put(newValue, x: x, y: y) }
    }

    /// Moves the rows in `rows` by `distance` within them, as a terminal scrolls a region: row
    /// `y` gets row `y + distance`; the rows that come in are blank.
    package mutating func scroll(_ rows: ClosedRange<Int>, by distance: Int) {
        guard rows.lowerBound >= 0, rows.upperBound < height else { return }
        let old = cells
        for y in rows {
            let source = y + distance
            for x in 0..<width { cells[y * width + x] = rows.contains(source) ? old[source * width + x] : .blank }
        }
    }

    /// How many cells of row `y` differ from those of row `other` of `buffer` (as wide).
    package func differences(row y: Int, from other: Int, of buffer: Buffer) -> Int {
        var count = 0
        for x in 0..<min(width, buffer.width) where cells[y * width + x] != buffer.cells[other * buffer.width + x] { count += 1 }
        return count + abs(width - buffer.width)
    }

    /// Fills `rect` with spaces in `style` (used to clear under a popup, or
    /// to paint a selection bar's background).
    package mutating func fill(_ rect: Rect, style: Style = .plain, symbol: Character = " ") {
        let r = rect.intersection(area)
        guard !r.isEmpty else { return }
        for y in r.top..<r.bottom {
            for x in r.left..<r.right { put(Cell(String(symbol), width: 1, style: style), x: x, y: y) }
        }
    }

    /// Re-styles cells in `rect` without touching their text.
    package mutating func setStyle(_ rect: Rect, style: Style) {
        let r = rect.intersection(area)
        guard !r.isEmpty else { return }
        for y in r.top..<r.bottom {
            for x in r.left..<r.right { cells[y * width + x].style = style }
        }
    }

    /// Writes `text` starting at (x, y), never past `clip` (defaults to the
    /// whole buffer) nor past `maxWidth` columns. Returns the column after the
    /// last written cell. Control characters are shown in their visible
    /// form (`\x1b`, `\n`; see `ControlCharacters`), one cell per character
    /// of it, so a stray byte can never move the terminal's cursor.
    @discardableResult
    package mutating func write(_ text: String, x: Int, y: Int, style: Style = .plain,
                               clip: Rect? = nil, maxWidth: Int? = nil) -> Int {
        let bounds = (clip ?? area).intersection(area)
        guard y >= bounds.top, y < bounds.bottom else { return x }
        var limit = bounds.right
        if let maxWidth { limit = min(limit, x + max(0, maxWidth)) }
        var col = x
        // A ZWJ sequence is drawn as its pieces, as `DisplayWidth` measures it.
        let pieces = ControlCharacters.escaped(text).lazy.flatMap { DisplayWidth.drawnPieces(of: $0) ?? [$0] }
        for ch in pieces {
            let w = DisplayWidth.of(ch)
            if w == 0 { continue }
            if col + w > limit {
                // Half a wide character would misalign the rest of the row;
                // pad the last column instead.
                if w == 2, col < limit, col >= bounds.left { put(Cell(" ", width: 1, style: style), x: col, y: y); col += 1 }
                break
            }
            if col >= bounds.left {
                put(Cell(String(ch), width: w, style: style), x: col, y: y)
            } else if col + w > bounds.left {
                // Wide char cut by the left edge: pad its visible half.
                put(Cell(" ", width: 1, style: style), x: bounds.left, y: y)
            }
            col += w
        }
        return col
    }

    @discardableResult
    package mutating func write(_ span: Span, x: Int, y: Int, clip: Rect? = nil, maxWidth: Int? = nil) -> Int {
        write(span.content, x: x, y: y, style: span.style, clip: clip, maxWidth: maxWidth)
    }

    /// Writes a styled line; returns the column after it.
    @discardableResult
    package mutating func write(_ line: Line, x: Int, y: Int, clip: Rect? = nil, maxWidth: Int? = nil) -> Int {
        var col = x
        let end = maxWidth.map { x + $0 }
        for span in line.spans {
            let remaining = end.map { max(0, $0 - col) }
            if remaining == 0 { break }
            col = write(span, x: col, y: y, clip: clip, maxWidth: remaining)
        }
        return col
    }

    /// Places one cell, repairing any wide character it overlaps so the row
    /// never holds an orphaned half.
    mutating func put(_ cell: Cell, x: Int, y: Int) {
        guard x >= 0, x < width, y >= 0, y < height else { return }
        let i = y * width + x
        let old = cells[i]
        if old.isContinuation, x > 0, cells[i - 1].width == 2 {
            cells[i - 1] = Cell(" ", width: 1, style: cells[i - 1].style)
        }
        if old.width == 2, x + 1 < width, cells[i + 1].isContinuation, !(cell.width == 2) {
            cells[i + 1] = Cell(" ", width: 1, style: old.style)
        }
        if cell.width == 2 {
            guard x + 1 < width else {
                cells[i] = Cell(" ", width: 1, style: cell.style)
                return
            }
            let next = cells[i + 1]
            if next.width == 2, x + 2 < width, cells[i + 2].isContinuation {
                cells[i + 2] = Cell(" ", width: 1, style: next.style)
            }
            cells[i] = cell
            cells[i + 1] = .continuation(cell.style)
        } else {
            cells[i] = cell
        }
    }

    /// Copies `other` into this buffer with its top-left at `origin`.
    package mutating func blit(_ other: Buffer, at origin: Position) {
        for y in 0..<other.height {
            for x in 0..<other.width {
                let c = other[x, y]
                if c.isContinuation { continue }
                put(c, x: origin.x + x, y: origin.y + y)
            }
        }
    }

    /// Rows as plain text, continuation cells skipped, so a test can compare
    /// the screen with what a person would see.
    package func lines() -> [String] {
        (0..<height).map { y in
            var s = ""
            for x in 0..<width {
                let c = cells[y * width + x]
                if !c.isContinuation { s += c.symbol }
            }
            return s
        }
    }

    package var text: String { lines().joined(separator: "\n") }

    /// One character per column naming each cell's role, for tests that
    /// assert where styles land (see `StyleRole.code`).
    package func roleLine(_ y: Int) -> String {
        String((0..<width).map { cells[y * width + $0].role.code })
    }

    /// Cells that differ from `previous`. A size change repaints everything,
    /// as the terminal's notion of the old frame is gone after a resize.
    /// A changed continuation cell is reported through its wide head, since a
    /// terminal can only write the character as a whole.
    package func diff(from previous: Buffer?) -> [CellChange] {
        var changes: [CellChange] = []
        guard let previous, previous.width == width, previous.height == height else {
            changes.reserveCapacity(cells.count)
            for y in 0..<height {
                for x in 0..<width where !cells[y * width + x].isContinuation {
                    changes.append(CellChange(x: x, y: y, cell: cells[y * width + x]))
                }
            }
            return changes
        }
        for y in 0..<height {
            var x = 0
            while x < width {
                let i = y * width + x
                let cell = cells[i]
                if cell.width == 2 {
                    if cell != previous.cells[i] || (x + 1 < width && cells[i + 1] != previous.cells[i + 1]) {
                        changes.append(CellChange(x: x, y: y, cell: cell))
                    }
                    x += 2
                    continue
                }
                if cell.isContinuation {
                    x += 1
                    continue
                }
                if cell != previous.cells[i] {
                    changes.append(CellChange(x: x, y: y, cell: cell))
                }
                x += 1
            }
        }
        return changes
    }
}

extension StyleRole {
    /// A one-character code per role for `Buffer.roleLine`.
    package var code: Character {
        switch self {
        case .text: return "."
        case .muted: return "m"
        case .accent: return "a"
        case .selection: return "S"
        case .error: return "E"
        case .warning: return "W"
        case .info: return "I"
        case .success: return "K"
        case .border: return "b"
        case .focusBorder: return "B"
        case .title: return "T"
        case .header: return "H"
        case .statusBar: return "s"
        case .activeTab: return "A"
        case .input: return "i"
        }
    }
}
