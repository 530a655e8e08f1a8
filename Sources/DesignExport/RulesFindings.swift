import DesignModel
import DesignRules

extension ExportFinding {
    /// A validator finding as the document lists it.
    public init(_ finding: Finding) {
        self.init(ruleID: finding.ruleID, severity: finding.severity, message: finding.message,
                  element: finding.element, location: finding.location)
    }
}
