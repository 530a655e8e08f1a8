import DesignModel
import Foundation
import TerminalUI

/// What `y` copied: an element of a pane, or a part inside a form.
package struct Clipboard: Equatable, Sendable {
    package var element: DesignElement?
    package var part: FormSubject?
}

/// The element kinds each pane lists, in the order `a` offers them.
extension Pane {
    var addableKinds: [ElementCollection] {
        switch self {
        case .overview: [.stack, .phases]
        case .endpoints: [.endpoints]
        case .services: [.services, .events]
        case .erd: [.tables]
        case .scaling: [.bottlenecks, .caches, .monitoring]
        case .flows: [.flows]
        }
    }
}

extension AppState {
    /// Edit keys of the normal mode (review mode has already refused them).
    mutating func performEdit(_ action: WorkbenchAction) -> [WorkbenchEffect] {
        switch action {
        case .edit:
            guard let ref = selectedRef, openForm(for: ref) else {
                message = StatusMessage(text: "select an element or section to edit", severity: nil)
                return []
            }
        case .add: startAdd()
        case .rename:
            guard let ref = selectedRef, design.index(of: ref) != nil else {
                message = StatusMessage(text: "select an element to rename", severity: nil)
                return []
            }
            mode = .rename(ref, LineEditor(ref.name))
        case .yank:
            guard let ref = selectedRef, let (c, i) = design.index(of: ref) else {
                message = StatusMessage(text: "select an element to copy", severity: nil)
                return []
            }
            clipboard.element = design.element(at: i, in: c)
            message = StatusMessage(text: "copied \(ref); p pastes a duplicate after the selection", severity: nil)
        case .paste: paste()
        case .moveElementUp, .moveElementDown:
            guard let ref = selectedRef, design.index(of: ref) != nil else {
                message = StatusMessage(text: "select an element to move", severity: nil)
                return []
            }
            do {
                try history.perform(.move(ref, by: action == .moveElementUp ? -1 : 1), on: &design, label: "move \(ref)")
                editDone("moved \(ref) \(action == .moveElementUp ? "up" : "down")")
                select(ref)
            } catch {
                message = StatusMessage(text: "\(error)", severity: nil)
            }
        case .saveAndQuitPrefix:
            mode = .prefix("Z")
        default: break
        }
        return []
    }

    /// Selects an element's row after an edit moved or renamed it.
    mutating func select(_ ref: ElementRef) {
        guard let place = viewModel.location[ref] else { return }
        pane = place.pane
        var l = list
        l.selected = place.row
        l.scrollToSelection(viewHeight: layout.listHeight)
        list = l
        detailScroll = TextViewState()
    }

    // MARK: - Add

    private mutating func startAdd() {
        let kinds = pane.addableKinds
        if kinds.count == 1 {
            startAdd(kinds[0])
            return
        }
        // The selected row's kind first: `a` on a cache adds a cache.
        let selectedKind = selectedRef.flatMap { ElementCollection(kind: $0.kind) }
        let preferred = selectedRef == .section("phases") ? ElementCollection.phases : selectedKind
        mode = .pick(PickerState(title: "Add", candidates: kinds.map { $0.kind.rawValue },
                                 selected: preferred.map { $0.kind.rawValue }, purpose: .addElement))
    }

    mutating func startAdd(_ collection: ElementCollection) {
        guard var element = AppState.blank(collection) else { return }
        // A new endpoint or table belongs to the service of the group it is added in.
        let selectedIndex = selectedRef.flatMap { design.index(of: $0) }.flatMap { $0.0 == collection ? $0.1 : nil }
        if case var .endpoint(e) = element, let i = selectedIndex {
            e.service = design.endpoints[i].service
            element = .endpoint(e)
        }
        if case var .table(t) = element, let i = selectedIndex {
            t.service = design.tables[i].service
            element = .table(t)
        }
        openNewForm(element, insertAt: selectedIndex.map { $0 + 1 })
    }

