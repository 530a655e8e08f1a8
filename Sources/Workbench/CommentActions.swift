import DesignModel
import Foundation
import TerminalUI

/// Which comments the comments panel lists.
package enum CommentStatusFilter: String, Sendable, CaseIterable {
    case all, open, resolved

    /// `s` in the panel steps through the filters in this order.
    var next: CommentStatusFilter {
        switch self {
        case .all: .open
        case .open: .resolved
        case .resolved: .all
        }
    }

    func admits(_ comment: Comment) -> Bool {
        switch self {
        case .all: true
        case .open: comment.isOpen
        case .resolved: !comment.isOpen
        }
    }
}

/// What the one-line comment input does with its text on Enter.
package enum CommentInputPurpose: Sendable, Equatable {
    /// A new comment on an element; nil is the whole design.
    case comment(on: ElementRef?)
    case reply(to: Int)
    /// A reviewer's verdict on the whole design, with what they say of it (may be empty).
    case verdict(CommentVerdict)
}

/// The one-line input `c` (a comment) and `r` in the panel (a reply) open.
package struct CommentInput: Sendable, Equatable {
    package var purpose: CommentInputPurpose
    package var editor: LineEditor
    /// A reply started in the panel goes back to it on Enter or Esc.
    package var returnsToPanel: Bool

    package init(purpose: CommentInputPurpose, text: String = "", returnsToPanel: Bool = false) {
        self.purpose = purpose
        editor = LineEditor(text)
        self.returnsToPanel = returnsToPanel
    }

    var title: String {
        switch purpose {
        case let .comment(on: element): "Comment on \(element?.description ?? "the whole design")"
        case let .reply(to: id): "Reply to #\(id)"
        case .verdict(.approve): "Approve the design (what you read: this version)"
        case .verdict(.requestChanges): "Request changes to the design"
        }
    }
}

/// The comments panel's filters and selection; kept while it is closed, so it reopens where it was.
package struct CommentsPanelState: Sendable, Equatable {
    package var status: CommentStatusFilter = .all
    /// Only this author's comments; nil lists everyone's.
    package var author: String?
    package var list = ListState()
    package init() {}
}

/// Who comments in this session and what the file held: the `base` a review-mode save merges
/// against, so comments other reviewers saved meanwhile are kept.
package struct CommentSession: Sendable {
    /// The name new comments and replies are signed with.
    package var author: String
    /// The comments as loaded, then as last written.
    package var base: [Comment]
    /// False for a file in a newer format: its comments section may hold what this version
    /// cannot write back, so no comment is added to it.
    package var canComment: Bool
    package var panel = CommentsPanelState()
    /// The time a comment is stamped with; tests pin it.
    package var now: @Sendable () -> Date = { Date() }

    package init(author: String = "", base: [Comment] = [], canComment: Bool = true) {
        self.author = author
        self.base = base
        self.canComment = canComment
    }

    /// Whether the comments differ from what the file held at load or the last save.
    func hasUnsavedChanges(_ comments: [Comment]) -> Bool { comments != base }
}

/// Writes comments into a design file: the runner passes `DesignFile.saveComments`, tests may
/// record instead. Returns the comments as written (merged with the file's).
package typealias CommentSaver = (_ base: [Comment], _ mine: [Comment], _ path: String) throws -> [Comment]

extension AppState {
    // MARK: - Derived

    /// The comments the panel shows under its filters: verdicts, open ones, resolved ones.
    package var listedComments: [Comment] {
        let panel = commenting.panel
        return design.comments
            .filter { panel.status.admits($0) && (panel.author == nil || $0.author == panel.author) }
            .sorted(by: Comment.listedBefore)
    }

    /// The comment under the panel's selection.
    package var selectedComment: Comment? {
        let listed = listedComments
        guard let i = commenting.panel.list.selected, i < listed.count else { return nil }
        return listed[i]
    }

    /// Every author who wrote a comment, in order of first appearance: what `a` steps through.
    var commentAuthors: [String] {
        var seen: [String] = []
        for c in design.comments { if let a = c.author, !seen.contains(a) { seen.append(a) } }
        return seen
    }

    /// The element a comment on a list row is about. Rows that show part of a section comment
    /// on the section (the load row on `section:requirements`); the summary row is the design.
    static func commentElement(forRow row: ElementRef) -> ElementRef? {
        guard row.kind == .section else { return row }
        switch row.name {
        case "summary": return nil
        case "load", "constraints", "questions": return .section("requirements")
        case "load_balancing", "failover", "scaling_notes", "monitoring": return .section("scaling")
        default: return Design.sectionKeys.contains(row.name) ? row : nil
        }
    }

