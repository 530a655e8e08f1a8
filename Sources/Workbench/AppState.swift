import DesignModel
import DesignRules
import Foundation
import TerminalUI

/// Which part of the screen the movement keys act on.
package enum Focus: Sendable, Equatable {
    case list, detail, findings
}

/// What the keyboard is doing: browsing, or typing into one of the prompts.
package enum Mode: Sendable, Equatable {
    case normal
    /// Typing a `/` search; `origin` is the selection to go back to on Esc.
    case search(query: String, origin: Int?)
    case command(String)
    case jump(query: String, selection: Int)
    case help(offset: Int)
    case confirmDelete(ElementRef)
    /// Editing an element or section in a form (FormState.swift).
    case form(FormState)
    /// Choosing from a list outside a form: which kind of element `a` adds.
    case pick(PickerState)
    /// Typing a new name for an element (`r`).
    case rename(ElementRef, LineEditor)
    /// Quitting with unsaved changes: save, discard or cancel.
    case confirmQuit
    /// The first key of a two-key command (`ZZ`).
    case prefix(Character)
    /// The comments panel has the keyboard (CommentsPanel.swift).
    case comments
    /// The Changes panel has the keyboard (ChangeReview.swift).
    case changes
    /// Typing a comment or a reply (CommentActions.swift).
    case commentInput(CommentInput)
    /// On open: a recovery journal holds unsaved changes (FileSafety.swift).
    case recovery(RecoveryPrompt)
    /// Opening for review: a dead review session's unsaved comments.
    case reviewRecovery(ReviewRecoveryPrompt)
    /// Another workbench holds the design's lock.
    case lockHeld(LockPrompt)
    /// `:messages`: the status messages so far, for the ones the status line had to cut.
    case messages(offset: Int)
    /// A save found the file changed on disk: reload, overwrite or save as.
    /// `thenQuit`: the save was a save-and-quit (`:wq`, `ZZ`), which overwrite then finishes.
    case saveConflict(path: String, thenQuit: Bool)
}

/// A place to come back to with Esc after a jump.
package struct Location: Sendable, Equatable {
    package var pane: Pane
    package var row: Int?
    package var focus: Focus
}

/// The last message in the status line.
package struct StatusMessage: Sendable, Equatable {
    package var text: String
    package var severity: Severity?
}

/// A side effect `update` asks for; the runner carries it out, so `update` stays a pure
/// state transition (the bubbletea "command").
package enum WorkbenchEffect: Sendable, Equatable {
    case quit
    case save(path: String)
    /// `:w FILE`: writes the design to another file; the design keeps its own file and state.
    case saveCopy(path: String)
    /// Review mode's save: only the file's comments section, merged with what is on disk.
    case saveComments(path: String)
    /// `:export markdown FILE`.
    case exportMarkdown(path: String)
    /// `:import openapi|sql FILE`: read and merge it, then report with `.imported`.
    case importFile(ImportRequest)
    /// `:diff [REV]`: read that git revision of the file (nil: the file on disk), then report
    /// with `.changeBaseLoaded`.
    case loadChangeBase(revision: String?)
    /// Suspends the screen and edits text in $VISUAL / $EDITOR; the runner hands the result
    /// back with `finishExternalEdit`.
    case editExternally(ExternalEdit)
    /// The first edit: take the design's lock, then report with `receive(.lockAcquired…)`.
    case acquireLock
    /// "Edit anyway": replace another workbench's lock with ours.
    case takeOverLock
    /// The recovered journal's changes are now this session's: a save or clean quit removes it.
    case adoptJournal
    /// Review journals whose comments were recovered: remove them once saved.
    case adoptReviewJournals([String])
    case discardReviewJournals([String])
    /// Remove the recovery journal the workbench offered on open.
    case discardJournal
    /// Load the file again as it is on disk, dropping unsaved edits.
    case reload
    /// Save over a file that changed on disk since it was loaded.
    case overwrite(path: String)
    /// `:saveas FILE`: save to a new file and go on editing that one.
    case saveAs(path: String)
    /// Ctrl-Z: give the terminal back to the shell until `fg`.
    case suspend
    /// Ctrl-L: the next frame is drawn whole, over whatever is on the screen.
    case redraw
}

