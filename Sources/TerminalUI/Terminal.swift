import Foundation

/// How many colours the terminal can show.
package enum ColorSupport: Int, Hashable, Sendable, Comparable, CustomStringConvertible {
    case none = 0
    case basic8 = 8
    case indexed256 = 256

    package static func < (a: ColorSupport, b: ColorSupport) -> Bool { a.rawValue < b.rawValue }

    /// From the terminal's colour count (ncurses' COLORS).
    package init(colorCount: Int) {
        if colorCount >= 256 { self = .indexed256 } else if colorCount >= 8 { self = .basic8 } else { self = .none }
    }

    package var description: String {
        switch self {
        case .none: return "none"
        case .basic8: return "8"
        case .indexed256: return "256"
        }
    }
}

package struct TerminalCapabilities: Hashable, Sendable {
    package var colors: ColorSupport
    /// UTF-8 box drawing and markers can be shown (the locale's codeset is
    /// UTF-8); otherwise the ASCII glyph set is used.
    package var unicode: Bool
    /// Without UTF-8, borders can still be drawn with the terminal's
    /// alternate character set (ACS).
    package var lineDrawing: Bool

    package init(colors: ColorSupport, unicode: Bool, lineDrawing: Bool = false) {
        self.colors = colors
        self.unicode = unicode
        self.lineDrawing = unicode || lineDrawing
    }

    package var glyphs: Glyphs { unicode ? .unicode : lineDrawing ? .asciiLineDrawing : .ascii }

    /// Colours to use given the environment: NO_COLOR (any non-empty value,
    /// per no-color.org) turns them off whatever the terminal can do.
    package static func effectiveColors(_ terminal: ColorSupport, environment: [String: String]) -> ColorSupport {
        if let v = environment["NO_COLOR"], !v.isEmpty { return .none }
        return terminal
    }

    /// The ASCII-vs-UTF-8 rule: only the locale's codeset decides. TERM=linux,
    /// vt100 or screen still render UTF-8 when the locale says UTF-8.
    package static func isUnicode(codeset: String) -> Bool {
        let c = codeset.uppercased().replacingOccurrences(of: "-", with: "")
        return c == "UTF8"
    }
}

package enum TerminalError: Error, CustomStringConvertible, Equatable {
    /// TERM is unset, unknown to terminfo, or a terminal (dumb, hardcopy)
    /// that can't address the cursor.
    case unsupportedTerminal(term: String?, reason: String)
    case notATerminal(String)

    package var description: String {
        switch self {
        case let .unsupportedTerminal(term, reason):
            return "cannot run the full-screen UI on TERM=\(term ?? "(unset)"): \(reason)"
        case let .notATerminal(reason):
            return "cannot start the full-screen UI: \(reason)"
        }
    }
}

/// Where frames go and keys come from. All calls happen on the main actor
/// because curses keeps global state that isn't thread-safe.
@MainActor
package protocol Terminal: AnyObject {
    var size: Size { get }
    var capabilities: TerminalCapabilities { get }
    /// Writes the frame, sending only the cells that differ from the last
    /// frame drawn.
    func draw(_ buffer: Buffer)
    /// The next key, waiting at most `timeout` (nil: wait forever; zero:
    /// poll). nil when nothing arrived.
    func readKey(timeout: Duration?) -> Key?
    /// Whether the last `readKey` returned nil because input has ended (the
    /// terminal hung up, stdin reached end of file) rather than a timeout.
    var isInputClosed: Bool { get }
    /// Shows the cursor at a position (a text field), or hides it (nil).
    func setCursor(_ position: Position?)
    /// Gives the screen back to the shell, e.g. before running $EDITOR.
    func suspend()
    /// Takes the screen again after `suspend` and repaints it.
    func resume()
    /// Forgets the last frame so the next `draw` repaints every cell.
    func invalidate()
    /// Restores the terminal for good. Safe to call more than once.
    func restore()
}

extension Terminal {
    package var glyphs: Glyphs { capabilities.glyphs }

    /// Builds a frame of the current size with `body` and draws it.
    @discardableResult
    package func drawFrame(_ body: (inout Buffer) -> Void) -> Buffer {
        var buffer = Buffer(size: size)
        body(&buffer)
        draw(buffer)
        return buffer
    }
}