    /// What `c` comments on: the selected finding's element while the findings have the focus,
    /// otherwise the selected row; the whole design when nothing is selected.
    var commentTarget: ElementRef? {
        if focus == .findings, let i = findingsList.selected, i < viewModel.findings.count {
            let element = viewModel.findings[i].element
            // A finding about a comment (an open one, say) is answered on the comment's element.
            if let element, element.kind == .comment {
                return design.comments.first { String($0.id) == element.name }?.element.flatMap(ElementRef.init(parsing:))
            }
            return element
        }
        return selectedRef.flatMap(AppState.commentElement(forRow:))
    }

    // MARK: - Starting

    mutating func startComment(on target: ElementRef?, returnsToPanel: Bool = false) {
        guard commentsAllowed() else { return }
        mode = .commentInput(CommentInput(purpose: .comment(on: target), returnsToPanel: returnsToPanel))
    }

    mutating func openCommentsPanel() {
        mode = .comments
        clampCommentSelection()
        if design.comments.isEmpty { message = StatusMessage(text: "no comments yet: c comments on the selection", severity: nil) }
    }

    private mutating func commentsAllowed() -> Bool {
        guard commenting.canComment else {
            message = StatusMessage(text: "format \(design.formatVersion) is newer: comments cannot be saved",
                                    severity: .warning)
            return false
        }
        return true
    }

    // MARK: - Input

    mutating func updateCommentInput(_ key: Key, input: CommentInput) -> [WorkbenchEffect] {
        switch key {
        case .escape, .ctrl("c"):
            mode = input.returnsToPanel ? .comments : .normal
            message = StatusMessage(text: "cancelled: nothing added", severity: nil)
        case .enter:
            mode = input.returnsToPanel ? .comments : .normal
            submit(input)
        default:
            var edited = input
            edited.editor.handle(key)
            mode = .commentInput(edited)
        }
        return []
    }

    /// Adds the comment or reply the input holds, signed by this session's author.
    mutating func submit(_ input: CommentInput) {
        let text = input.editor.text.trimmingCharacters(in: .whitespaces)
        if case let .verdict(verdict) = input.purpose {
            // A verdict says something even without words: approve is a complete sentence.
            recordVerdict(verdict, text: text)
            return
        }
        guard !text.isEmpty else {
            message = StatusMessage(text: "empty: nothing added", severity: nil)
            return
        }
        guard commentsAllowed() else { return }
        let now = commenting.now()
        switch input.purpose {
        case let .comment(on: element):
            var scratch = design
            let comment = scratch.addComment(on: element, author: commenting.author, text: text, at: now)
            if change(.add(.comment(comment)), label: "comment #\(comment.id)") {
                message = StatusMessage(text: "comment #\(comment.id) on \(element?.description ?? "the design")"
                                        + (isReadOnly ? " (C-s saves it)" : ""), severity: nil)
            }
        case let .reply(to: id):
            guard var comment = design.comments.first(where: { $0.id == id }) else {
                message = StatusMessage(text: "comment #\(id) is gone", severity: .warning)
                return
            }
            comment.replies.append(Reply(author: commenting.author, at: ReviewClock.timestamp(now), text: text))
            if change(.update(ElementRef(.comment, String(id)), .comment(comment)), label: "reply to #\(id)") {
                message = StatusMessage(text: "replied to #\(id)", severity: nil)
            }
        case .verdict: break
        }
    }

    /// Records a verdict as a comment on the whole design with `verdict:`, signed and stamped
    /// like any comment (`--since approved` then compares with the version it was given on).
    mutating func recordVerdict(_ verdict: CommentVerdict, text: String) {
        guard commentsAllowed() else { return }
        var scratch = design
        let comment = scratch.addVerdict(verdict, author: commenting.author, text: text.isEmpty ? nil : text, at: commenting.now())
        if change(.add(.comment(comment)), label: "verdict #\(comment.id)") {
            message = StatusMessage(text: "verdict #\(comment.id): \(verdict.rawValue)" + (isReadOnly ? " (C-s saves it)" : ""), severity: nil)
            clampCommentSelection()
        }
    }

