import DesignModel
import TerminalUI

/// One `:` command: the names it answers to, what it takes, what it does, what Tab offers for
/// its words and what it says in the help. `WorkbenchCommands.table` is the one list that
/// parses, completes and documents the command line, as the key maps do for keys.
struct WorkbenchCommand: Sendable {
    /// The first is the name the help shows; the others are short forms.
    let names: [String]
    /// What follows the name in the help: `[FILE]`, `open|resolved|all [AUTHOR]`.
    let arguments: String
    let help: String
    /// The keywords Tab offers for the next word, given the words typed before it (the name first).
    let completions: @Sendable (AppState, [String]) -> [String]
    /// What a served session (`archbench serve`) offers of it.
    let served: Served
    let run: @Sendable (inout AppState, [String]) -> [WorkbenchEffect]

    /// A served session must not write other files on the server's host, read its files or start
    /// processes there: such a command is not offered, or only its other form.
    enum Served: Sendable {
        case offered
        case notOffered
        /// Offered without what it may not do, with these arguments and this help.
        case offeredAs(arguments: String, help: String)
    }

    init(_ names: [String], _ arguments: String, _ help: String, served: Served = .offered,
         completions: @escaping @Sendable (AppState, [String]) -> [String] = { _, _ in [] },
         run: @escaping @Sendable (inout AppState, [String]) -> [WorkbenchEffect]) {
        self.names = names
        self.arguments = arguments
        self.help = help
        self.served = served
        self.completions = completions
        self.run = run
    }

    /// A command that takes nothing after its name.
    init(_ names: [String], _ help: String, run: @escaping @Sendable (inout AppState, [String]) -> [WorkbenchEffect]) {
        self.init(names, "", help, run: run)
    }

    /// The command as a served session offers it; nil when it does not.
    var asServed: WorkbenchCommand? {
        switch served {
        case .offered: return self
        case .notOffered: return nil
        case let .offeredAs(arguments, help):
            return WorkbenchCommand(names, arguments, help, served: served, completions: { _, _ in [] }, run: run)
        }
    }

    /// `w [FILE]`, as the help and the README show it.
    var usage: String { arguments.isEmpty ? names[0] : "\(names[0]) \(arguments)" }
}

