import DesignModel
import TerminalUI

/// What a key does while the comments panel is open.
package enum CommentsPanelAction: Sendable, Equatable {
    case moveDown, moveUp, top, bottom
    case goToElement, reply, toggleResolved
    case statusFilter, authorFilter
    case commentOnDesign, close
    /// A reviewer's decision on the whole design (`verdict:` on a comment about it).
    case verdict(CommentVerdict)
}

/// The comments panel's key table: the panel has the keyboard while it is open, so its keys
/// may reuse letters the lists use. Help, the panel's footer and the README come from it.
package enum CommentKeys {
    package static let map = KeyMap<CommentsPanelAction>([
        KeyBinding([.char("j"), .down], .moveDown, help: "next comment", group: "Comments panel (C)"),
        KeyBinding([.char("k"), .up], .moveUp, help: "previous comment", group: "Comments panel (C)"),
        KeyBinding([.char("g"), .home], .top, help: "first comment", group: "Comments panel (C)"),
        KeyBinding([.char("G"), .end], .bottom, help: "last comment", group: "Comments panel (C)"),
        KeyBinding(.enter, .goToElement, help: "go to the comment's element (Esc comes back)", group: "Comments panel (C)",
                   showInStatus: true),
        KeyBinding(.char("r"), .reply, help: "reply", group: "Comments panel (C)", showInStatus: true),
        KeyBinding(.char("x"), .toggleResolved, help: "resolve / reopen", group: "Comments panel (C)", showInStatus: true),
        KeyBinding(.char("s"), .statusFilter, help: "show all / open / resolved", group: "Comments panel (C)",
                   showInStatus: true),
        KeyBinding(.char("a"), .authorFilter, help: "show one author's / everyone's", group: "Comments panel (C)",
                   showInStatus: true),
        KeyBinding(.char("c"), .commentOnDesign, help: "comment on the whole design", group: "Comments panel (C)"),
        KeyBinding(.char("v"), .verdict(.approve), help: "verdict: approve the design as it is now (with text)", group: "Comments panel (C)"),
        KeyBinding(.char("V"), .verdict(.requestChanges), help: "verdict: request changes (with text)", group: "Comments panel (C)"),
        KeyBinding([.escape, .char("C"), .char("q")], .close, help: "close the panel", group: "Comments panel (C)",
                   showInStatus: true),
    ])

    package static func helpLines() -> [Line] { map.helpLines() }

    /// The panel's keys as Markdown rows, for the README.
    package static func markdownTable() -> String {
        map.markdownTable(header: "keys in the comments panel")
    }
}

/// Where a panel's parts go on a screen (the comments panel, the Changes panel): a row of
/// filters, the list, the selected item below it, the keys; `update` scrolls with the same numbers.
struct PanelLayout {
    var frame: Rect
    var filters: Rect
    var list: Rect
    var separator: Rect
    var detail: Rect
    var footer: Rect

    init(screen: Size) {
        let area = Rect(size: screen)
        frame = area.centered(width: max(0, min(110, screen.width - 4)), height: max(0, screen.height - 2))
        let inner = frame.inset(by: 1).inset(left: 1, right: 1)
        filters = inner.row(0)
        footer = inner.row(max(0, inner.height - 1))
        let body = max(0, inner.height - 3)
        let listRows = max(1, min(body / 2, body - 3))
        list = Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: listRows)
        separator = inner.row(1 + listRows)
        detail = Rect(x: inner.x, y: separator.y + 1, width: inner.width, height: max(0, footer.y - separator.y - 1))
    }

    var listHeight: Int { max(1, list.height) }
}

