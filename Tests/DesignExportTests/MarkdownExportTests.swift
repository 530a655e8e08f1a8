import DesignExport
import DesignModel
import DesignRules
import Foundation
import Testing

@Suite struct GoldenTests {
    @Test func shopMatchesGolden() throws {
        let loaded = try loadShop()
        try expectGolden(MarkdownExporter.document(for: loaded.design, findings: []), "shop.md")
    }

    @Test func awkwardNamesMatchGolden() throws {
        let loaded = try loadAwkward()
        try expectGolden(MarkdownExporter.document(for: loaded.design, findings: sampleFindings), "awkward.md")
    }

    @Test func sectionsSubsetMatchesGolden() throws {
        let loaded = try loadShop()
        let options = MarkdownExportOptions(sections: try ExportSection.parseList("erd,api"))
        try expectGolden(MarkdownExporter.document(for: loaded.design, findings: [], options: options), "shop-api-erd.md")
    }

    @Test func sameDesignGivesSameBytes() throws {
        let first = try loadAwkward()
        let second = try loadAwkward()
        let a = MarkdownExporter.document(for: first.design, findings: sampleFindings)
        let b = MarkdownExporter.document(for: second.design, findings: sampleFindings.reversed())
        #expect(a == b)
    }
}

@Suite struct ParsedOutputTests {
    /// Everything a real CommonMark/GFM parser must see in an exported document.
    func checkStructure(_ markdown: String, design: Design) throws -> ParsedMarkdown {
        let parsed = try parseWithMarkdownIt(markdown)
        let headingAnchors = anchors(of: parsed.headings)
        let anchorSet = Set(headingAnchors)

        // One title, then the contents, then the sections.
        #expect(parsed.headings.first?.level == 1)
        #expect(parsed.headings.first?.text == design.title)
        #expect(parsed.headings.filter { $0.level == 1 }.count == 1)
        #expect(parsed.codeBlocks == 0, "no indented code blocks")
        #expect(parsed.htmlBlocks.isEmpty, "no raw HTML blocks: \(parsed.htmlBlocks)")

        // Every internal link leads to a heading; the contents list every section and subsection.
        // markdown-it percent-encodes link targets; browsers and GitHub match them decoded.
        let internalLinks = parsed.links.filter { $0.hasPrefix("#") }.map { $0.removingPercentEncoding ?? $0 }
        #expect(!internalLinks.isEmpty)
        for link in internalLinks {
            #expect(anchorSet.contains(String(link.dropFirst())), "link \(link) has no heading")
        }
        let linked = Set(internalLinks.map { String($0.dropFirst()) })
        for (heading, anchor) in zip(parsed.headings, headingAnchors) where (heading.level == 2 || heading.level == 3) && heading.text != "Contents" {
            #expect(linked.contains(anchor), "no contents entry for \(heading.text)")
        }

        // Tables: every row as wide as its header, in the source too (an unescaped pipe adds a cell).
        #expect(!parsed.tables.isEmpty)
        for table in parsed.tables {
            #expect(!table.header.isEmpty)
            for row in table.rows { #expect(row.count == table.header.count) }
        }
        #expect(misalignedTableLines(markdown).isEmpty, "\(misalignedTableLines(markdown))")

        // Fences: JSON examples parse; Mermaid blocks are well-formed for their type.
        for fence in parsed.fences {
            switch fence.info {
            case "json":
                #expect(throws: Never.self) {
                    try JSONSerialization.jsonObject(with: Data(fence.content.utf8), options: [.fragmentsAllowed])
                }
            case "mermaid":
                let problems = MermaidChecker.check(String(fence.content.dropLast()))
                #expect(problems.isEmpty, "\(problems)")
            case "text":
                break
            default:
                Issue.record("unexpected fence info '\(fence.info)'")
            }
        }
        return parsed
    }

