import ArchbenchTestSupport
@testable import DesignExport
import DesignModel
import Foundation
import Testing

@Suite struct SluggerTests {
    /// Anchors as GitHub gives them (github-slugger's fixtures and headings seen on github.com).
    @Test(arguments: [
        ("Overview", "overview"),
        ("Scaling & Performance", "scaling--performance"),
        ("GET /v1/products/{product_id}", "get-v1productsproduct_id"),
        ("order.placed", "orderplaced"),
        ("Phase 1: Catalog first", "phase-1-catalog-first"),
        ("Cache | CDN", "cache--cdn"),
        ("Ünïcode tåble {x}", "ünïcode-tåble-x"),
        ("用户-服务", "用户-服务"),
        ("  trailing  ", "trailing"),
        ("emoji 🎉 here", "emoji--here"),
        ("Ⅻ roman ½", "ⅻ-roman-"),
        ("snake_case-and-dash", "snake_case-and-dash"),
    ])
    func baseSlug(text: String, slug: String) {
        var slugger = GitHubSlugger()
        #expect(slugger.slug(text.trimmingCharacters(in: .whitespaces)) == slug)
    }

    @Test func repeatsGetNumbered() {
        var slugger = GitHubSlugger()
        #expect(["orders", "orders", "Orders", "orders-1", "orders"].map { slugger.slug($0) }
            == ["orders", "orders-1", "orders-2", "orders-1-1", "orders-3"])
    }
}

@Suite struct MarkdownTextTests {
    @Test func inlineEscapesMarkup() {
        #expect(Markdown.inline("a*b*_c_ [x](y) <b> `c` | ~s~ $5") == #"a\*b\*\_c\_ \[x\](y) \<b\> \`c\` \| \~s\~ \$5"#)
        #expect(Markdown.inline("snake_case stays") == "snake_case stays")
        #expect(Markdown.inline("é_ü 名_字 —_x _a b_") == #"é_ü 名_字 —\_x \_a b\_"#)
        #expect(Markdown.inline("AT&T &amp; & x") == #"AT\&T \&amp; & x"#)
        #expect(Markdown.inline("back\\slash") == #"back\\slash"#)
    }

    @Test func proseCannotStartBlocks() {
        let text = "# h\n- l\n+ l\n1. o\n2) o\n> q\n---\n===\n    indented\nplain"
        #expect(Markdown.prose(text) == "\\# h\n\\- l\n\\+ l\n1\\. o\n2\\) o\n\\> q\n\\---\n\\===\nindented\nplain")
        #expect(Markdown.prose("a\n\n\n b", indent: "  ") == "a\n\n  b")
    }

    @Test func headingEscapesHashes() {
        #expect(Markdown.headingText("C# #1 #") == ##"C\# \#1 \#"##)
    }

    @Test func cellsKeepPipesAndNewlines() {
        #expect(Markdown.cell("a|b\nc") == #"a\|b<br>c"#)
        #expect(Markdown.code("a|b", inTable: true) == #"`a\|b`"#)
        #expect(Markdown.code("a\\|b", inTable: true) == #"a\\\|b"#)
        #expect(Markdown.code("a|b") == "`a|b`")
    }

    @Test func codeSpansOutgrowBackticks() {
        #expect(Markdown.code("a`b") == "``a`b``")
        #expect(Markdown.code("`x`") == "`` `x` ``")
        #expect(Markdown.code("") == "")
    }

    @Test func fencesOutgrowBackticks() {
        #expect(Markdown.fence("x\n", info: "json") == "```json\nx\n```")
        #expect(Markdown.fence("a ```` b", info: "text") == "`````text\na ```` b\n`````")
    }

