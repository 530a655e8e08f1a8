import DesignModel
import Foundation
import TerminalUI

/// Whether this workbench may change its design file. The lock next to the design is taken on the
/// first edit (as Emacs does), so merely looking at a design never bothers anyone else.
package enum EditLock: Sendable, Equatable {
    /// Nothing to lock: no file yet (the bundled example), read-only, or a test without files.
    case notNeeded
    /// No edit yet; the first one asks the runner for the lock.
    case notTaken
    case held
    /// The lock could not be created (a read-only folder, say); editing goes on with a warning.
    case unavailable
}

/// An edit that waits while the runner takes the lock, then runs.
enum PendingEdit: Sendable, Equatable {
    case action(WorkbenchAction, Key?)
    case recover(Design)
    /// An import merged into the design (`:import`).
    case become(ImportOutcome)
}

/// What the workbench found on open: unsaved changes of an earlier session in a recovery
/// journal newer than the file.
package struct RecoveryPrompt: Sendable, Equatable {
    package var design: Design
    package var journalPath: String
    /// When and by whom the journal was written, as shown ("2026-11-25 06:30:12, pid 4242 on box").
    package var writtenBy: String
    /// The file changed after the journal's edits began: recovering replaces those changes.
    package var fileChangedSince: Bool
    /// From the file on disk to the journal.
    package var difference: LineDiff
    /// The file was written after the journal (a save elsewhere, a checkout).
    package var olderThanFile: Bool
    package var showingDifference = false
    package var offset = 0

    package init(design: Design, journalPath: String, writtenBy: String, fileChangedSince: Bool, difference: LineDiff,
                olderThanFile: Bool = false) {
        self.design = design
        self.journalPath = journalPath
        self.writtenBy = writtenBy
        self.fileChangedSince = fileChangedSince
        self.difference = difference
        self.olderThanFile = olderThanFile
    }
}

/// On opening for review: unsaved comments of review sessions that died (their journals).
package struct ReviewRecoveryPrompt: Sendable, Equatable {
    /// The file's comments with the recovered ones added.
    package var comments: [Comment]
    /// How many comments and replies recovering adds.
    package var added: Int
    package var journalPaths: [String]
    package var writtenBy: String
}

/// Another workbench holds the design's lock.
package struct LockPrompt: Sendable, Equatable {
    package var owner: LockOwner
    /// Asked on open (Esc means read-only) rather than on the first edit (Esc drops the edit).
    package var atOpen: Bool
}

/// What the runner tells the state about the files: outcomes of the effects it carried out, and
/// what it noticed on disk. Like keys, these change the state only through `update(.file(...))`.
package enum FileEvent: Sendable {
    case recoveryAvailable(RecoveryPrompt)
    case reviewRecoveryAvailable(ReviewRecoveryPrompt)
    case lockHeldAtOpen(LockOwner)
    /// `staleOwner`: the lock was left by a process that is gone, and was taken over.
    case lockAcquired(staleOwner: LockOwner?)
    case lockHeld(LockOwner)
    case lockUnavailable(String)
    case saved(path: String)
    /// Saved after merging the comments a reviewer saved to the file meanwhile.
    case savedMergingComments(path: String, comments: [Comment])
    /// Saved under a new name (`:saveas`): the next edit takes that file's lock.
    case savedAs(path: String)
    /// The file was changed by someone else since it was loaded; nothing was written.
    case saveConflict(path: String, thenQuit: Bool)
    /// The design as it now is on disk replaced the one shown.
    case reloaded(LoadedDesign, reason: String)
    /// The file changed on disk while there are unsaved edits: said once, asked at save.
    case changedOnDiskWhileModified
    case journalDiscarded(String)
    /// Another workbench took the lock over ("edit anyway"): this one keeps no journal now.
    case lockTakenOver(LockOwner?)
    case failed(String)
}

extension AppState {
    /// Runs `action` now, or asks for the lock first when it is the first edit. Comments count:
    /// outside review they are saved with the whole design.
    mutating func needsLock(for action: WorkbenchAction, key: Key?) -> [WorkbenchEffect]? {
        let edits = action.changesDesign || action == .comment
        // A lock that could not be taken (a full disk) is tried again at every edit.
        guard editLock == .notTaken || editLock == .unavailable, !runningPendingEdit, edits,
              action != .saveAndQuitPrefix else { return nil }
        pendingEdit = .action(action, key)
        return [.acquireLock]
    }

