/// One entry of a key map: the chords, what they do, and the words shown
/// for them in help and the status line. Keeping help next to the binding
/// means help can never drift from what the keys actually do.
package struct KeyBinding<Action: Sendable>: Sendable {
    package var keys: [Key]
    package var action: Action
    package var help: String
    /// Heading in the help screen ("Navigation", "Editing").
    package var group: String
    /// Whether the status line advertises it.
    package var showInStatus: Bool

    package init(_ keys: [Key], _ action: Action, help: String, group: String = "General", showInStatus: Bool = false) {
        self.keys = keys
        self.action = action
        self.help = help
        self.group = group
        self.showInStatus = showInStatus
    }

    package init(_ key: Key, _ action: Action, help: String, group: String = "General", showInStatus: Bool = false) {
        self.init([key], action, help: help, group: group, showInStatus: showInStatus)
    }

    /// "j/Down" — the chords joined the way help shows them.
    package var keyLabel: String { keys.map(\.description).joined(separator: "/") }
}

/// The table of `key → action + help`. An app keeps one per mode (or
/// filters actions after lookup for read-only review), looks up each key
/// it reads, and renders help and status hints from the same table.
package struct KeyMap<Action: Sendable>: Sendable {
    package private(set) var bindings: [KeyBinding<Action>]
    private var index: [Key: Int]

    package init(_ bindings: [KeyBinding<Action>]) {
        self.bindings = []
        self.index = [:]
        for b in bindings { add(b) }
    }

    /// Adds a binding; a key already bound keeps its first binding, so the
    /// more specific maps go first when maps are combined.
    package mutating func add(_ binding: KeyBinding<Action>) {
        bindings.append(binding)
        for k in binding.keys where index[k] == nil { index[k] = bindings.count - 1 }
    }

    package func binding(for key: Key) -> KeyBinding<Action>? {
        index[key].map { bindings[$0] }
    }

    package func action(for key: Key) -> Action? { binding(for: key)?.action }

    /// Keys bound more than once — a test can assert a map has none.
    package var conflicts: [Key] {
        var seen: Set<Key> = []
        var dup: [Key] = []
        for b in bindings {
            for k in b.keys {
                if !seen.insert(k).inserted { dup.append(k) }
            }
        }
        return dup
    }

    /// "/: search  a: add  u: undo" spans for the status line.
    package func statusHints() -> Line {
        var spans: [Span] = []
        for b in bindings where b.showInStatus {
            if !spans.isEmpty { spans.append(Span("  ", .statusBar)) }
            spans.append(Span(b.keyLabel, .statusBar, bold: true))
            spans.append(Span(": \(b.help)", .statusBar))
        }
        return Line(spans)
    }

    /// Help screen lines, grouped in the order groups first appear.
    package func helpLines() -> [Line] {
        var groups: [String] = []
        for b in bindings where !groups.contains(b.group) { groups.append(b.group) }
        let keyWidth = (bindings.map { $0.keyLabel.displayWidth }.max() ?? 0) + 2
        var lines: [Line] = []
        for (n, g) in groups.enumerated() {
            if n > 0 { lines.append(.empty) }
            lines.append(Line(g, .title, bold: true))
            for b in bindings where b.group == g {
                // A help text that wraps continues under itself, not under the keys.
                lines.append(Line([Span("  " + b.keyLabel.fitted(toWidth: keyWidth), .accent), Span(b.help)]).hanging(2 + keyWidth))
            }
        }
        return lines
    }
}

extension KeyMap {
    /// The bindings as a Markdown table whose first column is headed `header`, for the README
    /// (a test of each key map keeps the README's table equal to it).
    package func markdownTable(header: String) -> String {
        var out = "| \(header) | action |\n|---|---|\n"
        for b in bindings {
            out += "| `\(b.keyLabel.replacingOccurrences(of: "|", with: "\\|"))` | \(b.help) |\n"
        }
        return out
    }
}
