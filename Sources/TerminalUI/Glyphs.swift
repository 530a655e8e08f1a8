/// Every non-ASCII symbol the UI draws, in one place, so an ASCII-only
/// terminal (locale not UTF-8) gets a consistent fallback instead of
/// mojibake.
public struct Glyphs: Hashable, Sendable {
    public var topLeft: String
    public var topRight: String
    public var bottomLeft: String
    public var bottomRight: String
    public var horizontal: String
    public var vertical: String
    /// Findings marker: "●3".
    public var finding: String
    /// Open-comment marker: "✎2".
    public var comment: String
    /// Selected-row pointer in lists.
    public var pointer: String
    public var ellipsis: String
    public var warning: String
    public var error: String
    public var info: String
    public var ok: String
    public var modified: String
    public var scrollUp: String
    public var scrollDown: String
    /// Separator in title bars ("archbench ─ Shop").
    public var separator: String
    public var isUnicode: Bool

    public static let unicode = Glyphs(
        topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
        horizontal: "─", vertical: "│",
        finding: "●", comment: "✎", pointer: "▸", ellipsis: "…",
        warning: "⚠", error: "✖", info: "ℹ", ok: "✓", modified: "●",
        scrollUp: "▲", scrollDown: "▼", separator: "─", isUnicode: true)

    public static let ascii = Glyphs(
        topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
        horizontal: "-", vertical: "|",
        finding: "!", comment: "#", pointer: ">", ellipsis: "...",
        warning: "!", error: "x", info: "i", ok: "+", modified: "*",
        scrollUp: "^", scrollDown: "v", separator: "-", isUnicode: false)

    /// ASCII markers with box-drawing borders, for a non-UTF-8 locale on a
    /// terminal with an alternate character set: the ncurses backend sends
    /// these six border symbols as ACS line drawing, never as UTF-8.
    public static let asciiLineDrawing: Glyphs = {
        var g = Glyphs.ascii
        g.topLeft = "┌"; g.topRight = "┐"; g.bottomLeft = "└"; g.bottomRight = "┘"
        g.horizontal = "─"; g.vertical = "│"
        return g
    }()

    /// Border symbols the ncurses backend can draw via ACS.
    public static let boxDrawingSymbols: Set<String> = ["┌", "┐", "└", "┘", "─", "│"]

    public static func forUnicode(_ unicode: Bool) -> Glyphs { unicode ? .unicode : .ascii }
}
