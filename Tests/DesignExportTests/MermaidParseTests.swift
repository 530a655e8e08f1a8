import ArchbenchTestSupport
import DesignExport
import DesignModel
import Foundation
import Testing

/// One ```mermaid block and where it came from.
struct MermaidBlock: Sendable {
    /// The golden file or the export of a fixture, with the block's place in it.
    var source: String
    var text: String
    /// The diagram's first line: `flowchart LR`, `erDiagram`.
    var kind: String { String(text.prefix { $0 != "\n" }) }
    var name: String { "\(source) (\(kind))" }
}

/// The ```mermaid blocks of a Markdown document, with the line each opens on. Fences may be of
/// backticks or tildes, three or more, as CommonMark reads them; the info string must be `mermaid`.
func mermaidBlocks(in markdown: String, source: String) -> [MermaidBlock] {
    var blocks: [MermaidBlock] = []
    var open: (fence: String, line: Int, isMermaid: Bool)?
    var body: [Substring] = []
    for (index, line) in markdown.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        if let current = open {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix(current.fence), trimmed.allSatisfy({ $0 == current.fence.first }) {
                if current.isMermaid {
                    blocks.append(MermaidBlock(source: "\(source), block \(blocks.count + 1) at line \(current.line)",
                                               text: body.joined(separator: "\n")))
                }
                open = nil
                body = []
            } else {
                body.append(line)
            }
            continue
        }
        let stripped = line.drop { $0 == " " }
        guard line.count - stripped.count < 4, let mark = stripped.first, mark == "`" || mark == "~" else { continue }
        let fence = String(stripped.prefix { $0 == mark })
        guard fence.count >= 3 else { continue }
        let info = stripped.dropFirst(fence.count).trimmingCharacters(in: .whitespaces)
        if mark == "`" && info.contains("`") { continue }
        open = (fence, index + 1, info.split(separator: " ").first == "mermaid")
    }
    return blocks
}

/// Every Mermaid diagram the export writes, parsed and drawn by Mermaid itself (see `MermaidJS`): the blocks
/// of every golden Markdown file, and of the export of every design fixture in `Tests/`, whole and
/// split by small limits, with one deliberately broken block that must be reported. All go through
/// one Chromium run, shared by the tests below.
@Suite struct MermaidParseTests {
    static let brokenBlock = MermaidBlock(source: "deliberately broken block", text: "erDiagram\n  A ||--o{ : x")

    /// Fixtures the loader refuses by design; any other fixture that does not load is a failure.
    static let refusedFixtures: Set<String> = ["Fixtures/hostile/laughs.design.yaml"]

    /// Limits small enough to split every fixture's diagrams, as a design past Mermaid's limits is.
    static let smallLimits = MermaidLimits(maxTextSize: 400, maxEdges: 2)

    struct Collected: Sendable {
        var blocks: [MermaidBlock] = []
        var problems: [String] = []
        var goldenFiles: [String] = []
        var fixtures: [String] = []
    }

