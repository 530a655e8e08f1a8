import DesignModel
import DesignRules
import Foundation
import TerminalUI
import Workbench

/// An edit in the workbench on the large design: the field stored through the edit history,
/// validation run again, the rows rebuilt and the next frame drawn. One frame's budget.
enum EditingBenchmarks {
    /// The workbench on the large design with an endpoint in the middle of the list, its summary
    /// field focused in the form.
    @MainActor
    static func editingState(_ loaded: LoadedDesign, checker: any DesignChecking, _ terminal: MemoryTerminal) -> AppState {
        var state = AppState(loaded: loaded, fileName: "large.design.yaml", filePath: nil, readOnly: false,
                             checker: checker, screenSize: terminal.size, glyphs: terminal.glyphs)
        state.update(.key(.char("2")))
        for _ in 0..<500 { state.update(.key(.char("j"))) }
        state.update(.key(.char("e")))
        for _ in 0..<3 { state.update(.key(.down)) }
        terminal.draw(WorkbenchView.render(state))
        return state
    }

    @MainActor
    static func run(path: String) throws -> [Measurement] {
        let loaded = try DesignLoader.load(contentsOf: path)
        let terminal = MemoryTerminal(width: 120, height: 40)
        var results: [Measurement] = []
        // For comparison, the same edit with every rule run on every edit (as before revalidation
        // became incremental).
        var fullState = editingState(loaded, checker: FunctionChecker { Validator().validate($0, sourceMap: $1) }, terminal)
        results.append(measure("workbench edit, every rule run (before)", runs: 11, target: 16) {
            fullState.update(.key(.char("x")))
            fullState.update(.key(.tab))
            fullState.update(.key(.up))
            terminal.draw(WorkbenchView.render(fullState))
        })
        var state = editingState(loaded, checker: WorkbenchChecks.standard, terminal)
        let before = state.validationRuns
        results.append(measure("workbench edit: store field + validate + frame", runs: 21, target: 16) {
            state.update(.key(.char("x")))
            state.update(.key(.tab))
            state.update(.key(.up))
            terminal.draw(WorkbenchView.render(state))
        })
        results.append(measure("workbench undo + validate + frame", runs: 21, target: 16) {
            state.update(.key(.ctrl("z")))
            terminal.draw(WorkbenchView.render(state))
        })
        // The part of an edit that rebuilds the rows of every pane from the design and its findings.
        let findings = WorkbenchChecks.standard.findings(for: state.design, sourceMap: loaded.sourceMap)
        results.append(measure("workbench rows of every pane built anew", runs: 11, target: 16) {
            _ = WorkbenchViewModel(design: state.design, findings: findings, grouping: .service, glyphs: terminal.glyphs)
        })
        // What an edit costs: one endpoint's summary changed, only the panes it touches built again.
        var edited = state.design
        edited.endpoints[500].summary = (edited.endpoints[500].summary ?? "") + " edited"
        let editedFindings = WorkbenchChecks.standard.findings(for: edited, sourceMap: loaded.sourceMap)
        results.append(measure("  rows after one endpoint's edit", runs: 11, target: 5) {
            _ = WorkbenchViewModel(design: edited, findings: editedFindings, grouping: .service, glyphs: terminal.glyphs,
                                   previous: state.viewModel)
        })
        // After each edit the workbench renders the recovery journal for the signal handler on a
        // background thread (JournalKeeper): it delays no key, but it is how far the journal a
        // SIGHUP writes can lag behind the last edit.
        results.append(measure("journal render (background, lag behind an edit)", runs: 21, target: 100) {
            _ = RecoveryJournal.render(design: state.design, for: path, loadedIdentity: nil)
        })
        // Every run above (and each warm-up) stored or undid exactly one edit, validated once.
        precondition(state.validationRuns - before == 2 * (21 + 1), "edits did not all validate: \(state.validationRuns - before)")
        return results
    }
}
