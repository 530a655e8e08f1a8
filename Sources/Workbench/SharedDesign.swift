import DesignModel

extension AppState {
    /// Takes the design as another session on it has it now (`archbench serve` keeps one live
    /// document per design). The change is not this session's edit: it is not in the undo
    /// history. An editor taking reviewers' comments has them unsaved until its next save; a
    /// reviewer's own unsaved comments are already in what it is given.
    mutating func adoptShared(_ shared: Design) {
        guard shared != design else { return }
        design = shared
        if !isReadOnly, shared.comments != commenting.base {
            isModified = true
            history.markUnsaved()
        }
        designChanged()
        clampCommentSelection()
    }
}

extension AppState {
    /// A design with a file: the first edit takes its lock (as `WorkbenchLauncher` sets up for
    /// the local workbench), so another editor is seen and the journal is the design's own.
    package mutating func takesLockOnFirstEdit() {
        editLock = .notTaken
    }
}
