/// Every non-ASCII symbol the UI draws, in one place, so an ASCII-only
/// terminal (locale not UTF-8) gets a consistent fallback instead of
/// mojibake.
package struct Glyphs: Hashable, Sendable {
    package var topLeft: String
    package var topRight: String
    package var bottomLeft: String
    package var bottomRight: String
    package var horizontal: String
    package var vertical: String
    /// Findings marker: "●3".
    package var finding: String
    /// Open-comment marker: "✎2".
    package var comment: String
    /// Selected-row pointer in lists.
    package var pointer: String
    package var ellipsis: String
    package var warning: String
    package var error: String
    package var info: String
    package var ok: String
    package var modified: String
    package var scrollUp: String
    package var scrollDown: String
    /// Separator in title bars ("archbench ─ Shop").
    package var separator: String
    package var isUnicode: Bool

    package static let unicode = Glyphs(
        topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
        horizontal: "─", vertical: "│",
        finding: "●", comment: "✎", pointer: "▸", ellipsis: "…",
        warning: "⚠", error: "✖", info: "ℹ", ok: "✓", modified: "●",
        scrollUp: "▲", scrollDown: "▼", separator: "─", isUnicode: true)

    package static let ascii = Glyphs(
        topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
        horizontal: "-", vertical: "|",
        finding: "!", comment: "#", pointer: ">", ellipsis: "...",
        warning: "!", error: "x", info: "i", ok: "+", modified: "*",
        scrollUp: "^", scrollDown: "v", separator: "-", isUnicode: false)

    /// ASCII markers with box-drawing borders, for a non-UTF-8 locale on a
    /// terminal with an alternate character set: the ncurses backend sends
    /// these six border symbols as ACS line drawing, never as UTF-8.
    package static let asciiLineDrawing: Glyphs = {
        var g = Glyphs.ascii
        g.topLeft = "┌"; g.topRight = "┐"; g.bottomLeft = "└"; g.bottomRight = "┘"
        g.horizontal = "─"; g.vertical = "│"
        return g
    }()

    /// Border symbols the ncurses backend can draw via ACS.
    package static let boxDrawingSymbols: Set<String> = ["┌", "┐", "└", "┘", "─", "│"]

    package static func forUnicode(_ unicode: Bool) -> Glyphs { unicode ? .unicode : .ascii }
}
