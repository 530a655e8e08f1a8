import ArchbenchTestSupport
import DesignExport
import DesignModel
import DesignRules
import Foundation
import Testing

/// A flow of the awkward design whose names and texts are Mermaid and Markdown syntax: a service
/// called `end`, one called `direction LR`, `;`, `#`, `%%`, `:`, arrows and pipes in the actions.
func awkwardWithFlow() throws -> Design {
    var design = try loadAwkward().design
    let endpoint = design.endpoints[0].name
    design.flows = [Flow(
        name: "end; box #1 | as", description: "Every word Mermaid could read as syntax.",
        trigger: "endpoint:\(endpoint)", consistency: .saga,
        steps: [
            FlowStep(from: "client", to: "service:Order Service", action: "POST a `key`; then -->> wait #1 %% not a comment",
                     style: .rest),
            FlowStep(from: "Order Service", to: "table:order items", action: "Insert: the row | <b>bold</b>", access: .write,
                     compensation: "Delete the row; end"),
            FlowStep(from: "Order Service", to: "service:end", action: "end", style: .grpc),
            FlowStep(from: "end", to: "service:direction LR", action: "direction LR", style: .rest),
            FlowStep(from: "direction LR", to: "service:direction LR", action: "loop alt else opt par and rect note over"),
            FlowStep(from: "Order Service", to: "event:order.placed {v2}", action: "participant x as y", async: true),
            FlowStep(from: "用户-服务", to: "external:pay<ment> & co", action: "Charge 5 € & more: 100%",
                     timeout: Duration(amount: 5, unit: .seconds)),
        ],
        failure: "Nothing is charged twice.")]
    return design
}

@Suite struct FlowExportTests {
    static let flowsOnly = MarkdownExportOptions(sections: [.flows])

    @Test func goldenFlowSections() throws {
        try expectGolden(MarkdownExporter.document(for: Fixture.shopWithCheckout(), findings: [], options: Self.flowsOnly),
                         "shop-flows.md")
        try expectGolden(MarkdownExporter.document(for: awkwardWithFlow(), findings: [], options: Self.flowsOnly),
                         "awkward-flows.md")
    }

    @Test func theWholeDocumentLinksTheFlowsFromItsContents() throws {
        for design in [try Fixture.shopWithCheckout(), try awkwardWithFlow()] {
            let markdown = MarkdownExporter.document(for: design, findings: Validator().validate(design))
            let parsed = try ParsedOutputTests().checkStructure(markdown, design: design)
            let texts = parsed.headings.map(\.text)
            let flows = try #require(texts.firstIndex(of: "Flows"))
            #expect(texts[flows + 1] == design.flows[0].name)
            #expect(markdown.contains("- [Flows](#flows)\n"))
            // After the schema, before the stack: the order of the sections.
            if let schema = texts.firstIndex(of: "Database Schema") { #expect(schema < flows) }
            if let stack = texts.firstIndex(of: "Technology Stack") { #expect(flows < stack) }
        }
    }

    @Test func theSequenceDiagramOfTheCheckout() throws {
        let markdown = MarkdownExporter.document(for: try Fixture.shopWithCheckout(), options: Self.flowsOnly)
        let block = try #require(markdown.components(separatedBy: "```mermaid\n").dropFirst().first?
            .components(separatedBy: "\n```").first)
        #expect(MermaidChecker.check(block).isEmpty, "\(MermaidChecker.check(block))")
        let lines = block.split(separator: "\n").map(String.init)
        #expect(lines[0] == "sequenceDiagram")
        #expect(lines[1] == "    actor p1 as client")
        #expect(lines[2] == "    box transparent orders")
        #expect(lines.contains("        participant p4 as orders (table)"))
        #expect(lines.contains("    participant p6 as payment-provider (external)"))
        #expect(lines.contains("    participant p7 as order.placed (event)"))
        #expect(lines.contains("    p1->>p2: 1. POST /v1/orders with the cart id and an Idempotency-Key header."))
        #expect(lines.contains("    p2--)p7: 6. The outbox relay publishes order.placed."))
        #expect(lines.filter { $0.contains("->>") || $0.contains("--)") }.count == 7)
    }

    @Test func awkwardTextCannotEndAStatementOrReadAsAKeyword() throws {
        let design = try awkwardWithFlow()
        let markdown = MarkdownExporter.document(for: design, options: Self.flowsOnly)
        let block = try #require(markdown.components(separatedBy: "```mermaid\n").dropFirst().first?
            .components(separatedBy: "\n```").first)
        #expect(MermaidChecker.check(block).isEmpty, "\(MermaidChecker.check(block))")
        #expect(block.contains("participant p3 as end\n") || block.contains("as end\n"))
        #expect(block.contains("#59;"))
        #expect(!block.contains("%%"))
        #expect(block.contains("Note right of p2: undo step 2#58; Delete the row#59; end"))
        // The Markdown around it: the table's pipes escaped, the HTML shown as text.
        #expect(markdown.contains("| Insert: the row \\| \\<b\\>bold\\</b\\> | write | Delete the row; end |"))
    }