/// The whole state of the workbench: one value, changed only by `update`, drawn by `render`.
package struct AppState: Sendable {
    package internal(set) var design: Design
    package internal(set) var sourceMap: SourceMap
    package internal(set) var history = EditHistory()
    /// File name shown in the status line.
    package internal(set) var fileName: String
    /// Where `save` writes; nil for the bundled example until saved under a name.
    package internal(set) var filePath: String?
    /// Review mode, or a file in a newer format: no key may change the design.
    package internal(set) var isReadOnly: Bool
    /// A session of `archbench serve`: what would write another file on the server's host, read
    /// one of its files or start a process there (`:w FILE`, `:saveas`, `:export`, `:import`,
    /// `$EDITOR`, Ctrl-Z) is not offered in help, hints or completion; the server refuses the
    /// effects too.
    package let isServed: Bool
    package internal(set) var isModified = false
    package internal(set) var pane: Pane = .overview
    package internal(set) var lists: [ListState] = Array(repeating: ListState(), count: Pane.allCases.count)
    package internal(set) var detailScroll = TextViewState()
    package internal(set) var findingsList = ListState()
    package internal(set) var focus: Focus = .list
    package internal(set) var findingsVisible: Bool
    package internal(set) var mode: Mode = .normal
    package internal(set) var lastSearch: String?
    package internal(set) var message: StatusMessage?
    /// Every status message shown, newest last (`:messages`); kept by `update(_:)`.
    package internal(set) var messageLog: [StatusMessage] = []
    package internal(set) var backStack: [Location] = []
    /// The `:` commands run so far, for Up/Down (CommandLineKeys.swift).
    package internal(set) var commandHistory = CommandHistory()
    var commandCompletion: CommandCompletion?
    /// The comment author, the comments as loaded (review saves merge against them) and the
    /// comments panel (CommentActions.swift).
    package internal(set) var commenting = CommentSession()
    /// `:diff`: the version the design is compared with and the changes since (ChangeReview.swift).
    package internal(set) var changeReview: ChangeReview?
    /// What `y` copied, for `p` (EditActions.swift).
    package internal(set) var clipboard = Clipboard()
    package internal(set) var grouping: EndpointGrouping = .service
    /// Set by `update(.terminal(...))`, which lays the diagram on screen out again for it.
    package internal(set) var screenSize: Size
    /// The ERD and Services panes' diagram views (DiagramPane.swift).
    package internal(set) var diagrams = DiagramPanes()
    /// From the terminal's capabilities, by `update(.terminal(...))`; the row markers use them.
    package internal(set) var glyphs: Glyphs
    package private(set) var viewModel = WorkbenchViewModel()
    /// Counts rebuilds of the rows (each edit, a new grouping or glyph set): what the detail
    /// pane shows can have changed.
    package private(set) var rowsGeneration = 0
    /// The detail pane's wrapped lines, laid out once per rows generation, row and width.
    let detailLayout = DetailLayoutCache()
    package private(set) var validationRuns = 0
    /// The design has not been checked yet: the first frame is drawn before the rules run.
    package private(set) var checksPending = false
    /// Counts changes to the design (edits, undo, reload), so the runner can tell when the
    /// recovery journal is behind.
    package private(set) var revision = 0
    /// The lock is taken on the first edit; the runner sets `.notTaken` when there is a file.
    package internal(set) var editLock: EditLock = .notNeeded
    var pendingEdit: PendingEdit?
    /// The lock was just asked for this edit (and answered): it runs now, without asking again.
    var runningPendingEdit = false
    private let checker: (any DesignChecking)?

    package init(loaded: LoadedDesign, fileName: String, filePath: String?, readOnly: Bool,
                checker: (any DesignChecking)?, screenSize: Size = Size(width: 80, height: 24), glyphs: Glyphs = .unicode,
                author: String? = nil, served: Bool = false, checkAfterFirstFrame: Bool = false) {
        isServed = served
        design = loaded.design
        sourceMap = loaded.sourceMap
        self.fileName = fileName
        self.filePath = filePath
        isReadOnly = readOnly || loaded.isNewerFormat
        commenting = CommentSession(author: author ?? ReviewClock.defaultAuthor(), base: loaded.design.comments,
                                    canComment: !loaded.isNewerFormat)
        self.checker = checker
        self.screenSize = screenSize
        self.glyphs = glyphs
        findingsVisible = false
        if checkAfterFirstFrame {
            // The rows of the pane on the screen, without markers, now; `.checksDue`, sent once the
            // first frame is drawn, fills the markers in and builds the other panes.
            checksPending = true
            revision += 1
            rebuildRows(findings: [], only: pane)
        } else {
            designChanged()
        }
        for pane in Pane.allCases {
            let rows = viewModel.rows(pane)
            lists[pane.rawValue].selectFirst(count: rows.count) { rows[$0].isSelectable }
        }
        if loaded.isNewerFormat {
            message = StatusMessage(text: "file format \(loaded.design.formatVersion) is newer: read-only",
                                    severity: .warning)
        } else if readOnly {
            message = StatusMessage(text: "review: read-only except comments (c: comment, C: list)", severity: nil)
        }
    }

    /// Validates and rebuilds the row models: once per model change, never per frame.
    mutating func designChanged() {
        revision += 1
        runChecks()
    }

    /// Runs the rules over the design as it is and rebuilds the rows with their findings.
    mutating func runChecks() {
        checksPending = false
        let findings = checker?.findings(for: design, sourceMap: sourceMap) ?? []
        validationRuns += 1
        changeReview?.refresh(design: design, sourceMap: sourceMap)
        rebuildRows(findings: findings)
    }

    mutating func rebuildRows(findings: [Finding], only: Pane? = nil) {
        rowsGeneration += 1
        let unbuiltBefore = viewModel.unbuilt
        viewModel = WorkbenchViewModel(design: design, findings: findings, grouping: grouping, glyphs: glyphs, changes: changeReview,
                                       previous: viewModel, only: only)
        for pane in Pane.allCases {
            let rows = viewModel.rows(pane)
            var list = lists[pane.rawValue]
            // A pane built for the first time starts at its first row, as every pane does on opening.
            if unbuiltBefore.contains(pane) { list.selectFirst(count: rows.count) { rows[$0].isSelectable } }
            if let s = list.selected, s >= rows.count { list.selected = rows.isEmpty ? nil : rows.count - 1 }
            if let s = list.selected, !rows[s].isSelectable { list.move(by: 1, count: rows.count) { rows[$0].isSelectable } }
            lists[pane.rawValue] = list
        }
        if let s = findingsList.selected, s >= viewModel.findings.count {
            findingsList.selected = viewModel.findings.isEmpty ? nil : viewModel.findings.count - 1
        } else if findingsList.selected == nil, !viewModel.findings.isEmpty {
            findingsList.selected = 0
        }
        diagramsNeedRebuild()
    }

    /// Marks a file as written.
    package mutating func markSaved(to path: String) {
        filePath = path
        fileName = (path as NSString).lastPathComponent
        isModified = false
        history.markSaved()
        message = StatusMessage(text: "saved \(fileName)", severity: nil)
    }

    // MARK: - Derived values

    package var rows: [PaneRow] { viewModel.rows(pane) }
    package internal(set) var list: ListState {
        get { lists[pane.rawValue] }
        set { lists[pane.rawValue] = newValue }
    }
    package var selectedRow: PaneRow? { list.selected.flatMap { $0 < rows.count ? rows[$0] : nil } }
    package var selectedRef: ElementRef? { selectedRow?.ref }
    var layout: ScreenLayout { ScreenLayout(state: self) }

    // MARK: - Update

    /// A key (through `update(.key(...))`): the effects to run out.
    @discardableResult
    mutating func update(_ key: Key) -> [WorkbenchEffect] {
        if key == .resize { return [] }
        if let keys = mode.descriptor.keys { return keys(&self, key) }
        if let effects = updateDiagram(key) { return effects }
        guard let action = WorkbenchKeys.map.action(for: key) else {
            if key != .escape { message = StatusMessage(text: "\(key) is not bound; ? shows the keys", severity: nil) }
            return []
        }
        return perform(action, key: key)
    }

    /// Runs one action, after the review-mode filter.
    @discardableResult
    package mutating func perform(_ action: WorkbenchAction, key: Key? = nil) -> [WorkbenchEffect] {
        if isReadOnly && action.changesDesign {
            let name = key.map { "\($0)" } ?? "that"
            message = StatusMessage(text: "read-only review: \(name) would change the design", severity: .warning)
            return []
        }
        if let effects = needsLock(for: action, key: key) { return effects }
        message = nil
        switch action {
        case .moveDown: move(by: 1)
        case .moveUp: move(by: -1)
        case .pageDown: page(down: true)
        case .pageUp: page(down: false)
        case .top: jumpToEnd(last: false)
        case .bottom: jumpToEnd(last: true)
        case .focusList: focus = .list
        case .focusDetail: if selectedRow != nil { focus = .detail }
        case .nextPane: show(Pane(rawValue: (pane.rawValue + 1) % Pane.allCases.count)!)
        case .previousPane: show(Pane(rawValue: (pane.rawValue + Pane.allCases.count - 1) % Pane.allCases.count)!)
        case let .showPane(p): show(p)
        case .drillIn: drillIn()
        case .back: back()
        case .search: mode = .search(query: "", origin: list.selected)
        case .nextMatch: findNext(forward: true)
        case .previousMatch: findNext(forward: false)
        case .quickJump: mode = .jump(query: "", selection: 0)
        case .command: mode = .command("")
        case .toggleFindings: toggleFindings()
        case .toggleGrouping: toggleGrouping()
        case .help: mode = .help(offset: 0)
        case .quit:
            // In review, modified means unsaved comments: worth the same question.
            if isModified {
                mode = .confirmQuit
                return []
            }
            return [.quit]
        case .add, .edit, .rename, .yank, .paste, .moveElementUp, .moveElementDown, .saveAndQuitPrefix:
            return performEdit(action)
        case .undo:
            if let label = history.undo(&design) { editDone("undid \(label)") } else { message = StatusMessage(text: "nothing to undo", severity: nil) }
        case .redo:
            if let label = history.redo(&design) { editDone("redid \(label)") } else { message = StatusMessage(text: "nothing to redo", severity: nil) }
        case .comment: startComment(on: commentTarget)
        case .commentsPanel: openCommentsPanel()
        case .changesPanel: openChangesPanel()
        case .suspend: return [.suspend]
        case .redraw: return [.redraw]
        case .save:
            if isReadOnly { return saveCommentsEffect() }
            guard let path = filePath else {
                message = StatusMessage(text: "no file name: :saveas FILE saves the design to a new file", severity: .warning)
                return []
            }
            return [.save(path: path)]
        case .delete:
            guard focus == .list, let ref = selectedRef, ElementCollection(kind: ref.kind) != nil else {
                message = StatusMessage(text: "select an element to delete", severity: nil)
                return []
            }
            mode = .confirmDelete(ref)
        }
        return []
    }

    /// After an edit, an undo or a redo through the history: modified unless undo or redo
    /// came back to what was saved (as vim clears `[+]`).
    mutating func editDone(_ text: String) {
        isModified = !history.isAtSavedState
        designChanged()
        message = StatusMessage(text: text, severity: nil)
    }

    /// Shows a pane the user asked for by name or Tab. Where a jump came from is forgotten:
    /// Esc in a list reached by hand has nothing to back out of, so it does nothing.
    private mutating func show(_ p: Pane) {
        pane = p
        focus = .list
        detailScroll = TextViewState()
        backStack.removeAll()
    }

    private func isSelectable(_ i: Int) -> Bool { i >= 0 && i < rows.count && rows[i].isSelectable }

    private mutating func move(by delta: Int) {
        switch focus {
        case .list:
            let rows = self.rows
            var l = list
            let before = l.selected
            l.move(by: delta, count: rows.count) { rows[$0].isSelectable }
            l.scrollToSelection(viewHeight: layout.listHeight)
            list = l
            if l.selected != before { detailScroll = TextViewState() }
        case .detail:
            detailScroll.scroll(by: delta)
            detailScroll.offset = min(detailScroll.offset, max(0, detailLineCount - layout.detailHeight))
        case .findings:
            findingsList.move(by: delta, count: viewModel.findings.count)
            findingsList.scrollToSelection(viewHeight: layout.findingsHeight)
        }
    }

    private var detailLineCount: Int {
        DetailView.visualLines(for: self, width: layout.detailWidth).count
    }

    private mutating func page(down: Bool) {
        switch focus {
        case .list:
            let rows = self.rows
            var l = list
            if down { l.pageDown(count: rows.count, pageSize: layout.listHeight) { rows[$0].isSelectable } } else {
                l.pageUp(count: rows.count, pageSize: layout.listHeight) { rows[$0].isSelectable }
            }
            list = l
            detailScroll = TextViewState()
        case .detail:
            let h = layout.detailHeight
            if down { detailScroll.pageDown(viewHeight: h) } else { detailScroll.pageUp(viewHeight: h) }
            detailScroll.offset = min(detailScroll.offset, max(0, detailLineCount - h))
        case .findings:
            let n = viewModel.findings.count
            if down { findingsList.pageDown(count: n, pageSize: layout.findingsHeight) } else {
                findingsList.pageUp(count: n, pageSize: layout.findingsHeight)
            }
        }
    }

    private mutating func jumpToEnd(last: Bool) {
        switch focus {
        case .list:
            let rows = self.rows
            var l = list
            if last { l.selectLast(count: rows.count) { rows[$0].isSelectable } } else {
                l.selectFirst(count: rows.count) { rows[$0].isSelectable }
                l.offset = 0
            }
            l.scrollToSelection(viewHeight: layout.listHeight)
            list = l
            detailScroll = TextViewState()
        case .detail:
            detailScroll.offset = last ? max(0, detailLineCount - layout.detailHeight) : 0
        case .findings:
            let n = viewModel.findings.count
            if last { findingsList.selectLast(count: n) } else { findingsList.selectFirst(count: n); findingsList.offset = 0 }
            findingsList.scrollToSelection(viewHeight: layout.findingsHeight)
        }
    }

    private mutating func drillIn() {
        switch focus {
        case .list: if selectedRow != nil { focus = .detail }
        case .detail: break
        case .findings:
            guard let i = findingsList.selected, i < viewModel.findings.count else { return }
            let finding = viewModel.findings[i]
            guard let target = WorkbenchViewModel.rowRef(for: finding, in: design) else {
                message = StatusMessage(text: "this finding is about the design as a whole", severity: nil)
                return
            }
            go(to: target)
        }
    }

    /// Shows the row of an element, remembering where we were so Esc comes back.
    package mutating func go(to ref: ElementRef) {
        guard let place = viewModel.location[ref] else {
            message = StatusMessage(text: "\(ref) is not shown in any pane", severity: nil)
            return
        }
        backStack.append(Location(pane: pane, row: list.selected, focus: focus))
        if backStack.count > 50 { backStack.removeFirst() }
        pane = place.pane
        var l = list
        l.selected = place.row
        l.scrollToSelection(viewHeight: layout.listHeight)
        list = l
        focus = .list
        detailScroll = TextViewState()
        message = StatusMessage(text: "\(ref)", severity: nil)
        diagramFollow(ref)
    }

    private mutating func back() {
        switch focus {
        case .detail, .findings:
            focus = .list
        case .list:
            guard let previous = backStack.popLast() else { return }
            pane = previous.pane
            var l = list
            l.selected = previous.row
            l.scrollToSelection(viewHeight: layout.listHeight)
            list = l
            focus = previous.focus == .findings && findingsVisible ? .findings : .list
            detailScroll = TextViewState()
        }
    }

    private mutating func toggleFindings() {
        if findingsVisible && focus == .findings {
            findingsVisible = false
            focus = .list
        } else {
            findingsVisible = true
            focus = .findings
            if findingsList.selected == nil && !viewModel.findings.isEmpty { findingsList.selected = 0 }
            findingsList.scrollToSelection(viewHeight: layout.findingsHeight)
            if viewModel.findings.isEmpty { message = StatusMessage(text: "no findings", severity: nil) }
        }
        // The list got shorter or taller; keep its selection on screen.
        var l = list
        l.scrollToSelection(viewHeight: layout.listHeight)
        list = l
    }

    mutating func toggleGrouping() {
        let ref = lists[Pane.endpoints.rawValue].selected.flatMap { viewModel.rows(.endpoints)[$0].ref }
        grouping = grouping == .service ? .path : .service
        rebuildRows(findings: viewModel.findings)
        if let ref, let place = viewModel.location[ref] { lists[Pane.endpoints.rawValue].selected = place.row }
        message = StatusMessage(text: "endpoints grouped by \(grouping == .service ? "service" : "path")", severity: nil)
    }

    // MARK: - Search

    /// Index of the next row (after `start`, wrapping) whose text contains `query`.
    func match(_ query: String, from start: Int, forward: Bool, includeStart: Bool = false) -> Int? {
        let q = query.lowercased()
        let rows = self.rows
        guard !q.isEmpty, !rows.isEmpty else { return nil }
        let n = rows.count
        for step in (includeStart ? 0 : 1)...n {
            let i = ((start + (forward ? step : -step)) % n + n) % n
            if rows[i].isSelectable && rows[i].searchText.contains(q) { return i }
        }
        return nil
    }

    private mutating func select(row: Int) {
        var l = list
        l.selected = row
        l.scrollToSelection(viewHeight: layout.listHeight)
        list = l
        detailScroll = TextViewState()
    }

    /// The rows whose text contains `query`, in list order.
    func matchingRows(_ query: String) -> [Int] {
        let q = query.lowercased()
        guard !q.isEmpty else { return [] }
        return rows.indices.filter { rows[$0].isSelectable && rows[$0].searchText.contains(q) }
    }

    /// "3/7": which match the selection is and how many there are.
    func matchPosition(_ query: String) -> String {
        let all = matchingRows(query)
        guard let selected = list.selected, let n = all.firstIndex(of: selected) else { return "\(all.count) matches" }
        return "\(n + 1)/\(all.count)"
    }

    private mutating func findNext(forward: Bool) {
        guard let query = lastSearch, !query.isEmpty else {
            message = StatusMessage(text: "no search yet: / searches", severity: nil)
            return
        }
        let start = list.selected ?? -1
        guard let i = match(query, from: start, forward: forward) else {
            message = StatusMessage(text: "no match for \"\(query)\"", severity: .warning)
            return
        }
        focus = .list
        select(row: i)
        // As vim: say when the search went past the end and came round again.
        let wrapped = forward ? i <= start : i >= start
        message = StatusMessage(text: "/\(query)  \(matchPosition(query))" + (wrapped ? "  (wrapped to the \(forward ? "top" : "bottom"))" : ""),
                                severity: nil)
    }

    mutating func updateSearch(_ key: Key, query: String, origin: Int?) -> [WorkbenchEffect] {
        switch key {
        case .escape:
            mode = .normal
            if let origin { select(row: origin) }
        case .enter:
            mode = .normal
            lastSearch = query.isEmpty ? lastSearch : query
            if !query.isEmpty, match(query, from: list.selected ?? 0, forward: true, includeStart: true) == nil {
                message = StatusMessage(text: "no match for \"\(query)\"", severity: .warning)
            } else if !query.isEmpty {
                message = StatusMessage(text: "/\(query)  \(matchPosition(query))  n: next  N: previous", severity: nil)
            }
        case .backspace:
            if query.isEmpty { mode = .normal; return [] }
            let q = String(query.dropLast())
            mode = .search(query: q, origin: origin)
            incremental(q, origin: origin)
        case let .char(c):
            let q = query + String(c)
            mode = .search(query: q, origin: origin)
            incremental(q, origin: origin)
        default:
            break
        }
        return []
    }

    /// As you type, the selection moves to the first match from where the search began.
    private mutating func incremental(_ query: String, origin: Int?) {
        focus = .list
        if let i = match(query, from: origin ?? 0, forward: true, includeStart: true) {
            select(row: i)
            message = StatusMessage(text: matchPosition(query), severity: nil)
        } else if !query.isEmpty {
            message = StatusMessage(text: "no match", severity: .warning)
        }
    }

    // MARK: - Commands

    mutating func updateCommand(_ key: Key, text: String) -> [WorkbenchEffect] {
        if key != .tab { commandCompletion = nil }
        switch key {
        case .escape:
            mode = .normal
            commandHistory.stopWalking()
        case .backspace:
            mode = text.isEmpty ? .normal : .command(String(text.dropLast()))
        case .enter:
            mode = .normal
            commandHistory.record(text)
            return run(command: text)
        case .tab: completeCommand(text)
        case .up, .ctrl("p"):
            if let older = commandHistory.older(typed: text) { mode = .command(older) }
        case .down, .ctrl("n"):
            if let newer = commandHistory.newer() { mode = .command(newer) }
        case let .char(c): mode = .command(text + String(c))
        default: break
        }
        return []
    }

    /// A `:` command line: a pane number, or a command of `WorkbenchCommands.table`.
    package mutating func run(command text: String) -> [WorkbenchEffect] {
        let words = text.split(separator: " ").map(String.init)
        guard let verb = words.first?.lowercased() else { return [] }
        if let n = Int(verb), let p = Pane(rawValue: n - 1) { return perform(.showPane(p)) }
        if let command = WorkbenchCommands.named(verb) { return command.run(&self, words) }
        // The panes' other names (`:tables`, `:api`) still show them.
        if let p = Pane.named(verb), words.count == 1 { return perform(.showPane(p)) }
        message = StatusMessage(text: "unknown command :\(text)", severity: .error)
        return []
    }

    // MARK: - Quick jump, help, confirm

    mutating func updateJump(_ key: Key, query: String, selection: Int) -> [WorkbenchEffect] {
        switch key {
        case .escape: mode = .normal
        case .enter:
            mode = .normal
            let matches = FuzzyMatch.rank(query, in: viewModel.jumpTargets)
            if selection < matches.count { go(to: matches[selection].ref) } else {
                message = StatusMessage(text: "nothing matches \"\(query)\"", severity: .warning)
            }
        case .down, .ctrl("n"): mode = .jump(query: query, selection: selection + 1)
        case .up, .ctrl("p"): mode = .jump(query: query, selection: max(0, selection - 1))
        case .backspace: mode = .jump(query: String(query.dropLast()), selection: 0)
        case let .char(c): mode = .jump(query: query + String(c), selection: 0)
        default: break
        }
        if case let .jump(q, s) = mode {
            let count = min(FuzzyMatch.rank(q, in: viewModel.jumpTargets, limit: s + 2).count, s + 1)
            mode = .jump(query: q, selection: max(0, min(s, count - 1)))
        }
        return []
    }

    mutating func updateHelp(_ key: Key, offset: Int) -> [WorkbenchEffect] {
        let last = WorkbenchView.helpGeometry(WorkbenchView.helpLines(self), screen: screenSize, glyphs: glyphs).maxOffset
        switch WorkbenchKeys.map.action(for: key) {
        case .moveDown?: mode = .help(offset: min(last, offset + 1))
        case .moveUp?: mode = .help(offset: max(0, offset - 1))
        case .pageDown?: mode = .help(offset: min(last, offset + 10))
        case .pageUp?: mode = .help(offset: max(0, offset - 10))
        case .top?: mode = .help(offset: 0)
        case .bottom?: mode = .help(offset: last)
        case .quit? where key == .ctrl("c"): return [.quit]
        default: closeOverlay(on: key)
        }
        return []
    }

    /// Closes a read-only overlay (help, `:messages`). The key that closed it is not also taken
    /// as a command, so `?` then `e` opens no form; `:` alone goes on to the command line, as
    /// the one key a user types expecting the command it starts.
    mutating func closeOverlay(on key: Key) {
        mode = key == .char(":") ? .command("") : .normal
    }

    mutating func updateConfirmDelete(_ key: Key, ref: ElementRef) -> [WorkbenchEffect] {
        mode = .normal
        let cascade = key == .char("D")
        guard key == .char("y") || key == .char("Y") || cascade else {
            message = StatusMessage(text: "kept \(ref)", severity: nil)
            return []
        }
        do {
            try history.perform(.delete(ref, cascade: cascade), on: &design,
                                label: cascade ? "delete \(ref) and its references" : "delete \(ref)")
            editDone("deleted \(ref)\(cascade ? " and the references to it" : "")  (u undoes)")
        } catch let error as DesignEditError where !error.referrers.isEmpty {
            message = StatusMessage(text: "refused: \(error.message)", severity: .error)
        } catch {
            message = StatusMessage(text: "\(error)", severity: .error)
        }
        return []
    }
}
