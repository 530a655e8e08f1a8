import DesignModel
import DesignRules
import TerminalUI

/// The keys of a form, for help and the README; `AppState.updateForm` carries them out, and
/// `FormKeyMapTests` holds the two together (each key here acts in a form, no other key does).
package enum FormKeys {
    package static let map = KeyMap<String>([
        KeyBinding([.tab, .down], "next", help: "store the field and go to the next", group: "In a form"),
        KeyBinding([.backTab, .up], "previous", help: "store the field and go to the previous", group: "In a form"),
        KeyBinding([.pageDown, .pageUp], "page", help: "store the field and go half a page down / up", group: "In a form"),
        KeyBinding(.enter, "enter", help: "store and go on; pick (choice, reference); open (part); $EDITOR (prose, JSON)", group: "In a form"),
        KeyBinding(.escape, "escape", help: "store what was typed; again: back to the parent form / the list", group: "In a form"),
        KeyBinding(.ctrl("c"), "cancel", help: "back to the parent form / the list, dropping what was typed", group: "In a form"),
        KeyBinding([.left, .right, .home, .end], "move", help: "move in the text (choice: Left/Right/Space cycle)", group: "In a form"),
        KeyBinding([.ctrl("b"), .ctrl("f"), .ctrl("a"), .ctrl("e")], "move", help: "back, forward, start, end (as Left/Right/Home/End)",
                   group: "In a form"),
        KeyBinding([.backspace, .delete, .ctrl("d")], "delete",
                   help: "delete before / under the cursor; clear a reference or an optional choice; Del: remove a part or a JSON example",
                   group: "In a form"),
        KeyBinding([.ctrl("u"), .ctrl("k"), .ctrl("w")], "kill", help: "delete to start / to end / the word before", group: "In a form"),
        KeyBinding(.ctrl("g"), "go", help: "go to a field by name (type a few letters, Enter)", group: "In a form"),
        KeyBinding(.ctrl("o"), "editor", help: "edit prose, a list or a JSON example in $VISUAL / $EDITOR", group: "In a form"),
        KeyBinding([.char("a"), .char("o"), .char("d"), .char("K"), .char("J"), .char("y"), .char("p")], "parts",
                   help: "on a part (param, column...): add (a/o), delete, move up/down, copy, paste", group: "In a form"),
        KeyBinding(.ctrl("z"), "undo", help: "undo (each stored field is one step)", group: "In a form"),
        KeyBinding([.ctrl("r"), .ctrl("y")], "redo", help: "redo", group: "In a form"),
        KeyBinding(.ctrl("s"), "save", help: "store the field and save the file", group: "In a form"),
    ])

    /// The form keys a session shows: a served session has no $EDITOR (it would run on the
    /// server's host).
    package static func map(served: Bool) -> KeyMap<String> { served ? servedMap : map }

    static let servedMap = KeyMap<String>(map.bindings.compactMap { binding in
        var binding = binding
        switch binding.action {
        case "editor": return nil
        case "enter": binding.help = "store and go on; pick (choice, reference); open (part)"
        default: break
        }
        return binding
    })

    /// The form keys as Markdown rows, for the README.
    package static func markdownTable() -> String {
        map.markdownTable(header: "form keys")
    }

    /// Status hints for the focused field.
    static func hints(_ kind: FieldKind?, row: FormRow?, served: Bool = false) -> [(key: String, help: String)] {
        var hints: [(key: String, help: String)] = []
        if let row, row.isAdd {
            hints.append((key: "Enter", help: "add"))
        } else if row?.item != nil {
            hints += [(key: "Enter", help: "open"), (key: "d", help: "delete"), (key: "K/J", help: "move")]
        } else {
            switch kind {
            case .choice?: hints += [(key: "Space", help: "next"), (key: "Enter", help: "pick")]
            case .reference?, .referenceList?: hints += [(key: "Enter", help: "pick"), (key: "Bksp", help: "remove")]
            case .json?, .lines?: if !served { hints.append((key: "Enter", help: "$EDITOR")) }
            case .longText?: hints += (served ? [] : [(key: "Enter", help: "$EDITOR")]) + [(key: "Tab", help: "store")]
            case .object?: hints.append((key: "Enter", help: "open"))
            default: hints.append((key: "Enter", help: "store"))
            }
        }
        return hints + [(key: "Esc", help: "back"), (key: "C-g", help: "go to field"), (key: "C-z", help: "undo"), (key: "C-s", help: "save")]
    }

    static func statusHints(for state: AppState) -> [(key: String, help: String)]? {
        guard case let .form(form) = state.mode else { return nil }
        let fields = form.fields(in: state.design)
        let rows = FormState.rows(fields)
        guard form.top.focus < rows.count else { return hints(nil, row: nil, served: state.isServed) }
        let row = rows[form.top.focus]
        return hints(fields[row.field].kind, row: row, served: state.isServed)
    }
}

