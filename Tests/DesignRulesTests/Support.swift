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

/// Findings of one rule alone over a design (no validation settings applied).
func issues(_ ruleID: String, _ design: Design) -> [Issue] {
    guard let rule = Validator.rule(id: ruleID) else { return [Issue(nil, "no rule \(ruleID)")] }
    return rule.check(RuleContext(design: design))
}

func validate(_ design: Design, sourceMap: SourceMap? = nil) -> [Finding] {
    Validator().validate(design, sourceMap: sourceMap)
}
