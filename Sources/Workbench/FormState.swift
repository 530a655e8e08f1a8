import DesignExport
import DesignModel
import DesignRules
import Foundation
import TerminalUI

/// Where the subject of a form level lives in the design.
package enum FormOrigin: Equatable, Sendable {
    /// A top-level element; nil until a new one has been added (it is added as soon as it has
    /// a name), `insertAt` saying where.
    case element(ElementRef?, ElementCollection, insertAt: Int?)
    case section(DesignSection.Key)
    /// A list of elements shown as one section (the phases); stores nothing itself.
    case list(ElementCollection)
    /// A part in the parent level's items field; nil until a new part has a name.
    case item(field: String, index: Int?)
    /// An optional part of the parent (partitioning, request body). Not `stored` while it was
    /// only opened: it is added when one of its fields is stored, never by moving onto it.
    case object(field: String, stored: Bool)
}

/// One form of the stack: an endpoint, then one of its params...
package struct FormLevel: Equatable, Sendable {
    package var subject: FormSubject
    package var origin: FormOrigin
    /// The focused row.
    package var focus = 0
    /// Where a top-level element was last seen in its list, to find it again after an undo
    /// took its name back.
    package var lastIndex: Int?
}

/// One row of a form: a field, one part of an items field, or the row that adds one.
package struct FormRow: Equatable, Sendable {
    package var field: Int
    package var item: Int?
    package var isAdd = false
}

/// A value that could not be stored, kept for fixing rather than dropped: the JSON the editor
/// gave back that does not parse.
package struct RejectedValue: Equatable, Sendable {
    package var fieldID: String
    package var text: String
    package var message: String
}

/// Text for $VISUAL / $EDITOR, and the file name extension that picks the editor's syntax.
package struct ExternalEdit: Equatable, Sendable {
    package var text: String
    package var fileExtension: String
    package init(text: String, fileExtension: String) {
        self.text = text
        self.fileExtension = fileExtension
    }
}

/// How an external edit ended.
package enum ExternalEditResult: Equatable, Sendable {
    case edited(String)
    case failed(String)
}

/// A form: a stack of levels (element, then part of it), the focused field's typing buffer,
/// an open picker. Typing changes only the buffer; committing a field (Enter, Tab, Up/Down,
/// a cycled choice, a picked reference) stores it through the edit history, so every committed
/// field is one undo step and validation runs once per commit.
package struct FormState: Equatable, Sendable {
    package var levels: [FormLevel]
    /// The focused field's text while it is typed in place.
    package var editor: LineEditor?
    package var picker: PickerState?
    package var rejected: RejectedValue?
    /// Why the focused field's last value was not stored; shown beside it.
    package var fieldMessage: String?
    /// The field waiting for $EDITOR.
    package var externalField: String?

    init(_ level: FormLevel) { levels = [level] }
    init(levels: [FormLevel]) { self.levels = levels }

    package var top: FormLevel {
        get { levels[levels.count - 1] }
        set { levels[levels.count - 1] = newValue }
    }
}

extension FormState {
    /// The fields of the top level, with the design's element names filled in.
    func fields(in design: Design) -> [FormField] {
        top.subject.fields.map { field in
            guard case let .elements(collection, _) = field.kind else { return field }
            var f = field
            f.kind = .elements(collection, names: design.elements(of: collection).map(\.name))
            return f
        }
    }

    func rows(in design: Design) -> [FormRow] { FormState.rows(fields(in: design)) }

    static func rows(_ fields: [FormField]) -> [FormRow] {
        var rows: [FormRow] = []
        for (i, field) in fields.enumerated() {
            switch field.kind {
            case let .items(_, summaries):
                for j in summaries.indices { rows.append(FormRow(field: i, item: j)) }
                rows.append(FormRow(field: i, isAdd: true))
            case let .elements(_, names):
                for j in names.indices { rows.append(FormRow(field: i, item: j)) }
                rows.append(FormRow(field: i, isAdd: true))
            default:
                rows.append(FormRow(field: i))
            }
        }
        return rows
    }