    /// What the runner reports about files (through `update(.file(...))`).
    @discardableResult
    mutating func receive(_ event: FileEvent) -> [WorkbenchEffect] {
        switch event {
        case let .recoveryAvailable(prompt):
            mode = .recovery(prompt)
        case let .reviewRecoveryAvailable(prompt):
            mode = .reviewRecovery(prompt)
        case let .lockHeldAtOpen(owner):
            mode = .lockHeld(LockPrompt(owner: owner, atOpen: true))
        case let .lockAcquired(staleOwner):
            editLock = .held
            let effects = runPendingEdit()
            if let staleOwner {
                let done = message.map { "; \($0.text)" } ?? ""
                message = StatusMessage(text: "took over a stale lock left by \(staleOwner)\(done)", severity: .warning)
            }
            return effects
        case let .lockHeld(owner):
            mode = .lockHeld(LockPrompt(owner: owner, atOpen: false))
        case let .lockUnavailable(reason):
            let firstTime = editLock != .unavailable
            editLock = .unavailable
            let effects = runPendingEdit()
            if firstTime {
                message = StatusMessage(text: "editing without a lock (\(reason)); unsaved edits are journalled to a file of this session's own",
                                        severity: .warning)
            }
            return effects
        case let .saved(path):
            markSaved(to: path)
        case let .savedMergingComments(path, comments):
            let added = comments.count - design.comments.count
            design.comments = comments
            commenting.base = comments
            designChanged()
            markSaved(to: path)
            message = StatusMessage(text: "saved \(fileName), with the review comments saved to it meanwhile"
                                    + (added > 0 ? " (\(added) new)" : ""), severity: nil)
        case let .savedAs(path):
            markSaved(to: path)
            if !isReadOnly { editLock = .notTaken }
        case let .saveConflict(path, thenQuit):
            mode = .saveConflict(path: path, thenQuit: thenQuit)
        case let .reloaded(loaded, reason):
            reload(loaded)
            message = StatusMessage(text: reason, severity: .warning)
        case .changedOnDiskWhileModified:
            message = StatusMessage(text: "\(fileName) changed on disk; your edits are unsaved (:w asks what to do)",
                                    severity: .warning)
        case let .lockTakenOver(owner):
            editLock = .unavailable
            let who = owner.map { "\($0)" } ?? "someone"
            message = StatusMessage(text: "\(who) took over the lock of \(fileName): your unsaved edits are no longer journalled; :saveas FILE keeps them apart",
                                    severity: .error)
        case let .journalDiscarded(text):
            message = StatusMessage(text: text, severity: nil)
        case let .failed(text):
            message = StatusMessage(text: text, severity: .error)
        }
        return []
    }

    private mutating func runPendingEdit() -> [WorkbenchEffect] {
        guard let pending = pendingEdit else { return [] }
        pendingEdit = nil
        switch pending {
        case let .action(action, key):
            runningPendingEdit = true
            defer { runningPendingEdit = false }
            return perform(action, key: key)
        case let .recover(recovered):
            apply(recovered: recovered)
            return [.adoptJournal]
        case let .become(outcome):
            apply(imported: outcome)
            return []
        }
    }

    /// Loads the journal's design as unsaved changes: the file stays as it is until a save.
    private mutating func apply(recovered: Design) {
        design = recovered
        history = EditHistory()
        history.markUnsaved()
        editDone("recovered the unsaved changes; :w saves them, :q! drops them")
    }

    /// Replaces the design with the file's current contents, keeping the place in each pane.
    mutating func reload(_ loaded: LoadedDesign) {
        design = loaded.design
        sourceMap = loaded.sourceMap
        history = EditHistory()
        isModified = false
        commenting.base = loaded.design.comments
        designChanged()
    }

    /// Makes the design read-only for the rest of the session (someone else edits it, or the
    /// user chose to only look).
    mutating func becomeReadOnly(_ why: String) {
        isReadOnly = true
        editLock = .notNeeded
        pendingEdit = nil
        mode = .normal
        message = StatusMessage(text: why, severity: .warning)
    }

    // MARK: - Prompts

    mutating func updateRecovery(_ key: Key, prompt: RecoveryPrompt) -> [WorkbenchEffect] {
        var prompt = prompt
        if prompt.showingDifference {
            switch WorkbenchKeys.map.action(for: key) {
            case .moveDown?: prompt.offset += 1
            case .moveUp?: prompt.offset = max(0, prompt.offset - 1)
            case .pageDown?: prompt.offset += max(1, screenSize.height - 8)
            case .pageUp?: prompt.offset = max(0, prompt.offset - max(1, screenSize.height - 8))
            case .top?: prompt.offset = 0
            case .bottom?: prompt.offset = prompt.difference.excerpt().count
            default: prompt.showingDifference = false
            }
            prompt.offset = min(prompt.offset, max(0, prompt.difference.excerpt().count - 1))
            mode = .recovery(prompt)
            return []
        }
        switch PromptChoices.recovery.answer(for: key) {
        case .recover?:
            mode = .normal
            if editLock == .notTaken {
                // Adopted only once applied: refused the lock, the journal stays someone's.
                pendingEdit = .recover(prompt.design)
                return [.acquireLock]
            }
            apply(recovered: prompt.design)
            return [.adoptJournal]
        case .difference?:
            prompt.showingDifference = true
            prompt.offset = 0
            mode = .recovery(prompt)
        case .discard?:
            mode = .normal
            return [.discardJournal]
        case .readOnly?:
            becomeReadOnly("read-only; the unsaved changes stay in \(prompt.journalPath) (archbench recover \(fileName))")
        case .quit?:
            return [.quit]
        case nil:
            message = StatusMessage(text: PromptChoices.recovery.hint(), severity: nil)
        }
        return []
    }

