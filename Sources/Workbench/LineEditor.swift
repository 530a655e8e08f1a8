import TerminalUI

/// One line of text being typed, with the keys of a readline line: Left/Right, Home/End,
/// Ctrl-A/E, Ctrl-U (kill to the start), Ctrl-K (kill to the end), Ctrl-W (kill the word
/// before the cursor), Backspace and Delete. The cursor counts characters, not bytes.
package struct LineEditor: Sendable, Equatable {
    package private(set) var characters: [Character]
    package private(set) var cursor: Int

    package init(_ text: String = "") {
        characters = Array(text)
        cursor = characters.count
    }

    package var text: String { String(characters) }

    /// Applies a key; false when the key is not a line-editing key (the caller handles it).
    @discardableResult
    package mutating func handle(_ key: Key) -> Bool {
        switch key {
        case let .char(c) where !c.isNewline:
            characters.insert(c, at: cursor)
            cursor += 1
        case .left, .ctrl("b"): cursor = max(0, cursor - 1)
        case .right, .ctrl("f"): cursor = min(characters.count, cursor + 1)
        case .home, .ctrl("a"): cursor = 0
        case .end, .ctrl("e"): cursor = characters.count
        case .backspace, .ctrl("h"):
            guard cursor > 0 else { return true }
            characters.remove(at: cursor - 1)
            cursor -= 1
        case .delete, .ctrl("d"):
            if cursor < characters.count { characters.remove(at: cursor) }
        case .ctrl("u"):
            characters.removeSubrange(0..<cursor)
            cursor = 0
        case .ctrl("k"):
            characters.removeSubrange(cursor..<characters.count)
        case .ctrl("w"):
            // As readline's unix-word-rubout: the spaces before the cursor, then the word.
            var start = cursor
            while start > 0, characters[start - 1] == " " { start -= 1 }
            while start > 0, characters[start - 1] != " " { start -= 1 }
            characters.removeSubrange(start..<cursor)
            cursor = start
        default:
            return false
        }
        return true
    }

    /// The text as spans with the cursor cell shown in the selection style, scrolled
    /// horizontally so the cursor stays inside `width` cells.
    func spans(width: Int, role: StyleRole = .input) -> [Span] {
        let width = max(1, width)
        var start = 0
        // Keep the cursor in view: drop characters from the left until it fits. The width before
        // the cursor is summed once and lowered as characters drop (it was summed again for each).
        var before = 0
        for i in 0..<cursor { before += String(characters[i]).displayWidth }
        while before + 1 > width, start < cursor {
            before -= String(characters[start]).displayWidth
            start += 1
        }
        var spans: [Span] = []
        let shown = String(characters[start..<cursor])
        if !shown.isEmpty { spans.append(Span(shown, role)) }
        let under = cursor < characters.count ? String(characters[cursor]) : " "
        spans.append(Span(under, .selection))
        if cursor + 1 < characters.count { spans.append(Span(String(characters[(cursor + 1)...]), role)) }
        return spans
    }
}
