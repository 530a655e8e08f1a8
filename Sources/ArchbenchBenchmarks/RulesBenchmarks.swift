import DesignModel
import DesignRules

/// Validation of the large design: an edit must revalidate (and redraw) within one 16 ms frame.
enum RulesBenchmarks {
    static func run(path: String) throws -> [Measurement] {
        // Validate the design as loaded from its file, so that findings carry locations as in the workbench.
        let loaded = try DesignLoader.load(contentsOf: path)
        let validator = Validator()
        let report = validator.report(loaded.design, sourceMap: loaded.sourceMap)
        print("validation: \(Validator.allRules.count) rules, \(report.findings.count) findings on the large design")
        let full = measure("validate (all rules, index, per-element)", runs: 21, target: 10) {
            _ = validator.report(loaded.design, sourceMap: loaded.sourceMap)
        }
        return [full]
    }
}
