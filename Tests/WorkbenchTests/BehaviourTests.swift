import DesignExport
import DesignModel
import DesignRules
import Foundation
import TerminalUI
import Testing
@testable import Workbench

@MainActor
@Suite struct NavigationTests {
    @Test func movementSkipsHeadersAndStopsAtTheEnds() throws {
        let bench = try Bench()
        bench.type("2")
        #expect(bench.state.selectedRef == .endpoint("GET /v1/products"))
        bench.type("jj")
        // The "orders" header is skipped.
        #expect(bench.state.selectedRef == .endpoint("POST /v1/carts/{cart_id}/items"))
        bench.type("G")
        #expect(bench.state.selectedRef == .endpoint("GET /v1/orders/{order_id}"))
        bench.type("j")
        #expect(bench.state.selectedRef == .endpoint("GET /v1/orders/{order_id}"))
        bench.type("g")
        #expect(bench.state.selectedRef == .endpoint("GET /v1/products"))
        bench.press(.down, .down, .up)
        #expect(bench.state.selectedRef == .endpoint("GET /v1/products/{product_id}"))
        bench.press(.pageDown)
        #expect(bench.state.selectedRef == .endpoint("GET /v1/orders/{order_id}"))
        bench.press(.pageUp)
        #expect(bench.state.selectedRef == .endpoint("GET /v1/products"))
    }

    @Test func enterDrillsIntoTheDetailAndEscComesBack() throws {
        let bench = try Bench()
        bench.type("2")
        bench.press(.enter)
        #expect(bench.state.focus == .detail)
        #expect(bench.lines[1].hasPrefix("┌ Endpoints"))
        bench.type("jjj")
        #expect(bench.state.detailScroll.offset == 3)
        // The list selection did not move while the detail had focus.
        #expect(bench.state.selectedRef == .endpoint("GET /v1/products"))
        bench.press(.escape)
        #expect(bench.state.focus == .list)
        bench.type("j")
        #expect(bench.state.selectedRef == .endpoint("GET /v1/products/{product_id}"))
    }

    @Test func searchFindsAnEndpointAndNCycles() throws {
        let bench = try Bench()
        bench.type("2/orders")
        #expect(bench.lines[23].contains("SEARCH"))
        #expect(bench.lines[23].contains("/orders"))
        bench.press(.enter)
        #expect(bench.state.selectedRef == .endpoint("POST /v1/orders"))
        bench.type("n")
        #expect(bench.state.selectedRef == .endpoint("GET /v1/orders/{order_id}"))
        bench.type("n")
        // Wraps around to the first match.
        #expect(bench.state.selectedRef == .endpoint("POST /v1/orders"))
        bench.type("N")
        #expect(bench.state.selectedRef == .endpoint("GET /v1/orders/{order_id}"))
        bench.type("/zzz\r")
        #expect(bench.lines[23].contains("no match for \"zzz\""))
        // Esc while typing puts the selection back.
        bench.type("g/orders")
        bench.press(.escape)
        #expect(bench.state.selectedRef == .endpoint("GET /v1/products"))
        #expect(bench.state.mode == .normal)
    }

    @Test func quickJumpFindsAnyElementFuzzily() throws {
        let bench = try Bench(width: 120, height: 40)
        bench.press(.ctrl("p"))
        #expect(bench.line(containing: "┌ Jump to ") != nil)
        bench.type("crtitm")
        let first = try #require(bench.line(containing: "> crtitm"))
        #expect(first.contains("> crtitm"))
        #expect(bench.line(containing: "table:cart_items") != nil)
        bench.press(.enter)
        #expect(bench.state.pane == .erd)
        #expect(bench.state.selectedRef == .table("cart_items"))
        #expect(bench.line(containing: "┌ table cart_items ") != nil)
        bench.press(.ctrl("p"))
        bench.type("POST orders\r")
        #expect(bench.state.selectedRef == .endpoint("POST /v1/orders"))
        bench.press(.escape)
        #expect(bench.state.selectedRef == .table("cart_items"))
    }

    @Test func fuzzyScorePrefersWordStartsAndRuns() {
        #expect(FuzzyMatch.score("ord", "orders") != nil)
        #expect(FuzzyMatch.score("xyz", "orders") == nil)
        #expect(FuzzyMatch.score("ord", "orders")! > FuzzyMatch.score("ord", "products_ordered_view")!)
    }

