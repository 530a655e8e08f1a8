import ArchbenchTestSupport
import DesignExport
import DesignModel
import Diagrams
import TerminalUI
import Testing

/// The shop's checkout, with a compensation on the payment so the diagram shows its mark.
func shopWithCheckout() throws -> Design {
    var design = try Fixture.shopWithCheckout()
    design.flows[0].steps[3].compensation = "Refund the payment."
    return design
}

/// The canvas as text without trailing spaces.
func text(_ buffer: Buffer) -> String {
    var lines = buffer.lines().map { line -> String in
        var s = Substring(line)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
    while lines.last?.isEmpty == true { lines.removeLast() }
    return lines.joined(separator: "\n") + "\n"
}

func screen(_ scene: SequenceScene, _ size: Size) -> String {
    var buffer = Buffer(size: size)
    scene.render(buffer.area, in: &buffer)
    return text(buffer)
}

@Suite("Sequence diagrams")
struct SequenceDiagramTests {
    @Test func theCheckoutFlowAsText() throws {
        let design = try shopWithCheckout()
        let diagram = FlowDiagram.sequence(for: design.flows[0], in: design)
        for (glyphs, name) in [(DiagramGlyphs.unicode, "unicode"), (.ascii, "ascii")] {
            let layout = SequenceLayout.layout(diagram, width: 80, glyphs: glyphs)
            try expectGolden(text(SequenceRenderer(glyphs: glyphs).canvas(diagram, layout)), "shop-flow-checkout.\(name).txt")
        }
    }

    @Test func theCheckoutFlowOnAScreenOf80x24() throws {
        let design = try shopWithCheckout()
        var scene = SequenceScene(diagram: FlowDiagram.sequence(for: design.flows[0], in: design), viewSize: Size(width: 80, height: 23))
        scene.select(3)
        try expectGolden(screen(scene, Size(width: 80, height: 24)), "shop-flow-checkout-80x24.txt")
    }
}

/// The sequence diagram on its own, without a design.
@Suite struct SequenceLayoutTests {
    static let diagram = SequenceDiagram(
        participants: [
            SequenceParticipant(id: "c", title: "client", kind: .actor),
            SequenceParticipant(id: "a", title: "api", group: "api"),
            SequenceParticipant(id: "t", title: "jobs", kind: .store, group: "api"),
            SequenceParticipant(id: "q", title: "job.done", kind: .queue),
            SequenceParticipant(id: "x", title: "mailer", kind: .external),
        ],
        messages: [
            SequenceMessage(from: "c", to: "a", label: "1. submit"),
            SequenceMessage(from: "a", to: "t", label: "2. insert", isCompensated: true, detail: "2. insert; undone by: delete"),
            SequenceMessage(from: "a", to: "a", label: "3. validate"),
            SequenceMessage(from: "a", to: "q", label: "4. announce", line: .dashed),
            SequenceMessage(from: "x", to: "a", label: "5. bounce", line: .dashed),
        ])

    @Test func drawsEachKindOfMessage() throws {
        let glyphs = DiagramGlyphs.ascii
        let layout = SequenceLayout.layout(Self.diagram, width: 60, glyphs: glyphs)
        let drawn = text(SequenceRenderer(glyphs: glyphs).canvas(Self.diagram, layout))
        try expectGolden(drawn, "sequence-kinds.ascii.txt")
        let lines = drawn.split(separator: "\n").map(String.init)
        // Titles framed by kind, the group bracketed over api and its table.
        #expect(lines[1].contains("client") && lines[1].contains("api") && lines[1].contains("[jobs]"))
        #expect(lines[1].contains("<job.done>") && lines[1].contains("(mailer)"))
        #expect(lines[0].hasPrefix(String(repeating: " ", count: layout.brackets[0].left) + "+ api"))
        // Solid to the right, a compensation mark, a loop back to itself, dashed both ways.
        let y = layout.messageRows
        #expect(lines[y[0] + 1].contains("--->"))
        #expect(lines[y[1]].contains("~ 2. insert"))
        #expect(lines[y[2] + 1].hasSuffix("---+") || lines[y[2] + 1].contains("---+"))
        #expect(lines[y[2] + 2].contains("<--+"))
        #expect(lines[y[3] + 1].contains("....>"))
        #expect(lines[y[4] + 1].contains("<...."))
        #expect(layout.size.width <= 60)
    }

    @Test func narrowWidthsStaggerTheTitlesThenCutThem() {
        let wide = SequenceLayout.layout(Self.diagram, width: nil)
        #expect(Set(wide.titleRow).count == 1, "room enough: one row of titles")
        #expect(wide.titles == ["client", "api", "[jobs]", "<job.done>", "(mailer)"])
        let staggered = SequenceLayout.layout(Self.diagram, width: 40)
        #expect(Set(staggered.titleRow).count == 2)
        #expect(staggered.titles == wide.titles)
        #expect(staggered.size.width <= 40)
        let cut = SequenceLayout.layout(Self.diagram, width: 30)
        #expect(cut.titles.contains { $0.hasSuffix("…") })
        #expect(cut.size.width < staggered.size.width)
        // Lifelines stay in order and apart, whatever the width.
        for layout in [wide, staggered, cut] {
            #expect(zip(layout.lifelineX, layout.lifelineX.dropFirst()).allSatisfy { $1 - $0 >= 8 })
        }
    }

    @Test func labelsAreCutAtTheCanvasEdge() {
        var diagram = Self.diagram
        diagram.messages[0].label = "1. " + String(repeating: "long words ", count: 10)
        let layout = SequenceLayout.layout(diagram, width: 50)
        #expect(layout.labels[0].hasSuffix("…"))
        #expect(layout.lifelineX[0] + 2 + layout.labels[0].displayWidth <= 50)
    }

    @Test func tabWalksTheMessagesAndTheSelectionScrollsIntoView() {
        var scene = SequenceScene(diagram: Self.diagram, glyphs: .ascii, viewSize: Size(width: 40, height: 6))
        #expect(scene.selected == nil)
        scene.selectNext()
        #expect(scene.selected == 0)
        scene.selectNext(forward: false)
        #expect(scene.selected == 4)
        #expect(scene.viewport.visibleRect.contains(Position(x: scene.layout.messageRects[4].x, y: scene.layout.messageRows[4] + 1)))
        scene.selectNext()
        #expect(scene.selected == 0)
        #expect(scene.viewport.offset.y == 0)
        let foundMailer = scene.select(named: "mailer")
        #expect(foundMailer)
        #expect(scene.selected == 4)
        let foundInsert = scene.select(named: "INSERT")
        #expect(foundInsert)
        #expect(scene.selected == 1)
        let foundNothing = scene.select(named: "nothing like it")
        #expect(!foundNothing)
        #expect(scene.selectedText == "api -> [jobs]: 2. insert; undone by: delete")
        var buffer = Buffer(size: Size(width: 60, height: 7))
        scene.render(buffer.area, in: &buffer)
        let last = buffer.lines().last ?? ""
        #expect(last.contains("api -> [jobs]: 2. insert") && last.contains("rows"))
    }

    @Test func aUnicodeTitleOnAnASCIITerminalKeepsItsWidth() {
        var diagram = Self.diagram
        diagram.participants[1].title = "訂單"
        let scene = SequenceScene(diagram: diagram, glyphs: .ascii, viewSize: Size(width: 60, height: 20))
        #expect(scene.diagram.participants[1].title == "????")
        #expect(scene.canvas.lines().allSatisfy { $0.allSatisfy(\.isASCII) })
    }
}

/// `archbench export --format ascii --view flows [--flow NAME]`.
@Suite struct FlowsAsTextTests {
    @Test func everyFlowOrTheOneNamed() throws {
        var design = try shopWithCheckout()
        try expectGolden(AsciiDiagrams.render(design: design, view: .flows), "shop-flows.ascii.txt")
        design.flows.append(Flow(name: "empty", trigger: "event:order.placed"))
        let both = AsciiDiagrams.render(design: design, view: .flows, width: 100, unicode: true)
        #expect(both.hasPrefix("flow checkout, triggered by endpoint:POST /v1/orders, consistency: outbox\n\n"))
        #expect(both.hasSuffix("\nflow empty, triggered by event:order.placed\n(no steps)\n"))
        let one = AsciiDiagrams.render(design: design, view: .flows, flow: "empty")
        #expect(one == "flow empty, triggered by event:order.placed\n(no steps)\n")
        #expect(AsciiDiagrams.render(design: try loadShop(), view: .flows) == "(no flows)\n")
        // Lines are printable ASCII and fit the width.
        let text = AsciiDiagrams.render(design: design, view: .flows, width: 80)
        #expect(text.allSatisfy { $0.isASCII })
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 80 })
    }
}