    /// Whether level `i` is in the design (not a new element or part still without a name).
    func isStored(_ i: Int) -> Bool {
        let own: Bool
        switch levels[i].origin {
        case let .element(ref, _, _): own = ref != nil
        case .section, .list: own = true
        case let .object(_, stored): own = stored
        case let .item(_, index): own = index != nil
        }
        return own && (i == 0 || isStored(i - 1))
    }

    /// "endpoint POST /v1/x › param id": where the form is.
    var breadcrumb: String { levels.map(\.subject.title).joined(separator: " › ") }
}

// MARK: - Opening and closing

extension AppState {
    /// Opens a form on an element or a section row; false when the row has none.
    mutating func openForm(for ref: ElementRef) -> Bool {
        let level: FormLevel
        if let (collection, index) = design.index(of: ref) {
            level = FormLevel(subject: .element(design.element(at: index, in: collection)),
                              origin: .element(ref, collection, insertAt: nil), lastIndex: index)
        } else if ref.kind == .section, let key = Self.sectionKey(ref.name) {
            level = FormLevel(subject: .section(design.section(key)), origin: .section(key))
        } else if ref == .section("phases") {
            level = FormLevel(subject: .elementList(.phases), origin: .list(.phases))
        } else {
            return false
        }
        var form = FormState(level)
        if ref.name == "load" { form.top.focus = 1 }
        if ref.name == "constraints" { form.top.focus = 7 }
        if ref.name == "questions" { form.top.focus = 8 }
        syncEditor(&form)
        mode = .form(form)
        return true
    }

    /// The section a row of the Overview or Scaling pane edits.
    static func sectionKey(_ row: String) -> DesignSection.Key? {
        switch row {
        case "summary": .header
        case "requirements", "load", "constraints", "questions": .requirements
        case "api": .apiSettings
        case "deployment": .deployment
        case "security": .security
        case "load_balancing", "failover", "scaling_notes": .scalingNotes
        default: nil
        }
    }

    /// Opens a form on a new element, stored as soon as it has a name.
    mutating func openNewForm(_ element: DesignElement, insertAt: Int?) {
        var form = FormState(FormLevel(subject: .element(element), origin: .element(nil, element.collection, insertAt: insertAt)))
        // The first field a new element needs: the path of an endpoint, the name of the rest.
        form.top.focus = element.collection == .endpoints ? 1 : 0
        syncEditor(&form)
        mode = .form(form)
        message = StatusMessage(text: "new \(element.ref.kind.rawValue): \(element.collection == .endpoints ? "type its path" : "name it"), Enter adds it", severity: nil)
    }

    /// Leaves the form, showing the element it edited in its list.
    mutating func closeForm(_ form: FormState) {
        mode = .normal
        if case let .element(ref?, _, _) = form.levels[0].origin { select(ref) }
    }

    // MARK: - Keys

