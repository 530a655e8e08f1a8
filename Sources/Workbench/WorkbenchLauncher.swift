import DesignModel
import Foundation
import TerminalUI

/// Why the workbench could not start: the message for stderr (the CLI exits 2).
package struct WorkbenchLaunchError: Error, CustomStringConvertible {
    package var description: String
}

/// Opens the full-screen workbench for the CLI.
package enum WorkbenchLauncher {
    /// Picks the theme, takes over the terminal, runs until quit and restores the terminal.
    /// A terminal the backend cannot drive (TERM=dumb, unknown, not a tty), an unknown backend
    /// or a bad theme fails before anything is drawn.
    @MainActor
    /// A design with a file gets a `FileSession`: it asks first when another workbench holds the
    /// lock or a recovery journal is newer than the file, and guards every save.
    @discardableResult
    package static func open(_ loaded: LoadedDesign, identity: FileIdentity?, fileName: String, filePath: String?,
                            readOnly: Bool, themeName: String?, author: String? = nil,
                            terminal terminalName: String? = nil, since: String? = nil) throws -> RunOutcome {
        let backend = try TerminalBackend.chosen(option: terminalName)
        let theme: Theme
        let config: WorkbenchConfig
        do {
            let environment = ProcessInfo.processInfo.environment
            config = try WorkbenchConfig.load(environment: environment)
            theme = try WorkbenchConfig.theme(option: themeName, config: config, environment: environment)
        } catch {
            throw WorkbenchLaunchError(description: "\(error)")
        }
        var state = AppState(loaded: loaded, fileName: fileName, filePath: filePath, readOnly: readOnly,
                             checker: WorkbenchChecks.standard, author: author, checkAfterFirstFrame: true)
        if let since {
            // `--since REV`: a revision git does not know is bad input, before the screen is taken.
            switch ChangeBase.load(revision: since, path: filePath) {
            case let .failure(failure): throw WorkbenchLaunchError(description: failure.message)
            case let .success(base): state.update(.changeBaseLoaded(.success(base)))
            }
        }
        let files = filePath.map { FileSession(path: $0, identity: identity, loaded: loaded.design, loadedText: loaded.text) }
        files?.journalAfterIdle = config.journalAfterIdle
        files?.journalAfterEdits = config.journalAfterEdits
        if let files, !state.isReadOnly {
            state.editLock = .notTaken
            for event in files.eventsOnOpen() { state.update(.file(event)) }
        } else if let files, !loaded.isNewerFormat {
            for event in files.reviewEventsOnOpen() { state.update(.file(event)) }
        }
        do {
            return try WorkbenchRunner.runInTerminal(&state, theme: theme, files: files, backend: backend)
        } catch let error as TerminalError {
            throw WorkbenchLaunchError(description: "archbench: \(error)")
        }
    }
}
