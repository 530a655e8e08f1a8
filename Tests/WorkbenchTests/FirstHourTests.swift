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

    /// G and g move to the end and the start of the help, as in `less`; k from the end moves up
    /// one (the offset never runs past the last line).
    @Test func helpScrollsToItsEndAndStart() throws {
        let bench = try Bench()
        let last = try #require(WorkbenchView.helpLines(bench.state).last?.plainText.trimmingCharacters(in: .whitespaces))
        bench.type("?")
        #expect(!bench.text.contains(last))
        bench.type("G")
        guard case let .help(end) = bench.state.mode else { Issue.record("G closed the help"); return }
        #expect(end > 0)
        #expect(bench.text.contains(last), "\(bench.text)")
        bench.type("k")
        #expect(bench.state.mode == .help(offset: end - 1))
        bench.type("jjjj")
        #expect(bench.state.mode == .help(offset: end))
        bench.type("g")
        #expect(bench.state.mode == .help(offset: 0))
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

/// The same reader's screens with the real rules, where the messages are long.
@MainActor
@Suite struct ScreenReadingWithRulesTests {
    func bench(_ loaded: LoadedDesign? = nil, width: Int = 80, height: Int = 24) throws -> Bench {
        Bench(try loaded ?? Fixtures.shop(), width: width, height: height, checker: WorkbenchChecks.standard)
    }

    /// The text of the screen's rows between two columns, joined by spaces: what wrapped
    /// lines say together.
    func joined(_ bench: Bench, rows: Range<Int>, columns: Range<Int>) -> String {
        rows.map { row in
            let chars = Array(bench.lines[row])
            return String(chars[min(columns.lowerBound, chars.count)..<min(columns.upperBound, chars.count)])
                .trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    @Test func findingsColumnsTakeTheWidthThereIs() throws {
        let bench = try bench(width: 200, height: 60)
        bench.type("f")
        let findings = bench.state.viewModel.findings
        #expect(findings.count > 12)
        // Every visible row shows its rule id and element whole, and at 200 columns the message too.
        for f in findings.prefix(bench.state.layout.findingsHeight) {
            let row = try #require(bench.lines.first { $0.contains(" \(f.ruleID) ") && $0.contains(f.element?.description ?? "design") },
                                   "\(f.ruleID) on \(f.element?.description ?? "design")")
            #expect(row.contains(f.message), "\(row)")
        }
    }

    @Test func theSelectedFindingShowsWholeBelowTheListWithItsPosition() throws {
        let bench = try bench()
        bench.type("f")
        bench.type("jjjjjjj")
        let findings = bench.state.viewModel.findings
        let selected = findings[7]
        let title = try #require(bench.line(containing: "┌ Findings "))
        // The list scrolls: the border says where the selection is.
        #expect(title.contains("8 of \(findings.count)"))
        let head = try #require(bench.lines.firstIndex { $0.contains("\(selected.ruleID) on \(selected.element!.description)") })
        let rule = try #require(Validator.rule(id: selected.ruleID))
        #expect(joined(bench, rows: head + 1..<23, columns: 1..<79).contains(selected.message))
        #expect(bench.lines[head + 1..<23].contains { $0.contains("rule: " + rule.title) })
    }

    @Test func anErrorUnderAFormFieldWraps() throws {
        let bench = try bench()
        bench.type("2e")
        bench.press(.down, .ctrl("u"))
        bench.type("/v1/products/{product_id}\r")
        let message = try #require(bench.state.mode.formMessage)
        #expect(message.count > 40)
        let first = try #require(bench.lines.firstIndex { $0.contains("! endpoint:") })
        #expect(joined(bench, rows: first..<first + 4, columns: 46..<78).contains("! " + message))
    }

    @Test func tableDetailSpacesReferencedBy() throws {
        let bench = try bench()
        bench.type("4jjjj")
        #expect(bench.state.selectedRef == .table("orders"))
        #expect(bench.line(containing: "referenced by order_lines.order_id") != nil)
    }

    @Test func wrappedJSONAndListItemsKeepTheirIndent() throws {
        let bench = try bench()
        bench.type("2jjjjl")
        #expect(bench.state.selectedRef == .endpoint("POST /v1/orders"))
        var tries = 0
        while bench.line(containing: "7f9c2a1e") == nil, tries < 40 { bench.type("j"); tries += 1 }
        // The long string wrapped under its key, not at the pane's edge.
        let id = try #require(bench.line(containing: "7f9c2a1e"))
        #expect(id.contains("│         \"7f9c2a1e"), "\(id)")
        bench.press(.escape)
        bench.type("1j")
        #expect(bench.state.selectedRef == .section("requirements"))
        let item = try #require(bench.lines.firstIndex { $0.contains("- Checkout takes a card payment") })
        #expect(bench.lines[item + 1].contains("││     the payment provider"), "\(bench.lines[item + 1])")
    }

    @Test func unsetAuthReadsNotSetAndThePickerOffersNoneOnce() throws {
        let bench = try bench()
        bench.type("2e")
        bench.press(.down, .down, .down, .down, .down)
        #expect(bench.line(containing: "▸ auth        none") != nil)
        bench.press(.backspace)
        #expect(bench.state.design.endpoints[0].auth == nil)
        #expect(bench.line(containing: "▸ auth        (not set)") != nil)
        bench.press(.enter)
        let picker = bench.text
        #expect(picker.contains("none"))
        #expect(!picker.contains("(not set)  "))
        guard case let .form(form) = bench.state.mode, let choices = form.picker?.candidates else {
            Issue.record("no picker")
            return
        }
        #expect(!choices.contains(PickerState.noneLabel))
        #expect(choices.first == "none")
    }

    /// With no auth scheme yet, `none` is the only choice: the picker says where schemes are made.
    @Test func theAuthPickerSaysWhereSchemesAreMadeWhenThereAreNone() throws {
        let endpoint = Endpoint(method: .GET, path: "/v1/links", service: "links")
        let bench = Bench(Design.small(services: [Service(name: "links")], endpoints: [endpoint]), width: 100, height: 30)
        bench.type("2e")
        bench.press(.ctrl("g"))
        bench.type("auth\r")
        bench.press(.enter)
        #expect(bench.line(containing: "auth (none: public; schemes are added in API conventions)") != nil, "\(bench.text)")
    }

    /// The shop example without one `scaling` entry (the line `heading` and the lines indented
    /// under it).
    func shopWithout(_ heading: String) throws -> Bench {
        var text = try String(contentsOfFile: Fixtures.shopPath, encoding: .utf8)
        let start = try #require(text.range(of: heading))
        var end = start.upperBound
        while text[end...].hasPrefix("    ") { end = text[end...].firstIndex(of: "\n").map { text.index(after: $0) } ?? text.endIndex }
        text.removeSubrange(start.lowerBound..<end)
        return try bench(DesignLoader.load(yaml: text, file: "shop.design.yaml"))
    }

    @Test func theFailoverFindingIsOnTheFailoverRow() throws {
        let bench = try shopWithout("  failover: |\n")
        #expect(bench.state.viewModel.findings.contains { $0.ruleID == "scale-failover" })
        bench.type("5")
        #expect(bench.line(containing: "  Failover")?.contains("●1") == true)
        #expect(bench.line(containing: "  Load balancing")?.contains("●") == false)
    }

    /// A design with services and no monitoring signals: the finding asking for them sits on
    /// a row under Monitoring, not on Load balancing (found in the walk-through of a new design).
    @Test func theMonitoringFindingIsUnderMonitoring() throws {
        let bench = try shopWithout("  monitoring:\n")
        #expect(bench.state.viewModel.findings.contains { $0.ruleID == "scale-monitoring" })
        bench.type("5G")
        #expect(bench.state.selectedRef == .section("monitoring"))
        let row = try #require(bench.lines.firstIndex { $0.contains("No signals yet") })
        #expect(bench.lines[row].contains("●1"), "\(bench.lines[row])")
        #expect(bench.lines[row - 1].contains("Monitoring"))
        #expect(bench.line(containing: "  Load balancing")?.contains("●") != true)
    }
}

extension Mode {
    /// The reason beside the focused form field, if any.
    var formMessage: String? {
        if case let .form(form) = self { return form.fieldMessage }
        return nil
    }
}

/// Forms and prompts that take few keys (issue 14).
@MainActor
@Suite struct QuickFormTests {
    func form(_ bench: Bench) throws -> FormState {
        guard case let .form(form) = bench.state.mode else { throw FormMissing() }
        return form
    }
    struct FormMissing: Error {}

    /// The label of the focused field.
    func focusedField(_ bench: Bench) throws -> String {
        let form = try form(bench)
        let fields = form.fields(in: bench.state.design)
        return fields[FormState.rows(fields)[form.top.focus].field].label
    }

    /// After adding a column with `a` and leaving its form, the focus is on the new column's
    /// row: Enter opens it, not the one the focus was on before (which the walk-through renamed
    /// by typing into it).
    @Test func backFromANewPartTheFocusIsOnItsRow() throws {
        let bench = try Bench()
        bench.press(.ctrl("p"))
        bench.type("table:orders\r")
        bench.type("e")
        bench.press(.ctrl("g"))
        bench.type("columns\r")
        let before = try form(bench).top.focus
        bench.type("a")
        bench.type("note\r")
        bench.press(.escape)
        let columns = try #require(bench.state.design.tables.first { $0.name == "orders" }?.columns)
        #expect(columns.last?.name == "note")
        let now = try form(bench)
        let fields = now.fields(in: bench.state.design)
        let row = FormState.rows(fields)[now.top.focus]
        #expect(fields[row.field].id == "columns" && row.item == columns.count - 1, "focus \(now.top.focus), was \(before)")
        bench.press(.enter)
        guard case let .column(column) = try form(bench).top.subject else { Issue.record("no column form"); return }
        #expect(column.name == "note")
    }

    @Test func ctrlGGoesToAFieldByName() throws {
        let bench = try Bench()
        bench.type("2e")
        bench.press(.down, .down, .down)
        bench.type(" fast")
        bench.press(.ctrl("g"))
        // What was typed is stored before the jump.
        #expect(bench.state.design.endpoints[0].summary?.hasSuffix(" fast") == true)
        #expect(bench.line(containing: "Go to field") != nil)
        bench.type("resp\r")
        #expect(try focusedField(bench) == "responses")
        #expect(bench.line(containing: "▸ responses   • 200") != nil)
        bench.press(.ctrl("g"))
        bench.type("auth\r")
        #expect(try focusedField(bench) == "auth")
    }

    @Test func openingAnOptionalPartAddsNothingUntilSomethingIsStored() throws {
        let bench = try Bench(width: 120, height: 40)
        bench.type("2e")
        let before = bench.state.design
        #expect(before.endpoints[0].request == nil)
        bench.press(.ctrl("g"))
        bench.type("request\r")
        bench.press(.enter)
        #expect(try form(bench).levels.count == 2)
        #expect(bench.line(containing: "new endpoint GET /v1/products › request ") != nil)
        // Moving through it adds nothing; leaving it adds nothing and says so.
        bench.press(.down, .down, .up)
        #expect(bench.state.design == before)
        bench.press(.escape)
        #expect(try form(bench).levels.count == 1)
        #expect(bench.state.design == before)
        #expect(bench.lines[39].contains("no request body added"))
        // Enter on a field says "as it is": then it is added.
        bench.press(.enter, .enter)
        #expect(bench.state.design.endpoints[0].request == RequestBody(contentType: "application/json"))
        #expect(bench.line(containing: "edit endpoint GET /v1/products › request ") != nil)
    }

    @Test func theListFollowsANewElementAsItIsAdded() throws {
        let bench = try Bench()
        bench.type("2a")
        bench.type("/v1/wishlists\r")
        #expect(bench.state.design.endpoints.contains { $0.path == "/v1/wishlists" })
        guard case .form = bench.state.mode else { Issue.record("the form closed"); return }
        #expect(bench.state.selectedRef == .endpoint("GET /v1/wishlists"))
        #expect(bench.line(containing: "▸ GET    /v1/wishlists") != nil)
    }

    @Test func aNewResponseProposesTheStatusAFindingAsksFor() throws {
        let endpoint = Endpoint(method: .GET, path: "/v1/links/{code}", service: "links", summary: "One link", auth: "none",
                                params: [Param(name: "code", location: .path, type: "string", required: true)],
                                responses: [Response(status: 200, description: "The link.")])
        let (bench, status) = try proposedNextResponse(endpoint)
        #expect(status == 404)
        #expect(bench.line(containing: "status      404") != nil)
        // Without a success response, the first one proposed is that (200), whatever else is open.
        bench.press(.ctrl("c"), .ctrl("c"))
        bench.type("a")
        bench.type("/v1/links/{code}/clicks\r")
        bench.press(.ctrl("g"))
        bench.type("responses\r")
        bench.press(.enter)
        guard case let .response(first) = try form(bench).top.subject else { Issue.record("no response form"); return }
        #expect(first.status == 200)
    }

    /// A redirect is the success response of `GET /{code}`: the next response proposed is the
    /// 404 its finding asks for, not a second success (found in the walk-through).
    @Test func afterARedirectTheNextResponseIsTheOneAFindingAsksFor() throws {
        let endpoint = Endpoint(method: .GET, path: "/{code}", service: "links", summary: "Redirect", auth: "none",
                                params: [Param(name: "code", location: .path, type: "string", required: true)],
                                responses: [Response(status: 302, description: "To the long URL.")])
        #expect(try proposedNextResponse(endpoint).status == 404)
    }

    /// `endpoint` alone in a design checked by the real rules, which ask it for a 404: the
    /// status its next response is proposed with, and the bench showing that form.
    func proposedNextResponse(_ endpoint: Endpoint) throws -> (bench: Bench, status: Int?) {
        let bench = Bench(Design.small(services: [Service(name: "links")], endpoints: [endpoint]), checker: WorkbenchChecks.standard)
        #expect(bench.state.viewModel.findings.contains { $0.ruleID == "api-not-found-response" })
        bench.type("2e")
        bench.press(.ctrl("g"))
        bench.type("responses\r")
        bench.press(.down, .enter)
        guard case let .response(response) = try form(bench).top.subject else { return (bench, nil) }
        return (bench, response.status)
    }

    @Test func theIndexColumnsPickerStaysOpenForSeveralPicks() throws {
        let bench = try Bench(width: 120, height: 40)
        bench.press(.ctrl("p"))
        bench.type("table:orders\r")
        bench.type("e")
        bench.press(.ctrl("g"))
        bench.type("indexes\r")
        bench.press(.enter)
        bench.press(.ctrl("g"))
        bench.type("columns\r")
        bench.press(.enter)
        #expect(bench.line(containing: "columns: Enter adds or removes") != nil)
        let index = { bench.state.design.tables.first { $0.name == "orders" }?.indexes.first?.columns ?? [] }
        #expect(index() == ["customer_id", "created_at"])
        bench.press(.down, .down, .enter)
        #expect(index() == ["customer_id", "created_at", "id"])
        #expect(try form(bench).picker != nil)
        bench.press(.down, .enter)
        #expect(index() == ["customer_id", "created_at", "id", "email"])
        #expect(bench.line(containing: "Esc: done") != nil)
        bench.press(.escape)
        #expect(try form(bench).picker == nil)
    }

    @Test func theCommandLineRemembersCommands() throws {
        let bench = try Bench()
        bench.type(":3\r:erd\r:")
        bench.press(.up)
        #expect(bench.state.mode == .command("erd"))
        bench.press(.up)
        #expect(bench.state.mode == .command("3"))
        bench.press(.up)
        #expect(bench.state.mode == .command("3"))
        bench.press(.down)
        #expect(bench.state.mode == .command("erd"))
        bench.press(.down)
        #expect(bench.state.mode == .command(""))
        bench.press(.up, .up, .enter)
        #expect(bench.state.pane == .services)
        // Up after typing walks only the commands that start with it.
        bench.type(":e")
        bench.press(.up)
        #expect(bench.state.mode == .command("erd"))
        bench.press(.escape)
    }

    @Test func tabCompletesCommandsAndNames() throws {
        let bench = try Bench()
        bench.type(":gr")
        bench.press(.tab)
        #expect(bench.state.mode == .command("group"))
        bench.type(" p")
        bench.press(.tab)
        #expect(bench.state.mode == .command("group path"))
        bench.press(.enter)
        #expect(bench.state.grouping == .path)
        bench.type(":jump outb")
        bench.press(.tab)
        #expect(bench.state.mode == .command("jump table:outbound_emails"))
        bench.press(.enter)
        #expect(bench.state.selectedRef == .table("outbound_emails"))
        // Several candidates: the first goes in, the status line lists them, Tab goes on.
        bench.type(":e")
        bench.press(.tab)
        #expect(bench.state.mode == .command("export"))
        #expect(bench.lines[23].contains("export  endpoints  erd"))
        bench.press(.tab)
        #expect(bench.state.mode == .command("endpoints"))
        bench.press(.escape)
    }

    @Test func everyCompletedVerbIsACommand() throws {
        for verb in WorkbenchCommands.names(served: false) where !["q", "quit", "q!", "quit!", "wq", "x"].contains(verb) {
            let bench = try Bench()
            _ = bench.state.run(command: verb)
            #expect(bench.state.message?.text.hasPrefix("unknown command") != true, "\(verb)")
        }
    }

    @Test func searchCountsMatchesAndSaysWhenItWraps() throws {
        let bench = try Bench()
        bench.type("2/orders")
        #expect(bench.lines[23].contains("/orders"))
        #expect(bench.lines[23].contains("1/2"))
        bench.press(.enter)
        #expect(bench.lines[23].contains("/orders  1/2"))
        bench.type("n")
        #expect(bench.lines[23].contains("/orders  2/2"))
        #expect(!bench.lines[23].contains("wrapped"))
        bench.type("n")
        #expect(bench.state.selectedRef == .endpoint("POST /v1/orders"))
        #expect(bench.lines[23].contains("/orders  1/2  (wrapped to the top)"))
        bench.type("N")
        #expect(bench.lines[23].contains("/orders  2/2  (wrapped to the bottom)"))
    }

    @Test func theDeletePromptSaysWhatHappensToTheReferringElements() throws {
        let bench = try Bench(width: 100, height: 30)
        bench.type("3d")
        let text = bench.lines.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "│ ")) }.joined(separator: " ")
        #expect(text.contains("D deletes it and removes the reference from each of them; those elements stay."), "\(text)")
        #expect(bench.line(containing: "D: delete, clear their references") != nil)
    }
}