    @Test func numbersAndDurations() {
        #expect(NumberText.grouped(Decimal(2500)) == "2,500")
        #expect(NumberText.grouped(Decimal(1234567)) == "1,234,567")
        #expect(NumberText.grouped(Decimal(string: "99.5")!) == "99.5")
        #expect(NumberText.grouped(Decimal(string: "1234567.25")!) == "1,234,567.25")
        #expect(NumberText.grouped(Decimal(string: "-0.5")!) == "-0.5")
        #expect(NumberText.grouped(Decimal(string: "12345678901234567890")!) == "12,345,678,901,234,567,890")
        #expect(NumberText.grouped(-1000) == "-1,000")
        // A whole number is grouped from its digits, as its `Decimal` is.
        for value in [0, 7, -7, 999, -999, 1000, 12345, -123456, 1234567, Int.max, Int.min] {
            #expect(NumberText.grouped(value) == NumberText.grouped(Decimal(value)), "\(value)")
        }
        #expect(Format.duration(DesignModel.Duration(amount: 250, unit: .milliseconds)) == "250 milliseconds")
        #expect(Format.duration(DesignModel.Duration(amount: 1, unit: .hours)) == "1 hour")
        #expect(Format.window(DesignModel.Duration(amount: 1, unit: .minutes)) == "minute")
        #expect(Format.window(DesignModel.Duration(amount: 30, unit: .seconds)) == "30 seconds")
    }
}

