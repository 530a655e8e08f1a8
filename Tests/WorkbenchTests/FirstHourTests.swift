import DesignModel
import DesignRules
import Foundation
import TerminalUI
import Testing
@testable import Workbench

/// Keys a vim, lazygit or k9s user expects to behave otherwise (issue 14).
@MainActor
@Suite struct KeySurpriseTests {
    @Test func escInAListReachedByHandDoesNothing() throws {
        let bench = try Bench(width: 120, height: 40)
        // A jump from the Services diagram, then the Endpoints pane by hand: Esc has nothing to
        // back out of there, so it neither switches panes nor moves the selection.
        bench.type("3v")
        bench.press(.tab, .enter)
        #expect(bench.state.pane == .services)
        bench.type("2j")
        let selected = bench.state.selectedRef
        bench.press(.escape)
        #expect(bench.state.pane == .endpoints)
        #expect(bench.state.selectedRef == selected)
        #expect(bench.state.focus == .list)
        // A jump still comes back with Esc.
        bench.press(.ctrl("p"))
        bench.type("outbound\r")
        #expect(bench.state.selectedRef == .table("outbound_emails"))
        bench.press(.escape)
        #expect(bench.state.pane == .endpoints)
        #expect(bench.state.selectedRef == selected)
    }

    @Test func theKeyThatClosesHelpIsNotACommand() throws {
        let bench = try Bench()
        let design = bench.state.design
        // `:` from help opens the command line: `:erd` shows the ERD, no form, no rename.
        bench.type("?")
        #expect(bench.state.mode == .help(offset: 0))
        bench.type(":erd\r")
        #expect(bench.state.pane == .erd)
        #expect(bench.state.mode == .normal)
        #expect(bench.state.design == design)
        // Any other key only closes it.
        bench.type("?e")
        #expect(bench.state.mode == .normal)
        bench.type("?d")
        #expect(bench.state.mode == .normal)
        // So does `:messages`.
        bench.type(":messages\r")
        guard case .messages = bench.state.mode else { Issue.record("no messages popup"); return }
        bench.type("e")
        #expect(bench.state.mode == .normal)
        bench.type(":messages\r:2\r")
        #expect(bench.state.pane == .endpoints)
        #expect(bench.state.design == design)
    }

    /// A copy of the shop example in a fresh file, for the review saves.
    func shopCopy() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("first-hour-\(UUID().uuidString).design.yaml").path
        try FileManager.default.copyItem(atPath: Fixtures.shopPath, toPath: path)
        return path
    }

    @Test(arguments: [":wq\r", ":x\r", "ZZ"])
    func reviewSavesTheCommentsAndQuits(_ keys: String) throws {
        let path = try shopCopy()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let loaded = try DesignLoader.load(contentsOf: path)
        let bench = Bench(loaded, readOnly: true, filePath: path)
        bench.type("4jc")
        bench.type("Index on category_id?\r")
        #expect(bench.state.isModified)
        bench.type(keys + "jjj")
        // Quit: the keys after it were never read.
        #expect(bench.terminal.pendingKeys.count == 3)
        #expect(!bench.lines[23].contains("read-only review"))
        let comments = try DesignLoader.load(contentsOf: path).design.comments
        #expect(comments.contains { $0.text == "Index on category_id?" })
        #expect(bench.saved.isEmpty)
    }

    @Test(arguments: [":wq\r", ":x\r", "ZZ"])
    func reviewWithNothingChangedQuitsAtOnce(_ keys: String) throws {
        let bench = try Bench(readOnly: true)
        bench.type(keys + "jj")
        #expect(bench.terminal.pendingKeys.count == 2)
        #expect(bench.saved.isEmpty)
    }

    @Test func escInAFormFieldKeepsWhatWasTyped() throws {
        let bench = try Bench()
        let before = bench.state.design.endpoints[0].summary ?? ""
        bench.type("2e")
        bench.press(.down, .down, .down)
        bench.type(" fast")
        bench.press(.escape)
        // Stored, still in the form; the status line says a second Esc goes back.
        #expect(bench.state.design.endpoints[0].summary == before + " fast")
        guard case .form = bench.state.mode else { Issue.record("Esc left the form"); return }
        #expect(bench.lines[23].contains("stored summary"))
        bench.press(.escape)
        #expect(bench.state.mode == .normal)
        #expect(bench.state.isModified)
    }

    @Test func ctrlCInAFormBacksOutDroppingWhatWasTyped() throws {
        let bench = try Bench()
        let before = bench.state.design
        bench.type("2e")
        bench.press(.down, .down, .down)
        bench.type(" slow")
        bench.press(.ctrl("c"))
        #expect(bench.state.mode == .normal)
        #expect(bench.state.design == before)
        #expect(bench.lines[23].contains("dropped the change to summary"))
        // Ctrl-C in a part's form goes back to the element's form and says so.
        bench.type("e")
        // The last row adds a response; the one above it opens the last response.
        bench.press(.pageDown, .pageDown, .pageDown, .pageDown, .pageDown, .up, .enter)
        #expect(bench.state.mode.formDepth == 2)
        bench.press(.ctrl("c"))
        #expect(bench.state.mode.formDepth == 1)
        #expect(bench.lines[23].contains("back to endpoint GET /v1/products"))
        #expect(bench.state.design == before)
    }

    @Test func helpSaysWhatEscAndCtrlCDoInAForm() {
        let help = FormKeys.map.helpLines().map(\.plainText)
        #expect(help.contains { $0.contains("Esc") && $0.contains("store what was typed") })
        #expect(help.contains { $0.contains("C-c") && $0.contains("dropping what was typed") })
    }
}

extension Mode {
    /// How many forms deep the form is; 0 when not in a form.
    var formDepth: Int {
        if case let .form(form) = self { return form.levels.count }
        return 0
    }
}

/// What the screen says, read by someone new to it (issue 14).
@MainActor
@Suite struct ScreenReadingTests {
    @Test func modifiedClearsWhenUndoComesBackToTheSavedState() throws {
        let bench = try Bench()
        bench.type("2Gdy")
        #expect(bench.lines[23].contains("● modified"))
        bench.type("u")
        #expect(!bench.lines[23].contains("● modified"))
        #expect(bench.state.isModified == false)
        bench.press(.ctrl("r"))
        #expect(bench.lines[23].contains("● modified"))
        // Saved with the delete done: undoing it is a change again, redoing it is not.
        bench.press(.ctrl("s"))
        #expect(!bench.lines[23].contains("● modified"))
        bench.type("u")
        #expect(bench.lines[23].contains("● modified"))
        bench.press(.ctrl("r"))
        #expect(!bench.lines[23].contains("● modified"))
        // Undone past the save and edited otherwise: the saved state is out of reach.
        // (as many edits deep as the save, but not the same edits).
        bench.type("u")
        bench.type("2GK")
        #expect(bench.state.design.endpoints.count == 6)
        #expect(bench.lines[23].contains("● modified"))
        bench.type("u")
        #expect(bench.lines[23].contains("● modified"))
    }
}