    mutating func updateForm(_ key: Key, _ original: FormState) -> [WorkbenchEffect] {
        var form = original
        if let picker = form.picker {
            updateFormPicker(key, picker, &form)
            if case .form = mode { mode = .form(form) }
            return []
        }
        let fields = form.fields(in: design)
        let rows = FormState.rows(fields)
        guard !rows.isEmpty else {
            closeForm(form)
            return []
        }
        form.top.focus = min(form.top.focus, rows.count - 1)
        let row = rows[form.top.focus]
        let field = fields[row.field]
        var effects: [WorkbenchEffect] = []
        switch key {
        case .ctrl("s"):
            guard commitTyped(&form) else { break }
            mode = .form(form)
            return perform(.save, key: key)
        case .ctrl("z"), .ctrl("y"), .ctrl("r"):
            let label = key == .ctrl("z") ? history.undo(&design) : history.redo(&design)
            guard let label else {
                message = StatusMessage(text: key == .ctrl("z") ? "nothing to undo" : "nothing to redo", severity: nil)
                break
            }
            editDone("\(key == .ctrl("z") ? "undid" : "redid") \(label)")
            form.fieldMessage = nil
            form.rejected = nil
            guard refreshForm(&form) else {
                mode = .normal
                message = StatusMessage(text: "\(key == .ctrl("z") ? "undid" : "redid") \(label); the form's element is gone", severity: nil)
                return []
            }
        case .escape:
            // As vim's Esc: what was typed is kept. Stored, the field is unchanged, so a second
            // Esc backs out; Ctrl-C is the way out that drops it.
            if let editor = form.editor, editor.text != field.value {
                if commitTyped(&form) {
                    message = StatusMessage(text: "stored \(field.label); Esc again: back", severity: nil)
                } else {
                    message = StatusMessage(text: "\(field.label) not stored: \(form.fieldMessage ?? "invalid"); Ctrl-C drops it",
                                            severity: .warning)
                }
            } else if form.rejected != nil {
                form.rejected = nil
                form.fieldMessage = nil
                message = StatusMessage(text: "invalid JSON dropped; the example is as it was", severity: nil)
            } else {
                return popLevel(form)
            }
        case .ctrl("c"):
            // Backs out of this level, dropping what was typed and not yet stored; says so, as
            // the key does nothing visible otherwise.
            let typed = form.editor.map { $0.text != field.value } ?? false
            let parent = form.levels.count > 1 ? form.levels[form.levels.count - 2].subject.title : nil
            message = nil
            effects = popLevel(form)
            let note = message.map { "; \($0.text)" } ?? ""
            message = StatusMessage(text: (typed ? "dropped the change to \(field.label); " : "")
                                        + (parent.map { "back to \($0)" } ?? "form closed") + note, severity: nil)
            return effects
        case .enter where row.item == nil && !row.isAdd && field.kind.isTypedInPlace:
            // Enter on prose not typed into opens $EDITOR; otherwise it stores and moves on.
            if field.kind == .longText, form.editor?.text ?? field.value == field.value {
                effects = openExternalEditor(&form, field)
                break
            }
            guard commitTyped(&form) else { break }
            addOpenedObject(&form)
            moveFocus(&form, by: 1)
        case .tab, .down:
            guard commitTyped(&form) else { break }
            moveFocus(&form, by: 1)
        case .up, .backTab:
            guard commitTyped(&form) else { break }
            moveFocus(&form, by: -1)
        case .pageDown, .pageUp:
            guard commitTyped(&form) else { break }
            moveFocus(&form, by: key == .pageDown ? layout.detailHeight / 2 : -layout.detailHeight / 2)
        case .ctrl("g"):
            openFieldJump(&form)
        case .ctrl("o") where [.longText, .json, .lines].contains(field.kind):
            effects = openExternalEditor(&form, field)
        default:
            effects = updateFormRow(key, row: row, field: field, &form)
        }
        if case .form = mode { mode = .form(form) }
        return effects
    }

