#if canImport(Glibc)
import Glibc
#endif
import DesignModel
import DesignRules
import Foundation

/// `archbench diff` of two versions of the large design 200 random edits apart: the diff in
/// the process, and the whole process of the real binary (both loads, the diff, the rules, the text).
enum DiffBenchmarks {
    static func run(design: Design, folder: URL) throws -> [Measurement] {
        var generator = SeededGenerator(seed: 18)
        let edited = randomlyEdited(design, edits: 200, using: &generator)
        let oldPath = folder.appendingPathComponent("diff-old.design.yaml").path
        let newPath = folder.appendingPathComponent("diff-new.design.yaml").path
        try DesignFile.save(design, to: oldPath)
        try DesignFile.save(edited, to: newPath)
        let loadedNew = try DesignLoader.load(contentsOf: newPath)
        let loadedOld = try DesignLoader.load(contentsOf: oldPath).design
        var diff: DesignDiff?
        var results = [measure("diff: 200 edits apart, in process (no loads)", target: 100) {
            diff = DesignDiff(old: loadedOld, new: loadedNew.design, newSourceMap: loadedNew.sourceMap)
        }]
        // What the workbench does after each edit while `:diff` is on: the base is kept as nodes.
        let baseNode = Schemas.design.node(loadedOld)
        results.append(measure("diff after an edit, :diff on (base kept)", target: 100) {
            diff = DesignDiff(old: loadedOld, new: loadedNew.design, newSourceMap: loadedNew.sourceMap, oldNode: baseNode)
        })
        if let diff {
            print("diff of the large design, 200 random edits: \(diff.designChanges.count) changes "
                + "(\(ChangeClass.allCases.map { "\(diff.count($0)) \($0.rawValue)" }.joined(separator: ", ")))")
        }
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("archbench").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            print("archbench diff through the binary".padding(toLength: 44, withPad: " ", startingAt: 0)
                + " skipped: build the archbench product next to archbench-bench")
            return results
        }
        var status: Int32 = 0
        var whole = measure("archbench diff OLD NEW (whole process)", target: 300) {
            status = HostileInputBenchmarks.spawn(binary, ["diff", oldPath, newPath])
        }
        if status != 0 { whole.target = 0 }
        results.append(whole)
        return results
    }

    /// `edits` changes of the kinds a design review sees, each keeping every reference valid:
    /// endpoint summaries, paths (a rename that rewrites references), params made required,
    /// response examples, column types and nullability, new columns and endpoints, table sizes,
    /// event delivery, call styles.
    static func randomlyEdited(_ design: Design, edits: Int, using generator: inout SeededGenerator) -> Design {
        var design = design
        for n in 0..<edits {
            switch Int.random(in: 0..<10, using: &generator) {
            case 0:
                let e = Int.random(in: 0..<design.endpoints.count, using: &generator)
                design.endpoints[e].summary = "Edited summary \(n)"
            case 1:
                let e = Int.random(in: 0..<design.endpoints.count, using: &generator)
                let old = design.endpoints[e]
                try? design.perform(.rename(.endpoint(old.name), to: "\(old.method.rawValue) \(old.path)-v\(n)"))
            case 2:
                let e = Int.random(in: 0..<design.endpoints.count, using: &generator)
                design.endpoints[e].params.append(Param(name: "filter_\(n)", location: .query, type: "string", required: n % 2 == 0))
            case 3:
                let e = Int.random(in: 0..<design.endpoints.count, using: &generator)
                if !design.endpoints[e].responses.isEmpty {
                    design.endpoints[e].responses[0].example = "{\"id\": \"\(n)\"}\n"
                }
            case 4:
                let t = Int.random(in: 0..<design.tables.count, using: &generator)
                let c = Int.random(in: 1..<design.tables[t].columns.count, using: &generator)
                design.tables[t].columns[c].type = "bigint"
            case 5:
                let t = Int.random(in: 0..<design.tables.count, using: &generator)
                let c = Int.random(in: 1..<design.tables[t].columns.count, using: &generator)
                design.tables[t].columns[c].nullable = false
            case 6:
                let t = Int.random(in: 0..<design.tables.count, using: &generator)
                design.tables[t].columns.append(Column(name: "added_\(n)", type: "text"))
            case 7:
                let t = Int.random(in: 0..<design.tables.count, using: &generator)
                design.tables[t].estimatedRows = Int.random(in: 0..<100_000_000, using: &generator)
            case 8:
                let v = Int.random(in: 0..<design.events.count, using: &generator)
                design.events[v].delivery = .atMostOnce
            default:
                let s = Int.random(in: 0..<design.services.count, using: &generator)
                let service = design.services[s]
                design.endpoints.append(Endpoint(method: .GET, path: "/v1/new-\(n)", service: service.name, summary: "New \(n)",
                                                 auth: "bearer", rateLimit: "user"))
            }
        }
        return design
    }
}

/// A small deterministic generator (SplitMix64), so every run edits the same way.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
