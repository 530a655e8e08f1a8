import DesignModel
@testable import DesignRules
import Foundation

/// Paths to fixtures and to the shared context folder beside the repository.
enum Paths {
    static let testsFolder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
    static let repositoryRoot = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
    static let shop = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/examples/shop.design.yaml").path
    static func fixture(_ name: String) -> String { testsFolder.appendingPathComponent("Fixtures/\(name)").path }
}

/// Findings of one rule alone over a design (no validation settings applied).
func issues(_ ruleID: String, _ design: Design) -> [Issue] {
    guard let rule = Validator.rule(id: ruleID) else { return [Issue(nil, "no rule \(ruleID)")] }
    return rule.check(RuleContext(design: design))
}

func validate(_ design: Design, sourceMap: SourceMap? = nil) -> [Finding] {
    Validator().validate(design, sourceMap: sourceMap)
}
