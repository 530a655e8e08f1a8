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
                           save: Saver = { try DesignFile.save($0, to: $1) }) {
        state.screenSize = terminal.size
        state.glyphs = terminal.glyphs
        terminal.draw(WorkbenchView.render(state))
        while let key = terminal.readKey(timeout: nil) {
            if key == .resize { state.screenSize = terminal.size }
            var quit = false
            for effect in state.update(key) {
                switch effect {
                case .quit: quit = true
                case let .save(path):
                    do {
                        try save(state.design, path)
                        state.markSaved(to: path)
                    } catch {
                        state.message = StatusMessage(text: "not saved: \(error)", severity: .error)
                        quit = false
                    }
                }
            }
            if quit { return }
            terminal.draw(WorkbenchView.render(state))
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
