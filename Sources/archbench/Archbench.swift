import ArgumentParser
import DesignModel
import Foundation

@main
struct Archbench: ParsableCommand {
    /// Printed by `--version` and written into SARIF logs as the tool's version.
    static let version = "0.2.0"

    static let configuration = CommandConfiguration(
        commandName: "archbench",
        abstract: "Design backend systems in the terminal: endpoints, services, ERD and scaling notes in one file.",
        version: Archbench.version,
        subcommands: [EditCommand.self, ReviewCommand.self, NewCommand.self, FmtCommand.self, CommentsCommand.self, ExportCommand.self, ImportCommand.self, RecoverCommand.self, ValidateCommand.self, DiffCommand.self, RulesCommand.self, SchemaCommand.self, ServeCommand.self],
        defaultSubcommand: EditCommand.self
    )

    /// Usage errors exit 2, as every other bad input does; ArgumentParser's own default is 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch let failure as CLIFailure {
            failure.report()
            Foundation.exit(failure.exitCode)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                Console.write(fullMessage(for: error) + "\n")
                Foundation.exit(0)
            }
            Console.errorText(fullMessage(for: error))
            Foundation.exit(code == .failure ? 1 : 2)
        }
    }
}

/// A command that stopped with messages for stderr and an exit code: 1 for a check that failed,
/// 2 for bad input.
struct CLIFailure: Error {
    var messages: [String]
    var exitCode: Int32

    static func badInput(_ messages: [String]) -> CLIFailure { CLIFailure(messages: messages, exitCode: 2) }
    static func badInput(_ load: DesignLoadError) -> CLIFailure { badInput(load.diagnostics.map(\.description)) }

    func report() {
        for message in messages { writeError(message) }
    }
}

func writeError(_ message: String) {
    Console.error(message)
}

/// Loads a design for a command, turning load errors into exit code 2 with located messages.
/// Loads a design with the identity of the bytes read, so the workbench can refuse to save over
/// a file someone else changed meanwhile.
func openDesign(_ path: String) throws -> OpenedDesign {
    do {
        return try DesignFile.loadWithIdentity(contentsOf: path)
    } catch {
        throw CLIFailure.badInput(error)
    }
}

func loadDesign(_ path: String) throws -> LoadedDesign {
    do {
        return try DesignLoader.load(contentsOf: path)
    } catch {
        throw CLIFailure.badInput(error)
    }
}
