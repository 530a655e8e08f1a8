import DesignExport
import DesignModel
import DesignRules
import Foundation
import TerminalUI

/// The version `:diff` compares the design with: a git revision of its file, or the file as
/// it is on disk (for unsaved edits).
package struct ChangeBase: Sendable {
    /// What the status line and the panel call it: `HEAD`, `v1 (3f2a9c1e0b4d)`, `the file`.
    package var label: String
    package var design: Design

    package init(label: String, design: Design) {
        self.label = label
        self.design = design
    }

    /// Reads `revision` of the design's file through git (`approved`: the version of the last
    /// approve verdict), or the file itself when `revision` is nil. The runner calls it, so the
    /// file and git are read outside `update`.
    package static func load(revision: String?, path: String?) -> Result<ChangeBase, ChangeBaseFailure> {
        guard let path else { return .failure(ChangeBaseFailure(message: "no file: the design has no version to compare with")) }
        let name = (path as NSString).lastPathComponent
        guard let revision else {
            do {
                return .success(ChangeBase(label: "the file", design: try DesignLoader.load(contentsOf: path).design))
            } catch {
                return .failure(ChangeBaseFailure(message: error.diagnostics.first.map { "\($0)" } ?? "\(name): cannot be read"))
            }
        }
        do {
            let earlier = try DesignHistory.text(of: path, at: revision)
            let design = try DesignLoader.load(yaml: earlier.text, file: "\(name)@\(revision)").design
            let label = revision == DesignHistory.approved || revision.count >= 12 ? "\(revision) (\(earlier.commit.prefix(12)))" : revision
            return .success(ChangeBase(label: label, design: design))
        } catch let failure as DesignHistory.Failure {
            return .failure(ChangeBaseFailure(message: "\(name): \(failure.message)"))
        } catch let error as DesignLoadError {
            return .failure(ChangeBaseFailure(message: error.diagnostics.first.map { "\($0)" } ?? "\(name)@\(revision) does not load"))
        } catch {
            return .failure(ChangeBaseFailure(message: "\(name): \(error)"))
        }
    }
}

package struct ChangeBaseFailure: Error, Sendable, Equatable {
    package var message: String
}

/// How a list row shows that its element changed: `+` added, `→` renamed, `~` changed (or a
/// part of it added, removed or changed), in the colour of the worst class.
package struct ChangeMark: Sendable, Equatable {
    package var action: ChangeAction
    package var worst: ChangeClass

    package var role: StyleRole {
        switch worst {
        case .breaking: .error
        case .risky: .warning
        case .safe: .success
        }
    }

    func symbol(_ glyphs: Glyphs) -> String {
        switch action {
        case .added: "+"
        case .renamed: glyphs.isUnicode ? "→" : ">"
        case .removed: "-"
        case .changed: "~"
        }
    }
}

