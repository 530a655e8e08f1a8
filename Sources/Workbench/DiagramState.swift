import DesignExport
import DesignModel
import DesignRules
import Diagrams
import TerminalUI

/// Which picture a pane's diagram view draws.
package enum DiagramKind: Sendable, Equatable {
    /// Tables and foreign keys (the ERD pane).
    case erd
    /// Services and their calls (the Services pane).
    case serviceMap
    /// One flow's steps between its participants (the Flows pane).
    case sequence

    /// The element a box stands for: ERD boxes are tables, service-map boxes are services.
    /// A sequence diagram selects steps, not boxes: `DiagramPaneState.selectedStepTarget`.
    func ref(forNode id: String) -> ElementRef? {
        switch self {
        case .erd: .table(id)
        case .serviceMap: .service(id)
        case .sequence: nil
        }
    }

    var boxNoun: String {
        switch self {
        case .erd: "table"
        case .serviceMap: "service"
        case .sequence: "step"
        }
    }
}

/// The box-name prompt opened with `/` in a diagram: what has been typed, and the box that
/// was selected before, so Esc can put it back.
package struct DiagramNamePrompt: Sendable, Equatable {
    package var query: String
    package var origin: Int?
}

/// One pane's diagram view: shown or not, its options, and the laid-out scene.
///
/// The scene (graph, layout, drawn canvas) is cached here and rebuilt only when the design or
/// its findings change, an option changes, or the pane gets a different width (the layout wraps
/// to the width); a frame only copies the visible window out of the canvas, and a pan only
/// moves the viewport.
package struct DiagramPaneState: Sendable {
    package let kind: DiagramKind
    package var isShown = false
    /// ERD pane only.
    package var erdOptions = ERDDiagramOptions()
    /// Services pane only: frame the services of each domain together.
    package var groupByDomain = false
    package var namePrompt: DiagramNamePrompt?
    /// Nil until first shown, and again whenever it went stale while hidden.
    package private(set) var scene: DiagramScene?
    /// Flows pane only: the flow drawn, by name, and its diagram (nil when no flow of that
    /// name is left).
    package var flowName: String?
    package private(set) var sequence: SequenceScene?
    /// The canvas width the scene was laid out for; a different pane width needs a new layout.
    private(set) var laidOutSize = Size(width: 0, height: 0)
    /// How many times a scene was laid out: tests use it to show a frame or a pan does not.
    package private(set) var layoutRuns = 0

    init(kind: DiagramKind) { self.kind = kind }

    /// Lays out the scene again, keeping the selected box selected when it still exists (or
    /// selecting the first box, so Enter and the position line always have one).
    mutating func rebuild(design: Design, findings: [Finding], glyphs: Glyphs, viewSize: Size) {
        if kind == .sequence {
            let previous = sequence?.selected
            sequence = design.flows.first { $0.name == flowName }.map { flow in
                var fresh = SequenceScene(diagram: FlowDiagram.sequence(for: flow, in: design, findings: findings),
                                          glyphs: DiagramGlyphs.matching(glyphs), viewSize: viewSize)
                fresh.select(previous.map { min($0, fresh.diagram.messages.count - 1) } ?? (fresh.diagram.messages.isEmpty ? nil : 0))
                return fresh
            }
            laidOutSize = viewSize
            layoutRuns += 1
            return
        }
        let wrapWidth = max(viewSize.width, 40)
        let graph: DiagramGraph
        var options: DiagramLayoutOptions
        switch kind {
        case .erd:
            graph = ERDDiagram.graph(for: design, options: erdOptions, findings: findings)
            options = ERDDiagram.layoutOptions(erdOptions, wrapWidth: wrapWidth)
        case .serviceMap:
            graph = ServiceMapDiagram.graph(for: design, findings: findings)
            options = ServiceMapDiagram.layoutOptions(for: graph, wrapWidth: wrapWidth, groupByDomain: groupByDomain)
        case .sequence:
            return  // laid out above
        }
        options.fitHeight = viewSize.height
        let previous = scene?.selectedNodeID
        var fresh = DiagramScene(graph: graph, options: options, glyphs: DiagramGlyphs.matching(glyphs), viewSize: viewSize)
        fresh.select(previous.flatMap { fresh.graph.index(of: $0) } ?? fresh.layout.nextSelection(after: nil))
        scene = fresh
        laidOutSize = viewSize
        layoutRuns += 1
    }

    /// Drops the scene; it is laid out again when the view is next shown.
    mutating func invalidate() {
        scene = nil
        sequence = nil
        laidOutSize = Size(width: 0, height: 0)
    }

    /// Brings the scene up to date for a pane of `viewSize`: a new layout when there is none
    /// or the width changed, or the height changed for a diagram the height shapes (one wider
    /// than the view, or one whose layers continue below); otherwise only the viewport follows.
    mutating func fit(design: Design, findings: [Finding], glyphs: Glyphs, viewSize: Size) {
        if kind == .sequence {
            // Laid out to the width: only a new width needs a new layout.
            if laidOutSize.width != viewSize.width || (sequence == nil && laidOutSize.width == 0) {
                rebuild(design: design, findings: findings, glyphs: glyphs, viewSize: viewSize)
            } else if sequence?.viewport.viewSize != viewSize {
                sequence?.viewport.resize(view: viewSize)
                laidOutSize = viewSize
            }
            return
        }
        let heightShapes = scene.map { $0.layout.bands > 1 || $0.layout.size.width > viewSize.width } ?? true
        if scene == nil || laidOutSize.width != viewSize.width || (laidOutSize.height != viewSize.height && heightShapes) {
            rebuild(design: design, findings: findings, glyphs: glyphs, viewSize: viewSize)
        } else if scene?.viewport.viewSize != viewSize {
            scene?.viewport.resize(view: viewSize)
            laidOutSize = viewSize
        }
    }

    mutating func withScene(_ change: (inout DiagramScene) -> Void) {
        guard var s = scene else { return }
        scene = nil  // keep the canvas uniquely referenced while it changes
        change(&s)
        scene = s
    }

    mutating func withSequence(_ change: (inout SequenceScene) -> Void) {
        guard var s = sequence else { return }
        sequence = nil
        change(&s)
        sequence = s
    }

    /// The viewport of whichever scene the pane draws.
    mutating func withViewport(_ change: (inout DiagramViewport) -> Void) {
        if kind == .sequence { withSequence { change(&$0.viewport) } } else { withScene { change(&$0.viewport) } }
    }

    /// Tab and Shift-Tab over boxes, or over a flow's steps.
    mutating func selectNext(forward: Bool) {
        if kind == .sequence { withSequence { $0.selectNext(forward: forward) } } else { withScene { $0.selectNext(forward: forward) } }
    }

    /// The selected box or step.
    var selectedIndex: Int? { kind == .sequence ? sequence?.selected : scene?.selected }

    mutating func select(_ index: Int?) {
        if kind == .sequence { withSequence { $0.select(index) } } else { withScene { $0.select(index) } }
    }

    /// Selects by a typed name; false when nothing matches.
    mutating func select(named name: String) -> Bool {
        var found = false
        if kind == .sequence { withSequence { found = $0.select(named: name) } } else { withScene { found = $0.select(named: name) } }
        return found
    }

    /// Whether a typed name matches a box or step, without selecting it.
    func matches(named name: String) -> Bool {
        if kind == .sequence { return sequence?.diagram.message(named: name) != nil }
        guard let scene else { return false }
        return scene.graph.node(named: name, in: scene.layout) != nil
    }

    /// How many boxes or steps the diagram has.
    var itemCount: Int { kind == .sequence ? sequence?.diagram.messages.count ?? 0 : scene?.graph.nodes.count ?? 0 }

    /// "grouped · compact · service orders · around orders (depth 1)" for the pane title.
    var optionSummary: String {
        var parts: [String] = []
        switch kind {
        case .erd:
            if erdOptions.groupByService { parts.append("by service") }
            if erdOptions.compact { parts.append("compact") }
            if let s = erdOptions.service { parts.append("service \(s)") }
            if let t = erdOptions.focusTable { parts.append("around \(t) depth \(erdOptions.depth)") }
        case .serviceMap:
            if groupByDomain { parts.append("by domain") }
        case .sequence:
            break
        }
        return parts.joined(separator: ", ")
    }
}

