import DesignModel
import DesignRules
import Foundation
import TerminalUI
import Testing
@testable import Workbench

/// The form of the current mode; fails the test when there is none.
@MainActor
private func form(_ bench: Bench) throws -> FormState {
    guard case let .form(form) = bench.state.mode else {
        Issue.record("not in a form: \(bench.state.mode)")
        throw FormMissing()
    }
    return form
}
private struct FormMissing: Error {}

/// Moves the form's focus to the row of a field (its first row, or its add row).
@MainActor
private func focus(_ bench: Bench, _ fieldID: String, add: Bool = false) throws {
    let f = try form(bench)
    let fields = f.fields(in: bench.state.design)
    let rows = FormState.rows(fields)
    guard let target = rows.firstIndex(where: { fields[$0.field].id == fieldID && (!add || $0.isAdd) }) else {
        Issue.record("no field \(fieldID)")
        return
    }
    let step = target - f.top.focus
    for _ in 0..<abs(step) { bench.press(step > 0 ? .down : .up) }
    #expect(try form(bench).top.focus == target)
}

@MainActor
@Suite struct LineEditorTests {
    @Test func readlineKeysEditTheLine() {
        var e = LineEditor("hello world")
        e.handle(.ctrl("w"))
        #expect(e.text == "hello ")
        e.handle(.ctrl("a"))
        e.handle(.char(">"))
        #expect(e.text == ">hello ")
        e.handle(.end)
        e.handle(.left)
        e.handle(.backspace)
        #expect(e.text == ">hell ")
        e.handle(.home)
        e.handle(.delete)
        #expect(e.text == "hell ")
        e.handle(.right)
        e.handle(.ctrl("u"))
        #expect(e.text == "ell ")
        e.handle(.ctrl("e"))
        e.handle(.char("!"))
        #expect(e.text == "ell !")
        #expect(e.handle(.up) == false)
    }

    /// The line scrolls so that the cursor stays in view: characters drop from the left until the
    /// text before the cursor and the cursor cell fit, wide characters counting two cells.
    @Test func spansKeepTheCursorInView() {
        var e = LineEditor("abcdef")
        #expect(e.spans(width: 10).map(\.content) == ["abcdef", " "])
        #expect(e.spans(width: 4).map(\.content) == ["def", " "])
        e.handle(.home)
        e.handle(.right)
        #expect(e.spans(width: 1).map(\.content) == ["b", "cdef"])
        e = LineEditor("日本語ab")
        #expect(e.spans(width: 5).map(\.content) == ["語ab", " "])
        #expect(e.spans(width: 6).map(\.content) == ["語ab", " "])
        #expect(e.spans(width: 8).map(\.content) == ["本語ab", " "])
    }
}

@MainActor
@Suite struct FormEffectTests {
    @Test func addingAnEndpointStoresItOnceItHasAPathAndAFindingComesAndGoes() throws {
        let bench = Bench(try Fixtures.shop(), width: 120, height: 40, checker: WorkbenchChecks.standard)
        bench.type("2")
        bench.type("a")
        #expect(try form(bench).top.focus == 1)
        #expect(bench.state.design.endpoints.count == 6)
        bench.type("/v1/refunds/{refund_id}\r")
        let ref = ElementRef.endpoint("GET /v1/refunds/{refund_id}")
        #expect(bench.state.design.contains(ref))
        #expect(bench.state.history.undoStack.last?.label == "add \(ref)")
        // The new endpoint is in the catalog group (the service of the selected endpoint).
        #expect(bench.state.design.endpoints.first { $0.name == ref.name }?.service == "catalog")
        let undeclared = bench.state.viewModel.findings.filter { $0.ruleID == "api-path-param-undeclared" && $0.element == ref }
        #expect(undeclared.count == 1)
        // The finding shows under the params field of the form.
        #expect(bench.line(containing: "is not declared in params") != nil)
        try focus(bench, "params", add: true)
        bench.press(.enter)
        // The new param is filled in from the path and stored at once.
        let endpoint = try #require(bench.state.design.endpoints.first { $0.name == ref.name })
        #expect(endpoint.params == [Param(name: "refund_id", location: .path, type: "string", required: true)])
        #expect(!bench.state.viewModel.findings.contains { $0.ruleID == "api-path-param-undeclared" && $0.element == ref })
        bench.press(.escape)
        bench.press(.escape)
        #expect(bench.state.mode == .normal)
        #expect(bench.state.selectedRef == ref)
    }

