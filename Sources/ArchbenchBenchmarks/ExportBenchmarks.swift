import DesignExport
import DesignModel
import DesignRules

/// Markdown export of the large design: the whole document, with the validator's findings
/// listed (their computation is the validator's cost, measured apart from the export).
enum ExportBenchmarks {
    static func run(design: Design) -> [Measurement] {
        let findings = Validator().validate(design)
        let export = measure("export Markdown (whole document)", target: 100) {
            _ = MarkdownExporter.document(for: design, findings: findings)
        }
        return [export]
    }
}