/// `:diff [REV]`: the design compared with an earlier version while it is shown and edited.
/// The diff is taken again after each edit, so markers, ghost rows and the Changes panel stay true.
package struct ChangeReview: Sendable {
    package let base: ChangeBase
    /// The base as the diff walks it, made once.
    private let baseNode: SchemaNode
    package private(set) var diff: DesignDiff
    /// The design's changes, breaking first (the panel's order); comments are left out.
    package private(set) var listed: [DesignChange] = []
    /// The changes by the list row that shows their element.
    package private(set) var byRow: [ElementRef: [DesignChange]] = [:]
    package private(set) var marks: [ElementRef: ChangeMark] = [:]
    /// Top-level elements of the base that the design no longer has: the ghost rows.
    package private(set) var removed: [DesignChange] = []
    /// The Changes panel's selection; kept while it is closed.
    package var panel = ListState()

    init(base: ChangeBase, design: Design, sourceMap: SourceMap) {
        self.base = base
        baseNode = Schemas.design.node(base.design)
        diff = DesignDiff(old: base.design, new: design, newSourceMap: sourceMap, oldNode: baseNode)
        index(design)
    }

    mutating func refresh(design: Design, sourceMap: SourceMap) {
        diff = DesignDiff(old: base.design, new: design, newSourceMap: sourceMap, oldNode: baseNode)
        index(design)
        if let s = panel.selected, s >= listed.count { panel.selected = listed.isEmpty ? nil : listed.count - 1 }
    }

    private mutating func index(_ design: Design) {
        listed = diff.designChanges
        byRow = [:]
        marks = [:]
        removed = []
        for change in listed {
            if change.action == .removed, change.path.count == 1 || change.kind == .monitoring || change.kind == .cache
                || change.kind == .bottleneck, let element = change.element, Self.hasRow(element.kind) {
                removed.append(change)
                continue
            }
            guard let row = Self.row(for: change, in: design) else { continue }
            byRow[row, default: []].append(change)
            // The row's own element added or renamed says so; anything inside it is a change.
            let own = change.element == row && (change.action == .added || change.action == .renamed)
            let action: ChangeAction = own ? change.action : .changed
            if var mark = marks[row] {
                mark.worst = min(mark.worst, change.changeClass)
                if mark.action != .added { mark.action = own ? action : mark.action }
                marks[row] = mark
            } else {
                marks[row] = ChangeMark(action: action, worst: change.changeClass)
            }
        }
    }

    /// The list row that shows a change: its element's row, or for a section the row of the
    /// part that changed (the Load row for the load, the Failover row for `failover`).
    static func row(for change: DesignChange, in design: Design) -> ElementRef? {
        let parts: [String: String] = ["constraints": "constraints", "questions": "questions", "load_balancing": "load_balancing",
                                       "failover": "failover", "notes": "scaling_notes"]
        switch change.kind {
        case .load: return .section("load")
        case .requirements, .scaling:
            if let key = change.fields.first?.key, let part = parts[key] { return .section(part) }
        default: break
        }
        return WorkbenchViewModel.rowRef(for: change.element, in: design)
    }

    /// Element kinds that have list rows of their own.
    static func hasRow(_ kind: ElementKind) -> Bool {
        [.service, .endpoint, .table, .event, .cache, .bottleneck, .stack, .monitoring, .flow].contains(kind)
    }

    /// The pane a removed element's ghost row is shown in.
    static func pane(of kind: ElementKind) -> Pane {
        switch kind {
        case .endpoint: .endpoints
        case .service, .event: .services
        case .table, .column: .erd
        case .cache, .bottleneck, .monitoring: .scaling
        case .flow: .flows
        default: .overview
        }
    }

    /// "since HEAD: 12 changes (1 breaking, 2 risky, 9 safe)".
    var summary: String {
        let counts = ChangeClass.allCases.map { "\(diff.count($0)) \($0.rawValue)" }.joined(separator: ", ")
        return "since \(base.label): \(listed.count) change\(listed.count == 1 ? "" : "s") (\(counts))"
    }
}

/// What a key does while the Changes panel is open.
package enum ChangesPanelAction: Sendable, Equatable {
    case moveDown, moveUp, top, bottom, goToElement, close
}

/// The Changes panel's key table; help, the panel's footer and the README come from it.
package enum ChangeKeys {
    package static let map = KeyMap<ChangesPanelAction>([
        KeyBinding([.char("j"), .down], .moveDown, help: "next change", group: "Changes panel (~)"),
        KeyBinding([.char("k"), .up], .moveUp, help: "previous change", group: "Changes panel (~)"),
        KeyBinding([.char("g"), .home], .top, help: "first change", group: "Changes panel (~)"),
        KeyBinding([.char("G"), .end], .bottom, help: "last change", group: "Changes panel (~)"),
        KeyBinding(.enter, .goToElement, help: "go to the changed element (Esc comes back)", group: "Changes panel (~)",
                   showInStatus: true),
        KeyBinding([.escape, .char("~"), .char("q")], .close, help: "close the panel", group: "Changes panel (~)",
                   showInStatus: true),
    ])

    package static func helpLines() -> [Line] { map.helpLines() }

    /// The panel's keys as Markdown rows, for the README.
    package static func markdownTable() -> String {
        map.markdownTable(header: "keys in the Changes panel")
    }
}

