import DesignExport
import DesignModel
import Foundation
import TerminalUI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The event loop: key → update → (effects) → render → draw. The terminal sends only the
/// cells that changed since the last frame.
@MainActor
public enum WorkbenchRunner {
    /// Writes a design to a file; the CLI passes the real save, tests a recording one.
    public typealias Saver = (Design, String) throws -> Void

    /// Runs until `q` (or the terminal stops giving keys, as a scripted MemoryTerminal does).
    public static func run(_ state: inout AppState, on terminal: any Terminal,
                           save: Saver = { try DesignFile.save($0, to: $1) },
                           saveComments: CommentSaver = { try DesignFile.saveComments(base: $0, mine: $1, to: $2) },
                           editor: ExternalEditor.Run = ExternalEditor.system) {
        state.screenSize = terminal.size
        state.glyphs = terminal.glyphs
        terminal.draw(WorkbenchView.render(state))
        while let key = terminal.readKey(timeout: nil) {
            if key == .resize { state.screenSize = terminal.size }
            var quit = false
            // A save that failed stops a save-and-quit.
            var failed = false
            for effect in state.update(key) {
                switch effect {
                case .quit: quit = !failed
                case let .save(path):
                    do {
                        try save(state.design, path)
                        state.markSaved(to: path)
                    } catch {
                        state.message = StatusMessage(text: "not saved: \(error)", severity: .error)
                        quit = false
                        failed = true
                    }
                case let .saveCopy(path), let .exportMarkdown(path):
                    if !writeFile(effect, path: path, state: &state, save: save) { failed = true }
                case let .editExternally(edit):
                    terminal.suspend()
                    let result = editor(edit)
                    terminal.resume()
                    terminal.invalidate()
                    state.screenSize = terminal.size
                    state.finishExternalEdit(result)
                case let .saveComments(path):
                    if !state.saveComments(to: path, using: saveComments) { quit = false; failed = true }
                }
            }
            if quit { return }
            terminal.draw(WorkbenchView.render(state))
        }
    }

    /// `:w FILE` and `:export markdown FILE`: files other than the design's own.
    private static func writeFile(_ effect: WorkbenchEffect, path: String, state: inout AppState, save: Saver) -> Bool {
        do {
            if case .saveCopy = effect {
                try save(state.design, path)
                state.message = StatusMessage(text: "wrote a copy to \(path)\(state.isModified ? "; \(state.fileName) is still unsaved" : "")", severity: nil)
            } else {
                let document = MarkdownExporter.document(for: state.design, findings: state.viewModel.findings)
                try DesignFile.writeAtomically(Data(document.utf8), to: path)
                state.message = StatusMessage(text: "exported Markdown to \(path)", severity: nil)
            }
            return true
        } catch {
            state.message = StatusMessage(text: "not written: \(error)", severity: .error)
            return false
        }
    }

    /// Runs on the real terminal, restoring it however the loop ends: normal quit, SIGTERM or
    /// SIGHUP (the SSH connection dropped).
    public static func runInTerminal(_ state: inout AppState, theme: Theme?) throws {
        // Plain ASCII borders outside a UTF-8 locale: ACS line drawing garbles on terminals
        // and multiplexers whose alternate character set is not set up (and in logs).
        let terminal = try NCursesTerminal(theme: theme, options: NCursesTerminal.Options(alternateCharset: false))
        defer { terminal.restore() }
        // exit() runs the terminal's atexit hook, which calls endwin.
        signal(SIGTERM) { sig in exit(128 + sig) }
        signal(SIGHUP) { sig in exit(128 + sig) }
        run(&state, on: terminal)
    }
}
