/// A run of text in one style.
package struct Span: Hashable, Sendable, ExpressibleByStringLiteral {
    package var content: String
    package var style: Style

    package init(_ content: String, _ role: StyleRole = .text, bold: Bool = false) {
        self.content = content
        self.style = Style(role, bold: bold)
    }

    package init(_ content: String, style: Style) {
        self.content = content
        self.style = style
    }

    package init(stringLiteral value: String) {
        self.init(value)
    }

    package var width: Int { content.displayWidth }
}

/// One line of styled spans. Widgets take `Line`s so that a marker in a
/// list row or a count in a title can carry its own role.
package struct Line: Hashable, Sendable, ExpressibleByStringLiteral {
    package var spans: [Span]
    /// Where wrapped continuation rows start; nil: under the text after the line's leading
    /// spaces and list marker (see `continuationIndent`).
    package var hangingIndent: Int?

    package init(_ spans: [Span]) {
        self.spans = spans
    }

    package init(_ text: String, _ role: StyleRole = .text, bold: Bool = false) {
        self.spans = [Span(text, role, bold: bold)]
    }

    package init(stringLiteral value: String) {
        self.init(value)
    }

    package static let empty = Line([])

    package var width: Int { spans.reduce(0) { $0 + $1.width } }
    /// Whether the line shows nothing: cheaper than `width == 0` on a long line.
    package var isBlank: Bool { spans.allSatisfy(\.content.isEmpty) }

    /// The same line, its wrapped rows starting at column `indent`.
    package func hanging(_ indent: Int) -> Line {
        var line = self
        line.hangingIndent = indent
        return line
    }

    /// The column wrapped rows start at: the hanging indent if set, else the leading spaces
    /// and a list marker (`- `, `* `, `• `), so a wrapped item or indented paragraph keeps its
    /// indent instead of falling back to column 0.
    package var continuationIndent: Int {
        if let hangingIndent { return hangingIndent }
        let text = plainText
        let spaces = text.prefix { $0 == " " }.count
        let rest = text.dropFirst(spaces)
        let marker = ["- ", "* ", "• "].first { rest.hasPrefix($0) }.map(\.count) ?? 0
        return spaces + marker
    }
    package var plainText: String { spans.map(\.content).joined() }

    package func appending(_ span: Span) -> Line { Line(spans + [span]) }

    /// Cuts the line to `width` columns, putting `ellipsis` (styled like the
    /// span it replaces) at the end when something was cut.
    package func truncated(toWidth width: Int, ellipsis: String = "…") -> Line {
        guard width > 0 else { return .empty }
        if self.width <= width { return self }
        let ellipsisWidth = ellipsis.displayWidth
        let budget = ellipsisWidth <= width ? width - ellipsisWidth : width
        var out: [Span] = []
        var used = 0
        var lastStyle = spans.first?.style ?? .plain
        outer: for span in spans {
            var piece = ""
            lastStyle = span.style
            for ch in span.content {
                let w = DisplayWidth.of(ch)
                if used + w > budget {
                    if !piece.isEmpty { out.append(Span(piece, style: span.style)) }
                    break outer
                }
                piece.append(ch)
                used += w
            }
            if !piece.isEmpty { out.append(Span(piece, style: span.style)) }
        }
        if ellipsisWidth <= width { out.append(Span(ellipsis, style: lastStyle)) }
        return Line(out)
    }

    /// Word-wraps to `width` columns. Words longer than a line are broken by
    /// columns; styles survive the wrap. Continuation rows start at `indent` columns (at most
    /// half the width, so a deep indent still leaves room for words).
    package func wrapped(toWidth width: Int, indent: Int = 0) -> [Line] {
        guard width > 0 else { return [] }
        if self.width <= width { return [self] }
        let indent = max(0, min(indent, width / 2))
        // Tokens: runs of spaces or non-spaces, each keeping its style.
        var tokens: [(text: String, style: Style, isSpace: Bool)] = []
        for span in spans {
            var current = ""
            var currentIsSpace = false
            for ch in span.content {
                let space = ch == " "
                if !current.isEmpty && space != currentIsSpace {
                    tokens.append((current, span.style, currentIsSpace))
                    current = ""
                }
                current.append(ch)
                currentIsSpace = space
            }
            if !current.isEmpty { tokens.append((current, span.style, currentIsSpace)) }
        }
        var lines: [Line] = []
        var line: [Span] = []
        var used = 0
        func flush() {
            // Trailing spaces at a wrap point are invisible noise.
            while let last = line.last, last.content.allSatisfy({ $0 == " " }) { line.removeLast() }
            lines.append(Line(line))
            line = indent > 0 ? [Span(String(repeating: " ", count: indent))] : []
            used = indent
        }
        /// Where text starts on the row being filled.
        var start: Int { lines.isEmpty ? 0 : indent }
        var i = 0
        while i < tokens.count {
            let tok = tokens[i]
            let w = tok.text.displayWidth
            if tok.isSpace {
                if used == start && !lines.isEmpty { i += 1; continue }  // no leading spaces on continuation lines
                if used + w <= width { line.append(Span(tok.text, style: tok.style)); used += w } else { flush() }
                i += 1
                continue
            }
            // A word followed by another non-space token (from an adjacent
            // span) is still one word for wrapping purposes.
            var group: [(String, Style)] = [(tok.text, tok.style)]
            var groupWidth = w
            var j = i + 1
            while j < tokens.count, !tokens[j].isSpace {
                group.append((tokens[j].text, tokens[j].style))
                groupWidth += tokens[j].text.displayWidth
                j += 1
            }
            if used + groupWidth <= width {
                for (t, s) in group { line.append(Span(t, style: s)) }
                used += groupWidth
            } else if groupWidth <= width - indent {
                flush()
                for (t, s) in group { line.append(Span(t, style: s)) }
                // After the continuation indent flush() put on the row.
                used += groupWidth
            } else {
                // Break the long word character by character, from the start of a row of its own.
                if line.contains(where: { $0.content.contains { $0 != " " } }) { flush() }
                for (t, s) in group {
                    var piece = ""
                    for ch in t {
                        let cw = DisplayWidth.of(ch)
                        if used + cw > width {
                            if !piece.isEmpty { line.append(Span(piece, style: s)); piece = "" }
                            flush()
                        }
                        piece.append(ch)
                        used += cw
                    }
                    if !piece.isEmpty { line.append(Span(piece, style: s)) }
                }
            }
            i = j
        }
        if used > start || lines.isEmpty { flush() }
        return lines
    }
}