extension WorkbenchView {
    static let labelWidth = 13

    /// The form in place of the detail pane: one row per field, the focused one being edited,
    /// each field's findings under it.
    static func formPane(_ state: AppState, _ form: FormState, _ layout: ScreenLayout, into buffer: inout Buffer) {
        let stored = form.isStored(form.levels.count - 1)
        let title = (stored ? "edit " : "new ") + form.breadcrumb
        let block = Block(title: Line(title.truncated(toWidth: max(0, layout.detail.width - 4), ellipsis: state.glyphs.ellipsis), .title),
                          focused: true, glyphs: state.glyphs)
        block.render(layout.detail, in: &buffer)
        let inner = block.inner(layout.detail).inset(left: 1, right: 1)
        guard inner.height > 0, inner.width > 0 else { return }
        let lines = formLines(state, form, width: inner.width)
        // The focused field's description, the one editors show from the JSON Schema, on the
        // pane's last row when the pane has room for it.
        let help = focusedHelp(state, form)
        let height = help != nil && inner.height >= 6 ? inner.height - 1 : inner.height
        if let help, height < inner.height {
            buffer.write(Line(help, .muted).truncated(toWidth: inner.width, ellipsis: state.glyphs.ellipsis),
                         x: inner.x, y: inner.y + height, clip: inner)
        }
        // Keep the focused row in view: as near the top as the rows before it allow.
        let offset = max(0, min(lines.focusStart, lines.focusEnd - height, lines.lines.count - height))
        for (i, line) in lines.lines.dropFirst(offset).prefix(height).enumerated() {
            buffer.write(line.truncated(toWidth: inner.width, ellipsis: state.glyphs.ellipsis), x: inner.x, y: inner.y + i, clip: inner)
        }
        if offset > 0 { buffer.write(state.glyphs.isUnicode ? "▲" : "^", x: inner.right - 1, y: inner.y, style: Style(.muted)) }
        if offset + height < lines.lines.count {
            buffer.write(state.glyphs.isUnicode ? "▼" : "v", x: inner.right - 1, y: inner.y + height - 1, style: Style(.muted))
        }
    }

    /// What the focused row's schema field holds (`FieldDefinition.help`); nil for rows that
    /// are no schema field.
    static func focusedHelp(_ state: AppState, _ form: FormState) -> String? {
        let fields = form.fields(in: state.design)
        let rows = FormState.rows(fields)
        guard form.top.focus < rows.count, let source = fields[rows[form.top.focus].field].source else { return nil }
        return Schemas.definitions(of: source.kind).first { $0.key == source.key }?.help
    }

    struct FormLines {
        var lines: [Line] = []
        var focusStart = 0
        var focusEnd = 0
    }

    /// The findings of the element a form edits, by field (see `FindingField`).
    static func formFindings(_ state: AppState, _ form: FormState) -> [Finding] {
        let rowRef: ElementRef?
        switch form.levels[0].origin {
        case let .element(ref?, _, _): rowRef = WorkbenchViewModel.rowRef(for: ref, in: state.design)
        case let .section(key):
            switch key {
            case .header: rowRef = .section("summary")
            case .requirements: rowRef = .section("requirements")
            case .apiSettings: rowRef = .section("api")
            case .deployment: rowRef = .section("deployment")
            case .security: rowRef = .section("security")
            case .scalingNotes: rowRef = .section("load_balancing")
            default: rowRef = nil
            }
        case .list: rowRef = .section("phases")
        default: rowRef = nil
        }
        // The scaling notes' form edits the load balancing and failover rows at once.
        if case .section(.scalingNotes) = form.levels[0].origin {
            return ["load_balancing", "failover", "scaling_notes"].flatMap { state.viewModel.findingsByRow[.section($0)] ?? [] }
        }
        return rowRef.flatMap { state.viewModel.findingsByRow[$0] } ?? []
    }

