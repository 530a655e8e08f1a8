import DesignExport
import DesignModel
import DesignRules
import Diagrams
import TerminalUI

extension ScreenLayout {
    /// A diagram takes the list's and the detail's columns together: boxes need the width.
    var diagram: Rect { Rect(x: list.x, y: list.y, width: detail.right - list.x, height: list.height) }
    /// Inside the border, with a blank column on the left as the list has.
    var diagramInner: Rect { diagram.inset(by: 1).inset(left: 1) }
    /// The canvas window: the inside less the position line.
    var diagramViewSize: Size { DiagramScene.viewSize(for: diagramInner.size) }
}

// MARK: - Keys and commands

extension AppState {
    /// Global actions that still make sense over a diagram. The rest act on the hidden list's
    /// selection (delete, grouping, list search), which would surprise, so they wait for `v`.
    private static func passesThroughDiagram(_ action: WorkbenchAction) -> Bool {
        switch action {
        case .showPane, .nextPane, .previousPane, .toggleFindings, .quickJump, .command, .help, .quit,
             .undo, .redo, .save:
            true
        default:
            false
        }
    }

    /// Handles a key in normal mode when the pane has a diagram view: `v` in the list, every
    /// key the diagram binds while it is shown. Nil means the key is not the diagram's, and
    /// the main key map gets it.
    mutating func updateDiagram(_ key: Key) -> [WorkbenchEffect]? {
        guard let view = diagrams[pane] else { return nil }
        if view.namePrompt != nil { updateNamePrompt(key); return [] }
        let action = DiagramKeys.map.action(for: key)
        guard view.isShown else {
            guard action == .toggleView else { return nil }
            showDiagram(true)
            return []
        }
        // The findings panel keeps its own keys while it has the focus; only `v` is ours.
        if focus == .findings && action != .toggleView { return nil }
        guard let action else {
            if let global = WorkbenchKeys.map.action(for: key), !Self.passesThroughDiagram(global) {
                message = StatusMessage(text: "\(key) works in the list: v shows it", severity: nil)
                return []
            }
            return nil
        }
        message = nil
        perform(diagram: action)
        return []
    }

    /// Shows or hides the current pane's diagram, laying it out if it has none yet.
    mutating func showDiagram(_ shown: Bool) {
        guard var view = diagrams[pane] else { return }
        if shown, view.kind == .sequence {
            // The flow selected in the list is the one drawn.
            guard let ref = selectedRef, ref.kind == .flow else {
                message = StatusMessage(text: "select a flow to draw it", severity: nil)
                return
            }
            if view.flowName != ref.name {
                view.flowName = ref.name
                view.invalidate()
            }
        }
        view.isShown = shown
        view.namePrompt = nil
        if shown {
            view.fit(design: design, findings: viewModel.findings, glyphs: glyphs, viewSize: layout.diagramViewSize)
            if focus == .detail { focus = .list }
            let count = view.itemCount
            message = StatusMessage(text: "\(count) \(view.kind.boxNoun)\(count == 1 ? "" : "s"): Tab selects, Enter opens, v: list",
                                    severity: nil)
        }
        diagrams[pane] = view
        // The diagram opens on the element selected in the list (a column: its table).
        if shown, let ref = selectedRef { diagramFollow(ref) }
    }