    @Test func shopParses() throws {
        let design = try loadShop().design
        let markdown = MarkdownExporter.document(for: design, findings: sampleFindings)
        let parsed = try checkStructure(markdown, design: design)
        let texts = parsed.headings.map(\.text)
        for endpoint in design.endpoints { #expect(texts.contains(endpoint.name)) }
        for table in design.tables { #expect(texts.contains(table.name)) }
        #expect(parsed.fences.filter { $0.info == "mermaid" }.count == 2)
        #expect(parsed.fences.filter { $0.info == "json" }.count == 10)
        let sections = parsed.headings.filter { $0.level == 2 }.map(\.text)
        #expect(sections == ["Contents", "Overview", "API Design", "Service Architecture", "Database Schema",
                             "Technology Stack", "Scaling and Performance", "Security", "Implementation Phases",
                             "Review Comments", "Validation Findings"])
        #expect(parsed.headings.filter { $0.level == 3 }.map(\.text).suffix(3) == ["Errors", "Warnings", "Information"])
        // The table "orders" comes after the service "orders": GitHub numbers the second anchor.
        #expect(markdown.contains("[orders](#orders-1)"))
        #expect(parsed.tables.contains { $0.header == ["Measure", "Expected"] && $0.rows.first == ["Peak load", "2,500 requests/s"] })
    }

    @Test func awkwardNamesSurviveTheParser() throws {
        let design = try loadAwkward().design
        let markdown = MarkdownExporter.document(for: design, findings: sampleFindings)
        let parsed = try checkStructure(markdown, design: design)
        let texts = Set(parsed.headings.map(\.text))

        // Every element keeps its exact name as a heading, however odd.
        for name in design.services.map(\.name) + design.endpoints.map(\.name) + design.tables.map(\.name)
            + design.events.map(\.name) + design.stack.map(\.area) + design.scaling.caches.map(\.name)
            + design.scaling.bottlenecks.map(\.name) {
            #expect(texts.contains(name), "no heading \(name)")
        }
        // Nothing in the text became a heading, list, fence or quote of its own.
        #expect(!texts.contains("not a heading"))
        #expect(!texts.contains("Not a heading"))
        #expect(parsed.fences.allSatisfy { $0.content != "not a fence\n" })
        #expect(!parsed.listItems.contains("not a list"))
        #expect(!parsed.blockquotes.contains("not a quote"))
        let summary = try #require(parsed.paragraphs.first { $0.hasPrefix("A design whose names") })
        #expect(summary.contains("unicode, {braces}, |pipes|, `backticks`, *stars*, <html> & entities like &amp; and $5 $6."))
        #expect(summary.contains("\n# not a heading\n- not a list\n1. not an ordered list"))
        #expect(parsed.paragraphs.contains("```\nnot a fence\n```\n---"))
        #expect(parsed.blockquotes.contains("Two lines:\n> not a quote"))

        // Pipes and newlines in cells stay inside their cell.
        let params = try #require(parsed.tables.first { $0.header.first == "Name" })
        #expect(params.rows[0] == ["order id", "path", "uuid|string", "yes", "The id | the name\nsecond line"])
        #expect(params.rows[1][2] == "string\\|x")
        let columns = try #require(parsed.tables.first { $0.header.first == "Column" && $0.rows.count == 4 })
        #expect(columns.rows[2] == ["pk", "character varying(20)", "", "yes", "yes", "'a|b'", "", "PII Has a | pipe and `code`"])
        #expect(columns.rows[0][6] == "orders.v2.id, on delete cascade")
        let index = try #require(parsed.tables.first { $0.header.first == "Index" })
        #expect(index.rows[0] == ["idx | odd", "line.no", "yes", "btree", "pk <> 'x|y'"])
        let findings = parsed.tables.filter { $0.header == ["Rule", "Element", "Message", "Line"] }.map(\.rows)
        #expect(findings == [
            [["db-fk-type", "column Ünïcode tåble {x}.ref", "`ref` is bigint but many.id is *bigint*", "190:9"]],
            [["api-error-responses", "endpoint POST /v1/orders", "takes input but declares no 400 or 422", "120:5"],
             ["design-empty", "whole design", "a design-wide finding", ""]],
            [["doc-description", "table orders.v2", "no description | none at all", "150:5"],
             ["doc-open-questions", "section requirements", "1 open question", ""]],
        ])

        // Backticks in an example get a longer fence.
        #expect(parsed.fences.contains { $0.info == "json" && $0.content == "\"````` five backticks\"\n" })
        #expect(parsed.fences.contains { $0.info == "json" && $0.content.contains("\"note\": \"``` inside\"") })
    }

    @Test func subsetOfSectionsHasOnlyThoseAndNoDeadLinks() throws {
        let design = try loadShop().design
        let markdown = MarkdownExporter.document(for: design, findings: [],
                                                 options: MarkdownExportOptions(sections: [.api, .erd]))
        let parsed = try checkStructure(markdown, design: design)
        #expect(parsed.headings.filter { $0.level == 2 }.map(\.text) == ["Contents", "API Design", "Database Schema"])
        // The services have no section here: their names are plain text, not links.
        #expect(!markdown.contains("](#catalog)"))
        #expect(markdown.contains("| GET | [/v1/products](#get-v1products) | catalog | public |"))
    }
}

