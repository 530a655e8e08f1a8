import DesignExport
import DesignModel
import Foundation
import TerminalUI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How the event loop ended.
package enum RunOutcome: Sendable, Equatable {
    case quit
    /// The terminal stopped giving keys: hung up, or a scripted terminal ran out of keys.
    case inputEnded
}

/// The event loop: key → update → (effects) → render → draw. The terminal sends only the
/// cells that changed since the last frame.
@MainActor
package enum WorkbenchRunner {
    /// Writes a design to a file; the CLI passes the real save, tests a recording one.
    package typealias Saver = (Design, String) throws -> Void

    /// How long a read waits before the loop does its idle work (journal, disk check).
    static let idleTick: Swift.Duration = .milliseconds(500)

    /// Runs until quit or the end of input (after which the caller decides: the real terminal
    /// hung up, or a test's script ran out).
    /// - Parameter files: the design file's lock, journal and identity; nil for a design without
    ///   a file and for tests that only record saves (then `save` writes).
    /// - Parameter stopProcess: stops the process for the shell (Ctrl-Z) until `fg`;
    ///   `runInTerminal` passes `stopForShell`, tests something that does not stop the test.
    @discardableResult
    package static func run(_ state: inout AppState, on terminal: any Terminal, files: FileSession? = nil,
                           save: Saver = { try DesignFile.save($0, to: $1) },
                           saveComments: CommentSaver = { try DesignFile.saveComments(base: $0, mine: $1, to: $2) },
                           editor: ExternalEditor.Run = ExternalEditor.system,
                           stopProcess: () -> Void = {}) -> RunOutcome {
        // `:saveas` gives a design without a file (the bundled example) one.
        var files = files
        state.update(.terminal(size: terminal.size, glyphs: terminal.glyphs))
        terminal.draw(WorkbenchView.render(state))
        if state.checksPending {
            state.update(.checksDue)
            terminal.draw(WorkbenchView.render(state))
        }
        while true {
            guard let key = terminal.readKey(timeout: files == nil ? nil : idleTick) else {
                if terminal.isInputClosed { return .inputEnded }
                if let event = files?.idle(state) {
                    let effects = state.update(.file(event))
                    if carryOut(effects, state: &state, terminal: terminal, files: &files, save: save,
                                saveComments: saveComments, editor: editor, stopProcess: stopProcess) {
                        files?.quit()
                        return .quit
                    }
                    terminal.draw(WorkbenchView.render(state))
                }
                continue
            }
            let message: WorkbenchMessage = key == .resize ? .terminal(size: terminal.size, glyphs: terminal.glyphs) : .key(key)
            let quit = carryOut(state.update(message), state: &state, terminal: terminal, files: &files, save: save,
                                saveComments: saveComments, editor: editor, stopProcess: stopProcess)
            if quit {
                files?.quit()
                return .quit
            }
            terminal.draw(WorkbenchView.render(state))
            // After the frame: rendering the journal must not delay what the user sees.
            if let event = files?.noteChanges(in: state) {
                _ = carryOut(state.update(.file(event)), state: &state, terminal: terminal, files: &files, save: save,
                             saveComments: saveComments, editor: editor, stopProcess: stopProcess)
                terminal.draw(WorkbenchView.render(state))
            }
        }
    }

    /// Carries out effects in order, including those the outcomes lead to (a lock taken runs the
    /// edit that waited for it). Returns whether to quit: a failed save stops a save-and-quit.
    private static func carryOut(_ effects: [WorkbenchEffect], state: inout AppState, terminal: any Terminal,
                                 files: inout FileSession?, save: Saver, saveComments: CommentSaver,
                                 editor: ExternalEditor.Run, stopProcess: () -> Void) -> Bool {
        var queue = effects[...]
        var quit = false
        var failed = false
        func report(_ event: FileEvent) {
            switch event {
            case .failed, .saveConflict, .lockHeld: failed = true
            default: break
            }
            send(.file(event))
        }
        func send(_ message: WorkbenchMessage) {
            if case .writeFailed = message { failed = true }
            queue.append(contentsOf: state.update(message))
        }
        while let effect = queue.popFirst() {
            switch effect {
            case .quit: quit = !failed
            case let .save(path):
                if let files, files.path == path {
                    var event = files.save(state.design)
                    if case let .saveConflict(conflicted, _) = event {
                        event = .saveConflict(path: conflicted, thenQuit: queue.contains(.quit))
                    }
                    report(event)
                } else {
                    do {
                        try save(state.design, path)
                        send(.saved(path: path))
                    } catch {
                        send(.writeFailed("not saved: \(error)"))
                    }
                }
            case let .importFile(request):
                send(.imported(request.run(into: state.design)))
            case let .loadChangeBase(revision):
                send(.changeBaseLoaded(ChangeBase.load(revision: revision, path: state.filePath)))
            case let .saveCopy(path), let .exportMarkdown(path):
                send(writeFile(effect, path: path, state: state, save: save))
            case let .editExternally(edit):
                terminal.suspend()
                let result = editor(edit)
                terminal.resume()
                terminal.invalidate()
                send(.terminal(size: terminal.size, glyphs: terminal.glyphs))
                send(.externalEditFinished(result))
            case let .saveComments(path):
                // Merged with the file on disk; only its comments section is written.
                do {
                    send(.commentsSaved(try saveComments(state.commenting.base, state.design.comments, path)))
                    if let files, files.path == path, let event = files.wroteFile(shown: state.design) { report(event) }
                } catch {
                    send(.writeFailed("not saved: \(error)"))
                }
            case .acquireLock:
                report(files?.acquireLock() ?? .lockAcquired(staleOwner: nil))
            case .takeOverLock:
                report(files?.takeOverLock() ?? .lockAcquired(staleOwner: nil))
            case .adoptJournal:
                files?.adoptJournal()
            case let .adoptReviewJournals(paths):
                files?.adoptReviewJournals(paths)
            case let .discardReviewJournals(paths):
                if let files { report(files.discardReviewJournals(paths)) }
            case .discardJournal:
                if let files { report(files.discardJournal()) }
            case .reload:
                if let files { report(files.reload()) }
            case let .overwrite(path):
                if let files, files.path == path { report(files.overwrite(state.design)) }
            case let .saveAs(path):
                if let files {
                    report(files.saveAs(state.design, to: path))
                } else {
                    let session = FileSession(path: path, identity: nil)
                    session.publishesForSignals = FatalSignals.isInstalled
                    let event = session.saveAs(state.design, to: path)
                    if case .savedAs = event { files = session }
                    report(event)
                }
            case .redraw:
                terminal.invalidate()
            case .suspend:
                files?.flushJournal(state)
                terminal.suspend()
                stopProcess()
                terminal.resume()
                terminal.invalidate()
                send(.terminal(size: terminal.size, glyphs: terminal.glyphs))
                send(.resumed)
            }
        }
        return quit
    }

    /// Ctrl-Z: stops the process group as the shell expects and returns on `fg` (SIGCONT).
    /// Where no shell does job control (an orphaned process group) the kernel ignores the stop
    /// and this returns at once.
    package static func stopForShell() {
        let previous = signal(SIGTSTP, SIG_DFL)
        kill(0, SIGTSTP)
        signal(SIGTSTP, previous)
    }

    /// `:w FILE` and `:export markdown FILE`: files other than the design's own. Returns what
    /// happened, for `update`.
    private static func writeFile(_ effect: WorkbenchEffect, path: String, state: AppState, save: Saver) -> WorkbenchMessage {
        do {
            if case .saveCopy = effect {
                try save(state.design, path)
                return .wroteCopy(path: path)
            }
            let document = MarkdownExporter.document(for: state.design, findings: state.viewModel.findings)
            try DesignFile.writeAtomically(Data(document.utf8), to: path)
            return .exported(path: path)
        } catch {
            return .writeFailed("not written: \(error)")
        }
    }

    /// Runs on the real terminal, restoring it however the loop ends: quit, error, end of input,
    /// or a signal (SIGHUP when the SSH link drops, SIGTERM, SIGINT), after which the unsaved
    /// changes are in the recovery journal.
    package static func runInTerminal(_ state: inout AppState, theme: Theme?, files: FileSession?,
                                     backend: TerminalBackend = .default) throws -> RunOutcome {
        let terminal = try backend.open(theme: theme)
        defer { terminal.restore() }
        files?.publishesForSignals = true
        FatalSignals.install()
        let outcome = run(&state, on: terminal, files: files, stopProcess: stopForShell)
        // The terminal is gone as on SIGHUP: keep the unsaved edits for next time.
        if outcome == .inputEnded {
            FatalSignals.endingNormally.store(true, ordering: .releasing)
            files?.hangUp(state)
        }
        return outcome
    }
}
