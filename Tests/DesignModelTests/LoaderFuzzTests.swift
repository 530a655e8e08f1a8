import DesignModel
import ArchbenchTestSupport
import Foundation
import Testing

/// Thousands of random and mutated inputs: each either loads or yields located errors,
/// and none takes long.
@Suite struct LoaderFuzzTests {
    static let fragments = [":", "- ", "  ", "\n", "{", "}", "[", "]", "\"", "'", "#", "&a", "*a", "!!str ", "|", ">", "~",
                            "null", "true", "x_", "name: ", "services:", "- name: a\n", "\t", "%YAML 1.2\n", "---\n", "...\n",
                            "é", "漢", "\u{0}", "\u{FEFF}", "references: a.b", "KIND:", "endpoint:GET /", "999999999999999999999",
                            // Anchors, aliases and tags, which the loader refuses before composing.
                            "&b [lol, lol, lol]", "*b", "x_l: &l [*b, *b, *b, *b]\n", "[*l, *l, *l, *l, *l]", "? *a\n",
                            "!!int ", "!!binary ", "!custom ", "! ", "!<tag:yaml.org,2002:str> ", "%TAG !e! tag:e.com,2000:\n",
                            // Control characters, raw and as YAML escapes.
                            "\u{1B}", "\u{7}", "\u{9B}", "\u{7F}", "\"\\e]0;t\\a\"", "\"\\x9b2J\"", "\"\\e]52;c;eA==\\a\"",
                            "-5", "0s", "250ms", "-1"]

    static func mutate(_ text: String, using rng: inout SplitMix) -> String {
        var scalars = Array(text.unicodeScalars)
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            guard !scalars.isEmpty else { break }
            let position = Int.random(in: 0..<scalars.count, using: &rng)
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: scalars.remove(at: position)
            case 1: scalars.insert(contentsOf: fragments.randomElement(using: &rng)!.unicodeScalars, at: position)
            case 2:
                let end = min(scalars.count, position + Int.random(in: 1...80, using: &rng))
                scalars.removeSubrange(position..<end)
            case 3:
                let other = Int.random(in: 0..<scalars.count, using: &rng)
                scalars.swapAt(position, other)
            default:
                let end = min(scalars.count, position + Int.random(in: 1...120, using: &rng))
                scalars.insert(contentsOf: scalars[position..<end], at: Int.random(in: 0..<scalars.count, using: &rng))
            }
        }
        var result = ""
        result.unicodeScalars.append(contentsOf: scalars)
        return result
    }

    static func random(using rng: inout SplitMix) -> String {
        (0..<Int.random(in: 0...40, using: &rng)).map { _ in fragments.randomElement(using: &rng)! }.joined()
    }

    /// 3,000 inputs in every run; `ARCHBENCH_FUZZ_INPUTS=100000 swift test --filter LoaderFuzzTests`
    /// is the long run (the count is in the README).
    static let inputCount = ProcessInfo.processInfo.environment["ARCHBENCH_FUZZ_INPUTS"].flatMap(Int.init) ?? 3000

    @Test func mutatedAndRandomInputsNeverCrashOrHang() throws {
        let seeds = [Shared.shopText, BundledExample.yaml]
        var rng = SplitMix(seed: 20261125)
        var loaded = 0, rejected = 0
        for round in 0..<Self.inputCount {
            let input = round % 4 == 3 ? Self.random(using: &rng) : Self.mutate(seeds[round % 2], using: &rng)
            let start = Date()
            do {
                let result = try DesignLoader.load(yaml: input, file: "fuzz.yaml")
                _ = CanonicalWriter.yaml(for: result.design)
                loaded += 1
            } catch {
                rejected += 1
                #expect(!error.diagnostics.isEmpty)
                for diagnostic in error.diagnostics {
                    #expect(diagnostic.location.line >= 1 && diagnostic.location.column >= 1)
                    #expect(diagnostic.description.hasPrefix("fuzz.yaml:"))
                    #expect(!diagnostic.message.isEmpty)
                }
            }
            #expect(Date().timeIntervalSince(start) < 2, "round \(round) took too long")
        }
        #expect(loaded > 0 && rejected > 0)
        print("loader fuzz: \(Self.inputCount) inputs, \(loaded) loaded, \(rejected) refused with located errors")
    }

    /// What loads must also save and load again to the same design.
    @Test func whatLoadsRoundTrips() throws {
        var rng = SplitMix(seed: 7)
        for _ in 0..<500 {
            let input = Self.mutate(Shared.shopText, using: &rng)
            guard let design = try? DesignLoader.load(yaml: input).design else { continue }
            let saved = CanonicalWriter.yaml(for: design)
            let again = try DesignLoader.load(yaml: saved).design
            #expect(again == design)
            #expect(CanonicalWriter.yaml(for: again) == saved)
        }
    }
}
