import Foundation
import TerminalANSI
import TerminalNCurses
import TerminalUI

/// Which backend drives a local terminal: `--terminal ansi|ncurses`, else `ARCHBENCH_TERMINAL`,
/// else the default.
package enum TerminalBackend: String, CaseIterable, Sendable {
    /// Plain ANSI bytes written by archbench itself (TerminalANSI).
    case ansi
    /// ncurses and the terminfo database (TerminalNCurses).
    case ncurses

    package static let `default`: TerminalBackend = .ncurses
    package static let environmentVariable = "ARCHBENCH_TERMINAL"

    /// The backend `option` names, or the environment's, or the default; an unknown name is bad
    /// input, with the names there are.
    package static func chosen(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(WorkbenchLaunchError) -> TerminalBackend {
        if let option {
            guard let backend = TerminalBackend(rawValue: option) else {
                throw WorkbenchLaunchError(description: "archbench: unknown --terminal '\(ControlCharacters.escaped(option))' (ansi or ncurses)")
            }
            return backend
        }
        if let value = environment[environmentVariable], !value.isEmpty {
            guard let backend = TerminalBackend(rawValue: value) else {
                throw WorkbenchLaunchError(
                    description: "archbench: unknown \(environmentVariable)='\(ControlCharacters.escaped(value))' (ansi or ncurses)")
            }
            return backend
        }
        return .default
    }

    /// Takes over the process's terminal with this backend.
    @MainActor
    func open(theme: Theme?) throws -> any Terminal {
        switch self {
        case .ansi:
            return try ANSITerminal(theme: theme)
        case .ncurses:
            // Plain ASCII borders outside a UTF-8 locale: ACS line drawing garbles on terminals
            // and multiplexers whose alternate character set is not set up (and in logs).
            return try NCursesTerminal(theme: theme, options: NCursesTerminal.Options(alternateCharset: false))
        }
    }
}
