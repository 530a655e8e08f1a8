import ArchbenchTestSupport
@testable import DesignModel
import Foundation
import Testing

/// A large design is composed in parts at once on the cores (`ChunkedComposition`): the tree, and
/// for a file with a problem every message, must be exactly what one pass over the text gives.
@Suite struct ChunkedCompositionTests {
    static var examples: [(name: String, text: String)] {
        [("bundled", BundledExample.yaml), ("shop", (try? Fixture.text("shop.design.yaml")) ?? "")]
    }

    @Test(arguments: [2, 3, 4, 7, 16])
    func theExamplesAreCutAndComposeToTheSameTree(parts: Int) throws {
        for example in Self.examples {
            #expect(!example.text.isEmpty)
            let whole = PlainYAML.compose(example.text, file: "x.yaml", parts: 1)
            let root = try #require(whole.root)
            var text = example.text
            let cut = text.withUTF8 { ChunkedComposition.compose($0, file: "x.yaml", parts: parts) }
            // The cut was made (no fallback to one pass), into as many parts as asked.
            let composed = try #require(cut, "\(example.name) was not cut")
            #expect(Bool(composed.root == root), "\(example.name) in \(parts) parts")
            let candidates = try #require(text.withUTF8 { ChunkedComposition.cutCandidates($0) })
            #expect(ChunkedComposition.choose(parts - 1, from: candidates, size: example.text.utf8.count).count == parts - 1)
        }
    }

    @Test func cutsAreAtTopLevelKeysAndAtItemsOfTopLevelLists() throws {
        let text = """
        # yaml-language-server: $schema=x
        archbench: 1
        title: T
        services:
          - name: a
            calls:
              - to: b
          - name: b

        endpoints:
        - method: GET
        - method: PUT
        notes: |
          - not an item
        """
        var bytes = text
        let cuts = try #require(bytes.withUTF8 { ChunkedComposition.cutCandidates($0) })
        #expect(cuts.map(\.line) == [2, 3, 7, 9, 11, 12])
        #expect(cuts.map(\.continuesList) == [false, false, true, false, true, false])
    }

    @Test func textsLibyamlCountsLinesOfDifferentlyAreNeverCut() {
        for text in ["a: 1\r\nb: 2\n", "\u{FEFF}a: 1\nb: 2\n", "a: 1\nb: x\u{85}y\nc: 3\n", "a: 1\nb: x\u{2028}y\nc: 3\n",
                     "%YAML 1.1\n---\na: 1\nb: 2\n", "a: 1\n---\nb: 2\n", "a: 1\n...\nb: 2\n", "- a\n- b\n", "\"a\": 1\nb: 2\n"] {
            var bytes = text
            #expect(bytes.withUTF8 { ChunkedComposition.cutCandidates($0) } == nil, "\(text.debugDescription)")
        }
    }

    /// Lines that make a cut read differently from one pass, or make a file wrong, put at random
    /// places of the examples: the composition in parts always equals one pass, messages included.
    @Test func randomlySpoiledTextsComposeAsInOnePass() {
        let spoilers = [
            "  summary: \"an open quote", "x: [1,", "  - {a: 1,", "y: 'single", "notes: |+", "notes: >-", "", "   ",
            "- item at column 0", "  - item", "dup: 1", "dup: 2", "\tz: tab", "z: &anchor 1", "q: *anchor", "t: !!str 1",
            "\"quoted\": 1", "? complex", "  # a comment", "# a comment", "k:", "  ]", "  }", "w: \"", "  continued\"",
            "v: |2", "    - deep", "title: again", "archbench: 2", "key: value # trailing", "a:b", "  -", "-",
        ]
        // Lines that leave the file readable but change what the lines after them are.
        let readable = ["", "   ", "# a comment", "  # a comment", "notes: |+", "notes: >-", "key: value # trailing",
                        "x_extra:", "x_list:", "  - x", "x_text: |", "  indented text", "x_folded: >2"]
        var random = SplitMix(seed: 0xC0FFEE)
        var cutAndEqual = 0
        for round in 0..<160 {
            let example = Self.examples[round % Self.examples.count].text
            var lines = example.components(separatedBy: "\n")
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let place = Int.random(in: 0...lines.count, using: &random)
                let pool = round.isMultiple(of: 2) ? readable : spoilers
                lines.insert(pool.randomElement(using: &random)!, at: place)
            }
            let text = lines.joined(separator: "\n")
            let whole = PlainYAML.compose(text, file: "f.yaml", parts: 1)
            for parts in [2, 5] {
                let composed = PlainYAML.compose(text, file: "f.yaml", parts: parts)
                #expect(Bool(composed.root == whole.root), "round \(round), \(parts) parts")
                #expect(composed.diagnostics == whole.diagnostics, "round \(round), \(parts) parts")
                var bytes = text
                if bytes.withUTF8({ ChunkedComposition.compose($0, file: "f.yaml", parts: parts) }) != nil { cutAndEqual += 1 }
            }
        }
        // Many spoiled files were read in parts: the comparison covered trees composed so, not only
        // the fallback to one pass.
        #expect(cutAndEqual > 25)
    }

    @Test func keptTrailingLinesOfABlockTextAtACutAreKept() {
        let text = "a: |+\n  x\n\n\nb: 1\nc:\n  - |+\n    y\n\n  - 2\n"
        let whole = PlainYAML.compose(text, file: nil, parts: 1)
        #expect(PlainYAML.compose(text, file: nil, parts: 3) == whole)
        #expect(whole.root != nil)
    }

    @Test func aKeyWrittenTwiceInDifferentPartsIsReportedAsInOnePass() throws {
        let text = "archbench: 1\ntitle: a\nendpoints:\n  - a\n  - b\ntitle: b\n"
        let composed = PlainYAML.compose(text, file: "f.yaml", parts: 4)
        #expect(composed.root == nil)
        #expect(composed.diagnostics.map(\.description) == ["f.yaml:6:1: duplicate key 'title'; it is already at line 2, column 1"])
    }
}