    /// Resolves an open comment or reopens a resolved one.
    mutating func toggleResolved(_ id: Int) {
        guard commentsAllowed(), var comment = design.comments.first(where: { $0.id == id }) else { return }
        comment.status = comment.isOpen ? .resolved : .open
        let verb = comment.isOpen ? "reopened" : "resolved"
        if change(.update(ElementRef(.comment, String(id)), .comment(comment)), label: "\(verb) #\(id)") {
            message = StatusMessage(text: "\(verb) #\(id)", severity: nil)
            clampCommentSelection()
        }
    }

    /// Applies a comment change. In edit mode it goes through the undo history like any other
    /// edit, so `u` undoes the last change whatever it was; review mode has no undo (its
    /// history would hold only comments, and the file's other sections never change there).
    private mutating func change(_ command: DesignCommand, label: String) -> Bool {
        do {
            if isReadOnly {
                try design.perform(command)
            } else {
                try history.perform(command, on: &design, label: label)
            }
        } catch {
            message = StatusMessage(text: "\(error)", severity: .error)
            return false
        }
        isModified = true
        designChanged()
        return true
    }

    // MARK: - Saving in review

    /// Review mode's save: only the comments, and only when they changed.
    mutating func saveCommentsEffect() -> [WorkbenchEffect] {
        guard commenting.canComment else {
            message = StatusMessage(text: "read-only: file format \(design.formatVersion) is newer", severity: .warning)
            return []
        }
        guard commenting.hasUnsavedChanges(design.comments) else {
            // Changed and changed back (resolved, then reopened): nothing is unsaved after all,
            // so a save-and-quit may quit.
            isModified = false
            message = StatusMessage(text: "no comment changes to save (review saves only comments)", severity: nil)
            return []
        }
        guard let path = filePath else {
            message = StatusMessage(text: "no file to save comments to", severity: .warning)
            return []
        }
        return [.saveComments(path: path)]
    }

    /// A review save wrote the comments section (the runner did the I/O): the comments now in
    /// the file, ours merged with any saved meanwhile, become the ones shown and the base.
    mutating func commentsWritten(_ written: [Comment]) {
        let mine = design.comments
        let others = written.count - mine.count
        commenting.base = written
        design.comments = written
        isModified = false
        designChanged()
        clampCommentSelection()
        var text = "saved comments to \(fileName)"
        if others > 0 { text += "; \(others) new from others" }
        if written.map(\.id) != mine.map(\.id), others <= 0 { text += "; ids renumbered" }
        message = StatusMessage(text: text, severity: nil)
    }

    // MARK: - Panel

    /// A key a panel (comments, Changes) does not bind: saving and quitting work from a panel;
    /// everything else belongs to the panel and is refused with how to close it.
    mutating func keyOutsidePanel(_ key: Key, panel: String) -> [WorkbenchEffect] {
        switch WorkbenchKeys.map.action(for: key) {
        case .save?: return perform(.save, key: key)
        case .quit? where key == .ctrl("c"): return [.quit]
        default:
            message = StatusMessage(text: "\(key) is not a \(panel) key: Esc closes the panel", severity: nil)
            return []
        }
    }

    mutating func updateCommentsPanel(_ key: Key) -> [WorkbenchEffect] {
        guard let action = CommentKeys.map.action(for: key) else { return keyOutsidePanel(key, panel: "comments") }
        message = nil
        let count = listedComments.count
        switch action {
        case .moveDown: movePanelSelection { $0.move(by: 1, count: count) }
        case .moveUp: movePanelSelection { $0.move(by: -1, count: count) }
        case .top: movePanelSelection { $0.selectFirst(count: count) }
        case .bottom: movePanelSelection { $0.selectLast(count: count) }
        case .goToElement: goToSelectedComment()
        case .reply:
            guard let comment = selectedComment else { return noCommentSelected() }
            guard commentsAllowed() else { return [] }
            mode = .commentInput(CommentInput(purpose: .reply(to: comment.id), returnsToPanel: true))
        case .toggleResolved:
            guard let comment = selectedComment else { return noCommentSelected() }
            toggleResolved(comment.id)
        case .statusFilter:
            commenting.panel.status = commenting.panel.status.next
            clampCommentSelection()
            message = StatusMessage(text: "showing \(commenting.panel.status.rawValue) comments", severity: nil)
        case .authorFilter:
            let authors = commentAuthors
            let current = commenting.panel.author.flatMap { authors.firstIndex(of: $0) }
            let nextIndex = current.map { $0 + 1 } ?? 0
            commenting.panel.author = nextIndex < authors.count ? authors[nextIndex] : nil
            clampCommentSelection()
            message = StatusMessage(text: "comments by \(commenting.panel.author ?? "everyone")", severity: nil)
        case .commentOnDesign: startComment(on: nil, returnsToPanel: true)
        case let .verdict(verdict):
            guard commentsAllowed() else { return [] }
            mode = .commentInput(CommentInput(purpose: .verdict(verdict), returnsToPanel: true))
        case .close: mode = .normal
        }
        return []
    }