    @Test func cyclingTheMethodRenamesTheEndpoint() throws {
        let bench = try Bench()
        bench.type("2e")
        #expect(try form(bench).top.focus == 0)
        bench.type(" ")
        #expect(bench.state.design.endpoints[0].name == "POST /v1/products")
        #expect(bench.state.history.undoStack.count == 1)
        bench.press(.ctrl("z"))
        #expect(bench.state.design.endpoints[0].name == "GET /v1/products")
        #expect(bench.state.message?.text == "undid edit method of endpoint GET /v1/products")
        // The form follows the design back.
        #expect(try form(bench).top.subject == .element(.endpoint(bench.state.design.endpoints[0])))
    }

    @Test func typingChangesOnlyTheBufferUntilTheFieldIsStored() throws {
        let bench = try Bench()
        bench.type("2e")
        try focus(bench, "summary")
        bench.press(.ctrl("u"))
        bench.type("Find products")
        #expect(bench.state.design.endpoints[0].summary == "List and search products")
        #expect(bench.state.validationRuns == 1)
        bench.press(.tab)
        #expect(bench.state.design.endpoints[0].summary == "Find products")
        #expect(bench.state.validationRuns == 2)
        // Ctrl-C drops what was typed and not stored (Esc stores it).
        try focus(bench, "summary")
        bench.type(" fast")
        bench.press(.ctrl("c"))
        #expect(bench.state.design.endpoints[0].summary == "Find products")
    }

    @Test func aServiceCallPicksItsServiceWithTypeAhead() throws {
        let bench = try Bench()
        bench.type("3e")
        #expect(try form(bench).top.subject.title == "service catalog")
        try focus(bench, "calls", add: true)
        bench.press(.enter)
        #expect(try form(bench).levels.count == 2)
        // Nothing stored until the call names its service.
        #expect(bench.state.design.services[0].calls.isEmpty)
        bench.type("not")
        let picker = try #require(try form(bench).picker)
        #expect(picker.matches.first == "notifications")
        #expect(bench.line(containing: "notifications") != nil)
        bench.press(.enter)
        #expect(bench.state.design.services[0].calls == [ServiceCall(service: "notifications")])
        try focus(bench, "style")
        bench.type("  ")
        #expect(bench.state.design.services[0].calls[0].style == .grpc)
    }

    @Test func renamingAColumnInTheTableFormRewritesForeignKeys() throws {
        let bench = try Bench()
        bench.press(.ctrl("p"))
        bench.type("table:categories\r")
        bench.type("e")
        try focus(bench, "columns")
        bench.press(.enter)
        #expect(try form(bench).top.subject.title == "column id")
        bench.press(.ctrl("u"))
        bench.type("category_id\r")
        let products = try #require(bench.state.design.tables.first { $0.name == "products" })
        #expect(products.column(named: "category_id")?.references == "categories.category_id")
        #expect(bench.state.history.undoStack.count == 1)
    }

    @Test func renameKeyRewritesReferencesAndUndoRedoFollow() throws {
        let bench = try Bench()
        bench.press(.ctrl("p"))
        bench.type("table:categories\r")
        bench.type("r")
        bench.press(.ctrl("u"))
        bench.type("product_categories\r")
        #expect(bench.state.design.tables.contains { $0.name == "product_categories" })
        let products = try #require(bench.state.design.tables.first { $0.name == "products" })
        #expect(products.column(named: "category_id")?.references == "product_categories.id")
        #expect(bench.state.selectedRef == .table("product_categories"))
        bench.type("u")
        #expect(bench.state.message?.text == "undid rename table:categories to product_categories")
        #expect(bench.state.design.tables.first { $0.name == "products" }?.column(named: "category_id")?.references == "categories.id")
        bench.press(.ctrl("y"))
        #expect(bench.lines[23].contains("redid rename"))
        #expect(bench.state.design.tables.contains { $0.name == "product_categories" })
    }