    static func formLines(_ state: AppState, _ form: FormState, width: Int) -> FormLines {
        var out = FormLines()
        let fields = form.fields(in: state.design)
        let rows = FormState.rows(fields)
        let ids = fields.map(\.id)
        let findings = formFindings(state, form)
        // At a part's form, the findings of the parent's field it belongs to (params...) head it.
        var headFindings: [Finding] = []
        var byField: [String: [Finding]] = [:]
        var partField: String?
        for level in form.levels.dropFirst() {
            if case let .item(field, _) = level.origin { partField = field }
            if case let .object(field, _) = level.origin { partField = field }
        }
        let rootIDs = form.levels[0].subject.fields.map(\.id)
        for f in findings {
            let field = FindingField.field(for: f.ruleID, among: form.levels.count == 1 ? ids : rootIDs)
            if form.levels.count == 1 {
                if let field { byField[field, default: []].append(f) } else { headFindings.append(f) }
            } else if field == partField {
                headFindings.append(f)
            }
        }
        for f in headFindings.prefix(4) {
            // Wrapped under the glyph, not cut: a finding cut at the pane's edge says nothing.
            let line = Line([Span(f.severity.glyph(state.glyphs) + " ", f.severity.role, bold: true), Span(f.message, f.severity.role)])
            out.lines += line.wrapped(toWidth: width, indent: 2)
        }
        if headFindings.count > 4 { out.lines.append(Line("  … \(headFindings.count - 4) more in the findings panel (f)", .muted)) }
        if !headFindings.isEmpty { out.lines.append(.empty) }
        if rows.isEmpty { out.lines.append(Line("Nothing to edit here.", .muted)) }
        let valueWidth = max(4, width - labelWidth - 2)
        for (r, row) in rows.enumerated() {
            let field = fields[row.field]
            let focused = r == form.top.focus
            let first = row.item == 0 || (row.item == nil && (!row.isAdd || fieldItemsEmpty(field)))
            let label = first ? field.label : ""
            let marker = focused ? (state.glyphs.isUnicode ? "▸ " : "> ") : "  "
            var spans = [Span(marker, .accent, bold: true),
                         Span(label.fitted(toWidth: labelWidth - 2, ellipsis: state.glyphs.ellipsis) + " ", focused ? .accent : .muted, bold: focused)]
            if focused { out.focusStart = out.lines.count }
            spans += valueSpans(state, form, field, row, focused: focused, width: valueWidth)
            out.lines.append(Line(spans))
            let last = r + 1 == rows.count || rows[r + 1].field != row.field
            if last {
                // Wrapped, not cut: the message is the point of showing a finding beside its field.
                for f in byField[field.id] ?? [] {
                    let body = Line([Span(f.severity.glyph(state.glyphs) + " ", f.severity.role, bold: true), Span(f.message, f.severity.role)])
                    for part in body.wrapped(toWidth: max(8, width - labelWidth)) {
                        out.lines.append(Line([Span(String(repeating: " ", count: labelWidth))] + part.spans))
                    }
                }
            }
            if focused, let m = form.fieldMessage {
                // Wrapped like the findings above: the reason is no use cut short.
                for part in Line([Span("! " + m, .error, bold: true)]).wrapped(toWidth: max(8, width - labelWidth), indent: 2) {
                    out.lines.append(Line([Span(String(repeating: " ", count: labelWidth))] + part.spans))
                }
            }
            if focused { out.focusEnd = out.lines.count }
        }
        return out
    }

    private static func fieldItemsEmpty(_ field: FormField) -> Bool {
        switch field.kind {
        case let .items(_, summaries): summaries.isEmpty
        case let .elements(_, names): names.isEmpty
        default: true
        }
    }

    private static func valueSpans(_ state: AppState, _ form: FormState, _ field: FormField, _ row: FormRow,
                                   focused: Bool, width: Int) -> [Span] {
        let role: StyleRole = focused ? .selection : .text
        let bullet = state.glyphs.isUnicode ? "• " : "- "
        if row.isAdd {
            let noun: String
            switch field.kind {
            case let .items(n, _): noun = n
            case let .elements(c, _): noun = c.kind.rawValue
            default: noun = field.label
            }
            return [Span("+ add \(noun)", focused ? .selection : .muted)]
        }
        if let item = row.item {
            switch field.kind {
            // Steps happen in their order, which K/J change: numbered as in the flow's detail.
            case let .items(noun, summaries) where noun == FormSchema.partNoun(.flowStep):
                return [Span("\(item + 1). " + summaries[item], role)]
            case let .items(_, summaries): return [Span(bullet + summaries[item], role)]
            case let .elements(_, names): return [Span(bullet + names[item], role)]
            default: break
            }
        }
        func shown(_ text: String, empty: String = "(not set)") -> [Span] {
            text.isEmpty ? [Span(empty, focused ? .selection : .muted)] : [Span(text, role)]
        }
        switch field.kind {
        case .text, .number, .commaList, .longText:
            if focused, let editor = form.editor { return editor.spans(width: width) }
            let firstLine = field.value.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
            var spans = shown(firstLine)
            if field.value.contains("\n") { spans.append(Span(" " + state.glyphs.ellipsis + " (Enter: $EDITOR)", .muted)) }
            return spans
        case .choice:
            var spans = shown(field.value)
            if focused { spans.append(Span(state.glyphs.isUnicode ? "  ◂ ▸" : "  < >", .muted)) }
            return spans
        case .reference:
            // "(not set)" as every other field: "none" is a value of its own (a public endpoint's auth).
            return shown(field.value)
        case .referenceList:
            return shown(field.list.joined(separator: ", "), empty: "(none)")
        case .json:
            if let rejected = form.rejected, rejected.fieldID == field.id {
                return [Span("invalid JSON, not stored", .error, bold: true), Span("  Enter: fix  Esc: drop", .muted)]
            }
            let compact = field.value.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            return shown(compact, empty: "(none)")
        case .lines:
            guard let first = field.list.first else { return shown("", empty: "(none)") }
            return [Span("\(field.list.count): ", .muted), Span(first, role)]
        case let .object(_, summary):
            return shown(summary ?? "", empty: "(none)")
        case .items, .elements:
            return []
        }
    }