    mutating func updateReviewRecovery(_ key: Key, prompt: ReviewRecoveryPrompt) -> [WorkbenchEffect] {
        switch PromptChoices.reviewRecovery.answer(for: key) {
        case .recover?:
            mode = .normal
            design.comments = prompt.comments
            isModified = true
            designChanged()
            message = StatusMessage(text: "recovered \(prompt.added) unsaved review change\(prompt.added == 1 ? "" : "s"); C-s saves them",
                                    severity: nil)
            return [.adoptReviewJournals(prompt.journalPaths)]
        case .discard?:
            mode = .normal
            return [.discardReviewJournals(prompt.journalPaths)]
        case .quit?:
            return [.quit]
        case nil:
            message = StatusMessage(text: PromptChoices.reviewRecovery.hint(), severity: nil)
            return []
        }
    }

    mutating func updateLockHeld(_ key: Key, prompt: LockPrompt) -> [WorkbenchEffect] {
        switch PromptChoices.lock.answer(for: key) {
        case .editAnyway?:
            mode = .normal
            return [.takeOverLock]
        case .quit?:
            guard isModified else { return [.quit] }
            pendingEdit = nil
            mode = .confirmQuit
        case .readOnly?:
            becomeReadOnly("read-only: \(fileName) is being edited by \(prompt.owner)")
        case nil where key == .escape && prompt.atOpen:
            becomeReadOnly("read-only: \(fileName) is being edited by \(prompt.owner)")
        case nil where key == .escape:
            mode = .normal
            pendingEdit = nil
            message = StatusMessage(text: "not changed: \(fileName) is being edited by \(prompt.owner)", severity: .warning)
        case nil:
            message = StatusMessage(text: PromptChoices.lock.hint(), severity: nil)
        }
        return []
    }

    mutating func updateSaveConflict(_ key: Key, path: String, thenQuit: Bool) -> [WorkbenchEffect] {
        switch PromptChoices.saveConflict(thenQuit: thenQuit).answer(for: key) {
        case .reload?:
            mode = .normal
            return [.reload]
        case .overwrite?:
            mode = .normal
            return [.overwrite(path: path)] + (thenQuit ? [.quit] : [])
        case .saveAs?:
            mode = .command("saveas ")
        case .cancel?, nil:
            mode = .normal
            message = StatusMessage(text: "not saved: \(fileName) changed on disk (:w asks again)", severity: .warning)
        }
        return []
    }

    mutating func updateMessages(_ key: Key, offset: Int) -> [WorkbenchEffect] {
        let page = max(1, screenSize.height - 6)
        let moved: Int
        switch WorkbenchKeys.map.action(for: key) {
        case .moveDown?: moved = offset + 1
        case .moveUp?: moved = offset - 1
        case .pageDown?: moved = offset + page
        case .pageUp?: moved = offset - page
        case .top?: moved = 0
        case .bottom?: moved = messagesMaxOffset
        default:
            closeOverlay(on: key)
            return []
        }
        mode = .messages(offset: min(max(0, moved), messagesMaxOffset))
        return []
    }

    /// The `:messages` popup's lines as drawn, and how far they scroll.
    var messageLines: [Line] {
        messageLog.map { message in
            let role: StyleRole = switch message.severity {
            case .error?: .error
            case .warning?: .warning
            default: .text
            }
            return Line(message.text, role)
        }
    }

    var messagesMaxOffset: Int {
        let visible = TextView(messageLines, wrap: true, glyphs: glyphs).visualLines(width: max(1, screenSize.width - 8)).count
        return max(0, visible - max(1, screenSize.height - 6))
    }

    /// `:saveas FILE`: the design moves to a new file, which must not exist yet.
    mutating func saveAs(_ path: String?) -> [WorkbenchEffect] {
        guard !isReadOnly else {
            message = StatusMessage(text: "read-only: :saveas is not available", severity: .warning)
            return []
        }
        guard let path, !path.isEmpty else {
            message = StatusMessage(text: ":saveas needs a file name", severity: .warning)
            return []
        }
        return [.saveAs(path: AppState.expandingHome(path))]
    }
}

