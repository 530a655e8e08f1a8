import DesignModel
import Testing
import TerminalUI
@testable import Workbench

/// A served session (`archbench serve`) offers nothing that would write another file on the
/// server's host, read one of its files or start a process there: not in the help, the status
/// hints or Tab completion. A local session offers all of it, which is what makes these tests
/// able to fail.
struct ServedOfferTests {
    static func state(served: Bool, readOnly: Bool = false) throws -> AppState {
        AppState(loaded: try Fixtures.shop(), fileName: "shop.design.yaml", filePath: "/nonexistent/shop.design.yaml",
                 readOnly: readOnly, checker: nil, served: served)
    }

    static let notServed = [":saveas", ":export", ":import", "FILE", "$EDITOR", "$VISUAL", "suspend", "C-z: suspend"]

    @Test(arguments: [false, true])
    func theHelpLeavesOutWhatWritesOrRunsOnTheHost(readOnly: Bool) throws {
        let local = WorkbenchView.helpLines(try Self.state(served: false, readOnly: readOnly)).map(\.plainText).joined(separator: "\n")
        let served = WorkbenchView.helpLines(try Self.state(served: true, readOnly: readOnly)).map(\.plainText).joined(separator: "\n")
        for command in [":saveas FILE", ":export markdown [FILE]", ":import openapi|sql FILE", ":w [FILE]", "suspend to the shell"] {
            #expect(local.contains(command), "a local session's help has \(command)")
        }
        if !readOnly { #expect(local.contains("$EDITOR"), "a local editor's help has $EDITOR") }
        for word in Self.notServed {
            #expect(!served.contains(word), "a served session's help offers \(word)")
        }
        // What it does offer is still there: saving the design, quitting, the panes.
        for command in [":w ", ":wq", ":q!", ":endpoints", ":comments"] {
            #expect(served.contains(command), "a served session's help lacks \(command)")
        }
    }

    @Test func tabCompletesOnlyWhatAServedSessionRuns() throws {
        let local = try Self.state(served: false)
        let served = try Self.state(served: true)
        #expect(local.commandCompletions(for: "sa").candidates == ["saveas", "sav"])
        #expect(local.commandCompletions(for: "ex").candidates == ["export"])
        #expect(local.commandCompletions(for: "im").candidates == ["import"])
        #expect(local.commandCompletions(for: "import ").candidates == ["openapi", "sql"])
        for typed in ["sa", "ex", "im", "import ", "export "] {
            #expect(served.commandCompletions(for: typed).candidates.isEmpty, "\(typed) completes in a served session")
        }
        let all = served.commandCompletions(for: "").candidates
        #expect(!all.contains("saveas") && !all.contains("export") && !all.contains("import"))
        #expect(all.contains("w") && all.contains("wq") && all.contains("comments"))
    }

    @Test func formHintsAndKeysHaveNoExternalEditorWhenServed() throws {
        #expect(FormKeys.hints(.longText, row: nil).contains { $0.help == "$EDITOR" })
        #expect(!FormKeys.hints(.longText, row: nil, served: true).contains { $0.help.contains("EDITOR") })
        #expect(!FormKeys.hints(.json, row: nil, served: true).contains { $0.help.contains("EDITOR") })
        #expect(FormKeys.map.bindings.contains { $0.action == "editor" })
        #expect(!FormKeys.map(served: true).bindings.contains { $0.action == "editor" || $0.help.contains("EDITOR") })
        #expect(!WorkbenchKeys.map(readOnly: false, served: true).bindings.contains { $0.action == .suspend })
    }
}