extension AppState {
    /// `:diff [REV|off]`: compare with a git revision of the file (`approved` for the last
    /// approval), with the file on disk when no revision is given, or stop comparing.
    mutating func runDiffCommand(_ arguments: [String]) -> [WorkbenchEffect] {
        if arguments.first?.lowercased() == "off" {
            changeReview = nil
            if mode == .changes { mode = .normal }
            rebuildRows(findings: viewModel.findings)
            message = StatusMessage(text: "changes no longer shown", severity: nil)
            return []
        }
        guard filePath != nil else {
            message = StatusMessage(text: "no file: :diff compares the design with its file or a git revision of it", severity: .warning)
            return []
        }
        return [.loadChangeBase(revision: arguments.first)]
    }

    /// The runner's answer to `.loadChangeBase`: the markers, ghost rows and panel now show
    /// the changes since that version.
    mutating func changeBaseLoaded(_ result: Result<ChangeBase, ChangeBaseFailure>) {
        switch result {
        case let .failure(failure):
            message = StatusMessage(text: failure.message, severity: .error)
        case let .success(base):
            var review = ChangeReview(base: base, design: design, sourceMap: sourceMap)
            review.panel.selectFirst(count: review.listed.count)
            changeReview = review
            rebuildRows(findings: viewModel.findings)
            message = StatusMessage(text: review.summary + "; ~ lists them", severity: nil)
        }
    }

    mutating func openChangesPanel() {
        guard let review = changeReview else {
            message = StatusMessage(text: "no changes shown: :diff REV compares with a git revision, :diff with the file", severity: nil)
            return
        }
        mode = .changes
        if review.listed.isEmpty { message = StatusMessage(text: "no change to the design \(review.summary.prefix { $0 != ":" })", severity: nil) }
    }

    mutating func updateChangesPanel(_ key: Key) -> [WorkbenchEffect] {
        guard let action = ChangeKeys.map.action(for: key) else { return keyOutsidePanel(key, panel: "Changes") }
        message = nil
        guard var review = changeReview else {
            mode = .normal
            return []
        }
        let count = review.listed.count
        let height = PanelLayout(screen: screenSize).listHeight
        switch action {
        case .moveDown: review.panel.move(by: 1, count: count)
        case .moveUp: review.panel.move(by: -1, count: count)
        case .top: review.panel.selectFirst(count: count)
        case .bottom: review.panel.selectLast(count: count)
        case .close:
            mode = .normal
        case .goToElement:
            guard let i = review.panel.selected, i < count else { return [] }
            let change = review.listed[i]
            mode = .normal
            guard change.action != .removed || change.path.count > 1,
                  let row = ChangeReview.row(for: change, in: design), viewModel.location[row] != nil else {
                message = StatusMessage(text: "\(change.path.joined(separator: " › ")) was removed: it is not in the design now", severity: nil)
                return []
            }
            go(to: row)
            message = StatusMessage(text: "\(change.changeClass.rawValue): \(change.path.joined(separator: " › "))", severity: nil)
        }
        review.panel.scrollToSelection(viewHeight: height)
        changeReview = review
        return []
    }
}