    /// Keys that act on the kind of the focused row.
    private mutating func updateFormRow(_ key: Key, row: FormRow, field: FormField, _ form: inout FormState) -> [WorkbenchEffect] {
        if row.isAdd {
            if [.enter, .char("a"), .char("o")].contains(key) { addPart(field, &form) }
            else if key != .resize { message = StatusMessage(text: "Enter adds a \(partNoun(field))", severity: nil) }
            return []
        }
        if let item = row.item { updateItemRow(key, field: field, item: item, &form); return [] }
        switch field.kind {
        case .text, .number, .commaList, .longText:
            if form.editor?.handle(key) == true { form.fieldMessage = nil }
        case let .choice(options):
            switch key {
            case .char(" "), .right, .char("l"): cycle(field, options, by: 1, &form)
            case .left, .char("h"): cycle(field, options, by: -1, &form)
            case .backspace, .delete:
                if options.contains("") { _ = apply(&form, field: field, text: "") }
            case .enter: openPicker(field, query: "", &form)
            case let .char(c): openPicker(field, query: String(c), &form)
            default: break
            }
        case .reference, .referenceList:
            switch key {
            case .enter: openPicker(field, query: "", &form)
            case let .char(c) where c != " ": openPicker(field, query: String(c), &form)
            case .backspace, .delete:
                if case .referenceList = field.kind {
                    _ = apply(&form, field: field, text: "", list: Array(field.list.dropLast()))
                } else if field.id == "service", case .call = form.top.subject {
                    form.fieldMessage = "a call needs the service it calls"
                } else {
                    _ = apply(&form, field: field, text: "")
                }
            default: break
            }
        case .json, .lines:
            if key == .enter { return openExternalEditor(&form, field) }
            if key == .delete, field.kind == .json, !field.value.isEmpty { _ = apply(&form, field: field, text: "") }
        case let .object(_, summary):
            switch key {
            case .enter: openObject(field, exists: summary != nil, &form)
            case .char("d"), .delete:
                if summary != nil, store(&form, form.top.subject.settingObject(field.id, nil), label: "remove \(field.label) of \(form.top.subject.title)") {
                    message = StatusMessage(text: "removed \(field.label) (Ctrl-Z undoes)", severity: nil)
                }
            default: break
            }
        case .items, .elements:
            break
        }
        return []
    }

    private func partNoun(_ field: FormField) -> String {
        switch field.kind {
        case let .items(noun, _): noun
        case let .elements(c, _): c.kind.rawValue
        default: field.label
        }
    }

    /// A part row (a param of an endpoint): open, delete, move, copy, paste.
    private mutating func updateItemRow(_ key: Key, field: FormField, item: Int, _ form: inout FormState) {
        if case let .elements(collection, names) = field.kind {
            let ref = ElementRef(collection.kind, names[item])
            switch key {
            case .enter:
                guard let (c, index) = design.index(of: ref) else { return }
                form.levels.append(FormLevel(subject: .element(design.element(at: index, in: c)), origin: .element(ref, c, insertAt: nil)))
                syncEditor(&form)
            case .char("d"), .delete:
                do {
                    try history.perform(.delete(ref), on: &design, label: "delete \(ref)")
                    editDone("deleted \(ref)  (Ctrl-Z undoes)")
                } catch {
                    message = StatusMessage(text: "refused: \(error)", severity: .error)
                }
            case .char("K"), .char("J"):
                do {
                    try history.perform(.move(ref, by: key == .char("K") ? -1 : 1), on: &design, label: "move \(ref)")
                    editDone("moved \(ref)")
                    moveFocus(&form, by: key == .char("K") ? -1 : 1)
                } catch {
                    message = StatusMessage(text: "\(error)", severity: .warning)
                }
            case .char("a"), .char("o"): addPart(field, &form)
            default: break
            }
            return
        }
        var items = form.top.subject.items(field.id)
        switch key {
        case .enter:
            form.levels.append(FormLevel(subject: items[item], origin: .item(field: field.id, index: item)))
            syncEditor(&form)
        case .char("d"), .delete:
            let gone = items.remove(at: item)
            if store(&form, form.top.subject.settingItems(field.id, items), label: "delete \(gone.title) of \(form.top.subject.title)") {
                message = StatusMessage(text: "deleted \(gone.title) (Ctrl-Z undoes)", severity: nil)
            }
        case .char("K"), .char("J"):
            let to = item + (key == .char("K") ? -1 : 1)
            guard to >= 0, to < items.count else { return }
            items.swapAt(item, to)
            if store(&form, form.top.subject.settingItems(field.id, items), label: "move \(items[to].title)") {
                moveFocus(&form, by: to - item)
            }
        case .char("y"):
            clipboard.part = items[item]
            message = StatusMessage(text: "copied \(items[item].title); p pastes a duplicate", severity: nil)
        case .char("p"):
            guard let part = clipboard.part, FormSubject.sameKind(part, items[item]) else {
                message = StatusMessage(text: "nothing copied for \(field.label): y on a \(partNoun(field)) copies it", severity: nil)
                return
            }
            let copy = part.duplicated(avoiding: Set(items.map(\.partName)))
            items.insert(copy, at: item + 1)
            if store(&form, form.top.subject.settingItems(field.id, items), label: "paste \(copy.title)") {
                moveFocus(&form, by: 1)
            }
        case .char("a"), .char("o"): addPart(field, &form)
        default: break
        }
    }

