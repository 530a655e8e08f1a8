import Testing
@testable import TerminalUI

/// The width of a text is summed scalar by scalar where no scalar can join another into one
/// grapheme cluster, and cluster by cluster otherwise; both must give what measuring each
/// cluster gives, for any mix of the scalars the screens meet.
@Suite struct DisplayWidthTests {
    /// Text measured cluster by cluster, as before the scalar shortcut.
    static func byClusters(_ text: String) -> Int { text.reduce(0) { $0 + DisplayWidth.of($1) } }

    static let pieces: [String] = [
        "a", "Z", " ", "~", "é", "ß", "\u{00A0}", "\u{00AD}", "…", "–", "→", "●", "│", "┌", "█", "◆",
        "\u{0301}", "\u{20DD}", "\u{FE0F}", "\u{200D}", "\u{200B}", "中", "한", "\u{1100}", "\u{1161}",
        "😀", "👍", "\u{1F3FD}", "🇩", "🇪", "\t", "\n", "\r", "\u{1B}", "\u{7F}", "⌚", "\u{25FD}",
    ]

    @Test func scalarShortcutMeasuresAsClustersDo() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...8, using: &generator))
                .map { _ in DisplayWidthTests.pieces.randomElement(using: &generator)! }.joined()
            #expect(DisplayWidth.of(text) == DisplayWidthTests.byClusters(text), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            #expect(DisplayWidth.of(Substring(text)) == DisplayWidthTests.byClusters(text))
        }
    }

    @Test func knownWidths() {
        #expect(DisplayWidth.of("orders → payments") == 17)
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("中文") == 4)
        #expect(DisplayWidth.of("●\u{FE0F}") == DisplayWidthTests.byClusters("●\u{FE0F}"))
        #expect(DisplayWidth.of("\u{25FD}") == 2)
    }
}
