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
        return [full, index]
    }
}