    /// Adds a part (or, in a section, an element): filled in when the parent says enough
    /// (a path parameter not declared yet), else a form that stores it once it has a name.
    private mutating func addPart(_ field: FormField, _ form: inout FormState) {
        if case let .elements(collection, _) = field.kind {
            guard let element = AppState.blank(collection) else { return }
            form.levels.append(FormLevel(subject: .element(element), origin: .element(nil, collection, insertAt: nil)))
            syncEditor(&form)
            return
        }
        guard var part = form.top.subject.newPart(field.id) else { return }
        if case var .response(response) = part, let asked = askedStatus(form) {
            response.status = asked
            part = .response(response)
        }
        form.levels.append(FormLevel(subject: part, origin: .item(field: field.id, index: nil)))
        if part.missing == nil {
            // Complete already: store it now, so Esc keeps it and Ctrl-Z takes it back.
            _ = store(&form, part, label: "add \(part.title)")
            form.top.focus = 1
        }
        syncEditor(&form)
    }

    /// The status an open finding asks the form's endpoint to declare (404 for a path that names
    /// an item) and it does not yet: what a new response after the success one should propose.
    func askedStatus(_ form: FormState) -> Int? {
        guard case let .element(.endpoint(endpoint)) = form.top.subject else { return nil }
        // The success response comes first (a redirect is one): until there is one, the usual
        // 200 (201) is proposed.
        guard endpoint.responses.contains(where: { (200..<400).contains($0.status) }) else { return nil }
        let ref = ElementRef.endpoint(endpoint.name)
        let taken = Set(endpoint.responses.map(\.status))
        for finding in viewModel.findingsByRow[ref] ?? [] where finding.element == ref {
            if let status = Validator.statusesAsked(byRule: finding.ruleID).first(where: { !taken.contains($0) }) { return status }
        }
        return nil
    }

    private mutating func openObject(_ field: FormField, exists: Bool, _ form: inout FormState) {
        if let object = form.top.subject.object(field.id) {
            form.levels.append(FormLevel(subject: object, origin: .object(field: field.id, stored: true)))
        } else if let part = form.top.subject.newPart(field.id) {
            // Only shown: a request body is not added to a GET by opening it by mistake.
            form.levels.append(FormLevel(subject: part, origin: .object(field: field.id, stored: false)))
            message = StatusMessage(text: "new \(field.label): added once a field is stored (Enter stores it as it is)", severity: nil)
        }
        syncEditor(&form)
    }

    /// Enter in an optional part only opened so far: the part is wanted as it is, so it is added
    /// (Tab and Up/Down only move, and add nothing).
    private mutating func addOpenedObject(_ form: inout FormState) {
        guard case .object(_, stored: false) = form.top.origin, form.isStored(form.levels.count - 2) else { return }
        let parent = form.levels[form.levels.count - 2].subject.title
        _ = store(&form, form.top.subject, label: "add \(form.top.subject.title) to \(parent)")
    }