    private mutating func noCommentSelected() -> [WorkbenchEffect] {
        message = StatusMessage(text: "no comment selected", severity: nil)
        return []
    }

    private mutating func movePanelSelection(_ change: (inout ListState) -> Void) {
        var list = commenting.panel.list
        change(&list)
        list.scrollToSelection(viewHeight: PanelLayout(screen: screenSize).listHeight)
        commenting.panel.list = list
    }

    /// Keeps the panel's selection on a listed comment after the list changed.
    mutating func clampCommentSelection() {
        let count = listedComments.count
        var list = commenting.panel.list
        if count == 0 {
            list = ListState()
        } else if let s = list.selected {
            list.selected = min(s, count - 1)
        } else {
            list.selected = 0
        }
        list.scrollToSelection(viewHeight: PanelLayout(screen: screenSize).listHeight)
        commenting.panel.list = list
    }

    /// Closes the panel and shows the element the selected comment is about; Esc comes back.
    private mutating func goToSelectedComment() {
        guard let comment = selectedComment else { _ = noCommentSelected(); return }
        mode = .normal
        let element = comment.element.flatMap(ElementRef.init(parsing:))
        guard let row = WorkbenchViewModel.rowRef(for: element, in: design) else {
            message = StatusMessage(text: "#\(comment.id) is about \(comment.element ?? "the design"), which is not shown", severity: .warning)
            return
        }
        go(to: row)
        message = StatusMessage(text: "#\(comment.id) on \(comment.element ?? "the design")", severity: nil)
    }

    // MARK: - Commands

    /// `:comments [open|resolved|all] [AUTHOR]` opens the panel with those filters;
    /// `:comment TEXT` comments on the selection. Nil when the command is not about comments.
    mutating func runCommentCommand(_ words: [String]) -> [WorkbenchEffect]? {
        guard let verb = words.first?.lowercased() else { return nil }
        switch verb {
        case "comments", "cs":
            for word in words.dropFirst() {
                if let status = CommentStatusFilter(rawValue: word.lowercased()) {
                    commenting.panel.status = status
                } else {
                    commenting.panel.author = word
                }
            }
            openCommentsPanel()
            return []
        case "comment", "c":
            let text = words.dropFirst().joined(separator: " ")
            if text.isEmpty {
                startComment(on: commentTarget)
            } else if commentsAllowed() {
                submit(CommentInput(purpose: .comment(on: commentTarget), text: text))
            }
            return []
        default:
            return nil
        }
    }
}

extension WorkbenchViewModel {
    /// Open comments by the list row that shows their element; a comment on the whole design
    /// counts on the summary row.
    static func openCommentCounts(_ design: Design) -> [ElementRef: Int] {
        var counts: [ElementRef: Int] = [:]
        for comment in design.comments where comment.isOpen {
            let element = comment.element.flatMap(ElementRef.init(parsing:))
            guard let row = rowRef(for: element, in: design) else { continue }
            counts[row, default: 0] += 1
        }
        return counts
    }

    /// A row's trailing markers: a change since `:diff`'s version (`+`, `~`, `→`, in its class's
    /// colour), open comments (`✎2`, `#2` in ASCII), then findings (`●1`).
    static func rowMarkers(finding: RowMarker?, openComments: Int?, change: ChangeMark? = nil, glyphs: Glyphs) -> Line? {
        var spans: [Span] = []
        if let change { spans.append(Span(change.symbol(glyphs), change.role, bold: true)) }
        if let n = openComments, n > 0, !spans.isEmpty { spans.append(Span(" ")) }
        if let n = openComments, n > 0 { spans.append(Span("\(glyphs.comment)\(n)", .accent)) }
        if let f = finding {
            if !spans.isEmpty { spans.append(Span(" ")) }
            spans.append(Span("\(glyphs.finding)\(f.count)", f.worst.role))
        }
        return spans.isEmpty ? nil : Line(spans)
    }
}
