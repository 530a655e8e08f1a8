@testable import TerminalANSI
import TerminalUI

/// A small VT emulator for the writer's tests: it applies exactly the sequences the writer may
/// send (cursor moves, erases, SGR, the two character sets, REP, autowrap on with its pending
/// wrap and off, a scroll region scrolled by line feeds and reverse indexes) to a grid of characters and pens, and fails on anything else, so a frame's bytes
/// can be checked by what they draw rather than by their spelling.
///
/// REP repeats only a character sent as one byte (ASCII, or a line-drawing character through the
/// DEC set), as tmux does; after a UTF-8 character it does nothing.
///
/// With autowrap off, terminals differ on where a write into the last column leaves the cursor:
/// xterm keeps it on that column, pyte just past it (`cursorPastLastColumn`), where a relative
/// move left starts one column further right and an erase to the end of the line erases nothing.
struct ScreenEmulator {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let width: Int
    let height: Int
    var symbols: [[String]]
    var pens: [[Pen]]
    var x = 0
    var y = 0
    var pendingWrap = false
    var autowrap = true
    /// Emulate pyte rather than xterm for a write into the last column with autowrap off.
    var cursorPastLastColumn = false
    /// The cursor is past the last column (pyte, autowrap off).
    var pastEdge = false
    var lastSymbol: String?
    /// The scroll region (DECSTBM), top and bottom rows.
    var margins: ClosedRange<Int>?
    var pen = Pen.plain
    /// Which sets G0 and G1 hold (true: DEC Special Graphics), and whether G1 is shifted in (SO).
    var g0Graphics = false
    var g1Graphics = false
    var shiftedOut = false
    var graphics: Bool { shiftedOut ? g1Graphics : g0Graphics }
    var cursorVisible = true

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        symbols = Array(repeating: Array(repeating: " ", count: width), count: height)
        pens = Array(repeating: Array(repeating: .plain, count: width), count: height)
    }

    static let graphicsSet: [UInt8: String] = Dictionary(uniqueKeysWithValues: ScreenWriter.decGraphics.map { ($0.value, $0.key) })

    mutating func apply(_ bytes: [UInt8]) throws {
        var i = 0
        var text: [UInt8] = []
        func flushText() throws {
            guard !text.isEmpty else { return }
            for scalar in String(decoding: text, as: UTF8.self).unicodeScalars {
                put(String(scalar))
                if !scalar.isASCII { lastSymbol = nil }
            }
            text.removeAll()
        }
        while i < bytes.count {
            let b = bytes[i]
            if b >= 0x20 && b != 0x7F {
                if graphics, b < 0x80, let drawn = ScreenEmulator.graphicsSet[b] {
                    try flushText()
                    put(drawn)
                } else {
                    text.append(b)
                }
                i += 1
                continue
            }
            try flushText()
            switch b {
            case 0x0E:
                shiftedOut = true
            case 0x0F:
                shiftedOut = false
            case 0x0A:
                if y == (margins?.upperBound ?? height - 1) { scroll(by: 1) } else { y = min(height - 1, y + 1) }
            case 0x0D:
                x = 0
                pendingWrap = false
                pastEdge = false
            case 0x08:
                if pastEdge { pastEdge = false; x = width - 1 } else if pendingWrap { pendingWrap = false } else { x = max(0, x - 1) }
            case 0x1B:
                i += 1
                guard i < bytes.count else { throw Failure(description: "ESC at the end") }
                switch bytes[i] {
                case UInt8(ascii: "M"):
                    if y == (margins?.lowerBound ?? 0) { scroll(by: -1) } else { y = max(0, y - 1) }
                    pendingWrap = false
                case UInt8(ascii: "("):
                    i += 1
                    g0Graphics = bytes[i] == UInt8(ascii: "0")
                case UInt8(ascii: ")"):
                    i += 1
                    g1Graphics = bytes[i] == UInt8(ascii: "0")
                case UInt8(ascii: "["):
                    var j = i + 1
                    while j < bytes.count, (0x20...0x3F).contains(bytes[j]) { j += 1 }
                    let parameters = String(decoding: bytes[(i + 1)..<j], as: UTF8.self)
                    try control(parameters, final: bytes[j])
                    i = j
                default:
                    throw Failure(description: "unexpected ESC \(Character(Unicode.Scalar(bytes[i])))")
                }
            default:
                throw Failure(description: "unexpected control byte \(b)")
            }
            i += 1
        }
        try flushText()
    }

    /// The scroll region's rows move by `distance` (up when positive); the rows coming in are
    /// erased with the pen's background.
    private mutating func scroll(by distance: Int) {
        let rows = margins ?? 0...(height - 1)
        let (oldSymbols, oldPens) = (symbols, pens)
        for row in rows {
            let source = row + distance
            for column in 0..<width {
                symbols[row][column] = rows.contains(source) ? oldSymbols[source][column] : " "
                pens[row][column] = rows.contains(source) ? oldPens[source][column] : erased
            }
        }
    }

    private mutating func put(_ symbol: String) {
        lastSymbol = symbol
        if pendingWrap {
            x = 0
            y = min(height - 1, y + 1)
            pendingWrap = false
        }
        let columns = max(1, symbol.displayWidth)
        if pastEdge {
            x = width - columns
            pastEdge = false
        }
        symbols[y][x] = symbol
        pens[y][x] = pen
        if columns == 2, x + 1 < width {
            symbols[y][x + 1] = ""
            pens[y][x + 1] = pen
        }
        if x + columns >= width {
            x = width - 1
            if autowrap { pendingWrap = true } else if cursorPastLastColumn { pastEdge = true }
        } else {
            x += columns
        }
    }

    private mutating func control(_ parameters: String, final: UInt8) throws {
        let numbers = parameters.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) }
        func n(_ index: Int, _ fallback: Int = 1) -> Int { index < numbers.count ? (numbers[index] ?? fallback) : fallback }
        if final != UInt8(ascii: "m") && final != UInt8(ascii: "K") && final != UInt8(ascii: "J") { pendingWrap = false }
        let wasPastEdge = pastEdge
        // Only vertical moves keep the cursor past the last column; the rest start from it.
        if ![UInt8(ascii: "A"), UInt8(ascii: "B"), UInt8(ascii: "m"), UInt8(ascii: "b")].contains(final) { pastEdge = false }
        switch final {
        case UInt8(ascii: "H"):
            y = min(height - 1, n(0) - 1)
            x = min(width - 1, n(1) - 1)
        case UInt8(ascii: "G"): x = min(width - 1, n(0) - 1)
        case UInt8(ascii: "A"): y = max(0, y - n(0))
        case UInt8(ascii: "B"): y = min(height - 1, y + n(0))
        case UInt8(ascii: "C"): x = min(width - 1, x + n(0))
        case UInt8(ascii: "D"): x = max(0, (wasPastEdge ? width : x) - n(0))
        case UInt8(ascii: "K"):
            if wasPastEdge { pastEdge = true; break }
            for column in x..<width { symbols[y][column] = " "; pens[y][column] = erased }
        case UInt8(ascii: "r"):
            let top = n(0), bottom = n(1, height)
            margins = parameters.isEmpty || (top <= 1 && bottom >= height) ? nil : (top - 1)...(min(height, bottom) - 1)
            x = 0
            y = 0
        case UInt8(ascii: "b"):
            if let lastSymbol { for _ in 0..<n(0) { put(lastSymbol) } }
        case UInt8(ascii: "J"):
            guard parameters == "2" else { throw Failure(description: "ESC[\(parameters)J") }
            for row in 0..<height { for column in 0..<width { symbols[row][column] = " "; pens[row][column] = erased } }
        case UInt8(ascii: "h"), UInt8(ascii: "l"):
            if parameters == "?25" { cursorVisible = final == UInt8(ascii: "h") }
            if parameters == "?7" { autowrap = final == UInt8(ascii: "h") }
        case UInt8(ascii: "m"):
            try sgr(numbers.map { $0 ?? 0 })
        default:
            throw Failure(description: "unexpected CSI \(parameters)\(Character(Unicode.Scalar(final)))")
        }
    }

    /// An erase fills with the background only.
    private var erased: Pen { Pen(background: pen.background) }

    private mutating func sgr(_ numbers: [Int]) throws {
        var i = 0
        let numbers = numbers.isEmpty ? [0] : numbers
        while i < numbers.count {
            let p = numbers[i]
            switch p {
            case 0: pen = .plain
            case 1: pen.bold = true
            case 2: pen.dim = true
            case 4: pen.underline = true
            case 7: pen.reverse = true
            case 22: pen.bold = false; pen.dim = false
            case 24: pen.underline = false
            case 27: pen.reverse = false
            case 30...37: pen.foreground = .indexed(p - 30)
            case 39: pen.foreground = .terminalDefault
            case 40...47: pen.background = .indexed(p - 40)
            case 49: pen.background = .terminalDefault
            case 90...97: pen.foreground = .indexed(p - 90 + 8)
            case 100...107: pen.background = .indexed(p - 100 + 8)
            case 38, 48:
                guard i + 2 < numbers.count, numbers[i + 1] == 5 else { throw Failure(description: "SGR \(numbers)") }
                if p == 38 { pen.foreground = .indexed(numbers[i + 2]) } else { pen.background = .indexed(numbers[i + 2]) }
                i += 2
            default: throw Failure(description: "SGR \(p)")
            }
            i += 1
        }
    }

    /// The rows as text, wide characters once.
    var lines: [String] { symbols.map { $0.joined() } }
}