/// What a backend last put on the screen, and which cells a new frame changes: the one frame
/// diff every backend (ncurses, in memory) draws with.
package struct FrameTracker: Sendable {
    package private(set) var lastFrame: Buffer?

    package init() {}

    /// The cells of `frame` that differ from what is on screen; `frame` is then what is there.
    package mutating func changes(drawing frame: Buffer) -> [CellChange] {
        let changes = frame.diff(from: lastFrame)
        lastFrame = frame
        return changes
    }

    /// The terminal scrolled `rows` by `distance` (see `Buffer.scroll`): what it shows moved too.
    package mutating func scroll(_ rows: ClosedRange<Int>, by distance: Int) { lastFrame?.scroll(rows, by: distance) }

    /// The screen is no longer known (a resize, a resume, a new theme): the next frame is drawn whole.
    package mutating func invalidate() { lastFrame = nil }
}

/// A terminal in memory for tests: keys come from a script, frames are
/// kept, and the number of cells each draw wrote is counted so a test can
/// check that moving the selection writes only what moved.
@MainActor
package final class MemoryTerminal: Terminal {
    package private(set) var size: Size
    package var capabilities: TerminalCapabilities
    private var frames = FrameTracker()
    package var lastFrame: Buffer? { frames.lastFrame }
    /// Cells sent by the most recent `draw`.
    package private(set) var lastWriteCount = 0
    package private(set) var totalCellsWritten = 0
    package private(set) var frameCount = 0
    package private(set) var cursor: Position?
    package private(set) var isSuspended = false
    package private(set) var isRestored = false
    /// Scripted input; nil stands for a timeout with no key (an idle moment).
    private var keys: [Key?] = []
    /// Set when the script runs out: a scripted terminal's end of input.
    package private(set) var isInputClosed = false
    /// What the screen shows, cell for cell, built only from the writes —
    /// so a diff bug shows up as a wrong screen in tests.
    package private(set) var screen: Buffer

    package init(width: Int = 80, height: Int = 24,
                capabilities: TerminalCapabilities = TerminalCapabilities(colors: .basic8, unicode: true)) {
        self.size = Size(width: width, height: height)
        self.capabilities = capabilities
        self.screen = Buffer(width: width, height: height)
    }

    package func enqueue(_ keys: [Key]) {
        self.keys.append(contentsOf: keys.map { Optional($0) })
        isInputClosed = false
    }
    package func enqueue(_ keys: Key...) { enqueue(keys) }
    /// Queues a read that times out with no key, as when the user pauses.
    package func enqueueIdle() {
        keys.append(nil)
        isInputClosed = false
    }
    /// Queues the keys an input string would produce ("jjk\r").
    package func type(_ input: String) { enqueue(KeyParser.parse(input)) }
    package var pendingKeys: [Key] { keys.compactMap { $0 } }

    /// Changes size the way SIGWINCH would: the screen is blank at the new
    /// size and a `.resize` key is queued.
    package func resize(width: Int, height: Int) {
        size = Size(width: width, height: height)
        screen = Buffer(width: width, height: height)
        frames.invalidate()
        keys.append(.resize)
    }

    package func draw(_ buffer: Buffer) {
        precondition(!isRestored, "draw after restore")
        let changes = frames.changes(drawing: buffer)
        if screen.size != buffer.size { screen = Buffer(size: buffer.size) }
        for change in changes { screen.put(change.cell, x: change.x, y: change.y) }
        lastWriteCount = changes.count
        totalCellsWritten += changes.count
        frameCount += 1
    }

    package func readKey(timeout: Duration?) -> Key? {
        guard !keys.isEmpty else {
            isInputClosed = true
            return nil
        }
        return keys.removeFirst()
    }

    package func setCursor(_ position: Position?) { cursor = position }
    package func suspend() { isSuspended = true }
    package func resume() { isSuspended = false; invalidate() }
    package func invalidate() { frames.invalidate() }
    package func restore() { isRestored = true }

    /// The visible screen as text lines.
    package func lines() -> [String] { screen.lines() }
}