extension WorkbenchView {
    /// The Changes panel: the counts by class, the changes breaking first, the selected one's
    /// reasons and fields (old → new), and the panel's keys.
    static func changesPanel(_ state: AppState, into buffer: inout Buffer) {
        guard let review = state.changeReview else { return }
        let layout = PanelLayout(screen: state.screenSize)
        guard layout.frame.width >= 20, layout.frame.height >= 8 else { return }
        let g = state.glyphs
        Block(title: Line("Changes", .title), trailingTitle: Line(" since \(review.base.label) ", .muted),
              focused: true, background: .plain, glyphs: g)
            .render(layout.frame, in: &buffer)
        var counts: [Span] = []
        for changeClass in ChangeClass.allCases {
            counts.append(Span("\(review.diff.count(changeClass)) \(changeClass.rawValue)", ChangeMark(action: .changed, worst: changeClass).role,
                               bold: true))
            counts.append(Span("   "))
        }
        let comments = review.diff.commentChanges.count
        if comments > 0 { counts.append(Span("\(comments) comment change\(comments == 1 ? "" : "s") (C lists comments)", .muted)) }
        buffer.write(Line(counts).truncated(toWidth: layout.filters.width, ellipsis: g.ellipsis),
                     x: layout.filters.x, y: layout.filters.y, clip: layout.filters)
        if review.listed.isEmpty {
            buffer.write("No change to the design since \(review.base.label).", x: layout.list.x + 1, y: layout.list.y,
                         style: Style(.muted), clip: layout.list)
        } else {
            var list = review.panel
            ListView(review.listed.map { changeItem($0, glyphs: g) }, focused: true, glyphs: g)
                .render(layout.list, in: &buffer, state: &list)
        }
        buffer.write(String(repeating: g.horizontal, count: max(0, layout.separator.width)),
                     x: layout.separator.x, y: layout.separator.y, style: Style(.border), clip: layout.separator)
        if let i = review.panel.selected, i < review.listed.count {
            TextView(changeDetail(review.listed[i], glyphs: g), wrap: true, glyphs: g).render(layout.detail, in: &buffer)
        }
        var hints: [Span] = []
        for b in ChangeKeys.map.bindings where b.showInStatus {
            hints.append(Span(b.keys.first.map { "\($0)" } ?? b.keyLabel, .accent, bold: true))
            hints.append(Span(": \(b.help)  "))
        }
        buffer.write(Line(hints).truncated(toWidth: layout.footer.width, ellipsis: g.ellipsis),
                     x: layout.footer.x, y: layout.footer.y, clip: layout.footer)
    }

    /// One change as a list row: class, action, section, what.
    static func changeItem(_ change: DesignChange, glyphs: Glyphs) -> ListItem {
        let mark = ChangeMark(action: change.action, worst: change.changeClass)
        return ListItem(Line([
            Span(change.changeClass.rawValue.fitted(toWidth: 9, ellipsis: glyphs.ellipsis), mark.role, bold: true),
            Span(mark.symbol(glyphs) + " ", mark.role, bold: true),
            Span(change.section.fitted(toWidth: 11, ellipsis: glyphs.ellipsis) + " ", .muted),
            Span(DiffReport.title(change)),
        ]))
    }

    /// A change in full: what, its reasons with their rules, each field old → new.
    static func changeDetail(_ change: DesignChange, glyphs: Glyphs) -> [Line] {
        let mark = ChangeMark(action: change.action, worst: change.changeClass)
        var lines = [Line([Span("\(mark.symbol(glyphs)) ", mark.role, bold: true), Span(DiffReport.title(change), bold: true)])]
        for reason in change.reasons {
            lines.append(Line([Span("  \(reason.changeClass.rawValue): ", ChangeMark(action: .changed, worst: reason.changeClass).role, bold: true),
                               Span(reason.message), Span("  [\(reason.rule)]", .muted)]).hanging(4))
        }
        for field in change.fields {
            lines.append(fieldLine(field, glyphs: glyphs))
        }
        return lines
    }

    /// `label: old → new`, the old value muted.
    static func fieldLine(_ field: FieldChange, glyphs: Glyphs) -> Line {
        Line([Span("  \(field.label): ", .accent), Span(DiffReport.oneLine(field.old ?? "(none)"), .muted),
              Span(glyphs.isUnicode ? " → " : " -> "), Span(DiffReport.oneLine(field.new ?? "(none)"))]).hanging(4)
    }
}

extension DetailView {
    /// Under the selected element's detail: what changed in it since the compared version.
    static func changes(for ref: ElementRef, _ state: AppState, _ out: inout DetailLines) {
        guard let review = state.changeReview, let changes = review.byRow[ref], !changes.isEmpty else { return }
        out.heading("Changes since \(review.base.label)")
        for change in changes {
            for line in WorkbenchView.changeDetail(change, glyphs: state.glyphs) { out.lines.append(line) }
        }
    }
}