    private mutating func popLevel(_ original: FormState) -> [WorkbenchEffect] {
        var form = original
        if !form.isStored(form.levels.count - 1), let missing = form.top.subject.missing {
            message = StatusMessage(text: "nothing added: \(missing)", severity: nil)
        } else if case let .object(field, stored: false) = form.top.origin, form.levels.count > 1, form.isStored(form.levels.count - 2) {
            let noun = form.levels[form.levels.count - 2].subject.fields.first { $0.id == field }
                .flatMap { if case let .object(noun, _) = $0.kind { noun } else { nil } } ?? field
            message = StatusMessage(text: "no \(noun) added: nothing was stored", severity: nil)
        }
        let popped = form.levels.removeLast()
        form.fieldMessage = nil
        form.rejected = nil
        guard !form.levels.isEmpty else {
            closeForm(original)
            return []
        }
        _ = refreshForm(&form)
        // Back from a part: the focus is on that part's row (a part just added is a new row,
        // not the one the focus was on before), so the next keys act on what was just edited.
        if case let .item(field, index?) = popped.origin {
            let fields = form.fields(in: design)
            if let f = fields.firstIndex(where: { $0.id == field }),
               let row = FormState.rows(fields).firstIndex(of: FormRow(field: f, item: index)) {
                form.top.focus = row
                syncEditor(&form)
            }
        }
        mode = .form(form)
        return []
    }

    private mutating func cycle(_ field: FormField, _ options: [String], by step: Int, _ form: inout FormState) {
        guard !options.isEmpty else { return }
        let current = options.firstIndex(of: field.value) ?? 0
        let next = options[((current + step) % options.count + options.count) % options.count]
        _ = apply(&form, field: field, text: next)
    }

    mutating func moveFocus(_ form: inout FormState, by step: Int) {
        let count = form.rows(in: design).count
        form.top.focus = max(0, min(count - 1, form.top.focus + step))
        form.fieldMessage = nil
        syncEditor(&form)
    }

    /// Puts the focused field's value in the typing buffer (or none, for a field not typed in place).
    func syncEditor(_ form: inout FormState) {
        let fields = form.fields(in: design)
        let rows = FormState.rows(fields)
        guard !rows.isEmpty else { form.editor = nil; return }
        form.top.focus = max(0, min(form.top.focus, rows.count - 1))
        let row = rows[form.top.focus]
        let field = fields[row.field]
        form.editor = row.item == nil && !row.isAdd && field.kind.isTypedInPlace && !field.value.contains("\n")
            ? LineEditor(field.value) : nil
    }

    // MARK: - Committing

