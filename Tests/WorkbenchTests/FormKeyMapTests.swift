import DesignModel
import Foundation
import TerminalUI
import Testing
@testable import Workbench

/// The form keys of the README and the help are `FormKeys.map` (`DocumentationTests` holds the
/// README's table to it), but a form does not dispatch through that map: `AppState.updateForm`
/// has keys of its own. This holds the two together: every key of the map does something in a
/// form, and every key a terminal can send that is not in the map does nothing, so a key added
/// to or dropped from either place, or renamed, fails here (issue 22).
@MainActor
@Suite struct FormKeyMapTests {
    /// A form on the shop's `GET /v1/products` with the focus on the first row that `row`
    /// accepts, after `then` keys; nil when the form has no such row.
    static func form(at row: (FormField, FormRow) -> Bool, open: Bool = false, then keys: [Key] = []) throws -> AppState? {
        var state = AppState(loaded: try Fixtures.shop(), fileName: "shop.design.yaml", filePath: nil, readOnly: false,
                             checker: Fixtures.checker, screenSize: Size(width: 120, height: 40))
        for key in [Key.char("2"), .char("e")] { _ = state.update(key) }
        func focus(_ accept: (FormField, FormRow) -> Bool) -> Bool {
            guard case let .form(form) = state.mode else { return false }
            let fields = form.fields(in: state.design)
            let rows = FormState.rows(fields)
            guard let target = rows.firstIndex(where: { accept(fields[$0.field], $0) }) else { return false }
            let step = target - form.top.focus
            for _ in 0..<abs(step) { _ = state.update(step > 0 ? .down : .up) }
            guard case let .form(moved) = state.mode else { return false }
            return moved.top.focus == target
        }
        if open {
            // Into a response's own form, for its JSON example.
            guard focus({ field, r in field.id == "responses" && r.item == 0 }) else { return nil }
            _ = state.update(.enter)
        }
        guard focus(row) else { return nil }
        for key in keys { _ = state.update(key) }
        return state
    }

    /// Forms with the focus on each kind of row a key can act on.
    static func contexts() throws -> [(name: String, state: AppState)] {
        let all: [(String, AppState?)] = [
            ("choice (method)", try form(at: { f, _ in f.id == "method" })),
            // The cursor inside the text, so each key that moves it or deletes has work to do.
            ("text (path), cursor inside", try form(at: { f, _ in f.id == "path" }, then: [.left, .left, .left])),
            ("reference (service)", try form(at: { f, _ in f.id == "service" })),
            ("prose (description)", try form(at: { f, _ in f.id == "description" })),
            ("part (a param)", try form(at: { f, r in f.id == "params" && r.item == 0 })),
            ("optional part (request)", try form(at: { f, _ in f.id == "request" })),
            ("JSON example (a response's)", try form(at: { f, _ in f.kind == .json }, open: true)),
        ]
        return try all.map { name, state in (name, try #require(state, "no form row for \(name)")) }
    }

    /// Whether `key` did anything: changed the design, the mode (the form, its focus, the text
    /// being typed, a picker), the clipboard or the status message, or asked for an effect
    /// (save, $EDITOR, quit).
    static func reacts(_ key: Key, in state: AppState) -> Bool {
        var after = state
        let effects = after.update(key)
        return !effects.isEmpty || after.mode != state.mode || after.design != state.design
            || after.clipboard != state.clipboard || after.message != state.message
    }

    /// Keys a terminal sends that are not typed text: every Ctrl-letter (Ctrl-H, I, J and M
    /// arrive as Backspace, Tab and Enter), the arrows, the editing and function keys.
    static let controlKeys: [Key] = "abcdefgklnopqrstuvwxyz".map { Key.ctrl($0) }
        + [.up, .down, .left, .right, .pageUp, .pageDown, .home, .end, .enter, .escape, .tab, .backTab,
           .backspace, .delete, .insert, .ctrl(" ")] + (1...12).map { Key.function($0) }

    @Test func everyKeyOfTheMapActsInAForm() throws {
        let contexts = try FormKeyMapTests.contexts()
        for binding in FormKeys.map.bindings {
            for key in binding.keys {
                #expect(contexts.contains { FormKeyMapTests.reacts(key, in: $0.state) },
                        "\(key) (\"\(binding.help)\") does nothing in any form")
            }
        }
    }

    @Test func aKeyOutsideTheMapDoesNothingInAForm() throws {
        let listed = Set(FormKeys.map.bindings.flatMap(\.keys))
        for (name, state) in try FormKeyMapTests.contexts() {
            for key in FormKeyMapTests.controlKeys where !listed.contains(key) {
                let acts = FormKeyMapTests.reacts(key, in: state)
                #expect(!acts, "\(key) acts on the \(name) row but is not in FormKeys.map")
            }
        }
        // On a part's row letters are keys, not text.
        let part = try #require(try FormKeyMapTests.form(at: { f, r in f.id == "params" && r.item == 0 }))
        for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !?/:=+-" where !listed.contains(.char(c)) {
            let acts = FormKeyMapTests.reacts(.char(c), in: part)
            #expect(!acts, "\(c) acts on a part's row but is not in FormKeys.map")
        }
    }
}