    private mutating func perform(diagram action: DiagramAction) {
        guard var view = diagrams[pane] else { return }
        view.fit(design: design, findings: viewModel.findings, glyphs: glyphs, viewSize: layout.diagramViewSize)
        let pageSize = layout.diagramViewSize
        switch action {
        case .toggleView:
            showDiagram(false)
            return
        case .backToList:
            showDiagram(false)
            return
        case let .pan(dx, dy):
            view.withViewport { $0.pan(dx: dx, dy: dy) }
        case let .panPage(dx, dy):
            // Keep a little of the old view in sight so the eye can follow the move.
            view.withViewport { $0.pan(dx: dx * max(1, pageSize.width - 8), dy: dy * max(1, pageSize.height - 2)) }
        case .panToStart:
            view.withViewport { $0.pan(dx: -$0.offset.x, dy: -$0.offset.y) }
        case .panToEnd:
            view.withViewport { $0.pan(dx: $0.canvasSize.width, dy: $0.canvasSize.height) }
        case .selectNext:
            view.selectNext(forward: true)
        case .selectPrevious:
            view.selectNext(forward: false)
        case .selectByName:
            view.namePrompt = DiagramNamePrompt(query: "", origin: view.selectedIndex)
        case .open:
            diagrams[pane] = view
            if view.kind == .sequence { openSelectedStep() } else { openSelectedBox() }
            return
        case .toggleGrouping:
            switch view.kind {
            case .erd: view.erdOptions.groupByService.toggle()
            case .serviceMap: view.groupByDomain.toggle()
            case .sequence:
                message = StatusMessage(text: "a flow's diagram has no grouping: tables stand by their owner", severity: nil)
                return
            }
            relayout(&view)
        case .toggleCompact:
            guard erdOnly(view) else { return }
            view.erdOptions.compact.toggle()
            relayout(&view)
        case .focusSelected:
            guard erdOnly(view) else { return }
            guard let table = view.scene?.selectedNodeID else {
                message = StatusMessage(text: "select a table first (Tab)", severity: nil)
                return
            }
            view.erdOptions.focusTable = table
            view.erdOptions.depth = 1
            relayout(&view)
        case .deeper, .shallower:
            guard erdOnly(view) else { return }
            guard view.erdOptions.focusTable != nil else {
                message = StatusMessage(text: "F first: depth counts from a focused table", severity: nil)
                return
            }
            view.erdOptions.depth = max(0, view.erdOptions.depth + (action == .deeper ? 1 : -1))
            relayout(&view)
        case .onlySelectedService:
            guard erdOnly(view) else { return }
            guard let table = view.scene?.selectedNodeID,
                  let service = design.tables.first(where: { $0.name == table })?.service else {
                message = StatusMessage(text: "the selected table has no owning service", severity: nil)
                return
            }
            view.erdOptions.service = service
            relayout(&view)
        case .showAll:
            guard erdOnly(view) else { return }
            view.erdOptions.service = nil
            view.erdOptions.focusTable = nil
            relayout(&view)
        }
        diagrams[pane] = view
    }

    private mutating func erdOnly(_ view: DiagramPaneState) -> Bool {
        if view.kind != .erd { message = StatusMessage(text: "that option is for the ERD diagram", severity: nil) }
        return view.kind == .erd
    }

    /// Lays the diagram out again after an option change, and says what it shows now.
    private mutating func relayout(_ view: inout DiagramPaneState) {
        view.rebuild(design: design, findings: viewModel.findings, glyphs: glyphs, viewSize: layout.diagramViewSize)
        describeOptions(view)
    }

    private mutating func describeOptions(_ view: DiagramPaneState) {
        let count = view.itemCount
        let summary = view.optionSummary
        message = StatusMessage(text: "\(count) \(view.kind.boxNoun)\(count == 1 ? "" : "s")" + (summary.isEmpty ? "" : ": \(summary)"),
                                severity: count == 0 ? .warning : nil)
    }

    /// Enter: the list takes over, on the selected box's element, with its detail alongside.
    private mutating func openSelectedBox() {
        guard let view = diagrams[pane], let id = view.scene?.selectedNodeID else {
            message = StatusMessage(text: "no box selected: Tab selects one", severity: nil)
            return
        }
        guard let ref = view.kind.ref(forNode: id) else { return }
        showDiagram(false)
        go(to: ref)
        if viewModel.location[ref] != nil { message = StatusMessage(text: "\(ref)  v: back to the diagram", severity: nil) }
    }

    /// Enter on a step: the element the step names (its service, table or event) in its pane,
    /// Esc comes back to the flow. A third party outside the design has no element to open.
    private mutating func openSelectedStep() {
        guard let view = diagrams[pane], let flowName = view.flowName, let index = view.selectedIndex,
              let flow = design.flows.first(where: { $0.name == flowName }), flow.steps.indices.contains(index) else {
            message = StatusMessage(text: "no step selected: Tab selects one", severity: nil)
            return
        }
        let step = flow.steps[index]
        guard let target = step.target else {
            message = StatusMessage(text: "step \(index + 1) names '\(step.to)', which is no element", severity: .warning)
            return
        }
        guard let ref = target.ref else {
            message = StatusMessage(text: "step \(index + 1): \(target.name) is a third party, outside the design", severity: nil)
            return
        }
        let rowRef = WorkbenchViewModel.rowRef(for: ref, in: design) ?? ref
        guard viewModel.location[rowRef] != nil else {
            message = StatusMessage(text: "\(ref) does not exist", severity: .warning)
            return
        }
        showDiagram(false)
        go(to: rowRef)
        message = StatusMessage(text: "\(ref), step \(index + 1) of \(flowName)  Esc: back to the flow", severity: nil)
    }

