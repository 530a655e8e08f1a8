import TerminalUI

/// The `:` line's memory: the commands run before, newest last, and where Up/Down is in them.
package struct CommandHistory: Sendable, Equatable {
    package private(set) var entries: [String] = []
    /// The entry shown while Up/Down walk the history; nil while typing.
    var position: Int?
    /// What was typed before the first Up: Up walks only the entries that start with it (as
    /// vim's command-line history does), and Down past the newest gives it back.
    var draft = ""

    static let limit = 100

    mutating func record(_ text: String) {
        position = nil
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        entries.removeAll { $0 == text }
        entries.append(text)
        if entries.count > CommandHistory.limit { entries.removeFirst() }
    }

    /// The next older entry, `typed` being what the line holds now; nil at the oldest.
    mutating func older(typed: String) -> String? {
        if position == nil { draft = typed }
        var i = (position ?? entries.count) - 1
        while i >= 0 {
            if entries[i].hasPrefix(draft) {
                position = i
                return entries[i]
            }
            i -= 1
        }
        return nil
    }

    /// The next newer entry, or what was typed before the walk began.
    mutating func newer() -> String? {
        guard let from = position else { return nil }
        for i in (from + 1)..<max(from + 1, entries.count) where entries[i].hasPrefix(draft) {
            position = i
            return entries[i]
        }
        position = nil
        return draft
    }

    mutating func stopWalking() { position = nil }
}

/// Tab on the `:` line, as vim's wildmenu: the first Tab puts in the first candidate and lists
/// them all in the status line, each further Tab the next one.
struct CommandCompletion: Sendable, Equatable {
    /// The line before the word being completed.
    var head: String
    var candidates: [String]
    var index: Int
    /// What the line held after the last Tab: another Tab on it goes on cycling.
    var shown: String { head + candidates[index] }
}

extension AppState {
    /// What Tab can put in place of the last word of `text`: a command's name, one of its
    /// keywords, or the name of an element (the rest of the line for `:jump`, whose names hold
    /// spaces). All from `WorkbenchCommands.table`.
    func commandCompletions(for text: String) -> (head: String, candidates: [String]) {
        let words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard words.count > 1 else {
            return ("", WorkbenchCommands.names(served: isServed).filter { $0.hasPrefix(text.lowercased()) })
        }
        let verb = words[0].lowercased()
        if verb == "jump" || verb == "j" {
            let head = words[0] + " "
            let typed = String(text.dropFirst(head.count)).lowercased()
            let labels = viewModel.jumpTargets.map(\.label).filter { label in
                let name = label.split(separator: ":", maxSplits: 1).last.map(String.init) ?? label
                return label.lowercased().hasPrefix(typed) || name.lowercased().hasPrefix(typed)
            }
            return (head, labels)
        }
        let head = words.dropLast().joined(separator: " ") + " "
        let typed = words[words.count - 1].lowercased()
        let command = WorkbenchCommands.offered(served: isServed).first { $0.names.contains(verb) }
        let options = command?.completions(self, Array(words.dropLast())) ?? []
        return (head, options.filter { $0.lowercased().hasPrefix(typed) })
    }

    /// Tab on the `:` line: completes, or goes on to the next candidate.
    mutating func completeCommand(_ text: String) {
        if var completion = commandCompletion, completion.shown == text, completion.candidates.count > 1 {
            completion.index = (completion.index + 1) % completion.candidates.count
            commandCompletion = completion
            mode = .command(completion.shown)
            return
        }
        let (head, candidates) = commandCompletions(for: text)
        guard !candidates.isEmpty else {
            commandCompletion = nil
            message = StatusMessage(text: "nothing to complete", severity: nil)
            return
        }
        let completion = CommandCompletion(head: head, candidates: candidates, index: 0)
        commandCompletion = completion
        mode = .command(completion.shown)
        message = candidates.count > 1 ? StatusMessage(text: candidates.joined(separator: "  "), severity: nil) : nil
    }
}