    static func pickerOverlay(_ state: AppState, _ picker: PickerState, into buffer: inout Buffer) {
        let height = min(18, buffer.height - 2)
        let visible = max(1, height - 5)
        let matches = picker.matches
        let first = max(0, picker.selection - visible + 1)
        var lines: [Line] = [Line([Span("> ", .accent, bold: true)] + picker.query.spans(width: 40)), .empty]
        if matches.isEmpty { lines.append(Line("no match", .muted)) }
        for (i, candidate) in matches.enumerated().dropFirst(first).prefix(visible) {
            let mark = picker.marked.contains(candidate) ? (state.glyphs.isUnicode ? "✓ " : "* ") : "  "
            lines.append(Line([Span(mark, .success, bold: true), Span(candidate, i == picker.selection ? .selection : .text)]))
        }
        // A list field's picker stays open for several picks; Esc is then "done", not "cancel".
        let multi = if case .field(_, true) = picker.purpose { true } else { false }
        Popup(title: picker.title, lines: lines,
              footer: Line([Span("Enter", .accent, bold: true), Span(multi ? ": add/remove  " : ": pick  "), Span("type", .accent, bold: true),
                            Span(": filter  "), Span("Esc", .accent, bold: true), Span(multi ? ": done" : ": cancel")]),
              width: min(64, buffer.width - 4), height: height, glyphs: state.glyphs)
            .render(buffer.area, in: &buffer)
    }

    static func confirmDeletePopup(_ state: AppState, _ ref: ElementRef, into buffer: inout Buffer) {
        var referrers = state.design.referrers(of: ref)
        if ref.kind == .table { referrers.removeAll { $0.owner == ref } }
        var lines = [Line("Delete \(ref)?")]
        var footer = [Span("y", .accent, bold: true), Span(": delete  "), Span("n", .accent, bold: true), Span(": keep")]
        if referrers.isEmpty {
            lines += [.empty, Line("Nothing refers to it. Undo (u) brings it back.", .muted)]
        } else {
            lines += [.empty, Line("Referred to by \(referrers.count):", .warning)]
            for site in referrers.prefix(8) { lines.append(Line("  " + site.description)) }
            if referrers.count > 8 { lines.append(Line("  … and \(referrers.count - 8) more", .muted)) }
            // Say what happens to the referring elements: they stay, only their reference goes.
            lines += [.empty, Line("y is refused while these refer to it.", .muted),
                      Line("D deletes it and removes the reference from each of them; those elements stay.", .muted)]
            footer = [Span("D", .accent, bold: true), Span(": delete, clear their references  "), Span("n", .accent, bold: true),
                      Span(": keep")]
        }
        Popup(title: "Delete", lines: lines, footer: Line(footer), width: min(70, buffer.width - 4), glyphs: state.glyphs)
            .render(buffer.area, in: &buffer)
    }

    static func confirmQuitPopup(_ state: AppState, into buffer: inout Buffer) {
        Popup(title: "Unsaved changes",
              lines: [Line("\(state.fileName) has unsaved changes."), .empty, Line("Save them before quitting?")],
              footer: Line([Span("s", .accent, bold: true), Span(": save and quit  "), Span("d", .accent, bold: true),
                            Span(": discard and quit  "), Span("Esc", .accent, bold: true), Span(": cancel")]),
              glyphs: state.glyphs).render(buffer.area, in: &buffer)
    }
}
