import DesignExport
import DesignModel
import DesignRules
import Foundation
import Testing

/// The diff as a pull-request comment: read back by a CommonMark parser (markdown-it-py), names
/// that look like Markdown come out as the text they are.
@Suite struct DiffReportTests {
    /// The shop with an endpoint moved to a path full of Markdown, a column type changed on a big
    /// table, a safe description change, and a comment.
    static func versions() throws -> (old: Design, new: Design) {
        let text = try String(contentsOfFile: Paths.shop, encoding: .utf8)
        let old = try DesignLoader.load(yaml: text).design
        let newText = text.replacingOccurrences(of: "/v1/products/{product_id}", with: "/v1/*items*/{product_id}")
            .replacingOccurrences(of: "      - name: total_cents\n        type: integer\n", with: "      - name: total_cents\n        type: bigint\n")
            .replacingOccurrences(of: "description: E-mail delivery.", with: "description: \"E-mail delivery | <b>SMS</b> [x](javascript:alert(1))\"")
            + "  - id: 2\n    author: ben\n    text: Ship it.\n    verdict: approve\n"
        return (old, try DesignLoader.load(yaml: newText).design)
    }

    @Test func markdownParsesToASummaryTableThenTheChangesBreakingFirst() throws {
        let (old, new) = try Self.versions()
        let diff = DesignDiff(old: old, new: new)
        let markdown = DiffReport.markdown(diff, title: new.title)
        let parsed = try parseWithMarkdownIt(markdown)
        #expect(parsed.headings.map(\.text) == ["Design changes: Shop Platform", "Breaking (1)", "Risky (1)", "Safe (4)", "Comments (1)"],
                "\(markdown)")
        let table = try #require(parsed.tables.first)
        #expect(table.header == ["class", "changes"])
        #expect(table.rows == [["breaking", "1"], ["risky", "1"], ["safe", "4"], ["comments", "1"]])
        #expect(parsed.links.isEmpty, "no link made of a design's text")
        #expect(parsed.htmlBlocks.isEmpty)
        let items = parsed.listItems
        #expect(items.first == "endpoints: → endpoint GET /v1/*items*/{product_id} renamed from 'GET /v1/products/{product_id}'")
        #expect(items.contains("'GET /v1/products/{product_id}' is now 'GET /v1/*items*/{product_id}' diff-endpoint-moved"))
        #expect(items.contains("type: integer → bigint"))
        #expect(items.contains("description: E-mail delivery. → E-mail delivery | <b>SMS</b> [x](javascript:alert(1))"), "\(items)")
        #expect(items.last == "comment 2 by ben on the design (verdict: approve) added")
        #expect(misalignedTableLines(markdown).isEmpty)
    }

    @Test func jsonIsWhatJSONSyntaxReadsBack() throws {
        let (old, new) = try Self.versions()
        let json = DiffReport.json(DesignDiff(old: old, new: new), file: "shop.design.yaml")
        let value = try #require(JSONSyntax.value(json))
        guard case let .object(members) = value else { Issue.record("not an object"); return }
        #expect(members.map(\.key) == ["summary", "changes", "comments"])
    }
}
