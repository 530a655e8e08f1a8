import DesignModel
@testable import DesignRules
import ArchbenchTestSupport
import Foundation

/// Paths to fixtures.
enum Paths {
    static let testsFolder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
    static let repositoryRoot = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
    static let shop = Fixture.shopPath
    static func fixture(_ name: String) -> String { testsFolder.appendingPathComponent("Fixtures/\(name)").path }
}

/// Findings of one rule alone over a design (no validation settings applied), except for
/// `ref-unused-ignore`: only the validator knows which findings an ignore entry silenced, so that
/// rule's findings are the validator's.
func issues(_ ruleID: String, _ design: Design) -> [Issue] {
    guard let rule = Validator.rule(id: ruleID) else { return [Issue(nil, "no rule \(ruleID)")] }
    if ruleID == Validator.unusedIgnoreID {
        return validate(design).filter { $0.ruleID == ruleID }.map { Issue($0.element, $0.message) }
    }
    return rule.check(RuleContext(design: design))
}

func validate(_ design: Design, sourceMap: SourceMap? = nil) -> [Finding] {
    Validator().validate(design, sourceMap: sourceMap)
}
