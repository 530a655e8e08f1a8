import TerminalUI

/// One answer to a prompt: its key, what it does as the popup says it, and as the status
/// line's short hint says it. A prompt's choices are one table that the popup, the hint shown
/// for any other key, and the prompt's update all read, so they cannot disagree.
struct PromptChoice<Answer: Sendable & Equatable>: Sendable {
    let key: String
    /// Other keys that give the same answer (Ctrl-C for quit).
    let alsoKeys: [Key]
    let label: String
    let hint: String
    let answer: Answer

    init(_ key: String, _ label: String, hint: String, _ answer: Answer, alsoKeys: [Key] = []) {
        self.key = key
        self.alsoKeys = alsoKeys
        self.label = label
        self.hint = hint
        self.answer = answer
    }

    func matches(_ pressed: Key) -> Bool {
        alsoKeys.contains(pressed) || (key.count == 1 && pressed == .char(Character(key))) || (key == "Esc" && pressed == .escape)
    }
}

extension Array {
    /// The answer `key` gives, if it is one of these choices.
    func answer<Answer>(for key: Key) -> Answer? where Element == PromptChoice<Answer> {
        first { $0.matches(key) }?.answer
    }

    /// "r: recover  x: discard  q: quit", for a key that is none of the choices.
    func hint<Answer>() -> String where Element == PromptChoice<Answer> {
        map { "\($0.key): \($0.hint)" }.joined(separator: "  ")
    }

    /// The popup's rows: the key, then what it does.
    func popupLines<Answer>() -> [Line] where Element == PromptChoice<Answer> {
        map { Line([Span("  \($0.key)  ", .accent, bold: true), Span($0.label)]) }
    }
}

enum RecoveryAnswer: Sendable, Equatable { case recover, difference, discard, readOnly, quit }
enum ReviewRecoveryAnswer: Sendable, Equatable { case recover, discard, quit }
enum LockAnswer: Sendable, Equatable { case readOnly, editAnyway, quit }
enum SaveConflictAnswer: Sendable, Equatable { case reload, overwrite, saveAs, cancel }

enum PromptChoices {
    static let recovery: [PromptChoice<RecoveryAnswer>] = [
        PromptChoice("r", "recover: load them as unsaved changes", hint: "recover", .recover),
        PromptChoice("d", "show the difference", hint: "difference", .difference),
        PromptChoice("x", "discard them", hint: "discard", .discard),
        PromptChoice("o", "open the file read-only, keep the journal", hint: "read-only", .readOnly),
        PromptChoice("q", "quit", hint: "quit", .quit, alsoKeys: [.ctrl("c")]),
    ]

    static let reviewRecovery: [PromptChoice<ReviewRecoveryAnswer>] = [
        PromptChoice("r", "recover them as unsaved comments", hint: "recover the comments", .recover),
        PromptChoice("x", "discard them", hint: "discard them", .discard),
        PromptChoice("q", "quit", hint: "quit", .quit, alsoKeys: [.ctrl("c")]),
    ]

    static let lock: [PromptChoice<LockAnswer>] = [
        PromptChoice("o", "open it read-only", hint: "read-only", .readOnly),
        PromptChoice("e", "edit anyway (takes over the lock)", hint: "edit anyway", .editAnyway),
        PromptChoice("q", "quit", hint: "quit", .quit, alsoKeys: [.ctrl("c")]),
    ]

    static func saveConflict(thenQuit: Bool) -> [PromptChoice<SaveConflictAnswer>] {
        [
            PromptChoice("r", "reload it (drops your unsaved edits)", hint: "reload", .reload),
            PromptChoice("o", thenQuit ? "overwrite it with your version and quit" : "overwrite it with your version",
                         hint: "overwrite", .overwrite),
            PromptChoice("s", "save as another file", hint: "save as", .saveAs),
            PromptChoice("Esc", "cancel", hint: "cancel", .cancel),
        ]
    }
}
