import TerminalUI

/// What a key does while a pane shows its diagram (and `v`, which switches to and from it).
package enum DiagramAction: Sendable, Equatable {
    case toggleView
    case pan(dx: Int, dy: Int)
    /// Pans by a whole view (less a little overlap) in the given direction.
    case panPage(dx: Int, dy: Int)
    case panToStart, panToEnd
    case selectNext, selectPrevious, selectByName
    case open, backToList
    case toggleGrouping, toggleCompact
    case focusSelected, deeper, shallower, onlySelectedService, showAll
}

/// The diagram's key table. Help, the status hints and the README's second key table come
/// from it, as the main table's do from `WorkbenchKeys`.
package enum DiagramKeys {
    /// Columns and rows one pan key moves: a column is narrow, so sideways moves are wider.
    static let panColumns = 4
    static let panRows = 2

    package static let map = KeyMap<DiagramAction>([
        KeyBinding(.char("v"), .toggleView, help: "ERD, Services and Flows: diagram / list", group: "Diagram"),
        KeyBinding([.char("h"), .left], .pan(dx: -panColumns, dy: 0), help: "pan left", group: "Diagram"),
        KeyBinding([.char("j"), .down], .pan(dx: 0, dy: panRows), help: "pan down", group: "Diagram"),
        KeyBinding([.char("k"), .up], .pan(dx: 0, dy: -panRows), help: "pan up", group: "Diagram"),
        KeyBinding([.char("l"), .right], .pan(dx: panColumns, dy: 0), help: "pan right", group: "Diagram"),
        KeyBinding([.char("H")], .panPage(dx: -1, dy: 0), help: "pan a page left", group: "Diagram"),
        KeyBinding([.char("L")], .panPage(dx: 1, dy: 0), help: "pan a page right", group: "Diagram"),
        KeyBinding([.pageDown, .ctrl("d")], .panPage(dx: 0, dy: 1), help: "pan a page down", group: "Diagram"),
        KeyBinding([.pageUp, .ctrl("u")], .panPage(dx: 0, dy: -1), help: "pan a page up", group: "Diagram"),
        KeyBinding([.char("g"), .home], .panToStart, help: "top-left corner", group: "Diagram"),
        KeyBinding([.char("G"), .end], .panToEnd, help: "bottom-right corner", group: "Diagram"),
        KeyBinding(.tab, .selectNext, help: "select the next box", group: "Diagram"),
        KeyBinding(.backTab, .selectPrevious, help: "select the previous box", group: "Diagram"),
        KeyBinding(.char("/"), .selectByName, help: "select a box by name", group: "Diagram"),
        KeyBinding(.enter, .open, help: "open the selected box's detail", group: "Diagram"),
        KeyBinding(.escape, .backToList, help: "back to the list", group: "Diagram"),
        KeyBinding(.char("s"), .toggleGrouping, help: "group tables by service / services by domain", group: "Diagram"),
        KeyBinding(.char("c"), .toggleCompact, help: "ERD: table names only (compact)", group: "Diagram"),
        KeyBinding(.char("F"), .focusSelected, help: "ERD: only the selected table and its neighbours", group: "Diagram"),
        KeyBinding([.char("+"), .char("=")], .deeper, help: "ERD: neighbours one foreign key further", group: "Diagram"),
        KeyBinding(.char("-"), .shallower, help: "ERD: neighbours one foreign key nearer", group: "Diagram"),
        KeyBinding(.char("S"), .onlySelectedService, help: "ERD: only the selected table's service", group: "Diagram"),
        KeyBinding(.char("A"), .showAll, help: "ERD: all tables again", group: "Diagram"),
    ])

    /// The `:` commands the diagrams add, for help and the README.
    static let commandHelp = [
        (":erd group | compact | all", "group by service, names only, drop the filters"),
        (":erd service NAME", "only one service's tables"),
        (":erd focus TABLE [DEPTH]", "a table and its neighbours to DEPTH foreign keys"),
        (":erd list | diagram, :map [group | list]", "switch view; group services by domain"),
    ]

    /// Help lines: the key table, then the commands.
    package static func helpLines() -> [Line] {
        var lines = map.helpLines()
        let width = (commandHelp.map { $0.0.displayWidth }.max() ?? 0) + 2
        lines.append(.empty)
        lines.append(Line("Diagram commands", .title, bold: true))
        for (command, help) in commandHelp {
            lines.append(Line([Span("  " + command.fitted(toWidth: width), .accent), Span(help)]))
        }
        return lines
    }

    /// The key table and the commands as Markdown, for the README.
    package static func markdownTable() -> String {
        var out = map.markdownTable(header: "diagram keys")
        for (command, help) in commandHelp {
            out += "| `\(command.replacingOccurrences(of: "|", with: "\\|"))` | \(help) |\n"
        }
        return out
    }

    /// Hints for the status line: in a diagram the diagram's own; in the list of a pane that
    /// has a diagram, `v` first so the view can be found; elsewhere none (the main map's show).
    static func statusHints(for state: AppState) -> [(key: String, help: String)]? {
        guard let view = state.diagrams[state.pane] else { return nil }
        let main = WorkbenchKeys.map(readOnly: state.isReadOnly, served: state.isServed).bindings.filter(\.showInStatus)
        guard view.isShown else {
            return [(key: "v", help: "diagram")] + main.map { (key: $0.keyLabel, help: $0.help) }
        }
        // Short words: the status line has room for a few, and the full text is in help.
        var hints = [(key: "Tab", help: "select"), (key: "Enter", help: "open"), (key: "/", help: "find box"),
                     (key: "s", help: "group")]
        if view.kind == .erd { hints.append((key: "c", help: "compact")) }
        return hints + [(key: "v", help: "list"), (key: "?", help: "help")]
    }
}
