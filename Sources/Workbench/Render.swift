import DesignModel
import DesignRules
import Foundation
import TerminalUI

/// Where everything goes on a screen of a given size. `update` uses the same numbers as
/// `render` (list height for paging and scrolling), so both agree on what is visible.
struct ScreenLayout {
    static let minimum = Size(width: 60, height: 16)

    var size: Size
    var isTooSmall: Bool
    var titleBar: Rect
    var list: Rect
    var detail: Rect
    var findings: Rect?
    /// Rows under the findings list for the selected finding (a rule line, its rule and
    /// element, its whole message); 0 when there is nothing to show or no room.
    var findingsPreview = 0
    var status: Rect

    init(state: AppState) {
        size = state.screenSize
        let screen = Rect(size: size)
        isTooSmall = size.width < ScreenLayout.minimum.width || size.height < ScreenLayout.minimum.height
        titleBar = screen.row(0)
        status = screen.row(max(0, size.height - 1))
        var main = Rect(x: 0, y: 1, width: size.width, height: max(0, size.height - 2))
        if state.findingsVisible {
            let count = state.viewModel.findings.count
            let wanted = max(3, min(count, 12) + 2 + (count == 0 ? 0 : ScreenLayout.previewRows(inner: 99)))
            let height = min(wanted, max(3, main.height / 2))
            let parts = Layout.vertical([.fill(1), .length(height)]).split(main)
            main = parts[0]
            findings = parts[1]
            findingsPreview = count == 0 ? 0 : ScreenLayout.previewRows(inner: parts[1].height - 2)
        }
        let columns = Layout.horizontal([.percentage(40), .fill(1)]).split(main)
        list = columns[0]
        detail = columns[1]
    }

    /// Rows of list content inside the border.
    var listHeight: Int { max(1, list.height - 2) }
    var detailHeight: Int { max(1, detail.height - 2) }
    var detailWidth: Int { max(1, detail.width - 4) }
    /// Rows of the findings list, above the preview.
    var findingsHeight: Int { max(1, (findings?.height ?? 3) - 2 - findingsPreview) }

    /// The preview's rows in a findings panel with `inner` rows: the rule and element, two or
    /// three rows of message, the rule's title; none when the list would keep too few rows.
    static func previewRows(inner: Int) -> Int {
        if inner >= 14 { return 5 }
        return inner >= 7 ? 4 : 0
    }
}