    /// Typing after `/`: each letter selects the best match so far; Enter keeps it, Esc puts
    /// the old selection back.
    private mutating func updateNamePrompt(_ key: Key) {
        guard var view = diagrams[pane], var prompt = view.namePrompt else { return }
        switch key {
        case .escape:
            view.namePrompt = nil
            view.select(prompt.origin)
            diagrams[pane] = view
            return
        case .enter:
            view.namePrompt = nil
            if !prompt.query.isEmpty, !view.matches(named: prompt.query) {
                // A partial match made on the way is not what was asked for: back to the start.
                view.select(prompt.origin)
                message = StatusMessage(text: "no \(view.kind.boxNoun) called \"\(prompt.query)\"", severity: .warning)
            }
            diagrams[pane] = view
            return
        case .backspace:
            if prompt.query.isEmpty { view.namePrompt = nil; diagrams[pane] = view; return }
            prompt.query.removeLast()
        case let .char(c):
            prompt.query.append(c)
        default:
            return
        }
        view.namePrompt = prompt
        let found = view.select(named: prompt.query)
        if !found && prompt.query.isEmpty { view.select(prompt.origin) }
        message = found || prompt.query.isEmpty ? nil : StatusMessage(text: "no match", severity: .warning)
        diagrams[pane] = view
    }

    /// `:erd …` and `:map …`; nil when the words are not a diagram command (a bare `:erd`
    /// still just shows the ERD pane).
    mutating func runDiagramCommand(_ words: [String]) -> [WorkbenchEffect]? {
        guard let verb = words.first?.lowercased() else { return nil }
        let target: Pane
        switch verb {
        case "erd" where words.count > 1: target = .erd
        case "map", "servicemap": target = .services
        default: return nil
        }
        let sub = words.dropFirst().first?.lowercased()
        let argument = words.dropFirst(2).first
        perform(.showPane(target))
        if sub == "list" {
            showDiagram(false)
            return []
        }
        guard var view = diagrams[target] else { return [] }
        switch (target, sub) {
        case (_, nil), (_, "diagram"?), (_, "show"?):
            break
        case (.services, "group"?):
            view.groupByDomain.toggle()
        case (.erd, "group"?):
            view.erdOptions.groupByService.toggle()
        case (.erd, "compact"?):
            view.erdOptions.compact.toggle()
        case (.erd, "all"?):
            view.erdOptions.service = nil
            view.erdOptions.focusTable = nil
        case (.erd, "service"?):
            guard let name = argument else {
                message = StatusMessage(text: ":erd service NAME", severity: .warning)
                return []
            }
            guard design.tables.contains(where: { $0.service == name }) else {
                message = StatusMessage(text: "no tables owned by a service \"\(name)\"", severity: .warning)
                return []
            }
            view.erdOptions.service = name
        case (.erd, "focus"?):
            guard let name = argument else {
                message = StatusMessage(text: ":erd focus TABLE [DEPTH]", severity: .warning)
                return []
            }
            guard design.tables.contains(where: { $0.name == name }) else {
                message = StatusMessage(text: "no table \"\(name)\"", severity: .warning)
                return []
            }
            view.erdOptions.focusTable = name
            if let depth = words.dropFirst(3).first.flatMap({ Int($0) }) { view.erdOptions.depth = max(0, depth) }
        default:
            message = StatusMessage(text: "unknown command :\(words.joined(separator: " "))", severity: .error)
            return []
        }
        let optionsChanged = ![nil, "diagram", "show"].contains(sub)
        if optionsChanged { view.invalidate() }
        diagrams[target] = view
        showDiagram(true)
        if optionsChanged, let shown = diagrams[target] { describeOptions(shown) }
        return []
    }