    @Test func endpointsGroupByPath() throws {
        let bench = try Bench()
        bench.type("2jjjj")
        #expect(bench.state.selectedRef == .endpoint("POST /v1/orders"))
        bench.type("=")
        #expect(bench.lines[2].hasPrefix("│ /v1/products "))
        #expect(bench.line(containing: "│ /v1/carts ") != nil)
        #expect(bench.state.selectedRef == .endpoint("POST /v1/orders"))
    }

    @Test func commandsSwitchPanesAndReportUnknownOnes() throws {
        let bench = try Bench()
        bench.type(":3\r")
        #expect(bench.state.pane == .services)
        bench.type(":nonsense\r")
        #expect(bench.lines[23].contains("unknown command :nonsense"))
        bench.type(":jump outbound\r")
        #expect(bench.state.selectedRef == .table("outbound_emails"))
    }

    @Test func qQuitsAndStopsReadingKeys() throws {
        let bench = try Bench()
        bench.type("qjjj")
        #expect(bench.terminal.pendingKeys.count == 3)
    }

    @Test func jsonIsPrettyPrintedInTheAuthorsKeyOrder() {
        #expect(JSONPretty.format(#"{"b": 1, "a": [1, {"c": "x,y"}], "e": {}}"#)?.split(separator: "\n") == [
            "{", "  \"b\": 1,", "  \"a\": [", "    1,", "    {", "      \"c\": \"x,y\"", "    }", "  ],", "  \"e\": {}", "}",
        ])
        #expect(JSONPretty.format("not json }") == nil)
    }
}

@MainActor
@Suite struct ModelTests {
    @Test func reviewModeRefusesEveryEditKey() throws {
        let bench = try Bench(readOnly: true)
        let before = bench.state.design
        #expect(bench.lines[0].contains("[review]"))
        #expect(bench.lines[23].contains("REVIEW"))
        bench.type("2d")
        #expect(bench.lines[23].contains("read-only review: d would change the design"))
        bench.type("y")
        bench.type("u")
        bench.press(.ctrl("r"), .ctrl("s"))
        bench.type(":w\r")
        #expect(bench.state.design == before)
        #expect(bench.state.isModified == false)
        #expect(bench.saved.isEmpty)
        // Help in review lists no edit keys.
        bench.type("?")
        #expect(bench.line(containing: "Review mode: the design is read-only.") != nil)
        #expect(bench.line(containing: "undo") == nil)
        #expect(bench.line(containing: "delete the selected element") == nil)
    }

    @Test func editModeDeletesUndoesAndSaves() throws {
        let bench = try Bench()
        bench.type("2G")
        #expect(bench.state.selectedRef == .endpoint("GET /v1/orders/{order_id}"))
        bench.type("d")
        #expect(bench.line(containing: "Delete endpoint:GET /v1/orders/{order_id}?") != nil)
        bench.type("y")
        #expect(bench.state.design.endpoints.count == 5)
        #expect(bench.state.isModified)
        #expect(bench.lines[23].contains("● modified"))
        #expect(bench.lines[1].hasPrefix("┌ Endpoints (5) "))
        bench.type("u")
        #expect(bench.state.design.endpoints.count == 6)
        bench.press(.ctrl("s"))
        #expect(bench.saved == [bench.path])
        // What reached the file: the design with the deletion undone.
        #expect(try bench.savedDesign().endpoints.count == 6)
        #expect(try bench.savedDesign() == bench.state.design)
        #expect(bench.state.isModified == false)
    }

    @Test func validationRunsOncePerModelChangeNotPerKey() throws {
        let bench = try Bench()
        #expect(bench.state.validationRuns == 1)
        bench.type("2jjjj/orders\rn3j4jj5jjf")
        #expect(bench.state.validationRuns == 1)
        bench.type("2Gdy")
        #expect(bench.state.validationRuns == 2)
        bench.type("u")
        #expect(bench.state.validationRuns == 3)
    }

    @Test func aDeleteOthersReferToIsRefusedAndChangesNothing() throws {
        let bench = try Bench(width: 120, height: 40)
        bench.type("2jjjj")
        #expect(bench.line(containing: "▸ POST   /v1/orders")?.contains("●1") == true)
        bench.type("dy")
        #expect(bench.lines[39].contains("referred to by"))
        #expect(bench.state.design.endpoints.count == 6)
        #expect(bench.state.isModified == false)
        #expect(bench.state.validationRuns == 1)
    }