/// The diagram views of the two panes that have one.
package struct DiagramPanes: Sendable {
    package var erd = DiagramPaneState(kind: .erd)
    package var services = DiagramPaneState(kind: .serviceMap)
    package var flows = DiagramPaneState(kind: .sequence)

    package init() {}

    package static func kind(of pane: Pane) -> DiagramKind? {
        switch pane {
        case .erd: .erd
        case .services: .serviceMap
        case .flows: .sequence
        default: nil
        }
    }

    static func pane(of kind: DiagramKind) -> Pane {
        switch kind {
        case .erd: .erd
        case .serviceMap: .services
        case .sequence: .flows
        }
    }

    /// The pane's diagram view; nil for panes without one (setting nil is ignored).
    package subscript(pane: Pane) -> DiagramPaneState? {
        get {
            switch pane {
            case .erd: erd
            case .services: services
            case .flows: flows
            default: nil
            }
        }
        set {
            guard let newValue else { return }
            switch pane {
            case .erd: erd = newValue
            case .services: services = newValue
            case .flows: flows = newValue
            default: break
            }
        }
    }

    package func isShown(_ pane: Pane) -> Bool { self[pane]?.isShown ?? false }

    package var layoutRuns: Int { erd.layoutRuns + services.layoutRuns + flows.layoutRuns }
}