    // MARK: - Keeping the scenes current

    /// After the design, its findings or the glyphs changed: the diagram on screen is laid
    /// out again now; the others are dropped and laid out when next shown.
    mutating func diagramsNeedRebuild() {
        for p in [Pane.erd, .services, .flows] {
            guard var view = diagrams[p] else { continue }
            if view.isShown {
                view.rebuild(design: design, findings: viewModel.findings, glyphs: glyphs, viewSize: layout.diagramViewSize)
            } else {
                view.invalidate()
            }
            diagrams[p] = view
        }
    }

    /// After the screen changed size: a new layout only if the width changed.
    mutating func diagramsResized() {
        for p in [Pane.erd, .services, .flows] {
            guard var view = diagrams[p], view.isShown else { continue }
            view.fit(design: design, findings: viewModel.findings, glyphs: glyphs, viewSize: layout.diagramViewSize)
            diagrams[p] = view
        }
    }

    /// After a jump: when the target's pane shows its diagram, its box becomes the selection.
    mutating func diagramFollow(_ ref: ElementRef) {
        guard let place = viewModel.location[ref], var view = diagrams[place.pane], view.isShown else { return }
        if view.kind == .sequence {
            // A jump to another flow while its diagram shows draws that flow.
            guard ref.kind == .flow, ref.name != view.flowName else { return }
            view.flowName = ref.name
            view.rebuild(design: design, findings: viewModel.findings, glyphs: glyphs, viewSize: layout.diagramViewSize)
            diagrams[place.pane] = view
            return
        }
        let id: String?
        switch (view.kind, ref.kind) {
        case (.erd, .table), (.serviceMap, .service): id = ref.name
        case (.erd, .column): id = ref.columnParts?.table
        default: id = nil
        }
        guard let id else { return }
        view.withScene { scene in
            if let index = scene.graph.index(of: id) { scene.select(index) }
        }
        diagrams[place.pane] = view
    }
}

// MARK: - Drawing

extension WorkbenchView {
    /// The minimap shows only when the pane has this much room and the diagram does not fit.
    static let minimapSize = Size(width: 24, height: 6)

    static func diagramPane(_ state: AppState, _ layout: ScreenLayout, into buffer: inout Buffer) {
        guard let view = state.diagrams[state.pane] else { return }
        if view.kind == .sequence {
            sequencePane(state, view, layout, into: &buffer)
            return
        }
        let area = layout.diagram
        let noun = view.kind.boxNoun
        let count = view.scene?.graph.nodes.count ?? 0
        var title = "\(state.pane == .erd ? "ERD diagram" : "Service map") (\(count) \(noun)\(count == 1 ? "" : "s"))"
        if !view.optionSummary.isEmpty { title += " \(state.glyphs.separator) \(view.optionSummary)" }
        let position = view.scene.flatMap { scene in
            scene.selected.flatMap { s in scene.layout.selectionOrder.firstIndex(of: s).map { "\($0 + 1)/\(count)" } }
        }
        let block = Block(title: Line(title, .title), trailingTitle: position.map { Line($0, .muted) },
                          focused: state.focus == .list, glyphs: state.glyphs)
        block.render(area, in: &buffer)
        let inner = layout.diagramInner
        guard var scene = view.scene, !scene.graph.nodes.isEmpty else {
            let text = view.kind == .erd ? (view.optionSummary.isEmpty ? "No tables yet." : "No tables match: A shows all.")
                : "No services yet."
            buffer.write(text, x: inner.x + 1, y: inner.y, style: Style(.muted), clip: inner)
            return
        }
        // The scene was fitted to this size by update; a frame only copies cells.
        scene.viewport.resize(view: DiagramScene.viewSize(for: inner.size))
        scene.render(inner, in: &buffer, showsPosition: true)
        if let prompt = view.namePrompt { namePromptRow(prompt, noun: noun, inner, into: &buffer) }
        minimap(scene, inner, glyphs: state.glyphs, into: &buffer)
    }