    @Test func movingTheSelectionWritesOnlyTheChangedCells() throws {
        let bench = try Bench(width: 120, height: 40)
        bench.type("2")
        let before = bench.terminal.screen
        bench.type("j")
        let changed = bench.terminal.lastWriteCount
        #expect(changed > 0)
        // Two list rows, the list's position counter and the detail pane at most.
        #expect(changed < 120 * 40 / 2)
        let diff = bench.terminal.screen.diff(from: before).count
        #expect(diff == changed)
        bench.type("k")
        bench.type("j")
        #expect(bench.terminal.lastWriteCount == changed)
    }

    /// Ctrl-L: a screen something else wrote over is drawn whole again, and nothing else changes.
    @Test func ctrlLRedrawsTheWholeScreen() throws {
        let bench = try Bench(width: 120, height: 40)
        bench.type("2j")
        let selected = bench.state.selectedRef
        bench.type("\u{0C}")
        #expect(bench.terminal.lastWriteCount == 120 * 40, "every cell written again")
        #expect(bench.state.selectedRef == selected)
        bench.type("\u{0C}")
        #expect(bench.terminal.lastWriteCount == 120 * 40)
    }

    @Test func newerFormatOpensReadOnly() throws {
        var text = try String(contentsOfFile: Fixtures.shopPath, encoding: .utf8)
        text = text.replacingOccurrences(of: "archbench: 1\n", with: "archbench: 9\n")
        let loaded = try DesignLoader.load(yaml: text, file: "future.design.yaml")
        let bench = Bench(loaded)
        #expect(bench.state.isReadOnly)
        #expect(bench.lines[23].contains("file format 9 is newer: read-only"))
    }

    @Test func configFileNamesTheTheme() throws {
        #expect(try WorkbenchConfig.parse("# my settings\ntheme: light\n") == WorkbenchConfig(theme: "light"))
        #expect(throws: (any Error).self) { _ = try WorkbenchConfig.parse("colour: red\n") }
        // When the recovery journal is written: a time or off, a count or off.
        #expect(try WorkbenchConfig.parse("journal-after-idle: off\njournal-after-edits: off\n")
            == WorkbenchConfig(journalAfterIdle: nil, journalAfterEdits: nil))
        #expect(try WorkbenchConfig.parse("journal-after-idle: 500ms\njournal-after-edits: 10\n")
            == WorkbenchConfig(journalAfterIdle: .milliseconds(500), journalAfterEdits: 10))
        #expect(try WorkbenchConfig.parse("journal-after-idle: 5s\n").journalAfterIdle == .seconds(5))
        #expect(WorkbenchConfig().journalAfterIdle == .seconds(2) && WorkbenchConfig().journalAfterEdits == 3)
        for bad in ["journal-after-idle: soon", "journal-after-idle: 0s", "journal-after-edits: -1", "journal-after-edits: many"] {
            #expect(throws: (any Error).self, "\(bad)") { _ = try WorkbenchConfig.parse(bad + "\n", file: "c.yaml") }
        }
        do {
            _ = try WorkbenchConfig.parse("theme: light\njournal-after-idle: soon\n", file: "c.yaml")
            Issue.record("a bad time was accepted")
        } catch {
            #expect("\(error)" == "c.yaml:2:21: journal-after-idle: expected a time such as 2s or 500ms, or off; got 'soon'")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wb-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("archbench/themes"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "theme: mine\n".write(to: folder.appendingPathComponent("archbench/config.yaml"), atomically: true, encoding: .utf8)
        try "name: mine\nbase: default\nroles:\n  accent: { fg: magenta }\n"
            .write(to: folder.appendingPathComponent("archbench/themes/mine.yaml"), atomically: true, encoding: .utf8)
        let env = ["XDG_CONFIG_HOME": folder.path]
        let theme = try WorkbenchConfig.theme(option: nil, environment: env)
        #expect(theme.style(for: .accent).foreground == ThemeColor(name: "magenta"))
        // --theme wins over the config file.
        let mono = try WorkbenchConfig.theme(option: "monochrome", environment: env)
        #expect(mono.style(for: .accent).foreground != ThemeColor(name: "magenta"))
        #expect(throws: (any Error).self) { _ = try WorkbenchConfig.theme(option: "no-such-theme", environment: env) }
    }

    @Test func keyMapHasNoConflicts() {
        #expect(WorkbenchKeys.map.conflicts.isEmpty)
        #expect(WorkbenchKeys.reviewMap.bindings.allSatisfy { !$0.action.changesDesign })
    }
}