    /// A new element with nothing filled in but what its kind requires.
    static func blank(_ collection: ElementCollection) -> DesignElement? {
        switch collection {
        case .services: .service(Service(name: ""))
        case .events: .event(Event(name: ""))
        case .endpoints: .endpoint(Endpoint(method: .GET, path: ""))
        case .tables: .table(DesignModel.Table(name: "", columns: [Column(name: "id", type: "uuid", primaryKey: true)]))
        case .flows: .flow(Flow(name: ""))
        case .stack: .stack(StackEntry(area: ""))
        case .bottlenecks: .bottleneck(Bottleneck(name: ""))
        case .caches: .cache(Cache(name: ""))
        case .monitoring: .monitoring(MonitoringSignal(signal: ""))
        case .phases: .phase(Phase(name: ""))
        case .authSchemes: .auth(AuthScheme(name: ""))
        case .rateLimits: .rateLimit(RateLimit(name: ""))
        case .comments: nil
        }
    }

    mutating func updatePick(_ key: Key, _ picker: PickerState) -> [WorkbenchEffect] {
        switch picker.update(key) {
        case let .open(next): mode = .pick(next)
        case .cancelled: mode = .normal
        case let .chosen(kind):
            mode = .normal
            if let collection = ElementCollection.allCases.first(where: { $0.kind.rawValue == kind }) { startAdd(collection) }
        }
        return []
    }

    // MARK: - Paste, rename

    private mutating func paste() {
        guard let element = clipboard.element else {
            message = StatusMessage(text: "nothing copied: y copies the selected element", severity: nil)
            return
        }
        let copy = AppState.duplicate(element, in: design)
        let selectedIndex = selectedRef.flatMap { design.index(of: $0) }.flatMap { $0.0 == element.collection ? $0.1 : nil }
        do {
            try history.perform(.add(copy, at: selectedIndex.map { $0 + 1 }), on: &design, label: "paste \(copy.ref)")
            editDone("pasted \(copy.ref)  (u undoes)")
            select(copy.ref)
        } catch {
            message = StatusMessage(text: "\(error)", severity: .error)
        }
    }

    /// A copy under a free name: `orders-copy`, `orders-copy-2`; an endpoint gets a free path.
    static func duplicate(_ element: DesignElement, in design: Design) -> DesignElement {
        var n = 1
        while true {
            let suffix = n == 1 ? "-copy" : "-copy-\(n)"
            let name: String
            if case let .endpoint(e) = element { name = "\(e.method.rawValue) \(e.path)\(suffix)" } else { name = element.name + suffix }
            let candidate = element.renamedCopy(to: name) ?? element
            if !design.contains(candidate.ref) { return candidate }
            n += 1
        }
    }

    mutating func updateRename(_ key: Key, ref: ElementRef, editor: LineEditor) -> [WorkbenchEffect] {
        var editor = editor
        switch key {
        case .escape:
            mode = .normal
            message = StatusMessage(text: "rename cancelled", severity: nil)
        case .enter:
            let name = editor.text.trimmingCharacters(in: .whitespaces)
            do {
                try history.perform(.rename(ref, to: name), on: &design, label: "rename \(ref) to \(name)")
                mode = .normal
                editDone("renamed \(ref) to \(name); references follow  (u undoes)")
                select(ElementRef(ref.kind, name))
            } catch {
                // Stay in the prompt so the name can be fixed.
                message = StatusMessage(text: (error as? DesignEditError)?.message ?? "\(error)", severity: .error)
            }
        default:
            editor.handle(key)
            mode = .rename(ref, editor)
        }
        return []
    }

    // MARK: - Quit, save, export

    mutating func updateConfirmQuit(_ key: Key) -> [WorkbenchEffect] {
        mode = .normal
        switch key {
        case .char("s"), .char("y"), .char("w"):
            return saveAndQuit(key: key)
        case .char("d"), .char("!"):
            return [.quit]
        default:
            // Anything else, a second q included, keeps the edits: only d drops them.
            message = StatusMessage(text: "quit cancelled", severity: nil)
            return []
        }
    }