    @Test func deletingAReferencedServiceListsReferrersAndIsRefused() throws {
        let bench = try Bench(width: 100, height: 30)
        bench.type("3")
        #expect(bench.state.selectedRef == .service("catalog"))
        bench.type("d")
        #expect(bench.line(containing: "Referred to by") != nil)
        #expect(bench.line(containing: "endpoint:GET /v1/products (service)") != nil)
        bench.type("y")
        #expect(bench.line(containing: "refused: service:catalog is referred to by") != nil)
        #expect(bench.state.design.services.count == 3)
        // D deletes it with the references to it; u brings everything back.
        bench.type("dD")
        #expect(bench.state.design.services.count == 2)
        #expect(bench.state.design.endpoints.allSatisfy { $0.service != "catalog" })
        bench.type("u")
        #expect(bench.state.design.services.count == 3)
        #expect(bench.state.design.endpoints[0].service == "catalog")
    }

    @Test func duplicateAndMove() throws {
        let bench = try Bench()
        bench.press(.ctrl("p"))
        bench.type("table:categories\r")
        bench.type("yp")
        #expect(bench.state.design.tables[1].name == "categories-copy")
        #expect(bench.state.selectedRef == .table("categories-copy"))
        bench.type("K")
        #expect(bench.state.design.tables[0].name == "categories-copy")
        bench.type("J")
        #expect(bench.state.design.tables[1].name == "categories-copy")
        bench.type("uuu")
        #expect(bench.state.design.tables.map(\.name) == (try Fixtures.shop()).design.tables.map(\.name))
    }

    @Test func referenceListsToggleThroughThePicker() throws {
        let bench = try Bench()
        bench.type("5")
        #expect(bench.state.selectedRef == .bottleneck("product-reads"))
        bench.type("e")
        try focus(bench, "affects")
        let before = bench.state.design.scaling.bottlenecks[0].affects
        bench.press(.enter)
        bench.type("table:carts")
        bench.press(.enter)
        #expect(bench.state.design.scaling.bottlenecks[0].affects == before + ["table:carts"])
        bench.press(.enter)
        bench.type("table:carts")
        bench.press(.enter)
        #expect(bench.state.design.scaling.bottlenecks[0].affects == before)
    }

    @Test func sectionsAreEditedAsWholes() throws {
        let bench = try Bench()
        bench.type("1e")
        #expect(try form(bench).top.subject.title == "summary")
        bench.press(.ctrl("u"))
        bench.press(.enter)
        #expect(bench.line(containing: "title cannot be empty") != nil)
        bench.type("Shop\r")
        #expect(bench.state.design.title == "Shop")
        bench.press(.escape)
        bench.type("jje")
        #expect(try form(bench).top.focus == 1)
        bench.press(.ctrl("u"))
        bench.type("lots\r")
        #expect(bench.line(containing: "peak rps must be a number") != nil)
        #expect(bench.state.design.requirements.load.peakRPS == 2500)
        bench.press(.ctrl("u"))
        bench.type("5000\r")
        #expect(bench.state.design.requirements.load.peakRPS == 5000)
    }

    @Test func reviewModeRefusesEveryEditKey() throws {
        let bench = try Bench(readOnly: true)
        let before = bench.state.design
        // Not Z: in review ZZ saves the comments and quits.
        for key in ["e", "a", "o", "r", "p", "K", "J"] {
            bench.type("2" + key)
            #expect(bench.lines[23].contains("read-only review: \(key) would change the design"), "\(key)")
            #expect(bench.state.mode == .normal)
        }
        bench.type(":w /tmp/never.yaml\r")
        #expect(bench.state.design == before)
        #expect(bench.saved.isEmpty)
    }
}

@MainActor
@Suite struct ExternalEditorTests {
    @Test func aJSONExampleIsEditedInTheEditorAndInvalidJSONIsKeptForFixing() throws {
        let bench = try Bench()
        bench.type("2G")
        #expect(bench.state.selectedRef == .endpoint("GET /v1/orders/{order_id}"))
        bench.type("e")
        try focus(bench, "responses")
        bench.press(.enter)
        try focus(bench, "example")
        let stored = bench.state.design.endpoints[5].responses[0].example
        bench.editor = { _ in .edited("{\"id\": ord_1}\n") }
        bench.press(.enter)
        #expect(bench.edits.last?.fileExtension == "json")
        #expect(bench.edits.last?.text.contains("\n  \"") == true)
        #expect(bench.state.design.endpoints[5].responses[0].example == stored)
        #expect(try form(bench).rejected?.text == "{\"id\": ord_1}")
        #expect(bench.line(containing: "invalid JSON, not stored") != nil)
        #expect(!bench.terminal.isSuspended)
        // Enter opens the editor again on the text as it was left, not on the stored one.
        bench.editor = { edit in .edited(edit.text.replacingOccurrences(of: "ord_1", with: "\"ord_1\"")) }
        bench.press(.enter)
        #expect(bench.edits.last?.text == "{\"id\": ord_1}\n")
        #expect(bench.state.design.endpoints[5].responses[0].example == "{\"id\": \"ord_1\"}")
        #expect(try form(bench).rejected == nil)
        bench.press(.ctrl("z"))
        #expect(bench.state.design.endpoints[5].responses[0].example == stored)
    }

