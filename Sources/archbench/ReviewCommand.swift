import ArgumentParser
import DesignModel
import Foundation
import Workbench

struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Open a design for review: browse it and its findings, and comment; nothing else changes it.")

    @Argument(help: "The design file.", completion: .file(extensions: ["yaml", "yml"])) var file: String
    @Option(help: "Colour theme: default, light, high-contrast, monochrome, or a theme in ~/.config/archbench/themes.")
    var theme: String?
    @Option(help: "The name comments and replies are signed with (default: the login name, $USER).")
    var author: String?
    @Option(help: "How to drive the terminal: ansi or ncurses (default: $ARCHBENCH_TERMINAL, else \(TerminalBackend.default.rawValue)).")
    var terminal: String?
    @Option(help: "Mark what changed since this git revision of the file (a commit, tag or branch, or 'approved'); ~ lists the changes.")
    var since: String?

    func run() throws {
        let opened = try openDesign(file)
        guard isatty(STDOUT_FILENO) == 1 else {
            try checkTheme(theme)
            try checkTerminal(terminal)
            Console.write(DesignOutline.text(for: opened.loaded.design))
            return
        }
        try openWorkbench(opened.loaded, identity: opened.identity, file: file, readOnly: true, theme: theme, author: author,
                          terminal: terminal, since: since)
    }
}