    mutating func updatePrefix(_ key: Key, first: Character) -> [WorkbenchEffect] {
        mode = .normal
        if first == "Z", key == .char("Z") {
            // As vi's ZZ: writes only when something changed, then quits.
            guard isModified else { return [.quit] }
            return saveAndQuit(key: key)
        }
        message = StatusMessage(text: "\(first)\(key) is not a command (ZZ saves and quits)", severity: nil)
        return []
    }

    /// `:wq`, `:x`, `ZZ` and the quit prompt's save: in review the save writes only the comments.
    mutating func saveAndQuit(key: Key) -> [WorkbenchEffect] {
        let effects = perform(.save, key: key)
        // Nothing to write after all (a review whose comments did not change): just quit.
        if effects.isEmpty && !isModified { return [.quit] }
        return effects.isEmpty ? [] : effects + [.quit]
    }

    mutating func saveCopy(to path: String) -> [WorkbenchEffect] {
        guard !isReadOnly else {
            message = StatusMessage(text: "read-only review: :w FILE is not available", severity: .warning)
            return []
        }
        let target = AppState.expandingHome(path)
        // `:w` naming the design's own file is a save, with the check for changes on disk.
        if let own = filePath, DesignFile.sameFile(own, target) { return perform(.save, key: .char(":")) }
        return [.saveCopy(path: target)]
    }

    /// `:export markdown [FILE]`: next to the design file (`shop.design.yaml` → `shop.md`) unless named.
    mutating func export(_ arguments: [String]) -> [WorkbenchEffect] {
        guard let format = arguments.first?.lowercased(), format == "markdown" || format == "md" else {
            message = StatusMessage(text: "usage: :export markdown [FILE]", severity: .warning)
            return []
        }
        if let file = arguments.dropFirst().first {
            let target = AppState.expandingHome(file)
            if let own = filePath, DesignFile.sameFile(own, target) {
                message = StatusMessage(text: "\(file) is the design file itself; :export markdown alone writes the .md next to it",
                                        severity: .error)
                return []
            }
            if DesignFile.holdsDesign(target) {
                message = StatusMessage(text: "\(file) holds a design; an export does not write over one", severity: .error)
                return []
            }
            return [.exportMarkdown(path: target)]
        }
        let base = filePath ?? fileName
        var name = (base as NSString).lastPathComponent
        for suffix in [".design.yaml", ".design.yml", ".yaml", ".yml"] where name.hasSuffix(suffix) {
            name = String(name.dropLast(suffix.count))
            break
        }
        let folder = filePath.map { ($0 as NSString).deletingLastPathComponent } ?? FileManager.default.currentDirectoryPath
        return [.exportMarkdown(path: (folder.isEmpty ? "" : folder + "/") + name + ".md")]
    }

    static func expandingHome(_ path: String) -> String { (path as NSString).expandingTildeInPath }
}

extension DesignElement {
    /// The element under another name, for a duplicate.
    func renamedCopy(to name: String) -> DesignElement? {
        switch self {
        case var .service(e): e.name = name; return .service(e)
        case var .event(e): e.name = name; return .event(e)
        case var .endpoint(e):
            let parts = name.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            e.path = String(parts[1])
            return .endpoint(e)
        case var .table(e): e.name = name; return .table(e)
        case var .flow(e): e.name = name; return .flow(e)
        case var .stack(e): e.area = name; return .stack(e)
        case var .bottleneck(e): e.name = name; return .bottleneck(e)
        case var .cache(e): e.name = name; return .cache(e)
        case var .monitoring(e): e.signal = name; return .monitoring(e)
        case var .phase(e): e.name = name; return .phase(e)
        case var .auth(e): e.name = name; return .auth(e)
        case var .rateLimit(e): e.name = name; return .rateLimit(e)
        case .comment: return nil
        }
    }
}