/// Drawing: a pure function from state to a frame.
package enum WorkbenchView {
    package static func render(_ state: AppState) -> Buffer {
        var buffer = Buffer(size: state.screenSize)
        let layout = ScreenLayout(state: state)
        if layout.isTooSmall {
            tooSmall(state, into: &buffer)
            return buffer
        }
        titleBar(state, layout, into: &buffer)
        if state.diagrams.isShown(state.pane) {
            diagramPane(state, layout, into: &buffer)
        } else {
            listPane(state, layout, into: &buffer)
            if case let .form(form) = state.mode {
                formPane(state, form, layout, into: &buffer)
            } else {
                detailPane(state, layout, into: &buffer)
            }
        }
        if let area = layout.findings { findingsPanel(state, layout, area, into: &buffer) }
        statusLine(state, layout, into: &buffer)
        state.mode.descriptor.overlay?(state, &buffer)
        return buffer
    }

    static func tooSmall(_ state: AppState, into buffer: inout Buffer) {
        let lines = [
            "Window too small: \(state.screenSize.width)x\(state.screenSize.height)",
            "archbench needs at least \(ScreenLayout.minimum.width)x\(ScreenLayout.minimum.height).",
            "Enlarge the window, or press q to quit.",
        ]
        let top = max(0, (state.screenSize.height - lines.count) / 2)
        for (i, text) in lines.enumerated() {
            let t = text.truncated(toWidth: state.screenSize.width, ellipsis: state.glyphs.ellipsis)
            let x = max(0, (state.screenSize.width - t.displayWidth) / 2)
            buffer.write(t, x: x, y: top + i, style: Style(i == 0 ? .warning : .text, bold: i == 0))
        }
    }

    static func titleBar(_ state: AppState, _ layout: ScreenLayout, into buffer: inout Buffer) {
        let row = layout.titleBar
        let tabs = Tabs(Pane.allCases.map(\.title), selected: state.pane.rawValue)
        let help = " ?: help "
        var title = state.design.title
        if let v = state.design.version { title += " \(v)" }
        let tag = state.isReadOnly ? " [review]" : ""
        var room = row.width - tabs.width - help.count - 2 - tag.count
        var prefix = " archbench \(state.glyphs.separator) "
        if room < prefix.displayWidth + 8 { prefix = " " }
        room -= prefix.displayWidth
        var x = buffer.write(prefix, x: row.x, y: row.y, style: Style(.title, bold: true))
        x = buffer.write(title.truncated(toWidth: max(0, room), ellipsis: state.glyphs.ellipsis), x: x, y: row.y, style: Style(.title, bold: true))
        x = buffer.write(tag, x: x, y: row.y, style: Style(.warning, bold: true))
        let tabsX = max(x + 2, row.right - help.count - tabs.width - 1)
        tabs.render(Rect(x: tabsX, y: row.y, width: max(0, row.right - help.count - tabsX), height: 1), in: &buffer)
        buffer.write(help, x: row.right - help.count, y: row.y, style: Style(.muted))
    }

    static func listPane(_ state: AppState, _ layout: ScreenLayout, into buffer: inout Buffer) {
        let rows = state.rows
        let counted = { (row: PaneRow) in row.isSelectable && !row.isPlaceholder }
        let selectable = rows.reduce(0) { $0 + (counted($1) ? 1 : 0) }
        let position = state.list.selected.flatMap { sel in
            sel < rows.count && counted(rows[sel]) ? rows[...sel].reduce(0) { $0 + (counted($1) ? 1 : 0) } : nil
        }
        let focused = state.focus == .list && state.mode != .help(offset: 0)
        let block = Block(title: Line("\(state.pane.title) (\(selectable))", .title),
                          trailingTitle: position.map { Line("\($0)/\(selectable)", .muted) },
                          focused: state.focus == .list, glyphs: state.glyphs)
        block.render(layout.list, in: &buffer)
        let inner = block.inner(layout.list).inset(left: 1)
        if rows.isEmpty {
            buffer.write("Nothing here yet.", x: inner.x + 1, y: inner.y, style: Style(.muted), clip: inner)
            return
        }
        var listState = state.list
        ListView(state.viewModel.items(state.pane), focused: focused, glyphs: state.glyphs)
            .render(inner, in: &buffer, state: &listState)
    }

    static func detailPane(_ state: AppState, _ layout: ScreenLayout, into buffer: inout Buffer) {
        let block = Block(title: Line(DetailView.title(for: state), .title),
                          focused: state.focus == .detail, glyphs: state.glyphs)
        block.render(layout.detail, in: &buffer)
        let inner = block.inner(layout.detail).inset(left: 1, right: 1)
        var scroll = state.detailScroll
        TextView.render(visual: DetailView.visualLines(for: state, width: inner.width), inner, in: &buffer, state: &scroll)
    }

    static func findingsPanel(_ state: AppState, _ layout: ScreenLayout, _ area: Rect, into buffer: inout Buffer) {
        let c = state.viewModel.counts
        func count(_ n: Int, _ word: String, _ role: StyleRole) -> [Span] {
            [Span("  \(n) \(word)\(n == 1 ? "" : "s")", n > 0 ? role : .muted)]
        }
        let title = Line([Span("Findings", .title)] + count(c.errors, "error", .error) + count(c.warnings, "warning", .warning)
            + [Span("  \(c.infos) info", c.infos > 0 ? .info : .muted)])
        let findings = state.viewModel.findings
        let rows = layout.findingsHeight
        // Where the selection is, once the list no longer shows all of them.
        let position = findings.count > rows ? state.findingsList.selected.map { Line("\($0 + 1) of \(findings.count)", .muted) } : nil
        let block = Block(title: title, trailingTitle: position, focused: state.focus == .findings, glyphs: state.glyphs)
        block.render(area, in: &buffer)
        let inner = block.inner(area).inset(left: 1)
        if findings.isEmpty {
            buffer.write(" No findings.", x: inner.x, y: inner.y, style: Style(.success), clip: inner)
            return
        }
        let listArea = Rect(x: inner.x, y: inner.y, width: inner.width, height: min(rows, inner.height))
        // Items for the visible rows only: a design with thousands of findings would otherwise
        // pay for all of them on every edit.
        var list = state.findingsList
        if let s = list.selected, s >= findings.count { list.selected = findings.count - 1 }
        list.clampOffset(count: findings.count, viewHeight: listArea.height)
        list.scrollToSelection(viewHeight: listArea.height)
        let window = list.offset..<min(findings.count, list.offset + max(0, listArea.height))
        let items = WorkbenchViewModel.findingItems(Array(findings[window]), columns: state.viewModel.findingColumns,
                                                    width: listArea.width, glyphs: state.glyphs)
        var visible = ListState(selected: list.selected.map { $0 - list.offset }, offset: 0)
        ListView(items, focused: state.focus == .findings, glyphs: state.glyphs).render(listArea, in: &buffer, state: &visible)
        guard layout.findingsPreview > 0, let selected = list.selected else { return }
        findingPreview(findings[selected], state,
                       Rect(x: inner.x, y: listArea.bottom, width: inner.width, height: layout.findingsPreview), into: &buffer)
    }

    /// The selected finding in full under the list: its rule and element, its whole message
    /// (wrapped), and what the rule is about.
    static func findingPreview(_ f: Finding, _ state: AppState, _ area: Rect, into buffer: inout Buffer) {
        let head = Line([Span(f.severity.glyph(state.glyphs) + " ", f.severity.role, bold: true), Span(f.ruleID, f.severity.role, bold: true),
                         Span(" on ", .muted), Span(f.element?.description ?? "the design", .accent, bold: true)])
        buffer.write(head.truncated(toWidth: area.width, ellipsis: state.glyphs.ellipsis), x: area.x, y: area.y, clip: area)
        let title = Validator.rule(id: f.ruleID).map { Line("  rule: " + $0.title, .muted) }
        let room = max(0, area.height - 1 - (title == nil ? 0 : 1))
        let message = Line(f.message).wrapped(toWidth: max(1, area.width - 2))
        for (i, line) in message.prefix(room).enumerated() {
            var shown = Line([Span("  ")] + line.spans)
            if i == room - 1 && message.count > room { shown = shown.appending(Span(" " + state.glyphs.ellipsis, .muted)) }
            buffer.write(shown.truncated(toWidth: area.width, ellipsis: state.glyphs.ellipsis), x: area.x, y: area.y + 1 + i, clip: area)
        }
        if let title {
            buffer.write(title.truncated(toWidth: area.width, ellipsis: state.glyphs.ellipsis), x: area.x,
                         y: area.y + 1 + min(room, message.count), clip: area)
        }
    }

    static func statusLine(_ state: AppState, _ layout: ScreenLayout, into buffer: inout Buffer) {
        let row = layout.status
        buffer.fill(row, style: Style(.statusBar))
        var spans: [Span] = [Span(" " + state.fileName, .statusBar, bold: true)]
        if state.isModified { spans.append(Span(" \(state.glyphs.modified) modified", .statusBar)) }
        // Stays in sight while the edits go on: the warning that said why passes with the next message.
        if state.editLock == .unavailable { spans.append(Span(" NO LOCK", .warning, bold: true)) }
        let c = state.viewModel.counts
        spans.append(Span(state.checksPending ? "  checking" : "  E\(c.errors) W\(c.warnings) I\(c.infos)", .statusBar))
        let mode = state.mode.descriptor
        let modeName = mode.name ?? (state.isReadOnly ? "REVIEW" : "NORMAL")
        spans.append(Span("  \(modeName) ", .activeTab, bold: true))
        if let input = mode.input {
            spans += input(state, row.width)
            // The match count, Tab's candidates, or why the input was refused.
            if let m = state.message { spans.append(Span("  " + m.text, m.severity?.role ?? .statusBar)) }
        } else if let m = state.message {
            let role: StyleRole = m.severity.map { $0 == .info ? .statusBar : $0.role } ?? .statusBar
            spans.append(Span(" " + m.text, role))
        }
        let left = Line(spans)
        // Hints fill what is left, whole hints only, so they never crowd out the message.
        let hints = FormKeys.statusHints(for: state) ?? DiagramKeys.statusHints(for: state)
            ?? WorkbenchKeys.map(readOnly: state.isReadOnly, served: state.isServed).bindings.filter(\.showInStatus)
                .map { (key: $0.keyLabel, help: $0.help) }
        var hintSpans: [Span] = []
        var hintWidth = 0
        let room = row.width - left.width - 2
        for b in hints {
            let text = "\(b.key): \(b.help)"
            let w = text.displayWidth + 2
            if hintWidth + w > room { break }
            hintSpans.append(Span(b.key, .statusBar, bold: true))
            hintSpans.append(Span(": \(b.help)  ", .statusBar))
            hintWidth += w
        }
        buffer.write(left.truncated(toWidth: row.width, ellipsis: state.glyphs.ellipsis), x: row.x, y: row.y, clip: row)
        if hintWidth > 0 {
            buffer.write(Line(hintSpans), x: row.right - hintWidth, y: row.y, clip: row)
        }
    }

    static func helpLines(_ state: AppState) -> [Line] {
        var lines = WorkbenchKeys.map(readOnly: state.isReadOnly, served: state.isServed).helpLines() + [.empty] + DiagramKeys.helpLines()
            + (state.isReadOnly ? [] : [.empty] + FormKeys.map(served: state.isServed).helpLines())
            + [.empty] + CommentKeys.helpLines() + [.empty] + ChangeKeys.helpLines() + [.empty]
            + WorkbenchCommands.helpLines(served: state.isServed)
        if state.isReadOnly {
            lines.insert(contentsOf: [Line("Review mode: the design is read-only. Comments (c, C) are allowed.", .warning),
                                      .empty], at: 0)
        }
        return lines
    }

    /// The help popup's size on a screen of `screen` cells, and the last scroll offset (in
    /// wrapped rows) that still fills it.
    static func helpGeometry(_ lines: [Line], screen: Size, glyphs: Glyphs) -> (width: Int, height: Int, maxOffset: Int) {
        let width = min(72, screen.width - 4)
        // Inside the border and a column of padding each side.
        let rows = TextView(lines, wrap: true, glyphs: glyphs).visualLines(width: max(1, width - 4)).count
        let height = min(rows + 4, screen.height - 2)
        // The border takes two rows, the footer and the row above it two more.
        return (width, height, max(0, rows - max(1, height - 4)))
    }

    static func helpOverlay(_ state: AppState, offset: Int, into buffer: inout Buffer) {
        let lines = helpLines(state)
        let geometry = helpGeometry(lines, screen: Size(width: buffer.width, height: buffer.height), glyphs: state.glyphs)
        let (width, height) = (geometry.width, geometry.height)
        Popup(title: "Keys", lines: lines,
              footer: Line([Span("j/k g/G", .accent, bold: true), Span(" scroll   "), Span("any other key", .accent, bold: true), Span(" closes   "),
                            Span(":", .accent, bold: true), Span(" command line")]),
              width: width, height: height, scroll: TextViewState(offset: offset), glyphs: state.glyphs)
            .render(buffer.area, in: &buffer)
    }

    static func jumpOverlay(_ state: AppState, query: String, selection: Int, into buffer: inout Buffer) {
        let height = min(22, buffer.height - 2)
        let visible = max(1, height - 5)
        let matches = FuzzyMatch.rank(query, in: state.viewModel.jumpTargets, limit: max(visible, selection + 1))
        let first = max(0, selection - visible + 1)
        var lines: [Line] = [Line([Span("> ", .accent, bold: true), Span(query, .input), Span(" ", .selection)]), .empty]
        if matches.isEmpty { lines.append(Line("no match", .muted)) }
        for (i, target) in matches.enumerated().dropFirst(first).prefix(visible) {
            let pane = Span("  " + target.pane.title, i == selection ? .selection : .muted)
            lines.append(Line([Span(target.label, i == selection ? .selection : .text), pane]))
        }
        Popup(title: "Jump to", lines: lines,
              footer: Line([Span("Enter", .accent, bold: true), Span(": go  "), Span("Up/Down", .accent, bold: true), Span(": choose  "),
                            Span("Esc", .accent, bold: true), Span(": cancel")]),
              width: min(76, buffer.width - 4), height: height, glyphs: state.glyphs)
            .render(buffer.area, in: &buffer)
    }
}

extension WorkbenchViewModel {
    /// Findings panel rows: severity, rule, element, message in columns. The rule and element
    /// columns are as wide as their longest entry (`columns`), or share a third of the row each
    /// when that is too wide, so the message gets what is left rather than a fixed cut.
    static func findingItems(_ findings: [Finding], columns: (rule: Int, element: Int), width: Int, glyphs: Glyphs) -> [ListItem] {
        // The list draws a two-column selection marker before each row.
        let room = max(0, width - 2 - 2)
        let ruleWidth = min(columns.rule, max(8, room / 3))
        let elementWidth = min(columns.element, max(8, room / 3))
        return findings.map { f in
            let element = f.element?.description ?? "design"
            return ListItem(Line([
                Span(f.severity.glyph(glyphs) + " ", f.severity.role, bold: true),
                Span(f.ruleID.fitted(toWidth: ruleWidth, ellipsis: glyphs.ellipsis) + " ", f.severity.role),
                Span(element.fitted(toWidth: elementWidth, ellipsis: glyphs.ellipsis) + " ", .accent),
                Span(f.message),
            ]))
        }
    }
}
