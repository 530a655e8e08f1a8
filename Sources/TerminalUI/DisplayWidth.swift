/// Terminal column widths of text.
///
/// A locale-independent table rather than `wcwidth`: glibc's `wcwidth`
/// returns -1 for every non-ASCII character under LANG=C (our usual SSH
/// setting), and tests must not depend on the caller's locale. The table
/// follows the rules glibc uses in UTF-8 locales (East Asian Wide/Fullwidth
/// and emoji presentation are 2 columns, combining marks and format
/// characters 0, ambiguous-width characters 1), so ncurses and the buffer
/// agree on where every column is.
package enum DisplayWidth {
    /// Columns a single scalar occupies: 0, 1 or 2; a control character
    /// the width of the visible form `Buffer` shows it in (`\x1b`: 4).
    package static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x7F { return v < 0x20 ? controlWidth(scalar) : 1 }
        if v < 0xA0 { return controlWidth(scalar) }
        if v < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format:
            return 0
        default:
            break
        }
        if (0x1160...0x11FF).contains(v) || (0xD7B0...0xD7FF).contains(v) { return 0 }  // Hangul jamo medials/finals combine
        if isWide(v) { return 2 }
        if v >= 0x2300, scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    static func controlWidth(_ scalar: Unicode.Scalar) -> Int {
        ControlCharacters.visibleForm(of: scalar)?.utf8.count ?? 0
    }

    /// Columns a grapheme cluster occupies. Sums its scalars like wcswidth
    /// would, capped at 2 because a terminal never gives one cluster more.
    /// A ZWJ sequence is as wide as the pieces it is drawn as
    /// (`drawnPieces`); a cluster holding a control character ("\r\n") is
    /// as wide as its visible form.
    package static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        if scalars.count == 1, let only = scalars.first { return of(only) }
        if let pieces = drawnPieces(of: character) { return pieces.reduce(0) { $0 + of($1) } }
        if scalars.contains(where: ControlCharacters.isControl) {
            return scalars.reduce(0) { $0 + (ControlCharacters.visibleForm(of: $1)?.utf8.count ?? of($1)) }
        }
        var total = 0
        for s in scalars { total += of(s) }
        return min(total, 2)
    }

    /// How a ZWJ emoji sequence (👨‍👩‍👧, 🏳️‍🌈) is drawn: its emoji one by one, without the
    /// joiners and emoji variation selectors; nil for any other cluster. Terminals disagree on
    /// whether they join such a sequence into one 2-column glyph (tmux and xterm do not, kitty
    /// does), so the only width every terminal agrees on is that of the pieces drawn apart.
    package static func drawnPieces(of character: Character) -> [Character]? {
        let scalars = character.unicodeScalars
        guard scalars.count > 1, scalars.contains(where: { $0.value == 0x200D }) else { return nil }
        var text = String.UnicodeScalarView()
        for scalar in scalars where scalar.value != 0x200D && scalar.value != 0xFE0F { text.append(scalar) }
        return Array(String(text))
    }

    package static func of(_ text: String) -> Int {
        simpleWidth(text.unicodeScalars) ?? clusterWidth(text)
    }

    package static func of(_ text: Substring) -> Int {
        simpleWidth(text.unicodeScalars) ?? clusterWidth(text)
    }

    /// The width of text in which every scalar is its own grapheme cluster, summed scalar by
    /// scalar: printable ASCII and Latin up to the combining marks, and the punctuation, arrows,
    /// box drawing and shapes the screens use, none of which a neighbour can join. Nil for any
    /// other text, which is measured cluster by cluster. Splitting text into clusters was most
    /// of the time it took to lay out the rows of a large design.
    static func simpleWidth<Scalars: Sequence<Unicode.Scalar>>(_ scalars: Scalars) -> Int? {
        var total = 0
        for scalar in scalars {
            let v = scalar.value
            if (0x20..<0x7F).contains(v) || (0xA0..<0x300).contains(v) {
                total += 1
            } else if (0x2010...0x2027).contains(v) || (0x2190...0x25FF).contains(v) {
                total += of(scalar)
            } else {
                return nil
            }
        }
        return total
    }

    package static func of<S: StringProtocol>(_ text: S) -> Int {
        simpleWidth(text.unicodeScalars) ?? clusterWidth(text)
    }

    private static func clusterWidth<S: StringProtocol>(_ text: S) -> Int {
        var total = 0
        for ch in text { total += of(ch) }
        return total
    }

    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC,
        0x23F0...0x23F0, 0x23F3...0x23F3, 0x25FD...0x25FE, 0x2614...0x2615,
        0x2648...0x2653, 0x267F...0x267F, 0x2693...0x2693, 0x26A1...0x26A1,
        0x26AA...0x26AB, 0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE...0x26CE,
        0x26D4...0x26D4, 0x26EA...0x26EA, 0x26F2...0x26F3, 0x26F5...0x26F5,
        0x26FA...0x26FA, 0x26FD...0x26FD, 0x2705...0x2705, 0x270A...0x270B,
        0x2728...0x2728, 0x274C...0x274C, 0x274E...0x274E, 0x2753...0x2755,
        0x2757...0x2757, 0x2795...0x2797, 0x27B0...0x27B0, 0x27BF...0x27BF,
        0x2B1B...0x2B1C, 0x2B50...0x2B50, 0x2B55...0x2B55,
        0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
        0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF,
        0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
        0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF,
        0x1F004...0x1F004, 0x1F0CF...0x1F0CF, 0x1F18E...0x1F18E, 0x1F191...0x1F19A,
        0x1F200...0x1F202, 0x1F210...0x1F23B, 0x1F240...0x1F248, 0x1F250...0x1F251,
        0x1F260...0x1F265, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    private static func isWide(_ v: UInt32) -> Bool {
        guard v >= 0x1100 else { return false }
        var lo = 0, hi = wideRanges.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let r = wideRanges[mid]
            if v < r.lowerBound { hi = mid - 1 } else if v > r.upperBound { lo = mid + 1 } else { return true }
        }
        return false
    }
}

package enum TextAlignment: Sendable, Hashable {
    case left, center, right
}

extension StringProtocol {
    /// Terminal columns this text occupies (not `count`, which counts
    /// graphemes: "中" is one grapheme but two columns).
    package var displayWidth: Int { DisplayWidth.of(self) }
}

extension String {
    /// Cuts the text to at most `width` columns, ending with `ellipsis` when
    /// something was cut. A wide character that would straddle the limit is
    /// dropped rather than split.
    package func truncated(toWidth width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        if displayWidth <= width { return self }
        let ellipsisWidth = ellipsis.displayWidth
        // When the ellipsis alone doesn't fit, a hard cut shows more content.
        let budget = ellipsisWidth <= width ? width - ellipsisWidth : width
        var result = ""
        var used = 0
        for ch in self {
            let w = DisplayWidth.of(ch)
            if used + w > budget { break }
            result.append(ch)
            used += w
        }
        return ellipsisWidth <= width ? result + ellipsis : result
    }

    /// Truncates, then pads with spaces to exactly `width` columns.
    package func fitted(toWidth width: Int, alignment: TextAlignment = .left, ellipsis: String = "…") -> String {
        let cut = truncated(toWidth: width, ellipsis: ellipsis)
        let pad = max(0, width - cut.displayWidth)
        switch alignment {
        case .left: return cut + String(repeating: " ", count: pad)
        case .right: return String(repeating: " ", count: pad) + cut
        case .center:
            let l = pad / 2
            return String(repeating: " ", count: l) + cut + String(repeating: " ", count: pad - l)
        }
    }
}