@Suite struct SectionListTests {
    @Test func parsesNamesAndAliasesInDocumentOrder() throws {
        #expect(try ExportSection.parseList("erd,api") == [.api, .erd])
        #expect(try ExportSection.parseList(" API , database,review") == [.api, .erd, .comments])
        #expect(try ExportSection.parseList("findings,findings") == [.findings])
    }

    @Test func rejectsUnknownNames() {
        #expect(throws: ExportSectionError(unknown: ["apis", "x"])) { try ExportSection.parseList("apis,erd,x") }
        #expect(throws: ExportSectionError(unknown: [])) { try ExportSection.parseList(" , ") }
        #expect(ExportSectionError(unknown: ["apis"]).description.contains("known sections: overview, api, services, erd"))
    }
}

@Suite struct FindingsTests {
    @Test func groupedBySeverityInFileOrder() throws {
        var design = Design(title: "T")
        design.services = [Service(name: "a")]
        let findings = [
            Finding(ruleID: "r2", severity: .info, message: "later", element: .service("a"), location: SourceLocation(line: 9, column: 1)),
            Finding(ruleID: "r1", severity: .info, message: "earlier", element: .service("a"), location: SourceLocation(line: 3, column: 1)),
            Finding(ruleID: "r3", severity: .error, message: "bad", element: .service("missing")),
        ]
        let markdown = MarkdownExporter.document(for: design, findings: findings)
        #expect(markdown.contains("1 error, 0 warnings, 2 info."))
        let errors = try #require(markdown.range(of: "### Errors"))
        let info = try #require(markdown.range(of: "### Information"))
        #expect(errors.lowerBound < info.lowerBound)
        #expect(!markdown.contains("### Warnings"))
        let earlier = try #require(markdown.range(of: "earlier")), later = try #require(markdown.range(of: "later"))
        #expect(earlier.lowerBound < later.lowerBound)
        #expect(markdown.contains("| `r1` | service [a](#a) | earlier | 3:1 |"))
        // An element without a section is named, not linked.
        #expect(markdown.contains("| `r3` | service missing | bad |  |"))
    }

    @Test func noFindingsSectionWhenValidationDidNotRun() {
        let design = Design(title: "T", services: [Service(name: "a")])
        #expect(!MarkdownExporter.document(for: design).contains("Validation Findings"))
        #expect(MarkdownExporter.document(for: design, findings: []).contains("The validator found nothing to report."))
    }
}

@Suite struct DocumentDetailTests {
    @Test func invalidJSONExampleIsShownAsText() {
        var design = Design(title: "T")
        design.endpoints = [Endpoint(method: .GET, path: "/x", responses: [Response(status: 200, example: "{not json")])]
        let markdown = MarkdownExporter.document(for: design)
        #expect(markdown.contains("```text\n{not json\n```"))
    }

    @Test func emptySectionsAreLeftOut() {
        let markdown = MarkdownExporter.document(for: Design(title: "Bare"))
        #expect(markdown.hasPrefix("# Bare\n"))
        #expect(!markdown.contains("## API Design"))
        #expect(!markdown.contains("## Database Schema"))
        #expect(markdown.hasSuffix("\n") && !markdown.hasSuffix("\n\n"))
    }

    @Test func openCommentsAreLinkedFromTheirElement() throws {
        let markdown = MarkdownExporter.document(for: try loadShop().design)
        #expect(markdown.contains("#### orders\n\n*Open review comment:* [Comment 1](#comment-1)"))
    }
}
