import TerminalUI

/// What a key asks the workbench to do. Every action the key map names is handled by
/// `AppState.update`; the ones that change the design are marked so review mode can drop them.
package enum WorkbenchAction: Sendable, Equatable {
    case moveDown, moveUp, pageDown, pageUp, top, bottom
    case focusList, focusDetail
    case nextPane, previousPane, showPane(Pane)
    case drillIn, back
    case search, nextMatch, previousMatch, quickJump, command
    case toggleFindings, toggleGrouping, help, quit
    case undo, redo, save, delete
    case add, edit, rename, yank, paste, moveElementUp, moveElementDown, saveAndQuitPrefix
    /// Review comments (CommentActions.swift): allowed in review, where they are the only change.
    case comment, commentsPanel
    /// The changes since the version `:diff` compares with (ChangeReview.swift).
    case changesPanel
    /// Ctrl-Z: back to the shell until `fg`, as in vim.
    case suspend
    /// Ctrl-L: erase the screen and draw it whole, for a screen something else wrote over.
    case redraw

    /// Actions that change the design or its file: dropped in read-only review. Saving (and
    /// `ZZ`) is not one: in review it writes only the comments section.
    package var changesDesign: Bool {
        switch self {
        case .undo, .redo, .delete, .add, .edit, .rename, .paste, .moveElementUp, .moveElementDown: true
        default: false
        }
    }
}

