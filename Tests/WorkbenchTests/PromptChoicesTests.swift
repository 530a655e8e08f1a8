import TerminalUI
import Testing
@testable import Workbench

/// A prompt's keys, its popup rows and the hint for any other key come from one table.
@Suite struct PromptChoicesTests {
    @Test func eachChoiceAnswersToItsKeyAndIsInTheHintAndThePopup() {
        func check<A>(_ choices: [PromptChoice<A>]) {
            let hint = choices.hint()
            let popup = choices.popupLines().map(\.plainText)
            for choice in choices {
                let key: Key = choice.key == "Esc" ? .escape : .char(Character(choice.key))
                #expect(choices.answer(for: key) == choice.answer, "\(choice.key)")
                #expect(hint.contains("\(choice.key): \(choice.hint)"))
                #expect(popup.contains("  \(choice.key)  \(choice.label)"))
            }
            #expect(choices.answer(for: .char("Z")) == nil)
            #expect(Set(choices.map(\.key)).count == choices.count, "two choices share a key")
        }
        check(PromptChoices.recovery)
        check(PromptChoices.reviewRecovery)
        check(PromptChoices.lock)
        check(PromptChoices.saveConflict(thenQuit: false))
        #expect(PromptChoices.lock.answer(for: .ctrl("c")) == .quit)
        #expect(PromptChoices.recovery.hint() == "r: recover  d: difference  x: discard  o: read-only  q: quit")
    }
}