    /// The Flows pane's diagram: the selected flow's steps between its participants.
    private static func sequencePane(_ state: AppState, _ view: DiagramPaneState, _ layout: ScreenLayout, into buffer: inout Buffer) {
        let count = view.itemCount
        let title = "Flow \(view.flowName ?? "") (\(count) step\(count == 1 ? "" : "s"))"
        let position = view.selectedIndex.map { "\($0 + 1)/\(count)" }
        let block = Block(title: Line(title, .title), trailingTitle: position.map { Line($0, .muted) },
                          focused: state.focus == .list, glyphs: state.glyphs)
        block.render(layout.diagram, in: &buffer)
        let inner = layout.diagramInner
        guard var scene = view.sequence, count > 0 else {
            let text = view.sequence == nil ? "No flow called \"\(view.flowName ?? "")\" any more: v goes back to the list."
                : "No steps yet: e edits the flow."
            buffer.write(text, x: inner.x + 1, y: inner.y, style: Style(.muted), clip: inner)
            return
        }
        scene.viewport.resize(view: DiagramScene.viewSize(for: inner.size))
        scene.render(inner, in: &buffer, showsPosition: true)
        if let prompt = view.namePrompt { namePromptRow(prompt, noun: view.kind.boxNoun, inner, into: &buffer) }
    }

    /// `/` typing over the position line: what is being looked for, with a cursor.
    private static func namePromptRow(_ prompt: DiagramNamePrompt, noun: String, _ inner: Rect, into buffer: inout Buffer) {
        let row = Rect(x: inner.x, y: inner.bottom - 1, width: inner.width, height: 1)
        buffer.fill(row, style: Style(.statusBar))
        let x = buffer.write(Line([Span(" find \(noun): ", .statusBar), Span(prompt.query, .input, bold: true)]),
                             x: row.x, y: row.y, clip: row)
        buffer.write(" ", x: x, y: row.y, style: Style(.selection), clip: row)
    }

    /// A small map of the whole canvas, the visible part highlighted, when the diagram is
    /// larger than the view and the pane is roomy enough to spare it. It sits in the first
    /// corner (top right, bottom right, top left, bottom left) where it covers no box, else in
    /// the first where it covers no part of the selected box, and hides when every corner would.
    private static func minimap(_ scene: DiagramScene, _ inner: Rect, glyphs: Glyphs, into buffer: inout Buffer) {
        let viewport = scene.viewport
        let fits = viewport.canvasSize.width <= viewport.viewSize.width && viewport.canvasSize.height <= viewport.viewSize.height
        let size = minimapSize
        guard !fits, inner.width >= 90, inner.height >= 20 else { return }
        let boxSize = Size(width: size.width + 2, height: size.height + 2)
        // The last row of the pane is the position line.
        let bottom = DiagramScene.viewSize(for: inner.size).height + inner.y
        let corners = [Position(x: inner.right - boxSize.width, y: inner.y),
                       Position(x: inner.right - boxSize.width, y: bottom - boxSize.height),
                       Position(x: inner.x, y: inner.y),
                       Position(x: inner.x, y: bottom - boxSize.height)]
        func onScreen(_ r: Rect) -> Rect {
            Rect(x: r.x - viewport.offset.x + inner.x, y: r.y - viewport.offset.y + inner.y, width: r.width, height: r.height)
        }
        func covers(_ corner: Position, _ r: Rect) -> Bool {
            !Rect(x: corner.x, y: corner.y, width: boxSize.width, height: boxSize.height).intersection(r).isEmpty
        }
        let boxes = scene.layout.nodeRects.map(onScreen)
        let selectedBox = scene.selected.map { boxes[$0] }
        // A corner over no box at all, else one that leaves the selected box clear.
        guard let corner = corners.first(where: { corner in !boxes.contains { covers(corner, $0) } })
            ?? corners.first(where: { corner in selectedBox.map { !covers(corner, $0) } ?? true }) else { return }
        let box = Rect(x: corner.x, y: corner.y, width: boxSize.width, height: boxSize.height)
        let block = Block(title: Line("map", .muted), background: Style(.text), glyphs: glyphs)
        block.render(box, in: &buffer)
        let lines = viewport.minimap(width: size.width, height: size.height, boxes: scene.layout.nodeRects, glyphs: glyphs)
        let mapArea = block.inner(box)
        for (i, line) in lines.enumerated() {
            buffer.write(line, x: mapArea.x, y: mapArea.y + i, clip: mapArea)
        }
    }
}