@Suite struct JSONPrettyTests {
    @Test func reindentsKeepingOrderAndScalars() {
        let text = #"{"z": 1, "a": [1.50, -0, 2e-3, "x\"\u00e9"], "e": {}, "f": [], "t": true, "n": null}"#
        #expect(JSONPretty.format(text) == """
        {
          "z": 1,
          "a": [
            1.50,
            -0,
            2e-3,
            "x\\"\\u00e9"
          ],
          "e": {},
          "f": [],
          "t": true,
          "n": null
        }
        """)
        #expect(JSONPretty.format("  \"s\"\n") == "\"s\"")
    }

    @Test(arguments: ["{", "{\"a\" 1}", "[1,]", "{\"a\":1,}", "01", "1.", "tru", "\"a\nb\"", "\"\\x\"", "[1] 2", "{a: 1}", ""])
    func rejectsInvalidJSON(_ text: String) {
        #expect(JSONPretty.format(text) == nil)
    }
}

@Suite struct MermaidTests {
    /// Text the fast check passes as plain comes out of the scalar walk unchanged, and text it
    /// does not pass would be changed by it (or is not printable ASCII): seeded random labels.
    @Test func plainLabelsAreWhatTheScalarWalkGivesBack() {
        var generator = SplitMix(seed: 0x1ABE1)
        let alphabet = Array("aDirection ection\"#%&<>\\`:;()-_./,!?{}[]|'\t\u{7F}é".unicodeScalars)
        for _ in 0..<20_000 {
            let length = Int(generator.next() % 24)
            let text = String(String.UnicodeScalarView((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }))
            if MermaidText.isPlainLabel(text) {
                #expect(MermaidText.labelByScalars(text) == text, "\(text.debugDescription)")
            } else if text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) {
                #expect(MermaidText.labelByScalars(text) != text, "\(text.debugDescription)")
            }
        }
        #expect(!MermaidText.isPlainLabel(String(repeating: "a", count: MermaidText.maxLabelLength + 1)))
    }

    @Test func labelsAreQuotedSafely() {
        #expect(MermaidText.label("a \"b\" #1; 50% <x> & c:d") == "a #quot;b#quot; #35;1#59; 50#37; #lt;x#gt; #amp; c#58;d")
        #expect(MermaidText.label("direction LR") == "direction#32;LR")
        #expect(MermaidText.label("Direction\tlr x") == "Direction#32;lr x")
        #expect(MermaidText.identifierStem("Order Service.v2") == "order_service_v2")
        #expect(MermaidText.identifierStem("用户") == "x")
    }

    @Test func erNamesAndWords() {
        #expect(MermaidText.isBareERName("order_lines"))
        #expect(!MermaidText.isBareERName("many"))
        #expect(!MermaidText.isBareERName("order-lines"))
        #expect(!MermaidText.isBareERName("1st"))
        #expect(MermaidText.erWord("numeric(10,2)", allowBrackets: true) == "numeric(10_2)")
        #expect(MermaidText.erWord("pk", allowBrackets: false) == "pk_")
        #expect(MermaidText.erWord("2fa", allowBrackets: false) == "_2fa")
        #expect(MermaidText.erWord("prénom", allowBrackets: false) == "pr_nom")
    }

    @Test func cardinalityFollowsTheForeignKey() {
        let child = Table(name: "c", columns: [
            Column(name: "id", primaryKey: true),
            Column(name: "required", nullable: false, references: "p.id"),
            Column(name: "optional", references: "p.id"),
            Column(name: "one", nullable: false, unique: true, references: "p.id"),
        ])
        #expect(MermaidBuilder.relationship(for: child.columns[1], in: child) == "||..o{")
        #expect(MermaidBuilder.relationship(for: child.columns[2], in: child) == "|o..o{")
        #expect(MermaidBuilder.relationship(for: child.columns[3], in: child) == "||..o|")
        let link = Table(name: "l", columns: [Column(name: "a", references: "p.id"), Column(name: "b")], primaryKey: ["a", "b"])
        #expect(MermaidBuilder.relationship(for: link.columns[0], in: link) == "||--o{")
    }

    /// A design past Mermaid's limits: 60 services in 6 domains, each calling the next 10.
    static func bigDesign(services: Int = 60, callsEach: Int = 10, tables: Int = 600) -> Design {
        var design = Design(title: "Big")
        for s in 0..<services {
            var service = Service(name: "service \(s)", domain: "Domain \(s % 6)")
            for c in 1...callsEach { service.calls.append(ServiceCall(service: "service \((s + c) % services)", style: c % 3 == 0 ? .grpc : .rest)) }
            if s % 2 == 0 {
                service.calls.append(ServiceCall(service: "service \((s + 1) % services)", style: .event, event: "event.\(s)"))
                design.events.append(Event(name: "event.\(s)", producer: "service \(s)", consumers: ["service \((s + 1) % services)", "service \((s + 2) % services)"]))
            }
            design.services.append(service)
        }
        for t in 0..<tables {
            var columns = [Column(name: "id", type: "uuid", primaryKey: true)]
            if t > 0 { columns.append(Column(name: "parent_id", type: "uuid", references: "table_\(t - 1).id")) }
            if t > 1 { columns.append(Column(name: "grand_id", type: "uuid", references: "table_\(t - 2).id")) }
            for c in 0..<8 { columns.append(Column(name: "column_\(c)", type: "varchar(200)")) }
            design.tables.append(Table(name: "table_\(t)", service: "service \(t % services)", columns: columns))
        }
        return design
    }

    @Test func serviceMapSplitsByDomainPastTheEdgeLimit() {
        let design = Self.bigDesign()
        let map = MermaidBuilder.serviceMap(design, limits: .mermaidDefaults)
        #expect(map.edgeCount > 500)
        #expect(map.splitReason != nil)
        #expect(map.diagrams.count >= 6)
        for diagram in map.diagrams {
            #expect(diagram.edgeCount <= 500)
            #expect(MermaidChecker.check(diagram.text).isEmpty, "\(MermaidChecker.check(diagram.text))")
        }
        #expect(map.diagrams.map(\.caption).contains("Domain Domain 0"))
        // Every edge of the design is drawn somewhere.
        let whole = MermaidBuilder.serviceMap(design, limits: MermaidLimits(maxTextSize: 10_000_000, maxEdges: 100_000))
        #expect(whole.diagrams.count == 1 && whole.splitReason == nil)
        let all = Set(whole.diagrams[0].text.split(separator: "\n").filter { $0.contains("->") })
        let drawn = Set(map.diagrams.flatMap { $0.text.split(separator: "\n").filter { $0.contains("->") } })
        #expect(all == drawn)
    }

    @Test func erdSplitsByServicePastTheLimits() {
        let design = Self.bigDesign()
        let erd = MermaidBuilder.entityDiagram(design, limits: .mermaidDefaults)
        #expect(erd.splitReason != nil)
        #expect(erd.diagrams.count > 1)
        var entities = 0
        for diagram in erd.diagrams {
            #expect(diagram.edgeCount <= 500)
            #expect(diagram.text.utf16.count <= 50_000)
            #expect(MermaidChecker.check(diagram.text).isEmpty, "\(MermaidChecker.check(diagram.text))")
            entities += diagram.text.split(separator: "\n").filter { $0.hasSuffix(" {") }.count
        }
        #expect(entities == design.tables.count)
        #expect(erd.diagrams.first?.caption?.hasPrefix("Tables of service service 0") == true)
    }

    @Test func oneOversizedServiceIsSplitIntoParts() {
        // One service with 1,200 calls cannot fit one diagram: its edges are shared out.
        var design = Design(title: "Hub")
        var hub = Service(name: "hub", domain: "Core")
        for n in 0..<1200 { hub.calls.append(ServiceCall(service: "leaf \(n)", style: .rest)) }
        design.services = [hub]
        let map = MermaidBuilder.serviceMap(design, limits: .mermaidDefaults)
        #expect(map.diagrams.count == 3)
        #expect(map.diagrams.map(\.caption) == ["Domain Core, part 1 of 3", "Domain Core, part 2 of 3", "Domain Core, part 3 of 3"])
        #expect(map.diagrams.map(\.edgeCount).reduce(0, +) == 1200)
        for diagram in map.diagrams { #expect(MermaidChecker.check(diagram.text).isEmpty) }
    }

    @Test func documentSaysWhenDiagramsAreSplit() throws {
        let design = try loadShop().design
        let options = MarkdownExportOptions(mermaidLimits: MermaidLimits(maxTextSize: 400, maxEdges: 2))
        let markdown = MarkdownExporter.document(for: design, options: options)
        #expect(markdown.contains("so it is split by domain into 3 diagrams"))
        #expect(markdown.contains("so it is split by owning service into"))
        #expect(markdown.contains("**Domain Ordering**"))
        let blocks = markdown.components(separatedBy: "```mermaid\n").dropFirst().map { $0.components(separatedBy: "\n```")[0] }
        #expect(blocks.count > 2)
        for block in blocks {
            #expect(MermaidChecker.check(block, limits: options.mermaidLimits).isEmpty, "\(MermaidChecker.check(block, limits: options.mermaidLimits))")
        }
    }

    @Test func checkerCatchesBrokenDiagrams() {
        #expect(!MermaidChecker.check("flowchart LR\n    a[\"x\"]\n    a --> b").isEmpty)
        #expect(!MermaidChecker.check("flowchart LR\n    end[\"x\"]").isEmpty)
        #expect(!MermaidChecker.check("flowchart LR\n    a[\"say \"hi\"\"]").isEmpty)
        #expect(!MermaidChecker.check("flowchart LR\n    a[\"direction LR\"]").isEmpty)
        #expect(!MermaidChecker.check("erDiagram\n    order items {\n        uuid id PK\n    }").isEmpty)
        #expect(!MermaidChecker.check("erDiagram\n    many {\n        uuid id PK\n    }").isEmpty)
        #expect(!MermaidChecker.check("erDiagram\n    a {\n        uuid pk\n    }").isEmpty)
        #expect(!MermaidChecker.check("erDiagram\n    a ||--<{ b : \"x\"").isEmpty)
        #expect(!MermaidChecker.check("erDiagram\n    a {\n        varchar(1,2) id\n    }").isEmpty)
        #expect(MermaidChecker.check("erDiagram\n    \"order items\" {\n        uuid id PK, FK\n    }\n    a ||..o{ \"order items\" : \"x\"").isEmpty)
    }
}