/// The one table of keys: what each does and its help text. Help and status hints are
/// generated from it, so they cannot drift from the keys.
package enum WorkbenchKeys {
    package static let map = KeyMap<WorkbenchAction>([
        KeyBinding([.char("j"), .down], .moveDown, help: "next row / scroll down", group: "Move"),
        KeyBinding([.char("k"), .up], .moveUp, help: "previous row / scroll up", group: "Move"),
        KeyBinding([.char("h"), .left], .focusList, help: "focus the list", group: "Move"),
        KeyBinding([.char("l"), .right], .focusDetail, help: "focus the detail", group: "Move"),
        KeyBinding([.pageDown, .ctrl("d")], .pageDown, help: "page down", group: "Move"),
        KeyBinding([.pageUp, .ctrl("u")], .pageUp, help: "page up", group: "Move"),
        KeyBinding([.char("g"), .home], .top, help: "first row", group: "Move"),
        KeyBinding([.char("G"), .end], .bottom, help: "last row", group: "Move"),
        KeyBinding(.enter, .drillIn, help: "open the selected element / jump to a finding", group: "Move"),
        KeyBinding(.escape, .back, help: "back (close, leave the detail, return from a jump)", group: "Move"),
        KeyBinding(.tab, .nextPane, help: "next pane", group: "Panes"),
        KeyBinding(.backTab, .previousPane, help: "previous pane", group: "Panes"),
        KeyBinding(.char("1"), .showPane(.overview), help: "Overview: requirements, load, API, stack", group: "Panes"),
        KeyBinding(.char("2"), .showPane(.endpoints), help: "Endpoints", group: "Panes"),
        KeyBinding(.char("3"), .showPane(.services), help: "Services and events", group: "Panes"),
        KeyBinding(.char("4"), .showPane(.erd), help: "ERD: tables, columns, indexes", group: "Panes"),
        KeyBinding(.char("5"), .showPane(.scaling), help: "Scaling: bottlenecks, caches, failover", group: "Panes"),
        KeyBinding(.char("6"), .showPane(.flows), help: "Flows: steps, consistency, sequence diagrams", group: "Panes"),
        KeyBinding(.char("f"), .toggleFindings, help: "findings", group: "Panes", showInStatus: true),
        KeyBinding(.char("="), .toggleGrouping, help: "group endpoints by service / path", group: "Panes"),
        KeyBinding(.char("/"), .search, help: "search", group: "Find", showInStatus: true),
        KeyBinding(.char("n"), .nextMatch, help: "next match", group: "Find"),
        KeyBinding(.char("N"), .previousMatch, help: "previous match", group: "Find"),
        KeyBinding(.ctrl("p"), .quickJump, help: "jump to element (fuzzy)", group: "Find", showInStatus: true),
        KeyBinding(.char(":"), .command, help: "command (:w, :w FILE, :saveas FILE, :messages, :q, :q!, :wq, :export markdown [FILE], :endpoints, :group path)", group: "Find"),
        KeyBinding(.char("e"), .edit, help: "edit the selected element or section in a form", group: "Edit", showInStatus: true),
        KeyBinding([.char("a"), .char("o")], .add, help: "add an element after the selected one", group: "Edit", showInStatus: true),
        KeyBinding(.char("d"), .delete, help: "delete the selected element (lists what refers to it)", group: "Edit"),
        KeyBinding(.char("r"), .rename, help: "rename the selected element, rewriting references", group: "Edit"),
        KeyBinding(.char("y"), .yank, help: "copy the selected element (p pastes a duplicate)", group: "Edit"),
        KeyBinding(.char("p"), .paste, help: "paste a duplicate of the copied element after the selection", group: "Edit"),
        KeyBinding(.char("K"), .moveElementUp, help: "move the selected element up its list", group: "Edit"),
        KeyBinding(.char("J"), .moveElementDown, help: "move the selected element down its list", group: "Edit"),
        KeyBinding(.char("u"), .undo, help: "undo (the status line says what)", group: "Edit", showInStatus: true),
        KeyBinding([.ctrl("r"), .ctrl("y")], .redo, help: "redo", group: "Edit"),
        KeyBinding(.ctrl("s"), .save, help: "save (:w FILE saves a copy; in review only the comments)", group: "Edit", showInStatus: true),
        KeyBinding(.char("Z"), .saveAndQuitPrefix, help: "ZZ: save and quit (in review the comments)", group: "Edit"),
        KeyBinding(.char("c"), .comment, help: "comment on the selected element (the design when none)", group: "Review"),
        KeyBinding(.char("C"), .commentsPanel, help: "comments panel: filter, go to, reply, resolve (:comments)", group: "Review"),
        KeyBinding(.char("~"), .changesPanel, help: "Changes panel: what changed since :diff REV, breaking first; Enter goes there", group: "Review"),
        KeyBinding(.char("?"), .help, help: "this help", group: "General", showInStatus: true),
        KeyBinding([.char("q"), .ctrl("c")], .quit, help: "quit", group: "General", showInStatus: true),
        KeyBinding(.ctrl("z"), .suspend, help: "suspend to the shell (fg comes back)", group: "General"),
        KeyBinding(.ctrl("l"), .redraw, help: "redraw the screen", group: "General"),
    ])

    /// The key map as review mode shows it: edit keys are listed nowhere, since none works.
    package static let reviewMap = KeyMap<WorkbenchAction>(map.bindings.filter { !$0.action.changesDesign })

    package static func map(readOnly: Bool) -> KeyMap<WorkbenchAction> { readOnly ? reviewMap : map }

    /// The key map a session shows: in a served session without Ctrl-Z (the server's process is
    /// not the person's to stop) and without the commands that write other files.
    package static func map(readOnly: Bool, served: Bool) -> KeyMap<WorkbenchAction> {
        guard served else { return map(readOnly: readOnly) }
        return readOnly ? servedReviewMap : servedMap
    }

    static let servedMap = KeyMap<WorkbenchAction>(map.bindings.compactMap(asServed))
    static let servedReviewMap = KeyMap<WorkbenchAction>(reviewMap.bindings.compactMap(asServed))

    private static func asServed(_ binding: KeyBinding<WorkbenchAction>) -> KeyBinding<WorkbenchAction>? {
        var binding = binding
        switch binding.action {
        case .suspend: return nil
        case .command: binding.help = "command (:w, :messages, :q, :q!, :wq, :endpoints, :group path)"
        case .save: binding.help = "save (in review only the comments)"
        default: break
        }
        return binding
    }

    /// The key map as Markdown rows, for the README.
    package static func markdownTable() -> String {
        var out = "| keys | action |\n|---|---|\n"
        for b in map.bindings {
            let keys = b.keyLabel.replacingOccurrences(of: "|", with: "\\|")
            out += "| `\(keys)` | \(b.help)\(b.action.changesDesign ? " (not in review)" : "") |\n"
        }
        return out
    }
}