    static func goldenBlocks(into collected: inout Collected) {
        let folder = Paths.testsFolder.appendingPathComponent("Golden")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".md") }.sorted()
        if names.isEmpty { collected.problems.append("no golden Markdown files in \(folder.path)") }
        for name in names {
            let text = String(decoding: FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) ?? Data(), as: UTF8.self)
            let blocks = mermaidBlocks(in: text, source: "golden \(name)")
            if blocks.isEmpty { collected.problems.append("golden \(name) has no ```mermaid block") }
            collected.goldenFiles.append(name)
            collected.blocks += blocks
        }
    }

    static func fixtureBlocks(into collected: inout Collected) {
        let tests = Fixture.testsFolder
        guard let walker = FileManager.default.enumerator(atPath: tests.path) else {
            collected.problems.append("cannot list \(tests.path)")
            return
        }
        let paths = walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".design.yaml") }.sorted()
        if !paths.contains("Fixtures/shop.design.yaml") {
            collected.problems.append("the shop fixture is not among the fixtures found: \(paths)")
        }
        for path in paths {
            let loaded: LoadedDesign
            do {
                loaded = try DesignLoader.load(contentsOf: tests.appendingPathComponent(path).path)
            } catch {
                // `schema-invalid/` holds designs the loader and the JSON Schema both refuse.
                if !refusedFixtures.contains(path) && !path.hasPrefix("Fixtures/schema-invalid/") { collected.problems.append("fixture \(path) does not load: \(error)") }
                continue
            }
            collected.fixtures.append(path)
            let whole = MarkdownExporter.document(for: loaded.design)
            collected.blocks += mermaidBlocks(in: whole, source: "export of \(path)")
            let split = MarkdownExporter.document(for: loaded.design, options: MarkdownExportOptions(mermaidLimits: smallLimits))
            collected.blocks += mermaidBlocks(in: split, source: "export of \(path) split to 400 characters and 2 edges")
        }
    }

    static func collect() -> Collected {
        var collected = Collected()
        goldenBlocks(into: &collected)
        fixtureBlocks(into: &collected)
        collected.blocks.append(brokenBlock)
        return collected
    }

    struct Run: Sendable {
        var collected: Collected
        var outcomes: Result<[MermaidJS.Outcome], MermaidJS.Failure>
        var collectSeconds: Double
        var seconds: Double
    }

    /// The one Chromium run for all the blocks.
    static let run: Run = {
        let collectStart = Date()
        let collected = collect()
        let collectSeconds = Date().timeIntervalSince(collectStart)
        let start = Date()
        let outcomes: Result<[MermaidJS.Outcome], MermaidJS.Failure>
        do {
            outcomes = .success(try MermaidJS.parse(collected.blocks.map(\.text)))
        } catch let failure as MermaidJS.Failure {
            outcomes = .failure(failure)
        } catch {
            outcomes = .failure(.harness("\(error)"))
        }
        return Run(collected: collected, outcomes: outcomes, collectSeconds: collectSeconds, seconds: Date().timeIntervalSince(start))
    }()

    /// The outcomes, or an issue saying why there are none: a missing tool fails the test too,
    /// and says what to install.
    static func outcomes(sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [(block: MermaidBlock, outcome: MermaidJS.Outcome)]? {
        switch run.outcomes {
        case let .success(outcomes):
            return Array(zip(run.collected.blocks, outcomes))
        case let .failure(.unavailable(text)):
            let ci = ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty && $0 != "false" && $0 != "0" } ?? false
            let prefix = ci ? "CI is set and Mermaid cannot be run (.ci/run should have installed it)"
                : "Mermaid cannot be run, so the exported diagrams were NOT checked"
            Issue.record(Comment(rawValue: "\(prefix): \(text)"), sourceLocation: sourceLocation)
            return nil
        case let .failure(.harness(text)):
            Issue.record(Comment(rawValue: "Mermaid in Chromium did not report: \(text)"), sourceLocation: sourceLocation)
            return nil
        }
    }

    @Test func everyExportedDiagramParsesAndDraws() {
        let collected = Self.run.collected
        for problem in collected.problems { Issue.record(Comment(rawValue: problem)) }
        // The goldens are written with the shop and awkward fixtures: both drawings of each.
        #expect(collected.blocks.filter { $0.source.hasPrefix("golden ") }.count >= 5)
        #expect(collected.blocks.filter { $0.source.hasPrefix("export of ") }.count >= 8)
        guard let results = Self.outcomes() else { return }
        var checked = 0
        for (block, outcome) in results where block.source != Self.brokenBlock.source {
            checked += 1
            if let error = outcome {
                Issue.record(Comment(rawValue: "Mermaid rejects \(block.name):\n\(error)\n--- the block ---\n\(block.text.prefix(3000))"))
            }
        }
        let golden = results.filter { $0.block.source.hasPrefix("golden ") }.count
        print("Mermaid parsed and drew \(checked) blocks (\(golden) from \(collected.goldenFiles.count) golden files, "
            + "\(checked - golden) from the exports of \(collected.fixtures.count) fixtures) in one Chromium run of "
            + "\(String(format: "%.1f", Self.run.seconds)) s (collected in \(String(format: "%.1f", Self.run.collectSeconds)) s)")
    }

    @Test func aBrokenDiagramIsReportedByTheSameHarness() throws {
        guard let results = Self.outcomes() else { return }
        let broken = try #require(results.first { $0.block.source == Self.brokenBlock.source })
        let error = try #require(broken.outcome, "Mermaid accepted \(Self.brokenBlock.text.debugDescription)")
        #expect(error.contains("Parse error on line 2"), "\(error)")
    }

    @Test func blocksAreFoundWhateverTheFence() {
        let markdown = "text\n```mermaid\nflowchart LR\n    a\n```\n````json\n```mermaid\n````\n~~~ mermaid\nerDiagram\n~~~\n```\nx\n```"
        let blocks = mermaidBlocks(in: markdown, source: "t")
        #expect(blocks.map(\.text) == ["flowchart LR\n    a", "erDiagram"])
        #expect(blocks.map(\.source) == ["t, block 1 at line 2", "t, block 2 at line 9"])
    }
}