extension WorkbenchView {
    /// The comments panel: filters, the list (open first), the selected comment with its
    /// replies, and the panel's keys.
    static func commentsPanel(_ state: AppState, into buffer: inout Buffer) {
        let layout = PanelLayout(screen: state.screenSize)
        guard layout.frame.width >= 20, layout.frame.height >= 8 else { return }
        let g = state.glyphs
        let all = state.design.comments
        let open = all.filter(\.isOpen).count
        let block = Block(title: Line("Comments", .title),
                          trailingTitle: Line(" \(open) open of \(all.count) ", .muted),
                          focused: true, background: .plain, glyphs: g)
        block.render(layout.frame, in: &buffer)

        let panel = state.commenting.panel
        let filters = Line([Span("status ", .muted), Span(panel.status.rawValue, .accent, bold: true),
                            Span("   author ", .muted), Span(panel.author ?? "everyone", .accent, bold: true),
                            Span("   signing as ", .muted), Span(state.commenting.author, bold: true)])
        buffer.write(filters.truncated(toWidth: layout.filters.width, ellipsis: g.ellipsis),
                     x: layout.filters.x, y: layout.filters.y, clip: layout.filters)

        let listed = state.listedComments
        if listed.isEmpty {
            let text = all.isEmpty ? "No comments yet. c comments on the whole design; in the lists c comments on the selection."
                : "No \(panel.status == .all ? "" : panel.status.rawValue + " ")comments\(panel.author.map { " by \($0)" } ?? "")."
            buffer.write(text, x: layout.list.x + 1, y: layout.list.y, style: Style(.muted), clip: layout.list)
        } else {
            var list = panel.list
            ListView(listed.map { commentItem($0, glyphs: g) }, focused: true, glyphs: g)
                .render(layout.list, in: &buffer, state: &list)
        }
        buffer.write(String(repeating: g.horizontal, count: max(0, layout.separator.width)),
                     x: layout.separator.x, y: layout.separator.y, style: Style(.border), clip: layout.separator)
        if let comment = state.selectedComment {
            TextView(commentDetail(comment, glyphs: g), wrap: true, glyphs: g).render(layout.detail, in: &buffer)
        }
        var hints: [Span] = []
        for b in CommentKeys.map.bindings where b.showInStatus {
            hints.append(Span(b.keys.first.map { "\($0)" } ?? b.keyLabel, .accent, bold: true))
            hints.append(Span(": \(b.help)  "))
        }
        hints.append(Span("C-s", .accent, bold: true))
        hints.append(Span(": save"))
        buffer.write(Line(hints).truncated(toWidth: layout.footer.width, ellipsis: g.ellipsis),
                     x: layout.footer.x, y: layout.footer.y, clip: layout.footer)
    }

    /// One comment as a list row: state, id, element, author, the text's first line.
    static func commentItem(_ comment: Comment, glyphs: Glyphs) -> ListItem {
        let status = (comment.status ?? .open).rawValue
        let firstLine = comment.text?.split(separator: "\n").first.map(String.init) ?? ""
        let replies = comment.replies.isEmpty ? "" : "  (\(comment.replies.count) repl\(comment.replies.count == 1 ? "y" : "ies"))"
        return ListItem(Line([
            Span(comment.isOpen ? glyphs.comment : glyphs.ok, comment.isOpen ? .accent : .success, bold: true),
            Span(" #\(comment.id) ".fitted(toWidth: 6, ellipsis: glyphs.ellipsis)),
            Span((comment.verdict?.rawValue ?? status).fitted(toWidth: 9, ellipsis: glyphs.ellipsis),
                 comment.verdict == .approve ? .success : comment.verdict == .requestChanges ? .error : comment.isOpen ? .warning : .muted),
            Span((comment.element ?? "design").fitted(toWidth: 26, ellipsis: glyphs.ellipsis) + " ", .accent),
            Span((comment.author ?? "?").fitted(toWidth: 12, ellipsis: glyphs.ellipsis) + " ", .text, bold: true),
            Span(firstLine),
            Span(replies, .muted),
        ]))
    }

    /// The selected comment in full, then its replies.
    static func commentDetail(_ comment: Comment, glyphs: Glyphs) -> [Line] {
        var lines = [Line([
            Span("#\(comment.id) ", .accent, bold: true),
            Span("on \(comment.element ?? "the whole design") ", .accent),
            Span("by \(comment.author ?? "?")", bold: true),
            Span(comment.at.map { "  \($0)" } ?? "", .muted),
            Span("  \((comment.status ?? .open).rawValue)", comment.isOpen ? .warning : .success),
        ] + (comment.verdict.map { [Span("  verdict: \($0.rawValue)", $0 == .approve ? .success : .error, bold: true)] } ?? []))]
        for part in (comment.text ?? "").split(separator: "\n", omittingEmptySubsequences: false) {
            lines.append(Line("  " + part))
        }
        for reply in comment.replies {
            lines.append(Line([Span(glyphs.isUnicode ? "  ↳ " : "  > ", .muted), Span(reply.author ?? "?", bold: true),
                               Span(reply.at.map { "  \($0)" } ?? "", .muted)]))
            for part in (reply.text ?? "").split(separator: "\n", omittingEmptySubsequences: false) {
                lines.append(Line("      " + part))
            }
        }
        return lines
    }

    /// The one-line input for a comment or a reply.
    static func commentInputPopup(_ state: AppState, _ input: CommentInput, into buffer: inout Buffer) {
        let width = min(78, buffer.width - 4)
        let field = Line([Span("> ", .accent, bold: true)] + input.editor.spans(width: max(1, width - 6)))
        Popup(title: input.title, lines: [Line("as \(state.commenting.author)", .muted), field],
              footer: Line([Span("Enter", .accent, bold: true), Span(": add  "), Span("Esc", .accent, bold: true),
                            Span(": cancel")]),
              width: width, height: 6, glyphs: state.glyphs)
            .render(buffer.area, in: &buffer)
    }
}
