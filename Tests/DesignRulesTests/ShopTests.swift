import DesignModel
@testable import DesignRules
import Testing

@Suite struct ShopTests {
    @Test func shopHasNoErrorLevelFinding() throws {
        let loaded = try DesignLoader.load(contentsOf: Paths.shop)
        let findings = validate(loaded.design, sourceMap: loaded.sourceMap)
        for finding in findings { print(finding) }
        #expect(!findings.contains { $0.severity == .error })
    }
}