    @Test func aFailedEditorChangesNothing() throws {
        let bench = try Bench()
        bench.type("3e")
        try focus(bench, "responsibilities")
        bench.editor = { _ in .failed("the editor (false) exited with status 1") }
        bench.press(.enter)
        #expect(bench.state.message?.text.contains("exited with status 1") == true)
        #expect(bench.state.history.undoStack.isEmpty)
        bench.editor = { edit in .edited(edit.text + "Publish price changes\n\n") }
        bench.press(.enter)
        #expect(bench.state.design.services[0].responsibilities.last == "Publish price changes")
    }

    @Test func theEditorCommandPrefersVisualThenEditor() {
        #expect(ExternalEditor.command(environment: ["VISUAL": "nvim", "EDITOR": "nano"]) == "nvim")
        #expect(ExternalEditor.command(environment: ["EDITOR": "nano"]) == "nano")
        #expect(ExternalEditor.command(environment: [:]) == "vi")
    }

    @Test func theSystemEditorRunsAScriptOnATemporaryFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wb-editor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("upcase.sh")
        try "#!/bin/sh\ntr a-z A-Z < \"$1\" > \"$1.new\" && mv \"$1.new\" \"$1\"\n".write(to: script, atomically: true, encoding: .utf8)
        // Run by sh rather than executed: a process another test forks at the moment the script
        // is written may hold it open for writing, and exec then fails with ETXTBSY (126).
        setenv("VISUAL", "sh \(script.path)", 1)
        defer { unsetenv("VISUAL") }
        #expect(ExternalEditor.system(ExternalEdit(text: "{\"a\": 1}\n", fileExtension: "json")) == .edited("{\"A\": 1}\n"))
        setenv("VISUAL", "false", 1)
        #expect(ExternalEditor.system(ExternalEdit(text: "x", fileExtension: "txt")) == .failed("the editor (false) exited with status 1"))
    }
}

@MainActor
@Suite struct SaveAndQuitTests {
    @Test func quittingWithUnsavedChangesAsks() throws {
        let bench = try Bench()
        bench.type("2Gdy")
        #expect(bench.state.isModified)
        bench.type("q")
        #expect(bench.line(containing: "has unsaved changes") != nil)
        bench.press(.escape)
        #expect(bench.state.mode == .normal)
        #expect(bench.lines[23].contains("quit cancelled"))
        bench.type(":q\r")
        #expect(bench.state.message?.text == "unsaved changes: :w saves, :wq saves and quits, :q! quits without saving")
        bench.type("qs")
        #expect(bench.saved == [bench.path])
        #expect(try bench.savedDesign().endpoints.count == 5)
        #expect(bench.terminal.pendingKeys.isEmpty)
    }

    @Test func discardQuitsWithoutSaving() throws {
        let bench = try Bench()
        bench.type("2Gdyqdjjj")
        #expect(bench.saved.isEmpty)
        #expect(bench.terminal.pendingKeys.count == 3)
    }

    @Test func writeACopyKeepsTheDesignsOwnFile() throws {
        let bench = try Bench()
        let copy = bench.file("copy.design.yaml")
        bench.type("2Gdy:w \(copy)\r")
        #expect(bench.saved == [copy])
        #expect(try bench.savedDesign(at: copy).endpoints.count == 5)
        #expect(!FileManager.default.fileExists(atPath: bench.path))
        #expect(bench.state.isModified)
        #expect(bench.state.fileName == "shop.design.yaml")
        bench.type("ZZjj")
        #expect(bench.saved == [copy, bench.path])
        #expect(try bench.savedDesign().endpoints.count == 5)
        #expect(bench.terminal.pendingKeys.count == 2)
    }

