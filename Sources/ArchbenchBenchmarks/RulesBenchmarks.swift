import DesignModel
import DesignRules
import Foundation

/// Validation of the large design: an edit must revalidate (and redraw) within one 16 ms frame.
enum RulesBenchmarks {
    static func run(path: String) throws -> [Measurement] {
        // Validate the design as loaded from its file, so that findings carry locations as in the workbench.
        let loaded = try DesignLoader.load(contentsOf: path)
        let validator = Validator()
        // The first run scans every example and name; later runs find them in the memo, as the
        // workbench does after an edit. Cold only when no group before this one validated.
        let start = DispatchTime.now().uptimeNanoseconds
        let report = validator.report(loaded.design, sourceMap: loaded.sourceMap)
        let first = Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
        print("validation: \(Validator.allRules.count) rules, \(report.findings.count) findings on the large design; "
            + String(format: "the first run %.1f ms", first))
        let full = measure("validate (all rules, index, per-element)", runs: 21, target: 10) {
            _ = validator.report(loaded.design, sourceMap: loaded.sourceMap)
        }
        // What the workbench runs after an edit: the incremental validator, warm from the run
        // before, given the design with one endpoint's summary changed (the index is reused and
        // the endpoint rules check that endpoint alone) and with one endpoint's response added
        // (the index is built again; the endpoint rules still check that endpoint alone).
        var incremental = IncrementalValidator()
        _ = incremental.report(loaded.design, sourceMap: loaded.sourceMap)
        var edited = loaded.design
        let middle = edited.endpoints.count / 2
        var flip = false
        let summaryEdit = measure("revalidate after an edit (summary, incremental)", runs: 21, target: 5) {
            flip.toggle()
            edited.endpoints[middle].summary = flip ? "An edited summary" : "The summary edited again"
            _ = incremental.report(edited, sourceMap: loaded.sourceMap)
        }
        let summaryRun = incremental.lastRun
        let responseEdit = measure("revalidate after an edit (response, incremental)", runs: 21, target: 5) {
            flip.toggle()
            if flip { edited.endpoints[middle].responses.append(Response(status: 409, description: "Conflict.")) } else {
                edited.endpoints[middle].responses.removeLast()
            }
            _ = incremental.report(edited, sourceMap: loaded.sourceMap)
        }
        let responseRun = incremental.lastRun
        precondition(incremental.report(edited, sourceMap: loaded.sourceMap).findings
                     == validator.report(edited, sourceMap: loaded.sourceMap).findings, "incremental findings differ from a full run")
        for (what, run) in [("summary", summaryRun), ("response", responseRun)] {
            print("incremental after a \(what) edit: \(run.reused) rules reused, \(run.perElement) checked for \(run.elementsChecked) endpoint, "
                + "\(run.full) run in full; index \(run.indexReused ? "reused" : "built again")")
        }

        // Where the time goes: the lookups every rule shares, then the slowest rules one by one.
        let index = measure("validate: build the index", runs: 11, target: 10) { _ = DesignIndex(loaded.design) }
        let context = RuleContext(design: loaded.design)
        var perRule: [(id: String, ms: Double)] = []
        for rule in Validator.allRules {
            let m = measure(rule.id, runs: 3, target: 10) { _ = rule.check(context) }
            perRule.append((rule.id, m.medianMilliseconds))
        }
        perRule.sort { $0.ms > $1.ms }
        let total = perRule.reduce(0) { $0 + $1.ms }
        print(String(format: "validation, one core: %.1f ms in the rules; slowest:", total))
        for (id, ms) in perRule.prefix(15) { print(String(format: "  %-40@ %6.2f ms", id as NSString, ms)) }
        return [full, summaryEdit, responseEdit, index]
    }
}
