import TerminalUI

/// Everything the workbench does differently in one mode, in one place: the name on the status
/// line, who gets the keys, what is typed on the status line, and what is drawn over the panes.
/// `Mode.descriptor` is the one switch over the modes; `update(_:)`, the status line and the
/// overlays read it instead of switching on the mode themselves.
struct ModeDescriptor {
    /// The status line's mode label; nil in normal mode, where it says NORMAL or REVIEW.
    var name: String?
    /// The mode's own keys, or nil when keys go to the panes (normal mode).
    var keys: ((inout AppState, Key) -> [WorkbenchEffect])?
    /// What is being typed, shown after the mode label in place of the message's own slot.
    var input: ((AppState, _ width: Int) -> [Span])?
    /// Drawn over the panes, after the status line.
    var overlay: ((AppState, inout Buffer) -> Void)?

    init(_ name: String?, keys: ((inout AppState, Key) -> [WorkbenchEffect])?,
         input: ((AppState, Int) -> [Span])? = nil, overlay: ((AppState, inout Buffer) -> Void)? = nil) {
        self.name = name
        self.keys = keys
        self.input = input
        self.overlay = overlay
    }
}

extension Mode {
    var descriptor: ModeDescriptor {
        switch self {
        case .normal:
            return ModeDescriptor(nil, keys: nil)
        case let .search(query, origin):
            return ModeDescriptor("SEARCH", keys: { $0.updateSearch($1, query: query, origin: origin) },
                                  input: { _, _ in [Span(" /" + query, .statusBar, bold: true), Span(" ", .selection)] })
        case let .command(text):
            return ModeDescriptor("COMMAND", keys: { $0.updateCommand($1, text: text) },
                                  input: { _, _ in [Span(" :" + text, .statusBar, bold: true), Span(" ", .selection)] })
        case let .jump(query, selection):
            return ModeDescriptor("JUMP", keys: { $0.updateJump($1, query: query, selection: selection) },
                                  overlay: { WorkbenchView.jumpOverlay($0, query: query, selection: selection, into: &$1) })
        case let .help(offset):
            return ModeDescriptor("HELP", keys: { $0.updateHelp($1, offset: offset) },
                                  overlay: { WorkbenchView.helpOverlay($0, offset: offset, into: &$1) })
        case let .confirmDelete(ref):
            return ModeDescriptor("CONFIRM", keys: { $0.updateConfirmDelete($1, ref: ref) },
                                  overlay: { WorkbenchView.confirmDeletePopup($0, ref, into: &$1) })
        case let .form(form):
            return ModeDescriptor("EDIT", keys: { $0.updateForm($1, form) },
                                  overlay: { state, buffer in
                                      if let picker = form.picker { WorkbenchView.pickerOverlay(state, picker, into: &buffer) }
                                  })
        case let .pick(picker):
            return ModeDescriptor("PICK", keys: { $0.updatePick($1, picker) },
                                  overlay: { WorkbenchView.pickerOverlay($0, picker, into: &$1) })
        case let .rename(ref, editor):
            return ModeDescriptor("RENAME", keys: { $0.updateRename($1, ref: ref, editor: editor) },
                                  input: { _, width in
                                      [Span(" rename \(ref.kind.rawValue) to: ", .statusBar, bold: true)]
                                          + editor.spans(width: max(10, width / 3), role: .statusBar)
                                  })
        case .confirmQuit:
            return ModeDescriptor("CONFIRM", keys: { $0.updateConfirmQuit($1) },
                                  overlay: { WorkbenchView.confirmQuitPopup($0, into: &$1) })
        case let .prefix(first):
            return ModeDescriptor("CONFIRM", keys: { $0.updatePrefix($1, first: first) })
        case .comments:
            return ModeDescriptor("COMMENTS", keys: { $0.updateCommentsPanel($1) },
                                  overlay: { WorkbenchView.commentsPanel($0, into: &$1) })
        case .changes:
            return ModeDescriptor("CHANGES", keys: { $0.updateChangesPanel($1) },
                                  overlay: { WorkbenchView.changesPanel($0, into: &$1) })
        case let .commentInput(input):
            return ModeDescriptor("COMMENT", keys: { $0.updateCommentInput($1, input: input) },
                                  overlay: { state, buffer in
                                      if input.returnsToPanel { WorkbenchView.commentsPanel(state, into: &buffer) }
                                      WorkbenchView.commentInputPopup(state, input, into: &buffer)
                                  })
        case let .recovery(prompt):
            return ModeDescriptor("RECOVER", keys: { $0.updateRecovery($1, prompt: prompt) },
                                  overlay: { WorkbenchView.recoveryPopup($0, prompt, into: &$1) })
        case let .reviewRecovery(prompt):
            return ModeDescriptor("RECOVER", keys: { $0.updateReviewRecovery($1, prompt: prompt) },
                                  overlay: { WorkbenchView.reviewRecoveryPopup($0, prompt, into: &$1) })
        case let .lockHeld(prompt):
            return ModeDescriptor("CONFIRM", keys: { $0.updateLockHeld($1, prompt: prompt) },
                                  overlay: { WorkbenchView.lockPopup($0, prompt, into: &$1) })
        case let .saveConflict(path, thenQuit):
            return ModeDescriptor("CONFIRM", keys: { $0.updateSaveConflict($1, path: path, thenQuit: thenQuit) },
                                  overlay: { WorkbenchView.saveConflictPopup($0, path: path, thenQuit: thenQuit, into: &$1) })
        case let .messages(offset):
            return ModeDescriptor("MESSAGES", keys: { $0.updateMessages($1, offset: offset) },
                                  overlay: { WorkbenchView.messagesPopup($0, offset: offset, into: &$1) })
        }
    }
}