    /// Stores what was typed in the focused field, if it changed; false (with the reason beside
    /// the field) when it cannot be stored.
    mutating func commitTyped(_ form: inout FormState) -> Bool {
        guard let editor = form.editor else { return true }
        let fields = form.fields(in: design)
        let rows = FormState.rows(fields)
        guard form.top.focus < rows.count else { return true }
        let field = fields[rows[form.top.focus].field]
        guard editor.text != field.value else { return true }
        if case .text(required: true) = field.kind, editor.text.trimmingCharacters(in: .whitespaces).isEmpty,
           form.isStored(form.levels.count - 1) {
            form.fieldMessage = "\(field.label) cannot be empty"
            return false
        }
        let list = field.kind == .commaList
            ? editor.text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } : []
        return apply(&form, field: field, text: editor.text, list: list)
    }

    /// Sets one field and stores the result.
    @discardableResult
    mutating func apply(_ form: inout FormState, field: FormField, text: String, list: [String] = []) -> Bool {
        let subject = form.top.subject
        do {
            let changed = try subject.setting(field.id, text: text, list: list)
            // A column's name is renamed through the model, so the foreign keys to it follow.
            if field.id == "name", case let .column(old) = subject, case let .item(_, index?) = form.top.origin,
               form.levels.count >= 2, case let .element(ref?, _, _) = form.levels[form.levels.count - 2].origin,
               ref.kind == .table, case let .column(new) = changed, !old.name.isEmpty {
                do {
                    try history.perform(.rename(.column(ref.name, old.name), to: new.name), on: &design,
                                        label: "rename column \(ref.name).\(old.name) to \(new.name)")
                } catch {
                    form.fieldMessage = "\(error)"
                    return false
                }
                _ = index
                editDone("renamed column \(ref.name).\(old.name) to \(new.name)")
                form.fieldMessage = nil
                _ = refreshForm(&form)
                return true
            }
            let what = field.label == subject.noun ? subject.title : "\(field.label) of \(subject.title)"
            return store(&form, changed, label: "edit \(what)")
        } catch let error as FieldError {
            form.fieldMessage = error.message
            return false
        } catch {
            form.fieldMessage = "\(error)"
            return false
        }
    }

    /// Writes the top level's new subject into its parents and the design: one command, one undo
    /// step. A new element or part without its name yet stays in the form until it has one.
    @discardableResult
    mutating func store(_ form: inout FormState, _ subject: FormSubject, label: String) -> Bool {
        var levels = form.levels
        var i = levels.count - 1
        levels[i].subject = subject
        if let missing = subject.missing {
            if form.isStored(i) {
                form.fieldMessage = missing
                return false
            }
            form.levels = levels
            form.fieldMessage = nil
            message = StatusMessage(text: "\(missing); it is added once it has one", severity: nil)
            syncEditor(&form)
            return true
        }
        while i > 0 {
            let child = levels[i]
            switch child.origin {
            case let .item(field, index):
                var items = levels[i - 1].subject.items(field)
                if let index, index < items.count { items[index] = child.subject } else {
                    items.append(child.subject)
                    levels[i].origin = .item(field: field, index: items.count - 1)
                }
                levels[i - 1].subject = levels[i - 1].subject.settingItems(field, items)
                i -= 1
                continue
            case let .object(field, _):
                levels[i - 1].subject = levels[i - 1].subject.settingObject(field, child.subject)
                levels[i].origin = .object(field: field, stored: true)
                i -= 1
                continue
            default:
                break
            }
            break
        }
        let command: DesignCommand
        var label = label
        switch (levels[i].origin, levels[i].subject) {
        case let (.element(ref?, _, _), .element(element)):
            command = .update(ref, element)
        case let (.element(nil, collection, position), .element(element)):
            if let missing = levels[i].subject.missing {
                form.levels = levels
                form.fieldMessage = nil
                message = StatusMessage(text: "\(missing); it is added once it has one", severity: nil)
                syncEditor(&form)
                return true
            }
            command = .add(element, at: position)
            label = "add \(element.ref)"
            levels[i].origin = .element(element.ref, collection, insertAt: nil)
        case let (.section, .section(section)):
            command = .setSection(section)
        default:
            form.levels = levels
            return true
        }
        do {
            try history.perform(command, on: &design, label: label)
        } catch {
            form.fieldMessage = (error as? DesignEditError)?.message ?? "\(error)"
            return false
        }
        if case let (.element(_, collection, _), .element(element)) = (levels[i].origin, levels[i].subject) {
            levels[i].origin = .element(element.ref, collection, insertAt: nil)
        }
        form.levels = levels
        form.fieldMessage = nil
        editDone(label)
        // The list follows the element the form edits, a new one as soon as it is added.
        if i == 0, case let .element(ref?, _, _) = levels[0].origin { select(ref) }
        _ = refreshForm(&form)
        return true
    }

    /// Reads every level again from the design (after a commit, an undo or a rename that
    /// rewrote references); levels whose subject is gone are closed. False when none is left.
    @discardableResult
    mutating func refreshForm(_ form: inout FormState) -> Bool {
        var kept: [FormLevel] = []
        for var level in form.levels {
            var fresh: FormSubject?
            switch level.origin {
            case let .element(ref?, collection, _):
                if let (c, index) = design.index(of: ref) {
                    fresh = .element(design.element(at: index, in: c))
                    level.lastIndex = index
                } else if let index = level.lastIndex, index < design.count(of: collection) {
                    // Renamed by an undo or redo: the same place in the list holds it.
                    let element = design.element(at: index, in: collection)
                    fresh = .element(element)
                    level.origin = .element(element.ref, collection, insertAt: nil)
                }
            case .element(nil, _, _), .list:
                fresh = level.subject
            case let .section(key):
                fresh = .section(design.section(key))
            case let .item(field, index?):
                let items = kept.last?.subject.items(field) ?? []
                fresh = index < items.count ? items[index] : nil
            case .item(_, nil):
                fresh = level.subject
            case let .object(field, stored):
                guard let parent = kept.last else { break }
                // A part of a new, unsaved element, or one only opened, lives only in the form.
                fresh = parent.subject.object(field)
                    ?? (stored && FormState(levels: kept).isStored(kept.count - 1) ? nil : level.subject)
                if fresh != nil, parent.subject.object(field) == nil { level.origin = .object(field: field, stored: false) }
            }
            guard let subject = fresh else { break }
            level.subject = subject
            kept.append(level)
        }
        guard !kept.isEmpty else { return false }
        form.levels = kept
        syncEditor(&form)
        return true
    }

    // MARK: - $EDITOR

    private mutating func openExternalEditor(_ form: inout FormState, _ field: FormField) -> [WorkbenchEffect] {
        guard commitTyped(&form) else { return [] }
        let fields = form.fields(in: design)
        guard let current = fields.first(where: { $0.id == field.id }) else { return [] }
        let text: String
        let ext: String
        switch current.kind {
        case .json:
            text = form.rejected?.fieldID == field.id ? form.rejected!.text : (JSONPretty.format(current.value) ?? current.value)
            ext = "json"
        case .lines:
            text = current.list.joined(separator: "\n")
            ext = "txt"
        default:
            text = current.value
            ext = "md"
        }
        form.externalField = field.id
        return [.editExternally(ExternalEdit(text: text.isEmpty ? "" : text + "\n", fileExtension: ext))]
    }

    /// Takes back what $EDITOR left in the file. JSON that does not parse stays in the form,
    /// with the reason, for fixing (Enter opens it again) instead of being dropped.
    package mutating func finishExternalEdit(_ result: ExternalEditResult) {
        guard case var .form(form) = mode, let id = form.externalField else { return }
        form.externalField = nil
        defer { if case .form = mode { mode = .form(form) } }
        guard let field = form.fields(in: design).first(where: { $0.id == id }) else { return }
        let text: String
        switch result {
        case let .failed(reason):
            message = StatusMessage(text: "\(field.label) unchanged: \(reason)", severity: .error)
            return
        case let .edited(edited):
            text = edited.trimmingCharacters(in: .newlines)
        }
        switch field.kind {
        case .json:
            if let problem = jsonProblem(text) {
                form.rejected = RejectedValue(fieldID: id, text: text, message: problem)
                form.fieldMessage = problem
                message = StatusMessage(text: "\(field.label) not stored: \(problem); Enter edits it again, Esc drops it",
                                        severity: .error)
                return
            }
            form.rejected = nil
            // Compare as JSON so that pretty-printing alone is no change.
            if (JSONPretty.format(text) ?? text) == (JSONPretty.format(field.value) ?? field.value) {
                message = StatusMessage(text: "\(field.label) unchanged", severity: nil)
                return
            }
            apply(&form, field: field, text: text)
        case .lines:
            let items = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if items == field.list { message = StatusMessage(text: "\(field.label) unchanged", severity: nil); return }
            apply(&form, field: field, text: "", list: items)
        default:
            if text == field.value { message = StatusMessage(text: "\(field.label) unchanged", severity: nil); return }
            apply(&form, field: field, text: text)
        }
    }
}

extension FormSubject {
    static func sameKind(_ a: FormSubject, _ b: FormSubject) -> Bool {
        switch (a, b) {
        case (.param, .param), (.response, .response), (.call, .call), (.column, .column), (.index, .index),
             (.alternative, .alternative), (.step, .step): true
        default: false
        }
    }
}
