import ArgumentParser
import DesignModel
import Foundation
import TerminalUI
import Workbench

struct EditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit", abstract: "Open a design in the workbench (the bundled example when no file is given).")

    @Argument(help: "The design file.", completion: .file(extensions: ["yaml", "yml"])) var file: String?
    @Option(help: "Colour theme: default, light, high-contrast, monochrome, or a theme in ~/.config/archbench/themes.")
    var theme: String?
    @Option(help: "The name comments and replies are signed with (default: the login name, $USER).")
    var author: String?
    @Option(help: "How to drive the terminal: ansi or ncurses (default: $ARCHBENCH_TERMINAL, else \(TerminalBackend.default.rawValue)).")
    var terminal: String?
    @Option(help: "Mark what changed since this git revision of the file (a commit, tag or branch, or 'approved'); ~ lists the changes.")
    var since: String?

    func run() throws {
        let opened = try file.map { try openDesign($0) }
        let loaded = try opened?.loaded ?? DesignLoader.load(yaml: BundledExample.yaml, file: BundledExample.fileName)
        // Piped output gets the plain outline: a full-screen UI would only write escape codes into it.
        guard isatty(STDOUT_FILENO) == 1 else {
            try checkTheme(theme)
            try checkTerminal(terminal)
            Console.write(DesignOutline.text(for: loaded.design))
            return
        }
        if since != nil, file == nil { throw CLIFailure.badInput(["--since needs a design file in a git repository"]) }
        try openWorkbench(loaded, identity: opened?.identity, file: file, readOnly: false, theme: theme, author: author,
                          terminal: terminal, since: since)
    }
}

/// A `--theme` that cannot be loaded is bad input even when the output is the plain outline,
/// which uses no theme: an option that is wrong is wrong whatever the output (README: exit 2).
func checkTheme(_ name: String?) throws {
    guard let name else { return }
    do {
        _ = try ThemeLoader().load(name)
    } catch {
        throw CLIFailure.badInput(["\(error)"])
    }
}

/// A `--terminal` (or ARCHBENCH_TERMINAL) naming no backend is bad input, like a bad `--theme`.
func checkTerminal(_ name: String?) throws {
    do {
        _ = try TerminalBackend.chosen(option: name)
    } catch {
        throw CLIFailure.badInput([error.description])
    }
}

/// Starts the full-screen workbench; a terminal it cannot drive is bad input (exit 2) with a
/// message, never a half-initialised screen.
func openWorkbench(_ loaded: LoadedDesign, identity: FileIdentity?, file: String?, readOnly: Bool, theme: String?,
                   author: String?, terminal: String?, since: String? = nil) throws {
    let name = file.map { URL(fileURLWithPath: $0).lastPathComponent } ?? BundledExample.fileName
    let outcome: RunOutcome
    do {
        outcome = try MainActor.assumeIsolated {
            try WorkbenchLauncher.open(loaded, identity: identity, fileName: name, filePath: file, readOnly: readOnly,
                                       themeName: theme, author: author.flatMap { $0.isEmpty ? nil : $0 }, terminal: terminal,
                                       since: since)
        }
    } catch let error as WorkbenchLaunchError {
        throw CLIFailure.badInput([error.description])
    }
    if outcome == .inputEnded {
        // The terminal went away as on SIGHUP; the journal (if there were unsaved edits) says the rest.
        var message = "archbench: the terminal closed"
        if let file {
            let anchor = RecoveryJournal.anchor(of: file)
            let journals = [RecoveryJournal.path(for: anchor), RecoveryJournal.reviewPath(for: anchor)]
            if let kept = journals.first(where: { RecoveryJournal.header(ofJournal: $0, designPath: anchor)?.isFromThisProcess == true }) {
                message += "; unsaved changes are in \(kept) (open the design again to recover them)"
            }
        }
        Console.error(message)
        throw ExitCode(128 + SIGHUP)
    }
}
