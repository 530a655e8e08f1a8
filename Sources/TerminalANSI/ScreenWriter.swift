import TerminalUI

/// Turns frames into the bytes an ANSI terminal needs to show them, sending only what changed
/// (the core's `FrameTracker` says which cells) and choosing the cheapest way to do it:
/// - for each run of changed cells, a cursor move (CUP, or relative: CR, LF, RI, CUU/CUD/CUF/CUB,
///   CHA, BS) or rewriting the unchanged cells in between, whichever is shorter;
/// - SGR as a delta from the pen the terminal has (only what changes, in one `ESC[…m`);
/// - runs whose changed cells are of one pen, in the order that looks cheapest to go through
///   (cursor moves and pen changes), so a sparse diagram goes a colour at a time: a column of
///   types in one pen, the sides of a box in another, rather than changing the pen several
///   times along every row;
/// - line-drawing characters through the DEC Special Graphics set, one byte a cell instead of
///   three of UTF-8, where the profile says the terminal has it: designated as G1 once (`ESC)0`),
///   then shifted in and out with SO and SI, a byte each; ASCII from space to `^` looks the same
///   in both sets, so a border with a title in capitals stays in it;
/// - erase to the end of the line (`ESC[K`) for changed trailing blanks when that is shorter;
/// - a run of one character in one pen as the character and REP (`ESC[nb`) where the terminal
///   repeats characters (a border, blanks in a colour), for a character sent as one byte only:
///   tmux repeats nothing after a UTF-8 character;
/// - autowrap off while drawing, so writing the last column leaves the cursor in it rather than
///   waiting to wrap: a pane's right border goes down the last column a line feed a cell;
/// - where rows of the last frame come back a few rows higher or lower (a list or a diagram
///   panned), those rows scrolled in a scroll region (DECSTBM, then line feeds at its bottom or
///   reverse indexes at its top, as a VT100 does), and only what still differs drawn, when that
///   comes out shorter than drawing the frame without;
/// - erase-display only for a frame drawn whole (the first, after a resize, after `invalidate`).
/// The cursor is hidden while drawing. Pure: it knows no file descriptor, so a local tty and an
/// SSH channel write the same bytes.
package struct ScreenWriter: Sendable {
    package let profile: TerminalProfile
    package var theme: Theme {
        didSet {
            adaptedTheme = theme.adapted(to: profile.colors)
            pens = [:]
            invalidate()
        }
    }
    package var capabilities: TerminalCapabilities {
        TerminalCapabilities(colors: profile.colors, unicode: profile.unicode)
    }

    private var adaptedTheme: Theme
    private var pens: [Style: Pen] = [:]
    private var frames = FrameTracker()
    /// What the terminal has now; nil where it is not known (before the first frame; the column
    /// after a write into the last one, where the cursor waits to wrap).
    private var pen: Pen?
    private var cursorX: Int?
    private var cursorY: Int?
    private var cursorVisible = true
    /// The last write went into the last column. Autowrap is off, so the cursor stays there,
    /// though terminals differ on whether it is on the last column (xterm) or just past it
    /// (pyte): only a vertical move keeps it somewhere known, where the next character written
    /// lands in the last column either way.
    private var cursorAtRightEdge = false
    /// The width of the frame being drawn.
    private var width = 0
    /// The frames are as wide as the terminal, so their last column is the terminal's and the
    /// cursor stays there after a write into it. False where the terminal is wider than what is
    /// drawn (a served client past the server's cap): the cursor then goes on past the frame.
    package var fillsTerminalWidth = true
    /// Shifted out (SO): G1, the DEC Special Graphics set, is in use.
    private var graphics = false
    private var target: Position?

    package init(profile: TerminalProfile, theme: Theme) {
        self.profile = profile
        self.theme = theme
        adaptedTheme = theme.adapted(to: profile.colors)
    }

    static let escape: UInt8 = 0x1B

    // MARK: - Taking and giving back the screen

    /// Takes over the screen: the alternate screen where there is one, the cursor hidden,
    /// bracketed paste off (the core has no paste: pasted text arrives as typed keys), autowrap
    /// off, the ASCII set and plain pen. The next frame is drawn whole.
    package mutating func enter() -> [UInt8] {
        var out: [UInt8] = []
        if profile.alternateScreen { out += Array("\u{1B}[?1049h".utf8) }
        out += Array("\u{1B}[?2004l\u{1B}[?25l\u{1B}[?7l\u{0F}\u{1B}(B\u{1B}[m".utf8)
        if profile.decLineDrawing { out += Array("\u{1B})0".utf8) }
        cursorVisible = false
        graphics = false
        pen = .plain
        invalidate()
        return out
    }

    /// Gives the screen back: the bytes of `rescueBytes`, after which the writer knows nothing
    /// of the screen (a later `enter` starts again).
    package mutating func leave() -> [UInt8] {
        invalidate()
        graphics = false
        pen = nil
        cursorVisible = true
        return ScreenWriter.rescueBytes(profile: profile)
    }

    /// What puts the terminal back for the shell, also from a signal handler (TerminalRescue):
    /// the ASCII set shifted in and in G0 and G1, plain pen, autowrap on, the cursor shown, and the
    /// alternate screen left; a terminal without one is cleared instead, so the last frame does
    /// not stay under the prompt.
    package static func rescueBytes(profile: TerminalProfile) -> [UInt8] {
        let screen = profile.alternateScreen ? "\u{1B}[?1049l" : "\u{1B}[H\u{1B}[2J"
        return Array("\u{0F}\u{1B}(B\u{1B})B\u{1B}[m\u{1B}[?7h\(screen)\u{1B}[?25h".utf8)
    }

    /// The screen is no longer known (a resize, a resume, Ctrl-L): the next frame is erased and
    /// drawn whole.
    package mutating func invalidate() {
        frames.invalidate()
        cursorX = nil
        cursorY = nil
        cursorAtRightEdge = false
    }

    /// Shows the cursor at `position` (a text field) or hides it (nil), now; each frame puts it
    /// back there.
    package mutating func placeCursor(_ position: Position?) -> [UInt8] {
        target = position
        var out: [UInt8] = []
        finishFrame(into: &out)
        return out
    }

    // MARK: - Frames

    /// The bytes that turn the screen from the last frame into `frame`: with a scroll first where
    /// one looks worth it and that comes out shorter, else without.
    package mutating func frame(_ frame: Buffer) -> [UInt8] {
        var plain = self
        let plainBytes = plain.draw(frame, scroll: nil)
        guard let last = frames.lastFrame, last.size == frame.size, let scroll = ScreenWriter.scroll(from: last, to: frame) else {
            self = plain
            return plainBytes
        }
        var scrolled = self
        let scrolledBytes = scrolled.draw(frame, scroll: scroll)
        self = scrolledBytes.count < plainBytes.count ? scrolled : plain
        return scrolledBytes.count < plainBytes.count ? scrolledBytes : plainBytes
    }

    private mutating func draw(_ frame: Buffer, scroll: (rows: ClosedRange<Int>, distance: Int)?) -> [UInt8] {
        var out: [UInt8] = []
        let whole = frames.lastFrame?.size != frame.size
        width = frame.width
        if cursorVisible {
            out += Array("\u{1B}[?25l".utf8)
            cursorVisible = false
        }
        if !whole, let scroll {
            scrollRegion(scroll.rows, by: scroll.distance, into: &out)
            frames.scroll(scroll.rows, by: scroll.distance)
        }
        let previous = frames.lastFrame
        var changes = frames.changes(drawing: frame)
        if whole {
            // Erased, the screen is blank: only what does not look blank is drawn.
            out += Pen.plain.sgr(from: pen)
            pen = .plain
            if graphics { out.append(ScreenWriter.shiftIn) }
            graphics = false
            out += Array("\u{1B}[H\u{1B}[2J".utf8)
            cursorX = 0
            cursorY = 0
            cursorAtRightEdge = false
            changes.removeAll { looksErased($0.cell) }
        } else if let previous {
            // A space whose only change is a colour nobody sees stays as it is.
            changes.removeAll { looksTheSame(previous[$0.x, $0.y], $0.cell) }
        }
        let operations = order(plan(changes, in: frame), in: frame)
        emit(operations, frame: frame, into: &out)
        finishFrame(into: &out)
        return out
    }

    /// The scroll that brings `last` closest to `frame`, if one is worth it: for a distance up to
    /// 4 rows either way, each row gains the cells it would no longer need if it came from
    /// `distance` rows further down (up, when negative); the best run of rows is a maximum
    /// subarray of those gains, less what the rows scrolled in blank then need, and it must save
    /// more than 40 cells, well over what the scroll costs.
    static func scroll(from last: Buffer, to frame: Buffer) -> (rows: ClosedRange<Int>, distance: Int)? {
        let height = frame.height
        guard height > 4, frame.width > 0 else { return nil }
        let inPlace = (0..<height).map { frame.differences(row: $0, from: $0, of: last) }
        // Nothing to gain where little changed; and only changed rows are compared moved, so the
        // work follows the size of the change (a row in place counts as neither gain nor loss).
        guard inPlace.reduce(0, +) > 40 else { return nil }
        let blankRow = Buffer(width: frame.width, height: 1)
        let fromBlank = (0..<height).map { frame.differences(row: $0, from: 0, of: blankRow) }
        var best: (rows: ClosedRange<Int>, distance: Int, saving: Int)?
        for distance in [1, -1, 2, -2, 3, -3, 4, -4] {
            var run = 0, start = 0
            for y in 0..<height {
                let source = y + distance
                let gain = source < 0 || source >= height ? -frame.width
                    : inPlace[y] == 0 ? 0 : inPlace[y] - frame.differences(row: y, from: source, of: last)
                if run <= 0 { run = 0; start = y }
                run += gain
                guard run > 40 else { continue }
                // The region takes in the rows the content comes from; those it scrolls in are blank.
                let rows = distance > 0 ? start...(y + distance) : (start + distance)...y
                guard rows.lowerBound >= 0, rows.upperBound < height else { continue }
                let incoming = distance > 0 ? (y + 1)...(y + distance) : (start + distance)...(start - 1)
                let saving = run - incoming.reduce(0) { $0 + fromBlank[$1] - inPlace[$1] }
                if saving > 40, saving > best?.saving ?? 0 { best = (rows, distance, saving) }
            }
        }
        return best.map { ($0.rows, $0.distance) }
    }

    /// Scrolls `rows` by `distance` (positive: the content moves up): the region set, the cursor
    /// at its bottom for line feeds (at its top for reverse indexes), the region reset. The rows
    /// that come in take the pen's background: plain. Where the cursor is afterwards differs
    /// between terminals, so it is not known.
    private mutating func scrollRegion(_ rows: ClosedRange<Int>, by distance: Int, into out: inout [UInt8]) {
        out += Pen.plain.sgr(from: pen)
        pen = .plain
        out += Array("\u{1B}[\(rows.lowerBound + 1);\(rows.upperBound + 1)r".utf8)
        if distance > 0 {
            out += Array("\u{1B}[\(rows.upperBound + 1)H".utf8) + Array(repeating: 0x0A, count: distance)
        } else {
            out += Array("\u{1B}[\(rows.lowerBound + 1)H".utf8) + Array(repeating: "\u{1B}M".utf8, count: -distance).flatMap { $0 }
        }
        out += Array("\u{1B}[r".utf8)
        cursorX = nil
        cursorY = nil
        cursorAtRightEdge = false
    }

    /// Puts the cursor where it belongs after drawing: at the text field, shown, or hidden.
    private mutating func finishFrame(into out: inout [UInt8]) {
        guard let target, let size = frames.lastFrame?.size, target.x >= 0, target.y >= 0,
              target.x < size.width, target.y < size.height else {
            if cursorVisible {
                out += Array("\u{1B}[?25l".utf8)
                cursorVisible = false
            }
            return
        }
        out += move(to: target.x, target.y)
        if !cursorVisible {
            out += Array("\u{1B}[?25h".utf8)
            cursorVisible = true
        }
    }

    private mutating func penFor(_ style: Style) -> Pen {
        if let pen = pens[style] { return pen }
        let pen = Pen(adaptedTheme.style(for: style))
        pens[style] = pen
        return pen
    }

    /// A cell that looks like an erased one: a space whose pen shows no background.
    private mutating func looksErased(_ cell: Cell) -> Bool {
        cell.symbol == " " && cell.width == 1 && penFor(cell.style).erasesLikePlain
    }

    /// Two cells a person cannot tell apart: the same symbol in the same pen, or a space in pens
    /// that show the same background (a space has no foreground to see, unless reversed).
    private mutating func looksTheSame(_ a: Cell, _ b: Cell) -> Bool {
        if a == b { return true }
        guard a.symbol == b.symbol, a.width == b.width else { return false }
        let penA = penFor(a.style), penB = penFor(b.style)
        return penA == penB || (a.symbol == " " && penA.looksTheSameUnderSpace(as: penB))
    }

    // MARK: - Planning

    enum Operation: Equatable {
        /// Write the cells of row `y` from `start` up to (not including) `end`.
        case cells(y: Int, start: Int, end: Int)
        /// Erase row `y` from `x` to its end.
        case eraseLine(y: Int, x: Int)

        var y: Int {
            switch self {
            case let .cells(y, _, _), let .eraseLine(y, _): return y
            }
        }
        var x: Int {
            switch self {
            case let .cells(_, start, _): return start
            case let .eraseLine(_, x): return x
            }
        }
    }

    /// Groups the changed cells of each row into runs to write, joining two runs when writing the
    /// unchanged cells between them is shorter than moving the cursor over them, and ends a row
    /// with an erase when its changed cells are trailing blanks and that is shorter. A run's
    /// changed cells are of one pen: a changed cell that is not a space, in another pen than the
    /// run's last such cell, starts a run of its own (a space goes with either; unchanged cells
    /// rewritten in a gap may be in another pen, which the gap's cost counts), so `order` can go
    /// through the runs a pen at a time where that is cheaper than changing the pen along the row.
    private mutating func plan(_ changes: [CellChange], in frame: Buffer) -> [Operation] {
        var operations: [Operation] = []
        var index = 0
        while index < changes.count {
            let y = changes[index].y
            var row: [CellChange] = []
            while index < changes.count, changes[index].y == y {
                row.append(changes[index])
                index += 1
            }
            // Where the row's trailing blanks begin.
            var trailing = frame.width
            while trailing > 0, looksErased(frame[trailing - 1, y]) { trailing -= 1 }
            var erase: Operation?
            let erasable = row.filter { $0.x >= trailing }
            if let first = erasable.first {
                var separateCost = 0
                var last: Int?
                for change in erasable {
                    separateCost += 1
                    if let last, change.x != last + 1 { separateCost += forwardCost(columns: change.x - last - 1, toColumn: change.x) }
                    last = change.x
                }
                // ESC[K, and a pen change when the pen in use would fill with a colour.
                if 3 + 4 < separateCost {
                    erase = .eraseLine(y: y, x: first.x)
                    row.removeAll { $0.x >= trailing }
                }
            }
            var start: Int?
            var end = 0
            var previousPen: Pen?
            // The pen of the run's last cell that is not a space.
            var inkPen: Pen?
            for change in row {
                let changePen = penFor(change.cell.style)
                let ink = change.cell.symbol != " "
                if let open = start {
                    let gap = end..<change.x
                    let otherPen = ink && inkPen.map { $0 != changePen } == true
                    if !otherPen, gapCost(gap, y: y, in: frame, pen: previousPen) <= forwardCost(columns: gap.count, toColumn: change.x) {
                        end = change.x + max(1, change.cell.width)
                        previousPen = changePen
                        if ink { inkPen = changePen }
                        continue
                    }
                    operations.append(.cells(y: y, start: open, end: end))
                }
                start = change.x
                end = change.x + max(1, change.cell.width)
                previousPen = changePen
                inkPen = ink ? changePen : nil
            }
            if let open = start { operations.append(.cells(y: y, start: open, end: end)) }
            if let erase { operations.append(erase) }
        }
        return operations
    }

    /// About what writing the unchanged cells of `gap` costs: their bytes and the pen changes.
    private mutating func gapCost(_ gap: Range<Int>, y: Int, in frame: Buffer, pen: Pen?) -> Int {
        var cost = 0
        var current = pen
        for x in gap {
            let cell = frame[x, y]
            if cell.isContinuation { continue }
            let cellPen = penFor(cell.style)
            if !(cell.symbol == " " && current.map { $0.looksTheSameUnderSpace(as: cellPen) } == true) {
                if cellPen != current { cost += cellPen.sgr(from: current).count }
                current = cellPen
            }
            cost += encoding(of: cell).bytes.count
            if cost > 12 { return cost }
        }
        return cost
    }

    /// The shortest move `columns` to the right on the same row, to `toColumn`.
    private func forwardCost(columns: Int, toColumn: Int) -> Int {
        min(columns == 1 ? 3 : 3 + digits(columns), 3 + digits(toColumn + 1))
    }

    private func digits(_ n: Int) -> Int { n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : String(n).utf8.count }

    /// The runs in the order that costs least to go through, found greedily: from where the
    /// cursor is with the pen it has, the run that is cheapest to reach (cursor move plus pen
    /// change) next. So a box drawn in one colour is written down its sides before the pen changes
    /// to the next box's colour, rather than row by row, changing the pen at every border. Among
    /// the next 48 runs in screen order, which keeps it linear in the size of the change.
    private mutating func order(_ operations: [Operation], in frame: Buffer) -> [Operation] {
        guard operations.count > 1 else { return operations }
        struct Run {
            var operation: Operation
            var firstPen: Pen
            var lastPen: Pen
            var end: Int?
        }
        var runs: [Run] = []
        runs.reserveCapacity(operations.count)
        for operation in operations {
            switch operation {
            case let .cells(y, start, end):
                var last = end - 1
                while last > start, frame[last, y].isContinuation { last -= 1 }
                runs.append(Run(operation: operation, firstPen: penFor(frame[start, y].style),
                                lastPen: penFor(frame[last, y].style), end: end < frame.width ? end : nil))
            case let .eraseLine(y, x):
                let blank = penFor(frame[x, y].style)
                runs.append(Run(operation: operation, firstPen: blank, lastPen: blank, end: x))
            }
        }
        var done = [Bool](repeating: false, count: runs.count)
        var firstOpen = 0
        var x = cursorX, y = cursorY
        var atEdge = cursorAtRightEdge
        var current = pen
        var sgrCosts: [PenChange: Int] = [:]
        var ordered: [Operation] = []
        ordered.reserveCapacity(runs.count)
        for _ in 0..<runs.count {
            while done[firstOpen] { firstOpen += 1 }
            var best = firstOpen
            var bestCost = Int.max
            var seen = 0
            var i = firstOpen
            while i < runs.count, seen < 48 {
                defer { i += 1 }
                if done[i] { continue }
                seen += 1
                let run = runs[i]
                let change = PenChange(from: current, to: run.firstPen)
                let penCost: Int
                if let cached = sgrCosts[change] {
                    penCost = cached
                } else {
                    penCost = run.firstPen.sgr(from: current).count
                    sgrCosts[change] = penCost
                }
                let writes = if case .cells = run.operation { true } else { false }
                let cost = moveCost(fromX: x, fromY: y, atEdge: atEdge, toX: run.operation.x, toY: run.operation.y, writing: writes)
                    + penCost
                if cost < bestCost {
                    bestCost = cost
                    best = i
                    if cost == 0 { break }
                }
            }
            done[best] = true
            ordered.append(runs[best].operation)
            x = runs[best].end
            y = runs[best].operation.y
            atEdge = if case .cells = runs[best].operation { runs[best].end == nil } else { false }
            current = runs[best].lastPen
        }
        return ordered
    }

    struct PenChange: Hashable {
        var from: Pen?
        var to: Pen
    }

    /// What `move(to:)` would write, in bytes, without writing it.
    private func moveCost(fromX: Int?, fromY: Int?, atEdge: Bool, toX x: Int, toY y: Int, writing: Bool) -> Int {
        if fromX == x && fromY == y { return 0 }
        if atEdge, fillsTerminalWidth, writing, x == width - 1, let fromY {
            let dy = y - fromY
            let vertical = dy == 0 ? 0 : dy > 0 ? (dy <= 3 ? dy : 3 + digits(dy)) : dy == -1 ? 2 : 3 + digits(-dy)
            return min(vertical, moveCost(fromX: nil, fromY: fromY, atEdge: false, toX: x, toY: y, writing: writing))
        }
        let absolute = x == 0 && y == 0 ? 3 : x == 0 ? 3 + digits(y + 1) : 4 + digits(y + 1) + digits(x + 1)
        guard let fromY else { return absolute }
        var horizontal = min(3 + digits(x + 1), x == 0 ? 1 : 1 + (x == 1 ? 3 : 3 + digits(x)))
        if let fromX {
            if x == fromX { horizontal = 0 }
            else if x > fromX { horizontal = min(horizontal, x - fromX == 1 ? 3 : 3 + digits(x - fromX)) }
            else { horizontal = min(horizontal, fromX - x <= 3 ? fromX - x : 3 + digits(fromX - x)) }
        }
        let dy = y - fromY
        let vertical = dy == 0 ? 0 : dy > 0 ? (dy <= 3 ? dy : 3 + digits(dy)) : dy == -1 ? 2 : 3 + digits(-dy)
        return min(absolute, horizontal + vertical)
    }

    // MARK: - Emitting

    /// How a cell's symbol travels: in the DEC Special Graphics set, as text that reads the same
    /// in either set (space to `^`), or as text that needs the ASCII set (or UTF-8).
    enum Encoding: Equatable {
        case lineDrawing(UInt8)
        case eitherSet([UInt8])
        case text([UInt8])

        var bytes: [UInt8] {
            switch self {
            case .lineDrawing(let b): return [b]
            case .eitherSet(let b), .text(let b): return b
            }
        }
    }

    /// The DEC Special Graphics characters, by the Unicode character they draw.
    static let decGraphics: [String: UInt8] = [
        "◆": 0x60, "▒": 0x61, "°": 0x66, "±": 0x67, "┘": 0x6A, "┐": 0x6B, "┌": 0x6C, "└": 0x6D, "┼": 0x6E,
        "⎺": 0x6F, "⎻": 0x70, "─": 0x71, "⎼": 0x72, "⎽": 0x73, "├": 0x74, "┤": 0x75, "┴": 0x76, "┬": 0x77,
        "│": 0x78, "≤": 0x79, "≥": 0x7A, "π": 0x7B, "≠": 0x7C, "£": 0x7D, "·": 0x7E,
    ]

    /// ASCII the graphics set leaves alone: space to `^`, but for `+ , - .` and `0`, which
    /// the Linux console, tmux and pyte draw as arrows and a block there.
    static func readsTheSameInGraphics(_ byte: UInt8) -> Bool {
        (0x20...0x5E).contains(byte) && !(0x2B...0x2E).contains(byte) && byte != 0x30
    }

    func encoding(of cell: Cell) -> Encoding {
        let symbol = cell.symbol
        let columns = max(1, cell.width)
        // A control character would act on the terminal: a cell shows it as ?, as it has no room
        // for its visible form (Buffer.write already shows text's controls that way).
        if symbol.isEmpty || ControlCharacters.containsControl(symbol) {
            return .eitherSet(Array(repeating: UInt8(ascii: "?"), count: columns))
        }
        if profile.decLineDrawing, let byte = ScreenWriter.decGraphics[symbol] { return .lineDrawing(byte) }
        let utf8 = Array(symbol.utf8)
        if utf8.allSatisfy({ $0 < 0x80 }) {
            return utf8.allSatisfy(ScreenWriter.readsTheSameInGraphics) ? .eitherSet(utf8) : .text(utf8)
        }
        // Outside a UTF-8 locale only ASCII may leave: a placeholder a column keeps alignment.
        guard profile.unicode else { return .eitherSet(Array(repeating: UInt8(ascii: "?"), count: columns)) }
        return .text(utf8)
    }

    private mutating func emit(_ operations: [Operation], frame: Buffer, into out: inout [UInt8]) {
        // Every cell to write, in order, so a switch into the graphics set can look ahead.
        var encodings: [Encoding] = []
        for operation in operations {
            guard case let .cells(y, start, end) = operation else { continue }
            for x in start..<end where !frame[x, y].isContinuation { encodings.append(encoding(of: frame[x, y])) }
        }
        var next = 0
        for operation in operations {
            switch operation {
            case let .cells(y, start, end):
                out += move(to: start, y, writing: true)
                var repeated = start
                for x in start..<end {
                    if x < repeated { continue }
                    let cell = frame[x, y]
                    if cell.isContinuation { continue }
                    let cellPen = penFor(cell.style)
                    // A space needs only the background right: any pen that shows it will do.
                    if !(cell.symbol == " " && pen.map { $0.looksTheSameUnderSpace(as: cellPen) } == true) {
                        out += cellPen.sgr(from: pen)
                        pen = cellPen
                    }
                    // What the cell went as, when it was one byte: what REP may repeat.
                    var sentByte: UInt8?
                    switch encodings[next] {
                    case .lineDrawing(let byte):
                        if !graphics, worthSwitching(from: next, in: encodings) {
                            out.append(ScreenWriter.shiftOut)
                            graphics = true
                        }
                        if graphics {
                            out.append(byte)
                            sentByte = byte
                        } else {
                            out += Array(cell.symbol.utf8)
                        }
                    case .eitherSet(let bytes):
                        out += bytes
                        if bytes.count == 1 { sentByte = bytes[0] }
                    case .text(let bytes):
                        if graphics {
                            out.append(ScreenWriter.shiftIn)
                            graphics = false
                        }
                        out += bytes
                        if bytes.count == 1, bytes[0] < 0x80 { sentByte = bytes[0] }
                    }
                    next += 1
                    var after = x + max(1, cell.width)
                    // The same character in the same pen after it: REP when that is shorter.
                    if profile.repeatsCharacters, sentByte != nil, cell.width == 1 {
                        var count = 0
                        while after + count < end, frame[after + count, y] == cell { count += 1 }
                        let repeatBytes = Array("\u{1B}[\(count)b".utf8)
                        if count > 0, repeatBytes.count < count {
                            out += repeatBytes
                            next += count
                            after += count
                            repeated = after
                        }
                    }
                    cursorX = after < frame.width ? after : nil
                    cursorY = y
                    cursorAtRightEdge = after >= frame.width
                }
            case let .eraseLine(y, x):
                out += move(to: x, y)
                // Erased cells take the pen's background: one that shows none will do.
                if !(pen?.erasesLikePlain ?? false) {
                    let blankPen = penFor(frame[x, y].style)
                    out += blankPen.sgr(from: pen)
                    pen = blankPen
                }
                out += Array("\u{1B}[K".utf8)
            }
        }
    }

    /// Whether to switch to the graphics set for the line-drawing cell at `index`: when the line
    /// drawing ahead, up to the next cell that needs the ASCII set, saves more than the two
    /// switches cost (SO and SI, a byte each, against 2 saved a cell). Outside a UTF-8 locale
    /// always: the only other way is a placeholder.
    private func worthSwitching(from index: Int, in encodings: [Encoding]) -> Bool {
        guard profile.unicode else { return true }
        var count = 0
        for encoding in encodings[index...] {
            switch encoding {
            case .lineDrawing: count += 1
            case .eitherSet: continue
            case .text: return count >= 2
            }
            if count >= 2 { return true }
        }
        return count >= 1
    }

    static let shiftOut: UInt8 = 0x0E
    static let shiftIn: UInt8 = 0x0F

    // MARK: - Cursor movement

    /// The shortest bytes that move the cursor to (x, y), and the cursor is then there; with
    /// `writing`, only so that the next character written lands there (from the right edge, a
    /// vertical move is enough for that).
    private mutating func move(to x: Int, _ y: Int, writing: Bool = false) -> [UInt8] {
        let fromEdge = cursorAtRightEdge
        defer {
            cursorX = x
            cursorY = y
            // Where it really is, if it came down the right edge, is told by the write that follows.
            cursorAtRightEdge = false
        }
        if cursorX == x && cursorY == y { return [] }
        var best: [UInt8] = Array((x == 0 && y == 0 ? "\u{1B}[H" : x == 0 ? "\u{1B}[\(y + 1)H" : "\u{1B}[\(y + 1);\(x + 1)H").utf8)
        guard let fromY = cursorY else { return best }
        // Horizontal first: from a pending wrap only CR and CHA are sure.
        var horizontal = Array("\u{1B}[\(x + 1)G".utf8)
        func consider(_ candidate: [UInt8]) { if candidate.count < horizontal.count { horizontal = candidate } }
        consider(x == 0 ? [0x0D] : [0x0D] + forward(x))
        if let fromX = cursorX {
            if x == fromX { horizontal = [] }
            else if x > fromX { consider(forward(x - fromX)) }
            else {
                consider(Array("\u{1B}[\(fromX - x)D".utf8))
                if fromX - x <= 3 { consider(Array(repeating: 0x08, count: fromX - x)) }
            }
        }
        var vertical: [UInt8] = []
        let dy = y - fromY
        if dy > 0 {
            // Line feed keeps the column (no CR: output processing is off in raw mode).
            vertical = dy <= 3 ? Array(repeating: 0x0A, count: dy) : Array("\u{1B}[\(dy)B".utf8)
        } else if dy == -1 {
            vertical = Array("\u{1B}M".utf8)  // reverse index
        } else if dy < 0 {
            vertical = Array("\u{1B}[\(-dy)A".utf8)
        }
        let relative = horizontal + vertical
        if relative.count < best.count { best = relative }
        if fromEdge, fillsTerminalWidth, writing, x == width - 1, vertical.count < best.count { best = vertical }
        return best
    }

    private func forward(_ n: Int) -> [UInt8] { Array((n == 1 ? "\u{1B}[C" : "\u{1B}[\(n)C").utf8) }
}
