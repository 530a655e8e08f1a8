import DesignModel
@testable import DesignRules
import Testing

@Suite struct RuleTests {
    @Test func cleanDesignHasNoFindings() {
        let findings = validate(Clean.design())
        #expect(findings.isEmpty, "\(findings.map(\.description))")
    }

    @Test(arguments: ruleCases)
    func firesOnBadAndStaysQuietOnGood(_ testCase: RuleCase) {
        let bad = issues(testCase.id, testCase.design(testCase.bad))
        #expect(!bad.isEmpty, "\(testCase.id) did not fire on its bad case")
        if let element = testCase.element {
            #expect(bad.contains { $0.element == element }, "\(testCase.id) reported \(bad.map { $0.element?.description ?? "-" })")
        }
        let good = issues(testCase.id, testCase.design(testCase.good))
        #expect(good.isEmpty, "\(testCase.id) fired on its good case: \(good.map(\.message))")
    }

    /// Every rule but the validator-level one has a case above.
    @Test func everyRuleHasACase() {
        let covered = Set(ruleCases.map(\.id))
        let missing = Validator.allRules.map(\.id).filter { !covered.contains($0) && $0 != "ref-unused-ignore" }
        #expect(missing.isEmpty, "rules without a test case: \(missing)")
        #expect(Validator.allRules.count >= 45)
    }

    @Test func ruleMetadataIsWellFormed() {
        let prefixes = ["api-", "sec-", "db-", "arch-", "scale-", "doc-", "ref-"]
        var seen: Set<String> = []
        for rule in Validator.allRules {
            #expect(seen.insert(rule.id).inserted, "duplicate id \(rule.id)")
            #expect(prefixes.contains { rule.id.hasPrefix($0) }, "\(rule.id) has no category prefix")
            #expect(rule.id.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }, "\(rule.id) is not kebab-case")
            #expect(!rule.title.isEmpty && !rule.title.contains("\n"), "\(rule.id) title")
            #expect(rule.explanation.count > 80 && rule.explanation.contains("Fix"), "\(rule.id) explanation lacks reason or fix")
            #expect(rule.category != nil)
        }
    }
}
