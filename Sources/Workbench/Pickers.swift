import DesignModel
import TerminalUI

/// A list to choose from with type-ahead: the choices of a field, the elements a reference can
/// name, or the kinds of element `a` can add.
package struct PickerState: Equatable, Sendable {
    package enum Purpose: Equatable, Sendable {
        /// Sets a field; `multi` toggles membership of a list field.
        case field(id: String, multi: Bool)
        /// Which kind of element to add, and where.
        case addElement
        /// Which field of the form to go to (Ctrl-G).
        case goToField
    }

    package var title: String
    package var query: LineEditor
    package var candidates: [String]
    /// Members already in a list field, marked in the picker; picking one takes it out.
    package var marked: Set<String>
    package var selection: Int
    package var purpose: Purpose
    /// A query starting with this (`external:`) may be picked as typed when no candidate
    /// matches it: a name that is not yet anywhere in the design.
    package var typedPrefix: String?

    init(title: String, candidates: [String], marked: Set<String> = [], query: String = "", selected: String? = nil,
         purpose: Purpose) {
        self.title = title
        self.candidates = candidates
        self.marked = marked
        self.query = LineEditor(query)
        self.purpose = purpose
        selection = 0
        if query.isEmpty, let selected, let i = candidates.firstIndex(of: selected) { selection = i }
    }

    /// Candidates matching the query, best first (in their own order when nothing is typed).
    package var matches: [String] {
        let q = query.text
        if q.isEmpty { return candidates }
        var scored: [(Int, Int)] = []
        for (i, c) in candidates.enumerated() {
            if let s = FuzzyMatch.score(q, c) { scored.append((s, i)) }
        }
        scored.sort { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
        return scored.map { candidates[$0.1] }
    }

    enum Outcome { case open(PickerState), cancelled, chosen(String) }

    /// Up/Down (Ctrl-P/N) choose, typing filters, Enter picks, Esc closes.
    func update(_ key: Key) -> Outcome {
        var next = self
        switch key {
        case .escape: return .cancelled
        case .enter, .tab:
            let m = matches
            // A new name is taken as typed unless it begins a candidate (`external:pay` for
            // `external:payment-provider`), which is then the one picked.
            if let typed = typedQuery, !m.contains(where: { $0.hasPrefix(typed) }) { return .chosen(typed) }
            return next.selection < m.count ? .chosen(m[next.selection]) : .cancelled
        case .down, .ctrl("n"): next.selection = min(next.selection + 1, max(0, matches.count - 1))
        case .up, .ctrl("p"): next.selection = max(0, next.selection - 1)
        case .pageDown: next.selection = min(next.selection + 10, max(0, matches.count - 1))
        case .pageUp: next.selection = max(0, next.selection - 10)
        default:
            let before = next.query.text
            next.query.handle(key)
            if next.query.text != before { next.selection = 0 }
        }
        return .open(next)
    }

    /// The query, when it may be picked as typed.
    var typedQuery: String? {
        guard let typedPrefix else { return nil }
        let q = query.text.trimmingCharacters(in: .whitespaces)
        return q.hasPrefix(typedPrefix) && q.count > typedPrefix.count ? q : nil
    }

    /// How the picker shows the value "" (not set).
    static let noneLabel = "(not set)"
}

extension AppState {
    /// The names a reference field can take, from the elements that exist.
    func referenceCandidates(_ source: ReferenceSource, in form: FormState) -> [String] {
        switch source {
        case .service: return design.services.map(\.name)
        case .event: return design.events.map(\.name)
        case .table: return design.tables.map(\.name)
        case .column: return design.tables.flatMap { t in t.columns.map { "\(t.name).\($0.name)" } }
        case .ownColumn:
            for level in form.levels.reversed() {
                if case let .element(.table(t)) = level.subject { return t.columns.map(\.name) }
            }
            return []
        case .element:
            var refs: [String] = []
            refs += design.services.map { "service:\($0.name)" }
            refs += design.endpoints.map { "endpoint:\($0.name)" }
            refs += design.tables.map { "table:\($0.name)" }
            refs += design.events.map { "event:\($0.name)" }
            refs += design.scaling.caches.map { "cache:\($0.name)" }
            refs += design.scaling.bottlenecks.map { "bottleneck:\($0.name)" }
            refs += design.stack.map { "stack:\($0.area)" }
            refs += design.flows.map { "flow:\($0.name)" }
            refs += design.tables.flatMap { t in t.columns.map { "column:\(t.name).\($0.name)" } }
            return refs
        case .auth: return [Endpoint.publicAuth] + design.api.auth.map(\.name)
        case .rateLimit: return design.api.rateLimits.map(\.name)
        case .trigger: return design.endpoints.map { "endpoint:\($0.name)" } + design.events.map { "event:\($0.name)" }
        case .stepActor: return [FlowStep.client] + design.services.map(\.name)
        case .stepTarget:
            // Third parties already named in a flow come after the design's own elements.
            var externals: [String] = []
            for step in design.flows.flatMap(\.steps) {
                if case let .external(name)? = step.target, !externals.contains("external:\(name)") {
                    externals.append("external:\(name)")
                }
            }
            return design.services.map { "service:\($0.name)" } + design.events.map { "event:\($0.name)" }
                + design.tables.map { "table:\($0.name)" } + externals
        }
    }

    /// Opens the picker of a choice or reference field, `query` already typed.
    mutating func openPicker(_ field: FormField, query: String, _ form: inout FormState) {
        switch field.kind {
        case let .choice(options):
            form.picker = PickerState(title: field.label, candidates: options.map { $0.isEmpty ? PickerState.noneLabel : $0 },
                                      query: query, selected: field.value.isEmpty ? PickerState.noneLabel : field.value,
                                      purpose: .field(id: field.id, multi: false))
        case let .reference(source):
            var candidates = referenceCandidates(source, in: form)
            let required = source == .stepActor || source == .stepTarget
                || field.id == "service" && { if case .call = form.top.subject { true } else { false } }()
            // Auth offers `none` (public) and the schemes, not also "(not set)" beside `none`:
            // unset is what its finding asks to fix, and Backspace clears it.
            if !required && source != .auth { candidates.insert(PickerState.noneLabel, at: 0) }
            if candidates.isEmpty || candidates == [PickerState.noneLabel] {
                form.fieldMessage = "nothing to pick: the design has no \(field.label) yet"
                return
            }
            // With no scheme yet, `none` is the only choice: say where schemes are made.
            let noSchemes = source == .auth && design.api.auth.isEmpty
            let title = switch source {
            case .auth: "\(field.label) (\(Endpoint.publicAuth): public"
                + (noSchemes ? "; schemes are added in API conventions)" : ")")
            case .stepTarget: "\(field.label) (or type external:NAME)"
            default: field.label
            }
            form.picker = PickerState(title: title, candidates: candidates, query: query, selected: field.value,
                                      purpose: .field(id: field.id, multi: false))
            if source == .stepTarget { form.picker?.typedPrefix = "external:" }
        case let .referenceList(source):
            let candidates = referenceCandidates(source, in: form)
            guard !candidates.isEmpty else {
                form.fieldMessage = "nothing to pick from yet"
                return
            }
            // What is in the list comes first, so it is easy to take out again.
            let ordered = field.list.filter(candidates.contains) + candidates.filter { !field.list.contains($0) }
            form.picker = PickerState(title: "\(field.label): Enter adds or removes", candidates: ordered,
                                      marked: Set(field.list), query: query, purpose: .field(id: field.id, multi: true))
        default:
            break
        }
    }

    mutating func updateFormPicker(_ key: Key, _ picker: PickerState, _ form: inout FormState) {
        switch picker.update(key) {
        case let .open(next): form.picker = next
        case .cancelled: form.picker = nil
        case let .chosen(value) where picker.purpose == .goToField:
            form.picker = nil
            goToField(labelled: value, &form)
        case let .chosen(value):
            form.picker = nil
            guard case let .field(id, multi) = picker.purpose,
                  let field = form.fields(in: design).first(where: { $0.id == id }) else { return }
            let text = value == PickerState.noneLabel ? "" : value
            if multi {
                let list = field.list.contains(text) ? field.list.filter { $0 != text } : field.list + [text]
                if apply(&form, field: field, text: list.joined(separator: ", "), list: list) {
                    message = StatusMessage(text: "\(field.list.contains(text) ? "removed" : "added") \(text) \(field.list.contains(text) ? "from" : "to") \(field.label); Esc: done", severity: nil)
                    // "Enter adds or removes": the picker stays for the next pick, its order and
                    // place kept so the cursor does not jump.
                    var next = picker
                    next.marked = Set(list)
                    form.picker = next
                }
            } else if text != field.value {
                apply(&form, field: field, text: text)
            }
        }
    }

    /// Ctrl-G in a form: a picker of the fields by name, so a field eight rows down (responses)
    /// is a few keys away and no Down lands on the wrong row.
    mutating func openFieldJump(_ form: inout FormState) {
        guard commitTyped(&form) else { return }
        form.picker = PickerState(title: "Go to field", candidates: form.fields(in: design).map(\.label), purpose: .goToField)
    }

    /// Focuses the first row of the field with this label (its first part, for a list of parts).
    mutating func goToField(labelled label: String, _ form: inout FormState) {
        let fields = form.fields(in: design)
        guard let field = fields.firstIndex(where: { $0.label == label }),
              let row = FormState.rows(fields).firstIndex(where: { $0.field == field }) else { return }
        form.top.focus = row
        form.fieldMessage = nil
        syncEditor(&form)
    }
}