    @Test func qBangQuitsAndSaveInAFormStoresTheFieldFirst() throws {
        let bench = try Bench()
        bench.type("2e")
        try focus(bench, "summary")
        bench.type("!")
        bench.press(.ctrl("s"))
        #expect(bench.state.design.endpoints[0].summary == "List and search products!")
        #expect(bench.saved == [bench.path])
        #expect(try bench.savedDesign().endpoints[0].summary == "List and search products!")
        bench.press(.escape)
        bench.type(":q!\rj")
        #expect(bench.terminal.pendingKeys.count == 1)
    }

    @Test func exportMarkdownFromTheWorkbench() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wb-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let bench = Bench(try Fixtures.shop(), filePath: folder.appendingPathComponent("shop.design.yaml").path)
        bench.type(":export markdown\r")
        let text = try String(contentsOf: folder.appendingPathComponent("shop.md"), encoding: .utf8)
        #expect(text.hasPrefix("# Shop Platform"))
        #expect(bench.lines[23].contains("exported Markdown to"))
        bench.type(":export markdown \(folder.path)/other.md\r")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("other.md").path))
    }
}

@MainActor
@Suite struct FormScreenTests {
    @Test func anEndpointFormAt80x24() throws {
        let bench = try Bench()
        bench.type("2e")
        let screen = bench.text
        #expect(bench.lines[1].contains("edit endpoint GET /v1/products"))
        #expect(bench.line(containing: "▸ method") != nil)
        #expect(bench.line(containing: "path        /v1/products") != nil)
        #expect(bench.line(containing: "service     catalog") != nil)
        #expect(bench.lines[23].contains("EDIT"))
        #expect(bench.lines[23].contains("Space: next"))
        #expect(screen.contains("params      • q  query  string"))
        #expect(screen.contains("+ add response"))
    }

    @Test func aFormScrollsToItsFocusedRowOnASmallScreen() throws {
        let bench = try Bench(width: 80, height: 16)
        bench.type("2e")
        #expect(bench.line(containing: "+ add response") == nil)
        for _ in 0..<30 { bench.press(.down) }
        #expect(bench.line(containing: "+ add response")?.suffix(48).contains("▸") == true)
        #expect(bench.line(containing: "▲") != nil)
        #expect(bench.line(containing: "method") == nil)
    }

    @Test func aPickerShowsTheElementsThatExist() throws {
        let bench = try Bench()
        bench.type("2e")
        try focus(bench, "service")
        bench.press(.enter)
        #expect(bench.line(containing: "┌ service ") != nil)
        #expect(bench.line(containing: "(not set)") != nil)
        #expect(bench.line(containing: "notifications") != nil)
        bench.type("ord")
        #expect(bench.line(containing: "> ord") != nil)
        #expect(bench.line(containing: "notifications") == nil)
        bench.press(.enter)
        #expect(bench.state.design.endpoints[0].service == "orders")
        #expect(bench.line(containing: "service     orders") != nil)
    }

    @Test func undoSaysWhatItUndid() throws {
        let bench = try Bench()
        bench.type("3")
        bench.type("a")
        // The Services pane holds services and events: a picker asks which, the selection's kind first.
        #expect(bench.line(containing: "┌ Add ") != nil)
        bench.press(.enter)
        bench.type("payments\r")
        #expect(bench.state.design.services.contains { $0.name == "payments" })
        #expect(bench.lines[1].contains("edit service payments"))
        bench.press(.escape)
        bench.type("u")
        #expect(bench.lines[23].contains("undid add service:payments"))
        #expect(!bench.state.design.services.contains { $0.name == "payments" })
        bench.press(.ctrl("r"))
        #expect(bench.lines[23].contains("redid add service:payments"))
    }

    @Test func anEditShowsItsFindingsInTheSameFrame() throws {
        let bench = Bench(try Fixtures.shop(), width: 120, height: 40)
        bench.type("f")
        #expect(bench.line(containing: "Findings  0 errors  1 warning  1 info") != nil)
        bench.type("4")
        bench.press(.ctrl("p"))
        bench.type("table:categories\r")
        bench.type("r")
        bench.press(.ctrl("u"))
        bench.type("kinds\r")
        #expect(bench.line(containing: "Findings  0 errors  1 warning  0 info") != nil)
        #expect(bench.lines[39].contains("E0 W1 I0"))
    }
}