@Suite struct DocumentationTests {
    static func readme() throws -> String {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        return try String(contentsOf: readme, encoding: .utf8)
    }

    /// The README's key table is the key map's own; regenerate it with the text this prints.
    @Test func readmeListsTheKeyMap() throws {
        let text = try DocumentationTests.readme()
        let table = WorkbenchKeys.markdownTable()
        #expect(text.contains(table), "README.md should contain:\n\(table)")
        let formTable = FormKeys.markdownTable()
        #expect(text.contains(formTable), "README.md should contain:\n\(formTable)")
        // The `:` commands come from the same table that parses and completes them.
        let commands = WorkbenchCommands.markdownTable()
        #expect(text.contains(commands), "README.md should contain:\n\(commands)")
    }

    /// The Workbench section's prose names keys too ("grouped with `=`"): each key it puts in
    /// backticks is told with a word of what one of the key maps says that key does, so prose
    /// that names the wrong key (`o`, which adds) fails here as the tables would.
    @Test func readmeProseNamesEachKeyByWhatItDoes() throws {
        let problems = DocumentationTests.proseKeyProblems(in: try DocumentationTests.readme())
        #expect(problems.isEmpty, "README prose names keys for what they do not do:\n\(problems.joined(separator: "\n"))")
        // The check bites: the sentence the issue found is refused.
        #expect(!DocumentationTests.proseKeyProblems(in: "\n## Workbench\n\nEndpoints (grouped by service or by path with `o`).\n").isEmpty)
        #expect(DocumentationTests.proseKeyProblems(in: "\n## Workbench\n\nEndpoints (grouped by service or by path with `=`).\n").isEmpty)
    }

    /// What each key does, from every key map the workbench has.
    static func helpByKey() -> [String: [String]] {
        var helps: [String: [String]] = [:]
        func add<Action>(_ map: KeyMap<Action>) {
            for b in map.bindings { for k in b.keys { helps[k.description, default: []].append(b.help) } }
        }
        add(WorkbenchKeys.map)
        add(DiagramKeys.map)
        add(FormKeys.map)
        add(CommentKeys.map)
        return helps
    }

    /// Clauses of the README's Workbench section that name a key in backticks without a word
    /// of any help text of that key. The section ends before "Never losing an edit", whose
    /// keys are the recovery and conflict prompts' own, each shown in its popup.
    static func proseKeyProblems(in readme: String) -> [String] {
        guard let start = readme.range(of: "\n## Workbench\n") else { return ["no Workbench section"] }
        let rest = readme[start.upperBound...]
        let end = [rest.range(of: "\n## "), rest.range(of: "\n### Never losing an edit")].compactMap { $0?.lowerBound }.min()
        let section = end.map { rest[..<$0] } ?? rest
        // Prose only: tables are checked against the maps whole, code blocks are not prose.
        var prose: [Substring] = []
        var inCode = false
        for line in section.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inCode.toggle(); continue }
            if !inCode && !line.hasPrefix("|") && !line.hasPrefix("#") { prose.append(line) }
        }
        let text = prose.joined(separator: " ")
        let helps = helpByKey()
        func words(_ s: some StringProtocol) -> [String] {
            s.lowercased().split { !$0.isLetter }.map(String.init).filter { $0.count >= 4 && !["with", "from", "that", "this", "then", "also", "only", "each", "when"].contains($0) }
        }
        // "grouped" tells "group", "undoes" tells "undo", "replies" tells "reply".
        func same(_ a: String, _ b: String) -> Bool {
            let common = zip(a, b).prefix { $0 == $1 }.count
            return common >= max(4, min(a.count, b.count) - 1)
        }
        var problems: [String] = []
        let clauses = text.split(omittingEmptySubsequences: true) { ".;".contains($0) }
            .flatMap { $0.components(separatedBy: ", ") }
        for clause in clauses {
            let parts = clause.components(separatedBy: "`")
            guard parts.count >= 3 else { continue }
            let said = words(parts.enumerated().filter { $0.offset % 2 == 0 }.map(\.element).joined(separator: " "))
            for (i, code) in parts.enumerated() where i % 2 == 1 {
                guard let keyHelps = helps[code] else { continue }
                let told = keyHelps.flatMap { words($0) }
                if !said.contains(where: { w in told.contains { same(w, $0) } }) {
                    problems.append("`\(code)` in \"\(clause.trimmingCharacters(in: .whitespaces))\"")
                }
            }
        }
        return problems
    }
}