extension WorkbenchView {
    static func recoveryPopup(_ state: AppState, _ prompt: RecoveryPrompt, into buffer: inout Buffer) {
        if prompt.showingDifference {
            recoveryDifference(state, prompt, into: &buffer)
            return
        }
        var lines = [
            Line("\(state.fileName) has unsaved changes from an earlier session", bold: true),
            Line("in the recovery journal \(prompt.journalPath),"),
            Line("written \(prompt.writtenBy),"),
            prompt.olderThanFile ? Line("before the file was last written: it may hold older work.", .warning)
                : Line("after the file was last written."),
            .empty,
            Line("\(lines(prompt.difference.addedCount)) added and \(prompt.difference.removedCount) removed compared with the file.", .muted),
        ]
        if prompt.fileChangedSince {
            lines.append(Line("The file was changed after these edits began: recovering replaces those changes.", .warning))
        }
        lines += [.empty] + PromptChoices.recovery.popupLines()
        Popup(title: "Recovery", lines: lines, width: min(78, buffer.width - 2), glyphs: state.glyphs)
            .render(buffer.area, in: &buffer)
    }

    private static func recoveryDifference(_ state: AppState, _ prompt: RecoveryPrompt, into buffer: inout Buffer) {
        let lines = prompt.difference.excerpt().map { line -> Line in
            guard let line else { return Line(state.glyphs.ellipsis, .muted) }
            switch line.kind {
            case .same: return Line("  " + line.text, .muted)
            case .removed: return Line("- " + line.text, .error)
            case .added: return Line("+ " + line.text, .success)
            }
        }
        Popup(title: "Difference: file \(state.glyphs.isUnicode ? "→" : "->") recovery journal", lines: lines.isEmpty ? [Line("no difference")] : lines,
              footer: Line([Span("j/k", .accent, bold: true), Span(": scroll  "), Span("any other key", .accent, bold: true),
                            Span(": back to the choices")]),
              width: buffer.width - 2, height: buffer.height - 2, scroll: TextViewState(offset: prompt.offset),
              glyphs: state.glyphs)
            .render(buffer.area, in: &buffer)
    }

    private static func lines(_ count: Int) -> String { count == 1 ? "1 line" : "\(count) lines" }

    static func reviewRecoveryPopup(_ state: AppState, _ prompt: ReviewRecoveryPrompt, into buffer: inout Buffer) {
        let lines = [
            Line("Unsaved review comments on \(state.fileName)", bold: true),
            Line("from a review session that ended without saving (\(prompt.writtenBy)):"),
            Line(prompt.added == 1 ? "1 comment, reply or resolution not in the file."
                 : "\(prompt.added) comments, replies or resolutions not in the file.", .muted),
            .empty,
        ] + PromptChoices.reviewRecovery.popupLines()
        Popup(title: "Recovery", lines: lines, width: min(78, buffer.width - 2), glyphs: state.glyphs)
            .render(buffer.area, in: &buffer)
    }

    static func lockPopup(_ state: AppState, _ prompt: LockPrompt, into buffer: inout Buffer) {
        let lines = [
            Line("\(state.fileName) is being edited by", bold: true),
            Line("\(prompt.owner)."),
            .empty,
            Line("Editing it here as well means one of you overwrites the other's work.", .muted),
            .empty,
        ] + PromptChoices.lock.popupLines()
        Popup(title: "Locked", lines: lines, width: min(78, buffer.width - 2), glyphs: state.glyphs)
            .render(buffer.area, in: &buffer)
    }

    static func messagesPopup(_ state: AppState, offset: Int, into buffer: inout Buffer) {
        let lines = state.messageLines
        Popup(title: "Messages", lines: lines.isEmpty ? [Line("no messages yet", .muted)] : lines,
              footer: Line([Span("j/k", .accent, bold: true), Span(": scroll  "), Span("any other key", .accent, bold: true),
                            Span(": close")]),
              width: buffer.width - 2, height: buffer.height - 2, scroll: TextViewState(offset: offset), glyphs: state.glyphs)
            .render(buffer.area, in: &buffer)
    }

    static func saveConflictPopup(_ state: AppState, path: String, thenQuit: Bool, into buffer: inout Buffer) {
        let lines = [
            Line("\(state.fileName) was changed on disk since it was loaded.", bold: true),
            Line("Saving now would overwrite those changes; nothing was written.", .muted),
            .empty,
        ] + PromptChoices.saveConflict(thenQuit: thenQuit).popupLines()
        Popup(title: "Changed on disk", lines: lines, width: min(70, buffer.width - 2), glyphs: state.glyphs)
            .render(buffer.area, in: &buffer)
    }
}
