import ArchbenchTestSupport
import DesignModel
import Foundation
import Testing

/// Editing in the real binary inside tmux, on a copy of the shop example.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "tmux is not installed"))
struct EditingEndToEndTests {
    /// A writable copy of the shop example in a fresh folder.
    func shopCopy() throws -> (folder: URL, file: URL) {
        let folder = try CLI.temporaryFolder()
        let file = folder.appendingPathComponent("shop.design.yaml")
        try Data(contentsOf: URL(fileURLWithPath: CLI.shopPath)).write(to: file)
        return (folder, file)
    }

    /// An $EDITOR: a shell script that replaces the file it is given with `replies` in turn,
    /// one per run, counting runs in a file next to it.
    func editorScript(in folder: URL, replies: [String]) throws -> URL {
        var script = "#!/bin/sh\nn=$(cat '\(folder.path)/runs' 2>/dev/null || echo 0)\nn=$((n + 1))\necho $n > '\(folder.path)/runs'\n"
        script += "cp \"$1\" '\(folder.path)/seen-'$n\n"
        for (i, reply) in replies.enumerated() {
            script += "if [ $n = \(i + 1) ]; then printf '%s\\n' '\(reply)' > \"$1\"; fi\n"
        }
        let url = folder.appendingPathComponent("editor.sh")
        try script.write(to: url, atomically: true, encoding: .utf8)
        chmod(url.path, 0o755)
        return url
    }

    func open(_ s: TmuxSession, _ file: URL) throws {
        try s.run("'\(CLI.binary.path)' '\(file.path)'; echo archbench-exited-$?")
        _ = try s.waitFor(text: "1 Overview")
    }

    func down(_ s: TmuxSession, _ times: Int) throws {
        for _ in 0..<times { try s.keys("Down") }
    }

