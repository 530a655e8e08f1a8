import ArchbenchTestSupport
import DesignModel
import DesignRules
import Foundation
import TerminalUI
import Testing
@testable import Workbench

/// `:diff REV` on the in-memory terminal: markers on changed rows, ghost rows for removed
/// elements, the Changes panel (breaking first, Enter goes there) and old → new in the detail.
@MainActor
@Suite struct ChangeReviewTests {
    /// A git repository with the shop committed, then the working file changed: an endpoint
    /// moved (breaking), a column's type changed on a 30-million-row table (risky), an endpoint
    /// removed (a ghost row).
    static func repository() throws -> (folder: URL, path: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("changes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("shop.design.yaml").path
        let text = try String(contentsOfFile: Fixtures.shopPath, encoding: .utf8)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let git = ["/usr/bin/env", "git", "-C", folder.path, "-c", "user.name=ana", "-c", "user.email=ana@example.com"]
        #expect(try Spawn.run(git + ["init", "-q"]) == 0)
        #expect(try Spawn.run(git + ["add", "."]) == 0)
        #expect(try Spawn.run(git + ["commit", "-q", "-m", "v1"]) == 0)
        let changed = text.replacingOccurrences(of: "/v1/products/{product_id}", with: "/v1/items/{product_id}")
            .replacingOccurrences(of: "      - name: total_cents\n        type: integer\n", with: "      - name: total_cents\n        type: bigint\n")
        let removed = try #require(Self.withoutEndpoint("DELETE /v1/carts/{cart_id}/items/{product_id}", changed))
        try removed.write(toFile: path, atomically: true, encoding: .utf8)
        return (folder, path)
    }

    /// The design text without one endpoint's block (it is referenced by nothing).
    static func withoutEndpoint(_ name: String, _ text: String) -> String? {
        let parts = name.split(separator: " ", maxSplits: 1)
        let head = "  - method: \(parts[0])\n    path: \(parts[1])\n"
        guard let start = text.range(of: head) else { return nil }
        let rest = text[start.upperBound...]
        let end = rest.range(of: "\n  - method: ")?.lowerBound ?? rest.range(of: "\ntables:")?.lowerBound ?? rest.endIndex
        return String(text[..<start.lowerBound]) + String(text[text.index(after: end)...])
    }

    @Test func diffHeadMarksRowsShowsGhostsAndListsBreakingFirst() throws {
        let (folder, path) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bench = Bench(try DesignLoader.load(contentsOf: path), width: 120, height: 40, filePath: path)
        bench.type(":diff HEAD\r")
        let review = try #require(bench.state.changeReview, "\(bench.lines[39])")
        #expect(review.listed.first?.changeClass == .breaking)
        #expect(bench.lines[39].contains("since HEAD: "), "\(bench.lines[39])")

        bench.type("2")
        let moved = try #require(bench.line(containing: "/v1/items/{product_id}"))
        #expect(moved.contains("→"), "the moved endpoint is marked renamed: \(moved)")
        #expect(bench.line(containing: "Removed since HEAD") != nil, "\(bench.text)\n\(review.removed.map(\.path))\n\(review.listed.map { ($0.path, $0.action) })")
        let ghost = try #require(bench.line(containing: "- DELETE /v1/carts/"), "\(bench.text)")
        #expect(ghost.contains("breaking"), "\(ghost)")
        // A ghost cannot be selected: there is nothing to open.
        bench.type("G")
        #expect(bench.state.selectedRef != nil && bench.state.selectedRow?.ref?.name.hasPrefix("DELETE") != true)
        bench.type("4")
        #expect(bench.line(containing: "orders  6 col")?.contains("~") == true, "\(bench.text)")

        // The panel: breaking first; Enter goes to the element, whose detail shows old → new.
        bench.type("~")
        #expect(bench.line(containing: "Changes") != nil)
        let rows = bench.lines.filter { $0.contains("breaking ") || $0.contains("risky ") || $0.contains("safe ") }
        #expect(rows.first?.contains("breaking") == true, "\(bench.text)")
        #expect(bench.line(containing: "[diff-endpoint-moved]") != nil || bench.line(containing: "[diff-endpoint-removed]") != nil)
        let moveIndex = try #require(review.listed.firstIndex { $0.reasons.contains { $0.rule == "diff-endpoint-moved" } })
        bench.type(String(repeating: "j", count: moveIndex))
        bench.press(.enter)
        #expect(bench.state.mode == .normal)
        #expect(bench.state.selectedRef == .endpoint("GET /v1/items/{product_id}"))
        #expect(bench.line(containing: "Changes since HEAD") != nil, "\(bench.text)")
        #expect(bench.line(containing: "path: /v1/products/{product_id} → /v1/items/{product_id}") != nil, "\(bench.text)")
        #expect(WorkbenchView.helpLines(bench.state).contains { $0.plainText.contains("Changes panel") })
    }

    @Test func diffWithoutARevisionShowsUnsavedEditsAndFollowsEachEdit() throws {
        let (folder, path) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bench = Bench(try DesignLoader.load(contentsOf: path), width: 120, height: 40, filePath: path)
        bench.type(":diff\r")
        #expect(bench.state.changeReview?.listed.isEmpty == true)
        #expect(bench.lines[39].contains("since the file: 0 changes"), "\(bench.lines[39])")
        bench.press(.ctrl("p"))
        bench.type("table:categories\r")
        bench.type("r")
        bench.press(.ctrl("u"))
        bench.type("product_categories\r")
        let changes = try #require(bench.state.changeReview?.listed)
        #expect(changes.contains { $0.kind == .table && $0.action == .renamed && $0.oldName == "categories" }, "\(changes.map(\.path))")
        #expect(bench.line(containing: "▸ product_categories")?.contains("→") == true, "\(bench.text)\n\(bench.state.changeReview!.marks)")
        bench.type(":diff off\r")
        #expect(bench.state.changeReview == nil)
        #expect(bench.line(containing: "▸ product_categories")?.contains("→") == false)
        bench.type(":diff no-such-rev\r")
        #expect(bench.lines[39].contains("'no-such-rev' is not a commit"), "\(bench.lines[39])")
    }

    /// A section's part that changed marks its own row in the Overview: the load, not the business needs.
    @Test func aChangedLoadMarksTheLoadRow() throws {
        let (folder, path) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "    peak_rps: 2500\n", with: "    peak_rps: 5000\n").write(toFile: path, atomically: true, encoding: .utf8)
        let bench = Bench(try DesignLoader.load(contentsOf: path), width: 120, height: 40, filePath: path)
        bench.type(":diff HEAD\r1")
        #expect(bench.line(containing: "  Load ")?.contains("~") == true, "\(bench.text)")
        #expect(bench.line(containing: "Business needs")?.contains("~") == false, "\(bench.text)")
    }

    @Test func theChangesKeysAreTheREADMEs() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let table = ChangeKeys.markdownTable()
        #expect(text.contains(table), "README.md should contain:\n\(table)")
    }
}