    @Test func theCheckerCatchesBrokenSequenceDiagrams() {
        #expect(!MermaidChecker.check("sequenceDiagram\n    p1->>p2: x").isEmpty)
        #expect(!MermaidChecker.check("sequenceDiagram\n    participant p1 as a\n    p1->>p1: x; y").isEmpty)
        #expect(!MermaidChecker.check("sequenceDiagram\n    participant p1 as a #1").isEmpty)
        #expect(!MermaidChecker.check("sequenceDiagram\n    box transparent a\n    participant p1 as a").isEmpty)
        #expect(!MermaidChecker.check("sequenceDiagram\n    participant p1 as a\n    participant p1 as b").isEmpty)
        #expect(MermaidChecker.check("sequenceDiagram\n    actor p1 as a #35; b\n    participant p2 as c\n    p1--)p2: d#59;").isEmpty)
    }

    @Test func theConsistencyPlanSaysWhatKeepsTheDataConsistent() throws {
        var design = try Fixture.shopWithCheckout()
        func plan() -> String {
            let markdown = MarkdownExporter.document(for: design, options: Self.flowsOnly)
            guard let range = markdown.range(of: "**Consistency plan**\n\n") else { return "" }
            return String(markdown[range.upperBound...].prefix { $0 != "\n" })
        }
        #expect(plan().hasPrefix("A transactional outbox: the write and the event it announces are committed in one "
            + "local transaction (step 5 (orders)), and a relay publishes the event afterwards "
            + "(step 6, order.placed)"))
        design.flows[0].consistency = .saga
        design.flows[0].steps[3].compensation = "Refund the payment."
        #expect(plan().contains("step 4: Refund the payment."))
        design.flows[0].consistency = .eventual
        #expect(plan().contains("the caller does not wait for steps 6, 7."))
        design.flows[0].consistency = .transaction
        #expect(plan().hasPrefix("One local ACID transaction: the writes of step 5 (orders), step 7 (outbound_emails)"))
        design.flows[0].consistency = nil
        #expect(plan().hasPrefix("Not stated yet"))
    }

    @Test func aFlowTooLargeForOneDiagramKeepsItsTable() throws {
        let design = try Fixture.shopWithCheckout()
        let options = MarkdownExportOptions(sections: [.flows], mermaidLimits: MermaidLimits(maxTextSize: 400, maxEdges: 2))
        let markdown = MarkdownExporter.document(for: design, options: options)
        #expect(!markdown.contains("```mermaid"))
        #expect(markdown.contains("The flow has 7 steps, more than one Mermaid diagram can show"))
        #expect(markdown.contains("| 7 | notifications | table outbound_emails |"))
    }

    @Test func sectionNamesOnTheCommandLine() throws {
        #expect(try ExportSection.parseList("flows,erd") == [.erd, .flows])
        #expect(ExportSection(argument: "sequences") == .flows)
    }
}