    @Test func addEndpointRenameDeleteUndoSaveAndCheckTheFile() throws {
        let (folder, file) = try shopCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let editor = try editorScript(in: folder, replies: [#"{"id": "ref_1", "status": "pending"}"#])
        let s = try TmuxSession(environment: ["EDITOR": editor.path])
        try open(s, file)

        // A new endpoint with a path param: the finding appears when the path is stored...
        try s.keys("2")
        _ = try s.waitFor(text: "┌ Endpoints (6) ")
        try s.keys("a")
        _ = try s.waitFor(text: "new endpoint")
        try s.type("/v1/orders/{order_id}/refund")
        try s.keys("Enter")
        var screen = try s.waitFor(text: "edit endpoint GET /v1/orders/{order_id}/refund")
        _ = try s.waitFor(text: "path parameter '{order_id}'")
        #expect(screen.contains("┌ Endpoints (7) "))
        // ...and clears when the param (filled in from the path) is added.
        try down(s, 9)
        _ = try s.waitFor(text: "▸ params      + add param")
        try s.keys("Enter")
        screen = try s.waitFor(text: "edit endpoint GET /v1/orders/{order_id}/refund › param order_id")
        try s.keys("Escape")
        screen = try s.waitFor("the finding to clear") { $0.contains("• order_id  path  string  required") && !$0.contains("path parameter '{order_id}'") }
        // Auth from the schemes that exist, picked with type-ahead.
        try s.keys("Up", "Up", "Up", "Up", "Up", "Up")
        _ = try s.waitFor(text: "▸ auth")
        try s.type("bea")
        _ = try s.waitFor(text: "> bea")
        try s.keys("Enter")
        _ = try s.waitFor(text: "auth        bearer")
        // A response with an example written in $EDITOR.
        try down(s, 9)
        _ = try s.waitFor(text: "▸ responses   + add response")
        try s.keys("Enter")
        _ = try s.waitFor(text: "› response 200")
        try s.type("The refund")
        try s.keys("Tab")
        _ = try s.waitFor(text: "▸ example")
        try s.keys("Enter")
        _ = try s.waitFor(text: #"{"id": "ref_1", "status": "pending"}"#)
        try s.keys("Escape")
        _ = try s.waitFor(text: "• 200  The refund  {json}")
        try s.keys("Escape")
        _ = try s.waitFor(text: "NORMAL")

        // Renaming a table: its foreign keys follow.
        try s.keys("4", "C-p")
        try s.type("table:categories")
        try s.keys("Enter")
        _ = try s.waitFor(text: "┌ table categories ")
        try s.keys("r", "C-u")
        try s.type("kinds")
        try s.keys("Enter")
        _ = try s.waitFor(text: "renamed table:categories to kinds")
        try s.keys("C-p")
        try s.type("table:products")
        try s.keys("Enter")
        _ = try s.waitFor(text: "→ kinds.id")

        // Deleting a service others refer to lists them and is refused.
        try s.keys("3")
        _ = try s.waitFor(text: "┌ service catalog ")
        try s.keys("d")
        screen = try s.waitFor(text: "Referred to by")
        #expect(screen.contains("endpoint:GET /v1/products (service)"))
        try s.keys("y")
        _ = try s.waitFor(text: "refused: service:catalog is referred to by")

        // Undo and redo say what they did.
        try s.keys("u")
        _ = try s.waitFor(text: "undid rename table:categories to kinds")
        try s.keys("C-r")
        _ = try s.waitFor(text: "redid rename table:categories to kinds")

        // Quitting with unsaved changes asks; save and quit.
        try s.keys("q")
        _ = try s.waitFor(text: "has unsaved changes")
        try s.keys("s")
        _ = try s.waitFor(text: "archbench-exited-0")

        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains("path: /v1/orders/{order_id}/refund"))
        #expect(text.contains("references: kinds.id"))
        let saved = try DesignLoader.load(contentsOf: file.path).design
        let refund = try #require(saved.endpoints.first { $0.name == "GET /v1/orders/{order_id}/refund" })
        #expect(refund.auth == "bearer")
        #expect(refund.params.map(\.name) == ["order_id"])
        #expect(refund.responses.first?.example == #"{"id": "ref_1", "status": "pending"}"#)
        let validate = try CLI.run(["validate", file.path])
        #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")
        let fmt = try CLI.run(["fmt", "--check", file.path])
        #expect(fmt.status == 0, "\(fmt.stdout)\(fmt.stderr)")
    }

    @Test func aJSONExampleThatDoesNotParseIsKeptForFixing() throws {
        let (folder, file) = try shopCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let editor = try editorScript(in: folder, replies: [#"{"id": ord_1}"#, #"{"id": "ord_1"}"#])
        let s = try TmuxSession(environment: ["EDITOR": editor.path, "VISUAL": ""])
        try open(s, file)
        try s.keys("2", "G")
        _ = try s.waitFor(text: "┌ GET /v1/orders/{order_id} ")
        try s.keys("e")
        _ = try s.waitFor(text: "edit endpoint GET /v1/orders/{order_id}")
        try down(s, 14)
        _ = try s.waitFor(text: "▸ responses   • 200")
        try s.keys("Enter")
        _ = try s.waitFor(text: "› response 200")
        try s.keys("Down", "Down")
        _ = try s.waitFor(text: "▸ example")
        try s.keys("Enter")
        var screen = try s.waitFor(text: "invalid JSON, not stored")
        #expect(screen.contains("EDIT"))
        // The editor got the stored example pretty-printed.
        let first = try String(contentsOf: folder.appendingPathComponent("seen-1"), encoding: .utf8)
        #expect(first.hasPrefix("{\n  \"id\": "))
        // Enter opens it again on the text as it was left; the fixed JSON is stored.
        try s.keys("Enter")
        screen = try s.waitFor(text: #"example     {"id": "ord_1"}"#)
        let second = try String(contentsOf: folder.appendingPathComponent("seen-2"), encoding: .utf8)
        #expect(second == "{\"id\": ord_1}\n")
        try s.keys("C-s")
        _ = try s.waitFor(text: "saved shop.design.yaml")
        try s.keys("Escape")
        try s.keys("Escape")
        _ = try s.waitFor(text: "NORMAL")
        try s.type(":q")
        try s.keys("Enter")
        _ = try s.waitFor(text: "archbench-exited-0")
        let saved = try DesignLoader.load(contentsOf: file.path).design
        #expect(saved.endpoints.first { $0.name == "GET /v1/orders/{order_id}" }?.responses.first?.example == #"{"id": "ord_1"}"#)
        let fmt = try CLI.run(["fmt", "--check", file.path])
        #expect(fmt.status == 0, "\(fmt.stdout)\(fmt.stderr)")
    }

    @Test func qRefusesUnsavedChangesAndQBangDiscardsThem() throws {
        let (folder, file) = try shopCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try Data(contentsOf: file)
        let s = try TmuxSession(width: 80, height: 24)
        try open(s, file)
        try s.keys("2", "G", "d", "y")
        _ = try s.waitFor(text: "modified")
        try s.type(":q")
        try s.keys("Enter")
        _ = try s.waitFor(text: "unsaved changes: :w saves")
        try s.type(":q!")
        try s.keys("Enter")
        _ = try s.waitFor(text: "archbench-exited-0")
        #expect(try Data(contentsOf: file) == before)
    }

    /// A flow with three steps typed from the keyboard (#15): the trigger and each step's target
    /// picked with type-ahead, a third party typed as external:NAME, then saved.
    @Test func addAFlowWithThreeStepsAndSaveIt() throws {
        let (folder, file) = try shopCopy()
        defer { try? FileManager.default.removeItem(at: folder) }
        let s = try TmuxSession()
        try open(s, file)
        try s.keys("6")
        _ = try s.waitFor(text: "No flows yet: a adds one")
        try s.keys("a")
        _ = try s.waitFor(text: "new flow")
        try s.type("refund")
        try s.keys("Enter")
        _ = try s.waitFor(text: "edit flow refund")
        try s.keys("Down")
        _ = try s.waitFor(text: "▸ trigger")
        try s.type("endpoint:POST /v1/ord")
        _ = try s.waitFor(text: "> endpoint:POST /v1/ord")
        try s.keys("Enter")
        _ = try s.waitFor(text: "trigger     endpoint:POST /v1/orders")

        /// Adds a step: its target picked or typed, its action, then one more field.
        /// From the trigger the add row is two rows down; from the step just added, one.
        func addStep(from: String, to query: String, picked: String, action: String, _ extra: () throws -> Void) throws {
            for _ in 0..<(from == "client" ? 2 : 1) { try s.keys("Down") }
            _ = try s.waitFor("the add row focused") { $0.split(separator: "\n").contains { $0.contains("▸") && $0.contains("+ add step") } }
            try s.keys("Enter")
            _ = try s.waitFor(text: "▸ from        \(from)")
            try s.keys("Down")
            try s.type(query)
            _ = try s.waitFor(text: "> \(query)")
            try s.keys("Enter")
            _ = try s.waitFor(text: "to          \(picked)")
            try s.keys("Down")
            try s.type(action)
            try s.keys("Enter")
            _ = try s.waitFor(text: "action      \(action)")
            try extra()
            try s.keys("Escape")
            _ = try s.waitFor(text: "edit flow refund ─")
        }
        try addStep(from: "client", to: "service:ord", picked: "service:orders", action: "Ask for a refund of an order.") {
            try s.type("r")
            try s.keys("Enter")
            _ = try s.waitFor(text: "style       rest")
        }
        try addStep(from: "orders", to: "external:psp", picked: "external:psp", action: "Refund the card payment.") {
            try s.keys("Down", "Down", "Down")
            _ = try s.waitFor(text: "▸ timeout")
            try s.type("5s")
            try s.keys("Enter")
            _ = try s.waitFor(text: "timeout     5s")
        }
        try addStep(from: "orders", to: "table:ord", picked: "table:orders", action: "Mark the order refunded.") {
            try s.keys("Down")
            try s.type("w")
            try s.keys("Enter")
            _ = try s.waitFor(text: "access      write")
        }
        let screen = try s.waitFor(text: "3. orders → table:orders")
        #expect(screen.contains("1. client → service:orders") && screen.contains("2. orders → external:psp"))
        try s.keys("Escape")
        _ = try s.waitFor(text: "NORMAL")
        try s.type(":w")
        try s.keys("Enter")
        _ = try s.waitFor(text: "saved shop.design.yaml")
        try s.type(":q")
        try s.keys("Enter")
        _ = try s.waitFor(text: "archbench-exited-0")

        let saved = try String(contentsOf: file, encoding: .utf8)
        #expect(saved.contains("""
            flows:
              - name: refund
                trigger: endpoint:POST /v1/orders
                steps:
                  - from: client
                    to: service:orders
                    action: Ask for a refund of an order.
                    style: rest
                  - from: orders
                    to: external:psp
                    action: Refund the card payment.
                    timeout: 5s
                  - from: orders
                    to: table:orders
                    action: Mark the order refunded.
                    access: write
            stack:
            """))
        let design = try DesignLoader.load(contentsOf: file.path).design
        #expect(design.flows.map(\.steps.count) == [3])
    }

}