enum WorkbenchCommands {
    static let table: [WorkbenchCommand] = [
        WorkbenchCommand(["w", "write"], "[FILE]", "save the design; with FILE, write a copy there",
                         served: .offeredAs(arguments: "", help: "save the design")) { state, words in
            if let copy = words.dropFirst().first { return state.saveCopy(to: copy) }
            return state.perform(.save, key: .char(":"))
        },
        WorkbenchCommand(["saveas", "sav"], "FILE", "save to a new file and go on editing that one", served: .notOffered) { state, words in
            state.saveAs(words.dropFirst().joined(separator: " "))
        },
        WorkbenchCommand(["wq", "x"], "save and quit") { state, _ in state.saveAndQuit(key: .char(":")) },
        WorkbenchCommand(["q", "quit"], "quit (refused while there are unsaved changes)") { state, _ in
            guard !state.isModified else {
                state.message = StatusMessage(text: "unsaved changes: :w saves, :wq saves and quits, :q! quits without saving",
                                              severity: .warning)
                return []
            }
            return [.quit]
        },
        WorkbenchCommand(["q!", "quit!"], "quit without saving") { _, _ in [.quit] },
        WorkbenchCommand(["export"], "markdown [FILE]", "write the Markdown export (next to the design without FILE)",
                         served: .notOffered, completions: { _, words in words.count == 1 ? ["markdown"] : [] }) { state, words in
            state.export(words.dropFirst().map { $0 })
        },
        WorkbenchCommand(["import"], "openapi|sql FILE [SERVICE]",
                         "merge an OpenAPI document or a PostgreSQL schema into the design (one undo step)",
                         served: .notOffered, completions: { _, words in words.count == 1 ? ImportRequest.Kind.allCases.map(\.rawValue) : [] }) { state, words in
            state.importFile(words.dropFirst().map { $0 })
        },
        WorkbenchCommand(["undo", "u"], "undo the last edit") { state, _ in state.perform(.undo, key: .char(":")) },
        WorkbenchCommand(["redo"], "redo what was undone") { state, _ in state.perform(.redo, key: .char(":")) },
        WorkbenchCommand(["jump", "j"], "NAME", "go to an element by name (fuzzy)") { state, words in
            let name = words.dropFirst().joined(separator: " ")
            if let target = FuzzyMatch.rank(name, in: state.viewModel.jumpTargets).first { state.go(to: target.ref) } else {
                state.message = StatusMessage(text: "nothing called \"\(name)\"", severity: .warning)
            }
            return []
        },
        WorkbenchCommand(["overview"], "show the Overview pane") { state, _ in state.perform(.showPane(.overview)) },
        WorkbenchCommand(["endpoints"], "show the Endpoints pane") { state, _ in state.perform(.showPane(.endpoints)) },
        WorkbenchCommand(["services"], "show the Services pane") { state, _ in state.perform(.showPane(.services)) },
        WorkbenchCommand(["erd"], "[diagram|list|all|compact|group|service NAME|focus TABLE [DEPTH]]",
                         "show the ERD pane; with words, its diagram and what it shows",
                         completions: { state, words in
                             switch words.count {
                             case 1: return ["all", "compact", "diagram", "focus", "group", "list", "service"]
                             case 2 where words[1].lowercased() == "service": return Array(Set(state.design.tables.compactMap(\.service))).sorted()
                             case 2 where words[1].lowercased() == "focus": return state.design.tables.map(\.name)
                             default: return []
                             }
                         }) { state, words in
            state.runDiagramCommand(words) ?? state.perform(.showPane(.erd))
        },
        WorkbenchCommand(["map", "servicemap"], "[diagram|list|group]", "the service map",
                         completions: { _, words in words.count == 1 ? ["diagram", "group", "list"] : [] }) { state, words in
            state.runDiagramCommand(words) ?? []
        },
        WorkbenchCommand(["scaling"], "show the Scaling pane") { state, _ in state.perform(.showPane(.scaling)) },
        WorkbenchCommand(["flows"], "show the Flows pane") { state, _ in state.perform(.showPane(.flows)) },
        WorkbenchCommand(["group"], "path|service", "group the endpoints by path or by service",
                         completions: { _, words in words.count == 1 ? ["path", "service"] : [] }) { state, words in
            let wanted: EndpointGrouping = words.dropFirst().first?.lowercased() == "path" ? .path : .service
            if wanted != state.grouping { state.toggleGrouping() }
            return []
        },
        WorkbenchCommand(["findings", "f"], "show or hide the findings panel") { state, _ in state.perform(.toggleFindings) },
        WorkbenchCommand(["comment", "c"], "[TEXT]", "comment on the selection") { state, words in
            state.runCommentCommand(words) ?? []
        },
        WorkbenchCommand(["comments", "cs"], "[open|resolved|all] [AUTHOR]", "the review comments panel",
                         completions: { _, words in words.count == 1 ? ["open", "resolved", "all"] : [] }) { state, words in
            state.runCommentCommand(words) ?? []
        },
        WorkbenchCommand(["diff"], "[REV|approved|off]",
                         "mark what changed since a git revision of the file (the file itself without REV); ~ lists the changes",
                         completions: { _, words in words.count == 1 ? ["HEAD", "approved", "off"] : [] }) { state, words in
            state.runDiffCommand(words.dropFirst().map { $0 })
        },
        WorkbenchCommand(["messages", "mes"], "every status message, in full") { state, _ in
            state.mode = .messages(offset: state.messagesMaxOffset)
            return []
        },
        WorkbenchCommand(["help", "h"], "the keys and these commands") { state, _ in state.perform(.help) },
    ]

    /// The command a typed name picks, ignoring case.
    static func named(_ name: String) -> WorkbenchCommand? {
        let name = name.lowercased()
        return table.first { $0.names.contains(name) }
    }

    /// The commands a session offers: all of them, or those a served session may run.
    static func offered(served: Bool) -> [WorkbenchCommand] { served ? servedTable : table }

    static let servedTable: [WorkbenchCommand] = table.compactMap(\.asServed)

    /// Every name Tab completes a verb to, in the table's order.
    static func names(served: Bool) -> [String] { offered(served: served).flatMap(\.names) }

    /// The commands for the help overlay: `:w [FILE]` and what it does.
    static func helpLines(served: Bool = false) -> [Line] {
        let commands = offered(served: served)
        // A column for the usual usage; a longer one (`:erd ...`) has the help on the row below.
        let width = min(24, (commands.map { $0.usage.displayWidth }.max() ?? 0)) + 3
        var lines = [Line("Commands (:)", .title, bold: true)]
        for command in commands {
            if command.usage.displayWidth + 3 > width {
                lines.append(Line("  :" + command.usage, .accent).hanging(4))
                lines.append(Line(String(repeating: " ", count: 2 + width) + command.help).hanging(2 + width))
            } else {
                lines.append(Line([Span("  :" + command.usage.fitted(toWidth: width - 1), .accent), Span(command.help)]).hanging(2 + width))
            }
        }
        return lines
    }

    /// The commands as the README's table shows them (a test keeps the two the same).
    static func markdownTable() -> String {
        var lines = ["| command | does |", "|---|---|"]
        for command in table {
            let names = ([command.usage] + command.names.dropFirst()).map { "`:\($0)`" }.joined(separator: ", ")
            lines.append("| \(names.replacingOccurrences(of: "|", with: "\\|")) | \(command.help) |")
        }
        return lines.joined(separator: "\n")
    }
}
