import DesignModel
import TerminalUI

/// Every input to the workbench. The runner turns what happens (a key, a resize, a file
/// written or refused, an editor that returned, a `fg` after Ctrl-Z) into a message, and
/// `AppState.update(_:)` is the one place a message changes the state; what it asks for in
/// return (save, take the lock, suspend...) comes back as effects for the runner to carry out.
package enum WorkbenchMessage: Sendable {
    case key(Key)
    /// The terminal's size and what it can draw: at start, after a resize, back from an editor
    /// or a Ctrl-Z.
    case terminal(size: Size, glyphs: Glyphs)
    /// What the file session reports: the lock, the journal, the file on disk, its saves.
    case file(FileEvent)
    /// The design was written to `path` by the runner's own saver (a design without a session).
    case saved(path: String)
    /// `:w FILE` wrote a copy; the design keeps its own file.
    case wroteCopy(path: String)
    /// `:export markdown FILE` wrote the document.
    case exported(path: String)
    /// `:import` read and merged its file, or could not.
    case imported(Result<ImportOutcome, ImportFailure>)
    /// `:diff` read the version to compare with, or could not.
    case changeBaseLoaded(Result<ChangeBase, ChangeBaseFailure>)
    /// A review save wrote the comments section: the comments now in the file.
    case commentsSaved([Comment])
    /// A save or write failed; the text says what and why.
    case writeFailed(String)
    /// $VISUAL / $EDITOR returned.
    case externalEditFinished(ExternalEditResult)
    /// Back from Ctrl-Z.
    case resumed
    /// Another session on the same design (`archbench serve`) changed it: an editor's design,
    /// or a reviewer's comments in this session's design.
    case shared(Design)
    /// The first frame is on the screen: run the checks it was drawn without.
    case checksDue
}

extension AppState {
    /// The one entry that changes the state: one message in, the effects to run out.
    @discardableResult
    package mutating func update(_ message: WorkbenchMessage) -> [WorkbenchEffect] {
        defer { logMessage() }
        switch message {
        case let .key(key):
            return update(key)
        case let .terminal(size, glyphs):
            if glyphs != self.glyphs {
                self.glyphs = glyphs
                // The row markers use the glyphs: rebuilt without validating again (before the
                // first frame, the pane on the screen alone, as it was built).
                rebuildRows(findings: viewModel.findings, only: checksPending && !viewModel.unbuilt.isEmpty ? pane : nil)
            }
            if size != screenSize {
                screenSize = size
                diagramsResized()
            }
        case let .file(event):
            return receive(event)
        case let .saved(path):
            markSaved(to: path)
        case let .wroteCopy(path):
            self.message = StatusMessage(text: "wrote a copy to \(path)\(isModified ? "; \(fileName) is still unsaved" : "")", severity: nil)
        case let .exported(path):
            self.message = StatusMessage(text: "exported Markdown to \(path)", severity: nil)
        case let .imported(result):
            return imported(result)
        case let .changeBaseLoaded(result):
            changeBaseLoaded(result)
        case let .commentsSaved(written):
            commentsWritten(written)
        case let .writeFailed(text):
            self.message = StatusMessage(text: text, severity: .error)
        case let .externalEditFinished(result):
            finishExternalEdit(result)
        case .resumed:
            self.message = StatusMessage(text: "welcome back", severity: nil)
        case let .shared(design):
            adoptShared(design)
        case .checksDue:
            if checksPending { runChecks() }
        }
        return []
    }
}

extension AppState {
    /// The status message an update left, added to `:messages` unless it is the last one there.
    mutating func logMessage() {
        guard let message, message != messageLog.last else { return }
        messageLog.append(message)
        if messageLog.count > 100 { messageLog.removeFirst() }
    }
}
